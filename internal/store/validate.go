package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"nevermind/internal/appdata"
	"nevermind/internal/safetext"
)

// A snapshot from an archive is untrusted: every row is checked here, before
// anything is written, against the same rules the tables enforce (and some
// they cannot: times that parse, ranges, recording paths under media/).

// ErrBadSnapshot is wrapped by every refusal of ValidateSnapshot.
var ErrBadSnapshot = errors.New("the archive's data is not valid")

// ErrNewerSnapshot is wrapped by the refusal of a snapshot written by a
// newer NEVER MIND (a higher schema version).
var ErrNewerSnapshot = errors.New("the archive is from a newer NEVER MIND")

// ErrSnapshotTooLarge is wrapped (with ErrBadSnapshot) by a refusal for
// size: data.json over its limit.
var ErrSnapshotTooLarge = errors.New("the archive's data is too large")

// RowError names the row and column that made a snapshot invalid.
type RowError struct {
	Table  string
	Row    int    // 1-based position in the table's list
	ID     string // the row's id or key, when it has one that reads
	Column string
	Value  string // the offending value, shortened
	Reason string
}

func (e *RowError) Error() string {
	where := fmt.Sprintf("%s row %d", e.Table, e.Row)
	if e.ID != "" {
		where += " (" + e.ID + ")"
	}
	if e.Column == "" {
		return where + ": " + e.Reason
	}
	if e.Value == "" {
		return fmt.Sprintf("%s: %s %s", where, e.Column, e.Reason)
	}
	return fmt.Sprintf("%s: %s %s %s", where, e.Column, e.Value, e.Reason)
}

func (e *RowError) Unwrap() error { return ErrBadSnapshot }

type colType int

const (
	tInt colType = iota
	tReal
	tText
)

// column is what a snapshot value must be.
type column struct {
	typ    colType
	null   bool               // NULL allowed
	check  func(v any) string // "" when fine; else why not (v already typed)
	isTime bool               // an RFC 3339 time, stored as the app writes it
	max    int                // longest text in bytes; 0 means maxText
	// exact text is kept as it is (a recording path, which must name its
	// file); every other text loses control, bidirectional and invisible
	// characters (safetext.Text) so that archive text cannot drive a
	// terminal or read differently from what it holds.
	exact bool
}

const (
	maxText     = 1 << 20  // one text cell (a resume, a transcript)
	maxJSON     = 16 << 20 // a report's metrics document
	maxDuration = 24 * 60 * 60 * 1000
	maxDepth    = 64 // nesting of a metrics document (SQLite's JSON functions stop at 1000)
)

var (
	colId        = column{typ: tInt, check: positive}
	colOptID     = column{typ: tInt, null: true, check: positive}
	colText      = column{typ: tText}
	colNonEmpty  = column{typ: tText, check: func(v any) string { return when(strings.TrimSpace(v.(string)) == "", "is empty") }}
	colStamp     = column{typ: tText, check: checkTime, isTime: true}
	colOptStamp  = column{typ: tText, null: true, check: checkTime, isTime: true}
	colDay       = column{typ: tText, check: checkDate}
	colCount     = column{typ: tInt, check: inRange(0, math.MaxInt32)}
	colMillis    = column{typ: tInt, check: inRange(0, maxDuration)}
	colOptMS     = column{typ: tInt, null: true, check: inRange(0, maxDuration)}
	colFlag      = column{typ: tInt, check: inRange(0, 1)}
	colLang      = column{typ: tText, check: oneOf("ko", "en")}
	colRealValue = column{typ: tReal}
)

func oneOf(vals ...string) func(any) string {
	return func(v any) string {
		for _, x := range vals {
			if v.(string) == x {
				return ""
			}
		}
		return "is not one of " + strings.Join(vals, ", ")
	}
}

func inRange(lo, hi int64) func(any) string {
	return func(v any) string {
		n := v.(int64)
		return when(n < lo || n > hi, fmt.Sprintf("is outside %d..%d", lo, hi))
	}
}

func positive(v any) string { return when(v.(int64) < 1, "is not an id (1 or more)") }

func when(bad bool, why string) string {
	if bad {
		return why
	}
	return ""
}

func checkTime(v any) string {
	t, err := time.Parse(time.RFC3339Nano, v.(string))
	if err != nil {
		return "is not a time (RFC 3339)"
	}
	return when(t.Year() < 1970 || t.Year() > 2200, "is not a plausible time")
}

func checkDate(v any) string {
	t, err := time.Parse("2006-01-02", v.(string))
	if err != nil {
		return "is not a date (YYYY-MM-DD)"
	}
	return when(t.Year() < 1970 || t.Year() > 2200, "is not a plausible date")
}

func mediaPath(k appdata.MediaKind) column {
	return column{typ: tText, exact: true, check: func(v any) string {
		p := v.(string)
		if p == "" {
			return ""
		}
		if err := appdata.CheckMediaRel(p, k); err != nil {
			return strings.TrimPrefix(err.Error(), appdata.ErrUnsafePath.Error()+": ")
		}
		return ""
	}}
}

