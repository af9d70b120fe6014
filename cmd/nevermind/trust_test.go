package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/engines"
	"nevermind/internal/media"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// TestMain lets a test run this binary as the nevermind command in a
// child process (cli), so what a process does (memory, concurrency) is
// measured on a real process.
func TestMain(m *testing.M) {
	if os.Getenv("NEVERMIND_TEST_AS_CLI") == "1" {
		holdImport(os.Getenv("NEVERMIND_TEST_HOLD"))
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cli runs the command in a child process with the given data folder and
// returns its output, exit code and peak resident memory in bytes.
//
// The peak is the child's own VmHWM, read from /proc while it runs (the
// last reading is within a few milliseconds of its end): the rusage of a
// child started by fork and exec reports the parent's resident size when
// that is larger, so it says nothing about the child.
func cli(t *testing.T, home string, args ...string) (stdout, stderr string, code int, peak int64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NEVERMIND_TEST_AS_CLI=1", appdata.EnvHome+"="+home)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Start(); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	done := make(chan struct{})
	var hwm atomic.Int64
	go func() {
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		for {
			if b, err := os.ReadFile(status); err == nil {
				for _, line := range strings.Split(string(b), "\n") {
					var kb int64
					if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil && kb*1024 > hwm.Load() {
						hwm.Store(kb * 1024)
					}
				}
			}
			select {
			case <-done:
				return
			case <-time.After(3 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	code = cmd.ProcessState.ExitCode()
	if err != nil && code < 0 {
		t.Fatalf("%v: %v", args, err)
	}
	return o.String(), e.String(), code, hwm.Load()
}

// TestFirstStartRace: six commands at once on an empty home all work (the
// schema is applied once, under the write lock).
func TestFirstStartRace(t *testing.T) {
	for round := 0; round < 3; round++ {
		home := filepath.Join(t.TempDir(), "home")
		var wg sync.WaitGroup
		errs := make([]string, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if out, e, code, _ := cli(t, home, "bank", "list", "--json"); code != 0 || !strings.HasPrefix(out, "[") {
					errs[i] = fmt.Sprintf("exit %d: %s", code, e)
				}
			}()
		}
		wg.Wait()
		for i, e := range errs {
			if e != "" {
				t.Fatalf("round %d, run %d of 6: %s", round, i, e)
			}
		}
	}
}

// TestQuestionsAgainstAFloodingHost: `questions` against a host that
// streams without end stays far under 200 MB and gives up with a message
// that says why, and the offline generator answers instead.
func TestQuestionsAgainstAFloodingHost(t *testing.T) {
	big := `{"model":"x","message":{"role":"assistant","content":"` + strings.Repeat("가", 60000) + `"},"done":false}` + "\n"
	huge := `{"model":"x","message":{"role":"assistant","content":"` + strings.Repeat("a", 4<<20) + `"},"done":false}` + "\n"
	for _, tc := range []struct {
		name      string
		chat      string // streamed without end; "" for a trickle
		tags      string // the model list, streamed without end when set
		timeout   string
		wantInOut string
	}{
		{name: "large chunks", chat: big, timeout: "3m", wantInOut: "too large"},
		{name: "lines of 4 MB", chat: huge, timeout: "3m", wantInOut: "too large"},
		{name: "an endless model list", tags: `{"name":"qwen2.5:3b"},`, timeout: "3m", wantInOut: "too large"},
		{name: "a trickle", timeout: "2s", wantInOut: "did not finish within 2s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/api/tags", func(w http.ResponseWriter, r *http.Request) {
				if tc.tags == "" {
					fmt.Fprint(w, `{"models":[{"name":"qwen2.5:3b","model":"qwen2.5:3b"}]}`)
					return
				}
				fmt.Fprint(w, `{"models":[`)
				for r.Context().Err() == nil {
					if _, err := fmt.Fprint(w, tc.tags); err != nil {
						return
					}
				}
			})
			mux.HandleFunc("/api/chat", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-ndjson")
				for r.Context().Err() == nil {
					piece := tc.chat
					if piece == "" {
						piece = `{"model":"x","message":{"role":"assistant","content":" "},"done":false}` + "\n"
						time.Sleep(50 * time.Millisecond)
					}
					if _, err := fmt.Fprint(w, piece); err != nil {
						return
					}
					w.(http.Flusher).Flush()
				}
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			dir := t.TempDir()
			resume, jd := filepath.Join(dir, "r.txt"), filepath.Join(dir, "j.txt")
			copyFile(t, "../../internal/coach/testdata/ko_backend_resume.txt", resume)
			copyFile(t, "../../internal/coach/testdata/ko_backend_jd.txt", jd)
			out, errOut, code, rss := cli(t, filepath.Join(dir, "home"), "questions", "--resume", resume, "--jd", jd,
				"--ollama-host", srv.URL, "--timeout", tc.timeout, "--n", "5")
			t.Logf("%s: exit %d, peak resident memory %d MB", tc.name, code, rss>>20)
			if code != 0 || !strings.Contains(out, "offline generator") || !strings.Contains(out+errOut, tc.wantInOut) {
				t.Fatalf("exit %d; want the offline questions and %q:\n%s\n%s", code, tc.wantInOut, out, errOut)
			}
			if rss == 0 || rss > 200<<20 {
				t.Fatalf("peak resident memory %d MB; want under 200 MB", rss>>20)
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestNothingLoadsFromTheDataFolder: a library and a speech model planted
// in the data folder (as the old import could) are never loaded: doctor
// reports ONNX Runtime from the installed program and the planted model as
// not used.
func TestNothingLoadsFromTheDataFolder(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	dir, err := appdata.OpenAt(home)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(home, "lib"), 0o700)
	os.WriteFile(filepath.Join(home, "lib", "libonnxruntime.so"), []byte("\x7fELF planted"), 0o600)
	os.WriteFile(filepath.Join(dir.ModelsDir(), "ggml-base.bin"), []byte("lmgg planted"), 0o600)
	os.WriteFile(filepath.Join(dir.ModelsDir(), "ggml-evil.bin"), []byte("lmgg planted"), 0o600)
	out, errOut, _, _ := cli(t, home, "doctor", "--json")
	if strings.Contains(out, filepath.Join(home, "lib")) {
		t.Fatalf("doctor looked at the planted library:\n%s", out)
	}
	if !strings.Contains(out, "ggml-base.bin: its SHA-1") || !strings.Contains(out, "ggml-evil.bin: not a model of the catalogue") {
		t.Fatalf("doctor does not say the planted models are not used:\n%s\n%s", out, errOut)
	}
	t.Setenv(appdata.EnvHome, home)
	if p, err := engines.FindWhisper("base", "ko"); err == nil || !strings.Contains(err.Error(), "was not used: its SHA-1") {
		t.Fatalf("analyze would use the planted base model: %q, %v", p, err)
	}
}

// TestExportRefusesTheLiveDatabase: `export --out` onto the database or a
// recording is refused and changes nothing; an existing file needs --force.
func TestExportRefusesTheLiveDatabase(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	if _, e, code, _ := cli(t, home, "bank", "list"); code != 0 {
		t.Fatal(e)
	}
	dir := appdata.Dir{Root: home}
	before, _ := os.ReadFile(dir.DatabasePath())
	for _, out := range []string{dir.DatabasePath(), filepath.Join(dir.MediaDir(), "x.nmx")} {
		_, errOut, code, _ := cli(t, home, "export", "--out", out, "--force")
		if code == 0 || !strings.Contains(errOut, "inside the data folder") {
			t.Fatalf("export to %s: exit %d %s", out, code, errOut)
		}
	}
	after, _ := os.ReadFile(dir.DatabasePath())
	if !bytes.Equal(before, after) {
		t.Fatal("the database changed")
	}
	st, err := store.Open(context.Background(), dir.DatabasePath())
	if err != nil {
		t.Fatalf("the database does not open after the refused exports: %v", err)
	}
	st.Close()
	existing := filepath.Join(t.TempDir(), "old.nmx")
	os.WriteFile(existing, []byte("keep me"), 0o600)
	if _, errOut, code, _ := cli(t, home, "export", "--out", existing); code == 0 || !strings.Contains(errOut, "--force") {
		t.Fatalf("export over an existing file: exit %d %s", code, errOut)
	}
	if _, errOut, code, _ := cli(t, home, "export", "--out", existing, "--force"); code != 0 {
		t.Fatalf("export --force: %s", errOut)
	}
}

// TestKilledDuringAnalysis: `practice --headless` killed with SIGKILL while
// it analyses leaves the answer marked interrupted at the next start (with
// its length), not "recorded 0.0 s", and no half-copied file.
func TestKilledDuringAnalysis(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	out, e, code, _ := cli(t, home, "bank", "list", "--json")
	if code != 0 {
		t.Fatal(e)
	}
	var qs []bankQuestion
	if err := json.Unmarshal([]byte(out), &qs); err != nil || len(qs) == 0 {
		t.Fatal(err)
	}
	long := filepath.Join(t.TempDir(), "long.wav")
	f, _ := os.Create(long)
	x := make([]float32, 16000*240)
	for i := range x {
		x[i] = 0.3 * float32(math.Sin(2*math.Pi*140*float64(i)/16000)) * float32((i/8000)%2)
	}
	if err := media.WriteWAV(f, media.Audio{SampleRate: 16000, Channels: 1, Samples: x}, 16); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cmd := exec.Command(os.Args[0], "practice", "--headless", "--question", fmt.Sprint(qs[0].ID), "--audio", long)
	cmd.Env = append(os.Environ(), "NEVERMIND_TEST_AS_CLI=1", appdata.EnvHome+"="+home)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	dir := appdata.Dir{Root: home}
	// Wait until the copy is in place and the analysis has started.
	deadline := time.Now().Add(60 * time.Second)
	killed := false
	for time.Now().Before(deadline) && !killed {
		matches, _ := filepath.Glob(filepath.Join(dir.MediaDir(), "*", "import-*.wav"))
		if len(matches) == 1 {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Wait()
	if !killed {
		t.Fatal("the import never got to its analysis")
	}
	st, err := store.Open(context.Background(), dir.DatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := practice.RecoverInterrupted(context.Background(), dir, st); err != nil {
		t.Fatal(err)
	}
	recs, err := st.AttemptRecords(context.Background(), 10)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d attempts, %v", len(recs), err)
	}
	if a := recs[0].Attempt; a.Status != store.AttemptInterrupted || a.Duration < 239*time.Second {
		t.Fatalf("after the kill: %s %.1f s; want interrupted with the 240 s kept", a.Status, a.Duration.Seconds())
	} else {
		t.Logf("after the kill: %s %.1f s", a.Status, a.Duration.Seconds())
	}
	left, _ := filepath.Glob(filepath.Join(dir.MediaDir(), "*", "*.copying"))
	if len(left) != 0 {
		t.Fatalf("orphans: %v", left)
	}
}
