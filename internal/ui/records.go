package ui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/media/video"
	"nevermind/internal/practice"
	"nevermind/internal/share"
	"nevermind/internal/store"
)

// recordsPage is how many answers the records list at a time;
// recentInterviews, how many mock interviews.
const (
	recordsPage      = 50
	recentInterviews = 20
	recentQuestions  = 20
)

// recordsScreen shows the streak, the trends and the answers, newest
// first, a page at a time; an answer opens its report (scores, findings
// with ▶ replay, transcript), where it can be analysed again or deleted.
type recordsScreen struct {
	lang     i18n.Lang
	svc      *practice.Service
	now      func() time.Time
	win      func() fyne.Window
	content  *fyne.Container // the list or one answer
	listView fyne.CanvasObject
	summary  *widget.Label
	trends   *fyne.Container
	list     *fyne.Container
	mocks    *fyne.Container // the mock interviews
	mockCard *widget.Card    // shown once there is one
	byQ      *fyne.Container // the practised questions
	byQCard  *widget.Card
	more     *widget.Button
	next     store.Cursor
	rows     []store.AttemptRow
	// The open answer, or mock interview.
	detail      *fyne.Container
	openID      int64
	openSession int64
	openQ       int64                      // the question whose answers are compared
	compared    *practice.AnswerComparison // the comparison shown (tests)
	status      *widget.Label
	busy        *widget.ProgressBar
	replay      *replayer
	loaded      chan struct{} // receives after each refresh is shown (tests)
	practise    func(practice.Spec)
	getModel    func()   // opens the speech models in Settings
	asked       *confirm // the last delete question (tests)
	// The report for a mentor: its question and folder chooser (tests).
	shareDialog dialog.Dialog
	shareAudio  *widget.Check
	shareVideo  *widget.Check
	chooser     *chooser
}

func newRecordsScreen(lang i18n.Lang, svc *practice.Service, now func() time.Time, win func() fyne.Window) *recordsScreen {
	s := &recordsScreen{lang: lang, svc: svc, now: now, win: win, loaded: make(chan struct{}, 16)}
	s.summary = wrapLabel("")
	s.trends = container.NewVBox()
	s.list = container.NewVBox()
	s.mocks = container.NewVBox()
	s.mockCard = widget.NewCard(s.t("records.interviews"), s.t("records.interviews.sub"), s.mocks)
	s.byQ = container.NewVBox()
	s.byQCard = widget.NewCard(s.t("records.byquestion"), s.t("records.byquestion.sub"), s.byQ)
	s.more = widget.NewButtonWithIcon(s.t("records.more"), theme.MoreVerticalIcon(), s.loadMore)
	s.more.Hide()
	s.listView = container.NewVScroll(container.NewPadded(container.NewVBox(
		s.summary,
		widget.NewCard(s.t("records.trends"), "", s.trends),
		s.mockCard,
		s.byQCard,
		widget.NewCard(s.t("records.attempts"), s.t("records.attempts.sub"), container.NewVBox(s.list, s.more)),
	)))
	s.detail = container.NewStack()
	s.status = wrapLabel("")
	s.busy = widget.NewProgressBar()
	s.busy.Hide()
	img := canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(240, 180))
	img.Hide()
	s.replay = &replayer{lang: lang, svc: svc, img: img, say: func(m string) { s.status.SetText(m) }, shown: img.Show}
	s.content = container.NewStack(s.listView)
	s.show(s.load(recordsPage))
	return s
}

func (s *recordsScreen) t(k string) string { return i18n.T(s.lang, k) }

type recordsData struct {
	prog  practice.Progress
	mocks []store.InterviewSession
	byQ   []store.PractisedQuestion
	rows  []store.AttemptRow
	next  store.Cursor
	err   error
}

// load reads the records off the UI goroutine: n answers, the pages
// already shown.
func (s *recordsScreen) load(n int) recordsData {
	ctx := context.Background()
	var d recordsData
	if d.prog, d.err = practice.Records(ctx, s.svc.Store, s.now()); d.err != nil {
		return d
	}
	if d.mocks, d.err = s.svc.Store.InterviewSessions(ctx, recentInterviews); d.err != nil {
		return d
	}
	if d.byQ, d.err = s.svc.Store.PractisedQuestions(ctx, recentQuestions); d.err != nil {
		return d
	}
	d.rows, d.next, d.err = s.svc.Store.AttemptPage(ctx, store.Cursor{}, n)
	return d
}

// refresh runs on the UI goroutine, which owns s.rows.
func (s *recordsScreen) refresh() {
	n := max(recordsPage, len(s.rows)) // the pages already shown stay shown
	loadThenShow(func() recordsData { return s.load(n) }, s.show)
}

