package vision

import (
	"fmt"
	"image"
	"math"
	"path/filepath"
	"time"
)

// FaceFrame is what the face track measured in one frame.
type FaceFrame struct {
	T       time.Duration
	Present bool
	Faces   int // faces found when the detector ran on this frame; -1 when it did not run
	Box     Rect
	Pose    HeadPose
	EAR     float64 // mean of both eyes
	Mouth   float64 // mouth width over the distance between the eyes' outer corners
	Luma    float64 // mean brightness of the face (of the whole frame when there is none), 0..255
}

// FaceTracker follows the user's face through frames: the detector runs
// every DetectEvery frames (or when the face is lost), and in between the
// crop follows the previous frame's landmarks. It is not safe for
// concurrent use.
type FaceTracker struct {
	det         *BlazeFace
	mesh        *FaceMesh
	canon       *CanonicalFace
	DetectEvery int     // default 10
	MinScore    float64 // landmark confidence below which the face is lost (default 0.5)

	n    int
	crop *Crop
}

// NewFaceTracker loads the face models from dir (the models folder).
func NewFaceTracker(dir string) (*FaceTracker, error) {
	det, err := NewBlazeFace(filepath.Join(dir, "blazeface_front_128.onnx"))
	if err != nil {
		return nil, err
	}
	mesh, err := NewFaceMesh(filepath.Join(dir, "face_landmark.onnx"))
	if err != nil {
		det.Close()
		return nil, err
	}
	canon, err := LoadCanonicalFace(filepath.Join(dir, "geometry_pipeline_metadata_landmarks.binarypb"))
	if err != nil {
		det.Close()
		mesh.Close()
		return nil, err
	}
	return &FaceTracker{det: det, mesh: mesh, canon: canon, DetectEvery: 10, MinScore: 0.5}, nil
}

// Close frees the models.
func (t *FaceTracker) Close() {
	t.det.Close()
	t.mesh.Close()
}

// Process measures one frame taken at ts.
func (t *FaceTracker) Process(img image.Image, ts time.Duration) (FaceFrame, error) {
	f := FaceFrame{T: ts, Faces: -1}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 16 || h < 16 {
		return f, nil // too small to hold a face
	}
	f.Luma = meanLuma(img)
	// The detector runs when there is no face to follow, and every
	// DetectEvery frames to count faces; a face being followed keeps its
	// crop unless the detector no longer sees it.
	detect := t.crop == nil || t.n%max(t.DetectEvery, 1) == 0
	t.n++
	for attempt := 0; attempt < 2; attempt++ {
		if detect {
			faces, err := t.det.Detect(img)
			if err != nil {
				return f, fmt.Errorf("face detection: %w", err)
			}
			f.Faces = len(faces)
			if len(faces) == 0 {
				t.crop = nil
				return f, nil
			}
			if t.crop == nil || !t.following(faces, w, h) {
				// The user is the largest face.
				best := faces[0]
				for _, fc := range faces[1:] {
					if fc.Box.Width()*fc.Box.Height() > best.Box.Width()*best.Box.Height() {
						best = fc
					}
				}
				c := MeshCrop(best, w, h)
				t.crop = &c
			}
		}
		pts, score, err := t.mesh.Landmarks(img, *t.crop)
		if err != nil {
			return f, fmt.Errorf("face landmarks: %w", err)
		}
		if score < t.MinScore {
			t.crop = nil
			if detect {
				return f, nil
			}
			detect = true // lost it: look again
			continue
		}
		f.Present = true
		f.Box = landmarkBox(&pts)
		f.Pose = t.canon.Pose(&pts, float64(w), float64(h))
		f.EAR = EyesEAR(&pts, float64(w), float64(h))
		f.Mouth = mouthRatio(&pts, float64(w), float64(h))
		f.Luma = regionLuma(img, f.Box)
		t.crop = steadyCrop(t.crop, cropFromLandmarks(&pts, w, h))
		return f, nil
	}
	return f, nil
}

