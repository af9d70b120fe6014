package practice

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

// TestCompareTwoAnswers: a short answer, then a full one to the same
// question: set side by side (whichever is passed first), the earlier is
// A, overall and every dimension carry their change, the too-short finding
// went away; answers to different questions are refused; Records lists
// the question with its two answers.
func TestCompareTwoAnswers(t *testing.T) {
	ctx := context.Background()
	svc := bankService(t)
	sess, sqs, err := svc.StartSession(ctx, store.TypeBasic, store.Korean, 2)
	if err != nil {
		t.Fatal(err)
	}
	_ = sess
	dir := t.TempDir()
	first, err := svc.ImportAnswer(ctx, sqs[0], speechFor(t, filepath.Join(dir, "a.wav"), 6*time.Second), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	second, err := svc.ImportAnswer(ctx, sqs[0], speechFor(t, filepath.Join(dir, "b.wav"), 45*time.Second), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Compare(ctx, second.Attempt.ID, first.Attempt.ID, i18n.KO)
	if err != nil {
		t.Fatal(err)
	}
	if c.A.Attempt.ID != first.Attempt.ID || c.B.Attempt.ID != second.Attempt.ID || c.Question.ID != sqs[0].QuestionID {
		t.Fatalf("A %d, B %d, question %d", c.A.Attempt.ID, c.B.Attempt.ID, c.Question.ID)
	}
	if c.Dims[0].Dim != "overall" || c.Dims[0].Change == nil || *c.Dims[0].Change <= 0 || len(c.Dims) < 8 {
		t.Errorf("dimensions %+v", c.Dims)
	}
	for _, d := range c.Dims {
		if (d.A != nil && d.B != nil) != (d.Change != nil) {
			t.Errorf("%s: change %v with scores %v, %v", d.Dim, d.Change, d.A, d.B)
		}
	}
	gone := false
	for _, f := range c.Gone {
		gone = gone || f.Kind == "short_answer"
	}
	for _, f := range c.New {
		if f.Kind == "short_answer" {
			t.Error("the short answer is said to be new")
		}
	}
	if !gone {
		t.Errorf("the too-short finding did not go: gone %+v", c.Gone)
	}
	other, err := svc.ImportAnswer(ctx, sqs[1], speechFor(t, filepath.Join(dir, "c.wav"), 20*time.Second), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Compare(ctx, first.Attempt.ID, other.Attempt.ID, i18n.KO); !errors.Is(err, ErrNotSameQuestion) {
		t.Errorf("two questions compared: %v", err)
	}
	qs, err := svc.Store.PractisedQuestions(ctx, 10)
	if err != nil || len(qs) != 2 || qs[0].Question.ID != sqs[1].QuestionID || qs[1].Answers != 2 || qs[1].Final == nil {
		t.Errorf("practised questions %+v, %v", qs, err)
	}
}
