package vision

import (
	"context"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/image/draw"

	"nevermind/internal/media/video"
	"nevermind/internal/testenv"
)

func faceJPG(t testing.TB) *image.RGBA {
	t.Helper()
	f, err := os.Open(filepath.Join(bundle(t), "testdata", "media", "face.jpg"))
	if err != nil {
		testenv.Skipf(t, "%v (make testmedia fetches it)", err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, 640, 480))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	return dst
}

// noFaceFrames are pictures without a person: black, mid grey, and the
// astronaut photo's flag and rocket edges with the person cut out.
func noFaceFrames(t testing.TB) (black, grey, scenery *image.RGBA) {
	black = image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := 3; i < len(black.Pix); i += 4 {
		black.Pix[i] = 255
	}
	grey = image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := range grey.Pix {
		grey.Pix[i] = 128
	}
	scenery = image.NewRGBA(image.Rect(0, 0, 640, 480))
	src := astronaut(t)
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			sx := x % 120
			if x/120%2 == 1 {
				sx = 511 - x%120
			}
			scenery.Set(x, y, src.At(sx, y*512/480))
		}
	}
	return
}

type clip struct {
	img  image.Image
	secs float64
	face bool
}

// writeClips writes the clips at 30 fps and returns the true share of
// frames with a face.
func writeClips(t *testing.T, path string, clips []clip) float64 {
	t.Helper()
	w, err := video.Create(path, 30, 640, 480)
	if err != nil {
		t.Fatal(err)
	}
	total, withFace := 0, 0
	for _, c := range clips {
		for i := 0; i < int(math.Round(c.secs*30)); i++ {
			if err := w.Write(c.img); err != nil {
				t.Fatal(err)
			}
			total++
			if c.face {
				withFace++
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return float64(withFace) / float64(total)
}

func analyzeFile(t *testing.T, a *Analyzer, path string, o video.Options) (*VideoResult, video.Stats) {
	t.Helper()
	r, err := video.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	src := SourceFunc(func(dst *image.RGBA) (*image.RGBA, time.Duration, error) {
		img, f, err := r.Next(dst)
		return img, f.T, err
	})
	res, err := a.Analyze(context.Background(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, r.Stats()
}

// TestVideoPresentRatio analyses video files made of real faces (the
// astronaut, gocv's face.jpg) interleaved with stretches that hold no face,
// in both containers the app reads, and compares face.present_ratio with
// the truth.
func TestVideoPresentRatio(t *testing.T) {
	testenv.Long(t)
	a, err := NewAnalyzer(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	astro := frame640(t)
	face := faceJPG(t)
	black, grey, scenery := noFaceFrames(t)
	clips := []clip{
		{astro, 3.5, true}, {black, 1.5, false}, {face, 2, true}, {scenery, 1.2, false},
		{astro, 1.5, true}, {grey, 0.5, false}, {face, 2.5, true}, {black, 1, false}, {astro, 1, true},
	}
	for _, ext := range []string{".avi", ".mp4"} {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "answer.avi")
			truth := writeClips(t, path, clips)
			if ext == ".mp4" {
				// A phone's kind of file: H.264 in MP4, read through ffmpeg.
				if _, err := exec.LookPath("ffmpeg"); err != nil {
					testenv.Skip(t, "ffmpeg is not installed (make deps installs it)")
				}
				mp4 := filepath.Join(t.TempDir(), "answer.mp4")
				if out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-c:v", "libx264", "-pix_fmt", "yuv420p", mp4).CombinedOutput(); err != nil {
					t.Fatalf("ffmpeg: %v %s", err, out)
				}
				path = mp4
			}
			res, st := analyzeFile(t, a, path, video.Options{})
			if st.Delivered != res.Frames || res.Frames < 219 || res.Frames > 222 {
				t.Errorf("%d frames analysed of %d delivered; 14.7 s at 15 fps is about 220", res.Frames, st.Delivered)
			}
			got := res.Face.PresentRatio
			t.Logf("%s: present ratio %.3f, truth %.3f; pose present %.3f; segments %+v", ext, got, truth, res.Pose.PresentRatio, res.Segments)
			if math.Abs(got-truth) > 0.05 {
				t.Errorf("present ratio %.3f, truth %.3f", got, truth)
			}
			// The three no-face stretches of 1 s or more are flagged where
			// they are (the half second of grey is too short to flag).
			want := [][2]float64{{3.5, 5}, {7, 8.2}, {12.7, 13.7}}
			for _, w := range want {
				found := false
				for _, s := range res.Segments {
					if s.Kind == "no_face" && math.Abs(s.Start-w[0]) < 0.25 && math.Abs(s.End-w[1]) < 0.25 {
						found = true
					}
				}
				if !found {
					t.Errorf("no no_face segment near %.1f-%.1f s in %+v", w[0], w[1], res.Segments)
				}
			}
			// Black frames are also dark ones; the real faces are not.
			if res.Face.DarkRatio < 2.0/14.7-0.05 || res.Face.DarkRatio > 2.5/14.7+0.05 {
				t.Errorf("dark ratio %.3f; 2.5 s of 14.7 are black", res.Face.DarkRatio)
			}
			// No person at all in the black frames: the pose track agrees.
			for _, f := range res.PoseFrames {
				if s := f.T.Seconds(); s > 3.7 && s < 4.8 && f.Present {
					t.Errorf("pose found in a black frame at %.2f s", s)
				}
			}
		})
	}
}

// TestVideoHardInput: a video with no face at all, a tiny one and a
// truncated one give truthful results, not errors.
func TestVideoHardInput(t *testing.T) {
	a, err := NewAnalyzer(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	dir := t.TempDir()
	black, _, scenery := noFaceFrames(t)

	empty := filepath.Join(dir, "empty-room.avi")
	writeClips(t, empty, []clip{{scenery, 2, false}, {black, 1, false}})
	res, _ := analyzeFile(t, a, empty, video.Options{})
	if res.Face.PresentRatio != 0 || res.Pose.PresentRatio != 0 {
		t.Errorf("nobody there: face %.3f, pose %.3f", res.Face.PresentRatio, res.Pose.PresentRatio)
	}
	if len(res.Segments) == 0 || res.Segments[0].Kind != "no_face" || res.Segments[0].Start != 0 {
		t.Errorf("segments %+v, want no_face from 0", res.Segments)
	}

	tiny := filepath.Join(dir, "tiny.avi")
	w, err := video.Create(tiny, 30, 32, 24)
	if err != nil {
		t.Fatal(err)
	}
	small := image.NewRGBA(image.Rect(0, 0, 32, 24))
	draw.ApproxBiLinear.Scale(small, small.Bounds(), frame640(t), image.Rect(0, 0, 640, 480), draw.Src, nil)
	for i := 0; i < 30; i++ {
		if err := w.Write(small); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	res, _ = analyzeFile(t, a, tiny, video.Options{})
	if res.Frames != 15 || math.IsNaN(res.Face.FrontalRatio) {
		t.Errorf("tiny video: %d frames, %+v", res.Frames, res.Face)
	}

	// Truncated: the frames before the cut are analysed and the reader
	// says the file is incomplete.
	full := filepath.Join(dir, "full.avi")
	writeClips(t, full, []clip{{frame640(t), 4, true}})
	data, _ := os.ReadFile(full)
	cut := filepath.Join(dir, "cut.avi")
	if err := os.WriteFile(cut, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	res, st := analyzeFile(t, a, cut, video.Options{})
	if !st.Incomplete || res.Frames < 20 || res.Frames > 40 || res.Face.PresentRatio < 0.95 {
		t.Errorf("cut file: %d frames, incomplete %v, present %.3f", res.Frames, st.Incomplete, res.Face.PresentRatio)
	}
}

// TestVideoCancel stops an analysis part-way.
func TestVideoCancel(t *testing.T) {
	a, err := NewAnalyzer(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	img := frame640(t).(*image.RGBA)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	src := SourceFunc(func(dst *image.RGBA) (*image.RGBA, time.Duration, error) {
		n++
		if n == 20 {
			cancel()
		}
		if n > 1000 {
			return nil, 0, io.EOF
		}
		return img, time.Duration(n) * time.Second / 15, nil
	})
	_, err = a.Analyze(ctx, src, nil)
	if !errors.Is(err, context.Canceled) || n > 30 {
		t.Errorf("after cancel: err %v, %d frames read", err, n)
	}
}
