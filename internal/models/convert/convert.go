// Package convert turns MediaPipe TensorFlow Lite models into ONNX models
// that ONNX Runtime runs with the same numerics.
//
// TFLite works in NHWC; ONNX's convolution and pooling ops work in NCHW. The
// converted graph keeps TFLite's NHWC layout at its inputs and outputs: it
// transposes each 4-D input to NCHW once, runs NCHW ops inside (weights are
// transposed at conversion time, so no run-time cost), and transposes 4-D
// outputs back. Each value remembers its layout, and a Transpose is inserted
// only where an op needs the other one (RESHAPE, for example, is defined on
// NHWC order). Constant weights stored as float16 behind DEQUANTIZE, or
// sparse behind DENSIFY, are folded into float32 initializers.
package convert

import (
	"fmt"

	"nevermind/internal/models/onnxpb"
	"nevermind/internal/models/tflite"
)

// value is a TFLite tensor as it exists in the ONNX graph being built.
type value struct {
	name  string
	nchw  bool  // a 4-D activation held in NCHW order
	shape []int // TFLite (NHWC) shape
}

type converter struct {
	m      *tflite.Model
	b      *onnxpb.Builder
	vals   map[int]value     // activations, by TFLite tensor index
	consts map[int][]float32 // folded constants, by TFLite tensor index
}

// Convert converts the model's first subgraph.
func Convert(m *tflite.Model, name string) (*onnxpb.Model, error) {
	c := &converter{m: m, b: onnxpb.NewBuilder(name), vals: map[int]value{}, consts: map[int][]float32{}}
	for _, in := range m.Inputs {
		t := m.Tensors[in]
		if t.Type != tflite.Float32 {
			return nil, fmt.Errorf("input %s is %s; only float32 inputs are supported", t.Name, t.Type)
		}
		dims := make([]int64, len(t.Shape))
		for i, d := range t.Shape {
			dims[i] = int64(d)
		}
		n := c.b.Input(onnxName(t.Name), onnxpb.Float, dims...)
		c.vals[in] = value{name: n, shape: t.Shape}
	}
	for _, op := range m.Operators {
		if err := c.op(op); err != nil {
			return nil, fmt.Errorf("operator %d (%s): %w", op.Index, op.Code, err)
		}
	}
	for _, out := range m.Outputs {
		t := m.Tensors[out]
		v, ok := c.vals[out]
		if !ok {
			return nil, fmt.Errorf("output %s is not produced by any operator", t.Name)
		}
		v = c.nhwc(v)
		dims := make([]int64, len(t.Shape))
		for i, d := range t.Shape {
			dims[i] = int64(d)
		}
		c.b.OutputAs(v.name, onnxName(t.Name), onnxpb.Float, dims...)
	}
	return c.b.Model(), nil
}

