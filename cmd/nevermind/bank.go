package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"nevermind/internal/store"
)

func runBank(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: nevermind bank list|add [flags]")
		return 2
	}
	switch args[0] {
	case "list":
		return bankList(args[1:], stdout, stderr)
	case "add":
		return bankAdd(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "nevermind bank: unknown command %q (use list or add)\n", args[0])
		return 2
	}
}

// bankQuestion is the JSON form of a question in `bank list --json`.
type bankQuestion struct {
	ID       int64  `json:"id"`
	Key      string `json:"key,omitempty"`
	Origin   string `json:"origin"`
	Type     string `json:"type"`
	Category string `json:"category"`
	Lang     string `json:"lang"`
	Text     string `json:"text"`
	Tip      string `json:"tip"`
}

func parseTypeLang(typ, lang string) (store.PracticeType, store.Language, error) {
	t := store.PracticeType(typ)
	if typ != "" && !slices.Contains(store.PracticeTypes, t) {
		return "", "", fmt.Errorf("unknown type %q: use one of %v", typ, store.PracticeTypes)
	}
	l := store.Language(lang)
	if lang != "" && l != store.Korean && l != store.English {
		return "", "", fmt.Errorf("unknown language %q: use ko or en", lang)
	}
	return t, l, nil
}

func bankList(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bank list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	typ := fs.String("type", "", "practice type: basic, job, situational or english")
	lang := fs.String("lang", "", "language: ko or en")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	t, l, err := parseTypeLang(*typ, *lang)
	if err != nil {
		fmt.Fprintln(stderr, "nevermind bank list:", err)
		return 2
	}
	return withStore(stderr, func(ctx context.Context, s *store.Store) error {
		qs, err := s.Questions(ctx, store.QuestionFilter{Type: t, Language: l})
		if err != nil {
			return err
		}
		if *asJSON {
			out := make([]bankQuestion, len(qs))
			for i, q := range qs {
				out[i] = bankQuestion{ID: q.ID, Key: q.BankKey, Origin: string(q.Origin), Type: string(q.PracticeType),
					Category: q.Category, Lang: string(q.Language), Text: q.Text, Tip: q.Tip}
			}
			return printJSON(stdout, out)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTYPE\tCATEGORY\tLANG\tQUESTION")
		for _, q := range qs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", q.ID, q.PracticeType, q.Category, q.Language, q.Text)
		}
		tw.Flush()
		fmt.Fprintf(stdout, "%d questions\n", len(qs))
		return nil
	})
}

func bankAdd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bank add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	typ := fs.String("type", "basic", "practice type: basic, job, situational or english")
	lang := fs.String("lang", "ko", "language: ko or en")
	text := fs.String("text", "", "the question")
	tip := fs.String("tip", "", "a short tip for answering it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	t, l, err := parseTypeLang(*typ, *lang)
	if err != nil || *text == "" {
		if err == nil {
			err = fmt.Errorf("--text is required")
		}
		fmt.Fprintln(stderr, "nevermind bank add:", err)
		return 2
	}
	return withStore(stderr, func(ctx context.Context, s *store.Store) error {
		id, err := s.AddQuestion(ctx, store.Question{PracticeType: t, Language: l, Category: "custom", Text: *text, Tip: *tip})
		if err == nil {
			fmt.Fprintf(stdout, "added question %d\n", id)
		}
		return err
	})
}
