package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// VideoRetentions are the choices of how long videos are kept, in days
// (0: forever).
var VideoRetentions = []int{0, 30, 90}

// RecordingRow is an attempt with files, for the storage screen and the
// retention rule.
type RecordingRow struct {
	AttemptID  int64
	QuestionID int64
	Started    time.Time
	Audio      string // relative to the data folder; "" for none
	Video      string
	Company    string   // the application's company; "" for practice outside one
	Overall    *float64 // nil when not scored
}

// RecordingRows lists every attempt that has an audio or a video file.
func (s *Store) RecordingRows(ctx context.Context) ([]RecordingRow, error) {
	var out []RecordingRow
	err := s.queryEach(ctx, `SELECT a.id, sq.question_id, a.started_at, a.audio_path, a.video_path, coalesce(i.company, ''), fs.score
		FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id
		JOIN practice_session ps ON ps.id = sq.session_id
		LEFT JOIN interview i ON i.id = ps.interview_id
		LEFT JOIN feedback_score fs ON fs.attempt_id = a.id AND fs.dimension = 'overall'
		WHERE a.audio_path != '' OR a.video_path != ''
		ORDER BY a.started_at, a.id`, nil, func(rows *sql.Rows) error {
		var r RecordingRow
		var started string
		var overall sql.NullFloat64
		if err := rows.Scan(&r.AttemptID, &r.QuestionID, &started, &r.Audio, &r.Video, &r.Company, &overall); err != nil {
			return err
		}
		r.Started = parseTime(started)
		if overall.Valid {
			v := overall.Float64
			r.Overall = &v
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list recordings: %w", err)
	}
	return out, nil
}

// SetVideoDays remembers how long videos are kept: one of VideoRetentions.
func (s *Store) SetVideoDays(ctx context.Context, days int) error {
	for _, d := range VideoRetentions {
		if d == days {
			return s.setSetting(ctx, keyVideoDays, strconv.Itoa(days))
		}
	}
	return fmt.Errorf("videos are kept for %v days (0: forever), not %d", VideoRetentions, days)
}
