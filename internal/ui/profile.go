package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/coach"
	"nevermind/internal/document"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// profileScreen holds the resume and the JD, and writes questions from
// them (the local LLM when running, else the offline generator); each
// written question can be kept or practised at once.
type profileScreen struct {
	lang     i18n.Lang
	st       *store.Store
	llm      practice.LLMFunc
	practise func(practice.Spec)
	resume   *widget.Entry
	jd       *widget.Entry
	role     *widget.Entry
	status   *widget.Label
	busy     *widget.ProgressBar
	results  *fyne.Container
	keepBtn  *widget.Button
	genBtn   *widget.Button
	cancel   context.CancelFunc
	gen      coach.Generated
	picks    []*widget.Check
	edits    []*widget.Entry
	kept     map[int]int64 // generated question → its id once kept
	content  fyne.CanvasObject
	// keepStatus says what 질문 은행에 담기 did, under it.
	keepStatus *widget.Label
	win        func() fyne.Window
	// openStatus says what opening a document did, under the open buttons.
	openStatus *widget.Label
	reading    *widget.ProgressBarInfinite
	openBtns   []*widget.Button
	// readDoc reads a document (document.Open; a variable for tests).
	readDoc func(path string) (document.Doc, error)
	// The application (지원 건) the documents belong to: an interview in
	// the plan, or 0 for the documents not yet filed under one.
	app     int64
	apps    []store.Interview
	appPick *widget.Select
	now     func() time.Time
}

// documentExts are the files the open buttons offer.
const documentExts = ".hwp|.hwpx|.docx|.pdf|.txt"

// maxUsableText is the most text of a document put in a box: a resume or
// a JD longer than this is not one (the CLI holds the same bound).
const maxUsableText = 200_000

func newProfileScreen(lang i18n.Lang, st *store.Store, llm practice.LLMFunc, practise func(practice.Spec)) *profileScreen {
	s := &profileScreen{lang: lang, st: st, llm: llm, practise: practise, kept: map[int]int64{}, readDoc: document.Open}
	t := s.t
	prof, err := st.Profile(context.Background())
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
	s.now = time.Now
	s.appPick = widget.NewSelect(nil, nil)
	s.loadApps()
	s.appPick.SetSelectedIndex(0)
	s.appPick.OnChanged = func(string) { s.switchApp(s.appPick.SelectedIndex()) }
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	if err != nil {
		s.status.SetText(problemText(lang, err))
	}
	s.busy = widget.NewProgressBar()
	s.busy.Hide()
	s.results = container.NewVBox()
	save := widget.NewButtonWithIcon(t("profile.save"), theme.DocumentSaveIcon(), func() { s.save() })
	s.genBtn = widget.NewButtonWithIcon(t("profile.generate"), theme.ContentAddIcon(), s.generate)
	s.genBtn.Importance = widget.HighImportance
	s.keepBtn = widget.NewButtonWithIcon(t("profile.keep"), theme.ConfirmIcon(), s.keep)
	s.keepBtn.Hide()
	s.keepStatus = wrapLabel("") // under 질문 은행에 담기, where the user is looking
	// The mouse wheel over a text box scrolls the page, not the box (whose
	// own scroll would take every wheel event and stop the page).
	resumeWheel, jdWheel := &wheelToPage{}, &wheelToPage{}
	openResume := widget.NewButtonWithIcon(t("profile.open.resume"), theme.FolderOpenIcon(), func() { s.choose(s.resume) })
	openJD := widget.NewButtonWithIcon(t("profile.open.jd"), theme.FolderOpenIcon(), func() { s.choose(s.jd) })
	s.openBtns = []*widget.Button{openResume, openJD}
	s.reading = widget.NewProgressBarInfinite()
	s.reading.Stop()
	s.reading.Hide()
	s.openStatus = wrapLabel(t("profile.open.drop"))
	page := container.NewVScroll(container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(t("profile.app")), nil, s.appPick),
		s.role, container.NewHBox(openResume, openJD), s.reading, s.openStatus,
		widget.NewLabelWithStyle(t("profile.resume.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), container.NewStack(s.resume, resumeWheel),
		widget.NewLabelWithStyle(t("profile.jd.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), container.NewStack(s.jd, jdWheel),
		container.NewHBox(save, s.genBtn), s.busy, s.status, s.results, s.keepBtn, s.keepStatus)))
	resumeWheel.page, jdWheel.page = page, page
	resumeWheel.ExtendBaseWidget(resumeWheel)
	jdWheel.ExtendBaseWidget(jdWheel)
	s.content = page
	return s
}

func (s *profileScreen) t(k string) string { return i18n.T(s.lang, k) }

// choose asks for a document and reads it into box.
func (s *profileScreen) choose(box *widget.Entry) {
	if s.win == nil {
		return
	}
	home, _ := os.UserHomeDir()
	chooseFile(s.lang, s.win(), s.t("profile.open.title"), s.t("profile.open.confirm"), documentExts, home, func(p string) { s.open(p, box) })
}

// drop reads the first dropped file: into the JD box when it was dropped
// on it (onScreen: the drop happened on this screen), else the resume.
func (s *profileScreen) drop(pos fyne.Position, uris []fyne.URI, onScreen bool) {
	u := uris[0]
	if u.Scheme() != "file" {
		return
	}
	box := s.resume
	if onScreen && fyne.CurrentApp() != nil {
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.jd)
		sz := s.jd.Size()
		if pos.X >= at.X && pos.X <= at.X+sz.Width && pos.Y >= at.Y && pos.Y <= at.Y+sz.Height {
			box = s.jd
		}
	}
	s.open(u.Path(), box)
}

