package practice

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"strings"
	"sync"
	"time"

	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/media"
	"nevermind/internal/store"
)

// Kind is how a practice session picks its questions.
type Kind string

// Session kinds.
const (
	KindToday Kind = "today" // today's routine (the plan's questions), or three basic ones
	KindMock  Kind = "mock"  // a full mock interview: an opening, job questions, a hard one; timed
	KindType  Kind = "type"  // five questions of one practice type
	KindOne   Kind = "one"   // one chosen question
	// KindInterview is the spoken mock interview (모의 면접): the
	// interviewer asks each question aloud, waits for the answer to end
	// (a key, or silence after speech), follows up, and the whole
	// interview is reviewed (interviewer.go).
	KindInterview Kind = "interview"
)

// Spec says which session to start.
type Spec struct {
	Kind Kind
	Type store.PracticeType // KindType
	Lang store.Language
	IDs  []int64 // KindToday: the routine's questions; KindOne: the question
	// KindInterview: the questions after the self-introduction (0: the
	// default) and the interview in the plan it rehearses (0: none); for
	// KindToday and KindOne, the application whose questions they are.
	N           int
	InterviewID int64
}

// Phase is where a session is.
type Phase int

// The phases of a session. An answer goes Ready → Recording → Analysing →
// Done; Done can go back to Ready (retry) or on to the next question.
const (
	PhaseIdle      Phase = iota // no session
	PhaseReady                  // a question is shown, not yet answered
	PhaseRecording              // the answer is being recorded
	PhaseAnalyzing              // the recording is being analysed
	PhaseDone                   // answered: the report (or why there is none) is shown
	PhaseFinished               // every question was answered or skipped
	PhaseAsking                 // the interviewer is speaking (KindInterview)
)

// Timed mode, like a Korean AI 역량검사: a fixed preparation time after
// which recording starts by itself, an answer limit after which it stops,
// and one retry per question.
const (
	PrepTime     = 30 * time.Second
	AnswerLimit  = 90 * time.Second
	TimedRetries = 1
)

// The live silence cue: a recording whose first SilentCueAfter has no
// audible level (capture.Audible) probably has the wrong or a muted
// microphone.
const SilentCueAfter = 6 * time.Second

// Notice is something the controller tells the user once, by key (the UI
// words it).
type Notice string

// Notices.
const (
	NoticeNone           Notice = ""
	NoticeSilent         Notice = "silent"          // nothing audible since the start of the recording
	NoticeCancelled      Notice = "cancelled"       // the analysis or the recording was cancelled; the recording is kept
	NoticeCancelledEmpty Notice = "cancelled.empty" // the recording was cancelled before anything was recorded; nothing is kept
	NoticeNoRetry        Notice = "noretry"         // timed mode allows one retry
	NoticeFollowUpReady  Notice = "followup.ready"  // the follow-up question is next
	NoticeFollowUpBusy   Notice = "followup.busy"   // a follow-up is being written
	NoticeDeviceLost     Notice = "devicelost"      // the microphone went away; what was recorded is kept
	NoticeFinished       Notice = "finished"
	NoticeNoVoice        Notice = "novoice" // no voice for the question's language: it is shown as text
	NoticeEnded          Notice = "ended"   // the interview was ended early; what was recorded is kept
)

// Errors the controller returns (wrapped); the UI words them.
var (
	ErrNoQuestions = errors.New("no questions to practise")
	ErrBusy        = errors.New("not now: an answer is being recorded or analysed")
	ErrNoDevices   = errors.New("no microphone is set up")
	ErrNoSession   = errors.New("no practice session")
	ErrNoAnswer    = errors.New("the answer has no recognised words to follow up on")
)

