package media

// This file holds our own RIFF/WAVE parser. We do not use
// github.com/go-audio/wav for reading because its decoder cannot decode IEEE
// float data, trusts the chunk sizes in the header (a truncated recording or a
// streaming writer's 0/0xFFFFFFFF size makes it fail or allocate whatever the
// header claims) and reports most problems as bare io errors. The parser
// below streams the data in fixed-size blocks, only ever allocates in
// proportion to the bytes actually present, keeps whole frames of truncated
// files and explains every failure.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
)

// Sentinel errors wrapped by every error this package returns while reading
// WAV data. Test for them with errors.Is; the full message says what is wrong
// and what the user can do about it.
var (
	// ErrNotWAV means the input is not a RIFF/WAVE file at all (for example
	// an MP3, Ogg or FLAC file, or text).
	ErrNotWAV = errors.New("not a WAV file")
	// ErrUnsupported means the input is a WAV file, but in an encoding this
	// package cannot decode (compressed formats such as ADPCM or MP3, unusual
	// bit depths, more than MaxChannels channels, sample rates outside
	// MinSampleRate..MaxSampleRate, big-endian RIFX), or a WebM file with no
	// Opus track.
	ErrUnsupported = errors.New("unsupported audio encoding")
	// ErrCorrupt means the WAV header is damaged or inconsistent (missing fmt
	// or data chunk, zero channels, wrong block alignment, ...), or a WebM
	// file's structure or first Opus packet is.
	ErrCorrupt = errors.New("damaged audio file")
	// ErrEmpty means the input contains no audio: the file is empty or its
	// data chunk holds no complete frame.
	ErrEmpty = errors.New("no audio")
)

// Format describes a WAV file's header.
type Format struct {
	// SampleRate is the number of frames per second, in Hz.
	SampleRate int
	// Channels is the number of interleaved channels.
	Channels int
	// BitsPerSample is the size of one stored sample (the container size for
	// WAVE_FORMAT_EXTENSIBLE files): 8, 16, 24, 32 or 64.
	BitsPerSample int
	// Float is true for IEEE float samples and false for integer PCM.
	Float bool
	// Frames is the number of whole frames in the data chunk: its declared
	// size, capped by the bytes known to remain in the input, which is what
	// ReadWAV would decode; -1 if that cannot be known without reading the
	// data (a streamed or truncated file read from a plain io.Reader).
	Frames int64
}

// WAVE format codes.
const (
	wavePCM        = 0x0001
	waveFloat      = 0x0003
	waveExtensible = 0xFFFE
)

// extensibleGUIDTail is bytes 2..15 of the KSDATAFORMAT_SUBTYPE_* GUIDs; the
// first two bytes hold the ordinary format code.
var extensibleGUIDTail = []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

// compressedFormats names common non-PCM format codes for error messages.
var compressedFormats = map[uint16]string{
	0x0002: "Microsoft ADPCM",
	0x0006: "A-law",
	0x0007: "µ-law",
	0x0010: "OKI ADPCM",
	0x0011: "IMA ADPCM",
	0x0022: "TrueSpeech",
	0x0031: "GSM 6.10",
	0x0040: "G.721 ADPCM",
	0x0050: "MPEG",
	0x0055: "MP3",
	0x0092: "Dolby AC-3 SPDIF",
	0x00FF: "AAC",
	0x0160: "WMA",
	0x0161: "WMA",
	0x0162: "WMA Pro",
	0x0163: "WMA Lossless",
	0x1610: "AAC",
	0x2000: "AC-3",
	0x2001: "DTS",
	0x674f: "Ogg Vorbis",
	0x6750: "Ogg Vorbis",
	0x6751: "Ogg Vorbis",
	0x676f: "Ogg Vorbis",
	0x6770: "Ogg Vorbis",
	0x6771: "Ogg Vorbis",
	0x704F: "Opus",
	0xF1AC: "FLAC",
}

const convertHint = "convert it to an uncompressed WAV (PCM 16-bit), for example with \"ffmpeg -i INPUT -c:a pcm_s16le OUTPUT.wav\", and try again"

