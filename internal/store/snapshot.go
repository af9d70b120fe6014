package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"nevermind/internal/appdata"
)

// Snapshot is every row of the user's data, table by table, for export.
type Snapshot struct {
	SchemaVersion int                         `json:"schema_version"`
	Tables        map[string][]map[string]any `json:"tables"`
}

// tableSpec says how a table's rows are matched when merging: the natural
// key (after foreign keys are mapped) that makes two rows the same, the
// id column when the table has its own, and the foreign keys.
type tableSpec struct {
	name string
	id   string            // "" when the primary key is a foreign key or text
	keys []string          // natural key
	fks  map[string]string // column: referenced table
	// derived columns are computed from other rows (by triggers): never
	// exported, never imported.
	derived []string
}

// tables in an order where every referenced row comes first.
var tables = []tableSpec{
	{name: "setting", keys: []string{"key"}},
	{name: "profile", keys: []string{"id"}},
	{name: "interview", id: "id", keys: []string{"company", "date"}},
	{name: "plan", id: "id", keys: []string{"interview_id", "start_date", "end_date", "created_at"}, fks: map[string]string{"interview_id": "interview"}},
	{name: "plan_item", id: "id", keys: []string{"plan_id", "day", "position"}, fks: map[string]string{"plan_id": "plan"}},
	{name: "question", id: "id", keys: []string{"origin", "language", "text"}},
	{name: "generated_question", keys: []string{"question_id"}, fks: map[string]string{"question_id": "question", "parent_question_id": "question", "application_id": "interview"}},
	{name: "practice_session", id: "id", keys: []string{"started_at", "practice_type"}, fks: map[string]string{"interview_id": "interview"}},
	{name: "session_question", id: "id", keys: []string{"session_id", "position"}, fks: map[string]string{"session_id": "practice_session", "question_id": "question"}},
	{name: "attempt", id: "id", keys: []string{"session_question_id", "started_at"}, fks: map[string]string{"session_question_id": "session_question"}},
	{name: "transcript", keys: []string{"attempt_id"}, fks: map[string]string{"attempt_id": "attempt"}},
	{name: "transcript_segment", id: "id", keys: []string{"attempt_id", "seq"}, fks: map[string]string{"attempt_id": "attempt"}},
	{name: "transcript_word", id: "id", keys: []string{"segment_id", "seq"}, fks: map[string]string{"segment_id": "transcript_segment"}},
	{name: "feedback", keys: []string{"attempt_id"}, fks: map[string]string{"attempt_id": "attempt"}},
	{name: "feedback_score", keys: []string{"attempt_id", "dimension"}, fks: map[string]string{"attempt_id": "attempt"}, derived: []string{"at"}},
	{name: "feedback_metric", keys: []string{"attempt_id", "name"}, fks: map[string]string{"attempt_id": "attempt"}, derived: []string{"at"}},
	{name: "finding", id: "id", keys: []string{"attempt_id", "seq"}, fks: map[string]string{"attempt_id": "attempt"}},
}

// derivedTables are kept by triggers from the tables above (see migration
// 0003) and are neither exported nor imported.
var derivedTables = []string{"practice_slot", "question_stat"}

// Export reads every table in one read transaction.
func (s *Store) Export(ctx context.Context) (Snapshot, error) {
	snap := Snapshot{SchemaVersion: SchemaVersion(), Tables: map[string][]map[string]any{}}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return snap, err
	}
	defer tx.Rollback()
	for _, t := range tables {
		rows, err := tx.QueryContext(ctx, `SELECT * FROM `+t.name+orderBy(t))
		if err != nil {
			return snap, fmt.Errorf("export %s: %w", t.name, err)
		}
		list, err := scanMaps(rows, t.derived)
		if err != nil {
			return snap, fmt.Errorf("export %s: %w", t.name, err)
		}
		snap.Tables[t.name] = list
	}
	return snap, nil
}

func orderBy(t tableSpec) string {
	if t.id != "" {
		return " ORDER BY " + t.id
	}
	return ""
}

// ImportStats counts what an import added and what it found already there.
type ImportStats struct {
	Added   map[string]int `json:"added"`
	Skipped map[string]int `json:"already_there"`
	// Orphans counts rows left out because the row they belong to was not
	// in the archive.
	Orphans map[string]int `json:"orphans,omitempty"`
	// DroppedSettings are settings the archive carried that are never
	// imported (hosts, devices, anything off the allow-list).
	DroppedSettings []string `json:"dropped_settings,omitempty"`
}

// ImportOptions say how an import treats recordings.
type ImportOptions struct {
	// Rename maps a recording path of the archive to the path stored
	// instead ("" stores no path: the recording is not available here).
	Rename map[string]string
	// BeforeCommit, when set, runs inside the transaction after every row is
	// written, with the recording paths (as stored) of the attempts that
	// were added; an error rolls everything back.
	BeforeCommit func(media []string) error
}

