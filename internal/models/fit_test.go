package models

import (
	"testing"
	"time"
)

// TestFitRecommendsTheLargestThatKeepsUp: predictions grow with the
// model's size, Korean waits longer than English (more tokens), and the
// recommendation is the largest catalogue model within FitGoal per
// language, the English-only model of that size for English.
func TestFitRecommendsTheLargestThatKeepsUp(t *testing.T) {
	// Base on this project's 2-core machine: 1.35 s per window, 5.5 ms a token.
	f := NewFit(1350*time.Millisecond, 5500*time.Microsecond, 2, time.Now())
	prev := 0.0
	for _, name := range []string{"tiny", "base", "small", "large-v3-turbo"} {
		ko, en := f.Tail[name]["ko"], f.Tail[name]["en"]
		if ko <= prev || en > ko {
			t.Errorf("%s: ko %.1f s, en %.1f s (after %.1f s)", name, ko, en, prev)
		}
		prev = ko
	}
	if f.Recommended["ko"] != "base" || f.Recommended["en"] != "base.en" {
		t.Errorf("recommended %v; tails %v", f.Recommended, f.Tail)
	}
	// A machine four times faster takes small; one four times slower, tiny.
	if r := NewFit(1350*time.Millisecond/4, 5500*time.Microsecond/4, 8, time.Now()).Recommended; r["ko"] != "small" || r["en"] != "small.en" {
		t.Errorf("a fast machine: %v", r)
	}
	// A machine twenty times faster takes the quantised turbo.
	fast := NewFit(1350*time.Millisecond/20, 5500*time.Microsecond/20, 16, time.Now())
	if r := fast.Recommended; r["ko"] != "large-v3-turbo-q5_0" || r["en"] != "large-v3-turbo-q5_0" {
		t.Errorf("a very fast machine: %v", r)
	}
	// The wait shown is the recommended model's size's.
	if w := fast.Wait("ko"); w <= 0 || w != fast.Tail["large-v3-turbo"]["ko"] {
		t.Errorf("the very fast machine's wait with turbo: %.1f s", w)
	}
	if w := f.Wait("en"); w <= 0 || w != f.Tail["base"]["en"] {
		t.Errorf("the wait with base.en: %.1f s", w)
	}
	if r := NewFit(4*1350*time.Millisecond, 4*5500*time.Microsecond, 1, time.Now()).Recommended; r["ko"] != "tiny" {
		t.Errorf("a slow machine: %v", r)
	}
	// The prediction for small from base's measurement, against small
	// measured on the same machine (make bench-stt, 2 threads, f16):
	// encoder 6.64 s per window.
	base, _ := LookupShape("base")
	small, _ := LookupShape("small")
	be, _ := base.flops()
	se, _ := small.flops()
	t.Logf("small/base encoder arithmetic %.2f", se/be)
}
