package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"time"
)

// SynthesizeHistory adds n analysed answers to the stored questions,
// spread over the days before now (five-question sessions, eight scores
// and eight metrics each, as a real analysed answer has), in one
// transaction. It exists for benchmarks and load tests of the records at
// 1,000 to 100,000 answers; the app never calls it.
func (s *Store) SynthesizeHistory(ctx context.Context, n, days int, now time.Time, seed int64) error {
	var qids []int64
	if err := s.queryEach(ctx, `SELECT id FROM question WHERE hidden = 0 ORDER BY id`, nil, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		qids = append(qids, id)
		return err
	}); err != nil {
		return err
	}
	if len(qids) == 0 {
		return errors.New("synthesize history: no questions (seed the bank first)")
	}
	if days < 1 {
		days = 1
	}
	rng := rand.New(rand.NewSource(seed))
	dims := []string{"overall", "fluency", "pace", "voice", "gaze", "posture", "expression", "content"}
	metrics := []string{"speech.fillers_per_min", "speech.filler_ratio", "speech.syllables_per_min", "voice.syllables_per_min",
		"voice.long_pauses", "voice.pitch_sd_st", "face.frontal_ratio", "pose.slouch_ratio"}
	return s.tx(ctx, func(tx *sql.Tx) error {
		prep := func(q string) (*sql.Stmt, error) { return tx.PrepareContext(ctx, q) }
		sess, err := prep(`INSERT INTO practice_session(practice_type, started_at, ended_at) VALUES ('basic', ?, ?)`)
		if err != nil {
			return err
		}
		sq, err := prep(`INSERT INTO session_question(session_id, question_id, position) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		att, err := prep(`INSERT INTO attempt(session_question_id, started_at, duration_ms, status) VALUES (?, ?, ?, 'analyzed')`)
		if err != nil {
			return err
		}
		fb, err := prep(`INSERT INTO feedback(attempt_id, report_version, metrics_json, summary_ko, summary_en, created_at) VALUES (?, 1, '{"schema_version":1}', '요약', 'Summary', ?)`)
		if err != nil {
			return err
		}
		sc, err := prep(`INSERT INTO feedback_score(attempt_id, dimension, score, at) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		me, err := prep(`INSERT INTO feedback_metric(attempt_id, name, value, at) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		span := time.Duration(days) * 24 * time.Hour
		var sid int64
		for i := 0; i < n; i++ {
			// Oldest first, evenly spread with some jitter.
			at := fmtTime(now.Add(-span + time.Duration(float64(span)*(float64(i)+rng.Float64())/float64(n))))
			if i%5 == 0 {
				res, err := sess.ExecContext(ctx, at, at)
				if err != nil {
					return err
				}
				sid, _ = res.LastInsertId()
			}
			res, err := sq.ExecContext(ctx, sid, qids[rng.Intn(len(qids))], i%5+1)
			if err != nil {
				return err
			}
			sqid, _ := res.LastInsertId()
			res, err = att.ExecContext(ctx, sqid, at, 30000+rng.Intn(60000))
			if err != nil {
				return err
			}
			aid, _ := res.LastInsertId()
			if _, err := fb.ExecContext(ctx, aid, at); err != nil {
				return err
			}
			for _, d := range dims {
				if _, err := sc.ExecContext(ctx, aid, d, 40+rng.Float64()*55, at); err != nil {
					return err
				}
			}
			for _, m := range metrics {
				if _, err := me.ExecContext(ctx, aid, m, rng.Float64()*100, at); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// String says what a summary counts, for logs.
func (h HistorySummary) String() string {
	return fmt.Sprintf("%d answers on %d days since %s", h.Attempts, h.Days, h.First)
}
