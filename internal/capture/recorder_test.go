package capture_test

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/media"
	"nevermind/internal/media/video"
	"nevermind/internal/testenv"
)

var camSeq atomic.Int64

// newCamera registers a synthetic 640x480 camera whose frames are grey,
// or white while flash(now) is true.
func newCamera(t testing.TB, flash func(time.Time) bool) (*capturetest.Camera, *capture.Camera) {
	label := fmt.Sprintf("test camera %d", camSeq.Add(1))
	grey := image.NewRGBA(image.Rect(0, 0, 640, 480))
	white := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := range grey.Pix {
		grey.Pix[i], white.Pix[i] = 90, 250
	}
	tc := capturetest.RegisterCamera(label, 640, 480, 30, func(i int, _ time.Duration) image.Image {
		if flash != nil && flash(time.Now()) {
			return white
		}
		return grey
	})
	for _, d := range capture.Cameras() {
		if d.Name == label {
			return tc, capture.OpenCamera(d.ID)
		}
	}
	t.Fatalf("the synthetic camera %q is not listed", label)
	return nil, nil
}

// tone is a 48 kHz stereo source: a quiet 220 Hz hum, and a loud 1 kHz
// beep while beep(at) is true.
func tone(beep func(time.Time) bool) *capturetest.Source {
	s := &capturetest.Source{Label: "test tone", Rate: 48000, Channels: 2}
	s.Gen = func(n int64, buf []float32) {
		for i := 0; i < len(buf)/2; i++ {
			k := n + int64(i)
			at := s.Started().Add(time.Duration(float64(k) / 48000 * float64(time.Second)))
			v := float32(0.05 * math.Sin(2*math.Pi*220*float64(k)/48000))
			if beep != nil && beep(at) {
				v = float32(0.8 * math.Sin(2*math.Pi*1000*float64(k)/48000))
			}
			buf[2*i], buf[2*i+1] = v, v
		}
	}
	return s
}

// formats are the two ways a recording is written: Opus and VP8 in WebM
// (the codecs tag), and the old WAV and MJPEG AVI.
func formats(t *testing.T) []bool {
	if capture.Compressed() {
		return []bool{false, true}
	}
	if os.Getenv("CI") == "true" {
		t.Error("this binary records no WebM: build the tests with the codecs tag (make test does)")
	}
	return []bool{true}
}

func TestRecordAudioAndVideo(t *testing.T) {
	for _, legacy := range formats(t) {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) { recordAudioAndVideo(t, legacy) })
	}
}

func recordAudioAndVideo(t *testing.T, legacy bool) {
	dir := t.TempDir()
	_, cam := newCamera(t, nil)
	r, err := capture.Start(capture.Options{Dir: dir, Name: "a1", Mic: tone(nil), Camera: cam, Legacy: legacy})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a1.recording")); err != nil {
		t.Fatalf("no marker while recording: %v", err)
	}
	var levels []capture.Level
	var previews int
	var voice int
	go func() {
		for {
			x, ok := r.Next16k()
			if !ok {
				return
			}
			voice += len(x)
		}
	}()
	deadline := time.After(2 * time.Second)
