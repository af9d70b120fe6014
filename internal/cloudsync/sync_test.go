package cloudsync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/bank"
	"nevermind/internal/i18n"
	"nevermind/internal/store"
)

const testPass = "네버마인드 sync 2026"

// device is one laptop of a test: its data folder and its view of the
// cloud folder (what its cloud client has delivered so far).
type device struct {
	name   string
	dir    appdata.Dir
	st     *store.Store
	folder string
	eng    *Engine
}

func newDevice(t testing.TB, name, folder string) *device {
	t.Helper()
	ctx := context.Background()
	dir, err := appdata.OpenAt(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := bank.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	return &device{name: name, dir: dir, st: st, folder: folder}
}

func (d *device) open(t testing.TB) {
	t.Helper()
	e, err := Open(context.Background(), d.st, d.dir, d.folder, testPass)
	if err != nil {
		t.Fatal(err)
	}
	d.eng = e
}

func (d *device) pass(t testing.TB) Report {
	t.Helper()
	rep, err := d.eng.Pass(context.Background())
	if err != nil {
		t.Fatalf("%s: pass: %v", d.name, err)
	}
	return rep
}

// cloud delivers files between the devices' folders the way cloud clients
// do: late, out of order, half-written first, and with conflict copies.
type cloud struct {
	rng *rand.Rand
	// half are files the cloud wrote half of (a download under way): never
	// passed on from there.
	half map[string]bool
	// What the chaos did: files held back, written half, copied twice.
	held, halved, doubled int
}

// deliver copies what from's folder has that to's lacks; when chaotic,
// some files are held back, some written half, some copied twice under a
// conflict name.
func (c *cloud) deliver(t testing.TB, from, to *device, chaotic bool) {
	t.Helper()
	src := filepath.Join(from.folder, Sub)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if rel == "quarantine" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".part") || strings.Contains(rel, " (") || c.half[p] {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil // removed meanwhile
		}
		dst := filepath.Join(to.folder, Sub, rel)
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, data) {
			return nil
		}
		if _, err := os.Stat(filepath.Join(to.folder, Sub, "quarantine", filepath.Base(filepath.Dir(rel))+"-"+filepath.Base(rel))); err == nil {
			return nil // the receiver put it aside
		}
		os.MkdirAll(filepath.Dir(dst), 0o700)
		if chaotic {
			switch r := c.rng.IntN(100); {
			case r < 25:
				c.held++
				return nil // later
			case r < 40:
				// Half-written: the cloud client is still downloading.
				c.half[dst] = true
				c.halved++
				return os.WriteFile(dst, data[:c.rng.IntN(len(data))], 0o600)
			case r < 50:
				ext := filepath.Ext(dst)
				c.doubled++
				os.WriteFile(strings.TrimSuffix(dst, ext)+" (1)"+ext, data, 0o600)
			}
		}
		delete(c.half, dst)
		return os.WriteFile(dst, data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// model is what the test knows must survive: each answer is named by a
// token in its transcript.
type model struct {
	alive   map[string]bool // token: not deleted by anyone
	created int
	// Deleting a session deletes its answers, also those of another
	// laptop that have not arrived yet: sessions by start time.
	sessionOf      map[string]string
	deletedSession map[string]bool
	// recBytes, when set, is each recording's size (else 2 to 22 KB).
	recBytes int
}

func newModel() *model {
	return &model{alive: map[string]bool{}, sessionOf: map[string]string{}, deletedSession: map[string]bool{}}
}

func (d *device) answers(t testing.TB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	recs, err := d.st.AttemptRecords(context.Background(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		tr, err := d.st.Transcript(context.Background(), r.Attempt.ID)
		if err != nil {
			continue
		}
		out[strings.Fields(tr.Text)[0]] = r.Attempt.ID
	}
	return out
}

func pick[K comparable, V any](rng *rand.Rand, m map[K]V) (K, V, bool) {
	var zk K
	var zv V
	if len(m) == 0 {
		return zk, zv, false
	}
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	k := keys[rng.IntN(len(keys))]
	return k, m[k], true
}

// addAnswer records an analysed answer with a recording on d.
func addAnswer(t testing.TB, rng *rand.Rand, d *device, m *model) {
	t.Helper()
	ctx := context.Background()
	qs, err := d.st.Questions(ctx, store.QuestionFilter{})
	if err != nil || len(qs) == 0 {
		t.Fatal("no questions", err)
	}
	var ids []int64
	for range 1 + rng.IntN(3) {
		ids = append(ids, qs[rng.IntN(len(qs))].ID)
	}
	var iv int64
	if ivs, _ := d.st.Interviews(ctx); len(ivs) > 0 && rng.IntN(2) == 0 {
		iv = ivs[rng.IntN(len(ivs))].ID
	}
	sess, sqs, err := d.st.StartSession(ctx, store.TypeBasic, iv, ids)
	if err != nil {
		t.Fatal(err)
	}
	m.created++
	token := fmt.Sprintf("answer%d%s", m.created, d.name)
	m.sessionOf[token] = sess.StartedAt.UTC().Format(time.RFC3339Nano)
	rel := fmt.Sprintf("media/test/%s.weba", token)
	abs, _ := d.dir.MediaPath(rel, appdata.AudioFile)
	os.MkdirAll(filepath.Dir(abs), 0o700)
	rec := make([]byte, 2000+rng.IntN(20000))
	if m.recBytes > 0 {
		rec = make([]byte, m.recBytes)
	}
	for i := range rec {
		rec[i] = byte(rng.IntN(256))
	}
	if err := os.WriteFile(abs, rec, 0o600); err != nil {
		t.Fatal(err)
	}
	aid, err := d.st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[rng.IntN(len(sqs))].ID, StartedAt: time.Now(), AudioPath: rel, Status: store.AttemptRecording})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.st.FinishAttempt(ctx, aid, store.AttemptRecorded, time.Duration(5+rng.IntN(60))*time.Second); err != nil {
		t.Fatal(err)
	}
	analyse(t, rng, d, aid, token)
	m.alive[token] = true
}

