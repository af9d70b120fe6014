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
	ts, err := newTensors([]int64{1, poseSize, poseSize, 3}, []int64{1, 195}, []int64{1, 1})
	if err != nil {
		return nil, err
	}
	p.in, p.lm, p.flag = ts[0], ts[1], ts[2]
	p.sess, err = onnx.NewSession(modelPath, []string{"input_1"}, []string{"Identity", "Identity_1"},
		[]onnx.Value{p.in}, []onnx.Value{p.lm, p.flag})
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("pose landmarks: %w", err)
	}
	return p, nil
}

// PoseResult is the model's answer for one crop.
type PoseResult struct {
	Points [33]PosePoint
	// Centre and Scale are the model's two extra points: the body's centre
	// and a point on the circle around it, which give the next frame's
	// crop (image-normalised coordinates).
	Centre, Scale Point
	Score         float64 // confidence that a person is in the crop
}

// Landmarks runs the model on crop c of img and returns the 33 body points
// in img's normalised coordinates.
func (p *PoseLandmarks) Landmarks(img image.Image, c Crop) (PoseResult, error) {
	var res PoseResult
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	sampleCrop(img, c, poseSize, 0, 1, p.in.GetData())
	if err := p.sess.Run(); err != nil {
		return res, err
	}
	d := p.lm.GetData()
	sig := func(v float32) float64 { return 1 / (1 + math.Exp(-float64(v))) }
	at := func(i int) Point {
		x, y := c.ToImage(float64(d[5*i])/poseSize, float64(d[5*i+1])/poseSize, w, h)
		return Point{X: x, Y: y, Z: float64(d[5*i+2]) / poseSize * c.Side / float64(w)}
	}
	for i := range res.Points {
		res.Points[i] = PosePoint{Point: at(i), Visibility: sig(d[5*i+3])}
	}
	res.Centre, res.Scale = at(33), at(34)
	// The presence flag leaves the model as a probability already (its
	// last op is a sigmoid); visibilities are logits.
	res.Score = float64(p.flag.GetData()[0])
	return res, nil
}

// regionCrop is the crop of an axis-aligned square region (normalised
// coordinates) of a w x h frame.
func regionCrop(r Rect, w, h int) Crop {
	return Crop{CX: (r.XMin + r.XMax) / 2 * float64(w), CY: (r.YMin + r.YMax) / 2 * float64(h), Side: r.Width() * float64(w)}
}

// Close frees the model.
func (p *PoseLandmarks) Close() {
	closeModel(p.sess, p.in, p.lm, p.flag)
	*p = PoseLandmarks{}
}
