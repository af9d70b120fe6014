package ui

import (
	"context"
	"fmt"
	"image"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// DevicesFunc opens the microphone and the camera chosen in Settings; the
// camera may be nil (audio only).
type DevicesFunc = practice.Devices

// sessionKinds are the choices of the "what to practise" list.
var sessionKinds = []practice.Spec{
	{Kind: practice.KindToday}, {Kind: practice.KindMock},
	{Kind: practice.KindType, Type: store.TypeBasic}, {Kind: practice.KindType, Type: store.TypeJob},
	{Kind: practice.KindType, Type: store.TypeSituational}, {Kind: practice.KindType, Type: store.TypeEnglish},
	{Kind: practice.KindInterview},
}

// practiceScreen renders a practice.Controller: the question card and the
// controls stay at the top, the report of the answer scrolls in its own
// pane below them, the camera and the keys are on the right. It holds no
// rule of its own: every button and key goes to the controller.
type practiceScreen struct {
	getModel func() // opens the speech models in Settings; may be nil
	lang     i18n.Lang
	svc      *practice.Service
	// spaceAsked: the low-disk warning was shown on this screen;
	// spaceDialog is it (tests).
	spaceAsked  bool
	spaceDialog dialog.Dialog
	spaceGo     *widget.Button
	devices     DevicesFunc
	now         func() time.Time
	win         func() fyne.Window
	ctl         *practice.Controller

	typeSel    *routedSelect
	startBtn   *routedButton
	checkBtn   *routedButton
	counter    *widget.Label
	question   *widget.Label
	tip        *widget.Label
	timed      *routedCheck
	timer      *widget.Label
	recBtn     *routedButton
	retryBtn   *routedButton
	skipBtn    *routedButton
	nextBtn    *routedButton
	cancelBtn  *routedButton
	followBtn  *routedButton
	level      *widget.ProgressBar
	busy       *widget.ProgressBarInfinite
	status     *widget.Label
	report     *fyne.Container
	scroll     *container.Scroll
	preview    *canvas.Image
	camPane    *container.Scroll // the camera's pane, hidden until a frame comes
	counterRow *fyne.Container   // "질문 1 / 3" and the clock
	body       *container.Split
	replay     *replayer
	content    fyne.CanvasObject

	state    practice.State
	shown    *practice.AttemptReport // the report in the pane
	waiting  bool                    // the pane says the report comes after an answer
	stopTick chan struct{}
	checking context.CancelFunc // ends the device check in progress
	checkFor time.Duration
	// interviewer is the mock interview's voice; interviewSettings its
	// questions and the silence that ends an answer (both may be nil).
	interviewer       practice.Interviewer
	interviewSettings func(ctx context.Context) (int, time.Duration)
	review            *practice.SessionReview // the finished interview's, shown in the pane
	ivNote            bool                    // the pane holds the interview's note
	keysHelp          *widget.Label
	onStart           func()                        // shows the practice tab
	onReport          func(*practice.AttemptReport) // for tests
	onState           func(practice.State)          // for tests
	compare           func(questionID int64)        // opens a question's answers side by side in Records
}

func newPracticeScreen(lang i18n.Lang, svc *practice.Service, devices DevicesFunc, llm practice.LLMFunc, now func() time.Time, win func() fyne.Window) *practiceScreen {
	s := &practiceScreen{lang: lang, svc: svc, devices: devices, now: now, win: win, checkFor: 8 * time.Second}
	t := s.t
	keys := s.keyEvent
	s.ctl = practice.NewController(svc, devices, llm, now, practice.Hooks{
		Changed: func(st practice.State) { fyne.Do(func() { s.render(st) }) },
		Level:   func(v float64) { fyne.Do(func() { s.level.SetValue(v) }) },
		Preview: func(img image.Image) {
			fyne.Do(func() { s.preview.Image = img; s.preview.Refresh(); s.showCamera() })
		},
	})
	var names []string
	for _, k := range sessionKinds {
		switch k.Kind {
		case practice.KindToday:
			names = append(names, t("practice.today"))
		case practice.KindMock:
			names = append(names, t("practice.mock"))
		case practice.KindInterview:
			names = append(names, t("practice.interview"))
		default:
			names = append(names, t("type."+string(k.Type)))
		}
	}
	s.typeSel = newRoutedSelect(names, keys)
	s.typeSel.SetSelectedIndex(0)
	s.startBtn = newRoutedButton(t("practice.start"), theme.MediaPlayIcon(), func() {
		s.start(sessionKinds[max(0, s.typeSel.SelectedIndex())])
	}, keys)
	s.startBtn.Importance = widget.HighImportance
	s.checkBtn = newRoutedButton(t("practice.check"), theme.VisibilityIcon(), s.deviceCheck, keys)
	s.counter = widget.NewLabel("")
	s.question = widget.NewLabel(t("practice.choose"))
	s.question.Wrapping = fyne.TextWrapWord
	s.question.TextStyle.Bold = true
	s.question.SizeName = theme.SizeNameSubHeadingText
	s.tip = widget.NewLabel("")
	s.tip.Wrapping = fyne.TextWrapWord
	s.tip.SizeName = theme.SizeNameCaptionText
	s.timed = newRoutedCheck(t("practice.timed"), func(on bool) { s.ctl.SetTimed(on) }, keys)
	s.timer = widget.NewLabel("")
	s.timer.TextStyle.Monospace = true
	s.recBtn = newRoutedButton(t("practice.record"), theme.MediaRecordIcon(), s.toggle, keys)
	s.recBtn.Importance = widget.HighImportance
	s.retryBtn = newRoutedButton(t("practice.retry"), theme.MediaReplayIcon(), s.ctl.Retry, keys)
	s.skipBtn = newRoutedButton(t("practice.skip"), theme.MediaFastForwardIcon(), s.ctl.Skip, keys)
	s.nextBtn = newRoutedButton(t("practice.next"), theme.MediaSkipNextIcon(), s.ctl.Next, keys)
	s.cancelBtn = newRoutedButton(t("practice.cancel"), theme.CancelIcon(), s.ctl.Cancel, keys)
	s.followBtn = newRoutedButton(t("practice.followup"), theme.QuestionIcon(), s.ctl.FollowUp, keys)
	s.level = widget.NewProgressBar()
	s.level.TextFormatter = func() string { return t("practice.level") }
	s.busy = widget.NewProgressBarInfinite()
	s.busy.Hide()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.report = container.NewVBox()
	s.scroll = container.NewVScroll(container.NewPadded(s.report))
	s.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	s.preview.FillMode = canvas.ImageFillContain
	s.preview.SetMinSize(fyne.NewSize(280, 210))
	s.replay = &replayer{lang: lang, svc: svc, img: s.preview, say: func(m string) { s.status.SetText(m) }, shown: s.showCamera}

	top := container.NewBorder(nil, nil, widget.NewLabel(t("practice.what")), container.NewHBox(s.checkBtn, s.startBtn), s.typeSel)
	s.counterRow = container.NewBorder(nil, nil, s.counter, s.timer)
	card := widget.NewCard("", "", container.NewVBox(s.counterRow, s.question, s.tip))
	controls := container.NewHBox(s.recBtn, s.retryBtn, s.skipBtn, s.nextBtn, s.cancelBtn, s.followBtn)
	s.keysHelp = wrapLabel(t("practice.keys"))
	s.keysHelp.SizeName = theme.SizeNameCaptionText
	fixed := container.NewVBox(card, controls, s.timed, s.level, s.busy, s.status)
	left := container.NewBorder(fixed, s.keysHelp, nil, nil, s.scroll)
	// The camera's pane shows once the camera (or a replay) gives a frame:
	// without a camera the report has the whole width.
	s.camPane = container.NewVScroll(container.NewVBox(s.preview))
	s.camPane.Hide()
	s.body = container.NewHSplit(left, s.camPane)
	s.body.SetOffset(0.7)
	s.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, s.body)
	s.render(s.ctl.State())
	s.startTicker()
	return s
}

