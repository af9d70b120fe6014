package media

import (
	"math"
	"testing"
)

// sine returns frames of a mono sine wave.
func sine(rate int, freq, amp float64, frames int) Audio {
	s := make([]float32, frames)
	for i := range s {
		s[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return Audio{SampleRate: rate, Channels: 1, Samples: s}
}

// middle drops the first and last 10 % of s, where the filter sees the
// silence before and after the signal.
func middle(s []float32) []float32 {
	return s[len(s)/10 : len(s)-len(s)/10]
}

func rms(s []float32) float64 {
	var sum float64
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(s)))
}

// zeroCrossingFreq estimates the frequency of a sine from the first and last
// upward zero crossings (linearly interpolated).
func zeroCrossingFreq(s []float32, rate int) float64 {
	first, last := -1.0, -1.0
	count := 0
	for i := 1; i < len(s); i++ {
		if s[i-1] < 0 && s[i] >= 0 {
			t := float64(i-1) + float64(-s[i-1])/float64(s[i]-s[i-1])
			if first < 0 {
				first = t
			}
			last = t
			count++
		}
	}
	if count < 2 {
		return 0
	}
	return float64(count-1) * float64(rate) / (last - first)
}

func TestResampleTones(t *testing.T) {
	tests := []struct {
		name     string
		in, out  int
		freq     float64
		passband bool // true: tone must survive; false: must be removed
	}{
		{"1kHz 48k to 16k", 48000, 16000, 1000, true},
		{"1kHz 44.1k to 16k", 44100, 16000, 1000, true},
		{"1kHz 22.05k to 16k", 22050, 16000, 1000, true},
		{"1kHz 8k to 16k", 8000, 16000, 1000, true},
		{"1kHz 11.025k to 16k", 11025, 16000, 1000, true},
		{"3kHz 16k to 48k", 16000, 48000, 3000, true},
		{"5kHz 48k to 16k", 48000, 16000, 5000, true},
		{"1kHz 44.1k to 16001 (interpolated kernel)", 44100, 16001, 1000, true},
		{"1kHz 8k to 44.1k", 8000, 44100, 1000, true},
		{"12kHz 48k to 16k would alias to 4kHz", 48000, 16000, 12000, false},
		{"9kHz 48k to 16k would alias to 7kHz", 48000, 16000, 9000, false},
		{"10kHz 44.1k to 16k would alias to 6kHz", 44100, 16000, 10000, false},
		{"15kHz 44.1k to 16001 (interpolated kernel)", 44100, 16001, 15000, false},
		{"20kHz 96k to 16k", 96000, 16000, 20000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sine(tt.in, tt.freq, 0.8, tt.in) // 1 second
			out, err := Resample(in, tt.out)
			if err != nil {
				t.Fatal(err)
			}
			if out.SampleRate != tt.out || out.Channels != 1 || len(out.Samples) != tt.out {
				t.Fatalf("got rate %d, %d channels, %d samples; want %d, 1, %d", out.SampleRate, out.Channels, len(out.Samples), tt.out, tt.out)
			}
			mid := middle(out.Samples)
			ratio := rms(mid) / rms(middle(in.Samples))
			if tt.passband {
				if math.Abs(ratio-1) > 0.01 {
					t.Errorf("amplitude ratio %.5f, want within 1%% of 1", ratio)
				}
				if f := zeroCrossingFreq(mid, tt.out); math.Abs(f-tt.freq) > tt.freq*0.001 {
					t.Errorf("frequency %.3f Hz, want %.0f Hz", f, tt.freq)
				}
			} else {
				db := 20 * math.Log10(ratio)
				if db > -50 {
					t.Errorf("out-of-band tone only attenuated by %.1f dB, want at least 50 dB", -db)
				}
				t.Logf("attenuation %.1f dB", -db)
			}
		})
	}
}

func TestResampleLength(t *testing.T) {
	tests := []struct {
		name             string
		in, out, n, want int
	}{
		{"48k to 16k 1s", 48000, 16000, 48000, 16000},
		{"44.1k to 16k 1s", 44100, 16000, 44100, 16000},
		{"44.1k to 16k 3 frames rounds down", 44100, 16000, 3, 1},
		{"44.1k to 16k 1 frame rounds to 0", 44100, 16000, 1, 0},
		{"44.1k to 16k 2 frames rounds up", 44100, 16000, 2, 1},
		{"8k to 16k odd", 8000, 16000, 5, 10},
		{"22.05k to 16k", 22050, 16000, 12345, 8958},
		{"48k to 16k not multiple", 48000, 16000, 100, 33},
		{"48k to 16k rounds up", 48000, 16000, 101, 34},
		{"16001 interpolated", 44100, 16001, 44100, 16001},
		{"empty", 48000, 16000, 0, 0},
		{"same rate", 16000, 16000, 777, 777},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ch := range []int{1, 2} {
				a := Audio{SampleRate: tt.in, Channels: ch, Samples: make([]float32, tt.n*ch)}
				out, err := Resample(a, tt.out)
				if err != nil {
					t.Fatal(err)
				}
				if out.Frames() != tt.want || out.Channels != ch || len(out.Samples) != tt.want*ch {
					t.Errorf("%d channels: got %d frames (%d samples), want %d frames", ch, out.Frames(), len(out.Samples), tt.want)
				}
			}
		})
	}
}

