//go:build codecs

package vision

import (
	"context"
	"image"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"

	"nevermind/internal/media"
	"nevermind/internal/media/video"
)

// talkingHead makes frame i (30 fps) of a made-up answer from real faces:
// face.jpg and the astronaut, each drifting and turning a little as a head
// does, face.jpg blinking (four frames of closed lids) every few seconds,
// and a second and a half in which the candidate left the frame. Its
// colour comes as a webcam's does, at half resolution (4:2:0), which is
// what the live analysis sees of a real camera.
type talkingHead struct {
	face, closed, astro *image.RGBA
	black               *image.RGBA
	out                 *image.RGBA
	yuv                 *image.YCbCr
	secs                int
}

func newTalkingHead(t testing.TB, secs int) *talkingHead {
	img := loadFaceJPG(t)
	if img.Rect.Dx() != 640 || img.Rect.Dy() != 480 {
		s := image.NewRGBA(image.Rect(0, 0, 640, 480))
		draw.ApproxBiLinear.Scale(s, s.Rect, img, img.Rect, draw.Src, nil)
		img = s
	}
	pts, _ := openLandmarks(t, img)
	black := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := 3; i < len(black.Pix); i += 4 {
		black.Pix[i] = 255
	}
	astro := image.NewRGBA(image.Rect(0, 0, 640, 480))
	draw.Copy(astro, image.Point{}, frame640(t), frame640(t).Bounds(), draw.Src, nil)
	return &talkingHead{face: img, closed: closeEyes(img, &pts, 1), astro: astro, black: black,
		out: image.NewRGBA(image.Rect(0, 0, 640, 480)), secs: secs}
}

func (h *talkingHead) frames() int { return h.secs * 30 }

func (h *talkingHead) frame(i int) *image.RGBA {
	s := float64(i) / 30
	src := h.face
	switch {
	case math.Mod(s, 20) >= 12 && math.Mod(s, 20) < 13.5:
		return h.black // out of the frame
	case math.Mod(s, 20) >= 13.5:
		src = h.astro
	case i%(30*3+7) < 4: // a blink of 133 ms every 3.2 s
		src = h.closed
	}
	a := 3 * math.Sin(2*math.Pi*s/7) * math.Pi / 180
	dx, dy := 14*math.Sin(2*math.Pi*s/11), 6*math.Sin(2*math.Pi*s/5)
	ca, sa := math.Cos(a), math.Sin(a)
	m := f64.Aff3{ca, -sa, 320 - ca*320 + sa*240 + dx, sa, ca, 240 - sa*320 - ca*240 + dy}
	draw.ApproxBiLinear.Transform(h.out, m, src, src.Bounds(), draw.Src, nil)
	// A camera's 4:2:0: each 2×2 block shares one colour.
	h.yuv = video.ToI420(h.yuv, h.out)
	draw.Draw(h.out, h.out.Rect, h.yuv, image.Point{}, draw.Src)
	return h.out
}

