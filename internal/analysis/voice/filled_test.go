package voice

import (
	"fmt"
	"path/filepath"
	"testing"
)

// hesitation is a synthesized filled pause: a slow "음", "어", "um" or "uh".
type hesitation struct {
	voice, text string
	pitch, rate int // rate in per cent of normal
}

var (
	devHesitations = []hesitation{
		{"ko", "음", 50, 20}, {"ko", "어", 50, 20}, {"en", "um", 50, 20}, {"en", "uh", 50, 20},
		{"ko", "음", 30, 25}, {"ko", "어", 70, 25}, {"en", "um", 70, 25}, {"en", "uh", 30, 25},
	}
	heldOutHesitations = []hesitation{
		{"ko+f2", "음", 60, 18}, {"ko+f2", "어", 40, 22}, {"en+f3", "um", 40, 22}, {"en-us", "uh", 60, 18},
	}
)

// fillerCase builds sentence + pause + hesitation + pause + sentence and
// returns the file and where the hesitation is.
func fillerCase(t *testing.T, dir string, i int, h hesitation, a, b utterance) (string, Span) {
	lang := map[string]string{"en": "en", "ko": "ko"}
	pa, pb, ph := filepath.Join(dir, fmt.Sprintf("a%d.wav", i)), filepath.Join(dir, fmt.Sprintf("b%d.wav", i)), filepath.Join(dir, fmt.Sprintf("h%d.wav", i))
	speak(t, pa, lang[a.lang], 50, 170, a.text)
	speak(t, pb, lang[b.lang], 50, 170, b.text)
	speak(t, ph, h.voice, h.pitch, 175, fmt.Sprintf(`<speak><prosody rate="%d%%">%s</prosody></speak>`, h.rate, h.text))
	ta, tb, th := trimmed(t, pa), trimmed(t, pb), trimmed(t, ph)
	gap := 0.35
	out := filepath.Join(dir, fmt.Sprintf("case%d.wav", i))
	concat(t, out, ta, silence(t, dir, gap), th, silence(t, dir, gap), tb)
	start := duration(t, ta) + gap
	return out, Span{start, start + duration(t, th)}
}

// TestFilledPauses inserts synthesized hesitations into speech and reports
// precision and recall: a hit overlaps the inserted sound by half its
// length; anything else found is a false alarm (ordinary words).
func TestFilledPauses(t *testing.T) {
	for _, set := range []struct {
		name      string
		hs        []hesitation
		sentences []utterance
	}{
		{"dev", devHesitations, devSet},
		{"held-out", heldOutHesitations, heldOut},
	} {
		t.Run(set.name, func(t *testing.T) {
			dir := t.TempDir()
			tp, fp, fn := 0, 0, 0
			for i, h := range set.hs {
				a := set.sentences[i%len(set.sentences)]
				b := set.sentences[(i+1)%len(set.sentences)]
				path, truth := fillerCase(t, dir, i, h, a, b)
				r, err := Analyze(load16k(t, path), Config{})
				if err != nil {
					t.Fatal(err)
				}
				hit := false
				for _, f := range r.Voice.FilledPauses {
					ov := min(f.End, truth.End) - max(f.Start, truth.Start)
					if ov >= 0.5*min(f.Duration(), truth.Duration()) {
						hit = true
					} else {
						fp++
						t.Logf("%s %q: false alarm at %.2f-%.2f", h.voice, h.text, f.Start, f.End)
					}
				}
				if hit {
					tp++
				} else {
					fn++
					t.Logf("%s %q (p%d, %d%%) at %.2f-%.2f missed; found %v", h.voice, h.text, h.pitch, h.rate, truth.Start, truth.End, r.Voice.FilledPauses)
				}
			}
			precision := float64(tp) / float64(max(tp+fp, 1))
			recall := float64(tp) / float64(tp+fn)
			t.Logf("%s: %d hesitations, precision %.2f, recall %.2f (%d hits, %d false alarms, %d missed)", set.name, len(set.hs), precision, recall, tp, fp, fn)
			if precision < 0.75 || recall < 0.75 {
				t.Errorf("precision %.2f, recall %.2f; want both at least 0.75", precision, recall)
			}
		})
	}
}
