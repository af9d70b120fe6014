//go:build cgo && codecs

package video

import (
	"image"
	"image/color"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestVP8RoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.webm")
	const n, fps, w, h = 60, 30.0, 320, 240
	writeVideo(t, p, n, fps, w, h)
	frames, imgs, r := readAll(t, p, Options{SampleFPS: -1})
	if r.Backend() != "vp8" || r.Info().Width != w || r.Info().Height != h || r.Info().Frames != n {
		t.Errorf("backend %s, info %+v", r.Backend(), r.Info())
	}
	checkFrames(t, frames, imgs, n, fps, w, h)
	r.Close()
	// Sampled at 15 fps: every other frame, still at its own time.
	frames, _, r = readAll(t, p, Options{SampleFPS: 15})
	r.Close()
	if len(frames) != n/2 || r.Stats().Decoded != n {
		t.Errorf("15 fps: %d delivered, %d decoded", len(frames), r.Stats().Decoded)
	}
}

// TestVP8KeepsFrameTimes: a camera's frames come when they come; the file
// keeps each one's time.
func TestVP8KeepsFrameTimes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.webm")
	vw, err := Create(p, 30, 64, 48)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	var want []time.Duration
	at := 250 * time.Millisecond
	for i := 0; i < 90; i++ {
		if err := vw.WriteAt(frameImage(i, 64, 48), at); err != nil {
			t.Fatal(err)
		}
		want = append(want, at.Truncate(time.Millisecond))
		at += time.Duration(20+rng.Intn(60)) * time.Millisecond
	}
	if err := vw.Close(); err != nil {
		t.Fatal(err)
	}
	frames, _, r := readAll(t, p, Options{SampleFPS: -1})
	r.Close()
	if len(frames) != len(want) {
		t.Fatalf("%d frames, want %d", len(frames), len(want))
	}
	for i, f := range frames {
		if f.T != want[i] {
			t.Errorf("frame %d at %v, written at %v", i, f.T, want[i])
		}
	}
}

// TestVP8CutFile: a file cut part-way gives the frames before the cut and
// says it is incomplete.
func TestVP8CutFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.webm")
	writeVideo(t, p, 150, 30, 160, 120)
	b, _ := os.ReadFile(p)
	cut := filepath.Join(dir, "cut.webm")
	os.WriteFile(cut, b[:len(b)/2], 0o644)
	r, err := Open(cut, Options{SampleFPS: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for {
		_, _, err := r.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n < 30 || n >= 150 {
		t.Errorf("%d frames read from half a file of 150", n)
	}
}

// TestI420Conversions: RGBA and YCbCr of every subsampling go to 4:2:0 and
// back within what 4:2:0 loses on a smooth picture.
func TestI420Conversions(t *testing.T) {
	const w, h = 63, 41 // odd sizes: the last chroma row and column are half
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			src.SetRGBA(x, y, color.RGBA{uint8(40 + 3*x), uint8(200 - 3*y), uint8(60 + x + y), 255})
		}
	}
	check := func(name string, yuv *image.YCbCr) {
		back := i420ToRGBA(nil, yuv)
		worst := 0
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				a, b := src.RGBAAt(x, y), back.RGBAAt(x, y)
				worst = max(worst, absDiff(a.R, b.R), absDiff(a.G, b.G), absDiff(a.B, b.B))
			}
		}
		if worst > 8 {
			t.Errorf("%s: a channel off by %d", name, worst)
		}
	}
	check("RGBA", toI420(nil, src))
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420} {
		yc := image.NewYCbCr(src.Rect, ratio)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				c := src.RGBAAt(x, y)
				Y, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				yc.Y[yc.YOffset(x, y)] = Y
				yc.Cb[yc.COffset(x, y)] = cb
				yc.Cr[yc.COffset(x, y)] = cr
			}
		}
		check(ratio.String(), toI420(nil, yc))
	}
	// A sub-image keeps its own pixels.
	sub := src.SubImage(image.Rect(10, 10, 30, 30)).(*image.RGBA)
	yuv := toI420(nil, sub)
	Y, _, _ := color.RGBToYCbCr(src.RGBAAt(10, 10).R, src.RGBAAt(10, 10).G, src.RGBAAt(10, 10).B)
	if absDiff(yuv.Y[0], Y) > 1 {
		t.Errorf("sub-image: Y %d at its corner, want %d", yuv.Y[0], Y)
	}
}

func BenchmarkRGBAToI420(b *testing.B) {
	src := frameImage(3, 640, 480)
	var dst *image.YCbCr
	for i := 0; i < b.N; i++ {
		dst = toI420(dst, src)
	}
}

// FuzzVP8WebM feeds arbitrary bytes, seeded with a recording whole and
// cut, through Open and every frame of the WebM reader and libvpx: no
// panic, no crash, no endless loop, never a frame larger than the track.
func FuzzVP8WebM(f *testing.F) {
	dir := f.TempDir()
	p := filepath.Join(dir, "seed.webm")
	writeVideo(f, p, 12, 30, 64, 48)
	b, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add(b[:200])
	f.Fuzz(func(t *testing.T, data []byte) {
		tmp, err := os.CreateTemp("", "fuzz-*.webm")
		if err != nil {
			t.Skip(err)
		}
		defer os.Remove(tmp.Name())
		tmp.Write(data)
		tmp.Close()
		r, err := Open(tmp.Name(), Options{SampleFPS: -1})
		if err != nil {
			return
		}
		defer r.Close()
		info := r.Info()
		for i := 0; i < 64; i++ {
			img, _, err := r.Next(nil)
			if err != nil {
				return
			}
			if img.Rect.Dx() != info.Width || img.Rect.Dy() != info.Height {
				t.Fatalf("a %v frame in a %dx%d video", img.Rect, info.Width, info.Height)
			}
		}
	})
}
