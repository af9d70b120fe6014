// Package text measures what was said: speaking rate (Korean syllables or
// English words per minute, and articulation rate with pauses removed),
// fillers ("음", "어", "그", "um", "like", "you know"), repetitions,
// restarts and hedges, from a time-stamped transcript. Korean first,
// English second; the filler lists and reference ranges follow the
// project's docs/METRICS.md, section "Speech (from the transcript)".
//
// Everything here is pure Go and deterministic; no function panics on any
// input, and every rate is a finite number (0 when there is no time to
// divide by).
package text

import (
	"math"
	"sort"
	"strings"
	"time"
)

// Word is a recognised word (or whisper token, see MergeTokens) with its
// times from the start of the recording. Text may carry whisper's leading
// space and punctuation (" 음,", "Um,", "like..."); Analyze normalises it.
type Word struct {
	Text       string
	Start, End time.Duration
}

// Transcript is one answer as recognised words. Language is "ko" or "en";
// anything else (or empty) is guessed from the script of the words.
type Transcript struct {
	Language string
	Words    []Word
}

// Filler is one disfluency: a filler, a repetition, a restart or a hedge
// (see the Kind constants), found in the transcript or only in the audio
// (see the Source constants). Text is the normalised token or phrase ("그
// 뭐냐", "you know"), or AcousticText for an acoustic one.
type Filler struct {
	Text       string
	Start, End time.Duration
	Kind       string
	Source     string
}

// Span is a stretch of time from the start of the recording: a filled pause
// heard by the voice engine, or a silent pause it found.
type Span struct {
	Start, End time.Duration
}

// SpanFromSeconds makes a Span from seconds, the unit of the voice
// engine's report.
func SpanFromSeconds(start, end float64) Span {
	conv := func(s float64) time.Duration {
		d := s * float64(time.Second)
		if math.IsNaN(d) || math.IsInf(d, 0) || math.Abs(d) > math.MaxInt64/2 {
			return 0
		}
		return time.Duration(d)
	}
	return Span{Start: conv(start), End: conv(end)}
}

// Report is what Analyze measures in one answer.
type Report struct {
	// Language is "ko" or "en", as given or guessed.
	Language string
	// Words counts the tokens that are not fillers: a Korean word with its
	// particles ("저는") is one word; repeated and restarted words count
	// (they were said and took time), filler tokens do not.
	Words int
	// Syllables counts Hangul blocks in the non-filler tokens (Korean only;
	// numbers written in digits and Latin words add nothing).
	Syllables int
	// SyllablesPerMin is Syllables over the speaking span, from the first
	// word's start to the last word's end (Korean only, 0 for English).
	SyllablesPerMin float64
	// WordsPerMin is Words over the speaking span (English only, 0 for
	// Korean).
	WordsPerMin float64
	// ArticulationPerMin is Syllables (ko) or Words (en) per minute of
	// speaking time: the speaking span without the silent gaps between
	// consecutive words of PauseGap or more and without the pause spans
	// passed to Analyze. Time spent on fillers stays in.
	ArticulationPerMin float64
	// Fillers lists every disfluency in time order: fillers, repetitions
	// and restarts, from the transcript and from the audio, each moment
	// once. Hedges are not in it.
	Fillers []Filler
	// FillerCount counts the Fillers of Kind "filler": each transcript
	// filler token or phrase ("you know" is one), plus each acoustic filled
	// pause that no transcript filler overlaps (within 100 ms).
	FillerCount int
	// FillersPerMin is FillerCount per minute of the span from the first
	// word (or acoustic filler) to the last.
	FillersPerMin float64
	// FillerRatio is FillerCount / (Words + FillerCount): the share of
	// everything said that was a filler, 0..1 (docs/METRICS.md targets: < 0.02
	// excellent, 0.02-0.05 acceptable).
	FillerRatio float64
	// Repetitions and Restarts count the Fillers of those kinds.
	Repetitions, Restarts int
	// Hedges lists hedges in time order; they are not fillers.
	Hedges []Filler
}

// mergeWindow is how close an acoustic filled pause may be to a transcript
// filler and still be the same moment.
const mergeWindow = 100 * time.Millisecond

