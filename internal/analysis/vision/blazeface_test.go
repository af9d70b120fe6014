package vision

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"nevermind/internal/analysis/onnx"
)

func bundle(t testing.TB) string {
	t.Helper()
	b := os.Getenv("NEVERMIND_BUNDLE")
	if b == "" {
		t.Skip("NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps`")
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
		t.Skipf("%v (make testmedia fetches it)", err)
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
