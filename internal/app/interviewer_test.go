package app

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	voiceanalysis "nevermind/internal/analysis/voice"
	"nevermind/internal/capture"
	"nevermind/internal/media"
	"nevermind/internal/practice"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
	"nevermind/internal/tts"
)

// syllablesOf counts a question's syllables: Hangul syllable blocks, or
// groups of vowels in English words.
func syllablesOf(text string) int {
	n := 0
	for _, w := range strings.Fields(text) {
		hangul, groups, inVowel := 0, 0, false
		for _, r := range strings.ToLower(w) {
			switch {
			case r >= 0xAC00 && r <= 0xD7A3:
				hangul++
			case strings.ContainsRune("aeiouy", r):
				if !inVowel {
					groups++
				}
				inVowel = true
			case unicode.IsLetter(r):
				inVowel = false
			}
		}
		if strings.HasSuffix(strings.ToLower(strings.Trim(w, "?.,!")), "e") && groups > 1 {
			groups-- // a silent final e
		}
		n += hangul + groups
	}
	return n
}

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
		want, got := syllablesOf(q), rep.Voice.Rate.Syllables
		t.Logf("%s: spoken in %v; %d syllables heard, %d in the question", lang, spoke.Round(time.Millisecond), got, want)
		if got < want*8/10 || got > want*12/10 {
			t.Errorf("%s: %d syllables heard for a question of %d", lang, got, want)
		}
		os.Remove(filepath.Clean(res.Audio))
	}
}

// envelope is the level of 16 kHz audio in 10 ms frames (dB).
func envelope(x []float32) []float64 {
	out := make([]float64, len(x)/160)
	for i := range out {
		var e float64
		for _, v := range x[i*160 : (i+1)*160] {
			e += float64(v) * float64(v)
		}
		out[i] = 10 * math.Log10(e/160+1e-10)
	}
	return out
}

// likeness is the best correlation of the first 2 s of a's envelope with
// any 2 s of b's: about 1 when a starts with a piece of b.
func likeness(a, b []float32) float64 {
	ea, eb := envelope(a), envelope(b)
	const w = 200
	if len(ea) < w || len(eb) < w {
		return 0
	}
	best := -1.0
	for lag := 0; lag+w <= len(eb); lag++ {
		best = max(best, corr(ea[:w], eb[lag:lag+w]))
	}
	return best
}

func corr(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/float64(len(x)), my/float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestInterviewAnswersHoldNoInterviewer: a spoken mock interview on the
// real sound path (the interviewer plays into the same virtual room the
// microphone hears; answers are played into it once each answer starts).
// No stored answer begins with the interviewer's question; the same check
// on a recording started while the question plays finds it, so the check
// can fail.
func TestInterviewAnswersHoldNoInterviewer(t *testing.T) {
	testenv.Long(t)
	if os.Getenv("NEVERMIND_PULSE") != "1" {
		testenv.Skip(t, "no sound server: make test runs this under scripts/with-pulse.sh")
	}
	a, _ := openTestApp(t)
	ctx := context.Background()
	a.LoadEngines(ctx)
	voices, bs, _ := a.Voices(ctx)
	v, ok := tts.Pick(voices, "ko", "")
	if !ok {
		testenv.Skip(t, "no Korean voice (make deps installs espeak-ng)")
	}
	synth := func(text string) media.Audio {
		au, err := tts.BackendOf(bs, v.Backend).Synthesize(ctx, v, text, 1)
		if err != nil {
			t.Fatal(err)
		}
		out, err := media.Resample(media.Mono(au), media.AnalysisRate)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	answers := []string{
		"안녕하세요. 저는 데이터 분석가로 지원한 김지원입니다. 매출 예측 모델을 만들어 오차를 줄였습니다.",
		"저는 문제가 생기면 먼저 데이터를 확인하고 원인을 찾습니다. 그리고 팀과 공유합니다.",
	}
	c := practice.NewController(a.Practice, func() (capture.AudioSource, capture.VideoSource, error) { return capture.OpenMic(""), nil, nil },
		nil, nil, practice.Hooks{})
	defer c.Close()
	c.SetInterviewer(a.Interviewer())
	if err := c.Start(ctx, practice.Spec{Kind: practice.KindInterview, Lang: store.Korean, N: 3}); err != nil {
		t.Fatal(err)
	}
	for _, ans := range answers {
		waitPhase(t, c, practice.PhaseRecording)
		time.Sleep(700 * time.Millisecond) // the candidate thinks
		p, err := capture.PlayAudio(synth(ans), 0)
		if err != nil {
			t.Fatal(err)
		}
		p.Wait(ctx)
		// Silence ends the answer by itself.
		deadline := time.Now().Add(30 * time.Second)
		for c.State().Phase == practice.PhaseRecording && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if c.State().Phase == practice.PhaseRecording {
			t.Fatal("the silence after the answer did not end it")
		}
	}
	c.EndInterview()
	st := waitPhase(t, c, practice.PhaseFinished)
	r, err := a.Practice.Review(ctx, st.SessionID, "ko")
	if err != nil {
		t.Fatal(err)
	}
	if r.Answered < 2 {
		t.Fatalf("%d answers stored", r.Answered)
	}
	for _, ans := range r.Answers[:2] {
		at, err := a.Store.Attempt(ctx, ans.AttemptID)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := a.Practice.MediaOf(at)
		got, err := media.Load16kMono(m.Audio)
		if err != nil {
			t.Fatal(err)
		}
		q := synth(ans.Question)
		l := likeness(got.Samples, q.Samples)
		t.Logf("answer %d (%.1f s): likeness to its question %.2f", ans.Position, got.Duration().Seconds(), l)
		if l > 0.6 {
			t.Errorf("answer %d begins with the interviewer's question (likeness %.2f)", ans.Position, l)
		}
	}
	// The check itself: a recording started while the question plays.
	rec, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "overlap", Mic: capture.OpenMic("")})
	if err != nil {
		t.Fatal(err)
	}
	q := r.Answers[1].Question
	a.Speak(ctx, q, store.Korean, "")
	res := rec.Stop()
	got, err := media.Load16kMono(res.Audio)
	if err != nil {
		t.Fatal(err)
	}
	if l := likeness(got.Samples, synth(q).Samples); l < 0.8 {
		t.Errorf("a recording made while the question played is not told apart (likeness %.2f)", l)
	} else {
		t.Logf("recording during the question: likeness %.2f", l)
	}
}
