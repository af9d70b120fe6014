//go:build whisper

package speech

import (
	"context"
	"math"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nevermind/internal/models"
)

// TestSyntheticModelsLoad: whisper.cpp loads a synthetic model of every
// size's smallest quantisation and of tiny in each quantisation, their
// files are the size of the published ones (within 0.5 %: only the
// vocabulary's spelling differs), and MeasureCost runs the encoder and a
// bounded decoder on one.
func TestSyntheticModelsLoad(t *testing.T) {
	testenv.Long(t)
	published := map[string]int64{ // bytes, whisper.cpp's published files
		"tiny/f16": 77691713, "tiny/q8_0": 43537433, "tiny/q5_1": 32152673,
		"base/q5_1": 59707625,
	}
	dir := t.TempDir()
	tiny, _ := models.LookupShape("tiny")
	base, _ := models.LookupShape("base")
	for _, c := range []struct {
		s models.WhisperShape
		q models.Quant
	}{{tiny, models.F16}, {tiny, models.Q8_0}, {tiny, models.Q5_1}, {base, models.Q5_1}} {
		p, err := models.SyntheticWhisper(dir, c.s, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if err := ProbeModel(p); err != nil {
			t.Errorf("%s %s does not load: %v", c.s.Name, c.q, err)
		}
		fi, _ := os.Stat(p)
		if want := published[c.s.Name+"/"+string(c.q)]; want > 0 {
			if d := float64(fi.Size()-want) / float64(want); d > 0.005 || d < -0.005 {
				t.Errorf("%s %s: %d bytes, the published file has %d", c.s.Name, c.q, fi.Size(), want)
			}
		}
		os.Remove(p)
	}
	p, err := models.SyntheticWhisper(dir, tiny, models.Q5_1)
	if err != nil {
		t.Fatal(err)
	}
	c, err := MeasureCost(p, make([]float32, 16000*35), 2, 8)
	if err != nil {
		t.Fatal(err)
	}
	if c.Windows != 2 || c.Tokens != 16 || c.Encode <= 0 || c.Decode <= 0 {
		t.Errorf("cost %+v: want 2 windows, 16 tokens, both timed", c)
	}
}

// TestStretchPromptOnTheTestModel: a stretch is recognised with the
// fillers prompt followed by the text so far (as engines.OpenSpeech builds
// it, 120 characters of Korean at most), on whisper.cpp's test model: the
// longest prompt the app sends goes through.
func TestStretchPromptOnTheTestModel(t *testing.T) {
	shared := os.Getenv("NEVERMIND_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "..", "shared")
	}
	tr, err := Open(filepath.Join(shared, "testdata", "whisper", "for-tests-ggml-tiny.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	soFar := strings.Repeat("저는 결제 시스템의 응답 시간을 줄였습니다 ", 6)
	prompt := DefaultPrompt("ko") + " " + string([]rune(soFar)[:120])
	x := make([]float32, 16000*3)
	for i := range x {
		x[i] = float32(math.Sin(float64(i)*0.05)) * 0.1
	}
	if _, err := tr.Transcribe(context.Background(), x, Options{Language: "ko", Threads: 1, Prompt: prompt}); err != nil {
		t.Fatalf("a stretch with the longest prompt: %v", err)
	}
}
