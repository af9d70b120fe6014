package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/appdata"
	"nevermind/internal/doctor"
)

func runDoctor(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	host := fs.String("ollama-host", "", "Ollama address (default: OLLAMA_HOST, else 127.0.0.1:11434)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for devices and Ollama")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	r := doctor.Run(context.Background(), doctor.Options{OllamaHost: *host, DeviceTimeout: *timeout})
	for i := range r.Checks {
		r.Checks[i].Fix = doctorFix(r.Checks[i])
	}
	if *asJSON {
		if err := printJSON(stdout, r); err != nil {
			return fail(stderr, err)
		}
	} else {
		printReport(stdout, r)
	}
	if !r.OK {
		return 1
	}
	return 0
}

func printReport(w io.Writer, r doctor.Report) {
	marks := map[doctor.Status]string{doctor.OK: "ok  ", doctor.Warn: "warn", doctor.Fail: "FAIL"}
	for _, c := range r.Checks {
		fmt.Fprintf(w, "[%s] %-34s %s\n", marks[c.Status], c.Name, c.Detail)
		if c.Status != doctor.OK && c.Fix != "" {
			fmt.Fprintf(w, "       %-34s fix: %s\n", "", c.Fix)
		}
	}
	if r.OK {
		fmt.Fprintln(w, "\nThe core works. Warnings turn off only the features they name.")
	} else {
		fmt.Fprintln(w, "\nThe core does not work yet: fix the FAIL lines above.")
	}
}

// doctorFixes is the command line's way out of each problem the system
// check names (doctor.Check.Problem), as a command where there is one;
// args are the check's arguments. (The app says where to click instead:
// ui/doctor.go.)
var doctorFixes = map[string]func(args []string) string{
	"data.fail": func([]string) string { return "set " + appdata.EnvHome + " to a folder you can write to" },
	"data.readonly": func([]string) string {
		return "free some disk space or set " + appdata.EnvHome + " to a writable folder"
	},
	"db.notchecked": func([]string) string { return "fix the data folder first (above)" },
	"db.newer": func([]string) string {
		return "install the newer NEVER MIND that wrote it, or set " + appdata.EnvHome + " to another folder"
	},
	"db.readonly": func(a []string) string {
		return "make " + arg(a, 0) + " writable for your user (it is not damaged), or set " + appdata.EnvHome + " to another folder"
	},
	"db.damaged": func(a []string) string { return "move " + arg(a, 0) + " aside (keep it for recovery) and start again" },
	"db.bank":    func([]string) string { return "this build's question bank is broken; reinstall NEVER MIND" },
	"leftovers.removed": func([]string) string {
		return "nothing to do: an import was interrupted, and what it left has been removed"
	},
	"leftovers.fail": func(a []string) string {
		return "close every NEVER MIND window and run `nevermind doctor` again; or remove the .import-* folders in " + arg(a, 0) + " yourself"
	},
	"onnx.missing": func([]string) string {
		return "run `make deps` (it puts the library in lib/), or set " + onnx.EnvLibrary + "; face, pose and voice-activity models stay off until then"
	},
	"models.broken": func([]string) string { return "reinstall NEVER MIND" },
	"model.error":   func([]string) string { return "run `make deps` to fetch it again" },
	"model.missing": func([]string) string { return "run `make deps` (or `make models`) to fetch it" },
	"model.mismatch": func([]string) string {
		return "delete it and run `make deps` to fetch it again"
	},
	"whisper.notbuilt": func([]string) string {
		return "build with `make build` (whisper tag on); voice metrics still work without a transcript"
	},
	"whisper.nomodel": func([]string) string {
		return "run `nevermind models pull base` (142 MB; `small`, 466 MB, is better for Korean), or copy an official ggml-*.bin into the data folder's models/"
	},
	"whisper.rejected": func(a []string) string {
		return "delete the files not used (" + arg(a, 0) + " in " + arg(a, 1) + "), then `nevermind models pull NAME` to get an official copy"
	},
	"font.missing": func([]string) string {
		return "install a Korean font (Debian/Ubuntu: apt-get install fonts-nanum) or run `make deps`"
	},
	"mic.error": func([]string) string {
		return "check that a microphone is connected and the OS allows this app to use it"
	},
	"mic.none": func([]string) string {
		return "connect a microphone (or headset) and allow access in the OS privacy settings"
	},
	"cam.none": func([]string) string {
		return "connect a webcam and allow access in the OS privacy settings, for gaze, expression and posture feedback"
	},
	"ollama.badhost": func([]string) string { return "fix the address given with --ollama-host or OLLAMA_HOST" },
	"ollama.down": func([]string) string {
		return "install Ollama and run `ollama serve` (then `ollama pull qwen2.5:3b`), or point --ollama-host / OLLAMA_HOST at it; until then questions come from the built-in bank"
	},
	"ollama.nomodels": func([]string) string { return "run `ollama pull qwen2.5:3b` (a small model that handles Korean)" },
}

func arg(a []string, i int) string {
	if i < len(a) {
		return a[i]
	}
	return ""
}

// doctorFix is the command line's fix for a check that is not ok.
func doctorFix(c doctor.Check) string {
	if c.Status == doctor.OK {
		return ""
	}
	if f, ok := doctorFixes[c.Problem]; ok {
		return f(c.Args)
	}
	return ""
}
