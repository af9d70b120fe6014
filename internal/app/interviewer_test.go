package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	voiceanalysis "nevermind/internal/analysis/voice"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/media"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
)

// TestInterviewerIsHeard: a question spoken by the interviewer (the voice
// the system has: espeak-ng here) reaches the speakers in full: recorded
// from the private sound server's output, its syllables are within 20 % of
// the question's.
func TestInterviewerIsHeard(t *testing.T) {
	if os.Getenv("NEVERMIND_PULSE") != "1" {
		testenv.Skip(t, "no sound server: make test runs this under scripts/with-pulse.sh")
	}
	a, _ := openTestApp(t)
	ctx := context.Background()
	for lang, q := range map[store.Language]string{
		store.Korean:  "지원하신 직무에서 가장 중요하다고 생각하는 역량은 무엇인가요?",
		store.English: "Tell me about a time you had to learn something new very quickly.",
	} {
		// The virtual microphone hears what the default output plays.
		r, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "heard", Mic: capture.OpenMic("")})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		t0 := time.Now()
		err = a.Speak(ctx, q, lang, "")
		spoke := time.Since(t0)
		time.Sleep(300 * time.Millisecond)
		res := r.Stop()
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		heard, err := media.Load16kMono(res.Audio)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := voiceanalysis.Analyze(heard.Samples, voiceanalysis.Config{})
		if err != nil {
			t.Fatal(err)
		}
		want, got := capturetest.Syllables(q), rep.Voice.Rate.Syllables
		t.Logf("%s: spoken in %v; %d syllables heard, %d in the question", lang, spoke.Round(time.Millisecond), got, want)
		if got < want*8/10 || got > want*12/10 {
			t.Errorf("%s: %d syllables heard for a question of %d", lang, got, want)
		}
		os.Remove(filepath.Clean(res.Audio))
	}
}
