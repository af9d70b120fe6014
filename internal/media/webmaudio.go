package media

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"nevermind/internal/media/opus"
	"nevermind/internal/media/webm"
)

// The app's recordings keep their audio as Opus in a WebM file (.weba);
// older ones as WAV. ReadAudioFile, Load16kMono and CheckLength take
// either, by what the file holds rather than its name.

// isWebM reports whether the file at path starts as an EBML (WebM) file.
func isWebM(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [4]byte
	_, err = io.ReadFull(f, b[:])
	return err == nil && b == [4]byte{0x1A, 0x45, 0xDF, 0xA3}
}

// ReadAudioFile reads a recording's audio: a WAV file (as ReadWAVFile) or
// the Opus track of a WebM file, decoded to mono at 48 kHz.
func ReadAudioFile(path string) (Audio, error) {
	if isWebM(path) {
		return readWebMAudio(path, nil)
	}
	return ReadWAVFile(path)
}

// openWebMAudio opens the WebM file at path and finds its Opus track.
func openWebMAudio(path string) (*os.File, *webm.Reader, webm.Track, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, webm.Track{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, webm.Track{}, err
	}
	rd, err := webm.NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, nil, webm.Track{}, fmt.Errorf("%s: %w: %v: record it again, or bring the audio as WAV", name, ErrCorrupt, err)
	}
	for _, t := range rd.Tracks {
		if t.Type == webm.TypeAudio && t.Codec == "A_OPUS" {
			return f, rd, t, nil
		}
	}
	f.Close()
	return nil, nil, webm.Track{}, fmt.Errorf("%s: %w: the WebM file has no Opus audio track", name, ErrUnsupported)
}

// readWebMAudio decodes the Opus track of the WebM file at path to mono at
// opus.Rate, handing each decoded block to each (when not nil) instead of
// keeping it. A gap in the packets' times (lost packets) is filled with
// silence so that every sample stays at its time; a file that is cut or
// damaged part-way gives what came before the damage.
func readWebMAudio(path string, each func([]float32) error) (Audio, error) {
	name := filepath.Base(path)
	f, rd, tr, err := openWebMAudio(path)
	if err != nil {
		return Audio{}, err
	}
	defer f.Close()
	dec, err := opus.NewDecoder(tr.Private)
	if err != nil {
		return Audio{}, fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	maxSamples := int64(MaxAnswer/time.Second) * opus.Rate
	var out, block []float32
	var n int64 // samples so far
	emit := func(x []float32) error {
		n += int64(len(x))
		if n > maxSamples {
			return fmt.Errorf("%s: %w: the recording is over %d minutes long; NEVER MIND analyses answers of up to %d minutes",
				name, ErrTooLong, int(MaxAnswer/time.Minute), int(MaxAnswer/time.Minute))
		}
		if each != nil {
			return each(x)
		}
		out = append(out, x...)
		return nil
	}
	packets := 0
	for {
		fr, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if packets > 0 {
				break // a recording cut short: keep what came before
			}
			return Audio{}, fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
		}
		if fr.Track != tr.Number {
			continue
		}
		if at := int64(fr.Time) * opus.Rate / int64(time.Second); at > n+opus.PacketSamples {
			if at > maxSamples {
				return Audio{}, fmt.Errorf("%s: %w: audio at %s; NEVER MIND analyses answers of up to %d minutes",
					name, ErrTooLong, clock(fr.Time), int(MaxAnswer/time.Minute))
			}
			if err := emit(make([]float32, at-n)); err != nil {
				return Audio{}, err
			}
		}
		block, err = dec.Decode(fr.Data, block[:0])
		if err != nil {
			if packets > 0 {
				break
			}
			return Audio{}, fmt.Errorf("%s: %v", name, err)
		}
		packets++
		if err := emit(block); err != nil {
			return Audio{}, err
		}
	}
	if n == 0 {
		return Audio{}, fmt.Errorf("%s: %w: the WebM file holds no audio: record the answer again", name, ErrEmpty)
	}
	return Audio{SampleRate: opus.Rate, Channels: 1, Samples: out}, nil
}

// load16kWebM is Load16kMono for a WebM file: decoded block by block and
// resampled as it comes, so its memory is the 16 kHz result.
func load16kWebM(path string) (Audio, error) {
	rs, err := NewStreamResampler(opus.Rate, AnalysisRate)
	if err != nil {
		return Audio{}, err
	}
	var out []float32
	if _, err := readWebMAudio(path, func(x []float32) error {
		out = rs.Write(out, x)
		return nil
	}); err != nil {
		return Audio{}, err
	}
	return Audio{SampleRate: AnalysisRate, Channels: 1, Samples: rs.Flush(out)}, nil
}

// probeWebMAudio is CheckLength for a WebM file: the length from the
// packets' times, nothing decoded.
func probeWebMAudio(path string) (Format, error) {
	name := filepath.Base(path)
	f, rd, tr, err := openWebMAudio(path)
	if err != nil {
		return Format{}, err
	}
	defer f.Close()
	if _, _, err := opus.ParseHead(tr.Private); err != nil {
		return Format{}, fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	var last time.Duration
	packets := 0
	for {
		fr, err := rd.Next()
		if err != nil {
			if err != io.EOF && packets == 0 {
				return Format{}, fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
			}
			break
		}
		if fr.Track == tr.Number {
			packets++
			last = fr.Time
		}
	}
	if packets == 0 {
		return Format{}, fmt.Errorf("%s: %w: the WebM file holds no audio: record the answer again", name, ErrEmpty)
	}
	d := last + 20*time.Millisecond
	fm := Format{SampleRate: opus.Rate, Channels: 1, BitsPerSample: 16, Frames: int64(d) * opus.Rate / int64(time.Second)}
	if d > MaxAnswer {
		return fm, fmt.Errorf("%s: %w: the recording is %s long; NEVER MIND takes answers of up to %d minutes: cut it into shorter answers first",
			path, ErrTooLong, clock(d), int(MaxAnswer/time.Minute))
	}
	return fm, nil
}
