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

// LLMFunc gives the local LLM to use now, or nil (the offline generator
// and rules are used then).
type LLMFunc func(ctx context.Context) coach.LLM

// Documents are the candidate's documents questions are written from.
type Documents struct {
	Resume, JD, Role string
}

// GenerateQuestions writes n personalised questions in lang from docs:
// with the local LLM when llm gives one, else the offline generator
// (coach.Generate). The questions already stored are never suggested
// again; a store that cannot be read is an error, not a guess.
func GenerateQuestions(ctx context.Context, st *store.Store, llm LLMFunc, docs Documents, lang store.Language, n int, progress func(chars int)) (coach.Generated, error) {
	existing, err := st.Questions(ctx, store.QuestionFilter{Language: lang, IncludeHidden: true})
	if err != nil {
		return coach.Generated{}, err
	}
	var texts []string
	for _, q := range existing {
		texts = append(texts, q.Text)
	}
	var l coach.LLM
	if llm != nil {
		l = llm(ctx)
	}
	return coach.Generate(ctx, l, coach.Profile{Resume: docs.Resume, JD: docs.JD, Role: docs.Role, Lang: string(lang)}, n, texts, progress)
}

// KeepGenerated adds generated questions to the bank, with where they came
// from. keep (when not nil) says which to add, and texts (when not nil and
// not blank) replace the questions' wording, as the user edited it. It
// returns the ids of the added questions, in order.
func KeepGenerated(ctx context.Context, st *store.Store, g coach.Generated, lang store.Language, keep []bool, texts []string) ([]int64, error) {
	return KeepGeneratedFor(ctx, st, g, lang, 0, keep, texts)
}

// KeepGeneratedFor is KeepGenerated for an application (an interview in the
// plan; 0 for none): the questions are filed under it.
func KeepGeneratedFor(ctx context.Context, st *store.Store, g coach.Generated, lang store.Language, application int64, keep []bool, texts []string) ([]int64, error) {
	model := g.Model
	if g.Source == coach.SourceOffline {
		model = string(coach.SourceOffline)
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
			store.Generation{Source: src, Model: model, Rationale: q.Rationale, Difficulty: q.Difficulty, ApplicationID: application})
		if err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// SaveApplication keeps an application's documents and role: the
// 자기소개서 version used for it, its job description.
func SaveApplication(ctx context.Context, st *store.Store, id int64, resume, jd, role string) error {
	if err := st.SaveApplicationDocs(ctx, id, resume, jd); err != nil {
		return err
	}
	ivs, err := st.Interviews(ctx)
	if err != nil {
		return err
	}
	for _, iv := range ivs {
		if iv.ID == id && strings.TrimSpace(role) != iv.Role {
			iv.Role = strings.TrimSpace(role)
			return st.UpdateInterview(ctx, iv)
		}
	}
	return nil
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

// ApplicationQuestions are the ids of the questions generated for an
// application, the least practised first (then the oldest), and their
// language: lang when it has questions in lang, else the other language
// (a Korean 자기소개서 gets Korean questions even when the screens are in
// English, and practising them is practising in Korean).
func ApplicationQuestions(ctx context.Context, st *store.Store, application int64, lang store.Language) ([]int64, store.Language, error) {
	ids, err := st.ApplicationQuestionIDs(ctx, application, lang)
	if err != nil || len(ids) > 0 {
		return ids, lang, err
	}
	other := store.English
	if lang == store.English {
		other = store.Korean
	}
	ids, err = st.ApplicationQuestionIDs(ctx, application, other)
	if err != nil || len(ids) == 0 {
		return nil, lang, err
	}
	return ids, other, nil
}
