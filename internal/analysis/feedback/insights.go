package feedback

// Insight is one line of a report's headline: a dimension, its score, what
// it rests on, and, for a gap, the moment it shows and what to try.
type Insight struct {
	Dim        string
	Score      float64 // -1: no score (a finding outside the scored dimensions)
	Text       string
	At         float64 // the moment to replay; -1: none
	Suggestion string
}

// Insights are what a report leads with: the strongest point, the biggest
// gap with its moment, and the one thing to try next. Strong or Gap is nil
// when there is none.
type Insights struct {
	Strong, Gap *Insight
	Try         string
}

// Insights picks the headline of a report in one language: the best
// measured dimension scoring 70 or more; as the gap, the first major
// finding, else the dimension under 85 that costs the most overall (its
// weight times its shortfall) with its first finding, else the first
// minor finding; and that finding's suggestion.
func (v View) Insights() Insights {
	var out Insights
	best := -1.0
	for _, d := range Parts {
		if s := v.Scores[d]; s != nil && *s >= 70 && *s > best {
			best = *s
			out.Strong = &Insight{Dim: d, Score: *s, Text: v.Reasons[d], At: -1}
		}
	}
	first := func(keep func(ViewFinding) bool) *ViewFinding {
		for i := range v.Findings {
			if keep(v.Findings[i]) {
				return &v.Findings[i]
			}
		}
		return nil
	}
	score := func(d string) float64 {
		if s := v.Scores[d]; s != nil {
			return *s
		}
		return -1
	}
	gap := func(f *ViewFinding) *Insight {
		at := f.Start
		if f.End <= f.Start {
			at = -1 // about the whole answer: no one moment to replay
		}
		return &Insight{Dim: f.Dimension, Score: score(f.Dimension), Text: f.Message, At: at, Suggestion: f.Suggestion}
	}
	if f := first(func(f ViewFinding) bool { return f.Severity == Major }); f != nil {
		out.Gap = gap(f)
	} else {
		worst, cost := "", 0.0
		for _, d := range Parts {
			if s := v.Scores[d]; s != nil && *s < 85 && weights[d]*(100-*s) > cost {
				worst, cost = d, weights[d]*(100-*s)
			}
		}
		if worst != "" {
			// A finding says the direction and the target; the score's
			// reason alone only names the measure.
			if f := first(func(f ViewFinding) bool { return f.Dimension == worst && f.Severity != Info }); f != nil {
				out.Gap = gap(f)
			} else if f := first(func(f ViewFinding) bool { return f.Dimension == worst }); f != nil {
				out.Gap = gap(f)
			} else {
				out.Gap = &Insight{Dim: worst, Score: score(worst), Text: v.Reasons[worst], At: -1}
			}
		} else if f := first(func(f ViewFinding) bool { return f.Severity == Minor }); f != nil {
			out.Gap = gap(f)
		}
	}
	if out.Gap != nil {
		out.Try = out.Gap.Suggestion
		if out.Strong != nil && out.Strong.Dim == out.Gap.Dim {
			out.Strong = nil // one dimension is not both
		}
	}
	return out
}
