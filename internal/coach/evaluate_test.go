package coach

import (
	"context"
	"strings"
	"testing"
)

const goodKO = "저는 지난 학기 캡스톤 프로젝트에서 백엔드 개발을 맡았습니다. 당시 사용자가 1,200명까지 늘면서 응답 시간이 느려지는 문제가 있었습니다. 제가 쿼리를 분석해 인덱스를 추가하고 Redis 캐시를 도입했습니다. 그 결과 평균 응답 시간을 800ms에서 120ms로 줄였습니다. 이 경험으로 성능 문제를 데이터로 접근하는 법을 배웠습니다."
const poorKO = "음 그냥 열심히 했어요. 팀원들이랑 잘 지냈고 좋은 경험이었던 것 같아요."

func TestRulesTellGoodFromPoor(t *testing.T) {
	q := "성능 문제를 해결한 경험을 말씀해 주세요."
	good := EvaluateRules(Answer{Question: q, Text: goodKO, Lang: "ko", Resume: doc(t, "ko_backend_resume.txt"), JD: doc(t, "ko_backend_jd.txt")})
	poor := EvaluateRules(Answer{Question: q, Text: poorKO, Lang: "ko", Resume: doc(t, "ko_backend_resume.txt"), JD: doc(t, "ko_backend_jd.txt")})
	t.Logf("good %.1f, poor %.1f", good.Score, poor.Score)
	if good.Score < 70 || poor.Score > 40 {
		t.Errorf("good %.1f, poor %.1f", good.Score, poor.Score)
	}
	byAspect := map[string]Point{}
	for _, p := range good.Points {
		byAspect[p.Aspect] = p
		if p.Source != "rules" {
			t.Errorf("source %q", p.Source)
		}
	}
	for _, a := range []string{"star.situation", "star.task", "star.action", "star.result", "specificity", "subject", "endings", "consistency", "jd_terms"} {
		if !byAspect[a].OK {
			t.Errorf("%s not OK on the good answer: %+v", a, byAspect[a])
		}
	}
	if !strings.Contains(byAspect["star.result"].Quote, "120ms") || !strings.Contains(byAspect["consistency"].Note, "120ms") {
		t.Errorf("result quote %q, consistency %q", byAspect["star.result"].Quote, byAspect["consistency"].Note)
	}
	for _, p := range poor.Points {
		if p.Aspect == "endings" && p.OK {
			t.Error("informal -요 endings passed as formal")
		}
		if p.Aspect == "star.result" && p.OK {
			t.Error("a result found in an answer without one")
		}
	}
	// A number that contradicts the resume.
	odd := EvaluateRules(Answer{Question: q, Text: "제가 응답 시간을 800ms에서 50ms로 줄였습니다.", Lang: "ko", Resume: doc(t, "ko_backend_resume.txt")})
	for _, p := range odd.Points {
		if p.Aspect == "consistency" && (p.OK || !strings.Contains(p.Note, "50ms")) {
			t.Errorf("contradiction missed: %+v", p)
		}
	}
}

func TestEvaluateMergesLLMRubric(t *testing.T) {
	f := newFake(t, func(model string, call int, req chatReq) (int, string) {
		return 200, `{"star":{"situation":{"present":true,"quote":"당시 사용자가 1,200명까지 늘면서 응답 시간이 느려지는 문제가 있었습니다"},
"task":{"present":true,"quote":"백엔드 개발을 맡았습니다"},"action":{"present":true,"quote":"제가 쿼리를 분석해 인덱스를 추가하고"},
"result":{"present":true,"quote":"이 문장은 답변에 없습니다"}},"relevance":9,"specificity":8,
"consistency":"자기소개서의 수치와 일치합니다.","improvement":"캐시 만료 정책을 어떻게 정했는지도 말해 보세요."}`
	})
	a := Answer{Question: "성능 문제를 해결한 경험을 말씀해 주세요.", Text: goodKO, Lang: "ko", Resume: doc(t, "ko_backend_resume.txt")}
	e, err := Evaluate(context.Background(), f.client("qwen2.5:3b"), a, nil)
	if err != nil || e.Source != "rules+llm" || e.LLMScore == nil {
		t.Fatalf("%+v %v", e, err)
	}
	if want := (e.RulesScore + *e.LLMScore) / 2; e.Score < want-0.1 || e.Score > want+0.1 {
		t.Errorf("score %.1f, rules %.1f, llm %.1f", e.Score, e.RulesScore, *e.LLMScore)
	}
	var llmPoints int
	for _, p := range e.Points {
		if strings.HasPrefix(p.Source, "llm:") {
			llmPoints++
			if p.Aspect == "star.result" && p.Quote != "" {
				t.Errorf("a quote the candidate never said was kept: %q", p.Quote)
			}
		}
	}
	if llmPoints < 6 {
		t.Errorf("%d LLM points", llmPoints)
	}
	// An LLM that fails leaves the rules' evaluation, with a note.
	bad := newFake(t, func(string, int, chatReq) (int, string) { return 500, "out of memory" })
	e, err = Evaluate(context.Background(), bad.client("qwen2.5:3b"), a, nil)
	if err != nil || e.Source != "rules" || !strings.Contains(e.Note, "out of memory") {
		t.Errorf("%+v %v", e, err)
	}
}

func TestFollowUps(t *testing.T) {
	a := Answer{Question: "성능 문제를 해결한 경험을 말씀해 주세요.", Text: goodKO, Lang: "ko"}
	qs, src, err := FollowUps(context.Background(), nil, a, 2, nil)
	if err != nil || src != "offline" || len(qs) != 2 {
		t.Fatalf("%v %s %v", qs, src, err)
	}
	if !strings.Contains(qs[0], "120ms") && !strings.Contains(qs[0], "1,200명") {
		t.Errorf("the follow-up does not pick up the answer's number: %s", qs[0])
	}
	t.Log(qs)
	f := newFake(t, func(string, int, chatReq) (int, string) {
		return 200, `{"questions":["캐시를 도입하면서 데이터 정합성 문제는 어떻게 처리하셨나요?"]}`
	})
	qs, src, err = FollowUps(context.Background(), f.client("qwen2.5:3b"), a, 2, nil)
	if err != nil || src != "ollama" || len(qs) != 1 {
		t.Fatalf("%v %s %v", qs, src, err)
	}
	poor := Answer{Question: "갈등을 해결한 경험은?", Text: poorKO, Lang: "ko"}
	qs, _, _ = FollowUps(context.Background(), nil, poor, 2, nil)
	if len(qs) == 0 {
		t.Fatal("no follow-up for a vague answer")
	}
	t.Log(qs)
}
