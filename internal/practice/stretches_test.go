package practice

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/store"
)

// partRecogniser stands in for whisper on stretches: each call hears one
// word, "part<N>", 0.1 s into its stretch; call fail (1-based) fails.
type partRecogniser struct {
	mu      sync.Mutex
	threads []int
	fail    int
}

func (r *partRecogniser) transcribe(ctx context.Context, x []float32, p pipeline.Part) (analysis.Transcript, error) {
	r.mu.Lock()
	r.threads = append(r.threads, p.Threads)
	n := len(r.threads)
	r.mu.Unlock()
	if n == r.fail {
		return analysis.Transcript{}, errors.New("the recogniser failed")
	}
	w := analysis.TimedText{Start: 0.1, End: 0.3, Text: fmt.Sprintf("part%d", n)}
	return analysis.Transcript{Text: w.Text, Language: "ko", Words: []analysis.TimedText{w}, Segments: []analysis.TimedText{w}}, nil
}

func (r *partRecogniser) calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.threads)
}

// recordUntil records until the recogniser has taken n stretches.
func recordUntil(t *testing.T, c *ctl, r *partRecogniser, n int) {
	t.Helper()
	ctx := context.Background()
	if err := c.Start(ctx, Spec{Kind: KindType, Type: store.TypeJob, Lang: store.Korean}); err != nil {
		t.Fatal(err)
	}
	if err := c.Record(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for r.calls() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d stretches recognised while recording; want %d", r.calls(), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestLiveTranscriptInStretches: a live answer is recognised in stretches
// while it is recorded (one thread each); after stop only the tail is
// left (all threads), and the stored transcript joins the stretches in
// order on the answer's clock.
func TestLiveTranscriptInStretches(t *testing.T) {
	c := newCtl(t, nil)
	r := &partRecogniser{}
	c.svc.Pipeline().TranscribePart, c.svc.Pipeline().NoTranscript = r.transcribe, ""
	recordUntil(t, c, r, 2)
	c.Stop()
	st := c.waitFor(t, "the report", phase(PhaseDone))
	if st.Report == nil || st.Err != nil {
		t.Fatalf("report %v, err %v", st.Report, st.Err)
	}
	tr := st.Report.Result.Report.Transcript
	if tr == nil {
		t.Fatalf("no transcript; skipped %v", st.Report.Result.Skipped)
	}
	n := r.calls()
	var want []string
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("part%d", i))
	}
	if tr.Text != strings.Join(want, " ") {
		t.Errorf("transcript %q, want %q", tr.Text, strings.Join(want, " "))
	}
	for i := 1; i < len(tr.Words); i++ {
		if tr.Words[i].Start < tr.Words[i-1].End+7 {
			t.Errorf("word %d at %.2f s, the one before ends at %.2f s: stretches are at least 8 s", i, tr.Words[i].Start, tr.Words[i-1].End)
		}
	}
	// Stretches recognised while recording take one thread; the tail,
	// after stop, every thread. A recording that stops in a pause has no
	// tail to recognise (silence is never sent to whisper), so the last
	// stretch may be a live one.
	r.mu.Lock()
	threads := append([]int(nil), r.threads...)
	r.mu.Unlock()
	for i, th := range threads {
		if th != 0 && th != 1 || th == 0 && i != n-1 {
			t.Errorf("stretch %d of %d ran with %d threads", i+1, n, th)
		}
	}
	if threads[n-1] != 0 {
		t.Logf("the recording stopped in a pause: no tail")
	}
	stored, err := c.st.Transcript(context.Background(), st.Report.Attempt.ID)
	if err != nil || stored.Text != tr.Text {
		t.Errorf("stored transcript %q, %v", stored.Text, err)
	}
}

// TestLiveTranscriptFailureKeepsTheRest: when a stretch cannot be
// recognised, the answer is still analysed and stored with its delivery
// feedback, and the report says which part failed; a recording cancelled
// while stretches are being recognised stops the recognition.
func TestLiveTranscriptFailureKeepsTheRest(t *testing.T) {
	c := newCtl(t, nil)
	r := &partRecogniser{fail: 1}
	c.svc.Pipeline().TranscribePart, c.svc.Pipeline().NoTranscript = r.transcribe, ""
	recordUntil(t, c, r, 1)
	c.Stop()
	st := c.waitFor(t, "the report", phase(PhaseDone))
	if st.Report == nil || st.Err != nil || st.Report.Attempt.Status != store.AttemptAnalyzed {
		t.Fatalf("report %v, err %v", st.Report, st.Err)
	}
	res := st.Report.Result
	if res.Report.Transcript != nil || !strings.Contains(res.Skipped["speech"], "speech recognition of 0:00") {
		t.Errorf("transcript %v, skipped %q", res.Report.Transcript, res.Skipped["speech"])
	}
	if res.Feedback.Scores["voice"].Value == nil || res.Feedback.Scores["overall"].Value == nil {
		t.Errorf("the delivery feedback is missing: %+v", res.Feedback.Scores)
	}

	c2 := newCtl(t, nil)
	r2 := &partRecogniser{}
	c2.svc.Pipeline().TranscribePart, c2.svc.Pipeline().NoTranscript = r2.transcribe, ""
	recordUntil(t, c2, r2, 1)
	c2.Cancel()
	after := r2.calls()
	time.Sleep(500 * time.Millisecond)
	if n := r2.calls(); n > after+1 {
		t.Errorf("%d more stretches recognised after the recording was cancelled", n-after)
	}
	if st := c2.State(); st.Notice != NoticeCancelled {
		t.Errorf("after cancel: %+v", st)
	}
}

// TestDeliveryFirstThenTranscript: after stop, the delivery feedback
// (voice) comes at once while the transcript's tail is still being
// recognised, marked as such; the full report replaces it when the tail is
// in.
func TestDeliveryFirstThenTranscript(t *testing.T) {
	c := newCtl(t, nil)
	r := &partRecogniser{}
	release := make(chan struct{})
	c.svc.Pipeline().NoTranscript = ""
	c.svc.Pipeline().TranscribePart = func(ctx context.Context, x []float32, p pipeline.Part) (analysis.Transcript, error) {
		if p.Threads == 0 { // the tail, after stop
			<-release
		}
		return r.transcribe(ctx, x, p)
	}
	recordUntil(t, c, r, 1)
	c.Stop()
	st := c.waitFor(t, "the delivery feedback", func(st State) bool { return st.Transcribing && st.Report != nil })
	res := st.Report.Result
	if st.Phase != PhaseAnalyzing || res.Skipped["speech"] != pipeline.SpeechPending || res.Feedback.Scores["voice"].Value == nil {
		t.Fatalf("early: phase %v, skipped %q, scores %+v", st.Phase, res.Skipped["speech"], res.Feedback.Scores)
	}
	close(release)
	st = c.waitFor(t, "the full report", phase(PhaseDone))
	if st.Transcribing || st.Report == nil || st.Report.Result.Report.Transcript == nil {
		t.Fatalf("done: %+v", st)
	}
	if !strings.HasPrefix(st.Report.Result.Report.Transcript.Text, "part1") {
		t.Errorf("transcript %q", st.Report.Result.Report.Transcript.Text)
	}
}
