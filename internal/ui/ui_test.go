package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/doctor"
	"nevermind/internal/fonts"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
)

// testBank is a real store in a temporary folder with a few fixed questions,
// so renderings do not change when the shipped bank does.
func testBank(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "nevermind.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	_, err = s.SeedBank(ctx, []store.BankEntry{
		{Key: "b1", PracticeType: store.TypeBasic, Category: "intro", Language: store.Korean, Text: "1분 자기소개를 해 주세요.", Tip: "핵심 강점 하나와 그것을 보여 주는 경험 하나로 60초 안에 마무리하세요."},
		{Key: "b2", PracticeType: store.TypeBasic, Category: "failure", Language: store.Korean, Text: "가장 크게 실패했던 경험은 무엇인가요?", Tip: "실패의 원인을 본인 행동에서 찾고, 바꾼 점을 숫자로 보여 주세요."},
		{Key: "j1", PracticeType: store.TypeJob, Category: "software", Language: store.Korean, Text: "장애를 해결했던 경험을 말씀해 주세요.", Tip: "탐지, 원인, 조치, 재발 방지 순서로 말하세요."},
		{Key: "e1", PracticeType: store.TypeEnglish, Category: "intro", Language: store.English, Text: "Please introduce yourself.", Tip: "Lead with your main point; keep sentences short."},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func useKoreanTheme(t *testing.T, a fyne.App) {
	t.Helper()
	f, err := fonts.Find([]string{os.Getenv("NEVERMIND_BUNDLE")})
	if err != nil {
		testenv.Skipf(t, "no Korean font: %v (run `make deps`)", err)
	}
	// Renderings use the bundled font so they match on every machine.
	if b := os.Getenv("NEVERMIND_BUNDLE"); b != "" {
		f = fonts.Face{Regular: filepath.Join(b, "fonts", "NotoSansKR-Regular.ttf"), Bold: filepath.Join(b, "fonts", "NotoSansKR-Bold.ttf")}
	}
	th, err := NewTheme(f)
	if err != nil {
		t.Fatal(err)
	}
	a.Settings().SetTheme(th)
}

func TestBankScreenFiltersAndShowsTips(t *testing.T) {
	newTestApp(t)
	s := newBankScreen(i18n.KO, testBank(t), func() fyne.Window { return nil })
	if got := s.count.Text; got != "질문 4개" {
		t.Fatalf("count = %q", got)
	}
	s.typeSel.SetSelectedIndex(1) // 기본/인성
	if len(s.questions) != 2 || s.count.Text != "질문 2개" {
		t.Fatalf("basic filter: %d questions, %q", len(s.questions), s.count.Text)
	}
	s.typeSel.SetSelectedIndex(0)
	s.langSel.SetSelectedIndex(2) // 영어
	if len(s.questions) != 1 || s.questions[0].Text != "Please introduce yourself." {
		t.Fatalf("english filter: %+v", s.questions)
	}
	s.langSel.SetSelectedIndex(0)
	test.Type(s.search, "실패")
	if len(s.questions) != 1 {
		t.Fatalf("search: %d", len(s.questions))
	}
	s.list.Select(0)
	if s.detailText.Text != "가장 크게 실패했던 경험은 무엇인가요?" || !strings.Contains(s.detailTip.Text, "숫자") || s.tipCard.Hidden {
		t.Fatalf("detail = %q / %q", s.detailText.Text, s.detailTip.Text)
	}
	if !s.deleteBtn.Hidden {
		t.Fatal("built-in questions must not offer delete")
	}
	s.search.SetText("없는 질문")
	if len(s.questions) != 0 || s.detailText.Text != i18n.T(i18n.KO, "bank.empty") {
		t.Fatalf("empty result shows %q", s.detailText.Text)
	}
}

func TestBankScreenAddAndDeleteOwnQuestion(t *testing.T) {
	newTestApp(t)
	bank := testBank(t)
	s := newBankScreen(i18n.KO, bank, func() fyne.Window { return nil })
	s.typeSel.SetSelectedIndex(2) // 직무
	f, items := s.newAddForm()
	if len(items) != 4 || f.typeSel.Selected != "직무" {
		t.Fatalf("form starts on the filtered type: %q", f.typeSel.Selected)
	}
	if f.text.Validate() == nil {
		t.Fatal("an empty question validates")
	}
	test.Type(f.text, "Why this team?")
	if f.langSel.SelectedIndex() != 1 {
		t.Fatal("English text did not switch the language to English")
	}
	f.text.SetText("우리 팀에 지원한 이유는?")
	if f.langSel.SelectedIndex() != 0 {
		t.Fatal("Korean text did not switch the language to Korean")
	}
	if err := s.save(f); err != nil {
		t.Fatal(err)
	}
	if len(s.questions) != 2 || s.selected < 0 || s.questions[s.selected].Text != "우리 팀에 지원한 이유는?" {
		t.Fatalf("new question not listed and selected: %+v sel=%d", s.questions, s.selected)
	}
	if s.deleteBtn.Hidden || s.status.Text != "질문을 저장했어요." {
		t.Fatalf("own question: delete hidden=%v status=%q", s.deleteBtn.Hidden, s.status.Text)
	}
	qs, _ := bank.Questions(context.Background(), store.QuestionFilter{Origin: store.OriginUser})
	if len(qs) != 1 || qs[0].PracticeType != store.TypeJob || qs[0].Language != store.Korean {
		t.Fatalf("stored = %+v", qs)
	}
	test.Tap(s.deleteBtn)
	if len(s.questions) != 1 || s.status.Text != "질문을 삭제했어요." {
		t.Fatalf("after delete: %d questions, %q", len(s.questions), s.status.Text)
	}
}

func sampleReport() doctor.Report {
	return doctor.Report{OK: true, OS: "linux/amd64", Checks: []doctor.Check{
		{ID: "data_folder", Name: "Data folder", Core: true, Status: doctor.OK, Detail: "/home/u/.local/share/nevermind", Problem: "data.ok", Args: []string{"/home/u/.local/share/nevermind"}},
		{ID: "database", Name: "Database", Core: true, Status: doctor.OK, Detail: "schema version 1 of 1, 209 questions", Problem: "db.ok", Args: []string{"209"}},
		{ID: "onnxruntime", Name: "ONNX Runtime", Status: doctor.OK, Detail: "version 1.28.2", Problem: "onnx.ok", Args: []string{"1.28.2"}},
		{ID: "whisper", Name: "Speech recognition", Status: doctor.Warn, Detail: "no whisper model is installed", Fix: "nevermind models pull base", Problem: "whisper.nomodel"},
		{ID: "ollama", Name: "Local LLM (Ollama)", Status: doctor.Warn, Detail: "not reachable", Fix: "ollama serve", Problem: "ollama.down", Args: []string{"127.0.0.1:11434"}},
	}}
}

func TestDoctorScreenPutsProblemsFirst(t *testing.T) {
	newTestApp(t)
	s := newDoctorScreen(i18n.KO, nil)
	s.show(sampleReport())
	if !strings.Contains(s.summary.Text, "2개") {
		t.Fatalf("summary = %q", s.summary.Text)
	}
	first := s.rows.Objects[0].(*fyne.Container)
	var texts []string
	for _, o := range first.Objects {
		if box, ok := o.(*fyne.Container); ok {
			for _, l := range box.Objects {
				if lb, ok := l.(*widget.Label); ok {
					texts = append(texts, lb.Text)
				}
			}
		}
	}
	// The fix is the app's way out (a tab and a button), not a command.
	if len(texts) < 3 || texts[0] != "음성 인식 (whisper.cpp)" || !strings.Contains(texts[2], "설정 탭") || strings.Contains(texts[2], "nevermind models") {
		t.Fatalf("first row = %q", texts)
	}
}

func TestMainSwitchesLanguage(t *testing.T) {
	a := newTestApp(t)
	var saved []i18n.Lang
	m := NewMain(a, Deps{Bank: testBank(t), Lang: i18n.KO, SaveLang: func(l i18n.Lang) error { saved = append(saved, l); return nil }})
	if m.Window().Title() != i18n.T(i18n.KO, "app.title") {
		t.Fatalf("title = %q", m.Window().Title())
	}
	m.tab = 1
	m.switchLanguage()
	if m.Window().Title() != i18n.T(i18n.EN, "app.title") || len(saved) != 1 || saved[0] != i18n.EN || m.tab != 1 {
		t.Fatalf("after switch: title %q, saved %v, tab %d", m.Window().Title(), saved, m.tab)
	}
	m.switchLanguage()
	if m.lang != i18n.KO || saved[1] != i18n.KO {
		t.Fatalf("switch back: %s %v", m.lang, saved)
	}
}

func TestTranslationsComplete(t *testing.T) {
	if err := i18n.Check(); err != nil {
		t.Fatal(err)
	}
	ko, en := map[string]bool{}, map[string]bool{}
	for _, k := range i18n.Keys(i18n.KO) {
		ko[k] = true
	}
	for _, k := range i18n.Keys(i18n.EN) {
		en[k] = true
		if !ko[k] {
			t.Errorf("%s has English but no Korean", k)
		}
	}
	for k := range ko {
		if !en[k] {
			t.Errorf("%s has Korean but no English", k)
		}
	}
	for _, pt := range store.PracticeTypes {
		if i18n.T(i18n.KO, "type."+string(pt)) == "type."+string(pt) {
			t.Errorf("no name for practice type %s", pt)
		}
	}
}

// Renderings at a fixed size with the bundled Korean font: the golden images
// in testdata/ show Hangul, so a broken font setup fails here.
func TestRenderBankScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	s := newBankScreen(i18n.KO, testBank(t), func() fyne.Window { return nil })
	s.list.Select(0)
	w := test.NewWindow(s.content)
	defer w.Close()
	w.Resize(fyne.NewSize(900, 420))
	test.AssertImageMatches(t, "bank_ko.png", w.Canvas().Capture())
}

