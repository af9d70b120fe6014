package convert

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"testing"

	"nevermind/internal/models/tflite"
)

// opModel builds a one-operator TFLite model: tensor 0 is the input, the
// constants follow, and the last tensor is the output.
type opModel struct {
	m *tflite.Model
}

func newOpModel(inShape []int) *opModel {
	return &opModel{m: &tflite.Model{
		Tensors: []tflite.Tensor{{Index: 0, Name: "in", Shape: inShape, Type: tflite.Float32}},
		Inputs:  []int{0},
	}}
}

func (o *opModel) constF(shape []int, v []float32, fp16 bool) int {
	t := tflite.Tensor{Index: len(o.m.Tensors), Name: fmt.Sprintf("c%d", len(o.m.Tensors)), Shape: shape, Type: tflite.Float32}
	if fp16 {
		t.Type = tflite.Float16
		t.Data = make([]byte, 2*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint16(t.Data[2*i:], toHalf(x))
		}
	} else {
		t.Data = make([]byte, 4*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint32(t.Data[4*i:], math.Float32bits(x))
		}
	}
	o.m.Tensors = append(o.m.Tensors, t)
	return t.Index
}

func (o *opModel) constI(shape []int, v []int32) int {
	t := tflite.Tensor{Index: len(o.m.Tensors), Name: fmt.Sprintf("c%d", len(o.m.Tensors)), Shape: shape, Type: tflite.Int32, Data: make([]byte, 4*len(v))}
	for i, x := range v {
		binary.LittleEndian.PutUint32(t.Data[4*i:], uint32(x))
	}
	o.m.Tensors = append(o.m.Tensors, t)
	return t.Index
}

// dequantized adds an FP16 constant behind a DEQUANTIZE op, as MediaPipe
// stores its weights, and returns the float tensor.
func (o *opModel) dequantized(shape []int, v []float32) int {
	h := o.constF(shape, v, true)
	out := len(o.m.Tensors)
	o.m.Tensors = append(o.m.Tensors, tflite.Tensor{Index: out, Name: fmt.Sprintf("dq%d", out), Shape: shape, Type: tflite.Float32})
	o.m.Operators = append(o.m.Operators, tflite.Operator{Index: len(o.m.Operators), Code: tflite.OpDequantize, Inputs: []int{h}, Outputs: []int{out}})
	return out
}

func (o *opModel) op(code tflite.BuiltinOp, inputs []int, outShape []int, opt tflite.Options) {
	out := len(o.m.Tensors)
	o.m.Tensors = append(o.m.Tensors, tflite.Tensor{Index: out, Name: "out", Shape: outShape, Type: tflite.Float32})
	o.m.Operators = append(o.m.Operators, tflite.Operator{Index: len(o.m.Operators), Code: code, Inputs: inputs, Outputs: []int{out}, Options: opt})
	o.m.Outputs = []int{out}
}

// toHalf rounds a float32 to IEEE half precision (normal range only, which
// is all these tests use).
func toHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int((b>>23)&0xff) - 127 + 15
	mant := b & 0x7fffff
	if exp <= 0 {
		return sign
	}
	// round to nearest even
	m := mant >> 13
	if rem := mant & 0x1fff; rem > 0x1000 || (rem == 0x1000 && m&1 == 1) {
		m++
		if m == 0x400 {
			m = 0
			exp++
		}
	}
	return sign | uint16(exp)<<10 | uint16(m)
}

func halfRound(v []float32) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = tflite.Float16ToFloat32(toHalf(x))
	}
	return out
}

func randVals(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

// check converts the model, runs it in ONNX Runtime on x and compares with
// want.
func (o *opModel) check(t *testing.T, x []float32, want nhwc) {
	t.Helper()
	bundle(t)
	om, err := Convert(o.m, "op")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "op.onnx")
	if err := om.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	out := run(t, p, o.m, x)["out"]
	if len(out) != len(want.d) {
		t.Fatalf("output has %d values, want %d", len(out), len(want.d))
	}
	var worst float64
	for i := range out {
		d := math.Abs(float64(out[i] - want.d[i]))
		worst = math.Max(worst, d/math.Max(1, math.Abs(float64(want.d[i]))))
	}
	if worst > 1e-4 {
		t.Fatalf("ONNX output differs from the TFLite reference by up to %.2g (relative)", worst)
	}
}

