package media

import (
	"nevermind/internal/dsp"

	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// Resampler design. The anti-aliasing filter is a Kaiser-windowed sinc
// (beta 8, about 80 dB of stopband attenuation) whose cutoff, the -6 dB
// point, sits at cutoffFrac of the lower of the two sample rates. Its
// transition band is transitionFrac of that rate wide, centred on the cutoff:
// the passband is flat (±0.001 dB) up to 0.40 of the lower rate (6.4 kHz for
// 16 kHz output) and the stopband starts at 0.54 of it (8.64 kHz). Only input
// between 0.50 and 0.54 of the lower rate is partly attenuated and folds back
// into 0.46–0.50, above the passband; in exchange the filter is half as long
// as one whose stopband starts exactly at Nyquist, a trade-off most audio
// resamplers make. The length follows from Kaiser's formula: about 110 taps
// at 48 kHz for 16 kHz output.
//
// When the rate ratio out/in reduces to L/M with L <= maxPolyphases
// (48000->16000 is 1/3, 44100->16000 is 160/441, 8000->16000 is 2/1) the L
// polyphase filters are computed once (and cached) and each output sample is
// one dot product. Otherwise the kernel for each output sample is
// interpolated linearly between interpPhases+1 precomputed phases, which
// costs two dot products.
const (
	kaiserBeta     = 8.0
	cutoffFrac     = 0.47
	transitionFrac = 0.14
	// maxPolyphases is the largest L for which an exact phase table is built.
	maxPolyphases = 4096
	// maxTableSize caps the exact phase table (in float32s, 8 MiB).
	maxTableSize = 1 << 21
	// interpPhases is the number of phases per input sample used otherwise.
	interpPhases = 256
	// fineDensity is the number of exact kernel values per zero crossing of
	// the sinc from which the phase tables are built.
	fineDensity = 512
	// maxCachedFilters bounds the filter cache.
	maxCachedFilters = 16
)

// Resample converts a to the given sample rate with a windowed-sinc
// anti-aliasing filter (Kaiser window): flat to 0.40 of the lower of the two
// rates, -6 dB at 0.47, and attenuated by about 80 dB (at least 60 dB) from
// 0.54 on; see the design notes above. Each channel is filtered
// independently. The output has round(Frames * rate / SampleRate) frames;
// samples before the start and after the end of the input are taken as
// silence. If the rate is unchanged the result is a copy. Both rates must be
// within MinSampleRate..MaxSampleRate.
func Resample(a Audio, rate int) (Audio, error) {
	ch := max(a.Channels, 1)
	switch {
	case a.SampleRate < MinSampleRate || a.SampleRate > MaxSampleRate:
		return Audio{}, fmt.Errorf("media: cannot resample audio with a sample rate of %d Hz (supported: %d–%d Hz)", a.SampleRate, MinSampleRate, MaxSampleRate)
	case rate < MinSampleRate || rate > MaxSampleRate:
		return Audio{}, fmt.Errorf("media: cannot resample to %d Hz (supported: %d–%d Hz)", rate, MinSampleRate, MaxSampleRate)
	case len(a.Samples)%ch != 0:
		return Audio{}, fmt.Errorf("media: cannot resample: %d samples is not a whole number of %d-channel frames", len(a.Samples), ch)
	}
	out := Audio{SampleRate: rate, Channels: ch}
	if rate == a.SampleRate {
		out.Samples = append([]float32(nil), a.Samples...)
		return out, nil
	}
	n := len(a.Samples) / ch
	outN := int((int64(n)*int64(rate)*2 + int64(a.SampleRate)) / (2 * int64(a.SampleRate)))
	out.Samples = make([]float32, outN*ch)
	if outN == 0 {
		return out, nil
	}
	flt := filterFor(a.SampleRate, rate)
	// One channel at a time, padded with silence so the inner loop has no
	// edge cases: padded[i+flt.k-1] = x[i].
	padded := make([]float32, n+flt.taps)
	x := padded[flt.k-1 : flt.k-1+n]
	for c := 0; c < ch; c++ {
		if ch == 1 {
			copy(x, a.Samples)
		} else {
			for i := range x {
				x[i] = a.Samples[i*ch+c]
			}
		}
		flt.run(padded, out.Samples[c:], ch, outN)
	}
	return out, nil
}

// filter is a resampling filter for one pair of rates.
type filter struct {
	l, m int // out/in = l/m, reduced
	// taps is the number of input samples each output sample depends on (a
	// multiple of 8); output j at input time t = j*m/l uses the input samples
	// floor(t)-k+1 ... floor(t)-k+taps.
	taps, k int
	// phases holds rows of taps weights, row p for an output p/nphase input
	// samples after an input sample: nphase == l rows (exact polyphase), or
	// nphase+1 rows (interpolated; the last row is for a full sample).
	phases []float32
	nphase int
	exact  bool
}

// kernel is the unnormalised windowed sinc at x input samples from the centre.
func kernel(x, fc, halfWidth float64) float64 {
	r := x / halfWidth
	if r <= -1 || r >= 1 {
		return 0
	}
	return sinc(2*fc*x) * bessel0(kaiserBeta*math.Sqrt(1-r*r)) / bessel0(kaiserBeta)
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// bessel0 is the modified Bessel function of the first kind, order 0.
func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1.0; k < 500; k++ {
		term *= q / (k * k)
		sum += term
		if term < sum*1e-16 {
			break
		}
	}
	return sum
}

var (
	filterCache  sync.Map // [2]int{in, out} -> *filter
	filterCached atomic.Int32
)

func filterFor(in, out int) *filter {
	key := [2]int{in, out}
	if f, ok := filterCache.Load(key); ok {
		return f.(*filter)
	}
	f := newFilter(in, out)
	if filterCached.Load() < maxCachedFilters {
		if _, loaded := filterCache.LoadOrStore(key, f); !loaded {
			filterCached.Add(1)
		}
	}
	return f
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func newFilter(in, out int) *filter {
	g := gcd(in, out)
	f := &filter{l: out / g, m: in / g}
	lower := float64(min(in, out))
	fc := cutoffFrac * lower / float64(in)                // cycles per input sample
	df := transitionFrac * lower / float64(in)            // transition width, same unit
	atten := kaiserBeta/0.1102 + 8.7                      // dB, inverting Kaiser's beta formula
	length := (atten - 7.95) / (2.285 * 2 * math.Pi * df) // taps at the input rate
	halfWidth := length / 2
	f.k = int(math.Ceil(halfWidth))
	f.taps = (2*f.k + 1 + 7) &^ 7

	// The kernel (Bessel function and all) is evaluated exactly only on a
	// fine grid; the phase rows interpolate linearly in it, which is accurate
	// to about -100 dB and keeps building a filter for an odd rate pair cheap.
	density := fineDensity * 2 * fc // per input sample
	fine := make([]float32, int(math.Ceil(halfWidth*density))+2)
	for i := range fine {
		fine[i] = float32(kernel(float64(i)/density, fc, halfWidth))
	}
	f.exact = f.l <= maxPolyphases && f.l*f.taps <= maxTableSize
	rows := f.l
	f.nphase = f.l
	if !f.exact {
		f.nphase, rows = interpPhases, interpPhases+1
	}
	f.phases = make([]float32, rows*f.taps)
	for r := 0; r < rows; r++ {
		f.weights(f.phases[r*f.taps:r*f.taps+f.taps], float64(r)/float64(f.nphase), fine, density)
	}
	return f
}

// weights fills w with the filter taps for an output sample frac (in [0, 1])
// input samples after an input sample, interpolating in fine (sampled at
// density points per input sample) and normalising to unity gain at DC.
func (f *filter) weights(w []float32, frac float64, fine []float32, density float64) {
	last := len(fine) - 1
	var sum float64
	for i := range w {
		pos := math.Abs(float64(i-f.k+1)-frac) * density
		idx := int(pos)
		var v float32
		if idx < last {
			t := float32(pos - float64(idx))
			v = fine[idx] + t*(fine[idx+1]-fine[idx])
		}
		w[i] = v
		sum += float64(v)
	}
	inv := float32(1 / sum)
	for i := range w {
		w[i] *= inv
	}
}

// run computes outN output samples from padded (one channel, see Resample)
// into dst[0], dst[stride], dst[2*stride], ...
func (f *filter) run(padded, dst []float32, stride, outN int) {
	stepI, stepR := f.m/f.l, f.m%f.l
	i0, r := 0, 0
	T := f.taps
	for j := 0; j < outN; j++ {
		x := padded[i0 : i0+T]
		if f.exact {
			dst[j*stride] = dsp.Dot(f.phases[r*T:r*T+T], x)
		} else {
			pos := float64(r) * float64(f.nphase) / float64(f.l)
			p := int(pos)
			t := float32(pos - float64(p))
			a := dsp.Dot(f.phases[p*T:p*T+T], x)
			b := dsp.Dot(f.phases[(p+1)*T:(p+2)*T], x)
			dst[j*stride] = a + t*(b-a)
		}
		i0 += stepI
		if r += stepR; r >= f.l {
			r -= f.l
			i0++
		}
	}
}
