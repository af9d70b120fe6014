package ui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/i18n"
	"nevermind/internal/media/video"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// DevicesFunc opens the microphone and the camera chosen in Settings; the
// camera may be nil (audio only).
type DevicesFunc func() (capture.AudioSource, capture.VideoSource, error)

// practiceScreen runs a session: a question card with think and answer
// timers, record/stop (space), the level and the camera, then the
// feedback report of each answer.
type practiceScreen struct {
	lang    i18n.Lang
	svc     *practice.Service
	devices DevicesFunc
	now     func() time.Time
	llm     func(ctx context.Context) coach.LLM

	typeSel  *widget.Select
	startBtn *widget.Button
	question *widget.Label
	tip      *widget.Label
	counter  *widget.Label
	timer    *widget.Label
	status   *widget.Label
	level    *widget.ProgressBar
	preview  *canvas.Image
	camNote  *widget.Label
	recBtn   *widget.Button
	retryBtn *widget.Button
	nextBtn  *widget.Button
	busy     *widget.ProgressBarInfinite
	report   *fyne.Container
	content  fyne.CanvasObject

	session   store.Session
	sqs       []store.SessionQuestion
	questions []store.Question
	idx       int
	rec       *practice.Recording
	started   time.Time
	ticker    *time.Ticker
	stopTick  chan struct{}
	lastShown *practice.AttemptReport
	player    *capture.Player
	checkBtn  *widget.Button
	checking  *capture.Recorder
	analysing context.CancelFunc
	cancelBtn *widget.Button
	checkFor  time.Duration
	timed     *widget.Check
	retries   map[int]int
	cued      bool
	onReport  func(*practice.AttemptReport) // for tests
}

var sessionKinds = []string{"today", "mock", "basic", "job", "situational", "english"}

func newPracticeScreen(lang i18n.Lang, svc *practice.Service, devices DevicesFunc, now func() time.Time) *practiceScreen {
	s := &practiceScreen{lang: lang, svc: svc, devices: devices, now: now, checkFor: 8 * time.Second}
	t := s.t
	var names []string
	for _, k := range sessionKinds {
		if k == "today" || k == "mock" {
			names = append(names, t("practice."+k))
		} else {
			names = append(names, t("type."+k))
		}
	}
	s.typeSel = widget.NewSelect(names, nil)
	s.typeSel.SetSelectedIndex(0)
	s.startBtn = widget.NewButtonWithIcon(t("practice.start"), theme.MediaPlayIcon(), func() { s.startSession(sessionKinds[max(0, s.typeSel.SelectedIndex())], nil) })
	s.startBtn.Importance = widget.HighImportance
	s.question = widget.NewLabel(t("practice.choose"))
	s.question.Wrapping = fyne.TextWrapWord
	s.question.TextStyle.Bold = true
	s.question.SizeName = theme.SizeNameHeadingText
	s.tip = widget.NewLabel("")
	s.tip.Wrapping = fyne.TextWrapWord
	s.counter = widget.NewLabel("")
	s.timer = widget.NewLabel("")
	s.timer.TextStyle.Monospace = true
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.level = widget.NewProgressBar()
	s.level.TextFormatter = func() string { return t("practice.level") }
	s.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	s.preview.FillMode = canvas.ImageFillContain
	s.preview.SetMinSize(fyne.NewSize(320, 240))
	s.camNote = widget.NewLabel(t("practice.nocamera"))
	s.camNote.Wrapping = fyne.TextWrapWord
	s.recBtn = widget.NewButtonWithIcon(t("practice.record"), theme.MediaRecordIcon(), s.toggle)
	s.recBtn.Importance = widget.HighImportance
	s.recBtn.Disable()
	s.retryBtn = widget.NewButtonWithIcon(t("practice.retry"), theme.MediaReplayIcon(), s.retry)
	s.retryBtn.Disable()
	s.nextBtn = widget.NewButtonWithIcon(t("practice.next"), theme.MediaSkipNextIcon(), s.next)
	s.nextBtn.Disable()
	s.busy = widget.NewProgressBarInfinite()
	s.busy.Hide()
	s.cancelBtn = widget.NewButtonWithIcon(t("practice.cancel"), theme.CancelIcon(), func() {
		if s.analysing != nil {
			s.analysing()
		}
	})
	s.cancelBtn.Hide()
	s.report = container.NewVBox()
	s.timed = widget.NewCheck(t("practice.timed"), nil)
	s.retries = map[int]int{}

	s.checkBtn = widget.NewButtonWithIcon(t("practice.check"), theme.VisibilityIcon(), s.deviceCheck)
	top := container.NewBorder(nil, nil, widget.NewLabel(t("practice.what")), container.NewHBox(s.checkBtn, s.startBtn), s.typeSel)
	card := widget.NewCard("", "", container.NewVBox(container.NewBorder(nil, nil, s.counter, s.timed), s.question, s.tip))
	controls := container.NewHBox(s.recBtn, s.retryBtn, s.nextBtn, s.timer)
	left := container.NewVBox(card, controls, s.level, s.status, container.NewBorder(nil, nil, nil, s.cancelBtn, s.busy))
	body := container.NewHSplit(container.NewVScroll(container.NewVBox(left, s.report)), container.NewVBox(s.preview, s.camNote, widget.NewLabel(t("practice.keys"))))
	body.SetOffset(0.68)
	s.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, body)
	return s
}

