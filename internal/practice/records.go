package practice

import (
	"context"
	"math"
	"time"

	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

// TrendMetrics are the measures the records follow over time.
var TrendMetrics = []string{"speech.fillers_per_min", "speech.filler_ratio", "speech.syllables_per_min", "voice.syllables_per_min", "voice.long_pauses",
	"face.frontal_ratio", "pose.slouch_ratio", "score:overall", "score:fluency", "score:pace", "score:gaze", "score:posture", "score:content"}

// Point is one value of a trend.
type Point struct {
	AttemptID int64     `json:"attempt_id"`
	At        time.Time `json:"at"`
	Value     float64   `json:"value"`
}

// Progress is the records' summary: the streak, each metric's trend, and
// the latest attempt against the user's own recent past.
type Progress struct {
	Streak     int                `json:"streak_days"`    // consecutive days with practice, up to today (or yesterday)
	Practised  int                `json:"days_practised"` // distinct days
	Attempts   int                `json:"attempts"`
	Today      int                `json:"attempts_today"`
	Trends     map[string][]Point `json:"trends"` // oldest first, the last 20
	Comparison *Comparison        `json:"comparison,omitempty"`
}

// Comparison is the last attempt's overall score against the mean of the
// attempts before it (up to 5).
type Comparison struct {
	Last     float64   `json:"last"`
	Mean     float64   `json:"mean_of_previous"`
	Previous int       `json:"previous"`
	Text     i18n.Text `json:"text"`
}

// midnight is the start of t's day in t's time zone.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Records sums up the stored attempts as of now, in now's time zone, from
// the store's aggregates: the cost does not grow with the history.
func Records(ctx context.Context, st *store.Store, now time.Time) (Progress, error) {
	p := Progress{Trends: map[string][]Point{}}
	loc := now.Location()
	sum, err := st.Summary(ctx, loc)
	if err != nil {
		return p, err
	}
	p.Attempts, p.Practised = sum.Attempts, sum.Days
	if p.Today, err = st.AttemptsSince(ctx, midnight(now)); err != nil {
		return p, err
	}
	if p.Streak, err = streak(ctx, st, now); err != nil {
		return p, err
	}
	for _, m := range TrendMetrics {
		pts, err := st.MetricSeries(ctx, m, 20)
		if err != nil {
			return p, err
		}
		for _, x := range pts {
			p.Trends[m] = append(p.Trends[m], Point{x.AttemptID, x.At, x.Value})
		}
	}
	p.Comparison = compare(p.Trends["score:overall"])
	return p, nil
}

// streak counts the days practised in a row up to today, or up to
// yesterday when today has no practice yet. It reads the days of the last
// few weeks, and further back only while the streak reaches the window.
func streak(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	today := midnight(now)
	for window := 32; ; window *= 4 {
		days, err := st.PracticeDays(ctx, now.Location(), today.AddDate(0, 0, -window))
		if err != nil {
			return 0, err
		}
		n := 0
		d := today
		if len(days) > 0 && days[0] != d.Format(time.DateOnly) {
			d = d.AddDate(0, 0, -1) // today not yet practised: the streak still counts to yesterday
		}
		for _, x := range days {
			if x != d.Format(time.DateOnly) {
				break
			}
			n++
			d = d.AddDate(0, 0, -1)
		}
		if n < window {
			return n, nil
		}
	}
}

// compare words the last overall score against the mean of up to five
// before it.
func compare(ov []Point) *Comparison {
	if len(ov) < 2 {
		return nil
	}
	last := ov[len(ov)-1].Value
	prev := ov[:len(ov)-1]
	if len(prev) > 5 {
		prev = prev[len(prev)-5:]
	}
	var sum float64
	for _, x := range prev {
		sum += x.Value
	}
	mean := sum / float64(len(prev))
	c := &Comparison{Last: last, Mean: math.Round(mean*10) / 10, Previous: len(prev)}
	diff := last - mean
	one := "" // against one answer there is no average
	if len(prev) == 1 {
		one = ".one"
	}
	switch {
	case math.Abs(diff) < 2:
		c.Text = i18n.Tf("records.cmp.same"+one, last, len(prev), mean)
	case diff > 0:
		c.Text = i18n.Tf("records.cmp.up"+one, last, len(prev), mean, diff)
	default:
		c.Text = i18n.Tf("records.cmp.down"+one, last, len(prev), mean, -diff)
	}
	return c
}

// TodayDone counts how many of today's routine questions (ids) have been
// answered since midnight; answers outside the routine do not count.
func TodayDone(ctx context.Context, st *store.Store, now time.Time, ids []int64) (int, error) {
	return st.AnsweredSince(ctx, midnight(now), ids)
}
