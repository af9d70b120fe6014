package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/testenv"
)

// TestAnalyzeFeedbackJSON: analyze adds scores (null when absent), findings
// and a summary, in the language --lang picks.
func TestAnalyzeFeedbackJSON(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	wav := filepath.Join(t.TempDir(), "a.wav")
	if out, err := exec.Command("espeak-ng", "-v", "en", "-w", wav, "I led the release. We shipped on time and the customer renewed.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	for _, lang := range []string{"en", "ko"} {
		out, errOut, code := runCLI(t, "analyze", "--audio", wav, "--json", "--no-silero", "--lang", lang)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var doc struct {
			Scores   map[string]*float64 `json:"scores"`
			Findings []struct {
				Kind     string  `json:"kind"`
				Start    float64 `json:"start_s"`
				End      float64 `json:"end_s"`
				Severity string  `json:"severity"`
				Message  string  `json:"message"`
			} `json:"findings"`
			Summary string `json:"summary"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{"overall", "voice", "fluency", "pace", "gaze", "expression", "posture", "content"} {
			if _, ok := doc.Scores[d]; !ok {
				t.Errorf("%s: scores.%s missing", lang, d)
			}
		}
		if doc.Scores["voice"] == nil || doc.Scores["overall"] == nil {
			t.Errorf("%s: voice/overall not scored: %v", lang, doc.Scores)
		}
		if doc.Scores["gaze"] != nil || doc.Scores["content"] != nil {
			t.Errorf("%s: gaze or content scored without video or coach", lang)
		}
		if doc.Summary == "" || len(doc.Findings) == 0 {
			t.Fatalf("%s: %s", lang, out)
		}
		hangul := strings.ContainsFunc(doc.Summary+doc.Findings[0].Message, func(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 })
		if hangul != (lang == "ko") {
			t.Errorf("--lang %s gave %q / %q", lang, doc.Summary, doc.Findings[0].Message)
		}
	}
}

// TestPracticeHeadlessAndRecords: an imported answer is stored, analysed
// and listed with its scores.
func TestPracticeHeadlessAndRecords(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	wav := filepath.Join(t.TempDir(), "a.wav")
	if out, err := exec.Command("espeak-ng", "-v", "ko", "-w", wav, "저는 팀 프로젝트에서 일정 관리를 맡았습니다.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	out, errOut, code := runCLI(t, "practice", "--headless", "--question", "1", "--audio", wav, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		AttemptID int64               `json:"attempt_id"`
		Status    string              `json:"status"`
		Scores    map[string]*float64 `json:"scores"`
		Skipped   map[string]string   `json:"skipped"`
		Voice     *struct {
			SpeechS float64 `json:"speech_s"`
		} `json:"voice"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.AttemptID == 0 || rep.Status != "analyzed" || rep.Voice == nil || rep.Voice.SpeechS < 1 || rep.Scores["overall"] == nil || rep.Skipped["vision"] == "" {
		t.Fatalf("report: %s", out)
	}
	out, _, code = runCLI(t, "records", "--json")
	var doc struct {
		Attempts []struct {
			AttemptID int64               `json:"attempt_id"`
			Question  string              `json:"question"`
			Scores    map[string]*float64 `json:"scores"`
		} `json:"attempts"`
		Streak int              `json:"streak_days"`
		Trends map[string][]any `json:"trends"`
	}
	recs := &doc.Attempts
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(*recs) != 1 || (*recs)[0].AttemptID != rep.AttemptID || (*recs)[0].Scores["overall"] == nil || (*recs)[0].Question == "" || doc.Streak != 1 || len(doc.Trends["score:overall"]) != 1 {
		t.Fatalf("records: %s", out)
	}
	// Re-analysis replaces the report of the stored attempt.
	out, errOut, code = runCLI(t, "practice", "--reanalyze", fmt.Sprint(rep.AttemptID), "--json")
	if code != 0 || !strings.Contains(out, `"attempt_id": `+fmt.Sprint(rep.AttemptID)) {
		t.Fatalf("reanalyze exit %d: %s %s", code, out, errOut)
	}
	if _, e, code := runCLI(t, "practice", "--headless", "--question", "99999", "--audio", wav); code != 1 || !strings.Contains(e, "bank list") {
		t.Errorf("unknown question: exit %d, %q", code, e)
	}
}

// TestRecordsOnlyReadsRescoreWrites: an answer an older version scored is
// listed by `records` as it is (the database's files unchanged, a line
// says how to score it again) and scored again by `rescore`.
func TestRecordsOnlyReadsRescoreWrites(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	home := filepath.Join(t.TempDir(), "home")
	t.Setenv("NEVERMIND_HOME", home)
	wav := filepath.Join(t.TempDir(), "a.wav")
	if out, err := exec.Command("espeak-ng", "-v", "ko", "-w", wav, "저는 팀 프로젝트에서 일정 관리를 맡았습니다. 마감을 지켰습니다.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	if _, errOut, code := runCLI(t, "practice", "--headless", "--question", "1", "--audio", wav); code != 0 {
		t.Fatalf("practice: %s", errOut)
	}
	db := filepath.Join(home, "nevermind.db")
	version := func() int {
		t.Helper()
		c, err := sql.Open("sqlite", db)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var v int
		if err := c.QueryRow(`SELECT report_version FROM feedback`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	c, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(`UPDATE feedback SET report_version = 1`); err != nil {
		t.Fatal(err)
	}
	c.Close()
	sums := func() string {
		var b strings.Builder
		files, _ := filepath.Glob(db + "*")
		for _, f := range files {
			data, _ := os.ReadFile(f)
			fmt.Fprintf(&b, "%s %x\n", filepath.Base(f), sha256.Sum256(data))
		}
		return b.String()
	}
	before := sums()
	_, errOut, code := runCLI(t, "records")
	if code != 0 || !strings.Contains(errOut, "nevermind rescore") {
		t.Fatalf("records: exit %d, %q", code, errOut)
	}
	if after := sums(); after != before || version() != 1 {
		t.Fatalf("records wrote: version %d\nbefore %s\nafter %s", version(), before, after)
	}
	out, errOut, code := runCLI(t, "rescore")
	if code != 0 || !strings.Contains(out, "Scored 1 answer again") || version() != feedback.Version {
		t.Fatalf("rescore: exit %d, %q %q, version %d", code, out, errOut, version())
	}
}
