package feedback

import (
	"fmt"
	"math"
	"nevermind/internal/i18n"
	"sort"
)

var phrases = map[string]struct{ good, work Text }{
	"voice":      {Text{KO: "목소리 크기와 높낮이가 듣기 좋았어요", EN: "Your voice was at a good level with lively pitch"}, Text{KO: "목소리 크기와 높낮이", EN: "your voice's level and pitch"}},
	"fluency":    {Text{KO: "막힘 없이 이어서 말했어요", EN: "You spoke smoothly, without long stops"}, Text{KO: "긴 멈춤과 군말", EN: "long pauses and fillers"}},
	"pace":       {Text{KO: "말하기 속도가 알맞았어요", EN: "Your pace was easy to follow"}, Text{KO: "말하기 속도", EN: "your pace"}},
	"gaze":       {Text{KO: "카메라를 잘 바라봤어요", EN: "You kept facing the camera"}, Text{KO: "카메라 바라보기", EN: "facing the camera"}},
	"expression": {Text{KO: "표정이 밝았어요", EN: "Your expression was warm"}, Text{KO: "표정", EN: "your expression"}},
	"posture":    {Text{KO: "자세가 안정적이었어요", EN: "Your posture was steady"}, Text{KO: "자세", EN: "your posture"}},
}

// summary: the strongest measured dimension with its numbers, the weakest
// one (below 70) with its first finding, and, with history, how the
// overall score compares with the user's last five attempts.
func (b *builder) summary() {
	type ds struct {
		dim string
		v   float64
	}
	var measured []ds
	for _, d := range Parts {
		if _, ok := phrases[d]; !ok {
			continue
		}
		if s := b.out.Scores[d]; s.Value != nil {
			measured = append(measured, ds{d, *s.Value})
		}
	}
	if len(measured) == 0 {
		b.out.Summary = Text{KO: "측정할 수 있는 말소리나 얼굴이 없었어요. 마이크와 카메라를 확인한 뒤 다시 녹음해 보세요.", EN: "There was no voice or face to measure. Check the microphone and camera, then record again."}

		return
	}
	sort.SliceStable(measured, func(i, j int) bool { return measured[i].v > measured[j].v })
	var ko, en string
	best := measured[0]
	if best.v >= 70 {
		r := b.short(best.dim)
		ko = fmt.Sprintf("%s (%s).", phrases[best.dim].good.KO, r.KO)
		en = fmt.Sprintf("%s (%s).", phrases[best.dim].good.EN, r.EN)
	} else {
		ko, en = "끝까지 답변을 마쳤어요.", "You finished your answer."
	}
	// The one to work on: the largest weighted shortfall among the
	// dimensions under 70 (a pause problem matters more than a neutral face).
	worst := ds{dim: ""}
	var gap float64
	for _, m := range measured {
		if g := weights[m.dim] * (100 - m.v); m.v < 70 && g > gap {
			worst, gap = m, g
		}
	}
	if worst.dim != "" && worst.dim != best.dim {
		ko += fmt.Sprintf(" 다음에는 %s에 집중해 보세요", phrases[worst.dim].work.KO)
		en += fmt.Sprintf(" Next time, focus on %s", phrases[worst.dim].work.EN)
		if f, ok := b.firstFinding(worst.dim); ok {
			ko += ": " + f.Message.KO + " " + f.Suggestion.KO
			en += ": " + lowerFirst(f.Message.EN) + " " + f.Suggestion.EN
		} else {
			ko += " (" + b.short(worst.dim).KO + ")."
			en += " (" + b.short(worst.dim).EN + ")."
		}
	}
	if past := b.o.History["overall"]; len(past) > 0 && b.out.Scores["overall"].Value != nil {
		if len(past) > 5 {
			past = past[len(past)-5:]
		}
		var m float64
		for _, v := range past {
			m += v
		}
		m /= float64(len(past))
		diff := *b.out.Scores["overall"].Value - m
		// What the score is set against: one earlier answer, or the
		// average of several.
		pastKO, pastEN := fmt.Sprintf("지난 %d번의 평균(%.0f점)", len(past), m), fmt.Sprintf("your average over the last %d attempts (%.0f)", len(past), m)
		if len(past) == 1 {
			pastKO, pastEN = fmt.Sprintf("지난번(%.0f점)", m), fmt.Sprintf("your last attempt (%.0f)", m)
		}
		switch {
		case math.Abs(diff) < 2:
			ko += fmt.Sprintf(" 종합 점수는 %s과 비슷해요.", pastKO)
			en += fmt.Sprintf(" Your overall score is close to %s.", pastEN)
		case diff > 0:
			ko += fmt.Sprintf(" 종합 점수가 %s보다 %.0f점 높아요.", pastKO, diff)
			en += fmt.Sprintf(" Your overall score is %.0f points above %s.", diff, pastEN)
		default:
			ko += fmt.Sprintf(" 종합 점수는 %s보다 %.0f점 낮아요. 한 가지씩 고쳐 가면 돼요.", pastKO, -diff)
			en += fmt.Sprintf(" Your overall score is %.0f points below %s; take one thing at a time.", -diff, pastEN)
		}
	}
	// An answer too short to judge says so first: its delivery may have
	// been fine, but the overall score is low because of its length.
	if d, ok := b.answerSpan(); ok {
		if band := BandOf(b.o.Kind); d < band.Min {
			name := kindName[b.o.Kind]
			ko = fmt.Sprintf("답변이 %.0f초로 너무 짧아서 종합 점수를 낮게 매겼어요. %s %s 정도로 답해 보세요. %s", d, topicKO(name.KO), band.span().KO, ko)
			en = fmt.Sprintf("Your answer lasted only %.0f s, so the overall score is low: %s takes about %s. %s", d, name.EN, band.span().EN, en)
		}
	}
	b.out.Summary = Text{KO: ko, EN: en}
}

