package media

import (
	"math"
	"math/rand"
	"testing"
)

// TestStreamResamplerMatchesResample: chunks of any size give exactly what
// the whole-signal resampler gives.
func TestStreamResamplerMatchesResample(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, rates := range [][2]int{{48000, 16000}, {44100, 16000}, {16000, 16000}, {22050, 16000}, {8000, 16000}} {
		x := make([]float32, rates[0]*2+77)
		for i := range x {
			x[i] = float32(0.5*math.Sin(float64(i)*0.01) + 0.1*rng.NormFloat64())
		}
		whole, err := Resample(Audio{SampleRate: rates[0], Channels: 1, Samples: x}, rates[1])
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewStreamResampler(rates[0], rates[1])
		if err != nil {
			t.Fatal(err)
		}
		var got []float32
		for i := 0; i < len(x); {
			n := min(1+rng.Intn(1500), len(x)-i)
			got = s.Write(got, x[i:i+n])
			i += n
		}
		got = s.Flush(got)
		if len(got) != len(whole.Samples) {
			t.Fatalf("%v: %d samples streamed, %d whole", rates, len(got), len(whole.Samples))
		}
		for i := range got {
			if math.Abs(float64(got[i]-whole.Samples[i])) > 1e-5 {
				t.Fatalf("%v: sample %d: %g streamed, %g whole", rates, i, got[i], whole.Samples[i])
			}
		}
	}
}
