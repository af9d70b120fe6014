package vision

import (
	"image"
	"math"
	"path/filepath"
	"testing"
	"time"
)

// TestFaceTrackPresentRatio runs the tracker over a sequence that mixes the
// real face with frames that hold no face (black, grey, the photo's flag
// and rocket with the person cut out), and compares the share of frames
// with a face to the truth.
func TestFaceTrackPresentRatio(t *testing.T) {
	tr, err := NewFaceTracker(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	face := frame640(t)
	black := image.NewRGBA(image.Rect(0, 0, 640, 480))
	grey := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := range grey.Pix {
		grey.Pix[i] = 128
	}
	scenery := image.NewRGBA(image.Rect(0, 0, 640, 480))
	src := astronaut(t)
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			// The photo's left and right edges (flag, rocket), mirrored to
			// fill the frame: no face in them.
			sx := x % 120
			if x/120%2 == 1 {
				sx = 511 - x%120
			}
			scenery.Set(x, y, src.At(sx, y*512/480))
		}
	}
	pattern := []struct {
		img  image.Image
		n    int
		face bool
	}{{face, 30, true}, {black, 10, false}, {face, 25, true}, {scenery, 15, false}, {face, 12, true}, {grey, 8, false}, {face, 20, true}}
	total, withFace, found := 0, 0, 0
	for _, p := range pattern {
		for i := 0; i < p.n; i++ {
			f, err := tr.Process(p.img, time.Duration(total)*time.Second/30)
			if err != nil {
				t.Fatal(err)
			}
			total++
			if p.face {
				withFace++
			}
			if f.Present {
				found++
			}
			if f.Present != p.face {
				t.Logf("frame %d: present=%v, truth %v", total-1, f.Present, p.face)
			}
		}
	}
	truth, got := float64(withFace)/float64(total), float64(found)/float64(total)
	t.Logf("present ratio %.3f, truth %.3f (%d frames)", got, truth, total)
	if math.Abs(got-truth) > 0.05 {
		t.Errorf("present ratio %.3f, truth %.3f", got, truth)
	}
}

func TestFaceTrackHardInput(t *testing.T) {
	tr, err := NewFaceTracker(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	tiny := image.NewRGBA(image.Rect(0, 0, 8, 6))
	dark := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := 0; i < len(dark.Pix); i += 4 {
		dark.Pix[i], dark.Pix[i+1], dark.Pix[i+2], dark.Pix[i+3] = 3, 3, 3, 255
	}
	gray := image.NewGray(image.Rect(0, 0, 320, 240))
	for _, tc := range []struct {
		name string
		img  image.Image
	}{{"tiny", tiny}, {"dark", dark}, {"grey image type", gray}, {"empty", image.NewRGBA(image.Rectangle{})}} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tr.Process(tc.img, 0)
			if err != nil || f.Present {
				t.Fatalf("present=%v err=%v", f.Present, err)
			}
		})
	}
}
