package onnxpb

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/testenv"
)

// These tests run the written models in the real ONNX Runtime and compare
// its results with plain Go computations.

func initORT(t *testing.T) {
	t.Helper()
	root := os.Getenv("NEVERMIND_BUNDLE")
	if root == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; run `make deps` to fetch ONNX Runtime and set NEVERMIND_BUNDLE to the folder holding lib/ (`make test` does)")
	}
	if _, err := onnx.Init([]string{root}); err != nil {
		t.Fatal(err)
	}
}

// value is a float32 tensor fed to or read from a model.
type value struct {
	name string
	dims []int64
	data []float32
}

// runModel writes m to a file, loads it in ONNX Runtime, feeds ins and
// returns the outputs named in outs (whose dims give the shapes expected).
func runModel(t *testing.T, m *Model, ins []value, outs []value) [][]float32 {
	t.Helper()
	initORT(t)
	path := filepath.Join(t.TempDir(), "model.onnx")
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	var inNames, outNames []string
	var inVals, outVals []onnx.Value
	var outTensors []*onnx.Tensor[float32]
	defer func() {
		for _, v := range append(inVals, outVals...) {
			v.Destroy()
		}
	}()
	for _, in := range ins {
		tt, err := onnx.NewTensor(in.dims, slices.Clone(in.data))
		if err != nil {
			t.Fatal(err)
		}
		inNames, inVals = append(inNames, in.name), append(inVals, tt)
	}
	for _, out := range outs {
		tt, err := onnx.NewTensor[float32](out.dims, nil)
		if err != nil {
			t.Fatal(err)
		}
		outNames, outVals, outTensors = append(outNames, out.name), append(outVals, tt), append(outTensors, tt)
	}
	s, err := onnx.NewSession(path, inNames, outNames, inVals, outVals)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	res := make([][]float32, len(outTensors))
	for i, tt := range outTensors {
		res[i] = slices.Clone(tt.GetData())
	}
	return res
}

// run1 runs a model with one float input "x" and one float output "y".
func run1(t *testing.T, m *Model, x value, yDims []int64) []float32 {
	t.Helper()
	x.name = "x"
	return runModel(t, m, []value{x}, []value{{name: "y", dims: yDims}})[0]
}

func assertClose(t *testing.T, got, want []float32, tol float64) {
	t.Helper()
	if !allClose(got, want, tol) {
		t.Fatalf("ONNX Runtime gave\n%v\nGo computed\n%v", got, want)
	}
}

func allClose(got, want []float32, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Abs(float64(got[i]-want[i])) > tol*(1+math.Abs(float64(want[i]))) {
			return false
		}
	}
	return true
}

func randFloats(seed uint64, n int) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(r.Float64()*4 - 2)
	}
	return out
}

func prod(dims []int64) int {
	n := 1
	for _, d := range dims {
		n *= int(d)
	}
	return n
}

// strides returns row-major element strides for dims.
func strides(dims []int64) []int {
	s := make([]int, len(dims))
	acc := 1
	for i := len(dims) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= int(dims[i])
	}
	return s
}

// index converts a flat row-major index into per-axis coordinates.
func index(flat int, dims []int64) []int {
	c := make([]int, len(dims))
	for i := len(dims) - 1; i >= 0; i-- {
		c[i] = flat % int(dims[i])
		flat /= int(dims[i])
	}
	return c
}

