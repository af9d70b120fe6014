//go:build whisper

package speech

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	wh "github.com/ggerganov/whisper.cpp/bindings/go"
	"github.com/ggerganov/whisper.cpp/bindings/go/pkg/whisper"
)

// Compiled reports whether whisper.cpp is built into this binary.
func Compiled() bool { return true }

// SystemInfo describes the whisper.cpp build (CPU features in use).
func SystemInfo() string { return wh.Whisper_print_system_info() }

// ProbeModel loads a whisper model and frees it, to prove it is usable.
func ProbeModel(path string) error {
	m, err := whisper.New(path)
	if err != nil {
		return fmt.Errorf("load whisper model %s: %w (the file may be damaged: `nevermind models verify` checks it)", path, err)
	}
	return m.Close()
}

// whisperTranscriber is the whisper.cpp Transcriber.
type whisperTranscriber struct {
	mu    sync.Mutex
	model whisper.Model
	name  string
}

// Open loads a whisper ggml model once; the Transcriber reuses it.
func Open(modelPath string) (Transcriber, error) {
	m, err := whisper.New(modelPath)
	if err != nil {
		return nil, fmt.Errorf("load whisper model %s: %w (the file may be damaged: `nevermind models verify` checks it, `nevermind models pull` fetches it again)", modelPath, err)
	}
	return &whisperTranscriber{model: m, name: filepath.Base(modelPath)}, nil
}

// errCancelled is what whisper.cpp reports when the encoder callback stops
// it; Transcribe returns the context's error instead.
var errCancelled = errors.New("cancelled")