func TestRenderDoctorScreen(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	s := newDoctorScreen(i18n.KO, nil)
	s.show(sampleReport())
	w := test.NewWindow(s.content)
	defer w.Close()
	w.Resize(fyne.NewSize(700, 520))
	test.AssertImageMatches(t, "doctor_ko.png", w.Canvas().Capture())
}

// TestProblemWindowSaysWhatToDo: a database that cannot be written is
// explained in the user's language as not damaged, with the way out; a
// damaged one says to move it away.
func TestProblemWindowSaysWhatToDo(t *testing.T) {
	newTestApp(t)
	texts := func(o fyne.CanvasObject) string {
		var b strings.Builder
		var walk func(fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *widget.Label:
				b.WriteString(w.Text + "\n")
			case *widget.Button:
				b.WriteString(w.Text + "\n")
			case *fyne.Container:
				for _, c := range w.Objects {
					walk(c)
				}
			case *container.Scroll:
				walk(w.Content)
			}
		}
		walk(o)
		return b.String()
	}
	ro := fmt.Errorf("open database x: %w: operation not permitted", store.ErrReadOnly)
	got := texts(problemContent(i18n.KO, ro, func() {}))
	if !strings.Contains(got, "손상되지 않았어요") || !strings.Contains(got, "NEVERMIND_HOME") || !strings.Contains(got, "닫기") {
		t.Fatalf("read-only, in Korean:\n%s", got)
	}
	dmg := fmt.Errorf("open database x: %w", store.ErrDamaged)
	if got := texts(problemContent(i18n.EN, dmg, func() {})); !strings.Contains(got, "Move the file") {
		t.Fatalf("damaged, in English:\n%s", got)
	}
}

