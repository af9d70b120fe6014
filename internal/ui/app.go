// Package ui is NEVER MIND's Fyne interface. It renders what the use cases
// return and holds no business rule, SQL or signal processing; widget changes
// from other goroutines go through fyne.Do.
package ui

import (
	"context"
	"sync"
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
	"nevermind/internal/cloudsync"
	"nevermind/internal/fonts"
	"nevermind/internal/i18n"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
	"nevermind/internal/tts"
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
	LLM      practice.LLMFunc
	Now      func() time.Time
	DataDir  appdata.Dir
	// Watch is how often other processes' writes are looked for (1 s when
	// 0; negative: not at all).
	Watch time.Duration
	// Started, if set, runs once the window has been shown (for work that
	// would slow the first screen, such as loading the analysis engines).
	Started func()
	// SpeechChanged, if set, reopens the speech model after Settings
	// installed, removed or chose one.
	SpeechChanged func()
	// MeasureFit, if set, measures which speech model fits this machine
	// and stores it (Settings' "measure again").
	MeasureFit func(ctx context.Context) (models.Fit, error)
	// Interviewer is the mock interview's voice (nil: questions are
	// shown as text); InterviewSettings, its questions and the silence
	// that ends an answer (nil: the defaults).
	Interviewer       practice.Interviewer
	InterviewSettings func(ctx context.Context) (int, time.Duration)
	// Voices lists the interviewer's voices per language, Speak says a
	// sample with one (Settings' 들어보기); both may be nil.
	Voices func(ctx context.Context) (map[string][]tts.Voice, error)
	Speak  func(ctx context.Context, text string, lang store.Language, voice string) error
	// Sync keeps this laptop in sync through a cloud folder (Settings →
	// 동기화); nil leaves the card out.
	Sync *cloudsync.Runner
}

// refresher is a screen that shows stored data: refresh reloads it (off
// the UI goroutine) and shows it.
type refresher interface{ refresh() }

// Main is the app's main window.
type Main struct {
	deps   Deps
	lang   i18n.Lang
	window fyne.Window
	tab    int // selected tab, kept across language switches
	tabs   *container.AppTabs
	// The tabs other screens open: practice (the welcome's device check)
	// and settings (every "get a speech model"); nil when left out.
	practiceTab, settingsTab, profileTab *container.TabItem
	practice                             *practiceScreen
	home                                 *homeScreen
	records                              *recordsScreen
	plan                                 *planScreen
	bank                                 *bankScreen
	profile                              *profileScreen
	screens                              []refresher
	// The tabs not built yet: each is built when first shown (the window
	// opens with Home only; the rest cost ~0.7 s of text layout).
	pending  map[*container.TabItem]func() fyne.CanvasObject
	welcomed bool
	stop     context.CancelFunc // ends the change watch
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
	if m.deps.Now == nil {
		m.deps.Now = time.Now
	}
	m.window = a.NewWindow(i18n.T(m.lang, "app.title"))
	m.window.Resize(fyne.NewSize(1100, 720))
	// A document dropped anywhere is read on the 자기소개서·공고 screen:
	// as the JD when dropped on the JD box, else as the resume.
	m.window.SetOnDropped(func(pos fyne.Position, uris []fyne.URI) {
		if m.profileTab == nil || len(uris) == 0 {
			return
		}
		onProfile := m.tabs.Selected() == m.profileTab
		m.tabs.Select(m.profileTab)
		if m.profile != nil {
			m.profile.drop(pos, uris, onProfile)
		}
	})
	m.build()
	m.watch()
	m.window.SetOnClosed(func() {
		if m.stop != nil {
			m.stop()
		}
		if m.practice != nil {
			m.practice.close()
		}
	})
	return m
}

// Window is the main window.
func (m *Main) Window() fyne.Window { return m.window }

// watch refreshes the screens after every change of the data: this app's
// writes at once, another process's (the command line) within the watch
// interval. Changes close together make one refresh.
func (m *Main) watch() {
	st := m.deps.Store
	if st == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.stop = cancel
	ch, unsubscribe := st.Subscribe()
	if m.deps.Watch >= 0 {
		go st.Watch(ctx, m.deps.Watch)
	}
	go func() {
		defer unsubscribe()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ch:
			}
			// Let a burst of writes (an answer stored, then its report)
			// settle into one refresh.
			select {
			case <-ctx.Done():
				return
			case <-time.After(150 * time.Millisecond):
			}
			for len(ch) > 0 {
				<-ch
			}
			fyne.Do(m.refresh)
		}
	}()
}