// State is what the practice screen shows; Controller.State returns a copy.
type State struct {
	Phase     Phase
	Kind      Kind
	Questions []store.Question
	Index     int
	Timed     bool
	// Since is when the current phase began (the think time in Ready, the
	// answer time in Recording).
	Since time.Time
	// Report is the current question's last analysed answer (PhaseDone).
	Report *AttemptReport
	// Err is the last thing that went wrong (starting, recording,
	// analysing, a follow-up); cleared by the next action.
	Err    error
	Notice Notice
	// Busy is true while a follow-up question is being written.
	Busy bool
	// Transcribing: Report is the delivery feedback of the answer just
	// given, and its transcript and content are still being made.
	Transcribing bool
	// Retries counts the current question's retries.
	Retries int
	// Checking: the devices are being tried (Check); nothing records.
	Checking bool
	// Speaking: with SetAutoEnd, the candidate has begun the answer, and
	// the interviewer now waits for the silence that ends it.
	Speaking bool
	// SessionID is the session being practised (for its review).
	SessionID int64
	// FollowUps counts an interview's follow-up questions so far.
	FollowUps int
}

// Question is the question being practised (zero when there is none).
func (st State) Question() store.Question {
	if st.Index < len(st.Questions) {
		return st.Questions[st.Index]
	}
	return store.Question{}
}

// Left is the time left in timed mode's current phase, and whether one
// runs (preparation in Ready, the answer in Recording).
func (st State) Left(now time.Time) (time.Duration, bool) {
	if !st.Timed {
		return 0, false
	}
	switch st.Phase {
	case PhaseReady:
		return max(0, PrepTime-now.Sub(st.Since)), true
	case PhaseRecording:
		return max(0, AnswerLimit-now.Sub(st.Since)), true
	}
	return 0, false
}

// The actions each phase allows, for buttons and keys.

// CanRecord: start an answer (in Done it is a retry).
func (st State) CanRecord() bool {
	return (st.Phase == PhaseReady || st.Phase == PhaseDone) && !st.Busy && !st.Checking && st.retryAllowed()
}

// CanStop: end the answer being recorded.
func (st State) CanStop() bool { return st.Phase == PhaseRecording }

// CanNext: move on after an answer.
func (st State) CanNext() bool { return st.Phase == PhaseDone && !st.Busy }

// CanSkip: move on without answering.
func (st State) CanSkip() bool { return st.Phase == PhaseReady && !st.Busy }

// CanRetry: answer the question again.
func (st State) CanRetry() bool { return st.Phase == PhaseDone && !st.Busy && st.retryAllowed() }

// CanCancel: cancel the recording or the analysis (what was recorded is
// kept).
func (st State) CanCancel() bool { return st.Phase == PhaseRecording || st.Phase == PhaseAnalyzing }

// CanFollowUp: ask a follow-up question on the answer just given.
func (st State) CanFollowUp() bool {
	if st.Phase != PhaseDone || st.Busy || st.Report == nil || st.Report.Result == nil {
		return false
	}
	t := st.Report.Result.Report.Transcript
	return t != nil && strings.TrimSpace(t.Text) != ""
}

func (st State) retryAllowed() bool {
	return st.Phase != PhaseDone || !st.Timed || st.Retries < TimedRetries
}

// Hooks are how a Controller reports; each may be nil and may be called
// from any goroutine.
type Hooks struct {
	Changed func(State)         // after every change of state
	Level   func(level float64) // 0..1, while recording
	Preview func(image.Image)   // camera frames, while recording
}

// Devices opens the microphone and the camera chosen in Settings; the
// camera may be nil (audio only).
type Devices func() (capture.AudioSource, capture.VideoSource, error)

// Controller is one practice session's state machine: the questions, the
// timed policy, record, stop, cancel, retry, skip, next, the analysis and
// follow-ups. The practice screen renders its State and forwards input;
// the controller never touches a widget.
type Controller struct {
	svc     *Service
	devices Devices
	llm     LLMFunc
	now     func() time.Time
	hooks   Hooks

	mu      sync.Mutex
	st      State
	session store.Session
	sqs     []store.SessionQuestion
	rec     *Recording
	cancel  context.CancelFunc // the analysis in progress
	heard   bool               // an audible level since the recording began
	gen     int                // bumps on every recording, so late events of an old one are dropped
	// endSilence, when set, ends an answer after that much silence
	// following speech (SetAutoEnd); ep judges the answer being recorded.
	endSilence time.Duration
	ep         *Endpointer
	iv         interviewState
}

