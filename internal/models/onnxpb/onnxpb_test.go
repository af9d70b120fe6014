package onnxpb

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// validModel is a small correct model the validation cases break.
func validModel() *Model {
	return &Model{
		Producer: "test",
		Graph: Graph{
			Name:         "g",
			Inputs:       []ValueInfo{{Name: "x", Type: Float, Dims: []int64{2, 3}}},
			Initializers: []*Tensor{FloatTensor("w", []int64{3}, []float32{1, 2, 3})},
			Nodes: []Node{
				{OpType: "Add", Name: "add", Inputs: []string{"x", "w"}, Outputs: []string{"s"}},
				{OpType: "Relu", Name: "relu", Inputs: []string{"s"}, Outputs: []string{"y"}},
			},
			Outputs: []ValueInfo{{Name: "y", Type: Float, Dims: []int64{2, 3}}},
		},
	}
}

func TestMarshalRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(m *Model)
		want   []string // substrings of the error
	}{
		{"dangling input", func(m *Model) { m.Graph.Nodes[1].Inputs[0] = "nope" },
			[]string{`node 1 (Relu "relu")`, `"nope"`, "not a graph input"}},
		{"input used before it is produced", func(m *Model) {
			m.Graph.Nodes[0], m.Graph.Nodes[1] = m.Graph.Nodes[1], m.Graph.Nodes[0]
		}, []string{`node 0 (Relu "relu")`, `"s"`, "earlier node's output"}},
		{"duplicate node output", func(m *Model) { m.Graph.Nodes[1].Outputs[0] = "s" },
			[]string{`node 1 (Relu "relu")`, `output "s" is already defined`, `node 0 (Add "add")`}},
		{"node output shadows graph input", func(m *Model) { m.Graph.Nodes[1].Outputs[0] = "x" },
			[]string{`output "x" is already defined as a graph input`}},
		{"node output shadows initializer", func(m *Model) { m.Graph.Nodes[0].Outputs[0] = "w" },
			[]string{`output "w" is already defined as an initializer`}},
		{"wrong raw size", func(m *Model) { m.Graph.Initializers[0].Dims = []int64{4} },
			[]string{`initializer 0 "w"`, "12 bytes", "want 16"}},
		{"wrong raw size in attribute tensor", func(m *Model) {
			m.Graph.Nodes[1].Attrs = []Attr{AttrTensor("value", Int64Tensor("", []int64{2}, []int64{1}))}
		}, []string{`node 1 (Relu "relu") attribute 0 "value" tensor`, "want 16"}},
		{"string tensor", func(m *Model) { m.Graph.Initializers[0].Type = String },
			[]string{`initializer 0 "w"`, "STRING"}},
		{"duplicate initializer", func(m *Model) {
			m.Graph.Initializers = append(m.Graph.Initializers, FloatScalar("w", 1))
		}, []string{`duplicate initializer "w"`}},
		{"unnamed initializer", func(m *Model) { m.Graph.Initializers[0].Name = "" },
			[]string{"initializer 0", "no name"}},
		{"duplicate graph input", func(m *Model) {
			m.Graph.Inputs = append(m.Graph.Inputs, m.Graph.Inputs[0])
		}, []string{`duplicate graph input "x"`}},
		{"output not produced", func(m *Model) { m.Graph.Outputs[0].Name = "z" },
			[]string{`graph output 0 "z" is not produced`}},
		{"duplicate graph output", func(m *Model) {
			m.Graph.Outputs = append(m.Graph.Outputs, m.Graph.Outputs[0])
		}, []string{`duplicate graph output "y"`}},
		{"no outputs", func(m *Model) { m.Graph.Outputs = nil }, []string{"no outputs"}},
		{"bad output dims", func(m *Model) { m.Graph.Outputs[0].Dims = []int64{-2} },
			[]string{`graph output 0 "y"`, "dimension -2"}},
		{"missing op type", func(m *Model) { m.Graph.Nodes[1].OpType = "" },
			[]string{"node 1", "no op type"}},
		{"node without outputs", func(m *Model) { m.Graph.Nodes[1].Outputs = []string{""} },
			[]string{`node 1 (Relu "relu") has no outputs`}},
		{"duplicate attribute", func(m *Model) {
			m.Graph.Nodes[1].Attrs = []Attr{AttrInt("a", 1), AttrInt("a", 2)}
		}, []string{`node 1 (Relu "relu") has attribute "a" twice`}},
		{"unimported domain", func(m *Model) { m.Graph.Nodes[1].Domain = "com.example" },
			[]string{`node 1 (Relu "relu") uses domain "com.example"`}},
	}
	if _, err := validModel().Marshal(); err != nil {
		t.Fatalf("valid model: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := validModel()
			tc.mutate(m)
			_, err := m.Marshal()
			if err == nil {
				t.Fatal("Marshal succeeded")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if err := m.WriteFile(filepath.Join(t.TempDir(), "m.onnx")); err == nil {
				t.Error("WriteFile succeeded")
			}
		})
	}
}

func TestMarshalAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
	}{
		{"omitted optional input", func(m *Model) { m.Graph.Nodes[1].Inputs = append(m.Graph.Nodes[1].Inputs, "") }},
		{"initializer named like an input", func(m *Model) {
			m.Graph.Initializers = append(m.Graph.Initializers, FloatTensor("x", []int64{2, 3}, make([]float32, 6)))
		}},
		{"graph input as output", func(m *Model) { m.Graph.Outputs = append(m.Graph.Outputs, m.Graph.Inputs[0]) }},
		{"imported domain", func(m *Model) {
			m.Graph.Nodes[1].Domain = "com.example"
			m.ExtraOpsets = map[string]int64{"com.example": 1}
		}},
		{"empty tensor", func(m *Model) {
			m.Graph.Initializers = append(m.Graph.Initializers, FloatTensor("e", []int64{0}, nil))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := validModel()
			tc.change(m)
			if _, err := m.Marshal(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// message is a decoded protobuf message: field number to values, in order.
// Varints are uint64, fixed32 values uint32, length-delimited values
// []byte.
type message map[protowire.Number][]any

func decode(t *testing.T, b []byte) message {
	t.Helper()
	m := message{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			t.Fatalf("bad tag: %v", protowire.ParseError(n))
		}
		b = b[n:]
		var v any
		switch typ {
		case protowire.VarintType:
			v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			v, n = protowire.ConsumeFixed32(b)
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		default:
			t.Fatalf("field %d has unexpected wire type %d", num, typ)
		}
		if n < 0 {
			t.Fatalf("field %d: %v", num, protowire.ParseError(n))
		}
		b = b[n:]
		m[num] = append(m[num], v)
	}
	return m
}

func (m message) str(num protowire.Number) string {
	if len(m[num]) == 0 {
		return ""
	}
	return string(m[num][0].([]byte))
}

func (m message) uint(num protowire.Number) uint64 {
	if len(m[num]) == 0 {
		return 0
	}
	return m[num][0].(uint64)
}

func (m message) strs(num protowire.Number) []string {
	var out []string
	for _, v := range m[num] {
		out = append(out, string(v.([]byte)))
	}
	return out
}

func (m message) sub(t *testing.T, num protowire.Number, i int) message {
	t.Helper()
	if len(m[num]) <= i {
		t.Fatalf("field %d has %d values, want index %d", num, len(m[num]), i)
	}
	return decode(t, m[num][i].([]byte))
}

func packedInt64s(t *testing.T, b []byte) []int64 {
	t.Helper()
	var out []int64
	for len(b) > 0 {
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			t.Fatal(protowire.ParseError(n))
		}
		out = append(out, int64(v))
		b = b[n:]
	}
	return out
}

// TestWireFieldNumbers decodes a marshalled model with protowire alone and
// checks that each value sits at its onnx.proto3 field number.
func TestWireFieldNumbers(t *testing.T) {
	b := NewBuilder("tiny")
	x := b.Input("x", Float, -1, 3, -1)
	shape := b.Const("shape", Int64Vector("", 0, -1))
	r := b.Op("Reshape", []string{x, shape})
	y := b.Op("LeakyRelu", []string{r}, AttrFloat("alpha", 0.25))
	z := b.Op("Transpose", []string{y}, AttrInts("perm", []int64{1, 0}), AttrString("note", "hi"))
	b.OutputAs(z, "out", Float, -1, -1)
	m := b.Model()
	m.Producer, m.ProducerVersion, m.Doc = "nevermind-test", "0.1", "a doc"
	m.Metadata = map[string]string{"b": "2", "a": "1"}
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}

	model := decode(t, data)
	if got := model.uint(1); got != DefaultIRVersion {
		t.Errorf("ir_version (1) = %d", got)
	}
	if model.str(2) != "nevermind-test" || model.str(3) != "0.1" || model.str(6) != "a doc" {
		t.Errorf("producer_name (2) %q, producer_version (3) %q, doc_string (6) %q", model.str(2), model.str(3), model.str(6))
	}
	opset := model.sub(t, 8, 0)
	if len(model[8]) != 1 || opset.str(1) != "" || opset.uint(2) != DefaultOpset {
		t.Errorf("opset_import (8) = %d entries, first domain %q version %d", len(model[8]), opset.str(1), opset.uint(2))
	}
	var meta []string
	for i := range model[14] {
		e := model.sub(t, 14, i)
		meta = append(meta, e.str(1)+"="+e.str(2))
	}
	if !slices.Equal(meta, []string{"a=1", "b=2"}) {
		t.Errorf("metadata_props (14) = %v", meta)
	}

	graph := model.sub(t, 7, 0)
	if graph.str(2) != "tiny" {
		t.Errorf("graph name (2) = %q", graph.str(2))
	}
	var ops []string
	for i := range graph[1] {
		ops = append(ops, graph.sub(t, 1, i).str(4))
	}
	if !slices.Equal(ops, []string{"Reshape", "LeakyRelu", "Transpose", "Identity"}) {
		t.Errorf("node op_types (1.4) = %v", ops)
	}
	reshape := graph.sub(t, 1, 0)
	if !slices.Equal(reshape.strs(1), []string{"x", "shape"}) || !slices.Equal(reshape.strs(2), []string{r}) || reshape.str(3) != r {
		t.Errorf("Reshape inputs (1) %v outputs (2) %v name (3) %q", reshape.strs(1), reshape.strs(2), reshape.str(3))
	}
	alpha := graph.sub(t, 1, 1).sub(t, 5, 0)
	if alpha.str(1) != "alpha" || alpha.uint(20) != 1 || math.Float32frombits(alpha[2][0].(uint32)) != 0.25 {
		t.Errorf("alpha attribute = %v", alpha)
	}
	tr := graph.sub(t, 1, 2)
	perm, note := tr.sub(t, 5, 0), tr.sub(t, 5, 1)
	if perm.str(1) != "perm" || perm.uint(20) != 7 || !slices.Equal(packedInt64s(t, perm[8][0].([]byte)), []int64{1, 0}) {
		t.Errorf("perm attribute = %v", perm)
	}
	if note.str(4) != "hi" || note.uint(20) != 3 {
		t.Errorf("string attribute = %v", note)
	}

	init := graph.sub(t, 5, 0)
	if init.str(8) != "shape" || init.uint(2) != uint64(Int64) || !slices.Equal(packedInt64s(t, init[1][0].([]byte)), []int64{2}) {
		t.Errorf("initializer name (8) %q data_type (2) %d dims (1) %v", init.str(8), init.uint(2), init[1])
	}
	raw := init[9][0].([]byte)
	if len(raw) != 16 || raw[0] != 0 || raw[8] != 0xff || raw[15] != 0xff {
		t.Errorf("raw_data (9) = %x, want 0 and -1 little-endian", raw)
	}

	in := graph.sub(t, 11, 0)
	tensorType := in.sub(t, 2, 0).sub(t, 1, 0)
	if in.str(1) != "x" || tensorType.uint(1) != uint64(Float) {
		t.Errorf("input name (1) %q elem_type (2.1.1) %d", in.str(1), tensorType.uint(1))
	}
	shapeMsg := tensorType.sub(t, 2, 0)
	if len(shapeMsg[1]) != 3 {
		t.Fatalf("input shape has %d dims", len(shapeMsg[1]))
	}
	d0, d1, d2 := shapeMsg.sub(t, 1, 0), shapeMsg.sub(t, 1, 1), shapeMsg.sub(t, 1, 2)
	if d0.str(2) != "N" || d1.uint(1) != 3 || len(d1[1]) != 1 || len(d2) != 0 {
		t.Errorf("dims = %v %v %v, want dim_param N, dim_value 3, unknown", d0, d1, d2)
	}
	if out := graph.sub(t, 12, 0); out.str(1) != "out" {
		t.Errorf("output name (12.1) = %q", out.str(1))
	}
}

func TestBuilderNames(t *testing.T) {
	b := NewBuilder("g")
	x := b.Input("x", Float, 2)
	c1 := b.Const("c", FloatTensor("ignored", []int64{2}, []float32{1, 2}))
	c2 := b.Const("c", FloatTensor("", []int64{2}, []float32{3, 4}))
	c3 := b.Const("x", FloatScalar("", 1))
	a1 := b.Op("Add", []string{x, c1})
	a2 := b.Op("Add", []string{a1, c2})
	parts := b.OpN("Split", []string{a2}, 2, AttrInt("axis", 0))
	o1 := b.Output(x, Float, 2)  // a graph input: copied
	o2 := b.Output(a2, Float, 2) // a node output: as is
	o3 := b.Output(a2, Float, 2) // already an output: copied
	o4 := b.OutputAs(parts[0], "first", Float, 1)
	o5 := b.Output(c3, Float) // an initializer: copied
	got := []string{c1, c2, c3, a1, a2, parts[0], parts[1], o1, o2, o3, o4, o5}
	want := []string{"c", "c_2", "x_2", "Add_1", "Add_2", "Split_1_0", "Split_1_1", "Identity_1", "Add_2", "Identity_2", "first", "Identity_4"}
	if !slices.Equal(got, want) {
		t.Errorf("names = %v\nwant    %v", got, want)
	}
	m := b.Model()
	if m.Graph.Initializers[0].Name != "c" {
		t.Errorf("Const did not name its tensor: %q", m.Graph.Initializers[0].Name)
	}
	if _, err := m.Marshal(); err != nil {
		t.Fatal(err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.onnx")
	m := validModel()
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	want, _ := m.Marshal()
	got, err := os.ReadFile(path)
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("file holds %d bytes (%v), want %d", len(got), err, len(want))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary file left behind: %v", entries)
	}
	if err := m.WriteFile(filepath.Join(dir, "missing", "m.onnx")); err == nil {
		t.Error("WriteFile into a missing folder succeeded")
	}
}
