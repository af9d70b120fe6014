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
	"nevermind/internal/store"
)

// ErrNotAnalysed means a stored answer has no report yet (it was
// cancelled, interrupted, or its analysis failed): Reanalyze makes one.
var ErrNotAnalysed = errors.New("this answer has not been analysed yet")

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
		return &AttemptReport{Attempt: a}, ErrNotAnalysed
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
// records no longer list), then its rows.
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
	for _, p := range []string{m.Audio, m.Video, m.Frames} {
		if p == "" {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("delete the recording of answer %d: %w", attemptID, err)
		}
	}
	return s.Store.DeleteAttempt(ctx, attemptID)
}