// SetAutoEnd makes answers end by themselves after silence (0: only when
// the candidate stops them) following speech: the interviewer waits.
// From the next answer on.
func (c *Controller) SetAutoEnd(silence time.Duration) {
	c.mu.Lock()
	c.endSilence = silence
	c.mu.Unlock()
}

// NewController makes a controller over svc; devices opens the microphone
// and camera (the camera may be nil), llm may be nil (offline follow-ups)
// and now may be nil (time.Now).
func NewController(svc *Service, devices Devices, llm LLMFunc, now func() time.Time, h Hooks) *Controller {
	if now == nil {
		now = time.Now
	}
	return &Controller{svc: svc, devices: devices, llm: llm, now: now, hooks: h}
}

// State is a copy of the current state.
func (c *Controller) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.snapshot()
}

func (c *Controller) snapshot() State {
	st := c.st
	st.Questions = append([]store.Question(nil), c.st.Questions...)
	return st
}

// update runs fn under the lock and reports the new state.
func (c *Controller) update(fn func()) State {
	c.mu.Lock()
	fn()
	st := c.snapshot()
	c.mu.Unlock()
	if c.hooks.Changed != nil {
		c.hooks.Changed(st)
	}
	return st
}

// SetTimed turns timed mode on or off; not while recording or analysing.
func (c *Controller) SetTimed(on bool) {
	c.update(func() {
		if c.st.Phase == PhaseRecording || c.st.Phase == PhaseAnalyzing {
			return
		}
		c.st.Timed = on
		if c.st.Phase == PhaseReady {
			c.st.Since = c.now() // the preparation time starts again
		}
	})
}

// Start opens a session; not while an answer is being recorded or
// analysed.
func (c *Controller) Start(ctx context.Context, sp Spec) error {
	c.mu.Lock()
	busy := c.st.Phase == PhaseRecording || c.st.Phase == PhaseAnalyzing
	c.mu.Unlock()
	if busy {
		return ErrBusy
	}
	if sp.Lang == "" {
		sp.Lang = store.Korean
	}
	if sp.Type == store.TypeEnglish {
		sp.Lang = store.English
	}
	var sess store.Session
	var sqs []store.SessionQuestion
	var err error
	timed := false
	switch sp.Kind {
	case KindOne:
		if len(sp.IDs) != 1 {
			return fmt.Errorf("%w: choose one question", ErrNoQuestions)
		}
		var q store.Question
		if q, err = c.svc.Store.Question(ctx, sp.IDs[0]); err == nil {
			sess, sqs, err = c.svc.Store.StartSession(ctx, q.PracticeType, sp.InterviewID, sp.IDs)
		}
	case KindToday:
		if len(sp.IDs) > 0 {
			// The session belongs to the application it practises, if any.
			sess, sqs, err = c.svc.Store.StartSession(ctx, store.TypeBasic, sp.InterviewID, sp.IDs)
		} else {
			sess, sqs, err = c.svc.StartSession(ctx, store.TypeBasic, sp.Lang, 3)
		}
	case KindMock:
		sess, sqs, err = c.svc.MockSession(ctx, sp.Lang, c.now())
		timed = true
	case KindType:
		sess, sqs, err = c.svc.StartSession(ctx, sp.Type, sp.Lang, 5)
	case KindInterview:
		n := sp.N
		if n == 0 {
			n = DefaultInterviewQuestions
		}
		sess, sqs, _, err = c.svc.StartInterview(ctx, sp.Lang, n, sp.InterviewID, c.now())
	default:
		return fmt.Errorf("unknown session kind %q", sp.Kind)
	}
	if err != nil {
		c.update(func() { c.st.Err = err })
		return err
	}
	qs := make([]store.Question, 0, len(sqs))
	for _, sq := range sqs {
		q, err := c.svc.Store.Question(ctx, sq.QuestionID)
		if err != nil {
			c.update(func() { c.st.Err = err })
			return err
		}
		qs = append(qs, q)
	}
	var askGen int
	c.update(func() {
		keepTimed := c.st.Timed
		c.session, c.sqs = sess, sqs
		c.st = State{Phase: PhaseReady, Kind: sp.Kind, Questions: qs, Timed: keepTimed || timed, Since: c.now(), SessionID: sess.ID}
		if sp.Kind == KindInterview {
			c.st.Phase = PhaseAsking
			askGen = c.iv.begin(sp.Lang)
		}
	})
	if sp.Kind == KindInterview {
		go c.ask(askGen, true)
	}
	return nil
}

