package webm

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"time"
)

// Reader reads the frames of a WebM file one by one.
type Reader struct {
	Tracks   []Track
	Duration time.Duration // as Info says; 0 when the writer never wrote it
	// CutShort: the segment claims more than the file holds (a
	// recording that was killed); Repair mends it.
	CutShort bool

	r      io.ReaderAt
	scale  int64 // ns per timecode tick
	segEnd int64
	pos    int64 // the next top-level element
	// Where the segment's size field is, how many bytes it takes and
	// whether it says "unknown", where its body starts, and where Info's
	// Duration value is (-1 without an 8-byte one): what Repair writes.
	segSizeAt, segData, durationAt int64
	segSizeLen                     int
	seg                            head
	// The cluster being read.
	cl     []byte
	clAt   int
	clTime int64
	hasTC  bool
}

// head is an element's ID and size as the file gives them.
type head struct {
	id      uint32
	size    uint64
	unknown bool
	n       int // bytes of ID and size
}

// readHead reads an element's header from b.
func readHead(b []byte) (head, error) {
	id, idLen, _, err := readVint(b, false)
	if err != nil {
		return head{}, err
	}
	if idLen > 4 {
		return head{}, fmt.Errorf("%w: an element ID of %d bytes", ErrCorrupt, idLen)
	}
	size, sizeLen, unknown, err := readVint(b[idLen:], true)
	if err != nil {
		return head{}, err
	}
	return head{uint32(id), size, unknown, idLen + sizeLen}, nil
}

// headAt reads the header of the element at off, which must end by end.
func headAt(r io.ReaderAt, off, end int64) (head, error) {
	var buf [12]byte
	n := int64(len(buf))
	if end-off < n {
		n = end - off
	}
	if n <= 0 {
		return head{}, io.EOF
	}
	if _, err := r.ReadAt(buf[:n], off); err != nil && err != io.EOF {
		return head{}, err
	}
	return readHead(buf[:n])
}

// body reads size bytes at off, after checking them against end and max.
func body(r io.ReaderAt, off int64, size uint64, end int64, max int) ([]byte, error) {
	if size > uint64(max) {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, size)
	}
	if int64(size) > end-off {
		return nil, fmt.Errorf("%w: an element runs past the end of the file", ErrCorrupt)
	}
	b := make([]byte, size)
	if _, err := r.ReadAt(b, off); err != nil && !(err == io.EOF && int64(size) == end-off) {
		return nil, err
	}
	return b, nil
}

// offsetIn is where child, a slice of parent, starts in it.
func offsetIn(parent, child []byte) int { return cap(parent) - cap(child) }

// children calls fn for each element of b in turn (each body a slice of
// b).
func children(b []byte, fn func(id uint32, body []byte) error) error {
	for len(b) > 0 {
		h, err := readHead(b)
		if err != nil {
			return err
		}
		if h.unknown || h.size > uint64(len(b)-h.n) {
			return fmt.Errorf("%w: an element runs past its parent", ErrCorrupt)
		}
		if err := fn(h.id, b[h.n:h.n+int(h.size)]); err != nil {
			return err
		}
		b = b[h.n+int(h.size):]
	}
	return nil
}

