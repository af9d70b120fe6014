package onnxpb

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers from onnx/onnx.proto3.
const (
	modelIRVersion       protowire.Number = 1
	modelProducerName    protowire.Number = 2
	modelProducerVersion protowire.Number = 3
	modelDocString       protowire.Number = 6
	modelGraph           protowire.Number = 7
	modelOpsetImport     protowire.Number = 8
	modelMetadataProps   protowire.Number = 14

	opsetDomain  protowire.Number = 1
	opsetVersion protowire.Number = 2

	entryKey   protowire.Number = 1
	entryValue protowire.Number = 2

	graphNode        protowire.Number = 1
	graphName        protowire.Number = 2
	graphInitializer protowire.Number = 5
	graphInput       protowire.Number = 11
	graphOutput      protowire.Number = 12

	nodeInput     protowire.Number = 1
	nodeOutput    protowire.Number = 2
	nodeName      protowire.Number = 3
	nodeOpType    protowire.Number = 4
	nodeAttribute protowire.Number = 5
	nodeDomain    protowire.Number = 7

	attrName    protowire.Number = 1
	attrF       protowire.Number = 2
	attrI       protowire.Number = 3
	attrS       protowire.Number = 4
	attrT       protowire.Number = 5
	attrFloats  protowire.Number = 7
	attrInts    protowire.Number = 8
	attrStrings protowire.Number = 9
	attrType    protowire.Number = 20

	tensorDims     protowire.Number = 1
	tensorDataType protowire.Number = 2
	tensorName     protowire.Number = 8
	tensorRawData  protowire.Number = 9

	valueInfoName protowire.Number = 1
	valueInfoType protowire.Number = 2

	typeTensorType protowire.Number = 1

	typeTensorElemType protowire.Number = 1
	typeTensorShape    protowire.Number = 2

	shapeDim protowire.Number = 1

	dimValue protowire.Number = 1
	dimParam protowire.Number = 2
)

// defaultGraphName is written for a Graph without a Name.
const defaultGraphName = "main_graph"

// batchDimParam names a -1 dimension on axis 0 of a graph input or output.
const batchDimParam = "N"

func (m *Model) validate() error {
	if m.IRVersion < 0 || m.Opset < 0 {
		return fmt.Errorf("%w: negative IR version %d or opset %d", ErrInvalid, m.IRVersion, m.Opset)
	}
	for d, v := range m.ExtraOpsets {
		if d == "" || d == "ai.onnx" || v <= 0 {
			return fmt.Errorf("%w: extra opset %q version %d (the default domain is set with Opset; versions must be positive)", ErrInvalid, d, v)
		}
	}
	g := &m.Graph
	// defined maps a value name to what defines it, for messages.
	defined := map[string]string{}
	inputs := map[string]bool{}
	for i, vi := range g.Inputs {
		what := fmt.Sprintf("graph input %d %q", i, vi.Name)
		if err := vi.check(what); err != nil {
			return err
		}
		if inputs[vi.Name] {
			return fmt.Errorf("%w: duplicate graph input %q", ErrInvalid, vi.Name)
		}
		inputs[vi.Name] = true
		defined[vi.Name] = "a graph input"
	}
	inits := map[string]bool{}
	for i, t := range g.Initializers {
		what := fmt.Sprintf("initializer %d", i)
		if t != nil {
			what = fmt.Sprintf("initializer %d %q", i, t.Name)
		}
		if err := t.check(what); err != nil {
			return err
		}
		if t.Name == "" {
			return fmt.Errorf("%w: %s has no name", ErrInvalid, what)
		}
		if inits[t.Name] {
			return fmt.Errorf("%w: duplicate initializer %q", ErrInvalid, t.Name)
		}
		// An initializer may share a graph input's name: the input then
		// has the initializer as its default value.
		inits[t.Name] = true
		defined[t.Name] = "an initializer"
	}
	for i, n := range g.Nodes {
		what := n.describe(i)
		if n.OpType == "" {
			return fmt.Errorf("%w: %s has no op type", ErrInvalid, what)
		}
		if n.Domain != "" && n.Domain != "ai.onnx" {
			if _, ok := m.ExtraOpsets[n.Domain]; !ok {
				return fmt.Errorf("%w: %s uses domain %q, which is not in Model.ExtraOpsets", ErrInvalid, what, n.Domain)
			}
		}
		for j, in := range n.Inputs {
			if in == "" {
				continue // omitted optional input
			}
			if _, ok := defined[in]; !ok {
				return fmt.Errorf("%w: %s input %d %q is not a graph input, an initializer or an earlier node's output",
					ErrInvalid, what, j, in)
			}
		}
		produced := 0
		for _, out := range n.Outputs {
			if out == "" {
				continue // omitted optional output
			}
			if by, ok := defined[out]; ok {
				return fmt.Errorf("%w: %s output %q is already defined as %s", ErrInvalid, what, out, by)
			}
			defined[out] = "the output of " + what
			produced++
		}
		if produced == 0 {
			return fmt.Errorf("%w: %s has no outputs", ErrInvalid, what)
		}
		names := map[string]bool{}
		for j, a := range n.Attrs {
			if err := a.check(fmt.Sprintf("%s attribute %d %q", what, j, a.Name)); err != nil {
				return err
			}
			if names[a.Name] {
				return fmt.Errorf("%w: %s has attribute %q twice", ErrInvalid, what, a.Name)
			}
			names[a.Name] = true
		}
	}
	if len(g.Outputs) == 0 {
		return fmt.Errorf("%w: graph %q has no outputs", ErrInvalid, g.Name)
	}
	outs := map[string]bool{}
	for i, vi := range g.Outputs {
		what := fmt.Sprintf("graph output %d %q", i, vi.Name)
		if err := vi.check(what); err != nil {
			return err
		}
		if outs[vi.Name] {
			return fmt.Errorf("%w: duplicate graph output %q", ErrInvalid, vi.Name)
		}
		outs[vi.Name] = true
		if _, ok := defined[vi.Name]; !ok {
			return fmt.Errorf("%w: %s is not produced by any node (nor is it a graph input or an initializer)", ErrInvalid, what)
		}
	}
	return nil
}

