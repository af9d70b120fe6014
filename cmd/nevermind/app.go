package main

import (
	"context"
	"fmt"
	"io"

	"nevermind/internal/appdata"
	"nevermind/internal/bank"
	"nevermind/internal/store"
)

func dataRoot() (string, error) { return appdata.DefaultRoot() }

// openData prepares the data folder and database, seeding the question bank.
func openData(ctx context.Context) (appdata.Dir, *store.Store, error) {
	dir, err := appdata.Open()
	if err != nil {
		return dir, nil, err
	}
	s, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		return dir, nil, err
	}
	if _, err := bank.Seed(ctx, s); err != nil {
		s.Close()
		return dir, nil, err
	}
	return dir, s, nil
}

func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "nevermind:", err)
	return 1
}
