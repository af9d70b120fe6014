package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// questionRow is one practised question in Records: how often, the last
// score; the button opens its answers side by side.
func (s *recordsScreen) questionRow(q store.PractisedQuestion) fyne.CanvasObject {
	last := "–"
	if q.Final != nil {
		last = fmt.Sprintf("%.0f", *q.Final)
	}
	line := widget.NewLabel(fmt.Sprintf(s.t("records.question.line"), q.Question.Text, q.Answers, last))
	line.Truncation = fyne.TextTruncateEllipsis
	id := q.Question.ID
	open := newRoutedButton(s.t("records.compare"), theme.ViewRestoreIcon(), func() { s.openQuestion(id) }, nil)
	return container.NewBorder(nil, nil, nil, open, line)
}

// questionData is one question's analysed answers, read off the UI
// goroutine.
type questionData struct {
	q       store.Question
	answers []store.QuestionAttempt // analysed, oldest first
	err     error
}

// openQuestion shows a question's answers: its overall over time and any
// two of them side by side (the last two at first).
func (s *recordsScreen) openQuestion(qid int64) {
	s.replay.stop()
	s.openID, s.openSession, s.openQ = 0, 0, qid
	s.status.SetText(s.t("review.loading"))
	s.replay.img.Hide()
	back := widget.NewButtonWithIcon(s.t("records.back"), theme.NavigateBackIcon(), s.close)
	title := widget.NewLabel("")
	title.Wrapping = fyne.TextWrapWord
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameSubHeadingText
	body := container.NewVBox()
	s.detail.Objects = []fyne.CanvasObject{container.NewBorder(container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, back, nil), title, s.status)), nil, nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(container.NewCenter(s.replay.img), body))))}
	s.detail.Refresh()
	s.content.Objects = []fyne.CanvasObject{s.detail}
	s.content.Refresh()
	go func() {
		ctx := context.Background()
		var d questionData
		d.q, d.err = s.svc.Store.Question(ctx, qid)
		if d.err == nil {
			var all []store.QuestionAttempt
			all, d.err = s.svc.Store.QuestionHistory(ctx, qid)
			for _, a := range all {
				if a.Attempt.Status == store.AttemptAnalyzed {
					d.answers = append(d.answers, a)
				}
			}
		}
		fyne.Do(func() {
			if s.openQ != qid {
				return
			}
			if d.err != nil {
				s.status.SetText(problemText(s.lang, d.err))
				return
			}
			s.status.SetText("")
			title.SetText(d.q.Text)
			s.showQuestion(body, d)
		})
	}()
}

// showQuestion fills body with a question's chart, the two answers to
// compare and their comparison.
func (s *recordsScreen) showQuestion(body *fyne.Container, d questionData) {
	t := s.t
	if len(d.answers) < 2 {
		practise := widget.NewButtonWithIcon(t("practice.this"), theme.MediaPlayIcon(), func() {
			if s.practise != nil {
				s.practise(practice.Spec{Kind: practice.KindOne, IDs: []int64{d.q.ID}, Lang: d.q.Language})
			}
		})
		body.Add(wrapLabel(t("compare.one")))
		body.Add(container.NewHBox(practise))
		s.signal()
		return
	}
	var vs []float64
	var scores []string
	labels := make([]string, len(d.answers))
	for i, a := range d.answers {
		sc := "–"
		if a.Overall != nil {
			vs = append(vs, *a.Overall)
			sc = fmt.Sprintf("%.0f", *a.Overall)
			scores = append(scores, sc)
		}
		labels[i] = fmt.Sprintf("%d. %s · %s", i+1, a.Attempt.StartedAt.In(s.now().Location()).Format("01-02 15:04"), sc)
	}
	trend := wrapLabel(t("compare.trend") + " " + strings.Join(scores, " → "))
	chart := container.NewGridWrap(fyne.NewSize(420, 60), newSparkline(vs))
	pane := container.NewVBox()
	selA, selB := widget.NewSelect(labels, nil), widget.NewSelect(labels, nil)
	show := func() {
		ia, ib := selA.SelectedIndex(), selB.SelectedIndex()
		if ia < 0 || ib < 0 {
			return
		}
		pane.RemoveAll()
		if ia == ib {
			pane.Add(wrapLabel(t("compare.same")))
			return
		}
		a, b := d.answers[ia].Attempt.ID, d.answers[ib].Attempt.ID
		go func() {
			c, err := s.svc.Compare(context.Background(), a, b, s.lang)
			fyne.Do(func() {
				if selA.SelectedIndex() != ia || selB.SelectedIndex() != ib {
					return // chosen again meanwhile
				}
				pane.RemoveAll()
				if err != nil {
					pane.Add(wrapLabel(problemText(s.lang, err)))
					return
				}
				pane.Add(s.comparisonView(c))
				s.compared = &c
				s.signal()
			})
		}()
	}
	selA.OnChanged = func(string) { show() }
	selB.OnChanged = func(string) { show() }
	body.Add(widget.NewCard(t("compare.trend.title"), "", container.NewVBox(trend, chart)))
	body.Add(container.NewGridWithColumns(2,
		container.NewBorder(nil, nil, widget.NewLabel(t("compare.a")), nil, selA),
		container.NewBorder(nil, nil, widget.NewLabel(t("compare.b")), nil, selB)))
	body.Add(pane)
	selA.SetSelectedIndex(len(labels) - 2)
	selB.SetSelectedIndex(len(labels) - 1)
}

