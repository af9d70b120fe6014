package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"nevermind/internal/app"
	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

func dataRoot() (string, error) { return appdata.DefaultRoot() }

// withStore opens the data folder and database, runs fn, closes them and
// returns the exit code.
func withStore(stderr io.Writer, fn func(ctx context.Context, s *store.Store) error) int {
	ctx := context.Background()
	_, s, err := app.OpenData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer s.Close()
	if err := fn(ctx, s); err != nil {
		return fail(stderr, err)
	}
	return 0
}

// withApp runs fn with the app opened (openApp) and stopped by Ctrl-C,
// and returns the exit code.
func withApp(stderr io.Writer, fn func(ctx context.Context, a *app.App) error) int {
	ctx, stop := interruptible()
	defer stop()
	a, err := openApp(ctx, stderr)
	if err != nil {
		return fail(stderr, err)
	}
	defer a.Close()
	return exitOf(stderr, fn(ctx, a))
}

// openApp opens the data folder through app.Open (recordings a crash cut
// short repaired first, and said), for a command that records or writes
// scores; the caller closes it.
func openApp(ctx context.Context, stderr io.Writer) (*app.App, error) {
	a, err := app.Open(ctx)
	if err != nil {
		return nil, err
	}
	printRecovery(stderr, a)
	return a, nil
}

// printRecovery says what app.Open repaired of recordings a crash cut
// short, and what it removed of interrupted imports.
func printRecovery(stderr io.Writer, a *app.App) {
	if !a.Leftovers.Empty() || a.LeftoversErr != nil {
		reportLeftovers(stderr, a.Leftovers, a.LeftoversErr)
	}
	if a.RecoverErr != nil {
		fmt.Fprintln(stderr, "nevermind:", a.RecoverErr)
		return
	}
	printRecovered(stderr, a.Recovered.Recordings)
}

func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "nevermind:", err)
	return 1
}

// printJSON writes v as indented JSON, the form of every --json output.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// interruptible is the context of a command that Ctrl-C or a
// termination request cancels (what was done so far is kept or cleaned
// up by the command).
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
