package practice

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/bank"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

// script logs, in order, what the interviewer said and when answers
// started, to check that no answer starts while a line is spoken.
type script struct {
	mu       sync.Mutex
	events   []string
	speaking bool
}

// interviewCtl is a controller over the real bank whose microphone gives
// 1 s of quiet, 4 s of speech and then silence, and whose answers are
// transcribed as a long sentence (so follow-ups have something to follow).
func interviewCtl(t *testing.T, sc *script) *ctl {
	t.Helper()
	words := strings.Repeat("저는 결제 서버 프로젝트에서 캐시를 도입해 응답 시간을 줄였습니다 ", 2)
	c := newCtl(t, func(ctx context.Context, x []float32) (analysis.Transcript, error) {
		return analysis.Transcript{Text: words, Language: "ko"}, nil
	})
	if _, err := bank.Seed(context.Background(), c.st); err != nil {
		t.Fatal(err)
	}
	c.mic = func() capture.AudioSource {
		sc.mu.Lock()
		if sc.speaking {
			sc.events = append(sc.events, "ANSWER STARTED WHILE THE INTERVIEWER SPOKE")
		}
		sc.events = append(sc.events, "answer")
		sc.mu.Unlock()
		s := capturetest.SpeechBetween(time.Second, 5*time.Second)
		s.Fast = true
		return s
	}
	c.SetInterviewer(func(ctx context.Context, text string, lang store.Language) error {
		sc.mu.Lock()
		sc.speaking = true
		sc.events = append(sc.events, "say: "+text)
		sc.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
		sc.mu.Lock()
		sc.speaking = false
		sc.mu.Unlock()
		return ctx.Err()
	})
	return c
}

// TestInterviewRunsByItself: a 3-question mock interview runs with no key
// pressed: greeting, each question spoken and then answered (never while
// the interviewer speaks), answers ended by silence, two follow-ups at
// most, the closing question last, the farewell, and a review of it all.
func TestInterviewRunsByItself(t *testing.T) {
	sc := &script{}
	c := interviewCtl(t, sc)
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindInterview, Lang: store.Korean, N: 3}); err != nil {
		t.Fatal(err)
	}
	st := c.waitFor(t, "the end of the interview", phase(PhaseFinished))
	if st.Notice != NoticeFinished || st.FollowUps < 1 || st.FollowUps > MaxFollowUps {
		t.Fatalf("finished with %+v", st)
	}
	sc.mu.Lock()
	events := append([]string(nil), sc.events...)
	sc.mu.Unlock()
	joined := strings.Join(events, "\n")
	if strings.Contains(joined, "WHILE") {
		t.Fatalf("an answer started while the interviewer spoke:\n%s", joined)
	}
	if !strings.HasPrefix(events[0], "say: 안녕하세요") || events[1] != "say: 1분 자기소개를 해 주세요." || events[2] != "answer" ||
		events[len(events)-1] != "say: "+Farewell(store.Korean) {
		t.Fatalf("the interview went:\n%s", joined)
	}
	r, err := c.svc.Review(ctx, st.SessionID, i18n.KO)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Answers) != 4+st.FollowUps || r.Answered != len(r.Answers) {
		t.Fatalf("review: %d answers, %d answered, %d follow-ups", len(r.Answers), r.Answered, st.FollowUps)
	}
	if last := r.Answers[len(r.Answers)-1]; last.Question != "마지막으로 하고 싶은 말씀이 있으면 해 주세요." {
		t.Errorf("the closing question is not last: %q", last.Question)
	}
	for i, a := range r.Answers {
		if a.FollowUp && (i == 0 || r.Answers[i-1].FollowUp && i > 1 && r.Answers[i-2].FollowUp) {
			t.Errorf("follow-up %d is not after a question of its own", i+1)
		}
		// Silence ends it 3 s after the last sound (at 5 s); the test's
		// microphone runs faster than real time, so a little more is
		// recorded while the stop takes effect.
		at, err := c.svc.Store.Attempt(ctx, a.AttemptID)
		if err != nil {
			t.Fatal(err)
		}
		if d := at.Duration.Seconds(); d < 7.5 || d > 14 {
			t.Errorf("answer %d was recorded for %.1f s; silence should end it at about 8 s", i+1, d)
		}
		// The review gives the spoken length: 1 s to 5 s.
		if a.DurationS < 3.5 || a.DurationS > 4.5 {
			t.Errorf("answer %d: the review says %.1f s long; it spoke for 4 s", i+1, a.DurationS)
		}
	}
}

// TestInterviewEndsOnEsc: ending the interview while an answer is being
// recorded keeps that answer (analysed) and finishes the interview.
func TestInterviewEndsOnEsc(t *testing.T) {
	sc := &script{}
	c := interviewCtl(t, sc)
	c.mic = func() capture.AudioSource { s := capturetest.SpeechLike(); return s } // speaks on and on, in real time
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindInterview, Lang: store.Korean, N: 3}); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "the first answer", phase(PhaseRecording))
	time.Sleep(1500 * time.Millisecond)
	c.EndInterview()
	st := c.waitFor(t, "the end", phase(PhaseFinished))
	if st.Notice != NoticeEnded {
		t.Fatalf("ended with notice %q", st.Notice)
	}
	r, err := c.svc.Review(ctx, st.SessionID, i18n.KO)
	if err != nil || r.Answered != 1 {
		t.Fatalf("the answer being recorded was not kept: %+v %v", r, err)
	}
}

// TestInterviewWithoutAVoice: with no voice, each question is shown (the
// state says so) and the interview still runs.
func TestInterviewWithoutAVoice(t *testing.T) {
	sc := &script{}
	c := interviewCtl(t, sc)
	c.SetInterviewer(nil)
	if err := c.Start(context.Background(), Spec{Kind: KindInterview, Lang: store.English, N: 3}); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "the note that the question is shown", func(s State) bool { return s.Notice == NoticeNoVoice && s.Phase == PhaseRecording })
	c.waitFor(t, "the end", phase(PhaseFinished))
}
