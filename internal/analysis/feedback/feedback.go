// Package feedback turns the measurements of one answer into what the user
// reads: scores from 0 to 100 per dimension, timestamped findings with a
// suggestion, and a short summary, in Korean and English. It describes
// observable behaviour only ("you paused 3 times for over 2.5 s"), never a
// state of mind ("nervous"). Every score is a documented formula over the
// numbers shown next to it (docs/FEEDBACK.md); thresholds come from
// docs/METRICS.md.
package feedback

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"nevermind/internal/analysis"
	"nevermind/internal/i18n"
)

// Version is the report format and scoring version. Old attempts keep the
// measurements (metrics JSON), so they can be scored again after an
// upgrade.
//
// Version 2: the answer's length for its kind of question is part of the
// overall, and an answer too short to judge cannot score well overall.
const Version = 2

// Dimensions, in display order: the overall first, then Parts.
var Dimensions = []string{"overall", "voice", "fluency", "pace", "gaze", "expression", "posture", "content"}

// Parts are the dimensions the overall is made of (Dimensions without
// the overall).
var Parts = Dimensions[1:]

// Text is a message in both languages (the app's one bilingual type).
type Text = i18n.Text

// Severity of a finding.
type Severity string

// Severities: info is neutral or good news; minor and major are things to
// work on.
const (
	Info  Severity = "info"
	Minor Severity = "minor"
	Major Severity = "major"
)

// Finding is one observation with its time.
type Finding struct {
	Kind       string   `json:"kind"`
	Dimension  string   `json:"dimension"`
	Start      float64  `json:"start_s"`
	End        float64  `json:"end_s"`
	Severity   Severity `json:"severity"`
	Message    Text     `json:"message"`
	Suggestion Text     `json:"suggestion"`
}

// Score is one dimension's score; Value nil means absent (not measured).
type Score struct {
	Value  *float64 `json:"value"`
	Reason Text     `json:"reason"` // the numbers behind it, or why it is absent
}

// Report is the feedback of one answer.
type Report struct {
	Version  int              `json:"version"`
	Scores   map[string]Score `json:"scores"`
	Findings []Finding        `json:"findings"`
	Summary  Text             `json:"summary"`
}

// History is the user's own past, for comparisons: each dimension's
// scores on earlier attempts, oldest first.
type History map[string][]float64

// Content is the coach's evaluation of what was said.
type Content struct {
	Score    float64 // 0-100
	Reason   Text
	Findings []Finding
}

// Options for Build.
type Options struct {
	// Content, when set, is the content score and its findings (the coach
	// needs the transcript and the question); without it content is absent.
	Content *Content
	// Lang is the answer's language ("ko" or "en"), for the pace band when
	// there is no transcript to say it; "" means Korean.
	Lang    string
	History History
	// Kind is what the answer is to (KindOf), for the length it should
	// have; "" judges length loosely.
	Kind string
}

// Build scores a report and lists its findings.
func Build(r analysis.Report, o Options) Report {
	b := &builder{r: r, o: o, out: Report{Version: Version, Scores: map[string]Score{}, Findings: []Finding{}}}
	b.voice()
	b.fluency()
	b.pace()
	b.gaze()
	b.expression()
	b.posture()
	b.content()
	b.length()
	b.vision()
	b.directions()
	b.overall()
	sort.SliceStable(b.out.Findings, func(i, j int) bool { return b.out.Findings[i].Start < b.out.Findings[j].Start })
	b.summary()
	return b.out
}

type builder struct {
	r   analysis.Report
	o   Options
	out Report
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

func (b *builder) set(dim string, v float64, why Text) {
	v = math.Round(100*clamp01(v/100)*10) / 10
	b.out.Scores[dim] = Score{Value: &v, Reason: why}
}

func (b *builder) absent(dim string, why Text) { b.out.Scores[dim] = Score{Reason: why} }

func (b *builder) add(f Finding) { b.out.Findings = append(b.out.Findings, f) }

// clock formats seconds as m:ss.
func clock(s float64) string {
	s = math.Max(0, s)
	return fmt.Sprintf("%d:%02d", int(s)/60, int(s)%60)
}

// times lists up to four moments.
func times(ss []float64) string {
	var parts []string
	for i, s := range ss {
		if i == 4 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, clock(s))
	}
	return strings.Join(parts, ", ")
}

