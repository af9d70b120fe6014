package feedback

import (
	"fmt"
	"math"
	"nevermind/internal/i18n"
)

// An answer's length is judged against the kind of question it answers
// (docs/METRICS.md: 60-120 s for behavioural answers, Korean coaching often
// 40-60 s; rapid personality items far shorter).

// Answer kinds.
const (
	KindGeneral     = ""            // unknown: a wide band
	KindIntro       = "intro"       // 1분 자기소개
	KindExperience  = "experience"  // behavioural and job questions: situation, action, result
	KindShort       = "short"       // motivation, values, closing: a clear point and a reason
	KindSituational = "situational" // a scenario or curveball: a decision and its reasons
)

// Band is the length an answer of a kind should have, in seconds: under
// Min it is too short to judge well, Lo to Hi is right, beyond Hi it
// rambles.
type Band struct{ Min, Lo, Hi float64 }

var bands = map[string]Band{
	KindGeneral:     {Min: 10, Lo: 30, Hi: 120},
	KindIntro:       {Min: 20, Lo: 40, Hi: 90},
	KindExperience:  {Min: 15, Lo: 40, Hi: 120},
	KindShort:       {Min: 8, Lo: 20, Hi: 60},
	KindSituational: {Min: 12, Lo: 30, Hi: 90},
}

// BandOf is the length band of an answer kind.
func BandOf(kind string) Band {
	if b, ok := bands[kind]; ok {
		return b
	}
	return bands[KindGeneral]
}

// KindOf is the answer kind of a question, from its practice type and
// category (the bank's) or the coach's kind (generated questions).
func KindOf(practiceType, category string) string {
	switch category {
	case "intro":
		return KindIntro
	case "motivation", "values", "closing", "about":
		return KindShort
	case "curveball", "ethics", "pressure", "scenario":
		return KindSituational
	case "conflict", "failure", "growth", "teamwork", "strengths", "weaknesses", "career",
		"experience", "gap", "followup", "job", "personality":
		return KindExperience
	}
	switch practiceType {
	case "job":
		return KindExperience
	case "situational":
		return KindSituational
	}
	return KindGeneral
}

var kindName = map[string]Text{
	KindGeneral:     {KO: "이 질문", EN: "this question"},
	KindIntro:       {KO: "자기소개", EN: "a self-introduction"},
	KindExperience:  {KO: "경험 질문", EN: "a question about your experience"},
	KindShort:       {KO: "이런 질문", EN: "a question like this"},
	KindSituational: {KO: "상황 질문", EN: "a situational question"},
}

// span formats a band's right range: "40초~2분", "40 s to 2 min".
func (b Band) span() Text {
	ko := func(s float64) string {
		if s >= 60 && math.Mod(s, 60) == 0 {
			return fmt.Sprintf("%.0f분", s/60)
		}
		return fmt.Sprintf("%.0f초", s)
	}
	en := func(s float64) string {
		if s >= 60 && math.Mod(s, 60) == 0 {
			return fmt.Sprintf("%.0f min", s/60)
		}
		return fmt.Sprintf("%.0f s", s)
	}
	return Text{KO: ko(b.Lo) + "~" + ko(b.Hi), EN: en(b.Lo) + " to " + en(b.Hi)}
}

// lengthScore is 100 inside the band; under Lo it falls to 60 at Min and
// to 0 at no speech; over Hi it falls by 60 per band length, to 40.
func (b Band) lengthScore(d float64) float64 {
	switch {
	case d < b.Min:
		return 60 * d / b.Min
	case d < b.Lo:
		return 60 + 40*(d-b.Min)/(b.Lo-b.Min)
	case d <= b.Hi:
		return 100
	default:
		return math.Max(40, 100-60*(d-b.Hi)/b.Hi)
	}
}

// cap is the most an answer under Min can score overall: 30 for none,
// 60 at Min.
func (b Band) cap(d float64) float64 { return 30 + 30*math.Min(1, d/b.Min) }

// answerSpan is the answer's length from its first to its last speech,
// and whether there was speech to measure.
func (b *builder) answerSpan() (float64, bool) {
	if !b.hasSpeech() || len(b.r.Report.Voice.Segments) == 0 {
		return 0, false
	}
	return b.r.Report.SpeechSpan(), true
}

// topicKO adds the topic particle 은 or 는 to a Korean noun.
func topicKO(w string) string {
	r := []rune(w)
	if len(r) > 0 && i18n.HasFinalConsonant(r[len(r)-1]) {
		return w + "은"
	}
	return w + "는"
}
