package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// QuestionFilter selects questions. Zero fields match everything.
type QuestionFilter struct {
	Type          PracticeType
	Language      Language
	Origin        Origin
	Search        string // substring of the text, case-insensitive for ASCII
	IncludeHidden bool
	// Application keeps the questions generated for that application
	// (interview id).
	Application int64
}

const questionCols = `id, coalesce(bank_key, ''), origin, practice_type, category, language, text, tip, edited, hidden, created_at, updated_at`

// questionColsOf is questionCols of the question table named alias.
func questionColsOf(alias string) string {
	a := alias + "."
	return a + `id, coalesce(` + a + `bank_key, ''), ` + a + `origin, ` + a + `practice_type, ` + a + `category, ` + a + `language, ` +
		a + `text, ` + a + `tip, ` + a + `edited, ` + a + `hidden, ` + a + `created_at, ` + a + `updated_at`
}

func scanQuestion(sc interface{ Scan(...any) error }) (Question, error) {
	var qs questionScan
	err := sc.Scan(qs.targets()...)
	return qs.question(), err
}

// questionScan holds the columns of questionCols while a row is scanned
// (alone, or beside other columns).
type questionScan struct {
	q                Question
	created, updated string
}

func (qs *questionScan) targets() []any {
	q := &qs.q
	return []any{&q.ID, &q.BankKey, &q.Origin, &q.PracticeType, &q.Category, &q.Language, &q.Text, &q.Tip,
		&q.Edited, &q.Hidden, &qs.created, &qs.updated}
}

func (qs *questionScan) question() Question {
	q := qs.q
	q.CreatedAt, q.UpdatedAt = parseTime(qs.created), parseTime(qs.updated)
	return q
}

