// Package tflite reads TensorFlow Lite model files (the FlatBuffer format
// described by tensorflow/lite/schema/schema.fbs, file identifier "TFL3"),
// so that MediaPipe models can be converted to other formats such as ONNX.
//
// The reader is read-only and self-contained: it decodes the main subgraph's
// tensors (shapes, types, constant data, sparsity, quantization) and
// operators (codes, tensor wiring, the builtin options a converter needs).
// Every offset in the file is validated before it is followed, so corrupt or
// hostile input yields an error rather than a panic.
package tflite

import (
	"errors"
	"fmt"
	"os"
)

// Field indices (vtable slots) of the schema.fbs tables this package reads.
// A union field occupies two slots: its _type tag, then the value.
const (
	modelVersion       = 0
	modelOperatorCodes = 1
	modelSubgraphs     = 2
	modelDescription   = 3
	modelBuffers       = 4

	opcodeDeprecatedBuiltin = 0
	opcodeCustom            = 1
	opcodeVersion           = 2
	opcodeBuiltin           = 3

	subgraphTensors   = 0
	subgraphInputs    = 1
	subgraphOutputs   = 2
	subgraphOperators = 3

	tensorShape        = 0
	tensorType         = 1
	tensorBuffer       = 2
	tensorName         = 3
	tensorQuantization = 4
	tensorSparsity     = 6

	quantScale     = 2
	quantZeroPoint = 3
	quantDimension = 6

	bufferData   = 0
	bufferOffset = 1
	bufferSize   = 2

	operatorOpcodeIndex = 0
	operatorInputs      = 1
	operatorOutputs     = 2
	operatorOptionsType = 3
	operatorOptions     = 4
	operatorCustomOpts  = 5

	sparsityTraversal = 0
	sparsityBlockMap  = 1
	sparsityDims      = 2

	dimFormat       = 0
	dimDenseSize    = 1
	dimSegmentsType = 2
	dimSegments     = 3
	dimIndicesType  = 4
	dimIndices      = 5
)

// Identifier is the FlatBuffer file identifier of TensorFlow Lite models,
// stored at bytes 4..8 of the file.
const Identifier = "TFL3"

// SchemaVersion is the only schema version this package (and TensorFlow
// Lite itself) accepts.
const SchemaVersion = 3

// maxElements bounds the element count of any tensor this package will
// materialise (1<<30 elements; 4 GiB as float32).
const maxElements = 1 << 30

// ReadFile reads and parses the TensorFlow Lite model at path.
func ReadFile(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tflite: %w", err)
	}
	m, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Parse decodes a TensorFlow Lite model held in b. Tensor.Data and
// Operator.CustomOptions alias b, which must not be modified afterwards.
// Only the first (main) subgraph is decoded. Parse never panics: corrupt
// input of any kind is reported as an error.
func Parse(b []byte) (m *Model, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("tflite: internal error decoding model (corrupt file?): %v", p)
		}
	}()
	if len(b) < 8 {
		return nil, fmt.Errorf("tflite: file too short (%d bytes) to be a model", len(b))
	}
	if id := string(b[4:8]); id != Identifier {
		return nil, fmt.Errorf("tflite: not a TensorFlow Lite model (file identifier %q, want %q)", id, Identifier)
	}
	d := &decoder{r: newReader(b)}
	m, err = d.model()
	if err == nil {
		err = d.r.err
	}
	if err != nil {
		return nil, fmt.Errorf("tflite: %w", err)
	}
	return m, nil
}

type opcode struct {
	code    BuiltinOp
	custom  string
	version int
}

type decoder struct {
	r       *reader
	opcodes []opcode
	buffers func(int) table
	nbuf    int
}

