package feedback

import (
	"fmt"
	"math"
	"strings"

	"nevermind/internal/analysis/vision"
	"nevermind/internal/i18n"
)

// band scores x: 100 inside [lo, hi], falling linearly to 0 at zlo and zhi.
func band(x, zlo, lo, hi, zhi float64) float64 {
	switch {
	case x < lo:
		return 100 * clamp01((x-zlo)/(lo-zlo))
	case x > hi:
		return 100 * clamp01((zhi-x)/(zhi-hi))
	}
	return 100
}

// paceBand is how a rate is judged: 100 from Lo to Hi, falling to 0 at
// Zlo and Zhi; a finding below Slow or above Fast.
type paceBand struct{ Zlo, Lo, Hi, Zhi, Slow, Fast float64 }

// The pace is judged on the articulation rate, the rate while speaking
// (pauses removed): a pause belongs to fluency, which judges it; counted
// here too it would be punished twice. docs/METRICS.md and
// docs/FEEDBACK.md give the ranges: Korean adults speak 252.9 ± 40.9
// syllables a minute in free talk, pauses included (250-330 is the
// coaching band); pauses take about a fifth of a fluent answer, so the
// same speakers articulate at about 1.15-1.3 times that: 280-380
// syllables a minute while speaking. English: 120-175 words a minute with
// pauses, 140-210 while speaking. Without articulation (no pause timing),
// the rate with pauses is judged on the coaching bands.
var (
	paceKOArticulation = paceBand{200, 280, 380, 460, 250, 420}
	paceENWordsArt     = paceBand{90, 140, 210, 270, 130, 230}
	paceENSyllArt      = paceBand{130, 200, 300, 380, 185, 330}
	paceKOSpeaking     = paceBand{180, 250, 330, 400, 220, 360}
	paceENWords        = paceBand{70, 120, 175, 230, 110, 185}
	paceENSyll         = paceBand{100, 170, 245, 320, 155, 260}
)