// TestFyneDialogsSpeakTheAppsLanguage: Fyne's own words (the file chooser,
// entry menus) follow the language chosen in the app, whatever the system
// locale, and switch with it.
func TestFyneDialogsSpeakTheAppsLanguage(t *testing.T) {
	a := newTestApp(t)
	m := NewMain(a, Deps{Bank: testBank(t), Lang: i18n.KO})
	defer m.Window().Close()
	for _, k := range []string{"Cancel", "Open", "New Folder", "Show Hidden Files"} {
		if got := lang.L(k); !i18n.HasHangul(got) {
			t.Errorf("Korean app: Fyne's %q reads %q", k, got)
		}
	}
	m.switchLanguage()
	if got := lang.L("Cancel"); got != "Cancel" {
		t.Errorf("English app: Fyne's Cancel reads %q", got)
	}
	m.switchLanguage()
	if got := lang.L("Cancel"); got != "취소" {
		t.Errorf("back in Korean: Fyne's Cancel reads %q", got)
	}
}

// TestTrendValues: the records' trends write scores whole, as every other
// screen does, ratios with two decimals, rates and counts as measured.
func TestTrendValues(t *testing.T) {
	for _, c := range []struct {
		metric string
		v      float64
		want   string
	}{
		{"score:overall", 80.6, "81"}, {"score:pace", 44, "44"}, {"face.frontal_ratio", 0.756, "0.76"},
		{"speech.fillers_per_min", 2.64, "2.6"}, {"voice.syllables_per_min", 237.4, "237"}, {"voice.long_pauses", 1, "1"},
	} {
		if got := trendValue(c.metric, c.v); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.metric, c.v, got, c.want)
		}
	}
}

// TestFitSize: the first window (1100×720) is made to fit a 1024×640 or
// 1366×768 work area with its frame, kept on a large one, and scaled.
func TestFitSize(t *testing.T) {
	want := fyne.NewSize(1100, 720)
	for _, c := range []struct {
		w, h  int
		scale float32
		got   fyne.Size
		fit   bool
	}{
		{1024, 640, 1, fyne.NewSize(1008, 592), true},
		{1366, 768, 1, fyne.NewSize(1100, 720), false},
		{1366, 740, 1, fyne.NewSize(1100, 692), true},
		{1920, 1080, 1, want, false},
		{2048, 1280, 2, fyne.NewSize(1016, 616), true},
		{0, 0, 1, want, false},
	} {
		got, fit := fitSize(want, c.w, c.h, c.scale)
		if got != c.got || fit != c.fit {
			t.Errorf("%dx%d at %.0fx: %v %v, want %v %v", c.w, c.h, c.scale, got, fit, c.got, c.fit)
		}
	}
}
