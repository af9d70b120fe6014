package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/app"
	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/export"
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
	dataStatus  *widget.Label
	modelStatus *widget.Label
	pass        *widget.Entry

	// Which speech model: the measurement of this machine and the choice.
	fitLabel      *widget.Label
	fitProgress   *widget.ProgressBarInfinite
	measureBtn    *widget.Button
	use           *widget.Select
	useNames      []string
	speechChanged func()
	measure       func(ctx context.Context) (models.Fit, error)
}

// withSpeech connects the screen to the app: changed reopens the speech
// model, measure measures this machine (either may be nil).
func (s *settingsScreen) withSpeech(changed func(), measure func(ctx context.Context) (models.Fit, error)) *settingsScreen {
	s.speechChanged, s.measure = changed, measure
	if measure != nil {
		s.measureBtn.Enable()
	}
	return s
}

// showFit shows the stored measurement.
func (s *settingsScreen) showFit(raw string) {
	f, err := app.DecodeFit(raw)
	if err != nil || f.Recommended == nil {
		s.fitLabel.SetText(s.t("settings.fit.none"))
		return
	}
	ko, en := f.Recommended["ko"], f.Recommended["en"]
	s.fitLabel.SetText(fmt.Sprintf(s.t("settings.fit.line"), ko, f.Wait("ko"), en, f.Wait("en")))
}

// measureFit measures this machine in the background and shows the result.
func (s *settingsScreen) measureFit() {
	if s.measure == nil {
		return
	}
	s.measureBtn.Disable()
	s.fitLabel.SetText(s.t("settings.fit.measuring"))
	s.fitProgress.Show()
	go func() {
		f, err := s.measure(context.Background())
		fyne.Do(func() {
			s.fitProgress.Hide()
			s.measureBtn.Enable()
			if err != nil {
				s.fitLabel.SetText(fmt.Sprintf(s.t("settings.fit.failed"), problemText(s.lang, err)))
				return
			}
			b, _ := json.Marshal(f)
			s.showFit(string(b))
			if s.speechChanged != nil {
				s.speechChanged()
			}
		})
	}()
}

// chooseSpeech saves the model to use and reopens it.
func (s *settingsScreen) chooseSpeech(i int) {
	if i < 0 || i >= len(s.useNames) {
		return
	}
	name := s.useNames[i]
	if err := s.st.SetSpeechModel(context.Background(), name); err != nil {
		s.modelStatus.SetText(problemText(s.lang, err))
		s.modelStatus.Show()
		return
	}
	if name == "" {
		s.modelStatus.SetText(s.t("settings.speech.applied.auto"))
	} else {
		s.modelStatus.SetText(fmt.Sprintf(s.t("settings.speech.applied"), name))
	}
	s.modelStatus.Show()
	if s.speechChanged != nil {
		s.speechChanged()
	}
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
	importModel := widget.NewButtonWithIcon(t("settings.model.import"), theme.FolderOpenIcon(), s.importModel)
	s.fitLabel = widget.NewLabel("")
	s.fitLabel.Wrapping = fyne.TextWrapWord
	s.measureBtn = widget.NewButtonWithIcon(t("settings.fit.measure"), theme.MediaPlayIcon(), s.measureFit)
	s.measureBtn.Disable() // until the app says how (withSpeech)
	s.fitProgress = widget.NewProgressBarInfinite()
	s.fitProgress.Hide()
	s.showFit(s.set.SpeechFit)
	s.use = widget.NewSelect(nil, nil)
	s.refreshModels()
	// Local LLM.
	s.host = widget.NewEntry()
	s.host.SetPlaceHolder(app.DefaultLLMHost + " (OLLAMA_HOST)")
	s.host.SetText(s.set.OllamaHost)
	s.model = widget.NewEntry()
	s.model.SetPlaceHolder(t("settings.model.auto"))
	s.model.SetText(s.set.OllamaModel)
	s.llmStatus = widget.NewLabel("")
	s.llmStatus.Wrapping = fyne.TextWrapWord
	testBtn := widget.NewButtonWithIcon(t("settings.llm.test"), theme.ViewRefreshIcon(), s.testLLM)
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
		widget.NewCard(t("settings.speech"), t("settings.speech.sub"), container.NewVBox(s.models, container.NewHBox(importModel), s.progress,
			container.NewBorder(nil, nil, widget.NewLabel(t("settings.speech.use")), nil, s.use), s.fitLabel, s.fitProgress, container.NewHBox(s.measureBtn), s.modelStatus)),
		widget.NewCard(t("settings.llm"), t("settings.llm.sub"), container.NewVBox(
			container.NewGridWithColumns(2, s.host, s.model), container.NewHBox(testBtn), s.llmStatus)),
		widget.NewCard(t("settings.data"), dir.Root, container.NewVBox(s.pass, container.NewHBox(exp, imp, del), s.dataStatus)),
	)))
	return s
}

func (s *settingsScreen) t(k string) string { return i18n.T(s.lang, k) }

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return 0
}

