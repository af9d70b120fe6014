package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// SnapshotLimits bound what ReadSnapshot reads and keeps. data.json comes
// from a file anyone may have written: every bound is checked while it is
// read, so that a small archive that unpacks to a huge document, a row of
// one enormous string, or millions of empty rows is refused after reading
// no more than the bound, never after decoding it whole.
type SnapshotLimits struct {
	Bytes int64 // the document
	Row   int64 // one row as written (its JSON text)
	Kept  int64 // the rows kept, as estimated by keptSize
}

// DefaultSnapshotLimits: a row holds at most one report document (16 MB,
// a little more as JSON text) and a few texts of 1 MB; 192 MB kept is about
// 2,500 answers with every transcript word, and keeps an import under
// 400 MB of memory (measured in export's TestHostileDataIsBounded).
var DefaultSnapshotLimits = SnapshotLimits{Bytes: 512 << 20, Row: 40 << 20, Kept: 192 << 20}

// rowCaps are the most rows a table may hold in a snapshot: far above what
// one person produces (an answer a day for 30 years is 11,000), low enough
// that an archive of millions of tiny rows is refused early.
var rowCaps = map[string]int{
	"setting": 1000, "profile": 1, "interview": 10_000, "plan": 10_000, "plan_item": 200_000,
	"question": 100_000, "generated_question": 100_000, "practice_session": 200_000,
	"session_question": 1_000_000, "attempt": 1_000_000, "transcript": 1_000_000,
	"transcript_segment": 5_000_000, "transcript_word": 5_000_000, "feedback": 1_000_000,
	"feedback_score": 5_000_000, "feedback_metric": 5_000_000, "finding": 5_000_000,
}

// budgetReader counts what the decoder reads: the whole document and the
// current row (reset before each row).
type budgetReader struct {
	r                io.Reader
	total, row       int64
	maxTotal, maxRow int64
	inRow            bool
	docTooLarge      error
	rowTooLargeErr   func() error
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.total >= b.maxTotal {
		return 0, b.docTooLarge
	}
	if b.inRow && b.row >= b.maxRow {
		return 0, b.rowTooLargeErr()
	}
	if int64(len(p)) > b.maxTotal-b.total {
		p = p[:b.maxTotal-b.total]
	}
	if b.inRow && int64(len(p)) > b.maxRow-b.row {
		p = p[:b.maxRow-b.row]
	}
	n, err := b.r.Read(p)
	b.total += int64(n)
	b.row += int64(n)
	if err != nil && err != io.EOF {
		err = &readError{err}
	}
	return n, err
}

// readError is a failure to read (a damaged or cut archive), told apart
// from a document that does not parse.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// keptSize estimates the memory a checked row holds: the map, its entries,
// and the bytes of its keys and texts.
func keptSize(r map[string]any) int64 {
	n := int64(200 + 64*len(r))
	for k, v := range r {
		n += int64(len(k))
		if s, ok := v.(string); ok {
			n += int64(len(s))
		}
	}
	return n
}

