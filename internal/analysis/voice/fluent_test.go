package voice

import (
	"testing"
)

// TestFilledPauseFalseAlarmsOnFluentSpeech: fluent speech, with no "음",
// "어", "um" or "uh" in it, in both languages (synthetic voices of several
// pitches, rates and timbres, and a real recording), must not be reported
// as hesitating: at most 0.3 filled pauses a minute per language, counted
// over every recording.
func TestFilledPauseFalseAlarmsOnFluentSpeech(t *testing.T) {
	dir := t.TempDir()
	voices := map[string][]string{"en": {"en", "en-us", "en+f3", "en+m3"}, "ko": {"ko", "ko+f2", "ko+m3", "ko+f4"}}
	settings := [][2]int{{30, 130}, {50, 175}, {70, 220}, {45, 150}}
	files := synthesize(t, dir, append(append([]utterance{}, devSet...), heldOut...), voices, settings)
	type tally struct {
		found   int
		seconds float64
	}
	per := map[string]*tally{"en": {}, "ko": {}}
	count := func(lang, name string, samples []float32) {
		r, err := Analyze(samples, Config{})
		if err != nil {
			t.Fatal(err)
		}
		per[lang].seconds += float64(len(samples)) / 16000
		per[lang].found += len(r.Voice.FilledPauses)
		for _, f := range r.Voice.FilledPauses {
			t.Logf("%s: filled pause reported at %.2f-%.2f s", name, f.Start, f.End)
		}
	}
	for _, f := range files {
		count(f.lang, f.String(), load16k(t, f.path))
	}
	count("en", "jfk.wav", load16k(t, jfkWAV(t)))
	for _, lang := range []string{"ko", "en"} {
		c := per[lang]
		rate := float64(c.found) / (c.seconds / 60)
		t.Logf("%s: %d filled pauses reported in %.1f min of fluent speech: %.2f a minute", lang, c.found, c.seconds/60, rate)
		if rate > 0.3 {
			t.Errorf("%s: %.2f filled pauses a minute reported in fluent speech, want at most 0.3", lang, rate)
		}
	}
}
