package store

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A helper process for TestAnotherProcessLeavesOurLogAlone: opened with
// NEVERMIND_STORE_HELPER=path, it opens the database, adds an interview
// and closes, as the command line does.
func init() {
	if p := os.Getenv("NEVERMIND_LOCK_PROBE"); p != "" {
		os.Exit(probeLock(p))
	}
	p := os.Getenv("NEVERMIND_STORE_HELPER")
	if p == "" {
		return
	}
	ctx := context.Background()
	s, err := Open(ctx, p)
	if err == nil {
		_, err = s.AddInterview(ctx, Interview{Company: "other process", Date: "2026-12-24"})
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

// TestAnotherProcessLeavesOurLogAlone: while the app has the database
// open, and after it opened it a second time (the system check does), the
// command line writing and closing must not delete the app's write-ahead
// log, and what the app writes afterwards must reach the file. (Closing
// any descriptor of the database file drops this process's POSIX locks;
// the store must never do that.)
func TestAnotherProcessLeavesOurLogAlone(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "nevermind.db")
	app, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := app.AddInterview(ctx, Interview{Company: "app", Date: "2026-12-10"}); err != nil {
		t.Fatal(err)
	}
	// The screens read, the system check opens and closes its own store in
	// the same process, and the screens read again.
	if _, err := app.Interviews(ctx); err != nil {
		t.Fatal(err)
	}
	check, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := check.Interviews(ctx); err != nil {
		t.Fatal(err)
	}
	check.Close()
	if _, err := app.Interviews(ctx); err != nil {
		t.Fatal(err)
	}
	// The app's process still holds SQLite's shared lock on the file.
	probe := exec.Command(os.Args[0], "-test.run=^$")
	probe.Env = append(os.Environ(), "NEVERMIND_LOCK_PROBE="+p)
	if out, err := probe.CombinedOutput(); err != nil {
		t.Fatalf("the app's lock on the database was dropped: %v %s", err, out)
	}
	wal, err := os.Stat(p + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "NEVERMIND_STORE_HELPER="+p)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the other process: %v %s", err, out)
	}
	if now, err := os.Stat(p + "-wal"); err != nil || !os.SameFile(wal, now) {
		t.Fatalf("the other process deleted or replaced the app's write-ahead log (%v)", err)
	}
	if _, err := app.AddInterview(ctx, Interview{Company: "app again", Date: "2026-12-11"}); err != nil {
		t.Fatal(err)
	}
	// A fresh reader (another process's view) sees all three.
	fresh, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	ivs, err := fresh.Interviews(ctx)
	if err != nil || len(ivs) != 3 {
		t.Fatalf("interviews seen by a fresh reader: %+v, %v", ivs, err)
	}
}
