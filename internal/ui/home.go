package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/plan"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// homeScreen is the D-Day dashboard: the countdown, today's routine and
// how much of it is done, the recent trend, and one button to start.
type homeScreen struct {
	lang      i18n.Lang
	st        *store.Store
	now       func() time.Time
	practise  func(practice.Spec)
	content   fyne.CanvasObject
	dday      *widget.Label
	today     *fyne.Container
	done      *widget.ProgressBar
	trend     *widget.Label
	start     *widget.Button
	interview *widget.Button // the spoken mock interview
	todayIDs  []int64
	loaded    chan struct{} // receives after each refresh is shown (tests)
	// apps lists every upcoming application (지원 건) with its own
	// practice and mock interview; openApp shows one's documents.
	apps    *fyne.Container
	appCard *widget.Card
	openApp func(id int64)
}

// homeData is what the home screen shows, loaded off the UI goroutine.
type homeData struct {
	plan     plan.Plan
	planErr  error
	ids      []int64
	done     int
	prog     practice.Progress
	progErr  error
	loadedAt time.Time
	apps     []appRow
	appsErr  error
}

// appRow is one upcoming application on Home.
type appRow struct {
	iv     store.Interview
	counts store.ApplicationCounts
	ids    []int64        // its questions, the least practised first
	lang   store.Language // theirs: the screens' unless it has none in it
}

func newHomeScreen(lang i18n.Lang, st *store.Store, now func() time.Time, practise func(practice.Spec)) *homeScreen {
	h := &homeScreen{lang: lang, st: st, now: now, practise: practise, loaded: make(chan struct{}, 16)}
	h.dday = widget.NewLabel("")
	h.dday.TextStyle.Bold = true
	h.dday.SizeName = theme.SizeNameHeadingText
	h.dday.Wrapping = fyne.TextWrapWord
	h.today = container.NewVBox()
	h.done = widget.NewProgressBar()
	h.trend = widget.NewLabel("")
	h.trend.Wrapping = fyne.TextWrapWord
	h.start = widget.NewButtonWithIcon(h.t("home.start"), theme.MediaPlayIcon(), func() {
		h.practise(practice.Spec{Kind: practice.KindToday, Lang: h.lang, IDs: h.todayIDs})
	})
	h.start.Importance = widget.HighImportance
	h.interview = widget.NewButtonWithIcon(h.t("home.interview"), theme.AccountIcon(), func() {
		h.practise(practice.Spec{Kind: practice.KindInterview, Lang: h.lang})
	})
	h.apps = container.NewVBox()
	h.appCard = widget.NewCard(h.t("home.apps"), "", h.apps)
	h.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		h.dday,
		widget.NewCard(h.t("home.today"), "", container.NewVBox(h.today, h.done)),
		container.NewGridWithColumns(2, h.start, h.interview),
		h.appCard,
		widget.NewCard(h.t("home.progress"), "", h.trend),
	)))
	h.show(h.load()) // the first screen is drawn with its data
	return h
}

func (h *homeScreen) t(k string) string { return i18n.T(h.lang, k) }

func (h *homeScreen) load() homeData {
	ctx := context.Background()
	now := h.now()
	d := homeData{loadedAt: now}
	d.plan, d.planErr = practice.Plan(ctx, h.st, now, h.lang)
	if d.planErr == nil && len(d.plan.Days) > 0 {
		for _, tk := range d.plan.Days[0].Tasks {
			d.ids = append(d.ids, tk.QuestionIDs...)
		}
		var err error
		if d.done, err = practice.TodayDone(ctx, h.st, now, d.ids); err != nil {
			d.planErr = err
		}
	}
	d.prog, d.progErr = practice.Records(ctx, h.st, now)
	d.apps, d.appsErr = upcomingApps(ctx, h.st, h.lang, now)
	return d
}

