package export

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// entry is one file of a crafted archive: body, or zeros bytes of zeros
// (for a bomb), as typ (a regular file unless set).
type entry struct {
	name  string
	body  []byte
	zeros int64
	typ   byte
	link  string
}

// craft writes a plain archive of entries followed by a manifest listing
// every one of them with its true checksum, as an attacker who rewrites
// the manifest would: only the semantic checks can catch what is inside.
func craft(t testing.TB, out string, entries []entry) {
	t.Helper()
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	tw := tar.NewWriter(gz)
	m := Manifest{Format: Format, Version: 1, SchemaVersion: store.SchemaVersion(), CreatedAt: time.Now().UTC(), Media: true}
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		size := int64(len(e.body))
		var r io.Reader = bytes.NewReader(e.body)
		if e.zeros > 0 {
			size, r = e.zeros, io.LimitReader(zeroReader{}, e.zeros)
		}
		h := &tar.Header{Name: e.name, Mode: 0o600, Typeflag: typ, Linkname: e.link, ModTime: m.CreatedAt}
		if typ == tar.TypeReg {
			h.Size = size
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ != tar.TypeReg {
			continue
		}
		hs := sha256.New()
		if _, err := io.Copy(io.MultiWriter(tw, hs), r); err != nil {
			t.Fatal(err)
		}
		m.Files = append(m.Files, File{Path: e.name, Size: size, SHA256: hex.EncodeToString(hs.Sum(nil))})
	}
	mb, _ := json.Marshal(m)
	tw.WriteHeader(&tar.Header{Name: "manifest.json", Mode: 0o600, Size: int64(len(mb)), Typeflag: tar.TypeReg})
	tw.Write(mb)
	tw.Close()
	gz.Close()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// entriesOf reads a plain archive's entries (but the manifest) back.
func entriesOf(t testing.TB, archive string) []entry {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []entry
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		if h.Name != "manifest.json" {
			out = append(out, entry{name: h.Name, body: b})
		}
	}
}

// editData changes data.json's document with edit.
func editData(t testing.TB, es []entry, edit func(doc map[string]any)) []entry {
	t.Helper()
	out := append([]entry(nil), es...)
	for i, e := range out {
		if e.name != "data.json" {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(e.body))
		dec.UseNumber()
		var doc map[string]any
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		edit(doc)
		b, _ := json.Marshal(doc)
		out[i].body = b
	}
	return out
}

func rowsOf(doc map[string]any, table string) []any {
	rows, _ := doc["tables"].(map[string]any)[table].([]any)
	return rows
}

// folderState is everything an attack could change: every row of the
// database (ids included), and every file of the data folder and of the
// folder beside it, with its SHA-256.
type folderState struct {
	rows  string
	files map[string]string
}

func stateOf(t testing.TB, h home, outside string) folderState {
	t.Helper()
	snap, err := h.st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(snap)
	s := folderState{rows: string(b), files: map[string]string{}}
	for _, root := range []string{h.dir.Root, outside} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || strings.HasPrefix(d.Name(), "nevermind.db") {
				return nil
			}
			if d.IsDir() {
				s.files[p+"/"] = "dir"
				return nil
			}
			if d.Type()&os.ModeSymlink != 0 {
				l, _ := os.Readlink(p)
				s.files[p] = "link " + l
				return nil
			}
			b, _ := os.ReadFile(p)
			sum := sha256.Sum256(b)
			s.files[p] = hex.EncodeToString(sum[:])
			return nil
		})
	}
	return s
}

func (s folderState) diff(o folderState) []string {
	var d []string
	if s.rows != o.rows {
		d = append(d, "database rows")
	}
	for p, v := range s.files {
		if o.files[p] != v {
			d = append(d, "changed or removed: "+p)
		}
	}
	for p := range o.files {
		if _, ok := s.files[p]; !ok {
			d = append(d, "added: "+p)
		}
	}
	sort.Strings(d)
	return d
}

// victim is a home with its own history, exported to base (so an archive
// built from base adds nothing by itself), and a folder outside the home
// with files an attack might aim at.
type victim struct {
	home
	base    []entry
	outside string
}

