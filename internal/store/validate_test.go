package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestSchemaSpecMatchesTables holds the validator's column list to the
// live tables: the same columns, types and nullability, and every column
// without a default required.
func TestSchemaSpecMatchesTables(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if len(schema) != len(tables) {
		t.Fatalf("validator knows %d tables, the export %d", len(schema), len(tables))
	}
	for _, tb := range tables {
		spec, ok := schema[tb.name]
		if !ok {
			t.Fatalf("no validator spec for %s", tb.name)
		}
		rows, err := s.r.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value IS NOT NULL, pk FROM pragma_table_info(?)`, tb.name)
		if err != nil {
			t.Fatal(err)
		}
		var need []string
		n := 0
		for rows.Next() {
			var name, typ string
			var notNull, hasDefault bool
			var pk int
			if err := rows.Scan(&name, &typ, &notNull, &hasDefault, &pk); err != nil {
				t.Fatal(err)
			}
			if slices.Contains(tb.derived, name) {
				continue
			}
			n++
			c, ok := spec[name]
			if !ok {
				t.Errorf("%s.%s is not in the validator", tb.name, name)
				continue
			}
			want := map[string]colType{"INTEGER": tInt, "REAL": tReal, "TEXT": tText}[typ]
			if c.typ != want {
				t.Errorf("%s.%s: validator type %d, table %s", tb.name, name, c.typ, typ)
			}
			if c.null && notNull {
				t.Errorf("%s.%s: validator allows NULL, the table does not", tb.name, name)
			}
			ownID := pk == 1 && typ == "INTEGER" && tb.id == name     // a new one is given on import
			keyOfParent := pk == 1 && typ == "INTEGER" && tb.id == "" // profile.id, feedback.attempt_id…
			if notNull && !hasDefault && !ownID || keyOfParent {
				need = append(need, name)
			}
		}
		rows.Close()
		if n != len(spec) {
			t.Errorf("%s: table has %d columns, validator %d", tb.name, n, len(spec))
		}
		if strings.Join(need, ",") != strings.Join(required[tb.name], ",") {
			t.Errorf("%s: columns without a default %v; validator requires %v", tb.name, need, required[tb.name])
		}
	}
}

// snapshotOf decodes a document as it is, unchecked (numbers exact).
func snapshotOf(t *testing.T, doc string) Snapshot {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var snap Snapshot
	if err := dec.Decode(&snap); err != nil {
		t.Fatal(err)
	}
	return snap
}

var testLimits = SnapshotLimits{Bytes: 1 << 20, Row: 64 << 10, Kept: 1 << 20}

func TestValidateSnapshotNamesTheBadRow(t *testing.T) {
	const good = `{"session_question_id": 1, "started_at": "2026-11-25T19:00:00+09:00", "duration_ms": 61000, "status": "analyzed", "audio_path": "media/1/a.wav", "video_path": ""}`
	attempt := func(change string) string {
		var row map[string]any
		json.Unmarshal([]byte(good), &row)
		if change != "" {
			var c map[string]any
			if err := json.Unmarshal([]byte(change), &c); err != nil {
				t.Fatal(err)
			}
			for k, v := range c {
				row[k] = v
			}
		}
		b, _ := json.Marshal(row)
		return `{"schema_version": 1, "tables": {"attempt": [` + good + `, ` + strings.Replace(string(b), `{`, `{"id": 17, `, 1) + `]}}`
	}
	ok, err := ValidateSnapshot(snapshotOf(t, attempt("")))
	if err != nil {
		t.Fatalf("a good snapshot: %v", err)
	}
	if got := ok.Tables["attempt"][0]["started_at"]; got != "2026-11-25T10:00:00Z" {
		t.Errorf("a time is stored as the app writes it (UTC): %v", got)
	}
	if _, isInt := ok.Tables["attempt"][0]["duration_ms"].(int64); !isInt {
		t.Errorf("duration_ms is %T, want int64", ok.Tables["attempt"][0]["duration_ms"])
	}
	for name, tc := range map[string]struct{ change, want string }{
		"NaN duration":       {`{"duration_ms": "NaN"}`, `attempt row 2 (id 17): duration_ms "NaN" is not a whole number`},
		"fraction":           {`{"duration_ms": 1.5}`, `is not a whole number`},
		"huge duration":      {`{"duration_ms": 1e300}`, `is not a whole number`},
		"negative duration":  {`{"duration_ms": -1}`, `is outside`},
		"not a time":         {`{"started_at": "not a time"}`, `started_at "not a time" is not a time`},
		"year 1":             {`{"started_at": "0001-01-01T00:00:00Z"}`, `is not a plausible time`},
		"status":             {`{"status": "done"}`, `status "done" is not one of`},
		"traversal audio":    {`{"audio_path": "../../x.wav"}`, `audio_path "../../x.wav"`},
		"etc passwd video":   {`{"video_path": "../../../../etc/passwd"}`, `video_path`},
		"library":            {`{"video_path": "media/lib/libonnxruntime.so"}`, `does not end in`},
		"marker":             {`{"audio_path": "media/77/x.recording"}`, `does not end in`},
		"number for text":    {`{"audio_path": 5}`, `is not text`},
		"object":             {`{"status": {"a": 1}}`, `(an object) is not text`},
		"null id":            {`{"session_question_id": null}`, `is null`},
		"zero id":            {`{"session_question_id": 0}`, `is not an id`},
		"unknown column":     {`{"evil": 1}`, `"evil" is not a column of attempt`},
		"missing status":     {`{"status": null}`, `is null`},
		"nul in a path":      {`{"audio_path": "media/1/a\u0000.wav"}`, `holds a NUL`},
		"escape in the path": {`{"audio_path": "media/1/\u001b[2J.wav"}`, `control character`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ValidateSnapshot(snapshotOf(t, attempt(tc.change)))
			if _, serr := ReadSnapshot(strings.NewReader(attempt(tc.change)), testLimits); fmt.Sprint(serr) != fmt.Sprint(err) {
				t.Errorf("streaming: %v\nwhole: %v", serr, err)
			}
			var re *RowError
			if !errors.As(err, &re) || !errors.Is(err, ErrBadSnapshot) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want a RowError containing %q", err, tc.want)
			}
			if strings.ContainsAny(err.Error(), "\x00\x1b") {
				t.Fatalf("the error message carries control characters: %q", err)
			}
		})
	}
	for name, doc := range map[string]string{
		"unknown table":    `{"schema_version": 1, "tables": {"sqlite_master": []}}`,
		"no version":       `{"tables": {}}`,
		"newer":            `{"schema_version": 999, "tables": {}}`,
		"row not object":   `{"schema_version": 1, "tables": {"attempt": [5]}}`,
		"missing column":   `{"schema_version": 1, "tables": {"attempt": [{"session_question_id": 1}]}}`,
		"bank without key": `{"schema_version": 1, "tables": {"question": [{"id": 1, "origin": "bank", "practice_type": "job", "language": "ko", "text": "x", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}]}}`,
	} {
		if _, err := ReadSnapshot(strings.NewReader(doc), testLimits); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestValidateSnapshotDropsSettingsOffTheAllowList(t *testing.T) {
	doc := `{"schema_version": 1, "tables": {"setting": [
		{"key": "ollama.host", "value": "http://attacker.example:80"},
		{"key": "ollama.model", "value": "x"},
		{"key": "capture.mic", "value": "x"},
		{"key": "bank.digest", "value": "x"},
		{"key": "ui.language", "value": "de"},
		{"key": "ui.language", "value": "en"}]}}`
	c, err := ValidateSnapshot(snapshotOf(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Tables["setting"]; len(got) != 1 || got[0]["key"] != "ui.language" || got[0]["value"] != "en" {
		t.Fatalf("settings kept: %v", got)
	}
	if len(c.DroppedSettings) != 4 || strings.Contains(strings.Join(c.DroppedSettings, ","), "bank.digest") {
		t.Fatalf("dropped: %v", c.DroppedSettings)
	}
}

// TestReadSnapshotLimits: every bound of ReadSnapshot stops the reading
// where it is reached, and archive text loses what would drive a terminal.
func TestReadSnapshotLimits(t *testing.T) {
	const setting = `{"key": "ui.language", "value": "en"}`
	const question = `{"id": %d, "origin": "user", "practice_type": "job", "category": "\u001b]0;pwned\u0007x\u202e", "language": "ko", "text": "q%d\u200b", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}`
	questions := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			if i > 1 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, question, i, i)
		}
		return `{"schema_version": 1, "tables": {"question": [` + b.String() + `]}}`
	}
	for name, tc := range map[string]struct {
		doc  string
		lim  SnapshotLimits
		want string
	}{
		"over the document limit": {`{"schema_version": 1, "tables": {}}` + strings.Repeat(" ", 100), SnapshotLimits{Bytes: 50, Row: 50, Kept: 50}, "larger than"},
		"two documents":           {`{"schema_version": 1} {"x": 1}`, testLimits, "more than one document"},
		"empty rows":              {`{"schema_version": 1, "tables": {"question": [` + strings.Repeat(`{},`, 1000) + `{}]}}`, testLimits, "question row 1: origin is missing"},
		"null rows":               {`{"schema_version": 1, "tables": {"question": [` + strings.Repeat(`null,`, 1000) + `null]}}`, testLimits, "question row 1: is not an object"},
		"a huge string":           {`{"schema_version": 1, "tables": {"question": [{"text": "` + strings.Repeat("a", 200<<10) + `"}]}}`, testLimits, "question row 1 is larger than"},
		"a huge key":              {`{"schema_version": 1, "` + strings.Repeat("a", 2<<20) + `": 1}`, testLimits, "larger than 1 MB"},
		"too many kept":           {questions(3000), testLimits, "more than 1 MB of rows"},
		"too many rows":           {`{"schema_version": 1, "tables": {"profile": [{"id": 1, "updated_at": "2026-01-01T00:00:00Z"}, {"id": 1, "updated_at": "2026-01-01T00:00:00Z"}]}}`, testLimits, "more than 1 rows"},
		"a table twice":           {`{"schema_version": 1, "tables": {"setting": [` + setting + `], "setting": []}}`, testLimits, "twice"},
		"an unknown field":        {`{"schema_version": 1, "tables": {}, "evil": [1,2,3]}`, testLimits, `"evil"`},
		"no version":              {`{"tables": {"setting": [` + setting + `]}}`, testLimits, "no schema version"},
		"deep metrics":            {`{"schema_version": 1, "tables": {"feedback": [{"attempt_id": 1, "report_version": 1, "metrics_json": "` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `", "created_at": "2026-01-01T00:00:00Z"}]}}`, testLimits, "nested more than 64 deep"},
	} {
		_, err := ReadSnapshot(strings.NewReader(tc.doc), tc.lim)
		if err == nil || !errors.Is(err, ErrBadSnapshot) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want an ErrBadSnapshot containing %q", name, err, tc.want)
		}
	}
	c, err := ReadSnapshot(strings.NewReader(questions(2)), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if q := c.Tables["question"][1]; q["category"] != "]0;pwnedx" || q["text"] != "q2" {
		t.Errorf("archive text kept what a terminal acts on: %q %q", q["category"], q["text"])
	}
	if _, err := ReadSnapshot(strings.NewReader(`{"schema_version": 999, "tables": {}}`), testLimits); !errors.Is(err, ErrNewerSnapshot) {
		t.Errorf("a newer snapshot: %v", err)
	}
}

// FuzzValidateSnapshot feeds arbitrary data.json documents to the decoder
// and the validator: no panic, and whatever passes holds only recording
// paths under media/, ids of 1 or more and finite numbers.
func FuzzValidateSnapshot(f *testing.F) {
	f.Add([]byte(`{"schema_version": 1, "tables": {"attempt": [{"id": 1, "session_question_id": 1, "started_at": "2026-11-25T10:00:00Z", "duration_ms": 5, "status": "recorded", "audio_path": "media/1/a.wav", "video_path": "media/1/a.avi"}]}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"attempt": [{"id": 1, "session_question_id": 1, "started_at": "not a time", "duration_ms": "NaN", "status": "recorded", "audio_path": "../../x.wav", "video_path": "/etc/passwd"}]}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"setting": [{"key": "ollama.host", "value": "http://evil"}], "feedback_score": [{"attempt_id": 1, "dimension": "overall", "score": 1e999}]}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"question": [{"id": 1, "origin": "bank", "bank_key": null, "practice_type": "job", "language": "ko", "text": "x", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}]}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"question": [{},{},{},{}]}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"question": [null,null,null]}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"setting": [], "setting": []}, "tables": {}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"feedback": [{"attempt_id": 1, "report_version": 1, "metrics_json": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "created_at": "2026-01-01T00:00:00Z"}]}}`))
	f.Add([]byte(`{"schema_version": 1, "tables": {"question": [{"id": 1, "origin": "user", "practice_type": "job", "category": "\u001b[2J\u202e", "language": "ko", "text": "\u0008\r\u200d", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}]}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		c, err := ReadSnapshot(strings.NewReader(string(doc)), testLimits)
		if err != nil {
			return
		}
		for table, rows := range c.Tables {
			for _, r := range rows {
				for col, v := range r {
					spec := schema[table][col]
					switch x := v.(type) {
					case int64:
						if spec.typ != tInt {
							t.Fatalf("%s.%s holds an int", table, col)
						}
					case float64:
						if spec.typ != tReal {
							t.Fatalf("%s.%s holds a float", table, col)
						}
					case string:
						if spec.typ != tText {
							t.Fatalf("%s.%s holds text", table, col)
						}
						if strings.ContainsAny(x, "\x1b\r\b\u202e\u200b") {
							t.Fatalf("%s.%s keeps a control character: %q", table, col, x)
						}
						if (col == "audio_path" || col == "video_path") && x != "" && (!strings.HasPrefix(x, "media/") || strings.Contains(x, "..")) {
							t.Fatalf("a path outside media passed: %q", x)
						}
					case nil:
						if !spec.null {
							t.Fatalf("%s.%s holds null", table, col)
						}
					default:
						t.Fatalf("%s.%s holds %T", table, col, v)
					}
				}
			}
		}
		if s := c.Tables["setting"]; len(s) > 0 {
			for _, r := range s {
				if r["key"] != "ui.language" {
					t.Fatalf("setting %v passed", r["key"])
				}
			}
		}
	})
}

// TestImportLookupsUseAnIndex: every natural-key lookup an import makes
// (one per row) is answered through an index, never by scanning the
// table, so an import's time grows with its rows, not their square.
func TestImportLookupsUseAnIndex(t *testing.T) {
	s, _ := openTemp(t)
	for _, tb := range tables {
		for _, keys := range [][]string{tb.keys, {"bank_key"}} {
			if keys[0] == "bank_key" && tb.name != "question" {
				continue
			}
			var conds []string
			args := make([]any, len(keys))
			for i, k := range keys {
				conds = append(conds, k+" IS ?")
				args[i] = "x"
			}
			rows, err := s.r.Query(`EXPLAIN QUERY PLAN SELECT 1 FROM `+tb.name+` WHERE `+strings.Join(conds, " AND ")+` LIMIT 1`, args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				rows.Scan(&id, &parent, &notused, &detail)
				plan = append(plan, detail)
			}
			rows.Close()
			if p := strings.Join(plan, "; "); !strings.Contains(p, "USING") || strings.HasPrefix(p, "SCAN") {
				t.Errorf("%s by %v: %s", tb.name, keys, p)
			}
		}
	}
}
