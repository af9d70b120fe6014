package media

import (
	"bytes"
	"math"
	"nevermind/internal/testenv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestJFKSample loads whisper.cpp's jfk.wav sample (16 kHz mono, 11 s) from
// the module cache when it is there.
func TestJFKSample(t *testing.T) {
	modcache := os.Getenv("GOMODCACHE")
	if modcache == "" {
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			modcache = strings.TrimSpace(string(out))
		}
	}
	matches, _ := filepath.Glob(filepath.Join(modcache, "github.com", "ggerganov", "whisper.cpp", "bindings", "go@*", "samples", "jfk.wav"))
	if len(matches) == 0 {
		testenv.Skipf(t, "whisper.cpp's samples/jfk.wav is not in the module cache (%q); nothing to test", modcache)
	}
	path := matches[len(matches)-1]
	f, err := ProbeWAVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.SampleRate != 16000 || f.Channels != 1 || f.BitsPerSample != 16 || f.Float {
		t.Errorf("ProbeWAVFile = %+v, want 16 kHz mono 16-bit PCM", f)
	}
	a, err := Load16kMono(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.SampleRate != 16000 || a.Channels != 1 || int64(a.Frames()) != f.Frames {
		t.Errorf("Load16kMono: %d Hz, %d channels, %d frames; header says %d frames", a.SampleRate, a.Channels, a.Frames(), f.Frames)
	}
	if d := a.Duration(); d < 10500*time.Millisecond || d > 11500*time.Millisecond {
		t.Errorf("duration %v, want about 11 s", d)
	}
	if r := rms(a.Samples); r < 0.01 {
		t.Errorf("RMS %.4f: the speech seems to be missing", r)
	}
}

// TestEspeakSpeech synthesises speech with espeak-ng (22050 Hz 16-bit mono)
// and checks that Load16kMono keeps its duration.
func TestEspeakSpeech(t *testing.T) {
	espeak, err := exec.LookPath("espeak-ng")
	if err != nil {
		testenv.Skip(t, "espeak-ng is not installed; skipping the real speech test")
	}
	path := filepath.Join(t.TempDir(), "hello.wav")
	if out, err := exec.Command(espeak, "-v", "en", "-w", path, "hello world").CombinedOutput(); err != nil {
		testenv.Skipf(t, "espeak-ng failed (%v): %s", err, out)
	}
	orig, err := ReadWAVFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if orig.SampleRate != 22050 || orig.Channels != 1 {
		t.Logf("espeak-ng wrote %d Hz, %d channels (expected 22050 Hz mono)", orig.SampleRate, orig.Channels)
	}
	a, err := Load16kMono(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.SampleRate != 16000 || a.Channels != 1 {
		t.Fatalf("got %d Hz, %d channels", a.SampleRate, a.Channels)
	}
	if d := a.Duration() - orig.Duration(); d < -time.Millisecond || d > time.Millisecond {
		t.Errorf("duration %v after resampling, %v before", a.Duration(), orig.Duration())
	}
	if d := a.Duration(); d < 500*time.Millisecond || d > 3*time.Second {
		t.Errorf("\"hello world\" lasts %v; want 0.5–3 s", d)
	}
	if r := rms(a.Samples); r < 0.01 {
		t.Errorf("RMS %.4f: the speech seems to be missing", r)
	}
	// Energy must be preserved: speech is mostly below 6 kHz.
	if r0, r1 := rms(orig.Samples), rms(a.Samples); math.Abs(r1/r0-1) > 0.1 {
		t.Errorf("RMS %.4f after resampling, %.4f before", r1, r0)
	}

	// espeak-ng --stdout writes a streaming header (data size 0x7FFFF000)
	// to a pipe; the reader must take what is there.
	out, err := exec.Command(espeak, "-v", "en", "--stdout", "hello world").Output()
	if err != nil {
		testenv.Skipf(t, "espeak-ng --stdout failed: %v", err)
	}
	piped, err := ReadWAV(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if d := piped.Duration() - orig.Duration(); d < -50*time.Millisecond || d > 50*time.Millisecond {
		t.Errorf("--stdout gave %v of audio, -w gave %v", piped.Duration(), orig.Duration())
	}
}