// pace scores the speaking rate while speaking (articulation), from the
// transcript when it has words (Korean syllables, English words), else
// from the syllable nuclei of the audio.
func (b *builder) pace() {
	if !b.hasSpeech() {
		b.absent("pace", noAudio)
		return
	}
	lang := b.o.Lang
	if b.r.Transcript != nil && b.r.Transcript.Language != "" {
		lang = b.r.Transcript.Language
	}
	var overall, art float64 // the rate with pauses, and while speaking
	var unitKO, unitEN string
	var withPauses, speaking paceBand
	sp := b.r.Speech
	if sp != nil && (!sp.Available || sp.Words == 0) {
		sp = nil // no words recognised: the audio's own rate is the better estimate
	}
	switch {
	case sp != nil && sp.Rate.SyllablesPerMin != nil:
		overall, art = *sp.Rate.SyllablesPerMin, sp.Rate.ArticulationPerMin
		withPauses, speaking = paceKOSpeaking, paceKOArticulation
		unitKO, unitEN = "음절/분", "syllables/min"
	case sp != nil && sp.Rate.WordsPerMin != nil:
		overall, art = *sp.Rate.WordsPerMin, sp.Rate.ArticulationPerMin
		withPauses, speaking = paceENWords, paceENWordsArt
		unitKO, unitEN = "단어/분", "words/min"
	default:
		overall, art = b.r.Report.Voice.Rate.SyllablesPerMin, b.r.Report.Voice.Rate.ArticulationPerMin
		withPauses, speaking = paceKOSpeaking, paceKOArticulation
		if lang == "en" {
			withPauses, speaking = paceENSyll, paceENSyllArt
		}
		unitKO, unitEN = "음절/분(소리로 추정)", "syllables/min (estimated from the audio)"
	}
	rate, bd := art, speaking
	reason := Text{KO: fmt.Sprintf("말하는 동안의 속도 %.0f %s, 쉼을 포함하면 %.0f", art, unitKO, overall),
		EN: fmt.Sprintf("%.0f %s while speaking, %.0f with the pauses", art, unitEN, overall)}
	if art <= 0 || art < overall {
		rate, bd = overall, withPauses // no pause timing: the rate with pauses, on its own band
		reason = Text{KO: fmt.Sprintf("말하기 속도 %.0f %s", overall, unitKO), EN: fmt.Sprintf("speaking rate %.0f %s", overall, unitEN)}
	}
	b.set("pace", band(rate, bd.Zlo, bd.Lo, bd.Hi, bd.Zhi), reason)
	target := Text{KO: fmt.Sprintf("%.0f~%.0f %s", bd.Lo, bd.Hi, unitKO), EN: fmt.Sprintf("%.0f-%.0f %s", bd.Lo, bd.Hi, unitEN)}
	switch {
	case rate < bd.Slow:
		b.add(Finding{Kind: "slow", Dimension: "pace", Severity: Minor,
			Message: Text{KO: fmt.Sprintf("말하는 속도가 느렸어요: %.0f %s (알맞은 속도 %s).", rate, unitKO, target.KO),
				EN: fmt.Sprintf("You spoke slowly: %.0f %s (a comfortable pace is %s).", rate, unitEN, target.EN)},
			Suggestion: Text{KO: "답변의 첫 문장을 소리 내어 세 번 읽으며, 매번 조금 더 이어서 말해 보세요. 문장 사이의 쉼은 그대로 두세요.",
				EN: "Read your first sentence aloud three times, running the words together a little more each time; keep the pauses between sentences."}})
	case rate > bd.Fast:
		b.add(Finding{Kind: "fast", Dimension: "pace", Severity: Minor,
			Message: Text{KO: fmt.Sprintf("말하는 속도가 빨랐어요: %.0f %s (알맞은 속도 %s).", rate, unitKO, target.KO),
				EN: fmt.Sprintf("You spoke fast: %.0f %s (a comfortable pace is %s).", rate, unitEN, target.EN)},
			Suggestion: Text{KO: "문장이 끝날 때마다 속으로 '하나'를 세고 다음 문장을 시작해 보세요. 듣는 사람이 따라오기 쉬워져요.",
				EN: "At the end of each sentence, count 'one' silently before the next; it makes you easier to follow."}})
	case rate < bd.Lo:
		b.add(Finding{Kind: "slowish", Dimension: "pace", Severity: Info,
			Message: Text{KO: fmt.Sprintf("말하는 속도가 알맞은 범위(%s)보다 조금 느렸어요: %.0f %s.", target.KO, rate, unitKO),
				EN: fmt.Sprintf("Your pace was a little below the comfortable range (%s): %.0f %s.", target.EN, rate, unitEN)},
			Suggestion: Text{KO: "문장 안에서는 단어를 조금 더 이어서 말해 보세요.", EN: "Run the words within a sentence together a little more."}})
	case rate > bd.Hi:
		b.add(Finding{Kind: "fastish", Dimension: "pace", Severity: Info,
			Message: Text{KO: fmt.Sprintf("말하는 속도가 알맞은 범위(%s)보다 조금 빨랐어요: %.0f %s.", target.KO, rate, unitKO),
				EN: fmt.Sprintf("Your pace was a little above the comfortable range (%s): %.0f %s.", target.EN, rate, unitEN)},
			Suggestion: Text{KO: "문장 끝에서 한 박자 쉬어 보세요.", EN: "Take a beat at the end of each sentence."}})
	}
}

