package practice

import (
	"context"
	"fmt"
	"math"
	"time"

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
	Last     float64 `json:"last"`
	Mean     float64 `json:"mean_of_previous"`
	Previous int     `json:"previous"`
	TextKO   string  `json:"text_ko"`
	TextEN   string  `json:"text_en"`
}

// Records sums up the stored attempts as of today.
func Records(ctx context.Context, st *store.Store, today time.Time) (Progress, error) {
	p := Progress{Trends: map[string][]Point{}}
	recs, err := st.AttemptRecords(ctx, 10000)
	if err != nil {
		return p, err
	}
	p.Attempts = len(recs)
	days := map[string]bool{}
	todayKey := today.Local().Format("2006-01-02")
	for _, r := range recs {
		d := r.Attempt.StartedAt.Local().Format("2006-01-02")
		days[d] = true
		if d == todayKey {
			p.Today++
		}
	}
	p.Practised = len(days)
	d := today.Local()
	if !days[todayKey] {
		d = d.AddDate(0, 0, -1) // today not yet practised: the streak still counts to yesterday
	}
	for days[d.Format("2006-01-02")] {
		p.Streak++
		d = d.AddDate(0, 0, -1)
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
	if ov := p.Trends["score:overall"]; len(ov) >= 2 {
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
		switch {
		case math.Abs(diff) < 2:
			c.TextKO = fmt.Sprintf("최근 답변(%.0f점)은 지난 %d번 평균(%.0f점)과 비슷해요.", last, len(prev), mean)
			c.TextEN = fmt.Sprintf("Your latest answer (%.0f) is on a par with your last %d (%.0f on average).", last, len(prev), mean)
		case diff > 0:
			c.TextKO = fmt.Sprintf("최근 답변(%.0f점)이 지난 %d번 평균(%.0f점)보다 %.0f점 높아요.", last, len(prev), mean, diff)
			c.TextEN = fmt.Sprintf("Your latest answer (%.0f) is better than your last %d (%.0f on average) by %.0f points.", last, len(prev), mean, diff)
		default:
			c.TextKO = fmt.Sprintf("최근 답변(%.0f점)은 지난 %d번 평균(%.0f점)보다 %.0f점 낮아요. 한 가지씩 고쳐 가요.", last, len(prev), mean, -diff)
			c.TextEN = fmt.Sprintf("Your latest answer (%.0f) is %.0f points below your last %d (%.0f on average); one thing at a time.", last, -diff, len(prev), mean)
		}
		p.Comparison = c
	}
	return p, nil
}
