package cloudsync

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"nevermind/internal/store"
)

// encrypt packs a change document as a device would: JSON, gzip, age to
// the folder key.
func encrypt(t testing.TB, r age.Recipient, doc any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(w)
	if err := json.NewEncoder(gz).Encode(doc); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	w.Close()
	return buf.Bytes()
}

// plant puts a file into dev's folder of d, named by its hash.
func plant(t testing.TB, d *device, dev string, seq int64, data []byte) string {
	t.Helper()
	dir := filepath.Join(d.folder, Sub, dev)
	os.MkdirAll(dir, 0o700)
	sum := sha256.Sum256(data)
	name := fmt.Sprintf("%08d-%s.nmc", seq, hex.EncodeToString(sum[:]))
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func randomDevice() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// genuine is a real change file of a laptop that recorded an answer, as a
// JSON document an attacker holding the passphrase can edit.
func genuine(t testing.TB, a *device) map[string]any {
	t.Helper()
	dir := filepath.Join(a.folder, Sub, a.eng.Device())
	names, _ := os.ReadDir(dir)
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n.Name()))
		if err != nil {
			t.Fatal(err)
		}
		f, err := decode(data, a.eng.id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range f.Changes {
			if c.Kind == "attempt" {
				var doc map[string]any
				b, _ := json.Marshal(f)
				dec := json.NewDecoder(bytes.NewReader(b))
				dec.UseNumber()
				dec.Decode(&doc)
				return doc
			}
		}
	}
	t.Fatal("no change file with an answer")
	return nil
}

// change finds the first change of kind in doc.
func change(doc map[string]any, kind string) map[string]any {
	for _, c := range doc["changes"].([]any) {
		if c.(map[string]any)["kind"] == kind {
			return c.(map[string]any)
		}
	}
	return nil
}

func row(c map[string]any, table string, i int) map[string]any {
	return c["rows"].(map[string]any)[table].([]any)[i].(map[string]any)
}

type snapshot struct {
	ents   map[string]string
	counts map[string]int
	media  []string
}

func snap(t testing.TB, d *device) snapshot {
	t.Helper()
	ents, err := d.st.SyncEntities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	counts, _ := d.st.TableCounts(context.Background())
	var media []string
	filepath.WalkDir(d.dir.Root, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !strings.HasSuffix(p, "-wal") && !strings.HasSuffix(p, "-shm") && !strings.HasSuffix(p, ".db") {
			media = append(media, p)
		}
		return nil
	})
	return snapshot{ents, counts, media}
}

