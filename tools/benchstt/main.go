// Command benchstt measures speech recognition speed and memory for a
// whisper model file: `make bench-stt MODEL=path/to/ggml-base.bin`.
//
// It transcribes a recording (by default whisper.cpp's jfk.wav, 11 s of
// real speech, repeated to -seconds) and prints the real-time factor
// (processing time / audio time; below 1 is faster than real time), the
// model load time and the process's peak resident memory.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"nevermind/internal/analysis/speech"
	"nevermind/internal/media"
)

func main() {
	model := flag.String("model", "", "whisper ggml model file (required)")
	audio := flag.String("audio", "", "WAV file to transcribe (default: jfk.wav from the whisper bindings module)")
	seconds := flag.Float64("seconds", 30, "repeat the audio to this length")
	lang := flag.String("lang", "en", "language: ko, en or auto")
	threads := flag.Int("threads", runtime.NumCPU(), "decoder threads")
	runs := flag.Int("runs", 3, "transcriptions to time (the model is loaded once)")
	flag.Parse()
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
	if audio == "" {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/ggerganov/whisper.cpp/bindings/go").Output()
		if err != nil {
			return fmt.Errorf("locate jfk.wav: %w (pass -audio FILE.wav)", err)
		}
		audio = filepath.Join(strings.TrimSpace(string(out)), "samples", "jfk.wav")
	}
	a, err := media.Load16kMono(audio)
	if err != nil {
		return err
	}
	x := a.Samples
	for float64(len(x)) < seconds*16000 && len(a.Samples) > 0 {
		x = append(x, a.Samples...)
	}
	if n := int(seconds * 16000); n < len(x) {
		x = x[:n]
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
