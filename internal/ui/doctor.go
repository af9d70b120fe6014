package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/doctor"
	"nevermind/internal/i18n"
)

// DoctorFunc runs the system checks; it may take seconds and is called off
// the UI goroutine.
type DoctorFunc func(ctx context.Context) doctor.Report

// doctorScreen shows the system check: one row per component with its state
// and, when something is wrong, how to fix it.
type doctorScreen struct {
	lang    i18n.Lang
	run     DoctorFunc
	summary *widget.Label
	busy    *widget.ProgressBarInfinite
	rows    *fyne.Container
	again   *widget.Button
	content fyne.CanvasObject
}

func newDoctorScreen(lang i18n.Lang, run DoctorFunc) *doctorScreen {
	s := &doctorScreen{lang: lang, run: run}
	s.summary = widget.NewLabel("")
	s.summary.Truncation = fyne.TextTruncateEllipsis
	s.summary.TextStyle.Bold = true
	s.busy = widget.NewProgressBarInfinite()
	s.busy.Hide()
	s.rows = container.NewVBox()
	s.again = widget.NewButtonWithIcon(i18n.T(lang, "doctor.run"), theme.ViewRefreshIcon(), s.start)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, s.again, s.summary), s.busy)
	s.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(s.rows)))
	return s
}

// start runs the checks in the background and shows them when done.
func (s *doctorScreen) start() {
	s.again.Disable()
	s.busy.Show()
	s.busy.Start()
	s.summary.SetText(i18n.T(s.lang, "doctor.running"))
	go func() {
		r := s.run(context.Background())
		fyne.Do(func() { s.show(r) })
	}()
}

// show renders a report.
func (s *doctorScreen) show(r doctor.Report) {
	s.busy.Stop()
	s.busy.Hide()
	s.again.Enable()
	problems := 0
	for _, c := range r.Checks {
		if c.Status != doctor.OK {
			problems++
		}
	}
	summary := i18n.T(s.lang, "doctor.fail")
	if r.OK {
		summary = i18n.T(s.lang, "doctor.ok")
	}
	if problems > 0 {
		summary += " " + fmt.Sprintf(i18n.T(s.lang, "doctor.problems"), problems)
	}
	s.summary.SetText(summary)
	s.rows.RemoveAll()
	for _, c := range problemsFirst(r.Checks) {
		icon := widget.NewIcon(theme.ConfirmIcon())
		switch c.Status {
		case doctor.Warn:
			icon.SetResource(theme.WarningIcon())
		case doctor.Fail:
			icon.SetResource(theme.ErrorIcon())
		}
		name := widget.NewLabel(checkName(s.lang, c))
		name.TextStyle.Bold = true
		d, f := checkWords(s.lang, c)
		detail := widget.NewLabel(d)
		detail.Wrapping = fyne.TextWrapWord
		body := container.NewVBox(name, detail)
		if f != "" && c.Status != doctor.OK {
			fix := widget.NewLabel("→ " + i18n.T(s.lang, "doctor.fix") + ": " + f)
			fix.Wrapping = fyne.TextWrapWord
			fix.Importance = widget.WarningImportance
			body.Add(fix)
		}
		s.rows.Add(container.NewBorder(nil, nil, container.NewVBox(icon), nil, body))
		s.rows.Add(widget.NewSeparator())
	}
	s.rows.Refresh()
}

// problemsFirst orders checks failures first, then warnings, then the rest,
// keeping the doctor's order within each group.
func problemsFirst(cs []doctor.Check) []doctor.Check {
	rank := map[doctor.Status]int{doctor.Fail: 0, doctor.Warn: 1, doctor.OK: 2}
	out := append([]doctor.Check(nil), cs...)
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Status] < rank[out[j].Status] })
	return out
}

// checkName is a check's name in the UI language.
func checkName(lang i18n.Lang, c doctor.Check) string {
	if id, ok := strings.CutPrefix(c.ID, "model:"); ok {
		return fmt.Sprintf(i18n.T(lang, "check.model"), id)
	}
	if n := i18n.T(lang, "check."+c.ID); n != "check."+c.ID {
		return n
	}
	return c.Name
}

// checkWords are a check's detail and fix in the user's language, worded
// for the app (a tab, a button), from its problem code; the command
// line's English is the fallback for a code without words.
func checkWords(lang i18n.Lang, c doctor.Check) (detail, fix string) {
	args := make([]any, len(c.Args))
	for i, a := range c.Args {
		args[i] = a
	}
	key := "doctor." + c.Problem
	if c.Problem == "" || i18n.T(lang, key) == key {
		return c.Detail, c.Fix
	}
	detail = sprintfSome(i18n.T(lang, key), args)
	if f := i18n.T(lang, key+".fix"); f != key+".fix" {
		fix = sprintfSome(f, args)
	}
	return detail, fix
}

// sprintfSome formats s with the arguments it uses; a text may use fewer
// than the check gives.
func sprintfSome(s string, args []any) string {
	if !strings.Contains(s, "%") {
		return s
	}
	out := fmt.Sprintf(s, args...)
	if i := strings.Index(out, "%!(EXTRA "); i >= 0 {
		out = out[:i]
	}
	return out
}
