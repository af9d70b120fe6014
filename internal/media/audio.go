// Package media reads and writes audio and video files for the rest of the
// application. Today that means WAV audio: ReadWAV and ReadWAVFile decode
// almost any uncompressed WAV file (PCM 8/16/24/32-bit, IEEE float 32/64-bit,
// WAVE_FORMAT_EXTENSIBLE, truncated or streamed recordings) into float32
// samples, never trusting sizes in the header; Mono and Resample turn the
// result into the 16 kHz mono signal the analysis code expects
// (Load16kMono does all three); WriteWAV writes 16-bit PCM or 32-bit float
// files for tests and tools.
//
// All errors wrap one of the sentinel errors ErrNotWAV, ErrUnsupported,
// ErrCorrupt or ErrEmpty (test with errors.Is) and carry a message that
// names the file, says what is wrong and what the user can do about it.
package media

import (
	"fmt"
	"time"
)

// Limits on the audio this package accepts.
const (
	// MinSampleRate is the lowest sample rate, in Hz, accepted when reading
	// or resampling.
	MinSampleRate = 1000
	// MaxSampleRate is the highest sample rate, in Hz, accepted when reading
	// or resampling.
	MaxSampleRate = 384000
	// MaxChannels is the largest number of interleaved channels accepted.
	MaxChannels = 8
	// AnalysisRate is the sample rate, in Hz, that Load16kMono produces and
	// the speech analysis code expects.
	AnalysisRate = 16000
)

// Audio is decoded audio: samples in [-1, 1], interleaved if Channels > 1.
type Audio struct {
	// SampleRate is the number of frames per second, in Hz.
	SampleRate int
	// Channels is the number of interleaved channels (1 = mono).
	Channels int
	// Samples holds Frames()*Channels samples, interleaved frame by frame
	// (L R L R ... for stereo).
	Samples []float32 // interleaved
}

// Duration returns the length of the audio (Frames / SampleRate), or 0 if the
// sample rate is not positive.
func (a Audio) Duration() time.Duration {
	if a.SampleRate <= 0 {
		return 0
	}
	return time.Duration(int64(a.Frames()) * int64(time.Second) / int64(a.SampleRate))
}

// Frames returns the number of samples per channel. A Channels value below 1
// is treated as mono.
func (a Audio) Frames() int {
	if a.Channels <= 1 {
		return len(a.Samples)
	}
	return len(a.Samples) / a.Channels
}

// Mono returns a mono copy of a whose samples are the average of each
// frame's channels. Mono input (Channels <= 1) is copied unchanged; a
// trailing partial frame is dropped. The result never shares memory with a.
func Mono(a Audio) Audio {
	if a.Channels <= 1 {
		return Audio{SampleRate: a.SampleRate, Channels: 1, Samples: append([]float32(nil), a.Samples...)}
	}
	ch := a.Channels
	frames := len(a.Samples) / ch
	out := make([]float32, frames)
	inv := 1 / float32(ch)
	if ch == 2 {
		s := a.Samples[:2*frames]
		for i := range out {
			out[i] = (s[2*i] + s[2*i+1]) * 0.5
		}
	} else {
		for i := range out {
			var sum float32
			for _, v := range a.Samples[i*ch : i*ch+ch] {
				sum += v
			}
			out[i] = sum * inv
		}
	}
	return Audio{SampleRate: a.SampleRate, Channels: 1, Samples: out}
}

// Load16kMono reads the WAV file at path and returns it as mono audio at
// AnalysisRate (16 kHz), the format the speech analysis expects. Errors name
// the file and wrap the same sentinel errors as ReadWAVFile.
func Load16kMono(path string) (Audio, error) {
	a, err := ReadWAVFile(path)
	if err != nil {
		return Audio{}, err
	}
	if a.Channels > 1 {
		a = Mono(a)
	}
	if a.SampleRate == AnalysisRate {
		return a, nil // already what we need: skip the copy Resample would make
	}
	out, err := Resample(a, AnalysisRate)
	if err != nil {
		return Audio{}, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
