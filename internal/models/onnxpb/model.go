// Package onnxpb writes ONNX models without generated protobuf code: it
// hand-encodes the few ONNX messages a converter needs (ModelProto,
// GraphProto, NodeProto, AttributeProto, TensorProto and ValueInfoProto,
// field numbers as in onnx/onnx.proto3) with the protowire package.
//
// A model is plain Go data (Model, Graph, Node, Tensor, ValueInfo, Attr);
// Marshal checks it (names, topological order, tensor sizes) before it
// encodes it, so a malformed graph is an error that names the node or
// tensor at fault rather than a model ONNX Runtime refuses to load.
// Builder makes small graphs quick to write:
//
//	b := onnxpb.NewBuilder("g")
//	x := b.Input("x", onnxpb.Float, -1, 3)
//	y := b.Op("Sigmoid", []string{x})
//	b.OutputAs(y, "y", onnxpb.Float, -1, 3)
//	err := b.Model().WriteFile("g.onnx")
//
// All numeric tensor data is stored little-endian in TensorProto.raw_data;
// string tensors are not supported.
package onnxpb

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// Default versions used when a Model leaves IRVersion or Opset at zero.
const (
	// DefaultIRVersion is the ONNX IR version written when Model.IRVersion
	// is 0 (IR 8 is read by ONNX Runtime 1.10 and later).
	DefaultIRVersion = 8
	// DefaultOpset is the default-domain ("" / ai.onnx) operator set
	// version written when Model.Opset is 0.
	DefaultOpset = 13
)

// DataType is an ONNX TensorProto.DataType element type.
type DataType int32

// The ONNX element types (TensorProto.DataType values).
const (
	Undefined DataType = 0
	Float     DataType = 1
	Uint8     DataType = 2
	Int8      DataType = 3
	Uint16    DataType = 4
	Int16     DataType = 5
	Int32     DataType = 6
	Int64     DataType = 7
	String    DataType = 8
	Bool      DataType = 9
	Float16   DataType = 10
	Double    DataType = 11
	Uint32    DataType = 12
	Uint64    DataType = 13
	BFloat16  DataType = 16
)

var typeNames = map[DataType]string{
	Undefined: "UNDEFINED", Float: "FLOAT", Uint8: "UINT8", Int8: "INT8",
	Uint16: "UINT16", Int16: "INT16", Int32: "INT32", Int64: "INT64",
	String: "STRING", Bool: "BOOL", Float16: "FLOAT16", Double: "DOUBLE",
	Uint32: "UINT32", Uint64: "UINT64", BFloat16: "BFLOAT16",
}

// String returns the ONNX name of the type, such as "FLOAT".
func (t DataType) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("DataType(%d)", int32(t))
}

// Size returns the size in bytes of one element of type t in raw_data, or
// 0 for types that cannot be stored raw (UNDEFINED, STRING, unknown).
func (t DataType) Size() int {
	switch t {
	case Uint8, Int8, Bool:
		return 1
	case Uint16, Int16, Float16, BFloat16:
		return 2
	case Float, Int32, Uint32:
		return 4
	case Int64, Double, Uint64:
		return 8
	}
	return 0
}

// Tensor is a constant tensor: a graph initializer or an attribute value.
// Raw holds the elements in row-major order, little-endian, Type.Size()
// bytes each. Empty Dims means a scalar (one element).
type Tensor struct {
	Name string
	Type DataType
	Dims []int64
	Raw  []byte
}

// Node is one operator application. Inputs and Outputs name values; an
// empty name marks an omitted optional input or output.
type Node struct {
	OpType string
	// Name is optional and only used in messages and by tools.
	Name string
	// Domain is the operator set domain; "" is the default ONNX domain.
	Domain  string
	Inputs  []string
	Outputs []string
	Attrs   []Attr
}

// ValueInfo declares a graph input or output. A -1 in Dims is a dimension
// unknown until run time: on axis 0 it is written as the symbolic
// dimension "N" (so batch sizes are tied across inputs and outputs), on
// other axes as an unnamed unknown dimension. Empty Dims means a scalar.
type ValueInfo struct {
	Name string
	Type DataType
	Dims []int64
}

// Graph is a computation graph; an empty Name is written as "main_graph".
// Nodes must be in topological order: every
// node input is a graph input, an initializer or an output of an earlier
// node.
type Graph struct {
	Name         string
	Nodes        []Node
	Initializers []*Tensor
	Inputs       []ValueInfo
	Outputs      []ValueInfo
}

// Model is an ONNX model with one graph.
type Model struct {
	// IRVersion is the ONNX IR version; 0 means DefaultIRVersion.
	IRVersion int64
	// Opset is the default-domain operator set version; 0 means
	// DefaultOpset.
	Opset int64
	// Producer and ProducerVersion name the tool that wrote the model.
	Producer, ProducerVersion string
	// Doc is the model's doc_string.
	Doc   string
	Graph Graph
	// Metadata is written as metadata_props, sorted by key.
	Metadata map[string]string
	// ExtraOpsets lists operator sets of other domains used by nodes
	// (domain to version), for example "com.microsoft".
	ExtraOpsets map[string]int64
}

// maxProtoSize is the protobuf message size limit that ONNX Runtime (and
// protobuf in general) enforces when parsing.
const maxProtoSize = math.MaxInt32

// ErrInvalid is wrapped by every error Marshal returns for a malformed
// model.
var ErrInvalid = errors.New("invalid ONNX model")

// Marshal checks the model and encodes it as an ONNX ModelProto.
//
// It checks that graph inputs, initializers and node outputs have unique
// names; that every node input is a graph input, an initializer or an
// earlier node's output; that every graph output is produced; that each
// tensor's Raw holds exactly product(Dims) elements of its type; and that
// attribute names are unique per node. Errors wrap ErrInvalid and name the
// node or tensor at fault.
func (m *Model) Marshal() ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	b := m.encode()
	if len(b) > maxProtoSize {
		return nil, fmt.Errorf("%w: encoded model is %d bytes, over the 2 GiB protobuf limit", ErrInvalid, len(b))
	}
	return b, nil
}

// WriteFile marshals the model and writes it to path through a temporary
// file in the same folder that is renamed into place, so readers never see
// a partial model.
func (m *Model) WriteFile(path string) error {
	b, err := m.Marshal()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write onnx model: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("write onnx model %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write onnx model %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write onnx model %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write onnx model %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write onnx model %s: %w", path, err)
	}
	ok = true
	return nil
}
