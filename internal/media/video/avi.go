package video

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"io"
	"math"
	"os"
	"time"
)

// The app's own recordings are Motion-JPEG in an AVI (RIFF) file, written
// and read here in pure Go: no native decoder sees them.
//
// Layout written:
//
//	RIFF 'AVI '
//	  LIST 'hdrl'
//	    'avih'  main header (frame period, frame count, size)
//	    LIST 'strl'
//	      'strh'  stream header ('vids', 'MJPG', rate/scale, length)
//	      'strf'  BITMAPINFOHEADER (width, height, 'MJPG')
//	  LIST 'movi'
//	    '00dc' JPEG … (one chunk per frame, padded to even)
//	  'idx1'  index (on Close)
//
// While recording, the sizes and counts in the headers are rewritten every
// half second, so a file cut off by a crash still states nearly all it
// holds; the reader does not rely on them anyway: it walks the 'movi'
// chunks in order and stops at the first one that is cut short or is not a
// chunk, so a truncated file gives back every whole frame before the cut.

// ErrTooLarge means a recording reached the size an AVI file can hold.
var ErrTooLarge = errors.New("the video file reached the 4 GB an AVI can hold")

// errNotMJPEG means an AVI whose video is not Motion-JPEG: another decoder
// is needed.
var errNotMJPEG = errors.New("the AVI's video is not Motion-JPEG")

// maxAVI keeps a file under the 4 GB that 32-bit RIFF sizes allow, with room
// for the index.
const maxAVI = 4<<30 - 64<<20

// JPEGQuality of recorded frames: 640x480 at 85 is about 40 KB a frame.
const JPEGQuality = 85

// refreshEvery is how often the headers of a file being written are
// brought up to date.
const refreshEvery = 500 * time.Millisecond

// header field offsets in the file Create writes.
const (
	offRIFFSize   = 4
	offAvihFrames = 12 + 12 + 8 + 16            // avih.dwTotalFrames
	offStrhLength = 12 + 12 + 64 + 12 + 8 + 32  // strh.dwLength
	headerSize    = 12 + 12 + 64 + 12 + 64 + 48 // RIFF, LIST hdrl, avih, LIST strl, strh, strf
	offMoviSize   = headerSize + 4
	offMoviFourCC = headerSize + 8
)

// aviWriter writes MJPEG frames into an AVI file.
type aviWriter struct {
	f       *os.File
	w, h    int
	fps     float64
	pos     int64 // end of the data written
	index   []byte
	frames  uint32
	maxSize uint32 // largest frame chunk
	buf     bytes.Buffer
	last    time.Time
}

func createAVI(path string, fps float64, w, h int) (*aviWriter, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("video: cannot write %s: %w", path, err)
	}
	a := &aviWriter{f: f, w: w, h: h, fps: fps, last: time.Now(), pos: headerSize + 12}
	if _, err := f.WriteAt(a.header(), 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("video: cannot write %s: %w", path, err)
	}
	return a, nil
}

// rate is fps as the AVI's rate/scale pair.
func (a *aviWriter) rate() (rate, scale uint32) {
	if a.fps == math.Trunc(a.fps) {
		return uint32(a.fps), 1
	}
	return uint32(math.Round(a.fps * 1000)), 1000
}