func TestORTAddBroadcast(t *testing.T) {
	tests := []struct {
		name   string
		a, b   []int64
		out    []int64
		bConst bool
	}{
		{"trailing vector", []int64{2, 3, 4}, []int64{4}, []int64{2, 3, 4}, false},
		{"column", []int64{2, 3, 4}, []int64{3, 1}, []int64{2, 3, 4}, false},
		{"both sides", []int64{2, 1, 4}, []int64{1, 3, 1}, []int64{2, 3, 4}, false},
		{"scalar initializer", []int64{2, 3}, nil, []int64{2, 3}, true},
		{"initializer per channel", []int64{1, 3, 2, 2}, []int64{3, 1, 1}, []int64{1, 3, 2, 2}, true},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, bv := randFloats(uint64(i), prod(tc.a)), randFloats(uint64(i+100), prod(tc.b))
			b := NewBuilder("add")
			x := b.Input("x", Float, tc.a...)
			var other string
			ins := []value{{"x", tc.a, a}}
			if tc.bConst {
				other = b.Const("b", FloatTensor("", tc.b, bv))
			} else {
				other = b.Input("b", Float, tc.b...)
				ins = append(ins, value{"b", tc.b, bv})
			}
			b.OutputAs(b.Op("Add", []string{x, other}), "y", Float, tc.out...)
			got := runModel(t, b.Model(), ins, []value{{name: "y", dims: tc.out}})[0]

			want := make([]float32, prod(tc.out))
			for f := range want {
				c := index(f, tc.out)
				want[f] = a[broadcastIndex(c, tc.a)] + bv[broadcastIndex(c, tc.b)]
			}
			assertClose(t, got, want, 1e-6)
		})
	}
}

// broadcastIndex maps output coordinates to the flat index of an operand
// of shape dims under numpy broadcasting.
func broadcastIndex(c []int, dims []int64) int {
	s := strides(dims)
	off := len(c) - len(dims)
	idx := 0
	for i, d := range dims {
		if d != 1 {
			idx += c[off+i] * s[i]
		}
	}
	return idx
}

type convCase struct {
	name             string
	n, c, h, w       int
	m, kh, kw, group int
	sh, sw           int
	pt, pl, pb, pr   int
	bias             bool
}

// refConv is a direct NCHW convolution with weights [M, C/group, kH, kW].
func refConv(tc convCase, x, wt, bias []float32) ([]float32, []int64) {
	oh := (tc.h+tc.pt+tc.pb-tc.kh)/tc.sh + 1
	ow := (tc.w+tc.pl+tc.pr-tc.kw)/tc.sw + 1
	cpg, mpg := tc.c/tc.group, tc.m/tc.group
	out := make([]float32, tc.n*tc.m*oh*ow)
	for b := 0; b < tc.n; b++ {
		for oc := 0; oc < tc.m; oc++ {
			g := oc / mpg
			for oy := 0; oy < oh; oy++ {
				for ox := 0; ox < ow; ox++ {
					var sum float64
					if bias != nil {
						sum = float64(bias[oc])
					}
					for ic := 0; ic < cpg; ic++ {
						for ky := 0; ky < tc.kh; ky++ {
							iy := oy*tc.sh - tc.pt + ky
							if iy < 0 || iy >= tc.h {
								continue
							}
							for kx := 0; kx < tc.kw; kx++ {
								ix := ox*tc.sw - tc.pl + kx
								if ix < 0 || ix >= tc.w {
									continue
								}
								xv := x[((b*tc.c+g*cpg+ic)*tc.h+iy)*tc.w+ix]
								wv := wt[((oc*cpg+ic)*tc.kh+ky)*tc.kw+kx]
								sum += float64(xv) * float64(wv)
							}
						}
					}
					out[((b*tc.m+oc)*oh+oy)*ow+ox] = float32(sum)
				}
			}
		}
	}
	return out, []int64{int64(tc.n), int64(tc.m), int64(oh), int64(ow)}
}

