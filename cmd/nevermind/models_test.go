package main

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"nevermind/internal/models"
)

// fakeWhisper serves a small stand-in for ggml-base.bin and makes the
// catalogue's base entry match it. It returns the stand-in and a counter of
// requests.
func fakeWhisper(t *testing.T) ([]byte, *atomic.Int32) {
	t.Helper()
	data := bytes.Repeat([]byte("NEVER MIND test model. "), 20_000)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/ggml-base.bin" {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "ggml-base.bin", time.Time{}, bytes.NewReader(data))
	}))
	t.Cleanup(srv.Close)
	sum := sha1.Sum(data)
	old := whisperModels
	t.Cleanup(func() { whisperModels = old })
	whisperModels = func() []models.WhisperModel {
		ms := models.WhisperModels()
		for i := range ms {
			if ms[i].Name == "base" {
				ms[i].SHA1, ms[i].Size = hex.EncodeToString(sum[:]), int64(len(data))
			}
		}
		return ms
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	t.Setenv(envModelBaseURL, srv.URL)
	return data, &requests
}

func runModelsCLI(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = runModels(args, &o, &e)
	return o.String(), e.String(), code
}

func listModels(t *testing.T) map[string]modelEntry {
	t.Helper()
	out, errOut, code := runModelsCLI("list", "--json")
	if code != 0 {
		t.Fatalf("models list --json: exit %d: %s", code, errOut)
	}
	var entries []modelEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("models list --json is not JSON: %v\n%s", err, out)
	}
	byName := map[string]modelEntry{}
	for _, e := range entries {
		byName[e.Name] = e
	}
	if n := len(models.WhisperModels()); len(entries) != n || len(byName) != n {
		t.Fatalf("%d entries (%d names), want %d", len(entries), len(byName), n)
	}
	return byName
}

func TestModelsListJSON(t *testing.T) {
	fakeWhisper(t)
	for name, e := range listModels(t) {
		if e.Status != "missing" || e.SHA1 == "" || e.File != "ggml-"+name+".bin" || e.Note == "" {
			t.Errorf("%s: %+v", name, e)
		}
	}
	out, _, code := runModelsCLI("list")
	if code != 0 || !strings.Contains(out, "small") || !strings.Contains(out, "Korean") {
		t.Errorf("models list: exit %d\n%s", code, out)
	}
}

func TestModelsPullVerifyRemove(t *testing.T) {
	data, requests := fakeWhisper(t)
	var path string
	steps := []struct {
		name     string
		args     []string
		before   func(t *testing.T)
		wantCode int
		wantOut  string
		wantErr  string
		after    func(t *testing.T)
	}{
		{name: "pull downloads", args: []string{"pull", "base"}, wantOut: "installed base: ", wantErr: "100%",
			after: func(t *testing.T) {
				e := listModels(t)["base"]
				path = e.Path
				got, err := os.ReadFile(path)
				if e.Status != "installed" || err != nil || !bytes.Equal(got, data) {
					t.Fatalf("after pull: %+v, read %d bytes, %v", e, len(got), err)
				}
				if _, err := os.Stat(path + models.PartSuffix); !os.IsNotExist(err) {
					t.Errorf(".part left behind: %v", err)
				}
			}},
		{name: "pull again makes no request", args: []string{"pull", "base"}, wantOut: "base is already installed",
			before: func(t *testing.T) { requests.Store(0) },
			after: func(t *testing.T) {
				if n := requests.Load(); n != 0 {
					t.Errorf("%d requests for an installed model", n)
				}
			}},
		{name: "verify named", args: []string{"verify", "base"}, wantOut: "base  ok"},
		{name: "verify all", args: []string{"verify"}, wantOut: " ok "},
		{name: "verify damaged", args: []string{"verify", "base"}, wantCode: 1, wantOut: "checksum mismatch",
			wantErr: "nevermind models pull base",
			before: func(t *testing.T) {
				if err := os.WriteFile(path, []byte("damaged"), 0o600); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "pull repairs", args: []string{"pull", "base"}, wantOut: "installed base: "},
		{name: "remove", args: []string{"remove", "base"}, wantOut: "removed base",
			after: func(t *testing.T) {
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Errorf("model still there: %v", err)
				}
			}},
		{name: "remove again", args: []string{"remove", "base"}, wantOut: "base is not installed"},
		{name: "verify removed", args: []string{"verify", "base"}, wantCode: 1, wantOut: "missing", wantErr: "not installed"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.before != nil {
				st.before(t)
			}
			out, errOut, code := runModelsCLI(st.args...)
			if code != st.wantCode || !strings.Contains(out, st.wantOut) || !strings.Contains(errOut, st.wantErr) {
				t.Fatalf("models %v: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
					st.args, code, out, errOut, st.wantCode, st.wantOut, st.wantErr)
			}
			if st.after != nil {
				st.after(t)
			}
		})
	}
}