// analyse writes a transcript and a report (again, for a re-analysis).
func analyse(t testing.TB, rng *rand.Rand, d *device, aid int64, token string) {
	t.Helper()
	ctx := context.Background()
	var segs []store.Segment
	for s := range 1 + rng.IntN(3) {
		seg := store.Segment{Start: time.Duration(s) * 3 * time.Second, End: time.Duration(s+1) * 3 * time.Second, Text: "저는 " + token}
		for w := range 2 + rng.IntN(4) {
			seg.Words = append(seg.Words, store.Word{Start: seg.Start + time.Duration(w)*500*time.Millisecond,
				End: seg.Start + time.Duration(w+1)*500*time.Millisecond, Text: fmt.Sprintf("말%d", w), Probability: rng.Float64()})
		}
		segs = append(segs, seg)
	}
	if err := d.st.SaveTranscript(ctx, store.Transcript{AttemptID: aid, Language: store.Korean, Engine: "whisper.cpp", Model: "base",
		Text: token + " 저는 협업을 배웠습니다", Segments: segs}); err != nil {
		t.Fatal(err)
	}
	score := float64(rng.IntN(101))
	var findings []store.Finding
	for range rng.IntN(3) {
		findings = append(findings, store.Finding{Dimension: "fluency", Severity: store.SeverityMinor, Code: "long_pause",
			At: time.Duration(rng.IntN(20)) * time.Second, Message: i18n.Text{KO: "멈춤", EN: "pause"}})
	}
	if err := d.st.SaveFeedback(ctx, store.Feedback{AttemptID: aid, ReportVersion: 1 + rng.IntN(3), MetricsJSON: `{"schema_version":1}`,
		Metrics: map[string]float64{"pace.spm": float64(200 + rng.IntN(200))}, Scores: []store.Score{{Dimension: "overall", Score: &score, Reason: "이유"}},
		Findings: findings, Summary: i18n.Text{KO: "요약", EN: "summary"}}); err != nil {
		t.Fatal(err)
	}
}