// upcomingApps are the applications whose interview is today or later,
// soonest first, with their counts and questions.
func upcomingApps(ctx context.Context, st *store.Store, lang i18n.Lang, now time.Time) ([]appRow, error) {
	ivs, err := st.Interviews(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := st.ApplicationsCounts(ctx)
	if err != nil {
		return nil, err
	}
	today := now.Format(time.DateOnly)
	var out []appRow
	for _, iv := range ivs {
		if iv.Date < today {
			continue
		}
		ids, qlang, err := practice.ApplicationQuestions(ctx, st, iv.ID, store.Language(lang))
		if err != nil {
			return nil, err
		}
		out = append(out, appRow{iv: iv, counts: counts[iv.ID], ids: ids, lang: qlang})
	}
	return out, nil
}

// showApps lists the upcoming applications: each its name and D-day, how
// many questions it has and answers were practised for it, and its own
// practice (its questions, five at a time) and mock interview.
func (h *homeScreen) showApps(d homeData) {
	t := h.t
	h.apps.RemoveAll()
	if d.appsErr != nil {
		h.apps.Add(wrapLabel(problemText(h.lang, d.appsErr)))
		h.appCard.Show()
		return
	}
	if len(d.apps) == 0 {
		h.appCard.Hide()
		return
	}
	h.appCard.Show()
	for _, a := range d.apps {
		a := a
		name := widget.NewLabelWithStyle(appLabel(a.iv, d.loadedAt), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Wrapping = fyne.TextWrapWord
		info := wrapLabel(fmt.Sprintf(t("home.app.counts"), a.counts.Questions, a.counts.Answers))
		var first *widget.Button
		if len(a.ids) > 0 {
			first = widget.NewButtonWithIcon(t("home.app.practise"), theme.MediaPlayIcon(), func() {
				h.practise(practice.Spec{Kind: practice.KindToday, Lang: a.lang, IDs: a.ids[:min(5, len(a.ids))], InterviewID: a.iv.ID})
			})
		} else {
			first = widget.NewButtonWithIcon(t("home.app.write"), theme.ContentAddIcon(), func() {
				if h.openApp != nil {
					h.openApp(a.iv.ID)
				}
			})
		}
		mock := widget.NewButtonWithIcon(t("home.interview"), theme.AccountIcon(), func() {
			h.practise(practice.Spec{Kind: practice.KindInterview, Lang: a.lang, InterviewID: a.iv.ID})
		})
		docs := widget.NewButtonWithIcon(t("home.app.docs"), theme.DocumentIcon(), func() {
			if h.openApp != nil {
				h.openApp(a.iv.ID)
			}
		})
		h.apps.Add(container.NewVBox(name, info, container.NewHBox(first, mock, docs)))
	}
}

func (h *homeScreen) refresh() {
	loadThenShow(h.load, h.show)
}

func (h *homeScreen) show(d homeData) {
	t := h.t
	h.today.RemoveAll()
	h.todayIDs = d.ids
	switch {
	case d.planErr != nil:
		h.dday.SetText(t("home.noplan"))
		h.today.Add(wrapLabel(d.planErr.Error()))
	case len(d.plan.Days) == 0 || d.plan.Days[0].InterviewID == 0:
		h.dday.SetText(t("home.nointerview"))
		for _, n := range d.plan.Notes[:max(0, len(d.plan.Notes)-1)] { // the last note says what the title says
			h.today.Add(wrapLabel(n.In(h.lang)))
		}
		if len(d.plan.Days) > 0 { // only what the user chose to practise again
			h.tasks(d.plan.Days[0])
		}
	default:
		day := d.plan.Days[0]
		if day.DMinus == 0 {
			h.dday.SetText(fmt.Sprintf(t("home.dday0"), day.Company))
		} else {
			h.dday.SetText(fmt.Sprintf(t("home.dday"), day.Company, day.DMinus))
		}
		for _, n := range d.plan.Notes {
			h.today.Add(wrapLabel(n.In(h.lang)))
		}
		h.tasks(day)
	}
	n := len(d.ids)
	h.done.SetValue(0)
	if n > 0 {
		h.done.SetValue(min(1, float64(d.done)/float64(n)))
	}
	done := d.done
	h.done.TextFormatter = func() string { return fmt.Sprintf(t("home.done"), done, n) }
	h.done.Refresh()
	if n == 0 {
		h.done.Hide()
		h.start.SetText(t("home.startany"))
	} else {
		h.done.Show()
		h.start.SetText(t("home.start"))
	}
	h.showApps(d)
	if d.progErr != nil {
		h.trend.SetText(d.progErr.Error())
	} else {
		p := d.prog
		trend := i18n.N(h.lang, "n.streak", p.Streak) + " · " + i18n.N(h.lang, "n.answers", p.Attempts)
		var vs []string
		for _, x := range p.Trends["score:overall"] {
			vs = append(vs, fmt.Sprintf("%.0f", x.Value))
		}
		if len(vs) > 0 {
			trend += "\n" + t("home.trend") + " " + strings.Join(vs, " → ")
		}
		if c := p.Comparison; c != nil {
			trend += "\n" + c.Text.In(h.lang)
		}
		h.trend.SetText(trend)
	}
	select {
	case h.loaded <- struct{}{}:
	default:
	}
}

// tasks lists a day's tasks in today's card.
func (h *homeScreen) tasks(day plan.Day) {
	for _, tk := range day.Tasks {
		h.today.Add(wrapLabel(fmt.Sprintf("• %s (%s, %s) — %s", h.t("task."+tk.Kind), i18n.N(h.lang, "n.questions", len(tk.QuestionIDs)),
			i18n.N(h.lang, "n.minutes", tk.Minutes), tk.Reason.In(h.lang))))
	}
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}
