// Package opus encodes the app's recorded audio to Opus through libopus
// (cgo, codecs tag; on Linux Debian's libopus-dev, linked statically) and
// decodes Opus in pure Go (github.com/pion/opus), so that every build can
// replay and analyse a recording whichever build wrote it.
//
// The encoder takes mono float samples at 48 kHz in 20 ms packets; Head
// is the OpusHead a WebM track carries as its CodecPrivate.
package opus

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Rate is the sample rate the encoder takes and the decoder gives.
const Rate = 48000

// PacketSamples is the number of samples in one 20 ms packet at Rate.
const PacketSamples = Rate / 50

// ErrCorrupt means a packet or a header could not be decoded.
var ErrCorrupt = errors.New("opus: damaged audio")

// Head builds the OpusHead (RFC 7845 §5.1) for a mono stream with the
// encoder's look-ahead as pre-skip.
func Head(preSkip int) []byte {
	b := make([]byte, 19)
	copy(b, "OpusHead")
	b[8] = 1 // version
	b[9] = 1 // channels
	binary.LittleEndian.PutUint16(b[10:], uint16(preSkip))
	binary.LittleEndian.PutUint32(b[12:], Rate)
	// output gain 0, mapping family 0
	return b
}

// ParseHead reads an OpusHead: its channel count and pre-skip (in 48 kHz
// samples).
func ParseHead(b []byte) (channels, preSkip int, err error) {
	if len(b) < 19 || string(b[:8]) != "OpusHead" || b[8]>>4 != 0 {
		return 0, 0, fmt.Errorf("%w: no OpusHead", ErrCorrupt)
	}
	channels = int(b[9])
	if channels < 1 || channels > 2 || b[18] != 0 {
		return 0, 0, fmt.Errorf("%w: %d channels, mapping family %d (mono and stereo are read)", ErrCorrupt, channels, b[18])
	}
	preSkip = int(binary.LittleEndian.Uint16(b[10:]))
	return channels, preSkip, nil
}