func (s *recordsScreen) show(d recordsData) {
	defer func() {
		select {
		case s.loaded <- struct{}{}:
		default:
		}
	}()
	if d.err != nil {
		s.summary.SetText(d.err.Error())
		return
	}
	p := d.prog
	sum := i18n.N(s.lang, "n.streak", p.Streak) + " · " + i18n.N(s.lang, "n.answers", p.Attempts) + " · " + i18n.N(s.lang, "n.days", p.Practised)
	if c := p.Comparison; c != nil {
		sum += "\n" + c.Text.In(s.lang)
	}
	s.summary.SetText(sum)
	s.trends.RemoveAll()
	for _, m := range practice.TrendMetrics {
		pts := p.Trends[m]
		if len(pts) == 0 {
			continue
		}
		vs := make([]float64, len(pts))
		for i, x := range pts {
			vs[i] = x.Value
		}
		label := widget.NewLabel(s.t("metric."+m) + "  " + trendValue(m, vs[len(vs)-1]))
		s.trends.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(260, 36), label), nil, newSparkline(vs)))
	}
	if len(s.trends.Objects) == 0 {
		s.trends.Add(wrapLabel(s.t("records.none")))
	}
	s.mocks.RemoveAll()
	for _, m := range d.mocks {
		s.mocks.Add(s.mockRow(m))
	}
	s.mockCard.Hidden = len(d.mocks) == 0 // a new user's records stay short
	s.mockCard.Refresh()
	s.byQ.RemoveAll()
	for _, q := range d.byQ {
		s.byQ.Add(s.questionRow(q))
	}
	s.byQCard.Hidden = len(d.byQ) == 0
	s.byQCard.Refresh()
	s.rows, s.next = d.rows, d.next
	s.list.RemoveAll()
	for _, r := range d.rows {
		s.list.Add(s.row(r))
	}
	if len(d.rows) == 0 {
		s.list.Add(wrapLabel(s.t("records.none")))
	}
	s.more.Hidden = d.next.ID == 0
	s.more.Refresh()
	// An open answer that was deleted (here or elsewhere) closes.
	if s.openID != 0 {
		if _, err := s.svc.Store.Attempt(context.Background(), s.openID); errors.Is(err, store.ErrNotFound) {
			s.close()
		}
	}
}

// row is one answer in the list: when, the overall score, the status and
// the question; the button opens it.
func (s *recordsScreen) row(r store.AttemptRow) fyne.CanvasObject {
	sc := "–"
	if r.Overall != nil {
		sc = fmt.Sprintf("%.0f", *r.Overall)
	}
	line := widget.NewLabel(fmt.Sprintf("%s  %s  %s — %s", r.Attempt.StartedAt.In(s.now().Location()).Format("01-02 15:04"), sc,
		s.t("status."+string(r.Attempt.Status)), r.Question.Text))
	line.Truncation = fyne.TextTruncateEllipsis
	id := r.Attempt.ID
	open := widget.NewButtonWithIcon(s.t("records.open"), theme.NavigateNextIcon(), func() { s.open(id) })
	return container.NewBorder(nil, nil, nil, open, line)
}

// trendValue is a trend's latest value as the other screens write it:
// scores and counts whole, ratios with two decimals.
func trendValue(metric string, v float64) string {
	switch {
	case strings.HasPrefix(metric, "score:"):
		return fmt.Sprintf("%.0f", v)
	case strings.HasSuffix(metric, "_ratio"):
		return fmt.Sprintf("%.2f", v)
	case v == math.Trunc(v) || math.Abs(v) >= 10:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// mockRow is one mock interview in the list: when, for which interview,
// how much was answered; the button opens its review.
func (s *recordsScreen) mockRow(m store.InterviewSession) fyne.CanvasObject {
	when := m.Session.StartedAt.In(s.now().Location()).Format("01-02 15:04")
	if m.Company != "" {
		when += " · " + m.Company
	}
	line := widget.NewLabel(fmt.Sprintf(s.t("records.interview.line"), when, m.Answered, m.Questions))
	line.Truncation = fyne.TextTruncateEllipsis
	id := m.Session.ID
	open := newRoutedButton(s.t("records.open"), theme.NavigateNextIcon(), func() { s.openInterview(id) }, nil)
	return container.NewBorder(nil, nil, nil, open, line)
}

// openInterview shows a mock interview's review, read off the UI
// goroutine.
func (s *recordsScreen) openInterview(id int64) {
	s.replay.stop()
	s.openID, s.openQ = 0, 0
	s.status.SetText(s.t("review.loading"))
	s.replay.img.Hide()
	back := widget.NewButtonWithIcon(s.t("records.back"), theme.NavigateBackIcon(), s.close)
	body := container.NewVBox()
	s.detail.Objects = []fyne.CanvasObject{container.NewBorder(container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, back, nil), s.status)), nil, nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(container.NewCenter(s.replay.img), body))))}
	s.detail.Refresh()
	s.content.Objects = []fyne.CanvasObject{s.detail}
	s.content.Refresh()
	s.openSession = id
	go func() {
		r, err := s.svc.Review(context.Background(), id, s.lang)
		fyne.Do(func() {
			if s.openSession != id {
				return // closed, or another opened
			}
			if err != nil {
				s.status.SetText(problemText(s.lang, err))
				return
			}
			s.status.SetText("")
			body.Add(reviewView(s.lang, s.svc, r, reviewActions{
				replay: s.replay,
				practise: func(q int64) {
					for _, a := range r.Answers {
						if a.QuestionID == q && s.practise != nil {
							s.practise(practice.Spec{Kind: practice.KindOne, IDs: []int64{q}, Lang: a.Language})
							return
						}
					}
				},
				tomorrow: func(q int64) error { return practice.PractiseAgain(context.Background(), s.svc.Store, q, s.now()) },
				say:      s.status.SetText,
			}))
			select {
			case s.loaded <- struct{}{}:
			default:
			}
		})
	}()
}