var noAudio = Text{KO: "음성 녹음이 없어 측정하지 않았어요.", EN: "Not measured: there is no audio."}
var noVideo = Text{KO: "영상이 없어 측정하지 않았어요.", EN: "Not measured: there is no video."}

// hasSpeech reports whether the audio holds speech to judge.
func (b *builder) hasSpeech() bool {
	return b.r.Report != nil && b.r.Report.Voice.SpeechS >= 1
}

// voice = 50 x min(in-range share / 0.7, 1) + 50 x (1 - monotone).
// In-range: voiced frames within -30..-10 dBFS (docs/METRICS.md: >= 70 % good);
// monotone = 1 - min(pitch SD / 2 semitones, 1).
func (b *builder) voice() {
	if b.r.Report == nil {
		b.absent("voice", noAudio)
		return
	}
	v := b.r.Report.Voice
	if !b.hasSpeech() || v.Pitch.VoicedS < 1 {
		b.absent("voice", Text{KO: "말소리가 거의 들리지 않아 측정하지 않았어요.", EN: "Not measured: almost no voice was heard."})
		b.add(Finding{Kind: "no_speech", Dimension: "voice", Severity: Major,
			Message:    Text{KO: "말소리가 거의 들리지 않았어요.", EN: "Almost no speech was heard."},
			Suggestion: Text{KO: "마이크가 켜져 있는지, 올바른 마이크가 선택됐는지 확인해 보세요.", EN: "Check that the microphone is on and the right one is selected."}})
		return
	}
	l, p := v.Loudness, v.Pitch
	score := 50*clamp01(l.InRangeRatio/0.7) + 50*(1-p.Monotone)
	b.set("voice", score, Text{KO: fmt.Sprintf("적정 크기(-30~-10 dBFS) 구간 %.0f%%, 높낮이 변화 %.1f반음", 100*l.InRangeRatio, p.SDSemitones), EN: fmt.Sprintf("%.0f%% of voiced time at a good level (-30 to -10 dBFS), pitch variation %.1f semitones", 100*l.InRangeRatio, p.SDSemitones)})
	switch {
	case l.MeanDBFS < -30:
		b.add(Finding{Kind: "quiet", Dimension: "voice", Severity: Minor, Start: 0,
			Message:    Text{KO: fmt.Sprintf("목소리가 작게 녹음됐어요 (평균 %.0f dBFS).", l.MeanDBFS), EN: fmt.Sprintf("Your voice was recorded quietly (mean %.0f dBFS).", l.MeanDBFS)},
			Suggestion: Text{KO: "마이크에 조금 더 가까이 앉거나, 한 뼘 앞의 사람에게 말하듯 소리를 내 보세요.", EN: "Sit a little closer to the microphone, or speak as if to someone across the table."}})
	case l.MeanDBFS > -10:
		b.add(Finding{Kind: "loud", Dimension: "voice", Severity: Minor,
			Message:    Text{KO: fmt.Sprintf("소리가 크게 녹음됐어요 (평균 %.0f dBFS).", l.MeanDBFS), EN: fmt.Sprintf("Your voice was recorded loud (mean %.0f dBFS).", l.MeanDBFS)},
			Suggestion: Text{KO: "마이크에서 조금 떨어지거나 입력 음량을 낮춰 보세요.", EN: "Move back a little from the microphone, or lower its input level."}})
	}
	if p.SDSemitones < 1.2 {
		b.add(Finding{Kind: "monotone", Dimension: "voice", Severity: Minor,
			Message:    Text{KO: fmt.Sprintf("목소리 높낮이 변화가 작았어요 (%.1f반음).", p.SDSemitones), EN: fmt.Sprintf("Your pitch varied little (%.1f semitones).", p.SDSemitones)},
			Suggestion: Text{KO: "핵심 단어와 숫자에서 목소리를 살짝 올려 강조해 보세요.", EN: "Lift your voice a little on key words and numbers to stress them."}})
	}
}

