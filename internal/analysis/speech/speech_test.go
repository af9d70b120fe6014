package speech

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFindModels(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, f := range []string{filepath.Join(a, "models", "ggml-base.bin"), filepath.Join(b, "models", "ggml-base.bin"), filepath.Join(b, "models", "ggml-tiny.en.bin"), filepath.Join(b, "models", "notes.txt")} {
		os.MkdirAll(filepath.Dir(f), 0o755)
		os.WriteFile(f, []byte("x"), 0o644)
	}
	ms := FindModels([]string{a, b})
	if len(ms) != 2 || ms[0].Name != "base" || filepath.Dir(filepath.Dir(ms[0].Path)) != a || ms[1].Name != "tiny.en" {
		t.Fatalf("models = %+v", ms)
	}
}

// TestProbeModel loads whisper.cpp's own weightless test model when whisper
// is compiled in, and expects ErrUnavailable otherwise.
func TestProbeModel(t *testing.T) {
	shared := os.Getenv("NEVERMIND_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "..", "shared")
	}
	model := filepath.Join(shared, "testdata", "whisper", "for-tests-ggml-tiny.bin")
	if _, err := os.Stat(model); err != nil {
		t.Skipf("test model not found at %s (set NEVERMIND_SHARED)", model)
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
