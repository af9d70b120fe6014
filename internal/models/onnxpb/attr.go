package onnxpb

// AttrType is an ONNX AttributeProto.AttributeType.
type AttrType int32

// The attribute kinds this package writes (AttributeProto.AttributeType
// values).
const (
	AttrTypeFloat   AttrType = 1
	AttrTypeInt     AttrType = 2
	AttrTypeString  AttrType = 3
	AttrTypeTensor  AttrType = 4
	AttrTypeFloats  AttrType = 6
	AttrTypeInts    AttrType = 7
	AttrTypeStrings AttrType = 8
)

// Attr is a named node attribute. Type says which value field is used;
// the constructors (AttrInt, AttrFloats, ...) set both.
type Attr struct {
	Name    string
	Type    AttrType
	F       float32
	I       int64
	S       string
	T       *Tensor
	Floats  []float32
	Ints    []int64
	Strings []string
}

// AttrInt makes an INT attribute.
func AttrInt(name string, v int64) Attr { return Attr{Name: name, Type: AttrTypeInt, I: v} }

// AttrInts makes an INTS attribute.
func AttrInts(name string, v []int64) Attr { return Attr{Name: name, Type: AttrTypeInts, Ints: v} }

// AttrFloat makes a FLOAT attribute.
func AttrFloat(name string, v float32) Attr { return Attr{Name: name, Type: AttrTypeFloat, F: v} }

// AttrFloats makes a FLOATS attribute.
func AttrFloats(name string, v []float32) Attr {
	return Attr{Name: name, Type: AttrTypeFloats, Floats: v}
}

// AttrString makes a STRING attribute.
func AttrString(name, s string) Attr { return Attr{Name: name, Type: AttrTypeString, S: s} }

// AttrStrings makes a STRINGS attribute.
func AttrStrings(name string, s []string) Attr {
	return Attr{Name: name, Type: AttrTypeStrings, Strings: s}
}

// AttrTensor makes a TENSOR attribute (Constant's value, ConstantOfShape's
// value). The tensor's Name may be empty.
func AttrTensor(name string, t *Tensor) Attr { return Attr{Name: name, Type: AttrTypeTensor, T: t} }
