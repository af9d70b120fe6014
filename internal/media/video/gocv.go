//go:build opencv

package video

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gocv.io/x/gocv"
)

// Compiled reports whether OpenCV is built into this binary.
func Compiled() bool { return true }

// Reader delivers the frames of one file. It is not safe for concurrent
// use.
type Reader struct {
	cap   *gocv.VideoCapture
	info  Info
	samp  sampler
	bgr   gocv.Mat
	rgba  gocv.Mat
	stats Stats
	index int
	lastT time.Duration
	done  bool
}

// Open opens a video file for reading. A missing file, a file that is not
// a video OpenCV can decode, and an empty video are errors that say so.
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
	c, err := gocv.VideoCaptureFileWithAPI(path, gocv.VideoCaptureFFmpeg)
	if err != nil || !c.IsOpened() {
		if c != nil {
			c.Close()
		}
		return nil, fmt.Errorf("%s: not a video this app can read (AVI/MJPEG and MP4 are supported)", filepath.Base(path))
	}
	r := &Reader{cap: c, bgr: gocv.NewMat(), rgba: gocv.NewMat()}
	r.info = Info{
		Width:  int(c.Get(gocv.VideoCaptureFrameWidth)),
		Height: int(c.Get(gocv.VideoCaptureFrameHeight)),
		FPS:    c.Get(gocv.VideoCaptureFPS),
		Frames: int(c.Get(gocv.VideoCaptureFrameCount)),
		Codec:  strings.TrimRight(c.CodecString(), "\x00 "),
	}
	if r.info.FPS <= 0 || r.info.FPS > 1000 || math.IsNaN(r.info.FPS) {
		r.info.FPS = 0
	}
	if r.info.Frames < 0 {
		r.info.Frames = 0
	}
	if r.info.FPS > 0 && r.info.Frames > 0 {
		r.info.Duration = time.Duration(float64(r.info.Frames) / r.info.FPS * float64(time.Second))
	}
	r.samp = newSampler(o.SampleFPS, r.info.FPS)
	return r, nil
}

// Info describes the file.
func (r *Reader) Info() Info { return r.info }

// Stats reports what has been read so far.
func (r *Reader) Stats() Stats { return r.stats }

// predicted is the time of the next frame from the nominal rate.
func (r *Reader) predicted() time.Duration {
	if r.info.FPS > 0 {
		return time.Duration(float64(r.index) / r.info.FPS * float64(time.Second))
	}
	return r.lastT
}

// frameTime is the decoder's time for the frame just read, or the nominal
// one when the decoder's is missing or runs backwards.
func (r *Reader) frameTime() time.Duration {
	ms := r.cap.Get(gocv.VideoCapturePosMsec)
	t := time.Duration(ms * float64(time.Millisecond))
	if ms <= 0 || math.IsNaN(ms) || (r.stats.Decoded > 1 && t <= r.lastT) {
		t = r.predicted()
	}
	return t
}

// Next delivers the next sampled frame into dst (allocating a new image
// when dst is nil or of another size) and returns the image used. At the
// end of the file it returns io.EOF.
func (r *Reader) Next(dst *image.RGBA) (*image.RGBA, Frame, error) {
	for !r.done {
		if !r.samp.take(r.predicted()) {
			before := r.cap.Get(gocv.VideoCapturePosFrames)
			r.cap.Grab(1)
			if r.cap.Get(gocv.VideoCapturePosFrames) <= before {
				r.finish()
				break
			}
			r.stats.Decoded++
			r.lastT = r.frameTime()
			r.index++
			continue
		}
		if !r.cap.Read(&r.bgr) || r.bgr.Empty() {
			r.finish()
			break
		}
		r.stats.Decoded++
		t := r.frameTime()
		r.lastT = t
		fr := Frame{Index: r.index, T: t}
		r.index++
		img, err := r.toRGBA(dst)
		if err != nil {
			return nil, fr, err
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

func (r *Reader) toRGBA(dst *image.RGBA) (*image.RGBA, error) {
	if r.bgr.Type() != gocv.MatTypeCV8UC3 {
		return nil, fmt.Errorf("unexpected decoded frame type %v", r.bgr.Type())
	}
	gocv.CvtColor(r.bgr, &r.rgba, gocv.ColorBGRToRGBA)
	w, h := r.rgba.Cols(), r.rgba.Rows()
	data, err := r.rgba.DataPtrUint8()
	if err != nil {
		return nil, err
	}
	img := newRGBA(dst, w, h)
	if img.Stride == w*4 && len(data) == len(img.Pix) {
		copy(img.Pix, data)
		return img, nil
	}
	for y := 0; y < h; y++ {
		copy(img.Pix[y*img.Stride:y*img.Stride+w*4], data[y*w*4:(y+1)*w*4])
	}
	return img, nil
}

// Close releases the file.
func (r *Reader) Close() error {
	r.bgr.Close()
	r.rgba.Close()
	return r.cap.Close()
}

// Writer writes frames to a video file: MJPEG in an AVI for ".avi", MPEG-4
// part 2 for ".mp4". It is not safe for concurrent use.
type Writer struct {
	w    *gocv.VideoWriter
	W, H int
	bgr  gocv.Mat
}

// Create starts a video file of w x h frames at fps.
func Create(path string, fps float64, w, h int) (*Writer, error) {
	if w <= 0 || h <= 0 || fps <= 0 {
		return nil, fmt.Errorf("video: bad size %dx%d at %g fps", w, h, fps)
	}
	codec := "MJPG"
	switch strings.ToLower(filepath.Ext(path)) {
	case ".avi":
	case ".mp4", ".m4v", ".mov":
		codec = "mp4v"
	default:
		return nil, fmt.Errorf("video: %s: use .avi or .mp4", filepath.Base(path))
	}
	vw, err := gocv.VideoWriterFile(path, codec, fps, w, h, true)
	if err != nil || !vw.IsOpened() {
		if vw != nil {
			vw.Close()
		}
		if err == nil {
			err = errors.New("the encoder could not start")
		}
		return nil, fmt.Errorf("video: cannot write %s: %w", path, err)
	}
	return &Writer{w: vw, W: w, H: h, bgr: gocv.NewMat()}, nil
}

// Write appends one frame; it must have the writer's size.
func (v *Writer) Write(img image.Image) error {
	b := img.Bounds()
	if b.Dx() != v.W || b.Dy() != v.H {
		return fmt.Errorf("video: frame is %dx%d, the file is %dx%d", b.Dx(), b.Dy(), v.W, v.H)
	}
	rgba, ok := img.(*image.RGBA)
	if !ok || rgba.Stride != v.W*4 {
		rgba = image.NewRGBA(image.Rect(0, 0, v.W, v.H))
		for y := 0; y < v.H; y++ {
			for x := 0; x < v.W; x++ {
				rgba.Set(x, y, img.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	src, err := gocv.NewMatFromBytes(v.H, v.W, gocv.MatTypeCV8UC4, rgba.Pix[:v.H*v.W*4])
	if err != nil {
		return err
	}
	defer src.Close()
	gocv.CvtColor(src, &v.bgr, gocv.ColorRGBAToBGR)
	return v.w.Write(v.bgr)
}

// Close finishes the file.
func (v *Writer) Close() error {
	v.bgr.Close()
	return v.w.Close()
}