func (d *decoder) model() (*Model, error) {
	r := d.r
	root := r.tableAt(r.deref(0, "root offset"), "Model")
	if !root.valid() {
		return nil, r.err
	}
	m := &Model{
		Version:     int(root.u32(modelVersion, 0)),
		Description: root.string(modelDescription),
	}
	if r.err != nil {
		return nil, r.err
	}
	if m.Version != SchemaVersion {
		return nil, fmt.Errorf("unsupported schema version %d (want %d)", m.Version, SchemaVersion)
	}

	// Operator codes.
	codeAt, ncodes := root.tables(modelOperatorCodes, "OperatorCode")
	if !r.spend(64*ncodes, "operator codes") {
		return nil, r.err
	}
	d.opcodes = make([]opcode, ncodes)
	for i := range d.opcodes {
		t := codeAt(i)
		dep := BuiltinOp(t.i8(opcodeDeprecatedBuiltin, 0))
		code := BuiltinOp(t.i32(opcodeBuiltin, 0))
		// As TFLite's GetBuiltinCode: old files only set the int8 field,
		// codes >= 127 only live in the int32 field.
		d.opcodes[i] = opcode{code: max(dep, code), custom: t.string(opcodeCustom), version: int(t.i32(opcodeVersion, 1))}
		if r.err != nil {
			return nil, fmt.Errorf("operator code %d: %w", i, r.err)
		}
		if d.opcodes[i].code < 0 {
			return nil, fmt.Errorf("operator code %d: negative builtin code %d", i, d.opcodes[i].code)
		}
	}

	d.buffers, d.nbuf = root.tables(modelBuffers, "Buffer")

	sgAt, nsg := root.tables(modelSubgraphs, "SubGraph")
	if r.err != nil {
		return nil, r.err
	}
	if nsg == 0 {
		return nil, errors.New("model has no subgraphs")
	}
	m.Subgraphs = nsg
	sg := sgAt(0)
	if !sg.valid() {
		return nil, fmt.Errorf("subgraph 0: %w", r.err)
	}

	tenAt, nt := sg.tables(subgraphTensors, "Tensor")
	if !r.spend(256*nt, "tensors") {
		return nil, r.err
	}
	m.Tensors = make([]Tensor, nt)
	for i := range m.Tensors {
		if err := d.tensor(tenAt(i), i, &m.Tensors[i]); err != nil {
			return nil, fmt.Errorf("tensor %d: %w", i, err)
		}
	}

	var err error
	if m.Inputs, err = graphIO(sg.ints(subgraphInputs), nt, "input"); err != nil {
		return nil, err
	}
	if m.Outputs, err = graphIO(sg.ints(subgraphOutputs), nt, "output"); err != nil {
		return nil, err
	}

	opAt, nops := sg.tables(subgraphOperators, "Operator")
	if !r.spend(256*nops, "operators") {
		return nil, r.err
	}
	m.Operators = make([]Operator, nops)
	for i := range m.Operators {
		if err := d.operator(opAt(i), i, nt, &m.Operators[i]); err != nil {
			return nil, fmt.Errorf("operator %d: %w", i, err)
		}
	}
	return m, r.err
}

func graphIO(idx []int, nt int, what string) ([]int, error) {
	for _, t := range idx {
		if t < 0 || t >= nt {
			return nil, fmt.Errorf("graph %s tensor index %d out of range [0, %d)", what, t, nt)
		}
	}
	return idx, nil
}

func (d *decoder) tensor(t table, i int, out *Tensor) error {
	r := d.r
	if !t.valid() {
		return r.err
	}
	out.Index = i
	out.Shape = t.ints(tensorShape)
	if out.Shape == nil {
		out.Shape = []int{}
	}
	out.Type = TensorType(t.i8(tensorType, 0))
	buf := t.u32(tensorBuffer, 0)
	out.Name = t.string(tensorName)
	if r.err != nil {
		return r.err
	}
	if uint64(buf) >= uint64(max(d.nbuf, 1)) {
		return fmt.Errorf("%q: buffer index %d out of range (%d buffers)", out.Name, buf, d.nbuf)
	}
	out.Buffer = int(buf)
	if buf != 0 || d.nbuf > 0 {
		bt := d.buffers(int(buf))
		if !bt.valid() {
			return fmt.Errorf("%q: buffer %d: %w", out.Name, buf, r.err)
		}
		out.Data = bt.bytes(bufferData)
		if off, size := bt.u64(bufferOffset, 0), bt.u64(bufferSize, 0); off > 1 || (len(out.Data) == 0 && size > 0) {
			return fmt.Errorf("%q: buffer %d stores its data outside the FlatBuffer (offset %d, size %d; >2 GB model layout), which is not supported", out.Name, buf, off, size)
		}
	}

	if qt, ok := t.subTable(tensorQuantization, "QuantizationParameters"); ok {
		q := &Quantization{
			Scale:              qt.floats(quantScale),
			ZeroPoint:          qt.longs(quantZeroPoint),
			QuantizedDimension: int(qt.i32(quantDimension, 0)),
		}
		if len(q.Scale) > 0 {
			out.Quantization = q
		}
	}
	if st, ok := t.subTable(tensorSparsity, "SparsityParameters"); ok {
		out.Sparsity = d.sparsity(st)
	}
	if r.err != nil {
		return r.err
	}

	if out.Data != nil {
		if size := out.Type.Size(); size > 0 {
			if out.Sparsity != nil {
				if len(out.Data)%size != 0 {
					return fmt.Errorf("%q: sparse %s data of %d bytes is not a whole number of elements", out.Name, out.Type, len(out.Data))
				}
			} else {
				n, err := numElements(out.Shape)
				if err != nil {
					return fmt.Errorf("%q: %w", out.Name, err)
				}
				if len(out.Data) != n*size {
					return fmt.Errorf("%q: %s%v constant has %d bytes of data, want %d", out.Name, out.Type, out.Shape, len(out.Data), n*size)
				}
			}
		}
	}
	return nil
}