func TestORTConv(t *testing.T) {
	tests := []convCase{
		{name: "3x3 same", n: 1, c: 3, h: 5, w: 6, m: 4, kh: 3, kw: 3, group: 1, sh: 1, sw: 1, pt: 1, pl: 1, pb: 1, pr: 1, bias: true},
		{name: "stride 2 asymmetric pads", n: 2, c: 2, h: 7, w: 8, m: 3, kh: 3, kw: 3, group: 1, sh: 2, sw: 2, pt: 0, pl: 0, pb: 1, pr: 1, bias: true},
		{name: "1x1 no bias", n: 1, c: 4, h: 3, w: 3, m: 2, kh: 1, kw: 1, group: 1, sh: 1, sw: 1},
		{name: "depthwise", n: 1, c: 4, h: 6, w: 5, m: 4, kh: 3, kw: 3, group: 4, sh: 1, sw: 1, pt: 1, pl: 1, pb: 1, pr: 1, bias: true},
		{name: "depthwise stride 2 multiplier 2", n: 1, c: 3, h: 8, w: 8, m: 6, kh: 3, kw: 3, group: 3, sh: 2, sw: 2, pt: 0, pl: 0, pb: 1, pr: 1, bias: true},
		{name: "rectangular kernel", n: 1, c: 2, h: 6, w: 7, m: 2, kh: 2, kw: 3, group: 1, sh: 1, sw: 2, pt: 1, pl: 0, pb: 0, pr: 2},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xDims := []int64{int64(tc.n), int64(tc.c), int64(tc.h), int64(tc.w)}
			wDims := []int64{int64(tc.m), int64(tc.c / tc.group), int64(tc.kh), int64(tc.kw)}
			x := randFloats(uint64(i), prod(xDims))
			wt := randFloats(uint64(i+50), prod(wDims))
			var bias []float32
			b := NewBuilder("conv")
			in := []string{b.Input("x", Float, xDims...), b.Const("w", FloatTensor("", wDims, wt))}
			if tc.bias {
				bias = randFloats(uint64(i+90), tc.m)
				in = append(in, b.Const("bias", FloatTensor("", []int64{int64(tc.m)}, bias)))
			}
			want, yDims := refConv(tc, x, wt, bias)
			y := b.Op("Conv", in,
				AttrInts("kernel_shape", []int64{int64(tc.kh), int64(tc.kw)}),
				AttrInts("strides", []int64{int64(tc.sh), int64(tc.sw)}),
				AttrInts("pads", []int64{int64(tc.pt), int64(tc.pl), int64(tc.pb), int64(tc.pr)}),
				AttrInt("group", int64(tc.group)))
			b.OutputAs(y, "y", Float, yDims...)
			got := run1(t, b.Model(), value{dims: xDims, data: x}, yDims)
			assertClose(t, got, want, 1e-5)
		})
	}
}

func TestORTMaxPool(t *testing.T) {
	tests := []struct {
		name           string
		h, w, k, s     int
		pt, pl, pb, pr int
	}{
		{"2x2 stride 2", 4, 6, 2, 2, 0, 0, 0, 0},
		{"3x3 stride 1 same", 5, 4, 3, 1, 1, 1, 1, 1},
		{"3x3 stride 2 end pads", 6, 6, 3, 2, 0, 0, 1, 1},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const n, c = 1, 2
			xDims := []int64{n, c, int64(tc.h), int64(tc.w)}
			x := randFloats(uint64(i), prod(xDims))
			oh := (tc.h+tc.pt+tc.pb-tc.k)/tc.s + 1
			ow := (tc.w+tc.pl+tc.pr-tc.k)/tc.s + 1
			yDims := []int64{n, c, int64(oh), int64(ow)}
			want := make([]float32, prod(yDims))
			for ch := 0; ch < c; ch++ {
				for oy := 0; oy < oh; oy++ {
					for ox := 0; ox < ow; ox++ {
						m := float32(math.Inf(-1))
						for ky := 0; ky < tc.k; ky++ {
							for kx := 0; kx < tc.k; kx++ {
								iy, ix := oy*tc.s-tc.pt+ky, ox*tc.s-tc.pl+kx
								if iy >= 0 && iy < tc.h && ix >= 0 && ix < tc.w {
									m = max(m, x[(ch*tc.h+iy)*tc.w+ix])
								}
							}
						}
						want[(ch*oh+oy)*ow+ox] = m
					}
				}
			}
			b := NewBuilder("maxpool")
			y := b.Op("MaxPool", []string{b.Input("x", Float, xDims...)},
				AttrInts("kernel_shape", []int64{int64(tc.k), int64(tc.k)}),
				AttrInts("strides", []int64{int64(tc.s), int64(tc.s)}),
				AttrInts("pads", []int64{int64(tc.pt), int64(tc.pl), int64(tc.pb), int64(tc.pr)}))
			b.OutputAs(y, "y", Float, yDims...)
			assertClose(t, run1(t, b.Model(), value{dims: xDims, data: x}, yDims), want, 0)
		})
	}
}

func refTranspose(x []float32, dims []int64, perm []int64) ([]float32, []int64) {
	out := make([]int64, len(dims))
	for i, p := range perm {
		out[i] = dims[p]
	}
	s := strides(dims)
	y := make([]float32, len(x))
	for f := range y {
		c := index(f, out)
		src := 0
		for i, p := range perm {
			src += c[i] * s[p]
		}
		y[f] = x[src]
	}
	return y, out
}