func (s *practiceScreen) t(key string) string { return i18n.T(s.lang, key) }

// startSession loads questions: today's routine, or a set of a type. ids,
// when given, are the questions to use.
func (s *practiceScreen) startSession(kind string, ids []int64) {
	if s.svc == nil || s.rec != nil {
		return
	}
	ctx := context.Background()
	lang := store.Korean
	if s.lang == i18n.EN || kind == "english" {
		lang = store.English
	}
	var err error
	switch {
	case ids != nil:
		s.session, s.sqs, err = s.svc.Store.StartSession(ctx, store.TypeBasic, 0, ids)
	case kind == "today":
		s.session, s.sqs, err = s.svc.StartSession(ctx, store.TypeBasic, lang, 3)
	case kind == "mock":
		// A full mock interview: an opening, job questions, a hard one.
		var ids []int64
		for _, part := range []struct {
			t store.PracticeType
			n int
		}{{store.TypeBasic, 2}, {store.TypeJob, 2}, {store.TypeSituational, 1}} {
			qs, e := s.svc.Store.Questions(ctx, store.QuestionFilter{Type: part.t, Language: lang})
			if e != nil {
				err = e
				break
			}
			for i := 0; i < part.n && i < len(qs); i++ {
				ids = append(ids, qs[(int(s.now().Unix()/86400)+i)%len(qs)].ID)
			}
		}
		if err == nil {
			s.session, s.sqs, err = s.svc.Store.StartSession(ctx, store.TypeBasic, 0, ids)
			s.timed.SetChecked(true) // a mock interview is timed
		}
	default:
		s.session, s.sqs, err = s.svc.StartSession(ctx, store.PracticeType(kind), lang, 5)
	}
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	s.questions = nil
	for _, sq := range s.sqs {
		q, err := s.svc.Store.Question(ctx, sq.QuestionID)
		if err != nil {
			s.status.SetText(err.Error())
			return
		}
		s.questions = append(s.questions, q)
	}
	s.idx = 0
	s.showQuestion()
}

func (s *practiceScreen) showQuestion() {
	q := s.questions[s.idx]
	s.counter.SetText(fmt.Sprintf(s.t("practice.counter"), s.idx+1, len(s.questions)))
	s.question.SetText(q.Text)
	s.tip.SetText(q.Tip)
	s.report.Objects = nil
	s.report.Refresh()
	s.status.SetText(s.t("practice.ready"))
	s.recBtn.SetText(s.t("practice.record"))
	s.recBtn.Enable()
	s.retryBtn.Disable()
	s.nextBtn.Disable()
	s.started = s.now()
	s.startTicker(false)
}

