package opus

import (
	"fmt"

	pion "github.com/pion/opus"
)

// maxFrameSamples is the most one packet decodes to per channel: 120 ms
// at 48 kHz.
const maxFrameSamples = 5760

// Decoder decodes one Opus stream to mono at Rate, pure Go.
type Decoder struct {
	d        pion.Decoder
	channels int
	skip     int // pre-skip samples still to drop
	buf      []float32
}

// NewDecoder starts a decoder for the stream whose OpusHead is head.
func NewDecoder(head []byte) (*Decoder, error) {
	ch, preSkip, err := ParseHead(head)
	if err != nil {
		return nil, err
	}
	d, err := pion.NewDecoderWithOutput(Rate, ch)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return &Decoder{d: d, channels: ch, skip: preSkip, buf: make([]float32, maxFrameSamples*ch)}, nil
}

// Decode decodes one packet and appends its samples, mixed to mono, to
// dst; the stream's pre-skip is dropped from the start.
func (d *Decoder) Decode(packet []byte, dst []float32) (out []float32, err error) {
	if len(packet) == 0 {
		return dst, fmt.Errorf("%w: an empty packet", ErrCorrupt)
	}
	defer func() {
		// The decoder is someone else's code reading untrusted bytes: a
		// panic there is a damaged packet, not the app's end.
		if p := recover(); p != nil {
			out, err = dst, fmt.Errorf("%w: %v", ErrCorrupt, p)
		}
	}()
	n, err := d.d.DecodeToFloat32(packet, d.buf)
	if err != nil {
		return dst, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if n < 0 || n*d.channels > len(d.buf) {
		return dst, fmt.Errorf("%w: a packet of %d samples", ErrCorrupt, n)
	}
	x := d.buf[:n*d.channels]
	for i := 0; i < n; i++ {
		if d.skip > 0 {
			d.skip--
			continue
		}
		if d.channels == 1 {
			dst = append(dst, x[i])
		} else {
			dst = append(dst, (x[2*i]+x[2*i+1])*0.5)
		}
	}
	return dst, nil
}
