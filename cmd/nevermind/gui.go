//go:build gui

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"

	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/doctor"
	"nevermind/internal/engines"
	"nevermind/internal/fonts"
	"nevermind/internal/i18n"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
	"nevermind/internal/ui"
)

// systemLang is the UI language before the database can say which the
// user chose: English when the system's language is, Korean otherwise.
func systemLang() i18n.Lang {
	for _, v := range []string{os.Getenv("LANGUAGE"), os.Getenv("LC_ALL"), os.Getenv("LC_MESSAGES"), os.Getenv("LANG")} {
		if v != "" {
			if strings.HasPrefix(v, "en") {
				return i18n.EN
			}
			return i18n.KO
		}
	}
	return i18n.KO
}

// errEnginesLoading: the analysis engines are still loading.
var errEnginesLoading = ui.ErrLoading

func runGUI(stderr io.Writer) int {
	if err := ui.CheckDisplay(); err != nil {
		return fail(stderr, err)
	}
	ctx := context.Background()
	dir, s, err := openData(ctx)
	if err != nil {
		// Said on the terminal and in a window: a double-clicked app has
		// no terminal.
		fail(stderr, err)
		var font *fonts.Face
		if f, ferr := fonts.Find(appdata.BundleRoots()); ferr == nil {
			font = &f
		}
		ui.RunProblem(systemLang(), font, err)
		return 1
	}
	defer s.Close()
	// Recordings a crash cut short are repaired and their attempts marked
	// interrupted before anything else.
	if rec, err := practice.RecoverInterrupted(ctx, dir, s); err != nil {
		fmt.Fprintln(stderr, "nevermind:", err)
	} else {
		printRecovered(stderr, rec.Recordings)
	}
	d := ui.Deps{
		Bank:   s,
		Doctor: func(ctx context.Context) doctor.Report { return doctor.Run(ctx, doctor.Options{DataRoot: dir.Root}) },
		Lang:   i18n.KO,
		SaveLang: func(l i18n.Lang) error {
			return s.SetLanguage(context.Background(), store.Language(l))
		},
	}
	if set, err := s.Settings(ctx); err == nil && set.Language == store.English {
		d.Lang = i18n.EN
	}
	svc := &practice.Service{Dir: dir, Store: s}
	d.Store, d.Practice, d.DataDir = s, svc, dir
	d.Devices = func() (capture.AudioSource, capture.VideoSource, error) {
		if svc.Pipeline == nil {
			return nil, nil, errEnginesLoading
		}
		set, err := s.Settings(context.Background())
		if err != nil {
			return nil, nil, err
		}
		var cam capture.VideoSource
		if len(capture.Cameras()) > 0 {
			cam = capture.OpenCamera(set.Camera)
		}
		return capture.OpenMic(set.Mic), cam, nil
	}
	d.LLM = func(ctx context.Context) coach.LLM {
		if o, _ := resolveLLM(ctx, s, "", ""); o != nil {
			return o
		}
		return nil
	}
	// The analysis engines (speech model, vision models) load in the
	// background once the window is up, so the first screen gets the
	// processor to itself.
	// The speech model: the user's choice, else the one that fits this
	// machine, else the best installed; Settings reopens it after a change.
	var closeSpeech func()
	speechModel := func() string {
		set, _ := s.Settings(context.Background())
		var fit *models.Fit
		if f, err := decodeFit(set.SpeechFit); err == nil {
			fit = &f
		}
		return engines.SpeechModelFor(set.SpeechModel, fit, "auto")
	}
	d.SpeechChanged = func() {
		go func() {
			sp, err := engines.OpenSpeech("auto", speechModel(), 0, nil)
			fyne.Do(func() {
				if svc.Pipeline == nil {
					if err == nil {
						sp.Close() // the engines are still loading and will open it
					}
					return
				}
				// A copy, so that an answer being analysed keeps the
				// pipeline it started with.
				p := *svc.Pipeline
				if err != nil {
					p.Transcribe, p.TranscribePart, p.NoTranscript = nil, nil, advice(err)
				} else {
					p.Transcribe, p.TranscribePart, p.NoTranscript = sp.Transcribe, sp.TranscribePart, ""
				}
				svc.Pipeline = &p
				if closeSpeech != nil {
					closeSpeech()
				}
				closeSpeech = nil
				if err == nil {
					closeSpeech = sp.Close
				}
			})
		}()
	}
	d.MeasureFit = func(ctx context.Context) (models.Fit, error) { return measureFit(ctx, s) }
	d.Started = func() {
		go func() {
			p, _ := newPipeline(pipelineOptions{lang: "auto", quiet: true, noSpeech: true}, io.Discard)
			sp, err := engines.OpenSpeech("auto", speechModel(), 0, nil)
			if err != nil {
				p.NoTranscript = advice(err)
			} else {
				p.Transcribe, p.TranscribePart = sp.Transcribe, sp.TranscribePart
			}
			fyne.Do(func() {
				svc.Pipeline = p
				if err == nil {
					closeSpeech = sp.Close
				}
			})
			// First run: measure which speech model fits this machine
			// (a few seconds, after the engines have loaded).
			if set, err := s.Settings(context.Background()); err == nil && set.SpeechFit == "" {
				if _, err := measureFit(context.Background(), s); err != nil {
					fmt.Fprintln(stderr, "nevermind: measuring the speech models:", err)
				}
			}
		}()
		// Answers an older version scored are scored again from their
		// measurements; the screens refresh on the store's notifications.
		go func() {
			if _, err := svc.Rescore(context.Background()); err != nil {
				fmt.Fprintln(stderr, "nevermind: scoring old answers again:", err)
			}
		}()
	}
	if f, err := fonts.Find(appdata.BundleRoots()); err == nil {
		d.Font = &f
	} else {
		fmt.Fprintln(stderr, "nevermind: Korean text may not show:", err, "(install fonts-nanum or run `make deps`)")
	}
	ui.Run(d)
	return 0
}

// decodeFit reads a stored measurement (store.Settings.SpeechFit).
func decodeFit(s string) (models.Fit, error) {
	var f models.Fit
	if s == "" {
		return f, errors.New("not measured")
	}
	err := json.Unmarshal([]byte(s), &f)
	return f, err
}