// onnxName keeps tensor names readable but safe.
func onnxName(s string) string {
	if s == "" {
		return "t"
	}
	return s
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// constant returns a tensor's float32 data if it is (or folds to) a
// constant; sparse constants come back dense.
func (c *converter) constant(idx int) ([]float32, bool, error) {
	if idx < 0 {
		return nil, false, nil
	}
	if d, ok := c.consts[idx]; ok {
		return d, true, nil
	}
	t := c.m.Tensors[idx]
	if t.Data == nil {
		return nil, false, nil
	}
	d, err := c.m.Float32(t)
	if err != nil {
		return nil, false, err
	}
	if t.Sparsity != nil {
		if d, err = tflite.Densify(t, d); err != nil {
			return nil, false, err
		}
	}
	c.consts[idx] = d
	return d, true, nil
}

// act returns an activation input.
func (c *converter) act(idx int) (value, error) {
	v, ok := c.vals[idx]
	if !ok {
		if _, isConst, _ := c.constant(idx); isConst {
			return value{}, fmt.Errorf("input %d is a constant where an activation was expected", idx)
		}
		return value{}, fmt.Errorf("input tensor %d is not computed yet (operators out of order?)", idx)
	}
	return v, nil
}

var toNCHW = []int64{0, 3, 1, 2}
var toNHWC = []int64{0, 2, 3, 1}

// nchw returns v in NCHW order, transposing a 4-D NHWC value.
func (c *converter) nchw(v value) value {
	if v.nchw || len(v.shape) != 4 {
		return v
	}
	return value{name: c.b.Op("Transpose", []string{v.name}, onnxpb.AttrInts("perm", toNCHW)), nchw: true, shape: v.shape}
}

// nhwc returns v in TFLite's own order.
func (c *converter) nhwc(v value) value {
	if !v.nchw {
		return v
	}
	return value{name: c.b.Op("Transpose", []string{v.name}, onnxpb.AttrInts("perm", toNHWC)), shape: v.shape}
}

func (c *converter) set(op tflite.Operator, v value) {
	v.shape = c.m.Tensors[op.Outputs[0]].Shape
	c.vals[op.Outputs[0]] = v
}

// activation applies a fused activation function.
func (c *converter) activation(name, fn string) (string, error) {
	switch fn {
	case "", "NONE":
		return name, nil
	case "RELU":
		return c.b.Op("Relu", []string{name}), nil
	case "RELU6":
		return c.clip(name, 0, 6), nil
	case "RELU_N1_TO_1":
		return c.clip(name, -1, 1), nil
	case "TANH":
		return c.b.Op("Tanh", []string{name}), nil
	}
	return "", fmt.Errorf("fused activation %s is not supported", fn)
}

func (c *converter) clip(name string, lo, hi float32) string {
	min := c.b.Const("", onnxpb.FloatTensor("", nil, []float32{lo}))
	max := c.b.Const("", onnxpb.FloatTensor("", nil, []float32{hi}))
	return c.b.Op("Clip", []string{name, min, max})
}

// samePads returns TFLite's SAME padding (extra on the end) for one axis.
func samePads(in, k, stride, dil int) (int, int) {
	out := (in + stride - 1) / stride
	eff := (k-1)*dil + 1
	total := max((out-1)*stride+eff-in, 0)
	return total / 2, total - total/2
}

func pads(padding string, h, w, kh, kw, sh, sw, dh, dw int) []int64 {
	if padding != "SAME" {
		return []int64{0, 0, 0, 0}
	}
	t, b := samePads(h, kh, sh, dh)
	l, r := samePads(w, kw, sw, dw)
	return []int64{int64(t), int64(l), int64(b), int64(r)}
}

func one(v int) int {
	if v == 0 {
		return 1
	}
	return v
}

func (c *converter) op(op tflite.Operator) error {
	switch op.Code.String() {
	case "DEQUANTIZE", "DENSIFY":
		return c.foldConstant(op)
	case "CONV_2D", "DEPTHWISE_CONV_2D":
		return c.conv(op)
	case "MAX_POOL_2D", "AVERAGE_POOL_2D":
		return c.pool(op)
	case "ADD", "MUL", "SUB", "DIV":
		return c.binary(op)
	case "PRELU":
		return c.prelu(op)
	case "LOGISTIC", "RELU", "RELU6", "TANH":
		return c.unary(op)
	case "PAD":
		return c.pad(op)
	case "RESHAPE":
		return c.reshape(op)
	case "RESIZE_BILINEAR":
		return c.resizeBilinear(op)
	case "CONCATENATION":
		return c.concatenation(op)
	case "DEPTH_TO_SPACE":
		return c.depthToSpace(op)
	}
	return fmt.Errorf("TFLite operator %s is not supported by the converter", op.Code)
}

// foldConstant folds a dequantised or densified constant at conversion.
func (c *converter) foldConstant(op tflite.Operator) error {
	d, ok, err := c.constant(op.Inputs[0])
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s of a non-constant tensor is not supported", op.Code)
	}
	out := c.m.Tensors[op.Outputs[0]]
	if len(d) != prod(out.Shape) {
		return fmt.Errorf("folded constant has %d values for shape %v", len(d), out.Shape)
	}
	c.consts[op.Outputs[0]] = d
	return nil
}

