package tflite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Float16ToFloat32 converts an IEEE 754 binary16 value (given as its bits)
// to float32 exactly, including subnormals, infinities and NaNs.
func Float16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch exp {
	case 0:
		// Zero or subnormal: mant * 2^-24, exact in float32.
		f := float32(mant) * (1.0 / (1 << 24))
		if sign != 0 {
			f = -f
		}
		return f
	case 0x1f:
		// Inf or NaN (payload preserved).
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
}

// NumElements returns the number of elements of the tensor's (dense) shape.
func (t Tensor) NumElements() (int, error) { return numElements(t.Shape) }

// constData checks that t is a constant whose data holds whole elements of
// size bytes (and, for dense tensors, exactly one per shape element), and
// returns the element count.
func constData(t Tensor, size int) (int, error) {
	if t.Data == nil {
		return 0, fmt.Errorf("tflite: tensor %d (%q) is not a constant", t.Index, t.Name)
	}
	if len(t.Data)%size != 0 {
		return 0, fmt.Errorf("tflite: tensor %d (%q): %d bytes is not a whole number of %s elements", t.Index, t.Name, len(t.Data), t.Type)
	}
	n := len(t.Data) / size
	if t.Sparsity == nil {
		want, err := numElements(t.Shape)
		if err != nil {
			return 0, fmt.Errorf("tflite: tensor %d (%q): %w", t.Index, t.Name, err)
		}
		if n != want {
			return 0, fmt.Errorf("tflite: tensor %d (%q): %d elements of data for shape %v", t.Index, t.Name, n, t.Shape)
		}
	}
	return n, nil
}

// Float32 returns the constant data of t as float32. FLOAT32 and FLOAT64
// data are returned directly, FLOAT16 is converted exactly, and INT8/UINT8
// only when the tensor is not quantized (quantized data must be dequantized
// with its scale and zero point instead). Non-constant tensors are an error.
// For a sparse tensor the stored (compressed) values are returned; see
// Densify.
func (m *Model) Float32(t Tensor) ([]float32, error) {
	size := t.Type.Size()
	switch t.Type {
	case Float32, Float16, Float64:
	case Int8, Uint8:
		if t.Quantization != nil {
			return nil, fmt.Errorf("tflite: tensor %d (%q) is quantized %s (scale %v); dequantize it instead", t.Index, t.Name, t.Type, t.Quantization.Scale)
		}
	default:
		return nil, fmt.Errorf("tflite: tensor %d (%q) has type %s, not convertible to float32", t.Index, t.Name, t.Type)
	}
	n, err := constData(t, size)
	if err != nil {
		return nil, err
	}
	out := make([]float32, n)
	d := t.Data
	for i := range out {
		switch t.Type {
		case Float32:
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(d[4*i:]))
		case Float16:
			out[i] = Float16ToFloat32(binary.LittleEndian.Uint16(d[2*i:]))
		case Float64:
			out[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(d[8*i:])))
		case Int8:
			out[i] = float32(int8(d[i]))
		case Uint8:
			out[i] = float32(d[i])
		}
	}
	return out, nil
}

// Int32 returns the constant data of an INT32 or INT64 tensor as int32
// (INT64 values must fit). Non-constant tensors are an error.
func (m *Model) Int32(t Tensor) ([]int32, error) {
	switch t.Type {
	case Int32, Int64:
	default:
		return nil, fmt.Errorf("tflite: tensor %d (%q) has type %s, not an integer tensor", t.Index, t.Name, t.Type)
	}
	n, err := constData(t, t.Type.Size())
	if err != nil {
		return nil, err
	}
	out := make([]int32, n)
	for i := range out {
		if t.Type == Int32 {
			out[i] = int32(binary.LittleEndian.Uint32(t.Data[4*i:]))
			continue
		}
		v := int64(binary.LittleEndian.Uint64(t.Data[8*i:]))
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, fmt.Errorf("tflite: tensor %d (%q): value %d at %d overflows int32", t.Index, t.Name, v, i)
		}
		out[i] = int32(v)
	}
	return out, nil
}

// OpCounts returns how many operators of each kind the main subgraph has,
// keyed by operator name ("CONV_2D", ...; custom operators as
// "CUSTOM:<name>").
func (m *Model) OpCounts() map[string]int {
	c := map[string]int{}
	for _, op := range m.Operators {
		name := op.Code.String()
		if op.Code == OpCustom && op.Custom != "" {
			name = "CUSTOM:" + op.Custom
		}
		c[name]++
	}
	return c
}