// refresh reloads every screen that shows stored data.
func (m *Main) refresh() {
	for _, s := range m.screens {
		s.refresh()
	}
}

// build (re)creates the content in the current language.
func (m *Main) build() {
	if m.practice != nil {
		m.practice.close()
	}
	m.window.SetTitle(i18n.T(m.lang, "app.title"))
	useFyneLanguage(m.lang)
	win := func() fyne.Window { return m.window }
	m.screens = nil
	m.practice, m.home, m.records, m.plan, m.bank, m.profile = nil, nil, nil, nil, nil, nil
	m.practiceTab, m.settingsTab, m.profileTab = nil, nil, nil
	m.pending = map[*container.TabItem]func() fyne.CanvasObject{}
	tabs := container.NewAppTabs()
	m.tabs = tabs
	lazy := func(key string, make func() fyne.CanvasObject) *container.TabItem {
		it := container.NewTabItem(i18n.T(m.lang, key), container.NewStack())
		m.pending[it] = make
		tabs.Append(it)
		return it
	}
	var practiceTab, recordsTab *container.TabItem
	// "Get a speech model" in a report opens Settings, where the models
	// download with progress or import from a file.
	getModel := m.openSettings
	if d := m.deps; d.Store != nil {
		// Every "practise this" in the app lands on the practice tab.
		practise := func(sp practice.Spec) {
			tabs.Select(practiceTab)
			m.practice.start(sp)
		}
		m.home = newHomeScreen(m.lang, d.Store, d.Now, practise)
		m.home.openApp = func(id int64) {
			tabs.Select(m.profileTab)
			if m.profile != nil {
				m.profile.selectApp(id)
			}
		}
		m.screens = append(m.screens, m.home)
		tabs.Append(container.NewTabItem(i18n.T(m.lang, "tab.home"), m.home.content))
		practiceTab = lazy("tab.practice", func() fyne.CanvasObject {
			m.practice = newPracticeScreen(m.lang, d.Practice, d.Devices, d.LLM, d.Now, win)
			m.practice.interviewer, m.practice.interviewSettings = d.Interviewer, d.InterviewSettings
			m.practice.replay.ask = d.Interviewer
			m.practice.compare = func(qid int64) {
				tabs.Select(recordsTab) // builds it the first time
				if m.records != nil {
					m.records.openQuestion(qid)
				}
			}
			m.practice.onStart = func() { tabs.Select(practiceTab) }
			if d.DataDir.Root != "" {
				m.practice.getModel = getModel
			}
			m.screens = append(m.screens, m.practice)
			return m.practice.content
		})
		recordsTab = lazy("tab.records", func() fyne.CanvasObject {
			m.records = newRecordsScreen(m.lang, d.Practice, d.Now, win)
			m.records.practise = practise
			m.records.replay.ask = d.Interviewer
			if d.DataDir.Root != "" {
				m.records.getModel = getModel
			}
			m.screens = append(m.screens, m.records)
			return m.records.content
		})
		lazy("tab.plan", func() fyne.CanvasObject {
			m.plan = newPlanScreen(m.lang, d.Store, d.Now, win)
			m.plan.practise = practise
			m.screens = append(m.screens, m.plan)
			return m.plan.content
		})
		m.profileTab = lazy("tab.profile", func() fyne.CanvasObject {
			m.profile = newProfileScreen(m.lang, d.Store, d.LLM, practise)
			m.profile.win = win
			m.screens = append(m.screens, m.profile)
			return m.profile.content
		})
		if d.DataDir.Root != "" {
			m.settingsTab = lazy("tab.settings", func() fyne.CanvasObject {
				return newSettingsScreen(m.lang, d.Practice, win, m.switchLanguage).withSpeech(d.SpeechChanged, d.MeasureFit).withInterview(d.Voices, d.Speak).withSync(d.Sync).content
			})
		}
		lazy("tab.bank", func() fyne.CanvasObject {
			m.bank = newBankScreen(m.lang, d.Bank, win)
			m.bank.practise = practise
			m.screens = append(m.screens, m.bank)
			return m.bank.content
		})
	} else {
		lazy("tab.bank", func() fyne.CanvasObject {
			m.bank = newBankScreen(m.lang, m.deps.Bank, win)
			return m.bank.content
		})
	}
	lazy("tab.doctor", func() fyne.CanvasObject {
		// The check runs when its tab is first shown: at start-up it
		// would compete with the first screen for the processor.
		doc := newDoctorScreen(m.lang, m.deps.Doctor)
		if m.deps.Doctor != nil {
			doc.start()
		}
		return doc.content
	})
	m.practiceTab = practiceTab
	tabs.OnSelected = func(it *container.TabItem) {
		m.show(it)
		m.tab = tabs.SelectedIndex()
		// A widget focused on the tab left behind must not take the keys.
		m.window.Canvas().Unfocus()
	}
	tabs.SelectIndex(m.tab)
	m.show(tabs.Selected())
	// The practice keys work whatever has focus (see keys.go); with
	// nothing focused they arrive here.
	m.window.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if practiceTab != nil && tabs.Selected() == practiceTab && m.practice != nil {
			m.practice.key(ev)
		}
	})
	langBtn := widget.NewButton(i18n.T(m.lang, "ui.language"), m.switchLanguage)
	brand := widget.NewLabel("NEVER MIND")
	brand.TextStyle.Bold = true
	top := container.NewBorder(nil, nil, brand, langBtn)
	m.window.SetContent(container.NewBorder(container.NewPadded(top), nil, nil, nil, tabs))
	if m.deps.Store != nil && !m.welcomed {
		if set, err := m.deps.Store.Settings(context.Background()); err == nil && !set.FirstRunDone {
			m.welcomed = true
			m.welcome(tabs)
		}
	}
}

