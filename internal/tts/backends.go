package tts

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"nevermind/internal/media"
)

func candidates() []candidate {
	es := candidate{espeak{}, onPath("espeak-ng")}
	spd := candidate{spd{}, onPath("spd-say")}
	switch runtime.GOOS {
	case "darwin":
		return []candidate{{say{}, onPath("say")}, es}
	case "windows":
		return []candidate{{sapi{}, onPath("powershell")}, es}
	}
	return []candidate{es, spd}
}

// langOf maps a back end's language tag to "ko" or "en" ("" for others).
func langOf(tag string) string {
	tag = strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	switch {
	case tag == "ko" || strings.HasPrefix(tag, "ko-"):
		return "ko"
	case tag == "en" || strings.HasPrefix(tag, "en-"):
		return "en"
	}
	return ""
}

// espeak is espeak-ng: formant synthesis, every language, a WAV on stdout.
type espeak struct{}

func (espeak) Name() string { return "espeak-ng" }

func (espeak) Voices(ctx context.Context) ([]Voice, error) {
	var out []Voice
	for _, lang := range []string{"ko", "en"} {
		b, err := run(ctx, "espeak-ng", "--voices="+lang)
		if err != nil {
			return nil, err
		}
		out = append(out, parseEspeakVoices(string(b), lang)...)
	}
	return out, nil
}

// parseEspeakVoices reads `espeak-ng --voices=LANG`: a header, then
// "Pty Language Age/Gender VoiceName File Other". MBROLA voices (mb/) need
// data NEVER MIND does not install and are left out; the language's main
// voice comes first.
func parseEspeakVoices(list, lang string) []Voice {
	var out []Voice
	sc := bufio.NewScanner(strings.NewReader(list))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 5 || f[0] == "Pty" || strings.HasPrefix(f[4], "mb/") || langOf(f[1]) != lang {
			continue
		}
		v := Voice{ID: f[1], Name: strings.ReplaceAll(f[3], "_", " ") + " (espeak-ng)", Lang: lang, Backend: "espeak-ng"}
		if f[1] == lang || f[1] == "en-us" {
			out = append([]Voice{v}, out...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

func espeakArgs(v Voice, rate float64) []string {
	return []string{"-v", v.ID, "-s", fmt.Sprint(int(175 * clampRate(rate))), "--stdin"}
}

func (espeak) Synthesize(ctx context.Context, v Voice, text string, rate float64) (media.Audio, error) {
	cmd, cancel := command(ctx, "espeak-ng", append(espeakArgs(v, rate), "--stdout")...)
	defer cancel()
	cmd.Stdin = strings.NewReader(clean(text))
	b, err := output(cmd)
	if err != nil {
		return media.Audio{}, err
	}
	return media.ReadWAV(bytes.NewReader(b))
}

func (espeak) Speak(ctx context.Context, v Voice, text string, rate float64) error {
	cmd, cancel := command(ctx, "espeak-ng", espeakArgs(v, rate)...)
	defer cancel()
	cmd.Stdin = strings.NewReader(clean(text))
	_, err := output(cmd)
	return err
}

// spd is speech-dispatcher's spd-say: it speaks through the system's
// speech service and writes no audio.
type spd struct{}

func (spd) Name() string { return "speech-dispatcher" }

func (spd) Voices(ctx context.Context) ([]Voice, error) {
	b, err := run(ctx, "spd-say", "-L")
	if err != nil {
		return nil, err
	}
	var out []Voice
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || f[0] == "NAME" {
			continue
		}
		if l := langOf(f[1]); l != "" {
			out = append(out, Voice{ID: f[0], Name: f[0] + " (speech-dispatcher)", Lang: l, Backend: "speech-dispatcher"})
		}
	}
	return out, nil
}

func (spd) Synthesize(context.Context, Voice, string, float64) (media.Audio, error) {
	return media.Audio{}, ErrNoAudio
}

func (spd) Speak(ctx context.Context, v Voice, text string, rate float64) error {
	// -r is -100..100 around normal; -w waits until it has been spoken.
	r := int((clampRate(rate) - 1) * 100)
	_, err := run(ctx, "spd-say", "-w", "-l", v.Lang, "-y", v.ID, "-r", fmt.Sprint(max(-100, min(100, r))), "--", clean(text))
	return err
}

// say is macOS's `say`.
type say struct{}

func (say) Name() string { return "say" }

func (say) Voices(ctx context.Context) ([]Voice, error) {
	b, err := run(ctx, "say", "-v", "?")
	if err != nil {
		return nil, err
	}
	return parseSayVoices(string(b)), nil
}

// parseSayVoices reads `say -v ?`: "Yuna    ko_KR    # 안녕하세요. 제 이름은 유나입니다."
// (a name can hold spaces and parentheses).
func parseSayVoices(list string) []Voice {
	var out []Voice
	sc := bufio.NewScanner(strings.NewReader(list))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		l := langOf(f[len(f)-1])
		if l == "" {
			continue
		}
		name := strings.Join(f[:len(f)-1], " ")
		out = append(out, Voice{ID: name, Name: name, Lang: l, Backend: "say"})
	}
	return out
}

func (say) args(v Voice, text string, rate float64) ([]string, func(), error) {
	f, err := os.CreateTemp("", "nevermind-say-*.txt")
	if err != nil {
		return nil, nil, err
	}
	f.WriteString(clean(text))
	f.Close()
	return []string{"-v", v.ID, "-r", fmt.Sprint(int(180 * clampRate(rate))), "-f", f.Name()}, func() { os.Remove(f.Name()) }, nil
}

func (s say) Synthesize(ctx context.Context, v Voice, text string, rate float64) (media.Audio, error) {
	args, done, err := s.args(v, text, rate)
	if err != nil {
		return media.Audio{}, err
	}
	defer done()
	dir, err := os.MkdirTemp("", "nevermind-say-")
	if err != nil {
		return media.Audio{}, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "q.wav")
	if _, err := run(ctx, "say", append(args, "--file-format=WAVE", "--data-format=LEI16@22050", "-o", out)...); err != nil {
		return media.Audio{}, err
	}
	return media.ReadWAVFile(out)
}

func (s say) Speak(ctx context.Context, v Voice, text string, rate float64) error {
	args, done, err := s.args(v, text, rate)
	if err != nil {
		return err
	}
	defer done()
	_, err = run(ctx, "say", args...)
	return err
}

// sapi is Windows' SAPI 5, through PowerShell's System.Speech (present on
// every Windows since 7; no cgo, no COM in our process).
type sapi struct{}

func (sapi) Name() string { return "sapi" }

const psVoices = `Add-Type -AssemblyName System.Speech; $s = New-Object System.Speech.Synthesis.SpeechSynthesizer; ` +
	`foreach ($v in $s.GetInstalledVoices()) { if ($v.Enabled) { $v.VoiceInfo.Name + '|' + $v.VoiceInfo.Culture.Name } }`

func (sapi) Voices(ctx context.Context) ([]Voice, error) {
	b, err := run(ctx, "powershell", "-NoProfile", "-NonInteractive", "-Command", "[Console]::OutputEncoding = [Text.Encoding]::UTF8; "+psVoices)
	if err != nil {
		return nil, err
	}
	var out []Voice
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, culture, ok := strings.Cut(strings.TrimSpace(sc.Text()), "|")
		if l := langOf(culture); ok && l != "" {
			out = append(out, Voice{ID: name, Name: name, Lang: l, Backend: "sapi"})
		}
	}
	return out, nil
}

