package video

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"nevermind/internal/testenv"
)

// frameImage draws frame i: a grey level that encodes i, and a white bar
// whose position moves, so that frames differ everywhere.
func frameImage(i, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	g := uint8(20 + (i*7)%200)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{g, g / 2, 255 - g, 255})
		}
	}
	bx := (i * 5) % (w - 8)
	for y := 0; y < h; y++ {
		for x := bx; x < bx+8; x++ {
			img.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
		}
	}
	return img
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// checkFrames holds delivered frames to the ones written: count, index,
// time (within 2 ms of i/fps) and colour (R and B not swapped).
func checkFrames(t *testing.T, frames []Frame, imgs []*image.RGBA, n int, fps float64, w, h int) {
	t.Helper()
	if len(frames) != n {
		t.Fatalf("%d frames read, want %d", len(frames), n)
	}
	for i, f := range frames {
		want := time.Duration(float64(i) / fps * float64(time.Second))
		if d := f.T - want; d < -2*time.Millisecond || d > 2*time.Millisecond {
			t.Errorf("frame %d at %v, want %v", i, f.T, want)
		}
		if f.Index != i {
			t.Errorf("frame %d has index %d", i, f.Index)
		}
	}
	for _, i := range []int{0, n / 3, n - 1} {
		want := frameImage(i, w, h).RGBAAt(w*3/4, h/2)
		got := imgs[i].RGBAAt(w*3/4, h/2)
		if absDiff(got.R, want.R) > 12 || absDiff(got.G, want.G) > 12 || absDiff(got.B, want.B) > 12 {
			t.Errorf("frame %d pixel %v, want about %v", i, got, want)
		}
	}
}

func TestAVIRoundTrip(t *testing.T) {
	for _, fps := range []float64{30, 29.97, 15} {
		path := filepath.Join(t.TempDir(), "answer.avi")
		writeVideo(t, path, 60, fps, 160, 120)
		frames, imgs, r := readAll(t, path, Options{SampleFPS: -1})
		info := r.Info()
		if info.Width != 160 || info.Height != 120 || info.FPS < fps-0.001 || info.FPS > fps+0.001 || info.Frames != 60 || info.Codec != "MJPG" || r.Backend() != "avi" {
			t.Errorf("%g fps: info %+v, backend %s", fps, info, r.Backend())
		}
		checkFrames(t, frames, imgs, 60, fps, 160, 120)
		if st := r.Stats(); st.Incomplete || st.Decoded != 60 || st.Delivered != 60 {
			t.Errorf("stats %+v", st)
		}
		r.Close()
	}
}

func TestSampling(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.avi")
	writeVideo(t, path, 90, 30, 64, 48)
	frames, imgs, r := readAll(t, path, Options{SampleFPS: 10})
	defer r.Close()
	if len(frames) != 30 {
		t.Fatalf("%d frames at 10 fps from 3 s, want 30", len(frames))
	}
	for k, f := range frames {
		if f.Index != 3*k {
			t.Errorf("sample %d is frame %d, want %d", k, f.Index, 3*k)
		}
		want := frameImage(f.Index, 64, 48).RGBAAt(60, 10)
		if got := imgs[k].RGBAAt(60, 10); absDiff(got.R, want.R) > 12 {
			t.Errorf("sample %d (frame %d): pixel %v, want about %v", k, f.Index, got, want)
		}
	}
	if st := r.Stats(); st.Decoded != 90 || st.Delivered != 30 {
		t.Errorf("stats %+v", st)
	}
}

