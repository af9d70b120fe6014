package coach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRecommend(t *testing.T) {
	const gib = 1 << 30
	tests := []struct {
		name  string
		ram   uint64
		model string
		why   string
	}{
		{"32 GB", 32 * gib, "qwen2.5:7b", WhyRoomy},
		{"16 GB as Linux reports it", 16_300_000 << 10, "qwen2.5:7b", WhyRoomy},
		{"16 GB less 2 GB for graphics", 14 * gib, "qwen2.5:7b", WhyRoomy},
		{"12 GB", 12 * gib, "qwen2.5:3b", WhyFits},
		{"8 GB as Linux reports it", 7_950_000 << 10, "qwen2.5:3b", WhyFits},
		{"6 GB", 6 * gib, "qwen2.5:1.5b", WhySmall},
		{"4 GB", 4 * gib, "qwen2.5:1.5b", WhySmall},
		{"unknown", 0, "qwen2.5:1.5b", WhyUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Recommend(tc.ram)
			if r.Model != tc.model || r.Why != tc.why || r.RAM != tc.ram {
				t.Fatalf("Recommend(%d) = %+v; want %s (%s)", tc.ram, r, tc.model, tc.why)
			}
			if r.SizeBytes < 900e6 || r.SizeBytes > 5e9 {
				t.Errorf("size %d is not a download size", r.SizeBytes)
			}
			// The model must be one the app itself would pick once
			// installed.
			if PickModel([]string{r.Model}) != r.Model {
				t.Errorf("PickModel does not pick %s", r.Model)
			}
		})
	}
	// Larger models ask for more memory and are larger downloads.
	o := Offers()
	for i := 1; i < len(o); i++ {
		if o[i].MinRAM >= o[i-1].MinRAM || o[i].SizeBytes >= o[i-1].SizeBytes {
			t.Errorf("offers out of order: %+v", o)
		}
	}
}

func TestTotalMemory(t *testing.T) {
	got, err := parseMeminfo(strings.NewReader("MemTotal:       24683744 kB\nMemFree:        22413936 kB\n"))
	if err != nil || got != 24683744<<10 {
		t.Fatalf("parseMeminfo = %d, %v", got, err)
	}
	for _, bad := range []string{"", "MemFree: 1 kB\n", "MemTotal: lots kB\n", "MemTotal: 12 MB\n"} {
		if _, err := parseMeminfo(strings.NewReader(bad)); err == nil {
			t.Errorf("parseMeminfo(%q) read a size", bad)
		}
	}
	ram, err := TotalMemory()
	switch runtime.GOOS {
	case "linux", "windows", "darwin", "freebsd":
		if err != nil || ram < 256<<20 {
			t.Fatalf("TotalMemory = %d, %v", ram, err)
		}
		t.Logf("this machine: %.1f GiB, recommended %s", float64(ram)/(1<<30), Recommend(ram).Model)
	default:
		if !errors.Is(err, errors.ErrUnsupported) {
			t.Fatalf("TotalMemory on %s = %d, %v", runtime.GOOS, ram, err)
		}
	}
}

func TestIsLocal(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:11434": true, "localhost": true, "[::1]:11434": true, "0.0.0.0": true, "127.0.0.2": true,
		"http://gpu-box:11434": false, "https://10.0.0.5": false, "example.com": false,
	} {
		u, err := ParseHost(host)
		if err != nil {
			t.Fatal(err)
		}
		if got := IsLocal(u); got != want {
			t.Errorf("IsLocal(%s) = %v", host, got)
		}
	}
}

