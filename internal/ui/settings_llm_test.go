package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nevermind/internal/app"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
)

// fakeOllama speaks the part of Ollama's API the LLM card uses:
// /api/version, /api/tags (the models installed; a pull that succeeds adds
// its model) and /api/pull, which streams the progress of a 4.7 GB model.
type fakeOllama struct {
	srv     *httptest.Server
	mu      sync.Mutex
	models  []string
	pulls   []string
	hold    chan struct{} // when set, a pull waits here at 2 GB until closed
	held    chan struct{} // gets a value when a pull waits
	gone    chan struct{} // gets a value when a client leaves a waiting pull
	trouble string        // at 2 GB a pull sends Ollama's error line ("error") or drops the connection ("drop")
}

const fakeWeights = 4_683_073_184 // qwen2.5:7b's weights layer

func newFakeOllama(t *testing.T, models ...string) *fakeOllama {
	f := &fakeOllama{models: models, held: make(chan struct{}, 4), gone: make(chan struct{}, 4)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/version", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"version":"0.17.4"}`)
	})
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		ms := []map[string]any{}
		for _, m := range f.models {
			ms = append(ms, map[string]any{"name": m, "model": m, "size": 1})
		}
		json.NewEncoder(w).Encode(map[string]any{"models": ms})
	})
	mux.HandleFunc("/api/pull", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Model string }
		json.NewDecoder(r.Body).Decode(&req)
		f.mu.Lock()
		f.pulls = append(f.pulls, req.Model)
		hold, trouble := f.hold, f.trouble
		f.mu.Unlock()
		send := func(format string, args ...any) {
			fmt.Fprintf(w, format+"\n", args...)
			w.(http.Flusher).Flush()
		}
		w.Header().Set("Content-Type", "application/x-ndjson")
		send(`{"status":"pulling manifest"}`)
		for _, c := range []int64{0, 1_000_000_000, 2_000_000_000, 3_500_000_000, fakeWeights} {
			send(`{"status":"pulling 2bada8a74506","digest":"sha256:2bada8a74506","total":%d,"completed":%d}`, fakeWeights, c)
			if c != 2_000_000_000 {
				continue
			}
			switch trouble {
			case "error":
				send(`{"error":"max retries exceeded: read: connection reset by peer"}`)
				return
			case "drop":
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					conn.Close() // no closing chunk: the stream is cut
				}
				return
			}
			if hold != nil {
				f.held <- struct{}{}
				select {
				case <-hold:
				case <-r.Context().Done():
					f.gone <- struct{}{}
					return
				}
			}
		}
		send(`{"status":"pulling 66b9ea09bd5b","digest":"sha256:66b9ea09bd5b","total":68,"completed":68}`)
		send(`{"status":"verifying sha256 digest"}`)
		send(`{"status":"writing manifest"}`)
		send(`{"status":"success"}`)
		f.mu.Lock()
		f.models = append(f.models, req.Model)
		f.mu.Unlock()
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// waitFor waits for a signal on ch; a missing one fails the test (after
// long enough to be a hang, not a slow machine).
func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("no sign of %s", what)
	}
}

func (f *fakeOllama) set(hold chan struct{}, trouble string) {
	f.mu.Lock()
	f.hold, f.trouble = hold, trouble
	f.mu.Unlock()
}

func (f *fakeOllama) pullCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.pulls)
}

// llmScreen opens Settings with nothing at the saved address (the check
// at opening finds Ollama down), a 16 GB machine and room on the disk.
func llmScreen(t *testing.T, lang i18n.Lang, svc *practice.Service) *settingsScreen {
	t.Helper()
	t.Setenv("OLLAMA_HOST", "127.0.0.1:1")
	t.Setenv("OLLAMA_MODELS", t.TempDir())
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	var s *settingsScreen
	fyne.DoAndWait(func() {
		s = newSettingsScreen(lang, svc, func() fyne.Window { return w }, func() {})
		s.llm.ram = func() (uint64, error) { return 16_300_000 << 10, nil } // "16 GB" as Linux reports it
		s.llm.free = func(string) (uint64, error) { return 200e9, nil }
	})
	return s
}

