//go:build cgo && codecs

package video

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"time"

	xdraw "golang.org/x/image/draw"

	"nevermind/internal/media"
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

func init() { smallCopy = writeSmallCopy }

// writeSmallCopy is SmallCopy in a build with the codecs.
func writeSmallCopy(src, audio, dst string, maxSide, kbps int) error {
	r, err := Open(src, Options{SampleFPS: -1})
	if err != nil {
		return err
	}
	defer r.Close()
	info := r.Info()
	if info.Width <= 0 || info.Height <= 0 {
		return errors.New("the video has no size")
	}
	scale := math.Min(1, float64(maxSide)/float64(max(info.Width, info.Height)))
	w, h := int(float64(info.Width)*scale)&^1, int(float64(info.Height)*scale)&^1
	if w < 2 || h < 2 {
		return fmt.Errorf("a %d×%d video", info.Width, info.Height)
	}
	var packets []webm.Frame
	var head []byte
	if audio != "" {
		if head, packets, err = opusPackets(audio); err != nil {
			return err
		}
	}
	tracks := []webm.Track{{Number: 1, Type: webm.TypeVideo, Codec: "V_VP8", Width: w, Height: h}}
	if head != nil {
		tracks = append(tracks, webm.Track{Number: 2, Type: webm.TypeAudio, Codec: "A_OPUS", Private: head, Rate: 48000, Chans: 1})
	}
	fps := info.FPS
	if fps <= 0 || fps > 60 {
		fps = 30
	}
	enc, err := vpx.NewEncoder(w, h, kbps, max(2, int(2*fps+0.5)))
	if err != nil {
		return err
	}
	defer enc.Close()
	out, err := webm.Create(dst, tracks)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		out.Close()
		os.Remove(dst)
		return err
	}
	small := image.NewRGBA(image.Rect(0, 0, w, h))
	var yuv *image.YCbCr
	next, last, lastKey := 0, time.Duration(-1), time.Duration(0)
	flushAudio := func(upTo time.Duration) error {
		for ; next < len(packets) && packets[next].Time <= upTo; next++ {
			if err := out.Write(packets[next]); err != nil {
				return err
			}
		}
		return nil
	}
	var buf *image.RGBA
	for n := 0; ; n++ {
		img, f, err := r.Next(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		buf = img
		t := f.T.Truncate(time.Millisecond)
		if t <= last {
			t = last + time.Millisecond
		}
		last = t
		xdraw.ApproxBiLinear.Scale(small, small.Rect, img, img.Rect, xdraw.Src, nil)
		yuv = toI420(yuv, small)
		key := n == 0 || t-lastKey >= 2*time.Second
		if key {
			lastKey = t
		}
		pk, err := enc.Encode(yuv, t, 33*time.Millisecond, key)
		if err != nil {
			return fail(err)
		}
		for _, p := range pk {
			if err := flushAudio(p.Time); err != nil {
				return fail(err)
			}
			if err := out.Write(webm.Frame{Track: 1, Time: p.Time, Key: p.Key, Data: p.Data}); err != nil {
				return fail(err)
			}
		}
	}
	if err := flushAudio(time.Duration(math.MaxInt64)); err != nil {
		return fail(err)
	}
	return out.Close()
}

// wavToOpus writes the WAV at src as Opus in WebM at dst.
func wavToOpus(src, dst string) error {
	a, err := media.ReadWAVFile(src)
	if err != nil {
		return err
	}
	return media.WriteOpusWebM(dst, a)
}

// opusPackets reads the Opus track of a WebM file (the recordings'
// .weba), or encodes a WAV file to Opus, as track-2 frames.
func opusPackets(path string) ([]byte, []webm.Frame, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if rd, err := webm.NewReader(f, st.Size()); err == nil {
		var head []byte
		var num uint64
		for _, t := range rd.Tracks {
			if t.Codec == "A_OPUS" {
				head, num = t.Private, t.Number
			}
		}
		if head == nil {
			return nil, nil, errors.New("the audio file has no Opus track")
		}
		var out []webm.Frame
		for {
			fr, err := rd.Next()
			if err != nil {
				break // the end, or a cut: what came before
			}
			if fr.Track == num {
				fr.Track = 2
				out = append(out, fr)
			}
		}
		return head, out, nil
	}
	// Not WebM: a WAV, encoded here.
	tmp, err := os.CreateTemp("", "nevermind-share-*.weba")
	if err != nil {
		return nil, nil, err
	}
	tmp.Close()
	os.Remove(tmp.Name())
	defer os.Remove(tmp.Name())
	if err := wavToOpus(path, tmp.Name()); err != nil {
		return nil, nil, err
	}
	return opusPackets(tmp.Name())
}
