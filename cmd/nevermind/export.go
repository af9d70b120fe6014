package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"nevermind/internal/export"
)

func readPassphrase(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
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
	ctx := context.Background()
	dir, st, err := openData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	m, err := export.Export(ctx, st, dir, *out, export.Options{NoMedia: *noMedia, Passphrase: pass})
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
	ctx := context.Background()
	dir, st, err := openData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	res, err := export.Import(ctx, st, dir, file, pass)
	if err != nil {
		return fail(stderr, fmt.Errorf("%s was not imported, nothing changed: %w", filepath.Base(file), err))
	}
	var added []string
	for t, n := range res.Stats.Added {
		added = append(added, fmt.Sprintf("%s %d", t, n))
	}
	sort.Strings(added)
	if len(added) == 0 {
		fmt.Fprintln(stdout, "Everything in the archive was already here; nothing added.")
		return 0
	}
	fmt.Fprintf(stdout, "Imported from %s: %s; %d recordings.\n", filepath.Base(file), strings.Join(added, ", "), res.Media)
	return 0
}
