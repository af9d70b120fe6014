// Practice sessions: which questions, in which order, and follow-ups.

package practice

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"time"

	"nevermind/internal/coach"
	"nevermind/internal/store"
)

// StartSession opens a session of practice type t with n questions in
// lang, from the bank and the generated ones, leaving out the questions
// practised in the last RecentDays (3 by default) unless there are not
// enough others.
func (s *Service) StartSession(ctx context.Context, t store.PracticeType, lang store.Language, n int) (store.Session, []store.SessionQuestion, error) {
	qs, err := s.Store.Questions(ctx, store.QuestionFilter{Type: t, Language: lang})
	if err != nil {
		return store.Session{}, nil, err
	}
	if len(qs) == 0 {
		return store.Session{}, nil, fmt.Errorf("%w: no %s questions in %s (add some in the question bank)", ErrNoQuestions, t, lang)
	}
	days := s.RecentDays
	if days == 0 {
		days = 3
	}
	recent, err := s.Store.RecentQuestionIDs(ctx, time.Now().AddDate(0, 0, -days))
	if err != nil {
		return store.Session{}, nil, err
	}
	rank := map[int64]int{} // position in recency; absent = not recent
	for i, id := range recent {
		rank[id] = i + 1
	}
	var fresh, old []int64
	for _, q := range qs {
		if rank[q.ID] == 0 {
			fresh = append(fresh, q.ID)
		} else {
			old = append(old, q.ID)
		}
	}
	rand.Shuffle(len(fresh), func(i, j int) { fresh[i], fresh[j] = fresh[j], fresh[i] })
	// The least recently practised come back first.
	sort.Slice(old, func(i, j int) bool { return rank[old[i]] > rank[old[j]] })
	ids := append(fresh, old...)
	if len(ids) > n {
		ids = ids[:n]
	}
	return s.Store.StartSession(ctx, t, 0, ids)
}

// MockSession opens a full mock interview in lang: two opening questions,
// two job questions and a hard one, a different set each day.
func (s *Service) MockSession(ctx context.Context, lang store.Language, now time.Time) (store.Session, []store.SessionQuestion, error) {
	var ids []int64
	for _, part := range []struct {
		t store.PracticeType
		n int
	}{{store.TypeBasic, 2}, {store.TypeJob, 2}, {store.TypeSituational, 1}} {
		qs, err := s.Store.Questions(ctx, store.QuestionFilter{Type: part.t, Language: lang})
		if err != nil {
			return store.Session{}, nil, err
		}
		for i := 0; i < part.n && i < len(qs); i++ {
			ids = append(ids, qs[(int(now.Unix()/86400)+i)%len(qs)].ID)
		}
	}
	if len(ids) == 0 {
		return store.Session{}, nil, fmt.Errorf("%w: no questions in %s for a mock interview", ErrNoQuestions, lang)
	}
	return s.Store.StartSession(ctx, store.TypeBasic, 0, ids)
}

// AddFollowUp writes a follow-up question (꼬리질문) on answer, the text of
// an answer to q (llm may be nil: the offline rules write it), keeps it as
// a generated question and adds it to the session after the others.
func (s *Service) AddFollowUp(ctx context.Context, llm coach.LLM, sessionID int64, q store.Question, answer string) (store.SessionQuestion, store.Question, error) {
	if strings.TrimSpace(answer) == "" {
		return store.SessionQuestion{}, store.Question{}, ErrNoAnswer
	}
	lang := "ko"
	if q.Language == store.English {
		lang = "en"
	}
	qs, _, err := coach.FollowUps(ctx, llm, coach.Answer{Question: q.Text, Text: answer, Lang: lang}, 1, nil)
	if err != nil {
		return store.SessionQuestion{}, store.Question{}, err
	}
	if len(qs) == 0 {
		return store.SessionQuestion{}, store.Question{}, coach.ErrNothingToAsk
	}
	nq := store.Question{Origin: store.OriginGenerated, PracticeType: q.PracticeType, Category: "followup", Language: q.Language, Text: qs[0]}
	id, err := s.Store.AddGeneratedQuestion(ctx, nq, store.Generation{Source: store.FromFollowUp, Model: "coach", ParentQuestionID: q.ID})
	if err != nil {
		return store.SessionQuestion{}, store.Question{}, err
	}
	sq, err := s.Store.AddSessionQuestion(ctx, sessionID, id)
	if err != nil {
		return store.SessionQuestion{}, store.Question{}, err
	}
	nq, err = s.Store.Question(ctx, id)
	return sq, nq, err
}

// FinishSession marks a session ended.
func (s *Service) FinishSession(ctx context.Context, id int64) error {
	return s.Store.EndSession(ctx, id, time.Now())
}
