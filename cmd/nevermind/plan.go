package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

func runPlan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	date := fs.String("interview-date", "", "add an interview on this day (YYYY-MM-DD)")
	company := fs.String("company", "", "the company of the interview being added")
	role := fs.String("role", "", "the role of the interview being added")
	lang := fs.String("lang", "ko", "question and message language: ko or en")
	todayFlag := fs.String("today", "", "plan as if today were this day (YYYY-MM-DD)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	today := time.Now()
	if *todayFlag != "" {
		t, err := time.Parse("2006-01-02", *todayFlag)
		if err != nil {
			fmt.Fprintln(stderr, "nevermind plan: --today must be YYYY-MM-DD")
			return 2
		}
		today = t
	}
	return withStore(stderr, func(ctx context.Context, s *store.Store) error {
		if *date != "" {
			if _, err := practice.SaveInterview(ctx, s, store.Interview{Company: *company, Role: *role, Date: *date}, i18n.ParseLang(*lang)); err != nil {
				if errors.Is(err, practice.ErrBadDate) {
					return fmt.Errorf("--interview-date %q: use YYYY-MM-DD", *date)
				}
				return err
			}
		}
		p, err := practice.Plan(ctx, s, today, store.Language(*lang))
		if err != nil {
			return err
		}
		if *asJSON {
			type task struct {
				Kind         string  `json:"kind"`
				PracticeType string  `json:"practice_type,omitempty"`
				TargetMetric string  `json:"target_metric,omitempty"`
				QuestionIDs  []int64 `json:"question_ids"`
				Reason       string  `json:"reason"`
				Minutes      int     `json:"minutes"`
			}
			type dayOut struct {
				Date        string `json:"date"`
				DMinus      int    `json:"d_minus"`
				InterviewID int64  `json:"interview_id"`
				Company     string `json:"company"`
				Tasks       []task `json:"tasks"`
			}
			out := struct {
				Today string   `json:"today"`
				Days  []dayOut `json:"days"`
				Notes []string `json:"notes"`
			}{Today: p.Today, Days: []dayOut{}, Notes: []string{}}
			for _, n := range p.Notes {
				out.Notes = append(out.Notes, n.In(i18n.ParseLang(*lang)))
			}
			for _, d := range p.Days {
				do := dayOut{d.Date, d.DMinus, d.InterviewID, d.Company, []task{}}
				for _, t := range d.Tasks {
					do.Tasks = append(do.Tasks, task{t.Kind, t.PracticeType, t.TargetMetric, t.QuestionIDs, t.Reason.In(i18n.ParseLang(*lang)), t.Minutes})
				}
				out.Days = append(out.Days, do)
			}
			return printJSON(stdout, out)
		}
		for _, n := range p.Notes {
			fmt.Fprintln(stdout, n.In(i18n.ParseLang(*lang)))
		}
		unit := "분"
		if *lang == "en" {
			unit = " min"
		}
		for _, d := range p.Days {
			fmt.Fprintf(stdout, "%s  D-%d  %s\n", d.Date, d.DMinus, d.Company)
			for _, t := range d.Tasks {
				fmt.Fprintf(stdout, "    %-8s %2d%s  %v  %s\n", t.Kind, t.Minutes, unit, t.QuestionIDs, t.Reason.In(i18n.ParseLang(*lang)))
			}
		}
		return nil
	})
}
