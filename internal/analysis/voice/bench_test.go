package voice

import (
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