// Analyze measures one answer. acoustic holds the filled pauses the voice
// engine heard (whisper often drops "음/um", docs/METRICS.md); pauses holds its
// silent pauses, used to remove silence from the articulation rate and as
// pause context for fillers. Either may be nil. Words are taken as words:
// for raw whisper tokens, call MergeTokens first.
func Analyze(t Transcript, acoustic []Span, pauses []Span) Report {
	toks := tokensFromWords(t.Words)
	lang := resolveLanguage(t.Language, toks)
	acoustic = cleanSpans(acoustic)
	pauses = cleanSpans(pauses)

	marks, hedgeMarks := detect(lang, toks, pauses, acoustic)
	r := Report{Language: lang}

	isFiller := make([]bool, len(toks))
	var fillers []Filler
	for _, m := range marks {
		fillers = append(fillers, fillerOf(toks, m))
		if m.kind == KindFiller {
			for k := m.i; k < m.i+m.n; k++ {
				isFiller[k] = true
			}
		}
	}
	for _, m := range hedgeMarks {
		r.Hedges = append(r.Hedges, fillerOf(toks, m))
	}
	sortFillers(r.Hedges)

	for i, tk := range toks {
		if isFiller[i] {
			continue
		}
		r.Words++
		if lang == "ko" {
			r.Syllables += hangulSyllables(tk.text)
		}
	}

	r.Fillers = mergeAcoustic(fillers, acoustic)
	for _, f := range r.Fillers {
		switch f.Kind {
		case KindFiller:
			r.FillerCount++
		case KindRepetition:
			r.Repetitions++
		case KindRestart:
			r.Restarts++
		}
	}

	first, last, ok := speakingSpan(toks)
	if ok {
		span := last - first
		art := span - removedTime(toks, pauses, first, last)
		units := r.Words
		if lang == "ko" {
			units = r.Syllables
			r.SyllablesPerMin = perMinute(units, span)
		} else {
			r.WordsPerMin = perMinute(units, span)
		}
		r.ArticulationPerMin = perMinute(units, art)
	}
	fFirst, fLast, fOK := first, last, ok
	for _, a := range acoustic {
		if !fOK {
			fFirst, fLast, fOK = a.Start, a.End, true
		}
		fFirst, fLast = min(fFirst, a.Start), max(fLast, a.End)
	}
	if fOK {
		r.FillersPerMin = perMinute(r.FillerCount, fLast-fFirst)
	}
	if total := r.Words + r.FillerCount; total > 0 {
		r.FillerRatio = float64(r.FillerCount) / float64(total)
	}
	return r
}

// resolveLanguage maps the transcript's language to "ko" or "en", guessing
// from the letters when it is neither.
func resolveLanguage(lang string, toks []token) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	switch {
	case strings.HasPrefix(l, "ko"):
		return "ko"
	case strings.HasPrefix(l, "en"):
		return "en"
	}
	var h, lat int
	for _, t := range toks {
		a, b := hangulLatin(t.text)
		h += a
		lat += b
	}
	if h > 0 && h >= lat {
		return "ko"
	}
	return "en"
}

// fillerOf turns a mark into a transcript Filler.
func fillerOf(toks []token, m mark) Filler {
	words := make([]string, 0, m.n)
	start, end := toks[m.i].start, toks[m.i].end
	for k := m.i; k < m.i+m.n; k++ {
		words = append(words, toks[k].text)
		start, end = min(start, toks[k].start), max(end, toks[k].end)
	}
	return Filler{Text: strings.Join(words, " "), Start: start, End: end, Kind: m.kind, Source: SourceTranscript}
}

// cleanSpans drops empty spans, swaps reversed ones, sorts them and joins
// overlapping ones, so that each moment appears once.
func cleanSpans(in []Span) []Span {
	out := make([]Span, 0, len(in))
	for _, s := range in {
		if s.End < s.Start {
			s.Start, s.End = s.End, s.Start
		}
		if s.End > s.Start {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// mergeAcoustic adds the acoustic filled pauses that no transcript filler
// covers: one that overlaps a transcript filler, or comes within
// mergeWindow of one, is the same moment and is dropped (the transcript one
// is kept). The result is in time order.
func mergeAcoustic(fillers []Filler, acoustic []Span) []Filler {
	out := append([]Filler(nil), fillers...)
	for _, a := range acoustic {
		same := false
		for _, f := range fillers {
			if f.Kind == KindFiller && a.Start <= f.End+mergeWindow && f.Start <= a.End+mergeWindow {
				same = true
				break
			}
		}
		if !same {
			out = append(out, Filler{Text: AcousticText, Start: a.Start, End: a.End, Kind: KindFiller, Source: SourceAcoustic})
		}
	}
	sortFillers(out)
	return out
}

// sortFillers orders fillers by start, then end.
func sortFillers(fs []Filler) {
	sort.SliceStable(fs, func(a, b int) bool {
		if fs[a].Start != fs[b].Start {
			return fs[a].Start < fs[b].Start
		}
		return fs[a].End < fs[b].End
	})
}

// speakingSpan is the time from the first token's start to the last
// token's end.
func speakingSpan(toks []token) (first, last time.Duration, ok bool) {
	if len(toks) == 0 {
		return 0, 0, false
	}
	first, last = toks[0].start, toks[0].end
	for _, t := range toks {
		first, last = min(first, t.start), max(last, t.end)
	}
	return first, last, true
}

// removedTime is the silence inside [first, last]: gaps of PauseGap or more
// between consecutive tokens, and the pause spans, each instant once.
func removedTime(toks []token, pauses []Span, first, last time.Duration) time.Duration {
	sorted := append([]token(nil), toks...)
	sort.SliceStable(sorted, func(a, b int) bool { return sorted[a].start < sorted[b].start })
	var gaps []Span
	reach := sorted[0].end
	for _, t := range sorted[1:] {
		if t.start-reach >= PauseGap {
			gaps = append(gaps, Span{Start: reach, End: t.start})
		}
		reach = max(reach, t.end)
	}
	for _, p := range pauses {
		s, e := max(p.Start, first), min(p.End, last)
		if e > s {
			gaps = append(gaps, Span{Start: s, End: e})
		}
	}
	var total time.Duration
	for _, g := range cleanSpans(gaps) {
		total += g.End - g.Start
	}
	return total
}

// perMinute is n per minute of d, or 0 when d is not positive.
func perMinute(n int, d time.Duration) float64 {
	if d <= 0 || n <= 0 {
		return 0
	}
	v := float64(n) / d.Minutes()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
