package vision

import (
	"image"
	"math"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// TestPostureOnThePhoto: the astronaut's shoulders are about level and her
// nose is above them; a black frame has no person.
func TestPostureOnThePhoto(t *testing.T) {
	pt, err := NewPoseTracker(filepath.Join(bundle(t), "models"))
	if err != nil {
		t.Fatal(err)
	}
	defer pt.Close()
	src := astronaut(t)
	img := image.NewRGBA(image.Rect(0, 0, 512, 512))
	draw.Copy(img, image.Point{}, src, src.Bounds(), draw.Src, nil)
	f, err := pt.Process(img, 0)
	if err != nil || !f.Present {
		t.Fatalf("present=%v err=%v", f.Present, err)
	}
	t.Logf("level photo: shoulder tilt %.1f, head roll %.1f, neck %.1f", f.ShoulderTilt, f.HeadRoll, f.NeckAngle)
	if math.Abs(f.ShoulderTilt) > 8 || f.NeckAngle < 15 {
		t.Errorf("shoulder tilt %.1f, neck angle %.1f on an upright, level photo", f.ShoulderTilt, f.NeckAngle)
	}
	if empty, err := pt.Process(image.NewRGBA(image.Rect(0, 0, 640, 480)), 0); err != nil || empty.Present {
		t.Fatalf("black frame: present=%v err=%v", empty.Present, err)
	}
}

// TestPostureFollowsATurnedPhoto: turning the photo by 10 degrees either
// way turns the shoulder line by as much, and leaves the head's roll
// against the shoulders as it was (both turned together).
func TestPostureFollowsATurnedPhoto(t *testing.T) {
	src := astronaut(t)
	measure := func(deg float64) PoseFrame {
		t.Helper()
		// Each still is its own scene: a fresh tracker finds the person.
		pt, err := NewPoseTracker(filepath.Join(bundle(t), "models"))
		if err != nil {
			t.Fatal(err)
		}
		defer pt.Close()
		img := image.NewRGBA(image.Rect(0, 0, 512, 512))
		a := deg * math.Pi / 180
		ca, sa := math.Cos(a), math.Sin(a)
		m := f64.Aff3{ca, -sa, 256 - ca*256 + sa*256, sa, ca, 256 - sa*256 - ca*256}
		draw.BiLinear.Transform(img, m, src, src.Bounds(), draw.Src, nil)
		var f PoseFrame
		for k := 0; k < 4; k++ { // the tracker settles on the body in a few frames
			if f, err = pt.Process(img, time.Duration(k)*time.Second/15); err != nil || !f.Present {
				t.Fatalf("%.0f degrees: present=%v err=%v", deg, f.Present, err)
			}
		}
		return f
	}
	level := measure(0)
	for _, deg := range []float64{10, -10} {
		f := measure(deg)
		dt, dr := f.ShoulderTilt-level.ShoulderTilt, f.HeadRoll-level.HeadRoll
		t.Logf("turned %+.0f degrees (clockwise > 0): shoulder tilt %+.1f, head roll against shoulders %+.1f", deg, dt, dr)
		// Clockwise in the image lowers the picture's right side, where the
		// person's left shoulder is: the tilt falls.
		if math.Abs(dt+deg) > 3 {
			t.Errorf("shoulder tilt changed by %.1f for a %.0f degree turn", dt, deg)
		}
		if math.Abs(dr) > 3 {
			t.Errorf("head roll against the shoulders changed by %.1f", dr)
		}
	}
}

func TestSummarizePoseKnownEvents(t *testing.T) {
	const fps = 15
	var fs []PoseFrame
	for i := 0; i < 60*fps; i++ {
		ts := time.Duration(i) * time.Second / fps
		s := ts.Seconds()
		f := PoseFrame{T: ts, Present: true, ShoulderTilt: 1, HeadRoll: 0, NeckAngle: 40, TorsoX: 0.5,
			Hands: [2]Point{{X: 1, Y: 3}, {X: -1, Y: 3}}, HandsSeen: [2]bool{true, true}}
		switch {
		case s >= 10 && s < 14:
			f.NeckAngle = 25 // slouched by 15 degrees
		case s >= 20 && s < 22:
			f.ShoulderTilt = 14 // leaning
		case s >= 30 && s < 30.6, s >= 40 && s < 41: // two touches
			f.HandNearFace = true
		case s >= 45 && s < 45.2: // a brush, not a touch
			f.HandNearFace = true
		case s >= 50 && s < 52:
			f.Present = false
		}
		fs = append(fs, f)
	}
	b, ok := CalibratePose(fs)
	if !ok || b.NeckAngle != 40 || b.ShoulderTilt != 1 {
		t.Fatalf("baseline %+v", b)
	}
	s := SummarizePose(fs, b)
	if math.Abs(s.PresentRatio-58.0/60) > 0.002 {
		t.Errorf("present %.3f", s.PresentRatio)
	}
	if math.Abs(s.SlouchRatio-4.0/58) > 0.003 {
		t.Errorf("slouch ratio %.3f, want %.3f", s.SlouchRatio, 4.0/58)
	}
	if s.HandFaceTouches != 2 {
		t.Errorf("touches = %d, want 2", s.HandFaceTouches)
	}
	if math.Abs(s.ShoulderTiltDeg.Max-13) > 0.01 {
		t.Errorf("tilt %+v", s.ShoulderTiltDeg)
	}
	kinds := map[string]int{}
	for _, g := range s.Segments {
		kinds[g.Kind]++
	}
	if kinds["slouching"] != 1 || kinds["shoulders_tilted"] != 1 || kinds["touching_face"] != 2 {
		t.Errorf("segments %+v", s.Segments)
	}
	if s.HandMotion != 0 || s.Sway != 0 {
		t.Errorf("still hands and torso moved: hands %.2f sway %.3f", s.HandMotion, s.Sway)
	}
}
