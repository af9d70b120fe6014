package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StartSession creates a practice session with its questions in the given
// order, in one transaction.
func (s *Store) StartSession(ctx context.Context, t PracticeType, interviewID int64, questionIDs []int64) (Session, []SessionQuestion, error) {
	sess := Session{PracticeType: t, InterviewID: interviewID, StartedAt: time.Now().UTC()}
	var sqs []SessionQuestion
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var iv any
		if interviewID != 0 {
			iv = interviewID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO practice_session(practice_type, interview_id, started_at) VALUES (?, ?, ?)`,
			t, iv, fmtTime(sess.StartedAt))
		if err != nil {
			return err
		}
		if sess.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		sqs = sqs[:0]
		for i, qid := range questionIDs {
			res, err := tx.ExecContext(ctx, `INSERT INTO session_question(session_id, question_id, position) VALUES (?, ?, ?)`, sess.ID, qid, i+1)
			if err != nil {
				return fmt.Errorf("question %d: %w", qid, err)
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			sqs = append(sqs, SessionQuestion{ID: id, SessionID: sess.ID, QuestionID: qid, Position: i + 1})
		}
		return nil
	})
	if err != nil {
		return Session{}, nil, fmt.Errorf("start session: %w", err)
	}
	return sess, sqs, nil
}

// EndSession records when a session ended.
func (s *Store) EndSession(ctx context.Context, id int64, at time.Time) error {
	return s.execOne(ctx, fmt.Sprintf("end session %d", id), `UPDATE practice_session SET ended_at = ? WHERE id = ?`, fmtTime(at), id)
}

// DeleteSession removes a session with everything recorded in it: its
// questions' places, attempts, transcripts and feedback. Media files are the
// caller's to remove.
func (s *Store) DeleteSession(ctx context.Context, id int64) error {
	return s.deleteByID(ctx, "practice_session", id)
}

// Sessions lists sessions, newest first.
func (s *Store) Sessions(ctx context.Context, limit int) ([]Session, error) {
	var out []Session
	err := s.queryEach(ctx, `SELECT id, practice_type, coalesce(interview_id, 0), started_at, ended_at
		FROM practice_session ORDER BY started_at DESC, id DESC LIMIT ?`, []any{limit}, func(rows *sql.Rows) error {
		var ss Session
		var started string
		var ended sql.NullString
		err := rows.Scan(&ss.ID, &ss.PracticeType, &ss.InterviewID, &started, &ended)
		ss.StartedAt, ss.EndedAt = parseTime(started), parseNullTime(ended)
		out = append(out, ss)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return out, nil
}

// InterviewSession is a mock interview in the records: when, for which
// interview (Company "" when none), and how many of its questions have an
// analysed answer.
type InterviewSession struct {
	Session   Session
	Company   string
	Questions int
	Answered  int
}

// InterviewSessions lists the mock interviews, newest first.
func (s *Store) InterviewSessions(ctx context.Context, limit int) ([]InterviewSession, error) {
	var out []InterviewSession
	err := s.queryEach(ctx, `SELECT ps.id, ps.practice_type, coalesce(ps.interview_id, 0), ps.started_at, ps.ended_at, coalesce(iv.company, ''),
			(SELECT count(*) FROM session_question sq WHERE sq.session_id = ps.id),
			(SELECT count(*) FROM session_question sq WHERE sq.session_id = ps.id
				AND EXISTS (SELECT 1 FROM attempt a WHERE a.session_question_id = sq.id AND a.status = 'analyzed'))
		FROM practice_session ps LEFT JOIN interview iv ON iv.id = ps.interview_id
		WHERE ps.practice_type = ? ORDER BY ps.started_at DESC, ps.id DESC LIMIT ?`, []any{SessionInterview, limit}, func(rows *sql.Rows) error {
		var r InterviewSession
		var started string
		var ended sql.NullString
		err := rows.Scan(&r.Session.ID, &r.Session.PracticeType, &r.Session.InterviewID, &started, &ended, &r.Company, &r.Questions, &r.Answered)
		r.Session.StartedAt, r.Session.EndedAt = parseTime(started), parseNullTime(ended)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list mock interviews: %w", err)
	}
	return out, nil
}

// Session reads one session.
func (s *Store) Session(ctx context.Context, id int64) (Session, error) {
	var ss Session
	var started string
	var ended sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT id, practice_type, coalesce(interview_id, 0), started_at, ended_at FROM practice_session WHERE id = ?`, id).
		Scan(&ss.ID, &ss.PracticeType, &ss.InterviewID, &started, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, fmt.Errorf("session %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return ss, fmt.Errorf("session %d: %w", id, err)
	}
	ss.StartedAt, ss.EndedAt = parseTime(started), parseNullTime(ended)
	return ss, nil
}

// SessionAnswer is one question of a session, in its place, with its
// latest analysed answer (AttemptID 0 when it has none).
type SessionAnswer struct {
	SessionQuestion SessionQuestion
	Question        Question
	AttemptID       int64
}

// SessionAnswers lists a session's questions in the order they were
// answered (a follow-up right after its question), then those never
// answered in their place, each with its latest analysed answer.
func (s *Store) SessionAnswers(ctx context.Context, sessionID int64) ([]SessionAnswer, error) {
	var out []SessionAnswer
	err := s.queryEach(ctx, `SELECT sq.id, sq.session_id, sq.question_id, sq.position,
			coalesce((SELECT a.id FROM attempt a WHERE a.session_question_id = sq.id AND a.status = 'analyzed' ORDER BY a.started_at DESC, a.id DESC LIMIT 1), 0),
			`+questionColsOf("q")+`
		FROM session_question sq JOIN question q ON q.id = sq.question_id
		WHERE sq.session_id = ?
		ORDER BY coalesce((SELECT min(a.started_at) FROM attempt a WHERE a.session_question_id = sq.id), '9999'), sq.position, sq.id`, []any{sessionID}, func(rows *sql.Rows) error {
		var r SessionAnswer
		var qs questionScan
		if err := rows.Scan(append([]any{&r.SessionQuestion.ID, &r.SessionQuestion.SessionID, &r.SessionQuestion.QuestionID, &r.SessionQuestion.Position, &r.AttemptID}, qs.targets()...)...); err != nil {
			return err
		}
		r.Question = qs.question()
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("answers of session %d: %w", sessionID, err)
	}
	return out, nil
}

// AddAttempt records the start of an answer and returns its id. Media paths
// must be relative to the data folder.
func (s *Store) AddAttempt(ctx context.Context, a Attempt) (int64, error) {
	if a.Status == "" {
		a.Status = AttemptRecording
	}
	if a.StartedAt.IsZero() {
		a.StartedAt = time.Now()
	}
	res, err := s.exec(ctx, `INSERT INTO attempt(session_question_id, started_at, duration_ms, status, audio_path, video_path)
		VALUES (?, ?, ?, ?, ?, ?)`, a.SessionQuestionID, fmtTime(a.StartedAt), a.Duration.Milliseconds(), a.Status, a.AudioPath, a.VideoPath)
	if err != nil {
		return 0, fmt.Errorf("add attempt: %w", err)
	}
	return res.LastInsertId()
}

// FinishAttempt sets an attempt's status and duration.
func (s *Store) FinishAttempt(ctx context.Context, id int64, st AttemptStatus, d time.Duration) error {
	return s.execOne(ctx, fmt.Sprintf("update attempt %d", id), `UPDATE attempt SET status = ?, duration_ms = ? WHERE id = ?`, st, d.Milliseconds(), id)
}

const attemptCols = `a.id, a.session_question_id, a.started_at, a.duration_ms, a.status, a.audio_path, a.video_path`

func scanAttempt(sc interface{ Scan(...any) error }, extra ...any) (Attempt, error) {
	var a Attempt
	var started string
	var ms int64
	err := sc.Scan(append([]any{&a.ID, &a.SessionQuestionID, &started, &ms, &a.Status, &a.AudioPath, &a.VideoPath}, extra...)...)
	a.StartedAt, a.Duration = parseTime(started), time.Duration(ms)*time.Millisecond
	return a, err
}

// Attempt returns one attempt.
func (s *Store) Attempt(ctx context.Context, id int64) (Attempt, error) {
	a, err := scanAttempt(s.r.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM attempt a WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("attempt %d: %w", id, ErrNotFound)
	}
	return a, err
}

// AttemptsWithStatus lists attempts in a status, oldest first; recovery uses
// it to find recordings that were cut short.
func (s *Store) AttemptsWithStatus(ctx context.Context, st AttemptStatus) ([]Attempt, error) {
	var out []Attempt
	err := s.queryEach(ctx, `SELECT `+attemptCols+` FROM attempt a WHERE a.status = ? ORDER BY a.started_at, a.id`, []any{st},
		func(rows *sql.Rows) error {
			a, err := scanAttempt(rows)
			out = append(out, a)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("list attempts: %w", err)
	}
	return out, nil
}

// SaveTranscript replaces an attempt's transcript, segments and words in one
// transaction.
func (s *Store) SaveTranscript(ctx context.Context, t Transcript) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM transcript WHERE attempt_id = ?`, t.AttemptID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO transcript(attempt_id, language, engine, model, text, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.AttemptID, t.Language, t.Engine, t.Model, t.Text, now()); err != nil {
			return err
		}
		for i, seg := range t.Segments {
			res, err := tx.ExecContext(ctx, `INSERT INTO transcript_segment(attempt_id, seq, start_ms, end_ms, text) VALUES (?, ?, ?, ?, ?)`,
				t.AttemptID, i, seg.Start.Milliseconds(), seg.End.Milliseconds(), seg.Text)
			if err != nil {
				return err
			}
			segID, err := res.LastInsertId()
			if err != nil {
				return err
			}
			for j, w := range seg.Words {
				if _, err := tx.ExecContext(ctx, `INSERT INTO transcript_word(segment_id, seq, start_ms, end_ms, text, probability) VALUES (?, ?, ?, ?, ?, ?)`,
					segID, j, w.Start.Milliseconds(), w.End.Milliseconds(), w.Text, w.Probability); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save transcript of attempt %d: %w", t.AttemptID, err)
	}
	return nil
}

// Transcript returns an attempt's transcript with segments and words.
func (s *Store) Transcript(ctx context.Context, attemptID int64) (Transcript, error) {
	t := Transcript{AttemptID: attemptID}
	var created string
	err := s.r.QueryRowContext(ctx, `SELECT language, engine, model, text, created_at FROM transcript WHERE attempt_id = ?`, attemptID).
		Scan(&t.Language, &t.Engine, &t.Model, &t.Text, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("transcript of attempt %d: %w", attemptID, ErrNotFound)
	}
	if err != nil {
		return t, fmt.Errorf("read transcript of attempt %d: %w", attemptID, err)
	}
	t.CreatedAt = parseTime(created)
	rows, err := s.r.QueryContext(ctx, `SELECT s.id, s.start_ms, s.end_ms, s.text, w.start_ms, w.end_ms, w.text, w.probability
		FROM transcript_segment s LEFT JOIN transcript_word w ON w.segment_id = s.id
		WHERE s.attempt_id = ? ORDER BY s.seq, w.seq`, attemptID)
	if err != nil {
		return t, fmt.Errorf("read transcript of attempt %d: %w", attemptID, err)
	}
	defer rows.Close()
	lastSeg := int64(-1)
	for rows.Next() {
		var segID, s0, s1 int64
		var stext string
		var w0, w1 sql.NullInt64
		var wtext sql.NullString
		var wp sql.NullFloat64
		if err := rows.Scan(&segID, &s0, &s1, &stext, &w0, &w1, &wtext, &wp); err != nil {
			return t, err
		}
		if segID != lastSeg {
			t.Segments = append(t.Segments, Segment{Start: ms(s0), End: ms(s1), Text: stext})
			lastSeg = segID
		}
		if wtext.Valid {
			seg := &t.Segments[len(t.Segments)-1]
			seg.Words = append(seg.Words, Word{Start: ms(w0.Int64), End: ms(w1.Int64), Text: wtext.String, Probability: wp.Float64})
		}
	}
	return t, rows.Err()
}

func ms(v int64) time.Duration { return time.Duration(v) * time.Millisecond }
