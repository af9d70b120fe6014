package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"sync"
	"testing"

	"nevermind/internal/analysis"
)

// toneWords is audio made of "words": 250 ms tones whose pitch says which
// word each is (word k at 300 + 40k Hz), with pauses between them of 0.15
// to 1.5 s. It returns the audio and each word's start time.
func toneWords(seed int64, n int) ([]float32, []float64) {
	r := rand.New(rand.NewSource(seed))
	var x []float32
	var starts []float64
	pad := func(s float64) {
		for i := 0; i < int(s*16000); i++ {
			x = append(x, float32(0.001*(r.Float64()-0.5)))
		}
	}
	pad(0.6)
	for k := 0; k < n; k++ {
		starts = append(starts, float64(len(x))/16000)
		f := 300 + 40*float64(k)
		for i := 0; i < 4000; i++ {
			x = append(x, float32(0.3*math.Sin(2*math.Pi*f*float64(i)/16000)))
		}
		pad(0.15 + 1.35*r.Float64()*r.Float64())
	}
	pad(0.5)
	return x, starts
}

// fakeRecogniser hears tone words: each loud run of at least 50 ms is a
// word, named by its pitch (zero crossings). A run cut at either edge of
// the stretch is shorter than a word and is reported as "cut".
type fakeRecogniser struct {
	mu      sync.Mutex
	calls   []Part
	lengths []float64
	fail    int // the call that fails (1-based), 0 none
}

func (f *fakeRecogniser) transcribe(ctx context.Context, x []float32, part Part) (analysis.Transcript, error) {
	f.mu.Lock()
	f.calls = append(f.calls, part)
	f.lengths = append(f.lengths, float64(len(x))/16000)
	n := len(f.calls)
	f.mu.Unlock()
	if n == f.fail {
		return analysis.Transcript{}, errors.New("the recogniser failed")
	}
	t := analysis.Transcript{Language: "ko", Engine: "fake"}
	loud := func(i int) bool {
		var ss float64
		for _, v := range x[i*160 : (i+1)*160] {
			ss += float64(v) * float64(v)
		}
		return ss/160 > 0.001
	}
	frames := len(x) / 160
	for i := 0; i < frames; {
		if !loud(i) {
			i++
			continue
		}
		j := i
		for j < frames && loud(j) {
			j++
		}
		word := "cut"
		if j-i >= 22 && i > 0 && j < frames {
			// Half periods between the first and the last zero crossing.
			first, last, zc := -1, -1, 0
			for k := (i+1)*160 + 1; k < (j-1)*160; k++ { // inside the run: the noise around it crosses zero too
				if (x[k-1] < 0) != (x[k] < 0) {
					if first < 0 {
						first = k
					}
					last = k
					zc++
				}
			}
			hz := float64(zc-1) / 2 / (float64(last-first) / 16000)
			word = fmt.Sprintf("w%d", int(math.Round((hz-300)/40)))
		}
		w := analysis.TimedText{Start: float64(i) * 0.01, End: float64(j) * 0.01, Text: word}
		t.Words = append(t.Words, w)
		t.Segments = append(t.Segments, w)
		i = j
	}
	var text []string
	for _, w := range t.Words {
		text = append(text, w.Text)
	}
	t.Text = strings.Join(text, " ")
	return t, nil
}

// TestIncrementalJoinsTheStretches: a 70-word answer fed as it is
// recorded (20 ms at a time) is transcribed in stretches cut in its pauses
// while it goes on; joined, every word is there once, in order, at its
// time on the answer's clock; no stretch is longer than whisper's window;
// each stretch after the first gets the text so far as its prompt, and
// only the last gets every thread.
func TestIncrementalJoinsTheStretches(t *testing.T) {
	x, starts := toneWords(1, 70)
	f := &fakeRecogniser{}
	inc := newIncremental(context.Background(), f.transcribe)
	for i := 0; i < len(x); i += 320 {
		inc.Feed(x[i:min(i+320, len(x))])
	}
	got, err := inc.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.calls) < 3 {
		t.Errorf("%d stretches for %.0f s of speech", len(f.calls), float64(len(x))/16000)
	}
	for i, l := range f.lengths {
		if l > 30 {
			t.Errorf("stretch %d is %.1f s", i+1, l)
		}
	}
	if len(got.Words) != len(starts) {
		t.Fatalf("%d words, want %d: %s", len(got.Words), len(starts), got.Text)
	}
	for k, w := range got.Words {
		if w.Text != fmt.Sprintf("w%d", k) {
			t.Errorf("word %d is %q (a word cut, lost or repeated at a stretch's edge)", k, w.Text)
		}
		if math.Abs(w.Start-starts[k]) > 0.02 {
			t.Errorf("word %d at %.3f s, spoken at %.3f s", k, w.Start, starts[k])
		}
	}
	for i, p := range f.calls {
		if i > 0 && p.Prompt == "" {
			t.Errorf("stretch %d has no prompt", i+1)
		}
		last := i == len(f.calls)-1
		if (p.Threads == 0) != last {
			t.Errorf("stretch %d of %d: %d threads", i+1, len(f.calls), p.Threads)
		}
	}
	if want := fmt.Sprintf("w%d", len(starts)-1); !strings.HasSuffix(got.Text, want) {
		t.Errorf("text ends %q", got.Text[max(0, len(got.Text)-20):])
	}
}

// TestIncrementalFailureAndCancel: a stretch that fails makes Finish say
// which part of the answer could not be recognised; Stop (a cancelled
// recording) ends the work without a transcript.
func TestIncrementalFailureAndCancel(t *testing.T) {
	x, _ := toneWords(2, 40)
	f := &fakeRecogniser{fail: 2}
	inc := newIncremental(context.Background(), f.transcribe)
	inc.Feed(x)
	if _, err := inc.Finish(context.Background()); err == nil || !strings.Contains(err.Error(), "speech recognition of 0:") {
		t.Errorf("a failed stretch: %v", err)
	}
	inc = newIncremental(context.Background(), (&fakeRecogniser{}).transcribe)
	inc.Feed(x[:len(x)/2])
	inc.Stop()
	inc.Feed(x[len(x)/2:])
	if _, err := inc.Finish(context.Background()); !errors.Is(err, context.Canceled) {
		t.Errorf("after Stop: %v", err)
	}
}