// operate does one random thing on d.
func operate(t testing.TB, rng *rand.Rand, d *device, m *model) string {
	t.Helper()
	ctx := context.Background()
	switch r := rng.IntN(100); {
	case r < 30:
		addAnswer(t, rng, d, m)
		return "add answer"
	case r < 42:
		if tok, id, ok := pick(rng, d.answers(t)); ok {
			analyse(t, rng, d, id, tok)
			return "re-analyse " + tok
		}
	case r < 50:
		if tok, id, ok := pick(rng, d.answers(t)); ok {
			if err := d.st.DeleteAttempt(ctx, id); err != nil {
				t.Fatal(err)
			}
			m.alive[tok] = false
			return "delete " + tok
		}
	case r < 54:
		ss, _ := d.st.Sessions(ctx, 1000)
		if len(ss) > 0 {
			s := ss[rng.IntN(len(ss))]
			m.deletedSession[s.StartedAt.UTC().Format(time.RFC3339Nano)] = true
			before := d.answers(t)
			if err := d.st.DeleteSession(ctx, s.ID); err != nil {
				t.Fatal(err)
			}
			after := d.answers(t)
			for tok := range before {
				if _, ok := after[tok]; !ok {
					m.alive[tok] = false
				}
			}
			return "delete session"
		}
	case r < 62:
		if _, err := d.st.AddInterview(ctx, store.Interview{Company: fmt.Sprintf("회사%d", rng.IntN(5)), Role: "개발",
			Date: fmt.Sprintf("2027-01-%02d", 1+rng.IntN(28))}); err != nil {
			t.Fatal(err)
		}
		return "add interview"
	case r < 70:
		if ivs, _ := d.st.Interviews(ctx); len(ivs) > 0 {
			iv := ivs[rng.IntN(len(ivs))]
			switch rng.IntN(4) {
			case 0:
				d.st.DeleteInterview(ctx, iv.ID)
				return "delete interview"
			case 1:
				d.st.SaveApplicationDocs(ctx, iv.ID, fmt.Sprintf("자기소개서 %d", rng.IntN(1000)), "JD")
				return "edit documents"
			case 2:
				day := fmt.Sprintf("2027-01-%02d", 1+rng.IntN(5))
				d.st.SavePlan(ctx, store.Plan{InterviewID: iv.ID, StartDate: "2027-01-01", EndDate: "2027-01-05",
					Items: []store.PlanItem{{Day: day, Position: 0, Kind: "practice", PracticeType: store.TypeBasic, Title: "연습"}}})
				return "add plan"
			default:
				iv.Role = fmt.Sprintf("역할%d", rng.IntN(100))
				d.st.UpdateInterview(ctx, iv)
				return "edit interview"
			}
		}
	case r < 76:
		if rng.IntN(2) == 0 {
			d.st.SetLanguage(ctx, store.English)
		} else {
			d.st.SetLanguage(ctx, store.Korean)
		}
		d.st.SetOllama(ctx, "http://127.0.0.1:1"+strconv.Itoa(rng.IntN(10)), "m")
		return "settings"
	case r < 84:
		switch rng.IntN(3) {
		case 0:
			d.st.AddQuestion(ctx, store.Question{PracticeType: store.TypeJob, Language: store.Korean, Text: fmt.Sprintf("질문 %d", rng.IntN(50))})
			return "add question"
		case 1:
			qs, _ := d.st.Questions(ctx, store.QuestionFilter{})
			if len(qs) > 0 {
				q := qs[rng.IntN(len(qs))]
				q.Tip = fmt.Sprintf("팁 %d", rng.IntN(100))
				d.st.UpdateQuestion(ctx, q)
				return "edit question"
			}
		default:
			qs, _ := d.st.Questions(ctx, store.QuestionFilter{})
			if len(qs) > 0 {
				d.st.DeleteQuestion(ctx, qs[rng.IntN(len(qs))].ID)
				return "delete question"
			}
		}
	}
	return "nothing"
}

// normalized is a device's entities with recording paths replaced by the
// recordings' hashes (paths differ between laptops; content must not).
func normalized(t testing.TB, d *device) map[string]string {
	t.Helper()
	ents, err := d.st.SyncEntities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for gid, body := range ents {
		var rows map[string][]map[string]any
		json.Unmarshal([]byte(body), &rows)
		a := rows["attempt"]
		if len(a) == 0 {
			continue
		}
		for _, col := range []string{"audio_path", "video_path"} {
			p, _ := a[0][col].(string)
			if p == "" {
				continue
			}
			abs, err := d.dir.MediaPath(p, appdata.AudioFile)
			if col == "video_path" {
				abs, err = d.dir.MediaPath(p, appdata.VideoFile)
			}
			if err != nil {
				t.Fatalf("%s: %v", d.name, err)
			}
			b, err := os.ReadFile(abs)
			if err != nil {
				t.Fatalf("%s: answer %s has no recording %s: %v", d.name, gid, p, err)
			}
			h := sha256.Sum256(b)
			a[0][col] = hex.EncodeToString(h[:])
		}
		b, _ := json.Marshal(rows)
		ents[gid] = string(b)
	}
	return ents
}

