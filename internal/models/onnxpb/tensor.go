package onnxpb

import (
	"encoding/binary"
	"fmt"
	"math"
)

// FloatTensor makes a FLOAT tensor from values in row-major order.
// Marshal reports a tensor whose values do not fill dims exactly.
func FloatTensor(name string, dims []int64, values []float32) *Tensor {
	raw := make([]byte, 4*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	return &Tensor{Name: name, Type: Float, Dims: dims, Raw: raw}
}

// Int32Tensor makes an INT32 tensor from values in row-major order.
func Int32Tensor(name string, dims []int64, values []int32) *Tensor {
	raw := make([]byte, 4*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint32(raw[4*i:], uint32(v))
	}
	return &Tensor{Name: name, Type: Int32, Dims: dims, Raw: raw}
}

// Int64Tensor makes an INT64 tensor from values in row-major order.
func Int64Tensor(name string, dims []int64, values []int64) *Tensor {
	raw := make([]byte, 8*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint64(raw[8*i:], uint64(v))
	}
	return &Tensor{Name: name, Type: Int64, Dims: dims, Raw: raw}
}

// Uint8Tensor makes a UINT8 tensor from values in row-major order.
func Uint8Tensor(name string, dims []int64, values []uint8) *Tensor {
	return &Tensor{Name: name, Type: Uint8, Dims: dims, Raw: append([]byte(nil), values...)}
}

// Int8Tensor makes an INT8 tensor from values in row-major order.
func Int8Tensor(name string, dims []int64, values []int8) *Tensor {
	raw := make([]byte, len(values))
	for i, v := range values {
		raw[i] = byte(v)
	}
	return &Tensor{Name: name, Type: Int8, Dims: dims, Raw: raw}
}

// Int64Vector makes a 1-D INT64 tensor, the usual form of shape, pads,
// axes and sizes operands.
func Int64Vector(name string, values ...int64) *Tensor {
	return Int64Tensor(name, []int64{int64(len(values))}, values)
}

// FloatScalar makes a 0-D FLOAT tensor, such as Clip's min and max.
func FloatScalar(name string, v float32) *Tensor {
	return FloatTensor(name, nil, []float32{v})
}

// NumElements returns the product of the tensor's dims (1 for a scalar).
func (t *Tensor) NumElements() int64 {
	return numElements(t.Dims)
}

func numElements(dims []int64) int64 {
	n := int64(1)
	for _, d := range dims {
		n *= d
	}
	return n
}

// check reports a malformed tensor; what names it in the message.
func (t *Tensor) check(what string) error {
	if t == nil {
		return fmt.Errorf("%w: %s is nil", ErrInvalid, what)
	}
	size := t.Type.Size()
	if size == 0 {
		return fmt.Errorf("%w: %s has type %v, which cannot be stored as raw data", ErrInvalid, what, t.Type)
	}
	n := int64(1)
	for _, d := range t.Dims {
		if d < 0 {
			return fmt.Errorf("%w: %s has negative dimension in %v", ErrInvalid, what, t.Dims)
		}
		if d > 0 && n > math.MaxInt64/d/int64(size) {
			return fmt.Errorf("%w: %s dims %v are too large", ErrInvalid, what, t.Dims)
		}
		n *= d
	}
	if want := n * int64(size); int64(len(t.Raw)) != want {
		return fmt.Errorf("%w: %s (%v %v) has %d bytes of data, want %d (%d elements of %d bytes)",
			ErrInvalid, what, t.Type, t.Dims, len(t.Raw), want, n, size)
	}
	return nil
}
