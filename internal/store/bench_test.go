package store

import (
	"context"
	"fmt"
	"nevermind/internal/i18n"
	"path/filepath"
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