// open reads the document at p in the background (a PDF may take seconds
// the first time), then puts its text in box for the user to check and
// edit. Nothing is saved until they press 저장; a refused file leaves the
// box as it was and says why and what to do.
func (s *profileScreen) open(p string, box *widget.Entry) {
	name := filepath.Base(p)
	s.openStatus.SetText(fmt.Sprintf(s.t("profile.open.reading"), name))
	s.reading.Show()
	s.reading.Start()
	for _, b := range s.openBtns {
		b.Disable()
	}
	go func() {
		d, err := s.readDoc(p)
		if err == nil && len(d.Text) > maxUsableText {
			err = fmt.Errorf("%d characters: %w", len(d.Text), document.ErrTooLarge)
		}
		fyne.Do(func() {
			s.reading.Stop()
			s.reading.Hide()
			for _, b := range s.openBtns {
				b.Enable()
			}
			if err != nil {
				s.openStatus.SetText(name + ": " + problemText(s.lang, err))
				return
			}
			box.SetText(d.Text)
			s.openStatus.SetText(fmt.Sprintf(s.t("profile.open.read"), name, thousands(utf8.RuneCountInString(d.Text))))
		})
	}()
}

// loadApps lists the applications in the picker: the documents not filed
// under one first, then every interview in the plan, soonest first.
func (s *profileScreen) loadApps() {
	ivs, err := s.st.Interviews(context.Background())
	if err != nil {
		s.status.SetText(problemText(s.lang, err))
	}
	s.apps = ivs
	opts := []string{s.t("profile.app.none")}
	for _, iv := range ivs {
		opts = append(opts, appLabel(iv, s.now()))
	}
	s.appPick.SetOptions(opts)
}

// appLabel names an application: "한빛페이 · 백엔드 개발자 · 12월 20일 (D-14)".
func appLabel(iv store.Interview, now time.Time) string {
	parts := []string{iv.Company}
	if iv.Role != "" {
		parts = append(parts, iv.Role)
	}
	label := strings.Join(parts, " · ") + " · " + iv.Date
	if d, err := time.ParseInLocation("2006-01-02", iv.Date, time.Local); err == nil {
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
		if n := int(d.Sub(today).Hours() / 24); n >= 0 {
			label += fmt.Sprintf(" (D-%d)", n)
		}
	}
	return label
}

// switchApp files what is in the boxes under the application shown so far
// (nothing typed is lost), then shows application i's documents (0: the
// documents not filed under one).
func (s *profileScreen) switchApp(i int) {
	if i < 0 {
		return
	}
	var next int64
	if i > 0 && i-1 < len(s.apps) {
		next = s.apps[i-1].ID
	}
	if next == s.app {
		return
	}
	if s.save() != nil {
		return
	}
	s.app = next
	ctx := context.Background()
	if next == 0 {
		prof, _ := s.st.Profile(ctx)
		s.resume.SetText(prof.ResumeText)
		s.jd.SetText(prof.JDText)
		s.role.SetText(prof.TargetRole)
	} else {
		// Read again: its documents may have been saved since the list was made.
		iv := s.apps[i-1]
		if ivs, err := s.st.Interviews(ctx); err == nil {
			if k := slices.IndexFunc(ivs, func(x store.Interview) bool { return x.ID == next }); k >= 0 {
				iv = ivs[k]
			}
		}
		s.resume.SetText(iv.ResumeText)
		s.jd.SetText(iv.JDText)
		s.role.SetText(iv.Role)
	}
	s.results.RemoveAll()
	s.keepBtn.Hide()
	s.keepStatus.SetText("")
	s.status.SetText("")
}

// refresh lists the applications again (one may have been added or
// renamed in the plan), keeping the one shown.
func (s *profileScreen) refresh() {
	keep := s.app
	s.loadApps()
	for i, iv := range s.apps {
		if iv.ID == keep {
			s.appPick.SetSelectedIndex(i + 1)
			return
		}
	}
	s.appPick.SetSelectedIndex(0)
}

// selectApp shows the application with this interview id.
func (s *profileScreen) selectApp(id int64) {
	s.loadApps()
	for i, iv := range s.apps {
		if iv.ID == id {
			s.appPick.SetSelectedIndex(i + 1)
			return
		}
	}
}