// fluency = 100 - filler penalty - long-pause penalty - restart penalty.
// Fillers (docs/METRICS.md: < 2 % of words excellent, 2-5 % acceptable): 0
// below 2 %, rising linearly to 30 at 5 % and 60 at 10 %. Without a
// transcript, fillers heard in the audio per minute: 0 at 1.2/min (fluent)
// to 40 at 4.8/min (hesitant). Pauses over 2.5 s: 10 each, at most 40.
// Restarts: 5 each, at most 15.
func (b *builder) fluency() {
	if !b.hasSpeech() {
		b.absent("fluency", noAudio)
		return
	}
	v := b.r.Report.Voice
	var fill float64
	var why Text
	sp := b.r.Speech
	if sp != nil && sp.Available && sp.Words > 0 {
		r := sp.FillerRatio
		switch {
		case r <= 0.02:
		case r <= 0.05:
			fill = 30 * (r - 0.02) / 0.03
		default:
			fill = math.Min(60, 30+30*(r-0.05)/0.05)
		}
		why = Text{KO: fmt.Sprintf("군말 %d개(단어의 %.1f%%)", sp.FillerCount, 100*r), EN: fmt.Sprintf("%s (%.1f%% of words)", i18n.Count(sp.FillerCount, "filler", "fillers"), 100*r)}
	} else {
		min := v.SpeechS / 60
		fpm := 0.0
		if min > 0 {
			fpm = float64(len(v.FilledPauses)) / min
		}
		fill = 40 * clamp01((fpm-1.2)/3.6)
		why = Text{KO: fmt.Sprintf("소리로 들린 군말 %.1f회/분", fpm), EN: fmt.Sprintf("%.1f filled pauses per minute heard in the audio", fpm)}
		if fill > 0 {
			// Each one heard has its moment: the finding names them and ▶
			// plays the first.
			sev := Minor
			if fpm > 4.8 {
				sev = Major
			}
			var at []float64
			for _, f := range v.FilledPauses {
				at = append(at, f.Start)
			}
			first := v.FilledPauses[0]
			b.add(Finding{Kind: "filled_pauses", Dimension: "fluency", Start: first.Start, End: first.End, Severity: sev,
				Message: Text{KO: fmt.Sprintf("'음', '어' 같은 소리가 %d번 들렸어요 (분당 %.1f번; %s).", len(at), fpm, times(at)),
					EN: fmt.Sprintf("Hesitation sounds (um, uh) came %d times (%.1f a minute; %s).", len(at), fpm, times(at))},
				Suggestion: Text{KO: "▶로 들어 보고, 그 자리에서 '음' 대신 입을 닫고 잠깐 멈춰 보세요. 짧은 침묵이 더 또렷하게 들려요.",
					EN: "Hear them with ▶, then in those places close your mouth and pause instead: a short silence sounds clearer."}})
		}
	}
	var long []float64
	for _, p := range v.Pauses {
		if p.End-p.Start > 2.5 {
			long = append(long, p.Start)
			b.add(Finding{Kind: "long_pause", Dimension: "fluency", Start: p.Start, End: p.End, Severity: Minor,
				Message:    Text{KO: fmt.Sprintf("%s에 %.1f초 동안 말이 멈췄어요.", clock(p.Start), p.End-p.Start), EN: fmt.Sprintf("At %s you paused for %.1f s.", clock(p.Start), p.End-p.Start)},
				Suggestion: Text{KO: "생각이 필요하면 '잠시 정리해서 말씀드리겠습니다'라고 말한 뒤, 결론부터 이어가 보세요.", EN: "If you need a moment, say so (\"Let me think about that\"), then continue with your conclusion first."}})
		}
	}
	if len(long) >= 3 {
		for i := range b.out.Findings {
			if b.out.Findings[i].Kind == "long_pause" {
				b.out.Findings[i].Severity = Major
			}
		}
	}
	restarts := 0
	if sp != nil {
		restarts = sp.Restarts
	}
	score := 100 - fill - math.Min(40, 10*float64(len(long))) - math.Min(15, 5*float64(restarts))
	why.KO += fmt.Sprintf(", 2.5초 넘는 멈춤 %d번", len(long))
	why.EN += ", " + i18n.Count(len(long), "pause", "pauses") + " over 2.5 s"
	b.set("fluency", score, why)
	if sp != nil && sp.Available && sp.FillerRatio > 0.02 && len(sp.Fillers) > 0 {
		sev := Minor
		if sp.FillerRatio > 0.05 {
			sev = Major
		}
		var at []float64
		words := map[string]int{}
		for _, f := range sp.Fillers {
			at = append(at, f.Start)
			words[f.Text]++
		}
		top := topWords(words, 3)
		b.add(Finding{Kind: "fillers", Dimension: "fluency", Start: at[0], End: sp.Fillers[len(sp.Fillers)-1].End, Severity: sev,
			Message: Text{KO: fmt.Sprintf("%s 같은 군말이 %d번 나왔어요 (단어의 %.1f%%; %s).", quoteKO(top), sp.FillerCount, 100*sp.FillerRatio, times(at)), EN: fmt.Sprintf("Fillers such as %s came %d times (%.1f%% of words; %s).", quoteEN(top), sp.FillerCount, 100*sp.FillerRatio, times(at))},

			Suggestion: Text{KO: "군말이 나오려 할 때 잠깐 멈추세요. 짧은 침묵이 군말보다 또렷하게 들려요.", EN: "When a filler is coming, pause instead: a short silence sounds clearer than a filler."}})
	}
}

