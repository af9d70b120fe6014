package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/onnx"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/appdata"
	"nevermind/internal/bank"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/share"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
	"nevermind/internal/tts"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local) }

// appFixture is a data folder with the test bank, an interview and a
// practice service whose pipeline has the real voice engine (and the
// vision engine when the bundle is there).
func appFixture(t *testing.T) (*store.Store, *practice.Service) {
	t.Helper()
	st := testBank(t)
	t.Setenv(appdata.EnvHome, t.TempDir())
	dir, err := appdata.Open()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddInterview(context.Background(), store.Interview{Company: "한빛페이", Date: "2026-12-03"}); err != nil {
		t.Fatal(err)
	}
	p := &pipeline.Pipeline{Lang: "ko", NoTranscript: "no whisper model in this test"}
	if b := os.Getenv("NEVERMIND_BUNDLE"); b != "" {
		if _, err := onnx.Init([]string{b}); err == nil {
			if a, err := vision.NewAnalyzer(filepath.Join(b, "models")); err == nil {
				p.Vision = a
				t.Cleanup(a.Close)
			}
		}
	}
	return st, practice.NewService(dir, st, p)
}

func render(t *testing.T, name string, c fyne.CanvasObject, w, h float32) {
	t.Helper()
	win := test.NewWindow(c)
	defer win.Close()
	win.Resize(fyne.NewSize(w, h))
	test.AssertImageMatches(t, name, win.Canvas().Capture())
}

// eventually polls cond on the UI goroutine until it holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok := false
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// toneDevices gives a 16 kHz microphone playing a steady tone of hz at
// amplitude amp, and no camera.
func toneDevices(amp, hz float64) func() (capture.AudioSource, capture.VideoSource, error) {
	return func() (capture.AudioSource, capture.VideoSource, error) {
		src := &capturetest.Source{Label: "tone", Rate: 16000, Channels: 1}
		src.Gen = func(n int64, buf []float32) {
			for i := range buf {
				buf[i] = float32(amp * math.Sin(2*math.Pi*hz*float64(n+int64(i))/16000))
			}
		}
		return src, nil, nil
	}
}

// speech makes Korean speech with a 3 s pause in the middle.
func speech(t *testing.T) media.Audio {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	p := filepath.Join(t.TempDir(), "a.wav")
	if out, err := exec.Command("espeak-ng", "-v", "ko", "-w", p, "저는 캡스톤 프로젝트에서 백엔드 개발을 맡았습니다.").CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	a, err := media.ReadWAVFile(p)
	if err != nil {
		t.Fatal(err)
	}
	x := append(append(append([]float32{}, a.Samples...), make([]float32, 3*a.SampleRate)...), a.Samples...)
	return media.Audio{SampleRate: a.SampleRate, Channels: 1, Samples: x}
}

// newApp is the main window over the fixture, as the app builds it.
func newApp(t *testing.T, a fyne.App, st *store.Store, svc *practice.Service, devices DevicesFunc, lang i18n.Lang) *Main {
	t.Helper()
	st.SetFirstRunDone(context.Background()) // no welcome in the way
	m := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Devices: devices, Lang: lang, Now: fixedNow, DataDir: svc.Dir, Watch: 200 * time.Millisecond})
	t.Cleanup(func() { fyne.DoAndWait(func() { m.Window().Close() }) })
	fyne.DoAndWait(m.showAll) // the tests reach into every screen
	return m
}

// TestTabsAreBuiltWhenShown: the window opens with Home built and the
// other tabs waiting; a tab is built the first time it is shown, and a
// "practise this" from Home builds the practice tab it lands on.
func TestTabsAreBuiltWhenShown(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	st.SetFirstRunDone(context.Background())
	m := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Devices: toneDevices(0.2, 180), Lang: i18n.KO, Now: fixedNow, DataDir: svc.Dir, Watch: -1})
	defer fyne.DoAndWait(func() { m.Window().Close() })
	if m.home == nil || m.records != nil || m.practice != nil || m.bank != nil || m.plan != nil {
		t.Fatalf("built at start: home %v, records %v, practice %v", m.home != nil, m.records != nil, m.practice != nil)
	}
	fyne.DoAndWait(func() { m.tabs.SelectIndex(2) })
	if m.records == nil || m.tabs.Items[2].Content != m.records.content {
		t.Fatal("the records tab was not built when shown")
	}
	fyne.DoAndWait(func() { m.tabs.SelectIndex(0); test.Tap(m.home.start) })
	if m.practice == nil || m.tabs.Selected().Content != m.practice.content {
		t.Fatal("starting today's practice from Home did not build and show the practice tab")
	}
	eventually(t, "today's routine to start", func() bool { return m.practice.ctl.State().Phase == practice.PhaseReady })
}

// answer records about d of audio on the practice screen and waits for
// the report.
func answer(t *testing.T, p *practiceScreen, d time.Duration) *practice.AttemptReport {
	t.Helper()
	reports := make(chan *practice.AttemptReport, 4)
	fyne.DoAndWait(func() { p.onReport = func(r *practice.AttemptReport) { reports <- r } })
	fyne.DoAndWait(func() { p.key(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	if st := p.ctl.State(); st.Phase != practice.PhaseRecording {
		t.Fatalf("Space did not start recording: %+v", st)
	}
	time.Sleep(d)
	fyne.DoAndWait(func() { p.key(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	select {
	case r := <-reports:
		return r
	case <-time.After(60 * time.Second):
		t.Fatalf("no report: %s", p.status.Text)
	}
	return nil
}

// TestRecordingUpdatesHomeAndRecords: an answer recorded on the practice
// screen shows on Home (the count, today's progress when it is part of the
// routine) and in Records without a restart.
func TestRecordingUpdatesHomeAndRecords(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	if got := m.home.trend.Text; !strings.Contains(got, "아직 답변이 없어요") {
		t.Fatalf("home before: %q", got)
	}
	if !contains(texts(m.records.list), i18n.T(i18n.KO, "records.none")) {
		t.Fatal("records before: not empty")
	}
	// Today's routine, from Home's button.
	fyne.DoAndWait(func() { test.Tap(m.home.start) })
	if m.tabs.Selected().Text != i18n.T(i18n.KO, "tab.practice") {
		t.Fatal("Home's start did not open the practice tab")
	}
	st0 := m.practice.ctl.State()
	if st0.Phase != practice.PhaseReady || len(st0.Questions) == 0 {
		t.Fatalf("today's routine did not start: %+v %s", st0, m.practice.status.Text)
	}
	routine := map[int64]bool{}
	fyne.DoAndWait(func() {
		for _, id := range m.home.todayIDs {
			routine[id] = true
		}
	})
	rep := answer(t, m.practice, time.Second)
	eventually(t, "Home to count the answer", func() bool { return strings.Contains(m.home.trend.Text, "지금까지 답변 1개") })
	eventually(t, "Records to list the answer", func() bool { return contains(texts(m.records.list), st0.Question().Text) })
	q, _ := st.AttemptQuestion(context.Background(), rep.Attempt.ID)
	want := 0
	if routine[q.ID] {
		want = 1
	}
	eventually(t, "today's progress", func() bool {
		return m.home.done.TextFormatter() == fmt.Sprintf(i18n.T(i18n.KO, "home.done"), want, len(m.home.todayIDs))
	})
}

// TestAddingAnInterviewShowsItsDDay: an interview added on the plan
// screen, or by another process on the same data folder, is Home's D-Day
// within the watch interval.
func TestAddingAnInterviewShowsItsDDay(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	ctx := context.Background()
	ivs, _ := st.Interviews(ctx)
	st.DeleteInterview(ctx, ivs[0].ID)
	m := newApp(t, a, st, svc, nil, i18n.KO)
	eventually(t, "no interview at first", func() bool { return m.home.dday.Text == i18n.T(i18n.KO, "home.nointerview") })
	fyne.DoAndWait(func() {
		m.plan.company.SetText("토스랩")
		m.plan.date.SetText("2026-12-06") // D-10 from the fixed today
		test.Tap(m.plan.addBtn)
	})
	eventually(t, "Home's D-10", func() bool {
		return strings.Contains(m.home.dday.Text, "토스랩") && strings.Contains(m.home.dday.Text, "D-10")
	})
	eventually(t, "the plan's list", func() bool { return contains(texts(m.plan.list), "토스랩") })

	// Another process (the command line) on the same database.
	other, err := store.Open(ctx, st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.AddInterview(ctx, store.Interview{Company: "그린마켓", Date: "2026-11-30"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the other process's interview", func() bool {
		return strings.Contains(m.home.dday.Text, "그린마켓") && strings.Contains(m.home.dday.Text, "D-4")
	})
}

// focusables lists the focusable widgets in o that are shown.
func focusables(o fyne.CanvasObject) []fyne.Focusable {
	var out []fyne.Focusable
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if f, ok := o.(fyne.Focusable); ok {
			out = append(out, f)
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(w.Content)
		case *container.Split:
			walk(w.Leading)
			walk(w.Trailing)
		case *widget.Card:
			walk(w.Content)
		}
	}
	walk(o)
	return out
}

// press delivers a key as the desktop driver does: to the focused widget
// (with the rune for a space), else to the window.
func press(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		if name == fyne.KeySpace {
			f.TypedRune(' ')
		}
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// TestPracticeKeysWhateverHasFocus: with focus on each focusable widget of
// the practice screen (and on none), Space records and stops, S skips,
// Enter goes on after an answer and Esc cancels; no key ticks the timed
// box, opens the list or presses the focused button.
func TestPracticeKeysWhateverHasFocus(t *testing.T) {
	testenv.Long(t)
	a := newTestApp(t)
	st, svc := appFixture(t)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	p := m.practice
	c := m.Window().Canvas()
	fyne.DoAndWait(func() { m.tabs.SelectIndex(1) })
	start := func() {
		fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic}) })
		if p.ctl.State().Phase != practice.PhaseReady {
			t.Fatalf("no session: %s", p.status.Text)
		}
	}
	start()
	var targets []fyne.Focusable
	fyne.DoAndWait(func() { targets = append(focusables(p.content), nil) })
	if len(targets) < 8 {
		t.Fatalf("only %d focusable widgets found", len(targets)-1)
	}
	for _, f := range targets {
		switch f.(type) {
		case nil, *routedButton, *routedCheck, *routedSelect:
		default:
			t.Errorf("%T on the practice screen does not route the practice keys", f)
		}
	}
	for i, f := range targets {
		name := "nothing"
		if f != nil {
			name = fmt.Sprintf("%T #%d", f, i)
		}
		focus := func() {
			fyne.DoAndWait(func() {
				c.Unfocus()
				if f != nil {
					c.Focus(f)
				}
			})
		}
		pressing := func(k fyne.KeyName) {
			focus()
			fyne.DoAndWait(func() { press(c, k) })
		}
		timed := p.timed.Checked
		// Space: record; Space: stop; the report comes.
		start()
		pressing(fyne.KeySpace)
		if ph := p.ctl.State().Phase; ph != practice.PhaseRecording {
			t.Fatalf("focus on %s: Space did not record (phase %v, %s)", name, ph, p.status.Text)
		}
		time.Sleep(300 * time.Millisecond)
		pressing(fyne.KeySpace)
		eventually(t, "the analysis with focus on "+name, func() bool { return p.ctl.State().Phase == practice.PhaseDone })
		// Enter: the next question.
		idx := p.ctl.State().Index
		pressing(fyne.KeyReturn)
		if st := p.ctl.State(); st.Index != idx+1 || st.Phase != practice.PhaseReady {
			t.Fatalf("focus on %s: Enter did not go on: %+v", name, st)
		}
		// S: skip.
		pressing(fyne.KeyS)
		if st := p.ctl.State(); st.Phase != practice.PhaseFinished && st.Index != idx+2 {
			t.Fatalf("focus on %s: S did not skip: %+v", name, st)
		}
		// Esc while recording: cancelled (a fifth of a second is too short
		// to keep, so the notice may say nothing was kept).
		start()
		pressing(fyne.KeySpace)
		time.Sleep(200 * time.Millisecond)
		pressing(fyne.KeyEscape)
		if st := p.ctl.State(); st.Phase != practice.PhaseDone || (st.Notice != practice.NoticeCancelled && st.Notice != practice.NoticeCancelledEmpty) {
			t.Fatalf("focus on %s: Esc did not cancel: %+v", name, st)
		}
		if p.timed.Checked != timed {
			t.Fatalf("focus on %s: a key ticked the timed box", name)
		}
		if len(c.Overlays().List()) > 0 {
			t.Fatalf("focus on %s: a key opened a list", name)
		}
	}
}

// TestPracticePaneNeverBlank: after scrolling down a report, Enter shows
// the next question with its controls at the top and the report pane
// back at its start.
func TestPracticePaneNeverBlank(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	m.Window().Resize(fyne.NewSize(1024, 640))
	p := m.practice
	fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic}) })
	answer(t, p, time.Second)
	fyne.DoAndWait(func() {
		m.Window().Canvas().Capture() // drawn, as the user sees it
		p.scroll.Content.Resize(p.scroll.Content.MinSize())
		p.scroll.ScrollToBottom()
	})
	if p.scroll.Offset.Y <= 0 {
		t.Fatalf("the report does not scroll: the test proves nothing (pane %v, report %v, window %v)", p.scroll.Size(), p.scroll.Content.MinSize(), m.Window().Canvas().Size())
	}
	fyne.DoAndWait(func() { press(m.Window().Canvas(), fyne.KeyReturn) })
	fyne.DoAndWait(func() {
		st := p.ctl.State()
		if st.Index != 1 || p.question.Text != st.Question().Text || p.question.Text == "" {
			t.Fatalf("after Enter: question %q, state %+v", p.question.Text, st)
		}
		if p.scroll.Offset.Y != 0 {
			t.Fatalf("the report pane stayed scrolled (%.0f)", p.scroll.Offset.Y)
		}
		for _, o := range []fyne.CanvasObject{p.question, p.recBtn, p.skipBtn} {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
			if !o.Visible() || pos.Y < 0 || pos.Y+o.Size().Height > m.Window().Canvas().Size().Height {
				t.Fatalf("%T is not on screen (y %.0f)", o, pos.Y)
			}
		}
		if p.recBtn.Disabled() {
			t.Fatal("cannot record the next question")
		}
	})
}

