package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/analysis/voice"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
)

func runAnalyze(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	audio := fs.String("audio", "", "the recording to analyse (WAV: PCM 8-32 bit or float, any rate, mono or stereo)")
	videoFile := fs.String("video", "", "the video of the answer (AVI/MJPEG or MP4): face and posture")
	sampleFPS := fs.Float64("sample-fps", 0, "frames per second of video to analyse (default 15; -1: every frame)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	tracks := fs.Bool("tracks", false, "include the pitch and level contours (10 ms frames)")
	noSilero := fs.Bool("no-silero", false, "use the energy voice detector only")
	transcriptFile := fs.String("transcript", "", "use this transcript (JSON: text, language, segments, words) instead of speech recognition")
	lang := fs.String("lang", "auto", "spoken language: ko, en or auto")
	kind := fs.String("kind", "", "what the answer is to, for its length: intro, experience, short, situational (default: any)")
	model := fs.String("model", "", "whisper model: a name (base, small, …) or a .bin path (default: the best installed)")
	threads := fs.Int("threads", 0, "speech recognition threads (default: all cores)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch *kind {
	case feedback.KindGeneral, feedback.KindIntro, feedback.KindExperience, feedback.KindShort, feedback.KindSituational:
	default:
		fmt.Fprintf(stderr, "nevermind analyze: --kind must be intro, experience, short or situational, not %q\n", *kind)
		return 2
	}
	if *audio == "" && *videoFile == "" {
		fmt.Fprintln(stderr, "nevermind analyze: give --audio FILE.wav, --video FILE (AVI/MP4), or both")
		return 2
	}
	ctx, stop := interruptible()
	defer stop()
	// The files are checked first: a missing, empty or unreadable file is
	// an error naming it, not a report with a part skipped.
	if _, err := practice.CheckAnswerFiles(*audio, *videoFile); err != nil {
		return fail(stderr, err)
	}
	tty := isTerminal(stderr) && !*asJSON
	o := pipelineOptions{lang: *lang, model: *model, threads: *threads, noSilero: *noSilero, noTracks: !*tracks,
		sampleFPS: *sampleFPS, quiet: *asJSON, noVision: *videoFile == ""}
	if tty {
		last := -1
		o.progress = func(m string, pc int) {
			if pc/10 != last/10 {
				last = pc
				fmt.Fprintf(stderr, "\rrecognising speech with %s: %3d%%", filepath.Base(m), pc)
			}
		}
	}
	p, closeP := newPipeline(o, stderr)
	defer closeP()
	if *videoFile != "" && p.Vision == nil {
		return fail(stderr, fmt.Errorf("cannot analyse %s: the face models are not available (%s)", *videoFile, advice(p.VisionErr)))
	}
	if *transcriptFile != "" {
		t, err := analysis.LoadTranscript(*transcriptFile)
		if err != nil {
			return fail(stderr, err)
		}
		p.Transcribe = func(context.Context, []float32) (analysis.Transcript, error) { return t, nil }
	} else if p.Transcribe == nil && *audio != "" && !*asJSON {
		fmt.Fprintln(stderr, "nevermind: transcript unavailable:", p.NoTranscript, "(or pass --transcript T.json)")
	}
	var progress pipeline.Progress
	if tty {
		progress = func(component string, done float64) {
			if component == "vision" {
				fmt.Fprintf(stderr, "\ranalysing video: %3.0f %%  ", 100*done)
			}
		}
	}
	if *audio != "" && p.Lang == "" && *lang != "auto" {
		p.Lang = *lang
	}
	res, err := p.Files(ctx, *audio, *videoFile, nil, progress)
	if tty {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return fail(stderr, err)
	}
	r := res.Report
	msgLang := i18n.ParseLang(*lang)
	fbLang := ""
	if *lang != "auto" {
		fbLang = *lang
	}
	fb := feedback.Build(r, feedback.Options{Lang: fbLang, Kind: *kind}).In(msgLang)
	if *asJSON {
		if err := printJSON(stdout, struct {
			analysis.Report
			feedback.View
		}{r, fb}); err != nil {
			return fail(stderr, err)
		}
		return 0
	}
	if r.Report != nil {
		printVoice(stdout, filepath.Base(*audio), *r.Report)
		printSpeech(stdout, r)
	}
	if r.Video != nil {
		printVideo(stdout, r.VideoPart)
	}
	printFeedback(stdout, fb)
	return 0
}

// printFeedback prints the scores, the findings and the summary.
func printFeedback(w io.Writer, v feedback.View) {
	fmt.Fprintln(w, "Scores")
	for _, d := range feedback.Dimensions {
		if s := v.Scores[d]; s != nil {
			fmt.Fprintf(w, "  %-11s %3.0f  %s\n", d, *s, v.Reasons[d])
		} else {
			fmt.Fprintf(w, "  %-11s   -  %s\n", d, v.Reasons[d])
		}
	}
	if len(v.Findings) > 0 {
		fmt.Fprintln(w, "Findings")
		for _, f := range v.Findings {
			fmt.Fprintf(w, "  %s  [%s] %s\n               → %s\n", clock(f.Start), f.Severity, f.Message, f.Suggestion)
		}
	}
	fmt.Fprintf(w, "Summary\n  %s\n", v.Summary)
}

// isTerminal reports whether w is a terminal (for progress lines).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func printSpeech(w io.Writer, r analysis.Report) {
	if r.Speech == nil {
		return
	}
	sp := *r.Speech
	if r.Transcript != nil {
		fmt.Fprintf(w, "Transcript     (%s) %s\n", r.Transcript.Language, r.Transcript.Text)
	}
	if !sp.Available {
		fmt.Fprintf(w, "Speech         transcript unavailable: %s\n", sp.Reason)
		return
	}
	switch {
	case sp.Rate.SyllablesPerMin != nil:
		fmt.Fprintf(w, "Speech rate    %.0f syllables/min (Korean), %.0f/min while speaking\n", *sp.Rate.SyllablesPerMin, sp.Rate.ArticulationPerMin)
	case sp.Rate.WordsPerMin != nil:
		fmt.Fprintf(w, "Speech rate    %.0f words/min, %.0f/min while speaking\n", *sp.Rate.WordsPerMin, sp.Rate.ArticulationPerMin)
	}
	fmt.Fprintf(w, "Fillers        %d (%.1f/min, %.1f %% of words), repetitions %d, restarts %d\n",
		sp.FillerCount, sp.FillersPerMin, 100*sp.FillerRatio, sp.Repetitions, sp.Restarts)
	for _, f := range sp.Fillers {
		fmt.Fprintf(w, "               %s  %q (%s, %s)\n", clock(f.Start), f.Text, f.Kind, f.Source)
	}
	if len(sp.Hedges) > 0 {
		var hs []string
		for _, h := range sp.Hedges {
			hs = append(hs, fmt.Sprintf("%s %q", clock(h.Start), h.Text))
		}
		fmt.Fprintf(w, "Hedges         %s\n", strings.Join(hs, ", "))
	}
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

func printVideo(w io.Writer, v analysis.VideoPart) {
	vi := v.Video
	fmt.Fprintf(w, "%s: %dx%d %s at %.0f fps; %d frames analysed (%.0f fps) over %.1f s\n",
		vi.File, vi.Width, vi.Height, vi.Codec, vi.FPS, vi.Frames, vi.SampleFPS, vi.DurationS)
	if vi.Incomplete {
		fmt.Fprintln(w, "The file ends early (damaged or cut off): only the part that could be read was analysed.")
	}
	for track, why := range vi.Skipped {
		fmt.Fprintf(w, "No %s analysis: %s\n", track, why)
	}
	if f := v.Face; f != nil {
		fmt.Fprintf(w, "Face           visible %.0f %% of the time, toward the camera %.0f %%\n", 100*f.PresentRatio, 100*f.FrontalRatio)
		if f.PresentRatio == 0 {
			fmt.Fprintln(w, "               No face was visible. Check that the camera sees you, with light on your face.")
		} else {
			fmt.Fprintf(w, "Blinks         %d (%.1f/min)\n", f.Blinks, f.BlinksPerMin)
			fmt.Fprintf(w, "Smile          %.0f %% of face time; head movement %.1f°/s\n", 100*f.SmileRatio, f.HeadMovement)
			fmt.Fprintf(w, "Framing        face %.0f %% of the picture height, %.0f %% off centre\n", 100*f.Framing.FaceHeight, 100*f.Framing.CentreOffset)
		}
		if !f.Calibrated && f.PresentRatio > 0 {
			fmt.Fprintln(w, "               (the first 3 s did not show the face long enough to learn your neutral face; general thresholds used)")
		}
	}
	if p := v.Pose; p != nil {
		fmt.Fprintf(w, "Posture        shoulders visible %.0f %%; tilt mean %.1f° (max %.1f°), slouched %.0f %%, sway %.3f\n",
			100*p.PresentRatio, p.ShoulderTiltDeg.Mean, p.ShoulderTiltDeg.Max, 100*p.SlouchRatio, p.Sway)
		fmt.Fprintf(w, "Hands          %d face touches, motion %.2f shoulder widths/s\n", p.HandFaceTouches, p.HandMotion)
	}
	if len(v.Segments) > 0 {
		fmt.Fprintln(w, "Moments")
		for _, s := range v.Segments {
			fmt.Fprintf(w, "               %s–%s  %s\n", clock(s.Start), clock(s.End), strings.ReplaceAll(s.Kind, "_", " "))
		}
	}
}
