package export

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

type home struct {
	dir appdata.Dir
	st  *store.Store
}

func newHome(t testing.TB) home {
	t.Helper()
	dir, err := appdata.OpenAt(filepath.Join(t.TempDir(), "home"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return home{dir, st}
}

// fill makes a realistic history: profile, an interview, a question, a
// session with an attempt (audio on disk), its transcript and feedback.
func fill(t testing.TB, h home) {
	ctx := context.Background()
	st := h.st
	if err := st.SaveProfile(ctx, store.Profile{Name: "김지원", ResumeText: "저는 …", JDText: "백엔드", Language: store.Korean}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddInterview(ctx, store.Interview{Company: "한빛페이", Date: "2026-12-03"}); err != nil {
		t.Fatal(err)
	}
	qid, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "Redis를 왜 도입했나요?"})
	_, sqs, err := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	rel := "media/1/a.wav"
	os.MkdirAll(filepath.Join(h.dir.Root, "media/1"), 0o700)
	os.WriteFile(filepath.Join(h.dir.Root, rel), []byte("RIFF-fake-audio-for-the-archive"), 0o600)
	aid, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), Status: store.AttemptRecorded, AudioPath: rel, Duration: 61 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveTranscript(ctx, store.Transcript{AttemptID: aid, Language: store.Korean, Engine: "whisper.cpp", Model: "small", Text: "제가 Redis를 도입했습니다.",
		Segments: []store.Segment{{Start: 0, End: 2 * time.Second, Text: "제가 Redis를 도입했습니다.", Words: []store.Word{{Start: 0, End: time.Second, Text: "제가"}}}}}); err != nil {
		t.Fatal(err)
	}
	v := 72.5
	end := 5 * time.Second
	if err := st.SaveFeedback(ctx, store.Feedback{AttemptID: aid, ReportVersion: 1, MetricsJSON: `{"schema_version":1}`, Metrics: map[string]float64{"voice.speech_s": 50},
		Scores: []store.Score{{Dimension: "overall", Score: &v}, {Dimension: "content"}}, Summary: i18n.Text{KO: "좋아요", EN: "Good"},
		Findings: []store.Finding{{Dimension: "fluency", Severity: store.SeverityMinor, Code: "long_pause", At: 3 * time.Second, End: &end, Message: i18n.Text{KO: "멈춤", EN: "pause"}}}}); err != nil {
		t.Fatal(err)
	}
}

// userData is the snapshot without ids, which differ between databases.
func userData(t *testing.T, st *store.Store) map[string][]string {
	snap, err := st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for name, rows := range snap.Tables {
		for _, r := range rows {
			cp := map[string]any{}
			for k, v := range r {
				if k == "id" || strings.HasSuffix(k, "_id") || k == "created_at" || k == "updated_at" {
					continue
				}
				cp[k] = v
			}
			b, _ := json.Marshal(cp)
			out[name] = append(out[name], string(b))
		}
	}
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	for _, pass := range []string{"", "맑은 하늘 correct horse"} {
		name := "plain"
		if pass != "" {
			name = "encrypted"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			src := newHome(t)
			fill(t, src)
			archive := filepath.Join(t.TempDir(), "backup.nmx")
			m, err := Export(ctx, src.st, src.dir, archive, Options{Passphrase: pass})
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Files) != 2 || m.Files[1].Path != "media/media/1/a.wav" || m.Rows["attempt"] != 1 {
				t.Fatalf("manifest %+v", m)
			}
			raw, _ := os.ReadFile(archive)
			if pass != "" && (!bytes.HasPrefix(raw, []byte("age-encryption.org/")) || bytes.Contains(raw, []byte("Redis"))) {
				t.Fatal("not encrypted")
			}
			dst := newHome(t)
			res, err := Import(ctx, dst.st, dst.dir, archive, pass)
			if err != nil {
				t.Fatal(err)
			}
			if res.Media() != 1 || res.Stats.Added["attempt"] != 1 || res.Stats.Added["finding"] != 1 {
				t.Errorf("import %+v", res)
			}
			a, b := userData(t, src.st), userData(t, dst.st)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("records differ after the round trip:\n%v\n%v", a, b)
			}
			got, err := os.ReadFile(filepath.Join(dst.dir.Root, "media/1/a.wav"))
			if err != nil || string(got) != "RIFF-fake-audio-for-the-archive" {
				t.Errorf("media: %q %v", got, err)
			}
			// Records read back the same way the app reads them.
			ra, _ := src.st.AttemptRecords(ctx, 10)
			rb, _ := dst.st.AttemptRecords(ctx, 10)
			if len(rb) != 1 || *rb[0].Scores["overall"] != *ra[0].Scores["overall"] || rb[0].Question.Text != ra[0].Question.Text {
				t.Errorf("records %+v vs %+v", rb, ra)
			}
			// Importing again adds nothing.
			res, err = Import(ctx, dst.st, dst.dir, archive, pass)
			if err != nil || len(res.Stats.Added) != 0 || res.Media() != 0 {
				t.Errorf("second import: %+v %v", res.Stats, err)
			}
			if !reflect.DeepEqual(userData(t, dst.st), b) {
				t.Error("second import changed the data")
			}
		})
	}
}

