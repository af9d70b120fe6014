package main

import (
	"fmt"
	"io"

	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/engines"
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
