package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/practice"
)

// transcriptSegments shows the transcript with the fillers highlighted
// and a marker where a long pause fell; the word being replayed at at
// seconds (at < 0: none) stands out.
func transcriptSegments(rep *practice.AttemptReport, text string, at float64) []widget.RichTextSegment {
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
		if at >= w.Start && at < w.End+0.15 {
			st = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}}
		}
		segs = append(segs, &widget.TextSegment{Text: w.Text + " ", Style: st})
	}
	return segs
}

// playback is what a report needs to replay its answer.
type playback interface {
	play(at float64)
	stop()
	position() (at float64, playing bool)
}

// replayFuncs is a playback over a replayer, with its own way to start
// (the practice screen does not replay during a recording).
type replayFuncs struct {
	start func(at float64)
	r     *replayer
}

func (p replayFuncs) play(at float64)           { p.start(at) }
func (p replayFuncs) stop()                     { p.r.stop() }
func (p replayFuncs) position() (float64, bool) { return p.r.position() }

// newReportView shows a report without replay.
func newReportView(lang i18n.Lang, rep *practice.AttemptReport) fyne.CanvasObject {
	return newReportViewWithReplay(lang, rep, nil, nil, nil)
}

// reportView is one answer's report: the overall score with what it
// covers, the three things to know (strongest point, biggest gap with its
// moment, what to try), then the details on demand: scores, the plot with
// a playhead, the findings, the transcript.
type reportView struct {
	// transcript follows the replay: follow(at) marks the word at at.
	transcript *widget.RichText
	follow     func(at float64)
	lastWord   float64
	words      []analysis.TimedText
	pb         playback
	keys       func(*fyne.KeyEvent)
	plot       *trackPlot
	active     *routedButton // the ▶ that is playing (shows ■)
	ticking    bool
	content    fyne.CanvasObject
}

// newReportViewWithReplay is the report with ▶ on the gap and every
// finding (■ while it plays, and a tap stops it), and a plot that shows
// the playhead and replays from where it is tapped. keys, when set, gets
// the practice keys pressed on its buttons. getModel, when set, is offered
// with the note of a report without a transcript (it opens the speech
// models in Settings).
func newReportViewWithReplay(lang i18n.Lang, rep *practice.AttemptReport, pb playback, keys func(*fyne.KeyEvent), getModel func()) fyne.CanvasObject {
	return buildReportView(lang, rep, pb, keys, getModel).content
}

func buildReportView(lang i18n.Lang, rep *practice.AttemptReport, pb playback, keys func(*fyne.KeyEvent), getModel func()) *reportView {
	rv := &reportView{pb: pb, keys: keys, lastWord: -1}
	if x := rep.Result.Report.Transcript; x != nil {
		rv.words = x.Words
	}
	v := rep.Result.Feedback.In(lang)
	t := func(k string) string { return i18n.T(lang, k) }
	lines := rv.insightLines(t, v)
	summary := wrapLabel(v.Summary)
	summary.SizeName = theme.SizeNameCaptionText
	// The transcript, or why there is none and what it would add.
	tr, pending := transcriptText(lang, t, rep)
	transcript := widget.NewRichText(transcriptSegments(rep, tr, -1)...)
	rv.transcript = transcript
	rv.follow = func(at float64) {
		transcript.Segments = transcriptSegments(rep, tr, at)
		transcript.Refresh()
	}
	transcript.Wrapping = fyne.TextWrapWord
	if pending {
		// The delivery feedback is in; the words follow in a moment.
		note := wrapLabel(t("report.transcribing"))
		note.SizeName = theme.SizeNameCaptionText
		lines.Add(container.NewVBox(note, widget.NewProgressBarInfinite()))
	} else if x := rep.Result.Report.Transcript; (x == nil || strings.TrimSpace(x.Text) == "") && getModel != nil {
		// What a transcript adds, and the way to get one, in the headline:
		// content, spoken fillers and follow-ups all wait for it.
		get := newRoutedButton(t("report.getmodel"), theme.DownloadIcon(), getModel, keys)
		adds := wrapLabel(t("report.transcript.adds"))
		adds.SizeName = theme.SizeNameCaptionText
		lines.Add(container.NewBorder(nil, nil, nil, get, adds))
	}
	// The details; the plot and the findings open: they are what the
	// replay is for.
	details := widget.NewAccordion()
	details.MultiOpen = true
	var open []int
	details.Append(widget.NewAccordionItem(t("report.scores"), reportScores(t, v)))
	if vr := rep.Result.Report.Report; vr != nil && vr.Tracks != nil {
		var seek func(at float64)
		if pb != nil {
			seek = func(at float64) { rv.toggle(at, nil) }
		}
		rv.plot = newTrackPlotWidget(vr.Tracks, v.Findings, seek)
		sub := widget.NewLabel(t("report.plot.sub"))
		sub.SizeName = theme.SizeNameCaptionText
		open = append(open, len(details.Items))
		details.Append(widget.NewAccordionItem(t("report.plot"), container.NewVBox(sub, rv.plot)))
	}
	open = append(open, len(details.Items))
	details.Append(widget.NewAccordionItem(t("report.findings"), rv.findingsList(t, v)))
	sub := widget.NewLabel(t("report.transcript.sub"))
	sub.SizeName = theme.SizeNameCaptionText
	details.Append(widget.NewAccordionItem(t("report.transcript"), container.NewVBox(sub, transcript)))
	for _, i := range open {
		details.Open(i)
	}
	rv.content = container.NewVBox(widget.NewCard("", "", container.NewVBox(reportHeadline(t, v), lines, summary)), details)
	return rv
}

