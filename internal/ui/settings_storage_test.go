package ui

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nevermind/internal/capture"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// storageFixture files answers with recordings in three months of 2025,
// for two applications and for practice outside one; the disk is said to
// have 1.5 GB free. It returns the attempts' ids in the order made.
func storageFixture(t *testing.T, st *store.Store, svc *practice.Service) []int64 {
	t.Helper()
	ctx := context.Background()
	ivs, _ := st.Interviews(ctx)
	iv2, err := st.AddInterview(ctx, store.Interview{Company: "새솔바이오", Date: "2026-12-20"})
	if err != nil {
		t.Fatal(err)
	}
	qs, _ := st.Questions(ctx, store.QuestionFilter{Origin: store.OriginBank})
	type answer struct {
		iv      int64
		q       int
		when    string
		video   int64 // bytes; 0: audio only
		overall float64
	}
	answers := []answer{
		{ivs[0].ID, 0, "2025-09-03T10:00:00Z", 41_000_000, 62},
		{ivs[0].ID, 0, "2025-10-11T10:00:00Z", 38_000_000, 74}, // the best of question 0
		{ivs[0].ID, 1, "2025-10-12T10:00:00Z", 22_000_000, 58},
		{iv2, 2, "2025-11-02T10:00:00Z", 35_000_000, 66},
		{iv2, 2, "2025-11-20T10:00:00Z", 0, 70},
		{0, 3, "2025-11-28T10:00:00Z", 18_000_000, 0},
		{ivs[0].ID, 1, "2025-11-05T10:00:00Z", 20_000_000, 80}, // the best of question 1
		{iv2, 2, "2025-11-25T10:00:00Z", 30_000_000, 72},       // the best of question 2 with a video
	}
	var ids []int64
	for i, a := range answers {
		_, sqs, err := st.StartSession(ctx, store.TypeBasic, a.iv, []int64{qs[a.q].ID})
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Join(svc.Dir.MediaDir(), "s", "a"+string(rune('a'+i)))
		os.MkdirAll(filepath.Dir(base), 0o700)
		mk := func(p string, n int64) string {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			f.Truncate(n)
			f.Close()
			r, _ := svc.Dir.Rel(p)
			return r
		}
		audio, video := mk(base+".weba", 480_000), ""
		if a.video > 0 {
			video = mk(base+".webm", a.video)
		}
		at, _ := time.Parse(time.RFC3339, a.when)
		id, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: at, Status: store.AttemptRecorded, AudioPath: audio, VideoPath: video})
		if err != nil {
			t.Fatal(err)
		}
		if a.overall > 0 {
			v := a.overall
			if err := st.SaveFeedback(ctx, store.Feedback{AttemptID: id, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`, Scores: []store.Score{{Dimension: "overall", Score: &v}}}); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, id)
	}
	svc.DiskFree = func(string) (uint64, error) { return 1_500_000_000, nil }
	return ids
}

// TestStorageSettings: the storage card shows what the recordings take by
// month and by application and warns of a nearly full disk, in Korean
// and English; choosing to keep videos 30 days asks first, naming how
// many go, and cancelling deletes nothing; confirming deletes those
// videos only, never a question's best one, an audio or a report.
func TestStorageSettings(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	for _, lang := range []i18n.Lang{i18n.KO, i18n.EN} {
		st, svc := appFixture(t)
		ids := storageFixture(t, st, svc)
		w := test.NewWindow(nil)
		w.Resize(fyne.NewSize(900, 700))
		var s *settingsScreen
		fyne.DoAndWait(func() { s = newSettingsScreen(lang, svc, func() fyne.Window { return w }, func() {}) })
		u, err := svc.Storage(context.Background())
		if err != nil || u.Answers != 8 || u.Videos != 7 || u.Total != 8*480_000+204_000_000 {
			t.Fatalf("usage %+v, %v", u, err)
		}
		eventually(t, "the storage measured", func() bool { return strings.Contains(s.storage.summary.Text, bytesText(u.Total)) })
		var sum, months, apps string
		fyne.DoAndWait(func() { sum, months, apps = s.storage.summary.Text, s.storage.months.Text, s.storage.apps.Text })
		t.Logf("%s:\n%s\n%s\n%s", lang, sum, months, apps)
		for _, want := range []string{bytesText(u.Total), bytesText(u.Video), "8", "7", "1.5 GB", "⚠"} {
			if !strings.Contains(sum, want) {
				t.Errorf("%s: summary %q lacks %q", lang, sum, want)
			}
		}
		if !strings.HasPrefix(months, "2025-11") || !strings.Contains(months, "2025-09") || !strings.Contains(apps, "한빛페이") || !strings.Contains(apps, "새솔바이오") {
			t.Errorf("%s: by month %q, by application %q", lang, months, apps)
		}
		render(t, "storage_"+string(lang)+".png", s.storage.card, 760, 560)
		w.Close()
		if lang != i18n.KO {
			continue
		}
		// 30 days, cancelled: nothing goes and the choice is put back.
		fyne.DoAndWait(func() { s.storage.keep.SetSelectedIndex(1) })
		eventually(t, "the question", func() bool { return s.storage.confirmed != nil })
		var question string
		fyne.DoAndWait(func() { question = s.storage.question })
		if !strings.Contains(question, "영상 3개") || !strings.Contains(question, "30일") {
			t.Errorf("the question: %q", question)
		}
		fyne.DoAndWait(func() { test.Tap(s.storage.confirmed.cancel) })
		if set, _ := st.Settings(context.Background()); set.VideoDays != 0 {
			t.Errorf("cancelled, and the retention is %d days", set.VideoDays)
		}
		fyne.DoAndWait(func() {
			if s.storage.keep.SelectedIndex() != 0 {
				t.Errorf("cancelled, and the choice shows %q", s.storage.keep.Selected)
			}
		})
		for _, id := range ids {
			if a, _ := st.Attempt(context.Background(), id); a.AudioPath == "" {
				t.Errorf("answer %d lost its audio", id)
			}
		}
		// 30 days, confirmed.
		s.storage.confirmed = nil
		fyne.DoAndWait(func() { s.storage.keep.SetSelectedIndex(1) })
		eventually(t, "the question again", func() bool { return s.storage.confirmed != nil })
		fyne.DoAndWait(func() { test.Tap(s.storage.confirmed.del) })
		eventually(t, "the deletion", func() bool { return strings.Contains(s.storage.status.Text, "영상 3개") })
		for i, id := range ids {
			a, _ := st.Attempt(context.Background(), id)
			if a.AudioPath == "" {
				t.Errorf("answer %d lost its audio", i)
			}
			gone := i == 0 || i == 2 || i == 3
			if gone != (a.VideoPath == "") && i != 4 {
				t.Errorf("answer %d: video %q after keeping 30 days", i, a.VideoPath)
			}
			if _, err := st.Feedback(context.Background(), id); err != nil && i != 5 {
				t.Errorf("answer %d lost its report: %v", i, err)
			}
		}
	}
}

// TestStorageConvertsOldRecordings: an answer kept as WAV is offered for
// conversion, and the button converts it with the originals gone only
// after.
func TestStorageConvertsOldRecordings(t *testing.T) {
	if !capture.Compressed() {
		t.Skip("this build records no WebM (make test builds with the codecs tag)")
	}
	newTestApp(t)
	st, svc := appFixture(t)
	ctx := context.Background()
	qs, _ := st.Questions(ctx, store.QuestionFilter{Origin: store.OriginBank})
	_, sqs, err := st.StartSession(ctx, store.TypeBasic, 0, []int64{qs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(svc.Dir.MediaDir(), "o", "old.wav")
	os.MkdirAll(filepath.Dir(p), 0o700)
	a := media.Audio{SampleRate: 48000, Channels: 1, Samples: make([]float32, 48000*2)}
	for i := range a.Samples {
		a.Samples[i] = float32(0.2 * math.Sin(float64(i)/20))
	}
	if err := media.WriteWAVFile(p, a, 16); err != nil {
		t.Fatal(err)
	}
	rel, _ := svc.Dir.Rel(p)
	id, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, Status: store.AttemptRecorded, AudioPath: rel})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	defer w.Close()
	var s *settingsScreen
	fyne.DoAndWait(func() { s = newSettingsScreen(i18n.KO, svc, func() fyne.Window { return w }, func() {}) })
	eventually(t, "the offer to convert", func() bool { return !s.storage.convert.Hidden && strings.Contains(s.storage.old.Text, "1개") })
	fyne.DoAndWait(func() { test.Tap(s.storage.convert) })
	eventually(t, "the conversion", func() bool { return strings.Contains(s.storage.status.Text, "답변 1개를 변환") })
	got, _ := st.Attempt(ctx, id)
	if filepath.Ext(got.AudioPath) != ".weba" {
		t.Errorf("the answer names %q", got.AudioPath)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the WAV is still there: %v", err)
	}
	eventually(t, "the offer gone", func() bool { return s.storage.convert.Hidden })
}

// TestLowDiskWarnsBeforeRecording: under 2 GB free the record button asks
// first (once a screen); "record anyway" records, cancel does not.
func TestLowDiskWarnsBeforeRecording(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	svc.DiskFree = func(string) (uint64, error) { return 1_200_000_000, nil }
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	p := m.practice
	fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic}) })
	eventually(t, "the session", func() bool { return p.ctl.State().CanRecord() })
	fyne.DoAndWait(func() { p.toggle() })
	if p.spaceDialog == nil || p.spaceGo == nil {
		t.Fatal("no warning before recording with 1.2 GB free")
	}
	time.Sleep(300 * time.Millisecond)
	if p.ctl.State().CanStop() {
		t.Fatal("it records before the warning is answered")
	}
	fyne.DoAndWait(func() { test.Tap(p.spaceGo) })
	eventually(t, "the recording", func() bool { return p.ctl.State().CanStop() })
	fyne.DoAndWait(func() { p.toggle() })
	eventually(t, "the answer done", func() bool { return p.ctl.State().CanRecord() || p.ctl.State().CanNext() })
}
