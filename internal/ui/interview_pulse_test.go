package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	voiceanalysis "nevermind/internal/analysis/voice"
	"nevermind/internal/app"
	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/practice"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
	"nevermind/internal/tts"
)

// heardLine is one thing the interviewer said, as the room heard it.
type heardLine struct {
	text  string
	audio string // the recording of the sound server's output meanwhile
}

// TestSpokenMockInterview is the mock interview as a candidate has it, on
// the real sound path of a private PulseAudio server: the app's own
// interviewer (espeak-ng) speaks into the default output, whose monitor is
// the microphone; the candidate's answers (espeak-ng too) are played into
// the same room once each answer starts; the candidate uses keys only
// (Tab and Space on Home to start, Space to end one answer). Five
// questions: the self-introduction, three, the closing.
//
//   - every line of the interviewer is heard in full (syllables within
//     20 % of its text);
//   - no stored answer holds the interviewer (its first 2 s are unlike the
//     question's synthesised audio; a recording started while a question
//     plays is told apart, so the check can fail);
//   - 4 s of silence before the first word does not end the answer, a
//     2.5 s pause inside one does not, 3 s of silence after speech does;
//   - the review lists the 5 answers with durations and the one thing to
//     fix, and what recurred across them.
func TestSpokenMockInterview(t *testing.T) {
	testenv.Long(t)
	if os.Getenv("NEVERMIND_PULSE") != "1" {
		testenv.Skip(t, "no sound server: make test runs this under scripts/with-pulse.sh")
	}
	fa := newTestApp(t)
	ctx := context.Background()
	t.Setenv(appdata.EnvHome, filepath.Join(t.TempDir(), "home"))
	ap, err := app.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ap.Close)
	ap.LoadEngines(ctx)
	ap.Store.SetFirstRunDone(ctx)
	voices, bs, _ := ap.Voices(ctx)
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
	// The interviewer is the app's; each line is recorded from the room
	// while it is said.
	var mu sync.Mutex
	var heard []heardLine
	speak := ap.Interviewer()
	interviewer := func(ctx context.Context, text string, lang store.Language) error {
		rec, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "heard", Mic: capture.OpenMic("")})
		if err != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond) // the stream is running
		err = speak(ctx, text, lang)
		time.Sleep(300 * time.Millisecond)
		res := rec.Stop()
		mu.Lock()
		heard = append(heard, heardLine{text, res.Audio})
		mu.Unlock()
		return err
	}
	m := NewMain(fa, Deps{Bank: ap.Store, Store: ap.Store, Practice: ap.Practice, Devices: ap.Devices, Lang: i18n.KO, Now: time.Now,
		DataDir: ap.Dir, Watch: -1, Interviewer: interviewer,
		InterviewSettings: func(context.Context) (int, time.Duration) { return 4, practice.DefaultEndSilence }})
	t.Cleanup(func() { fyne.DoAndWait(func() { m.Window().Close() }) })
	c := m.Window().Canvas()

	// Keys only: Tab to 모의 면접 시작 on Home, Space.
	fyne.DoAndWait(func() {
		for i := 0; i < 20 && c.Focused() != fyne.Focusable(m.home.interview); i++ {
			c.FocusNext()
		}
		if c.Focused() != fyne.Focusable(m.home.interview) {
			t.Fatal("Tab never reaches the mock interview button")
		}
		press(c, fyne.KeySpace)
	})
	if m.practice == nil {
		t.Fatal("Space on 모의 면접 시작 did not open the practice screen")
	}
	p := m.practice
	ctl := func() practice.State { return p.ctl.State() }

	say := func(audio media.Audio) {
		pl, err := capture.PlayAudio(audio, 0)
		if err != nil {
			t.Fatal(err)
		}
		pl.Wait(ctx)
	}
	recording := func(i int) {
		t.Helper()
		eventually(t, fmt.Sprintf("answer %d to start recording", i+1), func() bool {
			st := ctl()
			return st.Phase == practice.PhaseRecording && st.Index == i
		})
	}
	endsByItself := func(i int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for st := ctl(); st.Phase == practice.PhaseRecording && st.Index == i && time.Now().Before(deadline); st = ctl() {
			time.Sleep(50 * time.Millisecond)
		}
		if st := ctl(); st.Phase == practice.PhaseRecording && st.Index == i {
			t.Fatalf("answer %d: the silence after it did not end it", i+1)
		}
	}
	stillRecording := func(i int, when string) {
		t.Helper()
		if st := ctl(); st.Phase != practice.PhaseRecording || st.Index != i {
			t.Fatalf("answer %d ended %s (phase %d, question %d)", i+1, when, st.Phase, st.Index+1)
		}
	}
	answers := []string{
		"안녕하세요. 데이터 분석가로 지원한 김지원입니다.",
		"저는 문제가 생기면 먼저 데이터를 확인합니다.",
		"팀과 의견이 다르면 먼저 끝까지 듣습니다.",
		"가장 어려웠던 일은 마감이 겹친 때였습니다.",
		"기회를 주시면 꼭 보답하겠습니다. 감사합니다.",
	}
	// 1: four seconds of silence before the first word (longer than the
	// silence that ends an answer) do not end it.
	recording(0)
	time.Sleep(4 * time.Second)
	stillRecording(0, "in the silence before the first word")
	say(synth(answers[0]))
	endsByItself(0)
	// 2: a 2.5 s pause inside the answer does not end it; the 3 s after
	// it does.
	recording(1)
	time.Sleep(700 * time.Millisecond)
	first, second := synth(answers[1]), synth("그리고 원인을 팀과 공유합니다.")
	say(first)
	time.Sleep(2500 * time.Millisecond)
	stillRecording(1, "in a 2.5 s pause")
	say(second)
	endsByItself(1)
	// 3: ended with Space.
	recording(2)
	time.Sleep(700 * time.Millisecond)
	say(synth(answers[2]))
	fyne.DoAndWait(func() { press(c, fyne.KeySpace) })
	eventually(t, "Space to end answer 3", func() bool { return ctl().Index != 2 || ctl().Phase != practice.PhaseRecording })
	for i := 3; i < 5; i++ {
		recording(i)
		time.Sleep(700 * time.Millisecond)
		say(synth(answers[i]))
		endsByItself(i)
	}
	var shown []string
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		fyne.DoAndWait(func() { shown = texts(p.report) })
		if contains(shown, "면접 돌아보기") && contains(shown, "5. ") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	st := ctl()
	if st.Phase != practice.PhaseFinished {
		t.Fatalf("the interview did not finish: %+v", st)
	}

	// The review, as shown and as stored.
	r, err := ap.Practice.Review(ctx, st.SessionID, i18n.KO)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("review: %d answers, strongest %d, weakest %d, recurring %d, next %q", len(r.Answers), r.Strongest, r.Weakest, len(r.Recurring), r.Next)
	if len(r.Answers) != 5 || r.Answered != 5 {
		t.Fatalf("the review lists %d answers, %d answered", len(r.Answers), r.Answered)
	}
	fixes := 0
	for _, s := range shown {
		if strings.HasPrefix(s, i18n.T(i18n.KO, "review.fix")) {
			fixes++
		}
	}
	if fixes != 5 {
		t.Errorf("the review shows %d things to fix, want 5: %q", fixes, shown)
	}
	if len(r.Recurring) == 0 || !contains(shown, r.Recurring[0].Text) {
		t.Errorf("no cross-answer finding shown: %+v", r.Recurring)
	}
	for _, a := range r.Answers {
		line := fmt.Sprintf(i18n.T(i18n.KO, "review.duration"), a.DurationS, a.TargetS[0], a.TargetS[1])
		t.Logf("answer %d: %.1f s, overall %v, fix %q", a.Position, a.DurationS, deref(a.Overall), a.Fix)
		if !contains(shown, fmt.Sprintf("%d. %s", a.Position, a.Question)) || !contains(shown, line) || a.Fix == "" || a.DurationS <= 0 {
			t.Errorf("answer %d is not listed with its duration and the thing to fix", a.Position)
		}
	}
	// Answer 2 holds both halves around its pause: its spoken span is
	// longer than the two halves with the pause.
	if want := first.Duration().Seconds() + 2.5 + second.Duration().Seconds() - 1; r.Answers[1].DurationS < want {
		t.Errorf("answer 2 spans %.1f s of speech, want at least %.1f: the pause cut it", r.Answers[1].DurationS, want)
	}

	// No answer holds the interviewer; each ended after about the set
	// silence (the recording's quiet tail).
	for _, a := range r.Answers {
		at, err := ap.Store.Attempt(ctx, a.AttemptID)
		if err != nil {
			t.Fatal(err)
		}
		md, _ := ap.Practice.MediaOf(at)
		got, err := media.Load16kMono(md.Audio)
		if err != nil {
			t.Fatal(err)
		}
		l := capturetest.Likeness(got.Samples, synth(a.Question).Samples)
		vr, err := voiceanalysis.Analyze(got.Samples, voiceanalysis.Config{})
		if err != nil {
			t.Fatal(err)
		}
		tail := -1.0
		if s := vr.Voice.Segments; len(s) > 0 {
			tail = got.Duration().Seconds() - s[len(s)-1].End
		}
		t.Logf("answer %d: %.1f s recorded, likeness to its question %.2f, %.1f s of quiet at the end", a.Position, got.Duration().Seconds(), l, tail)
		if l > 0.6 {
			t.Errorf("answer %d begins with the interviewer's question (likeness %.2f)", a.Position, l)
		}
		if a.Position != 3 && tail < 2.5 {
			t.Errorf("answer %d ended %.1f s after the last speech, before the 3 s of silence", a.Position, tail)
		}
	}
	// The check itself: a recording started while the question plays
	// holds it.
	rec, err := capture.Start(capture.Options{Dir: t.TempDir(), Name: "overlap", Mic: capture.OpenMic("")})
	if err != nil {
		t.Fatal(err)
	}
	q := r.Answers[1].Question
	ap.Speak(ctx, q, store.Korean, "")
	res := rec.Stop()
	got, err := media.Load16kMono(res.Audio)
	if err != nil {
		t.Fatal(err)
	}
	if l := capturetest.Likeness(got.Samples, synth(q).Samples); l < 0.8 {
		t.Errorf("a recording made while the question played is not told apart (likeness %.2f)", l)
	} else {
		t.Logf("a recording made while the question played: likeness %.2f", l)
	}

	// Every line of the interviewer was heard in full.
	mu.Lock()
	defer mu.Unlock()
	if len(heard) < 7 { // greeting, 5 questions, farewell
		t.Errorf("the interviewer said %d lines", len(heard))
	}
	for _, h := range heard {
		au, err := media.Load16kMono(h.audio)
		if err != nil {
			t.Fatal(err)
		}
		vr, err := voiceanalysis.Analyze(au.Samples, voiceanalysis.Config{})
		if err != nil {
			t.Fatal(err)
		}
		want, got := capturetest.Syllables(h.text), vr.Voice.Rate.Syllables
		t.Logf("heard %d syllables of %d: %s", got, want, h.text)
		if got < want*8/10 || got > want*12/10 {
			t.Errorf("%d syllables heard for %q (%d)", got, h.text, want)
		}
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}
