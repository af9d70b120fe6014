package voice

import (
	"math"

	"nevermind/internal/dsp"
)

// Frame geometry at 16 kHz. A frame is 10 ms; frame k is centred on sample
// k*Hop + Hop/2.
const (
	SampleRate = 16000
	Hop        = 160 // 10 ms
	halfSpan   = 704 // samples each side of a frame centre that any feature reads

	rmsWin = 320 // 20 ms level window
	acLags = 6   // spectral-shape descriptor: normalised autocorrelation lags

	// Pitch works on an 8 kHz copy (F0 is far below 4 kHz) and refines on
	// the 16 kHz signal.
	yinWin     = 240  // 30 ms at 8 kHz
	minF0      = 60.0 // a deep voice falls below Praat's 75 Hz at the end of a sentence (espeak ko -p 30: 62-69 Hz)
	maxF0      = 500.0
	yinMaxLag  = 134 // 8000/minF0, rounded up
	yinMinLag  = 16  // 8000/maxF0
	maxCands   = 4
	candCutoff = 0.6 // CMNDF above this is not a pitch candidate

	minCandStrength = voicingStrength - 0.15 // weaker candidates are never chosen
	silentDB        = -65                    // frames below this level skip pitch and spectrum
)

// candidate is one possible F0 of a frame: its frequency and strength
// (1 - CMNDF, so 1 is perfectly periodic).
type candidate struct {
	f0, strength float32
}

// frameFeat is what a frame keeps after its samples are gone.
type frameFeat struct {
	db, intensity float32 // dBFS over 20 ms; dB over the intensity window
	vadDB         float32 // dBFS over the frame's own 10 ms, for sharp speech boundaries
	cands         [maxCands]candidate
	nCands        uint8
	spec          [acLags]float32 // normalised autocorrelation at lags 1..acLags
}

// intWin is the intensity window, 80 ms: syllable nuclei want a smooth
// contour (tuned on the development set; Praat's de Jong & Wempe script uses
// a 64 ms window).
const intWin = 1280

var hannInt = makeHann(intWin)

func makeHann(n int) []float32 {
	w := make([]float32, n)
	var sum float64
	for i := range w {
		v := 0.5 - 0.5*math.Cos(2*math.Pi*(float64(i)+0.5)/float64(n))
		w[i] = float32(v)
		sum += v
	}
	for i := range w {
		w[i] /= float32(sum)
	}
	return w
}

// window returns x[start:start+n] with zeros outside [0, len(x)).
type signal struct {
	x    []float32
	base int64 // absolute index of x[0]
	end  int64 // absolute index one past the last sample that exists or ever will (for padding at the end)
}

// at copies n samples starting at absolute index start into dst, with zeros
// outside the signal.
func (s *signal) at(dst []float32, start int64) {
	j := start - s.base
	if j >= 0 && j+int64(len(dst)) <= int64(len(s.x)) {
		copy(dst, s.x[j:])
		return
	}
	for i := range dst {
		j := start + int64(i) - s.base
		if j >= 0 && j < int64(len(s.x)) {
			dst[i] = s.x[j]
		} else {
			dst[i] = 0
		}
	}
}

// frameScratch holds per-analyzer buffers so frames allocate nothing.
type frameScratch struct {
	w16 []float32 // 2*halfSpan
	w8  []float32 // yinWin + yinMaxLag + 1
	d   []float64 // difference function
	cm  []float64 // CMNDF
}

func newScratch() *frameScratch {
	return &frameScratch{
		w16: make([]float32, 2*halfSpan),
		w8:  make([]float32, yinWin+yinMaxLag+1),
		d:   make([]float64, yinMaxLag+2),
		cm:  make([]float64, yinMaxLag+2),
	}
}

// computeFrame extracts one frame's features. x16 covers [c-halfSpan,
// c+halfSpan) of the 16 kHz signal and x8 covers the YIN span of the 8 kHz
// signal, where c is the frame centre.
func computeFrame(sc *frameScratch, f *frameFeat) {
	x := sc.w16
	c := halfSpan
	var ss float64
	for _, v := range x[c-rmsWin/2 : c+rmsWin/2] {
		ss += float64(v) * float64(v)
	}
	f.db = float32(powerDB(ss / rmsWin))
	var sv float64
	for _, v := range x[c-Hop/2 : c+Hop/2] {
		sv += float64(v) * float64(v)
	}
	f.vadDB = float32(powerDB(sv / Hop))
	var si float64
	seg := x[c-intWin/2 : c+intWin/2]
	for i, v := range seg {
		si += float64(hannInt[i]) * float64(v) * float64(v)
	}
	f.intensity = float32(powerDB(si))
	f.nCands = 0
	if f.db < silentDB {
		return
	}
	spectralShape(x[c-rmsWin/2:c+rmsWin/2], &f.spec)
	yinCandidates(sc, f)
}