// Record starts answering the current question (in Done: a retry).
func (c *Controller) Record(ctx context.Context) error {
	c.mu.Lock()
	st := c.st
	c.mu.Unlock()
	if !st.CanRecord() {
		if st.Phase == PhaseDone && !st.retryAllowed() {
			c.update(func() { c.st.Notice = NoticeNoRetry })
		}
		return ErrBusy
	}
	// A failure restarts the preparation time, so timed mode does not
	// retry many times a second.
	failed := func(err error) error {
		c.update(func() { c.st.Err, c.st.Since = err, c.now() })
		return err
	}
	if c.devices == nil {
		return failed(ErrNoDevices)
	}
	mic, cam, err := c.devices()
	if err != nil {
		return failed(err)
	}
	c.mu.Lock()
	sq := c.sqs[c.st.Index]
	c.mu.Unlock()
	rec, err := c.svc.StartRecording(ctx, sq, mic, cam)
	if err != nil {
		return failed(err)
	}
	var gen int
	c.update(func() {
		if c.st.Phase == PhaseDone {
			c.st.Retries++
		}
		c.rec = rec
		c.heard = false
		c.ep = nil
		if c.endSilence > 0 || c.st.Kind == KindInterview {
			c.ep = NewEndpointer(c.endSilence) // an interviewer always waits
		}
		c.st.Speaking = false
		c.gen++
		gen = c.gen
		c.st.Phase, c.st.Since, c.st.Report, c.st.Err, c.st.Notice = PhaseRecording, c.now(), nil, nil, NoticeNone
	})
	go c.watch(rec, gen)
	return nil
}

// watch forwards a recording's levels and frames, gives the silence cue
// (and takes it back when the voice comes), and stops the answer when the
// device goes away.
func (c *Controller) watch(rec *Recording, gen int) {
	level := func(l capture.Level) {
		if c.hooks.Level != nil {
			c.hooks.Level(LevelBar(l.RMS))
		}
		c.mu.Lock()
		cue, clear, ended, began := false, false, false, false
		if c.gen == gen && c.rec == rec {
			if capture.Audible(l) {
				c.heard = true
				// The cue goes as soon as the voice is heard.
				clear = c.st.Notice == NoticeSilent
			}
			cue = !c.heard && l.At >= SilentCueAfter && c.st.Notice != NoticeSilent
			if c.ep != nil {
				was := c.ep.Speaking()
				ended = c.ep.Feed(l)
				began = !was && c.ep.Speaking()
			}
		}
		c.mu.Unlock()
		if began {
			c.update(func() {
				if c.gen == gen {
					c.st.Speaking = true
				}
			})
		}
		if ended {
			go c.stopIf(gen)
		}
		switch {
		case cue:
			c.update(func() { c.st.Notice = NoticeSilent })
		case clear:
			c.update(func() {
				if c.st.Notice == NoticeSilent {
					c.st.Notice = NoticeNone
				}
			})
		}
	}
	rec.Recorder().Follow(nil, level, rec.Live().Preview(), c.preview)
	c.mu.Lock()
	current := c.gen == gen && c.rec == rec
	c.mu.Unlock()
	if current {
		// The device went away (or the recorder failed): keep and
		// analyse what was recorded.
		c.stop(NoticeDeviceLost)
	}
}

// stopIf stops the answer of recording gen, if it is still the one being
// recorded (the silence after it ended it).
func (c *Controller) stopIf(gen int) {
	c.mu.Lock()
	current := c.gen == gen && c.st.Phase == PhaseRecording
	c.mu.Unlock()
	if current {
		c.Stop()
	}
}