func settle(t testing.TB, c *cloud, devs []*device) {
	t.Helper()
	for round := range 10 {
		quiet := true
		for _, d := range devs {
			rep := d.pass(t)
			if rep.Sent+rep.Applied+rep.Waiting+rep.Partial > 0 {
				quiet = false
			}
		}
		if quiet && round > 0 {
			return
		}
		for _, a := range devs {
			for _, b := range devs {
				if a != b {
					c.deliver(t, a, b, false)
				}
			}
		}
	}
	t.Error("the devices did not settle in 10 rounds")
}

func sameData(t testing.TB, devs []*device, m *model) {
	t.Helper()
	ctx := context.Background()
	want := normalized(t, devs[0])
	wantCounts, _ := devs[0].st.TableCounts(ctx)
	for _, d := range devs[1:] {
		got := normalized(t, d)
		for gid, w := range want {
			if g, ok := got[gid]; !ok {
				t.Errorf("%s lacks %s: %.300s", d.name, gid, w)
			} else if g != w {
				t.Errorf("%s differs on %s:\n%s: %.400s\n%s: %.400s", d.name, gid, devs[0].name, w, d.name, g)
			}
		}
		for gid, g := range got {
			if _, ok := want[gid]; !ok {
				t.Errorf("%s has %s that %s lacks: %.300s", d.name, gid, devs[0].name, g)
			}
		}
		counts, _ := d.st.TableCounts(ctx)
		for tbl, n := range wantCounts {
			if counts[tbl] != n {
				t.Errorf("%s: table %s has %d rows, %s has %d", d.name, tbl, counts[tbl], devs[0].name, n)
			}
		}
	}
	for _, d := range devs {
		if n, _ := d.st.SyncWaiting(ctx); n != 0 {
			t.Errorf("%s: %d changes still wait", d.name, n)
		}
		have := d.answers(t)
		for tok, alive := range m.alive {
			if _, ok := have[tok]; alive && !ok && !m.deletedSession[m.sessionOf[tok]] {
				t.Errorf("%s lost answer %s, which nobody deleted", d.name, tok)
			}
		}
	}
}

func seedOf(t *testing.T) uint64 {
	if v := os.Getenv("SYNC_SEED"); v != "" {
		n, _ := strconv.ParseUint(v, 10, 64)
		return n
	}
	n := uint64(time.Now().UnixNano())
	t.Logf("SYNC_SEED=%d", n)
	return n
}