func powerDB(ms float64) float64 {
	if ms < 1e-12 {
		return -120
	}
	return 10 * math.Log10(ms)
}

// spectralShape stores the normalised autocorrelation at lags 1..acLags, a
// cheap summary of the spectral envelope: stable in a held vowel, changing
// through consonants.
func spectralShape(w []float32, out *[acLags]float32) {
	var r0 float64
	for _, v := range w {
		r0 += float64(v) * float64(v)
	}
	if r0 <= 0 {
		return
	}
	for k := 1; k <= acLags; k++ {
		var r float64
		for i := k; i < len(w); i++ {
			r += float64(w[i]) * float64(w[i-k])
		}
		out[k-1] = float32(r / r0)
	}
}

// yinCandidates runs YIN's cumulative mean normalised difference on the
// 8 kHz window and keeps the deepest dips as candidates, each refined on the
// 16 kHz signal.
func yinCandidates(sc *frameScratch, f *frameFeat) {
	x := sc.w8
	d, cm := sc.d, sc.cm
	// d(tau) = sum (a_j - x_{j+tau})^2 = E(a) + E(x[tau:tau+W]) - 2 r(tau),
	// with the window energies kept as a running sum.
	a := x[:yinWin]
	var ea, eb float64
	for _, v := range a {
		ea += float64(v) * float64(v)
	}
	eb = ea
	for tau := 1; tau <= yinMaxLag; tau++ {
		out, in := float64(x[tau-1]), float64(x[tau+yinWin-1])
		eb += in*in - out*out
		v := ea + eb - 2*float64(dsp.Dot(a, x[tau:tau+yinWin]))
		if v < 0 {
			v = 0
		}
		d[tau] = v
	}
	var run float64
	cm[0] = 1
	for tau := 1; tau <= yinMaxLag; tau++ {
		run += d[tau]
		if run <= 0 {
			cm[tau] = 1
		} else {
			cm[tau] = d[tau] * float64(tau) / run
		}
	}
	// Local minima in the allowed lag range, deepest first.
	type dip struct {
		lag float64
		v   float64
	}
	var dips [16]dip
	n := 0
	for tau := yinMinLag; tau < yinMaxLag; tau++ {
		if cm[tau] < candCutoff && cm[tau] <= cm[tau-1] && cm[tau] < cm[tau+1] {
			lag, v := parabolic(cm[tau-1], cm[tau], cm[tau+1])
			if n < len(dips) {
				dips[n] = dip{float64(tau) + lag, v}
				n++
			}
		}
	}
	for i := 1; i < n; i++ {
		for j := i; j > 0 && dips[j].v < dips[j-1].v; j-- {
			dips[j], dips[j-1] = dips[j-1], dips[j]
		}
	}
	for i := 0; i < n && int(f.nCands) < maxCands; i++ {
		if 1-dips[i].v < minCandStrength {
			break // sorted: the rest are weaker still, and the tracker ignores them
		}
		lag := refineLag(sc.w16, 2*dips[i].lag)
		if lag <= 0 {
			continue
		}
		s := 1 - dips[i].v
		if s < 0 {
			s = 0
		}
		f.cands[f.nCands] = candidate{f0: float32(SampleRate / lag), strength: float32(s)}
		f.nCands++
	}
}

// parabolic fits a parabola through three equally spaced points and returns
// the offset of its vertex from the middle one (in [-0.5, 0.5]) and its
// value.
func parabolic(a, b, c float64) (float64, float64) {
	den := a - 2*b + c
	if den <= 0 {
		return 0, b
	}
	off := 0.5 * (a - c) / den
	if off > 0.5 {
		off = 0.5
	} else if off < -0.5 {
		off = -0.5
	}
	return off, b - 0.25*(a-c)*off
}

// refineLag finds the period near lag (in 16 kHz samples) from the
// difference function of the 16 kHz window around the frame centre.
func refineLag(x []float32, lag float64) float64 {
	const w = 2 * yinWin // 30 ms at 16 kHz
	l0 := int(math.Round(lag))
	if l0 < 3 {
		return 0
	}
	start := halfSpan - (w+l0+2)/2
	if start < 0 {
		start = 0
	}
	var dv [5]float64
	for k := -2; k <= 2; k++ {
		tau := l0 + k
		if start+tau+w > len(x) {
			return lag
		}
		a := x[start : start+w]
		b := x[start+tau : start+tau+w]
		dv[k+2] = float64(dsp.Dot(a, a)) + float64(dsp.Dot(b, b)) - 2*float64(dsp.Dot(a, b))
	}
	best := 1
	for k := 2; k <= 3; k++ {
		if dv[k] < dv[best] {
			best = k
		}
	}
	off, _ := parabolic(dv[best-1], dv[best], dv[best+1])
	return float64(l0+best-2) + off
}
