// The mock interview (모의 면접): its questions, and the review of the
// whole interview.

package practice

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

// The number of questions of a mock interview after the 1-minute
// self-introduction (the last of them the closing question), and the
// follow-ups it may add.
const (
	DefaultInterviewQuestions = 5
	MinInterviewQuestions     = 3
	MaxInterviewQuestions     = 10
	MaxFollowUps              = 2
)

// Greeting is what the interviewer says before the first question.
func Greeting(lang store.Language) string {
	if lang == store.English {
		return "Hello, and thank you for coming in today. Let's begin. Take your time with each answer."
	}
	return "안녕하세요. 오늘 면접에 와 주셔서 감사합니다. 지금부터 면접을 시작하겠습니다. 편하게 답변해 주세요."
}

// Farewell is what the interviewer says after the last answer.
func Farewell(lang store.Language) string {
	if lang == store.English {
		return "Thank you. That is the end of the interview."
	}
	return "수고하셨습니다. 이것으로 면접을 마치겠습니다."
}

// The bank's fixed parts of every mock interview.
var (
	introKey   = map[store.Language]string{store.Korean: "basic-ko-intro-01", store.English: "basic-en-intro-01"}
	closingKey = map[store.Language]string{store.Korean: "basic-ko-closing-01", store.English: "basic-en-closing-01"}
)

// InterviewQuestions picks a mock interview: the 1-minute
// self-introduction, then n questions (clamped to 3–10) whose last is the
// closing question and the others a mix, in the order an interviewer
// takes them: questions generated from the candidate's documents (at most
// half), then the bank's 직무 (job), 인성 (basic) and 상황 (situational)
// questions in turn. The choice rotates with the day, so interviews on
// different days differ.
func (s *Service) InterviewQuestions(ctx context.Context, lang store.Language, n int, now time.Time) ([]store.Question, error) {
	return s.ApplicationInterviewQuestions(ctx, lang, n, 0, now)
}

// ApplicationInterviewQuestions is InterviewQuestions for an application
// (interview id; 0 for none): its own generated questions are the ones
// asked, never another application's.
func (s *Service) ApplicationInterviewQuestions(ctx context.Context, lang store.Language, n int, application int64, now time.Time) ([]store.Question, error) {
	n = min(max(n, MinInterviewQuestions), MaxInterviewQuestions)
	all, err := s.Store.Questions(ctx, store.QuestionFilter{Language: lang})
	if err != nil {
		return nil, err
	}
	var mine map[int64]bool
	if application != 0 {
		own, err := s.Store.Questions(ctx, store.QuestionFilter{Language: lang, Application: application})
		if err != nil {
			return nil, err
		}
		mine = map[int64]bool{}
		for _, q := range own {
			mine[q.ID] = true
		}
	}
	var intro, closing *store.Question
	var generated []store.Question
	byType := map[store.PracticeType][]store.Question{}
	for i := range all {
		q := all[i]
		switch {
		case q.BankKey == introKey[lang]:
			intro = &all[i]
		case q.BankKey == closingKey[lang]:
			closing = &all[i]
		case q.Origin == store.OriginGenerated && q.Category != "followup":
			if mine == nil || mine[q.ID] {
				generated = append(generated, q)
			}
		case q.Category == "intro" || q.Category == "closing":
			// one self-introduction and one closing per interview
		default:
			byType[q.PracticeType] = append(byType[q.PracticeType], q)
		}
	}
	if intro == nil || closing == nil {
		return nil, fmt.Errorf("%w: the question bank has no self-introduction or closing question in %s", ErrNoQuestions, lang)
	}
	day := int(now.Unix() / 86400)
	middle := n - 1
	var picked []store.Question
	// The newest generated questions first (they are about this
	// application), at most half of the middle.
	sort.SliceStable(generated, func(i, j int) bool { return generated[i].CreatedAt.After(generated[j].CreatedAt) })
	picked = append(picked, generated[:min(len(generated), middle/2)]...)
	order := []store.PracticeType{store.TypeJob, store.TypeBasic, store.TypeSituational}
	if lang == store.English {
		order = []store.PracticeType{store.TypeJob, store.TypeEnglish, store.TypeBasic, store.TypeSituational}
	}
	next := map[store.PracticeType]int{}
	for len(picked) < middle {
		added := false
		for _, t := range order {
			qs := byType[t]
			if len(picked) == middle || next[t] >= len(qs) {
				continue
			}
			q := qs[(day+next[t]*7)%len(qs)]
			next[t]++
			if slices.ContainsFunc(picked, func(p store.Question) bool { return p.ID == q.ID }) {
				continue
			}
			picked = append(picked, q)
			added = true
		}
		if !added {
			break
		}
	}
	return append(append([]store.Question{*intro}, picked...), *closing), nil
}