// TestRecordsOpenAnAnswer: a past answer opens its report (scores,
// findings with ▶, transcript), can be analysed again and deleted.
func TestRecordsOpenAnAnswer(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	p := m.practice
	fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic}) })
	rep := answer(t, p, time.Second)
	r := m.records
	eventually(t, "the answer listed", func() bool { return len(r.rows) == 1 })
	fyne.DoAndWait(func() { r.open(rep.Attempt.ID) })
	var shown []string
	fyne.DoAndWait(func() { shown = texts(r.detail) })
	fb, _ := st.Feedback(context.Background(), rep.Attempt.ID)
	if !contains(shown, fb.Summary.KO) || !contains(shown, i18n.T(i18n.KO, "report.scores")) {
		t.Fatalf("the opened answer shows %q", shown)
	}
	fyne.DoAndWait(func() { r.reanalyze(rep.Attempt.ID) })
	eventually(t, "the answer analysed again", func() bool { return r.status.Text == i18n.T(i18n.KO, "records.reanalysed") })
	m1, _ := svc.MediaOf(rep.Attempt)
	// The report to share: the voice offered (checked), the file written.
	fyne.DoAndWait(func() { r.shareReport(rep.Attempt.ID, true, false) })
	if r.shareDialog == nil || r.shareAudio == nil || !r.shareAudio.Checked {
		t.Fatal("no question before the report to share, or the voice not offered")
	}
	folder := t.TempDir()
	fyne.DoAndWait(func() { r.shareDialog.Hide(); r.writeReport(rep.Attempt.ID, folder, share.MediaAudio) })
	eventually(t, "the report written", func() bool { return strings.Contains(r.status.Text, folder) })
	if files, _ := filepath.Glob(filepath.Join(folder, "nevermind-report-*.html")); len(files) != 1 {
		t.Errorf("report files %v", files)
	} else if b, _ := os.ReadFile(files[0]); !bytes.Contains(b, []byte("data:audio/")) || !bytes.Contains(b, []byte(string([]rune(fb.Summary.KO)[:4]))) {
		t.Errorf("the report (%d bytes) lacks the audio or the summary", len(b))
	}
	// Delete: 취소 is the default, 삭제 deletes.
	var del *widget.Button
	fyne.DoAndWait(func() {
		r.delete(rep.Attempt.ID)
		del = r.asked.del
		if del.Text != i18n.T(i18n.KO, "dialog.delete") || del.Importance != widget.DangerImportance {
			t.Errorf("the delete button: %q, importance %v", del.Text, del.Importance)
		}
		if c := r.asked.cancel; c.Text != i18n.T(i18n.KO, "dialog.cancel") || c.Importance != widget.HighImportance {
			t.Errorf("cancel is not the default button: %q", c.Text)
		}
	})
	fyne.DoAndWait(func() { test.Tap(del) })
	if _, err := st.Attempt(context.Background(), rep.Attempt.ID); err == nil {
		t.Fatal("the answer is still stored")
	}
	if _, err := os.Stat(m1.Audio); !os.IsNotExist(err) {
		t.Fatalf("its recording is still there: %v", err)
	}
	eventually(t, "the list without it", func() bool { return len(r.rows) == 0 && r.openID == 0 })
}

// TestPractiseThisQuestion: the bank's "practise this question" starts a
// session on that one question.
func TestPractiseThisQuestion(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	m := newApp(t, a, st, svc, nil, i18n.KO)
	b := m.bank
	fyne.DoAndWait(func() {
		b.list.Select(2)
		test.Tap(b.practiseBtn)
	})
	s := m.practice.ctl.State()
	var want int64
	var tab string
	fyne.DoAndWait(func() { want, tab = b.questions[2].ID, m.tabs.Selected().Text })
	if len(s.Questions) != 1 || s.Question().ID != want || tab != i18n.T(i18n.KO, "tab.practice") {
		t.Fatalf("practise this: %+v", s.Questions)
	}
}

