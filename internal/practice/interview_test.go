package practice

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/bank"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/store"
)

// bankService is a service over a data folder holding the real question
// bank, analysing without speech recognition.
func bankService(t *testing.T) *Service {
	t.Helper()
	dir, st := tempData(t)
	if _, err := bank.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return NewService(dir, st, &pipeline.Pipeline{Lang: "ko", NoTranscript: "no model in this test"})
}

func TestInterviewQuestions(t *testing.T) {
	ctx := context.Background()
	svc := bankService(t)
	gen, err := svc.Store.AddGeneratedQuestion(ctx, store.Question{Origin: store.OriginGenerated, PracticeType: store.TypeJob, Language: store.Korean,
		Text: "자기소개서에 쓴 결제 서버 프로젝트에서 맡은 역할은 무엇이었나요?"}, store.Generation{Source: store.FromResume, Model: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []store.Language{store.Korean, store.English} {
		for _, n := range []int{1, 3, 5, 10, 40} {
			day := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
			qs, err := svc.InterviewQuestions(ctx, lang, n, day)
			if err != nil {
				t.Fatal(err)
			}
			want := min(max(n, MinInterviewQuestions), MaxInterviewQuestions) + 1
			if len(qs) != want {
				t.Fatalf("%s n=%d: %d questions, want %d", lang, n, len(qs), want)
			}
			if qs[0].Category != "intro" || qs[len(qs)-1].Category != "closing" {
				t.Errorf("%s n=%d: starts with %q, ends with %q", lang, n, qs[0].Text, qs[len(qs)-1].Text)
			}
			seen, types := map[int64]bool{}, map[store.PracticeType]bool{}
			for _, q := range qs {
				if seen[q.ID] {
					t.Errorf("%s n=%d: %q twice", lang, n, q.Text)
				}
				seen[q.ID] = true
				types[q.PracticeType] = true
				if q.Language != lang {
					t.Errorf("%s interview asks %q", lang, q.Text)
				}
				if q.Category == "intro" && q != qs[0] || q.Category == "closing" && q != qs[len(qs)-1] {
					t.Errorf("%s n=%d: a second introduction or closing: %q", lang, n, q.Text)
				}
			}
			if n >= 5 && (!types[store.TypeJob] || !types[store.TypeSituational]) {
				t.Errorf("%s n=%d: not mixed: %v", lang, n, types)
			}
			if lang == store.Korean && n >= 3 && !seen[gen] {
				t.Errorf("n=%d: the question from the documents is not asked", n)
			}
		}
	}
	// Another day, another interview.
	a, _ := svc.InterviewQuestions(ctx, store.Korean, 5, time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	b, _ := svc.InterviewQuestions(ctx, store.Korean, 5, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	same := 0
	for i := range a {
		if a[i].ID == b[i].ID {
			same++
		}
	}
	if same == len(a) {
		t.Error("two days, the same interview")
	}
}

// speechFor writes d of speech-like sound (then a little quiet).
func speechFor(t *testing.T, path string, d time.Duration) string {
	t.Helper()
	src := capturetest.SpeechLike()
	n := int(d.Seconds() * 48000)
	buf := make([]float32, n+24000)
	src.Gen(0, buf[:n])
	if err := media.WriteWAVFile(path, media.Audio{SampleRate: 48000, Channels: 1, Samples: buf}, 16); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestInterviewReview: a mock interview answered from files, one question
// left unanswered; the review lists every answer with its duration,
// target and the one thing to fix, names the strongest and weakest, finds
// what recurred (answers too short for their kind) and plans the next
// time around the weakest.
func TestInterviewReview(t *testing.T) {
	ctx := context.Background()
	svc := bankService(t)
	sess, sqs, qs, err := svc.StartInterview(ctx, store.Korean, 3, 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lengths := []time.Duration{50 * time.Second, 8 * time.Second, 6 * time.Second} // the closing stays unanswered
	for i, d := range lengths {
		if _, err := svc.ImportAnswer(ctx, sqs[i], speechFor(t, filepath.Join(dir, "a.wav"), d), "", nil); err != nil {
			t.Fatal(err)
		}
	}
	svc.FinishSession(ctx, sess.ID)
	for _, lang := range []i18n.Lang{i18n.KO, i18n.EN} {
		r, err := svc.Review(ctx, sess.ID, lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Answers) != 4 || r.Answered != 3 || r.Answers[3].AttemptID != 0 || r.Answers[3].Question != qs[3].Text {
			t.Fatalf("%s: %+v", lang, r)
		}
		for i, a := range r.Answers[:3] {
			if a.Overall == nil || a.DurationS < lengths[i].Seconds()-1 || a.DurationS > lengths[i].Seconds()+1 || a.TargetS[1] == 0 || a.Fix == "" {
				t.Errorf("%s answer %d: %+v", lang, i+1, a)
			}
		}
		if r.Strongest != 1 || r.Weakest < 2 {
			t.Errorf("%s: strongest %d, weakest %d", lang, r.Strongest, r.Weakest)
		}
		found := false
		for _, c := range r.Recurring {
			if c.Kind == "short_answer" && len(c.Answers) == 2 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the short answers are not said to recur: %+v", lang, r.Recurring)
		}
		if len(r.Next) < 2 || r.Again != r.Answers[r.Weakest-1].QuestionID {
			t.Errorf("%s: next time %v, again %d", lang, r.Next, r.Again)
		}
	}
}

// TestApplicationInterviewAsksItsOwn: a mock interview for an application
// asks the questions generated for it, never another application's.
func TestApplicationInterviewAsksItsOwn(t *testing.T) {
	ctx := context.Background()
	svc := bankService(t)
	a, _ := svc.Store.AddInterview(ctx, store.Interview{Company: "한빛페이", Date: "2026-12-20"})
	b, _ := svc.Store.AddInterview(ctx, store.Interview{Company: "한결로지스", Date: "2026-12-28"})
	mine := map[int64][]int64{}
	for i, text := range []string{"결제 서버의 응답 시간을 어떻게 줄였나요?", "정산 배치를 나눈 기준은 무엇이었나요?", "물동량 데이터를 어떻게 정리했나요?", "폐기 금액을 줄인 방법은 무엇이었나요?"} {
		app := a
		if i >= 2 {
			app = b
		}
		id, err := svc.Store.AddGeneratedQuestion(ctx, store.Question{Origin: store.OriginGenerated, PracticeType: store.TypeJob, Language: store.Korean, Text: text},
			store.Generation{Source: store.FromResume, Model: "test", ApplicationID: app})
		if err != nil {
			t.Fatal(err)
		}
		mine[app] = append(mine[app], id)
	}
	for _, app := range []int64{a, b} {
		qs, err := svc.ApplicationInterviewQuestions(ctx, store.Korean, 7, app, time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		own := 0
		for _, q := range qs {
			if q.Origin != store.OriginGenerated {
				continue
			}
			if !slices.Contains(mine[app], q.ID) {
				t.Errorf("application %d's interview asks %q", app, q.Text)
			}
			own++
		}
		if own == 0 {
			t.Errorf("application %d's interview asks none of its own questions", app)
		}
	}
}