// following reports whether one of the detected faces is the one whose
// crop is being followed (its centre inside the crop's middle half).
func (t *FaceTracker) following(faces []Face, w, h int) bool {
	c := t.crop
	for _, fc := range faces {
		cx, cy := (fc.Box.XMin+fc.Box.XMax)/2*float64(w), (fc.Box.YMin+fc.Box.YMax)/2*float64(h)
		if math.Abs(cx-c.CX) < c.Side/4 && math.Abs(cy-c.CY) < c.Side/4 {
			return true
		}
	}
	return false
}

// steadyCrop keeps the previous crop while the new one is within a small
// dead band of it. Landmarks computed in a crop move the next crop a
// little even on a still picture; without the band that feedback makes a
// still head seem to wobble by half a degree a frame. Real movement is
// larger and passes straight through.
func steadyCrop(prev *Crop, next Crop) *Crop {
	if prev != nil {
		tol := 0.03 * prev.Side
		if math.Abs(next.CX-prev.CX) < tol && math.Abs(next.CY-prev.CY) < tol &&
			math.Abs(next.Side-prev.Side) < 2*tol && math.Abs(math.Remainder(next.Angle-prev.Angle, 2*math.Pi)) < 3*math.Pi/180 {
			return prev
		}
	}
	return &next
}

func landmarkBox(pts *[468]Point) Rect {
	r := Rect{XMin: math.Inf(1), YMin: math.Inf(1), XMax: math.Inf(-1), YMax: math.Inf(-1)}
	for _, p := range pts {
		r.XMin, r.XMax = math.Min(r.XMin, p.X), math.Max(r.XMax, p.X)
		r.YMin, r.YMax = math.Min(r.YMin, p.Y), math.Max(r.YMax, p.Y)
	}
	return r
}

// cropFromLandmarks is the next frame's crop: MediaPipe's ROI from
// landmarks (their box, 1.5x, turned by the line through the eyes' outer
// corners).
func cropFromLandmarks(pts *[468]Point, w, h int) Crop {
	r := landmarkBox(pts)
	fw, fh := float64(w), float64(h)
	re, le := pts[33], pts[263]
	return Crop{
		CX:    (r.XMin + r.XMax) / 2 * fw,
		CY:    (r.YMin + r.YMax) / 2 * fh,
		Side:  1.5 * math.Max(r.Width()*fw, r.Height()*fh),
		Angle: math.Atan2((le.Y-re.Y)*fh, (le.X-re.X)*fw),
	}
}

// mouthRatio is the mouth's width (corners 61 and 291) over the distance
// between the eyes' outer corners: it grows with a smile and does not
// depend on the distance to the camera.
func mouthRatio(pts *[468]Point, w, h float64) float64 {
	d := func(a, b int) float64 { return math.Hypot((pts[a].X-pts[b].X)*w, (pts[a].Y-pts[b].Y)*h) }
	eyes := d(33, 263)
	if eyes == 0 {
		return 0
	}
	return d(61, 291) / eyes
}

// regionLuma is the mean brightness of region r (normalised coordinates)
// of img: what the camera shows of the face.
func regionLuma(img image.Image, r Rect) float64 {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	rect := image.Rect(b.Min.X+int(math.Max(0, r.XMin)*w), b.Min.Y+int(math.Max(0, r.YMin)*h),
		b.Min.X+int(math.Min(1, r.XMax)*w), b.Min.Y+int(math.Min(1, r.YMax)*h))
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok || rect.Empty() {
		return meanLuma(img)
	}
	return meanLuma(sub.SubImage(rect))
}

// meanLuma is the frame's mean brightness (BT.601 luma, 0..255) on a grid
// of about 2000 pixels: enough to tell a dark room from a lit one.
func meanLuma(img image.Image) float64 {
	b := img.Bounds()
	step := max(1, int(math.Sqrt(float64(b.Dx()*b.Dy())/2000)))
	var sum float64
	n := 0
	rgba, _ := img.(*image.RGBA)
	for y := b.Min.Y + step/2; y < b.Max.Y; y += step {
		for x := b.Min.X + step/2; x < b.Max.X; x += step {
			var r, g, bl uint32
			if rgba != nil {
				o := rgba.PixOffset(x, y)
				r, g, bl = uint32(rgba.Pix[o]), uint32(rgba.Pix[o+1]), uint32(rgba.Pix[o+2])
			} else {
				r, g, bl, _ = img.At(x, y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
			}
			sum += 0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
