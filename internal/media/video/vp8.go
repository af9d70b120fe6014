//go:build cgo && codecs

package video

import (
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"time"

	"nevermind/internal/media/vpx"
	"nevermind/internal/media/webm"
)

// A binary built with the codecs tag writes the app's recordings as VP8 in
// WebM and reads them (and any VP8 WebM file) without a decoder program.

// VP8Kbps is the video bit rate of a recording: 500 kbit/s, about
// 3.7 MB a minute for a talking head at 640×480.
const VP8Kbps = 500

func init() {
	createWebM = createVP8
	openWebM = openVP8
}

type vp8Writer struct {
	enc     *vpx.Encoder
	w       *webm.Writer
	yuv     *image.YCbCr
	n       int
	last    time.Duration
	lastKey time.Duration
}

func createVP8(path string, fps float64, w, h int) (timedWriter, error) {
	// Key frames come by time (writeAt); the encoder's own limit is a
	// backstop at twice the rate's second.
	enc, err := vpx.NewEncoder(w, h, VP8Kbps, max(2, int(2*fps+0.5)))
	if err != nil {
		return nil, err
	}
	wr, err := webm.Create(path, []webm.Track{{Number: 1, Type: webm.TypeVideo, Codec: "V_VP8", Width: w, Height: h}})
	if err != nil {
		enc.Close()
		return nil, err
	}
	return &vp8Writer{enc: enc, w: wr, last: -1}, nil
}

func (v *vp8Writer) writeAt(img image.Image, t time.Duration) error {
	t = t.Truncate(time.Millisecond)
	if t <= v.last { // two frames in one millisecond: keep their order
		t = v.last + time.Millisecond
	}
	v.yuv = toI420(v.yuv, img)
	// A key frame each second of the frames' own times (a camera's rate
	// wanders): each opens a cluster, what a killed recording keeps.
	key := v.n == 0 || t-v.lastKey >= webm.ClusterLength
	if key {
		v.lastKey = t
	}
	pk, err := v.enc.Encode(v.yuv, t, 33*time.Millisecond, key)
	if err != nil {
		return err
	}
	v.n++
	v.last = t
	for _, p := range pk {
		if err := v.w.Write(webm.Frame{Track: 1, Time: p.Time, Key: p.Key, Data: p.Data}); err != nil {
			return err
		}
	}
	return nil
}

func (v *vp8Writer) flush() error { return v.w.Flush() }

func (v *vp8Writer) close() error {
	v.enc.Close()
	return v.w.Close()
}

// vp8Source reads the VP8 track of a WebM file.
type vp8Source struct {
	f     *os.File
	rd    *webm.Reader
	track uint64
	dec   *vpx.Decoder
	yuv   *image.YCbCr
	w, h  int
}

func openVP8(path string) (source, Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Info{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, Info{}, err
	}
	rd, err := webm.NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, Info{}, err
	}
	var tr webm.Track
	for _, t := range rd.Tracks {
		if t.Type == webm.TypeVideo {
			tr = t
			break
		}
	}
	if tr.Codec != "V_VP8" {
		f.Close()
		if tr.Number == 0 {
			return nil, Info{}, errors.New("the WebM file has no video track")
		}
		return nil, Info{}, fmt.Errorf("%w: %s", errOtherCodec, tr.Codec)
	}
	if tr.Width <= 0 || tr.Height <= 0 || tr.Width > MaxSide || tr.Height > MaxSide {
		f.Close()
		return nil, Info{}, fmt.Errorf("the video claims %d×%d pixels", tr.Width, tr.Height)
	}
	// Count the frames (block headers only) for the progress a caller shows.
	info := Info{Width: tr.Width, Height: tr.Height, Codec: "VP80"}
	if scan, err := webm.NewReader(f, st.Size()); err == nil {
		var last time.Duration
		for {
			fr, err := scan.Next()
			if err != nil {
				break
			}
			if fr.Track == tr.Number {
				info.Frames++
				last = fr.Time
			}
		}
		if info.Frames > 1 && last > 0 {
			info.FPS = float64(info.Frames-1) / last.Seconds()
			info.Duration = last + time.Duration(float64(time.Second)/info.FPS)
		}
	}
	dec, err := vpx.NewDecoder()
	if err != nil {
		f.Close()
		return nil, Info{}, err
	}
	return &vp8Source{f: f, rd: rd, track: tr.Number, dec: dec, w: tr.Width, h: tr.Height}, info, nil
}

func (s *vp8Source) frame(dst *image.RGBA, want bool) (*image.RGBA, time.Duration, error) {
	for {
		fr, err := s.rd.Next()
		if err != nil {
			if err == io.EOF {
				return nil, 0, io.EOF
			}
			return nil, 0, err
		}
		if fr.Track != s.track {
			continue
		}
		// Every frame is decoded: the next ones are predicted from it.
		yuv, err := s.dec.Decode(fr.Data, s.yuv)
		if err != nil {
			return nil, 0, err
		}
		if yuv == nil {
			continue
		}
		s.yuv = yuv
		if yuv.Rect.Dx() != s.w || yuv.Rect.Dy() != s.h {
			return nil, 0, fmt.Errorf("a frame of %v in a %d×%d video", yuv.Rect.Size(), s.w, s.h)
		}
		if !want {
			return dst, fr.Time, nil
		}
		return i420ToRGBA(dst, yuv), fr.Time, nil
	}
}

func (s *vp8Source) close() error {
	s.dec.Close()
	return s.f.Close()
}
