package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"nevermind/internal/i18n"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "nevermind.db")
	s, err := Open(context.Background(), p)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, p
}

func TestOpenMigratesFromEmptyAndReopens(t *testing.T) {
	ctx := context.Background()
	s, p := openTemp(t)
	v, err := s.Version(ctx)
	if err != nil || v != SchemaVersion() || v < 1 {
		t.Fatalf("Version = %d, %v; want %d", v, err, SchemaVersion())
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != SchemaVersion() {
		t.Fatalf("schema_migrations rows = %d, %v", n, err)
	}
	var mode string
	if err := s.r.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.r.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v; want 1 on the read pool", fk, err)
	}
	if err := s.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v; want 1 on the writer", fk, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != FileMode {
		t.Errorf("database mode = %v, want %v", fi.Mode().Perm(), FileMode)
	}
	id, err := s.AddQuestion(ctx, Question{PracticeType: TypeBasic, Language: Korean, Text: "자기소개를 해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2, err := Open(ctx, p)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	if v, _ := s2.Version(ctx); v != SchemaVersion() {
		t.Fatalf("reopened version = %d", v)
	}
	if err := s2.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != SchemaVersion() {
		t.Fatalf("reopen applied migrations again: %d rows", n)
	}
	q, err := s2.Question(ctx, id)
	if err != nil || q.Text != "자기소개를 해 주세요." || q.Origin != OriginUser {
		t.Fatalf("question after reopen = %+v, %v", q, err)
	}
}

func TestOpenTightensLooseDatabaseMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nevermind.db")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != FileMode {
		t.Fatalf("mode = %v, want %v", fi.Mode().Perm(), FileMode)
	}
}

