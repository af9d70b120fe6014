package vision

import (
	"image"

	"path/filepath"
	"testing"

	"golang.org/x/image/draw"
)

// frame640 is the astronaut's head and shoulders scaled to a 640 x 480
// webcam frame, framed as in a video interview.
func frame640(b testing.TB) image.Image {
	src := astronaut(b)
	dst := image.NewRGBA(image.Rect(0, 0, 640, 480))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, image.Rect(96, 16, 416, 256), draw.Src, nil)
	return dst
}

// BenchmarkBlazeFace640x480 is face detection on one webcam frame with one
// ONNX Runtime thread (preprocessing included).
func BenchmarkBlazeFace640x480(b *testing.B) {
	fd, err := NewBlazeFace(filepath.Join(bundle(b), "models", "blazeface_front_128.onnx"))
	if err != nil {
		b.Fatal(err)
	}
	defer fd.Close()
	img := frame640(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fs, err := fd.Detect(img)
		if err != nil || len(fs) != 1 {
			b.Fatalf("%d faces, %v", len(fs), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkFaceDetectAndMesh640x480 is face detection plus the 468
// landmarks on one webcam frame, one ONNX Runtime thread (goal 10 ms).
func BenchmarkFaceDetectAndMesh640x480(b *testing.B) {
	fd, fm := faceModels(b)
	img := frame640(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fs, err := fd.Detect(img)
		if err != nil || len(fs) != 1 {
			b.Fatalf("%d faces, %v", len(fs), err)
		}
		if _, s, err := fm.Landmarks(img, MeshCrop(fs[0], 640, 480)); err != nil || s < 0.5 {
			b.Fatalf("mesh score %.2f, %v", s, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkPose640x480 is the 33 pose landmarks on one webcam frame, one
// ONNX Runtime thread (goal 25 ms).
func BenchmarkPose640x480(b *testing.B) {
	pl, err := NewPoseLandmarks(filepath.Join(bundle(b), "models", "pose_landmark_lite.onnx"))
	if err != nil {
		b.Fatal(err)
	}
	defer pl.Close()
	img := frame640(b)
	full := regionCrop(letterbox(640, 480), 640, 480)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := pl.Landmarks(img, full); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkFaceTrack640x480 is the tracker's average cost per frame (the
// detector on every tenth frame, the mesh, head pose and eye and mouth
// measures on every frame), one ONNX Runtime thread.
func BenchmarkFaceTrack640x480(b *testing.B) {
	tr, err := NewFaceTracker(filepath.Join(bundle(b), "models"))
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Close()
	img := frame640(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if f, err := tr.Process(img, 0); err != nil || !f.Present {
			b.Fatalf("present=%v err=%v", f.Present, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkPoseDetector640x480 is the person detector that seeds the pose
// track (it runs when the person is lost), one ONNX Runtime thread.
func BenchmarkPoseDetector640x480(b *testing.B) {
	d, err := NewPoseDetector(filepath.Join(bundle(b), "models", "pose_detection.onnx"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	img := frame640(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ps, err := d.Detect(img); err != nil || len(ps) == 0 {
			b.Fatalf("%d people, %v", len(ps), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkPoseTrack640x480 is the pose tracker's cost per frame (the
// landmarks in the tracked body region and the posture measures), one
// ONNX Runtime thread (goal 25 ms).
func BenchmarkPoseTrack640x480(b *testing.B) {
	tr, err := NewPoseTracker(filepath.Join(bundle(b), "models"))
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Close()
	img := frame640(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if f, err := tr.Process(img, 0); err != nil || !f.Present {
			b.Fatalf("present=%v err=%v", f.Present, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}