loop:
	for {
		select {
		case l := <-r.Levels():
			levels = append(levels, l)
		case <-r.Frames():
			previews++
		case <-deadline:
			break loop
		}
	}
	res := r.Stop()
	t.Logf("%+v; %d levels, %d previews, %d samples at 16 kHz", res, len(levels), previews, voice)
	if res.Err != nil || res.VideoErr != nil {
		t.Fatalf("errors: %v / %v", res.Err, res.VideoErr)
	}
	if res.DroppedAudio != 0 {
		t.Errorf("%d audio buffers dropped", res.DroppedAudio)
	}
	if d := res.Duration.Seconds(); d < 1.8 || d > 2.3 {
		t.Errorf("audio %.2f s for a 2 s recording", d)
	}
	a, err := media.ReadAudioFile(res.Audio)
	slack := int64(0)
	if !legacy {
		slack = 48000 / 25 // Opus ends on a whole 20 ms packet, plus its look-ahead
		if filepath.Ext(res.Audio) != ".weba" || filepath.Ext(res.Video) != ".webm" || res.Frames != "" {
			t.Errorf("files %+v, want Name.weba and Name.webm", res.Files)
		}
	}
	if d := int64(a.Frames()) - res.AudioFrames; err != nil || a.SampleRate != 48000 || a.Channels != 1 || d < 0 || d > slack {
		t.Fatalf("audio: %v, %d Hz, %d channels, %d frames (result says %d)", err, a.SampleRate, a.Channels, a.Frames(), res.AudioFrames)
	}
	if res.VideoFrames < 50 || res.VideoFrames > 66 {
		t.Errorf("%d video frames in 2 s at 30 fps", res.VideoFrames)
	}
	vr, err := video.Open(res.Video, video.Options{SampleFPS: -1})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last time.Duration
	for {
		_, f, err := vr.Next(nil)
		if err != nil {
			break
		}
		last = f.T
		n++
	}
	vr.Close()
	if n != res.VideoFrames {
		t.Errorf("the video holds %d frames, the recorder wrote %d", n, res.VideoFrames)
	}
	if legacy {
		times := readFrameTimes(t, res.Frames)
		if len(times) != res.VideoFrames {
			t.Errorf("%d frame times for %d frames", len(times), res.VideoFrames)
		}
	} else if d := (res.Duration - last).Seconds(); d < -0.05 || d > 0.2 {
		t.Errorf("the last frame at %v of %v of audio", last, res.Duration)
	}
	if len(levels) < 30 || previews < 12 || previews > 24 {
		t.Errorf("%d levels (every 50 ms), %d previews (10 fps)", len(levels), previews)
	}
	if want := int(res.Duration.Seconds() * 16000); math.Abs(float64(voice-want)) > 400 {
		t.Errorf("16 kHz tap gave %d samples, want about %d", voice, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "a1.recording")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("marker left after a clean stop")
	}
}

// readFrameTimes reads Name.frames through the package's own reader.
func readFrameTimes(t testing.TB, path string) []time.Duration {
	t.Helper()
	times, err := capture.ReadFrameTimes(path)
	if err != nil {
		t.Fatal(err)
	}
	return times
}

// TestSync: a flash in the video and a beep in the audio at the same
// instant land at the same time in the recording, within 50 ms.
func TestSync(t *testing.T) {
	testenv.Long(t)
	for run := 0; run < 4; run++ {
		legacy := run == 3 && capture.Compressed() || !capture.Compressed()
		at := time.Now().Add(1500 * time.Millisecond)
		during := func(x time.Time) bool { return !x.Before(at) && x.Before(at.Add(200*time.Millisecond)) }
		_, cam := newCamera(t, during)
		r, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "sync", Mic: tone(during), Camera: cam, Legacy: legacy})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(2500 * time.Millisecond)
		res := r.Stop()
		// The beep: the first sample above 0.4 (the hum is 0.05).
		a, err := media.ReadAudioFile(res.Audio)
		if err != nil {
			t.Fatal(err)
		}
		beep := -1.0
		for i, v := range a.Samples {
			if math.Abs(float64(v)) > 0.4 {
				beep = float64(i) / float64(a.SampleRate)
				break
			}
		}
		// The flash: the first white frame, at the time Name.frames gives
		// (AVI) or its block's (WebM).
		var times []time.Duration
		if legacy {
			times = readFrameTimes(t, res.Frames)
		}
		vr, err := video.Open(res.Video, video.Options{SampleFPS: -1})
		if err != nil {
			t.Fatal(err)
		}
		flash := -1.0
		for {
			img, f, err := vr.Next(nil)
			if err != nil {
				break
			}
			if c := img.RGBAAt(320, 240); c.R > 200 && flash < 0 {
				flash = f.T.Seconds()
				if legacy {
					flash = times[f.Index].Seconds()
				}
			}
		}
		vr.Close()
		off := (flash - beep) * 1000
		t.Logf("run %d (%s): beep at %.3f s, flash at %.3f s: offset %+.1f ms", run, filepath.Ext(res.Video), beep, flash, off)
		if beep < 0 || flash < 0 || math.Abs(off) > 50 {
			t.Errorf("audio/video offset %.1f ms (beep %.3f, flash %.3f)", off, beep, flash)
		}
	}
}