// loadMore adds the next page of older answers.
func (s *recordsScreen) loadMore() {
	if s.next.ID == 0 {
		return
	}
	rows, next, err := s.svc.Store.AttemptPage(context.Background(), s.next, recordsPage)
	if err != nil {
		s.summary.SetText(err.Error())
		return
	}
	s.rows = append(s.rows, rows...)
	s.next = next
	for _, r := range rows {
		s.list.Add(s.row(r))
	}
	s.more.Hidden = next.ID == 0
	s.more.Refresh()
}

// open shows one answer's report.
func (s *recordsScreen) open(id int64) {
	ctx := context.Background()
	s.replay.stop()
	s.openID, s.openSession, s.openQ = id, 0, 0
	s.status.SetText("")
	s.replay.img.Hide()
	rep, err := s.svc.StoredReport(ctx, id)
	q, qerr := s.svc.Store.AttemptQuestion(ctx, id)
	if qerr != nil {
		s.status.SetText(qerr.Error())
	}
	title := widget.NewLabel(q.Text)
	title.Wrapping = fyne.TextWrapWord
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameSubHeadingText
	back := widget.NewButtonWithIcon(s.t("records.back"), theme.NavigateBackIcon(), s.close)
	again := widget.NewButtonWithIcon(s.t("records.reanalyse"), theme.ViewRefreshIcon(), func() { s.reanalyze(id) })
	del := widget.NewButtonWithIcon(s.t("records.delete"), theme.DeleteIcon(), func() { s.delete(id) })
	del.Importance = widget.DangerImportance
	practise := widget.NewButtonWithIcon(s.t("practice.this"), theme.MediaPlayIcon(), func() {
		if s.practise != nil {
			s.practise(practice.Spec{Kind: practice.KindOne, IDs: []int64{q.ID}, Lang: q.Language})
		}
	})
	practise.Importance = widget.HighImportance
	actions := container.NewHBox(practise, again)
	if rep != nil {
		actions.Add(widget.NewButtonWithIcon(s.t("share.button"), theme.MailForwardIcon(), func() {
			s.shareReport(id, rep.Attempt.AudioPath != "", rep.Attempt.VideoPath != "" && video.CanWriteWebM())
		}))
	}
	if rep != nil && rep.Attempt.VideoPath != "" {
		actions.Add(widget.NewButtonWithIcon(s.t("storage.deletevideo"), theme.DeleteIcon(), func() { s.deleteVideo(id) }))
	}
	actions.Add(del)
	var body fyne.CanvasObject
	switch {
	case errors.Is(err, practice.ErrNotAnalyzed):
		body = wrapLabel(s.t("records.notanalysed"))
	case err != nil:
		body = wrapLabel(s.t("records.unreadable"))
	default:
		body = newReportViewWithReplay(s.lang, rep, replayFuncs{start: func(at float64) { s.replay.play(rep.Attempt, at) }, r: s.replay}, nil, s.getModel)
	}
	when := ""
	if rep != nil {
		when = rep.Attempt.StartedAt.In(s.now().Location()).Format("2006-01-02 15:04") + " · " + s.t("status."+string(rep.Attempt.Status))
	}
	head := container.NewVBox(
		container.NewBorder(nil, nil, back, actions, widget.NewLabel(when)),
		title, s.busy, s.status)
	s.detail.Objects = []fyne.CanvasObject{container.NewBorder(container.NewPadded(head), nil, nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(container.NewCenter(s.replay.img), body))))}
	s.detail.Refresh()
	s.content.Objects = []fyne.CanvasObject{s.detail}
	s.content.Refresh()
}

