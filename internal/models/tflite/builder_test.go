package tflite

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
)

// A tiny forward FlatBuffer writer for tests: tables are written before the
// objects they reference, so every uoffset is positive as the format
// requires. It supports just what the tests need to build small models.

// tb is a table: field index -> value. Values may be int8, uint8, bool,
// int32, uint32, float32, uint64, string, []byte, []int32, []float32,
// []int64, []uint16, *tb or []*tb.
type tb map[int]any

type fbWriter struct{ buf []byte }

func (w *fbWriter) u16(v uint16) { w.buf = binary.LittleEndian.AppendUint16(w.buf, v) }
func (w *fbWriter) u32(v uint32) { w.buf = binary.LittleEndian.AppendUint32(w.buf, v) }

func (w *fbWriter) patch(at, target int) {
	binary.LittleEndian.PutUint32(w.buf[at:], uint32(target-at))
}

func (w *fbWriter) pad4() {
	for len(w.buf)%4 != 0 {
		w.buf = append(w.buf, 0)
	}
}

// table writes t (vtable first, then the table) and then its children,
// returning the table position.
func (w *fbWriter) table(t tb) int {
	idxs := make([]int, 0, len(t))
	maxIdx := -1
	for i := range t {
		idxs = append(idxs, i)
		maxIdx = max(maxIdx, i)
	}
	sort.Ints(idxs)
	// Inline layout.
	type slot struct{ idx, off, size int }
	var slots []slot
	off := 4
	for _, i := range idxs {
		size := 4
		switch t[i].(type) {
		case int8, uint8, bool:
			size = 1
		case uint64:
			size = 8
		}
		slots = append(slots, slot{i, off, size})
		off += size
	}
	tabLen := off
	w.pad4()
	vt := len(w.buf)
	w.u16(uint16(4 + 2*(maxIdx+1)))
	w.u16(uint16(tabLen))
	offs := make([]uint16, maxIdx+1)
	for _, s := range slots {
		offs[s.idx] = uint16(s.off)
	}
	for _, o := range offs {
		w.u16(o)
	}
	w.pad4()
	pos := len(w.buf)
	w.u32(uint32(int32(pos - vt)))
	type ref struct {
		at int
		v  any
	}
	var refs []ref
	for _, s := range slots {
		at := len(w.buf)
		switch v := t[s.idx].(type) {
		case int8:
			w.buf = append(w.buf, byte(v))
		case uint8:
			w.buf = append(w.buf, v)
		case bool:
			b := byte(0)
			if v {
				b = 1
			}
			w.buf = append(w.buf, b)
		case int32:
			w.u32(uint32(v))
		case uint32:
			w.u32(v)
		case float32:
			w.u32(math.Float32bits(v))
		case uint64:
			w.buf = binary.LittleEndian.AppendUint64(w.buf, v)
		default:
			w.u32(0) // placeholder
			refs = append(refs, ref{at, v})
		}
	}
	for _, r := range refs {
		w.patch(r.at, w.object(r.v))
	}
	return pos
}

// object writes a referenced object and returns its position.
func (w *fbWriter) object(v any) int {
	w.pad4()
	pos := len(w.buf)
	switch v := v.(type) {
	case *tb:
		return w.table(*v)
	case tb:
		return w.table(v)
	case string:
		w.u32(uint32(len(v)))
		w.buf = append(append(w.buf, v...), 0)
	case []byte:
		w.u32(uint32(len(v)))
		w.buf = append(w.buf, v...)
	case []int32:
		w.u32(uint32(len(v)))
		for _, x := range v {
			w.u32(uint32(x))
		}
	case []uint16:
		w.u32(uint32(len(v)))
		for _, x := range v {
			w.u16(x)
		}
	case []float32:
		w.u32(uint32(len(v)))
		for _, x := range v {
			w.u32(math.Float32bits(x))
		}
	case []int64:
		w.u32(uint32(len(v)))
		for _, x := range v {
			w.buf = binary.LittleEndian.AppendUint64(w.buf, uint64(x))
		}
	case []tb:
		w.u32(uint32(len(v)))
		base := len(w.buf)
		for range v {
			w.u32(0)
		}
		for i, t := range v {
			w.patch(base+4*i, w.table(t))
		}
	default:
		panic(fmt.Sprintf("fbWriter: unsupported value %T", v))
	}
	return pos
}

// buildModel serialises a Model root table with the "TFL3" identifier.
func buildModel(root tb) []byte {
	w := &fbWriter{}
	w.u32(0)
	w.buf = append(w.buf, Identifier...)
	w.patch(0, w.table(root))
	return w.buf
}

func f32bytes(v ...float32) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// tinyModel returns the root table of a small valid model:
// t0 input [1,4,4,2] -> CONV_2D(weights t1 [3,1,1,2] FLOAT32, bias t2 absent)
// -> t3 [1,2,2,3] -> RESHAPE(new_shape [1,12]) -> t4 [1,12].
func tinyModel() tb {
	w := f32bytes(1, 2, 3, 4, 5, 6)
	return tb{
		0: uint32(3),
		1: []tb{
			{0: int8(3), 2: int32(1), 3: int32(3)}, // CONV_2D
			{0: int8(22), 3: int32(22)},            // RESHAPE
		},
		2: []tb{{
			0: []tb{
				{0: []int32{1, 4, 4, 2}, 1: int8(0), 2: uint32(0), 3: "input"},
				{0: []int32{3, 1, 1, 2}, 1: int8(0), 2: uint32(1), 3: "w"},
				{0: []int32{3}, 1: int8(0), 2: uint32(0), 3: "unused"},
				{0: []int32{1, 2, 2, 3}, 1: int8(0), 2: uint32(0), 3: "conv"},
				{0: []int32{1, 12}, 1: int8(0), 2: uint32(0), 3: "out"},
			},
			1: []int32{0},
			2: []int32{4},
			3: []tb{
				{0: uint32(0), 1: []int32{0, 1, -1}, 2: []int32{3}, 3: uint8(optConv2D),
					4: tb{0: int8(1), 1: int32(2), 2: int32(2), 3: int8(3)}},
				{0: uint32(1), 1: []int32{3}, 2: []int32{4}, 3: uint8(optReshape),
					4: tb{0: []int32{1, 12}}},
			},
			4: "main",
		}},
		3: "tiny test model",
		4: []tb{{}, {0: w}},
	}
}
