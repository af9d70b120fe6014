// Settings' storage (저장 공간): what the recordings take, by month and by
// application, the free space, and how long videos are kept.

package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/capture"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

type storageWidgets struct {
	card      *widget.Card
	summary   *widget.Label
	months    *widget.Label
	apps      *widget.Label
	keep      *widget.Select
	status    *widget.Label
	keepDays  int // the retention in force (what keep shows)
	confirmed *confirm
	question  string // the last question asked (tests)
	// Converting the old format (WAV and MJPEG AVI).
	old        *widget.Label
	convert    *widget.Button
	convertBar *widget.ProgressBar
	converting bool
}

// bytesText is a size in decimal units: 850 KB, 12.4 MB, 1.2 GB.
func bytesText(n int64) string {
	switch {
	case n >= 1e9:
		return strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64) + " GB"
	case n >= 1e6:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	}
	return strconv.FormatInt((n+999)/1000, 10) + " KB"
}

func (s *settingsScreen) newStorageCard() *widget.Card {
	t := s.t
	w := &s.storage
	w.summary = wrapLabel("")
	w.months = widget.NewLabel("")
	w.apps = widget.NewLabel("")
	w.status = wrapLabel("")
	w.old = wrapLabel("")
	w.convert = widget.NewButtonWithIcon(t("storage.convert"), theme.ViewRefreshIcon(), s.convertOld)
	w.convertBar = widget.NewProgressBar()
	w.convertBar.Hide()
	w.old.Hide()
	w.convert.Hide()
	var labels []string
	for _, d := range store.VideoRetentions {
		labels = append(labels, s.keepText(d))
	}
	w.keepDays = s.set.VideoDays
	w.keep = widget.NewSelect(labels, nil)
	w.keep.SetSelectedIndex(max(0, slices.Index(store.VideoRetentions, w.keepDays)))
	w.keep.OnChanged = func(string) { s.keepChanged() }
	s.refreshStorage()
	w.card = widget.NewCard(t("storage.title"), t("storage.sub"), container.NewVBox(
		w.summary,
		container.NewGridWithColumns(2,
			container.NewVBox(widget.NewLabelWithStyle(t("storage.bymonth"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.months),
			container.NewVBox(widget.NewLabelWithStyle(t("storage.byapp"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.apps)),
		container.NewBorder(nil, nil, widget.NewLabel(t("storage.keep")), nil, w.keep),
		wrapLabel(t("storage.keep.note")),
		w.status,
		w.old, container.NewHBox(w.convert), w.convertBar))
	return w.card
}

func (s *settingsScreen) keepText(days int) string {
	if days == 0 {
		return s.t("storage.keep.forever")
	}
	return fmt.Sprintf(s.t("storage.keep.days"), days)
}

// refreshStorage measures the recordings off the UI goroutine.
func (s *settingsScreen) refreshStorage() {
	w := &s.storage
	w.summary.SetText(s.t("storage.measuring"))
	go func() {
		u, err := s.svc.Storage(context.Background())
		old, size, oerr := s.svc.OldRecordings(context.Background())
		fyne.Do(func() {
			s.showStorage(u, err)
			if w.converting {
				return
			}
			if oerr != nil || len(old) == 0 {
				w.old.Hide()
				w.convert.Hide()
				return
			}
			w.old.SetText(fmt.Sprintf(s.t("storage.old"), len(old), bytesText(size)))
			w.old.Show()
			w.convert.Show()
			if !capture.Compressed() {
				w.convert.Disable()
			}
		})
	}()
}

// convertOld converts the old recordings in the background, showing its
// progress; each original goes only once its copy reads back whole.
func (s *settingsScreen) convertOld() {
	w := &s.storage
	w.converting = true
	w.convert.Disable()
	w.convertBar.SetValue(0)
	w.convertBar.Show()
	w.status.SetText(s.t("storage.converting"))
	go func() {
		res, err := s.svc.ConvertOld(context.Background(), func(done, total int) {
			fyne.Do(func() { w.convertBar.SetValue(float64(done) / float64(total)) })
		})
		fyne.Do(func() {
			w.converting = false
			w.convert.Enable()
			w.convertBar.Hide()
			msg := fmt.Sprintf(s.t("storage.converted"), res.Converted, bytesText(res.Before), bytesText(res.After))
			if res.Failed > 0 {
				msg += " " + fmt.Sprintf(s.t("storage.convertfailed"), res.Failed, problemText(s.lang, res.FirstErr))
			}
			if err != nil {
				msg = problemText(s.lang, err)
			}
			w.status.SetText(msg)
			s.refreshStorage()
		})
	}()
}

func (s *settingsScreen) showStorage(u practice.StorageUsage, err error) {
	w := &s.storage
	t := s.t
	if err != nil {
		w.summary.SetText(problemText(s.lang, err))
		return
	}
	sum := fmt.Sprintf(t("storage.summary"), bytesText(u.Total), bytesText(u.Video), u.Answers, u.Videos)
	if u.FreeErr == nil {
		sum += " " + fmt.Sprintf(t("storage.free"), bytesText(int64(u.Free)))
		if u.Free < practice.LowSpace {
			sum += "\n⚠ " + t("storage.low")
		}
	}
	w.summary.SetText(sum)
	rows := func(rs []practice.UsageRow, name func(string) string) string {
		if len(rs) == 0 {
			return t("storage.none")
		}
		out := ""
		for i, r := range rs {
			if i == 8 {
				out += fmt.Sprintf(t("storage.more"), len(rs)-i)
				break
			}
			n := t("storage.answers")
			if r.Answers == 1 {
				n = t("storage.answers.one")
			}
			out += fmt.Sprintf("%s  %s · %s\n", name(r.Name), bytesText(r.Bytes), fmt.Sprintf(n, r.Answers))
		}
		return strings.TrimRight(out, "\n")
	}
	w.months.SetText(rows(u.ByMonth, func(m string) string { return m }))
	w.apps.SetText(rows(u.ByApplication, func(c string) string {
		if c == "" {
			return t("storage.noapp")
		}
		return c
	}))
}

// keepChanged asks before a shorter retention deletes anything: the
// videos it would delete now are counted and named in the question, and
// cancelling puts the choice back.
func (s *settingsScreen) keepChanged() {
	w := &s.storage
	i := w.keep.SelectedIndex()
	if i < 0 || store.VideoRetentions[i] == w.keepDays {
		return
	}
	days := store.VideoRetentions[i]
	ctx := context.Background()
	save := func() {
		if err := s.st.SetVideoDays(ctx, days); err != nil {
			w.status.SetText(problemText(s.lang, err))
			return
		}
		w.keepDays = days
		w.status.SetText(s.t("storage.working"))
		go func() {
			n, freed, err := s.svc.ApplyRetention(ctx, time.Now())
			fyne.Do(func() {
				switch {
				case err != nil:
					w.status.SetText(problemText(s.lang, err))
				case n > 0:
					w.status.SetText(fmt.Sprintf(s.t("storage.deleted"), n, bytesText(freed)))
				default:
					w.status.SetText(s.t("storage.saved"))
				}
				s.refreshStorage()
			})
		}()
	}
	if days == 0 {
		save()
		return
	}
	// What would go today, asked before anything goes.
	prev := w.keepDays
	go func() {
		u, err := s.svc.StorageIf(ctx, days)
		fyne.Do(func() {
			if err != nil {
				w.status.SetText(problemText(s.lang, err))
				w.keep.SetSelectedIndex(slices.Index(store.VideoRetentions, prev))
				return
			}
			if u.Expiring == 0 {
				save()
				return
			}
			msg := fmt.Sprintf(s.t("storage.confirm"), days, u.Expiring, bytesText(u.ExpiringBytes))
			w.question = msg
			w.confirmed = confirmDestructive(s.lang, s.t("storage.title"), msg, s.win(), save)
			w.confirmed.cancel.OnTapped = func() {
				w.confirmed.dialog.Hide()
				w.keep.SetSelectedIndex(slices.Index(store.VideoRetentions, prev))
			}
		})
	}()
}