func TestSingleOps(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	x := nhwc{1, 9, 11, 4, randVals(r, 9*11*4)}
	tests := []struct {
		name  string
		build func(o *opModel) nhwc
	}{
		{"conv 3x3 same stride 1 relu, fp16 weights", func(o *opModel) nhwc {
			w, b := halfRound(randVals(r, 6*3*3*4)), randVals(r, 6)
			o.op(tflite.OpConv2D, []int{0, o.dequantized([]int{6, 3, 3, 4}, w), o.constF([]int{6}, b, false)}, []int{1, 9, 11, 6},
				tflite.Options{Padding: "SAME", StrideW: 1, StrideH: 1, DilationW: 1, DilationH: 1, Activation: "RELU"})
			return refConv(x, w, []int{6, 3, 3, 4}, b, 1, 1, true, false, "RELU")
		}},
		{"conv 3x3 same stride 2 (odd input)", func(o *opModel) nhwc {
			w := randVals(r, 5*3*3*4)
			o.op(tflite.OpConv2D, []int{0, o.constF([]int{5, 3, 3, 4}, w, false), -1}, []int{1, 5, 6, 5},
				tflite.Options{Padding: "SAME", StrideW: 2, StrideH: 2, DilationW: 1, DilationH: 1})
			return refConv(x, w, []int{5, 3, 3, 4}, nil, 2, 1, true, false, "")
		}},
		{"conv 2x2 valid stride 2", func(o *opModel) nhwc {
			w, b := randVals(r, 3*2*2*4), randVals(r, 3)
			o.op(tflite.OpConv2D, []int{0, o.constF([]int{3, 2, 2, 4}, w, false), o.constF([]int{3}, b, false)}, []int{1, 4, 5, 3},
				tflite.Options{Padding: "VALID", StrideW: 2, StrideH: 2, DilationW: 1, DilationH: 1})
			return refConv(x, w, []int{3, 2, 2, 4}, b, 2, 1, false, false, "")
		}},
		{"depthwise 3x3 same relu6", func(o *opModel) nhwc {
			w, b := randVals(r, 3*3*4), randVals(r, 4)
			o.op(tflite.OpDepthwiseConv2D, []int{0, o.constF([]int{1, 3, 3, 4}, w, false), o.constF([]int{4}, b, false)}, []int{1, 9, 11, 4},
				tflite.Options{Padding: "SAME", StrideW: 1, StrideH: 1, DilationW: 1, DilationH: 1, DepthMultiplier: 1, Activation: "RELU6"})
			return refConv(x, w, []int{1, 3, 3, 4}, b, 1, 1, true, true, "RELU6")
		}},
		{"depthwise 5x5 stride 2 multiplier 2", func(o *opModel) nhwc {
			w := randVals(r, 5*5*8)
			o.op(tflite.OpDepthwiseConv2D, []int{0, o.constF([]int{1, 5, 5, 8}, w, false), -1}, []int{1, 5, 6, 8},
				tflite.Options{Padding: "SAME", StrideW: 2, StrideH: 2, DilationW: 1, DilationH: 1, DepthMultiplier: 2})
			return refConv(x, w, []int{1, 5, 5, 8}, nil, 2, 1, true, true, "")
		}},
		{"max pool 2x2 stride 2 same", func(o *opModel) nhwc {
			o.op(tflite.OpMaxPool2D, []int{0}, []int{1, 5, 6, 4}, tflite.Options{Padding: "SAME", StrideW: 2, StrideH: 2, FilterW: 2, FilterH: 2})
			return refPool(x, 2, 2, true, true)
		}},
		{"average pool 3x3 stride 1 same", func(o *opModel) nhwc {
			o.op(tflite.OpAveragePool2D, []int{0}, []int{1, 9, 11, 4}, tflite.Options{Padding: "SAME", StrideW: 1, StrideH: 1, FilterW: 3, FilterH: 3})
			return refPool(x, 3, 1, true, false)
		}},
		{"prelu per channel", func(o *opModel) nhwc {
			a := randVals(r, 4)
			o.op(tflite.OpPrelu, []int{0, o.constF([]int{1, 1, 4}, a, false)}, []int{1, 9, 11, 4}, tflite.Options{})
			return refPRelu(x, a)
		}},
		{"add per-channel constant", func(o *opModel) nhwc {
			a := randVals(r, 4)
			o.op(tflite.OpAdd, []int{0, o.constF([]int{4}, a, false)}, []int{1, 9, 11, 4}, tflite.Options{})
			y := newNHWC(1, 9, 11, 4)
			for i := range y.d {
				y.d[i] = x.d[i] + a[i%4]
			}
			return y
		}},
		{"pad channels and space", func(o *opModel) nhwc {
			o.op(tflite.OpPad, []int{0, o.constI([]int{4, 2}, []int32{0, 0, 1, 2, 0, 1, 0, 4})}, []int{1, 12, 12, 8}, tflite.Options{})
			return refPad(x, [4][2]int{{0, 0}, {1, 2}, {0, 1}, {0, 4}})
		}},
		{"resize bilinear half pixel", func(o *opModel) nhwc {
			o.op(tflite.OpResizeBilinear, []int{0, o.constI([]int{2}, []int32{18, 22})}, []int{1, 18, 22, 4}, tflite.Options{HalfPixelCenters: true})
			return refResize(x, 18, 22, false, true)
		}},
		{"resize bilinear align corners", func(o *opModel) nhwc {
			o.op(tflite.OpResizeBilinear, []int{0, o.constI([]int{2}, []int32{17, 21})}, []int{1, 17, 21, 4}, tflite.Options{AlignCorners: true})
			return refResize(x, 17, 21, true, false)
		}},
		{"logistic", func(o *opModel) nhwc {
			o.op(tflite.OpLogistic, []int{0}, []int{1, 9, 11, 4}, tflite.Options{})
			y := newNHWC(1, 9, 11, 4)
			for i, v := range x.d {
				y.d[i] = float32(1 / (1 + math.Exp(-float64(v))))
			}
			return y
		}},
		{"reshape keeps NHWC order", func(o *opModel) nhwc {
			o.op(tflite.OpReshape, []int{0, o.constI([]int{2}, []int32{1, 396})}, []int{1, 396}, tflite.Options{})
			return nhwc{1, 1, 1, 396, append([]float32(nil), x.d...)}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOpModel([]int{1, 9, 11, 4})
			want := tc.build(o)
			o.check(t, x.d, want)
		})
	}
}