func (w *whisperTranscriber) Transcribe(ctx context.Context, samples []float32, opt Options) (Transcript, error) {
	lang, err := checkLanguage(opt.Language)
	if err != nil {
		return Transcript{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.model == nil {
		return Transcript{}, errors.New("whisper transcriber is closed")
	}
	if lang != "en" && lang != "auto" && !w.model.IsMultilingual() {
		return Transcript{}, fmt.Errorf("the whisper model %s knows English only; for %s pull a multilingual one (`nevermind models pull base`)", w.name, lang)
	}
	c, err := w.model.NewContext()
	if err != nil {
		return Transcript{}, fmt.Errorf("whisper: %w", err)
	}
	if w.model.IsMultilingual() {
		if err := c.SetLanguage(lang); err != nil {
			return Transcript{}, fmt.Errorf("whisper language %s: %w", lang, err)
		}
	}
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	c.SetThreads(uint(threads))
	c.SetTokenTimestamps(true)
	c.SetTranslate(false)
	prompt := opt.Prompt
	if prompt == "" {
		prompt = DefaultPrompt(lang)
	}
	c.SetInitialPrompt(prompt)

	cancelled := false
	encoderBegin := func() bool {
		if ctx.Err() != nil {
			cancelled = true
			return false
		}
		return true
	}
	var progress whisper.ProgressCallback
	if opt.Progress != nil {
		progress = func(p int) { opt.Progress(p) }
	}
	if err := c.Process(samples, encoderBegin, nil, progress); err != nil {
		if cancelled || ctx.Err() != nil {
			return Transcript{}, fmt.Errorf("transcription %w: %w", errCancelled, ctx.Err())
		}
		return Transcript{}, fmt.Errorf("whisper: %w", err)
	}
	if cancelled {
		return Transcript{}, fmt.Errorf("transcription %w: %w", errCancelled, ctx.Err())
	}
	t := Transcript{Language: lang, Engine: "whisper.cpp", Model: w.name}
	if lang == "auto" {
		t.Language = c.DetectedLanguage()
	}
	for {
		s, err := c.NextSegment()
		if err == io.EOF {
			break
		}
		if err != nil {
			return t, fmt.Errorf("whisper: %w", err)
		}
		var ts []token
		for _, tok := range s.Tokens {
			if !c.IsText(tok) || strings.HasPrefix(tok.Text, "[_") || strings.HasPrefix(tok.Text, "<|") {
				continue
			}
			ts = append(ts, token{text: tok.Text, start: tok.Start, end: tok.End, p: tok.P})
		}
		t.Segments = append(t.Segments, Segment{Start: s.Start, End: s.End, Text: s.Text, Words: wordsFromTokens(ts)})
	}
	if opt.Progress != nil {
		opt.Progress(100)
	}
	return t, nil
}

func (w *whisperTranscriber) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.model == nil {
		return nil
	}
	err := w.model.Close()
	w.model = nil
	return err
}

// MeasureCost runs a model's encoder over every 30-second window of
// samples and its decoder for tokensPerWindow tokens after each window,
// one token at a time as transcription does, and times them. The tokens
// are fixed, not the model's choices, so a model with random weights (a
// synthetic one, models.SyntheticWhisper) costs what a real one of its
// shape does and cannot run on forever.
func MeasureCost(path string, samples []float32, threads, tokensPerWindow int) (Cost, error) {
	t0 := time.Now()
	ctx := wh.Whisper_init(path)
	if ctx == nil {
		return Cost{}, fmt.Errorf("load whisper model %s: failed", path)
	}
	defer ctx.Whisper_free()
	load := time.Since(t0)
	c, err := runCost(context.Background(), ctx, samples, threads, func(int) int { return tokensPerWindow })
	c.Load = load
	return c, err
}

// runCost does a transcription's work on samples: the mel spectrogram, the
// encoder over each 30 s window, the decoder for tokens(window length in
// samples) fixed tokens after each.
func runCost(cctx context.Context, ctx *wh.Context, samples []float32, threads int, tokens func(n int) int) (Cost, error) {
	var c Cost
	t1 := time.Now()
	if err := ctx.Whisper_pcm_to_mel(samples, threads); err != nil {
		return c, fmt.Errorf("mel spectrogram: %w", err)
	}
	c.Mel = time.Since(t1)
	frames := ctx.Whisper_n_len()
	prompt := []wh.Token{ctx.Whisper_token_sot(), ctx.Whisper_token_transcribe()}
	if ctx.Whisper_is_multilingual() != 0 {
		prompt = []wh.Token{ctx.Whisper_token_sot(), ctx.Whisper_token_lang(ctx.Whisper_lang_id("ko")), ctx.Whisper_token_transcribe()}
	}
	for off := 0; off < frames; off += 3000 {
		if err := cctx.Err(); err != nil {
			return c, err
		}
		t := time.Now()
		if err := ctx.Whisper_encode(off, threads); err != nil {
			return c, fmt.Errorf("encoder at frame %d: %w", off, err)
		}
		c.Encode += time.Since(t)
		c.Windows++
		n := tokens(min(len(samples)-off*160, 30*16000))
		t = time.Now()
		if err := ctx.Whisper_decode(prompt, 0, threads); err != nil {
			return c, fmt.Errorf("decoder: %w", err)
		}
		for i := 0; i < n; i++ {
			if err := cctx.Err(); err != nil {
				return c, err
			}
			tok := []wh.Token{wh.Token(1000 + i)}
			if err := ctx.Whisper_decode(tok, len(prompt)+i, threads); err != nil {
				return c, fmt.Errorf("decoder: %w", err)
			}
		}
		c.Decode += time.Since(t)
		c.Tokens += n
	}
	return c, nil
}

// costTranscriber does a transcription's work and hears nothing.
type costTranscriber struct {
	mu              sync.Mutex
	ctx             *wh.Context
	tokensPerSecond float64
	name            string
}

// OpenCostModel opens a whisper model, normally a synthetic one, as a
// Transcriber that does the work of a transcription (the mel spectrogram,
// the encoder over every 30 s window, the decoder for tokensPerSecond
// tokens per second of audio, one at a time) and returns a transcript
// without words. Benchmarks use it to load the machine as recognising
// speech with a real model of that shape would.
func OpenCostModel(path string, tokensPerSecond float64) (Transcriber, error) {
	ctx := wh.Whisper_init(path)
	if ctx == nil {
		return nil, fmt.Errorf("load whisper model %s: failed", path)
	}
	return &costTranscriber{ctx: ctx, tokensPerSecond: tokensPerSecond, name: filepath.Base(path)}, nil
}

func (c *costTranscriber) Transcribe(ctx context.Context, samples []float32, opt Options) (Transcript, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx == nil {
		return Transcript{}, errors.New("whisper transcriber is closed")
	}
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	_, err := runCost(ctx, c.ctx, samples, threads, func(n int) int { return int(float64(n) / 16000 * c.tokensPerSecond) })
	if err != nil {
		return Transcript{}, err
	}
	return Transcript{Language: opt.Language, Engine: "whisper.cpp (work only)", Model: c.name}, nil
}

func (c *costTranscriber) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx != nil {
		c.ctx.Whisper_free()
		c.ctx = nil
	}
	return nil
}
