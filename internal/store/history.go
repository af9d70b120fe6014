package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The records, the trends and the plan read the history through these
// aggregates: each is one indexed query whose cost does not grow with the
// number of stored answers (or, for the per-question and per-day counts,
// grows with a scan of one small covering index), never a load of every
// attempt.

// dayShift is the SQLite date modifier that turns a stored UTC time into
// the calendar day of loc now ("+540 minutes" in Seoul).
func dayShift(loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	_, off := time.Now().In(loc).Zone()
	return fmt.Sprintf("%+d minutes", off/60)
}

// HistorySummary counts the whole history.
type HistorySummary struct {
	Attempts int    // every stored answer
	Days     int    // distinct days with at least one answer
	First    string // the first of those days (YYYY-MM-DD), "" with none
}

// Summary counts every stored answer and the days they were given on, in
// loc's calendar (from practice_slot, a few thousand rows a year).
func (s *Store) Summary(ctx context.Context, loc *time.Location) (HistorySummary, error) {
	var h HistorySummary
	var first sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM attempt), count(DISTINCT date(slot, ?1)), date(min(slot), ?1) FROM practice_slot`,
		dayShift(loc)).Scan(&h.Attempts, &h.Days, &first)
	if err != nil {
		return h, fmt.Errorf("count the answers: %w", err)
	}
	h.First = first.String
	return h, nil
}

// PracticeDays lists the days (YYYY-MM-DD in loc) with an answer at or
// after since, newest first.
func (s *Store) PracticeDays(ctx context.Context, loc *time.Location, since time.Time) ([]string, error) {
	var out []string
	err := s.queryEach(ctx, `SELECT DISTINCT date(slot, ?) d FROM practice_slot WHERE slot >= ? ORDER BY d DESC`,
		[]any{dayShift(loc), since.UTC().Truncate(15 * time.Minute).Format("2006-01-02T15:04")}, func(rows *sql.Rows) error {
			var d string
			err := rows.Scan(&d)
			out = append(out, d)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("practice days: %w", err)
	}
	return out, nil
}

// QuestionStat is what the history says of one question.
type QuestionStat struct {
	Attempts int
	Last     time.Time // the newest answer
	Score    *float64  // that answer's overall score; nil when not scored
}

// QuestionStats sums up the answers to every question answered at least
// once (from question_stat, one row a question).
func (s *Store) QuestionStats(ctx context.Context) (map[int64]QuestionStat, error) {
	out := map[int64]QuestionStat{}
	err := s.queryEach(ctx, `SELECT qs.question_id, qs.attempts, qs.last_at, fs.score FROM question_stat qs
		LEFT JOIN feedback_score fs ON fs.attempt_id = qs.last_attempt_id AND fs.dimension = 'overall'`,
		nil, func(rows *sql.Rows) error {
			var id int64
			var last string
			var st QuestionStat
			var sc sql.NullFloat64
			if err := rows.Scan(&id, &st.Attempts, &last, &sc); err != nil {
				return err
			}
			st.Last = parseTime(last)
			if sc.Valid {
				st.Score = &sc.Float64
			}
			out[id] = st
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("question statistics: %w", err)
	}
	return out, nil
}

// QuestionStatsBefore is QuestionStats as it stood at before: the
// answers from then on are left out. The plan reads the history as of
// midnight, so that practising today does not reshuffle today's routine.
// Only the questions answered since (a handful) are summed again.
func (s *Store) QuestionStatsBefore(ctx context.Context, before time.Time) (map[int64]QuestionStat, error) {
	out, err := s.QuestionStats(ctx)
	if err != nil {
		return nil, err
	}
	at := fmtTime(before)
	// The answers since, per question: few, read from the time index.
	since := map[int64]int{}
	err = s.queryEach(ctx, `SELECT sq.question_id, count(*) FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
		WHERE a.started_at >= ? GROUP BY sq.question_id`, []any{at}, func(rows *sql.Rows) error {
		var id int64
		var n int
		err := rows.Scan(&id, &n)
		since[id] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("question statistics: %w", err)
	}
	for id, n := range since {
		st, ok := out[id]
		if !ok {
			continue
		}
		if st.Attempts -= n; st.Attempts <= 0 {
			delete(out, id) // first answered since
			continue
		}
		// The last answer before: the question's own answers (CROSS JOIN
		// keeps SQLite from walking the whole time index backwards).
		var last string
		var lastID int64
		err := s.r.QueryRowContext(ctx, `SELECT a.started_at, a.id FROM session_question sq
			CROSS JOIN attempt a ON a.session_question_id = sq.id
			WHERE sq.question_id = ? AND +a.started_at < ? ORDER BY a.started_at DESC, a.id DESC LIMIT 1`, id, at).Scan(&last, &lastID)
		if err != nil {
			return nil, fmt.Errorf("question statistics: %w", err)
		}
		var sc sql.NullFloat64
		err = s.r.QueryRowContext(ctx, `SELECT score FROM feedback_score WHERE attempt_id = ? AND dimension = 'overall'`, lastID).Scan(&sc)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("question statistics: %w", err)
		}
		st.Last, st.Score = parseTime(last), nil
		if sc.Valid {
			st.Score = &sc.Float64
		}
		out[id] = st
	}
	return out, nil
}

// AnsweredSince counts how many of the questions ids have an answer at or
// after since (today's routine: how much of it is done).
func (s *Store) AnsweredSince(ctx context.Context, since time.Time, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := []any{fmtTime(since)}
	for _, id := range ids {
		args = append(args, id)
	}
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(DISTINCT sq.question_id) FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
		WHERE a.started_at >= ? AND sq.question_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("answers since %s: %w", since.Format(time.DateOnly), err)
	}
	return n, nil
}

// AttemptRow is one line of the records: an answer, its question and its
// overall score.
type AttemptRow struct {
	Attempt  Attempt
	Question Question
	Overall  *float64
}

// Cursor is where a page of AttemptRows ends; the zero Cursor starts at the
// newest answer.
type Cursor struct {
	At time.Time
	ID int64
}

// AttemptPage lists up to limit answers older than after (newest first),
// with the cursor of the next page (zero when there is none).
func (s *Store) AttemptPage(ctx context.Context, after Cursor, limit int) ([]AttemptRow, Cursor, error) {
	where, args := "", []any{}
	if after.ID != 0 {
		where = `WHERE (a.started_at, a.id) < (?, ?)`
		args = append(args, fmtTime(after.At), after.ID)
	}
	args = append(args, limit)
	var out []AttemptRow
	err := s.queryEach(ctx, `SELECT `+attemptCols+`, `+questionColsOf("q")+`, (SELECT score FROM feedback_score WHERE attempt_id = a.id AND dimension = 'overall')
		FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id JOIN question q ON q.id = sq.question_id
		`+where+` ORDER BY a.started_at DESC, a.id DESC LIMIT ?`, args, func(rows *sql.Rows) error {
		var r AttemptRow
		var sc sql.NullFloat64
		var qs questionScan
		a, err := scanAttempt(rows, append(qs.targets(), &sc)...)
		if err != nil {
			return err
		}
		r.Attempt, r.Question = a, qs.question()
		if sc.Valid {
			r.Overall = &sc.Float64
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, Cursor{}, fmt.Errorf("list answers: %w", err)
	}
	var next Cursor
	if len(out) == limit {
		last := out[len(out)-1].Attempt
		next = Cursor{At: last.StartedAt, ID: last.ID}
	}
	return out, next, nil
}

// DeleteAttempt removes one answer with its transcript and report; the
// caller removes its recordings.
func (s *Store) DeleteAttempt(ctx context.Context, id int64) error {
	return s.execOne(ctx, fmt.Sprintf("delete attempt %d", id), `DELETE FROM attempt WHERE id = ?`, id)
}

// RecordingUsedElsewhere reports whether an answer other than id stores
// path (as its audio or video): such a file is not the answer's to delete.
func (s *Store) RecordingUsedElsewhere(ctx context.Context, id int64, path string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM attempt WHERE id <> ? AND (audio_path = ? OR video_path = ?) LIMIT 1`, id, path, path).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("who uses %s: %w", path, err)
	}
	return true, nil
}

// AttemptsSince counts the answers given at or after since.
func (s *Store) AttemptsSince(ctx context.Context, since time.Time) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM attempt WHERE started_at >= ?`, fmtTime(since)).Scan(&n); err != nil {
		return 0, fmt.Errorf("answers since %s: %w", since.Format(time.DateOnly), err)
	}
	return n, nil
}