// TestConvAfterPadChainsLayouts runs PAD then CONV then RESHAPE: the
// transposes between NHWC and NCHW must cancel out correctly.
func TestConvAfterPadChainsLayouts(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	x := nhwc{1, 6, 6, 2, randVals(r, 72)}
	o := newOpModel([]int{1, 6, 6, 2})
	pads := o.constI([]int{4, 2}, []int32{0, 0, 1, 1, 1, 1, 0, 0})
	padded := len(o.m.Tensors)
	o.m.Tensors = append(o.m.Tensors, tflite.Tensor{Index: padded, Name: "padded", Shape: []int{1, 8, 8, 2}, Type: tflite.Float32})
	o.m.Operators = append(o.m.Operators, tflite.Operator{Code: tflite.OpPad, Inputs: []int{0, pads}, Outputs: []int{padded}})
	w := randVals(r, 3*3*3*2)
	wi := o.constF([]int{3, 3, 3, 2}, w, false)
	conv := len(o.m.Tensors)
	o.m.Tensors = append(o.m.Tensors, tflite.Tensor{Index: conv, Name: "conv", Shape: []int{1, 6, 6, 3}, Type: tflite.Float32})
	o.m.Operators = append(o.m.Operators, tflite.Operator{Code: tflite.OpConv2D, Inputs: []int{padded, wi, -1}, Outputs: []int{conv},
		Options: tflite.Options{Padding: "VALID", StrideW: 1, StrideH: 1, DilationW: 1, DilationH: 1}})
	o.op(tflite.OpReshape, []int{conv, o.constI([]int{2}, []int32{1, 108})}, []int{1, 108}, tflite.Options{})
	y := refConv(refPad(x, [4][2]int{{0, 0}, {1, 1}, {1, 1}, {0, 0}}), w, []int{3, 3, 3, 2}, nil, 1, 1, false, false, "")
	o.check(t, x.d, nhwc{1, 1, 1, 108, y.d})
}

// TestDepthToSpace uses several output channels: with one, DCR and CRD
// orders coincide and a wrong mode would go unnoticed.
func TestDepthToSpace(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	x := nhwc{1, 3, 5, 12, randVals(r, 3*5*12)}
	o := newOpModel([]int{1, 3, 5, 12})
	o.op(tflite.OpDepthToSpace, []int{0}, []int{1, 6, 10, 3}, tflite.Options{BlockSize: 2})
	o.check(t, x.d, refDepthToSpace(x, 2))
}