// Densify expands the stored values data of the sparse tensor t (as returned
// by Model.Float32) into a dense row-major array of t.Shape, following
// TensorFlow Lite's sparsity format (FormatConverter::SparseToDense):
// dimensions are visited in t.Sparsity.TraversalOrder, DENSE dimensions
// enumerate every coordinate, SPARSE_CSR dimensions enumerate the stored
// coordinates of the current parent position, and block dimensions (numbered
// after the original ones) refine the original dimension given by BlockMap.
// The metadata is validated: inconsistent or out-of-range metadata, or a
// value count that does not match it, is an error.
func Densify(t Tensor, data []float32) ([]float32, error) {
	s := t.Sparsity
	if s == nil {
		return nil, fmt.Errorf("tflite: tensor %d (%q) is not sparse", t.Index, t.Name)
	}
	fail := func(format string, args ...any) ([]float32, error) {
		return nil, fmt.Errorf("tflite: densify tensor %d (%q): %s", t.Index, t.Name, fmt.Sprintf(format, args...))
	}
	shape := t.Shape
	rank := len(shape)
	total, err := numElements(shape)
	if err != nil {
		return fail("%v", err)
	}
	nb := len(s.BlockMap)
	levels := len(s.TraversalOrder)
	if rank == 0 {
		return fail("scalar tensors cannot be sparse")
	}
	if levels != rank+nb {
		return fail("traversal order has %d dims, want rank %d + %d block dims", levels, rank, nb)
	}
	if len(s.Dims) != levels {
		return fail("%d dim metadata entries, want %d", len(s.Dims), levels)
	}
	// The first rank entries of the traversal order are a permutation of the
	// original dims, the rest a permutation of the block dims.
	seen := make([]bool, levels)
	for l, d := range s.TraversalOrder {
		lo, hi := 0, rank
		if l >= rank {
			lo, hi = rank, levels
		}
		if d < lo || d >= hi || seen[d] {
			return fail("traversal order %v is not a valid permutation", s.TraversalOrder)
		}
		seen[d] = true
	}
	// Block sizes come from the dense size of each block dim; the blocked
	// shape is the original shape divided by them.
	blocked := append([]int(nil), shape...)
	blockSize := make([]int, nb)
	for b, od := range s.BlockMap {
		if od < 0 || od >= rank {
			return fail("block map %v refers to a dim outside rank %d", s.BlockMap, rank)
		}
		for l, d := range s.TraversalOrder {
			if d == rank+b {
				blockSize[b] = s.Dims[l].DenseSize
				if s.Dims[l].Format != DimDense {
					return fail("block dim %d is not DENSE", rank+b)
				}
			}
		}
		if bs := blockSize[b]; bs <= 0 || blocked[od]%bs != 0 {
			return fail("block size %d does not divide dim %d (size %d)", bs, od, blocked[od])
		}
		blocked[od] /= blockSize[b]
	}
	// Expected extent of each traversal level.
	extent := make([]int, levels)
	for l, d := range s.TraversalOrder {
		if d < rank {
			extent[l] = blocked[d]
		} else {
			extent[l] = blockSize[d-rank]
		}
		dm := s.Dims[l]
		switch dm.Format {
		case DimDense:
			if dm.DenseSize != extent[l] {
				return fail("dense dim %d has size %d, want %d", l, dm.DenseSize, extent[l])
			}
		case DimSparseCSR:
			for _, ix := range dm.Indices {
				if ix < 0 || ix >= extent[l] {
					return fail("sparse dim %d index %d out of range [0, %d)", l, ix, extent[l])
				}
			}
			for i, sg := range dm.Segments {
				if sg < 0 || sg > len(dm.Indices) || (i > 0 && sg < dm.Segments[i-1]) {
					return fail("sparse dim %d has invalid segments", l)
				}
			}
		default:
			return fail("dim %d has unknown format %d", l, dm.Format)
		}
	}

	if total == 0 {
		if len(data) != 0 {
			return fail("%d values stored for an empty shape %v", len(data), shape)
		}
		return []float32{}, nil
	}
	strides := make([]int, rank)
	for i, st := rank-1, 1; i >= 0; i-- {
		strides[i] = st
		st *= shape[i]
	}
	// Two passes over the metadata: the first only counts (validating the
	// structure before anything is allocated), the second writes.
	idx := make([]int, levels)
	orig := make([]int, rank)
	var out []float32
	src := 0
	var populate func(level, prev int) error
	populate = func(level, prev int) error {
		if level == levels {
			if src >= len(data) {
				return errors.New("metadata describes more values than stored")
			}
			if out != nil {
				for l := 0; l < rank; l++ {
					orig[s.TraversalOrder[l]] = idx[l]
				}
				for l := rank; l < levels; l++ {
					b := s.TraversalOrder[l] - rank
					od := s.BlockMap[b]
					orig[od] = orig[od]*blockSize[b] + idx[l]
				}
				flat := 0
				for i, v := range orig {
					flat += v * strides[i]
				}
				out[flat] = data[src]
			}
			src++
			return nil
		}
		dm := s.Dims[level]
		if dm.Format == DimDense {
			n := dm.DenseSize
			for i := 0; i < n; i++ {
				idx[level] = i
				if err := populate(level+1, prev*n+i); err != nil {
					return err
				}
			}
			return nil
		}
		if prev+1 >= len(dm.Segments) {
			return fmt.Errorf("sparse dim %d has %d segments, need more than %d", level, len(dm.Segments), prev+1)
		}
		for i := dm.Segments[prev]; i < dm.Segments[prev+1]; i++ {
			idx[level] = dm.Indices[i]
			if err := populate(level+1, i); err != nil {
				return err
			}
		}
		return nil
	}
	if err := populate(0, 0); err != nil {
		return fail("%v", err)
	}
	if src != len(data) {
		return fail("metadata describes %d values but %d are stored", src, len(data))
	}
	out = make([]float32, total)
	src = 0
	if err := populate(0, 0); err != nil {
		return fail("%v", err) // unreachable: the first pass succeeded
	}
	return out, nil
}
