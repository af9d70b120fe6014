package vision

import (
	"fmt"
	"image"
	"math"

	"nevermind/internal/analysis/onnx"
)

// PoseLandmarks is MediaPipe's 33-point pose model (lite), converted to ONNX
// by `make deps`. It is not safe for concurrent use.
type PoseLandmarks struct {
	sess *onnx.Session
	in   *onnx.Tensor[float32]
	lm   *onnx.Tensor[float32]
	flag *onnx.Tensor[float32]
}

const poseSize = 256

// PosePoint is a pose landmark with the model's visibility (0..1).
type PosePoint struct {
	Point
	Visibility float64
}

// NewPoseLandmarks loads pose_landmark_lite.onnx. ONNX Runtime must be
// initialised.
func NewPoseLandmarks(modelPath string) (*PoseLandmarks, error) {
	p := &PoseLandmarks{}
	var err error
	if p.in, err = onnx.NewTensor[float32]([]int64{1, poseSize, poseSize, 3}, nil); err != nil {
		return nil, err
	}
	if p.lm, err = onnx.NewTensor[float32]([]int64{1, 195}, nil); err != nil {
		p.Close()
		return nil, err
	}
	if p.flag, err = onnx.NewTensor[float32]([]int64{1, 1}, nil); err != nil {
		p.Close()
		return nil, err
	}
	p.sess, err = onnx.NewSession(modelPath, []string{"input_1"}, []string{"Identity", "Identity_1"},
		[]onnx.Value{p.in}, []onnx.Value{p.lm, p.flag})
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("pose landmarks: %w", err)
	}
	return p, nil
}

// Landmarks runs the model on region r of img and returns the 33 body
// points in img's normalised coordinates and the model's confidence that a
// person is there.
func (p *PoseLandmarks) Landmarks(img image.Image, r Rect) ([33]PosePoint, float64, error) {
	var pts [33]PosePoint
	tensorFromRegion(img, r, poseSize, 0, 1, p.in.GetData())
	if err := p.sess.Run(); err != nil {
		return pts, 0, err
	}
	d := p.lm.GetData()
	sig := func(v float32) float64 { return 1 / (1 + math.Exp(-float64(v))) }
	for i := range pts {
		pts[i] = PosePoint{Point: Point{
			X: r.XMin + float64(d[5*i])/poseSize*r.Width(),
			Y: r.YMin + float64(d[5*i+1])/poseSize*r.Height(),
			Z: float64(d[5*i+2]) / poseSize * r.Width(),
		}, Visibility: sig(d[5*i+3])}
	}
	// The presence flag leaves the model as a probability already (its
	// last op is a sigmoid); visibilities are logits.
	return pts, float64(p.flag.GetData()[0]), nil
}

// Close frees the model.
func (p *PoseLandmarks) Close() {
	if p.sess != nil {
		p.sess.Close()
	}
	for _, t := range []*onnx.Tensor[float32]{p.in, p.lm, p.flag} {
		if t != nil {
			t.Destroy()
		}
	}
	*p = PoseLandmarks{}
}
