package capture

import (
	"image"
	"time"
)

// AudioSource is a microphone, or a stand-in for one in tests. It delivers
// interleaved float32 samples at its own rate from its own goroutine.
type AudioSource interface {
	Name() string
	// Format is the delivered rate (Hz) and channel count; valid after Start.
	Format() (rate, channels int)
	// Start begins delivering. deliver must not block for long (the
	// recorder only queues); failed is called once if the device stops on
	// its own (unplugged, taken by another app).
	Start(deliver func(samples []float32), failed func(error)) error
	Stop() error
}

// VideoSource is a camera, or a stand-in for one in tests. It delivers
// frames with the time they were captured.
type VideoSource interface {
	Name() string
	// Start begins delivering; the image is only valid during the call.
	Start(deliver func(img image.Image, at time.Time), failed func(error)) error
	Stop() error
}

// Level is the microphone level over a short stretch, for the meter.
type Level struct {
	At   time.Duration // from the start of the recording
	RMS  float64       // dBFS
	Peak float64       // dBFS
}

// SilenceDBFS is the one silence rule of the app: a level whose RMS is
// below it is silence (a muted or wrong microphone, an empty room). Normal
// speech at a laptop is around -35 to -20 dBFS, a quiet room's noise
// -60 to -50. The device check, the live cue and the command line use it.
const SilenceDBFS = -50.0

// Audible reports whether a level is above the silence rule.
func Audible(l Level) bool { return l.RMS >= SilenceDBFS }

// Frame is a camera frame for the preview and live analysis taps: a copy
// the receiver owns.
type Frame struct {
	Image *image.RGBA
	At    time.Duration // from the start of the recording (the first audio sample)
}