func TestORTTranspose(t *testing.T) {
	tests := []struct {
		name string
		dims []int64
		perm []int64
	}{
		{"NCHW to NHWC", []int64{1, 3, 4, 5}, []int64{0, 2, 3, 1}},
		{"NHWC to NCHW", []int64{2, 4, 5, 3}, []int64{0, 3, 1, 2}},
		{"3-D rotate", []int64{2, 3, 4}, []int64{2, 0, 1}},
		{"matrix", []int64{3, 7}, []int64{1, 0}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := randFloats(uint64(i), prod(tc.dims))
			want, yDims := refTranspose(x, tc.dims, tc.perm)
			b := NewBuilder("transpose")
			y := b.Op("Transpose", []string{b.Input("x", Float, tc.dims...)}, AttrInts("perm", tc.perm))
			b.OutputAs(y, "y", Float, yDims...)
			assertClose(t, run1(t, b.Model(), value{dims: tc.dims, data: x}, yDims), want, 0)
		})
	}
}

func TestORTReshape(t *testing.T) {
	tests := []struct {
		name      string
		in, shape []int64
		out       []int64
	}{
		{"flatten", []int64{1, 2, 3, 4}, []int64{1, -1}, []int64{1, 24}},
		{"copy dim with 0", []int64{2, 3, 4}, []int64{0, 4, 3}, []int64{2, 4, 3}},
		{"split axis", []int64{6, 4}, []int64{2, 3, -1}, []int64{2, 3, 4}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := randFloats(uint64(i), prod(tc.in))
			b := NewBuilder("reshape")
			shape := b.Const("shape", Int64Vector("", tc.shape...))
			y := b.Op("Reshape", []string{b.Input("x", Float, tc.in...), shape})
			b.OutputAs(y, "y", Float, tc.out...)
			assertClose(t, run1(t, b.Model(), value{dims: tc.in, data: x}, tc.out), x, 0)
		})
	}
}

func TestORTPRelu(t *testing.T) {
	tests := []struct {
		name  string
		slope []float32
	}{
		{"per channel", []float32{0.1, -0.5, 2}},
		{"zero slopes", []float32{0, 0, 0}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xDims := []int64{1, 3, 2, 4}
			x := randFloats(uint64(i), prod(xDims))
			want := make([]float32, len(x))
			for f, v := range x {
				if v < 0 {
					v *= tc.slope[index(f, xDims)[1]]
				}
				want[f] = v
			}
			b := NewBuilder("prelu")
			slope := b.Const("slope", FloatTensor("", []int64{3, 1, 1}, tc.slope))
			b.OutputAs(b.Op("PRelu", []string{b.Input("x", Float, xDims...), slope}), "y", Float, xDims...)
			assertClose(t, run1(t, b.Model(), value{dims: xDims, data: x}, xDims), want, 1e-6)
		})
	}
}

func TestORTPad(t *testing.T) {
	tests := []struct {
		name  string
		mode  string
		pads  []int64 // begin per axis, then end per axis
		value float32 // constant mode only; 0 omits the input
	}{
		{"constant zero", "constant", []int64{0, 0, 1, 2, 0, 0, 2, 1}, 0},
		{"constant value", "constant", []int64{0, 1, 1, 0, 0, 0, 0, 1}, 1.5},
		{"edge", "edge", []int64{0, 0, 2, 1, 0, 0, 1, 2}, 0},
		{"reflect", "reflect", []int64{0, 0, 1, 2, 0, 0, 2, 1}, 0},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xDims := []int64{1, 2, 3, 4}
			x := randFloats(uint64(i), prod(xDims))
			rank := len(xDims)
			yDims := make([]int64, rank)
			for a := range yDims {
				yDims[a] = xDims[a] + tc.pads[a] + tc.pads[rank+a]
			}
			s := strides(xDims)
			want := make([]float32, prod(yDims))
			for f := range want {
				c := index(f, yDims)
				src, inside := 0, true
				for a := range c {
					p, n := c[a]-int(tc.pads[a]), int(xDims[a])
					switch {
					case p >= 0 && p < n:
					case tc.mode == "edge":
						p = min(max(p, 0), n-1)
					case tc.mode == "reflect":
						if p < 0 {
							p = -p
						} else {
							p = 2*(n-1) - p
						}
					default:
						inside = false
					}
					src += p * s[a]
				}
				want[f] = tc.value
				if inside {
					want[f] = x[src]
				}
			}
			b := NewBuilder("pad")
			in := []string{b.Input("x", Float, xDims...), b.Const("pads", Int64Vector("", tc.pads...))}
			if tc.value != 0 {
				in = append(in, b.Const("value", FloatScalar("", tc.value)))
			}
			b.OutputAs(b.Op("Pad", in, AttrString("mode", tc.mode)), "y", Float, yDims...)
			assertClose(t, run1(t, b.Model(), value{dims: xDims, data: x}, yDims), want, 0)
		})
	}
}

