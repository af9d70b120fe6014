package models

import (
	"sort"
	"strings"
	"time"
)

// Which speech model fits this machine. The transcript of an answer is
// recognised while it is spoken (pipeline: stretches cut in pauses), so
// what the user waits for after stop is the tail: one encoder pass and the
// tail's tokens. A short measurement of the base model's shape (a
// synthetic base, SyntheticWhisper) on this machine gives the encoder's
// time per window and the decoder's per token; the other sizes are
// predicted from it by their arithmetic (whisper's cost follows its
// shapes: on this project's 2-core machine, with 2 threads, small's encoder
// took 5.23 s a window against base's 1.35 s, 3.9 times, where the
// arithmetic says 4.0).

// FitGoal is how long after stop the transcript may take.
const FitGoal = 3 * time.Second

// tailSeconds is the length of speech left after stop that a prediction
// assumes: a stretch is handed over after 8-28 s, so the tail is shorter
// than 28 s and usually under 20.
const tailSeconds = 20

// tokensPerSecond is how many tokens whisper writes per second of speech:
// Korean syllables take one to three byte-level tokens each, so Korean
// needs about 5 where English needs about 3.
var tokensPerSecond = map[string]float64{"ko": 5, "en": 3}

// Fit is a measurement and what it recommends.
type Fit struct {
	Measured  time.Time `json:"measured"`
	Threads   int       `json:"threads"`
	EncoderMS float64   `json:"encoder_ms"` // base, one 30 s window
	TokenMS   float64   `json:"token_ms"`   // base, one decoder token
	// Tail is the predicted wait after stop per size and language
	// ("small" → "ko" → seconds).
	Tail map[string]map[string]float64 `json:"tail_s"`
	// Recommended is the largest catalogue model whose tail is within
	// FitGoal, per language ("ko", "en"); tiny when none is.
	Recommended map[string]string `json:"recommended"`
}

// flops is a size's arithmetic per encoder window and per decoder token
// (multiply-adds of the attention and MLP blocks, the logits).
func (s WhisperShape) flops() (encoder, token float64) {
	d, t := float64(s.State), float64(s.AudioCtx)
	encoder = float64(s.AudioLayers) * (12*d*d*t + 2*t*t*d)
	// Self-attention and MLP on one token, cross-attention over the
	// encoder's output, and the vocabulary's logits.
	token = float64(s.TextLayers)*(12*d*d+2*d*(t+float64(s.TextCtx))) + d*float64(s.Vocab)
	return
}

// NewFit predicts every catalogue size's wait after stop from the base
// model's measured encoder time per window and decoder time per token,
// and recommends per language the largest that keeps within FitGoal.
func NewFit(encoder, token time.Duration, threads int, now time.Time) Fit {
	f := Fit{Measured: now, Threads: threads, EncoderMS: float64(encoder.Microseconds()) / 1000, TokenMS: float64(token.Microseconds()) / 1000,
		Tail: map[string]map[string]float64{}, Recommended: map[string]string{}}
	base, _ := LookupShape("base")
	be, bt := base.flops()
	shapes := append([]WhisperShape(nil), WhisperShapes...)
	sort.SliceStable(shapes, func(i, j int) bool { a, _ := shapes[i].flops(); b, _ := shapes[j].flops(); return a < b })
	for _, s := range shapes {
		e, t := s.flops()
		f.Tail[s.Name] = map[string]float64{}
		for lang, tps := range tokensPerSecond {
			sec := encoder.Seconds()*e/be + tps*tailSeconds*token.Seconds()*t/bt
			f.Tail[s.Name][lang] = float64(int(sec*10+0.5)) / 10
			if _, inCatalogue := LookupWhisper(s.Name); inCatalogue && sec <= FitGoal.Seconds() {
				f.Recommended[lang] = s.Name
			}
		}
	}
	for lang := range tokensPerSecond {
		if f.Recommended[lang] == "" {
			f.Recommended[lang] = "tiny"
		}
	}
	// English has its own models of each size, better at English; the
	// quantised turbo costs what the f16 one does at a third of the size.
	if m, ok := LookupWhisper(f.Recommended["en"] + ".en"); ok {
		f.Recommended["en"] = m.Name
	}
	for lang, r := range f.Recommended {
		if m, ok := LookupWhisper(r + "-q5_0"); ok {
			f.Recommended[lang] = m.Name
		}
	}
	return f
}

// Wait is the predicted wait after stop with the model recommended for
// lang, by the size it is a variant of (base.en is base, the q5_0 turbo
// is turbo).
func (f Fit) Wait(lang string) float64 {
	name := strings.TrimSuffix(strings.TrimSuffix(f.Recommended[lang], ".en"), "-q5_0")
	return f.Tail[name][lang]
}