// startTicker shows the think time (before recording) or the answer time.
func (s *practiceScreen) startTicker(answering bool) {
	s.stopTicker()
	s.ticker = time.NewTicker(200 * time.Millisecond)
	stop := make(chan struct{})
	s.stopTick = stop
	start := s.now()
	tk := s.ticker
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				d := s.now().Sub(start)
				fyne.Do(func() {
					if s.stopTick != stop {
						return // a newer timer runs
					}
					timed := s.timed.Checked
					switch {
					case answering && timed:
						s.timer.SetText(fmt.Sprintf(s.t("practice.answerleft"), clock(answerLimit-d)))
						if d >= answerLimit {
							s.stop() // the answer time is up, as in the real test
						}
					case answering:
						s.timer.SetText(fmt.Sprintf(s.t("practice.answering"), clock(d)))
					case timed:
						s.timer.SetText(fmt.Sprintf(s.t("practice.prepleft"), clock(prepTime-d)))
						if d >= prepTime && s.rec == nil && !s.recBtn.Disabled() {
							s.toggle() // preparation is over: recording starts by itself
						}
					default:
						s.timer.SetText(fmt.Sprintf(s.t("practice.thinking"), clock(d)))
					}
				})
			}
		}
	}()
}

func (s *practiceScreen) stopTicker() {
	if s.ticker != nil {
		s.ticker.Stop()
		close(s.stopTick)
		s.ticker = nil
	}
}

// Timed mode, like a Korean AI 역량검사: fixed preparation, an answer
// limit, one retry per question.
const (
	prepTime    = 30 * time.Second
	answerLimit = 90 * time.Second
)

func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	sec := int(d.Seconds())
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

// toggle starts or stops recording (the space key).
func (s *practiceScreen) toggle() {
	if s.rec != nil {
		s.stop()
		return
	}
	if len(s.questions) == 0 || s.devices == nil {
		return
	}
	mic, cam, err := s.devices()
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	rec, err := s.svc.StartRecording(context.Background(), s.sqs[s.idx], mic, cam)
	if err != nil {
		s.status.SetText(s.t("practice.cannot") + " " + err.Error())
		return
	}
	s.rec = rec
	s.recBtn.SetText(s.t("practice.stop"))
	s.recBtn.SetIcon(theme.MediaStopIcon())
	s.retryBtn.Disable()
	s.nextBtn.Disable()
	s.status.SetText(s.t("practice.recording"))
	s.startTicker(true)
	r := rec.Recorder()
	live := rec.Live()
	s.cued = false
	var lastVoice time.Duration
	go func() {
		for {
			select {
			case l := <-r.Levels():
				v := (l.RMS + 60) / 60
				if l.RMS > -45 {
					lastVoice = l.At
				}
				// One sparse live cue at most: a long silence at the start
				// usually means the wrong or a muted microphone.
				cue := l.At-lastVoice > 6*time.Second && lastVoice == 0
				fyne.Do(func() {
					s.level.SetValue(min(1, max(0, v)))
					if cue && !s.cued && s.rec == rec {
						s.cued = true
						s.status.SetText(s.t("practice.cue.silent"))
					}
				})
			case f := <-live.Preview():
				img := f.Image
				fyne.Do(func() { s.preview.Image = img; s.preview.Refresh(); s.camNote.Hide() })
			case <-r.Done():
				fyne.Do(func() {
					if s.rec == rec {
						s.stop() // the device went away: keep what was recorded
					}
				})
				return
			}
		}
	}()
}

// stop ends the recording and analyses it off the UI goroutine.
func (s *practiceScreen) stop() {
	rec := s.rec
	if rec == nil {
		return
	}
	s.rec = nil
	s.stopTicker()
	s.recBtn.Disable()
	s.recBtn.SetText(s.t("practice.record"))
	s.recBtn.SetIcon(theme.MediaRecordIcon())
	s.level.SetValue(0)
	s.status.SetText(s.t("practice.analysing"))
	s.busy.Show()
	s.busy.Start()
	ctx, cancel := context.WithCancel(context.Background())
	s.analysing = cancel
	s.cancelBtn.Show()
	go func() {
		rep, err := rec.Stop(ctx)
		fyne.Do(func() {
			cancel()
			s.analysing = nil
			s.cancelBtn.Hide()
			s.busy.Stop()
			s.busy.Hide()
			s.recBtn.Enable()
			s.retryBtn.Enable()
			s.nextBtn.Enable()
			if errors.Is(err, context.Canceled) {
				s.status.SetText(s.t("practice.cancelled"))
				return
			}
			if err != nil {
				s.status.SetText(s.t("practice.failed") + " " + err.Error())
				return
			}
			s.status.SetText(s.t("practice.done"))
			s.showReport(rep)
		})
	}()
}

