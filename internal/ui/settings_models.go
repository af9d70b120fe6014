// Settings' speech models: which fits this machine, which to use,
// download, import and remove.

package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/models"
)

// withSpeech connects the screen to the app: changed reopens the speech
// model, measure measures this machine (either may be nil).
func (s *settingsScreen) withSpeech(changed func(), measure func(ctx context.Context) (models.Fit, error)) *settingsScreen {
	s.speechChanged, s.measure = changed, measure
	if measure != nil {
		s.measureBtn.Enable()
	}
	return s
}

// showFit shows a measurement (nil: none yet).
func (s *settingsScreen) showFit(f *models.Fit) {
	if f == nil || f.Recommended == nil {
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
			s.showFit(&f)
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
			s.dlStatus.SetText(problemText(s.lang, err))
			s.dlStatus.Show()
		}
		label := widget.NewLabel(fmt.Sprintf("%s · %d MB · %s", m.Name, m.Size>>20, s.t("whisper."+m.Name)))
		label.Wrapping = fyne.TextWrapWord
		var btn *widget.Button
		if w.Present {
			btn = widget.NewButtonWithIcon(s.t("settings.remove"), theme.DeleteIcon(), func() {
				confirmDestructive(s.lang, s.t("settings.remove"), fmt.Sprintf(s.t("settings.remove.confirm"), m.Name), s.win(), func() {
					if err := d.Remove(m); err != nil {
						s.dlStatus.SetText(problemText(s.lang, err))
						s.dlStatus.Show()
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
		defer releaseMemory()
		_, err := d.Pull(ctx, m)
		fyne.Do(func() {
			cancel()
			s.dlCancel = nil
			s.progress.Hide()
			switch {
			case errors.Is(err, context.Canceled):
				s.dlStatus.SetText(s.t("settings.download.stopped"))
			case err != nil:
				s.dlStatus.SetText(fmt.Sprintf(s.t("settings.download.failed"), m.Name) + " " + problemText(s.lang, err))
			default:
				s.dlStatus.SetText(fmt.Sprintf(s.t("settings.download.done"), m.Name))
				if s.speechChanged != nil {
					s.speechChanged()
				}
			}
			s.dlStatus.Show()
			s.refreshModels()
		})
	}()
}

// importModel installs a whisper model from a file the user picks (copied
// from a USB stick, say), with progress; only a file whose SHA-1 is a
// catalogue model's is installed.
func (s *settingsScreen) importModel() {
	s.chooser = chooseFile(s.lang, s.win(), s.t("settings.model.pick"), s.t("settings.model.install"), ".bin", userHome(), func(src string) {
		s.progress.Show()
		s.progress.SetValue(0)
		s.dlStatus.SetText(s.t("settings.model.importing"))
		s.dlStatus.Show()
		dl := &models.Downloader{Dir: s.dir.ModelsDir(), Progress: func(done, total int64) {
			if total > 0 {
				fyne.Do(func() { s.progress.SetValue(float64(done) / float64(total)) })
			}
		}}
		go func() {
			defer releaseMemory()
			m, _, err := dl.Import(context.Background(), src, models.WhisperModels())
			fyne.Do(func() {
				s.progress.Hide()
				switch {
				case errors.Is(err, models.ErrNotCatalogueModel), isA[*models.NoSpaceError](err):
					s.dlStatus.SetText(problemText(s.lang, err)) // says all there is to say
				case err != nil:
					s.dlStatus.SetText(s.t("settings.model.importfailed") + " " + problemText(s.lang, err))
				default:
					s.dlStatus.SetText(fmt.Sprintf(s.t("settings.model.imported"), m.Name))
					if s.speechChanged != nil {
						s.speechChanged()
					}
				}
				s.refreshModels()
			})
		}()
	})
}
