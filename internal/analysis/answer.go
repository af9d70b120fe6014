// Package analysis joins the engines' results for one recorded answer. The
// voice engine (audio alone), speech recognition and the transcript metrics
// each live in their own package; this one holds the combined report that
// `nevermind analyze` prints and the pipeline will store.
package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"nevermind/internal/analysis/speech"
	"nevermind/internal/analysis/text"
	"nevermind/internal/analysis/voice"
)

// Report is the analysis of one answer. Its JSON field names are a
// contract. The audio part (voice, transcript, speech) is there when the
// answer has audio; the video part (video, face, pose, segments) when it
// has video.
type Report struct {
	*voice.Report
	Transcript *Transcript `json:"transcript"` // nil when no transcript was available
	Speech     *Speech     `json:"speech,omitempty"`
	VideoPart
}

// Transcript is the recognised text with times, in the JSON schema that
// `analyze --transcript` also reads.
type Transcript struct {
	Text     string      `json:"text"`
	Language string      `json:"language"`
	Engine   string      `json:"engine,omitempty"`
	Model    string      `json:"model,omitempty"`
	Segments []TimedText `json:"segments"`
	Words    []TimedText `json:"words"`
}

// TimedText is a segment or word with its times in seconds.
type TimedText struct {
	Start float64 `json:"start_s"`
	End   float64 `json:"end_s"`
	Text  string  `json:"text"`
}

// Speech holds the transcript metrics.
type Speech struct {
	Available     bool        `json:"available"` // false: no transcript; Reason says how to get one
	Reason        string      `json:"reason,omitempty"`
	Rate          SpeechRate  `json:"rate"`
	Words         int         `json:"words"`
	Fillers       []FillerDoc `json:"fillers"`
	FillerCount   int         `json:"filler_count"`
	FillersPerMin float64     `json:"fillers_per_min"`
	FillerRatio   float64     `json:"filler_ratio"`
	Repetitions   int         `json:"repetitions"`
	Restarts      int         `json:"restarts"`
	Hedges        []FillerDoc `json:"hedges"`
}

// SpeechRate is Korean syllables or English words per minute.
type SpeechRate struct {
	SyllablesPerMin    *float64 `json:"syllables_per_min,omitempty"` // Korean
	WordsPerMin        *float64 `json:"words_per_min,omitempty"`     // English
	ArticulationPerMin float64  `json:"articulation_per_min"`
}

// FillerDoc is one filler, hedge, repetition or restart.
type FillerDoc struct {
	Text   string  `json:"text"`
	Start  float64 `json:"start_s"`
	End    float64 `json:"end_s"`
	Kind   string  `json:"kind"`
	Source string  `json:"source"` // "transcript" or "acoustic"
}

func secs(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

// FromSpeech converts a recogniser's transcript.
func FromSpeech(t speech.Transcript) Transcript {
	out := Transcript{Text: t.Text(), Language: t.Language, Engine: t.Engine, Model: t.Model, Segments: []TimedText{}, Words: []TimedText{}}
	for _, s := range t.Segments {
		out.Segments = append(out.Segments, TimedText{secs(s.Start), secs(s.End), strings.TrimSpace(s.Text)})
		for _, w := range s.Words {
			out.Words = append(out.Words, TimedText{secs(w.Start), secs(w.End), w.Text})
		}
	}
	return out
}

// LoadTranscript reads a transcript file in the Transcript JSON schema.
func LoadTranscript(path string) (Transcript, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Transcript{}, err
	}
	var t Transcript
	if err := json.Unmarshal(b, &t); err != nil {
		return t, fmt.Errorf("%s is not a transcript (JSON with text, language, segments and words): %w", path, err)
	}
	if t.Language != "ko" && t.Language != "en" {
		return t, fmt.Errorf("%s: language %q: use ko or en", path, t.Language)
	}
	if len(t.Words) == 0 && strings.TrimSpace(t.Text) != "" {
		return t, fmt.Errorf("%s: the transcript has text but no words with times", path)
	}
	for i, w := range t.Words {
		if w.End < w.Start || w.Start < 0 || math.IsNaN(w.Start) || math.IsNaN(w.End) {
			return t, fmt.Errorf("%s: word %d (%q) has impossible times %.3f-%.3f", path, i+1, w.Text, w.Start, w.End)
		}
	}
	return t, nil
}

// Unavailable is the Speech section when there is no transcript: the filled
// pauses heard in the audio still count.
func Unavailable(reason string, v voice.Report) Speech {
	sp := Speech{Reason: reason, Fillers: []FillerDoc{}, Hedges: []FillerDoc{}}
	for _, f := range v.Voice.FilledPauses {
		sp.Fillers = append(sp.Fillers, FillerDoc{Text: "(음/um)", Start: f.Start, End: f.End, Kind: "filler", Source: "acoustic"})
	}
	sp.FillerCount = len(sp.Fillers)
	if span := v.SpeechSpan(); span > 0 {
		sp.FillersPerMin = math.Round(float64(sp.FillerCount)/span*60*10) / 10
	}
	return sp
}

// SpeechMetrics measures the transcript and merges its fillers with the
// filled pauses the voice engine heard, each moment once.
func SpeechMetrics(t Transcript, v voice.Report) Speech {
	tt := text.Transcript{Language: t.Language}
	for _, w := range t.Words {
		sp := text.SpanFromSeconds(w.Start, w.End)
		tt.Words = append(tt.Words, text.Word{Text: w.Text, Start: sp.Start, End: sp.End})
	}
	var acoustic, pauses []text.Span
	for _, f := range v.Voice.FilledPauses {
		acoustic = append(acoustic, text.SpanFromSeconds(f.Start, f.End))
	}
	for _, p := range v.Voice.Pauses {
		pauses = append(pauses, text.SpanFromSeconds(p.Start, p.End))
	}
	r := text.Analyze(tt, acoustic, pauses)
	sp := Speech{Available: true, Words: r.Words, FillerCount: r.FillerCount, FillersPerMin: round1(r.FillersPerMin),
		FillerRatio: math.Round(r.FillerRatio*1000) / 1000, Repetitions: r.Repetitions, Restarts: r.Restarts,
		Fillers: []FillerDoc{}, Hedges: []FillerDoc{}}
	sp.Rate.ArticulationPerMin = round1(r.ArticulationPerMin)
	if t.Language == "ko" {
		v := round1(r.SyllablesPerMin)
		sp.Rate.SyllablesPerMin = &v
	} else {
		v := round1(r.WordsPerMin)
		sp.Rate.WordsPerMin = &v
	}
	for _, f := range r.Fillers {
		sp.Fillers = append(sp.Fillers, FillerDoc{f.Text, secs(f.Start), secs(f.End), f.Kind, f.Source})
	}
	for _, f := range r.Hedges {
		sp.Hedges = append(sp.Hedges, FillerDoc{f.Text, secs(f.Start), secs(f.End), f.Kind, f.Source})
	}
	return sp
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