func TestResampleDCAndStereo(t *testing.T) {
	// Left: a 1 kHz tone; right: DC 0.5. The channels must not leak into
	// each other and DC must pass with unity gain.
	const in, n = 44100, 44100
	tone := sine(in, 1000, 0.5, n)
	a := Audio{SampleRate: in, Channels: 2, Samples: make([]float32, 2*n)}
	for i := 0; i < n; i++ {
		a.Samples[2*i] = tone.Samples[i]
		a.Samples[2*i+1] = 0.5
	}
	out, err := Resample(a, 16000)
	if err != nil {
		t.Fatal(err)
	}
	frames := out.Frames()
	left := make([]float32, frames)
	right := make([]float32, frames)
	for i := range frames {
		left[i], right[i] = out.Samples[2*i], out.Samples[2*i+1]
	}
	if f := zeroCrossingFreq(middle(left), 16000); math.Abs(f-1000) > 1 {
		t.Errorf("left frequency %.2f, want 1000", f)
	}
	for i, v := range middle(right) {
		if math.Abs(float64(v)-0.5) > 1e-4 {
			t.Fatalf("right sample %d = %v, want 0.5 (DC gain must be 1, no crosstalk)", i, v)
		}
	}
}

func TestResampleSameRateCopies(t *testing.T) {
	a := Audio{SampleRate: 16000, Channels: 1, Samples: []float32{0.1, 0.2, 0.3}}
	out, err := Resample(a, 16000)
	if err != nil {
		t.Fatal(err)
	}
	out.Samples[0] = 9
	if a.Samples[0] != 0.1 {
		t.Error("Resample at the same rate must return a copy")
	}
}

func TestResampleErrors(t *testing.T) {
	tests := []struct {
		name string
		a    Audio
		rate int
	}{
		{"zero input rate", Audio{SampleRate: 0, Channels: 1, Samples: []float32{0}}, 16000},
		{"zero output rate", Audio{SampleRate: 16000, Channels: 1, Samples: []float32{0}}, 0},
		{"negative output rate", Audio{SampleRate: 16000, Channels: 1}, -5},
		{"huge output rate", Audio{SampleRate: 16000, Channels: 1}, 10_000_000},
		{"partial frame", Audio{SampleRate: 16000, Channels: 2, Samples: []float32{0, 0, 0}}, 8000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Resample(tt.a, tt.rate); err == nil {
				t.Error("want an error")
			}
		})
	}
}

func TestMono(t *testing.T) {
	tests := []struct {
		name string
		in   Audio
		want []float32
	}{
		{"mono copy", Audio{SampleRate: 8000, Channels: 1, Samples: []float32{0.5, -0.5}}, []float32{0.5, -0.5}},
		{"stereo", Audio{SampleRate: 8000, Channels: 2, Samples: []float32{1, 0, -1, -0.5}}, []float32{0.5, -0.75}},
		{"3 channels", Audio{SampleRate: 8000, Channels: 3, Samples: []float32{0.3, 0.3, 0.9, 0, 0, 0}}, []float32{0.5, 0}},
		{"empty", Audio{SampleRate: 8000, Channels: 2}, []float32{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mono(tt.in)
			if got.Channels != 1 || got.SampleRate != tt.in.SampleRate || len(got.Samples) != len(tt.want) {
				t.Fatalf("got %+v, want %v", got, tt.want)
			}
			for i := range got.Samples {
				if math.Abs(float64(got.Samples[i]-tt.want[i])) > 1e-6 {
					t.Errorf("sample %d = %v, want %v", i, got.Samples[i], tt.want[i])
				}
			}
			if len(tt.in.Samples) > 0 {
				got.Samples[0] = 42
				if tt.in.Samples[0] == 42 {
					t.Error("Mono must not share memory with its input")
				}
			}
		})
	}
}

