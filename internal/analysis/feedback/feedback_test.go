package feedback

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/analysis/voice"
)

func voiceReport() *voice.Report {
	v := &voice.Report{DurationS: 62}
	v.Voice.SpeechS = 50
	v.Voice.LeadingSilenceS = 1
	v.Voice.Segments = []voice.Span{{Start: 1, End: 12}, {Start: 15.2, End: 31}, {Start: 34, End: 40}, {Start: 44.5, End: 61}}
	v.Voice.Pauses = []voice.Span{{Start: 12, End: 15.2}, {Start: 31, End: 34}, {Start: 40, End: 44.5}, {Start: 20, End: 20.5}}
	v.Voice.Pitch = voice.Pitch{VoicedS: 30, MedianHz: 180, SDSemitones: 2.4, Monotone: 0}
	v.Voice.Loudness = voice.Loudness{MeanDBFS: -20, SDDB: 4, InRangeRatio: 0.8}
	v.Voice.Rate = voice.Rate{SyllablesPerMin: 280}
	return v
}

func val(t *testing.T, r Report, dim string) float64 {
	t.Helper()
	s, ok := r.Scores[dim]
	if !ok || s.Value == nil {
		t.Fatalf("%s absent: %+v", dim, s.Reason)
	}
	return *s.Value
}

func TestScoresFromKnownNumbers(t *testing.T) {
	r := Build(analysis.Report{Report: voiceReport()}, Options{Lang: "ko"})
	// voice: 50 x min(0.8/0.7, 1) + 50 x (1 - 0) = 100.
	if v := val(t, r, "voice"); v != 100 {
		t.Errorf("voice %.1f, want 100", v)
	}
	// fluency: no fillers heard; three pauses over 2.5 s: 100 - 30.
	if v := val(t, r, "fluency"); v != 70 {
		t.Errorf("fluency %.1f, want 70", v)
	}
	// pace: 280 syllables/min is inside 250-330.
	if v := val(t, r, "pace"); v != 100 {
		t.Errorf("pace %.1f, want 100", v)
	}
	for _, d := range []string{"gaze", "expression", "posture", "content"} {
		if s := r.Scores[d]; s.Value != nil || s.Reason.KO == "" || s.Reason.EN == "" {
			t.Errorf("%s should be absent with a reason: %+v", d, s)
		}
	}
	// overall: delivery (0.15 x 100 + 0.2 x 70 + 0.15 x 100) / 0.5 = 88,
	// blended with the length (60 s, inside 30 s to 2 min: 100):
	// 0.8 x 88 + 0.2 x 100 = 90.4.
	if v := val(t, r, "overall"); math.Abs(v-90.4) > 0.05 {
		t.Errorf("overall %.1f, want 90.4", v)
	}
	var pauses []Finding
	for _, f := range r.Findings {
		if f.Kind == "long_pause" {
			pauses = append(pauses, f)
		}
	}
	if len(pauses) != 3 || pauses[0].Start != 12 || pauses[1].Start != 31 || pauses[2].Start != 40 || pauses[0].Severity != Major {
		t.Fatalf("long pauses %+v", pauses)
	}
	if !strings.Contains(pauses[0].Message.KO, "0:12") || !strings.Contains(pauses[0].Message.EN, "3.2 s") {
		t.Errorf("messages %+v", pauses[0].Message)
	}
}

func TestPaceBands(t *testing.T) {
	for _, c := range []struct {
		spm, want float64
		kind      string
	}{{215, 50, "slow"}, {250, 100, ""}, {365, 50, "fast"}, {420, 0, "fast"}} {
		v := voiceReport()
		v.Voice.Rate.SyllablesPerMin = c.spm
		r := Build(analysis.Report{Report: v}, Options{Lang: "ko"})
		if got := val(t, r, "pace"); math.Abs(got-c.want) > 0.05 {
			t.Errorf("%.0f SPM: pace %.1f, want %.0f", c.spm, got, c.want)
		}
		found := ""
		for _, f := range r.Findings {
			if f.Dimension == "pace" {
				found = f.Kind
			}
		}
		if found != c.kind {
			t.Errorf("%.0f SPM: finding %q, want %q", c.spm, found, c.kind)
		}
	}
}