// StartInterview starts a mock interview's session (for interviewID when
// it is not 0): its questions as InterviewQuestions picks them.
func (s *Service) StartInterview(ctx context.Context, lang store.Language, n int, interviewID int64, now time.Time) (store.Session, []store.SessionQuestion, []store.Question, error) {
	qs, err := s.ApplicationInterviewQuestions(ctx, lang, n, interviewID, now)
	if err != nil {
		return store.Session{}, nil, nil, err
	}
	ids := make([]int64, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	sess, sqs, err := s.Store.StartSession(ctx, store.SessionInterview, interviewID, ids)
	return sess, sqs, qs, err
}

// AnswerReview is one answer of an interview in its review.
type AnswerReview struct {
	Position   int            `json:"position"` // 1-based
	QuestionID int64          `json:"question_id"`
	Question   string         `json:"question"`
	Language   store.Language `json:"language"`
	FollowUp   bool           `json:"follow_up,omitempty"`
	AttemptID  int64          `json:"attempt_id,omitempty"` // 0: not answered
	DurationS  float64        `json:"duration_s"`           // from the first to the last speech
	TargetS    [2]int         `json:"target_s"`             // the length its kind should have
	Overall    *float64       `json:"overall"`
	// Fix is the one thing to fix (the report's biggest gap), FixAt its
	// moment in seconds (-1: the whole answer), Try how to practise it.
	Fix   string  `json:"fix,omitempty"`
	FixAt float64 `json:"fix_at_s"`
	Try   string  `json:"try,omitempty"`
	kinds []string
	pace  float64
}

// Recurring is a finding that came back across the interview's answers.
type Recurring struct {
	Kind      string `json:"kind"`
	Dimension string `json:"dimension"`
	Answers   []int  `json:"answers"` // positions
	Text      string `json:"text"`    // said once, in the user's language
	Example   string `json:"example"` // the finding as one answer's report put it
}

// SessionReview is the review of a whole mock interview.
type SessionReview struct {
	SessionID int64          `json:"session_id"`
	StartedAt time.Time      `json:"started_at"`
	Answers   []AnswerReview `json:"answers"`
	Answered  int            `json:"answered"`
	// Strongest and Weakest are positions (0: none).
	Strongest int         `json:"strongest"`
	Weakest   int         `json:"weakest"`
	Recurring []Recurring `json:"recurring"`
	// Next is a short plan for the next interview; Again, the question to
	// practise again (0: none).
	Next  []string `json:"next"`
	Again int64    `json:"again_question_id,omitempty"`
}

// Review reviews a session (a mock interview, or any session) in lang:
// every question with its latest analysed answer, and what holds across
// the answers.
func (s *Service) Review(ctx context.Context, sessionID int64, lang i18n.Lang) (SessionReview, error) {
	sess, err := s.Store.Session(ctx, sessionID)
	if err != nil {
		return SessionReview{}, err
	}
	rows, err := s.Store.SessionAnswers(ctx, sessionID)
	if err != nil {
		return SessionReview{}, err
	}
	out := SessionReview{SessionID: sessionID, StartedAt: sess.StartedAt, Answers: []AnswerReview{}, Recurring: []Recurring{}, Next: []string{}}
	examples := map[string]feedback.ViewFinding{}
	for i, r := range rows {
		b := feedback.BandOf(feedback.KindOf(string(r.Question.PracticeType), r.Question.Category))
		a := AnswerReview{Position: i + 1, QuestionID: r.Question.ID, Question: r.Question.Text, Language: r.Question.Language, FollowUp: r.Question.Category == "followup",
			TargetS: [2]int{int(b.Lo), int(b.Hi)}, FixAt: -1}
		if r.AttemptID != 0 {
			rep, err := s.StoredReport(ctx, r.AttemptID)
			if err == nil && rep.Result != nil {
				a.AttemptID = r.AttemptID
				a.DurationS = spokenSpan(rep.Result.Report, rep.Attempt.Duration)
				v := rep.Result.Feedback.In(lang)
				a.Overall = v.Scores["overall"]
				in := v.Insights()
				if in.Gap != nil {
					a.Fix, a.FixAt, a.Try = in.Gap.Text, in.Gap.At, in.Try
					if wholeAnswer(v.Findings, in.Gap.Text) {
						a.FixAt = -1 // about the whole answer: ▶ plays it from the start
					}
				}
				seen := map[string]bool{}
				for _, f := range v.Findings {
					if f.Severity != feedback.Info && !seen[f.Kind] {
						seen[f.Kind] = true
						a.kinds = append(a.kinds, f.Kind)
						if _, ok := examples[f.Kind]; !ok {
							examples[f.Kind] = f
						}
					}
				}
				a.pace = paceOf(rep.Result.Report)
				out.Answered++
			}
		}
		out.Answers = append(out.Answers, a)
	}
	best, worst := -1.0, 101.0
	for _, a := range out.Answers {
		if a.Overall == nil {
			continue
		}
		if *a.Overall > best {
			best, out.Strongest = *a.Overall, a.Position
		}
		if *a.Overall < worst {
			worst, out.Weakest = *a.Overall, a.Position
		}
	}
	if out.Strongest == out.Weakest {
		out.Weakest = 0 // one answer is not both
	}
	out.Recurring = recurring(out.Answers, out.Answered, examples, lang)
	out.Next, out.Again = nextTime(out, lang)
	return out, nil
}

// recurring lists the findings that came back in at least two answers and
// at least half of those answered, most frequent first; and a pace that
// was faster at the start (nerves) than in the rest of the interview.
func recurring(as []AnswerReview, answered int, examples map[string]feedback.ViewFinding, lang i18n.Lang) []Recurring {
	in := map[string][]int{}
	for _, a := range as {
		for _, k := range a.kinds {
			in[k] = append(in[k], a.Position)
		}
	}
	out := []Recurring{}
	for k, pos := range in {
		if len(pos) < 2 || 2*len(pos) < answered {
			continue
		}
		ex := examples[k]
		what := ex.Message
		if g, ok := recurringText[k]; ok {
			what = g.In(lang)
		}
		text := fmt.Sprintf("%s (%d of %d answers)", what, len(pos), answered)
		if lang == i18n.KO {
			text = fmt.Sprintf("%s (답변 %d개 중 %d개)", what, answered, len(pos))
		}
		out = append(out, Recurring{Kind: k, Dimension: ex.Dimension, Answers: pos, Text: text, Example: ex.Message})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Answers) != len(out[j].Answers) {
			return len(out[i].Answers) > len(out[j].Answers)
		}
		return out[i].Kind < out[j].Kind
	})
	// Nerves: the first answers faster than the rest by 15 % or more.
	var paces []float64
	var posOf []int
	for _, a := range as {
		if a.pace > 0 {
			paces, posOf = append(paces, a.pace), append(posOf, a.Position)
		}
	}
	if len(paces) >= 4 {
		head := (paces[0] + paces[1]) / 2
		rest := slices.Clone(paces[2:])
		slices.Sort(rest)
		median := rest[len(rest)/2]
		if head >= 1.15*median {
			text := fmt.Sprintf("You spoke %.0f%% faster in the first two answers than later: nerves at the start. Take a breath before the first answer.", 100*(head/median-1))
			if lang == i18n.KO {
				text = fmt.Sprintf("처음 두 답변은 뒤의 답변보다 %.0f%% 빨랐어요. 시작할 때 긴장한 거예요. 첫 답변 전에 숨을 한 번 고르세요.", 100*(head/median-1))
			}
			out = append(out, Recurring{Kind: "fast_start", Dimension: "pace", Answers: posOf[:2], Text: text})
		}
	}
	return out
}

