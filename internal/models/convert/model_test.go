package convert

import (
	"errors"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/models"
	"nevermind/internal/models/tflite"
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

// convertFile converts a bundled TFLite model into dir and returns the ONNX
// path and the parsed TFLite model.
func convertFile(t testing.TB, name, dir string) (string, *tflite.Model) {
	t.Helper()
	m, err := tflite.ReadFile(filepath.Join(bundle(t), "models", name+".tflite"))
	if err != nil {
		t.Fatal(err)
	}
	om, err := Convert(m, name)
	if err != nil {
		t.Fatalf("convert %s: %v", name, err)
	}
	out := filepath.Join(dir, name+".onnx")
	if err := om.WriteFile(out); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	return out, m
}

// run loads an ONNX file and runs it on one float input, returning every
// output.
func run(t testing.TB, path string, m *tflite.Model, input []float32) map[string][]float32 {
	t.Helper()
	in := m.Tensors[m.Inputs[0]]
	shape := make([]int64, len(in.Shape))
	for i, d := range in.Shape {
		shape[i] = int64(d)
	}
	x, err := onnx.NewTensor(shape, input)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Destroy()
	var outs []onnx.Value
	var names []string
	var tensors []*onnx.Tensor[float32]
	for _, o := range m.Outputs {
		ot := m.Tensors[o]
		s := make([]int64, len(ot.Shape))
		for i, d := range ot.Shape {
			s[i] = int64(d)
		}
		tt, err := onnx.NewTensor[float32](s, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tt.Destroy()
		outs = append(outs, tt)
		tensors = append(tensors, tt)
		names = append(names, onnxName(ot.Name))
	}
	sess, err := onnx.NewSession(path, []string{onnxName(in.Name)}, names, []onnx.Value{x}, outs)
	if err != nil {
		t.Fatalf("ONNX Runtime rejects the converted model: %v", err)
	}
	defer sess.Close()
	if err := sess.Run(); err != nil {
		t.Fatal(err)
	}
	res := map[string][]float32{}
	for i, n := range names {
		res[n] = append([]float32(nil), tensors[i].GetData()...)
	}
	return res
}

func astronaut(t testing.TB) image.Image {
	t.Helper()
	f, err := os.Open(filepath.Join(bundle(t), "testdata", "media", "astronaut.png"))
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

// crop samples a square of img (pixel coordinates) into an n x n RGB NHWC
// tensor scaled to [lo, hi] (nearest neighbour is enough for these checks).
func crop(img image.Image, x0, y0, side float64, n int, lo, hi float32) []float32 {
	out := make([]float32, n*n*3)
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			x := int(x0 + (float64(i)+0.5)*side/float64(n))
			y := int(y0 + (float64(j)+0.5)*side/float64(n))
			r, g, b, _ := img.At(x, y).RGBA()
			o := (j*n + i) * 3
			out[o] = lo + (hi-lo)*float32(r>>8)/255
			out[o+1] = lo + (hi-lo)*float32(g>>8)/255
			out[o+2] = lo + (hi-lo)*float32(b>>8)/255
		}
	}
	return out
}

// TestFaceLandmarksOnARealFace converts face_landmark and runs it on the
// astronaut's face, cropped around the box BlazeFace finds (pixels 179-272 x
// 81-174 of the 512 x 512 photo, eyes at (205,100) and (249,108), mouth at
// (220,144)), scaled 1.5x as MediaPipe does.
func TestFaceLandmarksOnARealFace(t *testing.T) {
	path, m := convertFile(t, "face_landmark", t.TempDir())
	img := astronaut(t)
	cx, cy, side := (179.0+272)/2, (81.0+174)/2, 1.5*93
	x0, y0 := cx-side/2, cy-side/2
	out := run(t, path, m, crop(img, x0, y0, side, 192, 0, 1))
	var lm, flag []float32
	for _, v := range out {
		switch len(v) {
		case 1404:
			lm = v
		case 1:
			flag = v
		}
	}
	if lm == nil || flag == nil {
		t.Fatalf("outputs %d: want 1404 landmark values and a face flag", len(out))
	}
	score := 1 / (1 + math.Exp(-float64(flag[0])))
	if score < 0.9 {
		t.Errorf("face flag %.3f on a clear face", score)
	}
	px := func(i int) (float64, float64) {
		return x0 + float64(lm[3*i])/192*side, y0 + float64(lm[3*i+1])/192*side
	}
	near := func(name string, i int, wx, wy, tol float64) {
		x, y := px(i)
		if d := math.Hypot(x-wx, y-wy); d > tol {
			t.Errorf("%s (landmark %d) at (%.0f,%.0f), want near (%.0f,%.0f): %.0f px away", name, i, x, y, wx, wy, d)
		}
		if x < 179 || x > 272 || y < 81 || y > 174 {
			t.Errorf("%s (landmark %d) at (%.0f,%.0f) is outside the face box", name, i, x, y)
		}
	}
	// Eye centres from the inner and outer corners; lips from 13 and 14.
	rx1, ry1 := px(33)
	rx2, ry2 := px(133)
	lx1, ly1 := px(362)
	lx2, ly2 := px(263)
	if d := math.Hypot((rx1+rx2)/2-205, (ry1+ry2)/2-100); d > 10 {
		t.Errorf("right eye centre (%.0f,%.0f) is %.0f px from BlazeFace's (205,100)", (rx1+rx2)/2, (ry1+ry2)/2, d)
	}
	if d := math.Hypot((lx1+lx2)/2-249, (ly1+ly2)/2-108); d > 10 {
		t.Errorf("left eye centre (%.0f,%.0f) is %.0f px from BlazeFace's (249,108)", (lx1+lx2)/2, (ly1+ly2)/2, d)
	}
	near("upper lip", 13, 220, 144, 12)
	near("lower lip", 14, 220, 144, 14)
	near("nose tip", 1, 219, 124, 14)
}

// TestPoseModelsConvertAndRun converts both pose models and runs them on the
// photo; outputs must be finite and of the declared sizes.
func TestPoseModelsConvertAndRun(t *testing.T) {
	img := astronaut(t)
	for _, name := range []string{"pose_landmark_lite", "pose_detection"} {
		t.Run(name, func(t *testing.T) {
			path, m := convertFile(t, name, t.TempDir())
			n := m.Tensors[m.Inputs[0]].Shape[1]
			out := run(t, path, m, crop(img, 0, 0, 512, n, 0, 1))
			for k, v := range out {
				for _, x := range v {
					if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
						t.Fatalf("output %s has non-finite values", k)
					}
				}
			}
		})
	}
}