func (c *Controller) preview(f capture.Frame) {
	if c.hooks.Preview != nil {
		c.hooks.Preview(f.Image)
	}
}

// CheckResult is what a device check found.
type CheckResult struct {
	Heard     bool  // an audible level from the microphone
	Camera    bool  // a camera was set up
	CameraErr error // the camera gave no picture
}

// Check tries the microphone and the camera for d without keeping
// anything: their levels and frames go to the hooks, as in an answer, and
// the result says what was found. Cancelling ctx ends it early. Not while
// an answer is being recorded or analysed, nor during another check; no
// answer can start while it runs (State.Checking).
func (c *Controller) Check(ctx context.Context, d time.Duration) (CheckResult, error) {
	busy := false
	c.update(func() {
		busy = c.st.Phase == PhaseRecording || c.st.Phase == PhaseAnalyzing || c.st.Checking
		if !busy {
			c.st.Checking, c.st.Err = true, nil
		}
	})
	if busy {
		return CheckResult{}, ErrBusy
	}
	defer c.update(func() { c.st.Checking = false })
	if c.devices == nil {
		return CheckResult{}, ErrNoDevices
	}
	mic, cam, err := c.devices()
	if err != nil {
		return CheckResult{}, err
	}
	dir, err := os.MkdirTemp("", "nevermind-check-")
	if err != nil {
		return CheckResult{}, err
	}
	defer os.RemoveAll(dir)
	r, err := capture.Start(capture.Options{Dir: dir, Name: "check", Mic: mic, Camera: cam})
	if err != nil {
		return CheckResult{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	level := func(l capture.Level) {
		if c.hooks.Level != nil {
			c.hooks.Level(LevelBar(l.RMS))
		}
	}
	heard, _ := r.Follow(ctx.Done(), level, nil, c.preview)
	res := r.Stop()
	if c.hooks.Level != nil {
		c.hooks.Level(0)
	}
	return CheckResult{Heard: heard, Camera: cam != nil, CameraErr: res.VideoErr}, nil
}

// LevelBar maps a level in dBFS to 0..1 for a level meter (−60..0 dBFS).
func LevelBar(dbfs float64) float64 { return min(1, max(0, (dbfs+60)/60)) }

// Stop ends the answer and analyses it in the background.
func (c *Controller) Stop() { c.stop(NoticeNone) }

func (c *Controller) stop(n Notice) {
	var rec *Recording
	ctx, cancel := context.WithCancel(context.Background())
	c.update(func() {
		if c.st.Phase != PhaseRecording || c.rec == nil {
			return
		}
		rec = c.rec
		c.rec = nil
		c.cancel = cancel
		c.st.Phase, c.st.Since, c.st.Notice = PhaseAnalyzing, c.now(), n
	})
	if rec == nil {
		cancel()
		return
	}
	if c.hooks.Level != nil {
		c.hooks.Level(0)
	}
	go func() {
		rep, err := rec.StopEarly(ctx, func(early *AttemptReport) {
			c.update(func() {
				if c.st.Phase == PhaseAnalyzing && ctx.Err() == nil {
					c.st.Report, c.st.Transcribing = early, true
				}
			})
		})
		cancel()
		c.update(func() {
			c.cancel = nil
			c.st.Transcribing = false
			if c.st.Phase != PhaseAnalyzing {
				return
			}
			c.st.Phase = PhaseDone
			switch {
			case errors.Is(err, context.Canceled):
				c.st.Notice, c.st.Report = NoticeCancelled, nil
			case err != nil:
				c.st.Err, c.st.Report = err, nil
			default:
				c.st.Report = rep
			}
		})
		c.continueInterview()
	}()
}

// Cancel cancels the recording (kept, not analysed: the records can
// analyse it later) or the analysis in progress (the recording is kept).
func (c *Controller) Cancel() {
	c.mu.Lock()
	phase, rec, cancel := c.st.Phase, c.rec, c.cancel
	if phase == PhaseRecording {
		c.rec = nil
		c.gen++
	}
	c.mu.Unlock()
	switch phase {
	case PhaseRecording:
		kept, err := rec.Keep(context.Background())
		if c.hooks.Level != nil {
			c.hooks.Level(0)
		}
		n := NoticeCancelled
		if !kept {
			n = NoticeCancelledEmpty
		}
		c.update(func() {
			c.st.Phase, c.st.Notice, c.st.Err = PhaseDone, n, err
		})
	case PhaseAnalyzing:
		if cancel != nil {
			cancel()
		}
	}
}

// Retry goes back to the current question to answer it again.
func (c *Controller) Retry() {
	c.update(func() {
		if !c.st.CanRetry() {
			if c.st.Phase == PhaseDone {
				c.st.Notice = NoticeNoRetry
			}
			return
		}
		c.st.Retries++
		c.st.Phase, c.st.Since, c.st.Report, c.st.Err, c.st.Notice = PhaseReady, c.now(), nil, nil, NoticeNone
	})
}

// Next moves on after an answer; Skip moves on without one. After the last
// question the session is finished.
func (c *Controller) Next() { c.advance(State.CanNext) }

// Skip moves on without answering.
func (c *Controller) Skip() { c.advance(State.CanSkip) }

func (c *Controller) advance(allowed func(State) bool) {
	finished := int64(0)
	c.update(func() {
		if !allowed(c.st) {
			return
		}
		c.st.Report, c.st.Err, c.st.Notice, c.st.Retries = nil, nil, NoticeNone, 0
		if c.st.Index+1 < len(c.st.Questions) {
			c.st.Index++
			c.st.Phase, c.st.Since = PhaseReady, c.now()
			return
		}
		c.st.Phase, c.st.Notice = PhaseFinished, NoticeFinished
		finished = c.session.ID
	})
	if finished != 0 {
		if err := c.svc.FinishSession(context.Background(), finished); err != nil {
			c.update(func() { c.st.Err = err })
		}
	}
}

// Tick applies timed mode at now: preparation over starts recording, the
// answer limit stops it; in any mode an answer stops at media.MaxAnswer. The UI calls it a few times a second.
func (c *Controller) Tick(ctx context.Context) {
	c.mu.Lock()
	st := c.st
	c.mu.Unlock()
	if st.Phase == PhaseRecording && c.now().Sub(st.Since) >= media.MaxAnswer {
		c.Stop() // the longest answer analysed, timed or not
		return
	}
	left, timed := st.Left(c.now())
	if !timed || left > 0 {
		return
	}
	switch st.Phase {
	case PhaseReady:
		c.Record(ctx)
	case PhaseRecording:
		c.Stop()
	}
}

// FollowUp writes a follow-up question (꼬리질문) on the answer just given
// and puts it next in the session, in the background; the state says when
// it is ready.
func (c *Controller) FollowUp() {
	var st State
	var sessionID int64
	c.update(func() {
		if !c.st.CanFollowUp() {
			return
		}
		c.st.Busy, c.st.Notice, c.st.Err = true, NoticeFollowUpBusy, nil
		st, sessionID = c.snapshot(), c.session.ID
	})
	if !st.Busy {
		return
	}
	go func() {
		ctx := context.Background()
		var llm coach.LLM
		if c.llm != nil {
			llm = c.llm(ctx)
		}
		q := st.Question()
		sq, nq, err := c.svc.AddFollowUp(ctx, llm, sessionID, q, st.Report.Result.Report.Transcript.Text)
		c.update(func() {
			c.st.Busy = false
			if err != nil {
				c.st.Err, c.st.Notice = err, NoticeNone
				return
			}
			i := c.st.Index + 1
			c.st.Questions = append(c.st.Questions[:i:i], append([]store.Question{nq}, c.st.Questions[i:]...)...)
			c.sqs = append(c.sqs[:i:i], append([]store.SessionQuestion{sq}, c.sqs[i:]...)...)
			c.st.Index = i
			c.st.Phase, c.st.Since, c.st.Report, c.st.Retries, c.st.Notice = PhaseReady, c.now(), nil, 0, NoticeFollowUpReady
		})
	}()
}

// Close cancels what is running (the recording is kept, as by Cancel).
func (c *Controller) Close() { c.Cancel() }