func (n *Node) describe(i int) string {
	if n.Name != "" {
		return fmt.Sprintf("node %d (%s %q)", i, n.OpType, n.Name)
	}
	return fmt.Sprintf("node %d (%s)", i, n.OpType)
}

func (vi *ValueInfo) check(what string) error {
	if vi.Name == "" {
		return fmt.Errorf("%w: %s has no name", ErrInvalid, what)
	}
	if vi.Type == Undefined || typeNames[vi.Type] == "" {
		return fmt.Errorf("%w: %s has type %v", ErrInvalid, what, vi.Type)
	}
	for _, d := range vi.Dims {
		if d < -1 {
			return fmt.Errorf("%w: %s has dimension %d in %v (use -1 for unknown)", ErrInvalid, what, d, vi.Dims)
		}
	}
	return nil
}

func (a *Attr) check(what string) error {
	if a.Name == "" {
		return fmt.Errorf("%w: %s has no name", ErrInvalid, what)
	}
	switch a.Type {
	case AttrTypeFloat, AttrTypeInt, AttrTypeString, AttrTypeFloats, AttrTypeInts, AttrTypeStrings:
		return nil
	case AttrTypeTensor:
		return a.T.check(what + " tensor")
	}
	return fmt.Errorf("%w: %s has unsupported attribute type %d", ErrInvalid, what, a.Type)
}

// The encoders below write fields in field-number order. Empty strings are
// skipped, as proto3 does, but values whose presence matters (attribute
// values, tensor data types and raw data, dimension values) are always
// written, even when zero.

