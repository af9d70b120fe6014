package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

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
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
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
