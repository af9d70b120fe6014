package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/practice"
)

// showInterview fills the pane during a mock interview (a calm note: the
// feedback comes at the end, as after a real interview) and, once it has
// finished, with its review.
func (s *practiceScreen) showInterview(st practice.State) {
	if st.Phase != practice.PhaseFinished {
		if !s.ivNote {
			s.review, s.shown, s.ivNote, s.waiting = nil, nil, true, false
			s.report.RemoveAll()
			s.report.Add(wrapLabel(s.t("practice.iv.later")))
		}
		return
	}
	s.ivNote = false
	if s.review != nil && s.review.SessionID == st.SessionID {
		return
	}
	s.review = &practice.SessionReview{SessionID: st.SessionID} // loading
	s.report.RemoveAll()
	s.report.Add(wrapLabel(s.t("review.loading")))
	id, lang := st.SessionID, s.lang
	go func() {
		r, err := s.svc.Review(context.Background(), id, lang)
		fyne.Do(func() {
			if s.review == nil || s.review.SessionID != id {
				return
			}
			s.report.RemoveAll()
			s.scroll.ScrollToTop()
			if err != nil {
				s.report.Add(wrapLabel(problemText(s.lang, err)))
				return
			}
			s.review = &r
			s.report.Add(s.reviewView(r))
		})
	}()
}

// reviewView is a mock interview's review: the interview as a whole
// first, then each answer with ▶ at the moment to fix.
func (s *practiceScreen) reviewView(r practice.SessionReview) fyne.CanvasObject {
	t := s.t
	box := container.NewVBox()
	whole := container.NewVBox(wrapLabel(fmt.Sprintf(t("review.answered"), r.Answered, len(r.Answers))))
	if r.Strongest > 0 {
		whole.Add(wrapLabel(fmt.Sprintf(t("review.strongest"), r.Strongest, r.Answers[r.Strongest-1].Question)))
	}
	if r.Weakest > 0 {
		whole.Add(wrapLabel(fmt.Sprintf(t("review.weakest"), r.Weakest, r.Answers[r.Weakest-1].Question)))
	}
	for _, c := range r.Recurring {
		whole.Add(wrapLabel("• " + c.Text))
	}
	if len(r.Next) > 0 {
		whole.Add(widget.NewLabelWithStyle(t("review.next"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, n := range r.Next {
			whole.Add(wrapLabel("• " + n))
		}
	}
	if r.Again != 0 {
		again := r.Again
		whole.Add(widget.NewButtonWithIcon(t("review.again"), theme.MediaReplayIcon(), func() {
			s.start(practice.Spec{Kind: practice.KindOne, IDs: []int64{again}, Lang: s.lang})
		}))
	}
	box.Add(widget.NewCard(t("review.title"), "", whole))
	for _, a := range r.Answers {
		title := fmt.Sprintf("%d. %s", a.Position, a.Question)
		if a.FollowUp {
			title = fmt.Sprintf("%d. (%s) %s", a.Position, t("review.followup"), a.Question)
		}
		body := container.NewVBox()
		if a.AttemptID == 0 {
			body.Add(wrapLabel(t("review.notanswered")))
			box.Add(widget.NewCard("", "", container.NewVBox(wrapLabel(title), body)))
			continue
		}
		line := fmt.Sprintf(t("review.duration"), a.DurationS, a.TargetS[0], a.TargetS[1])
		if a.Overall != nil {
			line = fmt.Sprintf(t("review.overall"), *a.Overall) + " · " + line
		}
		body.Add(wrapLabel(line))
		if a.Fix != "" {
			body.Add(wrapLabel(t("review.fix") + " " + a.Fix))
		}
		if a.Try != "" {
			body.Add(wrapLabel("→ " + a.Try))
		}
		id, at := a.AttemptID, a.FixAt
		play := widget.NewButtonWithIcon(t("review.play"), theme.MediaPlayIcon(), func() {
			att, err := s.svc.Store.Attempt(context.Background(), id)
			if err != nil {
				s.status.SetText(problemText(s.lang, err))
				return
			}
			s.replay.play(att, max(0, at))
		})
		label := wrapLabel(title)
		label.TextStyle.Bold = true
		box.Add(widget.NewCard("", "", container.NewVBox(label, body, container.NewHBox(play))))
	}
	return box
}