// Import merges a snapshot into this database in one transaction: rows
// that are already here (by their natural key) are kept as they are, the
// rest are added with their references remapped. Every row is validated
// first (ValidateSnapshot): one bad row refuses the whole snapshot.
// Nothing changes on error.
func (s *Store) Import(ctx context.Context, raw Snapshot, o ImportOptions) (ImportStats, error) {
	checked, err := ValidateSnapshot(raw)
	if err != nil {
		return ImportStats{}, err
	}
	return s.ImportChecked(ctx, checked, o)
}

// ImportChecked is Import of a snapshot already checked (by ReadSnapshot or
// ValidateSnapshot).
func (s *Store) ImportChecked(ctx context.Context, checked Checked, o ImportOptions) (ImportStats, error) {
	st := ImportStats{Added: map[string]int{}, Skipped: map[string]int{}, Orphans: map[string]int{}}
	rename := o.Rename
	for _, to := range rename {
		if to != "" && appdata.CheckMediaRel(to, appdata.VideoFile) != nil && appdata.CheckMediaRel(to, appdata.AudioFile) != nil {
			return st, fmt.Errorf("import: %q is not a recording path", to)
		}
	}
	var media []string
	snap := checked.Snapshot
	st.DroppedSettings = checked.DroppedSettings
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ids := map[string]map[int64]int64{}
		for _, t := range tables {
			ids[t.name] = map[int64]int64{}
			valid, err := columnsOf(ctx, tx, t.name)
			if err != nil {
				return err
			}
		rows:
			for _, row := range snap.Tables[t.name] {
				r := map[string]any{}
				for c, v := range row {
					if !valid[c] {
						return fmt.Errorf("import %s: unknown column %q", t.name, c)
					}
					r[c] = normalize(v)
				}
				for col, ref := range t.fks {
					v, ok := r[col]
					if !ok || v == nil {
						continue
					}
					old, ok := asInt(v)
					if !ok {
						return fmt.Errorf("import %s: %s is not an id", t.name, col)
					}
					nw, ok := ids[ref][old]
					if !ok {
						if col == "parent_question_id" || col == "application_id" || col == "interview_id" && t.name == "practice_session" {
							r[col] = nil // an optional reference to something not exported
							continue
						}
						st.Orphans[t.name]++
						continue rows // its parent was not imported
					}
					r[col] = nw
				}
				if t.name == "attempt" {
					for _, c := range []string{"audio_path", "video_path"} {
						if p, ok := r[c].(string); ok {
							if to, renamed := rename[p]; renamed {
								r[c] = to
							}
						}
					}
				}
				keys := t.keys
				if t.name == "question" && r["bank_key"] != nil {
					keys = []string{"bank_key"}
				}
				var oldID int64
				if t.id != "" {
					oldID, _ = asInt(r[t.id])
				}
				// Already here?
				var conds []string
				var args []any
				for _, k := range keys {
					conds = append(conds, k+" IS ?")
					args = append(args, r[k])
				}
				sel := "1"
				if t.id != "" {
					sel = t.id
				}
				var existing int64
				err := tx.QueryRowContext(ctx, `SELECT `+sel+` FROM `+t.name+` WHERE `+strings.Join(conds, " AND ")+` LIMIT 1`, args...).Scan(&existing)
				switch {
				case err == nil:
					st.Skipped[t.name]++
					if t.id != "" {
						ids[t.name][oldID] = existing
					}
					continue
				case err != sql.ErrNoRows:
					return fmt.Errorf("import %s: %w", t.name, err)
				}
				var cols []string
				var ph []string
				var vals []any
				for c, v := range r {
					if c == t.id && t.id != "" {
						continue // a new id here
					}
					cols = append(cols, c)
					ph = append(ph, "?")
					vals = append(vals, v)
				}
				res, err := tx.ExecContext(ctx, `INSERT INTO `+t.name+`(`+strings.Join(cols, ", ")+`) VALUES (`+strings.Join(ph, ", ")+`)`, vals...)
				if err != nil {
					return fmt.Errorf("import %s: %w", t.name, err)
				}
				if t.id != "" {
					nid, _ := res.LastInsertId()
					ids[t.name][oldID] = nid
				}
				if t.name == "attempt" {
					for _, c := range []string{"audio_path", "video_path"} {
						if p, _ := r[c].(string); p != "" {
							media = append(media, p)
						}
					}
				}
				st.Added[t.name]++
			}
		}
		if o.BeforeCommit != nil {
			return o.BeforeCommit(media)
		}
		return nil
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}

func columnsOf(ctx context.Context, tx *sql.Tx, table string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// normalize turns JSON numbers into int64 or float64.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
	}
	return v
}

func asInt(v any) (int64, bool) {
	switch x := normalize(v).(type) {
	case int64:
		return x, true
	}
	return 0, false
}
