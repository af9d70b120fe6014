package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
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

// reviewActions are what a review's buttons do.
type reviewActions struct {
	replay *replayer
	// practise starts practising a question now.
	practise func(questionID int64)
	// tomorrow puts a question in tomorrow's routine.
	tomorrow func(questionID int64) error
	say      func(string)
	keys     func(*fyne.KeyEvent) // the practice keys, from a focused button (nil: none)
}

// reviewActions of the practice screen.
func (s *practiceScreen) reviewActions() reviewActions {
	return reviewActions{
		replay: s.replay,
		practise: func(id int64) {
			s.start(practice.Spec{Kind: practice.KindOne, IDs: []int64{id}, Lang: s.lang})
		},
		tomorrow: func(id int64) error { return practice.PractiseAgain(context.Background(), s.svc.Store, id, s.now()) },
		say:      s.status.SetText,
		keys:     s.keyEvent,
	}
}

func (s *practiceScreen) reviewView(r practice.SessionReview) fyne.CanvasObject {
	return reviewView(s.lang, s.svc, r, s.reviewActions())
}

// reviewView is a mock interview's review: the interview as a whole
// first, with the plan for next time, then each answer with ▶ at the
// moment to fix and ▶ from its question (asked aloud, then the answer).
func reviewView(lang i18n.Lang, svc *practice.Service, r practice.SessionReview, act reviewActions) fyne.CanvasObject {
	t := func(k string) string { return i18n.T(lang, k) }
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
	if again := r.Again; again != 0 {
		var tomorrow *routedButton
		tomorrow = newRoutedButton(t("review.tomorrow"), theme.ContentAddIcon(), func() {
			if err := act.tomorrow(again); err != nil {
				act.say(problemText(lang, err))
				return
			}
			tomorrow.SetText(t("review.tomorrow.done"))
			tomorrow.SetIcon(theme.ConfirmIcon())
			tomorrow.Disable()
		}, act.keys)
		tomorrow.Importance = widget.HighImportance
		now := newRoutedButton(t("review.again"), theme.MediaReplayIcon(), func() { act.practise(again) }, act.keys)
		whole.Add(container.NewHBox(tomorrow, now))
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
		a := a
		attempt := func(then func(store.Attempt)) {
			att, err := svc.Store.Attempt(context.Background(), a.AttemptID)
			if err != nil {
				act.say(problemText(lang, err))
				return
			}
			then(att)
		}
		play := newRoutedButton(t("review.play"), theme.MediaPlayIcon(), func() {
			attempt(func(att store.Attempt) { act.replay.play(att, max(0, a.FixAt)) })
		}, act.keys)
		asked := newRoutedButton(t("review.asked"), theme.VolumeUpIcon(), func() {
			attempt(func(att store.Attempt) { act.replay.playAsked(a.Question, a.Language, att) })
		}, act.keys)
		label := wrapLabel(title)
		label.TextStyle.Bold = true
		box.Add(widget.NewCard("", "", container.NewVBox(label, body, container.NewHBox(play, asked))))
	}
	return box
}