func (s *profileScreen) save() error {
	var err error
	if s.app == 0 {
		err = practice.SaveProfile(context.Background(), s.st, s.resume.Text, s.jd.Text, s.role.Text)
	} else {
		err = practice.SaveApplication(context.Background(), s.st, s.app, s.resume.Text, s.jd.Text, s.role.Text)
	}
	if err != nil {
		s.status.SetText(problemText(s.lang, err))
	} else {
		s.status.SetText(s.t("profile.saved"))
	}
	return err
}

// generate writes questions in the background with progress; pressing
// the button again cancels.
func (s *profileScreen) generate() {
	t := s.t
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
	docs := practice.Documents{Resume: s.resume.Text, JD: s.jd.Text, Role: s.role.Text}
	go func() {
		g, err := practice.GenerateQuestions(ctx, s.st, s.llm, docs, s.lang, 10, func(n int) {
			fyne.Do(func() { s.busy.SetValue(min(0.95, float64(n)/3000)) })
		})
		fyne.Do(func() {
			cancel()
			s.cancel = nil
			s.genBtn.SetText(t("profile.generate"))
			s.busy.Hide()
			if err != nil {
				s.status.SetText(problemText(s.lang, err))
				return
			}
			s.show(g)
		})
	}()
}

// show lists generated questions: a tick to keep each, its wording to
// edit, why it is asked, and a button to practise it now.
func (s *profileScreen) show(g coach.Generated) {
	t := s.t
	s.gen = g
	s.kept = map[int]int64{}
	if g.Source == coach.SourceOffline {
		s.status.SetText(t("profile.offline") + " " + problemOr(s.lang, g.Why, "llm.none"))
	} else {
		msg := fmt.Sprintf(t("profile.bymodel"), g.Model)
		if g.ToppedUp > 0 {
			msg += " " + fmt.Sprintf(t("profile.toppedup"), len(g.Questions)-g.ToppedUp, g.ToppedUp)
		}
		s.status.SetText(msg)
	}
	s.results.RemoveAll()
	s.picks, s.edits = nil, nil
	for i, q := range g.Questions {
		i := i
		pick := widget.NewCheck(t("kind."+string(q.Kind)), nil)
		pick.SetChecked(true)
		edit := widget.NewMultiLineEntry()
		edit.SetText(q.Text)
		edit.Wrapping = fyne.TextWrapWord
		edit.SetMinRowsVisible(2)
		why := wrapLabel(q.Rationale)
		why.SizeName = theme.SizeNameCaptionText
		now := widget.NewButtonWithIcon(t("practice.this"), theme.MediaPlayIcon(), func() { s.practiseOne(i) })
		s.picks, s.edits = append(s.picks, pick), append(s.edits, edit)
		s.results.Add(container.NewBorder(nil, why, pick, now, edit))
	}
	s.keepBtn.Show()
}

// practiseOne keeps generated question i (as edited) and practises it.
func (s *profileScreen) practiseOne(i int) {
	id, ok := s.kept[i]
	if !ok {
		keep := make([]bool, len(s.gen.Questions))
		keep[i] = true
		texts := make([]string, len(s.edits))
		texts[i] = s.edits[i].Text
		ids, err := practice.KeepGeneratedFor(context.Background(), s.st, s.gen, s.lang, s.app, keep, texts)
		if err != nil || len(ids) != 1 {
			s.status.SetText(problemText(s.lang, err))
			return
		}
		id = ids[0]
		s.kept[i] = id
		s.picks[i].SetChecked(false) // kept already: "keep" will not add it twice
		s.picks[i].Disable()
	}
	if s.practise != nil {
		s.practise(practice.Spec{Kind: practice.KindOne, IDs: []int64{id}, Lang: s.lang, InterviewID: s.app})
	}
}

// keep adds the ticked generated questions to the bank.
func (s *profileScreen) keep() {
	keep := make([]bool, len(s.picks))
	texts := make([]string, len(s.edits))
	for i := range s.picks {
		keep[i] = s.picks[i].Checked
	}
	for i := range s.edits {
		texts[i] = s.edits[i].Text
	}
	ids, err := practice.KeepGeneratedFor(context.Background(), s.st, s.gen, s.lang, s.app, keep, texts)
	if err != nil {
		s.keepStatus.SetText(problemText(s.lang, err))
		return
	}
	s.keepBtn.Hide()
	s.keepStatus.SetText(i18n.N(s.lang, "profile.kept", len(ids)))
}

// wheelToPage lies over a text box and hands the mouse wheel to the page:
// it takes nothing else (taps, drags, hover and the cursor reach the box
// under it, since it is none of those).
type wheelToPage struct {
	widget.BaseWidget
	page *container.Scroll
}

func (w *wheelToPage) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Scrolled scrolls the page.
func (w *wheelToPage) Scrolled(ev *fyne.ScrollEvent) {
	if w.page != nil {
		w.page.Scrolled(ev)
	}
}

// thousands writes n with a comma every three digits (31,496).
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
