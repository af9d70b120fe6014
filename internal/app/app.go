// Package app is NEVER MIND's lifecycle over one data folder, shared by the
// desktop app and the command line: opening the data folder and database,
// repairing what a crash cut short, loading the analysis engines (in the
// background for the app), swapping the speech model while the app runs
// without disturbing an answer in flight, measuring which speech model
// fits this machine, scoring old answers again, and opening the devices
// and the local LLM the user chose. The front ends (cmd/nevermind, ui)
// parse, wire and show; the rules live here and below.
package app

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/bank"
	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/engines"
	"nevermind/internal/export"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// OpenData prepares the data folder and its database, seeding the
// question bank.
func OpenData(ctx context.Context) (appdata.Dir, *store.Store, error) {
	dir, err := appdata.Open()
	if err != nil {
		return dir, nil, err
	}
	s, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		return dir, nil, err
	}
	if _, err := bank.Seed(ctx, s); err != nil {
		s.Close()
		return dir, nil, err
	}
	return dir, s, nil
}

// App is NEVER MIND running over one data folder.
type App struct {
	Dir      appdata.Dir
	Store    *store.Store
	Practice *practice.Service
	// Recovered is what Open repaired of recordings a crash cut short;
	// RecoverErr, why it could not (not fatal: the app still opens).
	Recovered  practice.Recovery
	RecoverErr error
	// Leftovers is what Open removed of imports that were killed midway
	// (export.CleanInterrupted); LeftoversErr, why not all of it.
	Leftovers    export.Leftovers
	LeftoversErr error

	// Log, when set, hears what goes wrong in the background (loading
	// engines, measuring, rescoring), for the terminal.
	Log func(what string, err error)

	// speech serialises opening and swapping the speech model.
	speech      sync.Mutex
	closeVision func()
	// openSpeech opens a whisper model (engines.OpenSpeech; tests put a
	// recogniser of their own here).
	openSpeech func(lang, model string) (engines.Speech, error)
	voices     voiceCache
}

func openSpeech(lang, model string) (engines.Speech, error) {
	return engines.OpenSpeech(lang, model, 0, nil)
}

// Open opens the data folder, the database and the practice service,
// repairs the recordings a crash cut short (marking their answers
// interrupted) before anything records, and removes what an import that
// was killed left behind.
func Open(ctx context.Context) (*App, error) {
	dir, st, err := OpenData(ctx)
	if err != nil {
		return nil, err
	}
	a := &App{Dir: dir, Store: st, Practice: practice.NewService(dir, st, nil), openSpeech: openSpeech}
	a.Recovered, a.RecoverErr = practice.RecoverInterrupted(ctx, dir, st)
	a.Leftovers, a.LeftoversErr = export.CleanInterrupted(ctx, st, dir)
	return a, nil
}

// Close releases the engines (once no answer uses them) and the database.
func (a *App) Close() {
	a.Practice.Close()
	a.speech.Lock()
	if a.closeVision != nil {
		a.closeVision()
		a.closeVision = nil
	}
	a.speech.Unlock()
	a.Store.Close()
}

func (a *App) log(what string, err error) {
	if a.Log != nil && err != nil {
		a.Log(what, err)
	}
}

// Start is the app's start-up work after its window is shown: the engines
// load, the first run measures which speech model fits this machine, and
// answers an older version scored are scored again. It returns at once.
func (a *App) Start(ctx context.Context) {
	go func() {
		a.LoadEngines(ctx)
		if set, err := a.Store.Settings(ctx); err == nil && set.SpeechFit == "" {
			_, err := a.MeasureFit(ctx)
			a.log("measuring the speech models", err)
		}
	}()
	go func() {
		_, err := a.Rescore(ctx)
		a.log("scoring old answers again", err)
	}()
	go func() {
		// The user chose how long videos are kept (Settings → 저장 공간);
		// what that choice no longer keeps goes, nothing else.
		_, _, err := a.Practice.ApplyRetention(ctx, time.Now())
		a.log("deleting the videos past the retention chosen", err)
	}()
}

// LoadEngines loads the analysis engines (voice activity, face and pose,
// the speech model the user chose or the one that fits) and makes them
// the practice service's. What cannot load is left out, with its reason
// in the reports.
func (a *App) LoadEngines(ctx context.Context) {
	p, miss, closeP := engines.NewPipeline(engines.Options{Lang: "auto", NoSpeech: true})
	a.log("voice activity model", miss.Silero)
	a.log("face and pose models", miss.Vision)
	a.speech.Lock()
	defer a.speech.Unlock()
	a.closeVision = closeP
	a.Practice.SetPipeline(a.withSpeech(ctx, p))
}