// openSettings shows the Settings tab (the speech models are there).
func (m *Main) openSettings() {
	if m.settingsTab != nil {
		m.tabs.Select(m.settingsTab)
	}
}

// loadThenShow reads a screen's data off the UI goroutine and shows it on
// it: the refresh of every screen that shows stored data.
func loadThenShow[T any](load func() T, show func(T)) {
	loads.Add(1)
	go func() {
		defer loads.Done()
		d := load()
		fyne.Do(func() { show(d) })
	}()
}

// loads counts the loads under way, so that a test ends only after the
// updates it started are queued (not shown through the next test's app).
var loads sync.WaitGroup

// show builds a tab's screen the first time it is shown.
func (m *Main) show(it *container.TabItem) {
	make, ok := m.pending[it]
	if !ok {
		return
	}
	delete(m.pending, it)
	it.Content = make()
	m.tabs.Refresh()
}

// showAll builds every tab (tests reach into the screens).
func (m *Main) showAll() {
	for _, it := range m.tabs.Items {
		m.show(it)
	}
}

// welcome walks a first-time user through the language, a device check
// and the optional speech model, once.
func (m *Main) welcome(tabs *container.AppTabs) {
	t := func(k string) string { return i18n.T(m.lang, k) }
	done := func() {
		if err := m.deps.Store.SetFirstRunDone(context.Background()); err != nil {
			fyne.LogError("remember the welcome", err)
		}
	}
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
		if m.practiceTab == nil {
			return
		}
		tabs.Select(m.practiceTab) // builds the practice screen
		m.practice.deviceCheck()
	})
	model := widget.NewButtonWithIcon(t("welcome.model"), theme.DownloadIcon(), func() {
		d.Hide()
		done()
		m.openSettings()
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
	m := NewMain(a, d)
	a.Lifecycle().SetOnStarted(func() {
		fitToScreen(m.Window()) // on the main thread, GLFW started
		if d.Started != nil {
			d.Started()
		}
	})
	m.Window().ShowAndRun()
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
	msg := widget.NewLabel(problemOr(lang, err, "start.problem"))
	msg.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(err.Error())
	detail.Wrapping = fyne.TextWrapWord
	detail.TextStyle.Monospace = true
	return container.NewBorder(widget.NewLabelWithStyle(t("start.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(layout.NewSpacer(), widget.NewButton(t("start.quit"), quit)), nil, nil,
		container.NewVScroll(container.NewVBox(msg, detail)))
}
