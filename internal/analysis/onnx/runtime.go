// Package onnx is the one ONNX Runtime wrapper the whole app uses. The
// library is loaded at run time from a path (github.com/yalue/onnxruntime_go
// dlopens it), so a missing library is an error the user sees, never a crash
// or a build failure.
//
// Init may be called from any goroutine; the environment is process-wide and
// is set up once.
package onnx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	ort "github.com/yalue/onnxruntime_go"
)

// EnvLibrary names the environment variable that points at the ONNX Runtime
// library; it is tried before any other place.
const EnvLibrary = "NEVERMIND_ORT_LIB"

// ErrUnavailable is returned when no usable ONNX Runtime library was found.
var ErrUnavailable = errors.New("ONNX Runtime is not available")

// LibraryName is the file name of the ONNX Runtime library on this OS.
func LibraryName() string {
	switch runtime.GOOS {
	case "windows":
		return "onnxruntime.dll"
	case "darwin":
		return "libonnxruntime.dylib"
	default:
		return "libonnxruntime.so"
	}
}

// Candidates lists where the library is looked for, in order: the
// NEVERMIND_ORT_LIB variable, then ROOT/lib/ for each root (the installed
// program's folders, appdata.BundleRoots; never the data folder, whose
// files may have come from an imported archive), then the system's loader
// path.
func Candidates(roots []string) []string {
	var out []string
	if v := os.Getenv(EnvLibrary); v != "" {
		out = append(out, v)
	}
	for _, r := range roots {
		out = append(out, filepath.Join(r, "lib", LibraryName()))
		if runtime.GOOS == "darwin" {
			// X.app/Contents/Frameworks, beside the bundle root Contents.
			out = append(out, filepath.Join(r, "Frameworks", LibraryName()))
		}
	}
	sys := []string{LibraryName()}
	if runtime.GOOS == "linux" {
		sys = append(sys, "libonnxruntime.so.1")
	}
	return append(out, sys...)
}

var (
	mu     sync.Mutex
	loaded string
)

// Init loads the first working library among Candidates(roots) and
// initialises the ONNX Runtime environment. It returns the path it loaded.
// Once a library is loaded, later calls return it at once.
func Init(roots []string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if loaded != "" {
		return loaded, nil
	}
	var errs []error
	for _, c := range Candidates(roots) {
		if filepath.IsAbs(c) {
			if _, err := os.Stat(c); err != nil {
				continue
			}
		}
		ort.SetSharedLibraryPath(c)
		if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c, err))
			continue
		}
		loaded = c
		return c, nil
	}
	return "", fmt.Errorf("%w: looked in %v (run `make deps`, or set %s to the library's path): %w",
		ErrUnavailable, Candidates(roots), EnvLibrary, errors.Join(errs...))
}

// Version returns the loaded runtime's version, or "" before Init succeeds.
func Version() string {
	mu.Lock()
	defer mu.Unlock()
	if loaded == "" {
		return ""
	}
	return ort.GetVersion()
}

// SessionOptions returns options tuned for a 2-core laptop: one intra-op
// thread and no spinning (measured faster than two threads for BlazeFace).
// The caller destroys them.
func SessionOptions() (*ort.SessionOptions, error) {
	o, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("onnx session options: %w", err)
	}
	for _, set := range []func() error{
		func() error { return o.SetIntraOpNumThreads(1) },
		func() error { return o.SetInterOpNumThreads(1) },
		func() error { return o.AddSessionConfigEntry("session.intra_op.allow_spinning", "0") },
		func() error { return o.AddSessionConfigEntry("session.inter_op.allow_spinning", "0") },
	} {
		if err := set(); err != nil {
			o.Destroy()
			return nil, fmt.Errorf("onnx session options: %w", err)
		}
	}
	return o, nil
}

// ModelIO describes a model's inputs and outputs, for checks and errors.
type ModelIO struct {
	Inputs, Outputs []string
}

// Inspect reads a model file's input and output names. Init must have
// succeeded.
//
// Reading them loads the model once (about 25 ms for Silero), so the answer
// is kept for the process, per file version (size and modification time):
// the second session of a model does not pay again.
func Inspect(modelPath string) (ModelIO, error) {
	fi, err := os.Stat(modelPath)
	if err != nil {
		return ModelIO{}, fmt.Errorf("%w: %s (run `make deps` to fetch it)", ErrModelMissing, modelPath)
	}
	key := inspectKey{modelPath, fi.Size(), fi.ModTime()}
	inspectMu.Lock()
	io, ok := inspected[key]
	inspectMu.Unlock()
	if ok {
		return io, nil
	}
	in, out, err := ort.GetInputOutputInfo(modelPath)
	if err != nil {
		return ModelIO{}, fmt.Errorf("read model %s: %w (is it a complete .onnx file? `make deps` re-fetches it)", modelPath, err)
	}
	for _, i := range in {
		io.Inputs = append(io.Inputs, i.Name)
	}
	for _, o := range out {
		io.Outputs = append(io.Outputs, o.Name)
	}
	inspectMu.Lock()
	inspected[key] = io
	inspectMu.Unlock()
	return io, nil
}

type inspectKey struct {
	path  string
	size  int64
	mtime time.Time
}

var (
	inspectMu sync.Mutex
	inspected = map[inspectKey]ModelIO{}
)
