package speech

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Options tune one transcription.
type Options struct {
	// Language is "ko", "en" or "auto" (detect). Empty means "auto".
	Language string
	// Threads for the decoder; 0 means all cores.
	Threads int
	// Prompt is the initial prompt; empty means DefaultPrompt(Language).
	// It is kept short: long prompts make whisper truncate or hallucinate.
	Prompt string
	// Progress, if set, receives the percentage done (0-100).
	Progress func(percent int)
}

// Word is a recognised word with its times from the start of the audio.
type Word struct {
	Text        string
	Start, End  time.Duration
	Probability float32
}

// Segment is a stretch of recognised speech.
type Segment struct {
	Start, End time.Duration
	Text       string
	Words      []Word
}

// Transcript is the result of one transcription.
type Transcript struct {
	Language string // the language used or detected
	Engine   string // "whisper.cpp"
	Model    string // the model file's base name
	Segments []Segment
}

// Text joins the segments' text.
func (t Transcript) Text() string {
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteString(s.Text)
	}
	return strings.TrimSpace(b.String())
}

// Words lists every word of every segment, in order.
func (t Transcript) Words() []Word {
	var out []Word
	for _, s := range t.Segments {
		out = append(out, s.Words...)
	}
	return out
}

// Transcriber turns 16 kHz mono audio into text with word times. A
// Transcriber holds a loaded model and is reused across recordings;
// Transcribe calls are serialised (one runs at a time), so it may be shared
// between goroutines. Close frees the model.
type Transcriber interface {
	Transcribe(ctx context.Context, samples []float32, opt Options) (Transcript, error)
	Close() error
}

// DefaultPrompt is a short initial prompt full of fillers, so that whisper
// keeps the "음, 어" and "um, uh" it otherwise tends to drop (docs/METRICS.md).
func DefaultPrompt(lang string) string {
	switch lang {
	case "en":
		return "Um, uh, so, like, I mean, I worked on, uh, the project."
	case "ko":
		return "음, 어, 그러니까, 저는 어, 그 프로젝트를 했습니다."
	default:
		return "음, 어, 그러니까 저는... Um, uh, like, I mean..."
	}
}

// checkLanguage validates Options.Language.
func checkLanguage(lang string) (string, error) {
	switch lang {
	case "", "auto":
		return "auto", nil
	case "ko", "en":
		return lang, nil
	default:
		return "", fmt.Errorf("speech language %q: use ko, en or auto", lang)
	}
}

// token is what the engine gives for one text token.
type token struct {
	text       string
	start, end time.Duration
	p          float32
}

// wordsFromTokens joins sub-word tokens into words. Whisper's tokens that
// start a word begin with a space; the pieces that follow do not. Korean
// syllables can be split across byte-level tokens, so pieces are joined
// before anything else looks at them.
func wordsFromTokens(ts []token) []Word {
	var out []Word
	for _, t := range ts {
		if t.text == "" {
			continue
		}
		startsWord := strings.HasPrefix(t.text, " ") || len(out) == 0
		if startsWord {
			out = append(out, Word{Text: strings.TrimSpace(t.text), Start: t.start, End: t.end, Probability: t.p})
			continue
		}
		w := &out[len(out)-1]
		w.Text += t.text
		w.End = max(w.End, t.end)
		w.Probability = min(w.Probability, t.p)
	}
	// Drop words that were only whitespace.
	kept := out[:0]
	for _, w := range out {
		if w.Text != "" {
			kept = append(kept, w)
		}
	}
	return kept
}

// Cost is what MeasureCost timed.
type Cost struct {
	Load, Mel, Encode, Decode time.Duration
	Windows, Tokens           int // 30-second windows encoded, tokens decoded
}

// PerWindow is the encoder's time for one 30-second window.
func (c Cost) PerWindow() time.Duration {
	if c.Windows == 0 {
		return 0
	}
	return c.Encode / time.Duration(c.Windows)
}

// PerToken is the decoder's time for one token.
func (c Cost) PerToken() time.Duration {
	if c.Tokens == 0 {
		return 0
	}
	return c.Decode / time.Duration(c.Tokens)
}
