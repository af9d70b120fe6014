package practice

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/media"
	"nevermind/internal/store"
)

func writeTone(t *testing.T, p string, seconds float64) {
	t.Helper()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := int(seconds * 16000)
	x := make([]float32, n)
	for i := range x {
		x[i] = 0.2 * float32((i/40)%2*2-1)
	}
	if err := media.WriteWAV(f, media.Audio{SampleRate: 16000, Channels: 1, Samples: x}, 16); err != nil {
		t.Fatal(err)
	}
}

// TestImportAttemptRefusesBadFilesStoringNothing: unreadable answers are
// refused before a session or an attempt exists, naming the user's file,
// with nothing left in the database or the media folder.
func TestImportAttemptRefusesBadFilesStoringNothing(t *testing.T) {
	ctx := context.Background()
	dir, st := tempData(t)
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: "ko", Text: "자기소개를 해 주세요."})
	svc := NewService(dir, st, &pipeline.Pipeline{})
	in := t.TempDir()
	empty := filepath.Join(in, "empty.wav")
	os.WriteFile(empty, nil, 0o600)
	garbage := filepath.Join(in, "garbage.wav")
	os.WriteFile(garbage, []byte(strings.Repeat("\x01\x02garbage", 4000)), 0o600)
	ogg := filepath.Join(in, "answer.ogg")
	os.WriteFile(ogg, []byte("OggS\x00\x02"+strings.Repeat("\x00", 100)), 0o600)
	oggNamedWav := filepath.Join(in, "ogg.wav")
	os.WriteFile(oggNamedWav, []byte("OggS\x00\x02"+strings.Repeat("\x00", 100)), 0o600)
	short := filepath.Join(in, "short.wav")
	writeTone(t, short, 0.2)
	good := filepath.Join(in, "good.wav")
	writeTone(t, good, 2)
	badVideo := filepath.Join(in, "answer.avi")
	os.WriteFile(badVideo, []byte(strings.Repeat("RIFF junk ", 1000)), 0o600)
	for name, c := range map[string]struct{ audio, video string }{
		"empty":           {empty, ""},
		"garbage":         {garbage, ""},
		"ogg":             {ogg, ""},
		"ogg named .wav":  {oggNamedWav, ""},
		"too short":       {short, ""},
		"missing":         {filepath.Join(in, "nope.wav"), ""},
		"a folder":        {in, ""},
		"garbage video":   {good, badVideo},
		"a text as video": {good, empty},
	} {
		_, err := svc.ImportAttempt(ctx, qid, c.audio, c.video, nil)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		named := c.audio
		if c.video != "" {
			named = c.video
		}
		if !strings.Contains(err.Error(), named) {
			t.Errorf("%s: %q does not name the user's file %s", name, err, named)
		}
		if strings.Contains(err.Error(), dir.Root) {
			t.Errorf("%s: %q names the data folder's copy", name, err)
		}
	}
	sessions, _ := st.Sessions(ctx, 100)
	files, _ := os.ReadDir(dir.MediaDir())
	if len(sessions) != 0 || len(files) != 0 {
		t.Fatalf("refused imports left %d sessions and %d media entries", len(sessions), len(files))
	}
}

// TestKilledImportIsRecovered: the states a SIGKILL leaves — during the
// copy (a .copying file, the attempt still "recording") and during the
// analysis (the file in place, "recording") — come back at the next start
// as interrupted, with no orphan file.
func TestKilledImportIsRecovered(t *testing.T) {
	ctx := context.Background()
	dir, st := tempData(t)
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: "ko", Text: "자기소개를 해 주세요."})
	_, sqs, _ := st.StartSession(ctx, store.TypeBasic, 0, []int64{qid})
	folder := filepath.Join(dir.MediaDir(), "1")
	os.MkdirAll(folder, 0o700)
	// Killed while copying.
	os.WriteFile(filepath.Join(folder, "import-1.wav"+copyingSuffix), make([]byte, 1000), 0o600)
	copying, _ := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, Duration: 2 * time.Second, AudioPath: "media/1/import-1.wav"})
	// Killed while analysing.
	writeTone(t, filepath.Join(folder, "import-2.wav"), 2)
	analyzing, _ := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, Duration: 2 * time.Second, AudioPath: "media/1/import-2.wav"})

	rec, err := RecoverInterrupted(ctx, dir, st)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Partial != 1 || rec.Attempts != 2 {
		t.Fatalf("%+v", rec)
	}
	for id, want := range map[int64]time.Duration{copying: 0, analyzing: 2 * time.Second} {
		a, _ := st.Attempt(ctx, id)
		if a.Status != store.AttemptInterrupted || a.Duration != want {
			t.Errorf("attempt %d: %s %v; want interrupted %v", id, a.Status, a.Duration, want)
		}
	}
	left, _ := filepath.Glob(filepath.Join(folder, "*"+copyingSuffix))
	if len(left) != 0 {
		t.Fatalf("orphans left: %v", left)
	}
}

// TestStoredPathsStayInMedia: an attempt whose recording path leads out of
// the media folder (through a link planted there) is not analysed or
// replayed.
func TestStoredPathsStayInMedia(t *testing.T) {
	ctx := context.Background()
	dir, st := tempData(t)
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: "ko", Text: "자기소개를 해 주세요."})
	_, sqs, _ := st.StartSession(ctx, store.TypeBasic, 0, []int64{qid})
	outside := t.TempDir()
	writeTone(t, filepath.Join(outside, "x.wav"), 1)
	if err := os.Symlink(outside, filepath.Join(dir.MediaDir(), "9")); err != nil {
		t.Fatal(err)
	}
	id, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, Status: store.AttemptRecorded, AudioPath: "media/9/x.wav"})
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(dir, st, &pipeline.Pipeline{})
	if _, err := svc.Reanalyze(ctx, id, nil); err == nil || !strings.Contains(err.Error(), appdata.ErrUnsafePath.Error()) {
		t.Fatalf("reanalyse through a link out of media: %v", err)
	}
	a, _ := st.Attempt(ctx, id)
	if _, err := svc.MediaOf(a); err == nil {
		t.Fatal("MediaOf resolved a path that leaves media")
	}
}