// directions gives a dimension that lost points but has no finding of its
// own one (info, about the whole answer): which way to go, the target its
// score rests on, and one exercise, so the headline never names a measure
// alone ("시선 62%").
func (b *builder) directions() {
	has := map[string]bool{}
	for _, f := range b.out.Findings {
		if f.Severity != Info {
			has[f.Dimension] = true
		}
	}
	low := func(d string) bool {
		s := b.out.Scores[d].Value
		return s != nil && *s < 85 && !has[d]
	}
	add := func(d string, msg, try Text) {
		b.add(Finding{Kind: d + "_direction", Dimension: d, Severity: Info, Message: msg, Suggestion: try})
	}
	if low("voice") {
		v := b.r.Report.Voice
		add("voice", Text{KO: fmt.Sprintf("목소리에 힘과 높낮이를 더할 수 있어요: 알맞은 크기로 말한 시간 %.0f%%(목표 70%% 이상), 높낮이 변화 %.1f반음(목표 2반음 이상).", 100*v.Loudness.InRangeRatio, v.Pitch.SDSemitones),
			EN: fmt.Sprintf("Your voice can carry more: %.0f%% of it at a good level (aim for 70%% or more), %.1f semitones of pitch variation (aim for 2 or more).", 100*v.Loudness.InRangeRatio, v.Pitch.SDSemitones)},
			Text{KO: "문장마다 가장 중요한 단어 하나를 골라, 그 단어만 조금 더 크고 높게 말해 보세요.", EN: "In each sentence, pick the one word that matters most and say it a little louder and higher."})
	}
	if low("gaze") {
		add("gaze", Text{KO: fmt.Sprintf("카메라를 더 바라볼 수 있어요: 정면 주시율 %.0f%% (목표 90%% 이상).", 100*b.r.Face.FrontalRatio),
			EN: fmt.Sprintf("Look at the camera more: you faced it %.0f%% of the time (aim for 90%% or more).", 100*b.r.Face.FrontalRatio)},
			Text{KO: "렌즈 바로 옆에 작은 메모를 붙여 두고, 문장을 시작할 때마다 그곳을 보세요.", EN: "Put a small note right beside the lens and look at it as you start each sentence."})
	}
	if low("expression") {
		add("expression", Text{KO: fmt.Sprintf("표정을 조금 더 밝게 할 수 있어요: 미소 %.0f%% (목표 20%% 이상).", 100*b.r.Face.SmileRatio),
			EN: fmt.Sprintf("A little more warmth would help: smiling %.0f%% of the time (aim for 20%% or more).", 100*b.r.Face.SmileRatio)},
			Text{KO: "첫인사와 마지막 문장에서 입꼬리를 살짝 올려 보세요.", EN: "Try a light smile at your greeting and your last sentence."})
	}
	if low("posture") {
		p := b.r.Pose
		add("posture", Text{KO: fmt.Sprintf("자세를 더 곧게 할 수 있어요: 구부정한 시간 %.0f%% (목표 10%% 이하), 어깨 기울기 평균 %.1f° (목표 5° 이하), 얼굴 만짐 %d번 (목표 0번).", 100*p.SlouchRatio, p.ShoulderTiltDeg.Mean, p.HandFaceTouches),
			EN: fmt.Sprintf("Sit taller: slouched %.0f%% of the time (aim for 10%% or less), shoulders tilted %.1f° on average (aim for 5° or less), %s (aim for none).", 100*p.SlouchRatio, p.ShoulderTiltDeg.Mean, i18n.Count(p.HandFaceTouches, "face touch", "face touches"))},
			Text{KO: "의자 깊숙이 앉아 등을 등받이에서 한 뼘 떼고, 두 손은 책상 위에 가볍게 올려 두세요.", EN: "Sit back in the chair, your back a hand's width from the backrest, hands resting lightly on the desk."})
	}
}

// faceSeen reports whether there is enough face to judge.
func (b *builder) faceSeen() bool { return b.r.Face != nil && b.r.Face.PresentRatio >= 0.2 }

// gaze = 100 x clamp((frontal ratio - 0.3) / 0.6): 30 % or less of the
// answer toward the camera scores 0, 90 % or more (what Korean AI-interview
// coaching asks for) scores 100.
func (b *builder) gaze() {
	if b.r.Face == nil {
		b.absent("gaze", noVideo)
		return
	}
	if !b.faceSeen() {
		b.absent("gaze", Text{KO: fmt.Sprintf("얼굴이 보인 시간이 %.0f%%뿐이라 측정하지 않았어요.", 100*b.r.Face.PresentRatio), EN: fmt.Sprintf("Not measured: your face was visible only %.0f%% of the time.", 100*b.r.Face.PresentRatio)})
		return
	}
	r := b.r.Face.FrontalRatio
	b.set("gaze", 100*clamp01((r-0.3)/0.6), Text{KO: fmt.Sprintf("정면 주시율 %.0f%%", 100*r), EN: fmt.Sprintf("facing the camera %.0f%% of the time", 100*r)})
	if r >= 0.85 {
		b.add(Finding{Kind: "good_gaze", Dimension: "gaze", Severity: Info,
			Message:    Text{KO: fmt.Sprintf("답변 내내 카메라를 잘 바라봤어요 (정면 주시율 %.0f%%).", 100*r), EN: fmt.Sprintf("You kept facing the camera (%.0f%% of the time).", 100*r)},
			Suggestion: Text{KO: "지금처럼 유지하세요.", EN: "Keep it up."}})
	}
}

