package onnxpb

import "fmt"

// Builder assembles a Graph node by node, generating unique value names.
// Its methods never fail; mistakes such as an unknown input name surface
// when the model is marshalled.
type Builder struct {
	g Graph
	// used holds every value and node name handed out or declared.
	used map[string]bool
	// produced holds the outputs of nodes, which may become graph outputs
	// as they are.
	produced map[string]bool
	outputs  map[string]bool
	// seq counts generated names per op type.
	seq map[string]int
}

// NewBuilder starts an empty graph called name.
func NewBuilder(name string) *Builder {
	return &Builder{
		g:        Graph{Name: name},
		used:     map[string]bool{},
		produced: map[string]bool{},
		outputs:  map[string]bool{},
		seq:      map[string]int{},
	}
}

// Input declares a graph input and returns its name. A -1 dimension is
// unknown until run time (see ValueInfo).
func (b *Builder) Input(name string, t DataType, dims ...int64) string {
	b.g.Inputs = append(b.g.Inputs, ValueInfo{Name: name, Type: t, Dims: dims})
	b.used[name] = true
	return name
}

// Const adds t as an initializer and returns its name. If name (which
// replaces t.Name) is empty or already taken, a unique variant is used.
// The tensor is not copied.
func (b *Builder) Const(name string, t *Tensor) string {
	if name == "" {
		name = "const"
	}
	name = uniqueName(b.used, name)
	b.used[name] = true
	if t != nil {
		t.Name = name
	}
	b.g.Initializers = append(b.g.Initializers, t)
	return name
}

// Op adds a node with one output and returns the output's generated name
// (opType_1, opType_2, ...; the node gets the same name). Use "" in inputs
// for an omitted optional input.
func (b *Builder) Op(opType string, inputs []string, attrs ...Attr) string {
	return b.OpN(opType, inputs, 1, attrs...)[0]
}

// OpN adds a node with nOutputs outputs and returns their generated names
// (for node Split_1: Split_1_0, Split_1_1, ...).
func (b *Builder) OpN(opType string, inputs []string, nOutputs int, attrs ...Attr) []string {
	name := b.fresh(opType)
	outs := make([]string, nOutputs)
	for i := range outs {
		if nOutputs == 1 {
			outs[i] = name
		} else {
			outs[i] = uniqueName(b.used, fmt.Sprintf("%s_%d", name, i))
			b.used[outs[i]] = true
		}
		b.produced[outs[i]] = true
	}
	b.AddNode(Node{OpType: opType, Name: name, Inputs: inputs, Outputs: outs, Attrs: attrs})
	return outs
}

// AddNode appends a node as given (for a node in another domain, or with
// chosen output names). Its output names are reserved so that later
// generated names do not clash with them.
func (b *Builder) AddNode(n Node) {
	if n.Name != "" {
		b.used[n.Name] = true
	}
	for _, o := range n.Outputs {
		if o != "" {
			b.used[o] = true
			b.produced[o] = true
		}
	}
	b.g.Nodes = append(b.g.Nodes, n)
}

// Output marks the existing value name as a graph output of type t and
// shape dims, and returns the graph output's name. That is name itself
// when a node produces it and it is not yet an output; otherwise (a graph
// input, an initializer, or a value already marked) an Identity node
// copies it to a new value, whose generated name is returned.
func (b *Builder) Output(name string, t DataType, dims ...int64) string {
	if !b.produced[name] || b.outputs[name] {
		name = b.Op("Identity", []string{name})
	}
	b.markOutput(name, t, dims)
	return name
}

// OutputAs makes value a graph output called name, through an Identity
// node unless value already is a node's output called name. It returns
// name.
func (b *Builder) OutputAs(value, name string, t DataType, dims ...int64) string {
	if value != name || !b.produced[name] || b.outputs[name] {
		b.AddNode(Node{OpType: "Identity", Name: b.fresh("Identity"), Inputs: []string{value}, Outputs: []string{name}})
	}
	b.markOutput(name, t, dims)
	return name
}

func (b *Builder) markOutput(name string, t DataType, dims []int64) {
	b.outputs[name] = true
	b.g.Outputs = append(b.g.Outputs, ValueInfo{Name: name, Type: t, Dims: dims})
}

// fresh returns an unused name base_N and reserves it.
func (b *Builder) fresh(base string) string {
	for {
		b.seq[base]++
		n := fmt.Sprintf("%s_%d", base, b.seq[base])
		if !b.used[n] {
			b.used[n] = true
			return n
		}
	}
}

// Graph returns the graph built so far. It shares storage with the
// builder.
func (b *Builder) Graph() Graph { return b.g }

// Model wraps the graph in a Model with the default IR version and opset
// (DefaultIRVersion, DefaultOpset); set the returned model's fields to
// change them.
func (b *Builder) Model() *Model {
	return &Model{
		IRVersion: DefaultIRVersion,
		Opset:     DefaultOpset,
		Graph:     b.g,
	}
}