// playButton is ▶ at a moment of the answer (with a second of lead-in),
// nil without playback or a moment.
func (rv *reportView) playButton(at float64) fyne.CanvasObject {
	if rv.pb == nil || at < 0 {
		return nil
	}
	var b *routedButton
	b = newRoutedButton("", theme.MediaPlayIcon(), func() { rv.toggle(math.Max(0, at-1), b) }, rv.keys)
	return b
}

// reportHeadline is the overall in large with what it covers.
func reportHeadline(t func(string) string, v feedback.View) fyne.CanvasObject {
	big := canvas.NewText("–", theme.Color(theme.ColorNameForeground))
	if sc := v.Scores["overall"]; sc != nil {
		big.Text = fmt.Sprintf("%.0f", *sc)
	}
	big.TextSize, big.TextStyle.Bold = 44, true
	covers := wrapLabel(v.Reasons["overall"])
	covers.SizeName = theme.SizeNameCaptionText
	title := widget.NewLabel(t("dim.overall"))
	title.TextStyle.Bold = true
	return container.NewBorder(nil, nil, container.NewPadded(big), nil, container.NewVBox(title, covers))
}

// insightLines are the report at a glance: the strongest point, the
// biggest gap with ▶ at its moment, the one thing to try.
func (rv *reportView) insightLines(t func(string) string, v feedback.View) *fyne.Container {
	lines := container.NewVBox()
	in := v.Insights()
	line := func(key, text string, at float64) {
		label := widget.NewLabel(t(key))
		label.TextStyle.Bold = true
		row := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(130, 36), label), nil, wrapLabel(text))
		if b := rv.playButton(at); b != nil {
			row = container.NewBorder(nil, nil, container.NewHBox(container.NewGridWrap(fyne.NewSize(130, 36), label), b), nil, wrapLabel(text))
		}
		lines.Add(row)
	}
	if in.Strong != nil {
		line("report.strong", fmt.Sprintf("%s %.0f — %s", t("dim."+in.Strong.Dim), in.Strong.Score, in.Strong.Text), -1)
	}
	if in.Gap != nil {
		text := in.Gap.Text
		if in.Gap.At >= 0 {
			text = clock(media.Seconds(in.Gap.At)) + "  " + text
		}
		line("report.gap", text, in.Gap.At)
	}
	if in.Try != "" {
		line("report.try", in.Try, -1)
	}
	return lines
}

// reportScores are the measured dimensions with their reasons, then what
// was not measured and why.
func reportScores(t func(string) string, v feedback.View) *fyne.Container {
	grid := container.NewVBox()
	var missing []string
	for _, d := range feedback.Parts {
		sc := v.Scores[d]
		if sc == nil {
			missing = append(missing, t("dim."+d)+": "+v.Reasons[d])
			continue // the overall's reason says how many were measured
		}
		name := widget.NewLabel(t("dim." + d))
		score := widget.NewLabel(fmt.Sprintf("%.0f", *sc))
		score.TextStyle.Bold = true
		reason := wrapLabel(v.Reasons[d])
		reason.SizeName = theme.SizeNameCaptionText
		grid.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(110, 36), name), container.NewGridWrap(fyne.NewSize(50, 36), score), reason))
	}
	if len(missing) > 0 {
		m := wrapLabel(t("report.notmeasured") + "\n" + strings.Join(missing, "\n"))
		m.SizeName = theme.SizeNameCaptionText
		grid.Add(m)
	}
	return grid
}