func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *canvas.Text:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *routedButton:
			out = append(out, w.Text)
		case *widget.Check:
			out = append(out, w.Text)
		case *routedCheck:
			out = append(out, w.Text)
		case *widget.Select:
			out = append(out, w.Selected, w.PlaceHolder)
		case *routedSelect:
			out = append(out, w.Selected, w.PlaceHolder)
		case *widget.Entry:
			out = append(out, w.Text, w.PlaceHolder)
		case *widget.RichText:
			out = append(out, w.String())
		case *widget.ProgressBar:
			if w.TextFormatter != nil {
				out = append(out, w.TextFormatter())
			}
		case *widget.Card:
			out = append(out, w.Title, w.Subtitle)
			walk(w.Content)
		case *widget.Form:
			for _, it := range w.Items {
				out = append(out, it.Text, it.HintText)
				walk(it.Widget)
			}
		case *container.AppTabs:
			for _, it := range w.Items {
				out = append(out, it.Text)
			}
			if s := w.Selected(); s != nil {
				walk(s.Content)
			}
		case *container.Scroll:
			walk(w.Content)
		case *container.Split:
			walk(w.Leading)
			walk(w.Trailing)
		case *widget.Accordion:
			// Closed items too: their words are on the screen a tap away.
			for _, it := range w.Items {
				out = append(out, it.Title)
				if it.Detail != nil {
					shown := it.Detail.Visible()
					it.Detail.Show()
					walk(it.Detail)
					if !shown {
						it.Detail.Hide()
					}
				}
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			// Any other widget (a dialog, a list): what its renderer draws.
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func contains(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestRenderHomeScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, _ := appFixture(t)
	h := newHomeScreen(i18n.KO, st, fixedNow, func(practice.Spec) {})
	if !strings.Contains(h.dday.Text, "D-7") {
		t.Errorf("countdown %q", h.dday.Text)
	}
	render(t, "home_ko.png", h.content, 900, 520)
}

func TestRenderPlanScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, _ := appFixture(t)
	w := test.NewWindow(nil)
	defer w.Close()
	s := newPlanScreen(i18n.KO, st, fixedNow, func() fyne.Window { return w })
	// A bad date says how to write it; a good one adds the interview.
	s.date.SetText("12/24")
	s.add()
	if !strings.Contains(s.status.Text, "2026-12-03") {
		t.Errorf("bad date message %q", s.status.Text)
	}
	s.company.SetText("그린마켓")
	s.date.SetText("2026-12-10")
	s.add()
	s.show(s.load()) // the app refreshes on the store's notice
	if len(s.list.Objects) != 2 {
		t.Fatalf("%d interviews listed", len(s.list.Objects))
	}
	// Editing: the pencil fills the form, saving changes the date.
	ivs, _ := st.Interviews(context.Background())
	buttons := s.list.Objects[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects
	// 모의 면접 starts a mock interview for this interview.
	var started practice.Spec
	s.practise = func(sp practice.Spec) { started = sp }
	test.Tap(buttons[0].(*widget.Button))
	if started.Kind != practice.KindInterview || started.InterviewID != ivs[0].ID {
		t.Errorf("the interview's mock button started %+v", started)
	}
	edit := buttons[1].(*widget.Button)
	test.Tap(edit)
	s.date.SetText("2026-12-04")
	s.add()
	after, _ := st.Interviews(context.Background())
	if len(after) != 2 || after[0].ID != ivs[0].ID || after[0].Date != "2026-12-04" {
		t.Errorf("after edit: %+v", after)
	}
	s.show(s.load())
	render(t, "plan_ko.png", s.content, 900, 520)
}

func TestRenderProfileScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, _ := appFixture(t)
	var practised []practice.Spec
	s := newProfileScreen(i18n.KO, st, nil, func(sp practice.Spec) { practised = append(practised, sp) })
	s.role.SetText("백엔드 개발자")
	s.resume.SetText("대학 시절 캡스톤 프로젝트에서 백엔드 개발을 맡아 Spring Boot로 예약 서비스를 구축했습니다.\n그 결과 응답 시간을 800ms에서 120ms로 줄였습니다.")
	s.jd.SetText("모집 분야: 백엔드 개발자\n[자격 요건]\n- Spring Boot 기반 개발 경험\n- Kafka 사용 경험")
	s.generate()
	eventually(t, "the generated questions", func() bool { return s.cancel == nil && s.keepBtn.Visible() })
	if len(s.results.Objects) == 0 || !strings.Contains(s.status.Text, "오프라인") {
		t.Fatalf("status %q, %d questions", s.status.Text, len(s.results.Objects))
	}
	// The user practises the third at once, unticks the first and rewords
	// the second.
	s.practiseOne(2)
	if len(practised) != 1 || practised[0].Kind != practice.KindOne || len(practised[0].IDs) != 1 {
		t.Fatalf("practise one: %+v", practised)
	}
	s.picks[0].SetChecked(false)
	s.edits[1].SetText("Spring Boot로 성능 문제를 해결한 경험을 구체적으로 말씀해 주세요.")
	test.Tap(s.keepBtn)
	gen, _ := st.Questions(context.Background(), store.QuestionFilter{Origin: store.OriginGenerated})
	if len(gen) != len(s.gen.Questions)-1 {
		t.Errorf("%d kept of %d with one unticked (the practised one kept once)", len(gen), len(s.gen.Questions))
	}
	edited := false
	for _, q := range gen {
		edited = edited || q.Text == "Spring Boot로 성능 문제를 해결한 경험을 구체적으로 말씀해 주세요."
	}
	if !edited {
		t.Error("the edited question was not kept as edited")
	}
	// What 질문 은행에 담기 did is said under it, where the user looks.
	if !strings.Contains(s.keepStatus.Text, "질문 은행에 담았어요") {
		t.Errorf("after keeping, under the button: %q", s.keepStatus.Text)
	}
	render(t, "profile_ko.png", s.content, 900, 700)
	// The mouse wheel over the resume box scrolls the page.
	w := test.NewWindow(s.content)
	defer w.Close()
	w.Resize(fyne.NewSize(900, 500))
	page := s.content.(*container.Scroll)
	page.ScrollToTop()
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.resume).AddXY(100, 40)
	test.Scroll(w.Canvas(), at, 0, -120)
	if page.Offset.Y <= 0 {
		t.Errorf("the wheel over the resume box left the page at %.0f", page.Offset.Y)
	}
}

// TestPracticeSessionEndToEnd drives the practice screen with the
// capturetest devices (speech with a planted pause, a camera showing a
// face) through the real pipeline, and checks that what the screen shows
// is the report stored for the attempt.
func TestPracticeSessionEndToEnd(t *testing.T) {
	testenv.Long(t)
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, svc := appFixture(t)
	au := speech(t)
	face := image.NewRGBA(image.Rect(0, 0, 640, 480))
	if f, err := os.Open(filepath.Join(os.Getenv("NEVERMIND_BUNDLE"), "testdata", "media", "face.jpg")); err == nil {
		img, _, err := image.Decode(f)
		f.Close()
		if err == nil {
			for y := 0; y < 480; y++ {
				for x := 0; x < 640; x++ {
					face.Set(x, y, img.At(x, y))
				}
			}
		}
	}
	label := fmt.Sprintf("ui camera %d", time.Now().UnixNano())
	capturetest.RegisterCamera(label, 640, 480, 30, func(int, time.Duration) image.Image { return face })
	devices := func() (capture.AudioSource, capture.VideoSource, error) {
		src := capturetest.Play("espeak", au)
		var cam capture.VideoSource
		for _, d := range capture.Cameras() {
			if d.Name == label {
				cam = capture.OpenCamera(d.ID)
			}
		}
		return src, cam, nil
	}
	m := newApp(t, a, st, svc, devices, i18n.KO)
	p := m.practice
	fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic}) })
	rep := answer(t, p, time.Duration(float64(len(au.Samples))/float64(au.SampleRate)*float64(time.Second))+700*time.Millisecond)
	fb, err := st.Feedback(context.Background(), rep.Attempt.ID)
	if err != nil {
		t.Fatal(err)
	}
	var stored *float64
	for _, s := range fb.Scores {
		if s.Dimension == "overall" {
			stored = s.Score
		}
	}
	if stored == nil {
		t.Fatal("no overall score stored")
	}
	// The screen shows the stored overall score and summary, and a finding
	// at the planted pause.
	var shown []string
	fyne.DoAndWait(func() { shown = texts(p.report) })
	want := fmt.Sprintf("%.0f", *stored)
	if !contains(shown, want) || !contains(shown, fb.Summary.KO) {
		t.Errorf("the screen shows %q; stored overall %s, summary %q", shown, want, fb.Summary.KO)
	}
	pauseAt := float64(len(au.Samples)/2-3*au.SampleRate/2) / float64(au.SampleRate)
	found := false
	for _, f := range fb.Findings {
		if f.Code == "long_pause" && math.Abs(f.At.Seconds()-pauseAt) < 1.5 {
			found = contains(shown, f.Message.KO)
		}
	}
	if !found {
		t.Errorf("the planted pause (near %.1f s) is not on the screen; findings %+v", pauseAt, fb.Findings)
	}
	if rep.Result.Report.Face == nil || rep.Result.Report.Face.PresentRatio < 0.8 {
		t.Errorf("face %+v", rep.Result.Report.Face)
	}
	// ▶ on a finding replays the answer: the recorded video frames come
	// back in the camera panel in step with the audio.
	if os.Getenv("NEVERMIND_PULSE") == "1" {
		fyne.DoAndWait(func() { p.preview.Image = nil; p.replay.play(rep.Attempt, 0.5) })
		eventually(t, "a replayed frame", func() bool { return p.preview.Image != nil && p.preview.Image.Bounds().Dx() == 640 })
		fyne.DoAndWait(p.replay.stop)
	}
	// Enter moves to the next question.
	before := p.ctl.State().Index
	fyne.DoAndWait(func() { p.key(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if p.ctl.State().Index != before+1 {
		t.Errorf("Enter did not move on (%d → %d)", before, p.ctl.State().Index)
	}
}

// BenchmarkStartup builds the main window as the app opens it (Home with
// its plan, today's progress, records and trends; the other tabs wait
// until shown) over databases of 1,000, 10,000 and 100,000 analysed
// answers: the work between launch and an interactive home screen.
func BenchmarkStartup(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			a := newTestApp(b)
			ctx := context.Background()
			st, err := store.Open(ctx, filepath.Join(b.TempDir(), "nevermind.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			es := make([]store.BankEntry, 200)
			for i := range es {
				es[i] = store.BankEntry{Key: fmt.Sprintf("k%d", i), PracticeType: store.PracticeTypes[i%3], Category: "intro", Language: store.Korean, Text: fmt.Sprintf("질문 %d", i)}
			}
			st.SeedBank(ctx, es)
			if err := st.SynthesizeHistory(ctx, n, 365, fixedNow(), 1); err != nil {
				b.Fatal(err)
			}
			st.AddInterview(ctx, store.Interview{Company: "한빛페이", Date: "2026-12-03"})
			st.SetFirstRunDone(ctx)
			svc := &practice.Service{Dir: appdata.Dir{Root: b.TempDir()}, Store: st}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Lang: i18n.KO, Now: fixedNow, Watch: -1})
				m.Window().Close()
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/window")
		})
	}
}

func TestSettingsScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, svc := appFixture(t)
	w := test.NewWindow(nil)
	defer w.Close()
	s := newSettingsScreen(i18n.KO, svc, func() fyne.Window { return w }, func() {})
	if len(s.models.Objects) != 8 {
		t.Errorf("%d speech models listed", len(s.models.Objects))
	}
	// An unreachable Ollama says so in Korean, and the address is saved.
	s.host.SetText("127.0.0.1:1")
	s.testLLM()
	eventually(t, "the connection test", func() bool { return strings.Contains(s.llmStatus.Text, "연결하지 못했어요") })
	if !strings.Contains(s.llmStatus.Text, "Ollama가 실행 중인지") || strings.Count(s.llmStatus.Text, "연결하지 못했어요") != 1 {
		t.Errorf("status %q", s.llmStatus.Text)
	}
	if set, _ := st.Settings(context.Background()); set.OllamaHost != "127.0.0.1:1" {
		t.Errorf("host setting %q", set.OllamaHost)
	}
	// Delete all data: records and user questions go, the bank stays.
	st.AddQuestion(context.Background(), store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "내 질문"})
	if err := st.DeleteAllData(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivs, _ := st.Interviews(context.Background())
	mine, _ := st.Questions(context.Background(), store.QuestionFilter{Origin: store.OriginUser})
	bank, _ := st.Questions(context.Background(), store.QuestionFilter{Origin: store.OriginBank})
	if len(ivs) != 0 || len(mine) != 0 || len(bank) != 4 {
		t.Errorf("after delete: %d interviews, %d own questions, %d bank", len(ivs), len(mine), len(bank))
	}
	s.host.SetText("")
	s.llmStatus.SetText("")
	render(t, "settings_ko.png", s.content, 900, 700)
}

// TestFollowUpButton: a follow-up on the answer just given becomes the
// next question of the session, kept as a generated question.
func TestFollowUpButton(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	p2 := *svc.Pipeline()
	p2.NoTranscript = ""
	p2.Transcribe = func(context.Context, []float32) (analysis.Transcript, error) {
		return analysis.Transcript{Text: "저는 지난 학기 프로젝트에서 팀장을 맡았습니다. 제가 일정을 다시 나누고 매일 회의를 열어서 마감을 지켰습니다.", Language: "ko"}, nil
	}
	svc.SetPipeline(&p2, nil)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	p := m.practice
	fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic}) })
	n := len(p.ctl.State().Questions)
	answer(t, p, 500*time.Millisecond)
	if p.followBtn.Disabled() {
		t.Fatal("no follow-up on a transcribed answer")
	}
	fyne.DoAndWait(func() { test.Tap(p.followBtn) })
	// The screen follows the controller on the UI goroutine: wait for
	// the screen too, not only for the state.
	ready := i18n.T(i18n.KO, "practice.followup.ready")
	eventually(t, "the follow-up on the screen", func() bool {
		var shown bool
		fyne.DoAndWait(func() { shown = p.status.Text == ready })
		return len(p.ctl.State().Questions) == n+1 && shown
	})
	s := p.ctl.State()
	var question, status string
	fyne.DoAndWait(func() { question, status = p.question.Text, p.status.Text })
	if s.Index != 1 || !strings.Contains(question, "?") || status != ready {
		t.Fatalf("idx %d, now %q, status %q", s.Index, question, status)
	}
	g, err := st.Generation(context.Background(), s.Questions[1].ID)
	if err != nil || g.Source != store.FromFollowUp || g.ParentQuestionID != s.Questions[0].ID {
		t.Errorf("generation %+v %v", g, err)
	}
}

// TestTimedMode: with the timer on, recording starts by itself when the
// 30 s of preparation are over, stops when the 90 s of answer are, and a
// question allows one retry.
func TestTimedMode(t *testing.T) {
	newTestApp(t)
	_, svc := appFixture(t)
	var mu sync.Mutex
	clockNow := fixedNow()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clockNow }
	advance := func(d time.Duration) { mu.Lock(); clockNow = clockNow.Add(d); mu.Unlock() }
	p := newPracticeScreen(i18n.KO, svc, toneDevices(0.2, 180), nil, now, func() fyne.Window { return nil })
	defer fyne.DoAndWait(p.close)
	reports := make(chan *practice.AttemptReport, 1)
	p.onReport = func(r *practice.AttemptReport) { reports <- r }
	fyne.DoAndWait(func() {
		p.timed.SetChecked(true)
		p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic})
	})
	time.Sleep(300 * time.Millisecond)
	var timer string
	fyne.DoAndWait(func() { timer = p.timer.Text })
	if p.ctl.State().Phase != practice.PhaseReady || !strings.Contains(timer, "준비") {
		t.Fatalf("recording before the preparation time: %q", timer)
	}
	advance(31 * time.Second)
	eventually(t, "recording after 30 s of preparation", func() bool { return p.ctl.State().Phase == practice.PhaseRecording })
	time.Sleep(1500 * time.Millisecond) // some real audio
	advance(91 * time.Second)
	select {
	case <-reports:
	case <-time.After(30 * time.Second):
		t.Fatal("the answer limit did not stop the recording")
	}
	fyne.DoAndWait(func() { test.Tap(p.retryBtn) })
	if p.ctl.State().Retries != 1 || p.retryBtn.Disabled() == false && p.ctl.State().Phase != practice.PhaseReady {
		t.Fatalf("retry: %+v", p.ctl.State())
	}
}

// TestRenderReport: the feedback report of a real analysis (speech with a
// planted pause), with its voice plot and transcript.
func TestRenderReport(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	_, svc := appFixture(t)
	au := speech(t)
	wav := filepath.Join(t.TempDir(), "a.wav")
	if err := media.WriteWAVFile(wav, au, 16); err != nil {
		t.Fatal(err)
	}
	p := *svc.Pipeline()
	p.Vision = nil
	res, err := p.Files(context.Background(), wav, "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Report.Tracks == nil {
		t.Fatal("no tracks for the plot")
	}
	rep := &practice.AttemptReport{Result: res}
	view := newReportView(i18n.KO, rep)
	shown := texts(view)
	if !contains(shown, "목소리 흐름") || !contains(shown, res.Feedback.Summary.KO) {
		t.Errorf("report shows %q", shown)
	}
	render(t, "report_ko.png", container.NewVScroll(view), 900, 1100)
}

// TestDeviceCheck: the check shows the level and the camera, keeps no
// file, and says what it found.
func TestDeviceCheck(t *testing.T) {
	newTestApp(t)
	_, svc := appFixture(t)
	p := newPracticeScreen(i18n.KO, svc, toneDevices(0.3, 200), nil, fixedNow, func() fyne.Window { return nil })
	defer fyne.DoAndWait(p.close)
	p.checkFor = 800 * time.Millisecond
	fyne.DoAndWait(p.deviceCheck)
	// The check is over when its result replaces the "speak for 8 s"
	// line (the test driver runs fyne.Do on the caller's goroutine, so
	// "checking" can read nil a moment before the result is written).
	var status string
	eventually(t, "the check", func() bool {
		done := false
		fyne.DoAndWait(func() { done, status = p.checking == nil, p.status.Text })
		return done && status != i18n.T(i18n.KO, "practice.checking")
	})
	if !strings.Contains(status, "카메라가 없어서") {
		t.Errorf("status %q", status)
	}
	if n, _ := svc.Store.AttemptsSince(context.Background(), time.Time{}); n != 0 {
		t.Error("the device check stored an attempt")
	}
}

func TestRenderRecordsScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, svc := appFixture(t)
	ctx := context.Background()
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "성능 문제를 해결한 경험은?"})
	_, sqs, _ := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	for i, sc := range []float64{52, 61, 58, 70, 76} {
		aid, _ := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: fixedNow().AddDate(0, 0, i-5), Status: store.AttemptAnalyzed})
		v := sc
		st.SaveFeedback(ctx, store.Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
			Metrics: map[string]float64{"face.frontal_ratio": sc / 100, "voice.long_pauses": float64(5 - i)}, Scores: []store.Score{{Dimension: "overall", Score: &v}}})
	}
	w := test.NewWindow(nil)
	defer w.Close()
	s := newRecordsScreen(i18n.KO, svc, fixedNow, func() fyne.Window { return w })
	shown := texts(s.content)
	if !contains(shown, "76") || !contains(shown, "지난 4번") || !contains(shown, "연습한 날 5일") {
		t.Errorf("records show %q", shown)
	}
	render(t, "records_ko.png", s.content, 900, 600)
}

func TestRenderPracticeScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	_, svc := appFixture(t)
	p := newPracticeScreen(i18n.KO, svc, nil, nil, fixedNow, func() fyne.Window { return nil })
	fyne.DoAndWait(func() { p.close() }) // no ticking clock in a golden image
	var checked bool
	var status string
	fyne.DoAndWait(func() { p.typeSel.SetSelectedIndex(1); p.start(practice.Spec{Kind: practice.KindMock}) })
	fyne.DoAndWait(func() { checked, status = p.timed.Checked, p.status.Text; p.showClock() })
	s := p.ctl.State()
	if len(s.Questions) != 3 || !s.Timed || !checked { // the test bank holds 2 basic and 1 job question in Korean
		t.Fatalf("mock interview: %d questions, timed %v (%s)", len(s.Questions), s.Timed, status)
	}
	render(t, "practice_ko.png", p.content, 1000, 560)
}

