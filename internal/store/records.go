package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RecentQuestionIDs lists the questions attempted since the given time,
// most recent first, so a new session can avoid repeating them.
func (s *Store) RecentQuestionIDs(ctx context.Context, since time.Time) ([]int64, error) {
	var out []int64
	err := s.queryEach(ctx, `SELECT sq.question_id FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
		WHERE a.started_at >= ? GROUP BY sq.question_id ORDER BY max(a.started_at) DESC`, []any{fmtTime(since)}, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		out = append(out, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recent questions: %w", err)
	}
	return out, nil
}

// AttemptRecord is a stored attempt with its question and scores.
type AttemptRecord struct {
	Attempt  Attempt
	Question Question
	Scores   map[string]*float64 // dimension: score, nil when absent
}

// AttemptRecords lists the newest attempts (at most limit) with their
// question and scores.
func (s *Store) AttemptRecords(ctx context.Context, limit int) ([]AttemptRecord, error) {
	var out []AttemptRecord
	idx := map[int64]int{}
	err := s.queryEach(ctx, `SELECT `+attemptCols+`, `+questionColsOf("q")+` FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
		JOIN question q ON q.id = sq.question_id ORDER BY a.started_at DESC, a.id DESC LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		var r AttemptRecord
		var qs questionScan
		a, err := scanAttempt(rows, qs.targets()...)
		r.Attempt, r.Question, r.Scores = a, qs.question(), map[string]*float64{}
		idx[a.ID] = len(out)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list attempts: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	err = s.queryEach(ctx, `SELECT fs.attempt_id, fs.dimension, fs.score FROM feedback_score fs
		WHERE fs.attempt_id IN (SELECT a.id FROM attempt a ORDER BY a.started_at DESC, a.id DESC LIMIT ?)`, []any{limit}, func(rows *sql.Rows) error {
		var id int64
		var dim string
		var v sql.NullFloat64
		if err := rows.Scan(&id, &dim, &v); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			if v.Valid {
				f := v.Float64
				out[i].Scores[dim] = &f
			} else {
				out[i].Scores[dim] = nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list scores: %w", err)
	}
	return out, nil
}

// SetAttemptMedia records where an attempt's files are (relative to the
// data folder); video may be "" for an audio-only attempt.
func (s *Store) SetAttemptMedia(ctx context.Context, id int64, audio, video string) error {
	return s.execOne(ctx, fmt.Sprintf("update attempt %d", id), `UPDATE attempt SET audio_path = ?, video_path = ? WHERE id = ?`, audio, video, id)
}

// AttemptQuestion is the question an attempt answers.
func (s *Store) AttemptQuestion(ctx context.Context, attemptID int64) (Question, error) {
	var qid int64
	err := s.r.QueryRowContext(ctx, `SELECT sq.question_id FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id WHERE a.id = ?`, attemptID).Scan(&qid)
	if err != nil {
		return Question{}, fmt.Errorf("question of attempt %d: %w", attemptID, err)
	}
	return s.Question(ctx, qid)
}

// DeleteAllData removes everything the user made (profile, interviews,
// plans, sessions, attempts, their own and generated questions, settings)
// in one transaction; the built-in bank stays, with its edits undone.
func (s *Store) DeleteAllData(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM practice_session`, `DELETE FROM plan`, `DELETE FROM interview`, `DELETE FROM profile`,
			`DELETE FROM setting`, `DELETE FROM question WHERE origin != 'bank'`,
			`UPDATE question SET hidden = 0`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("delete all data: %w", err)
			}
		}
		return nil
	})
}

// AddSessionQuestion appends a question to a session (a follow-up asked
// during practice) and returns its place.
func (s *Store) AddSessionQuestion(ctx context.Context, sessionID, questionID int64) (SessionQuestion, error) {
	sq := SessionQuestion{SessionID: sessionID, QuestionID: questionID}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), -1) + 1 FROM session_question WHERE session_id = ?`, sessionID).Scan(&sq.Position); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO session_question(session_id, question_id, position) VALUES (?, ?, ?)`, sessionID, questionID, sq.Position)
		if err != nil {
			return err
		}
		sq.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return sq, fmt.Errorf("add to session %d: %w", sessionID, err)
	}
	return sq, nil
}

// UpdateInterview changes an interview's company, role and date.
func (s *Store) UpdateInterview(ctx context.Context, iv Interview) error {
	return s.execOne(ctx, fmt.Sprintf("update interview %d", iv.ID), `UPDATE interview SET company = ?, role = ?, date = ? WHERE id = ?`, iv.Company, iv.Role, iv.Date, iv.ID)
}
