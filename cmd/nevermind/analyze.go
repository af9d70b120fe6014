package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/analysis/voice"
	"nevermind/internal/appdata"
	"nevermind/internal/media"
	"nevermind/internal/models"
)

func runAnalyze(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	audio := fs.String("audio", "", "the recording to analyse (WAV: PCM 8-32 bit or float, any rate, mono or stereo)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	tracks := fs.Bool("tracks", false, "include the pitch and level contours (10 ms frames)")
	noSilero := fs.Bool("no-silero", false, "use the energy voice detector only")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *audio == "" {
		fmt.Fprintln(stderr, "nevermind analyze: --audio FILE.wav is required")
		return 2
	}
	a, err := media.Load16kMono(*audio)
	if err != nil {
		return fail(stderr, err)
	}
	cfg := voice.Config{Tracks: *tracks}
	if !*noSilero {
		model, why := sileroModel()
		if model != "" {
			cfg.SileroModel = model
		} else if !*asJSON {
			fmt.Fprintf(stderr, "nevermind: Silero VAD off (%s); using the energy detector\n", why)
		}
	}
	r, err := voice.Analyze(a.Samples, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fail(stderr, err)
		}
		return 0
	}
	printVoice(stdout, filepath.Base(*audio), r)
	return 0
}

// sileroModel finds the Silero VAD model and ONNX Runtime, or says why not.
func sileroModel() (string, string) {
	root, err := appdata.DefaultRoot()
	if err != nil {
		return "", err.Error()
	}
	roots := appdata.Dir{Root: root}.SearchRoots()
	m, err := models.Load()
	if err != nil {
		return "", err.Error()
	}
	f, ok := m.File("silero_vad")
	if !ok {
		return "", "no silero_vad in the model manifest"
	}
	found, err := models.Locate(f, roots)
	if err != nil || found.State != models.OK {
		return "", fmt.Sprintf("model %s at %s; run `make deps`", found.State, found.Path)
	}
	if _, err := onnx.Init(roots); err != nil {
		return "", "ONNX Runtime is not available; run `make deps`"
	}
	return found.Path, ""
}

func spans(ss []voice.Span, max int) string {
	var parts []string
	for i, s := range ss {
		if i == max {
			parts = append(parts, fmt.Sprintf("… (%d more)", len(ss)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%s–%s", clock(s.Start), clock(s.End)))
	}
	return strings.Join(parts, ", ")
}

// clock formats seconds as m:ss.s, the way the app shows moments.
func clock(s float64) string {
	m := int(s) / 60
	return fmt.Sprintf("%d:%04.1f", m, s-float64(60*m))
}

func printVoice(w io.Writer, name string, r voice.Report) {
	v := r.Voice
	fmt.Fprintf(w, "%s: %.1f s, speaking %.1f s, thinking time before the first word %.1f s (voice detector: %s)\n",
		name, r.DurationS, v.SpeechS, v.LeadingSilenceS, v.VAD)
	if v.SpeechS == 0 {
		fmt.Fprintln(w, "No speech was heard. Check the microphone level, or that this is the right file.")
		return
	}
	p := v.Pitch
	if p.VoicedS > 0 {
		fmt.Fprintf(w, "Pitch          median %.0f Hz (p10 %.0f, p90 %.0f), variation %.1f semitones, monotone %.2f\n",
			p.MedianHz, p.P10Hz, p.P90Hz, p.SDSemitones, p.Monotone)
	} else {
		fmt.Fprintln(w, "Pitch          no voiced sound found")
	}
	l := v.Loudness
	fmt.Fprintf(w, "Loudness       mean %.1f dBFS, spread %.1f dB, %.0f %% of voiced time within -30..-10 dBFS\n",
		l.MeanDBFS, l.SDDB, 100*l.InRangeRatio)
	fmt.Fprintf(w, "Pauses         %d of 250 ms or more, %d over 1 s", v.PauseCount, v.LongPauseCount)
	if v.PauseCount > 0 {
		fmt.Fprintf(w, ": %s", spans(v.Pauses, 8))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Rate           %.0f syllables/min, %.0f/min while speaking (%d syllable nuclei)\n",
		v.Rate.SyllablesPerMin, v.Rate.ArticulationPerMin, v.Rate.Syllables)
	if len(v.FilledPauses) == 0 {
		fmt.Fprintln(w, "Filled pauses  none heard (um, uh, 음, 어)")
	} else {
		fmt.Fprintf(w, "Filled pauses  %d: %s\n", len(v.FilledPauses), spans(v.FilledPauses, 8))
	}
}
