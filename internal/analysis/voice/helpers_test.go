package voice

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// load16k converts any audio file to 16 kHz mono float32 with sox, so the
// tests measure this package, not the WAV reader.
func load16k(t testing.TB, path string) []float32 {
	t.Helper()
	needTools(t, "sox")
	raw := filepath.Join(t.TempDir(), "x.raw")
	if out, err := exec.Command("sox", path, "-r", "16000", "-c", "1", "-e", "floating-point", "-b", "32", "-t", "raw", raw).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v: %s", err, out)
	}
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

// trimmed writes a 16 kHz copy of in without leading and trailing silence,
// so that speech starts and ends exactly at the file's edges.
func trimmed(t testing.TB, in string) string {
	t.Helper()
	out := strings.TrimSuffix(in, ".wav") + "_trim.wav"
	cmd := exec.Command("sox", in, "-r", "16000", "-c", "1", "-b", "16", out,
		"silence", "1", "0.01", "0.1%", "reverse", "silence", "1", "0.01", "0.1%", "reverse")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sox trim: %v: %s", err, b)
	}
	return out
}

func duration(t testing.TB, path string) float64 {
	t.Helper()
	out, err := exec.Command("soxi", "-D", path).Output()
	if err != nil {
		t.Fatalf("soxi: %v", err)
	}
	d, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// silence writes a silent 16 kHz file of d seconds.
func silence(t testing.TB, dir string, d float64) string {
	t.Helper()
	p := filepath.Join(dir, fmt.Sprintf("sil_%.3f.wav", d))
	if b, err := exec.Command("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", p, "trim", "0", fmt.Sprint(d)).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v: %s", err, b)
	}
	return p
}

// concat joins 16 kHz files into out.
func concat(t testing.TB, out string, parts ...string) {
	t.Helper()
	if b, err := exec.Command("sox", append(parts, out)...).CombinedOutput(); err != nil {
		t.Fatalf("sox concat: %v: %s", err, b)
	}
}

// speak writes espeak-ng speech (ssml when the text starts with <speak>).
func speak(t testing.TB, path, voice string, pitch, wpm int, text string) {
	t.Helper()
	needTools(t, "espeak-ng")
	args := []string{"-v", voice, "-p", fmt.Sprint(pitch), "-s", fmt.Sprint(wpm), "-w", path}
	if strings.HasPrefix(text, "<speak>") {
		args = append(args, "-m")
	}
	if b, err := exec.Command("espeak-ng", append(args, text)...).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v: %s", err, b)
	}
}

// praatMedianF0 is Praat's `To Pitch` (autocorrelation, 75-600 Hz) median.
func praatMedianF0(t testing.TB, path string) float64 {
	t.Helper()
	needTools(t, "praat")
	script := filepath.Join(t.TempDir(), "pitch.praat")
	os.WriteFile(script, []byte("form Pitch\n  sentence file x.wav\nendform\nRead from file: file$\nTo Pitch: 0, 75, 600\nmed = Get quantile: 0, 0, 0.5, \"Hertz\"\nwriteInfoLine: med\n"), 0o644)
	out, err := exec.Command("praat", "--run", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("praat: %v: %s", err, out)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatalf("praat said %q", out)
	}
	return v
}

// synth makes a 16 kHz test signal with sox's synth effect.
func synth(t testing.TB, path, effect string) {
	t.Helper()
	needTools(t, "sox")
	args := append([]string{"-n", "-r", "16000", "-c", "1", "-b", "16", path}, strings.Fields(effect)...)
	if b, err := exec.Command("sox", args...).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v: %s", err, b)
	}
}
