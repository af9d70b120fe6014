// Package share writes a report for a mentor: one HTML file that any
// browser opens on any OS with nothing else, no network request (a
// Content-Security-Policy forbids every fetch), its Korean font (the
// glyphs it uses, cut from Noto Sans KR), its voice plot (SVG) and, when
// chosen, the answer's audio embedded so that ▶ plays in the page.
package share

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/voice"
	"nevermind/internal/appdata"
	"nevermind/internal/i18n"
	"nevermind/internal/media/video"
	"nevermind/internal/practice"
)

// Media says what of the recording goes into the page.
type Media string

const (
	MediaNone  Media = "none"
	MediaAudio Media = "audio"
	// MediaVideo embeds a small copy of the video (480 pixels on its long
	// side, VP8 at 300 kbit/s) with the answer's voice in it.
	MediaVideo Media = "video"
)

// MaxMedia is the largest recording embedded (base64 adds a third): a
// 30-minute answer's audio is 15 MB.
const MaxMedia = 64 << 20

// Options for a report.
type Options struct {
	Lang  i18n.Lang
	Media Media
	// Font is the TrueType font the page carries (the glyphs it uses);
	// "" finds the bundled Noto Sans KR.
	Font string
	Now  func() time.Time
}

// ErrNotAnalysed means the answer has no report to share yet.
var ErrNotAnalysed = errors.New("this answer has not been analysed yet: analyse it first")

