package tflite

import (
	"encoding/binary"
	"fmt"
	"math"
)

// This file is a minimal, bounds-checked FlatBuffers reader. The official Go
// runtime (github.com/google/flatbuffers/go) trusts every offset it reads and
// panics (or worse, silently reads garbage) on corrupt input; here every
// offset and length is validated against the buffer before use.
//
// Errors are sticky: the first failure is recorded in reader.err and every
// later read returns a zero value, so callers can decode a whole table and
// check the error once. Zero-valued lengths keep loops and allocations small
// after a failure.

// reader walks a FlatBuffer held in b.
type reader struct {
	b   []byte
	err error
	// budget bounds the memory the decoder allocates (in rough bytes), so a
	// crafted file whose vectors all point at the same large vector cannot
	// make the decoder allocate quadratically.
	budget int
}

func newReader(b []byte) *reader {
	return &reader{b: b, budget: 32*len(b) + 16<<20}
}

// failf records the first error.
func (r *reader) failf(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// spend charges n units against the allocation budget.
func (r *reader) spend(n int, what string) bool {
	if r.err != nil {
		return false
	}
	if n < 0 || n > r.budget {
		r.failf("%s: decoded data exceeds the size budget (corrupt or hostile file)", what)
		return false
	}
	r.budget -= n
	return true
}

// check reports whether [pos, pos+n) lies inside the buffer.
func (r *reader) check(pos, n int, what string) bool {
	if r.err != nil {
		return false
	}
	if pos < 0 || n < 0 || pos > len(r.b) || n > len(r.b)-pos {
		r.failf("%s: bytes [%d, %d+%d) outside the %d-byte file", what, pos, pos, n, len(r.b))
		return false
	}
	return true
}

func (r *reader) u8(pos int, what string) uint8 {
	if !r.check(pos, 1, what) {
		return 0
	}
	return r.b[pos]
}

func (r *reader) u16(pos int, what string) uint16 {
	if !r.check(pos, 2, what) {
		return 0
	}
	return binary.LittleEndian.Uint16(r.b[pos:])
}

func (r *reader) u32(pos int, what string) uint32 {
	if !r.check(pos, 4, what) {
		return 0
	}
	return binary.LittleEndian.Uint32(r.b[pos:])
}

func (r *reader) u64(pos int, what string) uint64 {
	if !r.check(pos, 8, what) {
		return 0
	}
	return binary.LittleEndian.Uint64(r.b[pos:])
}

// table is a decoded table header: its position, its vtable and sizes.
type table struct {
	r      *reader
	name   string // schema table name, for error messages
	pos    int    // start of the table (where the soffset to the vtable is)
	vt     int    // start of the vtable
	vtLen  int    // vtable size in bytes (including its 4-byte header)
	tabLen int    // inline size of the table in bytes
}

// valid reports whether the table was decoded successfully.
func (t table) valid() bool { return t.r != nil && t.r.err == nil && t.vtLen > 0 }

// tableAt decodes the table header at pos.
func (r *reader) tableAt(pos int, name string) table {
	t := table{r: r, name: name}
	if !r.spend(64, name) || !r.check(pos, 4, name+" table") {
		return t
	}
	soff := int64(int32(binary.LittleEndian.Uint32(r.b[pos:])))
	vt := int64(pos) - soff
	if vt < 0 || vt > int64(len(r.b)) {
		r.failf("%s table at %d: vtable offset %d outside the file", name, pos, vt)
		return t
	}
	vtLen := int(r.u16(int(vt), name+" vtable size"))
	tabLen := int(r.u16(int(vt)+2, name+" table size"))
	if r.err != nil {
		return t
	}
	if vtLen < 4 || vtLen%2 != 0 {
		r.failf("%s table at %d: bad vtable size %d", name, pos, vtLen)
		return t
	}
	if !r.check(int(vt), vtLen, name+" vtable") {
		return t
	}
	if tabLen < 4 {
		r.failf("%s table at %d: bad inline size %d", name, pos, tabLen)
		return t
	}
	if !r.check(pos, tabLen, name+" table body") {
		return t
	}
	t.pos, t.vt, t.vtLen, t.tabLen = pos, int(vt), vtLen, tabLen
	return t
}

// field returns the absolute position of field idx (whose inline size is
// size bytes), or -1 when the field is absent.
func (t table) field(idx, size int) int {
	if !t.valid() {
		return -1
	}
	slot := 4 + 2*idx
	if slot+2 > t.vtLen {
		return -1 // vtable too short: field absent (written by an older schema)
	}
	off := int(binary.LittleEndian.Uint16(t.r.b[t.vt+slot:]))
	if off == 0 {
		return -1
	}
	if off < 4 || off+size > t.tabLen {
		t.r.failf("%s field %d: offset %d (+%d bytes) outside the %d-byte table", t.name, idx, off, size, t.tabLen)
		return -1
	}
	return t.pos + off
}

func (t table) u8(idx int, def uint8) uint8 {
	p := t.field(idx, 1)
	if p < 0 {
		return def
	}
	return t.r.u8(p, t.name)
}

func (t table) i8(idx int, def int8) int8 { return int8(t.u8(idx, uint8(def))) }

func (t table) bool(idx int, def bool) bool {
	d := uint8(0)
	if def {
		d = 1
	}
	return t.u8(idx, d) != 0
}

func (t table) u32(idx int, def uint32) uint32 {
	p := t.field(idx, 4)
	if p < 0 {
		return def
	}
	return t.r.u32(p, t.name)
}

func (t table) i32(idx int, def int32) int32 { return int32(t.u32(idx, uint32(def))) }

func (t table) f32(idx int, def float32) float32 {
	return math.Float32frombits(t.u32(idx, math.Float32bits(def)))
}

func (t table) u64(idx int, def uint64) uint64 {
	p := t.field(idx, 8)
	if p < 0 {
		return def
	}
	return t.r.u64(p, t.name)
}

// indirect follows the uoffset stored at field idx, returning the absolute
// target position or -1 when the field is absent.
func (t table) indirect(idx int) int {
	p := t.field(idx, 4)
	if p < 0 {
		return -1
	}
	return t.r.deref(p, t.name)
}

// deref follows the uoffset stored at p.
func (r *reader) deref(p int, what string) int {
	off := r.u32(p, what)
	if r.err != nil {
		return -1
	}
	target := int64(p) + int64(off)
	if target >= int64(len(r.b)) {
		r.failf("%s: offset %d at %d points outside the %d-byte file", what, off, p, len(r.b))
		return -1
	}
	return int(target)
}

// subTable decodes the table referenced by field idx; ok is false when the
// field is absent or invalid.
func (t table) subTable(idx int, name string) (table, bool) {
	p := t.indirect(idx)
	if p < 0 {
		return table{}, false
	}
	s := t.r.tableAt(p, name)
	return s, s.valid()
}

// vector locates the vector referenced by field idx with elements of
// elemSize bytes; it returns the position of the first element and the
// length (0, 0 when absent or invalid).
func (t table) vector(idx, elemSize int) (start, n int) {
	p := t.indirect(idx)
	if p < 0 {
		return 0, 0
	}
	return t.r.vectorAt(p, elemSize, t.name)
}

func (r *reader) vectorAt(p, elemSize int, what string) (start, n int) {
	l := r.u32(p, what+" vector length")
	if r.err != nil {
		return 0, 0
	}
	if uint64(l)*uint64(elemSize) > uint64(len(r.b)) || !r.check(p+4, int(l)*elemSize, what+" vector") {
		r.failf("%s: vector of %d x %d bytes at %d exceeds the %d-byte file", what, l, elemSize, p, len(r.b))
		return 0, 0
	}
	return p + 4, int(l)
}

// bytes returns the [ubyte] vector at field idx, aliasing the file buffer.
func (t table) bytes(idx int) []byte {
	s, n := t.vector(idx, 1)
	if t.r.err != nil || n == 0 {
		return nil
	}
	return t.r.b[s : s+n : s+n]
}

// string returns the string at field idx ("" when absent).
func (t table) string(idx int) string {
	b := t.bytes(idx)
	if !t.r.spend(len(b), t.name+" string") {
		return ""
	}
	return string(b)
}

// ints decodes an [int] (int32) vector at field idx.
func (t table) ints(idx int) []int {
	s, n := t.vector(idx, 4)
	if n == 0 || !t.r.spend(8*n, t.name+" int vector") {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		out[i] = int(int32(binary.LittleEndian.Uint32(t.r.b[s+4*i:])))
	}
	return out
}

// uints decodes a vector of unsigned integers of elemSize (1 or 2) bytes.
func (t table) uints(idx, elemSize int) []int {
	s, n := t.vector(idx, elemSize)
	if n == 0 || !t.r.spend(8*n, t.name+" index vector") {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		if elemSize == 1 {
			out[i] = int(t.r.b[s+i])
		} else {
			out[i] = int(binary.LittleEndian.Uint16(t.r.b[s+2*i:]))
		}
	}
	return out
}

// floats decodes a [float] vector at field idx.
func (t table) floats(idx int) []float32 {
	s, n := t.vector(idx, 4)
	if n == 0 || !t.r.spend(4*n, t.name+" float vector") {
		return nil
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.r.b[s+4*i:]))
	}
	return out
}

// longs decodes a [long] (int64) vector at field idx.
func (t table) longs(idx int) []int64 {
	s, n := t.vector(idx, 8)
	if n == 0 || !t.r.spend(8*n, t.name+" long vector") {
		return nil
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(t.r.b[s+8*i:]))
	}
	return out
}

// tables returns a function decoding element i of the [Table] vector at
// field idx, and the vector length.
func (t table) tables(idx int, name string) (func(i int) table, int) {
	s, n := t.vector(idx, 4)
	at := func(i int) table {
		p := t.r.deref(s+4*i, name+" vector element")
		if p < 0 {
			return table{r: t.r, name: name}
		}
		return t.r.tableAt(p, name)
	}
	return at, n
}