func (s *settingsScreen) saveDevice(save func(context.Context, string) error, sel *widget.Select, ids []string) {
	if i := sel.SelectedIndex(); i >= 0 && i < len(ids) {
		if err := save(context.Background(), ids[i]); err != nil {
			dialog.ShowError(errors.New(problemText(s.lang, err)), s.win())
		}
	}
}

// refreshModels lists the whisper models with download or remove buttons.
func (s *settingsScreen) refreshModels() {
	d := &models.Downloader{Dir: s.dir.ModelsDir()}
	s.models.Objects = nil
	var installed []string
	for _, m := range models.WhisperModels() {
		m := m
		w, err := d.Stat(m)
		if err != nil {
			// A model file that cannot be read is offered again for
			// download, with the reason.
			s.modelStatus.SetText(problemText(s.lang, err))
			s.modelStatus.Show()
		}
		label := widget.NewLabel(fmt.Sprintf("%s · %d MB · %s", m.Name, m.Size>>20, s.t("whisper."+m.Name)))
		label.Wrapping = fyne.TextWrapWord
		var btn *widget.Button
		if w.Present {
			btn = widget.NewButtonWithIcon(s.t("settings.remove"), theme.DeleteIcon(), func() {
				confirmDestructive(s.lang, s.t("settings.remove"), fmt.Sprintf(s.t("settings.remove.confirm"), m.Name), s.win(), func() {
					if err := d.Remove(m); err != nil {
						s.modelStatus.SetText(problemText(s.lang, err))
						s.modelStatus.Show()
					}
					s.refreshModels()
					if s.speechChanged != nil {
						s.speechChanged()
					}
				})
			})
		} else {
			btn = widget.NewButtonWithIcon(s.t("settings.download"), theme.DownloadIcon(), func() { s.download(m) })
		}
		s.models.Add(container.NewBorder(nil, nil, nil, btn, label))
		if w.Present {
			installed = append(installed, m.Name)
		}
	}
	s.models.Refresh()
	// The model to use: automatic, or one of those installed.
	s.useNames = append([]string{""}, installed...)
	opts := []string{s.t("settings.speech.auto")}
	opts = append(opts, installed...)
	s.use.OnChanged = nil
	s.use.Options = opts
	chosen := 0
	if set, err := s.st.Settings(context.Background()); err == nil {
		chosen = max(0, indexOf(s.useNames, set.SpeechModel))
	}
	s.use.SetSelectedIndex(chosen)
	s.use.OnChanged = func(string) { s.chooseSpeech(s.use.SelectedIndex()) }
}

// download fetches a model with a progress bar; the button again cancels.
func (s *settingsScreen) download(m models.WhisperModel) {
	if s.dlCancel != nil {
		s.dlCancel()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.dlCancel = cancel
	s.progress.Show()
	s.progress.SetValue(0)
	d := &models.Downloader{Dir: s.dir.ModelsDir(), Progress: func(done, total int64) {
		if total > 0 {
			fyne.Do(func() { s.progress.SetValue(float64(done) / float64(total)) })
		}
	}}
	go func() {
		_, err := d.Pull(ctx, m)
		fyne.Do(func() {
			cancel()
			s.dlCancel = nil
			s.progress.Hide()
			switch {
			case errors.Is(err, context.Canceled):
				s.modelStatus.SetText(s.t("settings.download.stopped"))
			case err != nil:
				s.modelStatus.SetText(fmt.Sprintf(s.t("settings.download.failed"), m.Name) + " " + problemText(s.lang, err))
			default:
				s.modelStatus.SetText(fmt.Sprintf(s.t("settings.download.done"), m.Name))
				if s.speechChanged != nil {
					s.speechChanged()
				}
			}
			s.modelStatus.Show()
			s.refreshModels()
		})
	}()
}

// importModel installs a whisper model from a file the user picks (copied
// from a USB stick, say), with progress; only a file whose SHA-1 is a
// catalogue model's is installed.
func (s *settingsScreen) importModel() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		src := r.URI().Path()
		r.Close()
		s.progress.Show()
		s.progress.SetValue(0)
		s.modelStatus.SetText(s.t("settings.model.importing"))
		s.modelStatus.Show()
		dl := &models.Downloader{Dir: s.dir.ModelsDir(), Progress: func(done, total int64) {
			if total > 0 {
				fyne.Do(func() { s.progress.SetValue(float64(done) / float64(total)) })
			}
		}}
		go func() {
			m, _, err := dl.Import(context.Background(), src, models.WhisperModels())
			fyne.Do(func() {
				s.progress.Hide()
				switch {
				case errors.Is(err, models.ErrNotCatalogueModel), isA[*models.NoSpaceError](err):
					s.modelStatus.SetText(problemText(s.lang, err)) // says all there is to say
				case err != nil:
					s.modelStatus.SetText(s.t("settings.model.importfailed") + " " + problemText(s.lang, err))
				default:
					s.modelStatus.SetText(fmt.Sprintf(s.t("settings.model.imported"), m.Name))
					if s.speechChanged != nil {
						s.speechChanged()
					}
				}
				s.refreshModels()
			})
		}()
	}, s.win())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".bin"}))
	d.Resize(fileDialogSize)
	d.Show()
}