// header is everything before the first frame, with the current counts.
func (a *aviWriter) header() []byte {
	le := binary.LittleEndian
	var b bytes.Buffer
	put := func(v any) { binary.Write(&b, le, v) }
	rate, scale := a.rate()
	b.WriteString("RIFF")
	put(uint32(a.pos - 8))
	b.WriteString("AVI LIST")
	put(uint32(4 + 64 + 12 + 64 + 48))
	b.WriteString("hdrlavih")
	put(uint32(56))
	put(uint32(math.Round(1e6 / a.fps))) // dwMicroSecPerFrame
	put(uint32(0))                       // dwMaxBytesPerSec
	put(uint32(0))                       // dwPaddingGranularity
	put(uint32(0x10))                    // dwFlags: AVIF_HASINDEX
	put(a.frames)                        // dwTotalFrames
	put(uint32(0))                       // dwInitialFrames
	put(uint32(1))                       // dwStreams
	put(a.maxSize)                       // dwSuggestedBufferSize
	put(uint32(a.w))
	put(uint32(a.h))
	put([4]uint32{})
	b.WriteString("LIST")
	put(uint32(4 + 64 + 48))
	b.WriteString("strlstrh")
	put(uint32(56))
	b.WriteString("vidsMJPG")
	put(uint32(0))  // dwFlags
	put(uint16(0))  // wPriority
	put(uint16(0))  // wLanguage
	put(uint32(0))  // dwInitialFrames
	put(scale)      // dwScale
	put(rate)       // dwRate
	put(uint32(0))  // dwStart
	put(a.frames)   // dwLength
	put(a.maxSize)  // dwSuggestedBufferSize
	put(^uint32(0)) // dwQuality: default
	put(uint32(0))  // dwSampleSize
	put([4]int16{0, 0, int16(a.w), int16(a.h)})
	b.WriteString("strf")
	put(uint32(40))
	put(uint32(40)) // biSize
	put(int32(a.w))
	put(int32(a.h))
	put(uint16(1))  // biPlanes
	put(uint16(24)) // biBitCount
	b.WriteString("MJPG")
	put(uint32(a.w * a.h * 3)) // biSizeImage
	put([4]uint32{})
	b.WriteString("LIST")
	put(uint32(a.pos - offMoviFourCC))
	b.WriteString("movi")
	return b.Bytes()
}

func (a *aviWriter) write(img image.Image) error {
	a.buf.Reset()
	a.buf.Write([]byte("00dc\x00\x00\x00\x00"))
	if err := jpeg.Encode(&a.buf, img, &jpeg.Options{Quality: JPEGQuality}); err != nil {
		return fmt.Errorf("video: encode frame: %w", err)
	}
	n := a.buf.Len() - 8
	binary.LittleEndian.PutUint32(a.buf.Bytes()[4:], uint32(n))
	if n%2 == 1 {
		a.buf.WriteByte(0)
	}
	if a.pos+int64(a.buf.Len())+int64(len(a.index))+16 > maxAVI {
		return ErrTooLarge
	}
	if _, err := a.f.WriteAt(a.buf.Bytes(), a.pos); err != nil {
		return err
	}
	var e [16]byte
	copy(e[:], "00dc")
	binary.LittleEndian.PutUint32(e[4:], 0x10) // AVIIF_KEYFRAME
	binary.LittleEndian.PutUint32(e[8:], uint32(a.pos-offMoviFourCC))
	binary.LittleEndian.PutUint32(e[12:], uint32(n))
	a.index = append(a.index, e[:]...)
	a.pos += int64(a.buf.Len())
	a.frames++
	a.maxSize = max(a.maxSize, uint32(n))
	if time.Since(a.last) >= refreshEvery {
		a.last = time.Now()
		return a.refresh()
	}
	return nil
}

// refresh rewrites the header with the current counts and sizes.
func (a *aviWriter) refresh() error {
	_, err := a.f.WriteAt(a.header(), 0)
	return err
}