// withSpeech is base with the speech model to use now, and what closes
// that model.
func (a *App) withSpeech(ctx context.Context, base *pipeline.Pipeline) (*pipeline.Pipeline, func()) {
	p := *base
	sp, err := a.openSpeech("auto", a.SpeechModel(ctx))
	if err != nil {
		p.Transcribe, p.TranscribePart, p.NoTranscript = nil, nil, err.Error()
		return &p, nil
	}
	p.Transcribe, p.TranscribePart, p.NoTranscript = sp.Transcribe, sp.TranscribePart, ""
	return &p, sp.Close
}

// ReloadSpeech opens the speech model again after one was installed,
// removed or chosen. Answers from now on use it; an answer being recorded
// or analysed keeps the model it started with, which is closed when the
// last such answer is stored. Before the engines have loaded it does
// nothing: loading reads the choice.
func (a *App) ReloadSpeech(ctx context.Context) {
	a.speech.Lock()
	defer a.speech.Unlock()
	cur := a.Practice.Pipeline()
	if cur == nil {
		return
	}
	a.Practice.SetPipeline(a.withSpeech(ctx, cur))
}

// SpeechModel is the whisper model to open: the user's choice, else the
// one that fits this machine when installed, else "" (the best installed).
func (a *App) SpeechModel(ctx context.Context) string {
	set, _ := a.Store.Settings(ctx)
	fit, _ := a.SpeechFit(ctx)
	return engines.SpeechModelFor(set.SpeechModel, fit, "auto")
}

// ErrNotMeasured: this machine has not been measured yet.
var ErrNotMeasured = errors.New("this computer has not been measured yet")

// SpeechFit is the stored measurement of which speech model fits this
// machine (ErrNotMeasured before the first).
func (a *App) SpeechFit(ctx context.Context) (*models.Fit, error) {
	set, err := a.Store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return DecodeFit(set.SpeechFit)
}

// DecodeFit reads a stored measurement (store.Settings.SpeechFit), the
// one place that does.
func DecodeFit(s string) (*models.Fit, error) {
	if s == "" {
		return nil, ErrNotMeasured
	}
	var f models.Fit
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		return nil, fmt.Errorf("the stored measurement does not read: %w", err)
	}
	return &f, nil
}

// MeasureFit measures which speech model fits this machine (a few
// seconds on a synthetic model) and stores it.
func (a *App) MeasureFit(ctx context.Context) (models.Fit, error) {
	return MeasureFit(ctx, a.Store)
}

// MeasureFit measures which speech model fits this machine and stores it
// in st.
func MeasureFit(ctx context.Context, st *store.Store) (models.Fit, error) {
	dir, err := os.MkdirTemp("", "nevermind-fit-")
	if err != nil {
		return models.Fit{}, err
	}
	defer os.RemoveAll(dir)
	f, err := engines.MeasureFit(ctx, dir)
	if err != nil {
		return f, err
	}
	b, err := json.Marshal(f)
	if err != nil {
		return f, err
	}
	return f, st.SetSpeechFit(ctx, string(b))
}

// Rescore scores again the answers an older version scored
// (practice.Service.Rescore); it writes, so it runs at the app's start or
// when asked (`nevermind rescore`), never from a command that only reads.
func (a *App) Rescore(ctx context.Context) (int, error) { return a.Practice.Rescore(ctx) }

// Devices opens the microphone and the camera chosen in Settings (the
// camera is nil when there is none: audio only). Before the engines load
// it returns practice.ErrLoading.
func (a *App) Devices() (capture.AudioSource, capture.VideoSource, error) {
	if !a.Practice.Ready() {
		return nil, nil, practice.ErrLoading
	}
	set, err := a.Store.Settings(context.Background())
	if err != nil {
		return nil, nil, err
	}
	var cam capture.VideoSource
	if len(capture.Cameras()) > 0 {
		cam = capture.OpenCamera(set.Camera)
	}
	return capture.OpenMic(set.Mic), cam, nil
}

// LLM is the local LLM the settings name, nil when none answers (the
// offline generator and rules are used then).
func (a *App) LLM(ctx context.Context) coach.LLM {
	if o, err := ResolveLLM(ctx, a.Store, "", ""); err == nil {
		return o
	}
	return nil
}

// DefaultLLMHost is where Ollama listens unless told otherwise.
const DefaultLLMHost = coach.DefaultHost

// ResolveLLM finds the Ollama server and a model: host and model when
// given, else the settings (st may be nil), else OLLAMA_HOST or the
// default address and the best installed model (coach.Resolve). Its
// errors are coach's typed ones.
func ResolveLLM(ctx context.Context, st *store.Store, host, model string) (*coach.Ollama, error) {
	if st != nil {
		if set, err := st.Settings(ctx); err == nil {
			host, model = cmp.Or(host, set.OllamaHost), cmp.Or(model, set.OllamaModel)
		}
	}
	return coach.Resolve(ctx, host, model)
}
