package vision

import (
	"fmt"
	"image"
	"math"
	"path/filepath"
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
	// Shoulders closer together than this share of the frame width belong
	// to someone across the room: at a webcam the user's span 30-70 %.
	minShoulderWidth = 0.1
)

// PoseFrame is what the pose track measured in one frame. Angles are in
// degrees; lengths are in shoulder widths, so they do not depend on the
// distance to the camera.
type PoseFrame struct {
	T            time.Duration
	Person       bool    // a person was found (even with the shoulders outside the picture)
	Present      bool    // a person with both shoulders visible in the picture
	ShoulderTilt float64 // > 0 when the person's left shoulder is higher in the image
	HeadRoll     float64 // eye line against the shoulder line
	NeckAngle    float64 // elevation of the nose above the shoulder midpoint: drops when slouching
	TorsoX       float64 // shoulder midpoint, in frame widths (for sway)
	Hands        [2]Point
	HandsSeen    [2]bool
	HandNearFace bool
}

// PoseTracker measures posture in frames, the way MediaPipe's pose
// solution does: the person detector gives an aligned body region, the
// landmark model runs in it, and the landmarks' body centre and scale give
// the next frame's region; the detector runs again only when the person
// is lost. It is not safe for concurrent use.
type PoseTracker struct {
	det      *PoseDetector
	model    *PoseLandmarks
	MinScore float64 // person confidence below which no pose is reported (default 0.5)

	crop *Crop
}

// NewPoseTracker loads pose_detection.onnx and pose_landmark_lite.onnx
// from dir (the models folder).
func NewPoseTracker(dir string) (*PoseTracker, error) {
	d, err := NewPoseDetector(filepath.Join(dir, "pose_detection.onnx"))
	if err != nil {
		return nil, err
	}
	m, err := NewPoseLandmarks(filepath.Join(dir, "pose_landmark_lite.onnx"))
	if err != nil {
		d.Close()
		return nil, err
	}
	return &PoseTracker{det: d, model: m, MinScore: 0.5}, nil
}

// Close frees the models.
func (p *PoseTracker) Close() {
	p.det.Close()
	p.model.Close()
}

// Process measures one frame taken at ts.
func (p *PoseTracker) Process(img image.Image, ts time.Duration) (PoseFrame, error) {
	f := PoseFrame{T: ts}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 16 || h < 16 {
		return f, nil
	}
	for attempt := 0; attempt < 2; attempt++ {
		detected := p.crop == nil
		if detected {
			people, err := p.det.Detect(img)
			if err != nil {
				return f, fmt.Errorf("person detection: %w", err)
			}
			if len(people) == 0 {
				return f, nil
			}
			kp := people[0].Keypoints // best first
			c := bodyCrop(kp[0].X*float64(w), kp[0].Y*float64(h), kp[1].X*float64(w), kp[1].Y*float64(h))
			p.crop = &c
		}
		res, err := p.model.Landmarks(img, *p.crop)
		if err != nil {
			return f, fmt.Errorf("pose landmarks: %w", err)
		}
		if res.Score < p.MinScore {
			p.crop = nil
			if detected {
				return f, nil
			}
			continue // lost the person: look again
		}
		p.crop = steadyCrop(p.crop, bodyCrop(res.Centre.X*float64(w), res.Centre.Y*float64(h), res.Scale.X*float64(w), res.Scale.Y*float64(h)))
		pts := res.Points
		if pts[poseLeftSh].X <= pts[poseRightSh].X {
			return f, nil // facing away (or sideways): no posture toward the camera to measure
		}
		if pts[poseLeftSh].X-pts[poseRightSh].X < minShoulderWidth {
			return f, nil // someone far away in the room, not the user at the camera
		}
		f.Person = true
		if !inFrame(pts[poseLeftSh]) || !inFrame(pts[poseRightSh]) {
			return f, nil // the user, but not both shoulders: no posture to measure
		}
		return measurePose(&pts, float64(w), float64(h), ts), nil
	}
	return f, nil
}

// inFrame reports whether a landmark is visible and inside the picture
// (the model also places the parts it cannot see).
func inFrame(p PosePoint) bool {
	const margin = 0.01
	return p.Visibility >= minVisibility && p.X >= -margin && p.X <= 1+margin && p.Y >= -margin && p.Y <= 1+margin
}

// measurePose derives the posture measures from the 33 landmarks.
func measurePose(pts *[33]PosePoint, w, h float64, ts time.Duration) PoseFrame {
	f := PoseFrame{T: ts, Person: true, Present: true}
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
		if !inFrame(pts[idx[0]]) && !inFrame(pts[idx[1]]) {
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