func readUint(b []byte) (uint64, error) {
	if len(b) > 8 {
		return 0, fmt.Errorf("%w: an integer of %d bytes", ErrCorrupt, len(b))
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, nil
}

func readFloat(b []byte) (float64, error) {
	switch len(b) {
	case 4:
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	case 8:
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	case 0:
		return 0, nil
	}
	return 0, fmt.Errorf("%w: a float of %d bytes", ErrCorrupt, len(b))
}

// NewReader reads a WebM file's header (the EBML header, Info and Tracks)
// from r, size bytes long, and stands before its first cluster.
func NewReader(r io.ReaderAt, size int64) (*Reader, error) {
	h, err := headAt(r, 0, size)
	if err != nil || h.id != idEBML {
		return nil, ErrNotWebM
	}
	eb, err := body(r, int64(h.n), h.size, size, maxHeaderBytes)
	if err != nil {
		return nil, err
	}
	docType := ""
	if err := children(eb, func(id uint32, b []byte) error {
		if id == idDocType {
			docType = string(b)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if docType != "webm" && docType != "matroska" {
		return nil, fmt.Errorf("%w: its document type is %q", ErrNotWebM, docType)
	}
	at := int64(h.n) + int64(h.size)
	sh, err := headAt(r, at, size)
	if err != nil || sh.id != idSegment {
		return nil, fmt.Errorf("%w: no segment after the header", ErrCorrupt)
	}
	// A segment's ID takes 4 bytes; its size field the rest of its head.
	rd := &Reader{r: r, scale: timecodeScale, pos: at + int64(sh.n), segEnd: size,
		segSizeAt: at + 4, segSizeLen: sh.n - 4, segData: at + int64(sh.n), seg: sh, durationAt: -1}
	if !sh.unknown {
		if end := rd.pos + int64(min(sh.size, uint64(math.MaxInt64/2))); end < size {
			rd.segEnd = end
		} else if end > size {
			rd.CutShort = true
		}
	}
	var duration float64
	for rd.pos < rd.segEnd {
		h, err := headAt(r, rd.pos, rd.segEnd)
		if err != nil {
			return nil, err
		}
		if h.id == idCluster {
			break
		}
		if h.unknown {
			return nil, fmt.Errorf("%w: an element of unknown size", ErrUnsupported)
		}
		switch h.id {
		case idInfo, idTracks:
			bodyAt := rd.pos + int64(h.n)
			b, err := body(r, bodyAt, h.size, rd.segEnd, maxHeaderBytes)
			if err != nil {
				return nil, err
			}
			if h.id == idInfo {
				info := b
				err = children(b, func(id uint32, b []byte) error {
					var err error
					switch id {
					case idTimecodeScale:
						var s uint64
						if s, err = readUint(b); err == nil {
							if s == 0 || s > uint64(time.Second) {
								return fmt.Errorf("%w: a timecode scale of %d ns", ErrCorrupt, s)
							}
							rd.scale = int64(s)
						}
					case idDuration:
						duration, err = readFloat(b)
						if len(b) == 8 {
							rd.durationAt = bodyAt + int64(offsetIn(info, b))
						}
					}
					return err
				})
			} else {
				err = rd.readTracks(b)
			}
			if err != nil {
				return nil, err
			}
		case idSegment:
			return nil, fmt.Errorf("%w: a segment inside a segment", ErrUnsupported)
		}
		if int64(h.size) > rd.segEnd-rd.pos-int64(h.n) {
			return nil, fmt.Errorf("%w: an element runs past the end of the file", ErrCorrupt)
		}
		rd.pos += int64(h.n) + int64(h.size)
	}
	if len(rd.Tracks) == 0 {
		return nil, fmt.Errorf("%w: no tracks", ErrCorrupt)
	}
	if d := duration * float64(rd.scale); d > 0 && d < float64(100*time.Hour) {
		rd.Duration = time.Duration(d)
	}
	return rd, nil
}

func (rd *Reader) readTracks(b []byte) error {
	return children(b, func(id uint32, b []byte) error {
		if id != idTrackEntry {
			return nil
		}
		if len(rd.Tracks) == maxTracks {
			return fmt.Errorf("%w: more than %d tracks", ErrTooLarge, maxTracks)
		}
		var t Track
		err := children(b, func(id uint32, b []byte) error {
			var err error
			var v uint64
			switch id {
			case idTrackNumber:
				t.Number, err = readUint(b)
			case idTrackType:
				v, err = readUint(b)
				t.Type = int(min(v, 255))
			case idCodecID:
				if len(b) > 64 {
					return fmt.Errorf("%w: a codec ID of %d bytes", ErrCorrupt, len(b))
				}
				t.Codec = string(b)
			case idCodecPrivate:
				if len(b) > maxPrivateBytes {
					return fmt.Errorf("%w: codec data of %d bytes", ErrTooLarge, len(b))
				}
				t.Private = append([]byte(nil), b...)
			case idVideo:
				err = children(b, func(id uint32, b []byte) error {
					v, err := readUint(b)
					switch id {
					case idPixelWidth:
						t.Width = int(min(v, 1<<16))
					case idPixelHeight:
						t.Height = int(min(v, 1<<16))
					}
					return err
				})
			case idAudio:
				err = children(b, func(id uint32, b []byte) error {
					var err error
					switch id {
					case idSamplingFrequency:
						t.Rate, err = readFloat(b)
					case idChannels:
						var v uint64
						v, err = readUint(b)
						t.Chans = int(min(v, 64))
					}
					return err
				})
			}
			return err
		})
		if err != nil {
			return err
		}
		if t.Number == 0 {
			return fmt.Errorf("%w: a track without a number", ErrCorrupt)
		}
		rd.Tracks = append(rd.Tracks, t)
		return nil
	})
}

// Next returns the next frame, or io.EOF after the last one. A cluster
// cut short ends the file with an error wrapping ErrCorrupt.
func (rd *Reader) Next() (Frame, error) {
	for {
		for rd.clAt < len(rd.cl) {
			h, err := readHead(rd.cl[rd.clAt:])
			if err != nil {
				return Frame{}, err
			}
			if h.unknown || h.size > uint64(len(rd.cl)-rd.clAt-h.n) {
				return Frame{}, fmt.Errorf("%w: a block runs past its cluster", ErrCorrupt)
			}
			b := rd.cl[rd.clAt+h.n : rd.clAt+h.n+int(h.size)]
			rd.clAt += h.n + int(h.size)
			switch h.id {
			case idTimecode:
				v, err := readUint(b)
				if err != nil {
					return Frame{}, err
				}
				if v > 1<<40 {
					return Frame{}, fmt.Errorf("%w: a cluster at timecode %d", ErrCorrupt, v)
				}
				rd.clTime, rd.hasTC = int64(v), true
			case idSimpleBlock:
				if !rd.hasTC {
					return Frame{}, fmt.Errorf("%w: a block before its cluster's timecode", ErrCorrupt)
				}
				return rd.block(b)
			case 0xA0: // BlockGroup
				return Frame{}, fmt.Errorf("%w: block groups", ErrUnsupported)
			}
		}
		if rd.pos >= rd.segEnd {
			return Frame{}, io.EOF
		}
		h, err := headAt(rd.r, rd.pos, rd.segEnd)
		if err != nil {
			if err == io.EOF {
				return Frame{}, io.EOF
			}
			return Frame{}, err
		}
		if h.unknown {
			return Frame{}, fmt.Errorf("%w: an element of unknown size", ErrUnsupported)
		}
		if int64(h.size) > rd.segEnd-rd.pos-int64(h.n) {
			return Frame{}, fmt.Errorf("%w: the file ends inside an element (a recording cut short)", ErrCorrupt)
		}
		if h.id == idCluster {
			b, err := body(rd.r, rd.pos+int64(h.n), h.size, rd.segEnd, maxClusterBytes)
			if err != nil {
				return Frame{}, err
			}
			rd.cl, rd.clAt, rd.hasTC = b, 0, false
		}
		rd.pos += int64(h.n) + int64(h.size)
	}
}

func (rd *Reader) block(b []byte) (Frame, error) {
	track, n, _, err := readVint(b, true)
	if err != nil {
		return Frame{}, err
	}
	if len(b) < n+3 {
		return Frame{}, fmt.Errorf("%w: a block too short", ErrCorrupt)
	}
	rel := int16(binary.BigEndian.Uint16(b[n:]))
	flags := b[n+2]
	if flags&0x06 != 0 {
		return Frame{}, fmt.Errorf("%w: laced blocks", ErrUnsupported)
	}
	ticks := rd.clTime + int64(rel)
	if ticks < 0 {
		ticks = 0
	}
	if ticks > math.MaxInt64/rd.scale {
		return Frame{}, fmt.Errorf("%w: a block at timecode %d", ErrCorrupt, ticks)
	}
	return Frame{
		Track: track,
		Time:  time.Duration(ticks * rd.scale),
		Key:   flags&0x80 != 0,
		Data:  append([]byte(nil), b[n+3:]...),
	}, nil
}