// pool is a max or average pool.
func (c *converter) pool(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	x = c.nchw(x)
	o := op.Options
	kh, kw, sh, sw := o.FilterH, o.FilterW, one(o.StrideH), one(o.StrideW)
	p := pads(o.Padding, x.shape[1], x.shape[2], kh, kw, sh, sw, 1, 1)
	typ := "MaxPool"
	attrs := []onnxpb.Attr{onnxpb.AttrInts("kernel_shape", []int64{int64(kh), int64(kw)}),
		onnxpb.AttrInts("strides", []int64{int64(sh), int64(sw)}), onnxpb.AttrInts("pads", p)}
	if op.Code.String() == "AVERAGE_POOL_2D" {
		typ = "AveragePool"
		attrs = append(attrs, onnxpb.AttrInt("count_include_pad", 0))
	}
	y := c.b.Op(typ, []string{x.name}, attrs...)
	y, err = c.activation(y, o.Activation)
	if err != nil {
		return err
	}
	c.set(op, value{name: y, nchw: true})
	return nil
}

// prelu is PReLU with a constant slope.
func (c *converter) prelu(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	alpha, ok, err := c.constant(op.Inputs[1])
	if err != nil || !ok {
		return fmt.Errorf("PRELU needs a constant slope: %v", err)
	}
	x = c.nchw(x)
	ch := x.shape[len(x.shape)-1]
	var dims []int64
	switch {
	case len(alpha) == 1:
		dims = []int64{1}
	case len(alpha) == ch && len(x.shape) == 4:
		dims = []int64{int64(ch), 1, 1}
	case len(alpha) == ch:
		dims = []int64{int64(ch)}
	default:
		return fmt.Errorf("PRELU slope of %d values for %d channels is not supported", len(alpha), ch)
	}
	a := c.b.Const("", onnxpb.FloatTensor("", dims, alpha))
	c.set(op, value{name: c.b.Op("PRelu", []string{x.name, a}), nchw: x.nchw})
	return nil
}

// unary is an element-wise activation.
func (c *converter) unary(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	var y string
	switch op.Code.String() {
	case "LOGISTIC":
		y = c.b.Op("Sigmoid", []string{x.name})
	case "RELU":
		y = c.b.Op("Relu", []string{x.name})
	case "RELU6":
		y = c.clip(x.name, 0, 6)
	case "TANH":
		y = c.b.Op("Tanh", []string{x.name})
	}
	c.set(op, value{name: y, nchw: x.nchw})
	return nil
}

// pad pads with zeros.
func (c *converter) pad(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	pt := c.m.Tensors[op.Inputs[1]]
	pp, err := c.m.Int32(pt)
	if err != nil {
		return fmt.Errorf("PAD paddings: %w", err)
	}
	r := len(x.shape)
	if len(pp) != 2*r {
		return fmt.Errorf("PAD paddings have %d values for rank %d", len(pp), r)
	}
	x = c.nchw(x)
	order := make([]int, r)
	for i := range order {
		order[i] = i
	}
	if x.nchw {
		order = []int{0, 3, 1, 2}
	}
	p := make([]int64, 2*r)
	for i, ax := range order {
		p[i] = int64(pp[2*ax])
		p[r+i] = int64(pp[2*ax+1])
	}
	pv := c.b.Const("", onnxpb.Int64Tensor("", []int64{int64(2 * r)}, p))
	c.set(op, value{name: c.b.Op("Pad", []string{x.name, pv}), nchw: x.nchw})
	return nil
}

// reshape reshapes.
func (c *converter) reshape(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	x = c.nhwc(x)
	out := c.m.Tensors[op.Outputs[0]].Shape
	s := make([]int64, len(out))
	for i, d := range out {
		s[i] = int64(d)
	}
	sv := c.b.Const("", onnxpb.Int64Tensor("", []int64{int64(len(s))}, s))
	c.set(op, value{name: c.b.Op("Reshape", []string{x.name, sv})})
	return nil
}

