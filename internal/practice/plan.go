package practice

import (
	"context"
	"time"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/plan"
	"nevermind/internal/store"
)

// Plan makes the D-Day routine as of now: the interviews, the question
// pool in lang and the history, read from the store's aggregates (per
// question, the last week's days, the recent scores), so its cost does not
// grow with the number of stored answers.
func Plan(ctx context.Context, st *store.Store, now time.Time, lang store.Language) (plan.Plan, error) {
	ivs, err := st.Interviews(ctx)
	if err != nil {
		return plan.Plan{}, err
	}
	var in []plan.Interview
	for _, iv := range ivs {
		d, err := time.Parse(time.DateOnly, iv.Date)
		if err != nil {
			continue
		}
		in = append(in, plan.Interview{ID: iv.ID, Company: iv.Company, Role: iv.Role, Date: d})
	}
	qs, err := st.Questions(ctx, store.QuestionFilter{Language: lang})
	if err != nil {
		return plan.Plan{}, err
	}
	pool := plan.Pool{}
	for _, q := range qs {
		pool[string(q.PracticeType)] = append(pool[string(q.PracticeType)], q.ID)
	}
	h := plan.History{Questions: map[int64]plan.QuestionStat{}, Dimensions: map[string]float64{}, Practised: map[string]bool{}, Again: map[int64]time.Time{}, Owner: map[int64]int64{}}
	for _, iv := range ivs {
		own, err := st.Questions(ctx, store.QuestionFilter{Language: lang, Application: iv.ID})
		if err != nil {
			return plan.Plan{}, err
		}
		for _, q := range own {
			h.Owner[q.ID] = iv.ID
		}
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return plan.Plan{}, err
	}
	for _, a := range set.Again {
		if d, err := time.ParseInLocation(time.DateOnly, a.Due, now.Location()); err == nil {
			h.Again[a.QuestionID] = d
		}
	}
	// The history as of midnight: today's answers do not change today's
	// routine (which would make "today 3 / 3 done" read 0 / 3).
	stats, err := st.QuestionStatsBefore(ctx, midnight(now))
	if err != nil {
		return plan.Plan{}, err
	}
	for id, s := range stats {
		qs := plan.QuestionStat{Attempts: s.Attempts, Last: s.Last, Score: -1}
		if s.Score != nil {
			qs.Score = *s.Score
		}
		h.Questions[id] = qs
	}
	sum, err := st.Summary(ctx, now.Location())
	if err != nil {
		return plan.Plan{}, err
	}
	h.First = sum.First
	days, err := st.PracticeDays(ctx, now.Location(), midnight(now).AddDate(0, 0, -7))
	if err != nil {
		return plan.Plan{}, err
	}
	for _, d := range days {
		h.Practised[d] = true
	}
	for _, d := range feedback.Parts { // all but overall
		pts, err := st.MetricSeriesBefore(ctx, "score:"+d, 5, midnight(now))
		if err != nil {
			return plan.Plan{}, err
		}
		if len(pts) == 0 {
			continue
		}
		var sum float64
		for _, p := range pts {
			sum += p.Value
		}
		h.Dimensions[d] = sum / float64(len(pts))
	}
	return plan.Make(now, in, pool, h), nil
}

// PractiseAgain puts a question in tomorrow's routine (as of now), the
// plan a mock interview's review makes.
func PractiseAgain(ctx context.Context, st *store.Store, questionID int64, now time.Time) error {
	return st.AddAgain(ctx, questionID, midnight(now).AddDate(0, 0, 1).Format(time.DateOnly))
}
