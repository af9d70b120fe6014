package webm

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Repaired says what Repair found and did.
type Repaired struct {
	Clusters int           // whole clusters kept
	Duration time.Duration // of the frames kept
	Dropped  int64         // bytes cut off the end (a cluster cut mid-way)
	Mended   bool          // the file was changed
}

// Repair makes a WebM file this package's Writer left unfinished (the
// recording was killed) whole: it keeps every whole cluster, cuts off one
// cut short, and writes the segment's size and the duration. A whole file
// is left as it is.
func Repair(path string) (Repaired, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return Repaired{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Repaired{}, err
	}
	size := st.Size()
	rd, err := NewReader(f, size)
	if err != nil {
		return Repaired{}, err
	}
	// Where the segment's size field is, and how long: only the 8-byte
	// field the Writer leaves can be written in place.
	eh, _ := headAt(f, 0, size)
	segAt := int64(eh.n) + int64(eh.size)
	sh, err := headAt(f, segAt, size)
	if err != nil {
		return Repaired{}, err
	}
	idLen := 4
	if sh.n-idLen != 8 {
		return Repaired{}, fmt.Errorf("%w: a segment size field of %d bytes", ErrUnsupported, sh.n-idLen)
	}
	segData := segAt + int64(sh.n)
	durationAt, err := findDuration(f, segData, size)
	if err != nil {
		return Repaired{}, err
	}

	// The whole clusters, in order, up to the first that is cut short
	// or damaged.
	var out Repaired
	good := segData
	var last time.Duration
	for pos := segData; pos < size; {
		h, err := headAt(f, pos, size)
		if err != nil || h.unknown || int64(h.size) > size-pos-int64(h.n) {
			break
		}
		end := pos + int64(h.n) + int64(h.size)
		if h.id == idCluster {
			b, err := body(f, pos+int64(h.n), h.size, size, maxClusterBytes)
			if err != nil {
				break
			}
			t, err := lastTime(rd, b)
			if err != nil {
				break
			}
			out.Clusters++
			last = max(last, t)
		}
		pos, good = end, end
	}
	out.Dropped = size - good
	out.Duration = last
	segSize := good - segData
	whole := !sh.unknown && int64(sh.size) == segSize && rd.Duration > 0
	if whole && out.Dropped == 0 {
		return out, nil
	}
	if out.Dropped > 0 {
		if err := f.Truncate(good); err != nil {
			return out, err
		}
	}
	if durationAt < 0 {
		return out, fmt.Errorf("%w: no duration to write", ErrUnsupported)
	}
	if err := finish(f, segAt+int64(idLen), durationAt, segSize, last); err != nil {
		return out, err
	}
	out.Mended = true
	return out, nil
}

// lastTime is the time of a cluster's last block, after checking every
// block of it.
func lastTime(rd *Reader, cluster []byte) (time.Duration, error) {
	probe := &Reader{scale: rd.scale, cl: cluster}
	var last time.Duration
	for {
		fr, err := probe.Next()
		if errors.Is(err, io.EOF) {
			return last, nil
		}
		if err != nil {
			return 0, err
		}
		last = max(last, fr.Time)
	}
}

// findDuration is where Info's Duration value is (its 8 bytes), or -1.
func findDuration(f *os.File, segData, size int64) (int64, error) {
	for pos := segData; pos < size; {
		h, err := headAt(f, pos, size)
		if err != nil || h.unknown {
			return -1, nil
		}
		if h.id == idCluster {
			return -1, nil
		}
		if h.id == idInfo {
			b, err := body(f, pos+int64(h.n), h.size, size, maxHeaderBytes)
			if err != nil {
				return -1, err
			}
			at := int64(-1)
			off := 0
			err = children(b, func(id uint32, v []byte) error {
				hh, _ := readHead(b[off:])
				if id == idDuration && len(v) == 8 {
					at = pos + int64(h.n) + int64(off+hh.n)
				}
				off += hh.n + len(v)
				return nil
			})
			return at, err
		}
		pos += int64(h.n) + int64(h.size)
	}
	return -1, nil
}
