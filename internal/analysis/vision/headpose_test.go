package vision

import (
	"image"
	"math"
	"path/filepath"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

func canonical(t testing.TB) *CanonicalFace {
	t.Helper()
	c, err := LoadCanonicalFace(filepath.Join(bundle(t), "models", "geometry_pipeline_metadata_landmarks.binarypb"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// project places the canonical face, rotated by yaw, pitch and roll
// (degrees, this package's conventions), in a w x h frame as a face mesh
// would report it.
func project(c *CanonicalFace, yaw, pitch, roll, w, h float64) [468]Point {
	rad := math.Pi / 180
	cy, sy := math.Cos(yaw*rad), math.Sin(yaw*rad)
	cp, sp := math.Cos(pitch*rad), math.Sin(pitch*rad)
	cr, sr := math.Cos(-roll*rad), math.Sin(-roll*rad)
	var out [468]Point
	for i, v := range c.Vertices {
		x, y, z := v[0], v[1], v[2]
		y, z = cp*y-sp*z, sp*y+cp*z  // pitch about x
		x, z = cy*x+sy*z, -sy*x+cy*z // yaw about y
		x, y = cr*x-sr*y, sr*x+cr*y  // roll about z
		const scale = 12             // pixels per cm
		out[i] = Point{X: (w/2 + scale*x) / w, Y: (h/2 - scale*y) / h, Z: -scale * z / w}
	}
	return out
}

func TestHeadPoseRecoversKnownRotations(t *testing.T) {
	c := canonical(t)
	for _, tc := range []struct{ yaw, pitch, roll float64 }{
		{0, 0, 0}, {20, 0, 0}, {-25, 0, 0}, {0, 15, 0}, {0, -10, 0}, {0, 0, 12}, {0, 0, -20}, {15, -10, 8}, {-30, 12, -5},
	} {
		pts := project(c, tc.yaw, tc.pitch, tc.roll, 640, 480)
		got := c.Pose(&pts, 640, 480)
		if math.Abs(got.Yaw-tc.yaw) > 0.5 || math.Abs(got.Pitch-tc.pitch) > 0.5 || math.Abs(got.Roll-tc.roll) > 0.5 || got.Residual > 0.01 {
			t.Errorf("rotation %+v: got yaw %.2f pitch %.2f roll %.2f (residual %.3f)", tc, got.Yaw, got.Pitch, got.Roll, got.Residual)
		}
	}
}

// TestHeadPoseOnTheRealFace: the astronaut faces the camera; turning the
// photo 15 degrees clockwise adds 15 degrees of roll; mirroring it flips
// yaw and roll.
func TestHeadPoseOnTheRealFace(t *testing.T) {
	c := canonical(t)
	fd, fm := faceModels(t)
	pose := func(img image.Image) HeadPose {
		t.Helper()
		b := img.Bounds()
		fs, err := fd.Detect(img)
		if err != nil || len(fs) != 1 {
			t.Fatalf("%d faces, %v", len(fs), err)
		}
		pts, _, err := fm.Landmarks(img, MeshCrop(fs[0], b.Dx(), b.Dy()))
		if err != nil {
			t.Fatal(err)
		}
		return c.Pose(&pts, float64(b.Dx()), float64(b.Dy()))
	}
	img := frame640(t)
	base := pose(img)
	t.Logf("frontal: yaw %.1f pitch %.1f roll %.1f residual %.3f", base.Yaw, base.Pitch, base.Roll, base.Residual)
	if math.Abs(base.Yaw) > 15 || math.Abs(base.Pitch) > 20 || math.Abs(base.Roll) > 15 {
		t.Errorf("a frontal face measured %+v", base)
	}
	// The residual says whether the points look like a face at all: the
	// same points in a scrambled order fit far worse.
	fs, _ := fd.Detect(img)
	pts, _, _ := fm.Landmarks(img, MeshCrop(fs[0], 640, 480))
	var scrambled [468]Point
	for i := range pts {
		scrambled[i] = pts[(i*181)%468]
	}
	if bad := c.Pose(&scrambled, 640, 480); bad.Residual < 3*base.Residual {
		t.Errorf("scrambled landmarks fit with residual %.3f, the real face %.3f", bad.Residual, base.Residual)
	}

	// Rotate 15 degrees clockwise (in image coordinates, y down) about the
	// frame centre.
	rot := image.NewRGBA(image.Rect(0, 0, 640, 480))
	a := 15 * math.Pi / 180
	ca, sa := math.Cos(a), math.Sin(a)
	// dst = R(src - centre) + centre; the transform maps src to dst.
	m := f64.Aff3{ca, -sa, 320 - ca*320 + sa*240, sa, ca, 240 - sa*320 - ca*240}
	draw.BiLinear.Transform(rot, m, img, img.Bounds(), draw.Src, nil)
	r := pose(rot)
	t.Logf("turned 15 deg clockwise: yaw %.1f pitch %.1f roll %.1f", r.Yaw, r.Pitch, r.Roll)
	if d := r.Roll - base.Roll; math.Abs(d-15) > 3 {
		t.Errorf("roll changed by %.1f degrees for a 15 degree turn of the photo", d)
	}

	mir := image.NewRGBA(image.Rect(0, 0, 640, 480))
	src := img.(*image.RGBA)
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			mir.Set(639-x, y, src.At(x, y))
		}
	}
	mr := pose(mir)
	t.Logf("mirrored: yaw %.1f pitch %.1f roll %.1f", mr.Yaw, mr.Pitch, mr.Roll)
	if math.Abs(mr.Yaw+base.Yaw) > 3 || math.Abs(mr.Roll+base.Roll) > 3 || math.Abs(mr.Pitch-base.Pitch) > 3 {
		t.Errorf("mirroring should negate yaw and roll and keep pitch: %+v vs %+v", mr, base)
	}
}
