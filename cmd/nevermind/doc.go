package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"nevermind/internal/document"
)

// runDoc: `doc FILE` prints the text the app reads from a document (a
// 자기소개서 or job description as DOCX, HWPX or text), to check it.
func runDoc(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("doc", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON: the format, the encoding of plain text, the text")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: nevermind doc FILE [--json]")
		return 2
	}
	d, err := document.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "nevermind doc:", err)
		switch {
		case errors.Is(err, document.ErrDistribution):
			fmt.Fprintln(stderr, "A distribution-only (배포용) document can only be viewed: open the original, or copy the text you can see and paste it.")
		case errors.Is(err, document.ErrNoTextLayer):
			fmt.Fprintln(stderr, "The PDF is a scan: find the original document, or type or paste the text.")
		case errors.Is(err, document.ErrEncrypted):
			fmt.Fprintln(stderr, "Remove the password (save an unprotected copy) and try again.")
		}
		return 1
	}
	if *asJSON {
		printJSON(stdout, d)
		return 0
	}
	fmt.Fprintln(stdout, d.Text)
	return 0
}
