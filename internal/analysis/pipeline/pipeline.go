// Package pipeline analyses one attempt: voice, speech recognition and the
// transcript metrics, face and posture, then the feedback. Files recorded
// earlier (or imported) are analysed after the fact; a recording in
// progress is analysed live on the capture taps, so that at "stop" only
// the tail is left. A component that cannot run (no whisper model, no
// video, no ONNX Runtime) is skipped with its reason and the rest
// completes.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/analysis/voice"
	"nevermind/internal/media"
)

// TranscribeFunc turns 16 kHz mono audio into a transcript.
type TranscribeFunc func(ctx context.Context, x []float32) (analysis.Transcript, error)

// The components a Result's Skipped map names (with why each was
// skipped).
const (
	Voice   = "voice"
	Speech  = "speech"
	Vision  = "vision"
	Content = "content"
)

// Pipeline holds what the analysis needs, loaded once.
type Pipeline struct {
	// Vision runs the face and pose tracks; nil skips them with VisionErr.
	Vision    *vision.Analyzer
	VisionErr error
	// SileroModel, when set, refines voice activity.
	SileroModel string
	// Transcribe recognises speech; nil skips it with NoTranscript.
	Transcribe   TranscribeFunc
	NoTranscript string
	// TranscribePart, when set, recognises a live recording in stretches
	// while it is made (cut in pauses, at most 30 s each, each carrying on
	// from the text before it), so that after stop only the tail is left.
	TranscribePart TranscribePartFunc
	// Lang is the answer's language ("ko", "en", or "" for unknown).
	Lang string
	// Kind is what the answer is to (feedback.KindOf), for the length
	// it should have.
	Kind string
	// NoTracks leaves the pitch and level contours (10 ms frames) out of
	// the report; the app keeps them for its plot.
	NoTracks bool
	// SampleFPS is the video analysis rate for files (0: 15 fps).
	SampleFPS float64
	// ContentFor, when set, evaluates what was said (the coach); it gets
	// the transcript and the answer's length in seconds.
	ContentFor func(ctx context.Context, t analysis.Transcript, durationS float64) *feedback.Content
}

// Result is the analysis and feedback of one attempt.
type Result struct {
	Report   analysis.Report
	Feedback feedback.Report
	Skipped  map[string]string        // component: why it did not run
	Timings  map[string]time.Duration // component: how long it took
}

// Progress reports a component's progress (0..1).
type Progress func(component string, done float64)

type timings struct {
	mu sync.Mutex
	m  map[string]time.Duration
}

func (t *timings) since(name string, start time.Time) {
	t.mu.Lock()
	t.m[name] = time.Since(start)
	t.mu.Unlock()
}

// Files analyses an attempt's recordings; audio or video may be "". Voice,
// speech and vision run side by side.
func (p *Pipeline) Files(ctx context.Context, audio, video string, hist feedback.History, progress Progress) (*Result, error) {
	if audio == "" && video == "" {
		return nil, errors.New("nothing to analyse: no audio and no video")
	}
	if progress == nil {
		progress = func(string, float64) {}
	}
	res := &Result{Skipped: map[string]string{}}
	tm := &timings{m: map[string]time.Duration{}}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	setErr := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	var samples []float32
	if audio != "" {
		t0 := time.Now()
		a, err := media.Load16kMono(audio)
		if err != nil {
			return nil, err
		}
		samples = a.Samples
		tm.since("load_audio", t0)
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			vr, err := voice.Analyze(samples, voice.Config{SileroModel: p.SileroModel, Tracks: !p.NoTracks})
			if err != nil {
				setErr(fmt.Errorf("voice: %w", err))
				return
			}
			tm.since("voice", t0)
			progress("voice", 1)
			mu.Lock()
			res.Report.Report = &vr
			mu.Unlock()
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if t, ok := p.transcribe(ctx, samples, res, tm, &mu); ok {
				mu.Lock()
				res.Report.Transcript = &t
				mu.Unlock()
			}
			progress("speech", 1)
		}()
	} else {
		res.Skipped[Voice] = "no audio"
		res.Skipped[Speech] = "no audio"
	}
	// The audio goroutines write res.Skipped too: every write holds mu.
	skip := func(component, why string) {
		mu.Lock()
		res.Skipped[component] = why
		mu.Unlock()
	}
	if video != "" {
		if p.Vision == nil {
			skip("vision", reason(p.VisionErr, "the face and pose models are not available"))
		} else {
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				vp, err := analysis.AnalyzeVideo(ctx, video, p.Vision, p.SampleFPS, func(done, total time.Duration) {
					if total > 0 {
						progress("vision", done.Seconds()/total.Seconds())
					}
				})
				if err != nil {
					if ctx.Err() != nil {
						setErr(ctx.Err())
						return
					}
					mu.Lock()
					res.Skipped[Vision] = err.Error()
					mu.Unlock()
					return
				}
				tm.since("vision", t0)
				mu.Lock()
				res.Report.VideoPart = vp
				mu.Unlock()
			}()
		}
	} else {
		skip("vision", "no video")
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstErr != nil {
		return nil, firstErr
	}
	p.finish(ctx, res, tm, hist)
	return res, nil
}

func reason(err error, def string) string {
	if err != nil {
		return err.Error()
	}
	return def
}

// transcribe runs speech recognition, or records why it did not.
func (p *Pipeline) transcribe(ctx context.Context, x []float32, res *Result, tm *timings, mu *sync.Mutex) (analysis.Transcript, bool) {
	if p.Transcribe == nil {
		mu.Lock()
		why := p.NoTranscript
		if why == "" {
			why = "no speech recognition model"
		}
		res.Skipped[Speech] = why
		mu.Unlock()
		return analysis.Transcript{}, false
	}
	t0 := time.Now()
	t, err := p.Transcribe(ctx, x)
	if err != nil {
		mu.Lock()
		res.Skipped[Speech] = err.Error()
		mu.Unlock()
		return t, false
	}
	tm.since("speech", t0)
	return t, true
}

// finish adds the transcript metrics, the content evaluation and the
// feedback.
func (p *Pipeline) finish(ctx context.Context, res *Result, tm *timings, hist feedback.History) {
	var content *feedback.Content
	if p.ContentFor != nil && res.Report.Transcript != nil && strings.TrimSpace(res.Report.Transcript.Text) != "" {
		t0 := time.Now()
		d := 0.0
		if v := res.Report.Report; v != nil {
			d = v.SpeechSpan()
		}
		content = p.ContentFor(ctx, *res.Report.Transcript, d)
		tm.since("content", t0)
	} else if p.ContentFor != nil {
		res.Skipped[Content] = "no words were recognised"
	}
	t0 := time.Now()
	if res.Report.Report != nil {
		vr := *res.Report.Report
		var sp analysis.Speech
		if res.Report.Transcript != nil {
			sp = analysis.SpeechMetrics(*res.Report.Transcript, vr)
		} else {
			sp = analysis.Unavailable(res.Skipped[Speech], vr)
		}
		res.Report.Speech = &sp
	}
	res.Feedback = feedback.Build(res.Report, feedback.Options{Lang: p.Lang, History: hist, Content: content, Kind: p.Kind})
	tm.since("feedback", t0)
	res.Timings = tm.m
}
