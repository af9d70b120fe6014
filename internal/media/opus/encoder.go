//go:build cgo && codecs

package opus

/*
#cgo linux LDFLAGS: -l:libopus.a -lm
#cgo windows LDFLAGS: -lopus -lssp
#cgo darwin pkg-config: opus
#include <opus/opus.h>

static int enc_set(OpusEncoder *e, int kbps, int complexity) {
	int r;
	if ((r = opus_encoder_ctl(e, OPUS_SET_BITRATE(kbps * 1000))) != OPUS_OK) return r;
	if ((r = opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(complexity))) != OPUS_OK) return r;
	if ((r = opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE))) != OPUS_OK) return r;
	return OPUS_OK;
}

static int enc_lookahead(OpusEncoder *e) {
	opus_int32 v = 0;
	opus_encoder_ctl(e, OPUS_GET_LOOKAHEAD(&v));
	return v;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// Available reports whether this binary can encode Opus.
const Available = true

// maxPacket is the largest packet one 20 ms frame can take (RFC 6716
// allows 1275 bytes a frame).
const maxPacket = 1500

// Encoder encodes mono 48 kHz audio to Opus packets of 20 ms.
type Encoder struct {
	e       *C.OpusEncoder
	pending []float32
	out     []byte
	preSkip int
	started bool // samples were written: Flush has a look-ahead to push out
}

// NewEncoder starts an encoder at kbps kbit/s (VOIP application, voice
// signal, complexity 5).
func NewEncoder(kbps int) (*Encoder, error) {
	if kbps < 6 || kbps > 256 {
		return nil, fmt.Errorf("opus: a bit rate of %d kbit/s", kbps)
	}
	var r C.int
	e := C.opus_encoder_create(Rate, 1, C.OPUS_APPLICATION_VOIP, &r)
	if r != C.OPUS_OK || e == nil {
		return nil, fmt.Errorf("opus: the encoder did not start (%d)", int(r))
	}
	if r := C.enc_set(e, C.int(kbps), 5); r != C.OPUS_OK {
		C.opus_encoder_destroy(e)
		return nil, fmt.Errorf("opus: setting the encoder up failed (%d)", int(r))
	}
	return &Encoder{e: e, out: make([]byte, maxPacket), preSkip: int(C.enc_lookahead(e))}, nil
}

// PreSkip is the encoder's look-ahead in samples: what a decoder drops
// from the start.
func (en *Encoder) PreSkip() int { return en.preSkip }

// Write takes samples and calls emit with each whole 20 ms packet they
// complete; the packet's bytes are only valid during the call.
func (en *Encoder) Write(x []float32, emit func(packet []byte) error) error {
	if en.e == nil {
		return errors.New("opus: encoder closed")
	}
	en.pending = append(en.pending, x...)
	en.started = en.started || len(x) > 0
	i := 0
	for ; i+PacketSamples <= len(en.pending); i += PacketSamples {
		if err := en.encode(en.pending[i:i+PacketSamples], emit); err != nil {
			en.pending = append(en.pending[:0], en.pending[i:]...)
			return err
		}
	}
	en.pending = append(en.pending[:0], en.pending[i:]...)
	return nil
}

// Flush encodes what is pending, padded with silence to a whole packet,
// plus the look-ahead, so that the decoded stream holds every sample.
func (en *Encoder) Flush(emit func(packet []byte) error) error {
	if en.e == nil {
		return errors.New("opus: encoder closed")
	}
	if !en.started {
		return nil
	}
	n := len(en.pending) + en.preSkip
	pad := make([]float32, (n+PacketSamples-1)/PacketSamples*PacketSamples-len(en.pending))
	en.pending = append(en.pending, pad...)
	en.started = false
	return en.Write(nil, emit)
}

func (en *Encoder) encode(frame []float32, emit func([]byte) error) error {
	n := C.opus_encode_float(en.e, (*C.float)(unsafe.Pointer(&frame[0])), PacketSamples, (*C.uchar)(&en.out[0]), maxPacket)
	if n < 0 {
		return fmt.Errorf("opus: encoding failed (%d)", int(n))
	}
	return emit(en.out[:n])
}

// Close frees the encoder.
func (en *Encoder) Close() {
	if en.e != nil {
		C.opus_encoder_destroy(en.e)
		en.e = nil
	}
}
