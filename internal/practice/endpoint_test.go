package practice

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/store"
)

// levels makes 20 ms levels from a plan of (duration, speaking) parts:
// speech at -28 dBFS with syllable dips, silence as room noise at -58.
func levels(parts ...any) []capture.Level {
	rng := rand.New(rand.NewPCG(7, 8))
	var out []capture.Level
	t := time.Duration(0)
	for i := 0; i < len(parts); i += 2 {
		d, speech := parts[i].(time.Duration), parts[i+1].(bool)
		for end := t + d; t < end; t += 20 * time.Millisecond {
			db := -58 + rng.Float64()*3
			if speech {
				db = -28 + rng.Float64()*6
				if (t/(180*time.Millisecond))%3 == 2 { // the gaps between syllables
					db = -52 + rng.Float64()*3
				}
			}
			out = append(out, capture.Level{At: t, RMS: db})
		}
	}
	return out
}

// endOf is when the endpointer ends the answer (-1: never).
func endOf(ls []capture.Level, silence time.Duration) time.Duration {
	e := NewEndpointer(silence)
	for _, l := range ls {
		if e.Feed(l) {
			return l.At
		}
	}
	return -1
}

func TestEndpointer(t *testing.T) {
	s := time.Second
	for name, tc := range map[string]struct {
		ls   []capture.Level
		want time.Duration // -1: never ends
	}{
		"a 2.5 s pause mid-answer does not end it":          {levels(4*s, false, 5*s, true, 2500*time.Millisecond, false, 4*s, true, 2*s, false), -1},
		"3 s of silence after speech ends it":               {levels(2*s, false, 6*s, true, 5*s, false), 11 * s},
		"silence before the first word never ends it":       {levels(40*s, false), -1},
		"a cough during the thinking time is not an answer": {levels(3*s, false, 200*time.Millisecond, true, 10*s, false), -1},
		"the end after a long answer":                       {levels(1*s, false, 60*s, true, 4*s, false), 64 * s},
	} {
		got := endOf(tc.ls, DefaultEndSilence)
		if tc.want < 0 && got >= 0 || tc.want >= 0 && (got < tc.want-200*time.Millisecond || got > tc.want+200*time.Millisecond) {
			t.Errorf("%s: ends at %v, want %v", name, got, tc.want)
		}
	}
	// A louder room: speech is still told from its noise.
	ls := levels(2*s, false, 5*s, true, 4*s, false)
	for i := range ls {
		if ls[i].RMS < -40 {
			ls[i].RMS += 10 // noise at -48, syllable gaps at -42
		}
	}
	if got := endOf(ls, DefaultEndSilence); got < 9800*time.Millisecond || got > 10200*time.Millisecond {
		t.Errorf("in a louder room: ends at %v, want 10 s", got)
	}
}

// TestControllerEndsTheAnswerAfterSilence: with SetAutoEnd, an answer of
// 1 s of thinking, 4 s of speech (with its pauses) and then silence ends
// by itself 3 s after the last word, and is analysed; State.Speaking says
// when the answer began.
func TestControllerEndsTheAnswerAfterSilence(t *testing.T) {
	c := newCtl(t, nil)
	c.mic = func() capture.AudioSource {
		s := capturetest.SpeechBetween(time.Second, 5*time.Second)
		s.Fast = true
		return s
	}
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindToday, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	c.SetAutoEnd(DefaultEndSilence)
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "the answer to begin", func(s State) bool { return s.Speaking })
	st := c.waitFor(t, "the answer to end by itself", phase(PhaseDone))
	if st.Report == nil {
		t.Fatalf("no report: %v", st.Err)
	}
	// The last sound is at 5 s (the 0.5 s pauses inside the speech do
	// not end it); the answer ends 3 s later (a little more is recorded
	// while the stop takes effect: the test's microphone runs faster than
	// real time).
	if d := st.Report.Attempt.Duration; d < 7500*time.Millisecond || d > 14*time.Second {
		t.Errorf("the answer lasted %v; want about 8 s", d)
	}
}