func (s *practiceScreen) retry() {
	if s.rec != nil || len(s.questions) == 0 {
		return
	}
	if s.timed.Checked && s.retries[s.idx] >= 1 {
		s.status.SetText(s.t("practice.noretry"))
		return
	}
	s.retries[s.idx]++
	s.showQuestion()
}

func (s *practiceScreen) next() {
	if s.rec != nil || len(s.questions) == 0 {
		return
	}
	if s.idx+1 < len(s.questions) {
		s.idx++
		s.showQuestion()
		return
	}
	s.svc.FinishSession(context.Background(), s.session.ID)
	s.status.SetText(s.t("practice.finished"))
	s.recBtn.Disable()
	s.nextBtn.Disable()
}

// showReport renders one attempt's feedback, with a button that asks a
// follow-up question (꼬리질문) on what was just said.
func (s *practiceScreen) showReport(rep *practice.AttemptReport) {
	s.lastShown = rep
	fu := widget.NewButtonWithIcon(s.t("practice.followup"), theme.QuestionIcon(), func() { s.followUp(rep) })
	if t := rep.Result.Report.Transcript; t == nil || strings.TrimSpace(t.Text) == "" {
		fu.Disable() // nothing recognised to follow up on
	}
	view := newReportViewWithReplay(s.lang, rep, func(at float64) { s.replay(rep, at) })
	s.report.Objects = []fyne.CanvasObject{fu}
	if h := s.history(); h != "" {
		s.report.Add(widget.NewCard(s.t("report.history"), "", wrapLabel(h)))
	}
	s.report.Add(view)
	s.report.Refresh()
	if s.onReport != nil {
		s.onReport(rep)
	}
}

// deviceCheck shows the microphone level and the camera for 8 seconds
// without keeping anything (press again to stop).
func (s *practiceScreen) deviceCheck() {
	if s.checking != nil {
		s.checking.Stop()
		return
	}
	if s.rec != nil || s.devices == nil {
		return
	}
	mic, cam, err := s.devices()
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	dir, err := os.MkdirTemp("", "nevermind-check-")
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	r, err := capture.Start(capture.Options{Dir: dir, Name: "check", Mic: mic, Camera: cam})
	if err != nil {
		os.RemoveAll(dir)
		s.status.SetText(s.t("practice.cannot") + " " + err.Error())
		return
	}
	s.checking = r
	hasCam := cam != nil
	s.recBtn.Disable()
	s.status.SetText(s.t("practice.checking"))
	go func() {
		defer os.RemoveAll(dir)
		stop := time.After(s.checkFor)
		var peak float64 = -200
		for {
			select {
			case l := <-r.Levels():
				peak = math.Max(peak, l.RMS)
				v := (l.RMS + 60) / 60
				fyne.Do(func() { s.level.SetValue(min(1, max(0, v))) })
			case f := <-r.Frames():
				img := f.Image
				fyne.Do(func() { s.preview.Image = img; s.preview.Refresh(); s.camNote.Hide() })
			case <-stop:
				r.Stop()
			case <-r.Done():
				res := r.Stop()
				fyne.Do(func() {
					s.checking = nil
					s.level.SetValue(0)
					if len(s.questions) > 0 {
						s.recBtn.Enable()
					}
					msg := s.t("practice.check.ok")
					switch {
					case peak < -50:
						msg = s.t("practice.check.silent")
					case !hasCam:
						msg = s.t("practice.check.nocam")
					case res.VideoErr != nil:
						msg = s.t("practice.check.nocam") + " " + res.VideoErr.Error()
					}
					s.status.SetText(msg)
				})
				return
			}
		}
	}()
}

// history is this question's overall scores over the user's attempts.
func (s *practiceScreen) history() string {
	if len(s.questions) == 0 {
		return ""
	}
	hs, err := s.svc.Store.QuestionHistory(context.Background(), s.questions[s.idx].ID)
	if err != nil {
		return ""
	}
	var vs []string
	for _, h := range hs {
		if h.Overall != nil {
			vs = append(vs, fmt.Sprintf("%.0f", *h.Overall))
		}
	}
	if len(vs) < 2 {
		return s.t("report.history.first")
	}
	return fmt.Sprintf(s.t("report.history.scores"), len(vs), strings.Join(vs, " → "))
}