// TestORTSigmoidDynamicBatch also checks that a -1 dimension is accepted
// with any size at run time.
func TestORTSigmoidDynamicBatch(t *testing.T) {
	for _, n := range []int64{1, 3} {
		t.Run(fmt.Sprint("batch ", n), func(t *testing.T) {
			dims := []int64{n, 5}
			x := randFloats(uint64(n), prod(dims))
			want := make([]float32, len(x))
			for i, v := range x {
				want[i] = float32(1 / (1 + math.Exp(-float64(v))))
			}
			b := NewBuilder("sigmoid")
			b.OutputAs(b.Op("Sigmoid", []string{b.Input("x", Float, -1, 5)}), "y", Float, -1, 5)
			assertClose(t, run1(t, b.Model(), value{dims: dims, data: x}, dims), want, 1e-6)
		})
	}
}

// refResize is bilinear resizing of NCHW x to oh x ow, the way TFLite's
// RESIZE_BILINEAR computes it (half_pixel_centers or align_corners).
func refResize(x []float32, n, c, h, w, oh, ow int, mode string) []float32 {
	src := func(o, in, out int) float64 {
		if mode == "align_corners" {
			if out == 1 {
				return 0
			}
			return float64(o) * float64(in-1) / float64(out-1)
		}
		v := (float64(o)+0.5)*float64(in)/float64(out) - 0.5
		return min(max(v, 0), float64(in-1))
	}
	y := make([]float32, n*c*oh*ow)
	for p := 0; p < n*c; p++ {
		for oy := 0; oy < oh; oy++ {
			fy := src(oy, h, oh)
			y0 := int(math.Floor(fy))
			y1, dy := min(y0+1, h-1), fy-float64(y0)
			for ox := 0; ox < ow; ox++ {
				fx := src(ox, w, ow)
				x0 := int(math.Floor(fx))
				x1, dx := min(x0+1, w-1), fx-float64(x0)
				at := func(yy, xx int) float64 { return float64(x[(p*h+yy)*w+xx]) }
				top := at(y0, x0)*(1-dx) + at(y0, x1)*dx
				bot := at(y1, x0)*(1-dx) + at(y1, x1)*dx
				y[(p*oh+oy)*ow+ox] = float32(top*(1-dy) + bot*dy)
			}
		}
	}
	return y
}

func TestORTResizeBilinear(t *testing.T) {
	tests := []struct {
		name   string
		mode   string
		oh, ow int
	}{
		{"half_pixel up 2x", "half_pixel", 6, 8},
		{"half_pixel up odd", "half_pixel", 5, 7},
		{"half_pixel down", "half_pixel", 2, 3},
		{"align_corners up 2x", "align_corners", 6, 8},
		{"align_corners up odd", "align_corners", 5, 7},
		{"align_corners down", "align_corners", 2, 3},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const n, c, h, w = 1, 2, 3, 4
			xDims := []int64{n, c, h, w}
			yDims := []int64{n, c, int64(tc.oh), int64(tc.ow)}
			x := randFloats(uint64(i), prod(xDims))
			want := refResize(x, n, c, h, w, tc.oh, tc.ow, tc.mode)
			b := NewBuilder("resize")
			in := []string{
				b.Input("x", Float, xDims...),
				b.Const("roi", FloatTensor("", []int64{0}, nil)), // empty: no region of interest
				"", // scales omitted: sizes given
				b.Const("sizes", Int64Vector("", yDims...)),
			}
			y := b.Op("Resize", in,
				AttrString("mode", "linear"),
				AttrString("coordinate_transformation_mode", tc.mode))
			b.OutputAs(y, "y", Float, yDims...)
			assertClose(t, run1(t, b.Model(), value{dims: xDims, data: x}, yDims), want, 1e-5)
		})
	}
}

