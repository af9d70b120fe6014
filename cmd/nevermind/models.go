package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"nevermind/internal/app"
	"nevermind/internal/appdata"
	"nevermind/internal/models"
	"nevermind/internal/store"
)

// envModelBaseURL overrides where `nevermind models pull` downloads whisper
// models from. Point it at a mirror (or a local server in tests) that serves
// the same ggml-<name>.bin files as
// https://huggingface.co/ggerganov/whisper.cpp/resolve/main; every download
// is still checked against the catalogue's SHA-1.
const envModelBaseURL = "NEVERMIND_MODEL_BASE_URL"

const modelsUsage = `usage:
  nevermind models list [--json]    the whisper speech models, installed or not
  nevermind models pull NAME        download a model (an interrupted download resumes)
  nevermind models import FILE      install a model file you have (e.g. ggml-small.bin from a USB
                                    stick), if its SHA-1 is one whisper.cpp publishes
  nevermind models verify [NAME]    check installed models against their SHA-1
  nevermind models remove NAME      delete a model
  nevermind models fit [--json]     measure which model keeps the transcript within 3 s of the end
                                    of an answer on this computer (a few seconds; the app does it
                                    on its first run) and remember it

Models go to the models folder of the data folder (set NEVERMIND_HOME to move it).
`

// whisperModels is the catalogue the command works from; tests replace it
// with entries whose checksums match what their server sends.
var whisperModels = models.WhisperModels

func runModels(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, modelsUsage)
		return 2
	}
	switch args[0] {
	case "list":
		return modelsList(args[1:], stdout, stderr)
	case "pull":
		return modelsPull(args[1:], stdout, stderr)
	case "import":
		return modelsImport(args[1:], stdout, stderr)
	case "verify":
		return modelsVerify(args[1:], stdout, stderr)
	case "remove":
		return modelsRemove(args[1:], stdout, stderr)
	case "fit":
		return modelsFit(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, modelsUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "nevermind models: unknown command %q (use list, pull, import, verify, remove or fit)\n", args[0])
		return 2
	}
}

// modelsDownloader prepares the data folder and a downloader into its
// models folder.
func modelsDownloader() (*models.Downloader, error) {
	dir, err := appdata.Open()
	if err != nil {
		return nil, err
	}
	return &models.Downloader{Dir: dir.ModelsDir()}, nil
}

// modelNames lists the catalogue's names for messages.
func modelNames() string {
	var names []string
	for _, m := range whisperModels() {
		names = append(names, m.Name)
	}
	return strings.Join(names, ", ")
}

// findModel looks name up in the catalogue, applying NEVERMIND_MODEL_BASE_URL.
func findModel(name string) (models.WhisperModel, bool) {
	for _, m := range whisperModels() {
		if m.Name == name {
			if base := os.Getenv(envModelBaseURL); base != "" {
				m = m.WithBaseURL(base)
			}
			return m, true
		}
	}
	return models.WhisperModel{}, false
}

// modelArgs parses a subcommand's arguments: one model name, required when
// one is true; with no name it returns the whole catalogue. named reports
// whether a name was given; a nil result comes with the exit code to return.
func modelArgs(cmd string, args []string, one bool, stderr io.Writer) (ms []models.WhisperModel, named bool, code int) {
	fs := flag.NewFlagSet("models "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return nil, false, 2
	}
	if fs.NArg() > 1 || one && fs.NArg() == 0 {
		fmt.Fprintf(stderr, "usage: nevermind models %s NAME (one of %s)\n", cmd, modelNames())
		return nil, false, 2
	}
	if fs.NArg() == 0 {
		var all []models.WhisperModel
		for _, m := range whisperModels() {
			found, _ := findModel(m.Name)
			all = append(all, found)
		}
		return all, false, 0
	}
	m, ok := findModel(fs.Arg(0))
	if !ok {
		fmt.Fprintf(stderr, "nevermind models %s: unknown model %q: use one of %s\n", cmd, fs.Arg(0), modelNames())
		return nil, false, 2
	}
	return []models.WhisperModel{m}, true, 0
}