// close goes back to the list.
func (s *recordsScreen) close() {
	s.replay.stop()
	s.openID, s.openSession, s.openQ = 0, 0, 0
	s.content.Objects = []fyne.CanvasObject{s.listView}
	s.content.Refresh()
}

// reanalyse analyses the open answer's recording again, with progress.
func (s *recordsScreen) reanalyze(id int64) {
	if !s.svc.Ready() {
		s.status.SetText(s.t("practice.loading"))
		return
	}
	s.busy.SetValue(0)
	s.busy.Show()
	s.status.SetText(s.t("practice.analysing"))
	go func() {
		_, err := s.svc.Reanalyze(context.Background(), id, func(component string, done float64) {
			fyne.Do(func() { s.busy.SetValue(max(s.busy.Value, min(0.95, done))) })
		})
		fyne.Do(func() {
			s.busy.Hide()
			if err != nil {
				s.status.SetText(s.t("practice.failed") + " " + problemText(s.lang, err))
				return
			}
			if s.openID == id {
				s.open(id)
				s.status.SetText(s.t("records.reanalysed"))
			}
		})
	}()
}

// delete asks, then deletes the open answer and its recordings.
// shareReport asks whether the answer's voice goes in, then for a folder,
// and writes the report for a mentor there (internal/share).
func (s *recordsScreen) shareReport(id int64, hasAudio, hasVideo bool) {
	withAudio := widget.NewCheck(s.t("share.withaudio"), nil)
	withAudio.SetChecked(hasAudio)
	if !hasAudio {
		withAudio.Disable()
	}
	withVideo := widget.NewCheck(s.t("share.withvideo"), func(on bool) {
		if on { // the video carries the voice
			withAudio.SetChecked(true)
		}
	})
	if !hasVideo {
		withVideo.Hide()
	}
	s.shareAudio, s.shareVideo = withAudio, withVideo
	d := dialog.NewCustomConfirm(s.t("share.button"), s.t("share.pick"), s.t("dialog.cancel"),
		container.NewVBox(wrapLabel(s.t("share.explain")), withAudio, withVideo), func(ok bool) {
			if !ok {
				return
			}
			media := share.MediaNone
			switch {
			case withVideo.Checked:
				media = share.MediaVideo
			case withAudio.Checked:
				media = share.MediaAudio
			}
			s.chooser = chooseFolder(s.lang, s.win(), s.t("share.pick"), s.t("share.here"), userHome(), func(folder string) {
				s.writeReport(id, folder, media)
			})
		}, s.win())
	d.Resize(fyne.NewSize(520, 240))
	s.shareDialog = d
	d.Show()
}

// writeReport builds the report off the UI goroutine and says where it went.
func (s *recordsScreen) writeReport(id int64, folder string, media share.Media) {
	s.status.SetText(s.t("settings.working"))
	go func() {
		b, err := share.Build(context.Background(), s.svc, id, share.Options{Lang: s.lang, Media: media})
		out := ""
		if err == nil {
			out = shareName(folder, id, time.Now())
			err = os.WriteFile(out, b, 0o600)
		}
		fyne.Do(func() {
			if err != nil {
				s.status.SetText(problemText(s.lang, err))
				return
			}
			s.status.SetText(fmt.Sprintf(s.t("share.written"), out))
		})
	}()
}

// shareName is the first free nevermind-report-DATE-ID[-N].html in folder.
func shareName(folder string, id int64, now time.Time) string {
	for k := 1; ; k++ {
		name := fmt.Sprintf("nevermind-report-%s-%d.html", now.Format("2006-01-02"), id)
		if k > 1 {
			name = fmt.Sprintf("nevermind-report-%s-%d-%d.html", now.Format("2006-01-02"), id, k)
		}
		p := filepath.Join(folder, name)
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p
		}
	}
}

// deleteVideo deletes the answer's video and keeps its report, after
// asking.
func (s *recordsScreen) deleteVideo(id int64) {
	s.asked = confirmDestructive(s.lang, s.t("storage.deletevideo"), s.t("storage.deletevideo.confirm"), s.win(), func() {
		s.replay.stop()
		freed, err := s.svc.DeleteVideo(context.Background(), id)
		if err != nil {
			s.status.SetText(problemText(s.lang, err))
			return
		}
		s.open(id)
		s.status.SetText(fmt.Sprintf(s.t("storage.videodeleted"), bytesText(freed)))
	})
}

func (s *recordsScreen) delete(id int64) {
	s.asked = confirmDestructive(s.lang, s.t("records.delete"), s.t("records.delete.confirm"), s.win(), func() {
		if err := s.svc.DeleteAttempt(context.Background(), id); err != nil {
			s.status.SetText(problemText(s.lang, err))
			return
		}
		s.close()
	})
}