// recurringText says a finding once for a whole interview (each answer's
// report words it with that answer's numbers).
var recurringText = map[string]i18n.Text{
	"fillers":             {KO: "군말(음, 어)이 잦았어요", EN: "Filler words (um, uh) were frequent"},
	"filled_pauses":       {KO: "'음', '어' 같은 소리가 잦았어요", EN: "Hesitation sounds (um, uh) were frequent"},
	"long_pause":          {KO: "답변 중에 긴 멈춤이 있었어요", EN: "Long pauses inside answers"},
	"fast":                {KO: "말이 빨랐어요", EN: "Speaking too fast"},
	"slow":                {KO: "말이 느렸어요", EN: "Speaking slowly"},
	"short_answer":        {KO: "답변이 알맞은 길이보다 짧았어요", EN: "Answers were shorter than they should be"},
	"long_answer":         {KO: "답변이 알맞은 길이보다 길었어요", EN: "Answers ran longer than they should"},
	"monotone":            {KO: "목소리의 높낮이 변화가 적었어요", EN: "A flat voice with little pitch variation"},
	"quiet":               {KO: "목소리가 작았어요", EN: "A quiet voice"},
	"loud":                {KO: "목소리가 컸어요", EN: "A voice louder than needed"},
	"looking_away":        {KO: "시선이 화면을 자주 벗어났어요", EN: "Looking away from the camera"},
	"neutral_face":        {KO: "표정 변화가 적었어요", EN: "Little facial expression"},
	"no_face":             {KO: "얼굴이 화면에 잘 보이지 않았어요", EN: "The face was often out of view"},
	"slouching":           {KO: "자세가 구부정했어요", EN: "Slouching"},
	"touching_face":       {KO: "얼굴을 자주 만졌어요", EN: "Touching the face"},
	"content_specificity": {KO: "구체적인 예와 숫자가 부족했어요", EN: "Few concrete examples or numbers"},
	"no_speech":           {KO: "말소리가 거의 녹음되지 않았어요", EN: "Little or no speech was recorded"},
}