// TestCameraUnpluggedMidway: the video stops, the audio goes on, both files
// are kept.
func TestCameraUnpluggedMidway(t *testing.T) {
	tc, cam := newCamera(t, nil)
	r, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "u", Mic: tone(nil), Camera: cam})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	tc.Unplug()
	time.Sleep(time.Second)
	res := r.Stop()
	if res.VideoErr == nil || !strings.Contains(res.VideoErr.Error(), "stopped") {
		t.Errorf("video error %v", res.VideoErr)
	}
	if res.Err != nil || res.Duration < 1800*time.Millisecond {
		t.Errorf("audio should go on: %v, %v", res.Err, res.Duration)
	}
	if res.VideoFrames < 20 || res.VideoFrames > 36 {
		t.Errorf("%d frames before the unplug (1 s at 30 fps)", res.VideoFrames)
	}
	if _, err := video.Open(res.Video, video.Options{}); err != nil {
		t.Errorf("video before the unplug unreadable: %v", err)
	}
}

// TestNoCameraIsAudioOnly: a camera that is not there leaves an audio-only
// recording that says why.
func TestNoCameraIsAudioOnly(t *testing.T) {
	r, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "n", Mic: tone(nil), Camera: capture.OpenCamera("no-such-camera")})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	res := r.Stop()
	if res.VideoErr == nil || res.Video != "" || res.Duration < 400*time.Millisecond {
		t.Errorf("%+v", res)
	}
}

// TestMicrophoneGoneStopsAndKeeps: when the microphone goes away the
// recording ends by itself with what it had.
func TestMicrophoneGoneStopsAndKeeps(t *testing.T) {
	src := tone(nil)
	src.Frames = 48000 * 3 / 2
	r, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "m", Mic: src})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the recording did not end when the microphone did")
	}
	res := r.Stop()
	if res.Err == nil || math.Abs(res.Duration.Seconds()-1.5) > 0.05 {
		t.Errorf("err %v, %v kept", res.Err, res.Duration)
	}
}

// The kill and disk-full tests record in a child process.
func TestMain(m *testing.M) {
	if dir := os.Getenv("NEVERMIND_RECORD_CHILD"); dir != "" {
		os.Exit(recordChild(dir))
	}
	os.Exit(m.Run())
}

func recordChild(dir string) int {
	if lim := os.Getenv("NEVERMIND_RECORD_FSIZE"); lim != "" {
		n, _ := strconv.ParseUint(lim, 10, 64)
		syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n})
		signalIgnoreXFSZ()
	}
	label := "child camera"
	capturetest.RegisterCamera(label, 640, 480, 30, func(i int, _ time.Duration) image.Image {
		img := image.NewRGBA(image.Rect(0, 0, 640, 480))
		for y := 0; y < 480; y++ {
			for x := 0; x < 640; x++ {
				img.SetRGBA(x, y, color.RGBA{uint8(x + i), uint8(y), 128, 255})
			}
		}
		return img
	})
	var cam *capture.Camera
	for _, d := range capture.Cameras() {
		if d.Name == label {
			cam = capture.OpenCamera(d.ID)
		}
	}
	r, err := capture.Start(capture.Options{Dir: dir, Name: "killed", Mic: tone(nil), Camera: cam, Legacy: os.Getenv("NEVERMIND_RECORD_LEGACY") != ""})
	if err != nil {
		fmt.Fprintln(os.Stderr, "start:", err)
		return 1
	}
	os.WriteFile(filepath.Join(dir, "started"), []byte("1"), 0o600)
	select {
	case <-r.Done():
	case <-time.After(60 * time.Second):
	}
	res := r.Stop()
	fmt.Printf("stopped: %v\n", res.Err)
	return 0
}