// renderCard renders the LLM card alone, laid out twice so that wrapped
// labels take their height at the card's width, with the fake server's
// address (a new port each run) shown as Ollama's default; and saves it
// for the documentation when NEVERMIND_DOCS_SHOTS names a folder.
func renderCard(t *testing.T, s *settingsScreen, fake *fakeOllama, name string) {
	t.Helper()
	const shown = "http://127.0.0.1:11434"
	var restore func()
	fyne.DoAndWait(func() {
		host, status, changed := s.host.Text, s.llmStatus.Text, s.host.OnChanged
		s.host.OnChanged = nil
		if fake != nil {
			s.host.SetText(strings.ReplaceAll(host, fake.srv.URL, shown))
			s.llmStatus.SetText(strings.ReplaceAll(status, fake.srv.URL, shown))
		}
		restore = func() {
			s.host.SetText(host)
			s.llmStatus.SetText(status)
			s.host.OnChanged = changed
		}
	})
	defer fyne.DoAndWait(func() { restore() })
	win := test.NewWindow(s.llm.card)
	defer win.Close()
	fyne.DoAndWait(func() {
		win.Resize(fyne.NewSize(720, 400))
		s.llm.card.Refresh()
		win.Resize(fyne.NewSize(720, s.llm.card.MinSize().Height+20))
	})
	img := win.Canvas().Capture()
	test.AssertImageMatches(t, name, img)
	if dir := os.Getenv("NEVERMIND_DOCS_SHOTS"); dir != "" && strings.Contains(name, "offer") {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSettingsLLMSetup walks the card as a new user meets it: Ollama not
// running (what a local LLM adds, how to install it), running without a
// model (a model for this machine), downloading (progress), done (the
// model saved and in use).
func TestSettingsLLMSetup(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	st, svc := appFixture(t)
	ctx := context.Background()
	f := newFakeOllama(t, "nomic-embed-text:latest")
	s := llmScreen(t, i18n.KO, svc)
	ko := func(k string) string { return i18n.T(i18n.KO, k) }

	// Down: the card says what Ollama adds and how to get it.
	eventually(t, "the check at opening", func() bool { return s.llm.help.Visible() })
	fyne.DoAndWait(func() {
		if s.llmStatus.Text != ko("settings.llm.down") || s.llm.offer.Visible() || s.llm.moreBtn.Visible() {
			t.Errorf("down: status %q, offer shown %v", s.llmStatus.Text, s.llm.offer.Visible())
		}
		shown := strings.Join(texts(s.llm.help), "\n")
		for _, want := range []string{"질문을 써 주고", "평가 기준", "ollama.com", "Windows, macOS, Linux", "ollama serve", "'연결 테스트'"} {
			if !strings.Contains(shown, want) {
				t.Errorf("the help does not say %q:\n%s", want, shown)
			}
		}
	})
	renderCard(t, s, f, "settings_llm_down_ko.png")

	// Running, no model: the model for a 16 GB machine, preselected.
	fyne.DoAndWait(func() {
		s.host.SetText(f.srv.URL)
		if s.llm.help.Visible() || s.llmStatus.Text != "" {
			t.Error("a new address still shows the old one's state")
		}
		s.testLLM()
	})
	eventually(t, "the offer", func() bool { return s.llm.offer.Visible() })
	fyne.DoAndWait(func() {
		if s.llmStatus.Text != ko("settings.llm.nomodel") || s.llm.help.Visible() {
			t.Errorf("no model: status %q", s.llmStatus.Text)
		}
		if got := s.llm.choice.Selected; got != "qwen2.5:7b · 약 4.7 GB · 추천" {
			t.Errorf("selected %q", got)
		}
		if len(s.llm.choice.Options) != 3 || !strings.Contains(s.llm.offerText.Text, "16 GB") {
			t.Errorf("options %q, offer %q", s.llm.choice.Options, s.llm.offerText.Text)
		}
	})
	if set, _ := st.Settings(ctx); set.OllamaHost != f.srv.URL {
		t.Errorf("host saved as %q", set.OllamaHost)
	}
	renderCard(t, s, f, "settings_llm_offer_ko.png")

	// Downloading: the bar and the megabytes, with a cancel button.
	hold := make(chan struct{})
	f.set(hold, "")
	fyne.DoAndWait(func() { test.Tap(s.llm.pullBtn) })
	waitFor(t, f.held, "the server holding the download")
	eventually(t, "2 GB shown", func() bool { return strings.Contains(s.llm.pullStatus.Text, "2,000 / 4,683 MB") })
	fyne.DoAndWait(func() {
		if v := s.llm.bar.Value; v < 0.42 || v > 0.43 || !s.llm.bar.Visible() {
			t.Errorf("bar at %.3f, shown %v", v, s.llm.bar.Visible())
		}
		if !s.llm.cancelBtn.Visible() || !s.llm.pullBtn.Disabled() {
			t.Error("no cancel while downloading, or download still enabled")
		}
	})
	renderCard(t, s, f, "settings_llm_pulling_ko.png")

	// Done: saved as the model to use, checked again, said in use.
	close(hold)
	want := fmt.Sprintf(ko("settings.llm.ok"), f.srv.URL, "qwen2.5:7b")
	eventually(t, "the model in use", func() bool { return s.llmStatus.Text == want })
	fyne.DoAndWait(func() {
		if s.llm.pullStatus.Text != fmt.Sprintf(ko("settings.llm.pull.done"), "qwen2.5:7b") || s.model.Text != "qwen2.5:7b" {
			t.Errorf("done: %q, model field %q", s.llm.pullStatus.Text, s.model.Text)
		}
		if s.llm.offer.Visible() || s.llm.bar.Visible() || s.llm.cancelBtn.Visible() || !s.llm.moreBtn.Visible() {
			t.Error("after the download the offer is still shown, or no way to get another model")
		}
	})
	set, _ := st.Settings(ctx)
	if set.OllamaModel != "qwen2.5:7b" || set.OllamaHost != f.srv.URL {
		t.Errorf("settings after the download: %q at %q", set.OllamaModel, set.OllamaHost)
	}
	if o, err := app.ResolveLLM(ctx, st, "", ""); err != nil || o.Model != "qwen2.5:7b" {
		t.Errorf("the app's LLM: %v %v", o, err)
	}
	renderCard(t, s, f, "settings_llm_done_ko.png")

	// Another model: the offer again, the installed one marked.
	fyne.DoAndWait(func() { test.Tap(s.llm.moreBtn) })
	fyne.DoAndWait(func() {
		if !s.llm.offer.Visible() || s.llm.choice.Selected != "qwen2.5:7b · 약 4.7 GB · 추천 · 설치됨" {
			t.Errorf("another model: offer shown %v, %q", s.llm.offer.Visible(), s.llm.choice.Selected)
		}
	})
}

// TestSettingsLLMPullTroubles: cancelled, failed mid-way (and tried
// again), refused for lack of disk space, a model Ollama lacks.
func TestSettingsLLMPullTroubles(t *testing.T) {
	useKoreanTheme(t, newTestApp(t))
	st, svc := appFixture(t)
	ctx := context.Background()
	f := newFakeOllama(t)
	s := llmScreen(t, i18n.KO, svc)
	ko := func(k string) string { return i18n.T(i18n.KO, k) }
	eventually(t, "the check at opening", func() bool { return s.llm.help.Visible() })
	fyne.DoAndWait(func() { s.host.SetText(f.srv.URL); s.testLLM() })
	eventually(t, "the offer", func() bool { return s.llm.offer.Visible() })

	// Cancelled mid-stream: the stream is closed, nothing saved.
	hold := make(chan struct{})
	defer close(hold)
	f.set(hold, "")
	fyne.DoAndWait(func() { test.Tap(s.llm.pullBtn) })
	waitFor(t, f.held, "the server holding the download")
	fyne.DoAndWait(func() { test.Tap(s.llm.cancelBtn) })
	waitFor(t, f.gone, "the server seeing the client leave")
	eventually(t, "the cancel", func() bool { return s.llm.pullStatus.Text == ko("settings.llm.pull.stopped") })
	fyne.DoAndWait(func() {
		if s.llm.pullBtn.Disabled() || s.llm.cancelBtn.Visible() || s.llm.pullBtn.Text != ko("settings.llm.pull") || !s.llm.offer.Visible() {
			t.Error("after cancelling: the download button is not back")
		}
	})
	if set, _ := st.Settings(ctx); set.OllamaModel != "" {
		t.Errorf("a cancelled download saved the model %q", set.OllamaModel)
	}

	// Ollama's error line mid-way: said in Korean with Ollama's words, and
	// a try-again button that works.
	f.set(nil, "error")
	fyne.DoAndWait(func() { test.Tap(s.llm.pullBtn) })
	eventually(t, "the failure", func() bool { return s.llm.pullBtn.Text == ko("settings.llm.retry") })
	fyne.DoAndWait(func() {
		msg := s.llm.pullStatus.Text
		if !strings.HasPrefix(msg, "Ollama가 qwen2.5:7b를 받지 못했어요. 인터넷 연결을") || !strings.HasSuffix(msg, "(Ollama의 설명: max retries exceeded: read: connection reset by peer)") {
			t.Errorf("failure: %q", msg)
		}
	})
	renderCard(t, s, f, "settings_llm_failed_ko.png")
	// The connection dropped mid-way: said so, with the same way out.
	f.set(nil, "drop")
	fyne.DoAndWait(func() { s.llm.pullStatus.SetText(""); test.Tap(s.llm.pullBtn) })
	eventually(t, "the drop", func() bool { return s.llm.pullStatus.Text != "" && s.llm.cancel == nil })
	fyne.DoAndWait(func() {
		if msg := s.llm.pullStatus.Text; msg != "qwen2.5:7b를 받지 못했어요. "+ko("settings.llm.problem.cut") || s.llm.pullBtn.Text != ko("settings.llm.retry") {
			t.Errorf("dropped: %q", msg)
		}
	})
	f.set(nil, "")
	fyne.DoAndWait(func() { test.Tap(s.llm.pullBtn) })
	eventually(t, "the second try", func() bool { return s.llm.moreBtn.Visible() })
	if set, _ := st.Settings(ctx); set.OllamaModel != "qwen2.5:7b" {
		t.Errorf("after trying again: model %q", set.OllamaModel)
	}

	// Not enough room where Ollama keeps its models: refused before any
	// request, with the numbers.
	pulls := f.pullCount()
	fyne.DoAndWait(func() {
		s.llm.free = func(string) (uint64, error) { return 1e9, nil }
		test.Tap(s.llm.moreBtn)
		s.llm.choice.SetSelectedIndex(1) // qwen2.5:3b, 1.9 GB
		test.Tap(s.llm.pullBtn)
	})
	eventually(t, "the disk check", func() bool { return strings.HasPrefix(s.llm.pullStatus.Text, "디스크 공간이 부족해요") })
	fyne.DoAndWait(func() {
		msg := s.llm.pullStatus.Text
		if !strings.Contains(msg, os.Getenv("OLLAMA_MODELS")) || !strings.Contains(msg, "3.0 GB가 비어 있어야") || !strings.Contains(msg, "1.0 GB만") {
			t.Errorf("no space: %q", msg)
		}
	})
	if n := f.pullCount(); n != pulls {
		t.Errorf("%d pull requests despite the full disk", n-pulls)
	}

	// A model named in Settings that Ollama lacks is offered as it is.
	fyne.DoAndWait(func() { s.model.SetText("exaone3.5:2.4b"); s.testLLM() })
	eventually(t, "the missing model", func() bool { return strings.Contains(s.llmStatus.Text, "exaone3.5:2.4b 모델이 없어요") })
	fyne.DoAndWait(func() {
		if !s.llm.offer.Visible() || s.llm.choice.Selected != "exaone3.5:2.4b" || len(s.llm.choice.Options) != 4 {
			t.Errorf("missing model: %q of %q", s.llm.choice.Selected, s.llm.choice.Options)
		}
	})
}

// TestSettingsLLMEnglish: the offer in English.
func TestSettingsLLMEnglish(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	_, svc := appFixture(t)
	f := newFakeOllama(t)
	s := llmScreen(t, i18n.EN, svc)
	eventually(t, "the check at opening", func() bool { return s.llm.help.Visible() })
	fyne.DoAndWait(func() { s.host.SetText(f.srv.URL); s.testLLM() })
	eventually(t, "the offer", func() bool { return s.llm.offer.Visible() })
	fyne.DoAndWait(func() {
		for _, l := range append(texts(s.llm.card), s.llm.choice.Options...) {
			if i18n.HasHangul(l) {
				t.Errorf("Korean on the English card: %q", l)
			}
		}
		if s.llm.choice.Selected != "qwen2.5:7b · about 4.7 GB · recommended" {
			t.Errorf("selected %q", s.llm.choice.Selected)
		}
	})
	renderCard(t, s, f, "settings_llm_offer_en.png")
}

// TestRecommendationWhenMemoryUnknown: a machine whose memory cannot be
// read is offered the smallest model, and told why.
func TestRecommendationWhenMemoryUnknown(t *testing.T) {
	newTestApp(t)
	_, svc := appFixture(t)
	s := llmScreen(t, i18n.KO, svc)
	fyne.DoAndWait(func() {
		s.llm.ram = func() (uint64, error) { return 0, fmt.Errorf("no /proc") }
		s.llm.rec = nil
		s.fillOffer()
		if !strings.HasPrefix(s.llm.choice.Selected, "qwen2.5:1.5b · 약 986 MB · 추천") || !strings.Contains(s.llm.offerText.Text, i18n.T(i18n.KO, "settings.llm.why.unknown")) {
			t.Errorf("%q / %q", s.llm.choice.Selected, s.llm.offerText.Text)
		}
	})
	if sizeText(986_000_000) != "986 MB" || sizeText(4_700_000_000) != "4.7 GB" || megabytes(4_683_073_184) != "4,683" || ramText(16_300_000<<10) != "16 GB" {
		t.Errorf("formats: %s %s %s", sizeText(986_000_000), megabytes(4_683_073_184), ramText(16_300_000<<10))
	}
}