// TestStoredVideoMatchesLive: the face metrics of an answer analysed
// from the frames the camera gave (what the live analysis sees) and from
// the VP8 WebM the recorder stores agree (issue 27): present ratio within
// 0.02, blinks within 1 a minute, head pose medians within 2°. Both are
// sampled at 15 fps, so the difference is the codec's alone.
func TestStoredVideoMatchesLive(t *testing.T) {
	a, err := NewAnalyzer(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	h := newTalkingHead(t, 40)
	live := func() (*VideoResult, error) {
		i := 0
		return a.Analyze(context.Background(), SourceFunc(func(dst *image.RGBA) (*image.RGBA, time.Duration, error) {
			if i >= h.frames() {
				return nil, 0, io.EOF
			}
			// The frame goes into the analyser's own buffer: it keeps a few
			// in flight, and h.frame's picture is redrawn by the next call.
			if dst == nil {
				dst = image.NewRGBA(image.Rect(0, 0, 640, 480))
			}
			copy(dst.Pix, h.frame(i).Pix)
			at := time.Duration(i) * time.Second / 30
			i += 2
			return dst, at, nil
		}), nil)
	}
	want, err := live()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "answer.webm")
	w, err := video.Create(path, 30, 640, 480)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < h.frames(); i++ {
		if err := w.WriteAt(h.frame(i), time.Duration(i)*time.Second/30); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	got, _ := analyzeFile(t, a, path, video.Options{})
	wf, gf := want.Face, got.Face
	wb, gb := want.FaceBaseline, got.FaceBaseline
	t.Logf("%.2f MB/min of video; live: present %.3f, %d blinks (%.1f/min), pose %.1f/%.1f/%.1f°; stored: present %.3f, %d blinks (%.1f/min), pose %.1f/%.1f/%.1f°",
		float64(st.Size())/1e6/(float64(h.secs)/60), wf.PresentRatio, wf.Blinks, wf.BlinksPerMin, wb.Yaw, wb.Pitch, wb.Roll,
		gf.PresentRatio, gf.Blinks, gf.BlinksPerMin, gb.Yaw, gb.Pitch, gb.Roll)
	if got.Frames != want.Frames {
		t.Errorf("%d frames analysed from the file, %d live", got.Frames, want.Frames)
	}
	if wf.Blinks < 5 {
		t.Errorf("the live run saw %d blinks: the clip does not test blinks", wf.Blinks)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"present ratio", gf.PresentRatio, wf.PresentRatio, 0.02},
		{"blinks per minute", gf.BlinksPerMin, wf.BlinksPerMin, 1},
		{"median yaw", gb.Yaw, wb.Yaw, 2},
		{"median pitch", gb.Pitch, wb.Pitch, 2},
		{"median roll", gb.Roll, wb.Roll, 2},
	} {
		if math.Abs(c.got-c.want) > c.tol || math.IsNaN(c.got) {
			t.Errorf("%s: %.3f from the stored video, %.3f live (tolerance %g)", c.name, c.got, c.want, c.tol)
		}
	}
}

// BenchmarkStoredSize writes a 60 s talking-head answer (640×480, 30 fps,
// real faces moving, blinking and leaving the frame) with real speech the
// way the recorder stores it, VP8 and Opus in WebM, and the way it did
// before (MJPEG AVI and 16-bit WAV at 48 kHz), and reports megabytes per
// minute of both (issue 27 asks for at most 8 for the new).
func BenchmarkStoredSize(b *testing.B) {
	h := newTalkingHead(b, 60)
	speech := jfkSpeech(b, 60)
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		size := func(paths ...string) float64 {
			var n int64
			for _, p := range paths {
				st, err := os.Stat(p)
				if err != nil {
					b.Fatal(err)
				}
				n += st.Size()
			}
			return float64(n) / 1e6 / (float64(h.secs) / 60)
		}
		for _, kind := range []string{"webm", "avi"} {
			v := filepath.Join(dir, "answer."+kind)
			w, err := video.Create(v, 30, 640, 480)
			if err != nil {
				b.Fatal(err)
			}
			for j := 0; j < h.frames(); j++ {
				if err := w.WriteAt(h.frame(j), time.Duration(j)*time.Second/30); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
			if kind == "webm" {
				a := filepath.Join(dir, "answer.weba")
				if err := media.WriteOpusWebM(a, speech); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(size(v), "MB_per_min_video")
				b.ReportMetric(size(v, a), "MB_per_min_av")
			} else {
				a := filepath.Join(dir, "answer.wav")
				if err := media.WriteWAVFile(a, speech, 16); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(size(v, a), "MB_per_min_av_mjpeg_wav")
			}
		}
	}
}

// jfkSpeech is secs seconds of jfk.wav's real speech, repeated, at 48 kHz.
func jfkSpeech(b *testing.B, secs int) media.Audio {
	out, _ := exec.Command("go", "env", "GOMODCACHE").Output()
	p, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "github.com", "ggerganov", "whisper.cpp", "bindings", "go@*", "samples", "jfk.wav"))
	if err != nil || len(p) == 0 {
		b.Fatalf("jfk.wav is not in the module cache: %v", err)
	}
	a, err := media.ReadWAVFile(p[len(p)-1])
	if err != nil {
		b.Fatal(err)
	}
	up, err := media.Resample(media.Mono(a), 48000)
	if err != nil {
		b.Fatal(err)
	}
	res := media.Audio{SampleRate: 48000, Channels: 1}
	for len(res.Samples) < secs*48000 {
		res.Samples = append(res.Samples, up.Samples...)
	}
	res.Samples = res.Samples[:secs*48000]
	return res
}
