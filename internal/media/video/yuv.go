package video

import (
	"image"
	"image/color"
)

// toI420 converts img into dst, a 4:2:0 picture of img's size (made when
// dst is nil or of another size), and returns it. A 4:2:0 YCbCr picture
// is copied; a 4:2:2 or 4:4:4 one has its chroma averaged down; anything
// else goes through RGBA with BT.601 coefficients as image/color uses.
func toI420(dst *image.YCbCr, img image.Image) *image.YCbCr {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if dst == nil || dst.Rect.Dx() != w || dst.Rect.Dy() != h || dst.SubsampleRatio != image.YCbCrSubsampleRatio420 || dst.Rect.Min != (image.Point{}) {
		dst = image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	}
	cw, ch := (w+1)/2, (h+1)/2
	switch src := img.(type) {
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			copy(dst.Y[y*dst.YStride:y*dst.YStride+w], src.Y[src.YOffset(b.Min.X, b.Min.Y+y):])
		}
		for cy := 0; cy < ch; cy++ {
			for cx := 0; cx < cw; cx++ {
				x0, y0 := b.Min.X+2*cx, b.Min.Y+2*cy
				x1, y1 := min(x0+1, b.Max.X-1), min(y0+1, b.Max.Y-1)
				i00, i01 := src.COffset(x0, y0), src.COffset(x1, y0)
				i10, i11 := src.COffset(x0, y1), src.COffset(x1, y1)
				o := cy*dst.CStride + cx
				dst.Cb[o] = uint8((int(src.Cb[i00]) + int(src.Cb[i01]) + int(src.Cb[i10]) + int(src.Cb[i11]) + 2) / 4)
				dst.Cr[o] = uint8((int(src.Cr[i00]) + int(src.Cr[i01]) + int(src.Cr[i10]) + int(src.Cr[i11]) + 2) / 4)
			}
		}
		return dst
	case *image.RGBA:
		rgbaToI420(dst, src.Pix[src.PixOffset(b.Min.X, b.Min.Y):], src.Stride, w, h)
		return dst
	}
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			rgba.Set(x, y, color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)))
		}
	}
	rgbaToI420(dst, rgba.Pix, rgba.Stride, w, h)
	return dst
}

// rgbaToI420 converts RGBA pixels (alpha ignored) with the integer BT.601
// full-range formulas of image/color.RGBToYCbCr; chroma is taken from the
// average colour of each 2×2 block.
func rgbaToI420(dst *image.YCbCr, pix []byte, stride, w, h int) {
	for y := 0; y < h; y++ {
		row := pix[y*stride : y*stride+4*w]
		out := dst.Y[y*dst.YStride : y*dst.YStride+w]
		for x := range out {
			r, g, b := int32(row[4*x]), int32(row[4*x+1]), int32(row[4*x+2])
			out[x] = uint8((19595*r + 38470*g + 7471*b + 1<<15) >> 16)
		}
	}
	for cy := 0; cy < (h+1)/2; cy++ {
		y0 := 2 * cy
		y1 := min(y0+1, h-1)
		r0, r1 := pix[y0*stride:], pix[y1*stride:]
		for cx := 0; cx < (w+1)/2; cx++ {
			x0 := 2 * cx
			x1 := min(x0+1, w-1)
			r := (int32(r0[4*x0]) + int32(r0[4*x1]) + int32(r1[4*x0]) + int32(r1[4*x1]) + 2) >> 2
			g := (int32(r0[4*x0+1]) + int32(r0[4*x1+1]) + int32(r1[4*x0+1]) + int32(r1[4*x1+1]) + 2) >> 2
			b := (int32(r0[4*x0+2]) + int32(r0[4*x1+2]) + int32(r1[4*x0+2]) + int32(r1[4*x1+2]) + 2) >> 2
			cb := -11056*r - 21712*g + 32768*b + 257<<15
			cr := 32768*r - 27440*g - 5328*b + 257<<15
			o := cy*dst.CStride + cx
			dst.Cb[o] = clamp8(cb)
			dst.Cr[o] = clamp8(cr)
		}
	}
}

// clamp8 is a 16.16 fixed-point value as a byte, clamped to 0..255.
func clamp8(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	if v < 0 {
		return 0
	}
	return 255
}

// i420ToRGBA converts a 4:2:0 picture to RGBA in dst (made when nil or of
// another size) with image/color's BT.601 formulas.
func i420ToRGBA(dst *image.RGBA, src *image.YCbCr) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dst = newRGBA(dst, w, h)
	for y := 0; y < h; y++ {
		yrow := src.Y[y*src.YStride:]
		crow := (y / 2) * src.CStride
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for x := 0; x < w; x++ {
			yy := int32(yrow[x]) * 0x10101
			cb := int32(src.Cb[crow+x/2]) - 128
			cr := int32(src.Cr[crow+x/2]) - 128
			r := yy + 91881*cr
			g := yy - 22554*cb - 46802*cr
			b := yy + 116130*cb
			out[4*x] = clamp8(r)
			out[4*x+1] = clamp8(g)
			out[4*x+2] = clamp8(b)
			out[4*x+3] = 255
		}
	}
	return dst
}

// ToI420 is img in 4:2:0 (dst reused when it fits): what the recorder
// gives the VP8 encoder, and what a webcam's colour resolution is.
func ToI420(dst *image.YCbCr, img image.Image) *image.YCbCr { return toI420(dst, img) }
