package tflite

import "fmt"

// TensorType is the element type of a tensor (schema.fbs enum TensorType).
type TensorType int8

// Tensor element types, as numbered in schema.fbs.
const (
	Float32    TensorType = 0
	Float16    TensorType = 1
	Int32      TensorType = 2
	Uint8      TensorType = 3
	Int64      TensorType = 4
	String     TensorType = 5
	Bool       TensorType = 6
	Int16      TensorType = 7
	Complex64  TensorType = 8
	Int8       TensorType = 9
	Float64    TensorType = 10
	Complex128 TensorType = 11
	Uint64     TensorType = 12
	Resource   TensorType = 13
	Variant    TensorType = 14
	Uint32     TensorType = 15
	Uint16     TensorType = 16
	Int4       TensorType = 17
)

var typeNames = [...]string{
	"FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16",
	"COMPLEX64", "INT8", "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE",
	"VARIANT", "UINT32", "UINT16", "INT4",
}

// String returns the schema name of the type, e.g. "FLOAT16".
func (t TensorType) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("TensorType(%d)", int8(t))
}

// Size returns the size of one element in bytes, or 0 for types without a
// fixed whole-byte size (STRING, RESOURCE, VARIANT, INT4, unknown types).
func (t TensorType) Size() int {
	switch t {
	case Uint8, Int8, Bool:
		return 1
	case Float16, Int16, Uint16:
		return 2
	case Float32, Int32, Uint32:
		return 4
	case Int64, Uint64, Float64, Complex64:
		return 8
	case Complex128:
		return 16
	}
	return 0
}

// BuiltinOp is a TensorFlow Lite builtin operator code (schema.fbs enum
// BuiltinOperator).
type BuiltinOp int32

// Builtin operator codes used by MediaPipe vision models (and a few common
// neighbours). Every other code is still decoded and named by String.
const (
	OpAdd                   BuiltinOp = 0
	OpAveragePool2D         BuiltinOp = 1
	OpConcatenation         BuiltinOp = 2
	OpConv2D                BuiltinOp = 3
	OpDepthwiseConv2D       BuiltinOp = 4
	OpDepthToSpace          BuiltinOp = 5
	OpDequantize            BuiltinOp = 6
	OpFullyConnected        BuiltinOp = 9
	OpLogistic              BuiltinOp = 14
	OpMaxPool2D             BuiltinOp = 17
	OpMul                   BuiltinOp = 18
	OpRelu                  BuiltinOp = 19
	OpRelu6                 BuiltinOp = 21
	OpReshape               BuiltinOp = 22
	OpResizeBilinear        BuiltinOp = 23
	OpSoftmax               BuiltinOp = 25
	OpSpaceToDepth          BuiltinOp = 26
	OpTanh                  BuiltinOp = 28
	OpCustom                BuiltinOp = 32
	OpPad                   BuiltinOp = 34
	OpGather                BuiltinOp = 36
	OpTranspose             BuiltinOp = 39
	OpMean                  BuiltinOp = 40
	OpSub                   BuiltinOp = 41
	OpDiv                   BuiltinOp = 42
	OpPrelu                 BuiltinOp = 54
	OpTransposeConv         BuiltinOp = 67
	OpResizeNearestNeighbor BuiltinOp = 97
	OpHardSwish             BuiltinOp = 117
	OpDensify               BuiltinOp = 124
)

// String returns the schema name of the operator, e.g. "CONV_2D".
func (o BuiltinOp) String() string {
	if o >= 0 && int(o) < len(builtinNames) && builtinNames[o] != "" {
		return builtinNames[o]
	}
	if o == 225 {
		return "TEMP_STREAMING_CONV_2D"
	}
	return fmt.Sprintf("BuiltinOp(%d)", int32(o))
}

// Tensor is one tensor of the model's main subgraph.
type Tensor struct {
	// Index is the tensor's position in Model.Tensors.
	Index int
	// Name is the tensor name stored in the file (for debugging).
	Name string
	// Shape is the static shape (NHWC for image tensors). A scalar has an
	// empty shape.
	Shape []int
	// Type is the element type.
	Type TensorType
	// Buffer is the index into the model's buffer table (0 = no data).
	Buffer int
	// Data is the raw little-endian constant data, or nil when the tensor is
	// not a constant. It aliases the slice given to Parse: do not modify it.
	// For a sparse tensor (Sparsity != nil) it holds only the stored values.
	Data []byte
	// Sparsity describes how Data is compressed, or is nil for dense data.
	Sparsity *Sparsity
	// Quantization holds the affine quantization parameters, or is nil when
	// the tensor is not quantized (no scales stored).
	Quantization *Quantization
}

