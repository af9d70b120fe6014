package vision

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/testenv"
)

func bundle(t testing.TB) string {
	t.Helper()
	b := os.Getenv("NEVERMIND_BUNDLE")
	if b == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps`")
	}
	if _, err := onnx.Init([]string{b}); err != nil {
		t.Fatal(err)
	}
	return b
}

func astronaut(t testing.TB) image.Image {
	t.Helper()
	p := filepath.Join(bundle(t), "testdata", "media", "astronaut.png")
	f, err := os.Open(p)
	if err != nil {
		testenv.Skipf(t, "%v (make testmedia fetches it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestBlazeFaceFindsTheAstronaut(t *testing.T) {
	b := bundle(t)
	fd, err := NewBlazeFace(filepath.Join(b, "models", "blazeface_front_128.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	faces, err := fd.Detect(astronaut(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(faces) != 1 {
		t.Fatalf("found %d faces: %+v", len(faces), faces)
	}
	f := faces[0]
	t.Logf("face %+v score %.2f keypoints %+v", f.Box, f.Score, f.Keypoints)
	// The astronaut's face is in the upper middle of the 512 x 512 photo.
	if f.Box.XMin < 0.3 || f.Box.XMax > 0.7 || f.Box.YMin < 0.05 || f.Box.YMax > 0.5 {
		t.Errorf("box %+v is not around the astronaut's face", f.Box)
	}
	re, le, mouth := f.Keypoints[0], f.Keypoints[1], f.Keypoints[3]
	if !(re.X < le.X) || !(mouth.Y > re.Y && mouth.Y > le.Y) {
		t.Errorf("keypoints out of place: right eye %+v left eye %+v mouth %+v", re, le, mouth)
	}
	for i, k := range f.Keypoints[:4] {
		if !f.Box.Contains(k.X, k.Y) {
			t.Errorf("keypoint %d %+v outside the box", i, k)
		}
	}
	// A black frame has no face.
	none, err := fd.Detect(image.NewRGBA(image.Rect(0, 0, 640, 480)))
	if err != nil || len(none) != 0 {
		t.Fatalf("black frame: %d faces, %v", len(none), err)
	}
}

// TestFaceMeshOnDetectedFace chains detection and landmarks on a webcam-
// sized frame: eye and mouth landmarks lie inside the detected box and near
// its keypoints.
func TestFaceMeshOnDetectedFace(t *testing.T) {
	fd, fm := faceModels(t)
	img := frame640(t)
	fs, err := fd.Detect(img)
	if err != nil || len(fs) != 1 {
		t.Fatalf("%d faces, %v", len(fs), err)
	}
	f := fs[0]
	pts, score, err := fm.Landmarks(img, MeshCrop(f, 640, 480))
	if err != nil || score < 0.9 {
		t.Fatalf("mesh score %.2f, %v", score, err)
	}
	mid := func(a, b int) Point { return Point{X: (pts[a].X + pts[b].X) / 2, Y: (pts[a].Y + pts[b].Y) / 2} }
	check := func(name string, p, k Point) {
		if !f.Box.Contains(p.X, p.Y) {
			t.Errorf("%s %+v outside the face box %+v", name, p, f.Box)
		}
		// Within 8 % of the frame width of BlazeFace's keypoint.
		if d := math.Hypot((p.X-k.X)*640, (p.Y-k.Y)*480); d > 0.08*640 {
			t.Errorf("%s is %.0f px from the detector's keypoint", name, d)
		}
	}
	check("right eye", mid(33, 133), f.Keypoints[0])
	check("left eye", mid(362, 263), f.Keypoints[1])
	check("mouth", mid(13, 14), f.Keypoints[3])
}

// TestPoseOnThePhoto: on the astronaut's upper body, the pose model finds a
// person and puts nose, eyes and shoulders where they are.
func TestPoseOnThePhoto(t *testing.T) {
	pl, err := NewPoseLandmarks(filepath.Join(bundle(t), "models", "pose_landmark_lite.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	defer pl.Close()
	img := astronaut(t)
	res, err := pl.Landmarks(img, regionCrop(Rect{0, 0, 1, 1}, 512, 512))
	if err != nil {
		t.Fatal(err)
	}
	pts, score := res.Points, res.Score
	t.Logf("person %.2f nose %+v shoulders %+v %+v", score, pts[0], pts[11], pts[12])
	if score < 0.5 {
		t.Errorf("person score %.2f", score)
	}
	// Nose at about (220,125) of 512; shoulders below and to each side.
	if d := math.Hypot(pts[0].X*512-220, pts[0].Y*512-125); d > 40 {
		t.Errorf("nose at (%.0f,%.0f)", pts[0].X*512, pts[0].Y*512)
	}
	ls, rs := pts[11], pts[12] // left and right shoulder (the person's)
	if !(rs.X < pts[0].X && ls.X > pts[0].X && rs.Y > pts[0].Y && ls.Y > pts[0].Y) {
		t.Errorf("shoulders out of place: right %+v left %+v nose %+v", rs, ls, pts[0])
	}
}

// faceModels loads the detector and the landmark model, closed when the
// test ends.
func faceModels(t testing.TB) (*BlazeFace, *FaceMesh) {
	t.Helper()
	dir := filepath.Join(bundle(t), "models")
	fd, err := NewBlazeFace(filepath.Join(dir, "blazeface_front_128.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fd.Close)
	fm, err := NewFaceMesh(filepath.Join(dir, "face_landmark.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fm.Close)
	return fd, fm
}