func (s *practiceScreen) t(key string) string { return i18n.T(s.lang, key) }

// showCamera shows the camera's pane (a frame has come).
func (s *practiceScreen) showCamera() {
	if !s.camPane.Visible() {
		s.camPane.Show()
		s.body.Refresh()
	}
}

// start opens a session (from the list, Home, the bank, the records or the
// generated questions).
func (s *practiceScreen) start(sp practice.Spec) {
	if s.svc == nil {
		return
	}
	if sp.Lang == "" {
		sp.Lang = s.lang
	}
	if free, low, ok := s.svc.LowOnSpace(); sp.Kind == practice.KindInterview && ok && low && !s.spaceAsked {
		// A mock interview records by itself: the warning comes first.
		s.spaceAsked = true
		s.askSpace(free, func() { s.start(sp) })
		return
	}
	if s.onStart != nil {
		s.onStart()
	}
	s.replay.stop()
	s.review = nil
	s.ctl.SetAutoEnd(0)
	if sp.Kind == practice.KindInterview {
		n, silence := practice.DefaultInterviewQuestions, practice.DefaultEndSilence
		if s.interviewSettings != nil {
			n, silence = s.interviewSettings(context.Background())
		}
		if sp.N == 0 {
			sp.N = n
		}
		s.ctl.SetAutoEnd(silence)
		s.ctl.SetInterviewer(s.interviewer)
	}
	if err := s.ctl.Start(context.Background(), sp); err != nil {
		s.status.SetText(s.t("practice.cannotstart") + " " + problemText(s.lang, err))
	}
}