func TestVisionFindingsAndScores(t *testing.T) {
	face := &vision.FaceSummary{PresentRatio: 0.9, FrontalRatio: 0.75, SmileRatio: 0.1, BlinksPerMin: 18}
	pose := &vision.PoseSummary{PresentRatio: 0.9, SlouchRatio: 0.25, ShoulderTiltDeg: vision.Stat{Mean: 5, Max: 9}, HandFaceTouches: 1, Sway: 0.02}
	segs := []vision.Segment{{Kind: "no_face", Start: 6, End: 9.5}, {Kind: "looking_away", Start: 20, End: 22},
		{Kind: "touching_face", Start: 30, End: 30.6}}
	for i := 0; i < 5; i++ {
		segs = append(segs, vision.Segment{Kind: "slouching", Start: 40 + 3*float64(i), End: 41.5 + 3*float64(i)})
	}
	r := Build(analysis.Report{Report: voiceReport(), VideoPart: analysis.VideoPart{Face: face, Pose: pose, Segments: segs}}, Options{})
	// gaze: (0.75 - 0.3) / 0.6 = 75; expression: 40 + 60 x 0.5 = 70;
	// posture: 100 - 25 - 10 - 10 - 0 = 55.
	for d, want := range map[string]float64{"gaze": 75, "expression": 70, "posture": 55} {
		if got := val(t, r, d); math.Abs(got-want) > 0.05 {
			t.Errorf("%s %.1f, want %.0f", d, got, want)
		}
	}
	kinds := map[string][]Finding{}
	for _, f := range r.Findings {
		kinds[f.Kind] = append(kinds[f.Kind], f)
	}
	if f := kinds["no_face"]; len(f) != 1 || f[0].Start != 6 || f[0].End != 9.5 || f[0].Severity != Major ||
		f[0].Message.KO != "0:06~0:09 얼굴이 화면에 보이지 않았어요." || f[0].Message.EN != "From 0:06 to 0:09, your face was not in the picture." {
		t.Errorf("no_face %+v", f)
	}
	// Five slouches become one finding listing the times.
	if f := kinds["slouching"]; len(f) != 1 || f[0].Start != 40 || f[0].End != 53.5 || !strings.Contains(f[0].Message.KO, "5번(0:40, 0:43, 0:46, 0:49, …)") {
		t.Errorf("slouching %+v", f)
	}
	for i := 1; i < len(r.Findings); i++ {
		if r.Findings[i].Start < r.Findings[i-1].Start {
			t.Fatal("findings are not in time order")
		}
	}
}

// TestKindWords: summaries and findings describe behaviour, never a state
// of mind.
func TestKindWords(t *testing.T) {
	v := voiceReport()
	v.Voice.Loudness.MeanDBFS = -35
	v.Voice.Pitch.SDSemitones, v.Voice.Pitch.Monotone = 0.8, 0.6
	r := Build(analysis.Report{Report: v, VideoPart: analysis.VideoPart{Face: &vision.FaceSummary{PresentRatio: 1, FrontalRatio: 0.4}}},
		Options{History: History{"overall": {50, 60, 70}}})
	b, _ := json.Marshal(r)
	all := strings.ToLower(string(b))
	for _, bad := range []string{"nervous", "confiden", "anxious", "긴장", "자신감", "불안"} {
		if strings.Contains(all, bad) {
			t.Errorf("report uses %q", bad)
		}
	}
	if r.Summary.KO == "" || r.Summary.EN == "" || !strings.Contains(r.Summary.KO, "지난 3번의 평균(60점)") || !strings.Contains(r.Summary.EN, "last 3 attempts (60)") {
		t.Errorf("summary %+v", r.Summary)
	}
	t.Logf("KO: %s\nEN: %s", r.Summary.KO, r.Summary.EN)
	// Against one earlier attempt there is no average, and no "1 attempts".
	r = Build(analysis.Report{Report: v}, Options{History: History{"overall": {60}}})
	if !strings.Contains(r.Summary.KO, "지난번(60점)") || !strings.Contains(r.Summary.EN, "your last attempt (60)") || strings.Contains(r.Summary.EN, "1 attempts") {
		t.Errorf("against one attempt: %+v", r.Summary)
	}
}

