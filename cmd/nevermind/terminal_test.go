package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// TestStoredTextCannotDriveTheTerminal: question text, a category and a
// company holding escape sequences, carriage returns, backspaces and a
// bidirectional override (as an older version could have imported them)
// reach the terminal without any of those, in every printer that shows
// them.
func TestStoredTextCannotDriveTheTerminal(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	t.Setenv(appdata.EnvHome, home)
	if _, errOut, code := runCLI(t, "bank", "list"); code != 0 {
		t.Fatal(errOut)
	}
	ctx := context.Background()
	dir, err := appdata.OpenAt(home)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	const evil = "\x1b[2J\x1b]0;pwned\x07\r\b\u202e"
	qid, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Category: "cat" + evil, Language: store.Korean, Text: "질문" + evil + "끝"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddInterview(ctx, store.Interview{Company: "ACME" + evil, Role: "role" + evil, Date: time.Now().AddDate(0, 0, 7).Format(time.DateOnly)}); err != nil {
		t.Fatal(err)
	}
	_, sqs, err := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: time.Now(), Status: store.AttemptRecorded, Duration: time.Second}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, args := range [][]string{{"bank", "list"}, {"bank", "list", "--json"}, {"records"}, {"records", "--json"}, {"plan"}} {
		out, errOut, code := runCLI(t, args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
			continue
		}
		if strings.ContainsAny(out, "\x1b\r\b\x07\u202e") {
			t.Errorf("%v prints what a terminal acts on: %q", args, out)
		}
		if !strings.Contains(out, "ACME") && !strings.Contains(out, "질문") {
			t.Errorf("%v shows neither the question nor the company:\n%s", args, out)
		}
	}
}
