package tflite

import (
	"math"
	"math/rand"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// modelPath locates a real model through NEVERMIND_BUNDLE, skipping the
// test when the bundle or the file is missing.
func modelPath(t testing.TB, name string) string {
	t.Helper()
	root := os.Getenv("NEVERMIND_BUNDLE")
	if root == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; run `make deps` and point it at the bundle to test real models")
	}
	p := filepath.Join(root, "models", name)
	if _, err := os.Stat(p); err != nil {
		testenv.Skipf(t, "%s not found (%v); run `make deps` to fetch the models", p, err)
	}
	return p
}

func readModel(t testing.TB, name string) (*Model, []byte) {
	t.Helper()
	p := modelPath(t, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return m, b
}

var realModels = []struct {
	file     string
	input    []int
	outputs  [][]int  // shapes that must be among the outputs
	allowed  []string // every op must be one of these
	required []string // ops that must be present
}{
	{
		file:     "face_landmark.tflite",
		input:    []int{1, 192, 192, 3},
		outputs:  [][]int{{1, 1, 1, 1404}, {1, 1, 1, 1}},
		allowed:  []string{"CONV_2D", "DEPTHWISE_CONV_2D", "PRELU", "ADD", "MAX_POOL_2D", "PAD", "DEQUANTIZE"},
		required: []string{"CONV_2D", "DEPTHWISE_CONV_2D", "PRELU", "ADD", "DEQUANTIZE"},
	},
	{
		file:     "pose_landmark_lite.tflite",
		input:    []int{1, 256, 256, 3},
		outputs:  [][]int{{1, 195}, {1, 1}, {1, 256, 256, 1}, {1, 64, 64, 39}, {1, 117}},
		allowed:  []string{"CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "RESIZE_BILINEAR", "MAX_POOL_2D", "PAD", "RESHAPE", "LOGISTIC", "DEQUANTIZE"},
		required: []string{"CONV_2D", "DEPTHWISE_CONV_2D", "RESIZE_BILINEAR", "RESHAPE", "DEQUANTIZE"},
	},
	{
		file:    "pose_detection.tflite",
		input:   []int{1, 224, 224, 3},
		outputs: [][]int{{1, 2254, 12}, {1, 2254, 1}},
		allowed: []string{"CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "RESIZE_BILINEAR", "MAX_POOL_2D", "PAD", "RESHAPE", "LOGISTIC", "DEQUANTIZE",
			"CONCATENATION", "DEPTH_TO_SPACE", "DENSIFY"},
		required: []string{"CONCATENATION", "DEPTH_TO_SPACE", "DENSIFY", "DEQUANTIZE"},
	},
}

func TestRealModels(t *testing.T) {
	for _, tc := range realModels {
		t.Run(strings.TrimSuffix(tc.file, ".tflite"), func(t *testing.T) {
			m, _ := readModel(t, tc.file)
			counts := m.OpCounts()
			names := make([]string, 0, len(counts))
			for k := range counts {
				names = append(names, k)
			}
			sort.Strings(names)
			var sb strings.Builder
			for _, k := range names {
				sb.WriteString(" " + k + "=" + strconv.Itoa(counts[k]))
			}
			t.Logf("%s: schema v%d %q, %d subgraph(s), %d tensors, %d ops:%s",
				tc.file, m.Version, m.Description, m.Subgraphs, len(m.Tensors), len(m.Operators), sb.String())

			if len(m.Inputs) != 1 {
				t.Fatalf("inputs = %v, want one", m.Inputs)
			}
			in := m.Tensors[m.Inputs[0]]
			if !slices.Equal(in.Shape, tc.input) || in.Type != Float32 || in.Data != nil {
				t.Errorf("input %q = %v %s (const %v), want %v FLOAT32", in.Name, in.Shape, in.Type, in.Data != nil, tc.input)
			}
			var outShapes [][]int
			for _, o := range m.Outputs {
				outShapes = append(outShapes, m.Tensors[o].Shape)
				if m.Tensors[o].Type != Float32 {
					t.Errorf("output %d type %s", o, m.Tensors[o].Type)
				}
			}
			for _, want := range tc.outputs {
				if !slices.ContainsFunc(outShapes, func(s []int) bool { return slices.Equal(s, want) }) {
					t.Errorf("no output of shape %v among %v", want, outShapes)
				}
			}
			for name := range counts {
				if !slices.Contains(tc.allowed, name) {
					t.Errorf("unexpected op %s", name)
				}
			}
			for _, name := range tc.required {
				if counts[name] == 0 {
					t.Errorf("op %s missing", name)
				}
			}

			checkWiring(t, m)
			checkOptions(t, m)
			checkDequantize(t, m)
		})
	}
}

// checkWiring verifies every tensor reference and that each non-constant,
// non-input tensor used by an op is produced by an earlier op.
func checkWiring(t *testing.T, m *Model) {
	t.Helper()
	nt := len(m.Tensors)
	produced := make([]bool, nt)
	for _, i := range m.Inputs {
		produced[i] = true
	}
	for i, tt := range m.Tensors {
		if tt.Index != i {
			t.Fatalf("tensor %d has Index %d", i, tt.Index)
		}
		if tt.Data != nil {
			produced[i] = true
		}
	}
	for i, op := range m.Operators {
		if op.Index != i {
			t.Fatalf("operator %d has Index %d", i, op.Index)
		}
		if op.Code == OpCustom {
			t.Errorf("op %d is custom %q", i, op.Custom)
		}
		for _, in := range op.Inputs {
			if in < -1 || in >= nt {
				t.Fatalf("op %d (%s) input %d out of range", i, op.Code, in)
			}
			if in >= 0 && !produced[in] {
				t.Errorf("op %d (%s) reads tensor %d (%q) before it is produced", i, op.Code, in, m.Tensors[in].Name)
			}
		}
		for _, out := range op.Outputs {
			if out < 0 || out >= nt {
				t.Fatalf("op %d (%s) output %d out of range", i, op.Code, out)
			}
			produced[out] = true
		}
	}
	for _, o := range m.Outputs {
		if !produced[o] {
			t.Errorf("graph output %d never produced", o)
		}
	}
}

func checkOptions(t *testing.T, m *Model) {
	t.Helper()
	stride := func(s int) bool { return s == 1 || s == 2 }
	for _, op := range m.Operators {
		o := op.Options
		switch op.Code {
		case OpConv2D, OpDepthwiseConv2D, OpMaxPool2D, OpAveragePool2D:
			if o.Padding != "SAME" && o.Padding != "VALID" {
				t.Errorf("op %d %s padding %q", op.Index, op.Code, o.Padding)
			}
			if !stride(o.StrideW) || !stride(o.StrideH) {
				// face_landmark's two output heads are 3x3 VALID convs with
				// stride 3 over a 3x3 map; allow stride == kernel size.
				if w := m.Tensors[op.Inputs[1]]; op.Code != OpConv2D || o.StrideW != w.Shape[2] || o.StrideH != w.Shape[1] {
					t.Errorf("op %d %s strides %d,%d", op.Index, op.Code, o.StrideW, o.StrideH)
				}
			}
			if !slices.Contains([]string{"NONE", "RELU", "RELU6"}, o.Activation) {
				t.Errorf("op %d %s activation %q", op.Index, op.Code, o.Activation)
			}
		}
		switch op.Code {
		case OpConv2D, OpDepthwiseConv2D:
			if o.DilationW != 1 || o.DilationH != 1 {
				t.Errorf("op %d %s dilation %d,%d", op.Index, op.Code, o.DilationW, o.DilationH)
			}
			w := m.Tensors[op.Inputs[1]]
			if len(w.Shape) != 4 {
				t.Errorf("op %d %s weights shape %v", op.Index, op.Code, w.Shape)
			}
		case OpMaxPool2D:
			if o.FilterW < 2 || o.FilterH < 2 {
				t.Errorf("op %d pool filter %dx%d", op.Index, o.FilterW, o.FilterH)
			}
		case OpDepthToSpace:
			if o.BlockSize != 2 {
				t.Errorf("op %d DEPTH_TO_SPACE block %d", op.Index, o.BlockSize)
			}
		case OpResizeBilinear:
			if o.AlignCorners && o.HalfPixelCenters {
				t.Errorf("op %d RESIZE_BILINEAR has both align_corners and half_pixel_centers", op.Index)
			}
		case OpReshape:
			// The target shape is either in the options or a constant input.
			if o.NewShape == nil {
				if len(op.Inputs) < 2 {
					t.Errorf("op %d RESHAPE without a shape", op.Index)
					continue
				}
				s, err := m.Int32(m.Tensors[op.Inputs[1]])
				if err != nil {
					t.Errorf("op %d RESHAPE shape: %v", op.Index, err)
				}
				n, _ := m.Tensors[op.Outputs[0]].NumElements()
				p := 1
				for _, v := range s {
					p *= int(v)
				}
				if p != n && p >= 0 {
					t.Errorf("op %d RESHAPE to %v: %d elements, output has %d", op.Index, s, p, n)
				}
			}
		}
	}
}

// checkDequantize verifies that DEQUANTIZE inputs are FLOAT16 constants
// (or, in sparse models, DENSIFY outputs) holding sane weights.
func checkDequantize(t *testing.T, m *Model) {
	t.Helper()
	producer := map[int]*Operator{}
	for i := range m.Operators {
		for _, o := range m.Operators[i].Outputs {
			producer[o] = &m.Operators[i]
		}
	}
	var total, outside int
	for _, op := range m.Operators {
		if op.Code != OpDequantize {
			continue
		}
		in := m.Tensors[op.Inputs[0]]
		out := m.Tensors[op.Outputs[0]]
		if in.Type != Float16 || out.Type != Float32 || !slices.Equal(in.Shape, out.Shape) {
			t.Errorf("op %d DEQUANTIZE %s%v -> %s%v", op.Index, in.Type, in.Shape, out.Type, out.Shape)
		}
		if in.Data == nil {
			if p := producer[in.Index]; p == nil || p.Code != OpDensify {
				t.Errorf("op %d DEQUANTIZE input %q is neither constant nor a DENSIFY output", op.Index, in.Name)
			}
			if _, err := m.Float32(in); err == nil {
				t.Errorf("Float32 of non-constant %q succeeded", in.Name)
			}
			continue
		}
		v, err := m.Float32(in)
		if err != nil {
			t.Errorf("op %d: %v", op.Index, err)
			continue
		}
		n, _ := in.NumElements()
		if len(v) != n {
			t.Errorf("op %d: %d values for shape %v", op.Index, len(v), in.Shape)
		}
		total += len(v)
		outside += checkWeights(t, in.Name, v)
	}
	// Batch-norm folding leaves a few large values (pose_landmark_lite has
	// 0.12% outside [-50, 50], up to 2566), but overall they are small.
	if outside*100 > total {
		t.Errorf("%d of %d dequantized weights outside [-50, 50]", outside, total)
	}
}

// checkWeights requires finite values, mostly (> 50%) within [-50, 50]; it
// returns how many are outside.
func checkWeights(t *testing.T, name string, v []float32) int {
	t.Helper()
	out := 0
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			t.Errorf("%q has non-finite value %v", name, x)
			return len(v)
		}
		if x < -50 || x > 50 {
			out++
		}
	}
	if out*2 > len(v) {
		t.Errorf("%q: %d of %d values outside [-50, 50]", name, out, len(v))
	}
	return out
}