// Quantization holds a tensor's affine quantization parameters:
// real = Scale * (q - ZeroPoint), per axis QuantizedDimension when there is
// more than one scale.
type Quantization struct {
	// Scale holds one scale per tensor or per channel.
	Scale []float32
	// ZeroPoint holds one zero point per tensor or per channel.
	ZeroPoint []int64
	// QuantizedDimension is the axis indexed by per-channel parameters.
	QuantizedDimension int
}

// Sparsity describes the compressed layout of a sparse constant tensor
// (schema.fbs table SparsityParameters, a variant of the TACO format).
type Sparsity struct {
	// TraversalOrder is the order in which the n original dimensions, then
	// the k block dimensions (numbered n..n+k-1), are stored.
	TraversalOrder []int
	// BlockMap maps block dimension n+i to the original dimension it splits.
	BlockMap []int
	// Dims holds the storage format of each dimension, in traversal order.
	Dims []DimMeta
}

// DimMeta is the storage of one dimension of a sparse tensor, in traversal
// order (schema.fbs table DimensionMetadata).
type DimMeta struct {
	// Format is 0 for a DENSE dimension and 1 for SPARSE_CSR.
	Format int
	// DenseSize is the size of a DENSE dimension.
	DenseSize int
	// Segments and Indices are the CSR arrays of a SPARSE_CSR dimension:
	// the stored coordinates under parent position p are
	// Indices[Segments[p]:Segments[p+1]].
	Segments, Indices []int
}

// Dimension storage formats of DimMeta.Format.
const (
	DimDense     = 0
	DimSparseCSR = 1
)

// Operator is one operation of the model's main subgraph, in execution
// order.
type Operator struct {
	// Index is the operator's position in Model.Operators.
	Index int
	// Code is the builtin operator (OpCustom for custom operators).
	Code BuiltinOp
	// Custom is the custom operator name when Code is OpCustom.
	Custom string
	// CustomOptions holds the raw (usually FlexBuffer) options of a custom
	// operator; it aliases the slice given to Parse.
	CustomOptions []byte
	// Version is the operator version from the operator code table.
	Version int
	// Inputs and Outputs are tensor indices; -1 marks an absent optional
	// input.
	Inputs, Outputs []int
	// Options holds the decoded builtin options.
	Options Options
}

// Options holds the builtin options of an operator. Only the fields relevant
// to the operator's code are set; the others keep their zero value. Absent
// options take the schema defaults.
type Options struct {
	// Padding is "SAME" or "VALID" (CONV_2D, DEPTHWISE_CONV_2D, pools,
	// TRANSPOSE_CONV).
	Padding string
	// StrideW and StrideH are the spatial strides (convolutions and pools).
	StrideW, StrideH int
	// DilationW and DilationH are the dilation factors (convolutions,
	// default 1).
	DilationW, DilationH int
	// DepthMultiplier is the DEPTHWISE_CONV_2D channel multiplier.
	DepthMultiplier int
	// FilterW and FilterH are the pooling window size.
	FilterW, FilterH int
	// Axis is the CONCATENATION or GATHER axis (may be negative).
	Axis int
	// BlockSize is the DEPTH_TO_SPACE / SPACE_TO_DEPTH block size.
	BlockSize int
	// Activation is the fused activation: "NONE", "RELU", "RELU_N1_TO_1",
	// "RELU6", "TANH" or "SIGN_BIT". Set for ops that carry one.
	Activation string
	// NewShape is the RESHAPE target shape when stored in the options (nil
	// when the shape comes from the second input instead).
	NewShape []int
	// AlignCorners and HalfPixelCenters are the RESIZE_BILINEAR and
	// RESIZE_NEAREST_NEIGHBOR coordinate modes.
	AlignCorners, HalfPixelCenters bool
	// KeepDims is the reduction option of MEAN, SUM, REDUCE_MAX, ...
	KeepDims bool
	// Beta is the SOFTMAX temperature (logits are multiplied by it).
	Beta float32
}

// Model is the decoded main (first) subgraph of a TensorFlow Lite model.
type Model struct {
	// Version is the schema version (3 for every current file).
	Version int
	// Description is the model description string (e.g. "MLIR Converted.").
	Description string
	// Subgraphs is the number of subgraphs in the file. Only the first one
	// (the main graph) is decoded; others are bodies of control-flow ops.
	Subgraphs int
	// Tensors are the tensors of the main subgraph.
	Tensors []Tensor
	// Operators are the operators of the main subgraph in execution order.
	Operators []Operator
	// Inputs and Outputs are the indices of the graph's input and output
	// tensors.
	Inputs, Outputs []int
}
