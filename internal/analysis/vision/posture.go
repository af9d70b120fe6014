package vision

import (
	"image"
	"math"
	"time"
)

// Pose landmark indices (MediaPipe BlazePose); "left" is the person's left.
const (
	poseNose      = 0
	poseLeftEye   = 2
	poseRightEye  = 5
	poseLeftSh    = 11
	poseRightSh   = 12
	poseLeftWr    = 15
	poseRightWr   = 16
	poseLeftIdx   = 19
	poseRightIdx  = 20
	minVisibility = 0.5
)

// PoseFrame is what the pose track measured in one frame. Angles are in
// degrees; lengths are in shoulder widths, so they do not depend on the
// distance to the camera.
type PoseFrame struct {
	T            time.Duration
	Present      bool    // a person with both shoulders visible
	ShoulderTilt float64 // > 0 when the person's left shoulder is higher in the image
	HeadRoll     float64 // eye line against the shoulder line
	NeckAngle    float64 // elevation of the nose above the shoulder midpoint: drops when slouching
	TorsoX       float64 // shoulder midpoint, in frame widths (for sway)
	Hands        [2]Point
	HandsSeen    [2]bool
	HandNearFace bool
}

// PoseTracker measures posture in frames. It is not safe for concurrent
// use.
type PoseTracker struct {
	model    *PoseLandmarks
	MinScore float64 // person confidence below which no pose is reported (default 0.5)
}

// NewPoseTracker loads pose_landmark_lite.onnx.
func NewPoseTracker(modelPath string) (*PoseTracker, error) {
	m, err := NewPoseLandmarks(modelPath)
	if err != nil {
		return nil, err
	}
	return &PoseTracker{model: m, MinScore: 0.5}, nil
}

// Close frees the model.
func (p *PoseTracker) Close() { p.model.Close() }

// Process measures one frame. The model sees the whole frame letterboxed
// to a square: in a video interview the upper body fills the picture.
func (p *PoseTracker) Process(img image.Image, ts time.Duration) (PoseFrame, error) {
	f := PoseFrame{T: ts}
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	if w < 16 || h < 16 {
		return f, nil
	}
	pts, score, err := p.model.Landmarks(img, letterbox(w, h))
	if err != nil {
		return f, err
	}
	if score < p.MinScore || pts[poseLeftSh].Visibility < minVisibility || pts[poseRightSh].Visibility < minVisibility {
		return f, nil
	}
	return measurePose(&pts, w, h, ts), nil
}

// measurePose derives the posture measures from the 33 landmarks.
func measurePose(pts *[33]PosePoint, w, h float64, ts time.Duration) PoseFrame {
	f := PoseFrame{T: ts, Present: true}
	px := func(i int) (float64, float64) { return pts[i].X * w, pts[i].Y * h }
	lx, ly := px(poseLeftSh)
	rx, ry := px(poseRightSh)
	shW := math.Hypot(lx-rx, ly-ry)
	if shW == 0 {
		return PoseFrame{T: ts}
	}
	// The person faces the camera, so their left shoulder is on the
	// image's right: the shoulder line runs from right shoulder to left.
	f.ShoulderTilt = math.Atan2(-(ly-ry), lx-rx) * 180 / math.Pi
	ex1, ey1 := px(poseRightEye)
	ex2, ey2 := px(poseLeftEye)
	f.HeadRoll = math.Atan2(-(ey2-ey1), ex2-ex1)*180/math.Pi - f.ShoulderTilt
	nx, ny := px(poseNose)
	mx, my := (lx+rx)/2, (ly+ry)/2
	f.NeckAngle = math.Atan2(my-ny, shW/2) * 180 / math.Pi
	f.TorsoX = mx / w
	for k, idx := range [2][2]int{{poseLeftWr, poseLeftIdx}, {poseRightWr, poseRightIdx}} {
		if pts[idx[0]].Visibility < minVisibility && pts[idx[1]].Visibility < minVisibility {
			continue
		}
		hxA, hyA := px(idx[0])
		hxB, hyB := px(idx[1])
		f.Hands[k] = Point{X: (hxA + hxB) / 2 / shW, Y: (hyA + hyB) / 2 / shW}
		f.HandsSeen[k] = true
		if math.Hypot(hxB-nx, hyB-ny) < 0.6*shW || math.Hypot(hxA-nx, hyA-ny) < 0.6*shW {
			f.HandNearFace = true
		}
	}
	return f
}