// signal tells the tests a view is ready.
func (s *recordsScreen) signal() {
	select {
	case s.loaded <- struct{}{}:
	default:
	}
}

// comparisonView is two answers side by side: every dimension with its
// change, what went away and what appeared, both transcripts, both
// replays.
func (s *recordsScreen) comparisonView(c practice.AnswerComparison) fyne.CanvasObject {
	t := s.t
	grid := container.NewGridWithColumns(4,
		widget.NewLabelWithStyle(t("compare.dim"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(t("compare.a"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(t("compare.b"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(t("compare.change"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	num := func(v *float64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf("%.0f", *v)
	}
	for _, d := range c.Dims {
		if d.A == nil && d.B == nil {
			continue // measured in neither
		}
		ch := ""
		if d.Change != nil {
			switch {
			case *d.Change > 0:
				ch = fmt.Sprintf("+%.0f ▲", *d.Change)
			case *d.Change < 0:
				ch = fmt.Sprintf("%.0f ▼", *d.Change)
			default:
				ch = "±0"
			}
		}
		grid.Add(widget.NewLabel(t("dim." + d.Dim)))
		grid.Add(widget.NewLabelWithStyle(num(d.A), fyne.TextAlignTrailing, fyne.TextStyle{}))
		grid.Add(widget.NewLabelWithStyle(num(d.B), fyne.TextAlignTrailing, fyne.TextStyle{}))
		grid.Add(widget.NewLabelWithStyle(ch, fyne.TextAlignTrailing, fyne.TextStyle{Bold: d.Dim == "overall"}))
	}
	findings := container.NewVBox()
	list := func(title string, fs []feedback.ViewFinding) {
		if len(fs) == 0 {
			return
		}
		findings.Add(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, f := range fs {
			findings.Add(wrapLabel("• " + f.Message))
		}
	}
	list(t("compare.gone"), c.Gone)
	list(t("compare.new"), c.New)
	if len(c.Gone) == 0 && len(c.New) == 0 {
		findings.Add(wrapLabel(t("compare.nochange")))
	}
	side := func(key string, r *practice.AttemptReport) fyne.CanvasObject {
		tr, _ := transcriptText(s.lang, t, r)
		play := newRoutedButton(t("compare.play"), theme.MediaPlayIcon(), func() { s.replay.play(r.Attempt, 0) }, nil)
		head := widget.NewLabelWithStyle(t(key)+" · "+r.Attempt.StartedAt.In(s.now().Location()).Format("01-02 15:04"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		return container.NewVBox(container.NewBorder(nil, nil, nil, play, head), wrapLabel(tr))
	}
	return container.NewVBox(
		widget.NewCard(t("compare.title"), "", grid),
		widget.NewCard(t("compare.findings"), "", findings),
		widget.NewCard(t("compare.transcripts"), "", container.NewGridWithColumns(2, side("compare.a", c.A), side("compare.b", c.B))),
	)
}