func (d *decoder) sparsity(st table) *Sparsity {
	s := &Sparsity{
		TraversalOrder: st.ints(sparsityTraversal),
		BlockMap:       st.ints(sparsityBlockMap),
	}
	dimAt, n := st.tables(sparsityDims, "DimensionMetadata")
	if !d.r.spend(64*n, "sparsity dims") {
		return s
	}
	s.Dims = make([]DimMeta, n)
	for i := range s.Dims {
		dt := dimAt(i)
		s.Dims[i] = DimMeta{
			Format:    int(dt.i8(dimFormat, 0)),
			DenseSize: int(dt.i32(dimDenseSize, 0)),
			Segments:  d.indexVector(dt, dimSegmentsType, dimSegments),
			Indices:   d.indexVector(dt, dimIndicesType, dimIndices),
		}
	}
	return s
}

// indexVector decodes a SparseIndexVector union (Int32Vector = 1,
// Uint16Vector = 2, Uint8Vector = 3; each a table whose field 0 is values).
func (d *decoder) indexVector(dt table, typeField, valueField int) []int {
	kind := dt.u8(typeField, 0)
	vt, ok := dt.subTable(valueField, "SparseIndexVector")
	if !ok {
		return nil
	}
	switch kind {
	case 1:
		return vt.ints(0)
	case 2:
		return vt.uints(0, 2)
	case 3:
		return vt.uints(0, 1)
	}
	d.r.failf("DimensionMetadata: unknown SparseIndexVector type %d", kind)
	return nil
}

func (d *decoder) operator(t table, i, nt int, out *Operator) error {
	r := d.r
	if !t.valid() {
		return r.err
	}
	out.Index = i
	oc := t.u32(operatorOpcodeIndex, 0)
	out.Inputs = t.ints(operatorInputs)
	out.Outputs = t.ints(operatorOutputs)
	out.CustomOptions = t.bytes(operatorCustomOpts)
	if r.err != nil {
		return r.err
	}
	if uint64(oc) >= uint64(len(d.opcodes)) {
		return fmt.Errorf("opcode index %d out of range (%d operator codes)", oc, len(d.opcodes))
	}
	code := d.opcodes[oc]
	out.Code, out.Version = code.code, code.version
	if code.code == OpCustom {
		out.Custom = code.custom
	}
	for _, list := range [][]int{out.Inputs, out.Outputs} {
		for _, ti := range list {
			if ti < -1 || ti >= nt {
				return fmt.Errorf("%s: tensor index %d out of range [0, %d)", out.Code, ti, nt)
			}
		}
	}
	if err := d.options(t, out); err != nil {
		return fmt.Errorf("%s: %w", out.Code, err)
	}
	return r.err
}

// BuiltinOptions union tags (1 + position in schema.fbs union BuiltinOptions).
const (
	optConv2D          = 1
	optDepthwiseConv2D = 2
	optPool2D          = 5
	optFullyConnected  = 8
	optSoftmax         = 9
	optConcatenation   = 10
	optAdd             = 11
	optResizeBilinear  = 15
	optReshape         = 17
	optSpaceToDepth    = 19
	optMul             = 21
	optGather          = 23
	optReducer         = 27
	optSub             = 28
	optDiv             = 29
	optTransposeConv   = 49
	optResizeNearest   = 74
	optDepthToSpace    = 94
)

var activations = [...]string{"NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"}

func activation(v int8) (string, error) {
	if v < 0 || int(v) >= len(activations) {
		return "", fmt.Errorf("unknown fused activation %d", v)
	}
	return activations[v], nil
}

func padding(v int8) (string, error) {
	switch v {
	case 0:
		return "SAME", nil
	case 1:
		return "VALID", nil
	}
	return "", fmt.Errorf("unknown padding %d", v)
}