func newVictim(t *testing.T) victim {
	v := victim{home: newHome(t), outside: t.TempDir()}
	fill(t, v.home)
	archive := filepath.Join(t.TempDir(), "own.nmx")
	if _, err := Export(context.Background(), v.st, v.dir, archive, Options{}); err != nil {
		t.Fatal(err)
	}
	v.base = entriesOf(t, archive)
	os.WriteFile(filepath.Join(v.outside, "file.wav"), []byte("RIFF\x24\x00\x00\x00WAVE-someone-else's-file"), 0o600)
	os.WriteFile(filepath.Join(v.outside, "passwd"), []byte("root:x:0:0::/root:/bin/sh\n"), 0o600)
	return v
}

// TestTenAttacks: each numbered attack of the trust-boundaries issue,
// built here as a hostile user would, is refused or contained, and the
// data folder (rows, files and their hashes) and the folder beside it are
// unchanged afterwards.
func TestTenAttacks(t *testing.T) {
	ctx := context.Background()
	type attack struct {
		name    string
		entries func(v victim) []entry
		pass    string
		refused Problem // "" when the import may succeed but must change nothing
		check   func(t *testing.T, v victim, res Result)
	}
	attacks := []attack{
		{name: "1 a library, a model and a database planted through media/",
			entries: func(v victim) []entry {
				return append(v.base,
					entry{name: "media/lib/libonnxruntime.so", body: []byte("\x7fELF evil")},
					entry{name: "media/models/ggml-base.bin", body: []byte("lmgg evil")},
					entry{name: "media/nevermind-imported1.db", body: []byte("SQLite format 3\x00")})
			},
			check: func(t *testing.T, v victim, res Result) {
				if len(res.Refused) != 3 || !res.Nothing() {
					t.Errorf("refused %v, added %v: want the three entries named and nothing added", res.Refused, res.Added)
				}
			}},
		{name: "1b an answer whose recording is the library",
			entries: func(v victim) []entry {
				es := editData(t, v.base, func(doc map[string]any) {
					rowsOf(doc, "attempt")[0].(map[string]any)["audio_path"] = "lib/libonnxruntime.so"
				})
				return append(es, entry{name: "media/lib/libonnxruntime.so", body: []byte("\x7fELF evil")})
			},
			refused: BadData},
		{name: "2 a recovery marker aimed outside",
			entries: func(v victim) []entry {
				marker, _ := json.Marshal(map[string]string{"audio": filepath.Join(v.outside, "file.wav")})
				return append(v.base, entry{name: "media/media/77/x.recording", body: marker})
			},
			check: func(t *testing.T, v victim, res Result) {
				if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Path, "x.recording") {
					t.Errorf("refused = %v", res.Refused)
				}
			}},
		{name: "3 settings that send the resume elsewhere",
			entries: func(v victim) []entry {
				return editData(t, v.base, func(doc map[string]any) {
					doc["tables"].(map[string]any)["setting"] = []any{
						map[string]any{"key": "ollama.host", "value": "http://203.0.113.9:80"},
						map[string]any{"key": "capture.mic", "value": "evil"},
					}
				})
			},
			check: func(t *testing.T, v victim, res Result) {
				if len(res.Stats.DroppedSettings) != 2 {
					t.Errorf("dropped settings = %v", res.Stats.DroppedSettings)
				}
				if set, _ := v.st.Settings(ctx); set.OllamaHost != "" || set.Mic != "" {
					t.Errorf("settings after import = %+v", set)
				}
			}},
		{name: "4 a plain archive given with a passphrase", pass: "cloud folder secret",
			entries: func(v victim) []entry { return v.base },
			refused: NotEncrypted},
		{name: "5 traversal in an answer's paths",
			entries: func(v victim) []entry {
				return editData(t, v.base, func(doc map[string]any) {
					a := rowsOf(doc, "attempt")[0].(map[string]any)
					a["audio_path"], a["video_path"] = "../../x.wav", "../../../../etc/passwd"
					a["started_at"] = "2026-11-26T10:00:00Z" // a new answer, not the victim's own
				})
			},
			refused: BadData},
		{name: "5b an absolute path to a file outside",
			entries: func(v victim) []entry {
				return editData(t, v.base, func(doc map[string]any) {
					a := rowsOf(doc, "attempt")[0].(map[string]any)
					a["audio_path"], a["started_at"] = filepath.Join(v.outside, "file.wav"), "2026-11-26T10:00:00Z"
				})
			},
			refused: BadData},
		{name: "6 a 300 MB entry no row references",
			entries: func(v victim) []entry {
				return append(v.base, entry{name: "media/media/9/pad.wav", zeros: 300 << 20})
			},
			refused: TooLarge},
		{name: "7 a duration that is not a number",
			entries: func(v victim) []entry {
				return editData(t, v.base, func(doc map[string]any) {
					a := rowsOf(doc, "attempt")[0].(map[string]any)
					a["duration_ms"], a["started_at"] = "NaN", "2026-11-26T10:00:00Z"
				})
			},
			refused: BadData,
			check: func(t *testing.T, v victim, res Result) {
				if _, err := v.st.AttemptRecords(ctx, 10); err != nil {
					t.Errorf("records fail afterwards: %v", err)
				}
			}},
		{name: "7b a time that is not one",
			entries: func(v victim) []entry {
				return editData(t, v.base, func(doc map[string]any) {
					rowsOf(doc, "attempt")[0].(map[string]any)["started_at"] = "not a time"
				})
			},
			refused: BadData},
		{name: "symlink entry",
			entries: func(v victim) []entry {
				return append(v.base, entry{name: "media/media/1/link.wav", typ: tar.TypeSymlink, link: "/etc/passwd"})
			},
			refused: BadEntry},
		{name: "entry climbing out",
			entries: func(v victim) []entry {
				return append(v.base, entry{name: "media/../../x.wav", body: []byte("x")})
			},
			refused: BadEntry},
		{name: "a recording before data.json",
			entries: func(v victim) []entry {
				return append([]entry{{name: "media/media/1/a.wav", body: []byte("x")}}, v.base...)
			},
			refused: NotArchive},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			v := newVictim(t)
			archive := filepath.Join(t.TempDir(), "crafted.nmx")
			craft(t, archive, a.entries(v))
			before := stateOf(t, v.home, v.outside)
			res, err := Import(ctx, v.st, v.dir, archive, a.pass)
			var e *Error
			switch {
			case a.refused != "" && (!errors.As(err, &e) || e.Problem != a.refused):
				t.Fatalf("import: %v; want refused as %s", err, a.refused)
			case a.refused == "" && err != nil:
				t.Fatalf("import: %v; want it contained", err)
			}
			if err != nil && strings.ContainsAny(err.Error(), "\x00\x1b") {
				t.Errorf("the message carries control characters: %q", err)
			}
			if d := before.diff(stateOf(t, v.home, v.outside)); len(d) > 0 {
				t.Errorf("the import changed: %v", d)
			}
			if a.check != nil {
				a.check(t, v, res)
			}
		})
	}
}

