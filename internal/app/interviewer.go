package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"nevermind/internal/capture"
	"nevermind/internal/media"
	"nevermind/internal/practice"
	"nevermind/internal/store"
	"nevermind/internal/tts"
)

// voiceCache holds the voices found once per run (finding them starts
// programs: espeak-ng, say, PowerShell).
type voiceCache struct {
	once     sync.Once
	backends []tts.Backend
	voices   map[string][]tts.Voice
	err      error
}

// Voices are the interviewer's voices this system has, per language
// ("ko", "en"), found once.
func (a *App) Voices(ctx context.Context) (map[string][]tts.Voice, []tts.Backend, error) {
	a.voices.once.Do(func() {
		a.voices.backends = tts.Find()
		a.voices.voices, a.voices.err = tts.Voices(ctx, a.voices.backends)
	})
	return a.voices.voices, a.voices.backends, a.voices.err
}

// Speak says text in lang with the voice chosen in Settings (voice: a
// tts.Voice key to use instead; "" for the setting) at the set speed, and
// returns once it has been played in full. practice.ErrNoVoice when no
// voice speaks lang.
func (a *App) Speak(ctx context.Context, text string, lang store.Language, voice string) error {
	set, _ := a.Store.Settings(ctx)
	if voice == "" {
		voice = set.Voice(lang)
	}
	voices, bs, _ := a.Voices(ctx)
	v, ok := tts.Pick(voices, string(lang), voice)
	if !ok {
		return practice.ErrNoVoice
	}
	b := tts.BackendOf(bs, v.Backend)
	if b == nil {
		return practice.ErrNoVoice
	}
	rate := set.VoiceRate
	audio, err := b.Synthesize(ctx, v, text, rate)
	if errors.Is(err, tts.ErrNoAudio) {
		return b.Speak(ctx, v, text, rate)
	}
	if err != nil {
		return err
	}
	// A quarter second of quiet at the end: the player stops once its
	// last samples are handed to the device, which has yet to sound them.
	audio = media.Mono(audio)
	audio.Samples = append(audio.Samples, make([]float32, audio.SampleRate/4)...)
	p, err := capture.PlayAudio(audio, 0)
	if err != nil {
		return err
	}
	p.Wait(ctx)
	return ctx.Err()
}

// Interviewer is the mock interview's voice: Speak with the settings.
func (a *App) Interviewer() practice.Interviewer {
	return func(ctx context.Context, text string, lang store.Language) error {
		return a.Speak(ctx, text, lang, "")
	}
}

// InterviewSettings are the mock interview's questions and the silence
// that ends an answer, as set (defaults when unset).
func (a *App) InterviewSettings(ctx context.Context) (int, time.Duration) {
	set, _ := a.Store.Settings(ctx)
	n, silence := set.InterviewQuestions, set.EndSilence
	if n == 0 {
		n = practice.DefaultInterviewQuestions
	}
	if silence == 0 {
		silence = practice.DefaultEndSilence
	}
	return n, silence
}
