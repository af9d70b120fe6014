package vision

import (
	"testing"
)

// TestEAROpenEyes: on the real face with open eyes, both eyes measure in
// the open range the EAR literature gives (about 0.25-0.35). Closing
// detection (blinks) is validated separately once the tracker lands.
func TestEAROpenEyes(t *testing.T) {
	fd, fm := faceModels(t)
	img := frame640(t)
	fs, err := fd.Detect(img)
	if err != nil || len(fs) != 1 {
		t.Fatalf("%d faces, %v", len(fs), err)
	}
	pts, _, err := fm.Landmarks(img, MeshCrop(fs[0], 640, 480))
	if err != nil {
		t.Fatal(err)
	}
	for name, eye := range map[string][6]int{"right": rightEye, "left": leftEye} {
		if ear := EyeAspectRatio(&pts, eye, 640, 480); ear < 0.22 || ear > 0.42 {
			t.Errorf("%s eye EAR %.3f, want an open eye (0.22-0.42)", name, ear)
		}
	}
	var flat [468]Point
	if EyeAspectRatio(&flat, rightEye, 640, 480) != 0 {
		t.Error("degenerate landmarks must give EAR 0, not NaN")
	}
}
