package share

import (
	"context"
	"encoding/base64"
	stdhtml "html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
)

// fixture stores one analysed answer: Korean speech from espeak-ng, a
// transcript with times (a stand-in recogniser: whisper is not what is
// tested here).
func fixture(t *testing.T) (*practice.Service, int64, string) {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	t.Setenv(appdata.EnvHome, filepath.Join(t.TempDir(), "home"))
	dir, err := appdata.Open()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	qid, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: store.Korean, Text: "팀 프로젝트에서 갈등을 해결한 경험을 말해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	said := "저는 팀 프로젝트에서 일정 관리를 맡았습니다. 갈등이 생기면 먼저 상대방의 입장을 들었습니다."
	wav := filepath.Join(t.TempDir(), "answer.wav")
	if b, err := exec.Command("espeak-ng", "-v", "ko", "-w", wav, said).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, b)
	}
	p := &pipeline.Pipeline{Lang: "ko", Transcribe: func(context.Context, []float32) (analysis.Transcript, error) {
		return analysis.Transcript{Text: said, Language: "ko", Engine: "test", Segments: []analysis.TimedText{
			{Start: 0.1, End: 3.2, Text: "저는 팀 프로젝트에서 일정 관리를 맡았습니다."},
			{Start: 3.4, End: 7.0, Text: "갈등이 생기면 먼저 상대방의 입장을 들었습니다."}}}, nil
	}}
	svc := practice.NewService(dir, st, p)
	rep, err := svc.ImportAttempt(ctx, qid, wav, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return svc, rep.Attempt.ID, said
}

func bundledFont(t *testing.T) string {
	for _, r := range appdata.BundleRoots() {
		if p := filepath.Join(r, "fonts", "NotoSansKR-Regular.ttf"); fileExists(p) {
			return p
		}
	}
	if b := os.Getenv("NEVERMIND_BUNDLE"); b != "" && fileExists(filepath.Join(b, "fonts", "NotoSansKR-Regular.ttf")) {
		return filepath.Join(b, "fonts", "NotoSansKR-Regular.ttf")
	}
	testenv.Skip(t, "fonts/NotoSansKR-Regular.ttf is not there (make deps fetches it)")
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestReportIsSelfContained: the page names no address to fetch, forbids
// every fetch, carries the transcript, the findings with their times, the
// scores, the plot, the audio, and a font that draws every Hangul syllable
// it shows and nothing else of the 6 MB it came from.
func TestReportIsSelfContained(t *testing.T) {
	svc, id, said := fixture(t)
	font := bundledFont(t)
	ctx := context.Background()
	for _, lang := range []i18n.Lang{i18n.KO, i18n.EN} {
		html, err := Build(ctx, svc, id, Options{Lang: lang, Media: MediaAudio, Font: font})
		if err != nil {
			t.Fatal(err)
		}
		s := string(html)
		if !strings.Contains(s, `http-equiv="Content-Security-Policy" content="default-src 'none';`) {
			t.Errorf("%s: no policy forbidding fetches", lang)
		}
		for _, m := range regexp.MustCompile(`(?i)(?:src|href|url)\s*[=(]\s*["']?([^"') >]+)`).FindAllStringSubmatch(s, -1) {
			if !strings.HasPrefix(m[1], "data:") {
				t.Errorf("%s: the page points at %q", lang, m[1])
			}
		}
		if regexp.MustCompile(`(?i)https?:|//[a-z0-9.-]+\.[a-z]{2,}`).MatchString(s) {
			t.Errorf("%s: the page names a web address: %q", lang, regexp.MustCompile(`(?i)https?:[^"' ]*|//[a-z0-9.-]+\.[a-z]{2,}`).FindString(s))
		}
		for _, want := range []string{"상대방의 입장을 들었습니다", "팀 프로젝트에서 갈등을", `data:audio/wav;base64,`, "<svg", i18n.T(lang, "share.findings")} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: the page lacks %q", lang, want)
			}
		}
		rep, _ := svc.StoredReport(ctx, id)
		for _, f := range rep.Result.Feedback.In(lang).Findings {
			if !strings.Contains(s, stdhtml.EscapeString(f.Message)) {
				t.Errorf("%s: the finding %q is missing", lang, f.Message)
			}
		}
		// The font: every syllable shown has an outline.
		fm := regexp.MustCompile(`data:font/ttf;base64,([A-Za-z0-9+/=]+)`).FindStringSubmatch(s)
		if fm == nil {
			t.Fatalf("%s: no font in the page", lang)
		}
		ttf, _ := base64.StdEncoding.DecodeString(fm[1])
		orig, _ := os.ReadFile(font)
		if len(ttf) > len(orig)/4 {
			t.Errorf("%s: the font is %d KB of %d KB", lang, len(ttf)>>10, len(orig)>>10)
		}
		f, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatalf("%s: the page's font does not parse: %v", lang, err)
		}
		var buf sfnt.Buffer
		for _, r := range said + rep.Result.Feedback.In(lang).Summary {
			if r < 0xAC00 || r > 0xD7A3 {
				continue
			}
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				t.Fatalf("%s: %q has no glyph", lang, r)
			}
			segs, err := f.LoadGlyph(&buf, gi, fixed.I(16), nil)
			if err != nil || len(segs) == 0 {
				t.Fatalf("%s: %q has no outline (%v)", lang, r, err)
			}
		}
		// A syllable the page does not show was cut.
		gi, _ := f.GlyphIndex(&buf, '뷁')
		if segs, _ := f.LoadGlyph(&buf, gi, fixed.I(16), nil); len(segs) != 0 && !strings.ContainsRune(s, '뷁') {
			t.Errorf("%s: '뷁' is not on the page but its outline is in the font", lang)
		}
		t.Logf("%s: %d KB page, %d KB font", lang, len(html)>>10, len(ttf)>>10)
	}
}