// resizeBilinear resizes bilinearly.
func (c *converter) resizeBilinear(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	x = c.nchw(x)
	out := c.m.Tensors[op.Outputs[0]].Shape
	mode := "asymmetric"
	switch {
	case op.Options.AlignCorners:
		mode = "align_corners"
	case op.Options.HalfPixelCenters:
		mode = "half_pixel"
	}
	roi := c.b.Const("", onnxpb.FloatTensor("", []int64{0}, nil))
	scales := c.b.Const("", onnxpb.FloatTensor("", []int64{0}, nil))
	sizes := c.b.Const("", onnxpb.Int64Tensor("", []int64{4}, []int64{int64(out[0]), int64(out[3]), int64(out[1]), int64(out[2])}))
	y := c.b.Op("Resize", []string{x.name, roi, scales, sizes}, onnxpb.AttrString("mode", "linear"),
		onnxpb.AttrString("coordinate_transformation_mode", mode))
	c.set(op, value{name: y, nchw: true})
	return nil
}

// concatenation concatenates along an axis.
func (c *converter) concatenation(op tflite.Operator) error {
	var names []string
	var inNCHW bool
	var vs []value
	for _, in := range op.Inputs {
		v, err := c.act(in)
		if err != nil {
			return err
		}
		vs = append(vs, v)
		inNCHW = inNCHW || v.nchw
	}
	rank := len(vs[0].shape)
	axis := op.Options.Axis
	if axis < 0 {
		axis += rank
	}
	for _, v := range vs {
		if inNCHW {
			v = c.nchw(v)
		} else {
			v = c.nhwc(v)
		}
		names = append(names, v.name)
	}
	if inNCHW && rank == 4 {
		axis = []int{0, 2, 3, 1}[axis]
	}
	y := c.b.Op("Concat", names, onnxpb.AttrInt("axis", int64(axis)))
	y, err := c.activation(y, op.Options.Activation)
	if err != nil {
		return err
	}
	c.set(op, value{name: y, nchw: inNCHW && rank == 4})
	return nil
}

// depthToSpace moves depth into space (DCR).
func (c *converter) depthToSpace(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	x = c.nchw(x)
	y := c.b.Op("DepthToSpace", []string{x.name}, onnxpb.AttrInt("blocksize", int64(op.Options.BlockSize)), onnxpb.AttrString("mode", "DCR"))
	c.set(op, value{name: y, nchw: true})
	return nil
}

