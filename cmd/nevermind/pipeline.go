package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/engines"
	"nevermind/internal/models"
	"nevermind/internal/store"
)

type pipelineOptions struct {
	lang, model string
	threads     int
	noSilero    bool
	noVision    bool
	noTracks    bool
	sampleFPS   float64
	quiet       bool
	noSpeech    bool // the caller opens the speech model itself
	progress    func(model string, percent int)
}

// newPipeline loads what the analysis needs (engines.NewPipeline) and says
// on stderr, unless quiet, what is missing and how to get it.
func newPipeline(o pipelineOptions, stderr io.Writer) (*pipeline.Pipeline, func()) {
	p, miss, closeP := engines.NewPipeline(engines.Options{Lang: o.lang, Model: o.model, Threads: o.threads, NoSpeech: o.noSpeech,
		NoSilero: o.noSilero, NoVision: o.noVision, NoTracks: o.noTracks, SampleFPS: o.sampleFPS, Progress: o.progress})
	if !o.quiet && miss.Silero != nil {
		fmt.Fprintf(stderr, "nevermind: Silero VAD off (%s); using the energy detector\n", advice(miss.Silero))
	}
	if miss.Speech != nil {
		// The report says why there is no transcript, with the command
		// that fixes it.
		p.NoTranscript = advice(miss.Speech)
	}
	return p, closeP
}

// advice words an engine's problem for the command line, with the command
// that fixes it.
func advice(err error) string {
	var me *engines.ModelError
	var we *engines.WhisperError
	switch {
	case errors.As(err, &me):
		return fmt.Sprintf("model %s %s at %s; run `make deps`, or reinstall NEVER MIND", me.Name, me.State, me.Path)
	case errors.Is(err, engines.ErrNoRuntime):
		return "ONNX Runtime is not available; run `make deps`, or reinstall NEVER MIND"
	case errors.Is(err, engines.ErrNotBuilt):
		return "speech recognition is not built into this binary (build with `make build`)"
	case errors.As(err, &we):
		s := ""
		if errors.Is(we.Err, models.ErrWhisperNotInstalled) {
			s = fmt.Sprintf("whisper model %s is not installed: run `nevermind models pull %s`", we.Want, we.Want)
		} else {
			s = "no whisper model is installed: run `nevermind models pull base` (142 MB; small is better for Korean)"
		}
		for _, r := range we.Rejected {
			s += fmt.Sprintf("; %s was not used: %s", r.Path, r.Reason)
		}
		return s
	}
	return err.Error()
}

// measureFit measures which speech model fits this machine and stores it.
func measureFit(ctx context.Context, s *store.Store) (models.Fit, error) {
	dir, err := os.MkdirTemp("", "nevermind-fit-")
	if err != nil {
		return models.Fit{}, err
	}
	defer os.RemoveAll(dir)
	f, err := engines.MeasureFit(ctx, dir)
	if err != nil {
		return f, err
	}
	b, _ := json.Marshal(f)
	return f, s.SetSpeechFit(ctx, string(b))
}