func TestModelsBadArguments(t *testing.T) {
	fakeWhisper(t)
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "no command", args: nil, wantErr: "usage:"},
		{name: "unknown command", args: []string{"fetch"}, wantErr: "unknown command"},
		{name: "pull unknown model", args: []string{"pull", "large-v3"}, wantErr: "tiny, tiny.en, base, base.en, small, small.en"},
		{name: "pull without a name", args: []string{"pull"}, wantErr: "usage: nevermind models pull NAME"},
		{name: "pull two names", args: []string{"pull", "tiny", "base"}, wantErr: "usage:"},
		{name: "remove unknown model", args: []string{"remove", "huge"}, wantErr: "unknown model"},
		{name: "verify unknown model", args: []string{"verify", "huge"}, wantErr: "unknown model"},
		{name: "list with a name", args: []string{"list", "base"}, wantErr: "usage:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runModelsCLI(tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.wantErr) {
				t.Fatalf("exit %d, stderr %q; want exit 2 and %q", code, errOut, tc.wantErr)
			}
		})
	}
}

func TestProgressLine(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name        string
		done, total int64
		rate        float64
		want        string
	}{
		{name: "start", done: 0, total: 142 * mb, rate: -1, want: "base  [--------------------]    0%  0.0/142.0 MB  --- MB/s"},
		{name: "middle", done: 64 * mb, total: 142 * mb, rate: 3.2 * mb, want: "base  [#########-----------]   45%  64.0/142.0 MB  3.2 MB/s"},
		{name: "done", done: 142 * mb, total: 142 * mb, rate: 10 * mb, want: "base  [####################]  100%  142.0/142.0 MB  10.0 MB/s"},
		{name: "unknown total", done: 5 * mb, total: 0, rate: mb, want: "base  5.0 MB  1.0 MB/s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := progressLine("base", tc.done, tc.total, tc.rate); got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestModelsImport: a model file from elsewhere, under another name, is
// installed as the catalogue model its SHA-1 names, and then used; a file
// that is not one is refused.
func TestModelsImport(t *testing.T) {
	data, requests := fakeWhisper(t)
	src := filepath.Join(t.TempDir(), "from-a-usb-stick.bin")
	os.WriteFile(src, data, 0o644)
	out, errOut, code := runModelsCLI("import", src)
	if code != 0 || !strings.Contains(out, "installed base") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if requests.Load() != 0 {
		t.Error("import went to the network")
	}
	if e := listModels(t)["base"]; e.Status != "installed" {
		t.Fatalf("base after import: %+v", e)
	}
	if _, errOut, code := runModelsCLI("verify", "base"); code != 0 {
		t.Fatalf("verify after import: %s", errOut)
	}
	bad := filepath.Join(t.TempDir(), "ggml-small.bin")
	os.WriteFile(bad, append(data[:len(data)-1:len(data)-1], 'x'), 0o644)
	if _, errOut, code := runModelsCLI("import", bad); code == 0 || !strings.Contains(errOut, "not an official whisper.cpp model") {
		t.Fatalf("a damaged file: exit %d %s", code, errOut)
	}
}
