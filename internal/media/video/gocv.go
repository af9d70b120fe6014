//go:build opencv

package video

import (
	"errors"
	"fmt"
	"image"
	"math"
	"path/filepath"
	"strings"
	"time"

	"gocv.io/x/gocv"
)

// A binary built with the opencv tag decodes other containers with OpenCV
// (FFmpeg inside it) before trying an ffmpeg program, and can write MP4.
// What ships is built without it: OpenCV drags in hundreds of libraries.

func init() {
	backends = append([]backend{{name: "opencv", available: func() bool { return true }, open: openGoCV}}, backends...)
	createOther = createGoCV
}

type gocvSource struct {
	cap  *gocv.VideoCapture
	fps  float64
	bgr  gocv.Mat
	rgba gocv.Mat
}

func openGoCV(path string) (source, Info, error) {
	c, err := gocv.VideoCaptureFileWithAPI(path, gocv.VideoCaptureFFmpeg)
	if err != nil || !c.IsOpened() {
		if c != nil {
			c.Close()
		}
		return nil, Info{}, errors.New("OpenCV cannot open it")
	}
	info := Info{
		Width:  int(c.Get(gocv.VideoCaptureFrameWidth)),
		Height: int(c.Get(gocv.VideoCaptureFrameHeight)),
		FPS:    c.Get(gocv.VideoCaptureFPS),
		Frames: int(c.Get(gocv.VideoCaptureFrameCount)),
		Codec:  strings.TrimRight(c.CodecString(), "\x00 "),
	}
	if info.FPS <= 0 || info.FPS > 1000 || math.IsNaN(info.FPS) {
		info.FPS = 0
	}
	if info.Frames < 0 {
		info.Frames = 0
	}
	if info.FPS > 0 && info.Frames > 0 {
		info.Duration = seconds(float64(info.Frames) / info.FPS)
	}
	return &gocvSource{cap: c, fps: info.FPS, bgr: gocv.NewMat(), rgba: gocv.NewMat()}, info, nil
}

// frame reads the next frame; the time is the decoder's.
func (s *gocvSource) frame(dst *image.RGBA, want bool) (*image.RGBA, time.Duration, error) {
	if !want {
		before := s.cap.Get(gocv.VideoCapturePosFrames)
		s.cap.Grab(1)
		if s.cap.Get(gocv.VideoCapturePosFrames) <= before {
			return nil, 0, errEOF
		}
		return nil, s.pos(), nil
	}
	if !s.cap.Read(&s.bgr) || s.bgr.Empty() {
		return nil, 0, errEOF
	}
	t := s.pos()
	img, err := s.toRGBA(dst)
	return img, t, err
}

var errEOF = errors.New("end of video")

func (s *gocvSource) pos() time.Duration {
	ms := s.cap.Get(gocv.VideoCapturePosMsec)
	if ms <= 0 || math.IsNaN(ms) {
		return -1
	}
	return time.Duration(ms * float64(time.Millisecond))
}

func (s *gocvSource) toRGBA(dst *image.RGBA) (*image.RGBA, error) {
	if s.bgr.Type() != gocv.MatTypeCV8UC3 {
		return nil, fmt.Errorf("unexpected decoded frame type %v", s.bgr.Type())
	}
	if w, h := s.bgr.Cols(), s.bgr.Rows(); w > MaxSide || h > MaxSide {
		return nil, fmt.Errorf("a video frame of %dx%d (at most %dx%d)", w, h, MaxSide, MaxSide)
	}
	gocv.CvtColor(s.bgr, &s.rgba, gocv.ColorBGRToRGBA)
	w, h := s.rgba.Cols(), s.rgba.Rows()
	data, err := s.rgba.DataPtrUint8()
	if err != nil {
		return nil, err
	}
	img := newRGBA(dst, w, h)
	for y := 0; y < h; y++ {
		copy(img.Pix[y*img.Stride:y*img.Stride+w*4], data[y*w*4:(y+1)*w*4])
	}
	return img, nil
}

func (s *gocvSource) close() error {
	s.bgr.Close()
	s.rgba.Close()
	return s.cap.Close()
}

// gocvWriter writes MPEG-4 part 2 through OpenCV.
type gocvWriter struct {
	w    *gocv.VideoWriter
	W, H int
	bgr  gocv.Mat
}

func createGoCV(path string, fps float64, w, h int) (extWriter, error) {
	vw, err := gocv.VideoWriterFile(path, "mp4v", fps, w, h, true)
	if err != nil || !vw.IsOpened() {
		if vw != nil {
			vw.Close()
		}
		if err == nil {
			err = errors.New("the encoder could not start")
		}
		return nil, fmt.Errorf("video: cannot write %s: %w", filepath.Base(path), err)
	}
	return &gocvWriter{w: vw, W: w, H: h, bgr: gocv.NewMat()}, nil
}

func (v *gocvWriter) write(img image.Image) error {
	b := img.Bounds()
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

func (v *gocvWriter) close() error {
	v.bgr.Close()
	return v.w.Close()
}
