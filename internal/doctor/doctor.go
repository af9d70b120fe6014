// Package doctor checks every part NEVER MIND depends on and names, as a
// problem code, what is missing; each front end says how to fix it. The CLI prints its report as text or JSON; the first
// screen shows it.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/analysis/speech"
	"nevermind/internal/appdata"
	"nevermind/internal/bank"
	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/export"
	"nevermind/internal/fonts"
	"nevermind/internal/models"
	"nevermind/internal/store"
)

// Status is the outcome of one check.
type Status string

// Check outcomes. A failing core check makes the report fail.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Check is one component's result. What the user can do about it is said
// by each front end from Problem: the command line with a command (Fix,
// which it fills), the app with where to click.
type Check struct {
	ID     string         `json:"id"`
	Name   string         `json:"name"`
	Core   bool           `json:"core"`
	Status Status         `json:"status"`
	Detail string         `json:"detail"`
	Fix    string         `json:"fix,omitempty"` // filled by the command line, never here
	Info   map[string]any `json:"info,omitempty"`
	// Problem names the outcome for the app to word in the user's
	// language with its own way out (ui: doctor.<Problem>, with Args);
	// Detail is the command line's English.
	Problem string   `json:"problem"`
	Args    []string `json:"args,omitempty"`
}

// is sets the outcome's code and arguments.
func (c *Check) is(problem string, args ...any) {
	c.Problem = problem
	c.Args = nil
	for _, a := range args {
		c.Args = append(c.Args, fmt.Sprint(a))
	}
}

// Report is the result of all checks.
type Report struct {
	OK     bool    `json:"ok"` // every core check passed
	OS     string  `json:"os"`
	Checks []Check `json:"checks"`
}

// Options configure a run.
type Options struct {
	DataRoot      string        // data folder; "" means the default
	OllamaHost    string        // "" means OLLAMA_HOST or the default
	DeviceTimeout time.Duration // bound on device and network probes
}

// Run performs every check. It never panics on a missing piece; each
// problem is reported in its check.
func Run(ctx context.Context, o Options) Report {
	if o.DeviceTimeout == 0 {
		o.DeviceTimeout = 3 * time.Second
	}
	r := Report{OS: runtime.GOOS + "/" + runtime.GOARCH}
	add := func(c Check) { r.Checks = append(r.Checks, c) }

	dir, dc := checkDataFolder(o.DataRoot)
	add(dc)
	roots := appdata.BundleRoots()
	if dc.Status == OK {
		db := checkDatabase(ctx, dir)
		add(db)
		if db.Status == OK {
			add(checkLeftovers(ctx, dir))
		}
	} else {
		add(Check{ID: "database", Name: "Database", Core: true, Status: Fail,
			Detail: "not checked: the data folder is not usable", Problem: "db.notchecked"})
	}
	add(checkONNX(roots))
	for _, c := range checkModels(roots) {
		add(c)
	}
	add(checkWhisper(dir, roots))
	add(checkFont(roots))
	add(checkMicrophones(ctx, o.DeviceTimeout))
	add(checkCameras())
	add(checkOllama(ctx, o.OllamaHost, o.DeviceTimeout))

	r.OK = true
	for _, c := range r.Checks {
		if c.Core && c.Status == Fail {
			r.OK = false
		}
	}
	return r
}

func checkDataFolder(root string) (appdata.Dir, Check) {
	c := Check{ID: "data_folder", Name: "Data folder", Core: true}
	var err error
	if root == "" {
		root, err = appdata.DefaultRoot()
	}
	var dir appdata.Dir
	if err == nil {
		dir, err = appdata.OpenAt(root)
	}
	if err != nil {
		c.Status, c.Detail = Fail, err.Error()
		c.is("data.fail", root)
		return dir, c
	}
	probe, err := os.CreateTemp(dir.Root, ".doctor-*")
	if err != nil {
		c.Status, c.Detail = Fail, fmt.Sprintf("%s is not writable: %v", dir.Root, err)
		c.is("data.readonly", dir.Root)
		return dir, c
	}
	probe.Close()
	os.Remove(probe.Name())
	c.Status, c.Detail = OK, dir.Root
	c.is("data.ok", dir.Root)
	c.Info = map[string]any{"path": dir.Root}
	return dir, c
}

