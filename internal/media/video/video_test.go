package video

import (
	"testing"
	"time"
)

func TestSampler(t *testing.T) {
	cases := []struct {
		target, source float64
		frames, want   int
	}{
		{15, 30, 60, 30},
		{10, 30, 90, 30},
		{0, 30, 60, 30}, // default 15
		{-1, 30, 60, 60},
		{30, 30, 60, 60},
		{60, 30, 60, 60},
		{10, 25, 50, 20},
		{12, 30, 60, 24},
	}
	for _, c := range cases {
		s := newSampler(c.target, c.source)
		got := 0
		var last time.Duration = -1
		for i := 0; i < c.frames; i++ {
			ti := time.Duration(float64(i) / c.source * float64(time.Second))
			if s.take(ti) {
				got++
				if last >= 0 && c.target > 0 && c.target < c.source {
					gap := ti - last
					if gap < time.Duration(float64(time.Second)/c.target)-time.Duration(float64(time.Second)/c.source) {
						t.Errorf("target %g: gap %v too short", c.target, gap)
					}
				}
				last = ti
			}
		}
		if got != c.want {
			t.Errorf("target %g from %g fps over %d frames: %d delivered, want %d", c.target, c.source, c.frames, got, c.want)
		}
	}
}