func TestContentFromTheCoach(t *testing.T) {
	c := &Content{Score: 80, Reason: Text{KO: "STAR 4/4", EN: "STAR 4/4"}, Findings: []Finding{{Kind: "content_specificity", Severity: Minor, Message: Text{KO: "숫자가 없어요", EN: "No numbers"}}}}
	r := Build(analysis.Report{Report: voiceReport()}, Options{Content: c})
	if v := val(t, r, "content"); v != 80 {
		t.Errorf("content %.1f", v)
	}
	found := false
	for _, f := range r.Findings {
		found = found || (f.Kind == "content_specificity" && f.Dimension == "content")
	}
	if !found {
		t.Error("content finding missing")
	}
}

func TestNothingMeasured(t *testing.T) {
	r := Build(analysis.Report{}, Options{})
	if r.Scores["overall"].Value != nil || r.Summary.KO == "" {
		t.Fatalf("%+v", r)
	}
}

// TestEmptyTranscriptFallsBackToTheAudio: a recogniser that heard no words
// must not make the pace 0.
func TestEmptyTranscriptFallsBackToTheAudio(t *testing.T) {
	zero := 0.0
	sp := analysis.Speech{Available: true, Words: 0}
	sp.Rate.SyllablesPerMin = &zero
	r := Build(analysis.Report{Report: voiceReport(), Transcript: &analysis.Transcript{Language: "ko"}, Speech: &sp}, Options{})
	if v := val(t, r, "pace"); v != 100 {
		t.Errorf("pace %.1f with an empty transcript; the audio says 280 syllables/min", v)
	}
}

// goodDelivery is an answer of d seconds delivered well: a good level and
// lively pitch, no fillers, no long pause, a comfortable pace.
func goodDelivery(d float64) *voice.Report {
	v := &voice.Report{DurationS: d + 1}
	if d <= 0 {
		return v
	}
	v.Voice.SpeechS = 0.85 * d
	v.Voice.Segments = []voice.Span{{Start: 0.5, End: 0.5 + d}}
	v.Voice.Pitch = voice.Pitch{VoicedS: 0.6 * d, MedianHz: 180, SDSemitones: 2.4}
	v.Voice.Loudness = voice.Loudness{MeanDBFS: -20, SDDB: 4, InRangeRatio: 0.8}
	v.Voice.Rate = voice.Rate{SyllablesPerMin: 280}
	return v
}

// TestLengthIsPartOfTheOverall: per kind of question, an empty answer has
// no overall, a very short one is capped low and says why first, a short
// one loses some, the right length scores full, a rambling one loses some
// again. The numbers are docs/FEEDBACK.md's table.
func TestLengthIsPartOfTheOverall(t *testing.T) {
	overall := func(kind string, d float64) (float64, Report) {
		r := Build(analysis.Report{Report: goodDelivery(d)}, Options{Lang: "ko", Kind: kind})
		if s := r.Scores["overall"]; s.Value != nil {
			return *s.Value, r
		}
		return -1, r
	}
	for _, kind := range []string{KindGeneral, KindIntro, KindExperience, KindShort, KindSituational} {
		b := BandOf(kind)
		lengths := []float64{0, 4, (b.Min + b.Lo) / 2, (b.Lo + b.Hi) / 2, 2 * b.Hi}
		var got []float64
		for _, d := range lengths {
			v, r := overall(kind, d)
			got = append(got, v)
			if d > 0 && d < b.Min && !strings.Contains(r.Summary.KO, "너무 짧아서") {
				t.Errorf("%q %.0f s: the summary does not start with the length: %s", kind, d, r.Summary.KO)
			}
		}
		t.Logf("| %-11s | %s | %.0f | %.1f (%.0f s) | %.1f (%.0f s) | %.1f (%.0f s) | %.1f (%.0f s) |", kind, "–", 0.0,
			got[1], lengths[1], got[2], lengths[2], got[3], lengths[3], got[4], lengths[4])
		if got[0] != -1 {
			t.Errorf("%q: an empty answer has an overall score %.1f", kind, got[0])
		}
		if !(got[1] < got[2] && got[2] < got[3] && got[4] < got[3]) {
			t.Errorf("%q: overall by length %v does not rise to the band and fall past it", kind, got)
		}
		if got[3] < 95 {
			t.Errorf("%q: a well-delivered answer of the right length scores %.1f", kind, got[3])
		}
	}
	// The acceptance line: 4 s against a well-formed 20 s answer to an
	// experience question.
	four, _ := overall(KindExperience, 4)
	twenty, _ := overall(KindExperience, 20)
	if four > 60 || twenty-four < 15 {
		t.Errorf("experience question: 4 s scores %.1f, 20 s %.1f", four, twenty)
	}
	if _, r := overall(KindExperience, 4); !strings.Contains(r.Scores["overall"].Reason.KO, "전달력") || !strings.Contains(r.Scores["overall"].Reason.EN, "3 of 7 measured") {
		t.Errorf("the overall does not say what it covers: %+v", r.Scores["overall"].Reason)
	}
}

