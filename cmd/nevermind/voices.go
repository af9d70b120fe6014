package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"nevermind/internal/tts"
)

// samples are what `voices --try` says in each language.
var samples = map[string]string{
	"ko": "안녕하세요. 지금부터 면접을 시작하겠습니다. 먼저 1분 자기소개를 부탁드립니다.",
	"en": "Hello, and welcome. Let's begin the interview. Please start with a one-minute introduction.",
}

// runVoices: `voices` lists the interviewer's voices this system has, per
// language; --try synthesises a sample with the first of each.
func runVoices(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("voices", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	try := fs.Bool("try", false, "synthesise a sample question with each language's first voice and say how long it is")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, stop := interruptible()
	defer stop()
	bs := tts.Find()
	voices, err := tts.Voices(ctx, bs)
	if voices == nil {
		voices = map[string][]tts.Voice{}
	}
	for _, lang := range []string{"ko", "en"} {
		if voices[lang] == nil {
			voices[lang] = []tts.Voice{} // "none", not null, in the JSON
		}
	}
	type tried struct {
		Voice    string  `json:"voice"`
		Seconds  float64 `json:"seconds,omitempty"` // of the audio; 0 when the voice speaks by itself
		Spoken   bool    `json:"spoken"`
		Error    string  `json:"error,omitempty"`
		Fallback string  `json:"fallback,omitempty"`
	}
	out := struct {
		Backends []string               `json:"backends"`
		Voices   map[string][]tts.Voice `json:"voices"`
		Tried    map[string]tried       `json:"tried,omitempty"`
		Error    string                 `json:"error,omitempty"`
	}{Voices: voices}
	for _, b := range bs {
		out.Backends = append(out.Backends, b.Name())
	}
	if err != nil {
		out.Error = err.Error()
	}
	if *try {
		out.Tried = map[string]tried{}
		for _, lang := range []string{"ko", "en"} {
			v, ok := tts.Pick(voices, lang, "")
			if !ok {
				out.Tried[lang] = tried{Fallback: "no voice: the interview shows its questions as text"}
				continue
			}
			r := tried{Voice: v.Key()}
			if err := speakSample(ctx, bs, v, samples[lang], &r.Seconds); err != nil {
				r.Error = err.Error()
			} else {
				r.Spoken = true
			}
			out.Tried[lang] = r
		}
	}
	if *asJSON {
		printJSON(stdout, out)
	} else {
		if len(bs) == 0 {
			fmt.Fprintln(stdout, "No speech synthesiser found: mock interviews show their questions as text.")
			fmt.Fprintln(stdout, "Linux: install espeak-ng (or speech-dispatcher); macOS and Windows have one built in.")
		}
		for _, lang := range []string{"ko", "en"} {
			fmt.Fprintf(stdout, "%s:\n", lang)
			if len(voices[lang]) == 0 {
				fmt.Fprintln(stdout, "  (none: questions in this language are shown as text)")
			}
			for _, v := range voices[lang] {
				fmt.Fprintf(stdout, "  %-40s %s\n", v.Key(), v.Name)
			}
			if r, ok := out.Tried[lang]; ok {
				switch {
				case r.Fallback != "":
					fmt.Fprintf(stdout, "  try: %s\n", r.Fallback)
				case r.Error != "":
					fmt.Fprintf(stdout, "  try: %s failed: %s\n", r.Voice, r.Error)
				case r.Seconds > 0:
					fmt.Fprintf(stdout, "  try: %s said the sample in %.1f s of audio\n", r.Voice, r.Seconds)
				default:
					fmt.Fprintf(stdout, "  try: %s spoke the sample\n", r.Voice)
				}
			}
		}
		if out.Error != "" {
			fmt.Fprintln(stderr, "nevermind voices:", out.Error)
		}
	}
	for _, r := range out.Tried {
		if r.Error != "" {
			return 1
		}
	}
	return 0
}

// speakSample synthesises text with v (its length in *seconds), or, for a
// voice that gives no audio, has it spoken.
func speakSample(ctx context.Context, bs []tts.Backend, v tts.Voice, text string, seconds *float64) error {
	b := tts.BackendOf(bs, v.Backend)
	if b == nil {
		return fmt.Errorf("no back end %s", v.Backend)
	}
	a, err := b.Synthesize(ctx, v, text, 1)
	if err == tts.ErrNoAudio {
		return b.Speak(ctx, v, text, 1)
	}
	if err != nil {
		return err
	}
	*seconds = float64(a.Duration()) / float64(time.Second)
	return nil
}