func fileSum(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestOpenRefusesNewerDatabaseWithoutTouchingIt(t *testing.T) {
	ctx := context.Background()
	s, p := openTemp(t)
	future := SchemaVersion() + 5
	if _, err := s.w.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, 'from_the_future', ?)`, future, now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(p + side); err == nil {
			t.Fatalf("%s left after close; the test needs a checkpointed file", side)
		}
	}
	before := fileSum(t, p)
	fiBefore, _ := os.Stat(p)

	_, err := Open(ctx, p)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open newer db: err = %v, want ErrNewerSchema", err)
	}
	for _, want := range []string{"schema version", "update NEVER MIND", "NEVERMIND_HOME"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if after := fileSum(t, p); after != before {
		t.Fatal("refused database file was modified")
	}
	fiAfter, _ := os.Stat(p)
	if !fiAfter.ModTime().Equal(fiBefore.ModTime()) || fiAfter.Size() != fiBefore.Size() {
		t.Fatal("refused database file was touched")
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(p + side); err == nil {
			t.Errorf("refusal created %s", side)
		}
	}
}

func TestOpenRejectsGarbageFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nevermind.db")
	junk := []byte(strings.Repeat("this is not a database ", 100))
	if err := os.WriteFile(p, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "move it away") {
		t.Fatalf("err = %v, want a damaged-database message", err)
	}
	if b, _ := os.ReadFile(p); string(b) != string(junk) {
		t.Fatal("damaged file was changed")
	}
}

// seedAttempt builds interview → session → question → attempt → transcript →
// feedback and returns the ids.
func seedAttempt(t *testing.T, s *Store) (sessionID, questionID, attemptID int64) {
	t.Helper()
	ctx := context.Background()
	iv, err := s.AddInterview(ctx, Interview{Company: "네버마인드", Role: "백엔드", Date: "2026-12-10"})
	if err != nil {
		t.Fatal(err)
	}
	qid, err := s.AddQuestion(ctx, Question{PracticeType: TypeJob, Language: Korean, Text: "최근 프로젝트를 설명해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	sess, sqs, err := s.StartSession(ctx, TypeJob, iv, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	aid, err := s.AddAttempt(ctx, Attempt{SessionQuestionID: sqs[0].ID, AudioPath: "media/1/1.wav"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTranscript(ctx, Transcript{AttemptID: aid, Language: Korean, Engine: "whisper.cpp", Model: "base", Text: "음 저는",
		Segments: []Segment{{Start: 0, End: 2 * time.Second, Text: "음 저는", Words: []Word{
			{Start: 0, End: 400 * time.Millisecond, Text: "음", Probability: 0.5},
			{Start: 500 * time.Millisecond, End: 2 * time.Second, Text: "저는", Probability: 0.9}}}}}); err != nil {
		t.Fatal(err)
	}
	score := 72.5
	if err := s.SaveFeedback(ctx, Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
		Metrics: map[string]float64{"pace.spm": 280}, Scores: []Score{{Dimension: "overall", Score: &score}, {Dimension: "content"}},
		Findings: []Finding{{Dimension: "fluency", Severity: SeverityMinor, Code: "long_pause", At: 12 * time.Second, Message: i18n.Text{KO: "멈춤", EN: "pause"}}}}); err != nil {
		t.Fatal(err)
	}
	return sess.ID, qid, aid
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCascadingDeletes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	sessID, qid, _ := seedAttempt(t, s)
	_, _, _ = seedAttempt(t, s) // a second, unrelated session that must survive

	before := map[string]int{"practice_session": 2, "session_question": 2, "attempt": 2, "transcript": 2, "transcript_segment": 2,
		"transcript_word": 4, "feedback": 2, "feedback_score": 4, "feedback_metric": 2, "finding": 2}
	for table, n := range before {
		if got := count(t, s, table); got != n {
			t.Fatalf("%s has %d rows before delete, want %d", table, got, n)
		}
	}
	if err := s.DeleteSession(ctx, sessID); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"practice_session": 1, "session_question": 1, "attempt": 1, "transcript": 1, "transcript_segment": 1,
		"transcript_word": 2, "feedback": 1, "feedback_score": 2, "feedback_metric": 1, "finding": 1}
	for table, n := range want {
		if got := count(t, s, table); got != n {
			t.Errorf("after deleting a session, %s has %d rows, want %d", table, got, n)
		}
	}
	if _, err := s.Question(ctx, qid); err != nil {
		t.Errorf("deleting a session removed its question: %v", err)
	}

	// Interviews cascade to plans and items; sessions for them are kept.
	ivs, _ := s.Interviews(ctx)
	planID, err := s.SavePlan(ctx, Plan{InterviewID: ivs[1].ID, StartDate: "2026-12-01", EndDate: "2026-12-10",
		Items: []PlanItem{{Day: "2026-12-01", Position: 1, Kind: "practice", Title: "1분 자기소개 3회"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteInterview(ctx, ivs[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Plan(ctx, planID); !errors.Is(err, ErrNotFound) {
		t.Errorf("plan after its interview was deleted: %v", err)
	}
	if n := count(t, s, "plan_item"); n != 0 {
		t.Errorf("plan_item rows = %d after cascade", n)
	}
	if n := count(t, s, "practice_session"); n != 1 {
		t.Errorf("practice_session rows = %d; a session must outlive its interview", n)
	}
}

func TestForeignKeysAreEnforced(t *testing.T) {
	s, _ := openTemp(t)
	_, err := s.AddAttempt(context.Background(), Attempt{SessionQuestionID: 999})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("attempt for a missing session question: err = %v, want a foreign key error", err)
	}
}

func TestReadersWorkDuringWrite(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	if _, err := s.AddQuestion(ctx, Question{PracticeType: TypeBasic, Language: Korean, Text: "첫 질문"}); err != nil {
		t.Fatal(err)
	}
	// Hold a write transaction open with an uncommitted insert.
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO question(origin, practice_type, language, text, created_at, updated_at)
		VALUES ('user', 'basic', 'ko', '쓰는 중', ?, ?)`, now(), now()); err != nil {
		t.Fatal(err)
	}
	// Several readers at once must see the committed state, without waiting.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			qs, err := s.Questions(rctx, QuestionFilter{})
			if err != nil {
				errs <- err
				return
			}
			if len(qs) != 1 || qs[0].Text != "첫 질문" {
				errs <- errors.New("reader saw uncommitted data or lost committed data")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("reader during write: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if qs, _ := s.Questions(ctx, QuestionFilter{}); len(qs) != 2 {
		t.Fatalf("after commit readers see %d questions, want 2", len(qs))
	}
}

func TestReadPoolCannotWrite(t *testing.T) {
	s, _ := openTemp(t)
	_, err := s.r.Exec(`INSERT INTO setting(key, value) VALUES ('a', 'b')`)
	if err == nil {
		t.Fatal("the read pool accepted a write")
	}
}

