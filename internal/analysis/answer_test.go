package analysis

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nevermind/internal/analysis/voice"
)

func writeJSON(t *testing.T, v any) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "t.json")
	b, _ := json.Marshal(v)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func koTranscript() Transcript {
	return Transcript{Text: "음, 저는 그 회사에 그, 지원했습니다", Language: "ko",
		Segments: []TimedText{{0.3, 3.0, "음, 저는 그 회사에 그, 지원했습니다"}},
		Words:    []TimedText{{0.3, 0.6, "음,"}, {0.9, 1.2, "저는"}, {1.2, 1.4, "그"}, {1.4, 1.8, "회사에"}, {1.8, 2.0, "그,"}, {2.4, 3.0, "지원했습니다"}}}
}

func TestLoadTranscript(t *testing.T) {
	good := writeJSON(t, koTranscript())
	if tr, err := LoadTranscript(good); err != nil || len(tr.Words) != 6 {
		t.Fatalf("good transcript: %+v, %v", tr, err)
	}
	bad := []struct {
		name string
		doc  any
		want string
	}{
		{"language", Transcript{Text: "x", Language: "fr", Words: []TimedText{{0, 1, "x"}}}, "use ko or en"},
		{"text without words", Transcript{Text: "저는", Language: "ko"}, "no words"},
		{"backwards times", Transcript{Text: "저는", Language: "ko", Words: []TimedText{{2, 1, "저는"}}}, "impossible times"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := LoadTranscript(writeJSON(t, tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	junk := filepath.Join(t.TempDir(), "junk.json")
	os.WriteFile(junk, []byte("{not json"), 0o600)
	if _, err := LoadTranscript(junk); err == nil || !strings.Contains(err.Error(), "not a transcript") {
		t.Fatalf("junk: %v", err)
	}
}

// TestSpeechMetricsMergesAcousticFillers: a filled pause the audio engine
// heard at the same moment as the transcript's "음" counts once; one the
// recogniser dropped is added from the audio.
func TestSpeechMetricsMergesAcousticFillers(t *testing.T) {
	var v voice.Report
	v.Voice.Segments = []voice.Span{{Start: 0.3, End: 3.0}}
	v.Voice.FilledPauses = []voice.Span{{Start: 0.32, End: 0.58}, {Start: 2.12, End: 2.36}}
	sp := SpeechMetrics(koTranscript(), v)
	if !sp.Available || sp.Rate.SyllablesPerMin == nil || sp.Rate.WordsPerMin != nil {
		t.Fatalf("speech = %+v", sp)
	}
	var transcriptN, acousticN int
	for _, f := range sp.Fillers {
		switch f.Source {
		case "transcript":
			if f.Kind == "filler" {
				transcriptN++
			}
		case "acoustic":
			acousticN++
		}
	}
	if transcriptN != 2 || acousticN != 1 || sp.FillerCount != 3 {
		t.Fatalf("fillers %+v (count %d): want 음 and 그 from the transcript and one acoustic, each moment once", sp.Fillers, sp.FillerCount)
	}
	// 12 syllables (음 and the filler 그 excluded) over 2.7 s.
	if got := *sp.Rate.SyllablesPerMin; got < 260 || got > 275 {
		t.Fatalf("syllables/min = %.1f, want about 267", got)
	}
}

func TestUnavailableKeepsAcousticFillers(t *testing.T) {
	var v voice.Report
	v.Voice.Segments = []voice.Span{{Start: 0, End: 30}}
	v.Voice.FilledPauses = []voice.Span{{Start: 3, End: 3.4}}
	sp := Unavailable("no whisper model", v)
	if sp.Available || sp.Reason == "" || sp.FillerCount != 1 || sp.Fillers[0].Source != "acoustic" || sp.FillersPerMin != 2 {
		t.Fatalf("%+v", sp)
	}
	b, _ := json.Marshal(Report{Report: &v, Speech: &sp})
	if !strings.Contains(string(b), `"transcript":null`) || !strings.Contains(string(b), `"available":false`) || strings.Contains(string(b), `"face"`) {
		t.Fatalf("json: %s", b)
	}
}
