package voice

import (
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/testenv"
)

func speechSample(t testing.TB) []float32 {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.wav")
	speak(t, p, "ko", 50, 170, devSet[4].text+" "+devSet[5].text)
	return load16k(t, p)
}

// TestStreamingMatchesWhole feeds the same audio in odd-sized chunks and
// whole, and expects the same report.
func TestStreamingMatchesWhole(t *testing.T) {
	x := speechSample(t)
	whole, err := Analyze(x, Config{Tracks: true})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := NewAnalyzer(Config{Tracks: true})
	rng := rand.New(rand.NewSource(1))
	for off := 0; off < len(x); {
		n := min(1+rng.Intn(3000), len(x)-off)
		if err := a.Write(x[off : off+n]); err != nil {
			t.Fatal(err)
		}
		off += n
		if len(a.fs.x.x) > 16384 || len(a.fs.d.x) > 8192 {
			t.Fatalf("sample buffers grew to %d/%d: memory must stay bounded", len(a.fs.x.x), len(a.fs.d.x))
		}
	}
	streamed, err := a.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(whole, streamed) {
		t.Fatalf("streamed report differs:\nwhole    %+v\nstreamed %+v", whole.Voice, streamed.Voice)
	}
	if err := a.Write(x[:10]); err != ErrFinished {
		t.Fatalf("write after finish: %v", err)
	}
}

func TestEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		x     []float32
		check func(t *testing.T, r Report)
	}{
		{"empty", nil, func(t *testing.T, r Report) {
			if r.DurationS != 0 || r.Voice.SpeechS != 0 || len(r.Voice.Pauses) != 0 {
				t.Fatalf("%+v", r)
			}
		}},
		{"digital silence", make([]float32, 3*SampleRate), func(t *testing.T, r Report) {
			if r.Voice.SpeechS != 0 || r.Voice.LeadingSilenceS != 3 || r.Voice.Pitch.MedianHz != 0 {
				t.Fatalf("%+v", r.Voice)
			}
		}},
		{"white noise only", noise(2*SampleRate, 0.01), func(t *testing.T, r Report) {
			if r.Voice.Pitch.VoicedS > 0.2 {
				t.Fatalf("noise voiced for %.2f s", r.Voice.Pitch.VoicedS)
			}
		}},
		{"clipped square", square(SampleRate, 150, 1.5), func(t *testing.T, r Report) {
			if math.Abs(r.Voice.Pitch.MedianHz-150) > 1.5 {
				t.Fatalf("median %.1f", r.Voice.Pitch.MedianHz)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Analyze(tc.x, Config{Tracks: true})
			if err != nil {
				t.Fatal(err)
			}
			if r.Tracks == nil || len(r.Tracks.F0Hz) != (len(tc.x)+Hop-1)/Hop {
				t.Fatalf("tracks: %d frames for %d samples", len(r.Tracks.F0Hz), len(tc.x))
			}
			tc.check(t, r)
		})
	}
}

func noise(n int, amp float32) []float32 {
	rng := rand.New(rand.NewSource(7))
	x := make([]float32, n)
	for i := range x {
		x[i] = amp * float32(rng.NormFloat64())
	}
	return x
}

func square(n int, f float64, amp float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		v := amp
		if math.Sin(2*math.Pi*f*float64(i)/SampleRate) < 0 {
			v = -amp
		}
		x[i] = max(-1, min(1, v))
	}
	return x
}

