package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/analysis/speech"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/media/video"
)

type pipelineOptions struct {
	lang, model string
	threads     int
	noSilero    bool
	noVision    bool
	sampleFPS   float64
	quiet       bool
}

// newPipeline loads what the analysis needs: Silero, the vision models and
// a whisper model, each optional. close frees them.
func newPipeline(o pipelineOptions, stderr io.Writer) (*pipeline.Pipeline, func()) {
	p := &pipeline.Pipeline{SampleFPS: o.sampleFPS}
	if o.lang == "ko" || o.lang == "en" {
		p.Lang = o.lang
	}
	var closers []func()
	if !o.noSilero {
		if m, why := locateModel("silero_vad"); m != "" {
			p.SileroModel = m
		} else if !o.quiet {
			fmt.Fprintf(stderr, "nevermind: Silero VAD off (%s); using the energy detector\n", why)
		}
	}
	switch {
	case o.noVision:
		p.VisionErr = fmt.Errorf("video analysis not requested")
	case !video.Compiled():
		p.VisionErr = video.ErrUnavailable
	default:
		if mesh, why := locateModel("face_landmark"); mesh == "" {
			p.VisionErr = fmt.Errorf("the face models are not available (%s)", why)
		} else if a, err := vision.NewAnalyzer(filepath.Dir(mesh)); err != nil {
			p.VisionErr = err
		} else {
			p.Vision = a
			closers = append(closers, a.Close)
		}
	}
	if o.lang != "auto" && o.lang != "ko" && o.lang != "en" {
		p.NoTranscript = fmt.Sprintf("language %q: use ko, en or auto", o.lang)
	} else if !speech.Compiled() {
		p.NoTranscript = "speech recognition is not built into this binary (build with `make build`)"
	} else if path, err := findWhisperModel(o.model, o.lang); err != nil {
		p.NoTranscript = err.Error()
	} else if tr, err := speech.Open(path); err != nil {
		p.NoTranscript = err.Error()
	} else {
		closers = append(closers, func() { tr.Close() })
		p.Transcribe = func(ctx context.Context, x []float32) (analysis.Transcript, error) {
			t, err := tr.Transcribe(ctx, x, speech.Options{Language: o.lang, Threads: o.threads})
			if err != nil {
				return analysis.Transcript{}, err
			}
			return analysis.FromSpeech(t), nil
		}
	}
	return p, func() {
		for _, c := range closers {
			c()
		}
	}
}