// TestInsights: the headline leads with the strongest dimension, the
// biggest gap with its moment and what to try; a very short answer's gap
// is its length.
func TestInsights(t *testing.T) {
	v := Build(analysis.Report{Report: voiceReport()}, Options{Lang: "ko"}).In("ko")
	in := v.Insights()
	if in.Strong == nil || in.Strong.Score < 99 || (in.Strong.Dim != "voice" && in.Strong.Dim != "pace") {
		t.Errorf("strongest: %+v", in.Strong)
	}
	// Three pauses over 2.5 s are major: the first is the gap, at 0:12.
	if in.Gap == nil || in.Gap.Dim != "fluency" || in.Gap.At != 12 || in.Try == "" || in.Try != in.Gap.Suggestion {
		t.Errorf("gap: %+v, try %q", in.Gap, in.Try)
	}
	short := Build(analysis.Report{Report: goodDelivery(4)}, Options{Lang: "ko", Kind: KindExperience}).In("ko")
	if g := short.Insights().Gap; g == nil || !strings.Contains(g.Text, "짧았어요") {
		t.Errorf("a 4 s answer's gap: %+v", g)
	}
	none := Build(analysis.Report{Report: goodDelivery(60)}, Options{Lang: "ko"}).In("ko").Insights()
	if none.Gap != nil || none.Strong == nil {
		t.Errorf("a good answer: %+v", none)
	}
}

// TestPaceIsJudgedWhileSpeaking: the pace is the articulation rate (pauses
// removed), so a long pause, which fluency judges, leaves it as it was;
// bands are the articulation ones, and a finding says the direction and
// the comfortable range.
func TestPaceIsJudgedWhileSpeaking(t *testing.T) {
	at := func(overall, art float64) Report {
		v := voiceReport()
		v.Voice.Rate.SyllablesPerMin, v.Voice.Rate.ArticulationPerMin = overall, art
		return Build(analysis.Report{Report: v}, Options{Lang: "ko"})
	}
	// The same speech with and without a 3.5 s pause: 211 and 255
	// syllables a minute overall, 300 while speaking.
	if a, b := val(t, at(255, 300), "pace"), val(t, at(211, 300), "pace"); a != 100 || b != 100 {
		t.Errorf("pace %.0f without the pause, %.0f with it; the pause belongs to fluency", a, b)
	}
	for _, c := range []struct {
		art          float64
		kind, fix    string
		want, margin float64
	}{{300, "", "", 100, 0}, {240, "slow", "느렸어요", 50, 1}, {265, "slowish", "조금 느렸어요", 81, 1}, {400, "fastish", "조금 빨랐어요", 75, 1}, {430, "fast", "빨랐어요", 38, 1}} {
		r := at(c.art*0.8, c.art)
		if got := val(t, r, "pace"); math.Abs(got-c.want) > c.margin {
			t.Errorf("%.0f while speaking: pace %.1f, want %.0f", c.art, got, c.want)
		}
		var f *Finding
		for i := range r.Findings {
			if r.Findings[i].Dimension == "pace" {
				f = &r.Findings[i]
			}
		}
		if c.kind == "" {
			if f != nil {
				t.Errorf("%.0f: finding %+v", c.art, f)
			}
			continue
		}
		if f == nil || f.Kind != c.kind || !strings.Contains(f.Message.KO, c.fix) || !strings.Contains(f.Message.KO, "280~380 음절/분") ||
			!strings.Contains(f.Message.EN, "280-380 syllables/min") || f.Suggestion.KO == "" {
			t.Errorf("%.0f: finding %+v, want %s with the range", c.art, f, c.kind)
		}
	}
}

