package practice

import (
	"context"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// TestStartSessionAvoidsRecentQuestions: questions practised in the last
// days come last, least recent first, and only when the others run out.
func TestStartSessionAvoidsRecentQuestions(t *testing.T) {
	ctx := context.Background()
	t.Setenv(appdata.EnvHome, t.TempDir())
	dir, err := appdata.Open()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids []int64
	for _, q := range []string{"하나", "둘", "셋", "넷"} {
		id, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: q})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	svc := &Service{Dir: dir, Store: st}
	// Practise questions 1 (two hours ago) and 2 (one hour ago).
	for i, ago := range []time.Duration{2 * time.Hour, time.Hour} {
		_, sqs, err := st.StartSession(ctx, store.TypeJob, 0, []int64{ids[i]})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: time.Now().Add(-ago), Status: store.AttemptAnalyzed}); err != nil {
			t.Fatal(err)
		}
	}
	for run := 0; run < 5; run++ {
		_, sqs, err := svc.StartSession(ctx, store.TypeJob, store.Korean, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, sq := range sqs {
			if sq.QuestionID == ids[0] || sq.QuestionID == ids[1] {
				t.Fatalf("run %d: recently practised question %d picked while others were free", run, sq.QuestionID)
			}
		}
	}
	_, sqs, err := svc.StartSession(ctx, store.TypeJob, store.Korean, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(sqs) != 3 || sqs[2].QuestionID != ids[0] {
		t.Errorf("with 3 wanted, the third should be the least recently practised (%d): %+v", ids[0], sqs)
	}
	if _, _, err := svc.StartSession(ctx, store.TypeSituational, store.Korean, 2); err == nil {
		t.Error("a session with no questions of its type started")
	}
}