func sileroModel(t testing.TB) string {
	t.Helper()
	b := os.Getenv("NEVERMIND_BUNDLE")
	if b == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps` fetched Silero VAD and ONNX Runtime")
	}
	if _, err := onnx.Init([]string{b}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(b, "models", "silero_vad.onnx")
}

// TestSileroVetoesNoise: Silero hears the speech, not loud noise bursts that
// the energy detector alone takes for speech.
func TestSileroVetoesNoise(t *testing.T) {
	model := sileroModel(t)
	sp := speechSample(t)
	x := append(make([]float32, SampleRate/2), sp...)
	x = append(x, make([]float32, SampleRate/2)...)
	burst := noise(SampleRate/2, 0.1)
	x = append(x, burst...)
	x = append(x, make([]float32, SampleRate/2)...)

	plain, _ := Analyze(x, Config{})
	withSilero, err := Analyze(x, Config{SileroModel: model})
	if err != nil {
		t.Fatal(err)
	}
	if withSilero.Voice.VAD != "energy+silero" {
		t.Fatalf("vad = %s", withSilero.Voice.VAD)
	}
	end := float64(len(x)) / SampleRate
	lastPlain := plain.Voice.Segments[len(plain.Voice.Segments)-1]
	lastSilero := withSilero.Voice.Segments[len(withSilero.Voice.Segments)-1]
	if lastPlain.End < end-0.6 {
		t.Fatalf("the energy detector should take the noise burst for speech: %+v", lastPlain)
	}
	if lastSilero.End > end-0.9 {
		t.Fatalf("Silero kept the noise burst as speech: last segment %+v", lastSilero)
	}
	noiseStart := 1 + float64(len(sp))/SampleRate
	speechEnd := 0.0
	for _, s := range plain.Voice.Segments {
		if s.End < noiseStart {
			speechEnd = s.End
		}
	}
	if math.Abs(withSilero.Voice.LeadingSilenceS-plain.Voice.LeadingSilenceS) > 0.05 || math.Abs(lastSilero.End-speechEnd) > 0.1 {
		t.Fatalf("Silero cut the real speech: lead %.2f vs %.2f, last %+v", withSilero.Voice.LeadingSilenceS, plain.Voice.LeadingSilenceS, lastSilero)
	}
}

func TestSileroMissingModel(t *testing.T) {
	sileroModel(t)
	_, err := NewAnalyzer(Config{SileroModel: filepath.Join(t.TempDir(), "none.onnx")})
	if err == nil {
		t.Fatal("a missing model loaded")
	}
}

// TestSileroInPartsMatchesStreaming: Silero run in parts on several
// goroutines (each part warmed up on the second before it) says what one
// Silero streaming through the recording says, on 60 s of real speech with
// pauses and noise, and the reports agree.
func TestSileroInPartsMatchesStreaming(t *testing.T) {
	model := sileroModel(t)
	sp := speechSample(t)
	var x []float32
	for len(x) < 60*SampleRate {
		x = append(x, sp...)
		x = append(x, make([]float32, SampleRate*7/10)...)
		x = append(x, noise(SampleRate/5, 0.05)...)
	}
	x = x[:60*SampleRate]
	s, err := NewSilero(model)
	if err != nil {
		t.Fatal(err)
	}
	s.Write(x)
	want := append([]float32(nil), s.Probabilities()...)
	s.Close()
	for _, workers := range []int{1, 2, 4} {
		got, err := SileroProbabilities(model, x, workers)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d workers: %d chunks, want %d", workers, len(got), len(want))
		}
		differ, maxDiff := 0, 0.0
		for i := range got {
			d := math.Abs(float64(got[i] - want[i]))
			maxDiff = max(maxDiff, d)
			if (got[i] >= 0.35) != (want[i] >= 0.35) {
				differ++
			}
		}
		t.Logf("%d workers: %d of %d decisions differ, largest difference %.4f", workers, differ, len(got), maxDiff)
		if differ > len(got)/500 {
			t.Errorf("%d workers: %d decisions differ", workers, differ)
		}
	}
	a, _ := NewAnalyzer(Config{SileroModel: model})
	a.Write(x)
	streamed, _ := a.Finish()
	whole, err := Analyze(x, Config{SileroModel: model})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(streamed.Voice.SpeechS-whole.Voice.SpeechS) > 0.1 || streamed.Voice.PauseCount != whole.Voice.PauseCount {
		t.Errorf("streamed %.2f s speech, %d pauses; whole %.2f s, %d pauses", streamed.Voice.SpeechS, streamed.Voice.PauseCount, whole.Voice.SpeechS, whole.Voice.PauseCount)
	}
}
