package media

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// WriteWAV writes a to w as a WAV file: 16-bit PCM if bits is 16 (samples
// are clamped to [-1, 1] and scaled by 32768, the inverse of ReadWAV), or
// 32-bit IEEE float if bits is 32. The header is written with exact sizes up
// front, so w is never seeked; the io.WriteSeeker parameter only mirrors the
// usual encoder signature (see EncodeWAV for plain writers).
func WriteWAV(w io.WriteSeeker, a Audio, bits int) error {
	return EncodeWAV(w, a, bits)
}

// EncodeWAV is WriteWAV for any io.Writer.
func EncodeWAV(w io.Writer, a Audio, bits int) error {
	ch := max(a.Channels, 1)
	switch {
	case bits != 16 && bits != 32:
		return fmt.Errorf("media: cannot write %d-bit WAV: only 16 (PCM) and 32 (float) are supported", bits)
	case a.Channels > MaxChannels:
		return fmt.Errorf("media: cannot write %d channels (at most %d)", a.Channels, MaxChannels)
	case a.SampleRate < MinSampleRate || a.SampleRate > MaxSampleRate:
		return fmt.Errorf("media: cannot write a sample rate of %d Hz (supported: %d–%d Hz)", a.SampleRate, MinSampleRate, MaxSampleRate)
	case len(a.Samples)%ch != 0:
		return fmt.Errorf("media: cannot write %d samples: not a whole number of %d-channel frames", len(a.Samples), ch)
	}
	bytesPer := bits / 8
	dataSize := int64(len(a.Samples)) * int64(bytesPer)
	if dataSize > math.MaxUint32-100 {
		return errors.New("media: audio too long for a WAV file (more than 4 GiB of data)")
	}
	frames := uint32(len(a.Samples) / ch)

	le := binary.LittleEndian
	var h []byte
	h = append(h, "RIFF"...)
	riffSize := 4 + 8 + 16 + 8 + uint32(dataSize)
	if bits == 32 {
		riffSize += 2 + 12 // cbSize, fact chunk
	}
	h = le.AppendUint32(h, riffSize)
	h = append(h, "WAVEfmt "...)
	code := uint16(wavePCM)
	if bits == 32 {
		code = waveFloat
		h = le.AppendUint32(h, 18)
	} else {
		h = le.AppendUint32(h, 16)
	}
	h = le.AppendUint16(h, code)
	h = le.AppendUint16(h, uint16(ch))
	h = le.AppendUint32(h, uint32(a.SampleRate))
	h = le.AppendUint32(h, uint32(a.SampleRate*ch*bytesPer))
	h = le.AppendUint16(h, uint16(ch*bytesPer))
	h = le.AppendUint16(h, uint16(bits))
	if bits == 32 {
		h = le.AppendUint16(h, 0) // cbSize
		h = append(h, "fact"...)
		h = le.AppendUint32(h, 4)
		h = le.AppendUint32(h, frames)
	}
	h = append(h, "data"...)
	h = le.AppendUint32(h, uint32(dataSize))

	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(h)
	var buf [4]byte
	for _, s := range a.Samples {
		if bits == 16 {
			le.PutUint16(buf[:], uint16(quantize16(s)))
		} else {
			le.PutUint32(buf[:], math.Float32bits(s))
		}
		bw.Write(buf[:bytesPer])
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("media: writing WAV: %w", err)
	}
	return nil
}

// quantize16 maps a sample in [-1, 1] to 16-bit PCM (NaN becomes 0).
func quantize16(s float32) int16 {
	v := math.Round(float64(s) * 32768)
	switch {
	case v >= 32767:
		return 32767
	case v <= -32768:
		return -32768
	case v == v:
		return int16(v)
	}
	return 0
}

// WriteWAVFile writes a to a new file at path with WriteWAV, replacing any
// existing file.
func WriteWAVFile(path string, a Audio, bits int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteWAV(f, a, bits); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
