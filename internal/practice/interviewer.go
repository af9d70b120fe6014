// The spoken mock interview on the controller: the interviewer asks, the
// answer starts as soon as the question has been heard and ends by a key
// or by the silence after it, a follow-up comes when the answer gives
// something to follow, and the interview ends with the closing question.

package practice

import (
	"context"
	"errors"
	"strings"
	"time"

	"nevermind/internal/coach"
	"nevermind/internal/store"
)

// Interviewer speaks one of the interviewer's lines in lang and returns
// once it has been heard in full (the microphone must not record it). It
// returns ErrNoVoice at once when there is no voice for lang: the line is
// shown as text instead.
type Interviewer func(ctx context.Context, text string, lang store.Language) error

// ErrNoVoice means no voice speaks the language: questions are shown.
var ErrNoVoice = errors.New("no voice for this language")

// EchoGuard is the wait between the end of the interviewer's line and the
// start of the recording, for the sound still in the room.
const EchoGuard = 300 * time.Millisecond

// interviewState is a running interview's part of the controller, under
// its lock.
type interviewState struct {
	lang   store.Language
	gen    int                // bumps when an interview starts or ends: late work of an old one is dropped
	cancel context.CancelFunc // stops the line being spoken
	ending bool               // the candidate ended the interview (Esc)
	ask    Interviewer
}

func (iv *interviewState) begin(lang store.Language) int {
	iv.gen++
	iv.lang, iv.ending = lang, false
	return iv.gen
}

// SetInterviewer sets the interviewer's voice (nil: every question is
// shown as text).
func (c *Controller) SetInterviewer(ask Interviewer) {
	c.mu.Lock()
	c.iv.ask = ask
	c.mu.Unlock()
}

// say speaks a line of interview gen, cancellable by EndInterview; it
// reports whether the interview is still on.
func (c *Controller) say(gen int, text string) (on bool, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	if c.iv.gen != gen || c.iv.ending {
		c.mu.Unlock()
		cancel()
		return false, nil
	}
	ask, lang := c.iv.ask, c.iv.lang
	c.iv.cancel = cancel
	c.mu.Unlock()
	defer cancel()
	if ask == nil {
		err = ErrNoVoice
	} else {
		err = ask(ctx, text, lang)
	}
	c.mu.Lock()
	on = c.iv.gen == gen && !c.iv.ending
	c.iv.cancel = nil
	c.mu.Unlock()
	return on, err
}

// ask has the interviewer ask the current question (after the greeting
// when first), then starts the answer.
func (c *Controller) ask(gen int, first bool) {
	c.mu.Lock()
	q := c.st.Question()
	c.mu.Unlock()
	var lines []string
	if first {
		lines = append(lines, Greeting(q.Language))
	}
	lines = append(lines, q.Text)
	noVoice := false
	for _, l := range lines {
		on, err := c.say(gen, l)
		if !on {
			c.finishInterview(gen)
			return
		}
		if errors.Is(err, ErrNoVoice) {
			noVoice = true
			break
		}
		if err != nil {
			noVoice = true // a voice that fails: the question is on screen
			break
		}
	}
	if !noVoice {
		time.Sleep(EchoGuard)
	}
	started := false
	c.update(func() {
		if c.iv.gen != gen || c.st.Phase != PhaseAsking {
			return
		}
		started = true
		c.st.Phase, c.st.Since = PhaseReady, c.now()
		if noVoice {
			c.st.Notice = NoticeNoVoice
		}
	})
	if !started {
		return
	}
	if err := c.Record(context.Background()); err != nil {
		// The question stays up; the candidate can start again by key.
		return
	}
	if noVoice {
		c.update(func() { c.st.Notice = NoticeNoVoice })
	}
}