// wavFormat is a validated fmt chunk.
type wavFormat struct {
	code       uint16 // wavePCM or waveFloat (resolved for extensible)
	channels   int
	rate       int
	bits       int
	blockAlign int
}

func (f wavFormat) public(frames int64) Format {
	return Format{SampleRate: f.rate, Channels: f.channels, BitsPerSample: f.bits, Float: f.code == waveFloat, Frames: frames}
}

// ReadWAV decodes a WAV file from r. It accepts PCM (8-bit unsigned, 16, 24
// and 32-bit), IEEE float (32 and 64-bit) and WAVE_FORMAT_EXTENSIBLE files
// with those encodings, 1 to MaxChannels channels, at MinSampleRate to
// MaxSampleRate. Unknown chunks are skipped and sizes in the header are not
// trusted: a data chunk that claims more bytes than the input holds
// (truncated recording) or claims 0 or 0xFFFFFFFF bytes (streaming writers)
// is read up to the end of the input, keeping whole frames only. Float
// samples are clamped to [-1, 1] and NaNs become 0.
//
// r is read in blocks; memory use is proportional to the audio actually
// present, whatever the header says. Errors wrap ErrNotWAV, ErrUnsupported,
// ErrCorrupt or ErrEmpty, or are I/O errors from r.
func ReadWAV(r io.Reader) (Audio, error) {
	return readWAV(r, "input", availableBytes(r))
}

// ReadWAVFile is ReadWAV for the file at path; error messages name the file.
func ReadWAVFile(path string) (Audio, error) {
	f, avail, err := openWAVFile(path)
	if err != nil {
		return Audio{}, err
	}
	defer f.Close()
	return readWAV(f, path, avail)
}

// openWAVFile opens the file at path with the bytes it holds (-1 when it
// is not a regular file, whose size says nothing).
func openWAVFile(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	avail := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		avail = st.Size()
	}
	return f, avail, nil
}

// ProbeWAV parses the header of the WAV file in r, up to the start of the
// audio data, and describes it without decoding the audio (r may be read
// further than the header, as reads are buffered). Format.Frames is the size
// the data chunk declares, capped by the bytes known to remain in r, or -1 if
// unknown. It returns the same errors as ReadWAV, except that when the size
// of r is unknown it cannot tell that the data chunk holds no whole frame, and
// with a declared data size it trusts it.
func ProbeWAV(r io.Reader) (Format, error) {
	return probeWAV(r, "input", availableBytes(r))
}

// ProbeWAVFile is ProbeWAV for the file at path; error messages name the file.
func ProbeWAVFile(path string) (Format, error) {
	f, avail, err := openWAVFile(path)
	if err != nil {
		return Format{}, err
	}
	defer f.Close()
	return probeWAV(f, path, avail)
}

func probeWAV(r io.Reader, name string, avail int64) (Format, error) {
	p := newParser(r, name)
	f, size, err := p.header()
	if err != nil {
		return Format{}, err
	}
	if avail >= 0 {
		left := max(avail-p.off, 0)
		if size < 0 || size > left {
			size = left
		}
	}
	if size < 0 {
		return f.public(-1), nil
	}
	frames := size / int64(f.blockAlign)
	if frames == 0 {
		return Format{}, p.noFrames()
	}
	return f.public(frames), nil
}

// availableBytes returns how many bytes remain in r if that can be known
// cheaply (r has a Len method, like bytes.Reader, or is an io.Seeker, whose
// position is restored), else -1. It is used to size allocations and by
// ProbeWAV to cap Format.Frames.
func availableBytes(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case io.Seeker:
		cur, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		end, err := v.Seek(0, io.SeekEnd)
		if _, err2 := v.Seek(cur, io.SeekStart); err != nil || err2 != nil || end < cur {
			return -1
		}
		return end - cur
	}
	return -1
}

