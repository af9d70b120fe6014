// Command benchstt measures speech recognition speed and memory.
//
// `make bench-stt` (no model): for every model size the app considers
// (tiny, base, small, large-v3-turbo) and every quantisation whisper.cpp
// publishes for it, it writes a synthetic model (the real shapes, seeded
// random values: models.SyntheticWhisper), then, with 1 and 2 threads, in
// a child process each so that peak memory is the model's own, times the
// encoder over 60 s of speech (two 30 s windows) and a decoder bounded to
// -tokens tokens per window, and prints one table.
//
// `make bench-stt MODEL=path/to/ggml-base.bin`: transcribes a recording
// (by default whisper.cpp's jfk.wav, 11 s of real speech, repeated to
// -seconds) with a real model and prints the real-time factor
// (processing time / audio time; below 1 is faster than real time), the
// model load time and the process's peak resident memory.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"nevermind/internal/analysis/speech"
	"nevermind/internal/media"
	"nevermind/internal/models"
)

func main() {
	model := flag.String("model", "", "whisper ggml model file (required)")
	audio := flag.String("audio", "", "WAV file to transcribe (default: jfk.wav from the whisper bindings module)")
	seconds := flag.Float64("seconds", 30, "repeat the audio to this length")
	lang := flag.String("lang", "en", "language: ko, en or auto")
	threads := flag.Int("threads", runtime.NumCPU(), "decoder threads")
	runs := flag.Int("runs", 3, "transcriptions to time (the model is loaded once)")
	synth := flag.String("synthetic-dir", "", "where synthetic models are kept (default: the user cache)")
	sizes := flag.String("sizes", "tiny,base,small,large-v3-turbo", "synthetic sizes to measure")
	tokens := flag.Int("tokens", 128, "decoder tokens per 30 s window (synthetic models)")
	child := flag.Bool("child", false, "measure one synthetic model and print JSON (used by the table)")
	flag.Parse()
	if *child {
		if err := measureChild(*model, *audio, *seconds, *threads, *tokens); err != nil {
			fmt.Fprintln(os.Stderr, "bench-stt:", err)
			os.Exit(1)
		}
		return
	}
	if *model == "" {
		if err := table(*synth, strings.Split(*sizes, ","), *audio, *tokens); err != nil {
			fmt.Fprintln(os.Stderr, "bench-stt:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*model, *audio, *seconds, *lang, *threads, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench-stt:", err)
		os.Exit(1)
	}
}

func run(model, audio string, seconds float64, lang string, threads, runs int) error {
	if model == "" {
		return fmt.Errorf("give a model: make bench-stt MODEL=path/to/ggml-base.bin")
	}
	if !speech.Compiled() {
		return speech.ErrUnavailable
	}
	x, audio, err := speechOf(audio, seconds)
	if err != nil {
		return err
	}
	dur := float64(len(x)) / 16000

	t0 := time.Now()
	tr, err := speech.Open(model)
	if err != nil {
		return err
	}
	defer tr.Close()
	load := time.Since(t0)

	var best, total time.Duration
	var words int
	for i := 0; i < runs; i++ {
		t1 := time.Now()
		t, err := tr.Transcribe(context.Background(), x, speech.Options{Language: lang, Threads: threads})
		if err != nil {
			return err
		}
		d := time.Since(t1)
		total += d
		if best == 0 || d < best {
			best = d
		}
		words = len(t.Words())
	}
	fmt.Printf("model        %s\n", filepath.Base(model))
	fmt.Printf("audio        %s, %.1f s, language %s, %d threads\n", filepath.Base(audio), dur, lang, threads)
	fmt.Printf("load         %.0f ms\n", float64(load.Microseconds())/1000)
	fmt.Printf("transcribe   best %.2f s, mean %.2f s over %d runs, %d words\n", best.Seconds(), total.Seconds()/float64(runs), runs, words)
	fmt.Printf("RTF          %.3f (best), %.3f (mean)   goal for base on 2 cores: <= 0.15\n", best.Seconds()/dur, total.Seconds()/float64(runs)/dur)
	if kb := peakRSSKB(); kb > 0 {
		fmt.Printf("peak memory  %.0f MB resident\n", float64(kb)/1024)
	}
	return nil
}

// speechOf is seconds of the recording (jfk.wav by default), repeated.
func speechOf(audio string, seconds float64) ([]float32, string, error) {
	if audio == "" {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/ggerganov/whisper.cpp/bindings/go").Output()
		if err != nil {
			return nil, "", fmt.Errorf("locate jfk.wav: %w (pass -audio FILE.wav)", err)
		}
		audio = filepath.Join(strings.TrimSpace(string(out)), "samples", "jfk.wav")
	}
	a, err := media.Load16kMono(audio)
	if err != nil {
		return nil, "", err
	}
	if len(a.Samples) == 0 {
		return nil, "", fmt.Errorf("%s has no samples", audio)
	}
	x := a.Samples
	for float64(len(x)) < seconds*16000 {
		x = append(x, a.Samples...)
	}
	return x[:int(seconds*16000)], audio, nil
}

// childResult is what a child measurement prints.
type childResult struct {
	speech.Cost
	PeakKB int64 `json:"peak_kb"`
}

func measureChild(model, audio string, seconds float64, threads, tokens int) error {
	x, _, err := speechOf(audio, seconds)
	if err != nil {
		return err
	}
	c, err := speech.MeasureCost(model, x, threads, tokens)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(childResult{c, peakRSSKB()})
}

// table measures every synthetic size and quantisation with 1 and 2
// threads, each in a child process, and prints a Markdown table.
func table(dir string, sizes []string, audio string, tokens int) error {
	if !speech.Compiled() {
		return speech.ErrUnavailable
	}
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		dir = filepath.Join(c, "nevermind", "synthetic-whisper")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	const seconds = 60.0
	fmt.Printf("Synthetic whisper models (real shapes, random weights) on %.0f s of speech, %d decoder tokens per 30 s window.\n", seconds, tokens)
	fmt.Printf("CPU: %s\n%s\n\n", cpuName(), strings.TrimSpace(speech.SystemInfo()))
	fmt.Println("| model | quant | file MB | threads | load s | encoder s per 30 s | encoder RTF | decoder ms/token | decoder RTF | tail after stop s | peak MB |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, name := range sizes {
		s, ok := models.LookupShape(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("unknown size %q", name)
		}
		for _, q := range s.Quants() {
			fmt.Fprintf(os.Stderr, "bench-stt: writing or reusing %s in %s…\n", models.SyntheticFile(s, q), dir)
			p, err := models.SyntheticWhisper(dir, s, q)
			if err != nil {
				return err
			}
			fi, err := os.Stat(p)
			if err != nil {
				return err
			}
			for _, th := range []int{1, 2} {
				args := []string{"-child", "-model", p, "-threads", strconv.Itoa(th), "-seconds", fmt.Sprint(seconds), "-tokens", strconv.Itoa(tokens)}
				if audio != "" {
					args = append(args, "-audio", audio)
				}
				cmd := exec.Command(self, args...)
				cmd.Stderr = io.Discard
				out, err := cmd.Output()
				if err != nil {
					return fmt.Errorf("%s with %d threads: %w", p, th, err)
				}
				var r childResult
				if err := json.Unmarshal(out, &r); err != nil {
					return fmt.Errorf("%s with %d threads: %w (%s)", p, th, err, out)
				}
				// With the answer transcribed while it is spoken, what is
				// left after stop is at most one window and its tokens.
				tail := r.PerWindow() + time.Duration(tokens)*r.PerToken()
				fmt.Printf("| %s | %s | %.0f | %d | %.2f | %.2f | %.3f | %.1f | %.3f | %.2f | %.0f |\n", s.Name, q, float64(fi.Size())/1e6, th,
					r.Load.Seconds(), r.PerWindow().Seconds(), r.Encode.Seconds()/seconds, float64(r.PerToken().Microseconds())/1000,
					r.Decode.Seconds()/seconds, tail.Seconds(), float64(r.PeakKB)/1024)
			}
		}
	}
	return nil
}

// cpuName is the processor's model name (Linux).
func cpuName() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimLeft(v, " \t:")) + fmt.Sprintf(" (%d cores)", runtime.NumCPU())
		}
	}
	return runtime.GOARCH
}

// peakRSSKB reads the process's peak resident set (Linux); 0 elsewhere.
func peakRSSKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
