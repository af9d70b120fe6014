package ui

import (
	"context"
	"errors"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/app"
	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/i18n"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// settingsScreen: devices, language, the speech model, the local LLM, the
// data folder, export and import, and deleting everything.
type settingsScreen struct {
	svc     *practice.Service
	lang    i18n.Lang
	st      *store.Store
	dir     appdata.Dir
	win     func() fyne.Window
	set     store.Settings // as read when the screen was built
	content fyne.CanvasObject

	mic, cam    *widget.Select
	micIDs      []string
	camIDs      []string
	models      *fyne.Container
	progress    *widget.ProgressBar
	dlCancel    context.CancelFunc
	host, model *widget.Entry
	llmStatus   *widget.Label
	llm         llmWidgets // the rest of the local LLM card (settings_llm.go)
	dataStatus  *widget.Label
	modelStatus *widget.Label // the model in use
	dlStatus    *widget.Label // a download, import or removal: under the models' buttons
	chooser     *chooser      // the last folder or file chooser shown (tests)
	pass        *widget.Entry

	// Which speech model: the measurement of this machine and the choice.
	fitLabel      *widget.Label
	fitProgress   *widget.ProgressBarInfinite
	measureBtn    *widget.Button
	use           *widget.Select
	useNames      []string
	speechChanged func()
	measure       func(ctx context.Context) (models.Fit, error)
	iv            interviewWidgets
	storage       storageWidgets
	sync          syncWidgets
}

func newSettingsScreen(lang i18n.Lang, svc *practice.Service, win func() fyne.Window, switchLang func()) *settingsScreen {
	st, dir := svc.Store, svc.Dir
	s := &settingsScreen{lang: lang, svc: svc, st: st, dir: dir, win: win}
	t := s.t
	ctx := context.Background()
	set, err := st.Settings(ctx)
	s.set = set // the defaults when the folder cannot be read; the error is shown below
	// Devices: cameras now, microphones from the audio system in the
	// background (it can take a second).
	s.mic = widget.NewSelect([]string{t("settings.default")}, func(string) { s.saveDevice(st.SetMic, s.mic, s.micIDs) })
	s.mic.SetSelectedIndex(0)
	s.micIDs = []string{""}
	s.cam = widget.NewSelect([]string{t("settings.default")}, func(string) { s.saveDevice(st.SetCamera, s.cam, s.camIDs) })
	s.camIDs = []string{""}
	for _, c := range capture.Cameras() {
		s.cam.Options = append(s.cam.Options, c.Name)
		s.camIDs = append(s.camIDs, c.ID)
	}
	s.cam.SetSelectedIndex(indexOf(s.camIDs, s.set.Camera))
	go func() {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		mics, err := capture.Microphones(ctx)
		fyne.Do(func() {
			if err != nil {
				s.mic.PlaceHolder = problemText(s.lang, err)
				s.mic.Refresh()
				return
			}
			for _, m := range mics {
				s.mic.Options = append(s.mic.Options, m.Name)
				s.micIDs = append(s.micIDs, m.ID)
			}
			s.mic.SetSelectedIndex(indexOf(s.micIDs, s.set.Mic))
		})
	}()
	langBtn := widget.NewButton(t("ui.language"), switchLang)
	// Speech models.
	s.models = container.NewVBox()
	s.progress = widget.NewProgressBar()
	s.progress.Hide()
	s.modelStatus = widget.NewLabel("")
	s.modelStatus.Wrapping = fyne.TextWrapWord
	s.modelStatus.Hide()
	s.dlStatus = widget.NewLabel("")
	s.dlStatus.Wrapping = fyne.TextWrapWord
	s.dlStatus.Hide()
	importModel := widget.NewButtonWithIcon(t("settings.model.import"), theme.FolderOpenIcon(), s.importModel)
	s.fitLabel = widget.NewLabel("")
	s.fitLabel.Wrapping = fyne.TextWrapWord
	s.measureBtn = widget.NewButtonWithIcon(t("settings.fit.measure"), theme.MediaPlayIcon(), s.measureFit)
	s.measureBtn.Disable() // until the app says how (withSpeech)
	s.fitProgress = widget.NewProgressBarInfinite()
	s.fitProgress.Hide()
	fit, _ := app.DecodeFit(s.set.SpeechFit) // none yet, or unreadable: measured again on request
	s.showFit(fit)
	s.use = widget.NewSelect(nil, nil)
	s.refreshModels()
	// Local LLM (settings_llm.go).
	llmCard := s.newLLMCard()
	// Data.
	s.dataStatus = widget.NewLabel("")
	s.dataStatus.Wrapping = fyne.TextWrapWord
	if err != nil {
		s.dataStatus.SetText(problemText(s.lang, err))
	}
	s.pass = widget.NewPasswordEntry()
	s.pass.SetPlaceHolder(t("settings.passphrase"))
	exp := widget.NewButtonWithIcon(t("settings.export"), theme.UploadIcon(), s.export)
	imp := widget.NewButtonWithIcon(t("settings.import"), theme.DownloadIcon(), s.importArchive)
	del := widget.NewButtonWithIcon(t("settings.deleteall"), theme.DeleteIcon(), s.deleteAll)
	del.Importance = widget.DangerImportance
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		widget.NewCard(t("settings.devices"), "", container.NewVBox(
			container.NewBorder(nil, nil, widget.NewLabel(t("settings.mic")), nil, s.mic),
			container.NewBorder(nil, nil, widget.NewLabel(t("settings.camera")), nil, s.cam),
			langBtn)),
		widget.NewCard(t("settings.speech"), t("settings.speech.sub"), container.NewVBox(s.models, container.NewHBox(importModel), s.progress, s.dlStatus,
			container.NewBorder(nil, nil, widget.NewLabel(t("settings.speech.use")), nil, s.use), s.fitLabel, s.fitProgress, container.NewHBox(s.measureBtn), s.modelStatus)),
		llmCard,
		s.newStorageCard(),
		widget.NewCard(t("settings.data"), dir.Root, container.NewVBox(s.pass, container.NewHBox(exp, imp, del), s.dataStatus)),
	)))
	return s
}

func (s *settingsScreen) t(k string) string { return i18n.T(s.lang, k) }

// insertCard puts card among the screen's cards at place i; a negative i
// counts from the end (-1: before the last).
func (s *settingsScreen) insertCard(card fyne.CanvasObject, i int) {
	sc, ok := s.content.(*container.Scroll)
	if !ok {
		return
	}
	pad, ok := sc.Content.(*fyne.Container)
	if !ok || len(pad.Objects) != 1 {
		return
	}
	box, ok := pad.Objects[0].(*fyne.Container)
	if !ok {
		return
	}
	if i < 0 {
		i += len(box.Objects)
	}
	if i < 0 || i > len(box.Objects) {
		return
	}
	box.Objects = slices.Insert(box.Objects, i, card)
	box.Refresh()
}

// indexOf is id's place in ids, the first when it is not there (the
// system's default device).
func indexOf(ids []string, id string) int { return max(0, slices.Index(ids, id)) }

func (s *settingsScreen) saveDevice(save func(context.Context, string) error, sel *widget.Select, ids []string) {
	if i := sel.SelectedIndex(); i >= 0 && i < len(ids) {
		if err := save(context.Background(), ids[i]); err != nil {
			dialog.ShowError(errors.New(problemText(s.lang, err)), s.win())
		}
	}
}

// fileDialogSize fits a few dozen files at 1024x640 and above.
var fileDialogSize = fyne.NewSize(820, 520)
