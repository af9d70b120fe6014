package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

func seedQuestions(t *testing.T, s *Store, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for i := 0; i < n; i++ {
		id, err := s.AddQuestion(ctx, Question{Origin: OriginUser, PracticeType: TypeBasic, Language: Korean, Text: fmt.Sprintf("질문 %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// recount is the derived tables computed from scratch.
func recount(t *testing.T, s *Store) (stats, slots [][]any) {
	t.Helper()
	q := func(query string) [][]any {
		rows, err := s.r.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out [][]any
		for rows.Next() {
			var a, b, c, d any
			cols, _ := rows.Columns()
			dst := []any{&a, &b, &c, &d}[:len(cols)]
			if err := rows.Scan(dst...); err != nil {
				t.Fatal(err)
			}
			out = append(out, []any{a, b, c, d}[:len(cols)])
		}
		return out
	}
	wantStats := q(`SELECT sq.question_id, count(*),
		(SELECT a2.id FROM attempt a2 JOIN session_question s2 ON s2.id = a2.session_question_id WHERE s2.question_id = sq.question_id ORDER BY a2.started_at DESC, a2.id DESC LIMIT 1),
		max(a.started_at) FROM session_question sq JOIN attempt a ON a.session_question_id = sq.id GROUP BY 1 ORDER BY 1`)
	gotStats := q(`SELECT question_id, attempts, last_attempt_id, last_at FROM question_stat ORDER BY 1`)
	if !reflect.DeepEqual(gotStats, wantStats) {
		t.Fatalf("question_stat\n got  %v\n want %v", gotStats, wantStats)
	}
	wantSlots := q(`SELECT substr(started_at, 1, 14) || printf('%02d', CAST(substr(started_at, 15, 2) AS INTEGER) / 15 * 15), count(*) FROM attempt GROUP BY 1 ORDER BY 1`)
	gotSlots := q(`SELECT slot, answers FROM practice_slot ORDER BY 1`)
	if !reflect.DeepEqual(gotSlots, wantSlots) {
		t.Fatalf("practice_slot\n got  %v\n want %v", gotSlots, wantSlots)
	}
	return gotStats, gotSlots
}

// TestDerivedHistoryFollowsEveryWrite: after any mix of answers added,
// answers deleted, sessions deleted, an import and a delete-all, the
// derived tables equal a recount from scratch.
func TestDerivedHistoryFollowsEveryWrite(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	qs := seedQuestions(t, s, 6)
	rng := rand.New(rand.NewSource(7))
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var sessions []int64
	var attempts []int64
	var sqs []SessionQuestion
	for step := 0; step < 400; step++ {
		switch r := rng.Intn(10); {
		case r < 2 || len(sqs) == 0:
			ids := []int64{qs[rng.Intn(len(qs))], qs[rng.Intn(len(qs))]}
			sess, got, err := s.StartSession(ctx, TypeBasic, 0, ids)
			if err != nil {
				t.Fatal(err)
			}
			sessions = append(sessions, sess.ID)
			sqs = append(sqs, got...)
		case r < 7:
			sq := sqs[rng.Intn(len(sqs))]
			// Times repeat on purpose: ties are broken by id.
			at := base.Add(time.Duration(rng.Intn(200)) * 7 * time.Minute)
			id, err := s.AddAttempt(ctx, Attempt{SessionQuestionID: sq.ID, StartedAt: at, Status: AttemptRecorded})
			if err != nil {
				continue // its session was deleted
			}
			attempts = append(attempts, id)
		case r < 9 && len(attempts) > 0:
			i := rng.Intn(len(attempts))
			s.DeleteAttempt(ctx, attempts[i])
			attempts = append(attempts[:i], attempts[i+1:]...)
		case len(sessions) > 0:
			i := rng.Intn(len(sessions))
			if err := s.DeleteSession(ctx, sessions[i]); err != nil {
				t.Fatal(err)
			}
			sessions = append(sessions[:i], sessions[i+1:]...)
		}
		if step%20 == 0 {
			recount(t, s)
		}
	}
	stats, _ := recount(t, s)
	if len(stats) == 0 {
		t.Fatal("the test made no history")
	}

	// An import writes rows the generic way: the triggers fill in the rest.
	snap, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(snap)
	checked, err := ReadSnapshot(bytes.NewReader(b), DefaultSnapshotLimits)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := openTemp(t)
	if _, err := s2.ImportChecked(ctx, checked, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	recount(t, s2)
	var blank int
	s2.r.QueryRow(`SELECT (SELECT count(*) FROM feedback_score WHERE at = '') + (SELECT count(*) FROM feedback_metric WHERE at = '')`).Scan(&blank)
	if blank != 0 {
		t.Fatalf("%d imported scores or metrics without their time", blank)
	}

	if err := s.DeleteAllData(ctx); err != nil {
		t.Fatal(err)
	}
	if stats, slots := recount(t, s); len(stats)+len(slots) != 0 {
		t.Fatalf("after delete-all: %v %v", stats, slots)
	}
}

// TestSummaryUsesTheUsersCalendar: an answer at 00:30 in Seoul is that
// day's practice there, and the previous day's in UTC.
func TestSummaryUsesTheUsersCalendar(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	qs := seedQuestions(t, s, 2)
	_, sqs, err := s.StartSession(ctx, TypeBasic, 0, qs)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []string{"2026-11-28T15:30:00Z", "2026-11-28T16:10:00Z", "2026-11-26T01:00:00Z"} {
		tm, _ := time.Parse(time.RFC3339, at)
		if _, err := s.AddAttempt(ctx, Attempt{SessionQuestionID: sqs[0].ID, StartedAt: tm}); err != nil {
			t.Fatal(err)
		}
	}
	seoul := time.FixedZone("KST", 9*3600)
	h, err := s.Summary(ctx, seoul)
	if err != nil || h != (HistorySummary{Attempts: 3, Days: 2, First: "2026-11-26"}) {
		t.Fatalf("Seoul summary = %+v, %v", h, err)
	}
	h, _ = s.Summary(ctx, time.UTC)
	if h.Days != 2 {
		t.Fatalf("UTC summary = %+v", h)
	}
	days, err := s.PracticeDays(ctx, seoul, time.Date(2026, 11, 27, 0, 0, 0, 0, seoul))
	if err != nil || !reflect.DeepEqual(days, []string{"2026-11-29"}) {
		t.Fatalf("Seoul days since the 27th = %v, %v", days, err)
	}
	days, _ = s.PracticeDays(ctx, time.UTC, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	if !reflect.DeepEqual(days, []string{"2026-11-28"}) {
		t.Fatalf("UTC days since the 27th = %v", days)
	}
	// Today's routine is qs[0] and qs[1]: only qs[0] was answered since
	// midnight in Seoul.
	n, err := s.AnsweredSince(ctx, time.Date(2026, 11, 29, 0, 0, 0, 0, seoul), qs)
	if err != nil || n != 1 {
		t.Fatalf("answered since midnight = %d, %v; want 1", n, err)
	}
	if n, _ := s.AnsweredSince(ctx, time.Date(2026, 11, 29, 0, 0, 0, 0, seoul), qs[1:]); n != 0 {
		t.Fatalf("answered outside the routine counted: %d", n)
	}
}

// TestAttemptPagesCoverTheHistoryOnce: paging from the newest answer
// visits every answer once, newest first, with its question and score.
func TestAttemptPagesCoverTheHistoryOnce(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	qs := seedQuestions(t, s, 3)
	_, sqs, err := s.StartSession(ctx, TypeBasic, 0, qs)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	var want []int64
	for i := 0; i < 23; i++ {
		if i%4 != 0 {
			at = at.Add(time.Minute) // some share a time
		}
		id, err := s.AddAttempt(ctx, Attempt{SessionQuestionID: sqs[i%3].ID, StartedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		want = append([]int64{id}, want...)
		if i == 5 {
			score := 61.0
			if err := s.SaveFeedback(ctx, Feedback{AttemptID: id, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`, Scores: []Score{{Dimension: "overall", Score: &score}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []int64
	var cur Cursor
	for pages := 0; ; pages++ {
		rows, next, err := s.AttemptPage(ctx, cur, 5)
		if err != nil || pages > 10 {
			t.Fatal(err, pages)
		}
		for _, r := range rows {
			got = append(got, r.Attempt.ID)
			if r.Question.ID != qs[(r.Attempt.ID-1)%3] || r.Question.Text == "" {
				t.Fatalf("attempt %d: question %+v", r.Attempt.ID, r.Question)
			}
			if (r.Overall != nil) != (r.Attempt.ID == want[len(want)-6]) || r.Overall != nil && *r.Overall != 61 {
				t.Fatalf("attempt %d: overall %v", r.Attempt.ID, r.Overall)
			}
		}
		if next.ID == 0 {
			break
		}
		cur = next
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("pages\n got  %v\n want %v", got, want)
	}
}

// TestTrendsReadTheNewestEntries: a series is the newest N values of one
// name, oldest first, by the answer's time (not its id).
func TestTrendsReadTheNewestEntries(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	qs := seedQuestions(t, s, 1)
	_, sqs, _ := s.StartSession(ctx, TypeBasic, 0, qs)
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	// Stored out of order: an imported old answer gets a newer id.
	for i, day := range []int{5, 1, 9, 3, 7} {
		id, err := s.AddAttempt(ctx, Attempt{SessionQuestionID: sqs[0].ID, StartedAt: base.AddDate(0, 0, day)})
		if err != nil {
			t.Fatal(err)
		}
		v := float64(day * 10)
		err = s.SaveFeedback(ctx, Feedback{AttemptID: id, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
			Scores: []Score{{Dimension: "overall", Score: &v}}, Metrics: map[string]float64{"m": float64(i)}})
		if err != nil {
			t.Fatal(err)
		}
	}
	pts, err := s.MetricSeries(ctx, "score:overall", 3)
	if err != nil {
		t.Fatal(err)
	}
	var vs []float64
	for _, p := range pts {
		vs = append(vs, p.Value)
	}
	if !reflect.DeepEqual(vs, []float64{50, 70, 90}) {
		t.Fatalf("newest three overall scores = %v; want [50 70 90]", vs)
	}
	st, _ := s.QuestionStats(ctx)
	if got := st[qs[0]]; got.Attempts != 5 || got.Score == nil || *got.Score != 90 || !got.Last.Equal(base.AddDate(0, 0, 9)) {
		t.Fatalf("question stat = %+v", got)
	}
}