func (c *converter) conv(op tflite.Operator) error {
	x, err := c.act(op.Inputs[0])
	if err != nil {
		return err
	}
	w, ok, err := c.constant(op.Inputs[1])
	if err != nil || !ok {
		return fmt.Errorf("weights must be constant: %v", err)
	}
	ws := c.m.Tensors[op.Inputs[1]].Shape // CONV: [O, KH, KW, I]; DEPTHWISE: [1, KH, KW, C*M]
	if len(ws) != 4 || len(w) != prod(ws) {
		return fmt.Errorf("weights of shape %v", ws)
	}
	x = c.nchw(x)
	cin := x.shape[3]
	o := op.Options
	kh, kw := ws[1], ws[2]
	var wd []float32
	var dims []int64
	group := 1
	if op.Code.String() == "DEPTHWISE_CONV_2D" {
		cout := ws[3]
		group = cin
		// [1, KH, KW, Cout] -> [Cout, 1, KH, KW]
		wd = make([]float32, len(w))
		for i := 0; i < kh; i++ {
			for j := 0; j < kw; j++ {
				for k := 0; k < cout; k++ {
					wd[(k*kh+i)*kw+j] = w[(i*kw+j)*cout+k]
				}
			}
		}
		dims = []int64{int64(cout), 1, int64(kh), int64(kw)}
	} else {
		cout, ci := ws[0], ws[3]
		// [O, KH, KW, I] -> [O, I, KH, KW]
		wd = make([]float32, len(w))
		for oc := 0; oc < cout; oc++ {
			for i := 0; i < kh; i++ {
				for j := 0; j < kw; j++ {
					for ic := 0; ic < ci; ic++ {
						wd[((oc*ci+ic)*kh+i)*kw+j] = w[((oc*kh+i)*kw+j)*ci+ic]
					}
				}
			}
		}
		dims = []int64{int64(cout), int64(ci), int64(kh), int64(kw)}
		if ci != cin {
			group = cin / ci
		}
	}
	sh, sw, dh, dw := one(o.StrideH), one(o.StrideW), one(o.DilationH), one(o.DilationW)
	inputs := []string{x.name, c.b.Const("", onnxpb.FloatTensor("", dims, wd))}
	if len(op.Inputs) > 2 && op.Inputs[2] >= 0 {
		b, ok, err := c.constant(op.Inputs[2])
		if err != nil || !ok {
			return fmt.Errorf("bias must be constant: %v", err)
		}
		inputs = append(inputs, c.b.Const("", onnxpb.FloatTensor("", []int64{int64(len(b))}, b)))
	}
	y := c.b.Op("Conv", inputs,
		onnxpb.AttrInts("kernel_shape", []int64{int64(kh), int64(kw)}),
		onnxpb.AttrInts("strides", []int64{int64(sh), int64(sw)}),
		onnxpb.AttrInts("dilations", []int64{int64(dh), int64(dw)}),
		onnxpb.AttrInts("pads", pads(o.Padding, x.shape[1], x.shape[2], kh, kw, sh, sw, dh, dw)),
		onnxpb.AttrInt("group", int64(group)))
	y, err = c.activation(y, o.Activation)
	if err != nil {
		return err
	}
	c.set(op, value{name: y, nchw: true})
	return nil
}

// binary converts elementwise ops with NumPy broadcasting. A constant
// operand is laid out to match the activation's order.
func (c *converter) binary(op tflite.Operator) error {
	typ := map[string]string{"ADD": "Add", "MUL": "Mul", "SUB": "Sub", "DIV": "Div"}[op.Code.String()]
	var names [2]string
	var ref value
	haveAct := false
	for i := 0; i < 2; i++ {
		if v, ok := c.vals[op.Inputs[i]]; ok {
			if haveAct && ref.nchw != v.nchw {
				v = c.nchw(v)
				ref = c.nchw(ref)
				names[0] = ref.name
			}
			if !haveAct {
				ref, haveAct = v, true
			}
			names[i] = v.name
		}
	}
	if !haveAct {
		return fmt.Errorf("both operands are constant")
	}
	for i := 0; i < 2; i++ {
		if names[i] != "" {
			continue
		}
		d, ok, err := c.constant(op.Inputs[i])
		if err != nil || !ok {
			return fmt.Errorf("operand %d: %v", i, err)
		}
		shape := c.m.Tensors[op.Inputs[i]].Shape
		dims := make([]int64, len(shape))
		for k, s := range shape {
			dims[k] = int64(s)
		}
		if ref.nchw && len(shape) == 4 {
			// NHWC constant -> NCHW.
			n, h, w, ch := shape[0], shape[1], shape[2], shape[3]
			t := make([]float32, len(d))
			for a := 0; a < n; a++ {
				for y := 0; y < h; y++ {
					for x := 0; x < w; x++ {
						for k := 0; k < ch; k++ {
							t[((a*ch+k)*h+y)*w+x] = d[((a*h+y)*w+x)*ch+k]
						}
					}
				}
			}
			d, dims = t, []int64{int64(n), int64(ch), int64(h), int64(w)}
		} else if ref.nchw && len(shape) == 1 && shape[0] > 1 {
			dims = []int64{int64(shape[0]), 1, 1}
		}
		names[i] = c.b.Const("", onnxpb.FloatTensor("", dims, d))
	}
	y := c.b.Op(typ, names[:])
	y, err := c.activation(y, op.Options.Activation)
	if err != nil {
		return err
	}
	c.set(op, value{name: y, nchw: ref.nchw})
	return nil
}