// Questions lists questions matching f, ordered by type, language and id.
func (s *Store) Questions(ctx context.Context, f QuestionFilter) ([]Question, error) {
	var where []string
	var args []any
	if f.Type != "" {
		where, args = append(where, "practice_type = ?"), append(args, f.Type)
	}
	if f.Language != "" {
		where, args = append(where, "language = ?"), append(args, f.Language)
	}
	if f.Origin != "" {
		where, args = append(where, "origin = ?"), append(args, f.Origin)
	}
	if f.Search != "" {
		where, args = append(where, "instr(lower(text), lower(?)) > 0"), append(args, f.Search)
	}
	if !f.IncludeHidden {
		where = append(where, "hidden = 0")
	}
	if f.Application != 0 {
		where, args = append(where, "id IN (SELECT question_id FROM generated_question WHERE application_id = ?)"), append(args, f.Application)
	}
	q := `SELECT ` + questionCols + ` FROM question`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += ` ORDER BY CASE practice_type WHEN 'basic' THEN 0 WHEN 'job' THEN 1 WHEN 'situational' THEN 2 WHEN 'english' THEN 3 ELSE 4 END,
		language DESC, id`
	var out []Question
	err := s.queryEach(ctx, q, args, func(rows *sql.Rows) error {
		qq, err := scanQuestion(rows)
		out = append(out, qq)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	return out, nil
}

// Question returns one question by id.
func (s *Store) Question(ctx context.Context, id int64) (Question, error) {
	q, err := scanQuestion(s.r.QueryRowContext(ctx, `SELECT `+questionCols+` FROM question WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return q, fmt.Errorf("question %d: %w", id, ErrNotFound)
	}
	return q, err
}

func validateQuestion(q Question) error {
	if strings.TrimSpace(q.Text) == "" {
		return errors.New("a question needs some text")
	}
	if q.Language != Korean && q.Language != English {
		return fmt.Errorf("question language must be ko or en, not %q", q.Language)
	}
	if q.PracticeType == "" {
		return errors.New("a question needs a practice type")
	}
	return nil
}

// AddQuestion saves a question the user wrote and returns its id.
func (s *Store) AddQuestion(ctx context.Context, q Question) (int64, error) {
	q.Text, q.Tip = strings.TrimSpace(q.Text), strings.TrimSpace(q.Tip)
	if err := validateQuestion(q); err != nil {
		return 0, err
	}
	t := now()
	res, err := s.exec(ctx, `INSERT INTO question(origin, practice_type, category, language, text, tip, created_at, updated_at)
		VALUES ('user', ?, ?, ?, ?, ?, ?, ?)`, q.PracticeType, q.Category, q.Language, q.Text, q.Tip, t, t)
	if err != nil {
		return 0, fmt.Errorf("add question: %w", err)
	}
	return res.LastInsertId()
}

// AddGeneratedQuestion saves a coach-generated question and how it was made,
// in one transaction.
func (s *Store) AddGeneratedQuestion(ctx context.Context, q Question, g Generation) (int64, error) {
	q.Text = strings.TrimSpace(q.Text)
	if err := validateQuestion(q); err != nil {
		return 0, err
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		t := now()
		res, err := tx.ExecContext(ctx, `INSERT INTO question(origin, practice_type, category, language, text, tip, created_at, updated_at)
			VALUES ('generated', ?, ?, ?, ?, ?, ?, ?)`, q.PracticeType, q.Category, q.Language, q.Text, q.Tip, t, t)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		var parent, app any
		if g.ParentQuestionID != 0 {
			parent = g.ParentQuestionID
		}
		if g.ApplicationID != 0 {
			app = g.ApplicationID
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO generated_question(question_id, source, model, parent_question_id, rationale, difficulty, application_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, g.Source, g.Model, parent, g.Rationale, g.Difficulty, app)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add generated question: %w", err)
	}
	return id, nil
}

// Generation returns how a generated question was made.
func (s *Store) Generation(ctx context.Context, questionID int64) (Generation, error) {
	var g Generation
	var parent, app sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT source, model, parent_question_id, rationale, difficulty, application_id
		FROM generated_question WHERE question_id = ?`, questionID).Scan(&g.Source, &g.Model, &parent, &g.Rationale, &g.Difficulty, &app)
	if errors.Is(err, sql.ErrNoRows) {
		return g, fmt.Errorf("generation of question %d: %w", questionID, ErrNotFound)
	}
	g.ParentQuestionID, g.ApplicationID = parent.Int64, app.Int64
	return g, err
}

// UpdateQuestion changes a question's text, tip, category, type or language.
// A built-in question that the user edits is marked edited, so bank upgrades
// never overwrite it.
func (s *Store) UpdateQuestion(ctx context.Context, q Question) error {
	q.Text, q.Tip = strings.TrimSpace(q.Text), strings.TrimSpace(q.Tip)
	if err := validateQuestion(q); err != nil {
		return err
	}
	return s.execOne(ctx, fmt.Sprintf("update question %d", q.ID), `UPDATE question SET practice_type = ?, category = ?, language = ?, text = ?, tip = ?,
		edited = CASE WHEN origin = 'bank' THEN 1 ELSE edited END, updated_at = ? WHERE id = ?`,
		q.PracticeType, q.Category, q.Language, q.Text, q.Tip, now(), q.ID)
}

// DeleteQuestion removes a question. A built-in question, or one that has
// been practised, is hidden instead so that history and the bank stay whole;
// hidden reports which happened.
func (s *Store) DeleteQuestion(ctx context.Context, id int64) (hidden bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var origin string
		var used int
		if err := tx.QueryRowContext(ctx, `SELECT origin, EXISTS(SELECT 1 FROM session_question WHERE question_id = q.id)
			FROM question q WHERE id = ?`, id).Scan(&origin, &used); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if origin == string(OriginBank) || used == 1 {
			hidden = true
			_, err := tx.ExecContext(ctx, `UPDATE question SET hidden = 1, updated_at = ? WHERE id = ?`, now(), id)
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM question WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("delete question %d: %w", id, err)
	}
	return hidden, nil
}

// BankEntry is one built-in question as shipped in the binary.
type BankEntry struct {
	Key          string
	PracticeType PracticeType
	Category     string
	Language     Language
	Text         string
	Tip          string
}

// SeedResult counts what SeedBank changed.
type SeedResult struct {
	Added, Updated, Kept int
}

// SeedBank brings the built-in questions up to date in one transaction:
// new keys are added, unedited built-in questions take the shipped text, and
// questions the user edited or hid, and the user's own questions, are left
// alone. Running it twice changes nothing the second time.
func (s *Store) SeedBank(ctx context.Context, entries []BankEntry) (SeedResult, error) {
	var r SeedResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r = SeedResult{}
		for _, e := range entries {
			q := Question{PracticeType: e.PracticeType, Language: e.Language, Text: e.Text}
			if e.Key == "" || validateQuestion(q) != nil {
				return fmt.Errorf("bank entry %q is incomplete", e.Key)
			}
			t := now()
			res, err := tx.ExecContext(ctx, `INSERT INTO question(bank_key, origin, practice_type, category, language, text, tip, created_at, updated_at)
				VALUES (?, 'bank', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(bank_key) DO NOTHING`,
				e.Key, e.PracticeType, e.Category, e.Language, e.Text, e.Tip, t, t)
			if err != nil {
				return fmt.Errorf("seed %s: %w", e.Key, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				r.Added++
				continue
			}
			res, err = tx.ExecContext(ctx, `UPDATE question SET practice_type = ?, category = ?, language = ?, text = ?, tip = ?, updated_at = ?
				WHERE bank_key = ? AND edited = 0 AND (practice_type, category, language, text, tip) IS NOT (?, ?, ?, ?, ?)`,
				e.PracticeType, e.Category, e.Language, e.Text, e.Tip, t, e.Key,
				e.PracticeType, e.Category, e.Language, e.Text, e.Tip)
			if err != nil {
				return fmt.Errorf("seed %s: %w", e.Key, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				r.Updated++
			} else {
				r.Kept++
			}
		}
		return nil
	})
	if err != nil {
		return SeedResult{}, fmt.Errorf("seed question bank: %w", err)
	}
	return r, nil
}