// schema is every table's columns as a snapshot must hold them. A test holds
// it to the live tables (names, types, NOT NULL).
var schema = map[string]map[string]column{
	"setting": {"key": colNonEmpty, "value": colText},
	"profile": {"id": {typ: tInt, check: inRange(1, 1)}, "name": colText, "target_role": colText, "resume_text": colText, "jd_text": colText,
		"language": colLang, "updated_at": colStamp},
	"interview": {"id": colId, "company": colNonEmpty, "role": colText, "date": colDay, "notes": colText, "created_at": colStamp,
		"resume_text": colText, "jd_text": colText},
	"plan": {"id": colId, "interview_id": colId, "start_date": colDay, "end_date": colDay, "created_at": colStamp},
	"plan_item": {"id": colId, "plan_id": colId, "day": colDay, "position": colCount, "kind": colNonEmpty, "practice_type": colText, "target_metric": colText,
		"title": colText, "done_at": colOptStamp},
	"question": {"id": colId, "bank_key": {typ: tText, null: true}, "origin": {typ: tText, check: oneOf("bank", "user", "generated")},
		"practice_type": colNonEmpty, "category": colText, "language": colLang, "text": colNonEmpty, "tip": colText, "edited": colFlag, "hidden": colFlag,
		"created_at": colStamp, "updated_at": colStamp},
	"generated_question": {"question_id": colId, "source": {typ: tText, check: oneOf("resume", "jd", "followup")}, "model": colText,
		"parent_question_id": colOptID, "rationale": colText, "difficulty": {typ: tInt, check: inRange(0, 5)}, "application_id": colOptID},
	"practice_session": {"id": colId, "practice_type": colNonEmpty, "interview_id": colOptID, "started_at": colStamp, "ended_at": colOptStamp},
	"session_question": {"id": colId, "session_id": colId, "question_id": colId, "position": colCount},
	"attempt": {"id": colId, "session_question_id": colId, "started_at": colStamp, "duration_ms": colMillis,
		"status":     {typ: tText, check: oneOf("recording", "recorded", "analyzed", "interrupted", "failed")},
		"audio_path": mediaPath(appdata.AudioFile), "video_path": mediaPath(appdata.VideoFile)},
	"transcript":         {"attempt_id": colId, "language": colLang, "engine": colText, "model": colText, "text": colText, "created_at": colStamp},
	"transcript_segment": {"id": colId, "attempt_id": colId, "seq": colCount, "start_ms": colMillis, "end_ms": colMillis, "text": colText},
	"transcript_word": {"id": colId, "segment_id": colId, "seq": colCount, "start_ms": colMillis, "end_ms": colMillis, "text": colText,
		"probability": {typ: tReal, check: func(v any) string { f := v.(float64); return when(f < 0 || f > 1, "is outside 0..1") }}},
	"feedback": {"attempt_id": colId, "report_version": colCount, "summary_ko": colText, "summary_en": colText, "created_at": colStamp,
		"metrics_json": {typ: tText, max: maxJSON, check: func(v any) string {
			return checkJSON(v.(string))
		}}},
	"feedback_score": {"attempt_id": colId, "dimension": colNonEmpty, "reason": colText,
		"score": {typ: tReal, null: true, check: func(v any) string { f := v.(float64); return when(f < 0 || f > 100, "is outside 0..100") }}},
	"feedback_metric": {"attempt_id": colId, "name": colNonEmpty, "value": colRealValue},
	"finding": {"id": colId, "attempt_id": colId, "seq": colCount, "dimension": colNonEmpty, "severity": {typ: tText, check: oneOf("info", "minor", "major")},
		"code": colNonEmpty, "at_ms": colMillis, "end_ms": colOptMS, "message_ko": colText, "message_en": colText, "suggestion_ko": colText, "suggestion_en": colText},
}

// Checked is a snapshot whose every row passed ValidateSnapshot, with its
// values in their column's Go type (int64, float64, string or nil) and
// times in the form the app writes.
type Checked struct {
	Snapshot
	// DroppedSettings are setting keys the archive carried that are not
	// imported (not on the allow-list, or a value it does not allow).
	DroppedSettings []string
}

// ValidateSnapshot checks every row of snap before anything is written:
// known tables and columns, every column present that has no default, the
// type of every value, times and dates that parse, enumerations, ranges,
// and recording paths under media/. The first bad row refuses the whole
// snapshot with a *RowError naming it. Settings off the allow-list are
// dropped, not refused.
func ValidateSnapshot(snap Snapshot) (Checked, error) {
	sb := newSnapshotBuilder(math.MaxInt64)
	if snap.SchemaVersion < 1 {
		return sb.out, fmt.Errorf("%w: no schema version", ErrBadSnapshot)
	}
	if err := sb.version(snap.SchemaVersion); err != nil {
		return sb.out, err
	}
	names := make([]string, 0, len(snap.Tables))
	for name := range snap.Tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := sb.table(name); err != nil {
			return sb.out, err
		}
		for i, row := range snap.Tables[name] {
			if err := sb.add(name, i+1, row); err != nil {
				return sb.out, err
			}
		}
	}
	return sb.finish()
}

