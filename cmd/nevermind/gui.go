//go:build gui

package main

import (
	"context"
	"fmt"
	"io"

	"nevermind/internal/app"
	"nevermind/internal/appdata"
	"nevermind/internal/cloudsync"
	"nevermind/internal/doctor"
	"nevermind/internal/fonts"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
	"nevermind/internal/tts"
	"nevermind/internal/ui"
)

func runGUI(stderr io.Writer) int {
	if err := ui.CheckDisplay(); err != nil {
		return fail(stderr, err)
	}
	ctx := context.Background()
	a, err := app.Open(ctx)
	if err != nil {
		// Said on the terminal and in a window: a double-clicked app has
		// no terminal.
		fail(stderr, err)
		var font *fonts.Face
		if f, ferr := fonts.Find(appdata.BundleRoots()); ferr == nil {
			font = &f
		}
		ui.RunProblem(i18n.System(), font, err)
		return 1
	}
	defer a.Close()
	printRecovery(stderr, a)
	a.Log = func(what string, err error) { fmt.Fprintf(stderr, "nevermind: %s: %v\n", what, err) }
	s := a.Store
	// Sync through a cloud folder, when the user turned it on: resumed
	// once the window is up, stopped (a pass under way finished) on quit.
	syncer := cloudsync.NewRunner(s, a.Dir)
	defer syncer.Stop()
	d := ui.Deps{
		Bank:   s,
		Doctor: func(ctx context.Context) doctor.Report { return doctor.Run(ctx, doctor.Options{DataRoot: a.Dir.Root}) },
		Lang:   i18n.System(), // until the user chooses (the welcome offers it)
		SaveLang: func(l i18n.Lang) error {
			return s.SetLanguage(context.Background(), l)
		},
		Store:             s,
		Practice:          a.Practice,
		DataDir:           a.Dir,
		Devices:           a.Devices,
		LLM:               a.LLM,
		SpeechChanged:     func() { go a.ReloadSpeech(context.Background()) },
		MeasureFit:        a.MeasureFit,
		Interviewer:       a.Interviewer(),
		InterviewSettings: a.InterviewSettings,
		Voices: func(ctx context.Context) (map[string][]tts.Voice, error) {
			vs, _, err := a.Voices(ctx)
			return vs, err
		},
		Speak: a.Speak,
		// The engines load, and old answers are scored again, once the
		// window is up, so the first screen gets the processor to itself.
		Started: func() {
			a.Start(context.Background())
			if err := syncer.Start(context.Background()); err != nil {
				fmt.Fprintln(stderr, "nevermind:", err)
			}
		},
		Sync: syncer,
	}
	if set, err := s.Settings(ctx); err == nil && set.Language != "" {
		d.Lang = i18n.EN
		if set.Language == store.Korean {
			d.Lang = i18n.KO
		}
	}
	if f, err := fonts.Find(appdata.BundleRoots()); err == nil {
		d.Font = &f
	} else {
		fmt.Fprintln(stderr, "nevermind: Korean text may not show:", err, "(install fonts-nanum or run `make deps`)")
	}
	ui.Run(d)
	return 0
}
