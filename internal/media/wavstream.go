package media

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// WAVStream writes 16-bit PCM to a WAV file as it arrives. The header is
// written first with the sizes so far and rewritten on every Flush, and the
// file is synced, so that a crash or a kill loses at most what came after
// the last Flush: the file on disk is always a valid WAV.
type WAVStream struct {
	f        *os.File
	w        *bufio.Writer
	channels int
	rate     int
	data     int64 // bytes of samples written through w
	flushed  int64 // bytes of samples the header on disk covers
	buf      []byte
	err      error
}

const wavStreamHeader = 44

// CreateWAVStream creates (or truncates) path for 16-bit PCM at rate Hz.
func CreateWAVStream(path string, rate, channels int) (*WAVStream, error) {
	if rate < MinSampleRate || rate > MaxSampleRate || channels < 1 || channels > MaxChannels {
		return nil, fmt.Errorf("media: cannot write %d channels at %d Hz", channels, rate)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	s := &WAVStream{f: f, w: bufio.NewWriterSize(f, 64<<10), channels: channels, rate: rate}
	if _, err := f.Write(pcmHeader(rate, channels, 0)); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// pcmHeader is the 44-byte header of a 16-bit PCM WAV with dataSize bytes
// of samples.
func pcmHeader(rate, channels int, dataSize uint32) []byte {
	le := binary.LittleEndian
	h := make([]byte, 0, wavStreamHeader)
	h = append(h, "RIFF"...)
	h = le.AppendUint32(h, 36+dataSize)
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 16)
	h = le.AppendUint16(h, wavePCM)
	h = le.AppendUint16(h, uint16(channels))
	h = le.AppendUint32(h, uint32(rate))
	h = le.AppendUint32(h, uint32(rate*channels*2))
	h = le.AppendUint16(h, uint16(channels*2))
	h = le.AppendUint16(h, 16)
	h = append(h, "data"...)
	h = le.AppendUint32(h, dataSize)
	return h
}

// Write appends interleaved samples (clamped to [-1, 1]).
func (s *WAVStream) Write(x []float32) error {
	if s.err != nil {
		return s.err
	}
	s.buf = s.buf[:0]
	for _, v := range x {
		s.buf = binary.LittleEndian.AppendUint16(s.buf, uint16(quantize16(v)))
	}
	n, err := s.w.Write(s.buf)
	s.data += int64(n)
	if err != nil {
		s.err = err
	}
	return err
}

// Frames is how many sample frames have been written.
func (s *WAVStream) Frames() int64 { return s.data / int64(2*s.channels) }

// Flush writes out the buffered samples, rewrites the header's sizes and
// syncs the file.
func (s *WAVStream) Flush() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	// Even after a failed write (a full disk) the header is made to cover
	// the whole frames that did reach the file.
	written := s.data - int64(s.w.Buffered())
	written -= written % int64(2*s.channels)
	if written > 0xFFFFFFFF-64 {
		s.err = errors.New("media: recording too long for a WAV file (4 GiB)")
		return s.err
	}
	if _, err := s.f.WriteAt(pcmHeader(s.rate, s.channels, uint32(written)), 0); err != nil && s.err == nil {
		s.err = err
	}
	if err := s.f.Sync(); err != nil && s.err == nil {
		s.err = err
	}
	s.flushed = written
	return s.err
}

// Close flushes and closes the file.
func (s *WAVStream) Close() error {
	err := s.Flush()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// RepairWAV makes the header of a 16-bit PCM WAV written by WAVStream agree
// with the file's length, for a recording that was cut off (a crash, a
// kill, a full disk): the whole frames on disk are kept. It returns how
// many frames the file holds.
func RepairWAV(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := make([]byte, wavStreamHeader)
	if _, err := io.ReadFull(f, h); err != nil {
		return 0, fmt.Errorf("media: %s: too short to be a recording (%v)", path, err)
	}
	le := binary.LittleEndian
	if string(h[0:4]) != "RIFF" || string(h[8:16]) != "WAVEfmt " || le.Uint16(h[20:]) != wavePCM || le.Uint16(h[34:]) != 16 || string(h[36:40]) != "data" {
		return 0, fmt.Errorf("media: %s is not a recording this app wrote (16-bit PCM WAV)", path)
	}
	channels, rate := int(le.Uint16(h[22:])), int(le.Uint32(h[24:]))
	if channels < 1 || channels > MaxChannels || rate < MinSampleRate || rate > MaxSampleRate {
		return 0, fmt.Errorf("media: %s: damaged header (%d channels at %d Hz)", path, channels, rate)
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	data := st.Size() - wavStreamHeader
	data -= data % int64(2*channels)
	if data > 0xFFFFFFFF-64 {
		data = (0xFFFFFFFF - 64) / int64(2*channels) * int64(2*channels)
	}
	if err := f.Truncate(wavStreamHeader + data); err != nil {
		return 0, err
	}
	if _, err := f.WriteAt(pcmHeader(rate, channels, uint32(data)), 0); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	return data / int64(2*channels), nil
}