// continueInterview runs after an answer of an interview was analysed:
// a follow-up when the answer gives something to follow, else the next
// question, else the closing words and the end.
func (c *Controller) continueInterview() {
	c.mu.Lock()
	st, gen, ending := c.snapshot(), c.iv.gen, c.iv.ending
	c.mu.Unlock()
	if st.Kind != KindInterview || st.Phase != PhaseDone {
		return
	}
	if ending {
		c.finishInterview(gen)
		return
	}
	if followUpWorthy(st) {
		var llm coach.LLM
		if c.llm != nil {
			llm = c.llm(context.Background())
		}
		sq, nq, err := c.svc.AddFollowUp(context.Background(), llm, st.SessionID, st.Question(), st.Report.Result.Report.Transcript.Text)
		if err == nil {
			asked := false
			c.update(func() {
				if c.iv.gen != gen || c.st.Phase != PhaseDone {
					return
				}
				i := c.st.Index + 1
				c.st.Questions = append(c.st.Questions[:i:i], append([]store.Question{nq}, c.st.Questions[i:]...)...)
				c.sqs = append(c.sqs[:i:i], append([]store.SessionQuestion{sq}, c.sqs[i:]...)...)
				c.st.Index, c.st.FollowUps = i, c.st.FollowUps+1
				c.st.Phase, c.st.Report, c.st.Retries, c.st.Notice, c.st.Err = PhaseAsking, nil, 0, NoticeNone, nil
				asked = true
			})
			if asked {
				c.ask(gen, false)
			}
			return
		}
	}
	next := false
	c.update(func() {
		if c.iv.gen != gen || c.st.Phase != PhaseDone || c.st.Index+1 >= len(c.st.Questions) {
			return
		}
		c.st.Index++
		c.st.Phase, c.st.Report, c.st.Retries, c.st.Notice, c.st.Err = PhaseAsking, nil, 0, NoticeNone, nil
		next = true
	})
	if next {
		c.ask(gen, false)
		return
	}
	c.say(gen, Farewell(st.Question().Language))
	c.finishInterview(gen)
}

// followUpWorthy: an answer to a question of the interview's body (not the
// self-introduction, the closing or a follow-up itself) whose transcript
// was ready and says enough to follow up on, while the interview has
// fewer than MaxFollowUps.
func followUpWorthy(st State) bool {
	q := st.Question()
	if st.FollowUps >= MaxFollowUps || st.Index == 0 || st.Index == len(st.Questions)-1 ||
		q.Category == "intro" || q.Category == "closing" || q.Category == "followup" {
		return false
	}
	if st.Report == nil || st.Report.Result == nil || st.Report.Result.Report.Transcript == nil {
		return false
	}
	return len(strings.Fields(st.Report.Result.Report.Transcript.Text)) >= 12
}

// EndInterview ends the interview now (Esc): an answer being recorded is
// stopped and analysed, a line being spoken is cut, and the interview is
// finished with what was recorded.
func (c *Controller) EndInterview() {
	c.mu.Lock()
	st, gen := c.st, c.iv.gen
	if st.Kind != KindInterview || st.Phase == PhaseFinished || st.Phase == PhaseIdle {
		c.mu.Unlock()
		return
	}
	c.iv.ending = true
	cancel := c.iv.cancel
	c.mu.Unlock()
	if cancel != nil {
		cancel() // ask sees the end and finishes
	}
	switch st.Phase {
	case PhaseRecording:
		c.Stop() // analysed; continueInterview then finishes
	case PhaseReady, PhaseDone:
		c.finishInterview(gen)
	}
}

// finishInterview ends interview gen: the session is finished and the
// state says so (the review follows).
func (c *Controller) finishInterview(gen int) {
	finished := int64(0)
	c.update(func() {
		if c.iv.gen != gen || c.st.Phase == PhaseFinished {
			return
		}
		c.st.Phase, c.st.Notice, c.st.Speaking = PhaseFinished, NoticeFinished, false
		if c.iv.ending {
			c.st.Notice = NoticeEnded
		}
		c.iv.gen++
		finished = c.session.ID
	})
	if finished != 0 {
		if err := c.svc.FinishSession(context.Background(), finished); err != nil {
			c.update(func() { c.st.Err = err })
		}
	}
}