// expression = 40 + 60 x min(smile share / 0.2, 1): a neutral face is not
// penalised much; a light smile for a fifth of the answer is full marks
// (docs/METRICS.md: a light, natural smile, not a broad one).
func (b *builder) expression() {
	if b.r.Face == nil {
		b.absent("expression", noVideo)
		return
	}
	if !b.faceSeen() {
		b.absent("expression", Text{KO: "얼굴이 충분히 보이지 않아 측정하지 않았어요.", EN: "Not measured: your face was not visible enough."})
		return
	}
	f := b.r.Face
	b.set("expression", 40+60*clamp01(f.SmileRatio/0.2), Text{KO: fmt.Sprintf("미소 %.0f%%, 눈 깜빡임 %.0f회/분", 100*f.SmileRatio, f.BlinksPerMin), EN: fmt.Sprintf("smiling %.0f%% of the time, %.0f blinks/min", 100*f.SmileRatio, f.BlinksPerMin)})
	if f.SmileRatio < 0.05 {
		b.add(Finding{Kind: "neutral_face", Dimension: "expression", Severity: Info,
			Message:    Text{KO: "표정 변화가 거의 없었어요.", EN: "Your expression hardly changed."},
			Suggestion: Text{KO: "첫인사와 마지막 문장에서 입꼬리를 살짝 올려 보세요.", EN: "Try a light smile at your greeting and your last sentence."}})
	}
}

// poseSeen reports whether the shoulders were visible enough to judge.
func (b *builder) poseSeen() bool { return b.r.Pose != nil && b.r.Pose.PresentRatio >= 0.2 }

// posture = 100 - 50 x min(slouch share / 0.5, 1) - 20 x min(mean tilt /
// 10 deg, 1) - min(10 per face touch, 30) - 20 x clamp((sway - 0.02) /
// 0.06), all relative to the user's own upright posture in the first
// seconds.
func (b *builder) posture() {
	if b.r.Pose == nil {
		b.absent("posture", noVideo)
		return
	}
	if !b.poseSeen() {
		b.absent("posture", Text{KO: "어깨가 화면에 충분히 보이지 않아 측정하지 않았어요.", EN: "Not measured: your shoulders were not in the picture enough."})
		return
	}
	p := b.r.Pose
	score := 100 - 50*clamp01(p.SlouchRatio/0.5) - 20*clamp01(p.ShoulderTiltDeg.Mean/10) - math.Min(30, 10*float64(p.HandFaceTouches)) - 20*clamp01((p.Sway-0.02)/0.06)
	b.set("posture", score, Text{KO: fmt.Sprintf("구부정한 자세 %.0f%%, 어깨 기울기 평균 %.1f°, 얼굴 만짐 %d번", 100*p.SlouchRatio, p.ShoulderTiltDeg.Mean, p.HandFaceTouches), EN: fmt.Sprintf("slouched %.0f%% of the time, shoulder tilt %.1f° on average, %s", 100*p.SlouchRatio, p.ShoulderTiltDeg.Mean, i18n.Count(p.HandFaceTouches, "face touch", "face touches"))})
}

// content is the coach's: until it exists the score is absent, not faked.
func (b *builder) content() {
	c := b.o.Content
	if c == nil {
		b.absent("content", Text{KO: "답변 내용은 음성 인식 결과와 질문이 있어야 평가할 수 있어요.", EN: "Content needs a transcript and the question to be evaluated."})
		return
	}
	b.set("content", c.Score, c.Reason)
	for _, f := range c.Findings {
		f.Dimension = "content"
		b.add(f)
	}
}