// TestHostileChangeFiles applies the import attack set (and the attacks
// only a sync folder allows) to change files: each is refused and
// quarantined whole, and the database and data folder stay as they were.
// The attacker knows the passphrase (a laptop of the user's that was
// stolen, say): the files are encrypted to the folder key.
func TestHostileChangeFiles(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	rng := mrand.New(mrand.NewPCG(1, 2))
	a := newDevice(t, "a", filepath.Join(base, "cloud-a"))
	b := newDevice(t, "b", filepath.Join(base, "cloud-b"))
	a.open(t)
	m := newModel()
	addAnswer(t, rng, a, m)
	a.pass(t)
	c := &cloud{rng: rng, half: map[string]bool{}}
	c.deliver(t, a, b, false)
	b.open(t)
	b.pass(t)
	// b now holds a's answer; an attacker crafts files from a's real one.
	existing := change(genuine(t, a), "attempt")["gid"].(string)
	rcpt := a.eng.id.Recipient()
	other, _ := age.GenerateX25519Identity()

	edit := func(f func(doc map[string]any)) func(dev string) []byte {
		return func(dev string) []byte {
			doc := genuine(t, a)
			doc["device"] = dev
			doc["seq"] = 1
			for _, c := range doc["changes"].([]any) {
				c.(map[string]any)["device"] = dev
			}
			f(doc)
			return encrypt(t, rcpt, doc)
		}
	}
	attempt := func(f func(a map[string]any)) func(string) []byte {
		return edit(func(doc map[string]any) { f(row(change(doc, "attempt"), "attempt", 0)) })
	}
	cases := []struct {
		name string
		file func(dev string) []byte
		// symlink, when set, plants a link to this path instead.
		symlink string
		why     string
	}{
		{name: "1 a library planted through media/", file: attempt(func(a map[string]any) { a["audio_path"] = "media/libwhisper.so" }), why: "does not end in"},
		{name: "1b a recording path into the database", file: attempt(func(a map[string]any) { a["video_path"] = "media/../nevermind.db" }), why: "clean path"},
		{name: "3 settings that send the resume elsewhere", file: edit(func(doc map[string]any) {
			doc["changes"] = append(doc["changes"].([]any), map[string]any{"kind": "setting", "gid": "setting.ollama.host", "op": "put",
				"hlc": change(doc, "attempt")["hlc"], "device": doc["device"],
				"rows": map[string]any{"setting": []any{map[string]any{"key": "ollama.host", "value": `"http://attacker.example:11434"`}}}})
		}), why: "stays on each laptop"},
		{name: "4 not encrypted", file: func(dev string) []byte {
			var buf bytes.Buffer
			gz := gzip.NewWriter(&buf)
			json.NewEncoder(gz).Encode(map[string]any{"format": format, "version": 1, "device": dev, "seq": 1})
			gz.Close()
			return buf.Bytes()
		}, why: "does not decrypt"},
		{name: "4b encrypted to another key", file: func(dev string) []byte {
			return encrypt(t, other.Recipient(), map[string]any{"format": format, "version": 1, "device": dev, "seq": 1})
		}, why: "does not decrypt"},
		{name: "5 traversal in an answer's path", file: attempt(func(a map[string]any) { a["audio_path"] = "media/../../../../etc/cron.d/x.wav" }), why: "clean path"},
		{name: "5b an absolute path", file: attempt(func(a map[string]any) { a["audio_path"] = "/home/user/.ssh/id_rsa.wav" }), why: "absolute"},
		{name: "6 a bomb", file: func(dev string) []byte {
			var buf bytes.Buffer
			w, _ := age.Encrypt(&buf, rcpt)
			gz, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			io.WriteString(gz, `{"format":"nevermind-sync","version":1,"changes":[{"kind":"`)
			io.Copy(gz, io.LimitReader(letters{}, maxJSON+1<<20))
			gz.Close()
			w.Close()
			return buf.Bytes()
		}, why: "unpacks to more than"},
		{name: "6b a file larger than any change file", file: func(string) []byte {
			b := make([]byte, maxFile+1)
			rand.Read(b[:4096])
			return b
		}, why: "larger than"},
		{name: "7 a duration that is not a number", file: attempt(func(a map[string]any) { a["duration_ms"] = "12s" }), why: "not a whole number"},
		{name: "7b a time that is not one", file: attempt(func(a map[string]any) { a["started_at"] = "yesterday" }), why: "not a time"},
		{name: "symlink instead of a file", symlink: "/etc/passwd", why: "not a regular file"},
		{name: "a column that is SQL", file: attempt(func(a map[string]any) { a["status = 'analyzed'; DROP TABLE attempt; --"] = 1 }), why: "is not a column"},
		{name: "a local id smuggled in", file: attempt(func(a map[string]any) { a["id"] = 1 }), why: "local id"},
		{name: "a word of no segment", file: edit(func(doc map[string]any) {
			row(change(doc, "attempt"), "transcript_word", 0)["segment_id"] = 99
		}), why: "names no segment"},
		{name: "a clock far in the future", file: edit(func(doc map[string]any) { change(doc, "attempt")["hlc"] = math.MaxInt64 }), why: "impossible clock"},
		{name: "a change in another device's name", file: edit(func(doc map[string]any) { change(doc, "attempt")["device"] = randomDevice() }), why: "names another device"},
		{name: "an answer posing as an interview", file: edit(func(doc map[string]any) {
			doc["changes"] = []any{map[string]any{"kind": "interview", "gid": existing, "op": "put", "hlc": change(doc, "attempt")["hlc"], "device": doc["device"],
				"rows": map[string]any{"interview": []any{map[string]any{"company": "x", "date": "2027-01-01", "created_at": "2026-01-01T00:00:00Z"}}}}}
		}), why: "not a interview"},
		{name: "a deletion carrying rows", file: edit(func(doc map[string]any) { change(doc, "attempt")["op"] = "del" }), why: "deletion carries rows"},
		{name: "two segments with one number", file: edit(func(doc map[string]any) {
			c := change(doc, "attempt")
			segs := c["rows"].(map[string]any)["transcript_segment"].([]any)
			c["rows"].(map[string]any)["transcript_segment"] = append(segs, segs[0])
			n, _ := c["hlc"].(json.Number).Int64()
			c["hlc"] = n + 1 // newer than the answer b holds
		}), why: "constraint"},
		{name: "its name and content disagree", file: edit(func(doc map[string]any) { doc["seq"] = 7 }), why: "differs from its name"},
		{name: "unknown fields", file: edit(func(doc map[string]any) { doc["exec"] = "rm -rf" }), why: "not a valid change file"},
		{name: "a recording hash that is not one", file: edit(func(doc map[string]any) {
			change(doc, "attempt")["media"] = map[string]any{"audio_path": "../../key"}
		}), why: "malformed recording"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := snap(t, b)
			dev := randomDevice()
			var name string
			if tc.symlink != "" {
				dir := filepath.Join(b.folder, Sub, dev)
				os.MkdirAll(dir, 0o700)
				name = fmt.Sprintf("%08d-%064x.nmc", 1, 0)
				if err := os.Symlink(tc.symlink, filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			} else {
				name = plant(t, b, dev, 1, tc.file(dev))
			}
			rep, err := b.eng.Pass(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Quarantined) != 1 || !strings.Contains(rep.Quarantined[0].Reason, tc.why) {
				t.Fatalf("quarantined %+v; want one, because %q", rep.Quarantined, tc.why)
			}
			if _, err := os.Lstat(filepath.Join(b.folder, Sub, "quarantine", dev+"-"+name)); err != nil {
				t.Errorf("not moved to quarantine: %v", err)
			}
			if _, err := os.Lstat(filepath.Join(b.folder, Sub, dev, name)); err == nil {
				t.Error("still in the device's folder")
			}
			after := snap(t, b)
			if !reflect.DeepEqual(before, after) {
				t.Errorf("the data changed:\nbefore %v\nafter  %v", before.counts, after.counts)
			}
			t.Logf("refused: %s", rep.Quarantined[0].Reason)
		})
	}

	t.Run("a file that never completes", func(t *testing.T) {
		before := snap(t, b)
		dev := randomDevice()
		good := edit(func(map[string]any) {})(dev)
		sum := sha256.Sum256(good)
		dir := filepath.Join(b.folder, Sub, dev)
		os.MkdirAll(dir, 0o700)
		name := fmt.Sprintf("%08d-%s.nmc", 1, hex.EncodeToString(sum[:]))
		os.WriteFile(filepath.Join(dir, name), good[:len(good)/2], 0o600)
		rep, _ := b.eng.Pass(ctx)
		if rep.Partial != 1 || len(rep.Quarantined) != 0 {
			t.Fatalf("a half-written file: %+v; want it waited for", rep)
		}
		b.eng.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
		defer func() { b.eng.Now = time.Now }()
		rep, _ = b.eng.Pass(ctx)
		if len(rep.Quarantined) != 1 {
			t.Fatalf("after a day: %+v; want it quarantined", rep)
		}
		if after := snap(t, b); !reflect.DeepEqual(before, after) {
			t.Error("the data changed")
		}
	})

	t.Run("a recording that is not what its hash says", func(t *testing.T) {
		before := snap(t, b)
		dev := randomDevice()
		// A change naming a recording whose bytes in the folder differ.
		doc := genuine(t, a)
		doc["device"], doc["seq"] = dev, 1
		cs := []any{}
		for _, ch := range doc["changes"].([]any) {
			ch := ch.(map[string]any)
			ch["device"] = dev
			if ch["kind"] == "attempt" {
				ch["gid"] = strings.Repeat("a", 26)
				var fake [32]byte
				rand.Read(fake[:])
				h := hex.EncodeToString(fake[:])
				ch["media"] = map[string]any{"audio_path": h}
				var buf bytes.Buffer
				w, _ := age.Encrypt(&buf, rcpt)
				w.Write([]byte("not the recording"))
				w.Close()
				os.WriteFile(filepath.Join(b.folder, Sub, "media", h+".nmm"), buf.Bytes(), 0o600)
				cs = append(cs, ch)
			}
		}
		doc["changes"] = cs
		plant(t, b, dev, 1, encrypt(t, rcpt, doc))
		rep, _ := b.eng.Pass(ctx)
		if rep.Waiting != 1 {
			t.Fatalf("%+v; want the answer waiting for its recording", rep)
		}
		after := snap(t, b)
		if !reflect.DeepEqual(before.ents, after.ents) || !reflect.DeepEqual(before.media, after.media) {
			t.Error("the data changed")
		}
	})
}

type letters struct{}

func (letters) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

var _ = store.OpPut