func readWAV(r io.Reader, name string, avail int64) (Audio, error) {
	p := newParser(r, name)
	f, size, err := p.header()
	if err != nil {
		return Audio{}, err
	}
	if avail >= 0 {
		avail = max(avail-p.off, 0)
	}
	return p.data(f, size, avail)
}

// parser reads RIFF chunks from a buffered reader, counting bytes consumed.
type parser struct {
	r    *bufio.Reader
	name string
	off  int64
}

func newParser(r io.Reader, name string) *parser {
	return &parser{r: bufio.NewReaderSize(r, 64<<10), name: name}
}

// errorf returns an error "name: <sentinel>: <message>" wrapping sentinel.
func (p *parser) errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%s: %w: %s", p.name, sentinel, fmt.Sprintf(format, args...))
}

// ioError wraps a read error that is not an end of input.
func (p *parser) ioError(err error) error {
	return fmt.Errorf("reading %s: %w", p.name, err)
}

func (p *parser) readFull(buf []byte) (int, error) {
	n, err := io.ReadFull(p.r, buf)
	p.off += int64(n)
	return n, err
}

// skip discards n bytes; it reports false at the end of the input.
func (p *parser) skip(n int64) (bool, error) {
	for n > 0 {
		step := int(min(n, 1<<30))
		d, err := p.r.Discard(step)
		p.off += int64(d)
		n -= int64(d)
		if err != nil {
			if err == io.EOF {
				return false, nil
			}
			return false, p.ioError(err)
		}
	}
	return true, nil
}

// skipPad skips the pad byte that follows an odd-sized chunk. Some writers
// forget it; if the byte is not zero and the bytes at its position already
// look like the next chunk ID (and those one byte later do not), it is left
// alone.
func (p *parser) skipPad() error {
	b, _ := p.r.Peek(5)
	if len(b) == 0 {
		return nil
	}
	if b[0] != 0 && len(b) == 5 && isChunkID(b[0:4]) && !isChunkID(b[1:5]) {
		return nil
	}
	_, err := p.skip(1)
	return err
}

func isChunkID(b []byte) bool {
	if b[0] == ' ' {
		return false
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// header parses the RIFF header and chunks up to the data chunk. It returns
// the format and the declared data size, or -1 when the size means "until the
// end" (0 or 0xFFFFFFFF). On success the reader is positioned at the first
// data byte.
func (p *parser) header() (wavFormat, int64, error) {
	var hdr [12]byte
	n, err := p.readFull(hdr[:])
	switch {
	case n == 0 && (err == io.EOF || err == nil):
		return wavFormat{}, 0, p.errorf(ErrEmpty, "the file is empty (0 bytes): record or export the audio again")
	case err == io.ErrUnexpectedEOF:
		if bytes.HasPrefix([]byte("RIFF"), hdr[:min(n, 4)]) {
			return wavFormat{}, 0, p.errorf(ErrCorrupt, "the file is only %d bytes long, too short for a WAV header: it was probably cut off; record or export it again", n)
		}
		return wavFormat{}, 0, p.notWAV(hdr[:n])
	case err != nil:
		return wavFormat{}, 0, p.ioError(err)
	}
	switch string(hdr[0:4]) {
	case "RIFF", "RF64", "BW64":
		if string(hdr[8:12]) != "WAVE" {
			return wavFormat{}, 0, p.notWAV(hdr[:])
		}
	case "RIFX":
		return wavFormat{}, 0, p.errorf(ErrUnsupported, "it is a big-endian (RIFX) WAV file: %s", convertHint)
	default:
		return wavFormat{}, 0, p.notWAV(hdr[:])
	}

	var f wavFormat
	haveFmt := false
chunks:
	for {
		var ch [8]byte
		if _, err := p.readFull(ch[:]); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				break chunks
			}
			return wavFormat{}, 0, p.ioError(err)
		}
		id := string(ch[0:4])
		size := int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch {
		case id == "fmt " && !haveFmt:
			if size < 16 {
				return wavFormat{}, 0, p.errorf(ErrCorrupt, "the fmt chunk is only %d bytes long (it needs at least 16): the file is damaged; export it again", size)
			}
			buf := make([]byte, min(size, 40))
			n, err := p.readFull(buf)
			if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
				return wavFormat{}, 0, p.ioError(err)
			}
			if n < 16 {
				return wavFormat{}, 0, p.errorf(ErrCorrupt, "the file ends inside its fmt chunk: it was probably cut off; record or export it again")
			}
			if f, err = p.parseFmt(buf[:n]); err != nil {
				return wavFormat{}, 0, err
			}
			haveFmt = true
			if ok, err := p.skip(size - int64(len(buf))); err != nil {
				return wavFormat{}, 0, err
			} else if !ok {
				return wavFormat{}, 0, p.missingData()
			}
		case id == "data":
			if !haveFmt {
				return wavFormat{}, 0, p.errorf(ErrCorrupt, "the audio data comes before the fmt chunk that describes its format: the file is damaged; export it again")
			}
			if size == 0 || size == 0xFFFFFFFF {
				size = -1
			}
			return f, size, nil
		default:
			// LIST, fact, JUNK, bext, ds64, a second fmt chunk, ...
			if ok, err := p.skip(size); err != nil {
				return wavFormat{}, 0, err
			} else if !ok {
				break chunks
			}
		}
		if size%2 == 1 {
			if err := p.skipPad(); err != nil {
				return wavFormat{}, 0, err
			}
		}
	}
	if !haveFmt {
		return wavFormat{}, 0, p.errorf(ErrCorrupt, "it has no fmt chunk describing the audio format: the file is damaged or was cut off; export it again")
	}
	return wavFormat{}, 0, p.missingData()
}