// length: the span from the first to the last word (docs/METRICS.md: 60-120 s
// for behavioural answers), and thinking time before the first word.
func (b *builder) length() {
	if !b.hasSpeech() {
		return
	}
	v := b.r.Report.Voice
	if len(v.Segments) == 0 {
		return
	}
	d := b.r.Report.SpeechSpan()
	band, name := BandOf(b.o.Kind), kindName[b.o.Kind]
	switch {
	case d < band.Lo:
		sev := Minor
		if d < band.Min {
			sev = Major
		}
		// About the whole answer: no span, so no moment is marked.
		b.add(Finding{Kind: "short_answer", Dimension: "content", Severity: sev,
			Message: Text{KO: fmt.Sprintf("답변이 %.0f초로 짧았어요. %s %s 정도가 알맞아요.", d, topicKO(name.KO), band.span().KO),
				EN: fmt.Sprintf("Your answer lasted %.0f s; %s takes about %s.", d, name.EN, band.span().EN)},
			Suggestion: shortAdvice[b.o.Kind]})
	case d > 1.25*band.Hi:
		b.add(Finding{Kind: "long_answer", Dimension: "content", Severity: Minor,
			Message: Text{KO: fmt.Sprintf("답변이 %d분 %d초로 길었어요 (%s 권장 %s).", int(d)/60, int(d)%60, name.KO, band.span().KO),
				EN: fmt.Sprintf("Your answer lasted %d min %d s (%s: %s).", int(d)/60, int(d)%60, name.EN, band.span().EN)},
			Suggestion: Text{KO: "결론을 먼저 말하고, 근거는 가장 중요한 두 가지만 골라 보세요.", EN: "Give your conclusion first, then only your two strongest reasons."}})
	}
	if v.LeadingSilenceS > 5 {
		b.add(Finding{Kind: "thinking_time", Dimension: "fluency", Start: 0, End: v.LeadingSilenceS, Severity: Info,
			Message:    Text{KO: fmt.Sprintf("첫 마디까지 %.0f초 생각했어요.", v.LeadingSilenceS), EN: fmt.Sprintf("You took %.0f s before your first word.", v.LeadingSilenceS)},
			Suggestion: Text{KO: "준비 시간이 주어지는 면접이 아니라면, '네, 말씀드리겠습니다'로 먼저 시작해 보세요.", EN: "If there is no preparation time, open with a short \"Sure, let me explain\" while you gather your thoughts."}})
	}
}

// shortAdvice says how to fill an answer of each kind.
var shortAdvice = map[string]Text{
	KindGeneral:     {KO: "결론을 먼저 말하고, 그 근거가 되는 경험이나 예를 하나 덧붙여 보세요.", EN: "Give your answer first, then one experience or example that backs it."},
	KindIntro:       {KO: "핵심 강점 하나, 그것을 보여 주는 경험 하나, 지원 직무와의 연결 순서로 말해 보세요.", EN: "Say one key strength, one experience that shows it, and how it fits the role."},
	KindExperience:  {KO: "상황-행동-결과 순서로, 본인이 한 일과 결과를 숫자로 담아 보세요.", EN: "Go through the situation, what you did and the result, with a number if you can."},
	KindShort:       {KO: "한 문장으로 답한 뒤, 이유나 짧은 경험 하나를 덧붙여 보세요.", EN: "Answer in one sentence, then add a reason or a short experience."},
	KindSituational: {KO: "어떻게 하겠다는 결정을 먼저 말하고, 그 이유와 순서를 설명해 보세요.", EN: "Say what you would do first, then why and in what order."},
}

