//go:build opencv

package video

import (
	"image"
	"io"
	"path/filepath"
	"testing"
)

// readSource reads every frame of a backend's source.
func readSource(t *testing.T, src source, info Info, name string) ([]Frame, []*image.RGBA, *Reader) {
	t.Helper()
	r := newReader(src, info, name, Options{SampleFPS: -1})
	var frames []Frame
	var imgs []*image.RGBA
	for {
		img, f, err := r.Next(nil)
		if err == io.EOF {
			return frames, imgs, r
		}
		if err != nil {
			t.Fatal(err)
		}
		frames, imgs = append(frames, f), append(imgs, img)
	}
}

// TestGoCVBackend: OpenCV reads the app's own AVI as it is written in pure
// Go, writes and reads MP4, and decodes an H.264 MP4 that ffmpeg made;
// the dispatcher picks it for what is not the app's AVI.
func TestGoCVBackend(t *testing.T) {
	avi := filepath.Join(t.TempDir(), "answer.avi")
	writeVideo(t, avi, 60, 30, 160, 120)
	src, info, err := openGoCV(avi)
	if err != nil {
		t.Fatal(err)
	}
	frames, imgs, r := readSource(t, src, info, "opencv")
	checkFrames(t, frames, imgs, 60, 30, 160, 120)
	r.Close()

	mp4 := filepath.Join(t.TempDir(), "answer.mp4")
	writeVideo(t, mp4, 60, 30, 160, 120)
	frames, imgs, r = readAll(t, mp4, Options{SampleFPS: -1})
	if r.Backend() != "opencv" {
		t.Errorf("an MP4 went to %s", r.Backend())
	}
	checkFrames(t, frames, imgs, 60, 30, 160, 120)
	r.Close()

	needFFmpeg(t)
	h264 := makeMP4(t, 30)
	frames, _, r = readAll(t, h264, Options{SampleFPS: -1})
	if r.Backend() != "opencv" || len(frames) != 30 {
		t.Errorf("H.264: %d frames through %s", len(frames), r.Backend())
	}
	r.Close()
}
