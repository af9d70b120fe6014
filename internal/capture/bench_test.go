package capture_test

import (
	"image"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRecordAV records 640x480 video at 30 fps and 48 kHz stereo
// audio to disk for NEVERMIND_BENCH_SECONDS (default 300: five minutes)
// and reports the CPU it took, as a share of one core, and the audio
// buffers and video frames dropped. The camera's frames are prepared in
// advance (a moving gradient, so that MJPEG has real work), so the figure
// is the recorder's own: copying, encoding, writing, flushing.
func BenchmarkRecordAV(b *testing.B) {
	secs := 300
	if s, err := strconv.Atoi(os.Getenv("NEVERMIND_BENCH_SECONDS")); err == nil && s > 0 {
		secs = s
	}
	frames := make([]*image.RGBA, 30)
	for k := range frames {
		img := image.NewRGBA(image.Rect(0, 0, 640, 480))
		for y := 0; y < 480; y++ {
			for x := 0; x < 640; x++ {
				o := img.PixOffset(x, y)
				img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = uint8(x+8*k), uint8(y+3*k), uint8((x*y)>>8), 255
			}
		}
		frames[k] = img
	}
	label := "bench camera"
	capturetest.RegisterCamera(label, 640, 480, 30, func(i int, _ time.Duration) image.Image { return frames[i%len(frames)] })
	var cam *capture.Camera
	for _, d := range capture.Cameras() {
		if d.Name == label {
			cam = capture.OpenCamera(d.ID)
		}
	}
	for i := 0; i < b.N; i++ {
		r, err := capture.Start(capture.Options{Dir: b.TempDir(), Name: "bench", Mic: tone(nil), Camera: cam})
		if err != nil {
			b.Fatal(err)
		}
		c0, w0 := cpuTime(), time.Now()
		go func() {
			for range r.Frames() {
			}
		}()
		go func() {
			for {
				if _, ok := r.Next16k(); !ok {
					return
				}
			}
		}()
		time.Sleep(time.Duration(secs) * time.Second)
		res := r.Stop()
		cpu, wall := cpuTime()-c0, time.Since(w0)
		if res.Err != nil || res.VideoErr != nil {
			b.Fatalf("%v / %v", res.Err, res.VideoErr)
		}
		b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu_%_of_one_core")
		b.ReportMetric(float64(res.DroppedAudio), "dropped_audio_buffers")
		b.ReportMetric(float64(res.DroppedVideo), "dropped_video_frames")
		b.ReportMetric(float64(res.VideoFrames)/res.Duration.Seconds(), "video_fps")
		b.ReportMetric(res.Duration.Seconds(), "audio_s")
	}
}
