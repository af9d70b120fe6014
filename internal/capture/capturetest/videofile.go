package capturetest

import (
	"errors"
	"image"
	"io"
	"time"

	"nevermind/internal/media/video"
)

// VideoFileFrames reads every frame of a video file (at most limit) so a
// registered camera can show it, looping: a real face for the tests that
// need one.
func VideoFileFrames(path string, limit int) (FrameFunc, error) {
	r, err := video.Open(path, video.Options{SampleFPS: -1})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var frames []*image.RGBA
	for len(frames) < limit {
		img, _, err := r.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		frames = append(frames, img)
	}
	if len(frames) == 0 {
		return nil, video.ErrNoFrames
	}
	return func(i int, _ time.Duration) image.Image { return frames[i%len(frames)] }, nil
}
