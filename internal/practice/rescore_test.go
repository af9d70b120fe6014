package practice

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
)

// TestRescoreOldReports: an answer scored by feedback version 1 (a short
// answer to an experience question that read 97) is scored again from its
// stored measurements, and reads what this version says everywhere the
// scores are kept; a version-1 report stored without its measurements is
// left as it was.
func TestRescoreOldReports(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	ctx := context.Background()
	dir, st := tempData(t)
	qid, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Category: "teamwork", Language: store.Korean, Text: "리더십을 발휘했던 경험을 말씀해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	wav := filepath.Join(t.TempDir(), "short.wav")
	if out, err := exec.Command("espeak-ng", "-v", "ko", "-w", wav, "저는 팀장을 맡아 프로젝트를 이끌었습니다.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	svc := NewService(dir, st, &pipeline.Pipeline{Lang: "ko"})
	rep, err := svc.ImportAttempt(ctx, qid, wav, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	id := rep.Attempt.ID
	want := *rep.Result.Feedback.Scores["overall"].Value
	if want > 60 {
		t.Fatalf("a %.1f s answer to an experience question scored %.1f", rep.Result.Report.DurationS, want)
	}
	// Store it as version 1 did: the same measurements, a flattering 97.
	old, err := st.Feedback(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	json.Unmarshal([]byte(old.MetricsJSON), &doc)
	fb := rep.Result.Feedback
	ninety7 := 97.0
	fb.Version = 1
	fb.Scores = map[string]feedback.Score{}
	for k, v := range rep.Result.Feedback.Scores {
		fb.Scores[k] = v
	}
	fb.Scores["overall"] = feedback.Score{Value: &ninety7}
	doc["feedback"] = fb
	b, _ := json.Marshal(doc)
	old.MetricsJSON, old.ReportVersion = string(b), 1
	for i := range old.Scores {
		if old.Scores[i].Dimension == "overall" {
			old.Scores[i].Score = &ninety7
		}
	}
	if err := st.SaveFeedback(ctx, old); err != nil {
		t.Fatal(err)
	}
	// A second answer whose version-1 report kept no measurements.
	rep2, err := svc.ImportAttempt(ctx, qid, wav, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	bare := store.Feedback{AttemptID: rep2.Attempt.ID, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`,
		Scores: []store.Score{{Dimension: "overall", Score: &ninety7}}}
	if err := st.SaveFeedback(ctx, bare); err != nil {
		t.Fatal(err)
	}

	n, err := svc.Rescore(ctx)
	if err != nil || n != 1 {
		t.Fatalf("rescored %d, %v; want 1", n, err)
	}
	got, err := st.Feedback(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ReportVersion != feedback.Version {
		t.Errorf("report version %d after rescoring", got.ReportVersion)
	}
	for _, sc := range got.Scores {
		if sc.Dimension == "overall" && (sc.Score == nil || *sc.Score != want) {
			t.Errorf("stored overall %v, want %.1f", sc.Score, want)
		}
	}
	stored, err := svc.StoredReport(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if v := stored.Result.Feedback.Scores["overall"].Value; v == nil || *v != want {
		t.Errorf("the report reads overall %v, want %.1f", v, want)
	}
	recs, err := st.AttemptRecords(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		v := r.Scores["overall"]
		switch r.Attempt.ID {
		case id:
			if v == nil || *v != want {
				t.Errorf("records list overall %v, want %.1f", v, want)
			}
		case rep2.Attempt.ID:
			if v == nil || *v != 97 {
				t.Errorf("the report without measurements changed: %v", v)
			}
		}
	}
	// Nothing is left to score: a second run does nothing.
	if n, err := svc.Rescore(ctx); err != nil || n != 0 {
		t.Errorf("second run rescored %d, %v", n, err)
	}
}
