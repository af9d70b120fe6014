//go:build codecs

package media

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"nevermind/internal/media/webm"
)

func tone(rate int, d time.Duration) Audio {
	n := int(d.Seconds() * float64(rate))
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.3 * math.Sin(2*math.Pi*220*float64(i)/float64(rate)))
	}
	return Audio{SampleRate: rate, Channels: 1, Samples: x}
}

// TestOpusWebMRoundTrip writes audio as the recorder does, at the rates
// microphones give, and reads it back whole and at 16 kHz.
func TestOpusWebMRoundTrip(t *testing.T) {
	for _, rate := range []int{48000, 44100, 16000, 8000} {
		p := filepath.Join(t.TempDir(), "a.weba")
		in := tone(rate, 2500*time.Millisecond)
		if err := WriteOpusWebM(p, in); err != nil {
			t.Fatal(err)
		}
		a, err := ReadAudioFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if a.SampleRate != 48000 || math.Abs(a.Duration().Seconds()-2.5) > 0.03 {
			t.Errorf("%d Hz: read %d Hz, %v", rate, a.SampleRate, a.Duration())
		}
		if r := rms(a.Samples[4800:100000]); math.Abs(r-0.3/math.Sqrt2) > 0.02 {
			t.Errorf("%d Hz: RMS %.3f, want %.3f", rate, r, 0.3/math.Sqrt2)
		}
		b, err := Load16kMono(p)
		if err != nil || b.SampleRate != 16000 || math.Abs(b.Duration().Seconds()-2.5) > 0.03 {
			t.Errorf("%d Hz: Load16kMono = %v, %v", rate, b.Duration(), err)
		}
		f, err := CheckLength(p)
		if err != nil || math.Abs(float64(f.Frames)/48000-2.5) > 0.03 {
			t.Errorf("%d Hz: CheckLength = %+v, %v", rate, f, err)
		}
	}
}

// TestOpusWebMDamaged: a cut file gives what came before the cut; a WebM
// file without audio, an empty one and junk are errors that say so.
func TestOpusWebMDamaged(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.weba")
	// As the recorder writes it: flushed every half second.
	s, err := CreateOpusStream(p, 48000)
	if err != nil {
		t.Fatal(err)
	}
	x := tone(48000, 5*time.Second).Samples
	for i := 0; i < len(x); i += 24000 {
		if err := s.Write(x[i:min(i+24000, len(x))]); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	cut := filepath.Join(dir, "cut.weba")
	os.WriteFile(cut, b[:len(b)*6/10], 0o644)
	a, err := ReadAudioFile(cut)
	if err != nil || a.Duration() < 2*time.Second || a.Duration() > 4*time.Second {
		t.Errorf("cut file: %v, %v; want the seconds before the cut", a.Duration(), err)
	}
	video := filepath.Join(dir, "v.webm")
	w, err := webm.Create(video, []webm.Track{{Number: 1, Type: webm.TypeVideo, Codec: "V_VP8", Width: 2, Height: 2}})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(webm.Frame{Track: 1, Key: true, Data: []byte{1, 2, 3}})
	w.Close()
	if _, err := Load16kMono(video); !errors.Is(err, ErrUnsupported) {
		t.Errorf("a WebM without audio: %v, want ErrUnsupported", err)
	}
	head := filepath.Join(dir, "head.weba")
	os.WriteFile(head, b[:4], 0o644)
	if _, err := ReadAudioFile(head); !errors.Is(err, ErrCorrupt) {
		t.Errorf("4 bytes: %v, want ErrCorrupt", err)
	}
	junk := append([]byte(nil), b...)
	for i := len(junk) / 3; i < len(junk); i += 7 {
		junk[i] ^= 0x5A
	}
	jp := filepath.Join(dir, "junk.weba")
	os.WriteFile(jp, junk, 0o644)
	if a, err := ReadAudioFile(jp); err == nil && a.Duration() > 5100*time.Millisecond {
		t.Errorf("damaged file: %v decoded from 5 s", a.Duration())
	}
}

// FuzzOpusWebM feeds arbitrary bytes, seeded with a recording whole and
// cut, to the Opus WebM reader (the pure-Go decoder): no panic, no endless
// loop, never more audio than MaxAnswer.
func FuzzOpusWebM(f *testing.F) {
	p := filepath.Join(f.TempDir(), "seed.weba")
	if err := WriteOpusWebM(p, tone(48000, 1500*time.Millisecond)); err != nil {
		f.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		tmp, err := os.CreateTemp("", "fuzz-*.weba")
		if err != nil {
			t.Skip(err)
		}
		defer os.Remove(tmp.Name())
		tmp.Write(data)
		tmp.Close()
		a, err := ReadAudioFile(tmp.Name())
		if err == nil && a.Duration() > MaxAnswer {
			t.Fatalf("%v of audio", a.Duration())
		}
		Load16kMono(tmp.Name())
		CheckLength(tmp.Name())
	})
}
