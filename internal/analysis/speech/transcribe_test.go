package speech

import (
	"context"
	"errors"
	"math"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestWordsFromTokens(t *testing.T) {
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	tests := []struct {
		name string
		in   []token
		want []Word
	}{
		{"english pieces", []token{{" Um", 0, ms(200), 0.9}, {",", ms(200), ms(250), 0.8}, {" I", ms(300), ms(400), 0.9}, {" manag", ms(400), ms(600), 0.7}, {"ement", ms(600), ms(800), 0.6}},
			[]Word{{"Um,", 0, ms(250), 0.8}, {"I", ms(300), ms(400), 0.9}, {"management", ms(400), ms(800), 0.6}}},
		{"korean pieces", []token{{" 음", 0, ms(300), 0.5}, {" 저", ms(400), ms(500), 0.9}, {"는", ms(500), ms(600), 0.95}},
			[]Word{{"음", 0, ms(300), 0.5}, {"저는", ms(400), ms(600), 0.9}}},
		{"first token without space", []token{{"안녕", 0, ms(100), 1}, {"하세요", ms(100), ms(300), 1}}, []Word{{"안녕하세요", 0, ms(300), 1}}},
		{"whitespace only", []token{{" ", 0, ms(10), 1}}, nil},
		{"empty", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := wordsFromTokens(tc.in)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestPromptsAreShortAndHaveFillers(t *testing.T) {
	for lang, filler := range map[string]string{"ko": "음", "en": "Um", "auto": "음"} {
		p := DefaultPrompt(lang)
		if len([]rune(p)) > 80 || !strings.Contains(p, filler) {
			t.Errorf("%s prompt %q: keep it short and full of fillers", lang, p)
		}
	}
}

func testModel(t *testing.T, name string) string {
	t.Helper()
	shared := os.Getenv("NEVERMIND_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "..", "shared")
	}
	p := filepath.Join(shared, "testdata", "whisper", name)
	if _, err := os.Stat(p); err != nil {
		testenv.Skipf(t, "test model not found at %s (set NEVERMIND_SHARED)", p)
	}
	return p
}

func tone(seconds float64) []float32 {
	x := make([]float32, int(seconds*16000))
	for i := range x {
		x[i] = 0.3 * float32(math.Sin(2*math.Pi*150*float64(i)/16000))
	}
	return x
}

// TestTranscribeWithTestModel runs the whole path (load once, transcribe in
// each language, cancel, close) on whisper.cpp's weightless test model,
// which loads and runs but recognises nothing.
func TestTranscribeWithTestModel(t *testing.T) {
	testenv.Long(t)
	model := testModel(t, "for-tests-ggml-tiny.bin")
	tr, err := Open(model)
	if !Compiled() {
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("without whisper: %v", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	for _, lang := range []string{"ko", "en", "auto", ""} {
		t.Run("lang="+lang, func(t *testing.T) {
			var last int
			got, err := tr.Transcribe(context.Background(), tone(2), Options{Language: lang, Threads: 1, Progress: func(p int) { last = p }})
			if err != nil {
				t.Fatal(err)
			}
			if got.Engine != "whisper.cpp" || got.Model != "for-tests-ggml-tiny.bin" || last != 100 {
				t.Fatalf("transcript %+v, progress %d", got, last)
			}
			if len(got.Segments) != 0 || got.Text() != "" {
				t.Fatalf("the weightless model recognised %q", got.Text())
			}
		})
	}
	if _, err := tr.Transcribe(context.Background(), tone(1), Options{Language: "jp"}); err == nil {
		t.Fatal("language jp accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.Transcribe(ctx, tone(2), Options{Language: "ko"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled transcription: err = %v", err)
	}
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Transcribe(context.Background(), tone(1), Options{}); err == nil {
		t.Fatal("a closed transcriber transcribed")
	}
}

func TestEnglishOnlyModelRefusesKorean(t *testing.T) {
	if !Compiled() {
		testenv.Skip(t, "whisper is not compiled in; `make test` builds with it")
	}
	tr, err := Open(testModel(t, "for-tests-ggml-tiny.en.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if _, err := tr.Transcribe(context.Background(), tone(1), Options{Language: "ko"}); err == nil {
		t.Fatal("an English-only model accepted Korean")
	}
	if _, err := tr.Transcribe(context.Background(), tone(1), Options{Language: "en"}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenMissingModel(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "ggml-none.bin"))
	if err == nil {
		t.Fatal("a missing model opened")
	}
}
