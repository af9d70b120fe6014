package vision

import (
	"fmt"
	"image"
	"math"

	"nevermind/internal/analysis/onnx"
)

// FaceMesh is MediaPipe's 468-point face landmark model, converted to ONNX
// by `make deps`. It is not safe for concurrent use.
type FaceMesh struct {
	sess      *onnx.Session
	in        *onnx.Tensor[float32]
	landmarks *onnx.Tensor[float32]
	flag      *onnx.Tensor[float32]
}

const meshSize = 192

// NewFaceMesh loads face_landmark.onnx. ONNX Runtime must be initialised.
func NewFaceMesh(modelPath string) (*FaceMesh, error) {
	m := &FaceMesh{}
	ts, err := newTensors([]int64{1, meshSize, meshSize, 3}, []int64{1, 1, 1, 1404}, []int64{1, 1, 1, 1})
	if err != nil {
		return nil, err
	}
	m.in, m.landmarks, m.flag = ts[0], ts[1], ts[2]
	m.sess, err = onnx.NewSession(modelPath, []string{"input_1"}, []string{"conv2d_21", "conv2d_31"},
		[]onnx.Value{m.in}, []onnx.Value{m.landmarks, m.flag})
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("face landmarks: %w", err)
	}
	return m, nil
}

// MeshCrop is the region the landmark model looks at for a detected face,
// as MediaPipe crops it: centred on the box, 1.5 times its larger side,
// turned so that the eyes are level.
func MeshCrop(f Face, imgW, imgH int) Crop {
	w, h := float64(imgW), float64(imgH)
	re, le := f.Keypoints[0], f.Keypoints[1]
	angle := math.Atan2((le.Y-re.Y)*h, (le.X-re.X)*w)
	return Crop{
		CX:    (f.Box.XMin + f.Box.XMax) / 2 * w,
		CY:    (f.Box.YMin + f.Box.YMax) / 2 * h,
		Side:  1.5 * math.Max(f.Box.Width()*w, f.Box.Height()*h),
		Angle: angle,
	}
}

// Landmarks runs the model on crop c of img and returns the 468 points in
// img's normalised coordinates (Z in the same scale as X) and the model's
// confidence that a face is there (0..1).
func (m *FaceMesh) Landmarks(img image.Image, c Crop) ([468]Point, float64, error) {
	var pts [468]Point
	b := img.Bounds()
	sampleCrop(img, c, meshSize, 0, 1, m.in.GetData())
	if err := m.sess.Run(); err != nil {
		return pts, 0, err
	}
	d := m.landmarks.GetData()
	for i := range pts {
		x, y := c.ToImage(float64(d[3*i])/meshSize, float64(d[3*i+1])/meshSize, b.Dx(), b.Dy())
		pts[i] = Point{X: x, Y: y, Z: float64(d[3*i+2]) / meshSize * c.Side / float64(b.Dx())}
	}
	score := 1 / (1 + math.Exp(-float64(m.flag.GetData()[0])))
	return pts, score, nil
}

// Close frees the model.
func (m *FaceMesh) Close() {
	closeModel(m.sess, m.in, m.landmarks, m.flag)
	*m = FaceMesh{}
}