func TestCheckSpace(t *testing.T) {
	local, _ := ParseHost("127.0.0.1:11434")
	remote, _ := ParseHost("http://gpu-box:11434")
	dir := t.TempDir()
	t.Setenv("OLLAMA_MODELS", dir)
	var asked []string
	freeIs := func(n uint64, err error) func(string) (uint64, error) {
		return func(d string) (uint64, error) { asked = append(asked, d); return n, err }
	}
	const size = 4_700_000_000
	err := CheckSpace(local, size, freeIs(5_000_000_000, nil))
	var ns *NoSpaceError
	if !errors.As(err, &ns) || ns.Dir != dir || ns.Need != size+PullMargin || ns.Free != 5_000_000_000 {
		t.Fatalf("5 GB free for a 4.7 GB model: %v", err)
	}
	if !strings.Contains(err.Error(), "need 5.8 GB, 5.0 GB free") {
		t.Errorf("message %q", err)
	}
	if err := CheckSpace(local, size, freeIs(size+PullMargin, nil)); err != nil {
		t.Errorf("exactly enough: %v", err)
	}
	asked = nil
	for name, err := range map[string]error{
		"elsewhere":    CheckSpace(remote, size, freeIs(0, nil)),
		"size unknown": CheckSpace(local, 0, freeIs(0, nil)),
		"free unknown": CheckSpace(local, size, freeIs(0, errors.ErrUnsupported)),
	} {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(asked) != 1 {
		t.Errorf("free space asked for %v; only when the host is here and the size known", asked)
	}

	// Without OLLAMA_MODELS: ~/.ollama/models when it exists, else the
	// nearest folder above it.
	home := t.TempDir()
	t.Setenv("OLLAMA_MODELS", "")
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	dirs := OllamaModelDirs()
	if len(dirs) == 0 || dirs[0] != home && !slices.Contains(dirs, "/usr/share/ollama/.ollama/models") {
		t.Errorf("no models folder yet: %v; want the home folder", dirs)
	}
	models := filepath.Join(home, ".ollama", "models")
	if err := os.MkdirAll(models, 0o700); err != nil {
		t.Fatal(err)
	}
	if dirs := OllamaModelDirs(); len(dirs) == 0 || dirs[0] != models {
		t.Errorf("dirs %v; want %s first", dirs, models)
	}
}

// pullFake speaks the part of Ollama's API that setting a model up uses:
// /api/version, /api/tags (the models installed, which a successful pull
// adds to) and /api/pull, whose stream the test scripts by model name.
type pullFake struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	models []string
	pulls  []string
	gone   chan struct{} // closed when a client leaves a held stream
}

// Layers of the fake qwen2.5:3b: the weights in four chunks, then the
// template and the licence.
var fakeLayers = []struct {
	digest string
	total  int64
	steps  []int64
}{
	{"sha256:5ee4f07cdb9b", 1_929_900_000, []int64{0, 400_000_000, 1_200_000_000, 1_929_900_000}},
	{"sha256:66b9ea09bd5b", 68, []int64{68}},
	{"sha256:eb4402837c78", 11_343, []int64{11_343}},
}

func newPullFake(t *testing.T, models ...string) *pullFake {
	f := &pullFake{t: t, models: models, gone: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/version", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"version":"0.17.4"}`)
	})
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		var ms []map[string]any
		for _, m := range f.models {
			ms = append(ms, map[string]any{"name": m, "model": m, "size": 1})
		}
		json.NewEncoder(w).Encode(map[string]any{"models": ms})
	})
	mux.HandleFunc("/api/pull", f.pull)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *pullFake) host() *url.URL { u, _ := url.Parse(f.srv.URL); return u }

func (f *pullFake) client(model string) *Ollama { return NewOllama(f.host(), model) }

