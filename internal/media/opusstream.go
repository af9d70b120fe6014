package media

import (
	"fmt"
	"time"

	"nevermind/internal/media/opus"
	"nevermind/internal/media/webm"
)

// OpusKbps is the bit rate recordings keep their voice at: 64 kbit/s,
// 0.48 MB a minute. At 48 kbit/s the median pitch of real speech
// (jfk.wav) moved 0.74 %; at 64 it stays within 0.2 % and the pauses
// within 10 ms of the microphone's (TestOpusKeepsVoiceMetrics).
const OpusKbps = 64

// OpusStream writes mono audio to a WebM file as Opus while it is being
// recorded: what Flush finds is put in the file and synced (the recorder
// calls it every half second), so a crash loses what came after the last
// Flush (webm.Repair mends the file).
// It is not safe for concurrent use.
type OpusStream struct {
	w      *webm.Writer
	enc    *opus.Encoder
	rs     *StreamResampler // nil at 48 kHz
	buf    []float32
	frames int64 // input frames taken
	pkts   int64
	err    error
}

// CreateOpusStream starts a WebM file at path for mono audio at rate Hz
// (resampled to 48 kHz when it is another rate). It needs a build with
// the Opus encoder (opus.Available).
func CreateOpusStream(path string, rate int) (*OpusStream, error) {
	enc, err := opus.NewEncoder(OpusKbps)
	if err != nil {
		return nil, err
	}
	s := &OpusStream{enc: enc}
	if rate != opus.Rate {
		if s.rs, err = NewStreamResampler(rate, opus.Rate); err != nil {
			enc.Close()
			return nil, err
		}
	}
	s.w, err = webm.Create(path, []webm.Track{{Number: 1, Type: webm.TypeAudio, Codec: "A_OPUS",
		Private: opus.Head(enc.PreSkip()), Rate: opus.Rate, Chans: 1}})
	if err != nil {
		enc.Close()
		return nil, err
	}
	// The recorder calls Flush on its clock (every half second); a file
	// written faster than real time is synced every 10 s of audio, not
	// every second.
	s.w.Every = 10 * time.Second
	return s, nil
}

func (s *OpusStream) emit(p []byte) error {
	t := time.Duration(s.pkts) * 20 * time.Millisecond
	s.pkts++
	return s.w.Write(webm.Frame{Track: 1, Time: t, Key: true, Data: p})
}

// Write appends mono samples at the stream's input rate.
func (s *OpusStream) Write(mono []float32) error {
	if s.err != nil {
		return s.err
	}
	s.frames += int64(len(mono))
	x := mono
	if s.rs != nil {
		s.buf = s.rs.Write(s.buf[:0], mono)
		x = s.buf
	}
	if err := s.enc.Write(x, s.emit); err != nil {
		s.err = fmt.Errorf("writing the audio: %w", err)
	}
	return s.err
}

// Flush puts the audio encoded so far in the file and syncs it (a crash
// loses what came after the last Flush, or the last second); the 20 ms
// still being gathered go with the next.
func (s *OpusStream) Flush() error {
	if s.err == nil {
		if err := s.w.Flush(); err != nil {
			s.err = fmt.Errorf("writing the audio: %w", err)
		}
	}
	return s.err
}

// Frames is the number of input frames written.
func (s *OpusStream) Frames() int64 { return s.frames }

// Close encodes what is pending and finishes the file.
func (s *OpusStream) Close() error {
	if s.w == nil {
		return s.err
	}
	err := s.err
	if err == nil && s.rs != nil {
		s.buf = s.rs.Flush(s.buf[:0])
		err = s.enc.Write(s.buf, s.emit)
	}
	if err == nil {
		err = s.enc.Flush(s.emit)
	}
	if cerr := s.w.Close(); err == nil {
		err = cerr
	}
	s.enc.Close()
	s.w = nil
	return err
}

// WriteOpusWebM writes a (mono or mixed-down) recording as Opus in WebM,
// as the recorder would have.
func WriteOpusWebM(path string, a Audio) error {
	m := Mono(a)
	s, err := CreateOpusStream(path, m.SampleRate)
	if err != nil {
		return err
	}
	if err := s.Write(m.Samples); err != nil {
		s.Close()
		return err
	}
	return s.Close()
}