// TestCancelAnalysis: Esc during a slow analysis cancels it and keeps the
// recording for later.
func TestCancelAnalysis(t *testing.T) {
	newTestApp(t)
	st, svc := appFixture(t)
	slow := *svc.Pipeline()
	slow.Transcribe = func(ctx context.Context, _ []float32) (analysis.Transcript, error) {
		<-ctx.Done() // a recogniser that takes forever
		return analysis.Transcript{}, ctx.Err()
	}
	svc.SetPipeline(&slow, nil)
	p := newPracticeScreen(i18n.KO, svc, toneDevices(0.2, 180), nil, fixedNow, func() fyne.Window { return nil })
	defer fyne.DoAndWait(p.close)
	fyne.DoAndWait(func() {
		p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic})
		p.key(&fyne.KeyEvent{Name: fyne.KeySpace})
	})
	time.Sleep(time.Second)
	fyne.DoAndWait(func() { p.key(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	eventually(t, "the analysis", func() bool { return p.ctl.State().Phase == practice.PhaseAnalyzing && !p.cancelBtn.Hidden })
	fyne.DoAndWait(func() { p.key(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	// The screen follows the controller on the UI goroutine: wait for both.
	eventually(t, "the cancel on the screen", func() bool {
		var status string
		fyne.DoAndWait(func() { status = p.status.Text })
		return p.ctl.State().Phase == practice.PhaseDone && strings.Contains(status, "취소")
	})
	rows, _, _ := st.AttemptPage(context.Background(), store.Cursor{}, 5)
	if len(rows) != 1 || rows[0].Attempt.Status != store.AttemptRecorded {
		t.Errorf("the cancelled attempt should be kept as recorded: %+v", rows)
	}
}

// TestWelcome: the first run shows the welcome; switching the language in
// it carries on in the other language; closing it is remembered.
func TestWelcome(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	m := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Lang: i18n.KO, Now: fixedNow, Watch: -1})
	defer fyne.DoAndWait(func() { m.Window().Close() })
	if m.welcomeDlg == nil {
		t.Fatal("no welcome on the first run")
	}
	// Home's loads finish on the driver's goroutine: the taps, and the
	// second window, go there too (widgets are built on one goroutine).
	first := m.welcomeDlg
	var lang i18n.Lang
	var again dialog.Dialog
	var label string
	fyne.DoAndWait(func() {
		test.Tap(m.welcomeLang)
		lang, again, label = m.lang, m.welcomeDlg, m.welcomeLang.Text
	})
	if lang != i18n.EN || again == first || label != i18n.T(i18n.EN, "ui.language") {
		t.Fatalf("after switching: lang %s, button %q", lang, label)
	}
	if set, _ := st.Settings(context.Background()); set.FirstRunDone {
		t.Error("switching the language ended the welcome")
	}
	fyne.DoAndWait(func() { m.welcomeDlg.Hide() })
	if set, _ := st.Settings(context.Background()); !set.FirstRunDone {
		t.Error("closing the welcome was not remembered")
	}
	var m2 *Main
	fyne.DoAndWait(func() {
		m2 = NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Lang: i18n.KO, Now: fixedNow, Watch: -1})
	})
	defer fyne.DoAndWait(func() { m2.Window().Close() })
	if m2.welcomeDlg != nil {
		t.Error("the welcome came back")
	}
}

// findButton finds the visible button labelled text under o.
func findButton(o fyne.CanvasObject, text string) *routedButton {
	var found *routedButton
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		switch w := o.(type) {
		case *routedButton:
			if w.Text == text {
				found = w
			}
		case *widget.Card:
			walk(w.Content)
		case *container.Scroll:
			walk(w.Content)
		case *widget.Accordion:
			for _, it := range w.Items {
				if it.Open {
					walk(it.Detail)
				}
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

// TestReportWithoutTranscriptOffersAModel: an answer analysed without a
// speech model says what a transcript would add, why 꼬리질문 is greyed
// out, and offers the model; the button opens Settings.
func TestReportWithoutTranscriptOffersAModel(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	fyne.DoAndWait(func() { test.Tap(m.home.start) })
	eventually(t, "today's routine", func() bool { return m.practice.ctl.State().Phase == practice.PhaseReady })
	answer(t, m.practice, time.Second)
	var status string
	var get *routedButton
	fyne.DoAndWait(func() {
		status = m.practice.status.Text
		get = findButton(m.practice.report, i18n.T(i18n.KO, "report.getmodel"))
	})
	if !strings.Contains(status, i18n.T(i18n.KO, "practice.followup.needs")) {
		t.Errorf("the status does not say why 꼬리질문 is off: %q", status)
	}
	if get == nil {
		t.Fatal("no 'get a speech model' button in a report without a transcript")
	}
	if !contains(texts(m.practice.report), i18n.T(i18n.KO, "report.transcript.adds")) {
		t.Error("the report does not say what a transcript adds")
	}
	fyne.DoAndWait(func() { test.Tap(get) })
	if m.tabs.Selected().Text != i18n.T(i18n.KO, "tab.settings") {
		t.Fatalf("the button opened %q", m.tabs.Selected().Text)
	}
}

// TestReportReplay: ▶ on the report replays the answer and turns into ■,
// the plot's playhead moves with the sound and the transcript marks the
// word being heard, ■ stops it, and a tap on the plot replays from that
// moment.
func TestReportReplay(t *testing.T) {
	if os.Getenv("NEVERMIND_PULSE") != "1" {
		testenv.Skip(t, "no sound server to play to: make test runs this under scripts/with-pulse.sh")
	}
	a := newTestApp(t)
	st, svc := appFixture(t)
	// A recogniser that hears a word every half second.
	p2 := *svc.Pipeline()
	p2.NoTranscript = ""
	p2.Transcribe = func(context.Context, []float32) (analysis.Transcript, error) {
		x := analysis.Transcript{Text: "하나 둘 셋 넷 다섯 여섯 일곱 여덟", Language: "ko"}
		for i, w := range strings.Fields(x.Text) {
			x.Words = append(x.Words, analysis.TimedText{Start: 0.5 * float64(i), End: 0.5*float64(i) + 0.4, Text: w})
		}
		return x, nil
	}
	svc.SetPipeline(&p2, nil)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	fyne.DoAndWait(func() { test.Tap(m.home.start) })
	eventually(t, "today's routine", func() bool { return m.practice.ctl.State().Phase == practice.PhaseReady })
	rep := answer(t, m.practice, 3*time.Second)
	// A finding two seconds in (a tone has nothing to find but its pace).
	res := *rep.Result
	res.Feedback.Findings = append(append([]feedback.Finding(nil), res.Feedback.Findings...), feedback.Finding{Kind: "long_pause", Dimension: "fluency",
		Start: 2.0, End: 2.5, Severity: feedback.Minor, Message: i18n.Text{KO: "2초에 멈췄어요.", EN: "A pause at 2 s."}, Suggestion: i18n.Text{KO: "이어서 말해 보세요.", EN: "Keep going."}})
	rep = &practice.AttemptReport{Attempt: rep.Attempt, Result: &res}
	var said atomic.Value // the replay's last line for the user
	rp := &replayer{lang: i18n.KO, svc: svc, say: func(m string) { said.Store(m) }}
	defer fyne.DoAndWait(rp.stop)
	var rv *reportView
	fyne.DoAndWait(func() {
		rv = buildReportView(i18n.KO, rep, replayFuncs{start: func(at float64) { rp.play(rep.Attempt, at) }, r: rp}, nil, nil)
	})
	w := test.NewWindow(container.NewVScroll(rv.content))
	defer w.Close()
	w.Resize(fyne.NewSize(900, 1400))
	if rv.plot == nil {
		t.Fatal("no plot in the report")
	}
	var play *routedButton
	var plays []*routedButton // every ▶: the headline's, then the findings'
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *routedButton:
			if x.Text == "" {
				plays = append(plays, x)
			}
			if play == nil && x.Text == "" {
				play = x
			}
		case *widget.Card:
			walk(x.Content)
		case *widget.Accordion:
			for _, it := range x.Items {
				walk(it.Detail)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(rv.content)
	if play == nil {
		t.Fatal("no ▶ in the report")
	}
	state := func() (icon fyne.Resource, head float64, at float64, playing bool) {
		fyne.DoAndWait(func() {
			icon, head = play.Icon, rv.plot.at
			at, playing = rp.position()
		})
		return
	}
	fyne.DoAndWait(func() { test.Tap(play) })
	if icon, _, _, playing := state(); !playing || icon != theme.MediaStopIcon() {
		t.Fatalf("after ▶: playing %v, icon %v", playing, icon)
	}
	eventually(t, "the playhead to move", func() bool { _, head, _, _ := state(); return head > 0.3 })
	eventually(t, "the transcript to mark the word being heard", func() bool {
		marked := false
		fyne.DoAndWait(func() {
			for _, seg := range rv.transcript.Segments {
				if ts, ok := seg.(*widget.TextSegment); ok && ts.Style.ColorName == theme.ColorNamePrimary {
					marked = true
				}
			}
		})
		return marked
	})
	fyne.DoAndWait(func() { test.Tap(play) })
	if icon, head, _, playing := state(); playing || icon != theme.MediaPlayIcon() || head >= 0 {
		t.Fatalf("after ■: playing %v, icon %v, playhead %.2f", playing, icon, head)
	}
	// A tap on the plot three quarters along replays from there.
	var want float64
	fyne.DoAndWait(func() {
		want = 0.75 * rv.plot.dur
		rv.plot.Tapped(&fyne.PointEvent{Position: fyne.NewPos(0.75*rv.plot.Size().Width, 5)})
	})
	if _, _, at, playing := state(); !playing || math.Abs(at-want) > 0.5 {
		t.Fatalf("a tap on the plot at %.1f s: playing %v from %.2f s", want, playing, at)
	}
	// Each finding's ▶ replays from that finding's moment, with a second
	// of lead-in to hear what came before.
	var starts []float64
	for _, f := range rep.Result.Feedback.Findings {
		starts = append(starts, f.Start)
	}
	if len(plays) < 3 {
		t.Fatalf("%d ▶ in the report; want the headline's and the findings'", len(plays))
	}
	later := 0
	// The first finding's and the last one's (they are in time order).
	for i, b := range []*routedButton{plays[1], plays[len(plays)-1]} {
		fyne.DoAndWait(rp.stop)
		fyne.DoAndWait(func() { test.Tap(b) })
		_, _, at, playing := state()
		near := false
		for _, s := range starts {
			near = near || math.Abs(at-math.Max(0, s-1)) < 0.3
		}
		if !playing || !near {
			t.Errorf("finding ▶ %d: playing %v from %.2f s, not at a finding (%v)", i+1, playing, at, starts)
		}
		if at > 0.5 {
			later++
		}
	}
	if later == 0 {
		t.Errorf("%d ▶ in the report, %d replaying from past the start (findings at %v)", len(plays), later, starts)
	}
	// Played to the end, the replay no longer says it is replaying.
	if m, _ := said.Load().(string); !strings.Contains(m, "재생") {
		t.Errorf("while replaying, the status says %q", m)
	}
	eventually(t, "the replay to end and say so", func() bool {
		_, _, _, playing := state()
		m, _ := said.Load().(string)
		return !playing && m == ""
	})
}

// TestReportWhileTranscribing: after stop the delivery feedback shows at
// once, saying the transcript is on its way (not offering a speech model),
// and the full report with the transcript replaces it.
func TestReportWhileTranscribing(t *testing.T) {
	a := newTestApp(t)
	st, svc := appFixture(t)
	release := make(chan struct{})
	p2 := *svc.Pipeline()
	p2.NoTranscript = ""
	p2.TranscribePart = func(ctx context.Context, x []float32, part pipeline.Part) (analysis.Transcript, error) {
		<-release
		w := analysis.TimedText{Start: 0.1, End: 0.5, Text: "안녕하세요"}
		return analysis.Transcript{Text: w.Text, Language: "ko", Words: []analysis.TimedText{w}}, nil
	}
	svc.SetPipeline(&p2, nil)
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	fyne.DoAndWait(func() { test.Tap(m.home.start) })
	eventually(t, "today's routine", func() bool { return m.practice.ctl.State().Phase == practice.PhaseReady })
	early := answer(t, m.practice, time.Second)
	reports := make(chan *practice.AttemptReport, 4)
	fyne.DoAndWait(func() { m.practice.onReport = func(r *practice.AttemptReport) { reports <- r } })
	if early.Result.Skipped["speech"] != pipeline.SpeechPending {
		t.Fatalf("the first report is not the early one: %v", early.Result.Skipped)
	}
	var status string
	var get *routedButton
	fyne.DoAndWait(func() {
		status = m.practice.status.Text
		get = findButton(m.practice.report, i18n.T(i18n.KO, "report.getmodel"))
	})
	if status != i18n.T(i18n.KO, "practice.transcribing") {
		t.Errorf("status while transcribing: %q", status)
	}
	if get != nil || !contains(texts(m.practice.report), i18n.T(i18n.KO, "report.transcribing")) {
		t.Errorf("the early report should say the transcript is coming, not offer a model")
	}
	close(release)
	var full *practice.AttemptReport
	select {
	case full = <-reports:
	case <-time.After(60 * time.Second):
		t.Fatal("no full report")
	}
	if full.Result.Report.Transcript == nil {
		t.Fatalf("the full report has no transcript: %v", full.Result.Skipped)
	}
	eventually(t, "the transcript shown", func() bool {
		var ok bool
		fyne.DoAndWait(func() { ok = contains(texts(m.practice.report), "안녕하세요") })
		return ok
	})
}

// TestSettingsSpeechFit: Settings shows which model fits this machine
// from the stored measurement, measures again on request (the app's
// measurement, faked here) and reopens the speech model after it, and
// saves the model the user chooses.
func TestSettingsSpeechFit(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, svc := appFixture(t)
	ctx := context.Background()
	f := models.NewFit(1350*time.Millisecond, 5500*time.Microsecond, 2, time.Now())
	b, _ := json.Marshal(f)
	if err := st.SetSpeechFit(ctx, string(b)); err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	defer w.Close()
	var changed atomic.Int32
	slow := models.NewFit(4*1350*time.Millisecond, 4*5500*time.Microsecond, 1, time.Now())
	s := newSettingsScreen(i18n.KO, svc, func() fyne.Window { return w }, func() {}).
		withSpeech(func() { changed.Add(1) }, func(context.Context) (models.Fit, error) { return slow, nil })
	if txt := s.fitLabel.Text; !strings.Contains(txt, "한국어 base") || !strings.Contains(txt, "영어 base.en") {
		t.Errorf("the stored measurement: %q", txt)
	}
	fyne.DoAndWait(func() { test.Tap(s.measureBtn) })
	eventually(t, "the new measurement", func() bool {
		var txt string
		fyne.DoAndWait(func() { txt = s.fitLabel.Text })
		return strings.Contains(txt, "한국어 tiny") && changed.Load() == 1
	})
	fyne.DoAndWait(func() { s.chooseSpeech(0) })
	set, _ := st.Settings(ctx)
	if set.SpeechModel != "" || changed.Load() != 2 || !strings.Contains(s.modelStatus.Text, "이 컴퓨터에 맞는 모델") {
		t.Errorf("choosing automatic: setting %q, reopened %d times, status %q", set.SpeechModel, changed.Load(), s.modelStatus.Text)
	}
}

// TestSettingsInterview: the mock interview card lists the voices found
// for each language, says a sample with the chosen one (들어보기), and
// keeps the voice, the speed, the questions and the silence as chosen.
func TestSettingsInterview(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, svc := appFixture(t)
	ctx := context.Background()
	w := test.NewWindow(nil)
	defer w.Close()
	voices := map[string][]tts.Voice{
		"ko": {{ID: "ko", Name: "Korean", Lang: "ko", Backend: "espeak-ng"}, {ID: "Yuna", Name: "Yuna", Lang: "ko", Backend: "say"}},
		"en": {},
	}
	var said atomic.Value
	var s *settingsScreen
	fyne.DoAndWait(func() { // built where the voices arrive: the UI's goroutine
		s = newSettingsScreen(i18n.KO, svc, func() fyne.Window { return w }, func() {}).withInterview(
			func(context.Context) (map[string][]tts.Voice, error) { return voices, nil },
			func(_ context.Context, text string, lang store.Language, voice string) error {
				said.Store(string(lang) + "|" + voice + "|" + text)
				return nil
			})
	})
	ko := s.iv.voice[store.Korean].(*widget.Select)
	en := s.iv.voice[store.English].(*widget.Select)
	eventually(t, "the voices", func() bool {
		var n int
		fyne.DoAndWait(func() { n = len(ko.Options) })
		return n == 2
	})
	fyne.DoAndWait(func() {
		if !en.Disabled() || en.PlaceHolder != "목소리 없음 (질문을 글로 보여 드려요)" {
			t.Errorf("English without a voice: disabled %v, %q", en.Disabled(), en.PlaceHolder)
		}
		ko.SetSelectedIndex(1)
		s.iv.rate.SetSelectedIndex(3)
		s.iv.n.SetSelectedIndex(4)    // 7 questions
		s.iv.wait.SetSelectedIndex(2) // 4 s
		test.Tap(s.iv.listen[store.Korean].(*widget.Button))
	})
	eventually(t, "the sample", func() bool {
		v, _ := said.Load().(string)
		return strings.HasPrefix(v, "ko|say:Yuna|안녕하세요")
	})
	set, err := st.Settings(ctx)
	if err != nil || set.VoiceKO != "say:Yuna" || set.VoiceRate != 1.1 || set.InterviewQuestions != 7 || set.EndSilence != 4*time.Second {
		t.Fatalf("settings %+v, %v", set, err)
	}
}

// TestInterviewOnThePracticeScreen: a mock interview started on the
// practice screen runs by itself (the interviewer here returns at once;
// the microphone gives 4 s of speech and then silence): the drill's
// buttons are gone, the status says the interviewer waits or listens, no
// report shows until the end, and then the review lists every answer.
func TestInterviewOnThePracticeScreen(t *testing.T) {
	newTestApp(t)
	st, svc := appFixture(t)
	if _, err := bank.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	mic := func() (capture.AudioSource, capture.VideoSource, error) {
		s := capturetest.SpeechBetween(time.Second, 5*time.Second)
		s.Fast = true
		return s, nil, nil
	}
	p := newPracticeScreen(i18n.KO, svc, mic, nil, time.Now, func() fyne.Window { return nil })
	defer fyne.DoAndWait(p.close)
	var lines []string
	var mu sync.Mutex
	p.interviewer = func(ctx context.Context, text string, lang store.Language) error {
		mu.Lock()
		lines = append(lines, text)
		mu.Unlock()
		return nil
	}
	p.interviewSettings = func(context.Context) (int, time.Duration) { return 3, 3 * time.Second }
	var seen sync.Map
	p.onState = func(st practice.State) {
		seen.Store(p.status.Text, true)
		if st.Phase == practice.PhaseRecording && p.nextBtn.Visible() {
			seen.Store("DRILL BUTTONS SHOWN", true)
		}
	}
	fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindInterview}) })
	eventually(t, "the review", func() bool {
		var shown []string
		fyne.DoAndWait(func() { shown = texts(p.report) })
		return contains(shown, "면접 돌아보기")
	})
	var shown []string
	fyne.DoAndWait(func() { shown = texts(p.report) })
	if !contains(shown, "1. 1분 자기소개를 해 주세요.") || !contains(shown, "마지막으로 하고 싶은 말씀이 있으면 해 주세요.") || !contains(shown, "고칠 점:") {
		t.Errorf("the review shows %q", shown)
	}
	if _, bad := seen.Load("DRILL BUTTONS SHOWN"); bad {
		t.Error("the drill's buttons show during the interview")
	}
	if _, ok := seen.Load(i18n.T(i18n.KO, "practice.iv.waiting")); !ok {
		t.Error("the status never said the interviewer waits")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) < 5 || !strings.HasPrefix(lines[0], "안녕하세요") {
		t.Errorf("the interviewer said %q", lines)
	}
}

// TestRecordsReviewAMockInterview: a mock interview is listed in Records
// with how much was answered; it opens its review, whose weakest question
// goes into tomorrow's routine with one button, and whose answers replay
// from their question, asked aloud.
func TestRecordsReviewAMockInterview(t *testing.T) {
	newTestApp(t)
	ctx := context.Background()
	st, svc := appFixture(t)
	if _, err := bank.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	sess, sqs, qs, err := svc.StartInterview(ctx, store.Korean, 3, 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range []time.Duration{40 * time.Second, 6 * time.Second, 10 * time.Second} { // the closing stays unanswered
		if _, err := svc.ImportAnswer(ctx, sqs[i], speechWAV(t, d), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	// A drill session is not a mock interview.
	if _, _, err := svc.StartSession(ctx, store.TypeBasic, store.Korean, 1); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	r := newRecordsScreen(i18n.KO, svc, func() time.Time { return now }, func() fyne.Window { return nil })
	asked := make(chan string, 4)
	r.replay.ask = func(ctx context.Context, text string, lang store.Language) error {
		asked <- text
		return practice.ErrNoVoice
	}
	var shown []string
	fyne.DoAndWait(func() { shown = texts(r.mocks) })
	if len(r.mocks.Objects) != 1 || !contains(shown, "질문 4개 중 3개 답변") {
		t.Fatalf("the mock interviews list %q", shown)
	}
	fyne.DoAndWait(func() { test.Tap(findButton(r.mocks, i18n.T(i18n.KO, "records.open"))) })
	eventually(t, "the review", func() bool {
		fyne.DoAndWait(func() { shown = texts(r.detail) })
		return contains(shown, "면접 돌아보기")
	})
	if !contains(shown, qs[0].Text) || !contains(shown, "답하지 않았어요.") || !contains(shown, "가장 아쉬운 답변") {
		t.Errorf("the review shows %q", shown)
	}
	rev, err := svc.Review(ctx, sess.ID, i18n.KO)
	if err != nil || rev.Again == 0 {
		t.Fatalf("no question to practise again: %+v, %v", rev, err)
	}
	var tomorrow *routedButton
	fyne.DoAndWait(func() {
		tomorrow = findButton(r.detail, i18n.T(i18n.KO, "review.tomorrow"))
		test.Tap(tomorrow)
	})
	if tomorrow.Text != i18n.T(i18n.KO, "review.tomorrow.done") || !tomorrow.Disabled() {
		t.Errorf("after adding, the button says %q", tomorrow.Text)
	}
	// Not today's routine (the interview in the fixture has passed), but
	// tomorrow's.
	if p, _ := practice.Plan(ctx, st, now, store.Korean); len(p.Days) != 0 {
		t.Errorf("today: %+v", p.Days)
	}
	p, err := practice.Plan(ctx, st, now.AddDate(0, 0, 1), store.Korean)
	if err != nil || len(p.Days) != 1 || p.Days[0].Tasks[0].Kind != "again" || p.Days[0].Tasks[0].QuestionIDs[0] != rev.Again {
		t.Fatalf("tomorrow's routine: %+v, %v", p.Days, err)
	}
	// ▶ from the question: the interviewer asks it again, then the answer
	// plays (here with no voice, the question is shown).
	fyne.DoAndWait(func() { test.Tap(findButton(r.detail, i18n.T(i18n.KO, "review.asked"))) })
	select {
	case q := <-asked:
		if q != qs[0].Text {
			t.Errorf("asked %q, want %q", q, qs[0].Text)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the question was not asked again")
	}
	eventually(t, "the question shown", func() bool {
		var s string
		fyne.DoAndWait(func() { s = r.status.Text })
		return strings.Contains(s, qs[0].Text) && strings.Contains(s, i18n.T(i18n.KO, "practice.iv.novoice"))
	})
	fyne.DoAndWait(r.close)
}

// TestTheReportHasTheRoom: right after an answer, in the app's window at
// 1024×640 and 1280×800 with no camera, the report gets most of the
// window: the whole width (no empty camera pane) and at least half the
// height (the tip, the timed-mode box and the level meter fold away).
func TestTheReportHasTheRoom(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 640}, {Width: 1280, Height: 800}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			a := newTestApp(t)
			useKoreanTheme(t, a)
			st, svc := appFixture(t)
			m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
			fyne.DoAndWait(func() { m.Window().Resize(size); test.Tap(m.home.start) })
			eventually(t, "today's routine", func() bool { return m.practice.ctl.State().Phase == practice.PhaseReady })
			p := m.practice
			answer(t, p, time.Second)
			var report, camera fyne.Size
			var reading bool
			fyne.DoAndWait(func() {
				m.Window().Content().Refresh()
				report = p.scroll.Size()
				camera = p.camPane.Size()
				reading = !p.level.Visible() && !p.timed.Visible()
			})
			t.Logf("report %.0f×%.0f in a %.0f×%.0f window; camera pane shown %v", report.Width, report.Height, size.Width, size.Height, p.camPane.Visible())
			if report.Height < 0.5*size.Height || report.Width < 0.9*size.Width {
				t.Errorf("the report has %.0f×%.0f of %.0f×%.0f", report.Width, report.Height, size.Width, size.Height)
			}
			if p.camPane.Visible() || !reading {
				t.Errorf("no camera, yet a camera pane of %.0f×%.0f; the meter and timed box folded: %v", camera.Width, camera.Height, reading)
			}
			// The next question brings the meter and the box back.
			fyne.DoAndWait(func() { p.key(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
			eventually(t, "the next question", func() bool { return p.level.Visible() && p.timed.Visible() })
		})
	}
}

// speechWAV writes d of speech-like sound (then half a second of quiet)
// to a WAV file.
func speechWAV(t *testing.T, d time.Duration) string {
	t.Helper()
	src := capturetest.SpeechLike()
	buf := make([]float32, int(d.Seconds()*16000)+8000)
	src.Gen(0, buf[:len(buf)-8000])
	path := filepath.Join(t.TempDir(), "answer.wav")
	if err := media.WriteWAVFile(path, media.Audio{SampleRate: 16000, Channels: 1, Samples: buf}, 16); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCompareAnswersInRecords: two answers to one question are grouped
// under it in Records; its button shows them side by side (every
// dimension with its change, the finding that went away, both
// transcripts and replays); and the live report's "N번 답했어요" links
// there.
func TestCompareAnswersInRecords(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	st, svc := appFixture(t)
	_, sqs, err := svc.StartSession(ctx, store.TypeBasic, store.Korean, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{6 * time.Second, 45 * time.Second} {
		if _, err := svc.ImportAnswer(ctx, sqs[0], speechWAV(t, d), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	m := newApp(t, a, st, svc, toneDevices(0.2, 180), i18n.KO)
	r := m.records
	fyne.DoAndWait(r.refresh)
	eventually(t, "the question grouped", func() bool { return len(r.byQ.Objects) == 1 })
	var shown []string
	fyne.DoAndWait(func() { shown = texts(r.byQ) })
	if !contains(shown, "2번 답함") {
		t.Errorf("the question's row: %q", shown)
	}
	fyne.DoAndWait(func() { test.Tap(findButton(r.byQ, i18n.T(i18n.KO, "records.compare"))) })
	eventually(t, "the comparison", func() bool { return r.compared != nil })
	fyne.DoAndWait(func() { shown = texts(r.detail) })
	c := r.compared
	ch := *c.Dims[0].Change
	for _, want := range []string{"두 답변 비교", "사라진 점", "종합", fmt.Sprintf("+%.0f ▲", ch), "받아쓰기"} {
		if !contains(shown, want) {
			t.Errorf("the comparison does not show %q: %q", want, shown)
		}
	}
	if ch <= 0 {
		t.Errorf("the full answer scores %.0f against the short one", ch)
	}
	var plays int
	fyne.DoAndWait(func() {
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *routedButton:
				if w.Text == i18n.T(i18n.KO, "compare.play") {
					plays++
				}
			case *widget.Card:
				walk(w.Content)
			case *container.Scroll:
				walk(w.Content)
			case *fyne.Container:
				for _, o := range w.Objects {
					walk(o)
				}
			}
		}
		walk(r.detail)
	})
	if plays != 2 {
		t.Errorf("%d replay buttons, want one per answer", plays)
	}
	// The live report of a third answer links to the comparison.
	p := m.practice
	fyne.DoAndWait(func() {
		m.tabs.SelectIndex(1)
		p.start(practice.Spec{Kind: practice.KindOne, IDs: []int64{sqs[0].QuestionID}, Lang: store.Korean})
	})
	eventually(t, "the question", func() bool { return p.ctl.State().Phase == practice.PhaseReady })
	answer(t, p, time.Second)
	var link *routedButton
	eventually(t, "the link to the comparison", func() bool {
		link = findButton(p.report, i18n.T(i18n.KO, "report.history.compare"))
		return link != nil
	})
	fyne.DoAndWait(func() { test.Tap(link) })
	if m.tabs.Selected().Text != i18n.T(i18n.KO, "tab.records") || r.openQ != sqs[0].QuestionID {
		t.Errorf("the link opened tab %q, question %d", m.tabs.Selected().Text, r.openQ)
	}
}

// TestDownloadFailsNextToItsButton: a speech model download that fails
// says so right under the models' buttons, not at the bottom of the card.
func TestDownloadFailsNextToItsButton(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	_, svc := appFixture(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	var s *settingsScreen
	var w fyne.Window
	fyne.DoAndWait(func() {
		w = test.NewWindow(nil)
		s = newSettingsScreen(i18n.KO, svc, func() fyne.Window { return w }, func() {})
		w.SetContent(s.content)
		w.Resize(fyne.NewSize(1024, 640))
		s.download(models.WhisperModels()[0].WithBaseURL(srv.URL))
	})
	defer fyne.DoAndWait(w.Close)
	eventually(t, "the download to fail", func() bool { return s.dlCancel == nil && s.dlStatus.Visible() })
	fyne.DoAndWait(func() { w.Resize(fyne.NewSize(1024, 641)) }) // lay out again, with the message shown
	fyne.DoAndWait(func() {
		d := fyne.CurrentApp().Driver()
		list := d.AbsolutePositionForObject(s.models).Y + s.models.Size().Height
		at := d.AbsolutePositionForObject(s.dlStatus).Y
		if !strings.Contains(s.dlStatus.Text, "받지 못했어요") || !strings.Contains(s.dlStatus.Text, models.WhisperModels()[0].Name) {
			t.Errorf("the failure says %q", s.dlStatus.Text)
		}
		if at < list || at-list > 80 {
			t.Errorf("the failure is %.0f px below the models' buttons", at-list)
		}
		if s.modelStatus.Visible() && strings.Contains(s.modelStatus.Text, s.dlStatus.Text) {
			t.Error("the failure is also at the bottom of the card")
		}
	})
}

// TestChooserSpeaksTheAppsLanguage: export's folder chooser and import's
// file chooser are the app's own: titled and confirmed in its words, its
// places in Korean ("홈", not Fyne's "Home" and "Computer"); the file
// chooser offers folders and archives only (no hidden or other files),
// opens a folder with a click, goes up, and picks the archive clicked.
func TestChooserSpeaksTheAppsLanguage(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	_, svc := appFixture(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	os.MkdirAll(filepath.Join(home, "Documents", "지원서"), 0o755)
	os.MkdirAll(filepath.Join(home, ".cache"), 0o755)
	for _, f := range []string{"backup.nmx", "notes.txt", ".hidden.nmx", "Documents/지원서/old.nmx"} {
		os.WriteFile(filepath.Join(home, f), []byte("x"), 0o644)
	}
	var w fyne.Window
	var s *settingsScreen
	collect := func() []string {
		var shown []string
		for _, o := range w.Canvas().Overlays().List() {
			shown = append(shown, texts(o)...)
		}
		return shown
	}
	names := func(c *chooser) []string {
		var out []string
		for _, e := range c.names {
			out = append(out, e.Name())
		}
		return out
	}
	fyne.DoAndWait(func() {
		w = test.NewWindow(nil)
		w.Resize(fyne.NewSize(1024, 640))
		s = newSettingsScreen(i18n.KO, svc, func() fyne.Window { return w }, func() {})
		w.SetContent(s.content)
		s.export()
	})
	defer fyne.DoAndWait(w.Close)
	var shown []string
	fyne.DoAndWait(func() { shown = collect() })
	all := strings.Join(shown, "|")
	for _, want := range []string{"내보낼 폴더 고르기", "이 폴더에 내보내기", "홈", "문서", "상위 폴더"} {
		if !strings.Contains(all, want) {
			t.Errorf("the export chooser does not show %q: %q", want, shown)
		}
	}
	for _, bad := range []string{"열기 폴더", "Home", "Computer"} {
		if strings.Contains(all, bad) {
			t.Errorf("the export chooser shows %q", bad)
		}
	}
	// The folder chooser exports into the folder shown.
	exported := ""
	c := s.chooser
	c.pick = func(p string) { exported = p }
	fyne.DoAndWait(func() { test.Tap(c.ok) })
	if exported != home {
		t.Errorf("exported into %q, want %q", exported, home)
	}
	// The file chooser: folders and archives only.
	fyne.DoAndWait(func() { s.importArchive() })
	c = s.chooser
	picked := ""
	c.pick = func(p string) { picked = p }
	if got := names(c); strings.Join(got, ",") != "Documents,backup.nmx" {
		t.Errorf("offered %q", got)
	}
	if !c.ok.Disabled() {
		t.Error("the import can be confirmed before a file is picked")
	}
	fyne.DoAndWait(func() { c.list.Select(0) }) // Documents
	fyne.DoAndWait(func() { c.list.Select(0) }) // 지원서
	if got := names(c); c.dir != filepath.Join(home, "Documents", "지원서") || strings.Join(got, ",") != "old.nmx" {
		t.Errorf("in %s: %q", c.dir, got)
	}
	fyne.DoAndWait(func() { c.list.Select(0); test.Tap(c.ok) })
	if picked != filepath.Join(home, "Documents", "지원서", "old.nmx") {
		t.Errorf("picked %q", picked)
	}
}

// rssKB is this process's resident memory.
func rssKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		testenv.Skip(t, "no /proc/self/status")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// TestExportAndImportGiveTheMemoryBack: exporting and importing a large
// history from Settings leaves the app about as resident as before (Go
// kept an import's memory for minutes: issue 25's 1.2 GB app).
func TestExportAndImportGiveTheMemoryBack(t *testing.T) {
	testenv.Long(t)
	if _, err := os.Stat("/proc/self/status"); err != nil {
		testenv.Skip(t, "resident memory is read from /proc")
	}
	a := newTestApp(t)
	useKoreanTheme(t, a)
	ctx := context.Background()
	st, svc := appFixture(t)
	for i := 0; i < 20000; i++ {
		if _, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean,
			Text: fmt.Sprintf("질문 %d번: 지원 동기와 입사 후 포부를 구체적으로 말씀해 주세요. %s", i, strings.Repeat("가", 200))}); err != nil {
			t.Fatal(err)
		}
	}
	var s *settingsScreen
	fyne.DoAndWait(func() { s = newSettingsScreen(i18n.KO, svc, func() fyne.Window { return nil }, func() {}) })
	// The storage card measures in the background: done before the baseline.
	eventually(t, "the storage measured", func() bool { return s.storage.summary.Text != i18n.T(i18n.KO, "storage.measuring") })
	debug.FreeOSMemory()
	before := rssKB(t)
	folder := t.TempDir()
	fyne.DoAndWait(func() { s.runExport(folder) })
	eventually(t, "the export", func() bool { return strings.Contains(s.dataStatus.Text, folder) })
	files, _ := filepath.Glob(filepath.Join(folder, "*.nmx"))
	if len(files) != 1 {
		t.Fatalf("exported %v", files)
	}
	fyne.DoAndWait(func() { s.runImport(files[0]) })
	eventually(t, "the import", func() bool { return s.dataStatus.Text != i18n.T(i18n.KO, "settings.working") })
	time.Sleep(200 * time.Millisecond) // the release runs as the job's goroutine ends
	after := rssKB(t)
	t.Logf("resident %d MB before, %d MB after an export and an import of 20,000 questions (%s)", before>>10, after>>10, s.dataStatus.Text)
	if after-before > 60<<10 {
		t.Errorf("the app kept %d MB more resident after the export and import", (after-before)>>10)
	}
}

// TestOpenDocuments: a real HWP opened as the JD fills the JD box for
// editing and saves nothing; a 배포용 HWP is refused with its reason and
// leaves the resume as it was; a DOCX dropped on the JD box goes there,
// dropped elsewhere into the resume.
func TestOpenDocuments(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, _ := appFixture(t)
	s := newProfileScreen(i18n.KO, st, nil, func(practice.Spec) {})
	w := test.NewWindow(s.content)
	defer w.Close()
	w.Resize(fyne.NewSize(900, 900))
	docs := filepath.Join("..", "document", "testdata")
	before, _ := st.Profile(context.Background())

	s.open(filepath.Join(docs, "mcst-notice.hwp"), s.jd)
	eventually(t, "the HWP read", func() bool { return strings.Contains(s.jd.Text, "문화체육관광부 공고 제2024 - 0042호") })
	if !strings.Contains(s.openStatus.Text, "mcst-notice.hwp에서") || !strings.Contains(s.openStatus.Text, "읽었어요") {
		t.Errorf("after reading: %q", s.openStatus.Text)
	}
	if after, _ := st.Profile(context.Background()); after.JDText != before.JDText {
		t.Error("opening a document saved it before the user checked it")
	}
	render(t, "profile_opened_ko.png", s.content, 900, 700)

	s.resume.SetText("내가 쓴 자기소개서")
	s.open(filepath.Join(docs, "distribution.hwp"), s.resume)
	eventually(t, "the 배포용 HWP refused", func() bool { return strings.Contains(s.openStatus.Text, "배포용") })
	if s.resume.Text != "내가 쓴 자기소개서" || !strings.Contains(s.openStatus.Text, "원본") {
		t.Errorf("a 배포용 HWP: the resume %q, the status %q", s.resume.Text, s.openStatus.Text)
	}

	docx, _ := filepath.Abs(filepath.Join(docs, "jd-public.docx"))
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.jd).AddXY(20, 20)
	s.jd.SetText("")
	s.drop(at, []fyne.URI{storage.NewFileURI(docx)}, true)
	eventually(t, "the DOCX dropped on the JD box", func() bool { return strings.Contains(s.jd.Text, "한국공공서비스공단") })
	s.drop(fyne.NewPos(5, 5), []fyne.URI{storage.NewFileURI(docx)}, true)
	eventually(t, "the DOCX dropped elsewhere", func() bool { return strings.Contains(s.resume.Text, "한국공공서비스공단") })

	c := &chooser{ext: documentExts}
	for name, want := range map[string]bool{"자기소개서.HWP": true, "a.hwpx": true, "b.docx": true, "공고.pdf": true, "c.txt": true, "d.doc": false, "e.png": false} {
		if c.offers(name) != want {
			t.Errorf("the chooser offers %s: %v", name, !want)
		}
	}
}
