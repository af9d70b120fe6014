package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentFirstOpen opens one new database from six stores at once,
// as six `nevermind bank list` runs on an empty home do: every one must
// open, and the schema must be applied exactly once.
func TestConcurrentFirstOpen(t *testing.T) {
	for round := 0; round < 5; round++ {
		p := filepath.Join(t.TempDir(), "nevermind.db")
		var wg sync.WaitGroup
		errs := make([]error, 6)
		stores := make([]*Store, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				stores[i], errs[i] = Open(context.Background(), p)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: open %d of 6: %v", round, i, err)
			}
		}
		var n int
		if err := stores[0].r.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != SchemaVersion() {
			t.Fatalf("round %d: %d migrations recorded, %v; want %d", round, n, err, SchemaVersion())
		}
		for _, s := range stores {
			s.Close()
		}
	}
}

// TestStrictTablesRefuseWrongTypes: the tables refuse a value of the wrong
// type, a time or date without its shape, and a recording path outside
// media/, whoever writes it.
func TestStrictTablesRefuseWrongTypes(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	qid, err := s.AddQuestion(ctx, Question{PracticeType: TypeBasic, Language: Korean, Text: "자기소개를 해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	_, sqs, err := s.StartSession(ctx, TypeBasic, 0, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	good := map[string]any{"session_question_id": sqs[0].ID, "started_at": "2026-11-25T10:00:00Z", "duration_ms": 1000, "status": "recorded", "audio_path": "media/1/a.wav", "video_path": ""}
	insert := func(change map[string]any) error {
		cols, ph, args := []string{}, []string{}, []any{}
		for k, v := range good {
			if c, ok := change[k]; ok {
				v = c
			}
			cols, ph, args = append(cols, k), append(ph, "?"), append(args, v)
		}
		_, err := s.w.ExecContext(ctx, `INSERT INTO attempt(`+strings.Join(cols, ",")+`) VALUES (`+strings.Join(ph, ",")+`)`, args...)
		return err
	}
	if err := insert(nil); err != nil {
		t.Fatalf("a good row: %v", err)
	}
	for name, change := range map[string]map[string]any{
		"NaN duration":         {"duration_ms": "NaN"},
		"fractional duration":  {"duration_ms": 1.5},
		"negative duration":    {"duration_ms": -5},
		"text id":              {"session_question_id": "one"},
		"not a time":           {"started_at": "not a time"},
		"number for a time":    {"started_at": 12},
		"unknown status":       {"status": "done"},
		"absolute audio":       {"audio_path": "/etc/passwd"},
		"parent in the path":   {"audio_path": "media/../../x.wav"},
		"outside media":        {"video_path": "lib/libonnxruntime.so"},
		"backslash":            {"video_path": `media\..\x.avi`},
		"blob for a text path": {"audio_path": []byte("media/1/a.wav")},
	} {
		if err := insert(change); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO interview(company, date, created_at) VALUES ('x', 'soon', ?)`, now()); err == nil {
		t.Error("a date that is not YYYY-MM-DD was stored")
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO feedback_metric(attempt_id, name, value) VALUES (1, 'x', 'high')`); err == nil {
		t.Error("text in a REAL column was stored")
	}
}

// databaseAt creates a database at schema version v (the first v
// migrations) and returns its path and a connection for writing the rows
// an older version would have stored.
func databaseAt(t *testing.T, v int) (string, *sql.DB) {
	t.Helper()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "nevermind.db")
	if err := createPrivate(p); err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", dsn(p, false))
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	old := &Store{path: p, w: w}
	if err := old.migrate(context.Background(), ms[:v]); err != nil {
		t.Fatal(err)
	}
	return p, w
}

// TestMigrationFromVersion1 builds a version-1 database holding what an
// earlier import could store (a "NaN" duration, a time that is not one, a
// path outside media/), migrates it, and checks that every row survives
// with values of the right type and the references intact.
func TestMigrationFromVersion1(t *testing.T) {
	ctx := context.Background()
	p, w := databaseAt(t, 1)
	for _, q := range []string{
		`INSERT INTO question(id, origin, practice_type, language, text, created_at, updated_at) VALUES (1, 'user', 'job', 'ko', '왜 지원했나요?', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')`,
		`INSERT INTO practice_session(id, practice_type, started_at) VALUES (1, 'job', '2026-11-01T00:00:00Z')`,
		`INSERT INTO session_question(id, session_id, question_id, position) VALUES (1, 1, 1, 0)`,
		`INSERT INTO attempt(id, session_question_id, started_at, duration_ms, status, audio_path, video_path) VALUES (1, 1, '2026-11-01T00:00:01Z', 61000, 'analyzed', 'media/1/a.wav', 'media/1/a.avi')`,
		`INSERT INTO attempt(id, session_question_id, started_at, duration_ms, status, audio_path, video_path) VALUES (2, 1, 'not a time', 'NaN', 'recorded', '../../x.wav', '/etc/passwd')`,
		`INSERT INTO feedback(attempt_id, report_version, metrics_json, created_at) VALUES (1, 3, '{"schema_version":1}', '2026-11-01T00:00:02Z')`,
		`INSERT INTO feedback_score(attempt_id, dimension, score) VALUES (1, 'overall', 72.5)`,
		`INSERT INTO feedback_metric(attempt_id, name, value) VALUES (1, 'duration_s', 61)`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	w.Close()

	s, err := Open(ctx, p)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer s.Close()
	got := map[string]string{}
	rows, err := s.r.QueryContext(ctx, `SELECT id, started_at, duration_ms, typeof(duration_ms), audio_path, video_path FROM attempt ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, d int64
		var at, typ, a, v string
		if err := rows.Scan(&id, &at, &d, &typ, &a, &v); err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprint(id)] = fmt.Sprintf("%s %d %s %q %q", at, d, typ, a, v)
	}
	rows.Close()
	want := map[string]string{
		"1": `2026-11-01T00:00:01Z 61000 integer "media/1/a.wav" "media/1/a.avi"`,
		"2": `1970-01-01T00:00:00Z 0 integer "" ""`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("attempt %s after migration = %s; want %s", k, got[k], w)
		}
	}
	// The history's derived rows were made from the old rows.
	// (attempt 2's unreadable time became 1970-01-01: another slot.)
	var answers, slots int
	var at string
	s.r.QueryRowContext(ctx, `SELECT (SELECT attempts FROM question_stat WHERE question_id = 1), (SELECT count(*) FROM practice_slot), (SELECT min(at) FROM feedback_score)`).Scan(&answers, &slots, &at)
	if answers != 2 || slots != 2 || at != "2026-11-01T00:00:01Z" {
		t.Errorf("after migration: question 1 has %d answers, %d practice slots, score time %q; want 2, 2 and the attempt's time", answers, slots, at)
	}
	// The references still cascade.
	if err := s.DeleteSession(ctx, 1); err != nil {
		t.Fatal(err)
	}
	var n int
	s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM attempt) + (SELECT count(*) FROM feedback) + (SELECT count(*) FROM feedback_score)
		+ (SELECT count(*) FROM question_stat) + (SELECT count(*) FROM practice_slot)`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d rows left after deleting the session; the rebuilt tables lost their cascades", n)
	}
	var strict int
	s.r.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_list WHERE strict = 1 AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'`).Scan(&strict)
	if strict != len(tables)+len(derivedTables)+len(syncTables) {
		t.Fatalf("%d STRICT tables; want %d", strict, len(tables)+len(derivedTables)+len(syncTables))
	}
}

// TestOpenErrorsTellReadOnlyFromDamaged: a database that cannot be
// written is not called damaged, and one that is not a database is.
func TestOpenErrorsTellReadOnlyFromDamaged(t *testing.T) {
	s, p := openTemp(t)
	s.Close()
	ro, err := sql.Open("sqlite", "file:"+p+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, werr := ro.Exec(`INSERT INTO setting(key, value) VALUES ('a', 'b')`)
	if werr == nil {
		t.Fatal("a read-only connection wrote")
	}
	for name, tc := range map[string]struct {
		err  error
		want error
	}{
		"SQLite says read-only": {werr, ErrReadOnly},
		"permission denied":     {&os.PathError{Op: "open", Path: p, Err: os.ErrPermission}, ErrReadOnly},
	} {
		got := describeOpenErr(p, tc.err)
		if !errors.Is(got, tc.want) || strings.Contains(got.Error(), "move it away") {
			t.Errorf("%s: %v", name, got)
		}
	}
	garbage := filepath.Join(t.TempDir(), "nevermind.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 200)), 0o600)
	if _, err := Open(context.Background(), garbage); !errors.Is(err, ErrDamaged) {
		t.Errorf("a garbage file: %v", err)
	}
}

// TestMigrationToApplications: a database of version 4 with one profile
// and two interviews opens as two applications, each with the profile's
// documents; questions generated for one application are listed for it
// alone; export and import carry the applications, their documents and
// which application each question was written for.
func TestMigrationToApplications(t *testing.T) {
	ctx := context.Background()
	p, w := databaseAt(t, 4)
	for _, q := range []string{
		`INSERT INTO profile(id, target_role, resume_text, jd_text, language, updated_at) VALUES (1, '백엔드 개발자', '결제 서버의 응답 시간을 줄였습니다.', '모집 분야: 백엔드 개발자', 'ko', '2026-11-01T00:00:00Z')`,
		`INSERT INTO interview(id, company, role, date, created_at) VALUES (1, '한빛페이', '백엔드 개발자', '2026-12-20', '2026-11-01T00:00:00Z')`,
		`INSERT INTO interview(id, company, role, date, created_at) VALUES (2, '토스랩', '서버 개발자', '2026-12-28', '2026-11-01T00:00:00Z')`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	w.Close()
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer s.Close()
	ivs, err := s.Interviews(ctx)
	if err != nil || len(ivs) != 2 {
		t.Fatalf("%v %v", ivs, err)
	}
	for _, iv := range ivs {
		if iv.ResumeText != "결제 서버의 응답 시간을 줄였습니다." || iv.JDText != "모집 분야: 백엔드 개발자" {
			t.Errorf("application %s after migration: %q %q", iv.Company, iv.ResumeText, iv.JDText)
		}
	}
	// Each application its own documents and questions.
	if err := s.SaveApplicationDocs(ctx, 2, "정산 배치를 6시간에서 1시간으로 줄였습니다.", "모집 분야: 서버 개발자\n- 대용량 트랜잭션 처리"); err != nil {
		t.Fatal(err)
	}
	q1, err := s.AddGeneratedQuestion(ctx, Question{PracticeType: TypeJob, Language: Korean, Text: "응답 시간을 어떻게 줄였나요?"}, Generation{Source: FromResume, Model: "offline", ApplicationID: 1})
	if err != nil {
		t.Fatal(err)
	}
	q2, _ := s.AddGeneratedQuestion(ctx, Question{PracticeType: TypeJob, Language: Korean, Text: "대용량 트랜잭션을 어떻게 다뤄 보셨나요?"}, Generation{Source: FromJD, Model: "offline", ApplicationID: 2})
	for app, want := range map[int64]int64{1: q1, 2: q2} {
		qs, err := s.Questions(ctx, QuestionFilter{Application: app})
		if err != nil || len(qs) != 1 || qs[0].ID != want {
			t.Errorf("application %d's questions: %+v %v", app, qs, err)
		}
	}
	// Deleting an application keeps its questions, written for no one now.
	snap, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	checked, err := ReadSnapshot(bytes.NewReader(raw), DefaultSnapshotLimits)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := openTemp(t)
	if _, err := s2.ImportChecked(ctx, checked, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ivs2, _ := s2.Interviews(ctx)
	if len(ivs2) != 2 || ivs2[1].JDText != "모집 분야: 서버 개발자\n- 대용량 트랜잭션 처리" {
		t.Fatalf("imported applications: %+v", ivs2)
	}
	qs, _ := s2.Questions(ctx, QuestionFilter{Application: ivs2[1].ID})
	if len(qs) != 1 || qs[0].Text != "대용량 트랜잭션을 어떻게 다뤄 보셨나요?" {
		t.Errorf("imported application's questions: %+v", qs)
	}
	if err := s.DeleteInterview(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if g, err := s.Generation(ctx, q1); err != nil || g.ApplicationID != 0 {
		t.Errorf("after deleting its application, question %d: %+v %v", q1, g, err)
	}
}
