package main

import (
	"errors"
	"fmt"

	"nevermind/internal/coach"
	"nevermind/internal/engines"
	"nevermind/internal/models"
)

// cliProblems is the command line's one table of typed errors: each is
// said in English with the command that fixes it. (The app has its own,
// in the user's language with the button that fixes it: ui/problems.go.)
var cliProblems = []struct {
	err  error
	text string
}{
	{engines.ErrNoRuntime, "ONNX Runtime is not available; run `make deps`, or reinstall NEVER MIND"},
	{engines.ErrNotBuilt, "speech recognition is not built into this binary (build with `make build`)"},
	{coach.ErrNoModels, "Ollama has no model installed: run `ollama pull qwen2.5:3b` (small, handles Korean)"},
}

// advice words err for the command line, with the command that fixes it;
// an error the table does not know is said in its own words.
func advice(err error) string {
	var me *engines.ModelError
	var we *engines.WhisperError
	switch {
	case errors.As(err, &me):
		return fmt.Sprintf("model %s %s at %s; run `make deps`, or reinstall NEVER MIND", me.Name, me.State, me.Path)
	case errors.As(err, &we):
		s := ""
		if errors.Is(we.Err, models.ErrWhisperNotInstalled) {
			s = fmt.Sprintf("whisper model %s is not installed: run `nevermind models pull %s`", we.Want, we.Want)
		} else {
			s = "no whisper model is installed: run `nevermind models pull base` (142 MB; small is better for Korean)"
		}
		for _, r := range we.Rejected {
			s += fmt.Sprintf("; %s was not used: %s", r.Path, r.Reason)
		}
		return s
	}
	for _, p := range cliProblems {
		if errors.Is(err, p.err) {
			return p.text
		}
	}
	return err.Error()
}
