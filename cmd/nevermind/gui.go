package main

import (
	"context"
	"fmt"
	"io"

	"nevermind/internal/doctor"
	"nevermind/internal/fonts"
	"nevermind/internal/i18n"
	"nevermind/internal/ui"
)

func runGUI(stderr io.Writer) int {
	ctx := context.Background()
	dir, s, err := openData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer s.Close()
	d := ui.Deps{
		Bank:   s,
		Doctor: func(ctx context.Context) doctor.Report { return doctor.Run(ctx, doctor.Options{DataRoot: dir.Root}) },
		Lang:   i18n.KO,
	}
	if p, err := s.Profile(ctx); err == nil && p.Language == "en" {
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
