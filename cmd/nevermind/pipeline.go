package main

import (
	"context"
	"fmt"
	"io"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/analysis/speech"
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
	if o.noVision {
		p.VisionErr = fmt.Errorf("video analysis not requested")
	} else if a, err := openVision(); err != nil {
		p.VisionErr = err
	} else {
		p.Vision = a
		closers = append(closers, a.Close)
	}
	if tr, _, why := openWhisper(o.lang, o.model); tr == nil {
		p.NoTranscript = why
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
