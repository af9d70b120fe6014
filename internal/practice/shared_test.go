package practice

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/export"
	"nevermind/internal/store"
)

// answerHome is a data folder with one answer whose audio and video hold
// the given bytes, started at the given time.
func answerHome(t *testing.T, started time.Time, audio, video []byte) (*Service, int64) {
	t.Helper()
	ctx := context.Background()
	dir, err := appdata.OpenAt(filepath.Join(t.TempDir(), "home"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	qid, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "Redis를 왜 도입했나요?"})
	if err != nil {
		t.Fatal(err)
	}
	_, sqs, err := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir.Root, "media/1"), 0o700)
	for rel, b := range map[string][]byte{"media/1/a.wav": audio, "media/1/a.avi": video, "media/1/a.frames": video} {
		if err := os.WriteFile(filepath.Join(dir.Root, rel), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	id, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: started, Status: store.AttemptRecorded,
		AudioPath: "media/1/a.wav", VideoPath: "media/1/a.avi", Duration: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return NewService(dir, st, nil), id
}

// TestDeleteAfterIdenticalImportKeepsTheOtherRecording: an archive whose
// answer has recordings byte for byte the same, under the same names, as
// an answer already here. Deleting either answer afterwards leaves the
// other's recordings whole.
func TestDeleteAfterIdenticalImportKeepsTheOtherRecording(t *testing.T) {
	ctx := context.Background()
	audio, video := []byte("RIFF-the-same-audio-bytes"), []byte("RIFF-the-same-video-bytes")
	for _, deleteImported := range []bool{true, false} {
		mine, myID := answerHome(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), audio, video)
		theirs, _ := answerHome(t, time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), audio, video)
		archive := filepath.Join(t.TempDir(), "theirs.nmx")
		if _, err := export.Export(ctx, theirs.Store, theirs.Dir, archive, export.Options{}); err != nil {
			t.Fatal(err)
		}
		res, err := export.Import(ctx, mine.Store, mine.Dir, archive, "")
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Added["attempt"] != 1 {
			t.Fatalf("import added %v", res.Stats.Added)
		}
		rows, _, err := mine.Store.AttemptPage(ctx, store.Cursor{}, 10)
		if err != nil || len(rows) != 2 {
			t.Fatalf("%d answers, %v", len(rows), err)
		}
		var importedID int64
		for _, r := range rows {
			if r.Attempt.ID != myID {
				importedID = r.Attempt.ID
				if r.Attempt.AudioPath == "media/1/a.wav" || r.Attempt.VideoPath == "media/1/a.avi" {
					t.Errorf("the imported answer shares a recording: %s %s", r.Attempt.AudioPath, r.Attempt.VideoPath)
				}
			}
		}
		gone, kept := importedID, myID
		if !deleteImported {
			gone, kept = myID, importedID
		}
		if err := mine.DeleteAttempt(ctx, gone); err != nil {
			t.Fatal(err)
		}
		a, err := mine.Store.Attempt(ctx, kept)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mine.MediaOf(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{m.Audio, m.Video, m.Frames} {
			b, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(b, audio) && !bytes.Equal(b, video) {
				t.Errorf("deleting answer %d took answer %d's %s: %v", gone, kept, filepath.Base(p), err)
			}
		}
	}
}

// TestDeleteLeavesASharedRecording: two answers that store the same file
// (as an import by an older NEVER MIND could leave them): deleting one
// keeps the file; deleting the last removes it.
func TestDeleteLeavesASharedRecording(t *testing.T) {
	ctx := context.Background()
	svc, first := answerHome(t, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), []byte("audio"), []byte("video"))
	a, _ := svc.Store.Attempt(ctx, first)
	second, err := svc.Store.AddAttempt(ctx, store.Attempt{SessionQuestionID: a.SessionQuestionID, StartedAt: a.StartedAt.Add(time.Hour), Status: store.AttemptRecorded,
		AudioPath: a.AudioPath, VideoPath: a.VideoPath, Duration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := svc.MediaOf(a)
	if err := svc.DeleteAttempt(ctx, first); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{m.Audio, m.Video, m.Frames} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("a recording another answer stores was deleted: %v", err)
		}
	}
	if err := svc.DeleteAttempt(ctx, second); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{m.Audio, m.Video, m.Frames} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("the last answer's recording stays: %v", err)
		}
	}
}