func (f *pullFake) pull(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model  string `json:"model"`
		Stream *bool  `json:"stream"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Stream == nil || !*req.Stream {
		http.Error(w, `{"error":"expected a streamed pull"}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.pulls = append(f.pulls, req.Model)
	f.mu.Unlock()
	send := func(v string) {
		fmt.Fprint(w, v+"\n")
		w.(http.Flusher).Flush()
	}
	switch req.Model {
	case "refused":
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"error":"mkdir /usr/share/ollama/.ollama/models/blobs: permission denied"}`)
		return
	case "proxy-page":
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html>Bad gateway</html>")
		return
	case "junk":
		send("<html><body>It works!</body></html>")
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	send(`{"status":"pulling manifest"}`)
	for li, l := range fakeLayers {
		for si, c := range l.steps {
			send(fmt.Sprintf(`{"status":"pulling %s","digest":%q,"total":%d,"completed":%d}`, l.digest[7:19], l.digest, l.total, c))
			if li > 0 || si < 1 {
				continue
			}
			// After the first chunk of the weights, the scripted trouble.
			switch req.Model {
			case "error-midway":
				send(`{"error":"max retries exceeded: read tcp 10.0.0.2:50412->104.21.75.227:443: read: connection reset by peer"}`)
				return
			case "drop-midway":
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close() // no closing chunk: the stream is cut
				}
				return
			case "ends-early":
				return
			case "hold", "stall":
				<-r.Context().Done()
				close(f.gone)
				return
			}
		}
	}
	send(`{"status":"verifying sha256 digest"}`)
	send(`{"status":"writing manifest"}`)
	send(`{"status":"success"}`)
	f.mu.Lock()
	f.models = append(f.models, req.Model)
	f.mu.Unlock()
}

// TestPullSucceeds: a download streamed over several chunks reports
// progress that only grows and ends at the whole size, succeeds, and the
// model is then the one the app uses.
func TestPullSucceeds(t *testing.T) {
	f := newPullFake(t, "nomic-embed-text:latest")
	ctx := context.Background()
	s, err := CheckSetup(ctx, f.srv.URL, "", 2*time.Second)
	if err != nil || s.State != SetupNoModel {
		t.Fatalf("before: %+v %v", s, err)
	}
	if _, err := Resolve(ctx, f.srv.URL, ""); !errors.Is(err, ErrNoModels) {
		t.Fatalf("resolve before: %v", err)
	}
	var seen []PullProgress
	if err := f.client("qwen2.5:3b").Pull(ctx, func(p PullProgress) { seen = append(seen, p) }); err != nil {
		t.Fatal(err)
	}
	if len(seen) < 10 {
		t.Fatalf("%d progress calls", len(seen))
	}
	var whole int64
	for _, l := range fakeLayers {
		whole += l.total
	}
	for i, p := range seen {
		if i > 0 && (p.Completed < seen[i-1].Completed || p.Total < seen[i-1].Total || p.Phase < seen[i-1].Phase) {
			t.Errorf("progress went back: %+v after %+v", p, seen[i-1])
		}
		if p.Completed > p.Total {
			t.Errorf("completed over total: %+v", p)
		}
	}
	mid := seen[2] // the weights, second chunk
	if mid.Phase != PullDownloading || mid.Completed != 400_000_000 || mid.Total != 1_929_900_000 || mid.Status != "pulling 5ee4f07cdb9b" {
		t.Errorf("mid-way: %+v", mid)
	}
	last := seen[len(seen)-1]
	if last.Phase != PullDone || last.Completed != whole || last.Total != whole {
		t.Errorf("last: %+v; want done at %d", last, whole)
	}
	phases := map[PullPhase]bool{}
	for _, p := range seen {
		phases[p.Phase] = true
	}
	if len(phases) != 5 {
		t.Errorf("phases seen: %v", phases)
	}
	// Used at once: the server now lists it, and the app picks it.
	o, err := Resolve(ctx, f.srv.URL, "")
	if err != nil || o.Model != "qwen2.5:3b" {
		t.Fatalf("resolve after: %v %v", o, err)
	}
	if s, err := CheckSetup(ctx, f.srv.URL, "qwen2.5:3b", 2*time.Second); err != nil || s.State != SetupReady || s.Model != "qwen2.5:3b" {
		t.Errorf("after: %+v %v", s, err)
	}
}

// TestPullFails: each way a download goes wrong gives the sentinel the
// app words, with what the user can do in the message.
func TestPullFails(t *testing.T) {
	f := newPullFake(t)
	tests := []struct {
		model string
		is    error
		says  string
	}{
		{"error-midway", ErrPullFailed, "max retries exceeded"},
		{"drop-midway", ErrPullCut, "broke while downloading"},
		{"ends-early", ErrPullCut, "without saying it was done"},
		{"refused", ErrPullFailed, "permission denied"},
		{"proxy-page", ErrRefused, "502"},
		{"junk", ErrJunk, "It works"},
	}
	for _, tc := range tests {
		t.Run(tc.model, func(t *testing.T) {
			var seen []PullProgress
			err := f.client(tc.model).Pull(context.Background(), func(p PullProgress) { seen = append(seen, p) })
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("err = %v; want %v saying %q", err, tc.is, tc.says)
			}
			if strings.HasSuffix(tc.model, "midway") && (len(seen) != 3 || seen[2].Completed != 400_000_000 || seen[2].Phase != PullDownloading) {
				t.Errorf("progress before the failure: %+v", seen)
			}
		})
	}
	var pe *PullError
	err := f.client("error-midway").Pull(context.Background(), nil)
	if !errors.As(err, &pe) || pe.Status != 200 || pe.Model != "error-midway" || !strings.HasPrefix(pe.Message, "max retries exceeded") {
		t.Errorf("error line: %#v", err)
	}
	if err := f.client("refused").Pull(context.Background(), nil); !errors.As(err, &pe) || pe.Status != 500 {
		t.Errorf("error status: %#v", err)
	}
	// Nothing at the address.
	u, _ := url.Parse("http://127.0.0.1:1")
	if err := NewOllama(u, "qwen2.5:3b").Pull(context.Background(), nil); !errors.Is(err, ErrUnreachable) {
		t.Errorf("unreachable: %v", err)
	}
	// None of these installed anything.
	if s, _ := CheckSetup(context.Background(), f.srv.URL, "", time.Second); s.State != SetupNoModel {
		t.Errorf("a failed pull left models: %v", s.Models)
	}
}

// TestPullCancelled: the user cancels mid-stream; Pull returns
// context.Canceled and the server sees the stream closed.
func TestPullCancelled(t *testing.T) {
	f := newPullFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen int
	err := f.client("hold").Pull(ctx, func(p PullProgress) {
		if seen++; p.Completed == 400_000_000 {
			cancel() // the user presses Cancel as the bytes arrive
		}
	})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrPullCut) {
		t.Fatalf("err = %v; want context.Canceled alone", err)
	}
	select { // the server saw the client leave
	case <-f.gone:
	case <-time.After(30 * time.Second):
		t.Fatal("the server still streams after the cancel")
	}
	if seen != 3 {
		t.Errorf("%d progress calls; the stream should stop at the cancel", seen)
	}
}

// TestPullStalled: a server that stops sending is given up after pullIdle.
func TestPullStalled(t *testing.T) {
	f := newPullFake(t)
	old := pullIdle
	pullIdle = 300 * time.Millisecond
	defer func() { pullIdle = old }()
	err := f.client("stall").Pull(context.Background(), nil)
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "sent nothing for 300ms") {
		t.Fatalf("err = %v", err)
	}
	select {
	case <-f.gone:
	case <-time.After(30 * time.Second):
		t.Fatal("the stalled stream was not closed")
	}
}

// TestPullLineBound: a line longer than maxPullLine stops the download.
func TestPullLineBound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status":"pulling manifest"}`+"\n")
		fmt.Fprintf(w, `{"status":"%s"}`+"\n", strings.Repeat("x", maxPullLine))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	if err := NewOllama(u, "m").Pull(context.Background(), nil); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckSetup(t *testing.T) {
	ctx := context.Background()
	f := newPullFake(t, "qwen2.5:7b", "nomic-embed-text:latest", "exaone3.5")
	tests := []struct {
		name, host, model string
		state             SetupState
		use               string
	}{
		{"down", "127.0.0.1:1", "", SetupDown, ""},
		{"picked", f.srv.URL, "", SetupReady, "qwen2.5:7b"},
		{"named", f.srv.URL, "qwen2.5:7b", SetupReady, "qwen2.5:7b"},
		{"named without a tag", f.srv.URL, "exaone3.5:latest", SetupReady, "exaone3.5:latest"},
		{"missing", f.srv.URL, "qwen2.5:3b", SetupMissing, "qwen2.5:3b"},
		{"only an embedding model", newPullFake(t, "nomic-embed-text:latest").srv.URL, "", SetupNoModel, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := CheckSetup(ctx, tc.host, tc.model, 2*time.Second)
			if err != nil || s.State != tc.state || s.Model != tc.use {
				t.Fatalf("%+v %v", s, err)
			}
			if tc.state == SetupDown && !errors.Is(s.Err, ErrUnreachable) {
				t.Errorf("down without why: %v", s.Err)
			}
		})
	}
	if _, err := CheckSetup(ctx, "host:99999", "", time.Second); !errors.Is(err, ErrBadHost) {
		t.Errorf("bad host: %v", err)
	}
}