// TestBombInAReferencedRecording: a recording a row does use is bounded
// per entry and by the free disk space, checked before it is staged.
func TestBombInAReferencedRecording(t *testing.T) {
	ctx := context.Background()
	v := newVictim(t)
	es := editData(t, v.base, func(doc map[string]any) {
		a := rowsOf(doc, "attempt")[0].(map[string]any)
		a["audio_path"], a["started_at"] = "media/5/big.wav", "2026-11-26T10:00:00Z"
	})
	es = append(es, entry{name: "media/media/5/big.wav", zeros: 4 << 20})
	archive := filepath.Join(t.TempDir(), "big.nmx")
	craft(t, archive, es)
	before := stateOf(t, v.home, v.outside)
	lim := DefaultLimits
	lim.Entry = 1 << 20
	_, err := ImportWith(ctx, v.st, v.dir, archive, "", lim)
	var e *Error
	if !errors.As(err, &e) || e.Problem != TooLarge {
		t.Fatalf("a 4 MB recording over a 1 MB limit: %v", err)
	}
	free, ferr := appdata.FreeSpace(v.dir.Root)
	if ferr != nil {
		t.Fatalf("free space: %v", ferr)
	}
	lim = DefaultLimits
	lim.Spare = free // nothing may be staged
	_, err = ImportWith(ctx, v.st, v.dir, archive, "", lim)
	if !errors.As(err, &e) || e.Problem != DiskFull {
		t.Fatalf("a disk without room: %v", err)
	}
	// The reason is the reserve, not the disk: the message says so, and
	// gives sizes under a megabyte as such.
	if msg := err.Error(); !strings.Contains(msg, "needs 4.0 MB") || !strings.Contains(msg, "keeps") || strings.Contains(msg, " 0 MB") {
		t.Errorf("the message does not say why: %s", msg)
	}
	if d := before.diff(stateOf(t, v.home, v.outside)); len(d) > 0 {
		t.Errorf("the import changed: %v", d)
	}
	// With room, the same archive adds the answer and its recording.
	res, err := Import(ctx, v.st, v.dir, archive, "")
	if err != nil || len(res.Added) != 1 || res.Added[0] != "media/5/big.wav" || res.Stats.Added["attempt"] != 1 {
		t.Fatalf("import with room: %+v %v", res, err)
	}
}