// wholeKinds are findings about a whole answer, not a moment of it.
var wholeKinds = map[string]bool{"short_answer": true, "long_answer": true, "monotone": true, "quiet": true, "loud": true,
	"fast": true, "slow": true, "fastish": true, "slowish": true, "neutral_face": true, "no_face": true, "content_specificity": true, "no_speech": true}

// wholeAnswer reports whether the finding worded msg is about the whole
// answer.
func wholeAnswer(fs []feedback.ViewFinding, msg string) bool {
	for _, f := range fs {
		if f.Message == msg {
			return wholeKinds[f.Kind]
		}
	}
	return false
}

// spokenSpan is an answer's length as its report judges it, from the first
// to the last speech (the recording also holds the thinking before it and
// the silence that ended it); the recording's length when there was none.
func spokenSpan(r analysis.Report, recorded time.Duration) float64 {
	if r.Report != nil && len(r.Report.Voice.Segments) > 0 {
		return r.Report.SpeechSpan()
	}
	return recorded.Seconds()
}

// paceOf is an answer's speaking rate (syllables or words a minute, as
// measured; 0 when unknown).
func paceOf(r analysis.Report) float64 {
	if sp := r.Speech; sp != nil && sp.Available && sp.Words > 0 {
		if sp.Rate.SyllablesPerMin != nil {
			return *sp.Rate.SyllablesPerMin
		}
		if sp.Rate.WordsPerMin != nil {
			return *sp.Rate.WordsPerMin
		}
	}
	if r.Report != nil {
		return r.Report.Voice.Rate.SyllablesPerMin
	}
	return 0
}

// nextTime is a short plan for the next interview: practise the weakest
// answer's question again, work on what recurred, and answer what was
// left unanswered.
func nextTime(r SessionReview, lang i18n.Lang) ([]string, int64) {
	ko := lang == i18n.KO
	var out []string
	var again int64
	if r.Weakest > 0 {
		a := r.Answers[r.Weakest-1]
		again = a.QuestionID
		if ko {
			out = append(out, fmt.Sprintf("%d번 질문(%s)을 다시 연습하세요. %s", a.Position, a.Question, a.Try))
		} else {
			out = append(out, fmt.Sprintf("Practise question %d (%s) again. %s", a.Position, a.Question, a.Try))
		}
	}
	if len(r.Recurring) > 0 {
		top := r.Recurring[0]
		if ko {
			out = append(out, "다음 면접에서 가장 먼저 고칠 것: "+top.Text)
		} else {
			out = append(out, "First thing to work on next time: "+top.Text)
		}
	}
	if missed := len(r.Answers) - r.Answered; missed > 0 {
		if ko {
			out = append(out, fmt.Sprintf("답하지 않은 질문 %d개도 연습해 보세요.", missed))
		} else {
			out = append(out, fmt.Sprintf("Also practise the %d question(s) left unanswered.", missed))
		}
	}
	return out, again
}
