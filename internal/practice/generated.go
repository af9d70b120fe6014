package practice

import (
	"context"
	"errors"
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
// returns the ids of the added questions, in order.
func KeepGenerated(ctx context.Context, st *store.Store, g coach.Generated, lang store.Language, keep []bool, texts []string) ([]int64, error) {
	model := g.Model
	if g.Source == "offline" {
		model = "offline"
	}
	var ids []int64
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
		id, err := st.AddGeneratedQuestion(ctx, store.Question{Origin: store.OriginGenerated, PracticeType: practiceTypes[q.Kind], Category: string(q.Kind), Language: lang, Text: q.Text},
			store.Generation{Source: src, Model: model, Rationale: q.Rationale, Difficulty: q.Difficulty})
		if err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// SaveProfile keeps the resume/자기소개서, the job description and the
// target role, with the profile's other fields as they were (a new profile
// is Korean).
func SaveProfile(ctx context.Context, st *store.Store, resume, jd, role string) error {
	p, err := st.Profile(ctx)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	p.ResumeText, p.JDText, p.TargetRole = resume, jd, role
	if p.Language == "" {
		p.Language = store.Korean
	}
	return st.SaveProfile(ctx, p)
}