func TestRealDensify(t *testing.T) {
	m, _ := readModel(t, "pose_detection.tflite")
	n := 0
	for _, op := range m.Operators {
		if op.Code != OpDensify {
			continue
		}
		n++
		in, out := m.Tensors[op.Inputs[0]], m.Tensors[op.Outputs[0]]
		if in.Sparsity == nil || in.Data == nil {
			t.Fatalf("op %d DENSIFY input %q is not a sparse constant", op.Index, in.Name)
		}
		if !slices.Equal(in.Shape, out.Shape) || in.Type != out.Type {
			t.Errorf("op %d DENSIFY %s%v -> %s%v", op.Index, in.Type, in.Shape, out.Type, out.Shape)
		}
		vals, err := m.Float32(in)
		if err != nil {
			t.Fatal(err)
		}
		dense, err := Densify(in, vals)
		if err != nil {
			t.Fatalf("op %d: %v", op.Index, err)
		}
		total, _ := in.NumElements()
		if len(dense) != total {
			t.Fatalf("op %d: densified %d values, want %d", op.Index, len(dense), total)
		}
		// Every stored value lands in its own slot: the non-zero count and
		// the sum are preserved.
		var nzVals, nzDense int
		var sumVals, sumDense float64
		for _, x := range vals {
			if x != 0 {
				nzVals++
			}
			sumVals += float64(x)
		}
		for _, x := range dense {
			if x != 0 {
				nzDense++
			}
			sumDense += float64(x)
		}
		if nzDense != nzVals || math.Abs(sumDense-sumVals) > 1e-3*(1+math.Abs(sumVals)) {
			t.Errorf("op %d: dense has %d non-zeros (sum %g), stored values %d (sum %g)", op.Index, nzDense, sumDense, nzVals, sumVals)
		}
		// These weights are pruned to ~25% density, so "mostly non-zero"
		// would be wrong; require a plausible density instead.
		if frac := float64(nzDense) / float64(total); frac < 0.15 || frac > 0.9 {
			t.Errorf("op %d: density %.2f", op.Index, frac)
		}
		// Re-encoding the dense result with the independent encoder must
		// reproduce the stored layout exactly.
		formats := make([]int, len(in.Sparsity.Dims))
		for i, d := range in.Sparsity.Dims {
			formats[i] = d.Format
		}
		sp, again := denseToSparse(dense, in.Shape, in.Sparsity.TraversalOrder, formats)
		if !slices.Equal(again, vals) || !reflect.DeepEqual(sp.Dims, in.Sparsity.Dims) {
			t.Errorf("op %d: re-encoding the dense weights does not reproduce the file's sparse layout", op.Index)
		}
		checkWeights(t, in.Name, dense)
		if n == 1 {
			t.Logf("DENSIFY op %d: %s%v, %d stored values -> %d dense (%.0f%% non-zero), dims %v", op.Index, in.Type, in.Shape, len(vals), total,
				100*float64(nzDense)/float64(total), dimFormats(in.Sparsity))
		}
	}
	if n == 0 {
		t.Fatal("no DENSIFY ops")
	}
}