func (a *aviWriter) close() error {
	idx := make([]byte, 8, 8+len(a.index))
	copy(idx, "idx1")
	binary.LittleEndian.PutUint32(idx[4:], uint32(len(a.index)))
	idx = append(idx, a.index...)
	_, err := a.f.WriteAt(idx, a.pos)
	if err == nil {
		// The RIFF size covers the index; the movi size does not.
		moviEnd := a.pos
		a.pos += int64(len(idx))
		h := a.header()
		binary.LittleEndian.PutUint32(h[offMoviSize:], uint32(moviEnd-offMoviFourCC))
		_, err = a.f.WriteAt(h, 0)
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// readSeekCloser is the file an aviSource reads.
type readSeekCloser interface {
	io.ReadSeeker
	io.Closer
}

// aviSource reads the MJPEG frames of an AVI file in order.
type aviSource struct {
	f    readSeekCloser
	r    *bufio.Reader
	info Info
	at   int64 // position of r in the file
	size int64 // file size
	jpg  []byte
}

// openAVI reads an AVI's headers and positions it at its first frame.
func openAVI(f readSeekCloser, size int64) (*aviSource, error) {
	s := &aviSource{f: f, r: bufio.NewReaderSize(f, 256<<10), size: size}
	var head [12]byte
	if err := s.read(head[:]); err != nil || string(head[:4]) != "RIFF" || string(head[8:]) != "AVI " {
		return nil, errNotAVI
	}
	var codec string
	var usPerFrame uint32
	var rate, scale, length, total uint32
	streams, video := 0, -1 // strl lists seen; the first video stream's
	for {
		id, n, err := s.chunk()
		if err != nil {
			return nil, fmt.Errorf("%w: the file ends before its first frame", errNotAVI)
		}
		switch id {
		case "LIST":
			var kind [4]byte
			if err := s.read(kind[:]); err != nil {
				return nil, errNotAVI
			}
			switch string(kind[:]) {
			case "hdrl":
				continue // descend
			case "strl":
				streams++
				continue
			case "movi":
				s.finishInfo(codec, usPerFrame, rate, scale, length, total)
				if video != 0 {
					// Only the first stream's chunks (00dc) are read.
					return nil, fmt.Errorf("%w (no video as its first stream)", errNotMJPEG)
				}
				if !isMJPEG(codec) {
					return nil, fmt.Errorf("%w (%q)", errNotMJPEG, codec)
				}
				return s, nil
			default:
				if err := s.skip(int64(n) - 4 + int64(n&1)); err != nil {
					return nil, errNotAVI
				}
			}
		case "avih":
			b, err := s.body(n, 1<<10)
			if err != nil || len(b) < 40 {
				return nil, errNotAVI
			}
			usPerFrame = le32(b[0:])
			total = le32(b[16:])
			s.info.Width, s.info.Height = int(le32(b[32:])), int(le32(b[36:]))
		case "strh":
			b, err := s.body(n, 1<<10)
			if err != nil || len(b) < 36 {
				return nil, errNotAVI
			}
			if string(b[:4]) == "vids" && video < 0 {
				video = streams - 1
				codec = string(b[4:8])
				scale, rate, length = le32(b[20:]), le32(b[24:]), le32(b[32:])
			}
		case "strf":
			b, err := s.body(n, 64<<10)
			if err != nil {
				return nil, errNotAVI
			}
			if video == streams-1 && len(b) >= 20 {
				if w, h := int32(le32(b[4:])), int32(le32(b[8:])); w > 0 {
					s.info.Width, s.info.Height = int(w), int(abs32(h))
				}
				if c := string(b[16:20]); !isMJPEG(codec) && isMJPEG(c) {
					codec = c
				}
			}
		default:
			if err := s.skip(int64(n) + int64(n&1)); err != nil {
				return nil, errNotAVI
			}
		}
	}
}

func (s *aviSource) finishInfo(codec string, usPerFrame, rate, scale, length, total uint32) {
	switch {
	case rate > 0 && scale > 0:
		s.info.FPS = float64(rate) / float64(scale)
	case usPerFrame > 0:
		s.info.FPS = 1e6 / float64(usPerFrame)
	}
	if s.info.FPS > 1000 || s.info.FPS < 0.1 {
		s.info.FPS = 0
	}
	s.info.Frames = int(max(length, total))
	if s.info.Frames > 10_000_000 {
		s.info.Frames = 0
	}
	if s.info.FPS > 0 && s.info.Frames > 0 {
		s.info.Duration = seconds(float64(s.info.Frames) / s.info.FPS)
	}
	s.info.Codec = codec
	if s.info.Width <= 0 || s.info.Height <= 0 || s.info.Width > MaxSide || s.info.Height > MaxSide {
		s.info.Width, s.info.Height = 0, 0
	}
}

func isMJPEG(c string) bool {
	switch c {
	case "MJPG", "mjpg", "JPEG", "jpeg", "AVRn", "dmb1", "MJPA", "LJPG":
		return true
	}
	return false
}

var errNotAVI = errors.New("not an AVI file")

func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

func (s *aviSource) read(b []byte) error {
	n, err := io.ReadFull(s.r, b)
	s.at += int64(n)
	return err
}

func (s *aviSource) skip(n int64) error {
	if n < 0 {
		return errNotAVI
	}
	if s.at+n > s.size {
		return io.ErrUnexpectedEOF
	}
	if n > int64(s.r.Buffered()) {
		if _, err := s.f.Seek(s.at+n, io.SeekStart); err != nil {
			return err
		}
		s.r.Reset(s.f)
		s.at += n
		return nil
	}
	m, err := s.r.Discard(int(n))
	s.at += int64(m)
	return err
}

// chunk reads a chunk header.
func (s *aviSource) chunk() (string, uint32, error) {
	var h [8]byte
	if err := s.read(h[:]); err != nil {
		return "", 0, err
	}
	id := string(h[:4])
	for _, c := range h[:4] {
		if c < 0x20 || c > 0x7e {
			return "", 0, errNotAVI
		}
	}
	return id, le32(h[4:]), nil
}

// body reads a chunk's contents, at most max bytes, and its padding.
func (s *aviSource) body(n uint32, max int) ([]byte, error) {
	if int64(n) > int64(max) || s.at+int64(n) > s.size {
		return nil, errNotAVI
	}
	b := make([]byte, n+n&1)
	if err := s.read(b); err != nil {
		return nil, err
	}
	return b[:n], nil
}

// next finds the next video chunk; it returns its size, or io.EOF at the
// end of the frames (the index, a chunk cut short, or bytes that are not a
// chunk). The 'movi' list's own size is not trusted: in a file cut off by a
// crash it is as old as the last header refresh.
func (s *aviSource) next() (uint32, error) {
	for {
		id, n, err := s.chunk()
		if err != nil {
			return 0, io.EOF
		}
		switch {
		case id == "LIST":
			var kind [4]byte
			if s.read(kind[:]) != nil {
				return 0, io.EOF
			}
			if string(kind[:]) == "rec " {
				continue
			}
			if s.skip(int64(n)-4+int64(n&1)) != nil {
				return 0, io.EOF
			}
		case id == "idx1" || id == "RIFF":
			return 0, io.EOF
		case id == "00dc" || id == "00db":
			if s.at+int64(n) > s.size || n > 64<<20 {
				return 0, io.EOF // cut short by a crash, or not a frame
			}
			return n, nil
		default:
			if s.skip(int64(n)+int64(n&1)) != nil {
				return 0, io.EOF
			}
		}
	}
}

// skipFrame passes over the frame whose header next just read.
func (s *aviSource) skipFrame(n uint32) error {
	return s.skip(int64(n) + int64(n&1))
}

// decode reads the frame whose header next just read into dst.
func (s *aviSource) decode(n uint32, dst *image.RGBA) (*image.RGBA, error) {
	if cap(s.jpg) < int(n) {
		s.jpg = make([]byte, n)
	}
	s.jpg = s.jpg[:n]
	if err := s.read(s.jpg); err != nil {
		return nil, io.EOF
	}
	if n&1 == 1 {
		s.skip(1)
	}
	// The frame's own size, read before anything is allocated for it: a
	// frame must match the stream (when the header says its size) and
	// never exceed MaxSide.
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(s.jpg))
	if err != nil {
		return nil, fmt.Errorf("frame does not decode: %w", err)
	}
	if err := s.checkFrameSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	img, err := jpeg.Decode(bytes.NewReader(s.jpg))
	if err != nil {
		return nil, fmt.Errorf("frame does not decode: %w", err)
	}
	b := img.Bounds()
	out := newRGBA(dst, b.Dx(), b.Dy())
	draw.Draw(out, out.Rect, img, b.Min, draw.Src)
	return out, nil
}

// ErrFrameSize is wrapped by the refusal of a frame whose size does not
// match its stream, or is over MaxSide.
var ErrFrameSize = errors.New("a video frame of the wrong size")

// checkFrameSize refuses a frame of another size than the stream's, or
// over MaxSide.
func (s *aviSource) checkFrameSize(w, h int) error {
	switch {
	case w <= 0 || h <= 0 || w > MaxSide || h > MaxSide:
		return fmt.Errorf("%w: %dx%d (at most %dx%d)", ErrFrameSize, w, h, MaxSide, MaxSide)
	case s.info.Width > 0 && (w != s.info.Width || h != s.info.Height):
		return fmt.Errorf("%w: %dx%d in a %dx%d video", ErrFrameSize, w, h, s.info.Width, s.info.Height)
	}
	return nil
}

func (s *aviSource) close() error { return s.f.Close() }

var _ source = (*aviSource)(nil)

// frame implements source.
func (s *aviSource) frame(dst *image.RGBA, want bool) (*image.RGBA, time.Duration, error) {
	n, err := s.next()
	if err != nil {
		return nil, 0, err
	}
	if !want {
		if err := s.skipFrame(n); err != nil {
			return nil, 0, io.EOF
		}
		return nil, -1, nil
	}
	img, err := s.decode(n, dst)
	return img, -1, err
}
