package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/app"
	"nevermind/internal/coach"
	"nevermind/internal/document"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// maxDocument is the most text of a resume or job description read.
const maxDocument = 200_000

// maxTranscript is the largest transcript or report JSON read (a long
// answer's report with its tracks is a few MB).
const maxTranscript = 64 << 20

func readDoc(path, what string) (string, error) {
	if path == "" {
		return "", nil
	}
	d, err := document.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if len(d.Text) > maxDocument {
		return "", fmt.Errorf("%s %s is over %d KB of text; paste the relevant part (up to about 12,000 characters are used)", what, path, maxDocument/1000)
	}
	return d.Text, nil
}

func runQuestions(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("questions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	resume := fs.String("resume", "", "resume / 자기소개서 (HWP, HWPX, DOCX, PDF, or text in UTF-8, UTF-16 or EUC-KR)")
	jd := fs.String("jd", "", "job description (HWP, HWPX, DOCX, PDF, or text in UTF-8, UTF-16 or EUC-KR)")
	application := fs.Int64("application", 0, "with --save: the application (interview id, see `plan --json`) to file the questions and the documents under")
	role := fs.String("role", "", "target role, if the JD does not say")
	lang := fs.String("lang", "ko", "question language: ko or en")
	n := fs.Int("n", 10, "how many questions")
	asJSON := fs.Bool("json", false, "print JSON")
	host := fs.String("ollama-host", "", "Ollama address (default: the setting, OLLAMA_HOST, or 127.0.0.1:11434)")
	model := fs.String("model", "", "Ollama model (default: the setting, or the best installed)")
	save := fs.Bool("save", false, "add the questions to the question bank")
	timeout := fs.Duration("timeout", coach.DefaultBudget, "how long the local LLM may take, retry included")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if (*lang != "ko" && *lang != "en") || *n < 1 || *n > 50 {
		fmt.Fprintln(stderr, "nevermind questions: --lang ko|en, --n 1..50")
		return 2
	}
	r, err := readDoc(*resume, "resume")
	if err != nil {
		return fail(stderr, err)
	}
	j, err := readDoc(*jd, "job description")
	if err != nil {
		return fail(stderr, err)
	}
	ctx, stop := interruptible()
	defer stop()
	_, st, err := app.OpenData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	existing, err := st.Questions(ctx, store.QuestionFilter{Language: store.Language(*lang), IncludeHidden: true})
	if err != nil {
		return fail(stderr, err)
	}
	var texts []string
	for _, q := range existing {
		texts = append(texts, q.Text)
	}
	var llm coach.LLM
	o, llmErr := app.ResolveLLM(ctx, st, *host, *model)
	if llmErr == nil {
		o.Timeout = *timeout
		llm = o
		if !*asJSON {
			fmt.Fprintf(stderr, "nevermind: writing questions with %s…\n", o.Name())
		}
	}
	var progress func(int)
	if isTerminal(stderr) {
		progress = func(c int) { fmt.Fprintf(stderr, "\rreceived %d characters ", c) }
		defer fmt.Fprint(stderr, "\r\033[K")
	}
	g, err := coach.Generate(ctx, llm, coach.Profile{Resume: r, JD: j, Role: *role, Lang: *lang}, *n, texts, progress)
	if err != nil {
		return fail(stderr, err)
	}
	if errors.Is(g.Why, coach.ErrNoLLM) && llmErr != nil {
		g.Note = advice(llmErr)
	}
	if *save {
		if *application != 0 {
			if err := practice.SaveApplication(ctx, st, *application, r, j, *role); err != nil {
				return fail(stderr, err)
			}
		}
		if _, err := practice.KeepGeneratedFor(ctx, st, g, store.Language(*lang), *application, nil, nil); err != nil {
			return fail(stderr, err)
		}
	}
	if *asJSON {
		if err := printJSON(stdout, g); err != nil {
			return fail(stderr, err)
		}
		return 0
	}
	if g.Source == coach.SourceOffline {
		fmt.Fprintf(stdout, "Written by the offline generator (%s).\n\n", g.Note)
	} else if g.ToppedUp > 0 {
		fmt.Fprintf(stdout, "Written by %s (%s).\n\n", g.Model, g.Note)
	} else {
		fmt.Fprintf(stdout, "Written by %s.\n\n", g.Model)
	}
	for i, q := range g.Questions {
		label := string(q.Kind)
		if *lang == "ko" {
			label = q.Kind.KO()
		}
		fmt.Fprintf(stdout, "%2d. [%s · %s] %s\n    %s\n", i+1, label, strings.Repeat("★", q.Difficulty), q.Text, q.Rationale)
	}
	if *save {
		fmt.Fprintf(stdout, "\n%d questions added to the question bank.\n", len(g.Questions))
	}
	return 0
}

func runEvaluate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	question := fs.String("question", "", "the question that was answered")
	transcript := fs.String("transcript", "", "the answer's transcript (JSON from `analyze --json`, or a text file)")
	resume := fs.String("resume", "", "resume / 자기소개서 (text file)")
	jd := fs.String("jd", "", "job description (text file)")
	lang := fs.String("lang", "", "ko or en (default: the transcript's)")
	asJSON := fs.Bool("json", false, "print JSON")
	followups := fs.Int("followups", 2, "follow-up questions (꼬리질문) to write")
	host := fs.String("ollama-host", "", "Ollama address")
	model := fs.String("model", "", "Ollama model")
	noLLM := fs.Bool("no-llm", false, "rules only, even when Ollama is running")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *question == "" || *transcript == "" {
		fmt.Fprintln(stderr, "nevermind evaluate: give --question TEXT and --transcript FILE")
		return 2
	}
	a := coach.Answer{Question: *question, Lang: *lang}
	if strings.HasSuffix(strings.ToLower(*transcript), ".json") {
		t, err := loadAnyTranscript(*transcript)
		if err != nil {
			return fail(stderr, err)
		}
		a.Text = t.Text
		if a.Lang == "" {
			a.Lang = t.Language
		}
		if n := len(t.Segments); n > 0 {
			a.DurationS = t.Segments[n-1].End - t.Segments[0].Start
		}
	} else {
		txt, err := readDoc(*transcript, "transcript")
		if err != nil {
			return fail(stderr, err)
		}
		a.Text = txt
	}
	var err error
	if a.Resume, err = readDoc(*resume, "resume"); err != nil {
		return fail(stderr, err)
	}
	if a.JD, err = readDoc(*jd, "job description"); err != nil {
		return fail(stderr, err)
	}
	if a.Lang == "" {
		a.Lang = "ko"
		if !i18n.HasHangul(a.Text) {
			a.Lang = "en"
		}
	}
	ctx, stop := interruptible()
	defer stop()
	var llm coach.LLM
	note := "rules only (--no-llm)"
	if !*noLLM {
		var st *store.Store
		if _, s, err := app.OpenData(ctx); err == nil {
			st = s
			defer s.Close()
		}
		if o, err := app.ResolveLLM(ctx, st, *host, *model); err == nil {
			llm = o
		} else {
			note = advice(err)
		}
	}
	t0 := time.Now()
	e, err := coach.Evaluate(ctx, llm, a, nil)
	if err != nil {
		return fail(stderr, err)
	}
	if e.Source == "rules" && e.Note == "" {
		e.Note = note
	}
	var fus []string
	fuSource := ""
	if *followups > 0 {
		fus, fuSource, _ = coach.FollowUps(ctx, llm, a, *followups, nil)
	}
	if *asJSON {
		return exitOf(stderr, printJSON(stdout, struct {
			coach.Evaluation
			FollowUps       []string `json:"follow_ups"`
			FollowUpsSource string   `json:"follow_ups_source,omitempty"`
			ElapsedMS       int64    `json:"elapsed_ms"`
		}{e, fus, fuSource, time.Since(t0).Milliseconds()}))
	}
	fmt.Fprintf(stdout, "Content score %.0f (%s", e.Score, e.Source)
	if e.Note != "" {
		fmt.Fprintf(stdout, "; %s", e.Note)
	}
	fmt.Fprintln(stdout, ")")
	for _, p := range e.Points {
		mark := "✓"
		if !p.OK {
			mark = "·"
		}
		fmt.Fprintf(stdout, "  %s %-15s %s", mark, p.Aspect, p.Note)
		if p.Quote != "" {
			fmt.Fprintf(stdout, "  “%s”", p.Quote)
		}
		fmt.Fprintf(stdout, "  [%s]\n", p.Source)
	}
	if len(fus) > 0 {
		fmt.Fprintf(stdout, "Follow-up questions (%s):\n", fuSource)
		for _, q := range fus {
			fmt.Fprintln(stdout, "  - "+q)
		}
	}
	return 0
}

func exitOf(stderr io.Writer, err error) int {
	if err != nil {
		return fail(stderr, err)
	}
	return 0
}

// loadAnyTranscript reads a transcript JSON ({text, language, segments})
// or a whole `analyze --json` report that holds one.
func loadAnyTranscript(path string) (analysis.Transcript, error) {
	b, err := readSmallFile(path, maxTranscript)
	if err != nil {
		return analysis.Transcript{}, err
	}
	var doc struct {
		analysis.Transcript
		Inner *analysis.Transcript `json:"transcript"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return analysis.Transcript{}, fmt.Errorf("%s: not a transcript JSON: %w", path, err)
	}
	t := doc.Transcript
	if doc.Inner != nil {
		t = *doc.Inner
	}
	if strings.TrimSpace(t.Text) == "" {
		return t, fmt.Errorf("%s: the transcript has no text", path)
	}
	return t, nil
}