// Build writes the report of attempt id as one HTML page.
func Build(ctx context.Context, svc *practice.Service, id int64, o Options) ([]byte, error) {
	if o.Lang == "" {
		o.Lang = i18n.KO
	}
	if o.Media == "" {
		o.Media = MediaNone
	}
	if o.Media != MediaNone && o.Media != MediaAudio && o.Media != MediaVideo {
		return nil, fmt.Errorf("share: media %q: choose video, audio or none", o.Media)
	}
	rep, err := svc.StoredReport(ctx, id)
	if errors.Is(err, practice.ErrNotAnalyzed) {
		return nil, ErrNotAnalysed
	}
	if err != nil {
		return nil, err
	}
	q, err := svc.Store.AttemptQuestion(ctx, id)
	if err != nil {
		return nil, err
	}
	t := func(k string) string { return i18n.T(o.Lang, k) }
	view := rep.Result.Feedback.In(o.Lang)
	p := page{
		Lang:      string(o.Lang),
		Title:     t("share.title"),
		Question:  q.Text,
		When:      rep.Attempt.StartedAt.Local().Format("2006-01-02 15:04"),
		Duration:  clock(rep.Attempt.Duration.Seconds()),
		Summary:   view.Summary,
		Made:      fmt.Sprintf(t("share.made"), (func() time.Time { return now(o) })().Format("2006-01-02")),
		T:         t,
		Overall:   score(view.Scores["overall"]),
		NoFinding: t("report.nofindings"),
	}
	for _, d := range feedback.Dimensions {
		if d == "overall" {
			continue
		}
		p.Dims = append(p.Dims, dim{Name: t("dim." + d), Score: score(view.Scores[d]), Reason: view.Reasons[d], Measured: view.Scores[d] != nil})
	}
	for _, f := range view.Findings {
		p.Findings = append(p.Findings, finding{At: clock(f.Start), Start: f.Start, Message: f.Message, Suggestion: f.Suggestion, Major: f.Severity == feedback.Major})
	}
	if tr := rep.Result.Report.Transcript; tr != nil && strings.TrimSpace(tr.Text) != "" {
		for _, s := range tr.Segments {
			p.Transcript = append(p.Transcript, line{At: clock(s.Start), Start: s.Start, Text: s.Text})
		}
		if len(p.Transcript) == 0 {
			p.Transcript = []line{{At: clock(0), Text: tr.Text}}
		}
	}
	if v := rep.Result.Report.Report; v != nil && v.Tracks != nil {
		p.Plot = plotSVG(v.Tracks, view.Findings)
	}
	if o.Media == MediaVideo {
		if rep.Attempt.VideoPath == "" {
			return nil, errors.New("share: this answer has no video to embed (choose audio)")
		}
		m, err := svc.MediaOf(rep.Attempt)
		if err != nil {
			return nil, err
		}
		tmp, err := os.MkdirTemp("", "nevermind-share-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		small := filepath.Join(tmp, "answer.webm")
		if err := video.SmallCopy(m.Video, m.Audio, small, 480, 300); err != nil {
			return nil, fmt.Errorf("share: the video copy: %w", err)
		}
		uri, err := dataURI(small)
		if err != nil {
			return nil, err
		}
		p.Video = template.URL(strings.Replace(uri, "data:audio/webm", "data:video/webm", 1))
	}
	if o.Media == MediaAudio {
		if rep.Attempt.AudioPath == "" {
			return nil, errors.New("share: this answer has no audio to embed")
		}
		m, err := svc.MediaOf(rep.Attempt)
		if err != nil {
			return nil, err
		}
		uri, err := dataURI(m.Audio)
		if err != nil {
			return nil, err
		}
		p.Audio = template.URL(uri)
	}
	text := p.Question + p.Summary + p.Title + p.Made + p.When + t("share.scores") + t("share.findings") + t("share.transcript") + t("share.plot") + t("share.plot.sub") + t("share.listen") + t("dim.overall") + p.NoFinding + t("share.private")
	for _, d := range p.Dims {
		text += d.Name + d.Reason
	}
	for _, f := range p.Findings {
		text += f.Message + f.Suggestion
	}
	for _, l := range p.Transcript {
		text += l.Text
	}
	text += "0123456789:.·—–-%()[]/"
	font, err := fontFace(o.Font, text)
	if err != nil {
		return nil, err
	}
	p.Font = template.URL("data:font/ttf;base64," + base64.StdEncoding.EncodeToString(font))
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func now(o Options) time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// fontFace is the page's font: the glyphs of text, cut from the bundled
// Noto Sans KR (or path).
func fontFace(path, text string) ([]byte, error) {
	if path == "" {
		for _, r := range appdata.BundleRoots() {
			p := filepath.Join(r, "fonts", "NotoSansKR-Regular.ttf")
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		return nil, errors.New("share: the Korean font (fonts/NotoSansKR-Regular.ttf) is not installed beside the app: reinstall it")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return subsetFont(b, text)
}

// dataURI is the recording at path as a data: URI of its kind.
func dataURI(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.Size() > MaxMedia {
		return "", fmt.Errorf("share: the recording is %d MB, too large to put in a page", st.Size()>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	kind := "audio/webm"
	if strings.EqualFold(filepath.Ext(path), ".wav") {
		kind = "audio/wav"
	}
	return "data:" + kind + ";base64," + base64.StdEncoding.EncodeToString(b), nil
}

func score(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f", *v)
}

func clock(s float64) string {
	if s < 0 || math.IsNaN(s) {
		s = 0
	}
	n := int(s)
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

type page struct {
	Lang, Title, Question, When, Duration, Summary, Made, Overall, NoFinding string
	T                                                                        func(string) string
	Dims                                                                     []dim
	Findings                                                                 []finding
	Transcript                                                               []line
	Plot                                                                     template.HTML
	Audio, Video                                                             template.URL
	Font                                                                     template.URL
}

type dim struct {
	Name, Score, Reason string
	Measured            bool
}

type finding struct {
	At                  string
	Start               float64
	Message, Suggestion string
	Major               bool
}

type line struct {
	At    string
	Start float64
	Text  string
}

// plotSVG draws the voice over the answer as the app does: level (blue),
// pitch (orange), speech (green bands), findings (red marks on top).
func plotSVG(tr *voice.Tracks, findings []feedback.ViewFinding) template.HTML {
	n := len(tr.LevelDBFS)
	if n < 2 || tr.HopS <= 0 {
		return ""
	}
	const w, h = 900.0, 160.0
	x := func(i int) float64 { return float64(i) * w / float64(n-1) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" width="100%%" role="img"><rect width="%.0f" height="%.0f" fill="#1e2128"/>`, w, h, w, h)
	for i := 0; i < len(tr.Speech); {
		if !tr.Speech[i] {
			i++
			continue
		}
		j := i
		for j < len(tr.Speech) && tr.Speech[j] {
			j++
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="0" width="%.1f" height="%.0f" fill="#24402c"/>`, x(i), x(j-1)-x(i)+0.5, h)
		i = j
	}
	step := max(1, n/900)
	b.WriteString(`<polyline fill="none" stroke="#5aa0ff" stroke-width="1" points="`)
	for i := 0; i < n; i += step {
		y := h * (1 - clamp((tr.LevelDBFS[i]+60)/60))
		fmt.Fprintf(&b, "%.1f,%.1f ", x(i), y)
	}
	b.WriteString(`"/>`)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, f := range tr.F0Hz {
		if f > 0 {
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
	}
	if hi > lo {
		lo, hi = lo*0.9, hi*1.1
		for i := 0; i < len(tr.F0Hz) && i < n; i += step {
			if f := tr.F0Hz[i]; f > 0 {
				y := h * (1 - clamp(math.Log(f/lo)/math.Log(hi/lo)))
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="1.6" height="1.6" fill="#ffa040"/>`, x(i), y)
			}
		}
	}
	for _, f := range findings {
		if f.Severity == feedback.Info || f.End <= f.Start {
			continue
		}
		i0, i1 := int(f.Start/tr.HopS), int(f.End/tr.HopS)
		fmt.Fprintf(&b, `<rect x="%.1f" y="0" width="%.1f" height="5" fill="#ff5050"/>`, x(max(0, i0)), math.Max(2, x(min(n-1, i1))-x(max(0, i0))))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func clamp(v float64) float64 { return math.Max(0, math.Min(1, v)) }
