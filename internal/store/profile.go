package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
)

// MaxTextBytes bounds pasted resume and JD text; larger pastes are refused
// with a message rather than stored.
const MaxTextBytes = 200_000

// Profile returns the user's profile; a new database has an empty one in
// Korean.
func (s *Store) Profile(ctx context.Context) (Profile, error) {
	var p Profile
	var updated string
	err := s.r.QueryRowContext(ctx, `SELECT name, target_role, resume_text, jd_text, language, updated_at FROM profile WHERE id = 1`).
		Scan(&p.Name, &p.TargetRole, &p.ResumeText, &p.JDText, &p.Language, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{Language: Korean}, nil
	}
	if err != nil {
		return p, fmt.Errorf("read profile: %w", err)
	}
	p.UpdatedAt = parseTime(updated)
	return p, nil
}

// SaveProfile stores the user's profile.
func (s *Store) SaveProfile(ctx context.Context, p Profile) error {
	if p.Language == "" {
		p.Language = Korean
	}
	if p.Language != Korean && p.Language != English {
		return fmt.Errorf("profile language must be ko or en, not %q", p.Language)
	}
	if err := checkDocs(p.ResumeText, p.JDText); err != nil {
		return err
	}
	_, err := s.exec(ctx, `INSERT INTO profile(id, name, target_role, resume_text, jd_text, language, updated_at)
		VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, target_role = excluded.target_role,
		resume_text = excluded.resume_text, jd_text = excluded.jd_text, language = excluded.language, updated_at = excluded.updated_at`,
		strings.TrimSpace(p.Name), strings.TrimSpace(p.TargetRole), p.ResumeText, p.JDText, p.Language, now())
	if err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// checkDocs bounds a resume and a JD.
func checkDocs(resume, jd string) error {
	for name, v := range map[string]string{"resume": resume, "job description": jd} {
		if len(v) > MaxTextBytes {
			return fmt.Errorf("the %s is %d KB; keep it under %d KB (paste the relevant part)", name, len(v)/1000, MaxTextBytes/1000)
		}
	}
	return nil
}

// SaveApplicationDocs stores the resume version and the JD of an
// application (interview).
func (s *Store) SaveApplicationDocs(ctx context.Context, id int64, resume, jd string) error {
	if err := checkDocs(resume, jd); err != nil {
		return err
	}
	return s.execOne(ctx, fmt.Sprintf("save the documents of interview %d", id), `UPDATE interview SET resume_text = ?, jd_text = ? WHERE id = ?`, resume, jd, id)
}

var dateRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`) })

func validDate(d string) error {
	if !dateRE().MatchString(d) {
		return fmt.Errorf("date %q must look like 2026-12-01", d)
	}
	if _, err := time.Parse("2006-01-02", d); err != nil {
		return fmt.Errorf("date %q is not a real day", d)
	}
	return nil
}

// AddInterview saves an interview and returns its id.
func (s *Store) AddInterview(ctx context.Context, iv Interview) (int64, error) {
	if strings.TrimSpace(iv.Company) == "" {
		return 0, errors.New("an interview needs a company name")
	}
	if err := validDate(iv.Date); err != nil {
		return 0, err
	}
	if err := checkDocs(iv.ResumeText, iv.JDText); err != nil {
		return 0, err
	}
	res, err := s.exec(ctx, `INSERT INTO interview(company, role, date, notes, created_at, resume_text, jd_text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		strings.TrimSpace(iv.Company), strings.TrimSpace(iv.Role), iv.Date, iv.Notes, now(), iv.ResumeText, iv.JDText)
	if err != nil {
		return 0, fmt.Errorf("add interview: %w", err)
	}
	return res.LastInsertId()
}

