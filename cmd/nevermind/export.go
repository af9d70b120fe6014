package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"nevermind/internal/app"
	"nevermind/internal/export"
)

func readPassphrase(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := readSmallFile(path, 4096) // a passphrase, not a document
	if err != nil {
		return "", fmt.Errorf("passphrase file: %w", err)
	}
	p := strings.TrimRight(string(b), "\r\n")
	if p == "" {
		return "", errors.New("the passphrase file is empty")
	}
	return p, nil
}

func runExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the archive to write (put it in a cloud folder to sync it)")
	noMedia := fs.Bool("no-media", false, "leave the recordings out (much smaller)")
	passFile := fs.String("passphrase-file", "", "encrypt with the passphrase in this file (age)")
	force := fs.Bool("force", false, "replace the file if it exists")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "nevermind export: --out FILE is required")
		return 2
	}
	pass, err := readPassphrase(*passFile)
	if err != nil {
		return fail(stderr, err)
	}
	ctx, stop := interruptible()
	defer stop()
	dir, st, err := app.OpenData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	m, err := export.Export(ctx, st, dir, *out, export.Options{NoMedia: *noMedia, Passphrase: pass, Force: *force})
	if ctx.Err() != nil {
		return fail(stderr, fmt.Errorf("the export was interrupted; %s was not written", *out))
	}
	if err != nil {
		return fail(stderr, err)
	}
	var size int64
	for _, f := range m.Files {
		size += f.Size
	}
	enc := "not encrypted"
	if pass != "" {
		enc = "encrypted"
	}
	fmt.Fprintf(stdout, "Wrote %s (%s): %d attempts, %d files, %.1f MB before compression.\n", *out, enc, m.Rows["attempt"], len(m.Files), float64(size)/1e6)
	return 0
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	passFile := fs.String("passphrase-file", "", "the passphrase of an encrypted archive")
	// Allow the archive before or after the flags.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" {
		fmt.Fprintln(stderr, "nevermind import: give the archive: nevermind import FILE [--passphrase-file F]")
		return 2
	}
	pass, err := readPassphrase(*passFile)
	if err != nil {
		return fail(stderr, err)
	}
	ctx, stop := interruptible()
	defer stop()
	dir, st, err := app.OpenData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	if left, err := export.CleanInterrupted(ctx, st, dir); !left.Empty() || err != nil {
		reportLeftovers(stderr, left, err)
	}
	res, err := export.Import(ctx, st, dir, file, pass)
	if ctx.Err() != nil {
		return fail(stderr, fmt.Errorf("the import of %s was interrupted; nothing changed", filepath.Base(file)))
	}
	if err != nil {
		return fail(stderr, fmt.Errorf("%s was not imported, nothing changed: %w", filepath.Base(file), err))
	}
	printImport(stdout, filepath.Base(file), res)
	return 0
}

// reportLeftovers says what an interrupted import had left and was removed.
func reportLeftovers(w io.Writer, left export.Leftovers, err error) {
	if !left.Empty() {
		fmt.Fprintf(w, "nevermind: %s\n", left)
		for _, m := range left.Media {
			fmt.Fprintf(w, "  removed %s\n", m)
		}
	}
	if err != nil {
		fmt.Fprintf(w, "nevermind: could not remove everything an interrupted import left: %v\n", err)
	}
}

// printImport says exactly what an import did: rows added and already
// there, recordings added, renamed, skipped, and what was refused.
func printImport(w io.Writer, name string, res export.Result) {
	count := func(m map[string]int) string {
		var parts []string
		for t, n := range m {
			if n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", t, n))
			}
		}
		sort.Strings(parts)
		if len(parts) == 0 {
			return "none"
		}
		return strings.Join(parts, ", ")
	}
	if res.Nothing() {
		fmt.Fprintf(w, "Everything in %s was already here; nothing added.\n", name)
	} else {
		fmt.Fprintf(w, "Imported from %s.\n", name)
	}
	fmt.Fprintf(w, "Rows added:          %s\n", count(res.Stats.Added))
	fmt.Fprintf(w, "Rows already here:   %s\n", count(res.Stats.Skipped))
	if len(res.Stats.Orphans) > 0 {
		fmt.Fprintf(w, "Rows left out:       %s (what they belong to is not in the archive)\n", count(res.Stats.Orphans))
	}
	fmt.Fprintf(w, "Recordings added:    %d\n", len(res.Added))
	for from, to := range res.Renamed {
		fmt.Fprintf(w, "  %s stored as %s (another file had its name)\n", from, to)
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(w, "Recordings skipped:  %d (already here, or their answer was)\n", len(res.Skipped))
	}
	if len(res.Stats.DroppedSettings) > 0 {
		fmt.Fprintf(w, "Settings not taken:  %s (only the language is imported; never addresses, devices or models)\n", strings.Join(res.Stats.DroppedSettings, ", "))
	}
	for _, r := range res.Refused {
		fmt.Fprintf(w, "Refused:             %s\n", r)
	}
}
