package voice

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// answer60s is a minute of synthesized Korean answer with pauses.
func answer60s(b *testing.B) []float32 {
	b.Helper()
	one := speechSample(b)
	var x []float32
	for len(x) < 60*SampleRate {
		x = append(x, one...)
		x = append(x, make([]float32, SampleRate*3/4)...)
	}
	return x[:60*SampleRate]
}

func benchAnalyze(b *testing.B, cfg Config) {
	x := answer60s(b)
	b.SetBytes(int64(len(x) * 4))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(x, cfg); err != nil {
			b.Fatal(err)
		}
	}
	perRun := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(perRun.Milliseconds()), "ms/60s-audio")
	b.ReportMetric(60/perRun.Seconds(), "x-realtime")
}

// BenchmarkAnalyze60s is the full voice analysis of a 60 s answer (energy
// VAD), as after an imported file. Run with GOMAXPROCS=1 for one core.
func BenchmarkAnalyze60s(b *testing.B) { benchAnalyze(b, Config{}) }

// BenchmarkAnalyze60sSilero adds Silero VAD (while recording it runs live,
// so only the last chunk is left at stop).
func BenchmarkAnalyze60sSilero(b *testing.B) { benchAnalyze(b, Config{SileroModel: sileroModel(b)}) }

// BenchmarkPraatPitchIntensity60s times Praat's To Pitch and To Intensity on
// the same minute of audio, with Praat's own stopwatch (process start-up
// and file reading excluded), for comparison with BenchmarkAnalyze60s.
func BenchmarkPraatPitchIntensity60s(b *testing.B) {
	needTools(b, "praat", "sox")
	x := answer60s(b)
	dir := b.TempDir()
	raw := filepath.Join(dir, "a.raw")
	buf := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
	}
	if err := os.WriteFile(raw, buf, 0o644); err != nil {
		b.Fatal(err)
	}
	wav := filepath.Join(dir, "a.wav")
	if out, err := exec.Command("sox", "-t", "raw", "-r", "16000", "-e", "floating-point", "-b", "32", "-c", "1", raw, "-b", "16", wav).CombinedOutput(); err != nil {
		b.Fatalf("sox: %v %s", err, out)
	}
	script := filepath.Join(dir, "t.praat")
	os.WriteFile(script, []byte("form T\n  sentence file a.wav\nendform\ns = Read from file: file$\nstopwatch\nselectObject: s\nTo Pitch: 0, 75, 600\nselectObject: s\nTo Intensity: 50, 0, \"yes\"\nt = stopwatch\nwriteInfoLine: t\n"), 0o644)
	var total float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := exec.Command("praat", "--run", script, wav).Output()
		if err != nil {
			b.Fatal(err)
		}
		s, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
		if err != nil {
			b.Fatalf("praat said %q", out)
		}
		total += s
	}
	b.ReportMetric(1000*total/float64(b.N), "praat-ms/60s-audio")
}
