package ui

import (
	"context"
	"fmt"
	"image"
	_ "image/jpeg"
	"math"
	"nevermind/internal/analysis"
	"nevermind/internal/testenv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/analysis/onnx"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/plan"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local) }

// appFixture is a data folder with the test bank, an interview and a
// practice service whose pipeline has the real voice and vision engines.
func appFixture(t *testing.T) (*store.Store, *practice.Service, PlanFunc) {
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
	svc := &practice.Service{Dir: dir, Store: st, Pipeline: p}
	mk := func(ctx context.Context, today time.Time) (plan.Plan, error) {
		ivs, _ := st.Interviews(ctx)
		var in []plan.Interview
		for _, iv := range ivs {
			d, _ := time.Parse("2006-01-02", iv.Date)
			in = append(in, plan.Interview{ID: iv.ID, Company: iv.Company, Date: d})
		}
		qs, _ := st.Questions(ctx, store.QuestionFilter{Language: store.Korean})
		pool := plan.Pool{}
		for _, q := range qs {
			pool[string(q.PracticeType)] = append(pool[string(q.PracticeType)], q.ID)
		}
		return plan.Make(today, in, pool, plan.History{}), nil
	}
	return st, svc, mk
}

func render(t *testing.T, name string, c fyne.CanvasObject, w, h float32) {
	t.Helper()
	win := test.NewWindow(c)
	defer win.Close()
	win.Resize(fyne.NewSize(w, h))
	test.AssertImageMatches(t, name, win.Canvas().Capture())
}

func TestRenderHomeScreen(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	st, _, mk := appFixture(t)
	h := newHomeScreen(i18n.KO, st, mk, fixedNow, func([]int64) {})
	if !strings.Contains(h.dday.Text, "D-7") {
		t.Errorf("countdown %q", h.dday.Text)
	}
	render(t, "home_ko.png", h.content, 900, 520)
}

func TestRenderPlanScreen(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	st, _, mk := appFixture(t)
	s := newPlanScreen(i18n.KO, st, mk, fixedNow, nil)
	// A bad date says how to write it; a good one adds the interview.
	s.date.SetText("12/24")
	s.add()
	if !strings.Contains(s.status.Text, "2026-12-03") {
		t.Errorf("bad date message %q", s.status.Text)
	}
	s.company.SetText("그린마켓")
	s.date.SetText("2026-12-10")
	s.add()
	if len(s.list.Objects) != 2 {
		t.Fatalf("%d interviews listed", len(s.list.Objects))
	}
	// Editing: the pencil fills the form, saving changes the date.
	ivs, _ := st.Interviews(context.Background())
	edit := s.list.Objects[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*widget.Button)
	test.Tap(edit)
	s.date.SetText("2026-12-04")
	s.add()
	after, _ := st.Interviews(context.Background())
	if len(after) != 2 || after[0].ID != ivs[0].ID || after[0].Date != "2026-12-04" {
		t.Errorf("after edit: %+v", after)
	}
	render(t, "plan_ko.png", s.content, 900, 520)
}

func TestRenderProfileScreen(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	st, _, _ := appFixture(t)
	s := newProfileScreen(i18n.KO, st, nil)
	s.role.SetText("백엔드 개발자")
	s.resume.SetText("대학 시절 캡스톤 프로젝트에서 백엔드 개발을 맡아 Spring Boot로 예약 서비스를 구축했습니다.\n그 결과 응답 시간을 800ms에서 120ms로 줄였습니다.")
	s.jd.SetText("모집 분야: 백엔드 개발자\n[자격 요건]\n- Spring Boot 기반 개발 경험\n- Kafka 사용 경험")
	done := make(chan struct{})
	s.generate()
	go func() {
		for s.cancel != nil || !s.keepBtn.Visible() {
			time.Sleep(20 * time.Millisecond)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("generation did not finish")
	}
	if len(s.results.Objects) == 0 || !strings.Contains(s.status.Text, "오프라인") {
		t.Fatalf("status %q, %d questions", s.status.Text, len(s.results.Objects))
	}
	// The user unticks the first question and rewords the second.
	s.picks[0].SetChecked(false)
	s.edits[1].SetText("Spring Boot로 성능 문제를 해결한 경험을 구체적으로 말씀해 주세요.")
	test.Tap(s.keepBtn)
	gen, _ := st.Questions(context.Background(), store.QuestionFilter{Origin: store.OriginGenerated})
	if len(gen) != len(s.gen.Questions)-1 {
		t.Errorf("%d kept of %d with one unticked", len(gen), len(s.gen.Questions))
	}
	edited := false
	for _, q := range gen {
		edited = edited || q.Text == "Spring Boot로 성능 문제를 해결한 경험을 구체적으로 말씀해 주세요."
	}
	if !edited {
		t.Error("the edited question was not kept as edited")
	}
	render(t, "profile_ko.png", s.content, 900, 700)
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

// TestPracticeSessionEndToEnd drives the practice screen with the
// capturetest devices (speech with a planted pause, a camera showing a
// face) through the real pipeline, and checks that what the screen shows
// is the report stored for the attempt.
func TestPracticeSessionEndToEnd(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	st, svc, mk := appFixture(t)
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
	m := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Devices: devices, Plan: mk, Lang: i18n.KO, Now: fixedNow})
	p := m.practice
	reports := make(chan *practice.AttemptReport, 1)
	p.onReport = func(r *practice.AttemptReport) { reports <- r }
	fyne.DoAndWait(func() { p.startSession("basic", nil) })
	if len(p.questions) == 0 {
		t.Fatalf("no questions: %s", p.status.Text)
	}
	// Space starts recording, as the user would press it.
	fyne.DoAndWait(func() { p.handleKey(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	if p.rec == nil {
		t.Fatalf("not recording: %s", p.status.Text)
	}
	time.Sleep(time.Duration(float64(len(au.Samples))/float64(au.SampleRate)*float64(time.Second)) + 700*time.Millisecond)
	fyne.DoAndWait(func() { p.handleKey(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	var rep *practice.AttemptReport
	select {
	case rep = <-reports:
	case <-time.After(30 * time.Second):
		t.Fatalf("no report: %s", p.status.Text)
	}
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
	shown := texts(p.report)
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
		p.preview.Image = nil
		fyne.DoAndWait(func() { p.replay(rep, 0.5) })
		ok := false
		for i := 0; i < 100 && !ok; i++ {
			time.Sleep(30 * time.Millisecond)
			fyne.DoAndWait(func() { ok = p.preview.Image != nil && p.preview.Image.Bounds().Dx() == 640 })
		}
		if !ok {
			t.Errorf("replay showed no recorded frame: %s", p.status.Text)
		}
		fyne.DoAndWait(func() { p.player.Stop() })
	}
	// Enter moves to the next question.
	before := p.idx
	fyne.DoAndWait(func() { p.handleKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if p.idx != before+1 {
		t.Errorf("Enter did not move on (%d → %d)", before, p.idx)
	}
}

func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Card:
			out = append(out, w.Title)
			if w.Content != nil {
				walk(w.Content)
			}
		case *fyne.Container:
			for _, c := range w.Objects {
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

// BenchmarkStartup1000 builds the main window (every tab, with the home
// screen's plan, records and trends) over a database of 1,000 analysed
// attempts: the work between launch and an interactive home screen.
func BenchmarkStartup1000(b *testing.B) {
	a := test.NewTempApp(b)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "nevermind.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "성능 문제를 해결한 경험을 말씀해 주세요."})
	_, sqs, _ := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	start := time.Now().AddDate(0, 0, -200)
	for i := 0; i < 1000; i++ {
		aid, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: start.Add(time.Duration(i) * 4 * time.Hour), Status: store.AttemptAnalyzed, Duration: time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		v := float64(50 + i%40)
		if err := st.SaveFeedback(ctx, store.Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
			Metrics: map[string]float64{"face.frontal_ratio": 0.8, "voice.long_pauses": 2, "speech.fillers_per_min": 3},
			Scores:  []store.Score{{Dimension: "overall", Score: &v}, {Dimension: "fluency", Score: &v}}, Summary: i18n.Text{KO: "요약", EN: "summary"}}); err != nil {
			b.Fatal(err)
		}
	}
	st.AddInterview(ctx, store.Interview{Company: "한빛페이", Date: "2026-12-03"})
	t0 := time.Now()
	_ = t0
	mk := func(ctx context.Context, today time.Time) (plan.Plan, error) {
		ivs, _ := st.Interviews(ctx)
		var in []plan.Interview
		for _, iv := range ivs {
			d, _ := time.Parse("2006-01-02", iv.Date)
			in = append(in, plan.Interview{ID: iv.ID, Company: iv.Company, Date: d})
		}
		return plan.Make(today, in, plan.Pool{"job": {qid}}, plan.History{}), nil
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := NewMain(a, Deps{Bank: st, Store: st, Plan: mk, Lang: i18n.KO, Now: fixedNow})
		m.Window().Close()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/startup")
}

func TestSettingsScreen(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	st, svc, _ := appFixture(t)
	w := test.NewWindow(nil)
	defer w.Close()
	changed := 0
	s := newSettingsScreen(i18n.KO, st, svc.Dir, func() fyne.Window { return w }, func() {}, func() { changed++ })
	if len(s.models.Objects) != 6 {
		t.Errorf("%d speech models listed", len(s.models.Objects))
	}
	// An unreachable Ollama says so, and the address is saved.
	s.host.SetText("127.0.0.1:1")
	s.testLLM()
	for i := 0; i < 100 && !strings.Contains(s.llmStatus.Text, "연결하지 못했어요"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(s.llmStatus.Text, "not reachable") {
		t.Errorf("status %q", s.llmStatus.Text)
	}
	if v, _ := st.Setting(context.Background(), "ollama.host", ""); v != "127.0.0.1:1" {
		t.Errorf("host setting %q", v)
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
	test.NewTempApp(t)
	st, svc, _ := appFixture(t)
	p := newPracticeScreen(i18n.KO, svc, nil, fixedNow)
	p.startSession("basic", nil)
	n := len(p.questions)
	rep := &practice.AttemptReport{Result: &pipeline.Result{}}
	rep.Result.Report.Transcript = &analysis.Transcript{Text: "저는 지난 학기 프로젝트에서 팀장을 맡았습니다. 제가 일정을 다시 나누고 매일 회의를 열어서 마감을 지켰습니다.", Language: "ko"}
	p.followUp(rep)
	for i := 0; i < 100 && len(p.questions) == n; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if len(p.questions) != n+1 || p.idx != 1 || !strings.Contains(p.question.Text, "?") {
		t.Fatalf("questions %d→%d, idx %d, now %q", n, len(p.questions), p.idx, p.question.Text)
	}
	g, err := st.Generation(context.Background(), p.questions[1].ID)
	if err != nil || g.Source != store.FromFollowUp || g.ParentQuestionID != p.questions[0].ID {
		t.Errorf("generation %+v %v", g, err)
	}
}

// TestTimedMode: with the timer on, recording starts by itself when the
// 30 s of preparation are over, stops when the 90 s of answer are, and a
// question allows one retry.
func TestTimedMode(t *testing.T) {
	test.NewTempApp(t)
	_, svc, _ := appFixture(t)
	var mu sync.Mutex
	clockNow := fixedNow()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clockNow }
	advance := func(d time.Duration) { mu.Lock(); clockNow = clockNow.Add(d); mu.Unlock() }
	devices := toneDevices(0.2, 180)
	p := newPracticeScreen(i18n.KO, svc, devices, now)
	reports := make(chan *practice.AttemptReport, 1)
	p.onReport = func(r *practice.AttemptReport) { reports <- r }
	fyne.DoAndWait(func() { p.timed.SetChecked(true); p.startSession("basic", nil) })
	time.Sleep(300 * time.Millisecond)
	if p.rec != nil || !strings.Contains(p.timer.Text, "준비") {
		t.Fatalf("recording before the preparation time: %q", p.timer.Text)
	}
	advance(31 * time.Second)
	for i := 0; i < 50 && p.rec == nil; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if p.rec == nil {
		t.Fatal("recording did not start after 30 s of preparation")
	}
	time.Sleep(1500 * time.Millisecond) // some real audio
	advance(91 * time.Second)
	select {
	case <-reports:
	case <-time.After(20 * time.Second):
		t.Fatal("the answer limit did not stop the recording")
	}
	fyne.DoAndWait(func() { p.retry() })
	fyne.DoAndWait(func() { p.retry() })
	if !strings.Contains(p.status.Text, "한 번만") {
		t.Errorf("second retry allowed: %q", p.status.Text)
	}
	fyne.DoAndWait(func() { p.stopTicker() })
}

// TestRenderReport: the feedback report of a real analysis (speech with a
// planted pause), with its voice plot and transcript.
func TestRenderReport(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	_, svc, _ := appFixture(t)
	au := speech(t)
	wav := filepath.Join(t.TempDir(), "a.wav")
	if err := media.WriteWAVFile(wav, au, 16); err != nil {
		t.Fatal(err)
	}
	p := *svc.Pipeline
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
	test.NewTempApp(t)
	_, svc, _ := appFixture(t)
	loud := toneDevices(0.3, 200)
	p := newPracticeScreen(i18n.KO, svc, loud, fixedNow)
	p.checkFor = 800 * time.Millisecond
	fyne.DoAndWait(p.deviceCheck)
	for i := 0; i < 100 && p.checking != nil; i++ {
		time.Sleep(30 * time.Millisecond)
	}
	if !strings.Contains(p.status.Text, "카메라가 없어서") {
		t.Errorf("status %q", p.status.Text)
	}
	recs, _ := svc.Store.AttemptRecords(context.Background(), 10)
	if len(recs) != 0 {
		t.Error("the device check stored an attempt")
	}
}

func TestRenderRecordsScreen(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	st, _, _ := appFixture(t)
	ctx := context.Background()
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "성능 문제를 해결한 경험은?"})
	_, sqs, _ := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	for i, sc := range []float64{52, 61, 58, 70, 76} {
		aid, _ := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: fixedNow().AddDate(0, 0, i-5), Status: store.AttemptAnalyzed})
		v := sc
		st.SaveFeedback(ctx, store.Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
			Metrics: map[string]float64{"face.frontal_ratio": sc / 100, "voice.long_pauses": float64(5 - i)}, Scores: []store.Score{{Dimension: "overall", Score: &v}}})
	}
	c := newRecordsScreen(i18n.KO, st, fixedNow)
	shown := texts(c.(*container.Scroll).Content)
	if !contains(shown, "76") || !contains(shown, "지난 4번") {
		t.Errorf("records show %q", shown)
	}
	render(t, "records_ko.png", c, 900, 600)
}

func TestRenderPracticeScreen(t *testing.T) {
	a := test.NewTempApp(t)
	useKoreanTheme(t, a)
	_, svc, _ := appFixture(t)
	p := newPracticeScreen(i18n.KO, svc, nil, fixedNow)
	p.typeSel.SetSelectedIndex(1)
	p.startSession("mock", nil)
	if len(p.questions) != 3 || !p.timed.Checked { // the test bank holds 2 basic and 1 job question in Korean
		t.Fatalf("mock interview: %d questions, timed %v (%s)", len(p.questions), p.timed.Checked, p.status.Text)
	}
	p.stopTicker()
	p.timer.SetText("준비 0:30 남음")
	render(t, "practice_ko.png", p.content, 1000, 560)
}

// TestCancelAnalysis: Esc during a slow analysis cancels it and keeps the
// recording for later.
func TestCancelAnalysis(t *testing.T) {
	test.NewTempApp(t)
	st, svc, _ := appFixture(t)
	slow := *svc.Pipeline
	slow.Transcribe = func(ctx context.Context, _ []float32) (analysis.Transcript, error) {
		<-ctx.Done() // a recogniser that takes forever
		return analysis.Transcript{}, ctx.Err()
	}
	svc.Pipeline = &slow
	tone := toneDevices(0.2, 180)
	p := newPracticeScreen(i18n.KO, svc, tone, fixedNow)
	fyne.DoAndWait(func() { p.startSession("basic", nil); p.toggle() })
	time.Sleep(time.Second)
	fyne.DoAndWait(func() { p.handleKey(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	time.Sleep(300 * time.Millisecond)
	fyne.DoAndWait(func() { p.handleKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	for i := 0; i < 100 && p.analysing != nil; i++ {
		time.Sleep(30 * time.Millisecond)
	}
	if !strings.Contains(p.status.Text, "취소") {
		t.Fatalf("status %q", p.status.Text)
	}
	recs, _ := st.AttemptRecords(context.Background(), 5)
	if len(recs) != 1 || recs[0].Attempt.Status != store.AttemptRecorded {
		t.Errorf("the cancelled attempt should be kept as recorded: %+v", recs)
	}
	fyne.DoAndWait(func() { p.stopTicker() })
}

// TestWelcome: the first run shows the welcome; switching the language in
// it carries on in the other language; closing it is remembered.
func TestWelcome(t *testing.T) {
	a := test.NewTempApp(t)
	st, svc, mk := appFixture(t)
	m := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Plan: mk, Lang: i18n.KO, Now: fixedNow})
	if m.welcomeDlg == nil {
		t.Fatal("no welcome on the first run")
	}
	first := m.welcomeDlg
	test.Tap(m.welcomeLang)
	if m.lang != i18n.EN || m.welcomeDlg == first || m.welcomeLang.Text != i18n.T(i18n.EN, "ui.language") {
		t.Fatalf("after switching: lang %s, button %q", m.lang, m.welcomeLang.Text)
	}
	if v, _ := st.Setting(context.Background(), "firstrun.done", ""); v != "" {
		t.Error("switching the language ended the welcome")
	}
	m.welcomeDlg.Hide()
	if v, _ := st.Setting(context.Background(), "firstrun.done", ""); v != "1" {
		t.Error("closing the welcome was not remembered")
	}
	m2 := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Plan: mk, Lang: i18n.KO, Now: fixedNow})
	if m2.welcomeDlg != nil {
		t.Error("the welcome came back")
	}
}
