// Package ui is NEVER MIND's Fyne interface. It renders what the use cases
// return and holds no business rule, SQL or signal processing; widget changes
// from other goroutines go through fyne.Do.
package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/assets"
	"nevermind/internal/appdata"
	"nevermind/internal/coach"
	"nevermind/internal/fonts"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// AppID is the application identifier, as in FyneApp.toml.
const AppID = "app.nevermind.desktop"

// Deps are the services the UI calls.
type Deps struct {
	Bank   QuestionBank
	Doctor DoctorFunc
	Lang   i18n.Lang
	Font   *fonts.Face // nil: Fyne's font (no Hangul)
	// SaveLang remembers the UI language the user picked; may be nil.
	SaveLang func(i18n.Lang) error
	// The practice screens; without Store they are left out.
	Store    *store.Store
	Practice *practice.Service
	Devices  DevicesFunc
	Plan     PlanFunc
	LLM      func(ctx context.Context) coach.LLM
	Now      func() time.Time
	DataDir  appdata.Dir
}

// Main is the app's main window.
type Main struct {
	deps     Deps
	lang     i18n.Lang
	window   fyne.Window
	tab      int // selected tab, kept across language switches
	tabs     *container.AppTabs
	practice *practiceScreen
	welcomed bool
	// The first-run dialog and its language button (for tests).
	welcomeDlg  dialog.Dialog
	welcomeLang *widget.Button
}

// NewMain builds the main window in a, showing the first screen.
func NewMain(a fyne.App, d Deps) *Main {
	m := &Main{deps: d, lang: d.Lang}
	if m.lang == "" {
		m.lang = i18n.KO
	}
	m.window = a.NewWindow(i18n.T(m.lang, "app.title"))
	m.window.Resize(fyne.NewSize(1100, 720))
	m.build()
	return m
}

// Window is the main window.
func (m *Main) Window() fyne.Window { return m.window }

// build (re)creates the content in the current language.
func (m *Main) build() {
	m.window.SetTitle(i18n.T(m.lang, "app.title"))
	bank := newBankScreen(m.lang, m.deps.Bank, func() fyne.Window { return m.window })
	doc := newDoctorScreen(m.lang, m.deps.Doctor)
	tabs := container.NewAppTabs()
	if d := m.deps; d.Store != nil {
		now := d.Now
		if now == nil {
			now = time.Now
		}
		m.practice = newPracticeScreen(m.lang, d.Practice, d.Devices, now)
		m.practice.llm = d.LLM
		practiceTab := container.NewTabItem(i18n.T(m.lang, "tab.practice"), m.practice.content)
		startToday := func(ids []int64) {
			tabs.Select(practiceTab)
			if len(ids) > 0 {
				m.practice.startSession("", ids)
			} else {
				m.practice.startSession("today", nil)
			}
		}
		home := newHomeScreen(m.lang, d.Store, d.Plan, now, startToday)
		pl := newPlanScreen(m.lang, d.Store, d.Plan, now, nil)
		prof := newProfileScreen(m.lang, d.Store, d.LLM)
		tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.home"), home.content))
		tabs.Append(practiceTab)
		tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.records"), newRecordsScreen(m.lang, d.Store, now)))
		tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.plan"), pl.content))
		tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.profile"), prof.content))
		if d.DataDir.Root != "" {
			set := newSettingsScreen(m.lang, d.Store, d.DataDir, func() fyne.Window { return m.window }, m.switchLanguage, func() { m.build() })
			tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.settings"), set.content))
		}
		m.window.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
			if tabs.Selected() == practiceTab {
				m.practice.handleKey(ev)
			}
		})
	}
	tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.bank"), bank.content))
	tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.doctor"), doc.content))
	m.tabs = tabs
	tabs.SelectIndex(m.tab)
	tabs.OnSelected = func(*container.TabItem) { m.tab = tabs.SelectedIndex() }
	langBtn := widget.NewButton(i18n.T(m.lang, "ui.language"), m.switchLanguage)
	brand := widget.NewLabel("NEVER MIND")
	brand.TextStyle.Bold = true
	top := container.NewBorder(nil, nil, brand, langBtn)
	m.window.SetContent(container.NewBorder(container.NewPadded(top), nil, nil, nil, tabs))
	if m.deps.Doctor != nil {
		doc.start()
	}
	if m.deps.Store != nil && !m.welcomed {
		if v, _ := m.deps.Store.Setting(context.Background(), "firstrun.done", ""); v == "" {
			m.welcomed = true
			m.welcome(tabs)
		}
	}
}

