package practice

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"nevermind/internal/media"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/store"
)

// clock is a settable time for the timed policy.
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

// ctl is a controller over a fresh data folder with questions of every
// type, a speech-like microphone, and the real pipeline without models
// (energy voice activity; transcribe, when set, stands in for whisper).
type ctl struct {
	*Controller
	svc    *Service
	st     *store.Store
	clock  *clock
	states chan State
	mic    func() capture.AudioSource
}

func newCtl(t *testing.T, transcribe func(ctx context.Context, x []float32) (analysis.Transcript, error)) *ctl {
	t.Helper()
	ctx := context.Background()
	dir, st := tempData(t)
	for _, ty := range store.PracticeTypes {
		lang := store.Korean
		if ty == store.TypeEnglish {
			lang = store.English
		}
		for i := 0; i < 3; i++ {
			if _, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: ty, Language: lang, Text: fmt.Sprintf("%s 질문 %d", ty, i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := &pipeline.Pipeline{Lang: "ko", NoTranscript: "no model in this test", Transcribe: transcribe}
	if transcribe != nil {
		p.NoTranscript = ""
	}
	c := &ctl{svc: NewService(dir, st, p), st: st, clock: &clock{t: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)}, states: make(chan State, 1000)}
	c.mic = func() capture.AudioSource { s := speechLike(); s.Fast = true; return s }
	devices := func() (capture.AudioSource, capture.VideoSource, error) { return c.mic(), nil, nil }
	c.Controller = NewController(c.svc, devices, nil, c.clock.now, Hooks{Changed: func(s State) {
		select {
		case c.states <- s:
		default:
		}
	}})
	t.Cleanup(c.Close)
	return c
}

// drain forgets the changes seen so far: waitFor after an action looks
// only at what the action changed.
func (c *ctl) drain() {
	for {
		select {
		case <-c.states:
		default:
			return
		}
	}
}

// The actions drain first.
func (c *ctl) Record(ctx context.Context) error { c.drain(); return c.Controller.Record(ctx) }
func (c *ctl) Stop()                            { c.drain(); c.Controller.Stop() }
func (c *ctl) Cancel()                          { c.drain(); c.Controller.Cancel() }
func (c *ctl) Next()                            { c.drain(); c.Controller.Next() }
func (c *ctl) Skip()                            { c.drain(); c.Controller.Skip() }
func (c *ctl) Retry()                           { c.drain(); c.Controller.Retry() }
func (c *ctl) FollowUp()                        { c.drain(); c.Controller.FollowUp() }

// waitFor waits until the state satisfies ok.
func (c *ctl) waitFor(t *testing.T, what string, ok func(State) bool) State {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		if st := c.State(); ok(st) {
			return st
		}
		select {
		case st := <-c.states:
			// Every change is looked at, not only the latest: a notice
			// can come and go between two polls.
			if ok(st) {
				return st
			}
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s; state %+v", what, c.State())
		}
	}
}

func phase(p Phase) func(State) bool { return func(s State) bool { return s.Phase == p } }

// record answers for about d of audio and stops.
func (c *ctl) answer(t *testing.T, d time.Duration) State {
	t.Helper()
	if err := c.Record(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(d)
	c.Stop()
	return c.waitFor(t, "the report", phase(PhaseDone))
}

func TestControllerAnswersSkipsAndFinishes(t *testing.T) {
	c := newCtl(t, nil)
	ctx := context.Background()
	if st := c.State(); st.Phase != PhaseIdle || st.CanRecord() || st.CanSkip() {
		t.Fatalf("before a session: %+v", st)
	}
	if err := c.Start(ctx, Spec{Kind: KindType, Type: store.TypeJob, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	st := c.State()
	if st.Phase != PhaseReady || len(st.Questions) != 3 || !st.CanRecord() || !st.CanSkip() || st.CanNext() || st.Timed {
		t.Fatalf("after Start: %+v", st)
	}
	if st.Question().PracticeType != store.TypeJob {
		t.Fatalf("a %s question in a job session", st.Question().PracticeType)
	}
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	st = c.State()
	if st.Phase != PhaseRecording || !st.CanStop() || !st.CanCancel() || st.CanSkip() || st.CanNext() || st.CanRecord() {
		t.Fatalf("recording: %+v", st)
	}
	if err := c.Record(ctx); !errors.Is(err, ErrBusy) {
		t.Fatalf("a second Record while recording: %v", err)
	}
	if err := c.Start(ctx, Spec{Kind: KindMock}); !errors.Is(err, ErrBusy) {
		t.Fatalf("Start while recording: %v", err)
	}
	time.Sleep(300 * time.Millisecond)
	c.Stop()
	st = c.waitFor(t, "the report", phase(PhaseDone))
	if st.Report == nil || st.Err != nil || st.Report.Attempt.Status != store.AttemptAnalyzed {
		t.Fatalf("after the analysis: report %v, err %v", st.Report, st.Err)
	}
	if !st.CanNext() || !st.CanRetry() || !st.CanRecord() || st.CanSkip() || st.CanFollowUp() {
		t.Fatalf("done (no transcript): %+v", st)
	}
	c.Next()
	st = c.State()
	if st.Phase != PhaseReady || st.Index != 1 || st.Report != nil {
		t.Fatalf("after Next: %+v", st)
	}
	c.Skip()
	c.Skip()
	st = c.State()
	if st.Phase != PhaseFinished || st.Notice != NoticeFinished || st.CanRecord() || st.CanSkip() {
		t.Fatalf("after skipping the rest: %+v", st)
	}
	sum, _ := c.st.Summary(ctx, time.UTC)
	if sum.Attempts != 1 {
		t.Fatalf("%d answers stored; want 1 (skips store nothing)", sum.Attempts)
	}
}

func TestControllerTimedPolicy(t *testing.T) {
	c := newCtl(t, nil)
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindMock, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	st := c.State()
	if !st.Timed || len(st.Questions) != 5 {
		t.Fatalf("a mock interview: timed %v, %d questions", st.Timed, len(st.Questions))
	}
	if left, ok := st.Left(c.clock.now()); !ok || left != PrepTime {
		t.Fatalf("preparation left = %v, %v", left, ok)
	}
	c.clock.add(PrepTime - time.Second)
	c.Tick(ctx)
	if c.State().Phase != PhaseReady {
		t.Fatal("recording started before the preparation time was over")
	}
	c.clock.add(time.Second)
	c.Tick(ctx)
	if st := c.State(); st.Phase != PhaseRecording {
		t.Fatalf("preparation over: phase %v, err %v", st.Phase, st.Err)
	}
	c.SetTimed(false) // not while recording
	if !c.State().Timed {
		t.Fatal("timed mode turned off mid-answer")
	}
	time.Sleep(200 * time.Millisecond)
	c.clock.add(AnswerLimit)
	c.Tick(ctx)
	st = c.waitFor(t, "the report", phase(PhaseDone))
	if st.Report == nil {
		t.Fatalf("no report: %v", st.Err)
	}
	// One retry, then no more.
	c.Retry()
	if st := c.State(); st.Phase != PhaseReady || st.Retries != 1 {
		t.Fatalf("retry: %+v", st)
	}
	c.answer(t, 200*time.Millisecond)
	st = c.State()
	if st.CanRetry() || st.CanRecord() {
		t.Fatalf("a second retry allowed in timed mode: %+v", st)
	}
	c.Retry()
	if st := c.State(); st.Phase != PhaseDone || st.Notice != NoticeNoRetry {
		t.Fatalf("refused retry: %+v", st)
	}
	// The next question gets its own retry.
	c.Next()
	if st := c.State(); st.Retries != 0 || !st.CanRecord() {
		t.Fatalf("next question: %+v", st)
	}
}

// TestControllerStopsAtTheLongestAnswer: untimed, an answer still stops
// at media.MaxAnswer, the longest the analysis takes.
func TestControllerStopsAtTheLongestAnswer(t *testing.T) {
	c := newCtl(t, nil)
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindToday, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	c.clock.add(media.MaxAnswer - time.Second)
	c.Tick(ctx)
	if c.State().Phase != PhaseRecording {
		t.Fatal("stopped before the longest answer")
	}
	c.clock.add(time.Second)
	c.Tick(ctx)
	if st := c.waitFor(t, "the report", phase(PhaseDone)); st.Report == nil {
		t.Fatalf("no report: %v", st.Err)
	}
}

func TestControllerCancelKeepsTheRecording(t *testing.T) {
	c := newCtl(t, nil)
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindToday, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	c.Cancel()
	st := c.State()
	if st.Phase != PhaseDone || st.Notice != NoticeCancelled || st.Report != nil || st.Err != nil {
		t.Fatalf("after cancel: %+v", st)
	}
	rows, _, err := c.st.AttemptPage(ctx, store.Cursor{}, 5)
	if err != nil || len(rows) != 1 || rows[0].Attempt.Status != store.AttemptRecorded {
		t.Fatalf("the cancelled answer: %+v, %v", rows, err)
	}
	m, err := c.svc.MediaOf(rows[0].Attempt)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(m.Audio); err != nil || fi.Size() < 1000 {
		t.Fatalf("the cancelled recording: %v", err)
	}
	if _, err := c.svc.StoredReport(ctx, rows[0].Attempt.ID); !errors.Is(err, ErrNotAnalyzed) {
		t.Fatalf("StoredReport of a cancelled answer: %v", err)
	}
	rep, err := c.svc.Reanalyze(ctx, rows[0].Attempt.ID, nil)
	if err != nil || rep.Attempt.Status != store.AttemptAnalyzed {
		t.Fatalf("analysing the kept recording later: %v", err)
	}
	again, err := c.svc.StoredReport(ctx, rows[0].Attempt.ID)
	if err != nil || again.Result.Feedback.Scores["overall"].Value == nil {
		t.Fatalf("the stored report: %v", err)
	}
	if err := c.svc.DeleteAttempt(ctx, rows[0].Attempt.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(m.Audio); !os.IsNotExist(err) {
		t.Fatalf("the deleted answer's recording is still there: %v", err)
	}
}

func TestControllerCancelAnalysis(t *testing.T) {
	started := make(chan struct{}, 1)
	c := newCtl(t, func(ctx context.Context, x []float32) (analysis.Transcript, error) {
		started <- struct{}{}
		<-ctx.Done() // a slow recogniser
		return analysis.Transcript{}, ctx.Err()
	})
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindToday}); err != nil {
		t.Fatal(err)
	}
	c.Record(ctx)
	time.Sleep(300 * time.Millisecond)
	c.Stop()
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("the analysis did not start")
	}
	if st := c.State(); st.Phase != PhaseAnalyzing || !st.CanCancel() || st.CanNext() {
		t.Fatalf("analysing: %+v", st)
	}
	c.Cancel()
	st := c.waitFor(t, "the cancel", phase(PhaseDone))
	if st.Notice != NoticeCancelled || st.Report != nil {
		t.Fatalf("after cancelling the analysis: %+v", st)
	}
	if !st.CanNext() || !st.CanRecord() {
		t.Fatalf("stuck after a cancelled analysis: %+v", st)
	}
}

func TestControllerFollowUpComesNext(t *testing.T) {
	c := newCtl(t, func(ctx context.Context, x []float32) (analysis.Transcript, error) {
		return analysis.Transcript{Language: "ko", Text: "결제 시스템의 장애를 줄이기 위해 모니터링을 도입했고 응답 시간을 40% 줄였습니다."}, nil
	})
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindType, Type: store.TypeBasic, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	first := c.State().Question()
	st := c.answer(t, 300*time.Millisecond)
	if !st.CanFollowUp() {
		t.Fatalf("no follow-up on a transcribed answer: %+v", st)
	}
	c.FollowUp()
	st = c.waitFor(t, "the follow-up", func(s State) bool { return !s.Busy && s.Phase == PhaseReady })
	if st.Err != nil || st.Notice != NoticeFollowUpReady || st.Index != 1 || len(st.Questions) != 4 {
		t.Fatalf("after the follow-up: err %v, notice %q, index %d, %d questions", st.Err, st.Notice, st.Index, len(st.Questions))
	}
	fu := st.Question()
	if fu.Origin != store.OriginGenerated || fu.Category != "followup" || fu.Text == first.Text {
		t.Fatalf("the follow-up question: %+v", fu)
	}
	// It is answered like any other, and stored in the same session.
	c.answer(t, 200*time.Millisecond)
	rows, _, _ := c.st.AttemptPage(ctx, store.Cursor{}, 5)
	if len(rows) != 2 || rows[0].Question.ID != fu.ID {
		t.Fatalf("answers: %+v", rows)
	}
}

func TestControllerOneQuestionAndErrors(t *testing.T) {
	c := newCtl(t, nil)
	ctx := context.Background()
	qs, _ := c.st.Questions(ctx, store.QuestionFilter{Type: store.TypeSituational})
	if err := c.Start(ctx, Spec{Kind: KindOne, IDs: []int64{qs[1].ID}}); err != nil {
		t.Fatal(err)
	}
	if st := c.State(); len(st.Questions) != 1 || st.Question().ID != qs[1].ID {
		t.Fatalf("one question: %+v", st.Questions)
	}
	// Devices that cannot open: an error, the question stays.
	c.devices = func() (capture.AudioSource, capture.VideoSource, error) {
		return nil, nil, errors.New("the microphone is in use")
	}
	if err := c.Record(ctx); err == nil {
		t.Fatal("Record with a busy microphone did not fail")
	}
	if st := c.State(); st.Phase != PhaseReady || st.Err == nil || !st.CanRecord() {
		t.Fatalf("after a device error: %+v", st)
	}
	c.Stop() // nothing to stop: no effect
	if c.State().Phase != PhaseReady {
		t.Fatal("Stop changed a session that was not recording")
	}
	for _, ty := range []store.PracticeType{store.TypeJob, store.TypeBasic} {
		ids, _ := c.st.Questions(ctx, store.QuestionFilter{Type: ty})
		for _, q := range ids {
			c.st.DeleteQuestion(ctx, q.ID)
		}
	}
	if err := c.Start(ctx, Spec{Kind: KindType, Type: store.TypeJob}); !errors.Is(err, ErrNoQuestions) {
		t.Fatalf("a session with no questions: %v", err)
	}
}

func TestControllerSilenceCueAndLostDevice(t *testing.T) {
	testenv.Long(t)
	c := newCtl(t, nil)
	ctx := context.Background()
	// A muted microphone that is unplugged after 7 s of audio, in real
	// time (played fast, the level tap could drop the levels after 6 s).
	c.mic = func() capture.AudioSource {
		return &capturetest.Source{Label: "muted", Rate: 48000, Channels: 1, Frames: 7 * 48000, Gen: func(int64, []float32) {}}
	}
	if err := c.Start(ctx, Spec{Kind: KindToday}); err != nil {
		t.Fatal(err)
	}
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "the silence cue", func(s State) bool { return s.Notice == NoticeSilent })
	st := c.waitFor(t, "the end of the lost recording", phase(PhaseDone))
	if st.Notice != NoticeDeviceLost && st.Notice != NoticeSilent {
		t.Fatalf("after the device went away: %+v", st)
	}
	if st.Report == nil && st.Err == nil {
		t.Fatalf("the recording before the device went away was neither analysed nor refused: %+v", st)
	}
}

// mute is a microphone that starts and never delivers a sample.
type mute struct{}

func (mute) Name() string                             { return "mute" }
func (mute) Format() (int, int)                       { return 48000, 1 }
func (mute) Start(func([]float32), func(error)) error { return nil }
func (mute) Stop() error                              { return nil }

// TestControllerCancelBeforeAnythingIsRecorded: a recording cancelled
// before a sample arrived is not kept as an empty answer to analyse later.
func TestControllerCancelBeforeAnythingIsRecorded(t *testing.T) {
	c := newCtl(t, nil)
	c.mic = func() capture.AudioSource { return mute{} }
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindToday, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	c.Cancel()
	if st := c.State(); st.Phase != PhaseDone || st.Notice != NoticeCancelledEmpty || st.Err != nil {
		t.Fatalf("after cancel: %+v", st)
	}
	rows, _, err := c.st.AttemptPage(ctx, store.Cursor{}, 5)
	if err != nil || len(rows) != 0 {
		t.Fatalf("an empty answer was kept: %+v, %v", rows, err)
	}
	var files []string
	filepath.WalkDir(c.svc.Dir.MediaDir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 0 {
		t.Fatalf("files left behind: %v", files)
	}
}

// TestControllerSilenceCueClearsWhenTheVoiceComes: a recording that starts
// in silence gets the cue, and loses it as soon as speech is heard.
func TestControllerSilenceCueClearsWhenTheVoiceComes(t *testing.T) {
	testenv.Long(t)
	c := newCtl(t, nil)
	ctx := context.Background()
	speech := speechLike()
	// 7 s of silence, then speech, in real time: played fast, the level
	// tap (which drops what its reader cannot take) could skip the
	// silent stretch after 6 s.
	c.mic = func() capture.AudioSource {
		return &capturetest.Source{Label: "late speaker", Rate: 48000, Channels: 1, Frames: 9 * 48000, Gen: func(n int64, buf []float32) {
			if n >= 7*48000 {
				speech.Gen(n, buf)
			}
		}}
	}
	if err := c.Start(ctx, Spec{Kind: KindToday}); err != nil {
		t.Fatal(err)
	}
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "the silence cue", func(s State) bool { return s.Notice == NoticeSilent })
	c.waitFor(t, "the cue to go when the voice came", func(s State) bool { return s.Phase == PhaseRecording && s.Notice == NoticeNone })
}
