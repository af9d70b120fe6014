//go:build codecs

package voice

import (
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"nevermind/internal/media"
)

// TestOpusKeepsVoiceMetrics records answers the way the recorder stores
// them (Opus at media.OpusKbps in WebM, from a 48 kHz or 44.1 kHz
// microphone) and checks that the voice analysis of the decoded audio
// gives what the WAV gives (issue 27): the median F0 within 0.5 %, the same
// pauses with each edge within 20 ms. The answers are espeak-ng speech in
// Korean and English, several voices, pitches and rates, with pauses of
// several lengths between the sentences, and whisper.cpp's real jfk.wav.
func TestOpusKeepsVoiceMetrics(t *testing.T) {
	needTools(t, "espeak-ng", "sox")
	dir := t.TempDir()
	type answer struct{ name, wav string }
	var answers []answer
	gaps := []float64{0.4, 1.3, 0.7}
	voices := map[string][]string{"en": {"en-us", "en+f3"}, "ko": {"ko", "ko+f2"}}
	settings := [][2]int{{35, 140}, {65, 190}}
	for _, lang := range []string{"ko", "en"} {
		var set []utterance
		for _, u := range append(append([]utterance{}, heldOut...), devSet...) {
			if u.lang == lang {
				set = append(set, u)
			}
		}
		files := synthesize(t, dir, set, map[string][]string{lang: voices[lang]}, settings)
		// One answer per voice and setting: its sentences with pauses between.
		byKind := map[string][]string{}
		var kinds []string
		for _, f := range files {
			k := fmt.Sprintf("%s_p%d_s%d", f.voice, f.pitch, f.wpm)
			if byKind[k] == nil {
				kinds = append(kinds, k)
			}
			byKind[k] = append(byKind[k], f.path)
		}
		for i, k := range kinds {
			var parts []string
			sil := func(d float64) string { // at espeak-ng's rate
				p := filepath.Join(dir, fmt.Sprintf("sil22_%.3f.wav", d))
				if b, err := exec.Command("sox", "-n", "-r", "22050", "-c", "1", "-b", "16", p, "trim", "0", fmt.Sprint(d)).CombinedOutput(); err != nil {
					t.Fatalf("sox: %v: %s", err, b)
				}
				return p
			}
			parts = append(parts, sil(0.8))
			for j, p := range byKind[k][:4] {
				parts = append(parts, p)
				if j < 3 {
					parts = append(parts, sil(gaps[j]))
				}
			}
			rate := []int{48000, 44100}[i%2]
			joined := filepath.Join(dir, k+"_joined.wav")
			concat(t, joined, parts...)
			mic := filepath.Join(dir, fmt.Sprintf("%s_%d.wav", k, rate))
			if b, err := exec.Command("sox", joined, "-r", fmt.Sprint(rate), mic).CombinedOutput(); err != nil {
				t.Fatalf("sox: %v: %s", err, b)
			}
			answers = append(answers, answer{fmt.Sprintf("%s at %d Hz", k, rate), mic})
		}
	}
	answers = append(answers, answer{"jfk.wav (real speech, 16 kHz)", jfkWAV(t)})

	worstF0, worstEdge, pauses := 0.0, 0.0, 0
	for _, a := range answers {
		pcm, err := media.ReadWAVFile(a.wav)
		if err != nil {
			t.Fatal(err)
		}
		weba := filepath.Join(dir, filepath.Base(a.wav)+".weba")
		if err := media.WriteOpusWebM(weba, pcm); err != nil {
			t.Fatalf("%s: %v", a.name, err)
		}
		want, err := Analyze(load16k(t, a.wav), Config{})
		if err != nil {
			t.Fatal(err)
		}
		dec, err := media.Load16kMono(weba)
		if err != nil {
			t.Fatalf("%s: %v", a.name, err)
		}
		got, err := Analyze(dec.Samples, Config{})
		if err != nil {
			t.Fatal(err)
		}
		w, g := want.Voice, got.Voice
		rel := math.Abs(g.Pitch.MedianHz-w.Pitch.MedianHz) / w.Pitch.MedianHz
		worstF0 = math.Max(worstF0, rel)
		if w.Pitch.MedianHz <= 0 || rel > 0.005 {
			t.Errorf("%s: median F0 %.2f Hz from Opus, %.2f Hz from the WAV (%.2f %%)", a.name, g.Pitch.MedianHz, w.Pitch.MedianHz, 100*rel)
		}
		// Pauses are matched by overlap. A pause within 20 ms of the
		// 250 ms a pause needs may be on one side only: moving its edges by
		// less than 20 ms takes it across the line.
		matched := map[int]bool{}
		for _, gp := range g.Pauses {
			j := -1
			for i, wp := range w.Pauses {
				if !matched[i] && gp.Start < wp.End && wp.Start < gp.End {
					j = i
					break
				}
			}
			if j < 0 {
				if gp.Duration() > minPauseS+0.020 {
					t.Errorf("%s: a pause %v from Opus that the WAV does not have (%v)", a.name, gp, w.Pauses)
				}
				continue
			}
			matched[j] = true
			wp := w.Pauses[j]
			d := math.Max(math.Abs(gp.Start-wp.Start), math.Abs(gp.End-wp.End))
			worstEdge = math.Max(worstEdge, d)
			if d > 0.020 {
				t.Errorf("%s: a pause %v from Opus, %v from the WAV", a.name, gp, wp)
			}
		}
		for i, wp := range w.Pauses {
			if !matched[i] && wp.Duration() > minPauseS+0.020 {
				t.Errorf("%s: the pause %v of the WAV is missing from Opus (%v)", a.name, wp, g.Pauses)
			}
		}
		pauses += len(w.Pauses)
		if math.Abs(dec.Duration().Seconds()-pcm.Duration().Seconds()) > 0.03 {
			t.Errorf("%s: %v decoded, %v recorded", a.name, dec.Duration(), pcm.Duration())
		}
	}
	t.Logf("%d answers, %d pauses: worst median-F0 difference %.3f %%, worst pause edge %.0f ms", len(answers), pauses, 100*worstF0, 1000*worstEdge)
}
