package vision

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Source delivers frames in time order, into dst when it fits; io.EOF ends
// it. The video reader and the camera tap both are sources.
type Source interface {
	Next(dst *image.RGBA) (*image.RGBA, time.Duration, error)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(dst *image.RGBA) (*image.RGBA, time.Duration, error)

// Next calls f.
func (f SourceFunc) Next(dst *image.RGBA) (*image.RGBA, time.Duration, error) { return f(dst) }

// Analyzer runs the face and the pose track over a stream of frames, each
// on its own goroutine (and ONNX Runtime session), so that on two cores
// they run side by side. Either track may be missing (its model could not
// load); the other still runs and the report says why. An Analyzer runs
// one stream at a time.
type Analyzer struct {
	face    *FaceTracker
	pose    *PoseTracker
	FaceErr error // why there is no face track, when there is none
	PoseErr error // why there is no pose track, when there is none
}

// NewAnalyzer loads the vision models from dir (the models folder). It
// fails only when neither track can run.
func NewAnalyzer(dir string) (*Analyzer, error) {
	a := &Analyzer{}
	a.face, a.FaceErr = NewFaceTracker(dir)
	a.pose, a.PoseErr = NewPoseTracker(dir)
	if a.face == nil && a.pose == nil {
		return nil, fmt.Errorf("no vision model could load: face: %v; pose: %v", a.FaceErr, a.PoseErr)
	}
	return a, nil
}

// Close frees the models.
func (a *Analyzer) Close() {
	if a.face != nil {
		a.face.Close()
	}
	if a.pose != nil {
		a.pose.Close()
	}
}

// VideoResult is the vision analysis of one answer.
type VideoResult struct {
	Frames       int           // frames analysed
	Span         time.Duration // time they cover
	Face         *FaceSummary  // nil without a face track
	Pose         *PoseSummary  // nil without a pose track
	Segments     []Segment     // every flagged stretch, face and posture, in time order
	FaceFrames   []FaceFrame
	PoseFrames   []PoseFrame
	FaceBaseline Baseline
	PoseBaseline PoseBaseline
	// ReadErr is set when the source failed after some frames (a damaged
	// tail): the result covers the frames before it.
	ReadErr error
}

type sharedFrame struct {
	img  *image.RGBA
	t    time.Duration
	refs atomic.Int32
}

// Analyze reads src to the end and measures every frame it delivers.
// progress, when set, is called with the time of each frame analysed (from
// one goroutine). Cancelling ctx stops it with ctx's error.
func (a *Analyzer) Analyze(ctx context.Context, src Source, progress func(time.Duration)) (*VideoResult, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// A few frame buffers circulate between the reader and the tracks, so
	// a long video decodes into the same memory throughout.
	const buffers = 4
	free := make(chan *image.RGBA, buffers)
	for range buffers {
		free <- nil
	}
	tracks := 0
	var faceCh, poseCh chan *sharedFrame
	if a.face != nil {
		faceCh = make(chan *sharedFrame, buffers)
		tracks++
	}
	if a.pose != nil {
		poseCh = make(chan *sharedFrame, buffers)
		tracks++
	}
	release := func(f *sharedFrame) {
		if f.refs.Add(-1) == 0 {
			free <- f.img
		}
	}

	res := &VideoResult{}
	var wg sync.WaitGroup
	run := func(ch chan *sharedFrame, step func(*sharedFrame) error) {
		defer wg.Done()
		for f := range ch {
			if ctx.Err() == nil {
				if err := step(f); err != nil {
					cancel(err)
				}
			}
			release(f) // keep draining after a failure so the reader never blocks
		}
	}
	if faceCh != nil {
		wg.Add(1)
		go run(faceCh, func(f *sharedFrame) error {
			ff, err := a.face.Process(f.img, f.t)
			if err != nil {
				return err
			}
			res.FaceFrames = append(res.FaceFrames, ff)
			if progress != nil {
				progress(f.t)
			}
			return nil
		})
	}
	if poseCh != nil {
		wg.Add(1)
		go run(poseCh, func(f *sharedFrame) error {
			pf, err := a.pose.Process(f.img, f.t)
			if err != nil {
				return err
			}
			res.PoseFrames = append(res.PoseFrames, pf)
			if progress != nil && faceCh == nil {
				progress(f.t)
			}
			return nil
		})
	}

	var readErr error
	var first, last time.Duration
	n := 0
	for ctx.Err() == nil {
		var buf *image.RGBA
		select {
		case buf = <-free:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		img, t, err := src.Next(buf)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				readErr = err
			}
			break
		}
		if n == 0 {
			first = t
		}
		last = t
		n++
		f := &sharedFrame{img: img, t: t}
		f.refs.Store(int32(tracks))
		if faceCh != nil {
			faceCh <- f
		}
		if poseCh != nil {
			poseCh <- f
		}
	}
	if faceCh != nil {
		close(faceCh)
	}
	if poseCh != nil {
		close(poseCh)
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	if readErr != nil && n == 0 {
		return nil, readErr
	}
	res.Frames = n
	if n > 1 {
		res.Span = last - first + (last-first)/time.Duration(n-1)
	}
	res.Segments = []Segment{}
	if a.face != nil {
		res.FaceBaseline, _ = Calibrate(res.FaceFrames)
		s := SummarizeFace(res.FaceFrames, res.FaceBaseline)
		res.Face = &s
		res.Segments = append(res.Segments, s.Segments...)
	}
	if a.pose != nil {
		res.PoseBaseline, _ = CalibratePose(res.PoseFrames)
		s := SummarizePose(res.PoseFrames, res.PoseBaseline)
		res.Pose = &s
		res.Segments = append(res.Segments, s.Segments...)
	}
	sort.SliceStable(res.Segments, func(i, j int) bool { return res.Segments[i].Start < res.Segments[j].Start })
	res.ReadErr = readErr
	return res, nil
}
