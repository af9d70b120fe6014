//go:build codecs

package share

import (
	"context"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"nevermind/internal/i18n"
	"nevermind/internal/media/video"
	"nevermind/internal/testenv"
)

// TestReportWithVideo: with the video chosen, the page carries a small
// VP8 copy with the answer's voice in it, and Chromium plays it (the
// video element reports its size and length) without fetching anything.
func TestReportWithVideo(t *testing.T) {
	svc, id, _ := fixture(t)
	ctx := context.Background()
	a, _ := svc.Store.Attempt(ctx, id)
	m, _ := svc.MediaOf(a)
	// The answer gains a video: 640x480, 30 fps, as long as its audio.
	avi := filepath.Join(filepath.Dir(m.Audio), "answer.avi")
	w, err := video.Create(avi, 30, 640, 480)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := 0; i < 240; i++ {
		for y := 0; y < 480; y++ {
			for x := 0; x < 640; x++ {
				img.SetRGBA(x, y, color.RGBA{uint8(x/3 + i), uint8(y / 2), 120, 255})
			}
		}
		w.Write(img)
	}
	w.Close()
	rel, _ := svc.Dir.Rel(avi)
	if err := svc.Store.SetAttemptMedia(ctx, id, a.AudioPath, rel); err != nil {
		t.Fatal(err)
	}
	html, err := Build(ctx, svc, id, Options{Lang: i18n.KO, Media: MediaVideo, Font: bundledFont(t)})
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	if !strings.Contains(s, "data:video/webm;base64,") || strings.Contains(s, "<audio") {
		t.Fatal("the page does not carry the video")
	}
	t.Logf("%d KB page", len(html)>>10)
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		testenv.Skip(t, "chromium is not installed (make deps installs it)")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	os.WriteFile(page, html, 0o600)
	dom := openInChromium(t, chromium, []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + filepath.Join(dir, "p"),
		"--virtual-time-budget=20000"}, page)
	body := regexp.MustCompile(`<body[^>]*>`).FindString(dom)
	t.Logf("body: %s", body)
	vw := regexp.MustCompile(`data-video-width="([0-9]+)"`).FindStringSubmatch(body)
	dur := regexp.MustCompile(`data-audio-duration="([0-9.]+)"`).FindStringSubmatch(body)
	if vw == nil || vw[1] != "480" || dur == nil {
		t.Fatalf("Chromium did not play the video: %s", body)
	}
	if d, _ := strconv.ParseFloat(dur[1], 64); d < 5 || d > 12 {
		t.Errorf("the video reports %s s", dur[1])
	}
	if !strings.Contains(body, `data-fetched="0"`) {
		t.Errorf("the page fetched something: %s", body)
	}
}