func TestReuseBuffer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.avi")
	writeVideo(t, path, 5, 30, 64, 48)
	r, err := Open(path, Options{SampleFPS: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := image.NewRGBA(image.Rect(0, 0, 64, 48))
	img, _, err := r.Next(buf)
	if err != nil || img != buf {
		t.Fatalf("buffer of the right size not reused (err %v)", err)
	}
	small := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img, _, err = r.Next(small)
	if err != nil || img == small || img.Rect.Dx() != 64 {
		t.Fatalf("buffer of the wrong size used (err %v)", err)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.avi")
	writeVideo(t, good, 60, 30, 160, 120)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(i*131 + i/7)
	}
	huge := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(huge[offMoviFourCC+8:], 0x7fffffff) // the first frame claims 2 GB
	notJPEG := append([]byte(nil), data...)
	copy(notJPEG[offMoviFourCC+12:], bytes.Repeat([]byte{0x42}, 64))
	for name, path := range map[string]string{
		"missing":         filepath.Join(dir, "nope.avi"),
		"empty":           write("empty.avi", nil),
		"text":            write("notes.mp4", []byte("this is not a video\n")),
		"garbage":         write("garbage.avi", garbage),
		"header":          write("header.avi", data[:200]),
		"riff, no avi":    write("wave.avi", append([]byte("RIFF\x00\x00\x00\x00WAVE"), garbage...)),
		"a frame of 2 GB": write("huge.avi", huge),
		"not a JPEG":      write("notjpeg.avi", notJPEG),
		"directory":       dir,
	} {
		t.Run(name, func(t *testing.T) {
			r, err := Open(path, Options{})
			if err != nil {
				return // refused at open, with a message
			}
			defer r.Close()
			_, _, err = r.Next(nil)
			if !errors.Is(err, ErrNoFrames) {
				t.Fatalf("opened and read: %v", err)
			}
		})
	}

	// A file cut in half keeps the frames before the cut and says it is
	// incomplete; so does one cut in the middle of a frame.
	for _, cut := range []int{len(data) / 2, len(data)/2 + 7} {
		half := write("half.avi", data[:cut])
		frames, imgs, r := readAll(t, half, Options{SampleFPS: -1})
		if len(frames) < 25 || len(frames) >= 60 || !r.Stats().Incomplete {
			t.Errorf("truncated at %d: %d frames, stats %+v", cut, len(frames), r.Stats())
		}
		checkFrames(t, frames, imgs, len(frames), 30, 160, 120)
		r.Close()
	}
}

// TestCrashedRecording: a writer that is never closed (the app killed mid
// answer) leaves a file whose frames all read back, and whose headers
// (rewritten every half second) already count most of them.
func TestCrashedRecording(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.avi")
	w, err := Create(path, 30, 160, 120)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 45; i++ {
		if err := w.Write(frameImage(i, 160, 120)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
	}
	w.avi.f.Close() // as a kill leaves it: no index, headers as last refreshed
	frames, imgs, r := readAll(t, path, Options{SampleFPS: -1})
	defer r.Close()
	checkFrames(t, frames, imgs, 45, 30, 160, 120)
	if r.Info().Frames == 0 {
		t.Error("the headers were never refreshed while recording")
	}
	if testenv.CI() || ffmpegAvailable() {
		out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-").CombinedOutput()
		if err != nil {
			t.Fatalf("ffmpeg cannot read the crashed file: %v %s", err, out)
		}
	}
}

func writeVideo(t testing.TB, path string, n int, fps float64, w, h int) {
	t.Helper()
	vw, err := Create(path, fps, w, h)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := vw.Write(frameImage(i, w, h)); err != nil {
			t.Fatal(err)
		}
	}
	if err := vw.Close(); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string, o Options) ([]Frame, []*image.RGBA, *Reader) {
	t.Helper()
	r, err := Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	var frames []Frame
	var imgs []*image.RGBA
	for {
		img, f, err := r.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, f)
		imgs = append(imgs, img)
	}
	return frames, imgs, r
}

func needFFmpeg(t *testing.T) {
	t.Helper()
	if !ffmpegAvailable() {
		testenv.Skip(t, "ffmpeg is not installed (make deps installs it)")
	}
}

// TestFFmpegReadsOurAVI: the app's AVI is a standard one: ffprobe and
// ffmpeg read it (size, rate, codec, every frame).
func TestFFmpegReadsOurAVI(t *testing.T) {
	needFFmpeg(t)
	path := filepath.Join(t.TempDir(), "a.avi")
	writeVideo(t, path, 60, 30, 160, 120)
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=codec_name,width,height,r_frame_rate,nb_read_frames", "-of", "csv=p=0", path).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "mjpeg,160,120,30/1,60" {
		t.Fatalf("ffprobe: %q %v", out, err)
	}
	if out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-").CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("ffmpeg decoding: %v %s", err, out)
	}
}

// makeMP4 has ffmpeg encode n frames of a test pattern as H.264 in MP4.
func makeMP4(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "phone.mp4")
	out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=30", "-frames:v", string(rune('0'+n/10))+string(rune('0'+n%10)),
		"-pix_fmt", "yuv420p", "-c:v", "libx264", path).CombinedOutput()
	if err != nil {
		out, err = exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=30", "-frames:v", string(rune('0'+n/10))+string(rune('0'+n%10)),
			"-pix_fmt", "yuv420p", path).CombinedOutput()
	}
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	return path
}

