package practice

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// tempData opens a fresh data folder and database in a temporary home
// (NEVERMIND_HOME points there for the rest of the test).
func tempData(t testing.TB) (appdata.Dir, *store.Store) {
	t.Helper()
	t.Setenv(appdata.EnvHome, filepath.Join(t.TempDir(), "home"))
	dir, err := appdata.Open()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return dir, st
}

// TestStartSessionAvoidsRecentQuestions: questions practised in the last
// days come last, least recent first, and only when the others run out.
func TestStartSessionAvoidsRecentQuestions(t *testing.T) {
	ctx := context.Background()
	dir, st := tempData(t)
	var ids []int64
	for _, q := range []string{"하나", "둘", "셋", "넷"} {
		id, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: q})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	svc := &Service{Dir: dir, Store: st}
	// Practise questions 1 (two hours ago) and 2 (one hour ago).
	for i, ago := range []time.Duration{2 * time.Hour, time.Hour} {
		_, sqs, err := st.StartSession(ctx, store.TypeJob, 0, []int64{ids[i]})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: time.Now().Add(-ago), Status: store.AttemptAnalyzed}); err != nil {
			t.Fatal(err)
		}
	}
	for run := 0; run < 5; run++ {
		_, sqs, err := svc.StartSession(ctx, store.TypeJob, store.Korean, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, sq := range sqs {
			if sq.QuestionID == ids[0] || sq.QuestionID == ids[1] {
				t.Fatalf("run %d: recently practised question %d picked while others were free", run, sq.QuestionID)
			}
		}
	}
	_, sqs, err := svc.StartSession(ctx, store.TypeJob, store.Korean, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(sqs) != 3 || sqs[2].QuestionID != ids[0] {
		t.Errorf("with 3 wanted, the third should be the least recently practised (%d): %+v", ids[0], sqs)
	}
	if _, _, err := svc.StartSession(ctx, store.TypeSituational, store.Korean, 2); err == nil {
		t.Error("a session with no questions of its type started")
	}
}

// TestRecordsStreakTrendsComparison: the streak counts consecutive days up
// to today, the trends keep each attempt's scores in order, and the last
// attempt is compared with the ones before.
func TestRecordsStreakTrendsComparison(t *testing.T) {
	ctx := context.Background()
	_, st := tempData(t)
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "질문"})
	_, sqs, _ := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	today := time.Date(2026, 11, 26, 12, 0, 0, 0, time.Local)
	scores := []float64{50, 60, 55, 65, 70, 80} // days -6 .. -1; day -3 skipped below
	for i, sc := range scores {
		day := today.AddDate(0, 0, i-6)
		if i == 3 {
			day = today.AddDate(0, 0, -1) // two attempts yesterday
		}
		aid, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: day, Status: store.AttemptRecorded})
		if err != nil {
			t.Fatal(err)
		}
		v := sc
		if err := st.SaveFeedback(ctx, store.Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
			Metrics: map[string]float64{"face.frontal_ratio": sc / 100}, Scores: []store.Score{{Dimension: "overall", Score: &v}}}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := Records(ctx, st, today)
	if err != nil {
		t.Fatal(err)
	}
	// Days practised: -6, -5, -4, -2, -1 (-3 was moved to -1): streak from
	// yesterday back is 2 (-1, -2).
	if p.Streak != 2 || p.Practised != 5 || p.Attempts != 6 || p.Today != 0 {
		t.Errorf("streak %d, days %d, attempts %d, today %d", p.Streak, p.Practised, p.Attempts, p.Today)
	}
	if ov := p.Trends["score:overall"]; len(ov) != 6 || ov[0].Value != 50 {
		t.Errorf("overall trend %+v", ov)
	}
	if len(p.Trends["face.frontal_ratio"]) != 6 {
		t.Errorf("gaze trend %+v", p.Trends["face.frontal_ratio"])
	}
	c := p.Comparison
	if c == nil || c.Previous != 5 || c.Mean != 60 || !strings.Contains(c.Text.EN, "better than your last 5") {
		t.Errorf("comparison %+v", c)
	}
	// Against one answer: no "last 1", no average.
	for _, pts := range [][]Point{{{Value: 70}, {Value: 80}}, {{Value: 80}, {Value: 70}}, {{Value: 70}, {Value: 71}}} {
		c := compare(pts)
		if c == nil || strings.Contains(c.Text.EN, "last 1") || strings.Contains(c.Text.EN, "average") || strings.Contains(c.Text.KO, "평균") ||
			strings.Contains(c.Text.EN, "%!") || !strings.Contains(c.Text.EN, "the one before it") {
			t.Errorf("against one answer: %+v", c)
		}
	}
}

// TestTodaysRoutineStaysPutWhileDone: answering today's routine counts it
// done (3 / 3) and does not swap in other questions; tomorrow's plan takes
// today's answers into account.
func TestTodaysRoutineStaysPutWhileDone(t *testing.T) {
	ctx := context.Background()
	_, st := tempData(t)
	for i := 0; i < 12; i++ {
		for _, ty := range []store.PracticeType{store.TypeBasic, store.TypeJob, store.TypeSituational} {
			if _, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: ty, Language: store.Korean,
				Text: string(ty) + " 질문 " + string(rune('가'+i))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	now := time.Now()
	if _, err := SaveInterview(ctx, st, store.Interview{Company: "토스랩", Date: now.AddDate(0, 0, 10).Format(time.DateOnly)}, "ko"); err != nil {
		t.Fatal(err)
	}
	routine := func(at time.Time) []int64 {
		p, err := Plan(ctx, st, at, store.Korean)
		if err != nil || len(p.Days) == 0 {
			t.Fatalf("plan: %+v, %v", p, err)
		}
		var ids []int64
		for _, tk := range p.Days[0].Tasks {
			ids = append(ids, tk.QuestionIDs...)
		}
		return ids
	}
	before := routine(now)
	if len(before) == 0 {
		t.Fatal("no routine today")
	}
	_, sqs, err := st.StartSession(ctx, store.TypeBasic, 0, before)
	if err != nil {
		t.Fatal(err)
	}
	for i, sq := range sqs {
		// Answered in the last minutes (after midnight, whatever the clock).
		at := now.Add(-time.Duration(len(sqs)-i) * time.Second)
		if at.Before(midnight(now)) {
			at = midnight(now)
		}
		aid, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sq.ID, StartedAt: at, Status: store.AttemptAnalyzed})
		if err != nil {
			t.Fatal(err)
		}
		v := 70.0
		if err := st.SaveFeedback(ctx, store.Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
			Scores: []store.Score{{Dimension: "overall", Score: &v}}}); err != nil {
			t.Fatal(err)
		}
	}
	after := routine(now)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("today's routine changed after answering it: %v -> %v", before, after)
	}
	done, err := TodayDone(ctx, st, now, after)
	if err != nil || done != len(before) {
		t.Fatalf("today done = %d of %d, %v", done, len(before), err)
	}
	// Tomorrow, the questions just answered are not the first picked again.
	tomorrow := routine(midnight(now).AddDate(0, 0, 1).Add(9 * time.Hour))
	if fmt.Sprint(tomorrow) == fmt.Sprint(before) {
		t.Errorf("tomorrow repeats today's questions: %v", tomorrow)
	}
}