// TestImportReportsEveryFile: a recording whose name is taken by another
// file is stored under a new name; one already here is skipped; the report
// says which.
func TestImportReportsEveryFile(t *testing.T) {
	ctx := context.Background()
	src := newHome(t)
	fill(t, src)
	archive := filepath.Join(t.TempDir(), "a.nmx")
	if _, err := Export(ctx, src.st, src.dir, archive, Options{}); err != nil {
		t.Fatal(err)
	}
	dst := newHome(t)
	os.MkdirAll(filepath.Join(dst.dir.MediaDir(), "1"), 0o700)
	os.WriteFile(filepath.Join(dst.dir.MediaDir(), "1", "a.wav"), []byte("another answer of this laptop"), 0o600)
	res, err := Import(ctx, dst.st, dst.dir, archive, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Renamed["media/media/1/a.wav"] != "media/1/a-imported1.wav" || len(res.Added) != 1 || res.Added[0] != "media/1/a-imported1.wav" {
		t.Fatalf("renamed %v added %v", res.Renamed, res.Added)
	}
	if b, _ := os.ReadFile(filepath.Join(dst.dir.MediaDir(), "1", "a.wav")); string(b) != "another answer of this laptop" {
		t.Fatal("the file already there was replaced")
	}
	recs, _ := dst.st.AttemptRecords(ctx, 10)
	if len(recs) != 1 || recs[0].Attempt.AudioPath != "media/1/a-imported1.wav" {
		t.Fatalf("the imported answer points at %+v", recs)
	}
	// Again: everything is already here; the recording is skipped.
	res, err = Import(ctx, dst.st, dst.dir, archive, "")
	if err != nil || !res.Nothing() || len(res.Skipped) != 1 {
		t.Fatalf("second import: %+v %v", res, err)
	}
}

// TestExportRefusesTheDataFolder: an export never lands on the database,
// a recording or anywhere in the data folder but exports/, and never
// replaces a file unless forced.
func TestExportRefusesTheDataFolder(t *testing.T) {
	ctx := context.Background()
	v := newVictim(t)
	link := filepath.Join(t.TempDir(), "link-to-data")
	os.Symlink(v.dir.Root, link)
	before := stateOf(t, v.home, v.outside)
	for _, out := range []string{
		v.dir.DatabasePath(),
		filepath.Join(v.dir.MediaDir(), "1", "a.wav"),
		filepath.Join(v.dir.MediaDir(), "new.nmx"),
		filepath.Join(v.dir.Root, "backup.nmx"),
		filepath.Join(link, "nevermind.db"),
		filepath.Join(v.dir.ExportsDir(), "..", "nevermind.db"),
	} {
		for _, force := range []bool{false, true} {
			_, err := Export(ctx, v.st, v.dir, out, Options{Force: force})
			var e *Error
			if !errors.As(err, &e) || e.Problem != OutputInside {
				t.Errorf("export to %s (force %v): %v", out, force, err)
			}
		}
	}
	if d := before.diff(stateOf(t, v.home, v.outside)); len(d) > 0 {
		t.Errorf("the refused exports changed: %v", d)
	}
	// exports/ is fine; an existing file needs --force.
	in := filepath.Join(v.dir.ExportsDir(), "b.nmx")
	if _, err := Export(ctx, v.st, v.dir, in, Options{}); err != nil {
		t.Fatalf("export into exports/: %v", err)
	}
	existing := filepath.Join(v.outside, "passwd")
	if _, err := Export(ctx, v.st, v.dir, existing, Options{}); !errors.Is(err, &Error{Problem: OutputExists}) {
		t.Fatalf("export over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(existing); !strings.HasPrefix(string(b), "root:") {
		t.Fatal("the existing file was replaced without --force")
	}
	if _, err := Export(ctx, v.st, v.dir, existing, Options{Force: true}); err != nil {
		t.Fatalf("export --force: %v", err)
	}
}

// FuzzReadArchive feeds arbitrary bytes, seeded with the crafted archives,
// to the archive reader: no panic, and nothing is written outside its
// staging folder. With compressed false the bytes are a tar stream that the
// target compresses itself, so mutations reach the tar, manifest and
// data.json layers instead of breaking the gzip stream.
func FuzzReadArchive(f *testing.F) {
	dir := f.TempDir()
	h := newHome(f)
	fill(f, h)
	archive := filepath.Join(dir, "own.nmx")
	if _, err := Export(context.Background(), h.st, h.dir, archive, Options{}); err != nil {
		f.Fatal(err)
	}
	base := entriesOf(f, archive)
	seeds := [][]entry{
		base,
		append(base, entry{name: "media/lib/libonnxruntime.so", body: []byte("\x7fELF")}),
		append(base, entry{name: "media/media/77/x.recording", body: []byte(`{"audio":"/etc/passwd"}`)}),
		append(base, entry{name: "media/media/9/pad.wav", zeros: 64 << 10}),
		editData(f, base, func(doc map[string]any) {
			a := rowsOf(doc, "attempt")[0].(map[string]any)
			a["audio_path"], a["duration_ms"] = "../../x.wav", "NaN"
		}),
		append(base, entry{name: "media/media/1/l.wav", typ: tar.TypeSymlink, link: "/etc/passwd"}),
	}
	// The resource shapes: rows that are not rows, a row of one huge
	// string, a report nested deep, text that drives a terminal, a table
	// twice, and a frame that claims gigabytes.
	v := store.SchemaVersion()
	for _, doc := range []string{
		fmt.Sprintf(`{"schema_version": %d, "tables": {"question": [%s{}]}}`, v, strings.Repeat("{},", 2000)),
		fmt.Sprintf(`{"schema_version": %d, "tables": {"question": [%snull]}}`, v, strings.Repeat("null,", 2000)),
		fmt.Sprintf(`{"schema_version": %d, "tables": {"question": [{"text": "%s"}]}}`, v, strings.Repeat("a", 300<<10)),
		fmt.Sprintf(`{"schema_version": %d, "tables": {"feedback": [{"attempt_id": 1, "report_version": 1, "metrics_json": "%s%s", "created_at": "2026-01-01T00:00:00Z"}]}}`, v, strings.Repeat("[", 9000), strings.Repeat("]", 9000)),
		fmt.Sprintf(`{"schema_version": %d, "tables": {"interview": [{"id": 1, "company": "\u001b]0;x\u0007ACME\u202e\r\b", "date": "2027-01-01", "created_at": "2026-01-01T00:00:00Z"}]}}`, v),
		fmt.Sprintf(`{"schema_version": %d, "tables": {"setting": [], "setting": []}}`, v),
	} {
		seeds = append(seeds, append([]entry{{name: "data.json", body: []byte(doc)}}, base[1:]...))
	}
	for i, es := range seeds {
		p := filepath.Join(dir, "seed"+string(rune('a'+i)))
		craft(f, p, es)
		b, _ := os.ReadFile(p)
		f.Add(b, true)
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			f.Fatal(err)
		}
		tb, _ := io.ReadAll(zr)
		f.Add(tb, false)
	}
	raw, _ := os.ReadFile(archive)
	f.Add(raw[:len(raw)/2], true)
	lim := Limits{Data: 1 << 20, Entry: 1 << 20, Total: 4 << 20, Unused: 256 << 10, Spare: 0}
	f.Fuzz(func(t *testing.T, b []byte, compressed bool) {
		if !compressed {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			zw.Write(b)
			zw.Close()
			b = buf.Bytes()
		}
		root := t.TempDir()
		stage := filepath.Join(root, "stage")
		os.Mkdir(stage, 0o700)
		os.WriteFile(filepath.Join(root, "keep"), []byte("x"), 0o600)
		rd, err := readArchive(context.Background(), bytes.NewReader(b), "", stage, root, lim)
		if err == nil && rd == nil {
			t.Fatal("no error and no archive")
		}
		var e *Error
		if err != nil && !errors.As(err, &e) && !errors.Is(err, context.Canceled) {
			t.Fatalf("an error without a problem code: %v", err)
		}
		entries, _ := os.ReadDir(root)
		if len(entries) != 2 {
			t.Fatalf("the reader wrote outside its staging folder: %v", entries)
		}
		staged, _ := os.ReadDir(stage)
		if err == nil && len(staged) != len(rd.media) {
			t.Fatalf("%d files staged for %d recordings", len(staged), len(rd.media))
		}
	})
}