// TestGapSaysWhatToDo: when the dimension that costs the most has only a
// mild finding, the headline is that finding (direction, range, what to
// try), not the measure's name; and a finding about the whole answer has
// no moment to replay.
func TestGapSaysWhatToDo(t *testing.T) {
	v := voiceReport()
	v.Voice.Pauses = nil
	v.Voice.Rate.SyllablesPerMin, v.Voice.Rate.ArticulationPerMin = 330, 405
	in := Build(analysis.Report{Report: v}, Options{Lang: "ko"}).In("ko").Insights()
	if in.Gap == nil || in.Gap.Dim != "pace" || !strings.Contains(in.Gap.Text, "빨랐어요") || !strings.Contains(in.Gap.Text, "280~380") || in.Try == "" || in.Gap.At != -1 {
		t.Errorf("gap %+v, try %q", in.Gap, in.Try)
	}
}

// TestWholeAnswerFindingsMarkNoMoment: a finding about the whole answer
// (too short) has no span, so the plot marks no moment for it and the
// headline offers no ▶.
func TestWholeAnswerFindingsMarkNoMoment(t *testing.T) {
	r := Build(analysis.Report{Report: goodDelivery(8)}, Options{Lang: "ko", Kind: KindIntro})
	found := false
	for _, f := range r.Findings {
		if f.Kind == "short_answer" {
			found = true
			if f.Start != 0 || f.End != 0 {
				t.Errorf("short answer marked from %.1f to %.1f s", f.Start, f.End)
			}
		}
	}
	if !found {
		t.Fatalf("no short-answer finding: %+v", r.Findings)
	}
	if in := r.In("ko").Insights(); in.Gap == nil || in.Gap.At != -1 {
		t.Errorf("gap %+v", in.Gap)
	}
}

// TestFilledPausesHaveMoments: without a transcript, hesitation sounds
// heard in the audio that lower fluency come as a finding with the first
// one's moment (for ▶) and every time listed; a rate that costs nothing
// adds none.
func TestFilledPausesHaveMoments(t *testing.T) {
	v := voiceReport()
	v.Voice.FilledPauses = []voice.Span{{Start: 4.2, End: 4.7}, {Start: 11, End: 11.5}, {Start: 20, End: 20.4}, {Start: 33, End: 33.6}}
	r := Build(analysis.Report{Report: v}, Options{Lang: "ko"})
	var f *Finding
	for i := range r.Findings {
		if r.Findings[i].Kind == "filled_pauses" {
			f = &r.Findings[i]
		}
	}
	if f == nil || f.Start != 4.2 || f.End <= f.Start || !strings.Contains(f.Message.KO, "0:04") || !strings.Contains(f.Message.KO, "0:33") {
		t.Fatalf("finding %+v", f)
	}
	v.Voice.FilledPauses = v.Voice.FilledPauses[:1] // about 2 a minute or fewer: no cost, no finding
	v.Voice.SpeechS = 60
	r = Build(analysis.Report{Report: v}, Options{Lang: "ko"})
	for _, f := range r.Findings {
		if f.Kind == "filled_pauses" {
			t.Errorf("one hesitation in a minute reported: %+v", f)
		}
	}
}

// TestEveryLowDimensionSaysWhichWay: gaze that lost points with no
// finding of its own gets one (direction, target, exercise), and the
// headline is that finding, not "정면 주시율 62%".
func TestEveryLowDimensionSaysWhichWay(t *testing.T) {
	v := voiceReport()
	v.Voice.Pauses = nil
	r := Build(analysis.Report{Report: v, VideoPart: analysis.VideoPart{Face: &vision.FaceSummary{PresentRatio: 1, FrontalRatio: 0.62, SmileRatio: 0.3}}}, Options{Lang: "ko"})
	found := false
	for _, f := range r.Findings {
		if f.Kind == "gaze_direction" {
			found = strings.Contains(f.Message.KO, "목표 90% 이상") && f.Suggestion.KO != "" && f.End == 0
		}
		if f.Kind == "expression_direction" {
			t.Errorf("a full-marks expression got a direction: %+v", f)
		}
	}
	if !found {
		t.Fatalf("no direction for gaze: %+v", r.Findings)
	}
	in := r.In("ko").Insights()
	if in.Gap == nil || in.Gap.Dim != "gaze" || !strings.Contains(in.Gap.Text, "카메라를 더 바라볼") || in.Try == "" {
		t.Errorf("gap %+v, try %q", in.Gap, in.Try)
	}
}
