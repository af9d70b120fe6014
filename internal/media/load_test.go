package media

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestLoad16kMonoStreamsAsTheWholeWould: reading in blocks, mixing and
// resampling as it goes, gives exactly what Mono and Resample of the whole
// file give, for every rate and channel count, cut files included.
func TestLoad16kMonoStreamsAsTheWholeWould(t *testing.T) {
	for _, c := range []struct {
		rate, ch, bits, frames int
		cut                    int // bytes cut off the end
	}{
		{44100, 2, 16, 200_000, 0}, {48000, 1, 16, 150_000, 0}, {16000, 1, 16, 70_000, 0}, {8000, 3, 24, 50_000, 0},
		{22050, 2, 8, 90_001, 0}, {44100, 1, 16, 123_457, 3}, {1000, 1, 8, 30_000, 0},
	} {
		data := riffFile(ck("fmt ", fmtSimple(wavePCM, c.ch, c.rate, c.bits)), ck("data", encodeSamples(testSamples(c.frames*c.ch), wavePCM, c.bits)))
		data = data[:len(data)-c.cut]
		p := writeTemp(t, "a.wav", data)
		whole, err := ReadWAVFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Resample(Mono(whole), AnalysisRate)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Load16kMono(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Samples) != len(want.Samples) {
			t.Fatalf("%d Hz x%d: %d samples, want %d", c.rate, c.ch, len(got.Samples), len(want.Samples))
		}
		for i := range got.Samples {
			if d := got.Samples[i] - want.Samples[i]; d > 1e-6 || d < -1e-6 {
				t.Fatalf("%d Hz x%d: sample %d is %v, want %v", c.rate, c.ch, i, got.Samples[i], want.Samples[i])
			}
		}
	}
}

// TestLongAudioIsRefusedEarly: an hour at 1 kHz, 8-bit (3.6 MB), is
// refused with ErrTooLong before its audio is decoded (by Load16kMono and
// CheckLength), and so is one whose header says "until the end"; 29
// minutes is read.
func TestLongAudioIsRefusedEarly(t *testing.T) {
	hour := make([]byte, 3600*1000)
	for i := range hour {
		hour[i] = byte(128 + (i%50 - 25))
	}
	for name, data := range map[string][]byte{
		"declared":   riffFile(ck("fmt ", fmtSimple(wavePCM, 1, 1000, 8)), ck("data", hour)),
		"open-ended": riffFile(ck("fmt ", fmtSimple(wavePCM, 1, 1000, 8)), chunk{id: "data", body: hour, size: 0xFFFFFFFF}),
	} {
		p := filepath.Join(t.TempDir(), "hour.wav")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Load16kMono(p)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "1:00:00") || !strings.Contains(err.Error(), "30 minutes") {
			t.Errorf("%s: %v; want ErrTooLong saying how long it is and the limit", name, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
			t.Errorf("%s: %d MB allocated to refuse it", name, got>>20)
		}
		if _, err := CheckLength(p); !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "1:00:00") {
			t.Errorf("%s: CheckLength: %v", name, err)
		}
	}
	p := filepath.Join(t.TempDir(), "29min.wav")
	os.WriteFile(p, riffFile(ck("fmt ", fmtSimple(wavePCM, 1, 1000, 8)), ck("data", hour[:29*60*1000])), 0o600)
	a, err := Load16kMono(p)
	if err != nil || a.Duration().Round(1e9).Minutes() != 29 {
		t.Fatalf("29 minutes: %v, %v", a.Duration(), err)
	}
	if _, err := CheckLength(p); err != nil {
		t.Fatalf("29 minutes: %v", err)
	}
}