// ReadSnapshot reads data.json as a stream and checks every row as it is
// decoded (see ValidateSnapshot for the rules), within lim. The first bad
// row, or the first bound reached, ends the reading (an error wrapping
// ErrBadSnapshot); what was read so far is dropped. An error from r itself
// is returned as it is. A schema version newer than this program's is reported with
// Checked.SchemaVersion set.
func ReadSnapshot(r io.Reader, lim SnapshotLimits) (Checked, error) {
	sb := newSnapshotBuilder(lim.Kept)
	table, rowN := "", 0
	tooLarge := fmt.Errorf("%w: data.json is larger than %d MB (%w)", ErrBadSnapshot, lim.Bytes>>20, ErrSnapshotTooLarge)
	br := &budgetReader{r: r, maxTotal: lim.Bytes, maxRow: lim.Row, docTooLarge: tooLarge}
	br.rowTooLargeErr = func() error {
		return fmt.Errorf("%w: %s row %d is larger than %d MB (%w)", ErrBadSnapshot, table, rowN, lim.Row>>20, ErrSnapshotTooLarge)
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	// readErr is the reader's own error when a bound stopped the decoder
	// (the decoder passes it on as it is), and the decoder's otherwise.
	readErr := func(err error) error {
		var re *readError
		if errors.As(err, &re) {
			return re.err
		}
		if errors.Is(err, ErrSnapshotTooLarge) {
			return err
		}
		return fmt.Errorf("%w: data.json does not read: %v", ErrBadSnapshot, err)
	}
	delim := func(want json.Delim) error {
		tok, err := dec.Token()
		if err != nil {
			return readErr(err)
		}
		if d, ok := tok.(json.Delim); !ok || d != want {
			return fmt.Errorf("%w: data.json does not read: %v where %v belongs", ErrBadSnapshot, describe(tok), want)
		}
		return nil
	}
	if err := delim('{'); err != nil {
		return sb.out, err
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return sb.out, readErr(err)
		}
		key, _ := tok.(string)
		if seen[key] {
			return sb.out, fmt.Errorf("%w: %q is in data.json twice", ErrBadSnapshot, clip(key))
		}
		seen[key] = true
		switch key {
		case "schema_version":
			var v json.Number
			if err := dec.Decode(&v); err != nil {
				return sb.out, readErr(err)
			}
			n, err := v.Int64()
			if err != nil || n < 1 || n > 1<<20 {
				return sb.out, fmt.Errorf("%w: schema_version %s", ErrBadSnapshot, describe(v))
			}
			if err := sb.version(int(n)); err != nil {
				return sb.out, err
			}
		case "tables":
			if err := delim('{'); err != nil {
				return sb.out, err
			}
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return sb.out, readErr(err)
				}
				table, rowN = tok.(string), 0
				if err := sb.table(table); err != nil {
					return sb.out, err
				}
				if err := delim('['); err != nil {
					return sb.out, err
				}
				for dec.More() {
					rowN++
					br.inRow, br.row = true, 0
					var raw any
					err := dec.Decode(&raw)
					br.inRow = false
					if err != nil {
						return sb.out, readErr(err)
					}
					row, isObject := raw.(map[string]any)
					if !isObject && raw != nil {
						return sb.out, &RowError{Table: table, Row: rowN, Reason: "is not an object"}
					}
					if err := sb.add(table, rowN, row); err != nil {
						return sb.out, err
					}
				}
				if err := delim(']'); err != nil {
					return sb.out, err
				}
			}
			if err := delim('}'); err != nil {
				return sb.out, err
			}
		default:
			return sb.out, fmt.Errorf("%w: data.json holds %q, which NEVER MIND does not write", ErrBadSnapshot, clip(key))
		}
	}
	if err := delim('}'); err != nil {
		return sb.out, err
	}
	if _, err := dec.Token(); errors.Is(err, ErrSnapshotTooLarge) {
		return sb.out, err
	} else if err != io.EOF {
		return sb.out, fmt.Errorf("%w: data.json has more than one document", ErrBadSnapshot)
	}
	return sb.finish()
}

// snapshotBuilder checks rows one at a time into a Checked snapshot.
type snapshotBuilder struct {
	out        Checked
	kept, max  int64
	tablesSeen map[string]bool
}

func newSnapshotBuilder(maxKept int64) *snapshotBuilder {
	return &snapshotBuilder{out: Checked{Snapshot: Snapshot{Tables: map[string][]map[string]any{}}}, max: maxKept, tablesSeen: map[string]bool{}}
}

func (sb *snapshotBuilder) version(v int) error {
	sb.out.SchemaVersion = v
	if v > SchemaVersion() {
		return fmt.Errorf("%w: the export was made by a newer NEVER MIND (data version %d; this one reads up to %d): update the app first", ErrNewerSnapshot, v, SchemaVersion())
	}
	return nil
}

func (sb *snapshotBuilder) table(name string) error {
	if _, ok := schema[name]; !ok {
		return fmt.Errorf("%w: unknown table %q", ErrBadSnapshot, clip(name))
	}
	if sb.tablesSeen[name] {
		return fmt.Errorf("%w: table %s is in data.json twice", ErrBadSnapshot, name)
	}
	sb.tablesSeen[name] = true
	sb.out.Tables[name] = []map[string]any{}
	return nil
}

// add checks row n of table and keeps it (settings off the allow-list are
// dropped, not kept).
func (sb *snapshotBuilder) add(table string, n int, row map[string]any) error {
	if n > rowCaps[table] {
		return fmt.Errorf("%w: %s has more than %d rows (%w)", ErrBadSnapshot, table, rowCaps[table], ErrSnapshotTooLarge)
	}
	r, err := checkRow(table, schema[table], n, row)
	if err != nil {
		return err
	}
	if table == "setting" {
		key := r["key"].(string)
		if allowed, ok := importableSettings[key]; !ok || oneOf(allowed...)(r["value"]) != "" {
			if !internalSettings[key] {
				sb.out.DroppedSettings = append(sb.out.DroppedSettings, clip(key))
			}
			return nil
		}
	}
	sb.kept += keptSize(r)
	if sb.kept > sb.max {
		return fmt.Errorf("%w: more than %d MB of rows (at %s row %d) (%w)", ErrBadSnapshot, sb.max>>20, table, n, ErrSnapshotTooLarge)
	}
	sb.out.Tables[table] = append(sb.out.Tables[table], r)
	return nil
}

func (sb *snapshotBuilder) finish() (Checked, error) {
	if sb.out.SchemaVersion < 1 {
		return sb.out, fmt.Errorf("%w: no schema version", ErrBadSnapshot)
	}
	return sb.out, nil
}
