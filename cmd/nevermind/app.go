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

// withStore opens the data folder and database, runs fn, closes them and
// returns the exit code.
func withStore(stderr io.Writer, fn func(ctx context.Context, s *store.Store) error) int {
	ctx := context.Background()
	_, s, err := openData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer s.Close()
	if err := fn(ctx, s); err != nil {
		return fail(stderr, err)
	}
	return 0
}

func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "nevermind:", err)
	return 1
}
