//go:build cgo && codecs

package vpx

import (
	"bytes"
	"image"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"nevermind/internal/media/webm"
)

// picture is frame i of a made-up clip: a gradient, a disc moving across
// it and a little noise, 4:2:0.
func picture(i int, rng *rand.Rand) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, 640, 480), image.YCbCrSubsampleRatio420)
	cx, cy := 100+i*4, 240+int(60*math.Sin(float64(i)/10))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			v := 40 + x/4 + y/8 + rng.Intn(4)
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) < 70*70 {
				v = 220 - rng.Intn(4)
			}
			img.Y[y*img.YStride+x] = byte(min(v, 255))
		}
	}
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			img.Cb[y*img.CStride+x] = byte(100 + x/8)
			img.Cr[y*img.CStride+x] = byte(150 - y/8)
		}
	}
	return img
}

func psnr(a, b []byte) float64 {
	var se float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		se += d * d
	}
	if se == 0 {
		return 99
	}
	return 10 * math.Log10(255*255/(se/float64(len(a))))
}

// TestEncodeDecodeAndMux: three seconds at 30 fps encode with a key frame
// each second, decode back close to the source, and, put in the WebM
// container, decode whole in Debian's ffmpeg.
func TestEncodeDecodeAndMux(t *testing.T) {
	enc, err := NewEncoder(640, 480, 500, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	path := filepath.Join(t.TempDir(), "v.webm")
	w, err := webm.Create(path, []webm.Track{{Number: 1, Type: webm.TypeVideo, Codec: "V_VP8", Width: 640, Height: 480}})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	var keys []int
	bytesOut := 0
	worst := 99.0
	var out *image.YCbCr
	const n = 90
	for i := 0; i < n; i++ {
		src := picture(i, rng)
		at := time.Duration(i) * time.Second / 30
		pkts, err := enc.Encode(src, at, time.Second/30, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(pkts) != 1 {
			t.Fatalf("frame %d: %d packets", i, len(pkts))
		}
		p := pkts[0]
		if p.Key {
			keys = append(keys, i)
		}
		bytesOut += len(p.Data)
		if err := w.Write(webm.Frame{Track: 1, Time: p.Time, Key: p.Key, Data: p.Data}); err != nil {
			t.Fatal(err)
		}
		if out, err = dec.Decode(p.Data, out); err != nil || out == nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if i >= 5 { // the rate control settles
			worst = min(worst, psnr(src.Y, out.Y))
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if len(keys) < 3 || keys[0] != 0 {
		t.Errorf("key frames at %v", keys)
	}
	for i := 1; i < len(keys); i++ {
		if keys[i]-keys[i-1] > 30 {
			t.Errorf("key frames at %v: more than a second apart", keys)
		}
	}
	if worst < 30 {
		t.Errorf("worst luma PSNR %.1f dB", worst)
	}
	mbPerMin := float64(bytesOut) / 3 * 60 / 1e6
	t.Logf("%d frames, %d bytes (%.1f MB/min), key frames at %v, worst luma PSNR %.1f dB", n, bytesOut, mbPerMin, keys, worst)
	if mbPerMin > 8 {
		t.Errorf("%.1f MB/min of video", mbPerMin)
	}
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ffmpeg is missing: make deps installs it")
		}
		t.Skip("ffmpeg not installed")
	}
	var stderr bytes.Buffer
	cmd := exec.Command(ff, "-v", "error", "-i", path, "-f", "null", "-")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("ffmpeg: %v: %s", err, stderr.String())
	}
}

// TestBadInputIsRefused: a picture of the wrong size or kind, damaged
// frames and empty ones are errors, not crashes.
func TestBadInputIsRefused(t *testing.T) {
	if _, err := NewEncoder(641, 480, 500, 30); err == nil {
		t.Error("an odd width was taken")
	}
	enc, err := NewEncoder(64, 48, 200, 30)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	if _, err := enc.Encode(image.NewYCbCr(image.Rect(0, 0, 32, 32), image.YCbCrSubsampleRatio420), 0, time.Millisecond, false); err == nil {
		t.Error("a picture of another size was taken")
	}
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 200; i++ {
		junk := make([]byte, 1+rng.Intn(2000))
		rng.Read(junk)
		dec.Decode(junk, nil) // an error or a picture, never a crash
	}
	if _, err := dec.Decode(nil, nil); err == nil {
		t.Error("an empty frame was taken")
	}
}

// BenchmarkEncode640x480: the CPU one frame of the recording costs
// (realtime, one thread, cpu-used -6).
func BenchmarkEncode640x480(b *testing.B) {
	enc, err := NewEncoder(640, 480, 500, 30)
	if err != nil {
		b.Fatal(err)
	}
	defer enc.Close()
	rng := rand.New(rand.NewSource(3))
	pics := make([]*image.YCbCr, 30)
	for i := range pics {
		pics[i] = picture(i, rng)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := enc.Encode(pics[i%30], time.Duration(i)*time.Second/30, time.Second/30, false); err != nil {
			b.Fatal(err)
		}
	}
}
