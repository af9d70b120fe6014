package text

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Timing used to turn test sentences into words: every word takes wordDur
// and is followed by wordGap of silence (below PauseGap), so one word
// starts every 300 ms; "[pause 400ms]" adds that much silence.
const (
	wordDur = 250 * time.Millisecond
	wordGap = 50 * time.Millisecond
)

var pauseMarker = regexp.MustCompile(`^\[pause (\d+)ms\]$`)

// buildWords turns "그, 제가 [pause 400ms] 했습니다." into whisper-style
// words (leading space, punctuation kept) with plausible times.
func buildWords(t testing.TB, src string) []Word {
	t.Helper()
	var ws []Word
	at := time.Duration(0)
	for _, chunk := range regexp.MustCompile(`\[pause \d+ms\]|\S+`).FindAllString(src, -1) {
		if m := pauseMarker.FindStringSubmatch(chunk); m != nil {
			ms, err := strconv.Atoi(m[1])
			if err != nil {
				t.Fatalf("bad pause marker %q", chunk)
			}
			at += time.Duration(ms) * time.Millisecond
			continue
		}
		ws = append(ws, Word{Text: " " + chunk, Start: at, End: at + wordDur})
		at += wordDur + wordGap
	}
	return ws
}

// wordIndex maps a time to the index of the word that starts there.
func wordIndex(ws []Word) map[time.Duration]int {
	m := make(map[time.Duration]int, len(ws))
	for i, w := range ws {
		m[w.Start] = i
	}
	return m
}

// checkFinite fails on a NaN, an infinity or a negative rate.
func checkFinite(t testing.TB, r Report) {
	t.Helper()
	for name, v := range map[string]float64{
		"SyllablesPerMin": r.SyllablesPerMin, "WordsPerMin": r.WordsPerMin,
		"ArticulationPerMin": r.ArticulationPerMin, "FillersPerMin": r.FillersPerMin, "FillerRatio": r.FillerRatio,
	} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("%s = %v, want a finite non-negative number", name, v)
		}
	}
	if r.FillerRatio > 1 {
		t.Fatalf("FillerRatio = %v > 1", r.FillerRatio)
	}
}

// fillerTexts lists "kind:text" of the transcript disfluencies.
func fillerTexts(fs []Filler) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind+":"+f.Text)
	}
	return out
}

func join(ss []string) string { return strings.Join(ss, " | ") }