func benchmarkResample(b *testing.B, in int) {
	a := sine(in, 440, 0.5, 60*in) // 60 s
	if _, err := Resample(a, 16000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Resample(a, 16000); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResample48kTo16k resamples 60 s of 48 kHz mono audio to 16 kHz.
func BenchmarkResample48kTo16k(b *testing.B) { benchmarkResample(b, 48000) }

// BenchmarkResample44kTo16k resamples 60 s of 44.1 kHz mono audio to 16 kHz.
func BenchmarkResample44kTo16k(b *testing.B) { benchmarkResample(b, 44100) }

// toneResidual fits a*cos + b*sin at freq to s (least squares) and returns
// the fitted amplitude and the RMS of what is left, relative to the fit.
func toneResidual(s []float32, rate int, freq float64) (amp, residualDB float64) {
	var cc, ss, cs, yc, ys float64
	w := 2 * math.Pi * freq / float64(rate)
	for i, v := range s {
		c, sn := math.Cos(w*float64(i)), math.Sin(w*float64(i))
		cc += c * c
		ss += sn * sn
		cs += c * sn
		yc += float64(v) * c
		ys += float64(v) * sn
	}
	det := cc*ss - cs*cs
	a := (yc*ss - ys*cs) / det
	b := (ys*cc - yc*cs) / det
	var res float64
	for i, v := range s {
		d := float64(v) - a*math.Cos(w*float64(i)) - b*math.Sin(w*float64(i))
		res += d * d
	}
	amp = math.Hypot(a, b)
	return amp, 20 * math.Log10(math.Sqrt(res/float64(len(s)))/(amp/math.Sqrt2))
}

// TestResampleResponse sweeps tones through the filter: in the passband the
// output must be the same pure tone (no images or aliases above -60 dB,
// gain within 0.1 dB); in the stopband (above 0.54 of the lower rate, where
// anything would alias into the audible band) it must be attenuated by at
// least 60 dB.
func TestResampleResponse(t *testing.T) {
	tests := []struct {
		name    string
		in, out int
	}{
		{"48k to 16k", 48000, 16000},
		{"44.1k to 16k", 44100, 16000},
		{"22.05k to 16k", 22050, 16000},
		{"8k to 16k", 8000, 16000},
		{"16k to 44.1k", 16000, 44100},
		{"44.1k to 16001 interpolated", 44100, 16001},
		{"8k to 22254 interpolated", 8000, 22254},
		{"384k to 16k", 384000, 16000},
		{"383999 to 16k interpolated", 383999, 16000},
		{"1k to 384k", 1000, 384000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lower := float64(min(tt.in, tt.out))
			worstStop, worstRipple, worstResidual := -999.0, 0.0, -999.0
			for f := 50.0; f < float64(tt.in)/2; f += max(lower/37, float64(tt.in)/150) {
				in := sine(tt.in, f, 0.5, tt.in/4)
				out, err := Resample(in, tt.out)
				if err != nil {
					t.Fatal(err)
				}
				mid := middle(out.Samples)
				switch {
				case f <= 0.40*lower:
					amp, residual := toneResidual(mid, tt.out, f)
					gain := 20 * math.Log10(amp/0.5)
					worstRipple = max(worstRipple, math.Abs(gain))
					worstResidual = max(worstResidual, residual)
					if math.Abs(gain) > 0.1 || residual > -60 {
						t.Errorf("%.0f Hz (passband): gain %.3f dB, residual %.1f dB", f, gain, residual)
					}
				case f >= 0.54*lower:
					db := 20 * math.Log10(rms(mid)/rms(middle(in.Samples)))
					worstStop = max(worstStop, db)
					if db > -60 {
						t.Errorf("%.0f Hz (stopband): only attenuated by %.1f dB", f, -db)
					}
				}
			}
			t.Logf("passband ripple ±%.4f dB, worst residual %.1f dB, worst stopband %.1f dB", worstRipple, worstResidual, worstStop)
		})
	}
}

func TestFilterPaths(t *testing.T) {
	tests := []struct {
		in, out int
		exact   bool
		phases  int
	}{
		{48000, 16000, true, 1},
		{44100, 16000, true, 160},
		{8000, 16000, true, 2},
		{22050, 16000, true, 320},
		{44100, 16001, false, interpPhases},
		{383999, 16000, false, interpPhases},
	}
	for _, tt := range tests {
		f := newFilter(tt.in, tt.out)
		if f.exact != tt.exact || f.nphase != tt.phases || f.taps%8 != 0 || f.taps < 2*f.k+1 {
			t.Errorf("%d->%d: exact=%v nphase=%d taps=%d k=%d; want exact=%v nphase=%d", tt.in, tt.out, f.exact, f.nphase, f.taps, f.k, tt.exact, tt.phases)
		}
	}
}
