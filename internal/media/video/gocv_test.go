//go:build opencv

package video

import (
	"errors"
	"image"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// frameImage draws frame i: a grey level that encodes i, and a white bar
// whose position moves, so that frames differ everywhere.
func frameImage(i, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	g := uint8(20 + (i*7)%200)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{g, g / 2, 255 - g, 255})
		}
	}
	bx := (i * 5) % (w - 8)
	for y := 0; y < h; y++ {
		for x := bx; x < bx+8; x++ {
			img.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
		}
	}
	return img
}

func writeVideo(t *testing.T, path string, n int, fps float64, w, h int) {
	t.Helper()
	vw, err := Create(path, fps, w, h)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := vw.Write(frameImage(i, w, h)); err != nil {
			t.Fatal(err)
		}
	}
	if err := vw.Close(); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string, o Options) ([]Frame, []*image.RGBA, *Reader) {
	t.Helper()
	r, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	var frames []Frame
	var imgs []*image.RGBA
	for {
		img, f, err := r.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, f)
		imgs = append(imgs, img)
	}
	return frames, imgs, r
}

func TestRoundTrip(t *testing.T) {
	for _, ext := range []string{".avi", ".mp4"} {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "answer"+ext)
			writeVideo(t, path, 60, 30, 160, 120)
			frames, imgs, r := readAll(t, path, Options{SampleFPS: -1})
			defer r.Close()
			info := r.Info()
			if info.Width != 160 || info.Height != 120 || info.FPS != 30 {
				t.Errorf("info %+v", info)
			}
			if len(frames) != 60 {
				t.Fatalf("%d frames read, want 60", len(frames))
			}
			for i, f := range frames {
				want := time.Duration(i) * time.Second / 30
				if d := f.T - want; d < -2*time.Millisecond || d > 2*time.Millisecond {
					t.Errorf("frame %d at %v, want %v", i, f.T, want)
				}
				if f.Index != i {
					t.Errorf("frame %d has index %d", i, f.Index)
				}
			}
			// Colours survive the codec (R and B not swapped): check the
			// background of a few frames.
			for _, i := range []int{0, 17, 59} {
				want := frameImage(i, 160, 120).RGBAAt(120, 60)
				got := imgs[i].RGBAAt(120, 60)
				if absDiff(got.R, want.R) > 12 || absDiff(got.G, want.G) > 12 || absDiff(got.B, want.B) > 12 {
					t.Errorf("frame %d pixel %v, want about %v", i, got, want)
				}
			}
			if st := r.Stats(); st.Incomplete || st.Decoded != 60 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestSampling(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.avi")
	writeVideo(t, path, 90, 30, 64, 48)
	frames, imgs, r := readAll(t, path, Options{SampleFPS: 10})
	defer r.Close()
	if len(frames) != 30 {
		t.Fatalf("%d frames at 10 fps from 3 s, want 30", len(frames))
	}
	for k, f := range frames {
		if f.Index != 3*k {
			t.Errorf("sample %d is frame %d, want %d", k, f.Index, 3*k)
		}
		// The delivered picture is the frame it claims to be.
		want := frameImage(f.Index, 64, 48).RGBAAt(60, 10)
		if got := imgs[k].RGBAAt(60, 10); absDiff(got.R, want.R) > 12 {
			t.Errorf("sample %d (frame %d): pixel %v, want about %v", k, f.Index, got, want)
		}
	}
	if st := r.Stats(); st.Decoded != 90 || st.Delivered != 30 {
		t.Errorf("stats %+v", st)
	}
}

func TestReuseBuffer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.avi")
	writeVideo(t, path, 5, 30, 64, 48)
	r, err := Open(path, Options{SampleFPS: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := image.NewRGBA(image.Rect(0, 0, 64, 48))
	img, _, err := r.Next(buf)
	if err != nil || img != buf {
		t.Fatalf("buffer of the right size not reused (err %v)", err)
	}
	small := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img, _, err = r.Next(small)
	if err != nil || img == small || img.Rect.Dx() != 64 {
		t.Fatalf("buffer of the wrong size used (err %v)", err)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.avi")
	writeVideo(t, good, 60, 30, 160, 120)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(i*131 + i/7)
	}
	for name, path := range map[string]string{
		"missing":   filepath.Join(dir, "nope.avi"),
		"empty":     write("empty.avi", nil),
		"text":      write("notes.mp4", []byte("this is not a video\n")),
		"garbage":   write("garbage.avi", garbage),
		"header":    write("header.avi", data[:200]),
		"directory": dir,
	} {
		t.Run(name, func(t *testing.T) {
			r, err := Open(path, Options{})
			if err != nil {
				return // refused at open, with a message
			}
			defer r.Close()
			_, _, err = r.Next(nil)
			if !errors.Is(err, ErrNoFrames) {
				t.Fatalf("opened and read: %v", err)
			}
		})
	}

	// A file cut in half keeps the frames before the cut and says it is
	// incomplete.
	half := write("half.avi", data[:len(data)/2])
	frames, _, r := readAll(t, half, Options{SampleFPS: -1})
	defer r.Close()
	if len(frames) < 20 || len(frames) >= 60 {
		t.Errorf("truncated file gave %d frames, want about 30", len(frames))
	}
	t.Logf("truncated file: %d of 60 frames, stats %+v, info %+v", len(frames), r.Stats(), r.Info())
}
