package analysis

import (
	"context"
	"image"
	"math"
	"path/filepath"
	"time"

	"nevermind/internal/analysis/vision"
	"nevermind/internal/media/video"
)

// VideoPart is the vision half of a Report.
type VideoPart struct {
	Video    *VideoInfo          `json:"video,omitempty"`
	Face     *vision.FaceSummary `json:"face,omitempty"`
	Pose     *vision.PoseSummary `json:"pose,omitempty"`
	Segments []vision.Segment    `json:"segments,omitempty"` // every flagged stretch of the video, in time order
}

// VideoInfo says what was analysed and what could not be.
type VideoInfo struct {
	File      string  `json:"file"`
	Codec     string  `json:"codec"`
	Width     int     `json:"width"`
	Height    int     `json:"height"`
	FPS       float64 `json:"fps"`
	DurationS float64 `json:"duration_s"` // time the analysed frames cover
	Frames    int     `json:"analysed_frames"`
	SampleFPS float64 `json:"sample_fps"`
	// Incomplete: the file ended before the length its container states
	// (a damaged or truncated file); what could be read was analysed.
	Incomplete bool              `json:"incomplete"`
	Skipped    map[string]string `json:"skipped,omitempty"` // "face"/"pose": why that track did not run
}

// AnalyzeVideo runs the vision tracks over a video file, sampled at
// sampleFPS (0: video.DefaultSampleFPS). progress, when set, gets the time
// analysed so far and the file's length (0 when unknown).
func AnalyzeVideo(ctx context.Context, path string, a *vision.Analyzer, sampleFPS float64, progress func(done, total time.Duration)) (VideoPart, error) {
	r, err := video.Open(path, video.Options{SampleFPS: sampleFPS})
	if err != nil {
		return VideoPart{}, err
	}
	defer r.Close()
	info := r.Info()
	src := vision.SourceFunc(func(dst *image.RGBA) (*image.RGBA, time.Duration, error) {
		img, f, err := r.Next(dst)
		return img, f.T, err
	})
	var p func(time.Duration)
	if progress != nil {
		p = func(t time.Duration) { progress(t, info.Duration) }
	}
	res, err := a.Analyze(ctx, src, p)
	if err != nil {
		return VideoPart{}, err
	}
	st := r.Stats()
	if sampleFPS == 0 {
		sampleFPS = video.DefaultSampleFPS
	}
	if sampleFPS < 0 || (info.FPS > 0 && sampleFPS > info.FPS) {
		sampleFPS = info.FPS
	}
	vi := &VideoInfo{
		File: filepath.Base(path), Codec: info.Codec, Width: info.Width, Height: info.Height,
		FPS: math.Round(info.FPS*100) / 100, DurationS: secs(res.Span), Frames: res.Frames,
		SampleFPS: sampleFPS, Incomplete: st.Incomplete || res.ReadErr != nil,
	}
	if a.FaceErr != nil || a.PoseErr != nil {
		vi.Skipped = map[string]string{}
		if a.FaceErr != nil {
			vi.Skipped["face"] = a.FaceErr.Error()
		}
		if a.PoseErr != nil {
			vi.Skipped["pose"] = a.PoseErr.Error()
		}
	}
	return VideoPart{Video: vi, Face: res.Face, Pose: res.Pose, Segments: res.Segments}, nil
}
