// Package engines finds and loads the analysis engines of the installed
// program: the ONNX models (Silero voice activity, face and pose) with ONNX
// Runtime, and a whisper.cpp speech model, and puts them together into a
// pipeline. The command line, the app and the system check share it. Its
// errors are typed; each surface words the way out in its own terms (a
// command, a button) and in the user's language.
package engines

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/onnx"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/analysis/speech"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/appdata"
	"nevermind/internal/models"
)

// Errors; use errors.Is / errors.As.
var (
	// ErrNotBuilt: speech recognition is not compiled into this program.
	ErrNotBuilt = errors.New("speech recognition is not built into this program")
	// ErrNoRuntime: ONNX Runtime could not be loaded.
	ErrNoRuntime = errors.New("ONNX Runtime is not available")
	// ErrBadLanguage: a language other than ko, en or auto.
	ErrBadLanguage = errors.New("the language must be ko, en or auto")
)

// ModelError is a model of the manifest that is missing or damaged.
type ModelError struct {
	Name  string
	State models.State // Missing or Mismatch
	Path  string
}

func (e *ModelError) Error() string {
	return fmt.Sprintf("model %s is %s at %s", e.Name, e.State, e.Path)
}

// WhisperError is a whisper model that cannot be used: none installed, or
// not the one asked for. Rejected are the data folder's files that were
// not loaded, with why.
type WhisperError struct {
	Want     string // the model asked for; "" for the best installed
	Err      error  // models.ErrNoWhisperModel or models.ErrWhisperNotInstalled
	Rejected []models.RejectedWhisper
}

func (e *WhisperError) Error() string {
	s := e.Err.Error()
	for _, r := range e.Rejected {
		s += fmt.Sprintf("; %s was not used: %s", r.Path, r.Reason)
	}
	return s
}

func (e *WhisperError) Unwrap() error { return e.Err }

// LocateModel finds a model of the manifest among the installed program's
// files (never the data folder) and loads ONNX Runtime for it.
func LocateModel(name string) (string, error) {
	roots := appdata.BundleRoots()
	m, err := models.Load()
	if err != nil {
		return "", err
	}
	f, ok := m.File(name)
	if !ok {
		return "", fmt.Errorf("no %s in the model manifest", name)
	}
	found, err := models.Locate(f, roots)
	if err != nil || found.State != models.OK {
		st := found.State
		if st == "" || st == models.OK {
			st = models.Missing
		}
		return "", &ModelError{Name: name, State: st, Path: found.Path}
	}
	if _, err := onnx.Init(roots); err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoRuntime, err)
	}
	return found.Path, nil
}

// OpenVision loads the face and pose models.
func OpenVision() (*vision.Analyzer, error) {
	mesh, err := LocateModel("face_landmark")
	if err != nil {
		return nil, err
	}
	return vision.NewAnalyzer(filepath.Dir(mesh))
}

// FindWhisper resolves a whisper model: want names one (base, small, …) or
// is "" for the most accurate installed model that speaks lang. Models in
// the data folder count only when their checksum matches the catalogue.
func FindWhisper(want, lang string) (string, error) {
	root, err := appdata.DefaultRoot()
	if err != nil {
		return "", err
	}
	usable, rejected := models.FindWhisper(appdata.Dir{Root: root}.ModelsDir(), appdata.BundleRoots())
	p, err := models.PickWhisper(usable, want, lang)
	if errors.Is(err, models.ErrWhisperNotInstalled) || errors.Is(err, models.ErrNoWhisperModel) {
		return "", &WhisperError{Want: want, Err: err, Rejected: rejected}
	}
	return p, err
}

// OpenWhisper opens the chosen or best installed whisper model for lang
// (ko, en or auto), with its path.
func OpenWhisper(lang, model string) (speech.Transcriber, string, error) {
	if lang != "auto" && lang != "ko" && lang != "en" {
		return nil, "", fmt.Errorf("%w: %q", ErrBadLanguage, lang)
	}
	if !speech.Compiled() {
		return nil, "", ErrNotBuilt
	}
	path, err := FindWhisper(model, lang)
	if err != nil {
		return nil, "", err
	}
	tr, err := speech.Open(path)
	if err != nil {
		return nil, "", err
	}
	return tr, path, nil
}

// Options choose what NewPipeline loads.
type Options struct {
	Lang      string // ko, en or auto
	Model     string // whisper model; "" for the best installed
	Threads   int    // speech recognition threads; 0 for all cores
	NoSilero  bool   // the energy voice detector only
	NoVision  bool   // no face and pose analysis
	NoSpeech  bool   // no speech model (the caller opens one with OpenSpeech)
	NoTracks  bool   // leave the pitch and level contours out
	SampleFPS float64
	// Progress, when set, reports speech recognition (0..100) with the
	// model's path.
	Progress func(model string, percent int)
}

// Missing says which engines NewPipeline could not load, and why; nil
// where the engine loaded (or was not asked for).
type Missing struct {
	Silero, Vision, Speech error
}

