package main

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"nevermind/internal/practice"
	"nevermind/internal/testenv"
)

// TestInterviewHeadless: a 5-question mock interview answered by
// espeak-ng recordings (the first the self-introduction) prints a review
// with six answers, each with its question, duration, overall and the one
// thing to fix, and the findings across the interview.
func TestInterviewHeadless(t *testing.T) {
	testenv.Long(t)
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	dir := t.TempDir()
	answers := []string{
		"안녕하세요. 저는 백엔드 개발자로 지원한 김지원입니다. 음 대학에서 컴퓨터공학을 전공했고 캡스톤 프로젝트에서 결제 서버를 만들었습니다. 감사합니다.",
		"음 그 프로젝트에서 저는 캐시를 도입해서 응답 시간을 절반으로 줄였습니다.",
		"저의 장점은 끈기입니다. 어 어려운 문제가 생겨도 끝까지 원인을 찾습니다.",
		"먼저 이유를 여쭤보고, 음 그래도 맞지 않으면 정중하게 제 의견을 말씀드리겠습니다.",
		"팀원의 이야기를 먼저 듣고 어 공통의 목표를 다시 확인합니다.",
		"이 회사에서 오래 성장하고 싶습니다. 감사합니다.",
	}
	for i, text := range answers {
		if out, err := exec.Command("espeak-ng", "-v", "ko", "-s", "160", "-w", filepath.Join(dir, fmt.Sprintf("a%d.wav", i+1)), text).CombinedOutput(); err != nil {
			t.Fatalf("espeak-ng: %v %s", err, out)
		}
	}
	out, errOut, code := runCLI(t, "interview", "--headless", "--answers", dir, "--n", "5", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r practice.SessionReview
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(r.Answers) != 6 || r.Answered != 6 {
		t.Fatalf("%d answers, %d answered:\n%s", len(r.Answers), r.Answered, out)
	}
	for _, a := range r.Answers {
		if a.Question == "" || a.DurationS < 2 || a.Overall == nil || a.Fix == "" {
			t.Errorf("answer %d: %+v", a.Position, a)
		}
	}
	if r.Answers[0].Question != "1분 자기소개를 해 주세요." || r.Answers[5].Question != "마지막으로 하고 싶은 말씀이 있으면 해 주세요." {
		t.Errorf("starts with %q, ends with %q", r.Answers[0].Question, r.Answers[5].Question)
	}
	if len(r.Recurring) == 0 || len(r.Next) == 0 || r.Strongest == 0 || r.Weakest == 0 {
		t.Errorf("no findings across the interview: %+v", r)
	}
	// Fewer answers than questions: the interview ends there, and says so.
	short := t.TempDir()
	exec.Command("cp", filepath.Join(dir, "a1.wav"), filepath.Join(dir, "a2.wav"), short).Run()
	out, errOut, code = runCLI(t, "interview", "--headless", "--answers", short, "--n", "3", "--json")
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Answered != 2 || len(r.Answers) != 4 {
		t.Errorf("two answers of four: exit %d, %s\n%s", code, errOut, out)
	}
}

// TestVoices: with espeak-ng installed, `voices --try --json` lists a
// Korean and an English voice and synthesises a sample with each.
func TestVoices(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	out, errOut, code := runCLI(t, "voices", "--try", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Voices map[string][]struct{ ID, Backend string }
		Tried  map[string]struct {
			Voice   string
			Seconds float64
			Spoken  bool
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"ko", "en"} {
		if len(r.Voices[lang]) == 0 || !r.Tried[lang].Spoken || r.Tried[lang].Seconds < 2 {
			t.Errorf("%s: voices %v, tried %+v", lang, r.Voices[lang], r.Tried[lang])
		}
	}
}