// TestReportInChromium opens the page in headless Chromium (Debian's
// package): it fetches nothing, the embedded answer plays (the audio
// element reports its length), and a screenshot is kept for a person to
// look at (bin/share-report-ko.png, -en.png).
func TestReportInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		testenv.Skip(t, "chromium is not installed (make deps installs it)")
	}
	svc, id, _ := fixture(t)
	for _, lang := range []i18n.Lang{i18n.KO, i18n.EN} {
		html, err := Build(context.Background(), svc, id, Options{Lang: lang, Media: MediaAudio, Font: bundledFont(t)})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		page := filepath.Join(dir, "report.html")
		os.WriteFile(page, html, 0o600)
		args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
			"--user-data-dir=" + filepath.Join(dir, "profile"), "--virtual-time-budget=20000", "--autoplay-policy=no-user-gesture-required"}
		dom := openInChromium(t, chromium, args, page)
		body := regexp.MustCompile(`<body[^>]*>`).FindString(dom)
		dur := regexp.MustCompile(`data-audio-duration="([0-9.]+)"`).FindStringSubmatch(body)
		fetched := regexp.MustCompile(`data-fetched="([0-9]+)"`).FindStringSubmatch(body)
		t.Logf("%s: body: %s", lang, body)
		if dur == nil {
			t.Fatalf("%s: the embedded audio did not load in Chromium: %s", lang, body)
		}
		if d, _ := strconv.ParseFloat(dur[1], 64); d < 3 || d > 20 {
			t.Errorf("%s: the embedded audio reports %s s", lang, dur[1])
		}
		if fetched == nil || fetched[1] != "0" {
			t.Errorf("%s: the page fetched resources: %v", lang, fetched)
		}
		if !strings.Contains(dom, "상대방의 입장을 들었습니다") || !strings.Contains(dom, i18n.T(lang, "share.findings")) {
			t.Errorf("%s: the transcript or the findings are not in the page Chromium shows", lang)
		}
		shot := filepath.Join(dir, "shot.png")
		if b, err := exec.Command(chromium, append(args, "--window-size=1000,1400", "--hide-scrollbars", "--screenshot="+shot, "file://"+page)...).CombinedOutput(); err != nil {
			t.Fatalf("chromium screenshot: %v %s", err, b)
		}
		if bundle := os.Getenv("NEVERMIND_BUNDLE"); bundle != "" {
			os.MkdirAll(filepath.Join(bundle, "bin"), 0o755)
			if b, err := os.ReadFile(shot); err == nil {
				os.WriteFile(filepath.Join(bundle, "bin", "share-report-"+string(lang)+".png"), b, 0o644)
			}
		}
	}
}

// openInChromium dumps the page's DOM once the media in it has loaded
// (its script marks the body): Chromium loads media off the page's clock,
// and on a busy machine one run can end before it has, so it is given
// three.
func openInChromium(t *testing.T, chromium string, args []string, page string) string {
	t.Helper()
	var dom string
	for try := 0; try < 3; try++ {
		out, err := exec.Command(chromium, append(args, "--dump-dom", "file://"+page)...).Output()
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		dom = string(out)
		if strings.Contains(regexp.MustCompile(`<body[^>]*>`).FindString(dom), "data-audio-duration=") {
			break
		}
	}
	return dom
}
