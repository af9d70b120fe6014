package speech

import (
	"errors"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"testing"
)

// TestProbeModel loads whisper.cpp's own weightless test model when whisper
// is compiled in, and expects ErrUnavailable otherwise.
func TestProbeModel(t *testing.T) {
	shared := os.Getenv("NEVERMIND_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "..", "shared")
	}
	model := filepath.Join(shared, "testdata", "whisper", "for-tests-ggml-tiny.bin")
	if _, err := os.Stat(model); err != nil {
		testenv.Skipf(t, "test model not found at %s (set NEVERMIND_SHARED)", model)
	}
	err := ProbeModel(model)
	if !Compiled() {
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("without whisper: err = %v", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("load test model: %v", err)
	}
	if SystemInfo() == "" {
		t.Error("empty system info")
	}
	bad := filepath.Join(t.TempDir(), "ggml-bad.bin")
	os.WriteFile(bad, []byte("not a model"), 0o644)
	if err := ProbeModel(bad); err == nil {
		t.Fatal("a damaged model loaded")
	}
}
