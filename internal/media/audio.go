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
	"errors"
	"fmt"
	"io"
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

// MaxAnswer is the longest recording Load16kMono takes: 30 minutes, far
// beyond any interview answer (1-3 minutes) or a mock interview's longest
// stretch, and 115 MB as 16 kHz samples. A longer file is refused before
// its audio is decoded (ErrTooLong), so a small file claiming hours (1 kHz
// 8-bit is 3.6 MB an hour) cannot take gigabytes.
const MaxAnswer = 30 * time.Minute

// ErrTooLong means a recording is longer than MaxAnswer.
var ErrTooLong = errors.New("recording too long")

// Load16kMono reads the WAV file at path, or the Opus track of the WebM
// file there (what the recorder writes), and returns it as mono audio at
// AnalysisRate (16 kHz), the format the speech analysis expects. Errors name
// the file and wrap the same sentinel errors as ReadWAVFile, or ErrTooLong.
//
// It reads in blocks, mixing each to mono and resampling it as it comes
// (StreamResampler gives what Resample of the whole gives), so its memory
// is the 16 kHz result, whatever the file's rate and channels.
func Load16kMono(path string) (Audio, error) {
	if isWebM(path) {
		return load16kWebM(path)
	}
	f, avail, err := openWAVFile(path)
	if err != nil {
		return Audio{}, err
	}
	defer f.Close()
	p := newParser(f, path)
	wf, size, err := p.header()
	if err != nil {
		return Audio{}, err
	}
	ba, ch := int64(wf.blockAlign), wf.channels
	// The frames to expect: the header's, but never more than the file holds.
	frames := size / ba
	if left := (avail - p.off) / ba; avail >= 0 && (size < 0 || left < frames) {
		frames = left
	}
	maxFrames := int64(MaxAnswer/time.Second) * int64(wf.rate)
	tooLong := func(n int64) error {
		d := time.Duration(n) * time.Second / time.Duration(wf.rate)
		return p.errorf(ErrTooLong, "the recording is %s long; NEVER MIND analyses answers of up to %d minutes: cut it into shorter answers first",
			clock(d), int(MaxAnswer/time.Minute))
	}
	if frames > maxFrames {
		return Audio{}, tooLong(frames)
	}
	rs, err := NewStreamResampler(wf.rate, AnalysisRate)
	if err != nil {
		return Audio{}, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]float32, 0, max(frames, 0)*AnalysisRate/int64(wf.rate)+64)
	buf := make([]byte, readBlock/ba*ba)
	var block, mono []float32
	var read int64
	remaining := size
	for remaining != 0 {
		want := len(buf)
		if remaining > 0 && remaining < int64(want) {
			want = int(remaining)
		}
		n, err := p.readFull(buf[:want])
		block = decode(block[:0], buf[:n-n%int(ba)], wf)
		mono = downmix(mono[:0], block, ch)
		if read += int64(len(mono)); read > maxFrames {
			return Audio{}, tooLong(read)
		}
		out = rs.Write(out, mono)
		if remaining > 0 {
			remaining -= int64(n)
		}
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				break // end of input: keep the whole frames read so far
			}
			return Audio{}, p.ioError(err)
		}
	}
	if read == 0 {
		return Audio{}, p.noFrames()
	}
	return Audio{SampleRate: AnalysisRate, Channels: 1, Samples: rs.Flush(out)}, nil
}

// CheckLength refuses, with ErrTooLong, a WAV file longer than MaxAnswer,
// from its header and size alone (nothing is decoded), or a WebM file
// whose audio runs longer (from its packets' times); it returns the
// file's format.
func CheckLength(path string) (Format, error) {
	if isWebM(path) {
		return probeWebMAudio(path)
	}
	f, err := ProbeWAVFile(path)
	if err != nil {
		return f, err
	}
	if f.Frames > int64(MaxAnswer/time.Second)*int64(f.SampleRate) {
		d := time.Duration(f.Frames) * time.Second / time.Duration(f.SampleRate)
		return f, fmt.Errorf("%s: %w: the recording is %s long; NEVER MIND takes answers of up to %d minutes: cut it into shorter answers first",
			path, ErrTooLong, clock(d), int(MaxAnswer/time.Minute))
	}
	return f, nil
}

// downmix appends the frames of interleaved samples as mono (the average
// of each frame's channels, as Mono computes it) to dst.
func downmix(dst, x []float32, ch int) []float32 {
	if ch <= 1 {
		return append(dst, x...)
	}
	frames := len(x) / ch
	if ch == 2 {
		for i := range frames {
			dst = append(dst, (x[2*i]+x[2*i+1])*0.5)
		}
		return dst
	}
	inv := 1 / float32(ch)
	for i := range frames {
		var sum float32
		for _, v := range x[i*ch : i*ch+ch] {
			sum += v
		}
		dst = append(dst, sum*inv)
	}
	return dst
}

// clock writes d as m:ss, or h:mm:ss from an hour.
func clock(d time.Duration) string {
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
