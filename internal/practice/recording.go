// An answer recorded and analysed live.

package practice

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/capture"
	"nevermind/internal/store"
)

// Recording is an attempt being recorded and analysed live.
type Recording struct {
	s    *Service
	id   int64
	rec  *capture.Recorder
	live *pipeline.Live
	// release ends the recording's lease on its pipeline, once the answer
	// is stored (or kept unanalysed).
	release func()
}

// StartRecording records an attempt at a session question from the given
// devices (cam may be nil); the analysis runs while it records.
func (s *Service) StartRecording(ctx context.Context, sq store.SessionQuestion, mic capture.AudioSource, cam capture.VideoSource) (_ *Recording, err error) {
	base, release, err := s.lease()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	dir := filepath.Join(s.Dir.MediaDir(), fmt.Sprint(sq.SessionID))
	name := fmt.Sprintf("q%d-%d", sq.QuestionID, time.Now().UnixNano())
	o := capture.Options{Dir: dir, Name: name, Mic: mic}
	if cam != nil {
		o.Camera = cam
	}
	rec, err := capture.Start(o)
	if err != nil {
		return nil, err
	}
	files := rec.Files()
	video := ""
	if files.Video != "" {
		video = s.rel(files.Video)
	}
	id, err := s.Store.AddAttempt(ctx, store.Attempt{SessionQuestionID: sq.ID, AudioPath: s.rel(files.Audio), VideoPath: video})
	if err != nil {
		rec.Stop()
		return nil, err
	}
	q, err := s.Store.Question(ctx, sq.QuestionID)
	if err != nil {
		rec.Stop()
		return nil, err
	}
	live, err := s.pipelineFor(ctx, base, q).StartLive(ctx, rec)
	if err != nil {
		rec.Stop()
		return nil, err
	}
	return &Recording{s: s, id: id, rec: rec, live: live, release: release}, nil
}

// Keep ends the recording without analysing it: the files and the attempt
// are kept (status recorded), to be analysed later from the records.
//
// A recording too short to be an answer (under half a second: cancelled
// before a word) is deleted instead; kept says which.
func (r *Recording) Keep(ctx context.Context) (kept bool, err error) {
	s := r.s
	defer r.release()
	res := r.rec.Stop()
	r.live.Abort()
	if res.Err == nil && res.Duration < 500*time.Millisecond {
		if err := s.Store.SetAttemptMedia(ctx, r.id, s.rel(res.Audio), s.rel(res.Video)); err != nil {
			return true, err
		}
		return false, s.DeleteAttempt(ctx, r.id)
	}
	if err := s.Store.SetAttemptMedia(ctx, r.id, s.rel(res.Audio), s.rel(res.Video)); err != nil {
		return true, err
	}
	status := store.AttemptRecorded
	if res.Err != nil {
		status = store.AttemptInterrupted
	}
	return true, s.Store.FinishAttempt(ctx, r.id, status, res.Duration)
}

// Recorder is the capture in progress (levels, Done, Listening).
func (r *Recording) Recorder() *capture.Recorder { return r.rec }

// Live is the analysis in progress (preview frames).
func (r *Recording) Live() *pipeline.Live { return r.live }

// AttemptID is the stored attempt.
func (r *Recording) AttemptID() int64 { return r.id }

// Stop ends the recording, finishes the analysis and stores everything.
// The timings include "stop" (closing the files) and "store".
func (r *Recording) Stop(ctx context.Context) (*AttemptReport, error) {
	return r.StopEarly(ctx, nil)
}

// StopEarly is Stop, calling early with the delivery feedback (not yet
// stored) while the transcript's tail is still being recognised
// (pipeline.Live.FinishEarly).
func (r *Recording) StopEarly(ctx context.Context, early func(*AttemptReport)) (*AttemptReport, error) {
	s := r.s
	defer r.release()
	t0 := time.Now()
	res := r.rec.Stop()
	stopped := time.Since(t0)
	// What was recorded is written down even when the analysis is being
	// cancelled: only the analysis stops.
	keep := context.WithoutCancel(ctx)
	if err := s.Store.SetAttemptMedia(keep, r.id, s.rel(res.Audio), s.rel(res.Video)); err != nil {
		return nil, err
	}
	status := store.AttemptRecorded
	if res.Err != nil {
		status = store.AttemptInterrupted
	}
	if err := s.Store.FinishAttempt(keep, r.id, status, res.Duration); err != nil {
		return nil, err
	}
	var earlyRes func(*pipeline.Result)
	if early != nil {
		earlyRes = func(p *pipeline.Result) {
			a, _ := s.Store.Attempt(ctx, r.id)
			early(&AttemptReport{Attempt: a, Result: p})
		}
	}
	out, err := r.live.FinishEarly(ctx, res, s.history(ctx), earlyRes)
	if err != nil {
		return nil, err
	}
	out.Timings["stop"] = stopped
	t1 := time.Now()
	if err := s.save(ctx, r.id, out); err != nil {
		return nil, err
	}
	out.Timings["store"] = time.Since(t1)
	a, err := s.Store.Attempt(ctx, r.id)
	return &AttemptReport{Attempt: a, Result: out}, err
}