func checkDatabase(ctx context.Context, dir appdata.Dir) Check {
	c := Check{ID: "database", Name: "Database", Core: true}
	s, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		c.Status, c.Detail = Fail, err.Error()
		switch {
		case errors.Is(err, store.ErrNewerSchema):
			c.is("db.newer", dir.DatabasePath())
		case errors.Is(err, store.ErrReadOnly):
			c.is("db.readonly", dir.Root)
		default:
			c.is("db.damaged", dir.DatabasePath())
		}
		return c
	}
	defer s.Close()
	v, err := s.Version(ctx)
	if err != nil {
		c.Status, c.Detail = Fail, err.Error()
		c.is("db.damaged", dir.DatabasePath())
		return c
	}
	seed, err := bank.Seed(ctx, s)
	if err != nil {
		c.Status, c.Detail = Fail, err.Error()
		c.is("db.bank")
		return c
	}
	qs, err := s.Questions(ctx, store.QuestionFilter{})
	if err != nil {
		c.Status, c.Detail = Fail, err.Error()
		c.is("db.damaged", dir.DatabasePath())
		return c
	}
	c.Status = OK
	c.is("db.ok", len(qs))
	c.Detail = fmt.Sprintf("%s, schema version %d of %d, %d questions", dir.DatabasePath(), v, store.SchemaVersion(), len(qs))
	c.Info = map[string]any{"path": dir.DatabasePath(), "schema_version": v, "known_version": store.SchemaVersion(),
		"questions": len(qs), "bank_added": seed.Added}
	return c
}

// checkLeftovers removes what an interrupted import left in the data
// folder (export.CleanInterrupted) and says what it removed.
func checkLeftovers(ctx context.Context, dir appdata.Dir) Check {
	c := Check{ID: "leftovers", Name: "Interrupted imports"}
	s, err := store.Open(ctx, dir.DatabasePath())
	if err == nil {
		defer s.Close()
		var left export.Leftovers
		left, err = export.CleanInterrupted(ctx, s, dir)
		c.Detail = left.String()
		if err == nil && !left.Empty() {
			c.Status = OK
			c.is("leftovers.removed", left.Folders, left.Files, fmt.Sprintf("%.1f", float64(left.Bytes)/1e6), len(left.Media))
			c.Info = map[string]any{"folders": left.Folders, "files": left.Files, "bytes": left.Bytes, "recordings": left.Media}
			return c
		}
	}
	if err != nil {
		c.Status, c.Detail = Warn, "could not remove what an interrupted import left: "+err.Error()
		c.is("leftovers.fail", dir.Root)
		return c
	}
	c.Status = OK
	c.is("leftovers.ok")
	return c
}

func checkONNX(roots []string) Check {
	c := Check{ID: "onnxruntime", Name: "ONNX Runtime"}
	path, err := onnx.Init(roots)
	if err != nil {
		c.Status, c.Detail = Warn, err.Error()
		c.is("onnx.missing")
		return c
	}
	v := onnx.Version()
	c.Status, c.Detail = OK, fmt.Sprintf("version %s from %s", v, path)
	c.is("onnx.ok", v)
	c.Info = map[string]any{"version": v, "path": path}
	return c
}

func checkModels(roots []string) []Check {
	m, err := models.Load()
	if err != nil {
		return []Check{{ID: "models", Name: "Model manifest", Status: Fail, Detail: err.Error(), Problem: "models.broken"}}
	}
	var out []Check
	for _, f := range m.ForThisPlatform() {
		if f.Kind == "library" || f.Kind == "font" {
			continue
		}
		c := Check{ID: "model:" + f.ID, Name: "Model " + f.ID}
		found, err := models.Locate(f, roots)
		c.Info = map[string]any{"path": found.Path, "sha256": found.SHA256, "expected_sha256": f.SHA256, "purpose": f.Purpose}
		switch {
		case err != nil:
			c.Status, c.Detail = Warn, err.Error()
			c.is("model.error", found.Path)
		case found.State == models.Missing:
			c.Status, c.Detail = Warn, "missing: "+f.Purpose
			c.is("model.missing")
		case found.State == models.Mismatch:
			c.Status, c.Detail = Warn, "checksum mismatch at "+found.Path
			c.is("model.mismatch", found.Path)
		default:
			c.Status, c.Detail = OK, found.Path+" (sha256 ok)"
			c.is("model.ok", found.Path)
		}
		out = append(out, c)
	}
	return out
}

