package webm

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// ClusterLength is how long a cluster runs before the writer puts it in
// the file: what a killed recording loses at most.
const ClusterLength = time.Second

// Writer writes a recording's frames to a WebM file cluster by cluster.
// It is not safe for use by several goroutines at once.
type Writer struct {
	// Every is how long a cluster runs before it is put in the file
	// (ClusterLength unless changed before the first Write). A writer fed
	// faster than real time whose caller calls Flush on a clock of its own
	// sets it longer, so that the file is synced on that clock rather
	// than once for every second of media.
	Every      time.Duration
	f          *os.File
	segData    int64 // where the segment's body starts
	segSizeAt  int64 // where its size field is
	durationAt int64 // where Info's Duration value is
	end        int64 // the file's length so far
	video      uint64
	cluster    []byte        // the blocks of the cluster being filled
	start      time.Duration // its timecode
	open       bool          // a cluster is being filled
	last       time.Duration // the latest frame's time
	err        error
}

// Create starts a WebM file at path with the tracks given (numbered as
// their Number says) and writes its header to disk.
func Create(path string, tracks []Track) (*Writer, error) {
	if len(tracks) == 0 || len(tracks) > maxTracks {
		return nil, fmt.Errorf("webm: %d tracks", len(tracks))
	}
	w := &Writer{Every: ClusterLength}
	var head []byte
	head = appendElement(head, idEBML, ebmlHeader())
	head = appendID(head, idSegment)
	w.segSizeAt = int64(len(head))
	head = append(head, unknownSize...)
	w.segData = int64(len(head))

	var info []byte
	info = appendUint(info, idTimecodeScale, timecodeScale)
	info = appendString(info, idMuxingApp, "nevermind")
	info = appendString(info, idWritingApp, "nevermind")
	info = appendFloat(info, idDuration, 0)
	head = appendElement(head, idInfo, info)
	// Duration is Info's last element, and its value its last 8 bytes.
	w.durationAt = int64(len(head) - 8)

	var tr []byte
	for _, t := range tracks {
		if t.Number == 0 {
			return nil, errors.New("webm: a track numbered 0")
		}
		if t.Type == TypeVideo && w.video == 0 {
			w.video = t.Number
		}
		tr = appendElement(tr, idTrackEntry, trackEntry(t))
	}
	head = appendElement(head, idTracks, tr)

	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	w.f = f
	if _, err := f.Write(head); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	w.end = int64(len(head))
	return w, nil
}

func ebmlHeader() []byte {
	var b []byte
	b = appendUint(b, idEBMLVersion, 1)
	b = appendUint(b, idEBMLReadVersion, 1)
	b = appendUint(b, idEBMLMaxIDLength, 4)
	b = appendUint(b, idEBMLMaxSizeLength, 8)
	b = appendString(b, idDocType, "webm")
	b = appendUint(b, idDocTypeVersion, 4)
	b = appendUint(b, idDocTypeReadVersion, 2)
	return b
}

func trackEntry(t Track) []byte {
	var b []byte
	b = appendUint(b, idTrackNumber, t.Number)
	b = appendUint(b, idTrackUID, t.Number)
	b = appendUint(b, idTrackType, uint64(t.Type))
	b = appendString(b, idCodecID, t.Codec)
	if len(t.Private) > 0 {
		b = appendElement(b, idCodecPrivate, t.Private)
	}
	switch t.Type {
	case TypeVideo:
		var v []byte
		v = appendUint(v, idPixelWidth, uint64(t.Width))
		v = appendUint(v, idPixelHeight, uint64(t.Height))
		b = appendElement(b, idVideo, v)
	case TypeAudio:
		var a []byte
		a = appendFloat(a, idSamplingFrequency, t.Rate)
		a = appendUint(a, idChannels, uint64(t.Chans))
		b = appendElement(b, idAudio, a)
	}
	return b
}

// Write adds one frame. Frames come in the order of their times (across
// tracks); a frame earlier than the one before is refused, not dropped
// in silence. A cluster is put in the file when it has run for
// Every and the video track brings a key frame (or twice that
// long without one, or at once for a recording without video).
func (w *Writer) Write(fr Frame) error {
	if w.err != nil {
		return w.err
	}
	if fr.Time < w.last {
		return fmt.Errorf("webm: a frame at %v after one at %v", fr.Time, w.last)
	}
	if len(fr.Data) > maxBlockBytes {
		return fmt.Errorf("%w: a frame of %d bytes", ErrTooLarge, len(fr.Data))
	}
	if w.open {
		age := fr.Time - w.start
		keyed := w.video == 0 || fr.Track == w.video && fr.Key
		if age >= w.Every && keyed || age >= 2*w.Every || age >= 30*time.Second || len(w.cluster) > maxClusterBytes/2 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
	}
	if !w.open {
		w.open, w.start, w.cluster = true, fr.Time.Truncate(time.Millisecond), w.cluster[:0]
	}
	w.last = fr.Time
	rel := int16((fr.Time - w.start) / time.Millisecond)
	var block []byte
	block = appendSize(block, fr.Track)
	block = append(block, byte(uint16(rel)>>8), byte(uint16(rel)))
	flags := byte(0)
	if fr.Key {
		flags |= 0x80
	}
	block = append(block, flags)
	block = append(block, fr.Data...)
	w.cluster = appendElement(w.cluster, idSimpleBlock, block)
	return nil
}

// Flush puts the cluster being filled in the file, in one write, and
// makes it durable (fsync).
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if !w.open {
		return nil
	}
	var body []byte
	body = appendUint(body, idTimecode, uint64(w.start/time.Millisecond))
	body = append(body, w.cluster...)
	cl := appendElement(nil, idCluster, body)
	if _, err := w.f.WriteAt(cl, w.end); err != nil {
		w.err = err
		return err
	}
	if err := w.f.Sync(); err != nil {
		w.err = err
		return err
	}
	w.end += int64(len(cl))
	w.open = false
	return nil
}

// Close puts the last cluster in the file, writes the segment's size and
// the duration, and closes it.
func (w *Writer) Close() error {
	if w.f == nil {
		return w.err
	}
	err := w.Flush()
	if err == nil {
		err = finish(w.f, w.segSizeAt, w.durationAt, w.end-w.segData, w.last)
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	return err
}

// finish writes a segment's size and duration in place and syncs.
func finish(f *os.File, segSizeAt, durationAt, segSize int64, duration time.Duration) error {
	if _, err := f.WriteAt(size8(uint64(segSize)), segSizeAt); err != nil {
		return err
	}
	d := appendFloat(nil, idDuration, float64(duration)/float64(time.Millisecond))
	if _, err := f.WriteAt(d[len(d)-8:], durationAt); err != nil {
		return err
	}
	return f.Sync()
}
