package vision

import "math"

// Face mesh indices used by the metrics (MediaPipe's canonical face). "Right"
// is the person's right.
var (
	rightEye = [6]int{33, 160, 158, 133, 153, 144} // outer corner, upper ×2, inner corner, lower ×2
	leftEye  = [6]int{362, 385, 387, 263, 373, 380}
)

// EyeAspectRatio is Soukupová & Čech's EAR: the eye's height (two vertical
// landmark pairs) over its width. Open eyes measure about 0.25-0.35 and a
// closed eye falls below about 0.2. Coordinates are scaled by the frame's
// width and height (w, h) so the ratio is in pixels.
func EyeAspectRatio(pts *[468]Point, eye [6]int, w, h float64) float64 {
	d := func(a, b int) float64 {
		return math.Hypot((pts[a].X-pts[b].X)*w, (pts[a].Y-pts[b].Y)*h)
	}
	width := d(eye[0], eye[3])
	if width == 0 {
		return 0
	}
	return (d(eye[1], eye[5]) + d(eye[2], eye[4])) / (2 * width)
}

// EyesEAR returns the mean EAR of both eyes.
func EyesEAR(pts *[468]Point, w, h float64) float64 {
	return (EyeAspectRatio(pts, rightEye, w, h) + EyeAspectRatio(pts, leftEye, w, h)) / 2
}