func dimFormats(s *Sparsity) []string {
	var f []string
	for _, d := range s.Dims {
		if d.Format == DimDense {
			f = append(f, "DENSE("+strconv.Itoa(d.DenseSize)+")")
		} else {
			f = append(f, "CSR")
		}
	}
	return f
}

func TestFloat16ToFloat32(t *testing.T) {
	tests := []struct {
		h    uint16
		want float32
	}{
		{0x0000, 0},
		{0x3C00, 1},
		{0xC000, -2},
		{0x3555, 0.333251953125},
		{0x7BFF, 65504},
		{0xFBFF, -65504},
		{0x0001, float32(math.Ldexp(1, -24))}, // smallest subnormal
		{0x03FF, float32(math.Ldexp(1023, -24))},
		{0x0400, float32(math.Ldexp(1, -14))}, // smallest normal
		{0x7C00, float32(math.Inf(1))},
		{0xFC00, float32(math.Inf(-1))},
	}
	for _, tc := range tests {
		if got := Float16ToFloat32(tc.h); got != tc.want {
			t.Errorf("Float16ToFloat32(%#04x) = %v, want %v", tc.h, got, tc.want)
		}
	}
	if got := Float16ToFloat32(0x8000); got != 0 || !math.Signbit(float64(got)) {
		t.Errorf("0x8000 = %v, want -0", got)
	}
	for _, h := range []uint16{0x7E00, 0x7C01, 0xFE00} {
		if got := Float16ToFloat32(h); !math.IsNaN(float64(got)) {
			t.Errorf("Float16ToFloat32(%#04x) = %v, want NaN", h, got)
		}
	}
	// Every finite half converts exactly: converting back by rounding the
	// float32 to half precision must give the same bits.
	for h := 0; h < 0x10000; h++ {
		f := Float16ToFloat32(uint16(h))
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			continue
		}
		frac, exp := math.Frexp(float64(f))
		if f != 0 && exp > -14+1 {
			// normal halves have at most 11 significant bits
			if m := frac * (1 << 11); m != math.Trunc(m) {
				t.Fatalf("%#04x -> %v has more than 11 significant bits", h, f)
			}
		}
	}
}

