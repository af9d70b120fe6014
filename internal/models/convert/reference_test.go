package convert

import "math"

// Reference implementations of the TFLite ops in NHWC, written from the
// TFLite kernels' definitions, to check the converted ONNX graphs against.

type nhwc struct {
	n, h, w, c int
	d          []float32
}

func newNHWC(n, h, w, c int) nhwc { return nhwc{n, h, w, c, make([]float32, n*h*w*c)} }

func (t nhwc) at(b, y, x, k int) float32 { return t.d[((b*t.h+y)*t.w+x)*t.c+k] }
func (t nhwc) set(b, y, x, k int, v float32) {
	t.d[((b*t.h+y)*t.w+x)*t.c+k] = v
}

func outSize(in, k, stride, dil int, same bool) int {
	if same {
		return (in + stride - 1) / stride
	}
	return (in-((k-1)*dil+1))/stride + 1
}

// refConv is CONV_2D (depthwise=false; weights [O,KH,KW,I]) or
// DEPTHWISE_CONV_2D (weights [1,KH,KW,C*M]).
func refConv(x nhwc, w []float32, ws []int, bias []float32, stride, dil int, same, depthwise bool, act string) nhwc {
	kh, kw := ws[1], ws[2]
	oh, ow := outSize(x.h, kh, stride, dil, same), outSize(x.w, kw, stride, dil, same)
	pt, pl := 0, 0
	if same {
		pt, _ = samePads(x.h, kh, stride, dil)
		pl, _ = samePads(x.w, kw, stride, dil)
	}
	var cout int
	if depthwise {
		cout = ws[3]
	} else {
		cout = ws[0]
	}
	y := newNHWC(x.n, oh, ow, cout)
	mult := cout / x.c
	for b := 0; b < x.n; b++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				for oc := 0; oc < cout; oc++ {
					var s float64
					if bias != nil {
						s = float64(bias[oc])
					}
					for i := 0; i < kh; i++ {
						for j := 0; j < kw; j++ {
							iy, ix := oy*stride+i*dil-pt, ox*stride+j*dil-pl
							if iy < 0 || ix < 0 || iy >= x.h || ix >= x.w {
								continue
							}
							if depthwise {
								ic := oc / mult
								s += float64(x.at(b, iy, ix, ic)) * float64(w[(i*kw+j)*cout+oc])
							} else {
								for ic := 0; ic < x.c; ic++ {
									s += float64(x.at(b, iy, ix, ic)) * float64(w[((oc*kh+i)*kw+j)*x.c+ic])
								}
							}
						}
					}
					y.set(b, oy, ox, oc, applyAct(float32(s), act))
				}
			}
		}
	}
	return y
}

func applyAct(v float32, act string) float32 {
	switch act {
	case "RELU":
		return max(v, 0)
	case "RELU6":
		return min(max(v, 0), 6)
	case "TANH":
		return float32(math.Tanh(float64(v)))
	}
	return v
}

func refPool(x nhwc, k, stride int, same, maxPool bool) nhwc {
	oh, ow := outSize(x.h, k, stride, 1, same), outSize(x.w, k, stride, 1, same)
	pt, pl := 0, 0
	if same {
		pt, _ = samePads(x.h, k, stride, 1)
		pl, _ = samePads(x.w, k, stride, 1)
	}
	y := newNHWC(x.n, oh, ow, x.c)
	for b := 0; b < x.n; b++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				for c := 0; c < x.c; c++ {
					best := float32(math.Inf(-1))
					var sum float64
					n := 0
					for i := 0; i < k; i++ {
						for j := 0; j < k; j++ {
							iy, ix := oy*stride+i-pt, ox*stride+j-pl
							if iy < 0 || ix < 0 || iy >= x.h || ix >= x.w {
								continue
							}
							v := x.at(b, iy, ix, c)
							best = max(best, v)
							sum += float64(v)
							n++
						}
					}
					if maxPool {
						y.set(b, oy, ox, c, best)
					} else {
						y.set(b, oy, ox, c, float32(sum/float64(n)))
					}
				}
			}
		}
	}
	return y
}

func refPad(x nhwc, p [4][2]int) nhwc {
	y := newNHWC(x.n+p[0][0]+p[0][1], x.h+p[1][0]+p[1][1], x.w+p[2][0]+p[2][1], x.c+p[3][0]+p[3][1])
	for b := 0; b < x.n; b++ {
		for i := 0; i < x.h; i++ {
			for j := 0; j < x.w; j++ {
				for k := 0; k < x.c; k++ {
					y.set(b+p[0][0], i+p[1][0], j+p[2][0], k+p[3][0], x.at(b, i, j, k))
				}
			}
		}
	}
	return y
}

func refPRelu(x nhwc, alpha []float32) nhwc {
	y := newNHWC(x.n, x.h, x.w, x.c)
	for i, v := range x.d {
		if v < 0 {
			v *= alpha[i%x.c]
		}
		y.d[i] = v
	}
	return y
}

// refResize is RESIZE_BILINEAR as TFLite computes it.
func refResize(x nhwc, oh, ow int, alignCorners, halfPixel bool) nhwc {
	y := newNHWC(x.n, oh, ow, x.c)
	scale := func(in, out int) float64 {
		if alignCorners && out > 1 {
			return float64(in-1) / float64(out-1)
		}
		return float64(in) / float64(out)
	}
	sy, sx := scale(x.h, oh), scale(x.w, ow)
	src := func(o int, s float64) float64 {
		if halfPixel {
			return (float64(o)+0.5)*s - 0.5
		}
		return float64(o) * s
	}
	for b := 0; b < x.n; b++ {
		for oy := 0; oy < oh; oy++ {
			fy := src(oy, sy)
			y0 := int(math.Floor(fy))
			y1 := min(y0+1, x.h-1)
			dy := fy - float64(y0)
			y0c := max(y0, 0)
			for ox := 0; ox < ow; ox++ {
				fx := src(ox, sx)
				x0 := int(math.Floor(fx))
				x1 := min(x0+1, x.w-1)
				dx := fx - float64(x0)
				x0c := max(x0, 0)
				for c := 0; c < x.c; c++ {
					v := float64(x.at(b, y0c, x0c, c))*(1-dy)*(1-dx) + float64(x.at(b, y0c, x1, c))*(1-dy)*dx +
						float64(x.at(b, y1, x0c, c))*dy*(1-dx) + float64(x.at(b, y1, x1, c))*dy*dx
					y.set(b, oy, ox, c, float32(v))
				}
			}
		}
	}
	return y
}

// refDepthToSpace is TFLite's DEPTH_TO_SPACE on NHWC.
func refDepthToSpace(x nhwc, bs int) nhwc {
	oc := x.c / (bs * bs)
	y := newNHWC(x.n, x.h*bs, x.w*bs, oc)
	for b := 0; b < x.n; b++ {
		for i := 0; i < y.h; i++ {
			for j := 0; j < y.w; j++ {
				for k := 0; k < oc; k++ {
					ic := ((i%bs)*bs+(j%bs))*oc + k
					y.set(b, i, j, k, x.at(b, i/bs, j/bs, ic))
				}
			}
		}
	}
	return y
}