func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendBytesField(b []byte, num protowire.Number, v []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

func appendVarintField(b []byte, num protowire.Number, v uint64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

// appendInt64s writes a packed repeated int64 (two's complement varints).
func appendInt64s(b []byte, num protowire.Number, vs []int64) []byte {
	if len(vs) == 0 {
		return b
	}
	var p []byte
	for _, v := range vs {
		p = protowire.AppendVarint(p, uint64(v))
	}
	return appendBytesField(b, num, p)
}

func appendFloats(b []byte, num protowire.Number, vs []float32) []byte {
	if len(vs) == 0 {
		return b
	}
	p := make([]byte, 0, 4*len(vs))
	for _, v := range vs {
		p = protowire.AppendFixed32(p, math.Float32bits(v))
	}
	return appendBytesField(b, num, p)
}

func (m *Model) encode() []byte {
	ir, opset := m.IRVersion, m.Opset
	if ir == 0 {
		ir = DefaultIRVersion
	}
	if opset == 0 {
		opset = DefaultOpset
	}
	var b []byte
	b = appendVarintField(b, modelIRVersion, uint64(ir))
	b = appendString(b, modelProducerName, m.Producer)
	b = appendString(b, modelProducerVersion, m.ProducerVersion)
	b = appendString(b, modelDocString, m.Doc)
	b = appendBytesField(b, modelGraph, m.Graph.encode())
	b = appendBytesField(b, modelOpsetImport, encodeOpset("", opset))
	domains := make([]string, 0, len(m.ExtraOpsets))
	for d := range m.ExtraOpsets {
		domains = append(domains, d)
	}
	slices.Sort(domains)
	for _, d := range domains {
		b = appendBytesField(b, modelOpsetImport, encodeOpset(d, m.ExtraOpsets[d]))
	}
	keys := make([]string, 0, len(m.Metadata))
	for k := range m.Metadata {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var e []byte
		e = appendString(e, entryKey, k)
		e = appendString(e, entryValue, m.Metadata[k])
		b = appendBytesField(b, modelMetadataProps, e)
	}
	return b
}

func encodeOpset(domain string, version int64) []byte {
	var b []byte
	b = appendString(b, opsetDomain, domain)
	return appendVarintField(b, opsetVersion, uint64(version))
}

func (g *Graph) encode() []byte {
	var b []byte
	for i := range g.Nodes {
		b = appendBytesField(b, graphNode, g.Nodes[i].encode())
	}
	name := g.Name
	if name == "" {
		name = defaultGraphName // the ONNX checker wants a graph name
	}
	b = appendString(b, graphName, name)
	for _, t := range g.Initializers {
		b = appendBytesField(b, graphInitializer, t.encode())
	}
	for i := range g.Inputs {
		b = appendBytesField(b, graphInput, g.Inputs[i].encode())
	}
	for i := range g.Outputs {
		b = appendBytesField(b, graphOutput, g.Outputs[i].encode())
	}
	return b
}

func (n *Node) encode() []byte {
	var b []byte
	for _, in := range n.Inputs {
		// Empty names are kept: they hold the place of omitted optional
		// inputs.
		b = appendBytesField(b, nodeInput, []byte(in))
	}
	for _, out := range n.Outputs {
		b = appendBytesField(b, nodeOutput, []byte(out))
	}
	b = appendString(b, nodeName, n.Name)
	b = appendString(b, nodeOpType, n.OpType)
	for i := range n.Attrs {
		b = appendBytesField(b, nodeAttribute, n.Attrs[i].encode())
	}
	return appendString(b, nodeDomain, n.Domain)
}

func (a *Attr) encode() []byte {
	var b []byte
	b = appendString(b, attrName, a.Name)
	switch a.Type {
	case AttrTypeFloat:
		b = protowire.AppendTag(b, attrF, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(a.F))
	case AttrTypeInt:
		b = appendVarintField(b, attrI, uint64(a.I))
	case AttrTypeString:
		b = appendBytesField(b, attrS, []byte(a.S))
	case AttrTypeTensor:
		b = appendBytesField(b, attrT, a.T.encode())
	case AttrTypeFloats:
		b = appendFloats(b, attrFloats, a.Floats)
	case AttrTypeInts:
		b = appendInt64s(b, attrInts, a.Ints)
	case AttrTypeStrings:
		for _, s := range a.Strings {
			b = appendBytesField(b, attrStrings, []byte(s))
		}
	}
	return appendVarintField(b, attrType, uint64(a.Type))
}

func (t *Tensor) encode() []byte {
	b := make([]byte, 0, len(t.Raw)+64)
	b = appendInt64s(b, tensorDims, t.Dims)
	b = appendVarintField(b, tensorDataType, uint64(t.Type))
	b = appendString(b, tensorName, t.Name)
	return appendBytesField(b, tensorRawData, t.Raw)
}

func (vi *ValueInfo) encode() []byte {
	var shape []byte
	for axis, d := range vi.Dims {
		var dim []byte
		switch {
		case d >= 0:
			dim = appendVarintField(dim, dimValue, uint64(d))
		case axis == 0:
			dim = appendString(dim, dimParam, batchDimParam)
		}
		// Any other -1 stays an empty Dimension: unknown, unnamed.
		shape = appendBytesField(shape, shapeDim, dim)
	}
	var tt []byte
	tt = appendVarintField(tt, typeTensorElemType, uint64(vi.Type))
	tt = appendBytesField(tt, typeTensorShape, shape)
	var typ []byte
	typ = appendBytesField(typ, typeTensorType, tt)
	var b []byte
	b = appendString(b, valueInfoName, vi.Name)
	return appendBytesField(b, valueInfoType, typ)
}

// uniqueName returns base if it is not in used, else base_2, base_3, ...
func uniqueName(used map[string]bool, base string) string {
	if !used[base] {
		return base
	}
	for i := 2; ; i++ {
		if n := base + "_" + strconv.Itoa(i); !used[n] {
			return n
		}
	}
}
