// Package vision measures what the camera sees: face presence and framing,
// head pose, gaze toward the camera, blinks and smile from face landmarks,
// and posture from pose landmarks. Models run through the app's ONNX Runtime
// wrapper; everything stays on the machine.
package vision

import (
	"image"
	"image/color"
	"math"
)

// Rect is a box in normalised image coordinates (0..1).
type Rect struct{ XMin, YMin, XMax, YMax float64 }

// Width of the box.
func (r Rect) Width() float64 { return r.XMax - r.XMin }

// Height of the box.
func (r Rect) Height() float64 { return r.YMax - r.YMin }

// Contains reports whether the normalised point lies inside.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.XMin && x <= r.XMax && y >= r.YMin && y <= r.YMax
}

// Point is a position in normalised image coordinates (0..1); Z is depth in
// the same scale as X where the model gives one.
type Point struct{ X, Y, Z float64 }

// Crop is a square region of a frame, in pixels, turned by Angle radians
// (clockwise in the image, whose y axis points down) about its centre. The
// landmark models see faces upright, so crops are turned to undo the
// face's roll.
type Crop struct {
	CX, CY, Side, Angle float64
}

// ToImage maps a point of the crop (u, v in 0..1, v down) to normalised
// coordinates of a w x h frame.
func (c Crop) ToImage(u, v float64, w, h int) (float64, float64) {
	du, dv := (u-0.5)*c.Side, (v-0.5)*c.Side
	cs, sn := math.Cos(c.Angle), math.Sin(c.Angle)
	return (c.CX + du*cs - dv*sn) / float64(w), (c.CY + du*sn + dv*cs) / float64(h)
}

// sampleCrop samples crop c of img into a size x size x 3 NHWC float32
// tensor with bilinear interpolation, mapping 0..255 to lo..hi. Outside
// the frame is black.
func sampleCrop(img image.Image, c Crop, size int, lo, hi float32, dst []float32) {
	b := img.Bounds()
	scale := (hi - lo) / 255
	px := func(x, y int) (float32, float32, float32) {
		if x < 0 || y < 0 || x >= b.Dx() || y >= b.Dy() {
			return 0, 0, 0
		}
		c := color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
		return float32(c.R), float32(c.G), float32(c.B)
	}
	if rgba, ok := img.(*image.RGBA); ok {
		// Webcam frames arrive as RGBA: read the pixels directly.
		px = func(x, y int) (float32, float32, float32) {
			if x < 0 || y < 0 || x >= b.Dx() || y >= b.Dy() {
				return 0, 0, 0
			}
			o := y*rgba.Stride + x*4
			return float32(rgba.Pix[o]), float32(rgba.Pix[o+1]), float32(rgba.Pix[o+2])
		}
	}
	cs, sn := math.Cos(c.Angle), math.Sin(c.Angle)
	step := c.Side / float64(size)
	for j := 0; j < size; j++ {
		dv := (float64(j)+0.5)*step - c.Side/2
		for i := 0; i < size; i++ {
			du := (float64(i)+0.5)*step - c.Side/2
			fx := c.CX + du*cs - dv*sn - 0.5
			fy := c.CY + du*sn + dv*cs - 0.5
			x0, y0 := int(math.Floor(fx)), int(math.Floor(fy))
			dx, dy := float32(fx-float64(x0)), float32(fy-float64(y0))
			r00, g00, b00 := px(x0, y0)
			r01, g01, b01 := px(x0+1, y0)
			r10, g10, b10 := px(x0, y0+1)
			r11, g11, b11 := px(x0+1, y0+1)
			mix := func(a, b, c, d float32) float32 {
				return (a*(1-dx)+b*dx)*(1-dy) + (c*(1-dx)+d*dx)*dy
			}
			o := (j*size + i) * 3
			dst[o] = lo + scale*mix(r00, r01, r10, r11)
			dst[o+1] = lo + scale*mix(g00, g01, g10, g11)
			dst[o+2] = lo + scale*mix(b00, b01, b10, b11)
		}
	}
}

// tensorFromRegion samples the axis-aligned region r (normalised
// coordinates; it must be square in pixels) of img.
func tensorFromRegion(img image.Image, r Rect, size int, lo, hi float32, dst []float32) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	c := Crop{CX: (r.XMin + r.XMax) / 2 * w, CY: (r.YMin + r.YMax) / 2 * h, Side: r.Width() * w}
	sampleCrop(img, c, size, lo, hi, dst)
}

// letterbox is the square region centred on a w x h frame that holds all
// of it, in the frame's normalised coordinates (it reaches outside the
// frame along the shorter side, which samples as black).
func letterbox(w, h float64) Rect {
	side := math.Max(w, h)
	return Rect{XMin: 0.5 - side/w/2, YMin: 0.5 - side/h/2, XMax: 0.5 + side/w/2, YMax: 0.5 + side/h/2}
}