func TestORTConcat(t *testing.T) {
	tests := []struct {
		name  string
		axis  int64
		parts [][]int64
	}{
		{"channels", 1, [][]int64{{1, 2, 2, 3}, {1, 1, 2, 3}, {1, 3, 2, 3}}},
		{"last axis negative", -1, [][]int64{{2, 3, 1}, {2, 3, 4}}},
		{"batch", 0, [][]int64{{1, 4}, {2, 4}}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rank := len(tc.parts[0])
			axis := int(tc.axis)
			if axis < 0 {
				axis += rank
			}
			yDims := slices.Clone(tc.parts[0])
			yDims[axis] = 0
			b := NewBuilder("concat")
			var names []string
			var datas [][]float32
			var ins []value
			for j, p := range tc.parts {
				yDims[axis] += p[axis]
				d := randFloats(uint64(10*i+j), prod(p))
				datas = append(datas, d)
				if j == 1 { // one part is an initializer
					names = append(names, b.Const("part", FloatTensor("", p, d)))
					continue
				}
				name := fmt.Sprint("in", j)
				names = append(names, b.Input(name, Float, p...))
				ins = append(ins, value{name, p, d})
			}
			want := make([]float32, prod(yDims))
			for f := range want {
				c := index(f, yDims)
				j := 0
				for c[axis] >= int(tc.parts[j][axis]) {
					c[axis] -= int(tc.parts[j][axis])
					j++
				}
				src := 0
				for a, s := range strides(tc.parts[j]) {
					src += c[a] * s
				}
				want[f] = datas[j][src]
			}
			b.OutputAs(b.Op("Concat", names, AttrInt("axis", tc.axis)), "y", Float, yDims...)
			got := runModel(t, b.Model(), ins, []value{{name: "y", dims: yDims}})[0]
			assertClose(t, got, want, 0)
		})
	}
}

// refDepthToSpaceNHWC is TFLite's DEPTH_TO_SPACE on NHWC (TensorFlow's
// depth_to_space): the depth axis splits as (block row, block column,
// output channel), so output[b, h*bs+i, w*bs+j, c] =
// input[b, h, w, (i*bs+j)*C_out + c].
func refDepthToSpaceNHWC(x []float32, n, h, w, c, bs int) ([]float32, []int64) {
	oc := c / (bs * bs)
	y := make([]float32, len(x))
	for b := 0; b < n; b++ {
		for yy := 0; yy < h; yy++ {
			for xx := 0; xx < w; xx++ {
				for i := 0; i < bs; i++ {
					for j := 0; j < bs; j++ {
						for k := 0; k < oc; k++ {
							src := ((b*h+yy)*w+xx)*c + (i*bs+j)*oc + k
							dst := ((b*h*bs+yy*bs+i)*w*bs+xx*bs+j)*oc + k
							y[dst] = x[src]
						}
					}
				}
			}
		}
	}
	return y, []int64{int64(n), int64(h * bs), int64(w * bs), int64(oc)}
}