// followUp writes follow-up questions on the last answer and puts the
// first one next in the session.
func (s *practiceScreen) followUp(rep *practice.AttemptReport) {
	t := rep.Result.Report.Transcript
	if t == nil || s.svc == nil {
		return
	}
	lang := "ko"
	if s.lang == i18n.EN {
		lang = "en"
	}
	q := s.questions[s.idx]
	s.status.SetText(s.t("practice.followup.working"))
	go func() {
		ctx := context.Background()
		var llm coach.LLM
		if s.llm != nil {
			llm = s.llm(ctx)
		}
		qs, _, err := coach.FollowUps(ctx, llm, coach.Answer{Question: q.Text, Text: t.Text, Lang: lang}, 1, nil)
		fyne.Do(func() {
			if err != nil || len(qs) == 0 {
				s.status.SetText(fmt.Sprint(err))
				return
			}
			id, err := s.svc.Store.AddGeneratedQuestion(ctx, store.Question{Origin: store.OriginGenerated, PracticeType: q.PracticeType, Category: "followup", Language: store.Language(lang), Text: qs[0]},
				store.Generation{Source: store.FromFollowUp, Model: "coach", ParentQuestionID: q.ID})
			if err != nil {
				s.status.SetText(err.Error())
				return
			}
			sq, err := s.svc.Store.AddSessionQuestion(ctx, s.session.ID, id)
			if err != nil {
				s.status.SetText(err.Error())
				return
			}
			nq, _ := s.svc.Store.Question(ctx, id)
			// Insert right after the current question.
			s.questions = append(s.questions[:s.idx+1], append([]store.Question{nq}, s.questions[s.idx+1:]...)...)
			s.sqs = append(s.sqs[:s.idx+1], append([]store.SessionQuestion{sq}, s.sqs[s.idx+1:]...)...)
			s.idx++
			s.showQuestion()
			s.status.SetText(s.t("practice.followup.ready"))
		})
	}()
}

// replay plays the answer's audio from at (seconds) and shows its video
// frames in step with it, in the camera panel.
func (s *practiceScreen) replay(rep *practice.AttemptReport, at float64) {
	if s.rec != nil || rep.Attempt.AudioPath == "" {
		return
	}
	if s.player != nil {
		s.player.Stop()
	}
	m, err := s.svc.MediaOf(rep.Attempt)
	if err != nil {
		s.status.SetText(s.t("practice.noreplay") + " " + err.Error())
		return
	}
	p, err := capture.Play(m.Audio, time.Duration(at*float64(time.Second)))
	if err != nil {
		s.status.SetText(s.t("practice.noreplay") + " " + err.Error())
		return
	}
	s.player = p
	s.status.SetText(fmt.Sprintf(s.t("practice.replaying"), clock(time.Duration(at*float64(time.Second)))))
	if m.Video == "" {
		return
	}
	vpath := m.Video
	var times []time.Duration
	if m.Frames != "" {
		times, _ = capture.ReadFrameTimes(m.Frames)
	}
	go func() {
		r, err := video.Open(vpath, video.Options{SampleFPS: -1})
		if err != nil {
			return
		}
		defer r.Close()
		for {
			img, f, err := r.Next(nil)
			if err != nil {
				return
			}
			ft := f.T
			if f.Index < len(times) {
				ft = times[f.Index]
			}
			if ft < time.Duration(at*float64(time.Second)) {
				continue
			}
			for p.At() < ft {
				select {
				case <-p.Done():
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
			fyne.Do(func() { s.preview.Image = img; s.preview.Refresh(); s.camNote.Hide() })
		}
	}()
}

// transcriptSegments shows the transcript with the fillers highlighted
// and a marker where a long pause fell.
func transcriptSegments(rep *practice.AttemptReport, text string) []widget.RichTextSegment {
	x := rep.Result.Report.Transcript
	sp := rep.Result.Report.Speech
	if x == nil || len(x.Words) == 0 {
		return []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: widget.RichTextStyleInline}}
	}
	filler := map[float64]bool{}
	if sp != nil {
		for _, f := range sp.Fillers {
			filler[f.Start] = true
		}
	}
	var pauses []float64
	if v := rep.Result.Report.Report; v != nil {
		for _, p := range v.Voice.Pauses {
			if p.End-p.Start > 1 {
				pauses = append(pauses, p.End)
			}
		}
	}
	var segs []widget.RichTextSegment
	pi := 0
	for _, w := range x.Words {
		for pi < len(pauses) && pauses[pi] <= w.Start+0.05 {
			segs = append(segs, &widget.TextSegment{Text: " ⏸ ", Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}}})
			pi++
		}
		st := widget.RichTextStyleInline
		if filler[w.Start] {
			st = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameWarning, TextStyle: fyne.TextStyle{Bold: true}}
		}
		segs = append(segs, &widget.TextSegment{Text: w.Text + " ", Style: st})
	}
	return segs
}