func TestSeedBankIsIdempotentAndKeepsUserEdits(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	v1 := []BankEntry{
		{Key: "k1", PracticeType: TypeBasic, Category: "intro", Language: Korean, Text: "1분 자기소개를 해 주세요.", Tip: "팁1"},
		{Key: "k2", PracticeType: TypeBasic, Category: "failure", Language: Korean, Text: "실패 경험은?", Tip: "팁2"},
		{Key: "k3", PracticeType: TypeEnglish, Category: "intro", Language: English, Text: "Introduce yourself.", Tip: "tip3"},
	}
	r, err := s.SeedBank(ctx, v1)
	if err != nil || r.Added != 3 {
		t.Fatalf("first seed = %+v, %v", r, err)
	}
	r, err = s.SeedBank(ctx, v1)
	if err != nil || r != (SeedResult{Kept: 3}) {
		t.Fatalf("second seed = %+v, %v; want nothing changed", r, err)
	}
	if n := count(t, s, "question"); n != 3 {
		t.Fatalf("questions after reseed = %d", n)
	}

	// The user edits k1, hides k2 and writes their own question.
	qs, _ := s.Questions(ctx, QuestionFilter{})
	byKey := map[string]Question{}
	for _, q := range qs {
		byKey[q.BankKey] = q
	}
	k1 := byKey["k1"]
	k1.Text = "30초 자기소개를 해 주세요."
	if err := s.UpdateQuestion(ctx, k1); err != nil {
		t.Fatal(err)
	}
	if hidden, err := s.DeleteQuestion(ctx, byKey["k2"].ID); err != nil || !hidden {
		t.Fatalf("deleting a bank question: hidden=%v err=%v, want hidden", hidden, err)
	}
	own, err := s.AddQuestion(ctx, Question{PracticeType: TypeJob, Language: Korean, Text: "내 질문"})
	if err != nil {
		t.Fatal(err)
	}

	// An upgrade changes k1 and k3's text and adds k4.
	v2 := append([]BankEntry(nil), v1...)
	v2[0].Text = "자기소개를 1분 안에 해 주세요."
	v2[2].Tip = "Lead with your main point."
	v2 = append(v2, BankEntry{Key: "k4", PracticeType: TypeSituational, Category: "pressure", Language: Korean, Text: "학점이 낮은데요?", Tip: "팁4"})
	r, err = s.SeedBank(ctx, v2)
	if err != nil || r.Added != 1 || r.Updated != 1 || r.Kept != 2 {
		t.Fatalf("upgrade seed = %+v, %v; want 1 added, 1 updated (k3), 2 kept", r, err)
	}
	got, _ := s.Question(ctx, k1.ID)
	if got.Text != "30초 자기소개를 해 주세요." || !got.Edited {
		t.Errorf("user's edit lost: %+v", got)
	}
	got, _ = s.Question(ctx, byKey["k2"].ID)
	if !got.Hidden {
		t.Error("a hidden bank question came back")
	}
	got, _ = s.Question(ctx, byKey["k3"].ID)
	if got.Tip != "Lead with your main point." {
		t.Errorf("unedited question not refreshed: %+v", got)
	}
	if _, err := s.Question(ctx, own); err != nil {
		t.Errorf("user's own question lost: %v", err)
	}
	if n := count(t, s, "question"); n != 5 {
		t.Errorf("questions after upgrade = %d, want 5 (no duplicates)", n)
	}
}

func TestSeedBankRollsBackOnBadEntry(t *testing.T) {
	s, _ := openTemp(t)
	_, err := s.SeedBank(context.Background(), []BankEntry{
		{Key: "ok", PracticeType: TypeBasic, Language: Korean, Text: "좋은 질문"},
		{Key: "bad", PracticeType: TypeBasic, Language: "fr", Text: "Quelle question"},
	})
	if err == nil {
		t.Fatal("seeding a bad entry succeeded")
	}
	if n := count(t, s, "question"); n != 0 {
		t.Fatalf("a failed seed left %d rows; it must be one transaction", n)
	}
}