func TestTinyModel(t *testing.T) {
	b := buildModel(tinyModel())
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != 3 || m.Description != "tiny test model" || m.Subgraphs != 1 {
		t.Errorf("header = %d %q %d", m.Version, m.Description, m.Subgraphs)
	}
	if len(m.Tensors) != 5 || len(m.Operators) != 2 {
		t.Fatalf("%d tensors, %d ops", len(m.Tensors), len(m.Operators))
	}
	if !reflect.DeepEqual(m.Inputs, []int{0}) || !reflect.DeepEqual(m.Outputs, []int{4}) {
		t.Errorf("io = %v %v", m.Inputs, m.Outputs)
	}
	conv := m.Operators[0]
	if conv.Code != OpConv2D || conv.Version != 1 || !reflect.DeepEqual(conv.Inputs, []int{0, 1, -1}) {
		t.Errorf("conv = %+v", conv)
	}
	wantOpt := Options{Padding: "VALID", StrideW: 2, StrideH: 2, Activation: "RELU6", DilationW: 1, DilationH: 1}
	if !reflect.DeepEqual(conv.Options, wantOpt) {
		t.Errorf("conv options = %+v, want %+v", conv.Options, wantOpt)
	}
	if rs := m.Operators[1]; rs.Code != OpReshape || !reflect.DeepEqual(rs.Options.NewShape, []int{1, 12}) {
		t.Errorf("reshape = %+v", rs)
	}
	w, err := m.Float32(m.Tensors[1])
	if err != nil || !reflect.DeepEqual(w, []float32{1, 2, 3, 4, 5, 6}) {
		t.Errorf("weights = %v, %v", w, err)
	}
	if _, err := m.Float32(m.Tensors[0]); err == nil || !strings.Contains(err.Error(), "not a constant") {
		t.Errorf("Float32(input) error = %v", err)
	}
	if _, err := m.Int32(m.Tensors[1]); err == nil {
		t.Error("Int32 of a FLOAT32 tensor succeeded")
	}
	if got := m.OpCounts(); !reflect.DeepEqual(got, map[string]int{"CONV_2D": 1, "RESHAPE": 1}) {
		t.Errorf("OpCounts = %v", got)
	}
}