func topWords(m map[string]int, n int) []string {
	var ws []string
	for w := range m {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return m[ws[i]] > m[ws[j]] || (m[ws[i]] == m[ws[j]] && ws[i] < ws[j]) })
	if len(ws) > n {
		ws = ws[:n]
	}
	return ws
}

func quoteKO(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "'" + w + "'"
	}
	return strings.Join(q, ", ")
}

func quoteEN(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "\"" + w + "\""
	}
	return strings.Join(q, ", ")
}

// View is the report in one language, as `nevermind analyze` and the UI
// show it: a score is null when the dimension was not measured.
type View struct {
	Version  int                 `json:"feedback_version"`
	Scores   map[string]*float64 `json:"scores"`
	Reasons  map[string]string   `json:"score_reasons"`
	Findings []ViewFinding       `json:"findings"`
	Summary  string              `json:"summary"`
}

// ViewFinding is a finding in one language.
type ViewFinding struct {
	Kind       string   `json:"kind"`
	Dimension  string   `json:"dimension"`
	Start      float64  `json:"start_s"`
	End        float64  `json:"end_s"`
	Severity   Severity `json:"severity"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion"`
}

// In renders the report in lang.
func (r Report) In(lang i18n.Lang) View {
	v := View{Version: r.Version, Scores: map[string]*float64{}, Reasons: map[string]string{}, Findings: []ViewFinding{}, Summary: r.Summary.In(lang)}
	for _, d := range Dimensions {
		s := r.Scores[d]
		v.Scores[d] = s.Value
		v.Reasons[d] = s.Reason.In(lang)
	}
	for _, f := range r.Findings {
		v.Findings = append(v.Findings, ViewFinding{f.Kind, f.Dimension, f.Start, f.End, f.Severity, f.Message.In(lang), f.Suggestion.In(lang)})
	}
	return v
}