// visionText is the message and suggestion for each kind of video segment.
var visionText = map[string]struct {
	dim        string
	sev        Severity
	msg        Text // a clause: KO a full sentence, EN without its time or full stop
	suggestion Text
}{
	"no_face":                {"gaze", Minor, Text{KO: "얼굴이 화면에 보이지 않았어요.", EN: "your face was not in the picture"}, Text{KO: "카메라 정면에 앉아 얼굴이 화면 가운데 오도록 해 보세요.", EN: "Sit facing the camera with your face in the middle of the picture."}},
	"looking_away":           {"gaze", Minor, Text{KO: "시선이 카메라를 벗어났어요.", EN: "you were looking away from the camera"}, Text{KO: "메모를 봤다면 말을 시작할 때 다시 렌즈를 바라봐 주세요.", EN: "If you glanced at notes, look back at the lens as you start speaking."}},
	"eyes_closed":            {"gaze", Minor, Text{KO: "눈을 감고 있었어요.", EN: "your eyes were closed"}, Text{KO: "생각할 때도 시선은 카메라 근처에 두어 보세요.", EN: "While thinking, keep your eyes near the camera."}},
	"too_dark":               {"gaze", Minor, Text{KO: "얼굴이 어둡게 찍혔어요.", EN: "your face was too dark in the picture"}, Text{KO: "얼굴 앞쪽에 조명을 두거나 창문을 마주 보고 앉아 보세요.", EN: "Put a light in front of you, or sit facing a window."}},
	"several_faces":          {"gaze", Info, Text{KO: "화면에 다른 사람이 보였어요.", EN: "someone else was in the picture"}, Text{KO: "혼자 보이는 조용한 곳에서 연습하면 분석이 더 정확해요.", EN: "Practise where only you are in the picture: the analysis is more accurate."}},
	"too_close":              {"gaze", Minor, Text{KO: "카메라에 너무 가까웠어요.", EN: "you were too close to the camera"}, Text{KO: "머리 위와 어깨가 화면에 들어오도록 조금 물러나 앉아 보세요.", EN: "Sit back until the top of your head and your shoulders are in the picture."}},
	"too_far":                {"gaze", Minor, Text{KO: "카메라에서 너무 멀었어요.", EN: "you were far from the camera"}, Text{KO: "얼굴이 화면 높이의 1/4 이상이 되도록 가까이 앉아 보세요.", EN: "Sit closer, so your face fills at least a quarter of the picture's height."}},
	"off_centre":             {"gaze", Minor, Text{KO: "얼굴이 화면 가장자리에 있었어요.", EN: "your face was near the edge of the picture"}, Text{KO: "카메라를 얼굴 정면에 두고 화면 가운데에 앉아 보세요.", EN: "Put the camera straight in front of you and sit in the middle of the picture."}},
	"slouching":              {"posture", Minor, Text{KO: "자세가 처음보다 구부정해졌어요.", EN: "you were slouching compared with how you started"}, Text{KO: "등을 의자에 붙이고 어깨를 편 채로 답해 보세요.", EN: "Sit back against the chair with your shoulders open."}},
	"shoulders_tilted":       {"posture", Minor, Text{KO: "어깨가 한쪽으로 기울었어요.", EN: "your shoulders were tilted"}, Text{KO: "양발을 바닥에 붙이고 어깨 높이를 맞춰 보세요.", EN: "Put both feet on the floor and level your shoulders."}},
	"head_tilted":            {"posture", Info, Text{KO: "고개가 한쪽으로 기울었어요.", EN: "your head was tilted to one side"}, Text{KO: "고개를 곧게 세우면 더 또렷한 인상을 줘요.", EN: "Holding your head straight looks more composed."}},
	"touching_face":          {"posture", Minor, Text{KO: "손이 얼굴 가까이 있었어요.", EN: "your hand was at your face"}, Text{KO: "손은 책상 위나 무릎에 편하게 두어 보세요.", EN: "Rest your hands on the desk or in your lap."}},
	"shoulders_out_of_frame": {"posture", Info, Text{KO: "어깨가 화면 밖에 있었어요.", EN: "your shoulders were out of the picture"}, Text{KO: "어깨까지 보이게 카메라를 조금 낮추거나 뒤로 앉아 보세요.", EN: "Lower the camera a little or sit back so your shoulders show."}},
}

