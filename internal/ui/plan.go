package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/plan"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// planScreen lists the interviews (add, edit or delete) and the routine to
// them.
type planScreen struct {
	lang    i18n.Lang
	content fyne.CanvasObject
	company *widget.Entry
	date    *widget.Entry
	status  *widget.Label
	list    *fyne.Container
	days    *fyne.Container
	st      *store.Store
	now     func() time.Time
	win     func() fyne.Window
	editing int64
	addBtn  *widget.Button
	loaded  chan struct{} // receives after each refresh is shown (tests)
	// practise starts a practice (a mock interview for an interview).
	practise func(practice.Spec)
}

func newPlanScreen(lang i18n.Lang, st *store.Store, now func() time.Time, win func() fyne.Window) *planScreen {
	s := &planScreen{lang: lang, st: st, now: now, win: win, loaded: make(chan struct{}, 16)}
	t := s.t
	s.company = widget.NewEntry()
	s.company.SetPlaceHolder(t("plan.company"))
	s.date = widget.NewEntry()
	s.date.SetPlaceHolder(fmt.Sprintf(t("plan.date.hint"), s.example()))
	s.date.OnSubmitted = func(string) { s.add() }
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	add := widget.NewButtonWithIcon(t("plan.add"), theme.ContentAddIcon(), s.add)
	add.Importance = widget.HighImportance
	s.addBtn = add
	s.list = container.NewVBox()
	s.days = container.NewVBox()
	form := container.NewBorder(nil, nil, nil, add, container.NewGridWithColumns(2, s.company, s.date))
	s.content = container.NewBorder(container.NewPadded(container.NewVBox(form, s.status, s.list)), nil, nil, nil,
		container.NewVScroll(container.NewPadded(s.days)))
	s.show(s.load())
	return s
}

func (s *planScreen) t(k string) string { return i18n.T(s.lang, k) }

// example is a date to show how to write one: a week from today, so it is
// never in the past.
func (s *planScreen) example() string { return s.now().AddDate(0, 0, 7).Format(time.DateOnly) }

func (s *planScreen) add() {
	_, err := practice.SaveInterview(context.Background(), s.st, store.Interview{ID: s.editing, Company: s.company.Text, Date: s.date.Text}, s.lang)
	switch {
	case errors.Is(err, practice.ErrBadDate):
		s.status.SetText(fmt.Sprintf(s.t("plan.baddate"), s.example()))
		return
	case err != nil:
		s.status.SetText(s.t("plan.notsaved") + " " + problemText(s.lang, err))
		return
	}
	s.editing = 0
	s.addBtn.SetText(s.t("plan.add"))
	s.company.SetText("")
	s.date.SetText("")
	s.status.SetText("")
	// The store's change notice refreshes this screen and Home.
}

type planData struct {
	ivs []store.Interview
	p   plan.Plan
	err error
}

func (s *planScreen) load() planData {
	ctx := context.Background()
	var d planData
	d.ivs, d.err = s.st.Interviews(ctx)
	if d.err == nil {
		d.p, d.err = practice.Plan(ctx, s.st, s.now(), s.lang)
	}
	return d
}

func (s *planScreen) refresh() {
	loadThenShow(s.load, s.show)
}

func (s *planScreen) show(d planData) {
	t := s.t
	s.list.RemoveAll()
	for _, iv := range d.ivs {
		iv := iv
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.confirmDelete(iv) })
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() {
			s.editing = iv.ID
			s.company.SetText(iv.Company)
			s.date.SetText(iv.Date)
			s.addBtn.SetText(t("plan.save"))
		})
		mock := widget.NewButtonWithIcon(t("plan.mock"), theme.AccountIcon(), func() {
			if s.practise != nil {
				s.practise(practice.Spec{Kind: practice.KindInterview, Lang: s.lang, InterviewID: iv.ID})
			}
		})
		s.list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(mock, edit, del), widget.NewLabel(fmt.Sprintf("%s · %s", iv.Date, iv.Company))))
	}
	s.days.RemoveAll()
	if d.err != nil {
		s.days.Add(wrapLabel(d.err.Error()))
	}
	for _, n := range d.p.Notes {
		s.days.Add(wrapLabel(n.In(s.lang)))
	}
	for _, day := range d.p.Days {
		head := widget.NewLabel(fmt.Sprintf("%s  D-%d  %s", day.Date, day.DMinus, day.Company))
		if day.InterviewID == 0 {
			head.SetText(day.Date)
		}
		head.TextStyle.Bold = true
		s.days.Add(head)
		for _, tk := range day.Tasks {
			s.days.Add(wrapLabel(fmt.Sprintf("   • %s (%s) — %s", t("task."+tk.Kind), i18n.N(s.lang, "n.questions", len(tk.QuestionIDs)), tk.Reason.In(s.lang))))
		}
	}
	select {
	case s.loaded <- struct{}{}:
	default:
	}
}

// confirmDelete asks before deleting an interview; the destructive button
// is not the default one.
func (s *planScreen) confirmDelete(iv store.Interview) {
	confirmDestructive(s.lang, s.t("plan.delete"), fmt.Sprintf(s.t("plan.delete.confirm"), iv.Company, iv.Date), s.win(), func() {
		if err := s.st.DeleteInterview(context.Background(), iv.ID); err != nil {
			s.status.SetText(err.Error())
		}
	})
}

// confirm is a question before something that cannot be undone.
type confirm struct {
	dialog      dialog.Dialog
	cancel, del *widget.Button
}

// confirmDestructive asks whether to do something that cannot be undone:
// 취소 is the default button, 삭제 is marked dangerous.
func confirmDestructive(lang i18n.Lang, title, message string, w fyne.Window, do func()) *confirm {
	c := &confirm{}
	c.cancel = widget.NewButton(i18n.T(lang, "dialog.cancel"), func() { c.dialog.Hide() })
	c.cancel.Importance = widget.HighImportance
	c.del = widget.NewButtonWithIcon(i18n.T(lang, "dialog.delete"), theme.DeleteIcon(), func() { c.dialog.Hide(); do() })
	c.del.Importance = widget.DangerImportance
	d := dialog.NewCustomWithoutButtons(title, wrapLabel(message), w)
	d.SetButtons([]fyne.CanvasObject{c.del, c.cancel})
	d.Resize(fyne.NewSize(480, 200))
	c.dialog = d
	d.Show()
	return c
}
