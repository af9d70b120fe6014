package practice

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"nevermind/internal/media"
	"nevermind/internal/store"
)

// TestRecoverInterrupted: an attempt whose recording was cut off by a
// crash (header never updated after the last flush, marker left behind)
// comes back as interrupted with the audio that reached the disk; one
// whose file never appeared is failed; finished attempts are untouched.
func TestRecoverInterrupted(t *testing.T) {
	ctx := context.Background()
	dir, st := tempData(t)
	qid, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: "ko", Text: "자기소개를 해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	_, sqs, err := st.StartSession(ctx, store.TypeBasic, 0, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	// The crashed recording: 2 s flushed, 0.5 s more written after the
	// last header update.
	rel := "media/s1/a1.wav"
	abs := filepath.Join(dir.Root, rel)
	os.MkdirAll(filepath.Dir(abs), 0o700)
	w, err := media.CreateWAVStream(abs, 16000, 1)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]float32, 32000))
	w.Flush()
	f, _ := os.OpenFile(abs, os.O_WRONLY|os.O_APPEND, 0)
	f.Write(make([]byte, 16000))
	f.Close()
	m, _ := json.Marshal(map[string]any{"audio": abs, "video": "", "frames": "", "started": time.Now()})
	os.WriteFile(filepath.Join(dir.Root, "media/s1/a1.recording"), m, 0o600)

	crashed, _ := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, AudioPath: rel})
	lost, _ := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, AudioPath: "media/s1/never.wav"})
	done, _ := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, AudioPath: rel, Status: store.AttemptAnalyzed, Duration: 7 * time.Second})

	rec, err := RecoverInterrupted(ctx, dir, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Recordings) != 1 || rec.Attempts != 2 {
		t.Fatalf("%+v", rec)
	}
	if d := rec.Recordings[0].Duration; d != 2500*time.Millisecond {
		t.Errorf("recovered %v, want 2.5 s (the unflushed tail included)", d)
	}
	for id, want := range map[int64]struct {
		st store.AttemptStatus
		d  time.Duration
	}{crashed: {store.AttemptInterrupted, 2500 * time.Millisecond}, lost: {store.AttemptFailed, 0}, done: {store.AttemptAnalyzed, 7 * time.Second}} {
		a, err := st.Attempt(ctx, id)
		if err != nil || a.Status != want.st || a.Duration != want.d {
			t.Errorf("attempt %d: %s %v (%v); want %s %v", id, a.Status, a.Duration, err, want.st, want.d)
		}
	}
}