// modelEntry is the JSON form of a model in `models list --json`.
type modelEntry struct {
	Name         string `json:"name"`
	File         string `json:"file"`
	Size         int64  `json:"size"`
	Multilingual bool   `json:"multilingual"`
	Status       string `json:"status"` // installed, partial or missing
	Path         string `json:"path"`
	Partial      int64  `json:"partial_bytes,omitempty"`
	URL          string `json:"url"`
	SHA1         string `json:"sha1"`
	Note         string `json:"note"`
}

func modelsList(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("models list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: nevermind models list [--json]")
		return 2
	}
	d, err := modelsDownloader()
	if err != nil {
		return fail(stderr, err)
	}
	var entries []modelEntry
	for _, m := range whisperModels() {
		m, _ = findModel(m.Name)
		w, err := d.Stat(m)
		if err != nil {
			return fail(stderr, err)
		}
		e := modelEntry{Name: m.Name, File: m.File, Size: m.Size, Multilingual: m.Multilingual, Status: "missing",
			Path: w.Path, Partial: w.Partial, URL: m.URL, SHA1: m.SHA1, Note: m.Note}
		switch {
		case w.Present:
			e.Status, e.Size, e.Partial = "installed", w.Size, 0
		case w.Partial > 0:
			e.Status = "partial"
		}
		entries = append(entries, e)
	}
	if *asJSON {
		if err := printJSON(stdout, entries); err != nil {
			return fail(stderr, err)
		}
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSIZE\tLANGUAGES\tSTATUS\tNOTE")
	for _, e := range entries {
		langs := "English only"
		if e.Multilingual {
			langs = "multilingual"
		}
		status := e.Status
		if e.Status == "partial" && e.Size > 0 {
			status = fmt.Sprintf("partial %d%%", min(100*e.Partial/e.Size, 99))
		}
		fmt.Fprintf(tw, "%s\t%.0f MB\t%s\t%s\t%s\n", e.Name, float64(e.Size)/(1<<20), langs, status, e.Note)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "models folder: %s\n", d.Dir)
	return 0
}

func modelsPull(args []string, stdout, stderr io.Writer) int {
	ms, _, code := modelArgs("pull", args, true, stderr)
	if ms == nil {
		return code
	}
	m := ms[0]
	d, err := modelsDownloader()
	if err != nil {
		return fail(stderr, err)
	}
	ctx, stop := interruptible()
	defer stop()
	bar := &progressBar{w: stderr, name: m.Name}
	d.Progress = bar.update
	path, err := d.Pull(ctx, m)
	bar.finish()
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "nevermind: download of %s stopped; run `nevermind models pull %s` again to resume it\n", m.Name, m.Name)
		return 130
	}
	if err != nil {
		return fail(stderr, err)
	}
	if bar.drawn {
		fmt.Fprintf(stdout, "installed %s: %s\n", m.Name, path)
	} else {
		fmt.Fprintf(stdout, "%s is already installed: %s\n", m.Name, path)
	}
	return 0
}

func modelsImport(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: nevermind models import FILE (a ggml-*.bin whisper model)")
		return 2
	}
	d, err := modelsDownloader()
	if err != nil {
		return fail(stderr, err)
	}
	ctx, stop := interruptible()
	defer stop()
	bar := &progressBar{w: stderr, name: filepath.Base(args[0])}
	d.Progress = bar.update
	m, path, err := d.Import(ctx, args[0], whisperModels())
	bar.finish()
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "installed %s (SHA-1 matches whisper.cpp's): %s\n", m.Name, path)
	return 0
}

func modelsVerify(args []string, stdout, stderr io.Writer) int {
	ms, named, code := modelArgs("verify", args, false, stderr)
	if ms == nil {
		return code
	}
	d, err := modelsDownloader()
	if err != nil {
		return fail(stderr, err)
	}
	var bad, missing []string
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, m := range ms {
		c, err := d.Verify(m)
		if err != nil {
			tw.Flush()
			return fail(stderr, err)
		}
		switch c.State {
		case models.Mismatch:
			bad = append(bad, m.Name)
		case models.Missing:
			missing = append(missing, m.Name)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Name, c.State, c.Path)
	}
	tw.Flush()
	for _, name := range bad {
		fmt.Fprintf(stderr, "nevermind: model %s is damaged; run `nevermind models pull %s` to download it again\n", name, name)
		code = 1
	}
	if named && len(missing) == 1 {
		fmt.Fprintf(stderr, "nevermind: model %s is not installed; run `nevermind models pull %s`\n", missing[0], missing[0])
		code = 1
	}
	if !named && len(missing) == len(ms) {
		fmt.Fprintln(stderr, "no whisper models installed; `nevermind models pull base` downloads one")
	}
	return code
}

