// Package tts is the interviewer's voice: it finds the speech synthesisers
// the system already has (no download), lists their voices per language,
// and turns a question into audio.
//
// Back ends, in the order they are tried:
//   - espeak-ng (Linux, and anywhere it is on the PATH): writes a WAV, so
//     the question can be replayed in the review and its end is known to
//     the sample;
//   - macOS: the `say` command (Yuna for Korean), writing a WAV;
//   - Windows: SAPI 5 through PowerShell's System.Speech, writing a WAV;
//   - speech-dispatcher (`spd-say`, Linux without espeak-ng): speaks
//     itself; the call returns when it has finished speaking.
//
// With none, Find returns nothing and the interview shows its questions
// as text.
package tts

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"nevermind/internal/media"
	"nevermind/internal/safetext"
)

// Voice is one voice of one back end.
type Voice struct {
	ID      string `json:"id"`      // the back end's name for it
	Name    string `json:"name"`    // shown to the user
	Lang    string `json:"lang"`    // "ko" or "en"
	Backend string `json:"backend"` // espeak-ng, say, sapi, speech-dispatcher
}

// Key names a voice across back ends, for the settings.
func (v Voice) Key() string { return v.Backend + ":" + v.ID }

// Backend is one speech synthesiser.
type Backend interface {
	Name() string
	// Voices lists the voices for Korean and English.
	Voices(ctx context.Context) ([]Voice, error)
	// Synthesize returns text spoken by v at rate (1 is normal speed,
	// 0.5–2). A back end that cannot write audio returns ErrNoAudio.
	Synthesize(ctx context.Context, v Voice, text string, rate float64) (media.Audio, error)
	// Speak speaks text aloud and returns when it has been spoken.
	Speak(ctx context.Context, v Voice, text string, rate float64) error
}

// ErrNoAudio means a back end speaks by itself and gives no audio.
var ErrNoAudio = errors.New("this voice speaks by itself and gives no audio")

// ErrNoVoice means no voice for the language was found.
var ErrNoVoice = errors.New("no voice for this language")

// timeout bounds one synthesis: a question is a few seconds of speech.
const timeout = 30 * time.Second

// maxText is the longest text spoken (a question is 20–200 characters).
const maxText = 2000

// run runs a synthesiser program and returns its output; its error says
// what the program wrote.
func run(ctx context.Context, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var errOut strings.Builder
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(errOut.String())
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return out, fmt.Errorf("%s: %w %s", name, err, msg)
	}
	return out, nil
}

// Find returns the back ends this system has, in the order they are
// preferred.
func Find() []Backend {
	var out []Backend
	for _, b := range candidates() {
		if b.available() {
			out = append(out, b.Backend)
		}
	}
	return out
}

type candidate struct {
	Backend
	available func() bool
}

func onPath(name string) func() bool {
	return func() bool { _, err := exec.LookPath(name); return err == nil }
}

// Voices lists the voices of every back end, by language, preferred
// first.
func Voices(ctx context.Context, bs []Backend) (map[string][]Voice, error) {
	out := map[string][]Voice{"ko": nil, "en": nil}
	var first error
	for _, b := range bs {
		vs, err := b.Voices(ctx)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		for _, v := range vs {
			out[v.Lang] = append(out[v.Lang], v)
		}
	}
	return out, first
}

// Pick is the voice for lang: the one whose Key is want when it is there,
// else the first.
func Pick(voices map[string][]Voice, lang, want string) (Voice, bool) {
	vs := voices[lang]
	for _, v := range vs {
		if v.Key() == want {
			return v, true
		}
	}
	if len(vs) == 0 {
		return Voice{}, false
	}
	return vs[0], true
}

// BackendOf is the back end named name.
func BackendOf(bs []Backend, name string) Backend {
	for _, b := range bs {
		if b.Name() == name {
			return b
		}
	}
	return nil
}

// clean keeps a question speakable and bounded: one line, no control
// characters, at most maxText bytes.
func clean(text string) string {
	text = safetext.Line(text)
	if len(text) > maxText {
		text = text[:maxText]
		for len(text) > 0 && text[len(text)-1]&0xc0 == 0x80 {
			text = text[:len(text)-1]
		}
		if len(text) > 0 && text[len(text)-1] >= 0xc0 {
			text = text[:len(text)-1]
		}
	}
	return strings.TrimSpace(text)
}

// clampRate keeps a speed between half and twice normal (0 means normal).
func clampRate(r float64) float64 {
	if r == 0 {
		return 1
	}
	return min(max(r, 0.5), 2)
}
