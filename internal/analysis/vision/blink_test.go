package vision

import (
	"image"
	"image/jpeg"
	"math"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// Eyelid contours of the face mesh, corner to corner ("right" is the
// person's right, on the left of the image).
var (
	rightUpperLid = []int{33, 246, 161, 160, 159, 158, 157, 173, 133}
	rightLowerLid = []int{33, 7, 163, 144, 145, 153, 154, 155, 133}
	leftUpperLid  = []int{263, 466, 388, 387, 386, 385, 384, 398, 362}
	leftLowerLid  = []int{263, 249, 390, 373, 374, 380, 381, 382, 362}
)

// lidY is the contour's height (pixels) at column x, interpolated between
// its points.
func lidY(pts *[468]Point, idx []int, x, w, h float64) float64 {
	type xy struct{ x, y float64 }
	ps := make([]xy, len(idx))
	for i, k := range idx {
		ps[i] = xy{pts[k].X * w, pts[k].Y * h}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].x < ps[j].x })
	if x <= ps[0].x {
		return ps[0].y
	}
	for i := 1; i < len(ps); i++ {
		if x <= ps[i].x {
			t := (x - ps[i-1].x) / (ps[i].x - ps[i-1].x)
			return ps[i-1].y + t*(ps[i].y-ps[i-1].y)
		}
	}
	return ps[len(ps)-1].y
}

// closeEyes draws the face with both upper lids lowered by amount (0 open,
// 1 down to the lower lid), the way a lid closes: the lid skin above the
// eye stretches down over the eyeball, carrying the lash line at its edge
// (darkened a little, as lashes meet), and the eyeball below the new lid
// edge stays where it was. pts are the open face's landmarks.
func closeEyes(src *image.RGBA, pts *[468]Point, amount float64) *image.RGBA {
	dst := image.NewRGBA(src.Rect)
	copy(dst.Pix, src.Pix)
	w, h := float64(src.Rect.Dx()), float64(src.Rect.Dy())
	for _, eye := range [][2][]int{{rightUpperLid, rightLowerLid}, {leftUpperLid, leftLowerLid}} {
		upper, lower := eye[0], eye[1]
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, i := range upper {
			x0, x1 = math.Min(x0, pts[i].X*w), math.Max(x1, pts[i].X*w)
		}
		skin := 0.42 * (x1 - x0) // the lid skin between the lash line and the brow
		for x := int(x0); x <= int(x1)+1; x++ {
			fx := float64(x) + 0.5
			yu, yl := lidY(pts, upper, fx, w, h), lidY(pts, lower, fx, w, h)
			if yl <= yu {
				continue
			}
			edge := yu + amount*(yl-yu)
			top := yu - skin
			for y := int(top); y <= int(yl)+1; y++ {
				fy := float64(y) + 0.5
				if fy < top || fy > edge+1.5 {
					continue
				}
				sy := fy
				if fy <= edge {
					sy = top + (fy-top)*(yu-top)/(edge-top)
				}
				k := 1.0
				if d := math.Abs(fy - edge); d < 1.5 {
					k = 1 - 0.6*amount*(1-d/1.5)
				}
				so, do := src.PixOffset(x, int(sy)), dst.PixOffset(x, y)
				for c := 0; c < 3; c++ {
					dst.Pix[do+c] = uint8(float64(src.Pix[so+c]) * k)
				}
			}
		}
	}
	return dst
}

func loadFaceJPG(t testing.TB) *image.RGBA {
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
	dst := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	for y := 0; y < dst.Rect.Dy(); y++ {
		for x := 0; x < dst.Rect.Dx(); x++ {
			dst.Set(x, y, img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y))
		}
	}
	return dst
}

