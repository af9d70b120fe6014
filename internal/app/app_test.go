package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/engines"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// fakeModels opens speech "models" that say their own name, and fail as
// whisper.cpp's binding does once closed.
type fakeModels struct {
	mu     sync.Mutex
	opened []*fakeModel
}

type fakeModel struct {
	name   string
	mu     sync.Mutex
	closed bool
}

var errClosed = errors.New("whisper transcriber is closed")

func (m *fakeModel) isClosed() bool { m.mu.Lock(); defer m.mu.Unlock(); return m.closed }

func (m *fakeModel) hear(ctx context.Context, x []float32) (analysis.Transcript, error) {
	// Recognising takes a moment, as it does on a real model.
	select {
	case <-ctx.Done():
		return analysis.Transcript{}, ctx.Err()
	case <-time.After(50 * time.Millisecond):
	}
	if m.isClosed() {
		return analysis.Transcript{}, errClosed
	}
	d := float64(len(x)) / 16000
	text := m.name + " 모델이 들은 답변입니다"
	w := []analysis.TimedText{{Start: 0, End: d / 2, Text: m.name}, {Start: d / 2, End: d, Text: "답변입니다"}}
	return analysis.Transcript{Text: text, Language: "ko", Model: m.name, Segments: []analysis.TimedText{{Start: 0, End: d, Text: text}}, Words: w}, nil
}

func (f *fakeModels) open(lang, model string) (engines.Speech, error) {
	f.mu.Lock()
	m := &fakeModel{name: fmt.Sprintf("m%d", len(f.opened)+1)}
	f.opened = append(f.opened, m)
	f.mu.Unlock()
	return engines.Speech{
		Path:       m.name,
		Transcribe: m.hear,
		TranscribePart: func(ctx context.Context, x []float32, _ pipeline.Part) (analysis.Transcript, error) {
			return m.hear(ctx, x)
		},
		Close: func() { m.mu.Lock(); m.closed = true; m.mu.Unlock() },
	}, nil
}

func (f *fakeModels) model(i int) *fakeModel {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opened[i]
}

// voice is a microphone that speaks in bursts, faster than real time.
func voice() capture.AudioSource {
	s := capturetest.SpeechLike()
	s.Fast = true
	return s
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openTestApp(t *testing.T) (*App, *fakeModels) {
	t.Helper()
	t.Setenv(appdata.EnvHome, filepath.Join(t.TempDir(), "home"))
	a, err := Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a.RecoverErr != nil {
		t.Fatal(a.RecoverErr)
	}
	t.Cleanup(a.Close)
	f := &fakeModels{}
	a.openSpeech = f.open
	return a, f
}

func waitPhase(t *testing.T, c *practice.Controller, p practice.Phase) practice.State {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if st := c.State(); st.Phase == p {
			return st
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for phase %d; state %+v", p, c.State())
	return practice.State{}
}

// TestSpeechSwapDuringAnswer: a speech model installed or chosen while an
// answer is being recorded (the swap on one goroutine, the timed mode's
// ticker starting the answer on another) leaves that answer with the
// model it started with, which gives its transcript; the old model is
// closed once the answer is stored, and the next answer uses the new one.
func TestSpeechSwapDuringAnswer(t *testing.T) {
	a, models := openTestApp(t)
	ctx := context.Background()
	a.LoadEngines(ctx)
	if !a.Practice.Ready() {
		t.Fatal("the engines did not load")
	}
	qid, err := a.Store.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: store.Korean, Text: "자기소개를 해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)}
	devices := func() (capture.AudioSource, capture.VideoSource, error) { return voice(), nil, nil }
	c := practice.NewController(a.Practice, devices, nil, clk.now, practice.Hooks{})
	defer c.Close()
	c.SetTimed(true)
	if err := c.Start(ctx, practice.Spec{Kind: practice.KindOne, IDs: []int64{qid}}); err != nil {
		t.Fatal(err)
	}
	// The preparation time is over: the ticker starts the answer while
	// Settings swaps the model.
	clk.add(practice.PrepTime + time.Second)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.Tick(ctx) }()
	go func() { defer wg.Done(); a.ReloadSpeech(ctx) }()
	wg.Wait()
	waitPhase(t, c, practice.PhaseRecording)
	time.Sleep(1500 * time.Millisecond)
	// And once more while the answer is being recorded.
	a.ReloadSpeech(ctx)
	c.Stop()
	st := waitPhase(t, c, practice.PhaseDone)
	if st.Err != nil {
		t.Fatalf("the answer failed: %v", st.Err)
	}
	rep := st.Report
	if rep == nil || rep.Result == nil {
		t.Fatal("no report")
	}
	if why := rep.Result.Skipped["speech"]; why != "" {
		t.Fatalf("no transcript: %s", why)
	}
	tr := rep.Result.Report.Transcript
	if tr == nil || !strings.Contains(tr.Text, "모델이 들은") {
		t.Fatalf("transcript %+v", tr)
	}
	used := strings.Fields(tr.Text)[0]
	if stored, err := a.Store.Transcript(ctx, rep.Attempt.ID); err != nil || stored.Text != tr.Text {
		t.Fatalf("stored transcript %q, %v; want %q", stored.Text, err, tr.Text)
	}
	// Every model but the newest is closed now that no answer uses it.
	n := len(models.opened)
	if n < 2 {
		t.Fatalf("%d models opened; the swaps opened none", n)
	}
	for i := 0; i < n-1; i++ {
		if !models.model(i).isClosed() {
			t.Errorf("model %s is still open after its last answer was stored", models.model(i).name)
		}
	}
	newest := models.model(n - 1)
	if newest.isClosed() {
		t.Fatal("the model in use was closed")
	}
	if used == newest.name && n > 2 {
		t.Errorf("the answer used %s, swapped in after it started", used)
	}
	// The next answer uses the newest model.
	c.Retry()
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1200 * time.Millisecond)
	c.Stop()
	st = waitPhase(t, c, practice.PhaseDone)
	if tr := st.Report.Result.Report.Transcript; tr == nil || !strings.HasPrefix(tr.Text, newest.name+" ") {
		t.Fatalf("the next answer's transcript %+v; want %s's", tr, newest.name)
	}
}

// TestReloadBeforeEnginesLoad: a model change before the engines have
// loaded opens nothing (loading reads the choice).
func TestReloadBeforeEnginesLoad(t *testing.T) {
	a, models := openTestApp(t)
	a.ReloadSpeech(context.Background())
	if len(models.opened) != 0 || a.Practice.Ready() {
		t.Fatalf("opened %d models, ready %v", len(models.opened), a.Practice.Ready())
	}
	if _, _, err := a.Devices(); !errors.Is(err, practice.ErrLoading) {
		t.Fatalf("devices before the engines: %v", err)
	}
}
