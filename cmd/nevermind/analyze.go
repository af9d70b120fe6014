package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/onnx"
	"nevermind/internal/analysis/speech"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/analysis/voice"
	"nevermind/internal/appdata"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/models"
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
	model := fs.String("model", "", "whisper model: a name (base, small, …) or a .bin path (default: the best installed)")
	threads := fs.Int("threads", 0, "speech recognition threads (default: all cores)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *audio == "" && *videoFile == "" {
		fmt.Fprintln(stderr, "nevermind analyze: give --audio FILE.wav, --video FILE (AVI/MP4), or both")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var r analysis.Report
	if *audio != "" {
		if code := analyzeAudio(&r, *audio, audioOptions{tracks: *tracks, noSilero: *noSilero, transcript: *transcriptFile,
			lang: *lang, model: *model, threads: *threads, quiet: *asJSON}, stderr); code != 0 {
			return code
		}
	}
	if *videoFile != "" {
		vp, err := analyzeVideoFile(ctx, *videoFile, *sampleFPS, stderr)
		if err != nil {
			return fail(stderr, err)
		}
		r.VideoPart = vp
	}
	msgLang := i18n.ParseLang(*lang)
	fbLang := ""
	if *lang != "auto" {
		fbLang = *lang
	}
	fb := feedback.Build(r, feedback.Options{Lang: fbLang}).In(msgLang)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
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

type audioOptions struct {
	tracks, noSilero, quiet bool
	transcript, lang, model string
	threads                 int
}

// analyzeAudio fills the audio half of r: voice, transcript and speech.
func analyzeAudio(r *analysis.Report, path string, o audioOptions, stderr io.Writer) int {
	a, err := media.Load16kMono(path)
	if err != nil {
		return fail(stderr, err)
	}
	cfg := voice.Config{Tracks: o.tracks}
	if !o.noSilero {
		model, why := locateModel("silero_vad")
		if model != "" {
			cfg.SileroModel = model
		} else if !o.quiet {
			fmt.Fprintf(stderr, "nevermind: Silero VAD off (%s); using the energy detector\n", why)
		}
	}
	vr, err := voice.Analyze(a.Samples, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	r.Report = &vr
	switch {
	case o.transcript != "":
		t, err := analysis.LoadTranscript(o.transcript)
		if err != nil {
			return fail(stderr, err)
		}
		r.Transcript = &t
	default:
		t, reason := transcribe(a.Samples, o.lang, o.model, o.threads, stderr)
		if reason != "" {
			sp := analysis.Unavailable(reason, vr)
			r.Speech = &sp
			if !o.quiet {
				fmt.Fprintln(stderr, "nevermind: transcript unavailable:", reason)
			}
		} else {
			r.Transcript = &t
		}
	}
	if r.Transcript != nil {
		sp := analysis.SpeechMetrics(*r.Transcript, vr)
		r.Speech = &sp
	}
	return 0
}

// analyzeVideoFile runs the face and pose tracks over a video file,
// showing progress on a terminal.
func analyzeVideoFile(ctx context.Context, path string, sampleFPS float64, stderr io.Writer) (analysis.VideoPart, error) {
	a, err := openVision()
	if err != nil {
		return analysis.VideoPart{}, err
	}
	defer a.Close()
	var progress func(done, total time.Duration)
	if isTerminal(stderr) {
		last := time.Now()
		progress = func(done, total time.Duration) {
			if time.Since(last) < 200*time.Millisecond {
				return
			}
			last = time.Now()
			if total > 0 {
				fmt.Fprintf(stderr, "\ranalysing video: %s of %s (%.0f %%)  ", clock(done.Seconds()), clock(total.Seconds()), 100*done.Seconds()/total.Seconds())
			} else {
				fmt.Fprintf(stderr, "\ranalysing video: %s  ", clock(done.Seconds()))
			}
		}
		defer fmt.Fprint(stderr, "\r\033[K")
	}
	return analysis.AnalyzeVideo(ctx, path, a, sampleFPS, progress)
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

// transcribe runs speech recognition with the chosen or best installed
// model. It returns a reason instead when that is not possible.
func transcribe(x []float32, lang, model string, threads int, stderr io.Writer) (analysis.Transcript, string) {
	tr, path, why := openWhisper(lang, model)
	if tr == nil {
		if why == noWhisperBuilt {
			why += ", or pass --transcript T.json"
		}
		return analysis.Transcript{}, why
	}
	defer tr.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	last := -1
	t, err := tr.Transcribe(ctx, x, speech.Options{Language: lang, Threads: threads, Progress: func(p int) {
		if p/10 != last/10 {
			last = p
			fmt.Fprintf(stderr, "\rrecognising speech with %s: %3d%%", filepath.Base(path), p)
		}
	}})
	fmt.Fprintln(stderr)
	if err != nil {
		return analysis.Transcript{}, err.Error()
	}
	return analysis.FromSpeech(t), ""
}

// openVision loads the face and pose models, or says why it cannot.
func openVision() (*vision.Analyzer, error) {
	mesh, why := locateModel("face_landmark")
	if mesh == "" {
		return nil, fmt.Errorf("the face models are not available (%s)", why)
	}
	return vision.NewAnalyzer(filepath.Dir(mesh))
}

const noWhisperBuilt = "speech recognition is not built into this binary (build with `make build`)"

// openWhisper opens the chosen or best installed whisper model for lang
// (ko, en or auto) and returns it with its path, or nil and the reason.
func openWhisper(lang, model string) (speech.Transcriber, string, string) {
	if lang != "auto" && lang != "ko" && lang != "en" {
		return nil, "", fmt.Sprintf("language %q: use ko, en or auto", lang)
	}
	if !speech.Compiled() {
		return nil, "", noWhisperBuilt
	}
	path, err := findWhisperModel(model, lang)
	if err != nil {
		return nil, "", err.Error()
	}
	tr, err := speech.Open(path)
	if err != nil {
		return nil, "", err.Error()
	}
	return tr, path, ""
}

// findWhisperModel resolves --model, or picks the most accurate usable
// model that speaks the language. Models in the data folder count only when
// their checksum matches the catalogue.
func findWhisperModel(want, lang string) (string, error) {
	root, err := appdata.DefaultRoot()
	if err != nil {
		return "", err
	}
	usable, rejected := models.FindWhisper(appdata.Dir{Root: root}.ModelsDir(), appdata.BundleRoots())
	p, err := models.PickWhisper(usable, want, lang)
	var why string
	for _, r := range rejected {
		why += fmt.Sprintf("; %s was not used: %s", r.Path, r.Reason)
	}
	switch {
	case errors.Is(err, models.ErrWhisperNotInstalled):
		return "", fmt.Errorf("whisper model %s is not installed: run `nevermind models pull %s`%s", want, want, why)
	case errors.Is(err, models.ErrNoWhisperModel):
		return "", fmt.Errorf("no whisper model is installed: run `nevermind models pull base` (142 MB; small is better for Korean), or pass --transcript T.json%s", why)
	}
	return p, err
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

// locateModel finds a model of the manifest among the installed
// program's files (never the data folder) and loads ONNX Runtime, or says
// why not.
func locateModel(name string) (string, string) {
	roots := appdata.BundleRoots()
	m, err := models.Load()
	if err != nil {
		return "", err.Error()
	}
	f, ok := m.File(name)
	if !ok {
		return "", "no " + name + " in the model manifest"
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