// refresh: the practice screen shows a session, not stored data; a
// change elsewhere leaves the session as it is.
func (s *practiceScreen) refresh() {}

// close stops the timer, the replay and what is running (a recording is
// kept).
func (s *practiceScreen) close() {
	if s.stopTick != nil {
		close(s.stopTick)
		s.stopTick = nil
	}
	s.replay.stop()
	s.ctl.Close()
}

// startTicker applies timed mode and shows the clock, a few times a second.
func (s *practiceScreen) startTicker() {
	stop := make(chan struct{})
	s.stopTick = stop
	go func() {
		tk := time.NewTicker(200 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				s.ctl.Tick(context.Background())
				fyne.Do(s.showClock)
			}
		}
	}()
}

func (s *practiceScreen) showClock() {
	st := s.state
	now := s.now()
	if left, ok := st.Left(now); ok {
		key := "practice.prepleft"
		if st.Phase == practice.PhaseRecording {
			key = "practice.answerleft"
		}
		s.timer.SetText(fmt.Sprintf(s.t(key), clock(left)))
		return
	}
	switch st.Phase {
	case practice.PhaseReady:
		s.timer.SetText(fmt.Sprintf(s.t("practice.thinking"), clock(now.Sub(st.Since))))
	case practice.PhaseRecording:
		s.timer.SetText(fmt.Sprintf(s.t("practice.answering"), clock(now.Sub(st.Since))))
	default:
		s.timer.SetText("")
	}
}