// testLLM saves the host and model and asks the server for its models.
func (s *settingsScreen) testLLM() {
	ctx := context.Background()
	host, model := strings.TrimSpace(s.host.Text), strings.TrimSpace(s.model.Text)
	if err := s.st.SetOllama(ctx, host, model); err != nil {
		s.llmStatus.SetText(problemText(s.lang, err))
		return
	}
	s.llmStatus.SetText(s.t("settings.llm.testing"))
	go func() {
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		o, err := app.ResolveLLM(ctx, nil, host, model)
		msg := ""
		if err != nil {
			msg = s.t("settings.llm.fail") + " " + problemText(s.lang, err)
		} else {
			msg = fmt.Sprintf(s.t("settings.llm.ok"), o.Host, o.Model)
		}
		fyne.Do(func() { s.llmStatus.SetText(msg) })
	}()
}

// export asks for a folder and writes nevermind-DATE.nmx into it (with
// -2, -3… when the name is taken): choosing a folder, not a file, means no
// dialog ever opens (and empties) an existing file, and the data folder
// itself is refused with a message.
func (s *settingsScreen) export() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		folder := u.Path()
		s.dataStatus.SetText(s.t("settings.working"))
		pass := s.pass.Text
		go func() {
			out := exportName(folder, time.Now())
			m, err := export.Export(context.Background(), s.st, s.dir, out, export.Options{Passphrase: pass})
			fyne.Do(func() {
				if err != nil {
					s.dataStatus.SetText(s.t("settings.notexported") + " " + problemText(s.lang, err))
					return
				}
				s.dataStatus.SetText(fmt.Sprintf(s.t("settings.exported"), out, m.Rows["attempt"]))
			})
		}()
	}, s.win())
	if l, err := storage.ListerForURI(storage.NewFileURI(userHome())); err == nil {
		d.SetLocation(l)
	}
	d.Resize(fileDialogSize)
	d.Show()
}

// exportName is the first free nevermind-DATE[-N].nmx in folder.
func exportName(folder string, now time.Time) string {
	base := "nevermind-" + now.Format("2006-01-02")
	for k := 1; ; k++ {
		name := base + ".nmx"
		if k > 1 {
			name = fmt.Sprintf("%s-%d.nmx", base, k)
		}
		p := filepath.Join(folder, name)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p
		}
	}
}

func userHome() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return "/"
	}
	return h
}

// fileDialogSize fits a few dozen files at 1024x640 and above.
var fileDialogSize = fyne.NewSize(820, 520)

func (s *settingsScreen) importArchive() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.dataStatus.SetText(s.t("settings.working"))
		pass := s.pass.Text
		go func() {
			res, err := export.Import(context.Background(), s.st, s.dir, path, pass)
			fyne.Do(func() {
				if err != nil {
					s.dataStatus.SetText(s.t("settings.notimported") + " " + problemText(s.lang, err))
					return
				}
				s.dataStatus.SetText(s.importReport(res))
			})
		}()
	}, s.win())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".nmx"}))
	d.Resize(fileDialogSize)
	d.Show()
}

// importReport says what an import added, renamed, skipped and refused.
func (s *settingsScreen) importReport(res export.Result) string {
	if res.Nothing() && len(res.Refused) == 0 && len(res.Stats.DroppedSettings) == 0 {
		return s.t("settings.import.nothing")
	}
	rows := 0
	for _, v := range res.Stats.Added {
		rows += v
	}
	var lines []string
	if res.Nothing() {
		lines = append(lines, s.t("settings.import.nothing"))
	} else {
		lines = append(lines, fmt.Sprintf(s.t("settings.imported"), rows, len(res.Added)))
	}
	if n := len(res.Renamed); n > 0 {
		lines = append(lines, fmt.Sprintf(s.t("settings.import.renamed"), n))
	}
	if n := len(res.Skipped); n > 0 {
		lines = append(lines, fmt.Sprintf(s.t("settings.import.skipped"), n))
	}
	if len(res.Stats.DroppedSettings) > 0 {
		lines = append(lines, fmt.Sprintf(s.t("settings.import.settings"), strings.Join(res.Stats.DroppedSettings, ", ")))
	}
	if len(res.Refused) > 0 {
		var names []string
		for _, r := range res.Refused {
			names = append(names, r.Path)
		}
		lines = append(lines, fmt.Sprintf(s.t("settings.import.refused"), len(res.Refused), strings.Join(names, ", ")))
	}
	return strings.Join(lines, "\n")
}

// deleteAll asks, then removes every record and recording; a recording
// that cannot be removed is said, not ignored.
func (s *settingsScreen) deleteAll() {
	confirmDestructive(s.lang, s.t("settings.deleteall"), s.t("settings.deleteall.confirm"), s.win(), func() {
		var left *practice.MediaLeftError
		switch err := s.svc.DeleteAll(context.Background()); {
		case errors.As(err, &left):
			s.dataStatus.SetText(s.t("settings.deleted.butmedia") + " " + left.Dir)
		case err != nil:
			s.dataStatus.SetText(problemText(s.lang, err))
		default:
			s.dataStatus.SetText(s.t("settings.deleted"))
		}
	})
}