func (p *parser) noFrames() error {
	return p.errorf(ErrEmpty, "its data chunk holds no complete audio frame: the recording is empty; record or export the audio again")
}

func (p *parser) missingData() error {
	return p.errorf(ErrCorrupt, "it has no data chunk (no audio after the header): the recording was probably interrupted or the file cut off; record or export it again")
}

// parseFmt validates a fmt chunk body (16 to 40 bytes).
func (p *parser) parseFmt(b []byte) (wavFormat, error) {
	le := binary.LittleEndian
	code := le.Uint16(b[0:2])
	f := wavFormat{
		channels:   int(le.Uint16(b[2:4])),
		rate:       int(le.Uint32(b[4:8])),
		blockAlign: int(le.Uint16(b[12:14])),
		bits:       int(le.Uint16(b[14:16])),
	}
	if code == waveExtensible {
		if len(b) < 40 {
			return f, p.errorf(ErrCorrupt, "its WAVE_FORMAT_EXTENSIBLE fmt chunk is %d bytes long instead of 40: the file is damaged; export it again", len(b))
		}
		guid := b[24:40]
		if !bytes.Equal(guid[2:], extensibleGUIDTail) {
			return f, p.errorf(ErrUnsupported, "its WAVE_FORMAT_EXTENSIBLE subformat %s is neither PCM nor IEEE float: %s", formatGUID(guid), convertHint)
		}
		code = le.Uint16(guid[0:2])
	}
	f.code = code
	switch code {
	case wavePCM, waveFloat:
	default:
		name := "an unknown"
		if n, ok := compressedFormats[code]; ok {
			name = "the " + n
		}
		return f, p.errorf(ErrUnsupported, "its audio uses %s encoding (format code 0x%04X), but only uncompressed PCM and IEEE float WAV can be read: %s", name, code, convertHint)
	}
	switch {
	case f.channels == 0:
		return f, p.errorf(ErrCorrupt, "its header says it has 0 channels: the file is damaged; export it again")
	case f.channels > MaxChannels:
		return f, p.errorf(ErrUnsupported, "it has %d channels, but at most %d are supported: export it as mono or stereo and try again", f.channels, MaxChannels)
	case f.rate == 0:
		return f, p.errorf(ErrCorrupt, "its header says the sample rate is 0 Hz: the file is damaged; export it again")
	case f.rate < MinSampleRate || f.rate > MaxSampleRate:
		return f, p.errorf(ErrUnsupported, "its sample rate of %d Hz is outside the supported range %d–%d Hz: export it at 16000, 44100 or 48000 Hz and try again", f.rate, MinSampleRate, MaxSampleRate)
	case f.bits == 0:
		return f, p.errorf(ErrCorrupt, "its header says samples are 0 bits: the file is damaged; export it again")
	}
	if code == waveFloat {
		if f.bits != 32 && f.bits != 64 {
			return f, p.errorf(ErrUnsupported, "it stores %d-bit floating-point samples; only 32 and 64-bit float are supported: export it as 16-bit PCM or 32-bit float and try again", f.bits)
		}
	} else if f.bits != 8 && f.bits != 16 && f.bits != 24 && f.bits != 32 {
		return f, p.errorf(ErrUnsupported, "it stores %d-bit integer samples; only 8, 16, 24 and 32-bit PCM are supported: export it as 16-bit PCM and try again", f.bits)
	}
	if want := f.channels * f.bits / 8; f.blockAlign != want {
		return f, p.errorf(ErrCorrupt, "its header says a frame is %d bytes, but %d-bit samples in %s need %d bytes per frame: the file is damaged; export it again", f.blockAlign, f.bits, plural(f.channels, "channel"), want)
	}
	return f, nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func formatGUID(g []byte) string {
	le := binary.LittleEndian
	return fmt.Sprintf("{%08X-%04X-%04X-%X-%X}", le.Uint32(g[0:4]), le.Uint16(g[4:6]), le.Uint16(g[6:8]), g[8:10], g[10:16])
}

// notWAV builds an ErrNotWAV error that says what the start of the file looks
// like, when it is recognisable.
func (p *parser) notWAV(b []byte) error {
	kind, n := sniff(b)
	n = min(n, len(b))
	if kind == "" {
		return p.errorf(ErrNotWAV, "it does not start with a RIFF/WAVE header (it starts with %s): export it as WAV (PCM) and try again", quoteBytes(b[:n]))
	}
	return fmt.Errorf("%s: %w (it starts with %s, which looks like %s): export it as WAV (PCM) and try again", p.name, ErrNotWAV, quoteBytes(b[:n]), kind)
}

// quoteBytes quotes b with printable ASCII as is and other bytes as \xNN.
func quoteBytes(b []byte) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, c := range b {
		switch {
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		default:
			fmt.Fprintf(&sb, "\\x%02x", c)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// sniff recognises common non-WAV file types from their first bytes. It
// returns a description ("" if unknown) and how many leading bytes to quote.
func sniff(b []byte) (string, int) {
	has := func(off int, s string) bool { return len(b) >= off+len(s) && string(b[off:off+len(s)]) == s }
	switch {
	case has(0, "ID3"):
		return "an MP3 file", 3
	case has(0, "OggS"):
		return "an Ogg (Vorbis or Opus) file", 4
	case has(0, "fLaC"):
		return "a FLAC file", 4
	case has(4, "ftyp"):
		return "an MP4/M4A (AAC) file", 8
	case has(0, "\x1a\x45\xdf\xa3"):
		return "a WebM/Matroska file", 4
	case has(0, "FORM") && (has(8, "AIFF") || has(8, "AIFC")):
		return "an AIFF file", 12
	case has(0, "RIFF") && has(8, "AVI "):
		return "an AVI video", 12
	case has(0, "RIFF") && has(8, "WEBP"):
		return "a WebP image", 12
	case has(0, "RIFF"):
		return "a RIFF file of another type", 12
	case has(0, "caff"):
		return "a Core Audio (CAF) file", 4
	case has(0, "#!AMR"):
		return "an AMR file", 5
	case has(0, ".snd"):
		return "a Sun/NeXT AU file", 4
	case has(0, "wvpk"):
		return "a WavPack file", 4
	case has(0, "MAC "):
		return "a Monkey's Audio file", 4
	case has(0, "MThd"):
		return "a MIDI file", 4
	case has(0, "\xff\xd8\xff"):
		return "a JPEG image", 3
	case has(0, "\x89PNG"):
		return "a PNG image", 4
	case has(0, "%PDF"):
		return "a PDF document", 4
	case has(0, "PK\x03\x04"):
		return "a ZIP archive", 4
	case len(b) >= 2 && b[0] == 0xFF && b[1]&0xF6 == 0xF0:
		return "an AAC (ADTS) file", 2
	case len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 && b[1]&0x06 != 0:
		return "an MP3 file", 2
	}
	text := len(b) > 0
	for _, c := range b {
		if (c < 0x20 || c > 0x7e) && c != '\n' && c != '\r' && c != '\t' {
			text = false
			break
		}
	}
	if text {
		return "a text file", len(b)
	}
	return "", 4
}

// readBlock is the size of the blocks data is read in.
const readBlock = 64 << 10

// data reads and decodes the data chunk. size is the declared size (-1 for
// "until the end"); avail is the number of bytes known to remain (-1 if
// unknown), used only to size the initial allocation.
func (p *parser) data(f wavFormat, size, avail int64) (Audio, error) {
	ba := f.blockAlign
	// Initial capacity: what the header declares, but never more than the
	// input is known to hold, or 1 MiB worth if its size is unknown. append
	// grows it further if the data turns out longer.
	est := size
	if avail >= 0 && (est < 0 || est > avail) {
		est = avail
	}
	if avail < 0 && (est < 0 || est > 1<<20) {
		est = 1 << 20
	}
	samples := make([]float32, 0, est/int64(ba)*int64(f.channels))

	buf := make([]byte, readBlock/ba*ba)
	remaining := size
	for remaining != 0 {
		want := len(buf)
		if remaining > 0 && remaining < int64(want) {
			want = int(remaining)
		}
		n, err := p.readFull(buf[:want])
		samples = decode(samples, buf[:n-n%ba], f)
		if remaining > 0 {
			remaining -= int64(n)
		}
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				break // end of input: keep the whole frames read so far
			}
			return Audio{}, p.ioError(err)
		}
	}
	if len(samples) == 0 {
		return Audio{}, p.noFrames()
	}
	return Audio{SampleRate: f.rate, Channels: f.channels, Samples: samples}, nil
}

// decode appends the samples in b (whole frames) to dst as float32 in [-1, 1].
func decode(dst []float32, b []byte, f wavFormat) []float32 {
	n := len(b) / (f.bits / 8)
	start := len(dst)
	dst = slices.Grow(dst, n)[:start+n]
	out := dst[start:]
	le := binary.LittleEndian
	switch {
	case f.code == waveFloat && f.bits == 32:
		for i := range out {
			out[i] = clampFloat(float64(math.Float32frombits(le.Uint32(b[4*i:]))))
		}
	case f.code == waveFloat:
		for i := range out {
			out[i] = clampFloat(math.Float64frombits(le.Uint64(b[8*i:])))
		}
	case f.bits == 8:
		for i := range out {
			out[i] = float32(int(b[i])-128) * (1.0 / 128)
		}
	case f.bits == 16:
		for i := range out {
			out[i] = float32(int16(le.Uint16(b[2*i:]))) * (1.0 / 32768)
		}
	case f.bits == 24:
		for i := range out {
			v := int32(uint32(b[3*i])<<8|uint32(b[3*i+1])<<16|uint32(b[3*i+2])<<24) >> 8
			out[i] = float32(v) * (1.0 / 8388608)
		}
	case f.bits == 32:
		for i := range out {
			out[i] = float32(float64(int32(le.Uint32(b[4*i:]))) * (1.0 / 2147483648))
		}
	}
	return dst
}

// clampFloat converts a float sample to float32 in [-1, 1]; NaN becomes 0.
func clampFloat(v float64) float32 {
	switch {
	case v >= 1:
		return 1
	case v <= -1:
		return -1
	case v == v:
		return float32(v)
	}
	return 0
}
