package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/export"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
)

// holdImport makes an import run as a child stop at a step (export.Hook):
// "staged:N" after the Nth recording is staged, "move:N" before the Nth
// is moved into media/. It writes the file NEVERMIND_TEST_HELD there and
// waits for a signal (SIGINT cancels the import's context; SIGKILL ends
// the process where it stands).
func holdImport(spec string) {
	step, n, ok := strings.Cut(spec, ":")
	if !ok {
		return
	}
	want, _ := strconv.Atoi(n)
	seen := 0
	export.Hook = func(ctx context.Context, s, name string) {
		if s != step {
			return
		}
		if seen++; seen != want {
			return
		}
		os.WriteFile(os.Getenv("NEVERMIND_TEST_HELD"), []byte(name), 0o600)
		<-ctx.Done()
	}
}

// historyHome makes a data folder holding n answers, each with a recording
// of size bytes unique to its tag, and returns it.
func historyHome(t *testing.T, root, tag string, n, size int) appdata.Dir {
	t.Helper()
	ctx := context.Background()
	dir, err := appdata.OpenAt(root)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	qid, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeJob, Language: store.Korean, Text: "질문 " + tag})
	if err != nil {
		t.Fatal(err)
	}
	_, sqs, err := st.StartSession(ctx, store.TypeJob, 0, []int64{qid})
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir.Root, "media", tag), 0o700)
	for i := range n {
		rel := fmt.Sprintf("media/%s/%d.wav", tag, i)
		b := bytes.Repeat([]byte(fmt.Sprintf("%s-%d;", tag, i)), size/8)
		if err := os.WriteFile(filepath.Join(dir.Root, rel), b, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, StartedAt: time.Date(2026, 11, 1, 9, i, 0, 0, time.UTC),
			Status: store.AttemptRecorded, AudioPath: rel, Duration: 30 * time.Second}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// folderContents is every row (as exported) and every file (with its
// SHA-256) of a data folder, the database's own files aside.
func folderContents(t *testing.T, dir appdata.Dir) map[string]string {
	t.Helper()
	st, err := store.Open(context.Background(), dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Export(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for table, rows := range snap.Tables {
		for _, r := range rows {
			b, _ := json.Marshal(r)
			out["row "+table+" "+string(b)] = "row"
		}
	}
	filepath.WalkDir(dir.Root, func(p string, d os.DirEntry, err error) error {
		if err != nil || strings.HasPrefix(d.Name(), "nevermind.db") {
			return nil
		}
		rel, _ := filepath.Rel(dir.Root, p)
		if d.IsDir() {
			out[rel+"/"] = "dir"
			return nil
		}
		b, _ := os.ReadFile(p)
		sum := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	return out
}

func contentsDiff(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if b[k] != v {
			d = append(d, "changed or gone: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "added: "+k)
		}
	}
	sort.Strings(d)
	return d
}

// TestInterruptedImportLeavesNothing: an import killed (SIGKILL) or
// interrupted (SIGINT) while it stages recordings, or while it moves them
// into media/ inside its transaction. After the next start (here
// `nevermind doctor`), the data folder holds exactly what it held before
// the import, row for row and file for file, and doctor said what it
// removed.
func TestInterruptedImportLeavesNothing(t *testing.T) {
	testenv.Long(t)
	tmp := t.TempDir()
	src := historyHome(t, filepath.Join(tmp, "source"), "theirs", 6, 256<<10)
	archive := filepath.Join(tmp, "theirs.nmx")
	{
		st, err := store.Open(context.Background(), src.DatabasePath())
		if err != nil {
			t.Fatal(err)
		}
		_, err = export.Export(context.Background(), st, src, archive, export.Options{})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		hold string
		sig  syscall.Signal
	}{{"staged:3", syscall.SIGKILL}, {"staged:3", syscall.SIGINT}, {"move:3", syscall.SIGKILL}, {"move:3", syscall.SIGINT}} {
		t.Run(tc.hold+" "+tc.sig.String(), func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "home")
			dir := historyHome(t, root, "mine", 2, 64<<10)
			if _, errOut, code, _ := cli(t, root, "doctor", "--timeout", "1s"); code > 1 { // seeds the bank: part of "before"
				t.Fatalf("doctor: exit %d: %s", code, errOut)
			}
			before := folderContents(t, dir)

			held := filepath.Join(t.TempDir(), "held")
			cmd := exec.Command(os.Args[0], "import", archive)
			cmd.Env = append(os.Environ(), "NEVERMIND_TEST_AS_CLI=1", appdata.EnvHome+"="+root,
				"NEVERMIND_TEST_HOLD="+tc.hold, "NEVERMIND_TEST_HELD="+held)
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(2 * time.Minute)
			for {
				if _, err := os.Stat(held); err == nil {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("the import never reached %s: %s", tc.hold, errOut.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			left := folderContents(t, dir)
			if len(contentsDiff(before, left)) == 0 {
				t.Fatal("the held import had written nothing yet: the test proves nothing")
			}
			cmd.Process.Signal(tc.sig)
			cmd.Wait()
			if tc.sig == syscall.SIGINT {
				if code := cmd.ProcessState.ExitCode(); code == 0 || !strings.Contains(errOut.String(), "interrupted; nothing changed") {
					t.Errorf("interrupted import: exit %d, %s", code, errOut.String())
				}
			}

			out, _, _, _ := cli(t, root, "doctor", "--json", "--timeout", "1s")
			var rep struct {
				Checks []struct {
					ID, Problem string
					Args        []string
				}
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("doctor --json: %v\n%s", err, out)
			}
			problem := ""
			for _, c := range rep.Checks {
				if c.ID == "leftovers" {
					problem = c.Problem
					t.Logf("doctor: %s %v", c.Problem, c.Args)
				}
			}
			want := "leftovers.removed" // a killed import's folder, and in the merge its moved recordings
			if tc.sig == syscall.SIGINT {
				want = "leftovers.ok" // the import cleaned up itself
			}
			if problem != want {
				t.Errorf("doctor's leftovers check says %q, want %q", problem, want)
			}
			if d := contentsDiff(before, folderContents(t, dir)); len(d) > 0 {
				t.Errorf("the data folder differs from before the import:\n%s", strings.Join(d, "\n"))
			}
		})
	}
}