// render shows a state of the controller.
func (s *practiceScreen) render(st practice.State) {
	s.state = st
	t := s.t
	q := st.Question()
	switch {
	case st.Phase == practice.PhaseIdle:
		s.counter.SetText("")
		s.question.SetText(t("practice.choose"))
		s.tip.SetText("")
	case st.Phase == practice.PhaseFinished:
		s.counter.SetText(fmt.Sprintf(t("practice.counter"), len(st.Questions), len(st.Questions)))
		s.question.SetText(t("practice.finished"))
		s.tip.SetText(t("practice.finished.tip"))
	default:
		s.counter.SetText(fmt.Sprintf(t("practice.counter"), st.Index+1, len(st.Questions)))
		s.question.SetText(q.Text)
		s.tip.SetText(q.Tip)
	}
	enable := func(b *routedButton, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	recording := st.Phase == practice.PhaseRecording
	if recording {
		s.recBtn.SetText(t("practice.stop"))
		s.recBtn.SetIcon(theme.MediaStopIcon())
	} else {
		s.recBtn.SetText(t("practice.record"))
		s.recBtn.SetIcon(theme.MediaRecordIcon())
	}
	enable(s.recBtn, st.CanRecord() || st.CanStop())
	enable(s.retryBtn, st.CanRetry())
	enable(s.skipBtn, st.CanSkip())
	enable(s.nextBtn, st.CanNext())
	enable(s.followBtn, st.CanFollowUp())
	if st.CanCancel() {
		s.cancelBtn.Show()
	} else {
		s.cancelBtn.Hide()
	}
	// A mock interview runs by itself: the interviewer moves on, so the
	// drill's buttons go; Space ends an answer, Esc the interview.
	interview := st.Kind == practice.KindInterview && st.Phase != practice.PhaseFinished
	for _, b := range []*routedButton{s.retryBtn, s.skipBtn, s.nextBtn, s.followBtn, s.cancelBtn} {
		if interview {
			b.Hide()
		} else if b != s.cancelBtn {
			b.Show()
		}
	}
	if interview && recording {
		s.recBtn.SetText(t("practice.iv.done"))
	}
	if keys := map[bool]string{true: t("practice.iv.keys"), false: t("practice.keys")}[interview]; s.keysHelp.Text != keys {
		s.keysHelp.SetText(keys)
	}
	busy := recording || st.Phase == practice.PhaseAnalyzing || interview
	if busy {
		s.startBtn.Disable()
		s.checkBtn.Disable()
		s.typeSel.Disable()
		s.timed.Disable()
	} else {
		s.startBtn.Enable()
		s.checkBtn.Enable()
		s.typeSel.Enable()
		s.timed.Enable()
	}
	if s.timed.Checked != st.Timed {
		s.timed.OnChanged = nil
		s.timed.SetChecked(st.Timed)
		s.timed.OnChanged = func(on bool) { s.ctl.SetTimed(on) }
	}
	if st.Phase == practice.PhaseAnalyzing || st.Busy {
		s.busy.Show()
		s.busy.Start()
	} else {
		s.busy.Stop()
		s.busy.Hide()
	}
	if !recording {
		s.level.SetValue(0)
	}
	// Reading a report (or waiting for it), the report takes the room: the
	// question's counter and tip, the timed-mode box, the level meter and
	// the keys' line fold away until the next question (the buttons say
	// what comes next).
	reading := st.Phase == practice.PhaseDone || st.Phase == practice.PhaseAnalyzing || st.Phase == practice.PhaseFinished
	for _, o := range []fyne.CanvasObject{s.counterRow, s.tip, s.timed, s.level, s.keysHelp} {
		if reading == o.Visible() {
			if reading {
				o.Hide()
			} else {
				o.Show()
			}
		}
	}
	s.status.SetText(s.statusText(st))
	s.showReport(st)
	s.showClock()
	if s.onState != nil {
		s.onState(st)
	}
}

// statusText is the one line under the controls.
func (s *practiceScreen) statusText(st practice.State) string {
	t := s.t
	if st.Checking {
		return t("practice.checking")
	}
	if st.Err != nil {
		key := "practice.failed"
		if st.Phase == practice.PhaseReady || st.Phase == practice.PhaseIdle {
			key = "practice.cannot"
		}
		return t(key) + " " + problemText(s.lang, st.Err)
	}
	if st.Kind == practice.KindInterview {
		if line := s.interviewStatus(st); line != "" {
			return line
		}
	}
	switch st.Notice {
	case practice.NoticeSilent:
		return t("practice.cue.silent")
	case practice.NoticeCancelled:
		return t("practice.cancelled")
	case practice.NoticeCancelledEmpty:
		return t("practice.cancelled.empty")
	case practice.NoticeNoRetry:
		return t("practice.noretry")
	case practice.NoticeFollowUpReady:
		return t("practice.followup.ready")
	case practice.NoticeFollowUpBusy:
		return t("practice.followup.working")
	case practice.NoticeDeviceLost:
		if st.Phase == practice.PhaseAnalyzing {
			return t("practice.devicelost")
		}
	}
	switch st.Phase {
	case practice.PhaseIdle:
		return ""
	case practice.PhaseReady:
		if st.Timed {
			return t("practice.ready.timed")
		}
		return t("practice.ready")
	case practice.PhaseRecording:
		return t("practice.recording")
	case practice.PhaseAnalyzing:
		if st.Transcribing {
			return t("practice.transcribing")
		}
		return t("practice.analysing")
	case practice.PhaseDone:
		if st.Report != nil {
			if !st.CanFollowUp() && !st.Busy {
				// Why 꼬리질문 is greyed out.
				return t("practice.done") + " " + t("practice.followup.needs")
			}
			return t("practice.done")
		}
	case practice.PhaseFinished:
		return t("practice.finished")
	}
	return ""
}

// interviewStatus is the one line of a mock interview: who speaks, and
// that the interviewer waits (quietly: no countdown unless timed).
func (s *practiceScreen) interviewStatus(st practice.State) string {
	t := s.t
	novoice := ""
	if st.Notice == practice.NoticeNoVoice {
		novoice = t("practice.iv.novoice") + " "
	}
	switch st.Phase {
	case practice.PhaseAsking:
		return t("practice.iv.asking")
	case practice.PhaseReady:
		return novoice + t("practice.iv.ready")
	case practice.PhaseRecording:
		if st.Notice == practice.NoticeSilent {
			return t("practice.cue.silent")
		}
		if st.Speaking {
			return t("practice.iv.listening")
		}
		return novoice + t("practice.iv.waiting")
	case practice.PhaseAnalyzing, practice.PhaseDone:
		if st.Err == nil {
			return t("practice.iv.next")
		}
	case practice.PhaseFinished:
		if st.Notice == practice.NoticeEnded {
			return t("practice.iv.ended")
		}
		return t("practice.iv.finished")
	}
	return ""
}

// showReport puts the state's report in the pane (or empties it), at the
// top: moving on never leaves a scrolled, empty pane. A mock interview
// shows no report until it ends, then its review.
func (s *practiceScreen) showReport(st practice.State) {
	if st.Kind == practice.KindInterview {
		s.showInterview(st)
		return
	}
	s.ivNote = false
	rep := st.Report
	wait := rep == nil && (st.Phase == practice.PhaseReady || st.Phase == practice.PhaseIdle)
	if rep == s.shown && wait == s.waiting {
		return
	}
	s.shown, s.waiting = rep, wait
	s.report.RemoveAll()
	s.scroll.ScrollToTop()
	if rep == nil || rep.Result == nil {
		if wait {
			s.report.Add(wrapLabel(s.t("practice.reportwaits")))
		}
		return
	}
	// The result first; this question's past answers after it.
	s.report.Add(newReportViewWithReplay(s.lang, rep, replayFuncs{start: func(at float64) {
		if s.state.Phase != practice.PhaseRecording {
			s.replay.play(rep.Attempt, at)
		}
	}, r: s.replay}, s.keyEvent, s.getModel))
	if h, n := s.history(st.Question().ID); h != "" {
		card := container.NewVBox(wrapLabel(h))
		if qid := st.Question().ID; n >= 2 && s.compare != nil {
			// "2번 답했어요: 92 → 96" opens the two answers side by side.
			card.Add(container.NewHBox(newRoutedButton(s.t("report.history.compare"), theme.ViewRestoreIcon(), func() { s.compare(qid) }, s.keyEvent)))
		}
		s.report.Add(widget.NewCard(s.t("report.history"), "", card))
	}
	if s.onReport != nil {
		s.onReport(rep)
	}
}

// history is a question's overall scores over the user's answers, and how
// many there are.
func (s *practiceScreen) history(qid int64) (string, int) {
	scores, err := s.svc.QuestionOveralls(context.Background(), qid)
	if err != nil {
		return problemText(s.lang, err), 0
	}
	var vs []string
	for _, v := range scores {
		vs = append(vs, fmt.Sprintf("%.0f", v))
	}
	if len(vs) < 2 {
		return s.t("report.history.first"), len(vs)
	}
	return fmt.Sprintf(s.t("report.history.scores"), len(vs), strings.Join(vs, " → ")), len(vs)
}

// toggle records or stops (the record button and Space).
func (s *practiceScreen) toggle() {
	st := s.ctl.State()
	switch {
	case st.CanStop():
		s.ctl.Stop()
	case st.CanRecord():
		s.replay.stop()
		if s.checking != nil {
			return
		}
		if free, low, ok := s.svc.LowOnSpace(); ok && low && !s.spaceAsked {
			// Once a screen: the candidate knows, and may record anyway.
			s.spaceAsked = true
			s.askSpace(free, func() { s.ctl.Record(context.Background()) })
			return
		}
		s.ctl.Record(context.Background()) // an error is in the state
	}
}

// askSpace warns that the disk is nearly full before a recording starts:
// record anyway (go), or not now.
func (s *practiceScreen) askSpace(free uint64, goOn func()) {
	var d dialog.Dialog
	rec := widget.NewButtonWithIcon(s.t("storage.lowspace.record"), theme.MediaRecordIcon(), func() {
		d.Hide()
		goOn()
	})
	cancel := widget.NewButton(s.t("dialog.cancel"), func() { d.Hide() })
	cancel.Importance = widget.HighImportance
	cd := dialog.NewCustomWithoutButtons(s.t("storage.lowspace.title"), wrapLabel(fmt.Sprintf(s.t("storage.lowspace"), bytesText(int64(free)))), s.win())
	cd.SetButtons([]fyne.CanvasObject{rec, cancel})
	d = cd
	s.spaceGo = rec
	d.Resize(fyne.NewSize(480, 220))
	s.spaceDialog = d
	d.Show()
}

// key handles the practice keys; keyEvent is key for the routed widgets.
func (s *practiceScreen) key(ev *fyne.KeyEvent) {
	st := s.ctl.State()
	switch ev.Name {
	case fyne.KeySpace:
		s.toggle()
	case fyne.KeyReturn, fyne.KeyEnter:
		if st.CanNext() {
			s.ctl.Next()
		}
	case fyne.KeyEscape:
		switch {
		case st.Kind == practice.KindInterview && st.Phase != practice.PhaseFinished && st.Phase != practice.PhaseIdle:
			s.ctl.EndInterview()
		case st.CanCancel():
			s.ctl.Cancel()
		case s.checking != nil:
			s.checking()
		default:
			s.replay.stop()
		}
	case fyne.KeyS:
		if st.CanSkip() {
			s.ctl.Skip()
		}
	}
}

func (s *practiceScreen) keyEvent(ev *fyne.KeyEvent) { s.key(ev) }

// deviceCheck shows the microphone level and the camera for a few seconds
// without keeping anything (press again to stop); the controller runs it.
func (s *practiceScreen) deviceCheck() {
	if s.checking != nil {
		s.checking()
		return
	}
	if s.state.Phase == practice.PhaseRecording || s.state.Phase == practice.PhaseAnalyzing || s.devices == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.checking = cancel
	s.status.SetText(s.t("practice.checking"))
	go func() {
		res, err := s.ctl.Check(ctx, s.checkFor)
		fyne.Do(func() {
			cancel()
			s.checking = nil
			s.render(s.ctl.State())
			msg := s.t("practice.check.ok")
			switch {
			case err != nil:
				msg = s.t("practice.cannot") + " " + problemText(s.lang, err)
			case !res.Heard:
				msg = s.t("practice.check.silent")
			case !res.Camera:
				msg = s.t("practice.check.nocam")
			case res.CameraErr != nil:
				msg = s.t("practice.check.camfailed")
			}
			s.status.SetText(msg)
		})
	}()
}