// TestBuildMatchesManifest: make deps' conversion writes each model once,
// with exactly the SHA-256 recorded in models/manifest.json, and refuses to
// install output that differs from it.
func TestBuildMatchesManifest(t *testing.T) {
	b := bundle(t)
	m, err := models.Load()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	n := 0
	for _, f := range m.Files {
		if f.Kind != models.KindConverted {
			continue
		}
		n++
		src, _ := m.File(f.From)
		if err := os.MkdirAll(filepath.Join(root, "models"), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(b, filepath.FromSlash(src.Dest)))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(root, filepath.FromSlash(src.Dest)), data, 0o644)
		did, err := Build(m, f, root)
		if err != nil || !did {
			t.Fatalf("%s: built=%v err=%v", f.ID, did, err)
		}
		if did, err := Build(m, f, root); err != nil || did {
			t.Fatalf("%s: second build wrote again (%v) or failed: %v", f.ID, did, err)
		}
		bad := f
		bad.SHA256 = strings.Repeat("0", 64)
		os.Remove(filepath.Join(root, filepath.FromSlash(f.Dest)))
		if _, err := Build(m, bad, root); !errors.Is(err, models.ErrChecksum) {
			t.Fatalf("%s: a changed output was accepted: %v", f.ID, err)
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(f.Dest))); err == nil {
			t.Fatalf("%s: output with the wrong checksum was installed", f.ID)
		}
	}
	if n != 3 {
		t.Fatalf("%d converted models in the manifest, want 3", n)
	}
}
