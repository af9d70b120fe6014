package coach

import (
	"fmt"
	"strings"

	"nevermind/internal/analysis/feedback"
)

var contentAdvice = map[string]feedback.Text{
	"star.situation": {KO: "첫 문장에서 언제, 어디서, 어떤 상황이었는지 먼저 짧게 말해 보세요.", EN: "Open with when and where it happened, in one sentence."},
	"star.task":      {KO: "본인이 맡은 역할이나 목표를 한 문장으로 밝혀 보세요.", EN: "Say what your role or goal was, in one sentence."},
	"star.action":    {KO: "'제가 ~했습니다'로 본인이 직접 한 행동을 두세 가지 말해 보세요.", EN: "Name two or three things you did yourself: \"I ...\"."},
	"star.result":    {KO: "결과를 숫자나 변화로 마무리해 보세요.", EN: "Finish with the result, as a number or a change."},
	"relevance":      {KO: "질문의 핵심어를 답변 첫머리에 넣어 질문에 바로 답해 보세요.", EN: "Use the question's key words in your first sentence to answer it directly."},
	"jd_terms":       {KO: "공고가 요구하는 역량과 연결되는 말을 한 번은 넣어 보세요.", EN: "Link your story once to a skill the job description asks for."},
	"specificity":    {KO: "기간, 규모, 도구, 결과 수치 중 두 가지 이상을 넣어 보세요.", EN: "Add at least two of: how long, how big, which tool, what number."},
	"length":         {KO: "경험 질문은 1분 안팎, 상황-행동-결과 순서로 답해 보세요.", EN: "For experience questions, about a minute: situation, action, result."},
	"subject":        {KO: "'제가'를 주어로 써서 본인의 기여를 분명히 해 보세요.", EN: "Make yourself the subject of the sentences about what was done."},
	"endings":        {KO: "'-습니다/-입니다'체로 끝까지 통일해 보세요.", EN: "Keep a consistent, formal register."},
	"consistency":    {KO: "자기소개서에 쓴 수치와 같은 숫자를 말하도록 미리 확인해 두세요.", EN: "Check that the numbers you say match your resume."},
}

// Feedback turns the evaluation into the content score and findings of
// the feedback report. Notes are in the answer's language.
func (e Evaluation) Feedback() *feedback.Content {
	star, starN := 0, 0
	var rel, spec float64
	for _, p := range e.Points {
		if p.Source != "rules" {
			continue
		}
		switch {
		case strings.HasPrefix(p.Aspect, "star."):
			starN++
			if p.OK {
				star++
			}
		case p.Aspect == "relevance":
			rel = p.Score
		case p.Aspect == "specificity":
			spec = p.Score
		}
	}
	src := map[string][2]string{"rules": {"규칙", "rules"}, "rules+llm": {"규칙+LLM", "rules+LLM"}}[e.Source]
	c := &feedback.Content{Score: e.Score, Reason: feedback.Text{KO: fmt.Sprintf("STAR %d/%d, 질문 관련성 %.0f%%, 구체성 %.0f%% (%s)", star, starN, 100*rel, 100*spec, src[0]), EN: fmt.Sprintf("STAR %d/%d, relevance %.0f%%, specificity %.0f%% (%s)", star, starN, 100*rel, 100*spec, src[1])}}
	for _, p := range e.Points {
		if p.Source != "rules" || p.OK || p.Note == "" {
			continue
		}
		c.Findings = append(c.Findings, feedback.Finding{Kind: "content_" + strings.ReplaceAll(p.Aspect, ".", "_"), Severity: feedback.Minor,
			Message: feedback.Text{KO: p.Note, EN: p.Note}, Suggestion: contentAdvice[p.Aspect]})
	}
	for _, p := range e.Points {
		if p.Aspect == "improvement" && p.Note != "" {
			c.Findings = append(c.Findings, feedback.Finding{Kind: "content_llm_suggestion", Severity: feedback.Info,
				Message: feedback.Text{KO: "LLM 코치의 제안", EN: "The LLM coach suggests"}, Suggestion: feedback.Text{KO: p.Note, EN: p.Note}})
		}
	}
	return c
}
