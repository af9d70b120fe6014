package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"
)

// SaveFeedback replaces an attempt's report (document, scores, metrics and
// findings) and marks the attempt analysed, all in one transaction.
func (s *Store) SaveFeedback(ctx context.Context, f Feedback) error {
	var doc struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal([]byte(f.MetricsJSON), &doc); err != nil || doc.SchemaVersion == nil {
		return fmt.Errorf("save feedback of attempt %d: the metrics document must be a JSON object with a schema_version", f.AttemptID)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM feedback WHERE attempt_id = ?`, f.AttemptID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO feedback(attempt_id, report_version, metrics_json, summary_ko, summary_en, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, f.AttemptID, f.ReportVersion, f.MetricsJSON, f.Summary.KO, f.Summary.EN, now()); err != nil {
			return err
		}
		// The scores and metrics carry the attempt's time for the trends.
		var at string
		if err := tx.QueryRowContext(ctx, `SELECT started_at FROM attempt WHERE id = ?`, f.AttemptID).Scan(&at); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		for _, sc := range f.Scores {
			var v any
			if sc.Score != nil {
				v = *sc.Score
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO feedback_score(attempt_id, dimension, score, reason, at) VALUES (?, ?, ?, ?, ?)`,
				f.AttemptID, sc.Dimension, v, sc.Reason, at); err != nil {
				return fmt.Errorf("score %s: %w", sc.Dimension, err)
			}
		}
		names := make([]string, 0, len(f.Metrics))
		for n := range f.Metrics {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if _, err := tx.ExecContext(ctx, `INSERT INTO feedback_metric(attempt_id, name, value, at) VALUES (?, ?, ?, ?)`, f.AttemptID, n, f.Metrics[n], at); err != nil {
				return fmt.Errorf("metric %s: %w", n, err)
			}
		}
		for i, fd := range f.Findings {
			var end any
			if fd.End != nil {
				end = fd.End.Milliseconds()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO finding(attempt_id, seq, dimension, severity, code, at_ms, end_ms,
				message_ko, message_en, suggestion_ko, suggestion_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				f.AttemptID, i, fd.Dimension, fd.Severity, fd.Code, fd.At.Milliseconds(), end,
				fd.Message.KO, fd.Message.EN, fd.Suggestion.KO, fd.Suggestion.EN); err != nil {
				return fmt.Errorf("finding %s: %w", fd.Code, err)
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE attempt SET status = 'analyzed' WHERE id = ?`, f.AttemptID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save feedback of attempt %d: %w", f.AttemptID, err)
	}
	return nil
}

// FeedbackOlderThan lists the attempts whose report an older scoring
// version made and that kept their measurements (the metrics document
// has a report), oldest first: they can be scored again.
func (s *Store) FeedbackOlderThan(ctx context.Context, version int) ([]int64, error) {
	var ids []int64
	err := s.queryEach(ctx, `SELECT f.attempt_id FROM feedback f JOIN attempt a ON a.id = f.attempt_id
		WHERE f.report_version < ? AND json_type(f.metrics_json, '$.report') = 'object' ORDER BY a.started_at, a.id`, []any{version},
		func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list old reports: %w", err)
	}
	return ids, nil
}

// Feedback returns an attempt's full report.
func (s *Store) Feedback(ctx context.Context, attemptID int64) (Feedback, error) {
	f := Feedback{AttemptID: attemptID, Metrics: map[string]float64{}}
	var created string
	err := s.r.QueryRowContext(ctx, `SELECT report_version, metrics_json, summary_ko, summary_en, created_at FROM feedback WHERE attempt_id = ?`, attemptID).
		Scan(&f.ReportVersion, &f.MetricsJSON, &f.Summary.KO, &f.Summary.EN, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("feedback of attempt %d: %w", attemptID, ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("read feedback of attempt %d: %w", attemptID, err)
	}
	f.CreatedAt = parseTime(created)
	if err := s.queryEach(ctx, `SELECT dimension, score, reason FROM feedback_score WHERE attempt_id = ? ORDER BY dimension`, []any{attemptID},
		func(rows *sql.Rows) error {
			var sc Score
			var v sql.NullFloat64
			if err := rows.Scan(&sc.Dimension, &v, &sc.Reason); err != nil {
				return err
			}
			if v.Valid {
				sc.Score = &v.Float64
			}
			f.Scores = append(f.Scores, sc)
			return nil
		}); err != nil {
		return f, err
	}
	if err := s.queryEach(ctx, `SELECT name, value FROM feedback_metric WHERE attempt_id = ?`, []any{attemptID},
		func(rows *sql.Rows) error {
			var n string
			var v float64
			if err := rows.Scan(&n, &v); err != nil {
				return err
			}
			f.Metrics[n] = v
			return nil
		}); err != nil {
		return f, err
	}
	err = s.queryEach(ctx, `SELECT dimension, severity, code, at_ms, end_ms, message_ko, message_en, suggestion_ko, suggestion_en
		FROM finding WHERE attempt_id = ? ORDER BY seq`, []any{attemptID}, func(rows *sql.Rows) error {
		var fd Finding
		var at int64
		var end sql.NullInt64
		if err := rows.Scan(&fd.Dimension, &fd.Severity, &fd.Code, &at, &end, &fd.Message.KO, &fd.Message.EN, &fd.Suggestion.KO, &fd.Suggestion.EN); err != nil {
			return err
		}
		fd.At = ms(at)
		if end.Valid {
			e := ms(end.Int64)
			fd.End = &e
		}
		f.Findings = append(f.Findings, fd)
		return nil
	})
	return f, err
}

func (s *Store) queryEach(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// QuestionAttempt is one answer to a question, with its overall score when it
// has been analysed.
type QuestionAttempt struct {
	Attempt   Attempt
	SessionID int64
	Overall   *float64
}

// QuestionHistory lists every attempt at a question across sessions, oldest
// first.
func (s *Store) QuestionHistory(ctx context.Context, questionID int64) ([]QuestionAttempt, error) {
	var out []QuestionAttempt
	err := s.queryEach(ctx, `SELECT `+attemptCols+`, sq.session_id, fs.score
		FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
		LEFT JOIN feedback_score fs ON fs.attempt_id = a.id AND fs.dimension = 'overall'
		WHERE sq.question_id = ? ORDER BY a.started_at, a.id`, []any{questionID}, func(rows *sql.Rows) error {
		var qa QuestionAttempt
		var overall sql.NullFloat64
		a, err := scanAttempt(rows, &qa.SessionID, &overall)
		if err != nil {
			return err
		}
		qa.Attempt = a
		if overall.Valid {
			qa.Overall = &overall.Float64
		}
		out = append(out, qa)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("history of question %d: %w", questionID, err)
	}
	return out, nil
}

// MetricPoint is one value of a metric at the time of an attempt.
type MetricPoint struct {
	AttemptID int64
	At        time.Time
	Value     float64
}

// MetricSeries returns a metric (a flat metric name, or "score:<dimension>")
// over time, oldest first, for the last limit attempts that have it.
func (s *Store) MetricSeries(ctx context.Context, name string, limit int) ([]MetricPoint, error) {
	return s.MetricSeriesBefore(ctx, name, limit, time.Time{})
}

// MetricSeriesBefore is MetricSeries of the answers before a time (the
// zero time: all of them).
func (s *Store) MetricSeriesBefore(ctx context.Context, name string, limit int, before time.Time) ([]MetricPoint, error) {
	// Both read the newest entries of one covering index (name, at).
	bound := "9999"
	if !before.IsZero() {
		bound = fmtTime(before)
	}
	q := `SELECT * FROM (SELECT attempt_id, at, value FROM feedback_metric
		WHERE name = ? AND at < ? ORDER BY at DESC, attempt_id DESC LIMIT ?) ORDER BY 2, 1`
	arg := name
	if dim, ok := cutPrefix(name, "score:"); ok {
		q = `SELECT * FROM (SELECT attempt_id, at, score FROM feedback_score
			WHERE dimension = ? AND score IS NOT NULL AND at < ? ORDER BY at DESC, attempt_id DESC LIMIT ?) ORDER BY 2, 1`
		arg = dim
	}
	var out []MetricPoint
	err := s.queryEach(ctx, q, []any{arg, bound, limit}, func(rows *sql.Rows) error {
		var p MetricPoint
		var at string
		if err := rows.Scan(&p.AttemptID, &at, &p.Value); err != nil {
			return err
		}
		p.At = parseTime(at)
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("series of %s: %w", name, err)
	}
	return out, nil
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return s, false
}

// PractisedQuestion is a question with its answers counted, when the last
// was, and that answer's overall score (nil when it has none).
type PractisedQuestion struct {
	Question Question
	Answers  int
	Last     time.Time
	Final    *float64
}

// PractisedQuestions lists the questions answered at least once, the most
// recently practised first (from question_stat, one row a question, so it
// costs the same at 100,000 answers): Records groups the answers by them.
func (s *Store) PractisedQuestions(ctx context.Context, limit int) ([]PractisedQuestion, error) {
	var out []PractisedQuestion
	err := s.queryEach(ctx, `SELECT `+questionColsOf("q")+`, qs.attempts, qs.last_at, fs.score
		FROM question_stat qs JOIN question q ON q.id = qs.question_id
		LEFT JOIN feedback_score fs ON fs.attempt_id = qs.last_attempt_id AND fs.dimension = 'overall'
		ORDER BY qs.last_at DESC, qs.question_id DESC LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		var r PractisedQuestion
		var qs questionScan
		var last string
		var final sql.NullFloat64
		if err := rows.Scan(append(qs.targets(), &r.Answers, &last, &final)...); err != nil {
			return err
		}
		r.Question, r.Last = qs.question(), parseTime(last)
		if final.Valid {
			r.Final = &final.Float64
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list practised questions: %w", err)
	}
	return out, nil
}