// welcome walks a first-time user through the language, a device check
// and the optional speech model, once.
func (m *Main) welcome(tabs *container.AppTabs) {
	t := func(k string) string { return i18n.T(m.lang, k) }
	done := func() { m.deps.Store.SetSetting(context.Background(), "firstrun.done", "1") }
	intro := wrapLabel(t("welcome.intro"))
	var d dialog.Dialog
	switching := false
	langBtn := widget.NewButton(t("ui.language"), func() {
		// The welcome goes on in the other language.
		switching = true
		d.Hide()
		m.switchLanguage()
		m.welcome(m.tabs)
	})
	check := widget.NewButtonWithIcon(t("welcome.check"), theme.VisibilityIcon(), func() {
		d.Hide()
		done()
		tabs.SelectIndex(1)
		m.practice.deviceCheck()
	})
	model := widget.NewButtonWithIcon(t("welcome.model"), theme.DownloadIcon(), func() {
		d.Hide()
		done()
		for i, it := range tabs.Items {
			if it.Text == t("tab.settings") {
				tabs.SelectIndex(i)
			}
		}
	})
	m.welcomeLang = langBtn
	d = dialog.NewCustom(t("welcome.title"), t("welcome.start"), container.NewVBox(intro, langBtn, check, model, wrapLabel(t("welcome.privacy"))), m.window)
	d.SetOnClosed(func() {
		if !switching {
			done()
		}
	})
	d.Resize(fyne.NewSize(560, 360))
	m.welcomeDlg = d
	d.Show()
}

// switchLanguage toggles Korean and English, remembers the choice and
// rebuilds the window in the new language.
func (m *Main) switchLanguage() {
	if m.lang == i18n.KO {
		m.lang = i18n.EN
	} else {
		m.lang = i18n.KO
	}
	if m.deps.SaveLang != nil {
		if err := m.deps.SaveLang(m.lang); err != nil {
			fyne.LogError("save UI language", err)
		}
	}
	m.build()
}

// Run starts the Fyne app with the first screen and blocks until it closes.
func Run(d Deps) {
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	if d.Font != nil {
		if t, err := NewTheme(*d.Font); err == nil {
			a.Settings().SetTheme(t)
		}
	}
	NewMain(a, d).Window().ShowAndRun()
}

// RunProblem shows, in a window of its own, why the app cannot start (the
// data folder or the database cannot be used), in the user's language with
// the way out, and blocks until it is closed. A double-clicked app has no
// terminal to print to.
func RunProblem(lang i18n.Lang, font *fonts.Face, err error) {
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	if font != nil {
		if t, terr := NewTheme(*font); terr == nil {
			a.Settings().SetTheme(t)
		}
	}
	w := a.NewWindow("NEVER MIND")
	w.SetContent(problemContent(lang, err, a.Quit))
	w.Resize(fyne.NewSize(640, 320))
	w.ShowAndRun()
}

// problemContent is RunProblem's window: what happened, what to do, and the
// technical detail underneath.
func problemContent(lang i18n.Lang, err error, quit func()) fyne.CanvasObject {
	t := func(k string) string { return i18n.T(lang, k) }
	key := "start.problem"
	switch {
	case errors.Is(err, store.ErrReadOnly):
		key = "start.readonly"
	case errors.Is(err, store.ErrDamaged):
		key = "start.damaged"
	case errors.Is(err, store.ErrNewerSchema):
		key = "start.newer"
	}
	msg := widget.NewLabel(t(key))
	msg.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(err.Error())
	detail.Wrapping = fyne.TextWrapWord
	detail.TextStyle.Monospace = true
	return container.NewBorder(widget.NewLabelWithStyle(t("start.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(layout.NewSpacer(), widget.NewButton(t("start.quit"), quit)), nil, nil,
		container.NewVScroll(container.NewVBox(msg, detail)))
}