func modelsRemove(args []string, stdout, stderr io.Writer) int {
	ms, _, code := modelArgs("remove", args, true, stderr)
	if ms == nil {
		return code
	}
	m := ms[0]
	d, err := modelsDownloader()
	if err != nil {
		return fail(stderr, err)
	}
	w, err := d.Stat(m)
	if err != nil {
		return fail(stderr, err)
	}
	if !w.Present && w.Partial == 0 {
		fmt.Fprintf(stdout, "%s is not installed\n", m.Name)
		return 0
	}
	if err := d.Remove(m); err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "removed %s (%s)\n", m.Name, w.Path)
	return 0
}

// progressBar draws a download's progress on one line, redrawn in place at
// most ten times a second.
type progressBar struct {
	w     io.Writer
	name  string
	drawn bool

	start     time.Time
	startDone int64 // bytes already there when this run began
	last      time.Time
	width     int // of the longest line drawn, to blank leftovers
}

func (p *progressBar) update(done, total int64) {
	now := time.Now()
	if p.start.IsZero() {
		p.start, p.startDone = now, done
	}
	complete := total > 0 && done >= total
	if p.drawn && !complete && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	rate := -1.0
	if el := now.Sub(p.start).Seconds(); el >= 0.5 {
		rate = float64(done-p.startDone) / el
	}
	line := progressLine(p.name, done, total, rate)
	p.width = max(p.width, len(line))
	fmt.Fprintf(p.w, "\r%-*s", p.width, line)
	p.drawn = true
}

// finish ends the progress line.
func (p *progressBar) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

// progressLine formats one progress line, e.g.
// "base  [#########-----------]  45%  64.1/142.0 MB  3.2 MB/s". total <= 0
// means unknown; rate < 0 means not measured yet.
func progressLine(name string, done, total int64, rate float64) string {
	const cells = 20
	const mb = 1 << 20
	speed := "  --- MB/s"
	if rate >= 0 {
		speed = fmt.Sprintf("  %.1f MB/s", rate/mb)
	}
	if total <= 0 {
		return fmt.Sprintf("%s  %.1f MB%s", name, float64(done)/mb, speed)
	}
	frac := min(max(float64(done)/float64(total), 0), 1)
	filled := int(frac * cells)
	bar := strings.Repeat("#", filled) + strings.Repeat("-", cells-filled)
	return fmt.Sprintf("%s  [%s]  %3d%%  %.1f/%.1f MB%s", name, bar, int(frac*100), float64(done)/mb, float64(total)/mb, speed)
}

// modelsFit measures this machine, remembers the result for the app and
// prints the predicted wait after an answer for every size.
func modelsFit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("models fit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	return withStore(stderr, func(ctx context.Context, s *store.Store) error {
		if !*asJSON {
			fmt.Fprintln(stderr, "Measuring the base model's shape on this computer (a few seconds)…")
		}
		f, err := app.MeasureFit(ctx, s)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, f)
		}
		fmt.Fprintf(stdout, "base on %d threads: encoder %.2f s per 30 s window, decoder %.1f ms per token\n", f.Threads, f.EncoderMS/1000, f.TokenMS)
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MODEL\tKOREAN: WAIT AFTER STOP\tENGLISH\t")
		for _, sh := range models.WhisperShapes {
			fmt.Fprintf(tw, "%s\t%.1f s\t%.1f s\t\n", sh.Name, f.Tail[sh.Name]["ko"], f.Tail[sh.Name]["en"])
		}
		tw.Flush()
		fmt.Fprintf(stdout, "Recommended (within %s): Korean %s, English %s. The app uses it when installed (`nevermind models pull %s`).\n",
			models.FitGoal, f.Recommended["ko"], f.Recommended["en"], f.Recommended["ko"])
		return nil
	})
}