// openLandmarks finds the face and its landmarks in a still.
func openLandmarks(t testing.TB, img *image.RGBA) ([468]Point, Crop) {
	t.Helper()
	fd, fm := faceModels(t)
	fs, err := fd.Detect(img)
	if err != nil || len(fs) != 1 {
		t.Fatalf("%d faces, %v", len(fs), err)
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	pts, _, err := fm.Landmarks(img, MeshCrop(fs[0], w, h))
	if err != nil {
		t.Fatal(err)
	}
	c := cropFromLandmarks(&pts, w, h)
	pts, _, err = fm.Landmarks(img, c)
	if err != nil {
		t.Fatal(err)
	}
	return pts, c
}

// TestEARFallsAsTheLidCloses: on both real faces the EAR falls steadily as
// the upper lid comes down; a fully closed eye reads about 0.72 of the open
// one. This is where blinkEARShare comes from.
func TestEARFallsAsTheLidCloses(t *testing.T) {
	_, fm := faceModels(t)
	for name, img := range map[string]*image.RGBA{"astronaut": frame640(t).(*image.RGBA), "face.jpg": loadFaceJPG(t)} {
		pts, c := openLandmarks(t, img)
		w, h := float64(img.Rect.Dx()), float64(img.Rect.Dy())
		open := EyesEAR(&pts, w, h)
		prev := math.Inf(1)
		var ratios []float64
		for _, a := range []float64{0, 0.25, 0.5, 0.75, 1} {
			p, _, err := fm.Landmarks(closeEyes(img, &pts, a), c)
			if err != nil {
				t.Fatal(err)
			}
			ear := EyesEAR(&p, w, h)
			ratios = append(ratios, ear/open)
			if ear > prev+0.005 {
				t.Errorf("%s: EAR rose from %.3f to %.3f as the lid closed to %.0f %%", name, prev, ear, 100*a)
			}
			prev = ear
		}
		t.Logf("%s: open EAR %.3f; share of open at 0/25/50/75/100 %% closed: %.2f", name, open, ratios)
		if full := ratios[4]; full > 0.78 || full < 0.5 {
			t.Errorf("%s: a closed eye reads %.2f of the open EAR", name, full)
		}
		if half := ratios[2]; half < blinkEARShare {
			t.Errorf("%s: a half-closed eye (%.2f of open) would count as a blink", name, half)
		}
	}
}

// TestBlinksInAWarpedSequence runs the whole face track and summary over
// 20 s at 15 fps of face.jpg (a different face from the one the threshold
// was read from, with glasses) with known lid closures: eight blinks of
// 1 to 4 frames (67-267 ms) at 75-100 % closure, three half closures that
// are not blinks, and one 1.5 s closure that is closed eyes, not a blink.
func TestBlinksInAWarpedSequence(t *testing.T) {
	img := loadFaceJPG(t)
	pts, _ := openLandmarks(t, img)
	warped := map[float64]*image.RGBA{}
	for _, a := range []float64{0.5, 0.75, 0.9, 1} {
		warped[a] = closeEyes(img, &pts, a)
	}
	const fps = 15
	type event struct {
		at     float64 // seconds
		frames int
		amount float64
	}
	events := []event{
		{1.0, 2, 1}, {2.6, 1, 1}, {4.0, 3, 0.9}, {5.5, 2, 0.5}, {6.8, 2, 0.75}, {8.2, 4, 1},
		{9.9, 3, 0.5}, {11.0, 22, 1}, {14.0, 2, 1}, {15.3, 1, 0.5}, {16.6, 2, 0.9}, {18.4, 3, 1},
	}
	wantBlinks := 0
	for _, e := range events {
		if e.amount >= 0.75 && e.frames <= 7 {
			wantBlinks++
		}
	}
	tr, err := NewFaceTracker(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var frames []FaceFrame
	for i := 0; i < 20*fps; i++ {
		frame := img
		for _, e := range events {
			start := int(math.Round(e.at * fps))
			if i >= start && i < start+e.frames {
				frame = warped[e.amount]
			}
		}
		f, err := tr.Process(frame, time.Duration(i)*time.Second/fps)
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, f)
	}
	b, _ := Calibrate(frames)
	s := SummarizeFace(frames, b)
	t.Logf("%d blinks (truth %d), %.1f/min; segments %+v", s.Blinks, wantBlinks, s.BlinksPerMin, s.Segments)
	if s.Blinks != wantBlinks {
		t.Errorf("%d blinks counted, truth %d", s.Blinks, wantBlinks)
	}
	closed := false
	for _, g := range s.Segments {
		if g.Kind == "eyes_closed" && math.Abs(g.Start-11) < 0.1 && math.Abs(g.End-(11+22.0/fps)) < 0.1 {
			closed = true
		}
	}
	if !closed {
		t.Errorf("the 1.5 s closure at 11 s is not an eyes_closed segment: %+v", s.Segments)
	}
}
