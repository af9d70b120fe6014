package vision

import (
	"encoding/binary"
	"math"
)

// A few protocol-buffer wire-format readers for the canonical face
// (geometry_pipeline_metadata_landmarks.binarypb): enough to walk its
// fields, and no dependency on the protobuf module (whose init reads the
// program's own file at every start).

type wireType int8

const (
	varintType  wireType = 0
	fixed64Type wireType = 1
	bytesType   wireType = 2
	fixed32Type wireType = 5
)

// consumeVarint reads a varint; n < 0 when b does not hold one.
func consumeVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, -1
}

// consumeTag reads a field's number and wire type.
func consumeTag(b []byte) (int32, wireType, int) {
	v, n := consumeVarint(b)
	if n < 0 || v>>3 == 0 || v>>3 > math.MaxInt32 {
		return 0, 0, -1
	}
	return int32(v >> 3), wireType(v & 7), n
}

// consumeBytes reads a length-prefixed field's contents.
func consumeBytes(b []byte) ([]byte, int) {
	l, n := consumeVarint(b)
	if n < 0 || l > uint64(len(b)-n) {
		return nil, -1
	}
	return b[n : n+int(l)], n + int(l)
}

// consumeFixed32 reads a little-endian 32-bit value.
func consumeFixed32(b []byte) (uint32, int) {
	if len(b) < 4 {
		return 0, -1
	}
	return binary.LittleEndian.Uint32(b), 4
}

// consumeFieldValue skips a field's value of type t; groups (long
// deprecated, and absent from these files) are not read.
func consumeFieldValue(_ int32, t wireType, b []byte) int {
	switch t {
	case varintType:
		_, n := consumeVarint(b)
		return n
	case fixed64Type:
		if len(b) < 8 {
			return -1
		}
		return 8
	case bytesType:
		_, n := consumeBytes(b)
		return n
	case fixed32Type:
		_, n := consumeFixed32(b)
		return n
	}
	return -1
}
