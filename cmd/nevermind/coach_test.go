package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestQuestionsOfflineJSON: with no Ollama reachable, questions come from
// the offline generator and the JSON says so (source "offline", a note).
func TestQuestionsOfflineJSON(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	t.Setenv("OLLAMA_HOST", "127.0.0.1:1") // nothing listens there
	td := filepath.Join("..", "..", "internal", "coach", "testdata")
	out, errOut, code := runCLI(t, "questions", "--resume", filepath.Join(td, "ko_accounting_resume.txt"), "--jd", filepath.Join(td, "ko_accounting_jd.txt"), "--n", "5", "--json", "--save")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var g struct {
		Source    string `json:"source"`
		Note      string `json:"note"`
		Questions []struct {
			Text       string `json:"text"`
			Type       string `json:"type"`
			Rationale  string `json:"rationale"`
			Difficulty int    `json:"difficulty"`
		} `json:"questions"`
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatal(err)
	}
	if g.Source != "offline" || !strings.Contains(g.Note, "not reachable") || len(g.Questions) != 5 {
		t.Fatalf("%s", out)
	}
	// Saved to the bank as generated questions.
	list, _, _ := runCLI(t, "bank", "list", "--json")
	if !strings.Contains(list, g.Questions[0].Text[:20]) {
		t.Errorf("saved questions not in the bank")
	}
	if _, e, code := runCLI(t, "questions", "--n", "3"); code != 1 || !strings.Contains(e, "paste a resume") {
		t.Errorf("no documents: %d %q", code, e)
	}
	bin := filepath.Join(t.TempDir(), "bin.txt")
	os.WriteFile(bin, []byte{0x00, 0x01, 0x02, 0xff, 0x41}, 0o600) // binary (FF FE would start UTF-16, now read)
	if _, e, code := runCLI(t, "questions", "--resume", bin); code != 1 || !strings.Contains(e, "not a document") {
		t.Errorf("binary resume: %d %q", code, e)
	}
}

func TestEvaluateRulesJSON(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	tr := filepath.Join(t.TempDir(), "t.json")
	os.WriteFile(tr, []byte(`{"text":"저는 지난 학기 캡스톤 프로젝트에서 백엔드 개발을 맡았습니다. 제가 쿼리를 분석해 인덱스를 추가하고 Redis 캐시를 도입했습니다. 그 결과 응답 시간을 800ms에서 120ms로 줄였습니다.","language":"ko",
		"segments":[{"start_s":0.5,"end_s":20.5,"text":"..."}],"words":[]}`), 0o600)
	out, errOut, code := runCLI(t, "evaluate", "--question", "성능 문제를 해결한 경험을 말씀해 주세요.", "--transcript", tr, "--no-llm", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var e struct {
		Score  float64 `json:"score"`
		Source string  `json:"source"`
		Points []struct {
			Aspect, Source, Quote string
			OK                    bool
		} `json:"points"`
		FollowUps []string `json:"follow_ups"`
	}
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	if e.Source != "rules" || e.Score < 50 || len(e.FollowUps) == 0 {
		t.Fatalf("%s", out)
	}
	for _, p := range e.Points {
		if p.Aspect == "length" && p.OK {
			t.Error("20 s counted as a good length")
		}
		if p.Aspect == "star.action" && !strings.Contains(p.Quote, "Redis") {
			t.Errorf("action quote %q", p.Quote)
		}
	}
}

// TestFilesThatAreNotFilesAreRefused: a device (/dev/zero, which reads
// without end), a FIFO (whose open waits for a writer for ever) and a
// folder are refused before they are read, for every flag that names a
// file; a document over the limit is refused after reading only the limit.
func TestFilesThatAreNotFilesAreRefused(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("가"), maxDocument), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, odd := range []string{"/dev/zero", fifo, t.TempDir()} {
		for _, args := range [][]string{
			{"questions", "--resume", odd, "--n", "3"},
			{"evaluate", "--question", "q", "--transcript", odd + ".json"},
			{"export", "--out", filepath.Join(t.TempDir(), "a.nmx"), "--passphrase-file", odd},
			{"models", "import", odd},
		} {
			if strings.HasSuffix(args[len(args)-1], ".json") {
				link := filepath.Join(t.TempDir(), "t.json")
				if err := os.Symlink(odd, link); err != nil {
					t.Fatal(err)
				}
				args[len(args)-1] = link
			}
			done := make(chan int, 1)
			var errOut string
			go func() { _, e, code := runCLI(t, args...); errOut = e; done <- code }()
			select {
			case code := <-done:
				if code == 0 || !strings.Contains(errOut, "not a") {
					t.Errorf("%v: exit %d, %q", args, code, errOut)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("%v did not return: it waits on %s", args, odd)
			}
		}
	}
	_, errOut, code := runCLI(t, "questions", "--resume", big, "--n", "3")
	if code == 0 || !strings.Contains(errOut, "paste the relevant part") {
		t.Errorf("a %d-byte resume: exit %d, %q", 3*maxDocument, code, errOut)
	}
}
