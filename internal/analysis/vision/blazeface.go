package vision

import (
	"fmt"
	"image"
	"math"
	"sort"

	"nevermind/internal/analysis/onnx"
)

// Face is one detected face: its box, six keypoints (right eye, left eye,
// nose tip, mouth centre, right ear tragion, left ear tragion; "right" is
// the person's right, on the left of an unmirrored image) and a score.
type Face struct {
	Box       Rect
	Keypoints [6]Point
	Score     float64
}

// BlazeFace is MediaPipe's short-range face detector (front camera, 128 x
// 128). It is not safe for concurrent use.
type BlazeFace struct {
	sess            *onnx.Session
	in              *onnx.Tensor[float32]
	s512, s384      *onnx.Tensor[float32]
	r512, r384      *onnx.Tensor[float32]
	anchors         [][2]float64
	MinScore        float64 // detections below are dropped (default 0.5)
	SuppressOverlap float64 // IoU above which boxes merge (default 0.3)
}

const bfSize = 128

// NewBlazeFace loads face_detection_front_128x128 (ONNX). ONNX Runtime must
// be initialised.
func NewBlazeFace(modelPath string) (*BlazeFace, error) {
	f := &BlazeFace{MinScore: 0.5, SuppressOverlap: 0.3, anchors: blazeAnchors()}
	ts, err := newTensors([]int64{1, bfSize, bfSize, 3}, []int64{1, 512, 1}, []int64{1, 384, 1}, []int64{1, 512, 16}, []int64{1, 384, 16})
	if err != nil {
		return nil, err
	}
	f.in, f.s512, f.s384, f.r512, f.r384 = ts[0], ts[1], ts[2], ts[3], ts[4]
	f.sess, err = onnx.NewSession(modelPath, []string{"input:0"}, []string{"Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"},
		[]onnx.Value{f.in}, []onnx.Value{f.s512, f.s384, f.r512, f.r384})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("face detector: %w", err)
	}
	return f, nil
}

// blazeAnchors are the 896 SSD anchors of the front model: a 16 x 16 grid
// with 2 anchors per cell (stride 8), then an 8 x 8 grid with 6 (stride 16).
func blazeAnchors() [][2]float64 {
	return ssdAnchors([]anchorLayer{{16, 2}, {8, 6}})
}

// anchorLayer is one grid of MediaPipe's fixed-size SSD anchors.
type anchorLayer struct{ grid, per int }

// ssdAnchors lists the anchor centres, grid by grid, row by row, with per
// anchors in each cell (MediaPipe's SsdAnchorsCalculator with
// fixed_anchor_size: only the centres matter).
func ssdAnchors(layers []anchorLayer) [][2]float64 {
	var a [][2]float64
	for _, l := range layers {
		for y := 0; y < l.grid; y++ {
			for x := 0; x < l.grid; x++ {
				for k := 0; k < l.per; k++ {
					a = append(a, [2]float64{(float64(x) + 0.5) / float64(l.grid), (float64(y) + 0.5) / float64(l.grid)})
				}
			}
		}
	}
	return a
}

// Detect finds faces in img. The image is letterboxed to a square so that
// faces keep their shape; boxes come back in img's normalised coordinates.
func (f *BlazeFace) Detect(img image.Image) ([]Face, error) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	if w < 1 || h < 1 {
		return nil, nil
	}
	reg := letterbox(w, h)
	tensorFromRegion(img, reg, bfSize, -1, 1, f.in.GetData())
	if err := f.sess.Run(); err != nil {
		return nil, err
	}
	scores := append(append([]float32{}, f.s512.GetData()...), f.s384.GetData()...)
	raw := append(append([]float32{}, f.r512.GetData()...), f.r384.GetData()...)
	var faces []Face
	for i, a := range f.anchors {
		s := 1 / (1 + math.Exp(-math.Max(-100, math.Min(100, float64(scores[i])))))
		if s < f.MinScore {
			continue
		}
		r := raw[i*16 : i*16+16]
		cx, cy := float64(r[0])/bfSize+a[0], float64(r[1])/bfSize+a[1]
		bw, bh := float64(r[2])/bfSize, float64(r[3])/bfSize
		// From the square's coordinates back to the image's.
		toImg := func(x, y float64) (float64, float64) {
			return reg.XMin + x*reg.Width(), reg.YMin + y*reg.Height()
		}
		x0, y0 := toImg(cx-bw/2, cy-bh/2)
		x1, y1 := toImg(cx+bw/2, cy+bh/2)
		fc := Face{Box: Rect{x0, y0, x1, y1}, Score: s}
		for k := 0; k < 6; k++ {
			fc.Keypoints[k].X, fc.Keypoints[k].Y = toImg(float64(r[4+2*k])/bfSize+a[0], float64(r[5+2*k])/bfSize+a[1])
		}
		faces = append(faces, fc)
	}
	return weightedNMS(faces, f.SuppressOverlap), nil
}

func iou(a, b Rect) float64 {
	ix := math.Max(0, math.Min(a.XMax, b.XMax)-math.Max(a.XMin, b.XMin))
	iy := math.Max(0, math.Min(a.YMax, b.YMax)-math.Max(a.YMin, b.YMin))
	in := ix * iy
	u := a.Width()*a.Height() + b.Width()*b.Height() - in
	if u <= 0 {
		return 0
	}
	return in / u
}

// weightedNMS merges overlapping detections, averaging boxes and keypoints
// by score (MediaPipe's weighted non-maximum suppression).
func weightedNMS(fs []Face, thr float64) []Face {
	sort.Slice(fs, func(i, j int) bool { return fs[i].Score > fs[j].Score })
	var out []Face
	used := make([]bool, len(fs))
	for i := range fs {
		if used[i] {
			continue
		}
		var sum float64
		var acc Face
		for j := i; j < len(fs); j++ {
			if used[j] || iou(fs[i].Box, fs[j].Box) < thr {
				continue
			}
			used[j] = true
			s := fs[j].Score
			sum += s
			acc.Box.XMin += s * fs[j].Box.XMin
			acc.Box.YMin += s * fs[j].Box.YMin
			acc.Box.XMax += s * fs[j].Box.XMax
			acc.Box.YMax += s * fs[j].Box.YMax
			for k := range acc.Keypoints {
				acc.Keypoints[k].X += s * fs[j].Keypoints[k].X
				acc.Keypoints[k].Y += s * fs[j].Keypoints[k].Y
			}
		}
		acc.Box = Rect{acc.Box.XMin / sum, acc.Box.YMin / sum, acc.Box.XMax / sum, acc.Box.YMax / sum}
		for k := range acc.Keypoints {
			acc.Keypoints[k].X /= sum
			acc.Keypoints[k].Y /= sum
		}
		acc.Score = fs[i].Score
		out = append(out, acc)
	}
	return out
}

// Close frees the model.
func (f *BlazeFace) Close() {
	closeModel(f.sess, f.in, f.s512, f.s384, f.r512, f.r384)
	*f = BlazeFace{}
}
