package practice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// ErrNotAnalysed means a stored answer has no report yet (it was
// cancelled, interrupted, or its analysis failed): Reanalyze makes one.
var ErrNotAnalyzed = errors.New("this answer has not been analysed yet")

// StoredReport reads a past answer's report as it was stored: the scores,
// findings, transcript and tracks. The stored document is read like any
// file the app did not just write: a document that does not decode is an
// error, not a crash.
func (s *Service) StoredReport(ctx context.Context, attemptID int64) (*AttemptReport, error) {
	a, err := s.Store.Attempt(ctx, attemptID)
	if err != nil {
		return nil, err
	}
	f, err := s.Store.Feedback(ctx, attemptID)
	if errors.Is(err, store.ErrNotFound) {
		return &AttemptReport{Attempt: a}, ErrNotAnalyzed
	}
	if err != nil {
		return nil, err
	}
	var doc struct {
		Report   analysis.Report   `json:"report"`
		Feedback feedback.Report   `json:"feedback"`
		Skipped  map[string]string `json:"skipped"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(f.MetricsJSON)))
	if err := dec.Decode(&doc); err != nil {
		return &AttemptReport{Attempt: a}, fmt.Errorf("the report of answer %d does not read (%v): analyse it again", attemptID, err)
	}
	if doc.Skipped == nil {
		doc.Skipped = map[string]string{}
	}
	return &AttemptReport{Attempt: a, Result: &pipeline.Result{Report: doc.Report, Feedback: doc.Feedback, Skipped: doc.Skipped}}, nil
}

// DeleteAttempt deletes a past answer: its recordings first (a recording
// that cannot be removed stops the deletion, so nothing is left that the
// records no longer list), then its rows. A recording another answer also
// stores (an import of older NEVER MIND could share one) is left to it.
func (s *Service) DeleteAttempt(ctx context.Context, attemptID int64) error {
	a, err := s.Store.Attempt(ctx, attemptID)
	if err != nil {
		return err
	}
	m, err := s.MediaOf(a)
	if err != nil {
		// A path the app did not write: delete the rows, touch no file.
		return s.Store.DeleteAttempt(ctx, attemptID)
	}
	files := []struct{ stored, abs, frames string }{{a.AudioPath, m.Audio, ""}, {a.VideoPath, m.Video, m.Frames}}
	for _, f := range files {
		if f.stored == "" {
			continue
		}
		shared, err := s.Store.RecordingUsedElsewhere(ctx, attemptID, f.stored)
		if err != nil {
			return err
		}
		if shared {
			continue
		}
		for _, p := range []string{f.abs, f.frames} {
			if p == "" {
				continue
			}
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("delete the recording of answer %d: %w", attemptID, err)
			}
		}
	}
	return s.Store.DeleteAttempt(ctx, attemptID)
}

// Rescore scores again, from their stored measurements, the answers whose
// report an older scoring version made (feedback.Version): nothing is
// analysed again and the recordings are not needed, so a 4-second answer
// scored 97 under version 1 reads what version 2 says of it everywhere
// (records, trends, the plan's weakest dimension). The content score and
// its findings are kept as they were judged; everything else is scored
// anew. A report stored without its measurements is left as it is. It
// returns how many were scored again; one that fails does not stop the
// others, and the first failure is returned.
func (s *Service) Rescore(ctx context.Context) (int, error) {
	ids, err := s.Store.FeedbackOlderThan(ctx, feedback.Version)
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		done, err := s.rescore(ctx, id)
		if err != nil && first == nil {
			first = fmt.Errorf("answer %d: %w", id, err)
		}
		if done {
			n++
		}
	}
	return n, first
}

func (s *Service) rescore(ctx context.Context, id int64) (bool, error) {
	a, err := s.Store.Attempt(ctx, id)
	if err != nil {
		return false, err
	}
	f, err := s.Store.Feedback(ctx, id)
	if err != nil {
		return false, err
	}
	var doc struct {
		Report   *analysis.Report  `json:"report"`
		Feedback feedback.Report   `json:"feedback"`
		Skipped  map[string]string `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(f.MetricsJSON), &doc); err != nil || doc.Report == nil || doc.Report.DurationS <= 0 {
		return false, nil // nothing to score from: it stays as it was
	}
	q, err := s.Store.AttemptQuestion(ctx, id)
	if err != nil {
		return false, err
	}
	var content *feedback.Content
	if sc := doc.Feedback.Scores["content"]; sc.Value != nil {
		content = &feedback.Content{Score: *sc.Value, Reason: sc.Reason}
		for _, fd := range doc.Feedback.Findings {
			if fd.Dimension == "content" {
				content.Findings = append(content.Findings, fd)
			}
		}
	}
	// The comparison with the past is with the answers before this one.
	hist := s.historyBefore(ctx, a.StartedAt)
	lang := string(q.Language)
	if t := doc.Report.Transcript; t != nil && (t.Language == "ko" || t.Language == "en") {
		lang = t.Language
	}
	fb := feedback.Build(*doc.Report, feedback.Options{Lang: lang, History: hist, Content: content, Kind: feedback.KindOf(string(q.PracticeType), q.Category)})
	if doc.Skipped == nil {
		doc.Skipped = map[string]string{}
	}
	return true, s.saveFeedback(ctx, id, &pipeline.Result{Report: *doc.Report, Feedback: fb, Skipped: doc.Skipped})
}

// MediaLeftError means every record was deleted but the recordings'
// folder could not be emptied: Dir is what to remove by hand.
type MediaLeftError struct {
	Dir string
	Err error
}

func (e *MediaLeftError) Error() string {
	return fmt.Sprintf("every record was deleted, but the recordings in %s were not: %v", e.Dir, e.Err)
}

func (e *MediaLeftError) Unwrap() error { return e.Err }

// DeleteAll deletes every record and every recording of the data folder
// (the models and exports stay). The records go first; recordings that
// cannot be removed are a *MediaLeftError naming the folder.
func (s *Service) DeleteAll(ctx context.Context) error {
	if err := s.Store.DeleteAllData(ctx); err != nil {
		return err
	}
	media := s.Dir.MediaDir()
	if err := os.RemoveAll(media); err != nil {
		return &MediaLeftError{Dir: media, Err: err}
	}
	return os.MkdirAll(media, appdata.DirMode)
}

// QuestionOveralls are the overall scores of a question's analysed
// answers, oldest first.
func (s *Service) QuestionOveralls(ctx context.Context, questionID int64) ([]float64, error) {
	hs, err := s.Store.QuestionHistory(ctx, questionID)
	if err != nil {
		return nil, err
	}
	var out []float64
	for _, h := range hs {
		if h.Overall != nil {
			out = append(out, *h.Overall)
		}
	}
	return out, nil
}