// script speaks (or writes to wav) the text in a UTF-8 file, with the
// voice and rate given; the names go in as files too, never as code.
func (sapi) script(dir string, v Voice, text string, rate float64, wav string) (string, error) {
	for name, content := range map[string]string{"text.txt": clean(text), "voice.txt": v.ID} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			return "", err
		}
	}
	// A path in single quotes: a quote in it (a user named O'Brien) is
	// doubled.
	q := func(name string) string { return "'" + strings.ReplaceAll(filepath.Join(dir, name), "'", "''") + "'" }
	out := "$s.SetOutputToDefaultAudioDevice()"
	if wav != "" {
		out = "$s.SetOutputToWaveFile(" + q(wav) + ")"
	}
	return fmt.Sprintf(`Add-Type -AssemblyName System.Speech; $s = New-Object System.Speech.Synthesis.SpeechSynthesizer; `+
		`$s.SelectVoice((Get-Content -Raw -Encoding UTF8 %s)); $s.Rate = %d; %s; `+
		`$s.Speak((Get-Content -Raw -Encoding UTF8 %s)); $s.Dispose()`,
		q("voice.txt"), int((clampRate(rate)-1)*10), out, q("text.txt")), nil
}

func (p sapi) Synthesize(ctx context.Context, v Voice, text string, rate float64) (media.Audio, error) {
	dir, err := os.MkdirTemp("", "nevermind-sapi-")
	if err != nil {
		return media.Audio{}, err
	}
	defer os.RemoveAll(dir)
	sc, err := p.script(dir, v, text, rate, "q.wav")
	if err != nil {
		return media.Audio{}, err
	}
	if _, err := run(ctx, "powershell", "-NoProfile", "-NonInteractive", "-Command", sc); err != nil {
		return media.Audio{}, err
	}
	return media.ReadWAVFile(filepath.Join(dir, "q.wav"))
}

func (p sapi) Speak(ctx context.Context, v Voice, text string, rate float64) error {
	dir, err := os.MkdirTemp("", "nevermind-sapi-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sc, err := p.script(dir, v, text, rate, "")
	if err != nil {
		return err
	}
	_, err = run(ctx, "powershell", "-NoProfile", "-NonInteractive", "-Command", sc)
	return err
}

// command is exec.CommandContext bounded by timeout.
func command(ctx context.Context, name string, args ...string) (*exec.Cmd, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return exec.CommandContext(ctx, name, args...), cancel
}

// output runs cmd and returns its standard output; its error says what the
// program wrote on standard error.
func output(cmd *exec.Cmd) ([]byte, error) {
	var errOut strings.Builder
	cmd.Stderr = &errOut
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w %s", filepath.Base(cmd.Path), err, strings.TrimSpace(errOut.String()))
	}
	return b, nil
}