// TestSchemaVariants exercises decoding rules with hand-built models.
func TestSchemaVariants(t *testing.T) {
	sub := func(root tb) tb { return root[2].([]tb)[0] }
	ops := func(root tb) []tb { return sub(root)[3].([]tb) }
	tensors := func(root tb) []tb { return sub(root)[0].([]tb) }
	tests := []struct {
		name    string
		edit    func(root tb)
		wantErr string
		check   func(t *testing.T, m *Model)
	}{
		{name: "extended builtin code", edit: func(r tb) {
			// Codes above 127 live in the int32 field only; the int8 one
			// holds PLACEHOLDER_FOR_GREATER_OP_CODES.
			r[1].([]tb)[1] = tb{0: int8(127), 3: int32(150)}
		}, check: func(t *testing.T, m *Model) {
			if got := m.Operators[1].Code.String(); got != "GELU" {
				t.Errorf("code = %s", got)
			}
		}},
		{name: "both code fields", edit: func(r tb) {
			r[1].([]tb)[1] = tb{0: int8(124), 3: int32(124)}
		}, check: func(t *testing.T, m *Model) {
			if m.Operators[1].Code != OpDensify {
				t.Errorf("code = %s", m.Operators[1].Code)
			}
		}},
		{name: "deprecated code only", edit: func(r tb) {
			r[1].([]tb)[1] = tb{0: int8(54)}
		}, check: func(t *testing.T, m *Model) {
			if m.Operators[1].Code != OpPrelu || m.Operators[1].Version != 1 {
				t.Errorf("code = %s v%d", m.Operators[1].Code, m.Operators[1].Version)
			}
		}},
		{name: "custom op", edit: func(r tb) {
			r[1].([]tb)[1] = tb{0: int8(32), 1: "Convolution2DTransposeBias", 2: int32(2), 3: int32(32)}
			ops(r)[1][5] = []byte{1, 2, 3}
		}, check: func(t *testing.T, m *Model) {
			op := m.Operators[1]
			if op.Code != OpCustom || op.Custom != "Convolution2DTransposeBias" || op.Version != 2 || !slices.Equal(op.CustomOptions, []byte{1, 2, 3}) {
				t.Errorf("op = %+v", op)
			}
			if c := m.OpCounts(); c["CUSTOM:Convolution2DTransposeBias"] != 1 {
				t.Errorf("OpCounts = %v", c)
			}
		}},
		{name: "absent options take defaults", edit: func(r tb) {
			delete(ops(r)[0], 3)
			delete(ops(r)[0], 4)
		}, check: func(t *testing.T, m *Model) {
			want := Options{Padding: "SAME", Activation: "NONE", DilationW: 1, DilationH: 1}
			if !reflect.DeepEqual(m.Operators[0].Options, want) {
				t.Errorf("options = %+v", m.Operators[0].Options)
			}
		}},
		{name: "quantized int8", edit: func(r tb) {
			w := tensors(r)[1]
			w[1] = int8(Int8)
			w[4] = tb{2: []float32{0.5}, 3: []int64{0}}
			r[4].([]tb)[1][0] = []byte{1, 2, 3, 4, 5, 6}
		}, check: func(t *testing.T, m *Model) {
			w := m.Tensors[1]
			if w.Quantization == nil || w.Quantization.Scale[0] != 0.5 {
				t.Fatalf("quantization = %+v", w.Quantization)
			}
			if _, err := m.Float32(w); err == nil {
				t.Error("Float32 of quantized int8 succeeded")
			}
		}},
		{name: "unquantized uint8 and int64", edit: func(r tb) {
			w := tensors(r)[1]
			w[1] = int8(Uint8)
			r[4].([]tb)[1][0] = []byte{1, 2, 3, 4, 5, 255}
			u := tensors(r)[2]
			u[1], u[2] = int8(Int64), uint32(2)
			r[4] = append(r[4].([]tb), tb{0: []byte{7, 0, 0, 0, 0, 0, 0, 0, 0xf9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0}})
		}, check: func(t *testing.T, m *Model) {
			v, err := m.Float32(m.Tensors[1])
			if err != nil || !slices.Equal(v, []float32{1, 2, 3, 4, 5, 255}) {
				t.Errorf("uint8 = %v %v", v, err)
			}
			i, err := m.Int32(m.Tensors[2])
			if err != nil || !slices.Equal(i, []int32{7, -7, 1}) {
				t.Errorf("int64 = %v %v", i, err)
			}
		}},
		{name: "two subgraphs", edit: func(r tb) {
			r[2] = append(r[2].([]tb), tb{})
		}, check: func(t *testing.T, m *Model) {
			if m.Subgraphs != 2 {
				t.Errorf("Subgraphs = %d", m.Subgraphs)
			}
		}},
		{name: "no subgraphs", edit: func(r tb) { r[2] = []tb{} }, wantErr: "no subgraphs"},
		{name: "schema version", edit: func(r tb) { r[0] = uint32(2) }, wantErr: "schema version 2"},
		{name: "opcode index", edit: func(r tb) { ops(r)[1][0] = uint32(9) }, wantErr: "opcode index 9"},
		{name: "op tensor index", edit: func(r tb) { ops(r)[1][1] = []int32{5} }, wantErr: "tensor index 5"},
		{name: "graph output index", edit: func(r tb) { sub(r)[2] = []int32{-1} }, wantErr: "output tensor index -1"},
		{name: "buffer index", edit: func(r tb) { tensors(r)[1][2] = uint32(7) }, wantErr: "buffer index 7"},
		{name: "data size", edit: func(r tb) { tensors(r)[1][0] = []int32{3, 1, 1, 3} }, wantErr: "want 36"},
		{name: "options type mismatch", edit: func(r tb) { ops(r)[0][3] = uint8(optPool2D) }, wantErr: "builtin options type 5, want 1"},
		{name: "bad padding", edit: func(r tb) { ops(r)[0][4].(tb)[0] = int8(7) }, wantErr: "unknown padding 7"},
		{name: "bad activation", edit: func(r tb) { ops(r)[0][4].(tb)[3] = int8(9) }, wantErr: "unknown fused activation 9"},
		{name: "external buffer", edit: func(r tb) {
			r[4].([]tb)[1] = tb{1: uint64(4096), 2: uint64(24)}
		}, wantErr: "outside the FlatBuffer"},
		{name: "sparse tensor", edit: func(r tb) {
			w := tensors(r)[1]
			w[0] = []int32{2, 3}
			w[6] = tb{0: []int32{0, 1}, 2: []tb{
				{0: int8(0), 1: int32(2)},
				{0: int8(1), 2: uint8(2), 3: tb{0: []uint16{0, 1, 3}}, 4: uint8(3), 5: tb{0: []byte{2, 0, 1}}},
			}}
			r[4].([]tb)[1][0] = f32bytes(7, 8, 9)
		}, check: func(t *testing.T, m *Model) {
			w := m.Tensors[1]
			want := &Sparsity{TraversalOrder: []int{0, 1}, Dims: []DimMeta{
				{Format: 0, DenseSize: 2},
				{Format: 1, Segments: []int{0, 1, 3}, Indices: []int{2, 0, 1}},
			}}
			if !reflect.DeepEqual(w.Sparsity, want) {
				t.Fatalf("sparsity = %+v", w.Sparsity)
			}
			v, err := m.Float32(w)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Densify(w, v)
			if err != nil || !slices.Equal(d, []float32{0, 0, 7, 8, 9, 0}) {
				t.Errorf("dense = %v %v", d, err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := tinyModel()
			tc.edit(root)
			m, err := Parse(buildModel(root))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, m)
		})
	}
}

func TestCorruptInput(t *testing.T) {
	tiny := buildModel(tinyModel())
	cases := map[string][]byte{
		"nil":             nil,
		"empty":           {},
		"short":           []byte("TFL3"),
		"wrong id":        append(append([]byte{}, tiny[:4]...), append([]byte("TFL2"), tiny[8:]...)...),
		"header only":     {8, 0, 0, 0, 'T', 'F', 'L', '3'},
		"root past end":   {0xff, 0xff, 0xff, 0x7f, 'T', 'F', 'L', '3'},
		"root at self":    {0, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0, 0, 0},
		"negative vtable": {8, 0, 0, 0, 'T', 'F', 'L', '3', 0xf0, 0xff, 0xff, 0x7f},
		"vtable loop":     {8, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0, 0, 0, 4, 0, 4, 0},
		"odd vtable":      {8, 0, 0, 0, 'T', 'F', 'L', '3', 0xfc, 0xff, 0xff, 0xff, 5, 0, 4, 0},
	}
	for i := 1; i < len(tiny); i += max(1, len(tiny)/40) {
		cases["tiny truncated at "+strconv.Itoa(i)] = tiny[:i]
	}
	if p := os.Getenv("NEVERMIND_BUNDLE"); p != "" {
		if b, err := os.ReadFile(filepath.Join(p, "models", "face_landmark.tflite")); err == nil {
			for _, n := range []int{1, 7, 8, 9, 16, 100, 1000, 4096, len(b) / 2, len(b) - 1} {
				cases["real truncated at "+strconv.Itoa(n)] = b[:n]
			}
		}
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 50; i++ {
		b := make([]byte, 8+rng.Intn(512))
		rng.Read(b)
		copy(b[4:], Identifier)
		cases["random "+strconv.Itoa(i)] = b
	}
	for name, b := range cases {
		m, err := parseNoPanic(t, b)
		if err == nil {
			t.Errorf("%s: Parse succeeded (%d tensors)", name, len(m.Tensors))
		}
	}
	m, err := Parse(cases["wrong id"])
	if err == nil || !strings.Contains(err.Error(), "identifier") {
		t.Errorf("wrong id: %v %v", m, err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.tflite")); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
}

// TestFlippedBytes flips bytes of real and tiny models: Parse may succeed
// (flips inside weight data are harmless) but must never panic; flips of
// the root offset or identifier must fail.
func TestFlippedBytes(t *testing.T) {
	files := map[string][]byte{"tiny": buildModel(tinyModel())}
	if p := os.Getenv("NEVERMIND_BUNDLE"); p != "" {
		for _, f := range []string{"face_landmark.tflite", "pose_detection.tflite"} {
			if b, err := os.ReadFile(filepath.Join(p, "models", f)); err == nil {
				files[f] = b
			}
		}
	}
	rng := rand.New(rand.NewSource(2))
	for name, orig := range files {
		for _, at := range []int{3, 4, 5, 7} {
			b := slices.Clone(orig)
			b[at] ^= 0x80
			if _, err := parseNoPanic(t, b); err == nil {
				t.Errorf("%s: flipping byte %d went unnoticed", name, at)
			}
		}
		// The structural part of the file (tables, vtables, offsets) is
		// mostly near the start and end of a TFLite file; flip there and
		// anywhere.
		failures := 0
		rounds := 300
		if len(orig) > 1<<20 {
			rounds = 100 // real models: each round copies and converts megabytes
		}
		for i := 0; i < rounds; i++ {
			b := slices.Clone(orig)
			for k := 1 + rng.Intn(8); k > 0; k-- {
				var at int
				switch rng.Intn(3) {
				case 0:
					at = rng.Intn(min(len(b), 8192))
				case 1:
					at = len(b) - 1 - rng.Intn(min(len(b), 32768))
				default:
					at = rng.Intn(len(b))
				}
				b[at] ^= byte(1 + rng.Intn(255))
			}
			m, err := parseNoPanic(t, b)
			if err != nil {
				failures++
				continue
			}
			exercise(t, m)
		}
		t.Logf("%s: %d of %d corrupted copies rejected", name, failures, rounds)
	}
}

func parseNoPanic(t *testing.T, b []byte) (m *Model, err error) {
	t.Helper()
	m, err = Parse(b)
	if err != nil && strings.Contains(err.Error(), "internal error") {
		t.Fatalf("Parse recovered from a panic: %v", err)
	}
	return m, err
}

// exercise calls every accessor on every tensor of a parsed model; errors
// are fine, panics are not.
func exercise(t testing.TB, m *Model) {
	_ = m.OpCounts()
	for _, tt := range m.Tensors {
		if tt.Data == nil {
			continue
		}
		v, err := m.Float32(tt)
		_, _ = m.Int32(tt)
		if err == nil && tt.Sparsity != nil {
			if n, err := tt.NumElements(); err == nil && n <= 1<<20 {
				_, _ = Densify(tt, v)
			}
		}
	}
}

// denseToSparse is an independent encoder (no block dims) used to test
// Densify: dims are visited in trav order; a SPARSE_CSR dim stores the
// coordinates under which any element is non-zero.
func denseToSparse(dense []float32, shape, trav, formats []int) (*Sparsity, []float32) {
	rank := len(shape)
	strides := make([]int, rank)
	for i, s := rank-1, 1; i >= 0; i-- {
		strides[i] = s
		s *= shape[i]
	}
	sp := &Sparsity{TraversalOrder: trav, Dims: make([]DimMeta, rank)}
	for l := range sp.Dims {
		sp.Dims[l].Format = formats[l]
		if formats[l] == DimDense {
			sp.Dims[l].DenseSize = shape[trav[l]]
		} else {
			sp.Dims[l].Segments = []int{0}
		}
	}
	coord := make([]int, rank)
	// anyNonZero reports whether some element with the coordinates of
	// levels < upto fixed is non-zero.
	var anyNonZero func(level, upto int) bool
	anyNonZero = func(level, upto int) bool {
		if level == rank {
			off := 0
			for d, c := range coord {
				off += c * strides[d]
			}
			return dense[off] != 0
		}
		if level < upto {
			return anyNonZero(level+1, upto)
		}
		d := trav[level]
		saved := coord[d]
		defer func() { coord[d] = saved }()
		for c := 0; c < shape[d]; c++ {
			coord[d] = c
			if anyNonZero(level+1, upto) {
				return true
			}
		}
		return false
	}
	var vals []float32
	var walk func(level int)
	walk = func(level int) {
		if level == rank {
			off := 0
			for d, c := range coord {
				off += c * strides[d]
			}
			vals = append(vals, dense[off])
			return
		}
		d := trav[level]
		for c := 0; c < shape[d]; c++ {
			coord[d] = c
			if formats[level] == DimSparseCSR {
				if !anyNonZero(level+1, level+1) {
					continue
				}
				sp.Dims[level].Indices = append(sp.Dims[level].Indices, c)
			}
			walk(level + 1)
		}
		if formats[level] == DimSparseCSR {
			sp.Dims[level].Segments = append(sp.Dims[level].Segments, len(sp.Dims[level].Indices))
		}
	}
	walk(0)
	return sp, vals
}

func TestDensify(t *testing.T) {
	// 2-D CSR:  [1 0 0 2]
	//           [0 0 0 0]
	//           [0 3 4 0]
	want2D := []float32{1, 0, 0, 2, 0, 0, 0, 0, 0, 3, 4, 0}
	// 4x4 with 2x2 blocks, block rows dense, block columns CSR:
	// blocks (0,0) = [1 0; 0 2] and (1,1) = [3 0; 5 4].
	wantBlock := []float32{
		1, 0, 0, 0,
		0, 2, 0, 0,
		0, 0, 3, 0,
		0, 0, 5, 4,
	}
	tests := []struct {
		name  string
		shape []int
		sp    Sparsity
		vals  []float32
		want  []float32
	}{
		{"2D CSR row-major", []int{3, 4}, Sparsity{TraversalOrder: []int{0, 1}, Dims: []DimMeta{
			{Format: DimDense, DenseSize: 3},
			{Format: DimSparseCSR, Segments: []int{0, 2, 2, 4}, Indices: []int{0, 3, 1, 2}},
		}}, []float32{1, 2, 3, 4}, want2D},
		{"2D CSR column-major", []int{3, 4}, Sparsity{TraversalOrder: []int{1, 0}, Dims: []DimMeta{
			{Format: DimDense, DenseSize: 4},
			{Format: DimSparseCSR, Segments: []int{0, 1, 2, 3, 4}, Indices: []int{0, 2, 2, 0}},
		}}, []float32{1, 3, 4, 2}, want2D},
		{"2D fully dense", []int{3, 4}, Sparsity{TraversalOrder: []int{0, 1}, Dims: []DimMeta{
			{Format: DimDense, DenseSize: 3}, {Format: DimDense, DenseSize: 4},
		}}, want2D, want2D},
		{"block sparse", []int{4, 4}, Sparsity{TraversalOrder: []int{0, 1, 2, 3}, BlockMap: []int{0, 1}, Dims: []DimMeta{
			{Format: DimDense, DenseSize: 2},
			{Format: DimSparseCSR, Segments: []int{0, 1, 2}, Indices: []int{0, 1}},
			{Format: DimDense, DenseSize: 2},
			{Format: DimDense, DenseSize: 2},
		}}, []float32{1, 0, 0, 2, 3, 0, 5, 4}, wantBlock},
		// 4-D conv weights [O=2,H=1,W=1,I=3] as in pose_detection: dense
		// outer dims, CSR over input channels.
		{"4D dense outer", []int{2, 1, 1, 3}, Sparsity{TraversalOrder: []int{0, 1, 2, 3}, Dims: []DimMeta{
			{Format: DimDense, DenseSize: 2}, {Format: DimDense, DenseSize: 1}, {Format: DimDense, DenseSize: 1},
			{Format: DimSparseCSR, Segments: []int{0, 2, 3}, Indices: []int{0, 2, 1}},
		}}, []float32{1, 2, 3}, []float32{1, 0, 2, 0, 3, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Densify(Tensor{Shape: tc.shape, Sparsity: &tc.sp}, tc.vals)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}

	// Round trips through the independent encoder, 4-D, several layouts.
	rng := rand.New(rand.NewSource(3))
	shape := []int{3, 2, 2, 5}
	dense := make([]float32, 60)
	for i := range dense {
		if rng.Intn(10) < 3 {
			dense[i] = float32(1 + rng.Intn(9))
		}
	}
	for i := 20; i < 40; i++ {
		dense[i] = 0 // an all-zero outer slice
	}
	layouts := []struct {
		trav, formats []int
	}{
		{[]int{0, 1, 2, 3}, []int{0, 0, 0, 1}},
		{[]int{0, 1, 2, 3}, []int{0, 1, 0, 1}},
		{[]int{0, 1, 2, 3}, []int{1, 0, 0, 0}},
		{[]int{0, 1, 2, 3}, []int{1, 1, 1, 1}},
		{[]int{3, 0, 1, 2}, []int{0, 1, 0, 1}},
		{[]int{2, 3, 1, 0}, []int{0, 0, 1, 0}},
	}
	for _, l := range layouts {
		sp, vals := denseToSparse(dense, shape, l.trav, l.formats)
		got, err := Densify(Tensor{Shape: shape, Sparsity: sp}, vals)
		if err != nil {
			t.Fatalf("layout %v: %v", l, err)
		}
		if !slices.Equal(got, dense) {
			t.Errorf("layout %v: round trip mismatch\ngot  %v\nwant %v", l, got, dense)
		}
	}
}

func TestDensifyErrors(t *testing.T) {
	csr := func() Sparsity {
		return Sparsity{TraversalOrder: []int{0, 1}, Dims: []DimMeta{
			{Format: DimDense, DenseSize: 3},
			{Format: DimSparseCSR, Segments: []int{0, 2, 2, 4}, Indices: []int{0, 3, 1, 2}},
		}}
	}
	tests := []struct {
		name string
		edit func(s *Sparsity)
		vals int
		want string
	}{
		{"too few values", func(s *Sparsity) {}, 3, "more values than stored"},
		{"too many values", func(s *Sparsity) {}, 5, "describes 4 values but 5"},
		{"traversal not a permutation", func(s *Sparsity) { s.TraversalOrder = []int{0, 0} }, 4, "permutation"},
		{"traversal too short", func(s *Sparsity) { s.TraversalOrder = []int{0} }, 4, "traversal order has 1"},
		{"dense size mismatch", func(s *Sparsity) { s.Dims[0].DenseSize = 4 }, 4, "dense dim 0 has size 4"},
		{"index out of range", func(s *Sparsity) { s.Dims[1].Indices[1] = 4 }, 4, "index 4 out of range"},
		{"decreasing segments", func(s *Sparsity) { s.Dims[1].Segments = []int{0, 3, 2, 4} }, 4, "invalid segments"},
		{"missing segments", func(s *Sparsity) { s.Dims[1].Segments = []int{0, 2} }, 4, "segments"},
		{"unknown format", func(s *Sparsity) { s.Dims[0].Format = 2 }, 4, "unknown format"},
		{"bad block map", func(s *Sparsity) {
			s.BlockMap = []int{5}
			s.TraversalOrder = []int{0, 1, 2}
			s.Dims = append(s.Dims, DimMeta{DenseSize: 1})
		}, 4, "block map"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := csr()
			tc.edit(&s)
			_, err := Densify(Tensor{Shape: []int{3, 4}, Sparsity: &s}, make([]float32, tc.vals))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := Densify(Tensor{Shape: []int{2}}, nil); err == nil {
		t.Error("Densify of a dense tensor succeeded")
	}
}

func TestStrings(t *testing.T) {
	for op, want := range map[BuiltinOp]string{
		OpAdd: "ADD", OpConv2D: "CONV_2D", OpDepthwiseConv2D: "DEPTHWISE_CONV_2D", OpDequantize: "DEQUANTIZE",
		OpPrelu: "PRELU", OpDensify: "DENSIFY", OpResizeBilinear: "RESIZE_BILINEAR", OpDepthToSpace: "DEPTH_TO_SPACE",
		OpMaxPool2D: "MAX_POOL_2D", OpLogistic: "LOGISTIC", OpPad: "PAD", OpReshape: "RESHAPE", OpConcatenation: "CONCATENATION",
		OpTranspose: "TRANSPOSE", OpMean: "MEAN", OpHardSwish: "HARD_SWISH", 127: "PLACEHOLDER_FOR_GREATER_OP_CODES",
		161: "RIGHT_SHIFT", 205: "REDUCE_WINDOW", 225: "TEMP_STREAMING_CONV_2D", 999: "BuiltinOp(999)", -1: "BuiltinOp(-1)",
	} {
		if got := op.String(); got != want {
			t.Errorf("BuiltinOp(%d) = %q, want %q", int32(op), got, want)
		}
	}
	for ty, want := range map[TensorType]string{Float32: "FLOAT32", Float16: "FLOAT16", Int8: "INT8", Float64: "FLOAT64", Int4: "INT4", 99: "TensorType(99)"} {
		if got := ty.String(); got != want {
			t.Errorf("TensorType(%d) = %q, want %q", int8(ty), got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(buildModel(tinyModel()))
	root := tinyModel()
	sub := root[2].([]tb)[0]
	sub[0].([]tb)[1][6] = tb{0: []int32{0, 1, 2, 3}, 2: []tb{
		{0: int8(0), 1: int32(3)}, {0: int8(0), 1: int32(1)}, {0: int8(0), 1: int32(1)},
		{0: int8(1), 2: uint8(1), 3: tb{0: []int32{0, 1, 1, 2}}, 4: uint8(1), 5: tb{0: []int32{0, 1}}},
	}}
	root[4].([]tb)[1][0] = f32bytes(1, 2)
	f.Add(buildModel(root))
	f.Add([]byte{})
	f.Add([]byte("TFL3"))
	f.Add([]byte{8, 0, 0, 0, 'T', 'F', 'L', '3', 0xfc, 0xff, 0xff, 0xff, 4, 0, 4, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0x7f, 'T', 'F', 'L', '3'})
	if p := os.Getenv("NEVERMIND_BUNDLE"); p != "" {
		for _, name := range []string{"face_landmark.tflite", "pose_detection.tflite"} {
			if b, err := os.ReadFile(filepath.Join(p, "models", name)); err == nil {
				f.Add(b[:min(len(b), 4096)])
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("Parse recovered from a panic: %v", err)
			}
			return
		}
		exercise(t, m)
	})
}
