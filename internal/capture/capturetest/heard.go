package capturetest

import (
	"math"
	"strings"
	"unicode"
)

// Syllables counts a sentence's syllables as a listener hears them:
// Hangul syllable blocks, or groups of vowels in English words (a final
// silent e not counted). Tests compare it with the syllables the voice
// analysis hears in a recording of the sentence.
func Syllables(text string) int {
	n := 0
	for _, w := range strings.Fields(text) {
		hangul, groups, inVowel := 0, 0, false
		for _, r := range strings.ToLower(w) {
			switch {
			case r >= 0xAC00 && r <= 0xD7A3:
				hangul++
			case strings.ContainsRune("aeiouy", r):
				if !inVowel {
					groups++
				}
				inVowel = true
			case unicode.IsLetter(r):
				inVowel = false
			}
		}
		if strings.HasSuffix(strings.ToLower(strings.Trim(w, "?.,!")), "e") && groups > 1 {
			groups-- // a silent final e
		}
		n += hangul + groups
	}
	return n
}

// envelope is the level of 16 kHz audio in 10 ms frames (dB).
func envelope(x []float32) []float64 {
	out := make([]float64, len(x)/160)
	for i := range out {
		var e float64
		for _, v := range x[i*160 : (i+1)*160] {
			e += float64(v) * float64(v)
		}
		out[i] = 10 * math.Log10(e/160+1e-10)
	}
	return out
}

// Likeness is the best correlation of the level envelope of the first 2 s
// of a with that of any 2 s of b (both 16 kHz): about 1 when a begins with
// a piece of b (a recording that caught the interviewer's question), low
// for other speech. 0 when either is shorter than 2 s.
func Likeness(a, b []float32) float64 {
	ea, eb := envelope(a), envelope(b)
	const w = 200
	if len(ea) < w || len(eb) < w {
		return 0
	}
	best := -1.0
	for lag := 0; lag+w <= len(eb); lag++ {
		best = max(best, corr(ea[:w], eb[lag:lag+w]))
	}
	return best
}

func corr(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/float64(len(x)), my/float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}
