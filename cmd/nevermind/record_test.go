package main

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"nevermind/internal/media"
	"nevermind/internal/testenv"
)

// activeRMS is the RMS in dBFS over the 20 ms frames louder than -50 dBFS:
// the level of the speech itself, whatever the silence around it.
func activeRMS(x []float32, rate int) float64 {
	n := rate / 50
	var sum float64
	var cnt int
	for i := 0; i+n <= len(x); i += n {
		var e float64
		for _, v := range x[i : i+n] {
			e += float64(v) * float64(v)
		}
		if 10*math.Log10(e/float64(n)+1e-20) > -50 {
			sum += e
			cnt += n
		}
	}
	if cnt == 0 {
		return -200
	}
	return 10 * math.Log10(sum/float64(cnt))
}

// TestRecordRealMicrophone plays speech into PulseAudio's virtual
// microphone (make test starts one: scripts/with-pulse.sh) and records it
// through the real capture path.
func TestRecordRealMicrophone(t *testing.T) {
	if os.Getenv("NEVERMIND_PULSE") != "1" {
		testenv.Skip(t, "no virtual microphone: make test runs this under scripts/with-pulse.sh")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	dir := t.TempDir()
	speech := filepath.Join(dir, "speech.wav")
	if out, err := exec.Command("espeak-ng", "-v", "ko", "-w", speech,
		"안녕하세요. 저는 팀 프로젝트에서 일정 관리를 맡았습니다. 마감을 지켰고, 고객의 칭찬을 받았습니다.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	play := exec.Command("paplay", "--device=mic_sink", speech)
	go func() {
		time.Sleep(300 * time.Millisecond)
		if out, err := play.CombinedOutput(); err != nil {
			t.Errorf("paplay: %v %s", err, out)
		}
	}()
	out, errOut, code := runCLI(t, "record", "--seconds", "5", "--no-video", "--out", filepath.Join(dir, "rec"))
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	t.Log(strings.TrimSpace(out))
	m := regexp.MustCompile(`audio  (\S+\.(?:weba|wav)) \(`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no audio file in the output: %s", out)
	}
	rec, err := media.ReadAudioFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	src, err := media.ReadWAVFile(speech)
	if err != nil {
		t.Fatal(err)
	}
	d := rec.Duration().Seconds()
	got, want := activeRMS(rec.Samples, rec.SampleRate), activeRMS(src.Samples, src.SampleRate)
	t.Logf("recorded %.2f s at %d Hz; speech level %.1f dBFS recorded, %.1f dBFS played", d, rec.SampleRate, got, want)
	if math.Abs(d-5) > 0.3 {
		t.Errorf("recorded %.2f s for --seconds 5", d)
	}
	if math.Abs(got-want) > 3 {
		t.Errorf("speech level %.1f dBFS recorded, %.1f played", got, want)
	}
}

// TestRecordWithoutCameraIsAudioOnly: with no camera the command records
// the microphone and says so.
func TestRecordWithoutCameraIsAudioOnly(t *testing.T) {
	if os.Getenv("NEVERMIND_PULSE") != "1" {
		testenv.Skip(t, "no virtual microphone: make test runs this under scripts/with-pulse.sh")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	out, errOut, code := runCLI(t, "record", "--seconds", "1", "--out", t.TempDir())
	if code != 0 || !strings.Contains(out, "audio only") {
		t.Fatalf("exit %d: %s\n%s", code, out, errOut)
	}
}