// TestMergeIntoExistingData: importing into an installation with its own
// history keeps both, and the built-in bank is not duplicated.
func TestMergeIntoExistingData(t *testing.T) {
	ctx := context.Background()
	src := newHome(t)
	fill(t, src)
	archive := filepath.Join(t.TempDir(), "b.nmx")
	if _, err := Export(ctx, src.st, src.dir, archive, Options{NoMedia: true}); err != nil {
		t.Fatal(err)
	}
	dst := newHome(t)
	qid, _ := dst.st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: store.Korean, Text: "다른 질문"})
	_, sqs, _ := dst.st.StartSession(ctx, store.TypeBasic, 0, []int64{qid})
	dst.st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, Status: store.AttemptRecorded})
	if _, err := Import(ctx, dst.st, dst.dir, archive, ""); err != nil {
		t.Fatal(err)
	}
	recs, _ := dst.st.AttemptRecords(ctx, 10)
	if len(recs) != 2 {
		t.Fatalf("%d attempts after the merge", len(recs))
	}
}

func snapshotOf(t *testing.T, h home) (map[string][]string, []string) {
	var files []string
	filepath.WalkDir(h.dir.Root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), "nevermind.db") {
			files = append(files, p)
		}
		return nil
	})
	return userData(t, h.st), files
}

// TestRefusals: a tampered, a truncated and a wrong-passphrase archive are
// refused with a clear message, and the target is left as it was.
func TestRefusals(t *testing.T) {
	ctx := context.Background()
	src := newHome(t)
	fill(t, src)
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.nmx")
	secret := filepath.Join(dir, "secret.nmx")
	if _, err := Export(ctx, src.st, src.dir, plain, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(ctx, src.st, src.dir, secret, Options{Passphrase: "right"}); err != nil {
		t.Fatal(err)
	}
	// Tampered: data.json edited (an overall score raised), manifest kept.
	tampered := filepath.Join(dir, "tampered.nmx")
	rewrite(t, plain, tampered, func(name string, b []byte) []byte {
		if name == "data.json" {
			return bytes.Replace(b, []byte("72.5"), []byte("99.5"), 1)
		}
		return b
	})
	truncated := filepath.Join(dir, "truncated.nmx")
	b, _ := os.ReadFile(plain)
	os.WriteFile(truncated, b[:len(b)*2/3], 0o600)
	truncSecret := filepath.Join(dir, "truncated-secret.nmx")
	b, _ = os.ReadFile(secret)
	os.WriteFile(truncSecret, b[:len(b)-40], 0o600)
	extra := filepath.Join(dir, "extra.nmx")
	rewrite(t, plain, extra, func(name string, b []byte) []byte { return b }, "media/evil.sh")

	dst := newHome(t)
	fill(t, dst) // the target has its own data already
	beforeData, beforeFiles := snapshotOf(t, dst)
	for _, c := range []struct {
		name, path, pass, want string
	}{
		{"tampered", tampered, "", "altered"},
		{"truncated", truncated, "", "cut short"},
		{"truncated encrypted", truncSecret, "right", "damaged"},
		{"wrong passphrase", secret, "wrong", "passphrase"},
		{"no passphrase", secret, "", "encrypted"},
		{"extra file", extra, "", "not in its manifest"},
		{"not an archive", filepath.Join(dir, "notes.txt"), "", "not a NEVER MIND export"},
	} {
		if c.name == "not an archive" {
			os.WriteFile(c.path, []byte("my notes"), 0o600)
		}
		_, err := Import(ctx, dst.st, dst.dir, c.path, c.pass)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v (want %q)", c.name, err, c.want)
		}
		if c.name == "wrong passphrase" && !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("wrong passphrase: %v", err)
		}
		afterData, afterFiles := snapshotOf(t, dst)
		if !reflect.DeepEqual(beforeData, afterData) || !reflect.DeepEqual(beforeFiles, afterFiles) {
			t.Errorf("%s changed the target", c.name)
		}
	}
}