// handleKey: space records or stops, Enter moves on, Esc stops.
func (s *practiceScreen) handleKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace:
		if !s.recBtn.Disabled() || s.rec != nil {
			s.toggle()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if !s.nextBtn.Disabled() {
			s.next()
		}
	case fyne.KeyEscape:
		switch {
		case s.rec != nil:
			s.stop()
		case s.analysing != nil:
			s.analysing() // the recording is kept; it can be analysed again later
		}
	}
}

// newReportView shows the scores with their reasons, the summary and the
// findings in time order.
func newReportView(lang i18n.Lang, rep *practice.AttemptReport) fyne.CanvasObject {
	return newReportViewWithReplay(lang, rep, nil)
}

// newReportViewWithReplay is newReportView with a ▶ on every finding that
// replays the answer from that moment.
func newReportViewWithReplay(lang i18n.Lang, rep *practice.AttemptReport, replay func(at float64)) fyne.CanvasObject {
	v := rep.Result.Feedback.In(lang)
	t := func(k string) string { return i18n.T(lang, k) }
	summary := widget.NewLabel(v.Summary)
	summary.Wrapping = fyne.TextWrapWord
	grid := container.NewVBox()
	for _, d := range feedback.Dimensions {
		val := "–"
		if sc := v.Scores[d]; sc != nil {
			val = fmt.Sprintf("%.0f", *sc)
		}
		name := widget.NewLabel(t("dim." + d))
		name.TextStyle.Bold = d == "overall"
		score := widget.NewLabel(val)
		score.TextStyle.Bold = true
		reason := widget.NewLabel(v.Reasons[d])
		reason.Wrapping = fyne.TextWrapWord
		reason.SizeName = theme.SizeNameCaptionText
		grid.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(110, 36), name), container.NewGridWrap(fyne.NewSize(50, 36), score), reason))
	}
	finds := container.NewVBox()
	for _, f := range v.Findings {
		mark := map[feedback.Severity]string{feedback.Info: "ⓘ", feedback.Minor: "△", feedback.Major: "▲"}[f.Severity]
		msg := widget.NewLabel(fmt.Sprintf("%s %s  %s", mark, clock(time.Duration(f.Start*float64(time.Second))), f.Message))
		msg.Wrapping = fyne.TextWrapWord
		sug := widget.NewLabel("→ " + f.Suggestion)
		sug.Wrapping = fyne.TextWrapWord
		sug.SizeName = theme.SizeNameCaptionText
		item := container.NewVBox(msg, sug)
		if replay != nil {
			at := f.Start
			play := widget.NewButtonWithIcon("", theme.MediaPlayIcon(), func() { replay(math.Max(0, at-1)) })
			finds.Add(container.NewBorder(nil, nil, play, nil, item))
		} else {
			finds.Add(item)
		}
	}
	if len(v.Findings) == 0 {
		finds.Add(widget.NewLabel(t("report.nofindings")))
	}
	var tr string
	if x := rep.Result.Report.Transcript; x != nil && strings.TrimSpace(x.Text) != "" {
		tr = x.Text
	} else if why := rep.Result.Skipped["speech"]; why != "" {
		tr = t("report.notranscript") + " " + why
	}
	transcript := widget.NewRichText(transcriptSegments(rep, tr)...)
	transcript.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{
		widget.NewCard(t("report.summary"), "", summary),
		widget.NewCard(t("report.scores"), "", grid),
	}
	if vr := rep.Result.Report.Report; vr != nil && vr.Tracks != nil {
		parts = append(parts, widget.NewCard(t("report.plot"), t("report.plot.sub"), newTrackPlot(vr.Tracks, v.Findings)))
	}
	parts = append(parts, widget.NewCard(t("report.findings"), "", finds), widget.NewCard(t("report.transcript"), t("report.transcript.sub"), transcript))
	return container.NewVBox(parts...)
}
