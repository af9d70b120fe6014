package practice

import (
	"context"
	"strings"

	"nevermind/internal/coach"
	"nevermind/internal/store"
)

// practiceTypes files each kind of generated question under the practice
// type the bank uses.
var practiceTypes = map[coach.Kind]store.PracticeType{
	coach.KindPersonality: store.TypeBasic, coach.KindJob: store.TypeJob,
	coach.KindExperience: store.TypeJob, coach.KindPressure: store.TypeSituational,
}

// KeepGenerated adds generated questions to the bank, with where they came
// from. keep (when not nil) says which to add, and texts (when not nil and
// not blank) replace the questions' wording, as the user edited it. It
// returns how many were added.
func KeepGenerated(ctx context.Context, st *store.Store, g coach.Generated, lang store.Language, keep []bool, texts []string) (int, error) {
	model := g.Model
	if g.Source == "offline" {
		model = "offline"
	}
	n := 0
	for i, q := range g.Questions {
		if keep != nil && i < len(keep) && !keep[i] {
			continue
		}
		if texts != nil && i < len(texts) && strings.TrimSpace(texts[i]) != "" {
			q.Text = strings.TrimSpace(texts[i])
		}
		src := store.FromResume
		if q.Kind == coach.KindJob {
			src = store.FromJD
		}
		if _, err := st.AddGeneratedQuestion(ctx, store.Question{Origin: store.OriginGenerated, PracticeType: practiceTypes[q.Kind], Category: string(q.Kind), Language: lang, Text: q.Text},
			store.Generation{Source: src, Model: model, Rationale: q.Rationale, Difficulty: q.Difficulty}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
