package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/coach"
	"nevermind/internal/i18n"
	"nevermind/internal/plan"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// PlanFunc makes today's plan from the records.
type PlanFunc func(ctx context.Context, today time.Time) (plan.Plan, error)

func pickText(lang i18n.Lang, t plan.Text) string {
	if lang == i18n.EN {
		return t.EN
	}
	return t.KO
}

// homeScreen is the D-Day dashboard: the countdown, today's routine and
// how much of it is done, the recent trend, and one button to start.
type homeScreen struct {
	lang    i18n.Lang
	content fyne.CanvasObject
	dday    *widget.Label
	today   *fyne.Container
	done    *widget.ProgressBar
	trend   *widget.Label
	start   *widget.Button
}

func newHomeScreen(lang i18n.Lang, st *store.Store, mkPlan PlanFunc, now func() time.Time, startToday func(ids []int64)) *homeScreen {
	h := &homeScreen{lang: lang}
	t := func(k string) string { return i18n.T(lang, k) }
	h.dday = widget.NewLabel("")
	h.dday.TextStyle.Bold = true
	h.dday.SizeName = theme.SizeNameHeadingText
	h.dday.Wrapping = fyne.TextWrapWord
	h.today = container.NewVBox()
	h.done = widget.NewProgressBar()
	h.trend = widget.NewLabel("")
	h.trend.Wrapping = fyne.TextWrapWord
	var todayIDs []int64
	h.start = widget.NewButtonWithIcon(t("home.start"), theme.MediaPlayIcon(), func() { startToday(todayIDs) })
	h.start.Importance = widget.HighImportance
	ctx := context.Background()
	p, err := mkPlan(ctx, now())
	switch {
	case err != nil:
		h.dday.SetText(err.Error())
	case len(p.Days) == 0:
		h.dday.SetText(t("home.nointerview"))
		for _, n := range p.Notes[:max(0, len(p.Notes)-1)] { // the last note says what the title says
			h.today.Add(wrapLabel(pickText(lang, n)))
		}
	default:
		d := p.Days[0]
		if d.DMinus == 0 {
			h.dday.SetText(fmt.Sprintf(t("home.dday0"), d.Company))
		} else {
			h.dday.SetText(fmt.Sprintf(t("home.dday"), d.Company, d.DMinus))
		}
		for _, n := range p.Notes {
			h.today.Add(wrapLabel(pickText(lang, n)))
		}
		for _, tk := range d.Tasks {
			todayIDs = append(todayIDs, tk.QuestionIDs...)
			h.today.Add(wrapLabel(fmt.Sprintf("• %s (%s, %d%s) — %s", t("task."+tk.Kind), nQuestions(lang, len(tk.QuestionIDs)), tk.Minutes, t("home.minutes"), pickText(lang, tk.Reason))))
		}
	}
	if st != nil {
		prog, err := practice.Records(ctx, st, now())
		if err == nil {
			todayDone := prog.Today
			if n := len(todayIDs); n > 0 {
				h.done.SetValue(min(1, float64(todayDone)/float64(n)))
			}
			h.done.TextFormatter = func() string { return fmt.Sprintf(t("home.done"), todayDone, len(todayIDs)) }
			var vs []string
			for _, x := range prog.Trends["score:overall"] {
				vs = append(vs, fmt.Sprintf("%.0f", x.Value))
			}
			trend := fmt.Sprintf(t("home.streak"), prog.Streak, prog.Attempts)
			if len(vs) > 0 {
				trend += "\n" + t("home.trend") + " " + strings.Join(vs, " → ")
			}
			if c := prog.Comparison; c != nil {
				trend += "\n" + c.Text.In(lang)
			}
			h.trend.SetText(trend)
		}
	}
	if len(todayIDs) == 0 {
		h.start.SetText(t("home.startany"))
	}
	h.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		h.dday,
		widget.NewCard(t("home.today"), "", container.NewVBox(h.today, h.done)),
		h.start,
		widget.NewCard(t("home.progress"), "", h.trend),
	)))
	return h
}