// NewPipeline loads what the analysis needs, each engine optional: the
// pipeline runs with what is there and says in its results what was
// skipped. close frees the engines.
func NewPipeline(o Options) (*pipeline.Pipeline, Missing, func()) {
	p := &pipeline.Pipeline{SampleFPS: o.SampleFPS, NoTracks: o.NoTracks}
	var miss Missing
	if o.Lang == "ko" || o.Lang == "en" {
		p.Lang = o.Lang
	}
	var closers []func()
	if !o.NoSilero {
		if m, err := LocateModel("silero_vad"); err == nil {
			p.SileroModel = m
		} else {
			miss.Silero = err
		}
	}
	if o.NoVision {
		p.VisionErr = errors.New("video analysis not requested")
	} else if a, err := OpenVision(); err != nil {
		p.VisionErr, miss.Vision = err, err
	} else {
		p.Vision = a
		closers = append(closers, a.Close)
	}
	lang := o.Lang
	if lang == "" {
		lang = "auto"
	}
	if o.NoSpeech {
		p.NoTranscript = "speech recognition not requested"
	} else if sp, err := OpenSpeech(lang, o.Model, o.Threads, o.Progress); err != nil {
		p.NoTranscript, miss.Speech = err.Error(), err
	} else {
		closers = append(closers, sp.Close)
		p.Transcribe, p.TranscribePart = sp.Transcribe, sp.TranscribePart
	}
	return p, miss, func() {
		for _, c := range closers {
			c()
		}
	}
}

// MeasureFit measures on this machine what the base model's shape costs
// (a synthetic base model written to dir and removed afterwards: one
// encoder window and 64 decoder tokens with all cores, a few seconds) and
// predicts from it which speech model keeps the transcript within
// models.FitGoal of stop, per language.
func MeasureFit(ctx context.Context, dir string) (models.Fit, error) {
	if !speech.Compiled() {
		return models.Fit{}, ErrNotBuilt
	}
	base, _ := models.LookupShape("base")
	path, err := models.SyntheticWhisper(dir, base, models.F16)
	if err != nil {
		return models.Fit{}, fmt.Errorf("write the measuring model: %w", err)
	}
	defer os.Remove(path)
	if err := ctx.Err(); err != nil {
		return models.Fit{}, err
	}
	threads := runtime.NumCPU()
	// 30 s of faint noise: the encoder's work does not depend on what it hears.
	x := make([]float32, 30*16000)
	seed := uint32(1)
	for i := range x {
		seed = seed*1664525 + 1013904223
		x[i] = float32(int32(seed>>16)-1<<15) / (1 << 15) * 0.001
	}
	c, err := speech.MeasureCost(path, x, threads, 64)
	if err != nil {
		return models.Fit{}, err
	}
	return models.NewFit(c.PerWindow(), c.PerToken(), threads, time.Now()), nil
}

// Speech is an opened whisper model as the pipeline calls it.
type Speech struct {
	Path           string
	Transcribe     pipeline.TranscribeFunc
	TranscribePart pipeline.TranscribePartFunc
	Close          func()
}

// OpenSpeech opens the chosen or best installed whisper model for lang
// (ko, en or auto): whole recordings with threads (0: all cores), and a
// live answer's stretches with the fillers prompt followed by the text so
// far. progress, when set, reports whole recordings (0..100).
func OpenSpeech(lang, model string, threads int, progress func(model string, percent int)) (Speech, error) {
	tr, path, err := OpenWhisper(lang, model)
	if err != nil {
		return Speech{}, err
	}
	recognise := func(ctx context.Context, x []float32, so speech.Options) (analysis.Transcript, error) {
		t, err := tr.Transcribe(ctx, x, so)
		if err != nil {
			return analysis.Transcript{}, err
		}
		return analysis.FromSpeech(t), nil
	}
	sp := Speech{Path: path, Close: func() { tr.Close() }}
	sp.Transcribe = func(ctx context.Context, x []float32) (analysis.Transcript, error) {
		so := speech.Options{Language: lang, Threads: threads}
		if progress != nil {
			so.Progress = func(pc int) { progress(path, pc) }
		}
		return recognise(ctx, x, so)
	}
	sp.TranscribePart = func(ctx context.Context, x []float32, part pipeline.Part) (analysis.Transcript, error) {
		so := speech.Options{Language: lang, Threads: threads, Prompt: strings.TrimSpace(speech.DefaultPrompt(lang) + " " + part.Prompt)}
		if part.Threads > 0 {
			so.Threads = part.Threads
		}
		return recognise(ctx, x, so)
	}
	return sp, nil
}

// SpeechModelFor is the whisper model to open: the user's choice when it
// is installed, else the one the machine's measurement recommends for
// lang when installed, else "" (the best installed).
func SpeechModelFor(chosen string, fit *models.Fit, lang string) string {
	root, err := appdata.DefaultRoot()
	if err != nil {
		return ""
	}
	usable, _ := models.FindWhisper(appdata.Dir{Root: root}.ModelsDir(), appdata.BundleRoots())
	installed := map[string]bool{}
	for _, m := range usable {
		installed[m.Name] = true
	}
	if chosen != "" && installed[chosen] {
		return chosen
	}
	if fit != nil {
		if lang != "en" {
			lang = "ko" // auto: the answer may be Korean, which needs more
		}
		if r := fit.Recommended[lang]; installed[r] {
			return r
		}
	}
	return ""
}
