// Settings' sync (동기화): the folder a cloud client keeps (Dropbox,
// OneDrive, iCloud Drive, Google Drive) through which this laptop's
// practice meets the user's other laptops, encrypted with a passphrase.

package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/cloudsync"
)

type syncWidgets struct {
	card    *widget.Card
	runner  *cloudsync.Runner
	status  *widget.Label
	pass    *widget.Entry
	choose  *widget.Button
	now     *widget.Button
	off     *widget.Button
	working *widget.ProgressBarInfinite
	refused *widget.Label
}

// withSync adds the sync card (before the data card); r nil leaves it out.
func (s *settingsScreen) withSync(r *cloudsync.Runner) *settingsScreen {
	if r == nil {
		return s
	}
	t := s.t
	w := &s.sync
	w.runner = r
	w.status = wrapLabel("")
	w.refused = wrapLabel("")
	w.refused.Hide()
	w.pass = widget.NewPasswordEntry()
	w.pass.SetPlaceHolder(t("sync.passphrase"))
	w.choose = widget.NewButtonWithIcon(t("sync.choose"), theme.FolderOpenIcon(), s.chooseSyncFolder)
	w.now = widget.NewButtonWithIcon(t("sync.now"), theme.ViewRefreshIcon(), func() {
		w.working.Show()
		w.runner.Now()
	})
	w.off = widget.NewButtonWithIcon(t("sync.off.button"), theme.MediaStopIcon(), s.syncOff)
	w.working = widget.NewProgressBarInfinite()
	w.working.Hide()
	r.OnPass(func(rep cloudsync.Report, _ error) {
		fyne.Do(func() {
			s.showSync()
			if rep.Applied > 0 && s.storage.summary != nil {
				s.refreshStorage() // recordings from another laptop take space here
			}
		})
	})
	w.card = widget.NewCard(t("sync.title"), t("sync.sub"), container.NewVBox(
		w.status,
		w.pass,
		container.NewHBox(w.choose, w.now, w.off),
		w.working,
		wrapLabel(t("sync.note")),
		w.refused))
	s.showSync()
	s.insertCard(w.card, -1) // the data card stays last
	return s
}

// showSync shows whether sync is on, with which folder, and what the last
// pass did.
func (s *settingsScreen) showSync() {
	w := &s.sync
	t := s.t
	ctx := context.Background()
	folder := w.runner.Folder(ctx)
	w.working.Hide()
	if folder == "" {
		w.status.SetText(t("sync.isoff"))
		w.now.Disable()
		w.off.Disable()
		w.choose.SetText(t("sync.choose"))
	} else {
		w.now.Enable()
		w.off.Enable()
		w.choose.SetText(t("sync.choose.other"))
		lines := []string{fmt.Sprintf(t("sync.ison"), folder)}
		rep, err := w.runner.Last()
		switch {
		case err != nil:
			lines = append(lines, "⚠ "+problemText(s.lang, err))
		case rep.At.IsZero():
			lines = append(lines, t("sync.first"))
		default:
			sent, applied := w.runner.Totals()
			lines = append(lines, fmt.Sprintf(t("sync.last"), rep.At.Local().Format("15:04"), sent, applied, rep.Devices))
			if rep.Waiting > 0 {
				lines = append(lines, fmt.Sprintf(t("sync.waiting"), rep.Waiting))
			}
			if rep.Partial > 0 {
				lines = append(lines, fmt.Sprintf(t("sync.partial"), rep.Partial))
			}
		}
		w.status.SetText(strings.Join(lines, "\n"))
	}
	if q := w.runner.Quarantined(ctx); len(q) > 0 {
		var why []string
		for i := len(q) - 1; i >= 0 && len(why) < 3; i-- {
			why = append(why, fmt.Sprintf("· %s…  %s", q[i].File[:min(len(q[i].File), 18)], t("sync.why."+q[i].Why)))
		}
		w.refused.SetText(fmt.Sprintf(t("sync.refused"), len(q), cloudsync.Sub+"/quarantine") + "\n" + strings.Join(why, "\n"))
		w.refused.Show()
	} else {
		w.refused.Hide()
	}
}

// chooseSyncFolder asks for the folder, then unlocks (or, for a new
// folder, locks) it with the passphrase and turns sync on.
func (s *settingsScreen) chooseSyncFolder() {
	w := &s.sync
	pass := w.pass.Text
	if pass == "" {
		w.status.SetText(s.t("sync.needpass"))
		return
	}
	s.chooser = chooseFolder(s.lang, s.win(), s.t("sync.pick"), s.t("sync.pick.here"), userHome(), func(folder string) { s.joinSync(folder, pass) })
}

// joinSync turns sync on with folder (off the UI goroutine: the
// passphrase takes about a second to check).
func (s *settingsScreen) joinSync(folder, pass string) {
	w := &s.sync
	w.status.SetText(s.t("sync.joining"))
	w.working.Show()
	w.choose.Disable()
	go func() {
		err := w.runner.Join(context.Background(), folder, pass)
		fyne.Do(func() {
			w.choose.Enable()
			w.working.Hide()
			if err != nil {
				w.status.SetText(problemText(s.lang, err))
				return
			}
			w.pass.SetText("")
			s.showSync()
			w.working.Show() // the first pass runs
		})
	}()
}

// syncOff stops syncing; nothing is deleted here or in the folder.
func (s *settingsScreen) syncOff() {
	w := &s.sync
	go func() {
		err := w.runner.Off(context.Background())
		fyne.Do(func() {
			s.showSync()
			if err != nil {
				w.status.SetText(problemText(s.lang, err))
				return
			}
			w.status.SetText(s.t("sync.stopped"))
		})
	}()
}
