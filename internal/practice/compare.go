// Two answers to the same question side by side.

package practice

import (
	"context"
	"errors"
	"fmt"
	"math"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

// ErrNotSameQuestion means two answers to compare answer different
// questions.
var ErrNotSameQuestion = errors.New("the two answers are to different questions")

// DimChange is one dimension of two answers: each score (nil: not
// measured) and the change from A to B (nil unless both were).
type DimChange struct {
	Dim    string   `json:"dimension"`
	A      *float64 `json:"a"`
	B      *float64 `json:"b"`
	Change *float64 `json:"change"`
}

// AnswerComparison is two analysed answers to one question: A the earlier, B the
// later. Dims has overall first, then every part; Gone are the findings of
// A whose kind B no longer has, New those of B that A did not have (each
// worded in the language asked for).
type AnswerComparison struct {
	Question store.Question
	A, B     *AttemptReport
	Dims     []DimChange
	Gone     []feedback.ViewFinding
	New      []feedback.ViewFinding
}

// Compare reads two analysed answers to the same question and sets them
// side by side, the earlier as A.
func (s *Service) Compare(ctx context.Context, a, b int64, lang i18n.Lang) (AnswerComparison, error) {
	ra, err := s.StoredReport(ctx, a)
	if err != nil {
		return AnswerComparison{}, err
	}
	rb, err := s.StoredReport(ctx, b)
	if err != nil {
		return AnswerComparison{}, err
	}
	qa, err := s.Store.AttemptQuestion(ctx, a)
	if err != nil {
		return AnswerComparison{}, err
	}
	qb, err := s.Store.AttemptQuestion(ctx, b)
	if err != nil {
		return AnswerComparison{}, err
	}
	if qa.ID != qb.ID {
		return AnswerComparison{}, fmt.Errorf("%w (%d, %d)", ErrNotSameQuestion, a, b)
	}
	if rb.Attempt.StartedAt.Before(ra.Attempt.StartedAt) {
		ra, rb = rb, ra
	}
	c := compareReports(ra.Result.Feedback.In(lang), rb.Result.Feedback.In(lang))
	c.Question, c.A, c.B = qa, ra, rb
	return c, nil
}

// compareReports sets two reports side by side: every dimension's change,
// and the findings (by kind) that went away and that appeared.
func compareReports(a, b feedback.View) AnswerComparison {
	var c AnswerComparison
	for _, d := range feedback.Dimensions {
		dc := DimChange{Dim: d, A: a.Scores[d], B: b.Scores[d]}
		if dc.A != nil && dc.B != nil {
			ch := math.Round(*dc.B) - math.Round(*dc.A) // as the whole scores shown beside it differ
			dc.Change = &ch
		}
		c.Dims = append(c.Dims, dc)
	}
	kinds := func(v feedback.View) map[string]bool {
		out := map[string]bool{}
		for _, f := range v.Findings {
			if f.Severity != feedback.Info {
				out[f.Kind] = true
			}
		}
		return out
	}
	ka, kb := kinds(a), kinds(b)
	seen := map[string]bool{}
	for _, f := range a.Findings {
		if f.Severity != feedback.Info && !kb[f.Kind] && !seen["a"+f.Kind] {
			seen["a"+f.Kind] = true
			c.Gone = append(c.Gone, f)
		}
	}
	for _, f := range b.Findings {
		if f.Severity != feedback.Info && !ka[f.Kind] && !seen["b"+f.Kind] {
			seen["b"+f.Kind] = true
			c.New = append(c.New, f)
		}
	}
	return c
}