// nQuestions is "3문제", "1 question", "3 questions".
func nQuestions(lang i18n.Lang, n int) string {
	if lang == i18n.EN && n == 1 {
		return "1 question"
	}
	return fmt.Sprintf("%d%s", n, i18n.T(lang, "home.questions"))
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// planScreen lists the interviews (add or delete) and the routine to them.
type planScreen struct {
	lang    i18n.Lang
	content fyne.CanvasObject
	company *widget.Entry
	date    *widget.Entry
	status  *widget.Label
	list    *fyne.Container
	days    *fyne.Container
	st      *store.Store
	mkPlan  PlanFunc
	now     func() time.Time
	changed func()
	editing int64
	addBtn  *widget.Button
}

func newPlanScreen(lang i18n.Lang, st *store.Store, mkPlan PlanFunc, now func() time.Time, changed func()) *planScreen {
	s := &planScreen{lang: lang, st: st, mkPlan: mkPlan, now: now, changed: changed}
	t := func(k string) string { return i18n.T(lang, k) }
	s.company = widget.NewEntry()
	s.company.SetPlaceHolder(t("plan.company"))
	s.date = widget.NewEntry()
	s.date.SetPlaceHolder("YYYY-MM-DD")
	s.status = widget.NewLabel("")
	add := widget.NewButtonWithIcon(t("plan.add"), theme.ContentAddIcon(), s.add)
	add.Importance = widget.HighImportance
	s.addBtn = add
	s.list = container.NewVBox()
	s.days = container.NewVBox()
	form := container.NewBorder(nil, nil, nil, add, container.NewGridWithColumns(2, s.company, s.date))
	s.content = container.NewBorder(container.NewPadded(container.NewVBox(form, s.status, s.list)), nil, nil, nil,
		container.NewVScroll(container.NewPadded(s.days)))
	s.refresh()
	return s
}

func (s *planScreen) add() {
	t := func(k string) string { return i18n.T(s.lang, k) }
	d, err := time.Parse("2006-01-02", strings.TrimSpace(s.date.Text))
	if err != nil {
		s.status.SetText(t("plan.baddate"))
		return
	}
	name := strings.TrimSpace(s.company.Text)
	if name == "" {
		name = t("plan.interview")
	}
	var err2 error
	if s.editing != 0 {
		err2 = s.st.UpdateInterview(context.Background(), store.Interview{ID: s.editing, Company: name, Date: d.Format("2006-01-02")})
		s.editing = 0
		s.addBtn.SetText(t("plan.add"))
	} else {
		_, err2 = s.st.AddInterview(context.Background(), store.Interview{Company: name, Date: d.Format("2006-01-02")})
	}
	if err2 != nil {
		s.status.SetText(err2.Error())
		return
	}
	s.company.SetText("")
	s.date.SetText("")
	s.status.SetText("")
	s.refresh()
	if s.changed != nil {
		s.changed()
	}
}

func (s *planScreen) refresh() {
	t := func(k string) string { return i18n.T(s.lang, k) }
	ctx := context.Background()
	s.list.Objects = nil
	ivs, _ := s.st.Interviews(ctx)
	for _, iv := range ivs {
		iv := iv
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			s.st.DeleteInterview(ctx, iv.ID)
			s.refresh()
			if s.changed != nil {
				s.changed()
			}
		})
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() {
			s.editing = iv.ID
			s.company.SetText(iv.Company)
			s.date.SetText(iv.Date)
			s.addBtn.SetText(t("plan.save"))
		})
		s.list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), widget.NewLabel(fmt.Sprintf("%s · %s", iv.Date, iv.Company))))
	}
	s.list.Refresh()
	s.days.Objects = nil
	p, err := s.mkPlan(ctx, s.now())
	if err != nil {
		s.days.Add(wrapLabel(err.Error()))
	}
	for _, n := range p.Notes {
		s.days.Add(wrapLabel(pickText(s.lang, n)))
	}
	for _, d := range p.Days {
		head := widget.NewLabel(fmt.Sprintf("%s  D-%d  %s", d.Date, d.DMinus, d.Company))
		head.TextStyle.Bold = true
		s.days.Add(head)
		for _, tk := range d.Tasks {
			s.days.Add(wrapLabel(fmt.Sprintf("   • %s (%s) — %s", t("task."+tk.Kind), nQuestions(s.lang, len(tk.QuestionIDs)), pickText(s.lang, tk.Reason))))
		}
	}
	s.days.Refresh()
}

