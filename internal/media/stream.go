package media

import (
	"fmt"

	"nevermind/internal/dsp"
)

// StreamResampler converts one channel of audio arriving in chunks, as a
// microphone delivers it, with the same filter as Resample: the output of
// all the chunks together equals Resample of the whole signal (up to the
// last few samples, which Flush gives).
type StreamResampler struct {
	f     *filter
	buf   []float32 // input not yet consumed, starting at stream position base
	base  int
	i0, r int // next output's window start (stream position) and phase
	in    int // input samples written
	outN  int // outputs produced
	same  bool
}

// NewStreamResampler resamples from rate in to rate out (Hz).
func NewStreamResampler(in, out int) (*StreamResampler, error) {
	if in < MinSampleRate || in > MaxSampleRate || out < MinSampleRate || out > MaxSampleRate {
		return nil, fmt.Errorf("media: cannot resample %d Hz to %d Hz (supported: %d–%d Hz)", in, out, MinSampleRate, MaxSampleRate)
	}
	if in == out {
		return &StreamResampler{same: true}, nil
	}
	f := filterFor(in, out)
	s := &StreamResampler{f: f}
	// The stream starts with k-1 samples of silence, as Resample pads.
	s.buf = make([]float32, f.k-1, 4096)
	return s, nil
}

// Write adds input samples and appends the outputs they complete to dst.
func (s *StreamResampler) Write(dst, x []float32) []float32 {
	if s.same {
		return append(dst, x...)
	}
	s.buf = append(s.buf, x...)
	s.in += len(x)
	return s.drain(dst, s.want())
}

// Flush ends the stream: the outputs that need input past the end (taken as
// silence) are appended to dst.
func (s *StreamResampler) Flush(dst []float32) []float32 {
	if s.same {
		return dst
	}
	s.buf = append(s.buf, make([]float32, s.f.taps)...)
	return s.drain(dst, s.want())
}

// want is the total number of outputs the input so far calls for.
func (s *StreamResampler) want() int {
	return int((int64(s.in)*int64(s.f.l)*2 + int64(s.f.m)) / (2 * int64(s.f.m)))
}

func (s *StreamResampler) drain(dst []float32, want int) []float32 {
	f := s.f
	T := f.taps
	stepI, stepR := f.m/f.l, f.m%f.l
	for s.outN < want && s.i0-s.base+T <= len(s.buf) {
		x := s.buf[s.i0-s.base : s.i0-s.base+T]
		var v float32
		if f.exact {
			v = dsp.Dot(f.phases[s.r*T:s.r*T+T], x)
		} else {
			pos := float64(s.r) * float64(f.nphase) / float64(f.l)
			p := int(pos)
			t := float32(pos - float64(p))
			a := dsp.Dot(f.phases[p*T:p*T+T], x)
			b := dsp.Dot(f.phases[(p+1)*T:(p+2)*T], x)
			v = a + t*(b-a)
		}
		dst = append(dst, v)
		s.outN++
		s.i0 += stepI
		if s.r += stepR; s.r >= f.l {
			s.r -= f.l
			s.i0++
		}
	}
	// Drop the input no future output needs.
	if drop := s.i0 - s.base; drop > 0 && drop > len(s.buf)/2 {
		n := copy(s.buf, s.buf[drop:])
		s.buf = s.buf[:n]
		s.base = s.i0
	}
	return dst
}
