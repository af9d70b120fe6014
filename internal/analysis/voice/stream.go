package voice

import "math"

// halfband is a linear-phase low-pass FIR for 16 kHz -> 8 kHz decimation
// (Kaiser-windowed sinc, cut-off 3.8 kHz), used only for pitch candidates.
var halfband = func() []float32 {
	const n = 47
	const beta = 7.0
	const fc = 3800.0 / 16000.0
	h := make([]float32, n)
	m := float64(n-1) / 2
	var sum float64
	for i := range h {
		t := float64(i) - m
		s := 2 * fc
		if t != 0 {
			s = math.Sin(2*math.Pi*fc*t) / (math.Pi * t)
		}
		r := t / m
		w := bessel0(beta*math.Sqrt(1-r*r)) / bessel0(beta)
		h[i] = float32(s * w)
		sum += s * w
	}
	for i := range h {
		h[i] /= float32(sum)
	}
	return h
}()

func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
		if term < 1e-12*sum {
			break
		}
	}
	return sum
}

// frameStream turns 16 kHz samples, arriving in any chunk sizes, into
// frame features. It keeps only the samples the next frames still need, so
// memory does not grow with the length of the recording (the features
// themselves are a few dozen bytes per 10 ms).
type frameStream struct {
	x, d     signal
	written  int64 // 16 kHz samples received
	decNext  int64 // next 8 kHz sample to compute
	next     int64 // next frame to compute
	frames   []frameFeat
	sc       *frameScratch
	finished bool
}

func newFrameStream() *frameStream {
	return &frameStream{sc: newScratch(), frames: make([]frameFeat, 0, 1024)}
}

func (s *frameStream) write(p []float32) {
	s.x.x = append(s.x.x, p...)
	s.written += int64(len(p))
	s.x.end = s.written
	s.advance()
}

// finish processes the remaining frames, treating samples after the end as
// silence.
func (s *frameStream) finish() {
	if s.finished {
		return
	}
	s.finished = true
	pad := make([]float32, 2*halfSpan+len(halfband))
	s.x.x = append(s.x.x, pad...)
	s.x.end = s.written + int64(len(pad))
	s.advance()
}

func (s *frameStream) frameCount() int64 {
	return (s.written + Hop - 1) / Hop
}

func (s *frameStream) advance() {
	avail := s.x.end // absolute index one past the last usable sample
	half := int64(len(halfband) / 2)
	// Decimate: 8 kHz sample m is the filter centred on 16 kHz sample 2m.
	for 2*s.decNext+half < avail {
		var acc float32
		start := 2*s.decNext - half
		if j := start - s.x.base; j >= 0 && j+int64(len(halfband)) <= int64(len(s.x.x)) {
			w := s.x.x[j : j+int64(len(halfband))]
			for i, h := range halfband {
				acc += h * w[i]
			}
		} else {
			for i, h := range halfband {
				j := start + int64(i) - s.x.base
				if j >= 0 && j < int64(len(s.x.x)) {
					acc += h * s.x.x[j]
				}
			}
		}
		s.d.x = append(s.d.x, acc)
		s.decNext++
	}
	s.d.end = s.decNext
	for {
		if s.finished && s.next >= s.frameCount() {
			break
		}
		c := s.next*Hop + Hop/2
		if c+halfSpan > avail || (c+halfSpan)/2 > s.decNext {
			break
		}
		s.x.at(s.sc.w16, c-halfSpan)
		s.d.at(s.sc.w8, c/2-int64(yinWin+yinMaxLag)/2)
		var f frameFeat
		computeFrame(s.sc, &f)
		s.frames = append(s.frames, f)
		s.next++
	}
	s.trim()
}

// trim drops samples no future frame reads.
func (s *frameStream) trim() {
	c := s.next*Hop + Hop/2
	keep16 := c - halfSpan - int64(len(halfband))
	if drop := keep16 - s.x.base; drop > 4096 {
		s.x.x = append(s.x.x[:0], s.x.x[drop:]...)
		s.x.base += drop
	}
	keep8 := c/2 - int64(yinWin+yinMaxLag)
	if drop := keep8 - s.d.base; drop > 2048 {
		s.d.x = append(s.d.x[:0], s.d.x[drop:]...)
		s.d.base += drop
	}
}