// vision turns each flagged video stretch into a finding; a kind that
// happens more than three times becomes one finding that lists the times.
func (b *builder) vision() {
	byKind := map[string][]vision.Segment{}
	var order []string
	var noFace []vision.Segment
	for _, s := range b.r.Segments {
		if s.Kind == "no_face" {
			noFace = append(noFace, s)
		}
	}
	for _, s := range b.r.Segments {
		if _, ok := visionText[s.Kind]; !ok {
			continue
		}
		if s.Kind == "too_dark" && covered(s, noFace) {
			continue // a dark picture with nobody in it is already the no-face finding
		}
		if len(byKind[s.Kind]) == 0 {
			order = append(order, s.Kind)
		}
		byKind[s.Kind] = append(byKind[s.Kind], s)
	}
	for _, kind := range order {
		segs := byKind[kind]
		t := visionText[kind]
		sev := t.sev
		if kind == "no_face" {
			for _, s := range segs {
				if s.End-s.Start >= 3 {
					sev = Major
				}
			}
		}
		if len(segs) <= 3 {
			for _, s := range segs {
				b.add(Finding{Kind: kind, Dimension: t.dim, Start: s.Start, End: s.End, Severity: sev,
					Message:    Text{KO: clock(s.Start) + "~" + clock(s.End) + " " + t.msg.KO, EN: "From " + clock(s.Start) + " to " + clock(s.End) + ", " + t.msg.EN + "."},
					Suggestion: t.suggestion})
			}
			continue
		}
		var at []float64
		for _, s := range segs {
			at = append(at, s.Start)
		}
		b.add(Finding{Kind: kind, Dimension: t.dim, Start: segs[0].Start, End: segs[len(segs)-1].End, Severity: sev,
			Message: Text{KO: fmt.Sprintf("%d번(%s) ", len(segs), times(at)) + t.msg.KO, EN: capitalize(t.msg.EN) + fmt.Sprintf(", %d times (%s).", len(segs), times(at))},

			Suggestion: t.suggestion})
	}
}

// covered reports whether s lies mostly (80 %) inside the union of segs.
func covered(s vision.Segment, segs []vision.Segment) bool {
	var in float64
	for _, o := range segs {
		in += math.Max(0, math.Min(s.End, o.End)-math.Max(s.Start, o.Start))
	}
	return s.End > s.Start && in >= 0.8*(s.End-s.Start)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// weights of the overall score; absent dimensions are left out and the
// rest re-weighted.
var weights = map[string]float64{"voice": 0.15, "fluency": 0.2, "pace": 0.15, "gaze": 0.15, "expression": 0.1, "posture": 0.1, "content": 0.15}

var dimKO = map[string]string{"voice": "목소리", "fluency": "유창성", "pace": "속도", "gaze": "시선", "expression": "표정", "posture": "자세", "content": "내용"}

// overall is the weighted mean of the dimensions that were measured
// (delivery alone when content is absent), blended 80/20 with the answer's
// length for its kind of question; an answer shorter than its kind's
// minimum is capped at 30-60, however well it was delivered (a 4 s answer
// to an experience question must not read as a good answer).
func (b *builder) overall() {
	var sum, w float64
	var used []string
	for _, d := range Parts {
		if s := b.out.Scores[d]; s.Value != nil {
			sum += weights[d] * *s.Value
			w += weights[d]
			used = append(used, d)
		}
	}
	if w == 0 {
		b.absent("overall", Text{KO: "측정된 항목이 없어요.", EN: "Nothing could be measured."})
		return
	}
	var ko []string
	for _, d := range used {
		ko = append(ko, dimKO[d])
	}
	covers := Text{KO: "종합", EN: "overall"}
	if b.out.Scores["content"].Value == nil {
		covers = Text{KO: "전달력(내용 제외)", EN: "delivery (content not scored)"}
	}
	why := Text{
		KO: fmt.Sprintf("%s: %s", covers.KO, strings.Join(ko, ", ")),
		EN: fmt.Sprintf("%s: %s", covers.EN, strings.Join(used, ", ")),
	}
	score := sum / w
	if d, ok := b.answerSpan(); ok {
		band := BandOf(b.o.Kind)
		score = 0.8*score + 0.2*band.lengthScore(d)
		why.KO += fmt.Sprintf(" · 길이 %.0f초(%s 권장 %s)", d, kindName[b.o.Kind].KO, band.span().KO)
		why.EN += fmt.Sprintf(" · length %.0f s (%s: %s)", d, kindName[b.o.Kind].EN, band.span().EN)
		if d < band.Min {
			score = math.Min(score, band.cap(d))
			why.KO += " · 너무 짧아 점수를 제한했어요"
			why.EN += " · capped: too short to judge"
		}
	}
	measured := len(used)
	why.KO += fmt.Sprintf(" · %d개 항목 중 %d개 측정", len(Dimensions)-1, measured)
	why.EN += fmt.Sprintf(" · %d of %d measured", measured, len(Dimensions)-1)
	b.set("overall", score, why)
}