func (b *builder) firstFinding(dim string) (Finding, bool) {
	for _, f := range b.out.Findings {
		if f.Dimension == dim && f.Severity != Info {
			return f, true
		}
	}
	return Finding{}, false
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+32) + s[1:]
}

// short is a dimension's key number, for the summary.
func (b *builder) short(dim string) Text {
	switch dim {
	case "voice":
		p := b.r.Report.Voice.Pitch
		return Text{KO: fmt.Sprintf("높낮이 변화 %.1f반음", p.SDSemitones), EN: fmt.Sprintf("%.1f semitones of pitch variation", p.SDSemitones)}
	case "fluency":
		n := 0
		for _, f := range b.out.Findings {
			if f.Kind == "long_pause" {
				n++
			}
		}
		ko, en := fmt.Sprintf("2.5초 넘는 멈춤 %d번", n), i18n.Count(n, "pause", "pauses")+" over 2.5 s"
		if sp := b.r.Speech; sp != nil && sp.Available && sp.Words > 0 {
			ko += fmt.Sprintf(", 군말 %d개", sp.FillerCount)
			en += ", " + i18n.Count(sp.FillerCount, "filler", "fillers")
		} else if v := b.r.Report; v != nil && v.Voice.SpeechS > 0 {
			fpm := float64(len(v.Voice.FilledPauses)) / (v.Voice.SpeechS / 60)
			ko += fmt.Sprintf(", 소리로 들린 군말 분당 %.1f회", fpm)
			en += fmt.Sprintf(", %.1f filled pauses a minute", fpm)
		}
		return Text{KO: ko, EN: en}
	case "pace":
		sp := b.r.Speech
		if sp != nil && (!sp.Available || sp.Words == 0) {
			sp = nil
		}
		// The rate the pace is judged on: while speaking when known.
		rate, art, ko, en := b.r.Report.Voice.Rate.SyllablesPerMin, b.r.Report.Voice.Rate.ArticulationPerMin, "분당 약 %.0f음절", "about %.0f syllables a minute"
		switch {
		case sp != nil && sp.Rate.SyllablesPerMin != nil:
			rate, art, ko, en = *sp.Rate.SyllablesPerMin, sp.Rate.ArticulationPerMin, "분당 %.0f음절", "%.0f syllables a minute"
		case sp != nil && sp.Rate.WordsPerMin != nil:
			rate, art, ko, en = *sp.Rate.WordsPerMin, sp.Rate.ArticulationPerMin, "분당 %.0f단어", "%.0f words a minute"
		}
		if art > 0 && art >= rate {
			return Text{KO: "말하는 동안 " + fmt.Sprintf(ko, art), EN: fmt.Sprintf(en, art) + " while speaking"}
		}
		return Text{KO: fmt.Sprintf(ko, rate), EN: fmt.Sprintf(en, rate)}
	case "gaze":
		return Text{KO: fmt.Sprintf("정면 주시율 %.0f%%", 100*b.r.Face.FrontalRatio), EN: fmt.Sprintf("%.0f%% of the time toward the camera", 100*b.r.Face.FrontalRatio)}
	case "expression":
		return Text{KO: fmt.Sprintf("미소 %.0f%%", 100*b.r.Face.SmileRatio), EN: fmt.Sprintf("smiling %.0f%% of the time", 100*b.r.Face.SmileRatio)}
	case "posture":
		return Text{KO: fmt.Sprintf("구부정한 시간 %.0f%%", 100*b.r.Pose.SlouchRatio), EN: fmt.Sprintf("slouched %.0f%% of the time", 100*b.r.Pose.SlouchRatio)}
	}
	return b.out.Scores[dim].Reason
}