// Interviews lists interviews by date, soonest first.
func (s *Store) Interviews(ctx context.Context) ([]Interview, error) {
	var out []Interview
	err := s.queryEach(ctx, `SELECT id, company, role, date, notes, created_at, resume_text, jd_text FROM interview ORDER BY date, id`, nil,
		func(rows *sql.Rows) error {
			var iv Interview
			var created string
			err := rows.Scan(&iv.ID, &iv.Company, &iv.Role, &iv.Date, &iv.Notes, &created, &iv.ResumeText, &iv.JDText)
			iv.CreatedAt = parseTime(created)
			out = append(out, iv)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("list interviews: %w", err)
	}
	return out, nil
}

// DeleteInterview removes an interview and, with it, its plans. Sessions
// practised for it are kept and no longer point to it.
func (s *Store) DeleteInterview(ctx context.Context, id int64) error {
	return s.deleteByID(ctx, "interview", id)
}

func (s *Store) deleteByID(ctx context.Context, table string, id int64) error {
	return s.execOne(ctx, fmt.Sprintf("delete %s %d", table, id), `DELETE FROM `+table+` WHERE id = ?`, id)
}

// SavePlan stores a plan with its items in one transaction and returns its id.
func (s *Store) SavePlan(ctx context.Context, p Plan) (int64, error) {
	for _, d := range []string{p.StartDate, p.EndDate} {
		if err := validDate(d); err != nil {
			return 0, err
		}
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO plan(interview_id, start_date, end_date, created_at) VALUES (?, ?, ?, ?)`,
			p.InterviewID, p.StartDate, p.EndDate, now())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, it := range p.Items {
			if err := validDate(it.Day); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_item(plan_id, day, position, kind, practice_type, target_metric, title, done_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, it.Day, it.Position, it.Kind, it.PracticeType, it.TargetMetric, it.Title, nullTime(it.DoneAt)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save plan: %w", err)
	}
	return id, nil
}

// Plan returns a plan with its items in day order.
func (s *Store) Plan(ctx context.Context, id int64) (Plan, error) {
	p := Plan{ID: id}
	var created string
	err := s.r.QueryRowContext(ctx, `SELECT interview_id, start_date, end_date, created_at FROM plan WHERE id = ?`, id).
		Scan(&p.InterviewID, &p.StartDate, &p.EndDate, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("plan %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("read plan %d: %w", id, err)
	}
	p.CreatedAt = parseTime(created)
	err = s.queryEach(ctx, `SELECT id, day, position, kind, practice_type, target_metric, title, done_at
		FROM plan_item WHERE plan_id = ? ORDER BY day, position`, []any{id}, func(rows *sql.Rows) error {
		var it PlanItem
		var done sql.NullString
		err := rows.Scan(&it.ID, &it.Day, &it.Position, &it.Kind, &it.PracticeType, &it.TargetMetric, &it.Title, &done)
		it.DoneAt = parseNullTime(done)
		p.Items = append(p.Items, it)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("read plan %d: %w", id, err)
	}
	return p, nil
}

// SetPlanItemDone marks a plan item done at t, or not done when t is nil.
func (s *Store) SetPlanItemDone(ctx context.Context, itemID int64, t *time.Time) error {
	return s.execOne(ctx, fmt.Sprintf("update plan item %d", itemID), `UPDATE plan_item SET done_at = ? WHERE id = ?`, nullTime(t), itemID)
}

// ApplicationQuestionIDs are the ids of the questions generated for an
// application in lang (hidden ones left out), the least answered first,
// then the oldest.
func (s *Store) ApplicationQuestionIDs(ctx context.Context, application int64, lang Language) ([]int64, error) {
	var ids []int64
	err := s.queryEach(ctx, `SELECT q.id FROM generated_question g JOIN question q ON q.id = g.question_id
		LEFT JOIN question_stat st ON st.question_id = q.id
		WHERE g.application_id = ? AND q.language = ? AND q.hidden = 0
		ORDER BY coalesce(st.attempts, 0), q.id`, []any{application, lang}, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list the questions of application %d: %w", application, err)
	}
	return ids, nil
}

// ApplicationCounts is how much an application has: questions written for
// it and answers recorded in sessions practised for it.
type ApplicationCounts struct {
	Questions, Answers int
}

// ApplicationsCounts gives every application's counts, by interview id.
func (s *Store) ApplicationsCounts(ctx context.Context) (map[int64]ApplicationCounts, error) {
	out := map[int64]ApplicationCounts{}
	err := s.queryEach(ctx, `SELECT iv.id,
		(SELECT count(*) FROM generated_question g JOIN question q ON q.id = g.question_id WHERE g.application_id = iv.id AND q.hidden = 0),
		(SELECT count(*) FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id JOIN practice_session ps ON ps.id = sq.session_id WHERE ps.interview_id = iv.id)
		FROM interview iv`, nil, func(rows *sql.Rows) error {
		var id int64
		var c ApplicationCounts
		err := rows.Scan(&id, &c.Questions, &c.Answers)
		out[id] = c
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("count the applications' questions and answers: %w", err)
	}
	return out, nil
}