// options decodes the builtin options table of op according to its code,
// checking that the union tag names the expected options table.
func (d *decoder) options(t table, op *Operator) error {
	var want uint8
	switch op.Code {
	case OpConv2D:
		want = optConv2D
	case OpDepthwiseConv2D:
		want = optDepthwiseConv2D
	case OpAveragePool2D, OpMaxPool2D, 12: // 12 = L2_POOL_2D
		want = optPool2D
	case OpFullyConnected:
		want = optFullyConnected
	case OpSoftmax:
		want = optSoftmax
	case OpConcatenation:
		want = optConcatenation
	case OpAdd:
		want = optAdd
	case OpResizeBilinear:
		want = optResizeBilinear
	case OpReshape:
		want = optReshape
	case OpSpaceToDepth:
		want = optSpaceToDepth
	case OpMul:
		want = optMul
	case OpGather:
		want = optGather
	case OpMean, 74, 81, 82, 89, 91, 140: // SUM, REDUCE_PROD/MAX/MIN/ANY/ALL
		want = optReducer
	case OpSub:
		want = optSub
	case OpDiv:
		want = optDiv
	case OpTransposeConv:
		want = optTransposeConv
	case OpResizeNearestNeighbor:
		want = optResizeNearest
	case OpDepthToSpace:
		want = optDepthToSpace
	default:
		return nil // options not needed by the converter
	}
	tag := t.u8(operatorOptionsType, 0)
	var o table // zero table: every read returns the schema default
	if tag != 0 {
		if tag != want {
			return fmt.Errorf("builtin options type %d, want %d", tag, want)
		}
		o, _ = t.subTable(operatorOptions, "BuiltinOptions")
		if d.r.err != nil {
			return d.r.err
		}
	}

	opt := &op.Options
	var err error
	act := func(field int) {
		if err == nil {
			opt.Activation, err = activation(o.i8(field, 0))
		}
	}
	pad := func() {
		if err == nil {
			opt.Padding, err = padding(o.i8(0, 0))
		}
	}
	switch want {
	case optConv2D:
		pad()
		opt.StrideW, opt.StrideH = int(o.i32(1, 0)), int(o.i32(2, 0))
		act(3)
		opt.DilationW, opt.DilationH = int(o.i32(4, 1)), int(o.i32(5, 1))
	case optDepthwiseConv2D:
		pad()
		opt.StrideW, opt.StrideH = int(o.i32(1, 0)), int(o.i32(2, 0))
		opt.DepthMultiplier = int(o.i32(3, 0))
		act(4)
		opt.DilationW, opt.DilationH = int(o.i32(5, 1)), int(o.i32(6, 1))
	case optPool2D:
		pad()
		opt.StrideW, opt.StrideH = int(o.i32(1, 0)), int(o.i32(2, 0))
		opt.FilterW, opt.FilterH = int(o.i32(3, 0)), int(o.i32(4, 0))
		act(5)
	case optTransposeConv:
		pad()
		opt.StrideW, opt.StrideH = int(o.i32(1, 0)), int(o.i32(2, 0))
		act(3)
	case optFullyConnected, optAdd, optMul, optSub, optDiv:
		act(0)
	case optSoftmax:
		opt.Beta = o.f32(0, 0)
	case optConcatenation:
		opt.Axis = int(o.i32(0, 0))
		act(1)
	case optGather:
		opt.Axis = int(o.i32(0, 0))
	case optReshape:
		opt.NewShape = o.ints(0)
	case optResizeBilinear:
		opt.AlignCorners, opt.HalfPixelCenters = o.bool(2, false), o.bool(3, false)
	case optResizeNearest:
		opt.AlignCorners, opt.HalfPixelCenters = o.bool(0, false), o.bool(1, false)
	case optSpaceToDepth, optDepthToSpace:
		opt.BlockSize = int(o.i32(0, 0))
	case optReducer:
		opt.KeepDims = o.bool(0, false)
	}
	if err != nil {
		return err
	}
	return d.r.err
}

// numElements returns the product of shape, rejecting negative dimensions
// and products above maxElements.
func numElements(shape []int) (int, error) {
	n := 1
	for _, s := range shape {
		if s < 0 {
			return 0, fmt.Errorf("shape %v has a negative dimension", shape)
		}
		if s != 0 && n > maxElements/s {
			return 0, fmt.Errorf("shape %v has more than %d elements", shape, maxElements)
		}
		n *= s
	}
	return n, nil
}
