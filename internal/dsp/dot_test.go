package dsp

import (
	"math"
	"testing"
)

func TestDotMatchesGeneric(t *testing.T) {
	a := make([]float32, 1024+7)
	b := make([]float32, 1024+7)
	for i := range a {
		a[i] = float32(math.Sin(float64(i)))
		b[i] = float32(math.Cos(float64(i) * 1.3))
	}
	for n := 8; n <= 1024; n += 8 {
		for _, off := range []int{0, 1, 3, 7} {
			got := Dot(a[off:off+n], b[7-off:])
			want := dotGeneric(a[off:off+n], b[7-off:])
			var exact float64
			for i := 0; i < n; i++ {
				exact += float64(a[off+i]) * float64(b[7-off+i])
			}
			if math.Abs(float64(got)-exact) > 1e-4 || math.Abs(float64(want)-exact) > 1e-4 {
				t.Fatalf("n=%d off=%d: dot=%v generic=%v exact=%v", n, off, got, want, exact)
			}
		}
	}
}