func checkWhisper(dir appdata.Dir, roots []string) Check {
	c := Check{ID: "whisper", Name: "Speech recognition (whisper.cpp)"}
	data := ""
	if dir.Root != "" {
		data = dir.ModelsDir()
	}
	ms, rejected := models.FindWhisper(data, roots)
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	var notUsed []string
	for _, r := range rejected {
		notUsed = append(notUsed, filepath.Base(r.Path)+": "+r.Reason)
	}
	c.Info = map[string]any{"compiled": speech.Compiled(), "models": names}
	if len(notUsed) > 0 {
		c.Info["not_used"] = notUsed
	}
	switch {
	case !speech.Compiled():
		c.Status, c.Detail = Warn, "not built into this binary"
		c.is("whisper.notbuilt")
	case len(ms) == 0:
		c.Status, c.Detail = Warn, "built in, but no whisper model is installed; voice metrics still work without a transcript"
		c.Info["system_info"] = strings.TrimSpace(speech.SystemInfo())
		c.is("whisper.nomodel")
	default:
		c.Status, c.Detail = OK, fmt.Sprintf("built in; models: %s", strings.Join(names, ", "))
		c.Info["system_info"] = strings.TrimSpace(speech.SystemInfo())
		c.is("whisper.ok", strings.Join(names, ", "))
	}
	if len(notUsed) > 0 {
		if c.Status == OK {
			c.Status = Warn
		}
		c.Detail += "; not used: " + strings.Join(notUsed, "; ")
		var files []string
		for _, r := range rejected {
			files = append(files, filepath.Base(r.Path))
		}
		c.is("whisper.rejected", strings.Join(files, ", "), data)
	}
	return c
}

func checkFont(roots []string) Check {
	c := Check{ID: "korean_font", Name: "Korean font"}
	f, err := fonts.Find(roots)
	if err != nil {
		c.Status, c.Detail = Warn, err.Error()
		c.is("font.missing")
		return c
	}
	c.Status, c.Detail = OK, f.Regular
	c.is("font.ok", filepath.Base(f.Regular))
	c.Info = map[string]any{"regular": f.Regular, "bold": f.Bold, "source": f.Source}
	return c
}

func checkMicrophones(ctx context.Context, timeout time.Duration) Check {
	c := Check{ID: "microphones", Name: "Microphones"}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	devs, err := capture.Microphones(ctx)
	c.Info = map[string]any{"devices": devs}
	switch {
	case err != nil:
		c.Status, c.Detail = Warn, err.Error()
		c.is("mic.error")
	case len(devs) == 0:
		c.Status, c.Detail = Warn, "no microphone found"
		c.is("mic.none")
	default:
		c.Status, c.Detail = OK, fmt.Sprintf("%d found: %s", len(devs), deviceNames(devs))
		c.is("mic.ok", len(devs), deviceNames(devs))
	}
	return c
}

func checkCameras() Check {
	c := Check{ID: "cameras", Name: "Cameras"}
	devs := capture.Cameras()
	c.Info = map[string]any{"devices": devs}
	if len(devs) == 0 {
		c.Status, c.Detail = Warn, "no camera found; answers are recorded audio-only"
		c.is("cam.none")
		return c
	}
	c.Status, c.Detail = OK, fmt.Sprintf("%d found: %s", len(devs), deviceNames(devs))
	c.is("cam.ok", len(devs), deviceNames(devs))
	return c
}

func deviceNames(ds []capture.Device) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}

func checkOllama(ctx context.Context, host string, timeout time.Duration) Check {
	c := Check{ID: "ollama", Name: "Local LLM (Ollama)"}
	u, err := coach.ResolveHost(host)
	if err != nil {
		c.Status, c.Detail = Warn, err.Error()
		c.is("ollama.badhost")
		return c
	}
	st, err := coach.Probe(ctx, u, timeout)
	c.Info = map[string]any{"host": st.Host, "version": st.Version, "models": st.Models}
	switch {
	case err != nil:
		c.Status, c.Detail = Warn, err.Error()
		c.is("ollama.down", u.Host)
	case len(st.Models) == 0:
		c.Status, c.Detail = Warn, fmt.Sprintf("reachable at %s (version %s) but no model is installed", st.Host, st.Version)
		c.is("ollama.nomodels", st.Host)
	default:
		c.Status, c.Detail = OK, fmt.Sprintf("%s, version %s, models: %s", st.Host, st.Version, strings.Join(st.Models, ", "))
		c.is("ollama.ok", st.Host, strings.Join(st.Models, ", "))
	}
	return c
}
