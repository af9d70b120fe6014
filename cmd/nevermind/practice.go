package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/app"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// runPractice: `practice --headless` stores an attempt from files.
func runPractice(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("practice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	headless := fs.Bool("headless", false, "no window: store an attempt from existing files and print its report")
	qid := fs.Int64("question", 0, "question ID (from `nevermind bank list`)")
	audio := fs.String("audio", "", "the answer's audio (WAV, or the app's .weba)")
	videoFile := fs.String("video", "", "the answer's video (WebM, AVI, MP4, MOV, MKV)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	lang := fs.String("lang", "", "spoken language and message language: ko or en (default: the question's)")
	model := fs.String("model", "", "whisper model name or .bin path (default: the best installed)")
	reanalyze := fs.Int64("reanalyze", 0, "analyse a stored attempt again (after an upgrade, or once a speech model is installed)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *reanalyze != 0 {
		return runReanalyze(*reanalyze, *lang, *model, *asJSON, stdout, stderr)
	}
	if !*headless {
		fmt.Fprintln(stderr, "nevermind practice: only --headless is available on the command line; open the app to practise with the camera")
		return 2
	}
	if *qid == 0 || (*audio == "" && *videoFile == "") {
		fmt.Fprintln(stderr, "nevermind practice --headless: give --question ID and --audio FILE.wav (and/or --video FILE)")
		return 2
	}
	ctx, stop := interruptible()
	defer stop()
	dir, st, err := app.OpenData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	q, err := st.Question(ctx, *qid)
	if err != nil {
		return fail(stderr, fmt.Errorf("question %d: %w (list them with `nevermind bank list`)", *qid, err))
	}
	l := *lang
	if l == "" {
		l = string(q.Language)
	}
	p, closeP := newPipeline(pipelineOptions{lang: l, model: *model, quiet: *asJSON}, stderr)
	defer closeP()
	svc := practice.NewService(dir, st, p)
	var progress func(string, float64)
	if isTerminal(stderr) {
		last := time.Now()
		progress = func(c string, d float64) {
			if time.Since(last) > 200*time.Millisecond {
				last = time.Now()
				fmt.Fprintf(stderr, "\ranalysing: %s %3.0f%%  ", c, 100*d)
			}
		}
		defer fmt.Fprint(stderr, "\r\033[K")
	}
	rep, err := svc.ImportAttempt(ctx, *qid, *audio, *videoFile, progress)
	if err != nil {
		return fail(stderr, err)
	}
	view := rep.Result.Feedback.In(i18n.ParseLang(l))
	if *asJSON {
		out := struct {
			AttemptID int64             `json:"attempt_id"`
			Question  string            `json:"question"`
			Status    string            `json:"status"`
			Skipped   map[string]string `json:"skipped"`
			analysis.Report
			feedback.View
		}{rep.Attempt.ID, q.Text, string(rep.Attempt.Status), rep.Result.Skipped, rep.Result.Report, view}
		if err := printJSON(stdout, out); err != nil {
			return fail(stderr, err)
		}
		return 0
	}
	fmt.Fprintf(stdout, "Attempt %d at question %d: %s\n", rep.Attempt.ID, q.ID, q.Text)
	for c, why := range rep.Result.Skipped {
		fmt.Fprintf(stdout, "  (%s skipped: %s)\n", c, why)
	}
	printFeedback(stdout, view)
	return 0
}

// runRecords lists the stored attempts with their scores.
func runRecords(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("records", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 50, "how many, newest first")
	convert := fs.Bool("convert", false, "rewrite the answers kept as WAV and MJPEG AVI as Opus and VP8 WebM (each original deleted once its copy reads back whole)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *convert {
		return runConvert(stdout, stderr)
	}
	return withStore(stderr, func(ctx context.Context, s *store.Store) error {
		// Listing only reads: answers an older version scored are
		// scored again by the app at start or by `nevermind rescore`.
		if old, err := s.FeedbackOlderThan(ctx, feedback.Version); err == nil && len(old) > 0 {
			fmt.Fprintf(stderr, "nevermind: %s an older version's scores; `nevermind rescore` (or opening the app) scores them again\n",
				i18n.Count(len(old), "answer carries", "answers carry"))
		}
		recs, err := s.AttemptRecords(ctx, *limit)
		if err != nil {
			return err
		}
		if *asJSON {
			type rec struct {
				AttemptID  int64               `json:"attempt_id"`
				StartedAt  time.Time           `json:"started_at"`
				Status     string              `json:"status"`
				DurationS  float64             `json:"duration_s"`
				QuestionID int64               `json:"question_id"`
				Question   string              `json:"question"`
				Scores     map[string]*float64 `json:"scores"`
			}
			out := []rec{}
			for _, r := range recs {
				out = append(out, rec{r.Attempt.ID, r.Attempt.StartedAt, string(r.Attempt.Status), r.Attempt.Duration.Seconds(), r.Question.ID, r.Question.Text, r.Scores})
			}
			prog, err := practice.Records(ctx, s, time.Now())
			if err != nil {
				return err
			}
			return printJSON(stdout, struct {
				Attempts []rec `json:"attempts"`
				practice.Progress
			}{out, prog})
		}
		if len(recs) == 0 {
			fmt.Fprintln(stdout, "No attempts yet. Record one in the app, or import one with `nevermind practice --headless`.")
			return nil
		}
		prog, err := practice.Records(ctx, s, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d attempts on %d days; streak %d day(s).\n", prog.Attempts, prog.Practised, prog.Streak)
		if c := prog.Comparison; c != nil {
			fmt.Fprintln(stdout, c.Text.EN)
		}
		for _, m := range practice.TrendMetrics {
			pts := prog.Trends[m]
			if len(pts) < 2 {
				continue
			}
			var vs []string
			for _, p := range pts {
				vs = append(vs, fmt.Sprintf("%.3g", p.Value))
			}
			fmt.Fprintf(stdout, "  %-26s %s\n", m, strings.Join(vs, " → "))
		}
		fmt.Fprintln(stdout)
		for _, r := range recs {
			var sc []string
			for _, d := range feedback.Dimensions {
				if v, ok := r.Scores[d]; ok && v != nil {
					sc = append(sc, fmt.Sprintf("%s %.0f", d, *v))
				}
			}
			fmt.Fprintf(stdout, "%4d  %s  %-11s %5.1fs  %s\n      %s\n", r.Attempt.ID, r.Attempt.StartedAt.Local().Format("2006-01-02 15:04"),
				r.Attempt.Status, r.Attempt.Duration.Seconds(), r.Question.Text, strings.Join(sc, " · "))
		}
		return nil
	})
}

// runReanalyze analyses a stored attempt's files again and replaces its
// report.
func runReanalyze(id int64, lang, model string, asJSON bool, stdout, stderr io.Writer) int {
	ctx, stop := interruptible()
	defer stop()
	dir, st, err := app.OpenData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	q, err := st.AttemptQuestion(ctx, id)
	if err != nil {
		return fail(stderr, err)
	}
	if lang == "" {
		lang = string(q.Language)
	}
	p, closeP := newPipeline(pipelineOptions{lang: lang, model: model, quiet: asJSON}, stderr)
	defer closeP()
	svc := practice.NewService(dir, st, p)
	rep, err := svc.Reanalyze(ctx, id, nil)
	if err != nil {
		return fail(stderr, err)
	}
	view := rep.Result.Feedback.In(i18n.ParseLang(lang))
	if asJSON {
		return exitOf(stderr, printJSON(stdout, struct {
			AttemptID int64 `json:"attempt_id"`
			analysis.Report
			feedback.View
		}{id, rep.Result.Report, view}))
	}
	fmt.Fprintf(stdout, "Attempt %d analysed again: %s\n", id, q.Text)
	printFeedback(stdout, view)
	return 0
}

// runConvert converts the answers kept in the old format, with progress.
func runConvert(stdout, stderr io.Writer) int {
	return withApp(stderr, func(ctx context.Context, a *app.App) error {
		old, size, err := a.Practice.OldRecordings(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s in the old format (%.1f MB).\n", i18n.Count(len(old), "answer", "answers"), float64(size)/1e6)
		res, err := a.Practice.ConvertOld(ctx, func(done, total int) {
			fmt.Fprintf(stderr, "\rconverting %d/%d", done, total)
		})
		if len(old) > 0 {
			fmt.Fprintln(stderr)
		}
		fmt.Fprintf(stdout, "Converted %s: %.1f MB became %.1f MB.\n", i18n.Count(res.Converted, "answer", "answers"), float64(res.Before)/1e6, float64(res.After)/1e6)
		if res.Failed > 0 {
			fmt.Fprintf(stdout, "%s left as before: %v\n", i18n.Count(res.Failed, "answer", "answers"), res.FirstErr)
		}
		if err == nil && res.Failed > 0 {
			err = res.FirstErr
		}
		return err
	})
}

// runRescore scores again, from their stored measurements, the answers an
// older version scored (the app does it at start).
func runRescore(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rescore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	return withApp(stderr, func(ctx context.Context, a *app.App) error {
		n, err := a.Rescore(ctx)
		fmt.Fprintf(stdout, "Scored %s again with this version's scoring.\n", i18n.Count(n, "answer", "answers"))
		return err
	})
}