// rewrite copies a plain archive, passing each file through edit, and
// optionally adds files the manifest does not list.
func rewrite(t *testing.T, in, out string, edit func(string, []byte) []byte, extra ...string) {
	f, _ := os.Open(in)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var buf bytes.Buffer
	gw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gw)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		b, _ := io.ReadAll(tr)
		b = edit(h.Name, b)
		h.Size = int64(len(b))
		tw.WriteHeader(h)
		tw.Write(b)
		if h.Name == "data.json" {
			for _, e := range extra {
				tw.WriteHeader(&tar.Header{Name: e, Mode: 0o600, Size: 4, Typeflag: tar.TypeReg})
				tw.Write([]byte("boo\n"))
			}
		}
	}
	tw.Close()
	gw.Close()
	os.WriteFile(out, buf.Bytes(), 0o600)
}

// TestPassphraseWorkIsBounded: an encrypted archive whose header asks for
// more scrypt work than NEVER MIND's own (2^18) is refused before any of
// that work is done, with the right passphrase or a wrong one, and the
// data folder keeps nothing of it; an archive at our own work factor
// still imports.
func TestPassphraseWorkIsBounded(t *testing.T) {
	ctx := context.Background()
	src := newHome(t)
	fill(t, src)
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.nmx")
	if _, err := Export(ctx, src.st, src.dir, secret, Options{Passphrase: "right"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(secret)
	if err != nil {
		t.Fatal(err)
	}
	if logN, ok := scryptWorkFactor(bufio.NewReader(bytes.NewReader(b))); !ok || logN != ExportWorkFactor {
		t.Fatalf("our own archive's work factor reads %d, %v", logN, ok)
	}
	lines := bytes.SplitN(b, []byte("\n"), 3)
	f := bytes.Fields(lines[1])
	for _, logN := range []string{"19", "22", "40"} {
		f[3] = []byte(logN)
		lines[1] = bytes.Join(f, []byte(" "))
		heavy := filepath.Join(dir, "heavy-"+logN+".nmx")
		if err := os.WriteFile(heavy, bytes.Join(lines, []byte("\n")), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, pass := range []string{"right", "wrong"} {
			dst := newHome(t)
			_, err := Import(ctx, dst.st, dst.dir, heavy, pass)
			var e *Error
			if !errors.As(err, &e) || e.Problem != Damaged || !strings.Contains(e.Detail, "2^"+logN) {
				t.Errorf("work factor %s, passphrase %s: %v", logN, pass, err)
			}
		}
	}
	dst := newHome(t)
	if _, err := Import(ctx, dst.st, dst.dir, secret, "right"); err != nil {
		t.Fatalf("our own archive: %v", err)
	}
}
