package main

import (
	"os"
	"path/filepath"
	"testing"

	"nevermind/internal/analysis/speech"
	"nevermind/internal/testenv"
)

// TestHarnessRunsOnTestModel proves the bench-stt harness end to end on
// whisper.cpp's weightless test model (real weights cannot be fetched here).
func TestHarnessRunsOnTestModel(t *testing.T) {
	if !speech.Compiled() {
		testenv.Skip(t, "whisper is not compiled in; `make test` builds with it")
	}
	shared := os.Getenv("NEVERMIND_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	model := filepath.Join(shared, "testdata", "whisper", "for-tests-ggml-tiny.bin")
	if _, err := os.Stat(model); err != nil {
		testenv.Skipf(t, "test model not found at %s (set NEVERMIND_SHARED)", model)
	}
	if err := run(model, "", 3, "en", 1, 1); err != nil {
		t.Fatal(err)
	}
	if err := run("", "", 3, "en", 1, 1); err == nil {
		t.Fatal("no model accepted")
	}
	if err := run(model, filepath.Join(t.TempDir(), "none.wav"), 3, "en", 1, 1); err == nil {
		t.Fatal("a missing audio file accepted")
	}
}
