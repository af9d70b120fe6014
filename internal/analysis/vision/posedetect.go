package vision

import (
	"fmt"
	"image"
	"math"

	"nevermind/internal/analysis/onnx"
)

// PoseDetector is MediaPipe's BlazePose detector (224 x 224). It finds a
// person from the face and upper body and predicts the body's centre,
// scale and lean as keypoints, which give the aligned region the pose
// landmark model expects, even when the hips are below the frame, as in
// a webcam interview. It is not safe for concurrent use.
type PoseDetector struct {
	sess            *onnx.Session
	in, raw, scores *onnx.Tensor[float32]
	anchors         [][2]float64
	MinScore        float64 // default 0.5
}

const pdSize = 224

// PersonDetection is one detected person: a box and four keypoints (hip
// centre, a point on the circle around the whole body, shoulder centre, a
// point on the circle around the upper body), in normalised coordinates.
type PersonDetection struct {
	Box       Rect
	Keypoints [4]Point
	Score     float64
}

// NewPoseDetector loads pose_detection.onnx. ONNX Runtime must be
// initialised.
func NewPoseDetector(modelPath string) (*PoseDetector, error) {
	d := &PoseDetector{MinScore: 0.5, anchors: ssdAnchors([]anchorLayer{{28, 2}, {14, 2}, {7, 6}})}
	ts, err := newTensors([]int64{1, pdSize, pdSize, 3}, []int64{1, int64(len(d.anchors)), 12}, []int64{1, int64(len(d.anchors)), 1})
	if err != nil {
		return nil, err
	}
	d.in, d.raw, d.scores = ts[0], ts[1], ts[2]
	d.sess, err = onnx.NewSession(modelPath, []string{"input_1"}, []string{"Identity", "Identity_1"},
		[]onnx.Value{d.in}, []onnx.Value{d.raw, d.scores})
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("pose detector: %w", err)
	}
	return d, nil
}

// Detect finds people in img, best first.
func (d *PoseDetector) Detect(img image.Image) ([]PersonDetection, error) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	if w < 1 || h < 1 {
		return nil, nil
	}
	reg := letterbox(w, h)
	tensorFromRegion(img, reg, pdSize, -1, 1, d.in.GetData())
	if err := d.sess.Run(); err != nil {
		return nil, err
	}
	scores, raw := d.scores.GetData(), d.raw.GetData()
	toImg := func(x, y float64) (float64, float64) {
		return reg.XMin + x*reg.Width(), reg.YMin + y*reg.Height()
	}
	var found []Face // the NMS works on boxes with keypoints; four of six are used
	for i, a := range d.anchors {
		s := 1 / (1 + math.Exp(-math.Max(-100, math.Min(100, float64(scores[i])))))
		if s < d.MinScore {
			continue
		}
		r := raw[i*12 : i*12+12]
		cx, cy := float64(r[0])/pdSize+a[0], float64(r[1])/pdSize+a[1]
		bw, bh := float64(r[2])/pdSize, float64(r[3])/pdSize
		x0, y0 := toImg(cx-bw/2, cy-bh/2)
		x1, y1 := toImg(cx+bw/2, cy+bh/2)
		f := Face{Box: Rect{x0, y0, x1, y1}, Score: s}
		for k := 0; k < 4; k++ {
			f.Keypoints[k].X, f.Keypoints[k].Y = toImg(float64(r[4+2*k])/pdSize+a[0], float64(r[5+2*k])/pdSize+a[1])
		}
		found = append(found, f)
	}
	var out []PersonDetection
	for _, f := range weightedNMS(found, 0.3) {
		p := PersonDetection{Box: f.Box, Score: f.Score}
		copy(p.Keypoints[:], f.Keypoints[:4])
		out = append(out, p)
	}
	return out, nil
}

// bodyCrop is the pose landmark model's region from a body centre and a
// point on the circle around the body (pixels): a square centred on the
// centre, 2.5 radii wide, turned so the body stands upright in it
// (MediaPipe's alignment with target angle 90 degrees and 1.25 scale).
func bodyCrop(cx, cy, sx, sy float64) Crop {
	r := math.Hypot(sx-cx, sy-cy)
	angle := math.Pi/2 - math.Atan2(-(sy-cy), sx-cx)
	angle = math.Remainder(angle, 2*math.Pi)
	return Crop{CX: cx, CY: cy, Side: 2 * r * 1.25, Angle: angle}
}

// Close frees the model.
func (d *PoseDetector) Close() {
	closeModel(d.sess, d.in, d.raw, d.scores)
}