// recordsScreen lists attempts with their scores, the streak and trends.
func newRecordsScreen(lang i18n.Lang, st *store.Store, now func() time.Time) fyne.CanvasObject {
	t := func(k string) string { return i18n.T(lang, k) }
	ctx := context.Background()
	box := container.NewVBox()
	prog, err := practice.Records(ctx, st, now())
	if err != nil {
		return wrapLabel(err.Error())
	}
	box.Add(wrapLabel(fmt.Sprintf(t("home.streak"), prog.Streak, prog.Attempts)))
	if c := prog.Comparison; c != nil {
		box.Add(wrapLabel(c.Text.In(lang)))
	}
	trends := container.NewVBox()
	for _, m := range practice.TrendMetrics {
		pts := prog.Trends[m]
		if len(pts) == 0 {
			continue
		}
		var vs []float64
		for _, p := range pts {
			vs = append(vs, p.Value)
		}
		label := widget.NewLabel(fmt.Sprintf("%s  %.3g", t("metric."+m), vs[len(vs)-1]))
		trends.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(260, 36), label), nil, newSparkline(vs)))
	}
	if len(trends.Objects) == 0 {
		trends.Add(wrapLabel(t("records.none")))
	}
	box.Add(widget.NewCard(t("records.trends"), "", trends))
	list := container.NewVBox()
	recs, _ := st.AttemptRecords(ctx, 100)
	for _, r := range recs {
		sc := "–"
		if v := r.Scores["overall"]; v != nil {
			sc = fmt.Sprintf("%.0f", *v)
		}
		list.Add(wrapLabel(fmt.Sprintf("%s  %s  %s  — %s", r.Attempt.StartedAt.Local().Format("01-02 15:04"), sc, t("status."+string(r.Attempt.Status)), r.Question.Text)))
	}
	box.Add(widget.NewCard(t("records.attempts"), "", list))
	return container.NewVScroll(container.NewPadded(box))
}

// profileScreen holds the resume and the JD, and writes questions from
// them (the local LLM when running, else the offline generator).
type profileScreen struct {
	lang    i18n.Lang
	st      *store.Store
	llm     func(ctx context.Context) coach.LLM
	resume  *widget.Entry
	jd      *widget.Entry
	role    *widget.Entry
	status  *widget.Label
	busy    *widget.ProgressBar
	results *fyne.Container
	keepBtn *widget.Button
	genBtn  *widget.Button
	cancel  context.CancelFunc
	gen     coach.Generated
	picks   []*widget.Check
	edits   []*widget.Entry
	content fyne.CanvasObject
	onSaved func()
}

// generateProblem words a failed generation in the user's language.
func generateProblem(lang string, err error) string {
	l := i18n.Lang(lang)
	switch {
	case errors.Is(err, coach.ErrNoDocuments):
		return i18n.T(l, "profile.nodocs")
	case errors.Is(err, coach.ErrNothingToAsk):
		return i18n.T(l, "profile.nothing")
	}
	return err.Error()
}

// offlineReason says, in the user's language, why the offline generator
// wrote the questions.
func offlineReason(lang i18n.Lang, why error) string {
	for _, k := range []struct {
		err error
		key string
	}{
		{coach.ErrTimeout, "llm.timeout"}, {coach.ErrUnreachable, "llm.unreachable"}, {coach.ErrJunk, "llm.junk"},
		{coach.ErrTooLarge, "llm.toolarge"}, {coach.ErrModelNotFound, "llm.nomodel"}, {coach.ErrRefused, "llm.refused"},
	} {
		if errors.Is(why, k.err) {
			return i18n.T(lang, k.key)
		}
	}
	return i18n.T(lang, "llm.none")
}

func newProfileScreen(lang i18n.Lang, st *store.Store, llm func(ctx context.Context) coach.LLM) *profileScreen {
	s := &profileScreen{lang: lang, st: st, llm: llm}
	t := func(k string) string { return i18n.T(lang, k) }
	prof, _ := st.Profile(context.Background())
	s.resume = widget.NewMultiLineEntry()
	s.resume.SetPlaceHolder(t("profile.resume"))
	s.resume.SetText(prof.ResumeText)
	s.resume.Wrapping = fyne.TextWrapWord
	s.resume.SetMinRowsVisible(8)
	s.jd = widget.NewMultiLineEntry()
	s.jd.SetPlaceHolder(t("profile.jd"))
	s.jd.SetText(prof.JDText)
	s.jd.Wrapping = fyne.TextWrapWord
	s.jd.SetMinRowsVisible(6)
	s.role = widget.NewEntry()
	s.role.SetPlaceHolder(t("profile.role"))
	s.role.SetText(prof.TargetRole)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.busy = widget.NewProgressBar()
	s.busy.Hide()
	s.results = container.NewVBox()
	save := widget.NewButtonWithIcon(t("profile.save"), theme.DocumentSaveIcon(), func() { s.save() })
	s.genBtn = widget.NewButtonWithIcon(t("profile.generate"), theme.ContentAddIcon(), s.generate)
	s.genBtn.Importance = widget.HighImportance
	s.keepBtn = widget.NewButtonWithIcon(t("profile.keep"), theme.ConfirmIcon(), s.keep)
	s.keepBtn.Hide()
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		s.role, s.resume, s.jd, container.NewHBox(save, s.genBtn), s.busy, s.status, s.results, s.keepBtn)))
	return s
}