// required are the columns without a default in the schema: a row must
// name them.
var required = map[string][]string{
	"setting": {"key", "value"}, "profile": {"id", "updated_at"}, "interview": {"company", "date", "created_at"},
	"plan": {"interview_id", "start_date", "end_date", "created_at"}, "plan_item": {"plan_id", "day", "position", "kind", "title"},
	"question":           {"origin", "practice_type", "language", "text", "created_at", "updated_at"},
	"generated_question": {"question_id", "source", "model"}, "practice_session": {"practice_type", "started_at"},
	"session_question": {"session_id", "question_id", "position"}, "attempt": {"session_question_id", "started_at", "status"},
	"transcript":         {"attempt_id", "language", "engine", "model", "text", "created_at"},
	"transcript_segment": {"attempt_id", "seq", "start_ms", "end_ms", "text"},
	"transcript_word":    {"segment_id", "seq", "start_ms", "end_ms", "text"},
	"feedback":           {"attempt_id", "report_version", "metrics_json", "created_at"},
	"feedback_score":     {"attempt_id", "dimension"}, "feedback_metric": {"attempt_id", "name", "value"},
	"finding": {"attempt_id", "seq", "dimension", "severity", "code", "at_ms", "message_ko", "message_en"},
}

// keyColumns name a row in errors.
var keyColumns = []string{"id", "attempt_id", "question_id", "key"}

func checkRow(table string, cols map[string]column, n int, row map[string]any) (map[string]any, error) {
	e := &RowError{Table: table, Row: n}
	for _, k := range keyColumns {
		if v, ok := row[k]; ok {
			e.ID = k + " " + clip(fmt.Sprint(v))
			break
		}
	}
	if row == nil {
		e.Reason = "is not an object"
		return nil, e
	}
	for _, c := range required[table] {
		if _, ok := row[c]; !ok {
			e.Column, e.Value, e.Reason = c, "", "is missing"
			return nil, e
		}
	}
	out := make(map[string]any, len(row))
	for c, raw := range row {
		spec, ok := cols[c]
		if !ok {
			e.Column, e.Value, e.Reason = fmt.Sprintf("%q", clip(c)), "", "is not a column of "+table
			return nil, e
		}
		v, why := typed(spec, raw)
		if why == "" && v != nil && spec.check != nil {
			why = spec.check(v)
		}
		if why != "" {
			e.Column, e.Value, e.Reason = c, describe(raw), why
			return nil, e
		}
		if s, ok := v.(string); ok && spec.isTime {
			t, _ := time.Parse(time.RFC3339Nano, s)
			v = fmtTime(t)
		}
		out[c] = v
	}
	if table == "question" {
		bank := out["origin"] == "bank"
		if bank != (out["bank_key"] != nil) {
			e.Column, e.Value, e.Reason = "bank_key", describe(row["bank_key"]), "does not match origin "+describe(out["origin"])
			return nil, e
		}
	}
	return out, nil
}

// typed converts a JSON value to the column's Go type, or says why not.
func typed(spec column, v any) (any, string) {
	if v == nil {
		return nil, when(!spec.null, "is null")
	}
	switch spec.typ {
	case tInt:
		n, ok := v.(json.Number)
		if !ok {
			return nil, "is not a whole number"
		}
		i, err := n.Int64()
		if err != nil {
			return nil, "is not a whole number"
		}
		return i, ""
	case tReal:
		n, ok := v.(json.Number)
		if !ok {
			return nil, "is not a number"
		}
		f, err := n.Float64()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, "is not a finite number"
		}
		return f, ""
	default:
		s, ok := v.(string)
		switch {
		case !ok:
			return nil, "is not text"
		case spec.max == 0 && len(s) > maxText || len(s) > spec.max && spec.max > 0:
			return nil, fmt.Sprintf("is longer than %d bytes", max(spec.max, maxText))
		case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
			return nil, "holds a NUL or invalid text"
		case !spec.exact:
			s = safetext.Text(s)
		}
		return s, ""
	}
}

// checkJSON accepts a JSON document nested at most maxDepth deep.
func checkJSON(s string) string {
	if !json.Valid([]byte(s)) {
		return "is not a JSON document"
	}
	depth, inString, escaped := 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > maxDepth {
				return fmt.Sprintf("is nested more than %d deep", maxDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return ""
}

// describe shows a value in an error message, quoted and shortened.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", clip(x))
	case json.Number:
		return clip(x.String())
	case map[string]any:
		return "(an object)"
	case []any:
		return "(a list)"
	}
	return clip(fmt.Sprint(v))
}

func clip(s string) string { return safetext.Clip(s, 60) }