// TestFFmpegBackend: an MP4 (H.264) is read through the ffmpeg program:
// size, rate, every frame, sampling.
func TestFFmpegBackend(t *testing.T) {
	needFFmpeg(t)
	path := makeMP4(t, 60)
	src, info, err := openFFmpeg(path)
	if err != nil {
		t.Fatal(err)
	}
	r := newReader(src, info, "ffmpeg", Options{SampleFPS: 10})
	defer r.Close()
	if info.Width != 160 || info.Height != 120 || info.FPS != 30 || info.Frames != 60 {
		t.Errorf("info %+v", info)
	}
	n := 0
	for {
		img, f, err := r.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if f.Index != 3*n || img.Rect.Dx() != 160 {
			t.Errorf("sample %d: frame %d, %v", n, f.Index, img.Rect)
		}
		n++
	}
	if n != 20 || r.Stats().Decoded != 60 || r.Stats().Incomplete {
		t.Errorf("%d samples, stats %+v", n, r.Stats())
	}
	// Hostile names are files, never protocols or options.
	for _, name := range []string{"-i", "http:x", "concat:a|b"} {
		p := filepath.Join(t.TempDir(), name)
		os.WriteFile(p, []byte("not a video"), 0o600)
		if _, _, err := openFFmpeg(p); err == nil {
			t.Errorf("%q opened", name)
		}
	}
}

// TestOtherKindsNeedADecoder: with no decoder for it, an MP4 gets a message
// that says what to install.
func TestOtherKindsNeedADecoder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.mp4")
	os.WriteFile(path, []byte("\x00\x00\x00\x18ftypmp42 not really"), 0o600)
	saved := backends
	defer func() { backends = saved }()
	backends = nil
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNeedsDecoder) || !strings.Contains(err.Error(), "ffmpeg") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Create(filepath.Join(t.TempDir(), "x.mkv"), 30, 8, 8); err == nil {
		t.Fatal("a .mkv writer was made")
	}
	if w, err := Create(filepath.Join(t.TempDir(), "x.webm"), 30, 8, 8); (err == nil) != CanWriteWebM() {
		t.Fatalf("a .webm writer: %v; this build writes WebM: %v", err, CanWriteWebM())
	} else if err == nil {
		w.Close()
	}
}

// FuzzAVI feeds arbitrary bytes, seeded with real recordings whole and cut,
// to the AVI reader: no panic, no endless loop, and never more frames than
// bytes allow.
func FuzzAVI(f *testing.F) {
	dir := f.TempDir()
	good := filepath.Join(dir, "good.avi")
	writeVideo(f, good, 6, 30, 32, 24)
	data, _ := os.ReadFile(good)
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add(data[:offMoviFourCC+20])
	f.Add(claimSize(data, 30000, 30000)) // a frame claiming gigabytes
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := openAVI(nopCloser{bytes.NewReader(b)}, int64(len(b)))
		if err != nil {
			return
		}
		r := newReader(a, a.info, "avi", Options{SampleFPS: -1})
		defer r.Close()
		for i := 0; ; i++ {
			_, _, err := r.Next(nil)
			if err != nil {
				return
			}
			if i > len(b)/8 {
				t.Fatalf("%d frames from %d bytes", i, len(b))
			}
		}
	})
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// claimSize rewrites every JPEG frame of an AVI to claim w x h in its
// start-of-frame header (the pixels stay as they are).
func claimSize(b []byte, w, h int) []byte {
	out := bytes.Clone(b)
	for i := 0; i+9 < len(out); i++ {
		if out[i] == 0xFF && out[i+1] == 0xC0 { // SOF0: length(2) precision(1) height(2) width(2)
			binary.BigEndian.PutUint16(out[i+5:], uint16(h))
			binary.BigEndian.PutUint16(out[i+7:], uint16(w))
		}
	}
	return out
}

// TestFramesClaimingAnotherSize: a frame whose JPEG claims 30000x30000 in
// a 640x480 stream (or any frame over MaxSide) is refused before it is
// decoded: reading the file allocates megabytes, not gigabytes.
func TestFramesClaimingAnotherSize(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.avi")
	writeVideo(t, good, 2, 30, 64, 48)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ w, h int }{{30000, 30000}, {65535, 16}, {64, 49}, {4097, 48}} {
		bad := claimSize(data, c.w, c.h)
		if bytes.Equal(bad, data) {
			t.Fatal("no JPEG start-of-frame found to rewrite")
		}
		a, err := openAVI(nopCloser{bytes.NewReader(bad)}, int64(len(bad)))
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _, err = a.frame(nil, true)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrFrameSize) {
			t.Errorf("%dx%d: %v, want ErrFrameSize", c.w, c.h, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
			t.Errorf("%dx%d: %d MB allocated for a refused frame", c.w, c.h, got>>20)
		}
		r := newReader(a, a.info, "avi", Options{SampleFPS: -1})
		if _, _, err := r.Next(nil); err == nil {
			t.Errorf("%dx%d: a frame was delivered", c.w, c.h)
		}
	}
	// The same frames at their own size still read.
	frames, _, _ := readAll(t, good, Options{SampleFPS: -1})
	if len(frames) != 2 {
		t.Fatalf("%d frames of the unaltered file", len(frames))
	}
}
