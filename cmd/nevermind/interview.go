package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"nevermind/internal/app"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// runInterview: `interview --headless --answers DIR` runs a mock interview
// from recorded answers (a1.wav answers the self-introduction, a2.wav the
// next question, …) and prints its review.
func runInterview(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("interview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	headless := fs.Bool("headless", false, "no window: answer from files and print the review")
	answers := fs.String("answers", "", "the folder of answers, one WAV per question in order: a1.wav (the self-introduction), a2.wav, … (a1.avi or .mp4 beside one adds its video)")
	n := fs.Int("n", practice.DefaultInterviewQuestions, fmt.Sprintf("questions after the self-introduction, the last a closing question (%d-%d)", practice.MinInterviewQuestions, practice.MaxInterviewQuestions))
	lang := fs.String("lang", "ko", "the interview's language: ko or en")
	model := fs.String("model", "", "whisper model name or .bin path (default: the best installed)")
	asJSON := fs.Bool("json", false, "print the review as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !*headless || *answers == "" {
		fmt.Fprintln(stderr, "nevermind interview: give --headless --answers DIR (open the app for a spoken mock interview)")
		return 2
	}
	if *n < practice.MinInterviewQuestions || *n > practice.MaxInterviewQuestions {
		fmt.Fprintf(stderr, "nevermind interview: --n must be %d to %d\n", practice.MinInterviewQuestions, practice.MaxInterviewQuestions)
		return 2
	}
	l := store.Language(*lang)
	if l != store.Korean && l != store.English {
		fmt.Fprintln(stderr, "nevermind interview: --lang must be ko or en")
		return 2
	}
	if fi, err := os.Stat(*answers); err != nil || !fi.IsDir() {
		return fail(stderr, fmt.Errorf("%s is not a folder of answers", *answers))
	}
	ctx, stop := interruptible()
	defer stop()
	dir, st, err := app.OpenData(ctx)
	if err != nil {
		return fail(stderr, err)
	}
	defer st.Close()
	p, closeP := newPipeline(pipelineOptions{lang: *lang, model: *model, quiet: *asJSON}, stderr)
	defer closeP()
	svc := practice.NewService(dir, st, p)
	sess, sqs, qs, err := svc.StartInterview(ctx, l, *n, 0, time.Now())
	if err != nil {
		return fail(stderr, err)
	}
	if !*asJSON {
		fmt.Fprintf(stdout, "Interviewer: %s\n", practice.Greeting(l))
	}
	for i, sq := range sqs {
		audio := filepath.Join(*answers, fmt.Sprintf("a%d.wav", i+1))
		if _, err := os.Stat(audio); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "nevermind: no %s: the interview ends after %d of %d answers\n", filepath.Base(audio), i, len(sqs))
			break
		}
		var videoFile string
		for _, ext := range []string{".avi", ".mp4", ".mov", ".mkv", ".webm"} {
			if v := filepath.Join(*answers, fmt.Sprintf("a%d%s", i+1, ext)); fileExists(v) {
				videoFile = v
				break
			}
		}
		if !*asJSON {
			fmt.Fprintf(stdout, "Interviewer (%d/%d): %s\n", i+1, len(sqs), qs[i].Text)
		}
		rep, err := svc.ImportAnswer(ctx, sq, audio, videoFile, nil)
		if err != nil {
			svc.FinishSession(ctx, sess.ID)
			return fail(stderr, fmt.Errorf("answer %d (%s): %w", i+1, filepath.Base(audio), err))
		}
		if !*asJSON {
			fmt.Fprintf(stdout, "  answered in %.0f s\n", rep.Attempt.Duration.Seconds())
		}
	}
	if err := svc.FinishSession(ctx, sess.ID); err != nil {
		return fail(stderr, err)
	}
	rev, err := svc.Review(ctx, sess.ID, i18n.ParseLang(*lang))
	if err != nil {
		return fail(stderr, err)
	}
	if *asJSON {
		if err := printJSON(stdout, rev); err != nil {
			return fail(stderr, err)
		}
		return 0
	}
	fmt.Fprintf(stdout, "Interviewer: %s\n\n", practice.Farewell(l))
	printReview(stdout, rev)
	return 0
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// printReview prints an interview's review.
func printReview(w io.Writer, r practice.SessionReview) {
	fmt.Fprintf(w, "Review of the interview (%d of %d questions answered)\n", r.Answered, len(r.Answers))
	for _, a := range r.Answers {
		overall := "  -"
		if a.Overall != nil {
			overall = fmt.Sprintf("%3.0f", *a.Overall)
		}
		mark := ""
		switch a.Position {
		case r.Strongest:
			mark = "  (strongest)"
		case r.Weakest:
			mark = "  (weakest)"
		}
		fmt.Fprintf(w, "%2d. %s%s\n", a.Position, a.Question, mark)
		if a.AttemptID == 0 {
			fmt.Fprintln(w, "    not answered")
			continue
		}
		fmt.Fprintf(w, "    overall %s, %.0f s (target %d-%d s)\n", overall, a.DurationS, a.TargetS[0], a.TargetS[1])
		if a.Fix != "" {
			at := ""
			if a.FixAt >= 0 {
				at = fmt.Sprintf(" at %d:%02d", int(a.FixAt)/60, int(a.FixAt)%60)
			}
			fmt.Fprintf(w, "    to fix%s: %s\n", at, a.Fix)
		}
	}
	if len(r.Recurring) > 0 {
		fmt.Fprintln(w, "\nAcross the interview:")
		for _, c := range r.Recurring {
			fmt.Fprintf(w, "  - %s\n", c.Text)
		}
	}
	if len(r.Next) > 0 {
		fmt.Fprintln(w, "\nNext time:")
		for _, s := range r.Next {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}
}