// findingsList is every finding with its time, suggestion and ▶.
func (rv *reportView) findingsList(t func(string) string, v feedback.View) *fyne.Container {
	finds := container.NewVBox()
	for _, f := range v.Findings {
		mark := map[feedback.Severity]string{feedback.Info: "ⓘ", feedback.Minor: "△", feedback.Major: "▲"}[f.Severity]
		whole := f.End <= f.Start // about the whole answer: no moment to mark or replay
		msg := wrapLabel(fmt.Sprintf("%s %s  %s", mark, clock(media.Seconds(f.Start)), f.Message))
		if whole {
			msg.SetText(mark + " " + f.Message)
		}
		sug := wrapLabel("→ " + f.Suggestion)
		sug.SizeName = theme.SizeNameCaptionText
		item := container.NewVBox(msg, sug)
		if b := rv.playButton(f.Start); b != nil && !whole {
			finds.Add(container.NewBorder(nil, nil, b, nil, item))
		} else {
			finds.Add(item)
		}
	}
	if len(v.Findings) == 0 {
		finds.Add(widget.NewLabel(t("report.nofindings")))
	}
	return finds
}

// transcriptText is the transcript to show, or what stands in for it; pending
// says the transcript's tail is still being recognised.
func transcriptText(lang i18n.Lang, t func(string) string, rep *practice.AttemptReport) (tr string, pending bool) {
	pending = rep.Result.Skipped[pipeline.Speech] == pipeline.SpeechPending
	if x := rep.Result.Report.Transcript; x != nil && strings.TrimSpace(x.Text) != "" {
		return x.Text, pending
	}
	if pending {
		return t("report.transcribing"), true
	}
	if why := rep.Result.Skipped[pipeline.Speech]; why != "" {
		tr = t("report.notranscript")
		if lang == i18n.EN {
			tr += " " + why // the reasons are written in English
		}
	}
	return tr, false
}

// toggle replays from at, or stops when b is the ▶ already playing (it
// shows ■). The playhead follows the replay until it ends.
func (rv *reportView) toggle(at float64, b *routedButton) {
	if rv.pb == nil {
		return
	}
	if b != nil && b == rv.active {
		rv.pb.stop()
		rv.reset()
		return
	}
	rv.reset()
	rv.pb.play(at)
	if _, playing := rv.pb.position(); !playing {
		return // it could not start; the replayer said why
	}
	rv.active = b
	if b != nil {
		b.SetIcon(theme.MediaStopIcon())
	}
	if rv.plot != nil {
		rv.plot.setPlayhead(at)
	}
	if rv.ticking {
		return
	}
	rv.ticking = true
	go func() {
		for playing := true; playing; {
			time.Sleep(50 * time.Millisecond)
			fyne.DoAndWait(func() {
				var at float64
				if at, playing = rv.pb.position(); playing {
					if rv.plot != nil {
						rv.plot.setPlayhead(at)
					}
					rv.followAt(at)
					return
				}
				rv.reset()
				rv.ticking = false
			})
		}
	}()
}

// followAt marks the replayed word in the transcript, redrawing it only
// when the word changes.
func (rv *reportView) followAt(at float64) {
	if rv.follow == nil {
		return
	}
	if w := currentWord(rv, at); w != rv.lastWord {
		rv.lastWord = w
		rv.follow(at)
	}
}

// currentWord is the start of the word being replayed at at (-1: none).
func currentWord(rv *reportView, at float64) float64 {
	if at < 0 || rv.words == nil {
		return -1
	}
	for _, w := range rv.words {
		if at >= w.Start && at < w.End+0.15 {
			return w.Start
		}
	}
	return -1
}

// reset puts ■ back to ▶ and hides the playhead.
func (rv *reportView) reset() {
	if rv.active != nil {
		rv.active.SetIcon(theme.MediaPlayIcon())
		rv.active = nil
	}
	if rv.plot != nil {
		rv.plot.setPlayhead(-1)
	}
	if rv.lastWord != -1 && rv.follow != nil {
		rv.lastWord = -1
		rv.follow(-1)
	}
}
