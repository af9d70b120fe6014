package vision

import (
	"image"
	"math"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/image/draw"
)

// TestPostureOnThePhoto: the astronaut's shoulders are about level and her
// nose is above them; a black frame has no person. (Turned photos are not
// tested yet: the pose crop is not aligned to the body; see the issue note.)
func TestPostureOnThePhoto(t *testing.T) {
	pt, err := NewPoseTracker(filepath.Join(bundle(t), "models", "pose_landmark_lite.onnx"))
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
