package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nevermind/internal/cloudsync"
	"nevermind/internal/i18n"
)

// keepShot writes what c shows to bin/NAME (beside the checkout) for a
// person to look at: the card shows a temporary folder and the time, so it
// cannot be a golden image.
func keepShot(t *testing.T, name string, c fyne.CanvasObject, w, h float32) {
	t.Helper()
	bundle := os.Getenv("NEVERMIND_BUNDLE")
	if bundle == "" {
		return
	}
	// On the UI goroutine: the runner's passes refresh the card from there.
	var buf bytes.Buffer
	var err error
	fyne.DoAndWait(func() {
		win := test.NewWindow(c)
		defer win.Close()
		win.Resize(fyne.NewSize(w, h))
		err = png.Encode(&buf, win.Canvas().Capture())
	})
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(bundle, "bin"), 0o755)
	if err := os.WriteFile(filepath.Join(bundle, "bin", name), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSyncSettings: Settings → 동기화 in Korean and English: off, a folder
// chosen without a passphrase (asked for), turned on with one (the first
// pass writes this laptop's data into the folder), a file from elsewhere
// refused and said, a wrong passphrase said in the user's words, and
// turning off, which leaves the data and the folder.
func TestSyncSettings(t *testing.T) {
	a := newTestApp(t)
	useKoreanTheme(t, a)
	for _, lang := range []i18n.Lang{i18n.KO, i18n.EN} {
		st, svc := appFixture(t)
		folder := filepath.Join(t.TempDir(), "Dropbox")
		os.MkdirAll(folder, 0o700)
		r := cloudsync.NewRunner(st, svc.Dir)
		r.AfterChange, r.Poll = 100*time.Millisecond, time.Minute
		defer r.Stop()
		w := test.NewWindow(nil)
		w.Resize(fyne.NewSize(900, 700))
		var s *settingsScreen
		fyne.DoAndWait(func() { s = newSettingsScreen(lang, svc, func() fyne.Window { return w }, func() {}).withSync(r) })
		text := func() (out string) {
			fyne.DoAndWait(func() { out = s.sync.status.Text })
			return
		}
		if !strings.Contains(text(), i18n.T(lang, "sync.isoff")) {
			t.Errorf("%s: off shows %q", lang, text())
		}
		keepShot(t, "sync-off-"+string(lang)+".png", s.sync.card, 760, 420)
		// No passphrase: asked for, no chooser.
		fyne.DoAndWait(func() { s.chooser = nil; test.Tap(s.sync.choose) })
		if s.chooser != nil || text() != i18n.T(lang, "sync.needpass") {
			t.Errorf("%s: without a passphrase: %q", lang, text())
		}
		// With one: the folder chosen, sync on, the first pass done.
		fyne.DoAndWait(func() {
			s.sync.pass.SetText("벚꽃 피는 사월")
			test.Tap(s.sync.choose)
			s.chooser.open(folder)
			test.Tap(s.chooser.ok)
		})
		lastWord := strings.Fields(i18n.T(lang, "sync.last"))[0]
		eventually(t, "the first pass", func() bool { return strings.Contains(s.sync.status.Text, lastWord) })
		if !strings.Contains(text(), folder) || !r.Running() {
			t.Errorf("%s: on shows %q", lang, text())
		}
		if names, _ := filepath.Glob(filepath.Join(folder, cloudsync.Sub, "*", "*.nmc")); len(names) == 0 {
			t.Errorf("%s: the first pass wrote no change file", lang)
		}
		// A file that is not a change file, from a "device" of its own.
		bad := filepath.Join(folder, cloudsync.Sub, strings.Repeat("ab", 16))
		os.MkdirAll(bad, 0o700)
		junk := []byte("not a NEVER MIND file")
		os.WriteFile(filepath.Join(bad, "00000001-"+sha256Hex(junk)+".nmc"), junk, 0o600)
		fyne.DoAndWait(func() { test.Tap(s.sync.now) })
		eventually(t, "the refused file said", func() bool { return s.sync.refused.Visible() })
		var refused string
		fyne.DoAndWait(func() { refused = s.sync.refused.Text })
		t.Logf("%s:\n%s\n%s", lang, text(), refused)
		keepShot(t, "sync-on-"+string(lang)+".png", s.sync.card, 760, 520)
		// A second data folder with the wrong passphrase: said, not joined.
		st2, svc2 := appFixture(t)
		r2 := cloudsync.NewRunner(st2, svc2.Dir)
		var s2 *settingsScreen
		fyne.DoAndWait(func() { s2 = newSettingsScreen(lang, svc2, func() fyne.Window { return w }, func() {}).withSync(r2) })
		fyne.DoAndWait(func() { s2.joinSync(folder, "틀린 암호") })
		eventually(t, "the wrong passphrase said", func() bool {
			return s2.sync.status.Text == i18n.T(lang, "sync.problem.passphrase")
		})
		if r2.Running() {
			t.Errorf("%s: joined with a wrong passphrase", lang)
		}
		// Off: stopped, the data and the folder kept.
		fyne.DoAndWait(func() { test.Tap(s.sync.off) })
		eventually(t, "sync off", func() bool { return s.sync.status.Text == i18n.T(lang, "sync.stopped") })
		if r.Running() {
			t.Errorf("%s: still syncing after off", lang)
		}
		if _, err := os.Stat(filepath.Join(folder, cloudsync.Sub, "key.age")); err != nil {
			t.Errorf("%s: the folder went with off: %v", lang, err)
		}
		if ivs, _ := st.Interviews(context.Background()); len(ivs) != 1 {
			t.Errorf("%s: %d interviews after off", lang, len(ivs))
		}
		w.Close()
	}
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