// TestORTDepthToSpaceModes checks which ONNX DepthToSpace mode matches
// TFLite's NHWC DEPTH_TO_SPACE when wrapped in NHWC->NCHW and NCHW->NHWC
// transposes: DCR does, CRD does not (with more than one output channel).
func TestORTDepthToSpaceModes(t *testing.T) {
	tests := []struct {
		mode        string
		matchTFLite bool
	}{
		{"DCR", true},
		{"CRD", false},
	}
	const n, h, w, c, bs = 1, 2, 3, 12, 2
	xDims := []int64{n, h, w, c}
	x := randFloats(1, prod(xDims))
	want, yDims := refDepthToSpaceNHWC(x, n, h, w, c, bs)
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			b := NewBuilder("d2s")
			nchw := b.Op("Transpose", []string{b.Input("x", Float, xDims...)}, AttrInts("perm", []int64{0, 3, 1, 2}))
			d2s := b.Op("DepthToSpace", []string{nchw}, AttrInt("blocksize", bs), AttrString("mode", tc.mode))
			y := b.Op("Transpose", []string{d2s}, AttrInts("perm", []int64{0, 2, 3, 1}))
			b.OutputAs(y, "y", Float, yDims...)
			got := run1(t, b.Model(), value{dims: xDims, data: x}, yDims)
			if m := allClose(got, want, 0); m != tc.matchTFLite {
				t.Errorf("mode %s matches TFLite DEPTH_TO_SPACE: %v, want %v\nORT %v\nGo  %v", tc.mode, m, tc.matchTFLite, got, want)
			}
		})
	}
}

func TestORTClipAsRelu6(t *testing.T) {
	tests := []struct {
		name     string
		min, max float32
	}{
		{"relu6", 0, 6},
		{"relu1", -1, 1},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dims := []int64{2, 10}
			x := randFloats(uint64(i), prod(dims))
			for j := range x {
				x[j] *= 5 // spread over [-10, 10]
			}
			want := make([]float32, len(x))
			for j, v := range x {
				want[j] = min(max(v, tc.min), tc.max)
			}
			b := NewBuilder("clip")
			in := []string{b.Input("x", Float, dims...), b.Const("min", FloatScalar("", tc.min)), b.Const("max", FloatScalar("", tc.max))}
			b.OutputAs(b.Op("Clip", in), "y", Float, dims...)
			assertClose(t, run1(t, b.Model(), value{dims: dims, data: x}, dims), want, 0)
		})
	}
}

// TestORTAttributesAndOutputs covers FLOAT, FLOATS and TENSOR attributes
// (LeakyRelu alpha, Constant value_floats and value) and the outputs the
// builder copies through Identity nodes.
func TestORTAttributesAndOutputs(t *testing.T) {
	dims := []int64{2, 3}
	x := []float32{-4, -1, 0, 1, 2, 8}
	add := []float32{10, 20, 30}
	mul := []float32{1, 0.5, -1}
	b := NewBuilder("attrs")
	in := b.Input("x", Float, dims...)
	leaky := b.Op("LeakyRelu", []string{in}, AttrFloat("alpha", 0.25))
	ca := b.Op("Constant", nil, AttrTensor("value", FloatTensor("", []int64{3}, add)))
	cm := b.Op("Constant", nil, AttrFloats("value_floats", mul))
	y := b.Op("Mul", []string{b.Op("Add", []string{leaky, ca}), cm})
	b.OutputAs(y, "y", Float, dims...)
	again := b.Output(y, Float, dims...) // already an output: copied
	echo := b.Output(in, Float, -1, 3)   // a graph input: copied
	want := make([]float32, len(x))
	for i, v := range x {
		if v < 0 {
			v *= 0.25
		}
		want[i] = (v + add[i%3]) * mul[i%3]
	}
	got := runModel(t, b.Model(), []value{{"x", dims, x}},
		[]value{{name: "y", dims: dims}, {name: again, dims: dims}, {name: echo, dims: dims}})
	assertClose(t, got[0], want, 1e-6)
	assertClose(t, got[1], want, 1e-6)
	assertClose(t, got[2], x, 0)
}

// TestORTInspect checks that a written file loads and reports the graph's
// inputs and outputs.
func TestORTInspect(t *testing.T) {
	initORT(t)
	b := NewBuilder("io")
	a := b.Input("a", Float, -1, 2)
	c := b.Input("c", Float, -1, 2)
	sum := b.Op("Add", []string{a, c})
	b.OutputAs(sum, "sum", Float, -1, 2)
	b.OutputAs(b.Op("Sub", []string{a, c}), "diff", Float, -1, 2)
	m := b.Model()
	m.Producer = "nevermind"
	path := filepath.Join(t.TempDir(), "io.onnx")
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	io, err := onnx.Inspect(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(io.Inputs, []string{"a", "c"}) || !slices.Equal(io.Outputs, []string{"sum", "diff"}) {
		t.Fatalf("model io = %+v", io)
	}
}
