package cloudsync

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"

	_ "modernc.org/sqlite"
)

// TestRunnerSyncsWhileRunning: two laptops with sync on through one folder
// (a local folder both see, as a cloud client makes it); an answer
// recorded on one appears on the other without anyone asking, turning
// sync off keeps every answer and the folder, and the app's next start
// resumes only when sync is on.
func TestRunnerSyncsWhileRunning(t *testing.T) {
	ctx := context.Background()
	folder := filepath.Join(t.TempDir(), "Dropbox")
	os.MkdirAll(folder, 0o700)
	a := newDevice(t, "a", folder)
	b := newDevice(t, "b", folder)
	passes := make(chan Report, 100)
	ra, rb := NewRunner(a.st, a.dir), NewRunner(b.st, b.dir)
	for _, r := range []*Runner{ra, rb} {
		r.AfterChange, r.Poll = 50*time.Millisecond, 100*time.Millisecond
		defer r.Stop()
	}
	rb.OnPass(func(rep Report, err error) {
		if err != nil {
			t.Error(err)
		}
		passes <- rep
	})
	if err := ra.Join(ctx, folder, "wrong horse battery"); err != nil {
		t.Fatal(err)
	}
	if err := rb.Join(ctx, folder, "another passphrase"); err == nil {
		t.Fatal("joined with another passphrase")
	}
	if err := rb.Join(ctx, folder, "wrong horse battery"); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	m := newModel()
	addAnswer(t, rng, a, m)
	deadline := time.After(30 * time.Second)
	for len(b.answers(t)) == 0 {
		select {
		case <-passes:
		case <-deadline:
			t.Fatal("the answer did not arrive in 30 s")
		}
	}
	if got, err := ra.Last(); err != nil || got.Sent == 0 && got.Applied == 0 && got.At.IsZero() {
		t.Errorf("a's last pass: %+v, %v", got, err)
	}
	// Off: the passes stop, the data and the folder stay.
	if err := rb.Off(ctx); err != nil {
		t.Fatal(err)
	}
	if rb.Running() || rb.Folder(ctx) != "" {
		t.Error("still on after Off")
	}
	if len(b.answers(t)) != 1 {
		t.Error("turning sync off lost the answer")
	}
	if _, err := os.Stat(filepath.Join(folder, Sub, "key.age")); err != nil {
		t.Error("the folder's key went with Off:", err)
	}
	if _, err := os.Stat(filepath.Join(b.dir.Root, "sync-key.txt")); err == nil {
		t.Error("the kept key stayed after Off")
	}
	// The folder removed under a running laptop (a cloud app unlinked):
	// the pass says so, and nothing here is lost.
	failed := make(chan error, 100)
	ra.OnPass(func(_ Report, err error) {
		if err != nil {
			failed <- err
		}
	})
	before := len(a.answers(t))
	if err := os.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	ra.Now()
	select {
	case err := <-failed:
		if !errors.Is(err, ErrNoFolder) {
			t.Errorf("a pass without the folder: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("no pass reported the missing folder")
	}
	if len(a.answers(t)) != before || before == 0 {
		t.Errorf("a has %d answers after the folder went; had %d", len(a.answers(t)), before)
	}
	// A restart: a resumes by itself, b (off) does not.
	ra.Stop()
	ra2 := NewRunner(a.st, a.dir)
	if err := ra2.Start(ctx); err != nil || !ra2.Running() {
		t.Errorf("a did not resume at start: %v", err)
	}
	ra2.Stop()
	rb2 := NewRunner(b.st, b.dir)
	if err := rb2.Start(ctx); err != nil || rb2.Running() {
		t.Errorf("b resumed though sync is off: %v", err)
	}
}

// TestOnePassAtATime: the command line's pass while the app's is under way
// (two processes on one data folder) is refused, not run alongside: two
// would number their change files alike.
func TestOnePassAtATime(t *testing.T) {
	folder := filepath.Join(t.TempDir(), "Dropbox")
	os.MkdirAll(folder, 0o700)
	a := newDevice(t, "a", folder)
	a.open(t)
	lock, ok, err := appdata.TryLock(filepath.Join(a.dir.Root, "sync.lock"))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if _, err := a.eng.Pass(context.Background()); !errors.Is(err, ErrBusy) {
		t.Errorf("a pass beside another: %v", err)
	}
	lock.Unlock()
	if _, err := a.eng.Pass(context.Background()); err != nil {
		t.Errorf("a pass once the other is done: %v", err)
	}
}

// TestQuietPassWritesNothing: a pass with nothing to send or apply leaves
// the database untouched, so that the app's watch of the database (which
// refreshes every screen) does not wake every half minute.
func TestQuietPassWritesNothing(t *testing.T) {
	folder := filepath.Join(t.TempDir(), "Dropbox")
	os.MkdirAll(folder, 0o700)
	a := newDevice(t, "a", folder)
	a.open(t)
	a.pass(t)
	a.pass(t)
	version := func() int64 {
		var v int64
		// data_version counts commits by other connections than this one.
		db, err := sql.Open("sqlite", a.dir.DatabasePath())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		conn, _ := db.Conn(context.Background())
		defer conn.Close()
		conn.QueryRowContext(context.Background(), `PRAGMA data_version`).Scan(&v)
		before := v
		a.pass(t)
		conn.QueryRowContext(context.Background(), `PRAGMA data_version`).Scan(&v)
		return v - before
	}
	if d := version(); d != 0 {
		t.Errorf("a quiet pass committed %d times", d)
	}
}

// TestFolderMadeAgain: the folder deleted and made again by another laptop
// with a new key. The first laptop's pass refuses to write there (its files
// would be unreadable, its numbering wrong); choosing the folder again with
// the passphrase starts afresh, and its answers reach the other laptop.
func TestFolderMadeAgain(t *testing.T) {
	ctx := context.Background()
	folder := filepath.Join(t.TempDir(), "Dropbox")
	os.MkdirAll(folder, 0o700)
	a := newDevice(t, "a", folder)
	b := newDevice(t, "b", folder)
	rng := rand.New(rand.NewPCG(4, 4))
	m := newModel()
	addAnswer(t, rng, a, m)
	a.open(t)
	a.pass(t)
	if err := os.RemoveAll(filepath.Join(folder, Sub)); err != nil {
		t.Fatal(err)
	}
	b.open(t) // a new key
	b.pass(t)
	if _, err := a.eng.Pass(ctx); !errors.Is(err, ErrKeyChanged) {
		t.Fatalf("a pass into the folder made again: %v", err)
	}
	if names, _ := filepath.Glob(filepath.Join(folder, Sub, a.eng.Device(), "*.nmc")); len(names) > 0 {
		t.Errorf("a wrote %v into the new folder", names)
	}
	a.open(t) // chosen again with the passphrase
	a.pass(t)
	b.pass(t)
	if got := b.answers(t); len(got) != 1 {
		t.Errorf("b has %d answers; want a's one", len(got))
	}
	sameData(t, []*device{a, b}, m)
}

// TestRunnerRejoinUsesTheNewKey: the app's sync on, the folder made again by
// another laptop with another passphrase, and the folder chosen again in
// the app with that passphrase: the runner passes with the new key (with
// the old one it would refuse the other laptop's files as foreign).
func TestRunnerRejoinUsesTheNewKey(t *testing.T) {
	ctx := context.Background()
	folder := filepath.Join(t.TempDir(), "Dropbox")
	os.MkdirAll(folder, 0o700)
	a := newDevice(t, "a", folder)
	b := newDevice(t, "b", folder)
	ra := NewRunner(a.st, a.dir)
	ra.AfterChange, ra.Poll = 50*time.Millisecond, time.Minute
	defer ra.Stop()
	passes := make(chan error, 100)
	ra.OnPass(func(_ Report, err error) { passes <- err })
	if err := ra.Join(ctx, folder, "first passphrase"); err != nil {
		t.Fatal(err)
	}
	<-passes
	os.RemoveAll(filepath.Join(folder, Sub))
	if _, err := b.st.AddInterview(ctx, store.Interview{Company: "새솔바이오", Date: "2027-02-01"}); err != nil {
		t.Fatal(err)
	}
	e, err := Open(ctx, b.st, b.dir, folder, "second passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ra.Join(ctx, folder, "second passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := <-passes; err != nil {
		t.Fatal(err)
	}
	if q := ra.Quarantined(ctx); len(q) > 0 {
		t.Errorf("refused %+v", q)
	}
	if ivs, _ := a.st.Interviews(ctx); len(ivs) != 1 {
		t.Errorf("a has %d interviews; want b's one", len(ivs))
	}
}
