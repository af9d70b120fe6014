// Settings' data: export, import and delete everything.

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"nevermind/internal/export"
	"nevermind/internal/practice"
)

// export asks for a folder and writes nevermind-DATE.nmx into it (with
// -2, -3… when the name is taken): choosing a folder, not a file, means no
// dialog ever opens (and empties) an existing file, and the data folder
// itself is refused with a message.
func (s *settingsScreen) export() {
	s.chooser = chooseFolder(s.lang, s.win(), s.t("settings.export.pick"), s.t("settings.export.here"), userHome(), s.runExport)
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

func (s *settingsScreen) importArchive() {
	s.chooser = chooseFile(s.lang, s.win(), s.t("settings.import.pick"), s.t("settings.import"), ".nmx", userHome(), s.runImport)
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
	msg := s.t("settings.deleteall.confirm")
	if s.sync.runner != nil && s.sync.runner.Folder(context.Background()) != "" {
		msg += "\n\n" + s.t("settings.deleteall.synced")
	}
	confirmDestructive(s.lang, s.t("settings.deleteall"), msg, s.win(), func() {
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

// runExport writes the archive into folder off the UI goroutine.
func (s *settingsScreen) runExport(folder string) {
	s.dataStatus.SetText(s.t("settings.working"))
	pass := s.pass.Text
	go func() {
		defer releaseMemory()
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
}

// runImport merges the archive at path off the UI goroutine.
func (s *settingsScreen) runImport(path string) {
	s.dataStatus.SetText(s.t("settings.working"))
	pass := s.pass.Text
	go func() {
		defer releaseMemory()
		res, err := export.Import(context.Background(), s.st, s.dir, path, pass)
		fyne.Do(func() {
			if err != nil {
				s.dataStatus.SetText(s.t("settings.notimported") + " " + problemText(s.lang, err))
				return
			}
			s.dataStatus.SetText(s.importReport(res))
		})
	}()
}

// releaseMemory hands the memory a large one-off job (an export, an
// import, a model download) used back to the system at once. Go's runtime
// would keep it resident for minutes: an export and import of 30,000
// questions left the process at 137 MB resident instead of 32 MB.
func releaseMemory() { debug.FreeOSMemory() }