func TestQuestionFilters(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	for _, q := range []Question{
		{PracticeType: TypeBasic, Language: Korean, Text: "강점은 무엇인가요?"},
		{PracticeType: TypeBasic, Language: English, Text: "What is your Strength?"},
		{PracticeType: TypeJob, Language: Korean, Text: "SQL 경험은?"},
	} {
		if _, err := s.AddQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    QuestionFilter
		want int
	}{
		{"all", QuestionFilter{}, 3},
		{"type", QuestionFilter{Type: TypeBasic}, 2},
		{"language", QuestionFilter{Language: English}, 1},
		{"type and language", QuestionFilter{Type: TypeBasic, Language: Korean}, 1},
		{"search ascii case-insensitive", QuestionFilter{Search: "strength"}, 1},
		{"search hangul", QuestionFilter{Search: "경험"}, 1},
		{"origin", QuestionFilter{Origin: OriginBank}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs, err := s.Questions(ctx, tc.f)
			if err != nil || len(qs) != tc.want {
				t.Fatalf("got %d, %v; want %d", len(qs), err, tc.want)
			}
		})
	}
}

func TestDeleteOwnQuestion(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	free, _ := s.AddQuestion(ctx, Question{PracticeType: TypeBasic, Language: Korean, Text: "연습 안 한 질문"})
	if hidden, err := s.DeleteQuestion(ctx, free); err != nil || hidden {
		t.Fatalf("unused own question: hidden=%v err=%v, want deleted", hidden, err)
	}
	if _, err := s.Question(ctx, free); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted question still there: %v", err)
	}
	_, usedQ, _ := seedAttempt(t, s)
	if hidden, err := s.DeleteQuestion(ctx, usedQ); err != nil || !hidden {
		t.Fatalf("practised question: hidden=%v err=%v, want hidden to keep history", hidden, err)
	}
	if h, err := s.QuestionHistory(ctx, usedQ); err != nil || len(h) != 1 {
		t.Fatalf("history lost: %d, %v", len(h), err)
	}
	if _, err := s.DeleteQuestion(ctx, 12345); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing question: %v", err)
	}
}

