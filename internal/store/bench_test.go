package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nevermind/internal/i18n"
	"testing"
	"time"
)

func benchStore(b *testing.B, questions int) *Store {
	b.Helper()
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "nevermind.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	es := make([]BankEntry, questions)
	for i := range es {
		es[i] = BankEntry{Key: fmt.Sprintf("k%d", i), PracticeType: PracticeTypes[i%4], Category: "c", Language: []Language{Korean, English}[i%2],
			Text: fmt.Sprintf("질문 %d: 최근 프로젝트에서 맡은 역할을 말씀해 주세요.", i), Tip: "상황, 행동, 결과 순서로"}
	}
	if _, err := s.SeedBank(context.Background(), es); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkQuestionsFiltered is one filter change on the bank screen.
func BenchmarkQuestionsFiltered(b *testing.B) {
	s := benchStore(b, 1000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Questions(ctx, QuestionFilter{Type: TypeJob, Language: Korean, Search: "프로젝트"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveFeedback is the write at the end of an analysed answer.
func BenchmarkSaveFeedback(b *testing.B) {
	s := benchStore(b, 10)
	ctx := context.Background()
	qs, _ := s.Questions(ctx, QuestionFilter{})
	_, sqs, err := s.StartSession(ctx, TypeBasic, 0, []int64{qs[0].ID})
	if err != nil {
		b.Fatal(err)
	}
	metrics := map[string]float64{}
	for i := 0; i < 60; i++ {
		metrics[fmt.Sprintf("m%d", i)] = float64(i)
	}
	score := 70.0
	scores := []Score{{Dimension: "voice", Score: &score}, {Dimension: "pace", Score: &score}, {Dimension: "overall", Score: &score}, {Dimension: "content"}}
	findings := make([]Finding, 20)
	for i := range findings {
		findings[i] = Finding{Dimension: "fluency", Severity: SeverityMinor, Code: "pause", At: time.Duration(i) * time.Second, Message: i18n.Text{KO: "멈춤", EN: "pause"}}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		aid, err := s.AddAttempt(ctx, Attempt{SessionQuestionID: sqs[0].ID})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.SaveFeedback(ctx, Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`, Metrics: metrics, Scores: scores, Findings: findings}); err != nil {
			b.Fatal(err)
		}
	}
}

// historyStore is a database holding n synthetic analysed answers over a
// year, made once per size for the benchmarks of this run.
func historyStore(b *testing.B, n int) *Store {
	b.Helper()
	if s, ok := histories[n]; ok {
		return s
	}
	dir, err := os.MkdirTemp("", "nevermind-history-")
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(context.Background(), filepath.Join(dir, "nevermind.db"))
	if err != nil {
		b.Fatal(err)
	}
	es := make([]BankEntry, 200)
	for i := range es {
		es[i] = BankEntry{Key: fmt.Sprintf("k%d", i), PracticeType: PracticeTypes[i%4], Category: "c", Language: Korean, Text: fmt.Sprintf("질문 %d", i)}
	}
	if _, err := s.SeedBank(context.Background(), es); err != nil {
		b.Fatal(err)
	}
	if err := s.SynthesizeHistory(context.Background(), n, 365, time.Now(), 1); err != nil {
		b.Fatal(err)
	}
	histories[n] = s
	return s
}

var histories = map[int]*Store{}

// BenchmarkHistory is what the records, Home and the plan read, at 1,000,
// 10,000 and 100,000 stored answers.
func BenchmarkHistory(b *testing.B) {
	ctx := context.Background()
	trends := []string{"speech.fillers_per_min", "speech.filler_ratio", "speech.syllables_per_min", "voice.syllables_per_min", "voice.long_pauses",
		"face.frontal_ratio", "pose.slouch_ratio", "score:overall", "score:fluency", "score:pace", "score:gaze", "score:posture", "score:content"}
	for _, n := range []int{1000, 10000, 100000} {
		s := historyStore(b, n)
		b.Run(fmt.Sprintf("summary/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if h, err := s.Summary(ctx, time.Local); err != nil || h.Attempts != n {
					b.Fatal(h, err)
				}
			}
		})
		b.Run(fmt.Sprintf("streak-days/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.PracticeDays(ctx, time.Local, time.Now().AddDate(0, 0, -60)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("page/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if rows, _, err := s.AttemptPage(ctx, Cursor{}, 50); err != nil || len(rows) != 50 {
					b.Fatal(len(rows), err)
				}
			}
		})
		b.Run(fmt.Sprintf("trends/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, m := range trends {
					if _, err := s.MetricSeries(ctx, m, 20); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("practised-questions/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if qs, err := s.PractisedQuestions(ctx, 20); err != nil || len(qs) == 0 {
					b.Fatal(len(qs), err)
				}
			}
		})
		b.Run(fmt.Sprintf("question-stats/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.QuestionStats(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for n, s := range histories {
		s.Close()
		os.RemoveAll(filepath.Dir(s.path))
		delete(histories, n)
	}
}

// BenchmarkImportRows: an archive's 50,000 rows (20,000 questions, 10,000
// interviews, 20,000 sessions) read as a stream and imported into an
// empty database, then again into the same one (every row already there):
// both are linear in the rows (TestImportLookupsUseAnIndex).
func BenchmarkImportRows(b *testing.B) {
	var doc strings.Builder
	fmt.Fprintf(&doc, `{"schema_version": %d, "tables": {"question": [`, SchemaVersion())
	for i := range 20_000 {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"id": %d, "origin": "user", "practice_type": "job", "language": "ko", "text": "질문 %d: 지원 동기를 말씀해 주세요.", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}`, i+1, i)
	}
	doc.WriteString(`], "interview": [`)
	for i := range 10_000 {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"id": %d, "company": "회사 %d", "date": "2027-01-01", "created_at": "2026-01-01T00:00:00Z"}`, i+1, i)
	}
	doc.WriteString(`], "practice_session": [`)
	for i := range 20_000 {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"id": %d, "practice_type": "job", "started_at": "2026-01-01T00:00:%02d.%03dZ"}`, i+1, i/1000, i%1000)
	}
	doc.WriteString(`]}}`)
	ctx := context.Background()
	for b.Loop() {
		s, err := Open(ctx, filepath.Join(b.TempDir(), "nevermind.db"))
		if err != nil {
			b.Fatal(err)
		}
		for range 2 {
			c, err := ReadSnapshot(strings.NewReader(doc.String()), DefaultSnapshotLimits)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.ImportChecked(ctx, c, ImportOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/100_000, "µs/row")
}
