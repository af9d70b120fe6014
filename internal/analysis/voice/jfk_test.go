package voice

import (
	"math"
	"nevermind/internal/testenv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// jfkWAV is whisper.cpp's sample of real speech (11 s, 16 kHz), shipped in
// the Go bindings module this project already depends on.
func jfkWAV(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/ggerganov/whisper.cpp/bindings/go").Output()
	if err != nil {
		testenv.Skipf(t, "cannot locate the whisper bindings module: %v", err)
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "samples", "jfk.wav")
	if _, err := os.Stat(p); err != nil {
		testenv.Skipf(t, "%s not found (run `go mod download`)", p)
	}
	return p
}

// TestRealRecording: "And so my fellow Americans, ask not what your country
// can do for you, ask what you can do for your country." Never tuned on.
func TestRealRecording(t *testing.T) {
	p := jfkWAV(t)
	r, err := Analyze(load16k(t, p), Config{})
	if err != nil {
		t.Fatal(err)
	}
	v := r.Voice
	want := praatMedianF0(t, p)
	if e := v.Pitch.MedianHz/want - 1; math.Abs(e) > 0.03 {
		t.Errorf("median F0 %.1f Hz, Praat %.1f Hz (%+.1f %%)", v.Pitch.MedianHz, want, 100*e)
	}
	const syllables = 28
	if e := float64(v.Rate.Syllables)/syllables - 1; math.Abs(e) > 0.15 {
		t.Errorf("%d nuclei for %d syllables (%+.0f %%)", v.Rate.Syllables, syllables, 100*e)
	}
	if v.PauseCount < 2 {
		t.Errorf("pauses %v: the commas in this speech are long pauses", v.Pauses)
	}
	t.Logf("jfk.wav: median F0 %.1f Hz (Praat %.1f), %d nuclei / %d syllables, pauses %v, filled %v, rate %.0f spm",
		v.Pitch.MedianHz, want, v.Rate.Syllables, syllables, v.Pauses, v.FilledPauses, v.Rate.SyllablesPerMin)
}