func TestRecordQueries(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	_, qid, aid := seedAttempt(t, s)

	// A second attempt at the same question in a new session, scored higher.
	sess, sqs, err := s.StartSession(ctx, TypeJob, 0, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	a2, err := s.AddAttempt(ctx, Attempt{SessionQuestionID: sqs[0].ID, StartedAt: time.Now().Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	score := 81.0
	if err := s.SaveFeedback(ctx, Feedback{AttemptID: a2, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
		Metrics: map[string]float64{"pace.spm": 300}, Scores: []Score{{Dimension: "overall", Score: &score}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ctx, sess.ID, time.Now()); err != nil {
		t.Fatal(err)
	}

	if ss, err := s.Sessions(ctx, 10); err != nil || len(ss) != 2 || ss[0].ID != sess.ID || ss[0].EndedAt == nil || ss[1].EndedAt != nil {
		t.Fatalf("sessions, newest first = %+v, %v", ss, err)
	}
	h, err := s.QuestionHistory(ctx, qid)
	if err != nil || len(h) != 2 {
		t.Fatalf("history = %d, %v", len(h), err)
	}
	if h[0].Attempt.ID != aid || *h[0].Overall != 72.5 || *h[1].Overall != 81 || h[1].SessionID != sess.ID {
		t.Fatalf("history out of order or wrong: %+v %+v", h[0], h[1])
	}
	pts, err := s.MetricSeries(ctx, "pace.spm", 10)
	if err != nil || len(pts) != 2 || pts[0].Value != 280 || pts[1].Value != 300 {
		t.Fatalf("pace series = %+v, %v", pts, err)
	}
	pts, err = s.MetricSeries(ctx, "score:overall", 1)
	if err != nil || len(pts) != 1 || pts[0].Value != 81 {
		t.Fatalf("overall series, last 1 = %+v, %v", pts, err)
	}
	if pts, _ := s.MetricSeries(ctx, "score:content", 10); len(pts) != 0 {
		t.Fatalf("an absent score showed up in the series: %+v", pts)
	}

	f, err := s.Feedback(ctx, aid)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Scores) != 2 || f.Scores[0].Dimension != "content" || f.Scores[0].Score != nil {
		t.Fatalf("absent content score not kept as absent: %+v", f.Scores)
	}
	if len(f.Findings) != 1 || f.Findings[0].At != 12*time.Second {
		t.Fatalf("findings = %+v", f.Findings)
	}
	a, _ := s.Attempt(ctx, aid)
	if a.Status != AttemptAnalyzed {
		t.Fatalf("attempt status = %s after feedback", a.Status)
	}
	tr, err := s.Transcript(ctx, aid)
	if err != nil || len(tr.Segments) != 1 || len(tr.Segments[0].Words) != 2 || tr.Segments[0].Words[1].Text != "저는" {
		t.Fatalf("transcript = %+v, %v", tr, err)
	}
}

func TestFeedbackNeedsSchemaVersion(t *testing.T) {
	s, _ := openTemp(t)
	_, _, aid := seedAttempt(t, s)
	err := s.SaveFeedback(context.Background(), Feedback{AttemptID: aid, MetricsJSON: `{"pace": 1}`})
	if err == nil || !strings.Contains(err.Error(), "schema_version") {
		t.Fatalf("err = %v", err)
	}
}

func TestFeedbackWriteIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	_, _, aid := seedAttempt(t, s)
	bad := 150.0 // out of range: the score insert fails after feedback and metrics were written
	err := s.SaveFeedback(ctx, Feedback{AttemptID: aid, ReportVersion: 2, MetricsJSON: `{"schema_version":2}`,
		Metrics: map[string]float64{"x": 1}, Scores: []Score{{Dimension: "overall", Score: &bad}}})
	if err == nil {
		t.Fatal("out-of-range score accepted")
	}
	f, err := s.Feedback(ctx, aid)
	if err != nil || f.ReportVersion != 1 || f.Metrics["pace.spm"] != 280 {
		t.Fatalf("failed write damaged the old report: %+v, %v", f, err)
	}
}

func TestProfileAndSettings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	p, err := s.Profile(ctx)
	if err != nil || p.Language != Korean {
		t.Fatalf("empty profile = %+v, %v", p, err)
	}
	in := Profile{Name: "김지원", TargetRole: "데이터 분석가", ResumeText: "저는 …", JDText: "SQL 필수", Language: Korean}
	if err := s.SaveProfile(ctx, in); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Profile(ctx)
	if p.Name != in.Name || p.JDText != in.JDText {
		t.Fatalf("profile = %+v", p)
	}
	if err := s.SaveProfile(ctx, Profile{ResumeText: strings.Repeat("가", MaxTextBytes)}); err == nil || !strings.Contains(err.Error(), "KB") {
		t.Fatalf("huge resume: err = %v", err)
	}
	if v, _ := s.Settings(ctx); v.OllamaHost != "" || v.Language != "" {
		t.Fatalf("default settings = %+v", v)
	}
	if err := s.SetOllama(ctx, "127.0.0.1:11500", "qwen2.5:3b"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Settings(ctx); v.OllamaHost != "127.0.0.1:11500" || v.OllamaModel != "qwen2.5:3b" {
		t.Fatalf("settings = %+v", v)
	}
	if err := s.SetLanguage(ctx, "fr"); err == nil {
		t.Fatal("an unknown language was accepted")
	}
	if _, err := s.AddInterview(ctx, Interview{Company: "A", Date: "2026-02-30"}); err == nil {
		t.Fatal("an impossible D-Day was accepted")
	}
}

func TestSchemaVersionMatchesFiles(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if SchemaVersion() != len(ms) || len(ms) == 0 {
		t.Fatalf("SchemaVersion = %d, migrations = %d", SchemaVersion(), len(ms))
	}
	// Every migration must be valid SQL on its own.
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, m := range ms {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("migration %d: %v", m.version, err)
		}
	}
}

// TestFullDiskIsSaid: an I/O error while opening (SQLite could not make
// its shared-memory index, as on a full disk) says the disk is full when
// it is, and nothing of the sort when it is not.
func TestFullDiskIsSaid(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nevermind.db")
	ioErr := errors.New("disk I/O error (4874)")
	if err := describeOpenCode(p, sqlite3.SQLITE_IOERR, ioErr); errors.Is(err, ErrDiskFull) {
		t.Fatalf("with room on the disk: %v", err)
	}
	defer func(f func(string) (uint64, error)) { freeSpace = f }(freeSpace)
	freeSpace = func(string) (uint64, error) { return 4096, nil }
	if err := describeOpenCode(p, sqlite3.SQLITE_IOERR, ioErr); !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free some space") {
		t.Fatalf("on a full disk: %v", err)
	}
	if err := describeOpenCode(p, sqlite3.SQLITE_FULL, errors.New("database or disk is full")); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("SQLITE_FULL: %v", err)
	}
}
