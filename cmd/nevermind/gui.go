package main

import (
	"context"
	"fmt"
	"io"

	"nevermind/internal/doctor"
	"nevermind/internal/fonts"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/ui"
)

// uiLanguageSetting stores the UI language the user picked.
const uiLanguageSetting = "ui.language"

func runGUI(stderr io.Writer) int {
	if err := ui.CheckDisplay(); err != nil {
		return fail(stderr, err)
	}
	ctx := context.Background()
	dir, s, err := openData(ctx)
	if err != nil {
		return fail(stderr, err)
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
			return s.SetSetting(context.Background(), uiLanguageSetting, string(l))
		},
	}
	if v, err := s.Setting(ctx, uiLanguageSetting, string(i18n.KO)); err == nil && v == string(i18n.EN) {
		d.Lang = i18n.EN
	}
	if f, err := fonts.Find(dir.SearchRoots()); err == nil {
		d.Font = &f
	} else {
		fmt.Fprintln(stderr, "nevermind: Korean text may not show:", err, "(install fonts-nanum or run `make deps`)")
	}
	ui.Run(d)
	return 0
}
