// Package webm writes and reads the WebM container the recordings of an
// answer are kept in (issue 27): a video track and an audio track, their
// frames in clusters of about a second.
//
// The writer is made for a recording that may be killed at any moment:
// each cluster goes to the file in one write followed by fsync, so a file
// cut short holds every cluster but the one being filled. Repair makes
// such a file whole again (it drops a cluster cut mid-way and writes the
// segment's size and the duration the writer had no time to write).
//
// The reader treats every file as hostile: every size is checked against
// what is left of the file and against fixed limits before anything is
// allocated, and an element it does not know is skipped, not trusted.
//
// Only what a recording needs is written or read: one segment, no lacing,
// SimpleBlocks with a timecode scale of 1 ms. The codecs (VP8, Opus) are
// the caller's; this package moves their bytes.
package webm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
)

// Element IDs (Matroska/WebM).
const (
	idEBML               = 0x1A45DFA3
	idEBMLVersion        = 0x4286
	idEBMLReadVersion    = 0x42F7
	idEBMLMaxIDLength    = 0x42F2
	idEBMLMaxSizeLength  = 0x42F3
	idDocType            = 0x4282
	idDocTypeVersion     = 0x4287
	idDocTypeReadVersion = 0x4285
	idSegment            = 0x18538067
	idInfo               = 0x1549A966
	idTimecodeScale      = 0x2AD7B1
	idDuration           = 0x4489
	idMuxingApp          = 0x4D80
	idWritingApp         = 0x5741
	idTracks             = 0x1654AE6B
	idTrackEntry         = 0xAE
	idTrackNumber        = 0xD7
	idTrackUID           = 0x73C5
	idTrackType          = 0x83
	idCodecID            = 0x86
	idCodecPrivate       = 0x63A2
	idVideo              = 0xE0
	idPixelWidth         = 0xB0
	idPixelHeight        = 0xBA
	idAudio              = 0xE1
	idSamplingFrequency  = 0xB5
	idChannels           = 0x9F
	idCluster            = 0x1F43B675
	idTimecode           = 0xE7
	idSimpleBlock        = 0xA3
	idVoid               = 0xEC
)

// timecodeScale is the length of one timecode tick: 1 ms.
const timecodeScale = 1_000_000

// Limits on what the reader accepts: far above what the app writes, far
// below what would hurt.
const (
	maxTracks       = 8
	maxHeaderBytes  = 1 << 20  // EBML header, Info, Tracks
	maxPrivateBytes = 64 << 10 // a track's CodecPrivate
	maxBlockBytes   = 8 << 20  // one frame
	maxClusterBytes = 64 << 20 // one cluster
	maxDepth        = 4
)

// Track types.
const (
	TypeVideo = 1
	TypeAudio = 2
)

// Track is one track of a recording.
type Track struct {
	Number  uint64 // 1-based, as blocks name it
	Type    int    // TypeVideo or TypeAudio
	Codec   string // "V_VP8", "V_VP9", "A_OPUS"
	Private []byte // CodecPrivate (Opus: its OpusHead)
	Width   int    // video
	Height  int    // video
	Rate    float64
	Chans   int // audio
}

// Frame is one block: a compressed video frame or audio packet.
type Frame struct {
	Track uint64
	Time  time.Duration // from the start of the recording, in whole ms
	Key   bool
	Data  []byte
}

// Errors the reader and Repair return, wrapped with what was wrong.
var (
	// ErrNotWebM: the file does not start as a WebM file.
	ErrNotWebM = errors.New("webm: not a WebM file")
	// ErrCorrupt: the file is a WebM file, but damaged beyond what the
	// reader skips.
	ErrCorrupt = errors.New("webm: damaged file")
	// ErrTooLarge: a size in the file is beyond the reader's limits.
	ErrTooLarge = errors.New("webm: element too large")
	// ErrUnsupported: the file uses a part of Matroska this package does
	// not read (lacing, several segments).
	ErrUnsupported = errors.New("webm: unsupported")
)

// unknownSize is the 8-byte size field of an element whose size is not
// known yet (all value bits set).
var unknownSize = []byte{0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}

// appendID appends an element ID as it is written (its marker bits are
// part of the ID).
func appendID(b []byte, id uint32) []byte {
	switch {
	case id >= 1<<24:
		return append(b, byte(id>>24), byte(id>>16), byte(id>>8), byte(id))
	case id >= 1<<16:
		return append(b, byte(id>>16), byte(id>>8), byte(id))
	case id >= 1<<8:
		return append(b, byte(id>>8), byte(id))
	}
	return append(b, byte(id))
}

// appendSize appends n as the shortest EBML variable-length size.
func appendSize(b []byte, n uint64) []byte {
	for l := 1; l <= 8; l++ {
		// All value bits set is reserved for "unknown".
		if n < (1<<(7*l))-1 {
			v := n | 1<<(7*l)
			for i := l - 1; i >= 0; i-- {
				b = append(b, byte(v>>(8*i)))
			}
			return b
		}
	}
	panic("webm: size too large")
}

// size8 is n as an 8-byte size field (what Close patches in place of
// unknownSize).
func size8(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n|1<<56)
	return b
}

func appendElement(b []byte, id uint32, body []byte) []byte {
	return append(appendSize(appendID(b, id), uint64(len(body))), body...)
}

func appendUint(b []byte, id uint32, v uint64) []byte {
	n := 1
	for v>>(8*n) != 0 && n < 8 {
		n++
	}
	body := make([]byte, n)
	for i := 0; i < n; i++ {
		body[n-1-i] = byte(v >> (8 * i))
	}
	return appendElement(b, id, body)
}

func appendFloat(b []byte, id uint32, v float64) []byte {
	body := make([]byte, 8)
	binary.BigEndian.PutUint64(body, math.Float64bits(v))
	return appendElement(b, id, body)
}

func appendString(b []byte, id uint32, s string) []byte {
	return appendElement(b, id, []byte(s))
}

// readVint reads an EBML variable-length number from b: its value (with
// the length marker removed when mask is set), its length in bytes, and
// whether all its value bits are set (an unknown size).
func readVint(b []byte, mask bool) (v uint64, n int, allOnes bool, err error) {
	if len(b) == 0 {
		return 0, 0, false, fmt.Errorf("%w: a number runs past the end", ErrCorrupt)
	}
	first := b[0]
	if first == 0 {
		return 0, 0, false, fmt.Errorf("%w: a number longer than 8 bytes", ErrCorrupt)
	}
	for n = 1; first&(0x80>>(n-1)) == 0; n++ {
	}
	if len(b) < n {
		return 0, 0, false, fmt.Errorf("%w: a number runs past the end", ErrCorrupt)
	}
	v = uint64(first)
	if mask {
		v &^= 0x80 >> (n - 1)
	}
	for i := 1; i < n; i++ {
		v = v<<8 | uint64(b[i])
	}
	allOnes = mask && v == (1<<(7*n))-1
	return v, n, allOnes, nil
}
