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
	// Only the 8-byte size field the Writer leaves can be written in place.
	if rd.segSizeLen != 8 {
		return Repaired{}, fmt.Errorf("%w: a segment size field of %d bytes", ErrUnsupported, rd.segSizeLen)
	}
	segData := rd.segData

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
	whole := !rd.seg.unknown && int64(rd.seg.size) == segSize && rd.Duration > 0
	if whole && out.Dropped == 0 {
		return out, nil
	}
	if out.Dropped > 0 {
		if err := f.Truncate(good); err != nil {
			return out, err
		}
	}
	if rd.durationAt < 0 {
		return out, fmt.Errorf("%w: no duration to write", ErrUnsupported)
	}
	if err := finish(f, rd.segSizeAt, rd.durationAt, segSize, last); err != nil {
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