// TestRandomOperationsConverge is the property the issue asks for: two
// laptops (then a third joining late) doing random work, their files
// delivered late, reordered, duplicated and half-written, end with the
// same data, and nothing lost that was not deleted.
func TestRandomOperationsConverge(t *testing.T) {
	for _, third := range []bool{false, true} {
		t.Run(map[bool]string{false: "two", true: "third joins late"}[third], func(t *testing.T) {
			seed := seedOf(t)
			rng := rand.New(rand.NewPCG(seed, 7))
			c := &cloud{rng: rng, half: map[string]bool{}}
			base := t.TempDir()
			a := newDevice(t, "a", filepath.Join(base, "cloud-a"))
			b := newDevice(t, "b", filepath.Join(base, "cloud-b"))
			a.open(t)
			c.deliver(t, a, b, false) // the key
			b.open(t)
			devs := []*device{a, b}
			m := newModel()
			ops := map[string]int{}
			const n = 240
			for i := range n {
				if third && i == n/2 {
					cdev := newDevice(t, "c", filepath.Join(base, "cloud-c"))
					c.deliver(t, a, cdev, false)
					cdev.open(t)
					devs = append(devs, cdev)
				}
				d := devs[rng.IntN(len(devs))]
				if w := os.Getenv("SYNC_WATCH"); w != "" {
					for _, x := range devs {
						_, ok := x.answers(t)[w]
						t.Logf("%d: %s has %s: %v", i, x.name, w, ok)
					}
				}
				switch r := rng.IntN(100); {
				case r < 70:
					op := operate(t, rng, d, m)
					ops[strings.Fields(op)[0]]++
					if os.Getenv("SYNC_TRACE") != "" {
						t.Logf("%d %s: %s", i, d.name, op)
					}
				case r < 85:
					rep := d.pass(t)
					if os.Getenv("SYNC_TRACE") != "" {
						t.Logf("%d %s: pass sent %d applied %d older %d waiting %d partial %d", i, d.name, rep.Sent, rep.Applied, rep.Older, rep.Waiting, rep.Partial)
					}
					ops["pass"]++
				default:
					from, to := devs[rng.IntN(len(devs))], devs[rng.IntN(len(devs))]
					if from != to {
						c.deliver(t, from, to, true)
					}
					ops["deliver"]++
				}
			}
			settle(t, c, devs)
			t.Logf("operations: %v; answers made %d; the cloud held back %d files, wrote %d half first, copied %d twice",
				ops, m.created, c.held, c.halved, c.doubled)
			if ops["add"] < 20 || c.held == 0 || c.halved == 0 || c.doubled == 0 {
				t.Errorf("the run did not exercise what it must: %v, held %d, halved %d, doubled %d", ops, c.held, c.halved, c.doubled)
			}
			sameData(t, devs, m)
			for _, d := range devs {
				rep := d.pass(t)
				if len(rep.Quarantined) > 0 {
					t.Errorf("%s quarantined %v", d.name, rep.Quarantined)
				}
				if q, _ := d.st.SyncState(context.Background(), "quarantined"); q != "" {
					t.Errorf("%s quarantined files: %s", d.name, q)
				}
			}
			// The Ollama address stays on each laptop.
			for _, d := range devs {
				s, _ := d.st.Settings(context.Background())
				t.Logf("%s: language %s, ollama %s", d.name, s.Language, s.OllamaHost)
			}
		})
	}
}

// TestJoiningKeepsTheFoldersEdits: a laptop that joins late brings its own
// untouched copy of the question bank and its own language; the edits the
// folder already holds (a bank question reworded, English chosen) win
// over those copies on both laptops, and what only the new laptop holds
// (its interview) reaches the first.
func TestJoiningKeepsTheFoldersEdits(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	a := newDevice(t, "a", filepath.Join(base, "cloud-a"))
	b := newDevice(t, "b", filepath.Join(base, "cloud-b"))
	qs, _ := a.st.Questions(ctx, store.QuestionFilter{Origin: store.OriginBank})
	q := qs[3]
	q.Text, q.Tip = "우리 회사에 지원한 이유를 30초로 말해 주세요.", "회사 한 가지, 나 한 가지"
	if err := a.st.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	a.st.SetLanguage(ctx, store.English)
	a.open(t)
	a.pass(t)
	time.Sleep(5 * time.Millisecond) // b's rows are written later than a's edits
	b.st.SetLanguage(ctx, store.Korean)
	if _, err := b.st.AddInterview(ctx, store.Interview{Company: "새솔바이오", Date: "2027-02-01"}); err != nil {
		t.Fatal(err)
	}
	c := &cloud{rng: rand.New(rand.NewPCG(1, 1)), half: map[string]bool{}}
	c.deliver(t, a, b, false)
	b.open(t)
	settle(t, c, []*device{a, b})
	for _, d := range []*device{a, b} {
		got, err := d.st.Question(ctx, q.ID)
		if err != nil || got.Text != q.Text || got.Tip != q.Tip {
			t.Errorf("%s: the reworded question is %q (%v)", d.name, got.Text, err)
		}
		if s, _ := d.st.Settings(ctx); s.Language != store.English {
			t.Errorf("%s: language %q; want the folder's English", d.name, s.Language)
		}
		if ivs, _ := d.st.Interviews(ctx); len(ivs) != 1 || ivs[0].Company != "새솔바이오" {
			t.Errorf("%s: interviews %+v", d.name, ivs)
		}
	}
	sameData(t, []*device{a, b}, newModel())
}
