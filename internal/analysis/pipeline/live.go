package pipeline

import (
	"context"
	"image"
	"io"
	"math"
	"path/filepath"
	"sync"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/analysis/voice"
	"nevermind/internal/capture"
)

// Live analyses a recording while it is made: the voice analyzer takes the
// 16 kHz tap as it comes, and the face and pose tracks take the preview
// frames (10 fps, which leaves the recorder its share of two cores). After
// the recorder stops, Finish completes the tail, recognises speech over
// the whole answer and builds the feedback.
type Live struct {
	p   *Pipeline
	rec *capture.Recorder

	preview chan capture.Frame

	voiceDone chan struct{}
	vr        voice.Report
	voiceErr  error
	samples   []float32
	tail      time.Time    // when the last audio arrived
	inc       *incremental // speech recognised while recording, or nil

	visionDone chan struct{}
	vres       *vision.VideoResult
	visionErr  error
	visionEnd  time.Time
}

// StartLive begins analysing rec; call it right after capture.Start.
func (p *Pipeline) StartLive(ctx context.Context, rec *capture.Recorder) (*Live, error) {
	va, err := voice.NewAnalyzer(voice.Config{SileroModel: p.SileroModel, Tracks: !p.NoTracks})
	if err != nil {
		return nil, err
	}
	l := &Live{p: p, rec: rec, preview: make(chan capture.Frame, 1), voiceDone: make(chan struct{}), visionDone: make(chan struct{})}
	if p.TranscribePart != nil {
		l.inc = newIncremental(ctx, p.TranscribePart)
	}
	go func() {
		defer close(l.voiceDone)
		for {
			x, ok := rec.Next16k()
			if !ok {
				break
			}
			l.samples = append(l.samples, x...)
			if l.inc != nil {
				l.inc.Feed(x)
			}
			if l.voiceErr == nil {
				l.voiceErr = va.Write(x)
			}
		}
		l.tail = time.Now()
		if l.voiceErr == nil {
			l.vr, l.voiceErr = va.Finish()
		}
	}()
	go func() {
		defer close(l.visionDone)
		if p.Vision == nil {
			for {
				select {
				case f := <-rec.Frames():
					l.forward(f)
				case <-rec.Done():
					return
				}
			}
		}
		src := vision.SourceFunc(func(dst *image.RGBA) (*image.RGBA, time.Duration, error) {
			select {
			case f := <-rec.Frames():
				l.forward(f)
				return f.Image, f.At, nil
			case <-rec.Done():
				select {
				case f := <-rec.Frames():
					return f.Image, f.At, nil
				default:
				}
				return nil, 0, io.EOF
			}
		})
		l.vres, l.visionErr = p.Vision.Analyze(ctx, src, nil)
		l.visionEnd = time.Now()
	}()
	return l, nil
}

func (l *Live) forward(f capture.Frame) {
	select {
	case l.preview <- f:
	default:
	}
}

// Preview gives the camera frames the live analysis saw, for the UI
// (dropped when not read).
func (l *Live) Preview() <-chan capture.Frame { return l.preview }

// Abort ends the analysis of a recording that will not be finished (kept
// for later, or cancelled): speech recognised so far is dropped.
func (l *Live) Abort() {
	if l.inc != nil {
		l.inc.Stop()
	}
}

// Finish waits for the live analysis to take the recording's tail, then
// recognises speech (only the tail, when it was recognised while
// recording) and builds the feedback. res is what the recorder returned
// from Stop. Timings: "voice_tail" and "vision_tail" are from the call to
// the end of each, "speech" from the call to the transcript (the tail
// after stop when recognised while recording), "feedback" as in Files.
func (l *Live) Finish(ctx context.Context, res capture.Result, hist feedback.History) (*Result, error) {
	return l.FinishEarly(ctx, res, hist, nil)
}

// SpeechPending is Result.Skipped["speech"] of the early result: the
// transcript is still being recognised.
const SpeechPending = "speech is still being recognised"

// FinishEarly is Finish, and when speech is recognised while recording
// and early is set, it first calls early with the delivery feedback
// (voice, face and posture) as soon as the voice and vision tails are in,
// with Skipped["speech"] = SpeechPending, so that the user reads it while
// the transcript's tail is recognised.
func (l *Live) FinishEarly(ctx context.Context, res capture.Result, hist feedback.History, early func(*Result)) (*Result, error) {
	start := time.Now()
	out := &Result{Skipped: map[string]string{}}
	tm := &timings{m: map[string]time.Duration{}}
	<-l.voiceDone
	tm.since("voice_tail", start)
	// The recogniser takes the tail while the vision catches up.
	type heard struct {
		t   analysis.Transcript
		err error
	}
	var incDone chan heard
	if l.inc != nil {
		incDone = make(chan heard, 1)
		go func() {
			t, err := l.inc.Finish(ctx)
			tm.since("speech", start)
			incDone <- heard{t, err}
		}()
		defer func() {
			if ctx.Err() != nil {
				l.inc.Stop()
			}
		}()
	}
	if l.voiceErr != nil {
		return nil, l.voiceErr
	}
	vr := l.vr
	out.Report.Report = &vr
	select {
	case <-l.visionDone:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	tm.since("vision_tail", start)
	switch {
	case l.p.Vision == nil:
		out.Skipped[Vision] = reason(l.p.VisionErr, "the face and pose models are not available")
	case res.Video == "":
		out.Skipped[Vision] = "no camera recording: " + reason(res.VideoErr, "audio only")
	case l.visionErr != nil:
		out.Skipped[Vision] = l.visionErr.Error()
	case l.vres != nil:
		v := l.vres
		rate := 0.0
		if v.Span > 0 && v.Frames > 1 {
			rate = math.Round(float64(v.Frames-1)/v.Span.Seconds()*10) / 10
		}
		out.Report.VideoPart = analysis.VideoPart{
			Video: &analysis.VideoInfo{File: filepath.Base(res.Video), Codec: "MJPG", FPS: 30, DurationS: math.Round(v.Span.Seconds()*1000) / 1000,
				Frames: v.Frames, SampleFPS: rate, Incomplete: res.VideoErr != nil},
			Face: v.Face, Pose: v.Pose, Segments: v.Segments,
		}
	}
	if incDone != nil && early != nil {
		// The delivery feedback, while the tail is recognised.
		prov := &Result{Report: out.Report, Skipped: map[string]string{}}
		for k, v := range out.Skipped {
			prov.Skipped[k] = v
		}
		prov.Skipped[Speech] = SpeechPending
		(&Pipeline{Lang: l.p.Lang, Kind: l.p.Kind}).finish(ctx, prov, &timings{m: map[string]time.Duration{}}, hist)
		early(prov)
	}
	if incDone != nil {
		select {
		case h := <-incDone:
			if h.err != nil {
				out.Skipped[Speech] = h.err.Error()
			} else {
				out.Report.Transcript = &h.t
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	} else {
		var mu sync.Mutex
		if t, ok := l.p.transcribe(ctx, l.samples, out, tm, &mu); ok {
			out.Report.Transcript = &t
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.p.finish(ctx, out, tm, hist)
	return out, nil
}
