package ui

import (
	"context"
	"errors"
	"fmt"
	"nevermind/internal/testenv"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/doctor"
	"nevermind/internal/engines"
	"nevermind/internal/i18n"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// allowedLatin are names that stay as they are in a Korean sentence.
var allowedLatin = regexp.MustCompile(`NEVER MIND|NEVERMIND_HOME|Ollama|STAR|English|whisper\.cpp|ONNX Runtime|ONNX|qwen2\.5:3b|ggml-\S*|Enter|Esc|MB|YYYY-MM-DD|D-\d+|\b(tiny|base|small)(\.en)?\b`)

var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// englishSentence reports whether a line of a Korean screen is an English
// sentence: no Hangul, and three or more Latin words once product names,
// paths and numbers are set aside.
func englishSentence(line string) bool {
	if i18n.HasHangul(line) {
		return false
	}
	var words int
	for _, f := range strings.Fields(allowedLatin.ReplaceAllString(line, " ")) {
		if strings.ContainsAny(f, `/\`) || strings.HasPrefix(f, "127.") {
			continue // a path or an address
		}
		if latinWord.MatchString(f) {
			words++
		}
	}
	return words >= 3
}

func TestEnglishSentenceDetector(t *testing.T) {
	for line, want := range map[string]bool{
		"fastest; rough transcripts, fine for a quick try": true,
		"no local LLM configured or reachable":             true,
		"Error":                                            false, // one word: see the button checks
		"NEVER MIND":                                       false,
		"base · 142 MB · 속도와 정확도가 균형 잡혔어요.":               false,
		"/home/u/.local/share/nevermind":                  false,
		"Ollama (127.0.0.1:11434)":                        false,
		"paste a resume/자기소개서 or a job description first": false, // Hangul: caught by the key checks instead
	} {
		if got := englishSentence(line); got != want {
			t.Errorf("%q: %v, want %v", line, got, want)
		}
	}
}

// TestKoreanScreensHaveNoEnglish walks every screen of the Korean app in
// the states a new user meets (an interview, an answer with its report,
// generated questions, the system check of this machine, an opened
// answer) and fails on any user-visible English sentence or English-only
// button. Question texts are the user's content (the bank has English
// interview questions) and are not checked.
func TestKoreanScreensHaveNoEnglish(t *testing.T) {
	testenv.Long(t)
	a := newTestApp(t)
	st, svc := appFixture(t)
	ctx := context.Background()
	st.SetFirstRunDone(ctx)
	m := NewMain(a, Deps{Bank: st, Store: st, Practice: svc, Devices: toneDevices(0.2, 180), Lang: i18n.KO, Now: fixedNow, DataDir: svc.Dir, Watch: -1,
		Doctor: func(ctx context.Context) doctor.Report {
			return doctor.Run(ctx, doctor.Options{DataRoot: svc.Dir.Root, DeviceTimeout: 2 * time.Second, OllamaHost: "127.0.0.1:1"})
		}})
	defer fyne.DoAndWait(func() { m.Window().Close() })
	fyne.DoAndWait(m.showAll)
	m.Window().Resize(fyne.NewSize(1280, 800))
	content := map[string]bool{}
	qs, _ := st.Questions(ctx, store.QuestionFilter{IncludeHidden: true})
	for _, q := range qs {
		content[q.Text] = true
		content[q.Tip] = true
	}
	check := func(where string) {
		t.Helper()
		var shown []string
		fyne.DoAndWait(func() { shown = texts(m.Window().Content()) })
		for _, o := range m.Window().Canvas().Overlays().List() {
			shown = append(shown, texts(o)...)
		}
		for _, s := range shown {
			if content[s] {
				continue
			}
			for _, line := range strings.Split(s, "\n") {
				if englishSentence(line) {
					t.Errorf("%s: English on the Korean screen: %q", where, line)
				}
				if w := strings.TrimSpace(line); w != "" && !i18n.HasHangul(w) && regexp.MustCompile(`^[A-Za-z]+$`).MatchString(w) && !allowedLatin.MatchString(w) {
					t.Errorf("%s: an English word alone on the Korean screen: %q", where, w)
				}
			}
		}
	}
	// Every tab as it opens.
	for i := range m.tabs.Items {
		fyne.DoAndWait(func() { m.tabs.SelectIndex(i) })
		if m.tabs.Items[i].Text == i18n.T(i18n.KO, "tab.doctor") {
			time.Sleep(5 * time.Second) // the checks of this machine
		}
		check(m.tabs.Items[i].Text)
	}
	// An answer and its report, then the records and the opened answer.
	p := m.practice
	fyne.DoAndWait(func() { p.start(practice.Spec{Kind: practice.KindType, Type: store.TypeBasic}) })
	check("practice, ready")
	rep := answer(t, p, time.Second)
	check("practice, report")
	eventually(t, "the records", func() bool { return len(m.records.rows) == 1 })
	fyne.DoAndWait(func() { m.tabs.SelectIndex(2); m.records.open(rep.Attempt.ID) })
	check("records, an answer")
	fyne.DoAndWait(func() { m.records.delete(rep.Attempt.ID) })
	check("records, delete dialog")
	fyne.DoAndWait(func() { m.records.asked.dialog.Hide() })
	// Questions written from a resume, offline.
	fyne.DoAndWait(func() {
		m.tabs.SelectIndex(4)
		m.profile.resume.SetText("대학 시절 캡스톤 프로젝트에서 백엔드 개발을 맡아 예약 서비스를 구축했고 응답 시간을 줄였습니다.")
		m.profile.generate()
	})
	eventually(t, "the generated questions", func() bool { return m.profile.cancel == nil && m.profile.keepBtn.Visible() })
	check("profile, generated")
	// A question of the bank, selected.
	fyne.DoAndWait(func() { m.tabs.SelectIndex(len(m.tabs.Items) - 2); m.bank.list.Select(0) })
	check("bank, selected")
}

// TestProblemsAreWordedInKorean: the errors a user can meet are said in
// Korean with the way out, never the library's English alone.
func TestProblemsAreWordedInKorean(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("%w: download model base from https://huggingface.co/x: dial tcp: lookup huggingface.co: no such host; check the network", models.ErrNetwork),
		fmt.Errorf("%w: server answered 503", models.ErrServer),
		&models.NoSpaceError{Dir: "/x", Need: 10, Free: 1},
		fmt.Errorf("resolve: %w", coach.ErrUnreachable),
		coach.ErrNoDocuments, coach.ErrNoModels, practice.ErrNoQuestions, practice.ErrNotAnalyzed,
		fmt.Errorf("open: %w", capture.ErrNoMicrophone),
		&engines.ModelError{Name: "face_landmark", State: "missing", Path: "/x"},
		&engines.WhisperError{Err: models.ErrNoWhisperModel},
		practice.ErrLoading,
		errors.New("some library's own words"),
	} {
		got := problemText(i18n.KO, err)
		if !i18n.HasHangul(got) || englishSentence(strings.SplitN(got, " (", 2)[0]) {
			t.Errorf("%v is shown as %q", err, got)
		}
		if strings.Contains(got, "make deps") || strings.Contains(got, "--") {
			t.Errorf("%v gives command-line advice in the app: %q", err, got)
		}
	}
}

// TestEnglishCounts: English counts read right in the singular and at
// zero.
func TestEnglishCounts(t *testing.T) {
	for _, c := range []struct {
		key  string
		n    int
		want string
	}{
		{"n.questions", 1, "1 question"}, {"n.questions", 3, "3 questions"},
		{"n.streak", 0, "No streak yet"}, {"n.streak", 1, "1-day streak"},
		{"n.answers", 1, "1 answer so far"}, {"n.answers", 0, "No answers yet"},
		{"n.days", 1, "1 day practised"}, {"profile.kept", 1, "1 question added to your bank."},
	} {
		if got := i18n.N(i18n.EN, c.key, c.n); got != c.want {
			t.Errorf("%s(%d) = %q, want %q", c.key, c.n, got, c.want)
		}
	}
}