func (s *profileScreen) save() error {
	ctx := context.Background()
	p, _ := s.st.Profile(ctx)
	p.ResumeText, p.JDText, p.TargetRole = s.resume.Text, s.jd.Text, s.role.Text
	if p.Language == "" {
		p.Language = store.Korean
	}
	err := s.st.SaveProfile(ctx, p)
	if err != nil {
		s.status.SetText(err.Error())
	} else {
		s.status.SetText(i18n.T(s.lang, "profile.saved"))
	}
	return err
}

// generate writes questions in the background with progress; pressing
// the button again cancels.
func (s *profileScreen) generate() {
	t := func(k string) string { return i18n.T(s.lang, k) }
	if s.cancel != nil {
		s.cancel()
		return
	}
	if s.save() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	s.cancel = cancel
	s.genBtn.SetText(t("profile.cancel"))
	s.busy.Show()
	s.busy.SetValue(0)
	s.status.SetText(t("profile.working"))
	lang := "ko"
	if s.lang == i18n.EN {
		lang = "en"
	}
	prof := coach.Profile{Resume: s.resume.Text, JD: s.jd.Text, Role: s.role.Text, Lang: lang}
	go func() {
		var llm coach.LLM
		if s.llm != nil {
			llm = s.llm(ctx)
		}
		existing, _ := s.st.Questions(ctx, store.QuestionFilter{Language: store.Language(lang), IncludeHidden: true})
		var texts []string
		for _, q := range existing {
			texts = append(texts, q.Text)
		}
		g, err := coach.Generate(ctx, llm, prof, 10, texts, func(n int) {
			fyne.Do(func() { s.busy.SetValue(min(0.95, float64(n)/3000)) })
		})
		fyne.Do(func() {
			cancel()
			s.cancel = nil
			s.genBtn.SetText(t("profile.generate"))
			s.busy.Hide()
			if err != nil {
				s.status.SetText(generateProblem(lang, err))
				return
			}
			s.gen = g
			if g.Source == "offline" {
				s.status.SetText(t("profile.offline") + " " + offlineReason(s.lang, g.Why))
			} else {
				s.status.SetText(fmt.Sprintf(t("profile.bymodel"), g.Model))
			}
			s.results.Objects = nil
			s.picks, s.edits = nil, nil
			for _, q := range g.Questions {
				pick := widget.NewCheck(t("kind."+string(q.Kind)), nil)
				pick.SetChecked(true)
				edit := widget.NewMultiLineEntry()
				edit.SetText(q.Text)
				edit.Wrapping = fyne.TextWrapWord
				edit.SetMinRowsVisible(2)
				why := wrapLabel(q.Rationale)
				why.SizeName = theme.SizeNameCaptionText
				s.picks, s.edits = append(s.picks, pick), append(s.edits, edit)
				s.results.Add(container.NewBorder(nil, why, pick, nil, edit))
			}
			s.results.Refresh()
			s.keepBtn.Show()
		})
	}()
}

// keep adds the generated questions to the bank.
func (s *profileScreen) keep() {
	ctx := context.Background()
	lang := store.Korean
	if s.lang == i18n.EN {
		lang = store.English
	}
	keep := make([]bool, len(s.picks))
	texts := make([]string, len(s.edits))
	for i := range s.picks {
		keep[i] = s.picks[i].Checked
	}
	for i := range s.edits {
		texts[i] = s.edits[i].Text
	}
	n, err := practice.KeepGenerated(ctx, s.st, s.gen, lang, keep, texts)
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	s.keepBtn.Hide()
	s.status.SetText(fmt.Sprintf(i18n.T(s.lang, "profile.kept"), n))
	if s.onSaved != nil {
		s.onSaved()
	}
}
