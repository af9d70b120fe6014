package engines

import (
	"context"
	"os"
	"testing"

	"nevermind/internal/analysis/speech"
	"nevermind/internal/models"
	"nevermind/internal/testenv"
)

// TestMeasureFit measures this machine on a synthetic base model: every
// size gets a predicted wait, a catalogue model is recommended for each
// language, and the measuring model is removed afterwards.
func TestMeasureFit(t *testing.T) {
	if !speech.Compiled() {
		testenv.Skip(t, "whisper is not compiled in; `make test` builds with it")
	}
	dir := t.TempDir()
	f, err := MeasureFit(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if f.EncoderMS <= 0 || f.TokenMS <= 0 {
		t.Errorf("measured %+v", f)
	}
	for _, s := range models.WhisperShapes {
		if f.Tail[s.Name]["ko"] <= 0 || f.Tail[s.Name]["en"] <= 0 {
			t.Errorf("no prediction for %s: %v", s.Name, f.Tail[s.Name])
		}
	}
	for _, lang := range []string{"ko", "en"} {
		if _, ok := models.LookupWhisper(f.Recommended[lang]); !ok {
			t.Errorf("recommended for %s: %q, not a catalogue model", lang, f.Recommended[lang])
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	t.Logf("base: %.0f ms per window, %.1f ms per token; recommended %v; tails %v", f.EncoderMS, f.TokenMS, f.Recommended, f.Tail)
}