func childCmd(t *testing.T, dir string, env ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(append(os.Environ(), "NEVERMIND_RECORD_CHILD="+dir), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

func waitFor(t *testing.T, path string) time.Time {
	for i := 0; i < 1000; i++ {
		if _, err := os.Stat(path); err == nil {
			return time.Now()
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never appeared", path)
	return time.Time{}
}

// TestKilledRecordingIsRecovered: SIGKILL mid-recording, then Recover
// finds it and repairs it. A WebM recording keeps at least 90 % of the
// time recorded of both its audio and its video (issue 27: whole clusters
// are kept, the audio's synced every half second, the video's every key
// frame, about a second); the old WAV and AVI keep all but the last
// second of audio and a readable AVI.
func TestKilledRecordingIsRecovered(t *testing.T) {
	for _, legacy := range formats(t) {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			runFor := 12 * time.Second
			env := []string{}
			if legacy {
				runFor, env = 3*time.Second, []string{"NEVERMIND_RECORD_LEGACY=1"}
			}
			killedRecording(t, legacy, runFor, env)
		})
	}
}

func killedRecording(t *testing.T, legacy bool, runFor time.Duration, env []string) {
	dir := t.TempDir()
	cmd := childCmd(t, dir, env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := waitFor(t, filepath.Join(dir, "started"))
	time.Sleep(runFor)
	cmd.Process.Signal(syscall.SIGKILL)
	elapsed := time.Since(started)
	cmd.Wait()

	recs, err := capture.Recover(dir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d recoveries, %v", len(recs), err)
	}
	rec := recs[0]
	a, err := media.ReadAudioFile(rec.Audio)
	if err != nil {
		t.Fatalf("the recovered audio does not read: %v", err)
	}
	var last time.Duration
	if rec.Video != "" {
		vr, err := video.Open(rec.Video, video.Options{SampleFPS: -1})
		if err != nil {
			t.Fatalf("the recovered video does not open: %v", err)
		}
		for {
			_, f, err := vr.Next(nil)
			if err != nil {
				break
			}
			last = f.T
		}
		vr.Close()
	}
	t.Logf("%s: killed after %.2f s; recovered %.2f s of audio (%.0f %%), %d video frames to %.2f s (%.0f %%) (%v)", filepath.Ext(rec.Audio),
		elapsed.Seconds(), rec.Duration.Seconds(), 100*rec.Duration.Seconds()/elapsed.Seconds(), rec.VideoFrames, last.Seconds(), 100*last.Seconds()/elapsed.Seconds(), rec.VideoErr)
	if legacy {
		if rec.AudioErr != nil || rec.Duration < elapsed-time.Second {
			t.Errorf("audio: %v, %.2f s kept of %.2f s", rec.AudioErr, rec.Duration.Seconds(), elapsed.Seconds())
		}
		if a.Duration() != rec.Duration {
			t.Errorf("recovered WAV reads as %v, recovery says %v", a.Duration(), rec.Duration)
		}
		if rec.VideoErr != nil || rec.VideoFrames < 30 {
			t.Errorf("video: %d frames, %v", rec.VideoFrames, rec.VideoErr)
		}
	} else {
		if filepath.Ext(rec.Audio) != ".weba" || filepath.Ext(rec.Video) != ".webm" {
			t.Errorf("recovered %+v, want Name.weba and Name.webm", rec.Files)
		}
		if rec.AudioErr != nil || rec.Duration.Seconds() < 0.9*elapsed.Seconds() || a.Duration() != rec.Duration {
			t.Errorf("audio: %v, %.2f s kept of %.2f s (reads as %v)", rec.AudioErr, rec.Duration.Seconds(), elapsed.Seconds(), a.Duration())
		}
		if rec.VideoErr != nil || last.Seconds() < 0.9*elapsed.Seconds() {
			t.Errorf("video: %d frames to %v of %.2f s, %v", rec.VideoFrames, last, elapsed.Seconds(), rec.VideoErr)
		}
	}
	if again, _ := capture.Recover(dir); len(again) != 0 {
		t.Errorf("recovered twice")
	}
}

// TestDiskFullStopsAndKeeps: with a 300 KB file size limit (as a full disk)
// the recording stops itself, and what it wrote plays.
func TestDiskFullStopsAndKeeps(t *testing.T) {
	dir := t.TempDir()
	limit := "300000"
	if capture.Compressed() {
		limit = "100000" // the audio grows 8 KB a second
	}
	cmd := childCmd(t, dir, "NEVERMIND_RECORD_FSIZE="+limit)
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, out.String())
	}
	t.Logf("child: %s", strings.TrimSpace(out.String()))
	if !strings.Contains(out.String(), "disk is full") {
		t.Errorf("the recording did not stop for a full disk: %s", out.String())
	}
	audio := filepath.Join(dir, "killed.wav")
	if capture.Compressed() {
		audio = filepath.Join(dir, "killed.weba")
	}
	a, err := media.ReadAudioFile(audio)
	if err != nil || a.Duration() < time.Second {
		t.Errorf("audio kept: %v, %v", a.Duration(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "killed.recording")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a stopped recording left its marker")
	}
	_ = io.EOF
}

// TestRecordFromFiles: a camera showing a video file and a microphone
// playing a WAV (both through the real recorder) give back the same
// sound and pictures.
func TestRecordFromFiles(t *testing.T) {
	dir := t.TempDir()
	// The inputs: 2 s of a 440 Hz tone at 22.05 kHz, and 30 frames whose
	// brightness counts up.
	wavPath := filepath.Join(dir, "in.wav")
	in := media.Audio{SampleRate: 22050, Channels: 1, Samples: make([]float32, 44100)}
	for i := range in.Samples {
		in.Samples[i] = float32(0.3 * math.Sin(2*math.Pi*440*float64(i)/22050))
	}
	if err := media.WriteWAVFile(wavPath, in, 16); err != nil {
		t.Fatal(err)
	}
	vidPath := filepath.Join(dir, "in.avi")
	vw, err := video.Create(vidPath, 30, 320, 240)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		img := image.NewRGBA(image.Rect(0, 0, 320, 240))
		for k := range img.Pix {
			img.Pix[k] = uint8(8 * i)
		}
		vw.Write(img)
	}
	vw.Close()
	frames, err := capturetest.VideoFileFrames(vidPath, 100)
	if err != nil {
		t.Fatal(err)
	}
	label := fmt.Sprintf("file camera %d", camSeq.Add(1))
	capturetest.RegisterCamera(label, 320, 240, 30, frames)
	var cam *capture.Camera
	for _, d := range capture.Cameras() {
		if d.Name == label {
			cam = capture.OpenCamera(d.ID)
		}
	}
	src, err := capturetest.WAVSource(wavPath)
	if err != nil {
		t.Fatal(err)
	}
	r, err := capture.Start(capture.Options{Dir: dir, Name: "files", Mic: src, Camera: cam, Legacy: true})
	if err != nil {
		t.Fatal(err)
	}
	<-r.Done() // the WAV ends: the "microphone" goes away
	res := r.Stop()
	out, err := media.ReadWAVFile(res.Audio)
	if err != nil || out.SampleRate != 22050 || out.Frames() != 44100 {
		t.Fatalf("recorded %d frames at %d Hz (%v); played 44100 at 22050", out.Frames(), out.SampleRate, err)
	}
	var diff float64
	for i := range out.Samples {
		diff = math.Max(diff, math.Abs(float64(out.Samples[i]-in.Samples[i])))
	}
	if diff > 1.0/16384 {
		t.Errorf("recorded audio differs from the file by up to %g", diff)
	}
	vr, err := video.Open(res.Video, video.Options{SampleFPS: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer vr.Close()
	img, _, err := vr.Next(nil)
	if err != nil || img.Rect.Dx() != 320 {
		t.Fatalf("first recorded frame: %v", err)
	}
	if c := img.RGBAAt(160, 120); c.R > 12 {
		t.Errorf("first frame brightness %d, want the file's first (0)", c.R)
	}
	if res.VideoFrames < 50 {
		t.Errorf("%d frames in 2 s", res.VideoFrames)
	}
}

// TestPlayerFromAMoment plays a recording from 0.5 s through the real
// audio system (make test runs a private PulseAudio).
func TestPlayerFromAMoment(t *testing.T) {
	if os.Getenv("NEVERMIND_PULSE") != "1" {
		testenv.Skip(t, "no sound server: make test runs this under scripts/with-pulse.sh")
	}
	p := filepath.Join(t.TempDir(), "a.wav")
	media.WriteWAVFile(p, media.Audio{SampleRate: 16000, Channels: 1, Samples: make([]float32, 24000)}, 16)
	pl, err := capture.Play(p, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	select {
	case <-pl.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("playback did not end")
	}
	if d := time.Since(t0); d < 700*time.Millisecond {
		t.Errorf("1 s of audio played in %v", d)
	}
	if at := pl.At(); at < 1500*time.Millisecond {
		t.Errorf("ended at %v, want 1.5 s", at)
	}
	if _, err := capture.Play(p, 5*time.Second); err == nil {
		t.Error("played past the end")
	}
}

func TestReadFrameTimes(t *testing.T) {
	_, cam := newCamera(t, nil)
	r, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "ft", Mic: tone(nil), Camera: cam, Legacy: true})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	res := r.Stop()
	times, err := capture.ReadFrameTimes(res.Frames)
	if err != nil || len(times) != res.VideoFrames {
		t.Fatalf("%d times for %d frames: %v", len(times), res.VideoFrames, err)
	}
	for i := 1; i < len(times); i++ {
		if times[i] <= times[i-1] {
			t.Fatalf("frame times not increasing at %d", i)
		}
	}
}
