// Package video reads and writes video files: the answers the recorder
// writes and files the user brings.
//
// The app's own recordings, Motion-JPEG in an AVI, are written and read in
// pure Go (avi.go): every build has them, and no native decoder sees them.
// Other containers (MP4, MOV, MKV, WebM; H.264 and the like) are decoded by
// OpenCV (gocv) in a binary built with the `opencv` tag, or else by an
// `ffmpeg` program on the PATH; without either they get ErrNeedsDecoder,
// which says what to install. What ships is built without OpenCV.
//
// Frames come out as *image.RGBA in a buffer the caller owns, sampled at a
// configurable rate, each with its presentation time.
package video

import (
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrUnavailable means what was asked for needs a decoder or an encoder
// this binary does not have.
var ErrUnavailable = errors.New("this binary cannot write that kind of video (only the app's own AVI)")

// ErrNeedsDecoder means a video that is not the app's own AVI kind and no
// decoder for it is available.
var ErrNeedsDecoder = errors.New("this kind of video needs ffmpeg: install it (Debian/Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: put ffmpeg.exe on the PATH), or convert the video to AVI (MJPEG)")

// ErrNoFrames means the file opened but not a single frame decoded.
var ErrNoFrames = errors.New("no video frames could be decoded")

// MaxSide is the widest and tallest frame any reader decodes: 4096 pixels
// (beyond 4K UHD's 3840x2160), 64 MB as RGBA. A file that claims more, in
// its header or in any one frame, is refused before the frame is decoded,
// so that a small file cannot ask for gigabytes.
const MaxSide = 4096

// DefaultSampleFPS is the analysis rate: blinks last 100-400 ms, so 15 fps
// sees every one in at least one frame, at half the work of 30 fps.
const DefaultSampleFPS = 15

// Info describes an opened file, as its container states it.
type Info struct {
	Width, Height int
	FPS           float64       // nominal frame rate; 0 when the file does not say
	Frames        int           // frame count the container claims; 0 when unknown
	Duration      time.Duration // Frames / FPS; 0 when unknown
	Codec         string        // four-character code, e.g. "MJPG"
}

// Options for reading.
type Options struct {
	// SampleFPS is the rate frames are delivered at; frames in between are
	// skipped without conversion. 0 means DefaultSampleFPS; a negative
	// value, or one at or above the file's rate, delivers every frame.
	SampleFPS float64
}

// Frame is one delivered frame.
type Frame struct {
	Index int           // position in the file, counting every frame
	T     time.Duration // presentation time from the start of the file
}

// Stats is what a reader went through, for an honest report.
type Stats struct {
	Decoded   int           // frames read from the file (sampled or skipped)
	Delivered int           // frames handed to the caller
	Last      time.Duration // time of the last frame read
	// Incomplete is set when the file ended well before the frame count
	// its container claims: a truncated or damaged file. What could be
	// read was still delivered.
	Incomplete bool
}

// newRGBA returns dst when it already has the size w x h, and a new image
// otherwise.
func newRGBA(dst *image.RGBA, w, h int) *image.RGBA {
	if dst != nil && dst.Rect.Dx() == w && dst.Rect.Dy() == h && dst.Rect.Min == (image.Point{}) {
		return dst
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

// sampler decides which frames to deliver at a target rate.
type sampler struct {
	step time.Duration // 0: every frame
	next time.Duration
	half time.Duration // half a source frame: frames this close to the next sample time count
}

func newSampler(target, source float64) sampler {
	if target == 0 {
		target = DefaultSampleFPS
	}
	s := sampler{}
	if source > 0 {
		s.half = time.Duration(float64(time.Second) / source / 2)
	}
	if target < 0 || (source > 0 && target >= source*0.999) {
		return s
	}
	s.step = time.Duration(float64(time.Second) / target)
	return s
}

// take reports whether the frame at t is delivered, and advances.
func (s *sampler) take(t time.Duration) bool {
	if s.step == 0 {
		return true
	}
	if t+s.half < s.next {
		return false
	}
	for s.next <= t+s.half {
		s.next += s.step
	}
	return true
}

// source is one way of reading a file's frames in order.
type source interface {
	// frame reads the next frame, into dst when want (dst may be nil or of
	// another size) and skipping its pixels otherwise. It returns the frame's
	// time when the decoder knows it, or -1; io.EOF after the last frame.
	frame(dst *image.RGBA, want bool) (*image.RGBA, time.Duration, error)
	close() error
}

// Reader delivers the frames of one file. It is not safe for concurrent
// use.
type Reader struct {
	src     source
	info    Info
	backend string
	samp    sampler
	stats   Stats
	index   int
	lastT   time.Duration
	done    bool
}

// backend is a decoder for containers other than the app's AVI.
type backend struct {
	name      string
	available func() bool
	open      func(path string) (source, Info, error)
}

// backends are tried in order for other containers; gocv.go (opencv tag)
// puts OpenCV first.
var backends = []backend{{name: "ffmpeg", available: ffmpegAvailable, open: openFFmpeg}}

// Open opens a video file for reading: the app's own AVI in pure Go, other
// kinds through OpenCV or ffmpeg. A missing file, a folder, an empty file,
// a file that is not a video and a kind nothing here decodes are errors
// that say so.
func Open(path string, o Options) (*Reader, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a video file", path)
	}
	if st.Size() == 0 {
		return nil, fmt.Errorf("%s is empty (0 bytes)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var head [12]byte
	n, _ := io.ReadFull(f, head[:])
	if n == 12 && string(head[:4]) == "RIFF" && string(head[8:]) == "AVI " {
		f.Seek(0, io.SeekStart)
		a, err := openAVI(f, st.Size())
		if err == nil {
			return newReader(a, a.info, "avi", o), nil
		}
		if !errors.Is(err, errNotMJPEG) {
			f.Close()
			return nil, fmt.Errorf("%s: not a video this app can read (%v)", filepath.Base(path), err)
		}
	}
	if n >= 4 && string(head[:4]) == "\x1a\x45\xdf\xa3" && openWebM != nil {
		f.Close()
		src, info, err := openWebM(path)
		if err == nil {
			return newReader(src, info, "vp8", o), nil
		}
		if !errors.Is(err, errOtherCodec) {
			return nil, fmt.Errorf("%s: not a video this app can read (%v)", filepath.Base(path), err)
		}
		return openOther(path, o)
	}
	f.Close()
	return openOther(path, o)
}

// openWebM reads VP8 in WebM, the app's own recordings; set by vp8.go in
// builds with the codecs tag. errOtherCodec: a WebM file in another codec,
// left to the other decoders.
var (
	openWebM      func(path string) (source, Info, error)
	errOtherCodec = errors.New("a codec other than VP8")
)

// openOther tries the decoders for containers other than the app's AVI.
func openOther(path string, o Options) (*Reader, error) {
	var tried []string
	for _, b := range backends {
		if !b.available() {
			continue
		}
		src, info, err := b.open(path)
		if err == nil {
			return newReader(src, info, b.name, o), nil
		}
		tried = append(tried, b.name+": "+err.Error())
	}
	if len(tried) == 0 {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), ErrNeedsDecoder)
	}
	return nil, fmt.Errorf("%s: not a video this app can read (%s)", filepath.Base(path), strings.Join(tried, "; "))
}

func newReader(src source, info Info, name string, o Options) *Reader {
	return &Reader{src: src, info: info, backend: name, samp: newSampler(o.SampleFPS, info.FPS)}
}

// Info describes the file.
func (r *Reader) Info() Info { return r.info }

// Backend names what decodes the file: "avi" (pure Go), "vp8" (the
// app's WebM recordings, through libvpx), "opencv" or "ffmpeg".
func (r *Reader) Backend() string { return r.backend }

// Stats reports what has been read so far.
func (r *Reader) Stats() Stats { return r.stats }

// predicted is the time of the next frame from the nominal rate.
func (r *Reader) predicted() time.Duration {
	if r.info.FPS > 0 {
		return seconds(float64(r.index) / r.info.FPS)
	}
	return r.lastT
}

// Next delivers the next sampled frame into dst (allocating a new image
// when dst is nil or of another size) and returns the image used. At the
// end of the file it returns io.EOF; a file that gave no frame at all
// returns ErrNoFrames. A frame that does not decode ends the file there,
// as a cut does.
func (r *Reader) Next(dst *image.RGBA) (*image.RGBA, Frame, error) {
	for !r.done {
		want := r.samp.take(r.predicted())
		img, t, err := r.src.frame(dst, want)
		if err != nil {
			r.finish()
			break
		}
		r.stats.Decoded++
		if t < 0 || (r.stats.Decoded > 1 && t <= r.lastT) {
			t = r.predicted()
		}
		r.lastT = t
		fr := Frame{Index: r.index, T: t}
		r.index++
		if !want {
			continue
		}
		r.stats.Delivered++
		r.stats.Last = t
		return img, fr, nil
	}
	if r.stats.Decoded == 0 {
		return nil, Frame{}, ErrNoFrames
	}
	return nil, Frame{}, io.EOF
}

func (r *Reader) finish() {
	r.done = true
	r.stats.Incomplete = r.info.Frames > 0 && r.stats.Decoded < r.info.Frames*9/10
}

// Close releases the file.
func (r *Reader) Close() error { return r.src.close() }

// Writer writes frames to a video file. It is not safe for concurrent use.
type Writer struct {
	W, H  int
	fps   float64
	n     int
	avi   *aviWriter
	ext   extWriter
	timed timedWriter
}

// timedWriter writes frames with their times (VP8 in WebM, vp8.go).
type timedWriter interface {
	writeAt(img image.Image, t time.Duration) error
	flush() error
	close() error
}

// Flush puts the frames written so far in the file and syncs it, for a
// recording that must survive a crash up to now (WebM; an AVI brings its
// headers up to date on its own every half second).
func (v *Writer) Flush() error {
	if v.timed != nil {
		return v.timed.flush()
	}
	return nil
}

// createWebM makes a VP8 WebM writer; set by vp8.go in builds with the
// codecs tag.
var createWebM func(path string, fps float64, w, h int) (timedWriter, error)

// smallCopy is SmallCopy; set by vp8.go in builds with the codecs tag.
var smallCopy func(src, audio, dst string, maxSide, kbps int) error

// SmallCopy writes the video at src (any kind Open reads), scaled down to
// fit maxSide, as VP8 at kbps kbit/s in one WebM file with the answer's
// audio (the Opus of a .weba copied as it is, a WAV encoded) muxed in:
// a copy small enough to send, that a browser plays with its sound.
func SmallCopy(src, audio, dst string, maxSide, kbps int) error {
	if smallCopy == nil {
		return fmt.Errorf("video: %w", ErrUnavailable)
	}
	return smallCopy(src, audio, dst, maxSide, kbps)
}

// CanWriteWebM reports whether this binary writes VP8 in WebM.
func CanWriteWebM() bool { return createWebM != nil }

// extWriter is a writer for other containers (gocv.go).
type extWriter interface {
	write(image.Image) error
	close() error
}

// createOther makes a writer for other containers; set by gocv.go.
var createOther func(path string, fps float64, w, h int) (extWriter, error)

// Create starts a video file of w x h frames at fps: Motion-JPEG in an AVI
// for ".avi" (every build), VP8 in WebM for ".webm" (builds with the
// codecs tag; w and h even), MPEG-4 for ".mp4" (builds with OpenCV only).
func Create(path string, fps float64, w, h int) (*Writer, error) {
	if w <= 0 || h <= 0 || fps <= 0 || w > MaxSide || h > MaxSide || fps > 1000 {
		return nil, fmt.Errorf("video: bad size %dx%d at %g fps", w, h, fps)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".avi":
		a, err := createAVI(path, fps, w, h)
		if err != nil {
			return nil, err
		}
		return &Writer{W: w, H: h, avi: a}, nil
	case ".webm":
		if createWebM == nil {
			return nil, fmt.Errorf("video: %s: %w", filepath.Base(path), ErrUnavailable)
		}
		x, err := createWebM(path, fps, w, h)
		if err != nil {
			return nil, err
		}
		return &Writer{W: w, H: h, fps: fps, timed: x}, nil
	case ".mp4", ".m4v", ".mov":
		if createOther == nil {
			return nil, fmt.Errorf("video: %s: %w", filepath.Base(path), ErrUnavailable)
		}
		x, err := createOther(path, fps, w, h)
		if err != nil {
			return nil, err
		}
		return &Writer{W: w, H: h, ext: x}, nil
	}
	return nil, fmt.Errorf("video: %s: use .avi or .webm", filepath.Base(path))
}

// Write appends one frame; it must have the writer's size. Files that
// keep each frame's time (WebM) place it a frame after the one before, at
// the rate the file was created with; WriteAt gives the time.
func (v *Writer) Write(img image.Image) error {
	return v.WriteAt(img, -1)
}

// WriteAt appends one frame shown at t from the start (AVI files, whose
// frames all last the same, ignore t; a negative t means the next frame).
func (v *Writer) WriteAt(img image.Image, t time.Duration) error {
	b := img.Bounds()
	if b.Dx() != v.W || b.Dy() != v.H {
		return fmt.Errorf("video: frame is %dx%d, the file is %dx%d", b.Dx(), b.Dy(), v.W, v.H)
	}
	if v.timed != nil {
		if t < 0 {
			t = seconds(float64(v.n) / v.fps)
		}
		v.n++
		return v.timed.writeAt(img, t)
	}
	if v.ext != nil {
		return v.ext.write(img)
	}
	return v.avi.write(img)
}

// Close finishes the file.
func (v *Writer) Close() error {
	if v.timed != nil {
		return v.timed.close()
	}
	if v.ext != nil {
		return v.ext.close()
	}
	return v.avi.close()
}

// seconds is a time in seconds as a time.Duration.
func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
