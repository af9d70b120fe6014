package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
)

// transcriptSegments shows the transcript with the fillers highlighted
// and a marker where a long pause fell.
func transcriptSegments(rep *practice.AttemptReport, text string) []widget.RichTextSegment {
	x := rep.Result.Report.Transcript
	sp := rep.Result.Report.Speech
	if x == nil || len(x.Words) == 0 {
		return []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: widget.RichTextStyleInline}}
	}
	filler := map[float64]bool{}
	if sp != nil {
		for _, f := range sp.Fillers {
			filler[f.Start] = true
		}
	}
	var pauses []float64
	if v := rep.Result.Report.Report; v != nil {
		for _, p := range v.Voice.Pauses {
			if p.End-p.Start > 1 {
				pauses = append(pauses, p.End)
			}
		}
	}
	var segs []widget.RichTextSegment
	pi := 0
	for _, w := range x.Words {
		for pi < len(pauses) && pauses[pi] <= w.Start+0.05 {
			segs = append(segs, &widget.TextSegment{Text: " ⏸ ", Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}}})
			pi++
		}
		st := widget.RichTextStyleInline
		if filler[w.Start] {
			st = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameWarning, TextStyle: fyne.TextStyle{Bold: true}}
		}
		segs = append(segs, &widget.TextSegment{Text: w.Text + " ", Style: st})
	}
	return segs
}

// newReportView shows the scores with their reasons, the summary and the
// findings in time order.
func newReportView(lang i18n.Lang, rep *practice.AttemptReport) fyne.CanvasObject {
	return newReportViewWithReplay(lang, rep, nil, nil, nil)
}

// newReportViewWithReplay is newReportView with a ▶ on every finding that
// replays the answer from that moment.
// keys, when set, gets the practice keys pressed on its buttons.
// getModel, when set, is offered with the note of a report without a
// transcript (it opens the speech models in Settings).
func newReportViewWithReplay(lang i18n.Lang, rep *practice.AttemptReport, replay func(at float64), keys func(*fyne.KeyEvent), getModel func()) fyne.CanvasObject {
	v := rep.Result.Feedback.In(lang)
	t := func(k string) string { return i18n.T(lang, k) }
	summary := widget.NewLabel(v.Summary)
	summary.Wrapping = fyne.TextWrapWord
	grid := container.NewVBox()
	for _, d := range feedback.Dimensions {
		val := "–"
		if sc := v.Scores[d]; sc != nil {
			val = fmt.Sprintf("%.0f", *sc)
		}
		name := widget.NewLabel(t("dim." + d))
		name.TextStyle.Bold = d == "overall"
		score := widget.NewLabel(val)
		score.TextStyle.Bold = true
		reason := widget.NewLabel(v.Reasons[d])
		reason.Wrapping = fyne.TextWrapWord
		reason.SizeName = theme.SizeNameCaptionText
		grid.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(110, 36), name), container.NewGridWrap(fyne.NewSize(50, 36), score), reason))
	}
	finds := container.NewVBox()
	for _, f := range v.Findings {
		mark := map[feedback.Severity]string{feedback.Info: "ⓘ", feedback.Minor: "△", feedback.Major: "▲"}[f.Severity]
		msg := widget.NewLabel(fmt.Sprintf("%s %s  %s", mark, clock(time.Duration(f.Start*float64(time.Second))), f.Message))
		msg.Wrapping = fyne.TextWrapWord
		sug := widget.NewLabel("→ " + f.Suggestion)
		sug.Wrapping = fyne.TextWrapWord
		sug.SizeName = theme.SizeNameCaptionText
		item := container.NewVBox(msg, sug)
		if replay != nil {
			at := f.Start
			var play fyne.CanvasObject
			if keys != nil {
				play = newRoutedButton("", theme.MediaPlayIcon(), func() { replay(math.Max(0, at-1)) }, keys)
			} else {
				play = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), func() { replay(math.Max(0, at-1)) })
			}
			finds.Add(container.NewBorder(nil, nil, play, nil, item))
		} else {
			finds.Add(item)
		}
	}
	if len(v.Findings) == 0 {
		finds.Add(widget.NewLabel(t("report.nofindings")))
	}
	var tr string
	if x := rep.Result.Report.Transcript; x != nil && strings.TrimSpace(x.Text) != "" {
		tr = x.Text
	} else if why := rep.Result.Skipped["speech"]; why != "" {
		tr = t("report.notranscript")
		if lang == i18n.EN {
			tr += " " + why // the reasons are written in English
		}
	}
	transcript := widget.NewRichText(transcriptSegments(rep, tr)...)
	transcript.Wrapping = fyne.TextWrapWord
	var transcriptPart fyne.CanvasObject = transcript
	if x := rep.Result.Report.Transcript; (x == nil || strings.TrimSpace(x.Text) == "") && getModel != nil {
		// What a transcript adds, and the way to get one.
		get := newRoutedButton(t("report.getmodel"), theme.DownloadIcon(), getModel, keys)
		transcriptPart = container.NewVBox(transcript, wrapLabel(t("report.transcript.adds")), container.NewHBox(get))
	}
	parts := []fyne.CanvasObject{
		widget.NewCard(t("report.summary"), "", summary),
		widget.NewCard(t("report.scores"), "", grid),
	}
	if vr := rep.Result.Report.Report; vr != nil && vr.Tracks != nil {
		parts = append(parts, widget.NewCard(t("report.plot"), t("report.plot.sub"), newTrackPlot(vr.Tracks, v.Findings)))
	}
	parts = append(parts, widget.NewCard(t("report.findings"), "", finds), widget.NewCard(t("report.transcript"), t("report.transcript.sub"), transcriptPart))
	return container.NewVBox(parts...)
}
