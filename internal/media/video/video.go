// Package video reads and writes video files: the answers the recorder
// writes (MJPEG AVI) and files the user imports (AVI, MP4). Decoding runs
// through OpenCV (gocv), behind the `opencv` build tag; a binary built
// without it reports ErrUnavailable and the rest of the app still works.
//
// Frames come out as *image.RGBA in a buffer the caller owns, sampled at a
// configurable rate, each with its presentation time.
package video

import (
	"errors"
	"image"
	"time"
)

// ErrUnavailable means this binary was built without OpenCV.
var ErrUnavailable = errors.New("video support is not built into this binary (build with -tags opencv)")

// ErrNoFrames means the file opened but not a single frame decoded.
var ErrNoFrames = errors.New("no video frames could be decoded")

// DefaultSampleFPS is the analysis rate: blinks last 100-400 ms, so 15 fps
// sees every one in at least one frame, at half the work of 30 fps.
const DefaultSampleFPS = 15

// Info describes an opened file, as its container states it.
type Info struct {
	Width, Height int
	FPS           float64       // nominal frame rate; 0 when the file does not say
	Frames        int           // frame count the container claims; 0 when unknown
	Duration      time.Duration // Frames / FPS; 0 when unknown
	Codec         string        // four-character code, e.g. "MJPG"
}

// Options for reading.
type Options struct {
	// SampleFPS is the rate frames are delivered at; frames in between are
	// skipped without conversion. 0 means DefaultSampleFPS; a negative
	// value, or one at or above the file's rate, delivers every frame.
	SampleFPS float64
}

// Frame is one delivered frame.
type Frame struct {
	Index int           // position in the file, counting every frame
	T     time.Duration // presentation time from the start of the file
}

// Stats is what a reader went through, for an honest report.
type Stats struct {
	Decoded   int           // frames read from the file (sampled or skipped)
	Delivered int           // frames handed to the caller
	Last      time.Duration // time of the last frame read
	// Incomplete is set when the file ended well before the frame count
	// its container claims: a truncated or damaged file. What could be
	// read was still delivered.
	Incomplete bool
}

// newRGBA returns dst when it already has the size w x h, and a new image
// otherwise.
func newRGBA(dst *image.RGBA, w, h int) *image.RGBA {
	if dst != nil && dst.Rect.Dx() == w && dst.Rect.Dy() == h && dst.Rect.Min == (image.Point{}) {
		return dst
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

// sampler decides which frames to deliver at a target rate.
type sampler struct {
	step time.Duration // 0: every frame
	next time.Duration
	half time.Duration // half a source frame: frames this close to the next sample time count
}

func newSampler(target, source float64) sampler {
	if target == 0 {
		target = DefaultSampleFPS
	}
	s := sampler{}
	if source > 0 {
		s.half = time.Duration(float64(time.Second) / source / 2)
	}
	if target < 0 || (source > 0 && target >= source*0.999) {
		return s
	}
	s.step = time.Duration(float64(time.Second) / target)
	return s
}

// take reports whether the frame at t is delivered, and advances.
func (s *sampler) take(t time.Duration) bool {
	if s.step == 0 {
		return true
	}
	if t+s.half < s.next {
		return false
	}
	for s.next <= t+s.half {
		s.next += s.step
	}
	return true
}
