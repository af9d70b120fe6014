package models

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"nevermind/internal/appdata"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// modelBytes is a few hundred KB of deterministic test data.
func modelBytes() []byte {
	var out []byte
	var ctr [8]byte
	for i := uint64(0); len(out) < 300_000; i++ {
		binary.LittleEndian.PutUint64(ctr[:], i)
		sum := sha256.Sum256(ctr[:])
		out = append(out, sum[:]...)
	}
	return out[:300_000]
}

func sha1hex(b []byte) string {
	s := sha1.Sum(b)
	return hex.EncodeToString(s[:])
}

// fakeModelServer serves one model file the way Hugging Face does, with
// switches for the misbehaviours a download must survive.
type fakeModelServer struct {
	t    *testing.T
	data []byte

	mu          sync.Mutex
	ignoreRange bool // answer 200 with the whole file even when asked for a range
	status      int  // answer this status with no body, when set
	cutAfter    int  // close the connection after this many body bytes, once
	stallAfter  int  // send this many body bytes, then wait for the client to go away, once
	ranges      []string
	sent        int
}

func (s *fakeModelServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.ranges = append(s.ranges, r.Header.Get("Range"))
	status, ignore := s.status, s.ignoreRange
	cut, stall := s.cutAfter, s.stallAfter
	s.cutAfter, s.stallAfter = 0, 0
	s.mu.Unlock()

	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	body, code := s.data, http.StatusOK
	if rg := r.Header.Get("Range"); rg != "" && !ignore {
		start, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"))
		if err != nil {
			s.t.Errorf("unexpected Range header %q", rg)
			http.Error(w, "bad range", http.StatusBadRequest)
			return
		}
		if start >= len(s.data) {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(s.data)))
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		body, code = s.data[start:], http.StatusPartialContent
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(s.data)-1, len(s.data)))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.WriteHeader(code)
	switch {
	case cut > 0:
		s.write(w, body[:cut])
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			s.t.Errorf("hijack: %v", err)
			return
		}
		conn.Close()
	case stall > 0:
		s.write(w, body[:stall])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	default:
		s.write(w, body)
	}
}

func (s *fakeModelServer) write(w http.ResponseWriter, b []byte) {
	n, _ := w.Write(b)
	s.mu.Lock()
	s.sent += n
	s.mu.Unlock()
}

// seen returns the Range headers of the requests so far and the body bytes
// sent, and forgets them.
func (s *fakeModelServer) seen() (ranges []string, sent int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ranges, sent = s.ranges, s.sent
	s.ranges, s.sent = nil, 0
	return ranges, sent
}

// newFakeModel starts a server and returns a catalogue entry pointing at it
// and a downloader into a fresh folder.
func newFakeModel(t *testing.T) (*fakeModelServer, WhisperModel, *Downloader) {
	t.Helper()
	s := &fakeModelServer{t: t, data: modelBytes()}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	m := WhisperModel{Name: "test", File: "ggml-test.bin", SHA1: sha1hex(s.data), Size: int64(len(s.data)),
		Multilingual: true, Note: "test"}.WithBaseURL(srv.URL)
	d := &Downloader{Client: srv.Client(), Dir: filepath.Join(t.TempDir(), "models")}
	return s, m, d
}

// assertInstalled checks that the model file holds want and that no part
// file is left.
func assertInstalled(t *testing.T, d *Downloader, m WhisperModel, path string, want []byte) {
	t.Helper()
	if path != d.Path(m) {
		t.Errorf("path %s, want %s", path, d.Path(m))
	}
	got, err := os.ReadFile(d.Path(m))
	if err != nil {
		t.Fatalf("model not installed: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("installed %d bytes that differ from the %d served", len(got), len(want))
	}
	if _, err := os.Stat(d.Path(m) + PartSuffix); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(".part left behind: %v", err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", fi.Mode().Perm())
		}
	}
}

func writeFile(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPullSucceeds(t *testing.T) {
	data := modelBytes()
	const have = 100_000
	tests := []struct {
		name        string
		part        []byte // an unfinished download already there
		installed   []byte // a damaged model already installed
		ignoreRange bool
		wantRanges  []string
		wantSent    int
	}{
		{name: "fresh download", wantRanges: []string{""}, wantSent: len(data)},
		{name: "resume with 206", part: data[:have],
			wantRanges: []string{"bytes=100000-"}, wantSent: len(data) - have},
		{name: "server ignores range", part: data[:have], ignoreRange: true,
			wantRanges: []string{"bytes=100000-"}, wantSent: len(data)},
		{name: "part already complete (416)", part: data,
			wantRanges: []string{"bytes=300000-"}, wantSent: 0},
		{name: "part longer than the model (416) starts over", part: append(slices.Clone(data), "junk"...),
			wantRanges: []string{"bytes=300004-", ""}, wantSent: len(data)},
		{name: "damaged installed model is replaced", installed: []byte("not a model"),
			wantRanges: []string{""}, wantSent: len(data)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, m, d := newFakeModel(t)
			srv.ignoreRange = tc.ignoreRange
			if tc.part != nil {
				writeFile(t, d.Path(m)+PartSuffix, tc.part)
			}
			if tc.installed != nil {
				writeFile(t, d.Path(m), tc.installed)
			}
			var last, lastTotal int64
			d.Progress = func(done, total int64) { last, lastTotal = done, total }

			path, err := d.Pull(context.Background(), m)
			if err != nil {
				t.Fatalf("Pull: %v", err)
			}
			assertInstalled(t, d, m, path, data)
			ranges, sent := srv.seen()
			if !slices.Equal(ranges, tc.wantRanges) || sent != tc.wantSent {
				t.Errorf("server saw ranges %q and sent %d bytes; want %q and %d", ranges, sent, tc.wantRanges, tc.wantSent)
			}
			if last != int64(len(data)) || lastTotal != int64(len(data)) {
				t.Errorf("last progress %d/%d, want %d/%d", last, lastTotal, len(data), len(data))
			}
		})
	}
}

func TestPullAlreadyInstalledMakesNoRequest(t *testing.T) {
	srv, m, d := newFakeModel(t)
	writeFile(t, d.Path(m), srv.data)
	d.Progress = func(done, total int64) { t.Errorf("progress %d/%d for an installed model", done, total) }
	path, err := d.Pull(context.Background(), m)
	if err != nil || path != d.Path(m) {
		t.Fatalf("Pull = %q, %v", path, err)
	}
	if ranges, _ := srv.seen(); len(ranges) != 0 {
		t.Fatalf("%d requests for an installed model", len(ranges))
	}
}

func TestPullResumesAfterInterruption(t *testing.T) {
	srv, m, d := newFakeModel(t)
	const cut = 120_000
	srv.cutAfter = cut
	_, err := d.Pull(context.Background(), m)
	if err == nil || !strings.Contains(err.Error(), "run the pull again") {
		t.Fatalf("interrupted download: err = %v", err)
	}
	part := d.Path(m) + PartSuffix
	fi, serr := os.Stat(part)
	if serr != nil || fi.Size() != cut {
		t.Fatalf(".part after interruption: %v, size %v; want %d bytes", serr, fi, cut)
	}
	if _, err := os.Stat(d.Path(m)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("model installed after an interrupted download: %v", err)
	}
	srv.seen()

	path, err := d.Pull(context.Background(), m)
	if err != nil {
		t.Fatalf("resumed Pull: %v", err)
	}
	assertInstalled(t, d, m, path, srv.data)
	ranges, sent := srv.seen()
	if want := []string{"bytes=120000-"}; !slices.Equal(ranges, want) || sent != len(srv.data)-cut {
		t.Errorf("resume: ranges %q, sent %d; want %q, %d", ranges, sent, want, len(srv.data)-cut)
	}
}

func TestPullCancelKeepsPart(t *testing.T) {
	srv, m, d := newFakeModel(t)
	const stall = 80_000
	srv.stallAfter = stall
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d.Progress = func(done, total int64) {
		if done >= stall {
			cancel()
		}
	}
	_, err := d.Pull(ctx, m)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Pull: err = %v, want context.Canceled", err)
	}
	fi, serr := os.Stat(d.Path(m) + PartSuffix)
	if serr != nil || fi.Size() != stall {
		t.Fatalf(".part after cancel: %v; want %d bytes", serr, stall)
	}
	if _, err := os.Stat(d.Path(m)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("model installed after a cancelled download: %v", err)
	}
}

func TestPullFails(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(srv *fakeModelServer, m *WhisperModel)
		wantIs    error
		wantText  []string
		keepsPart bool
	}{
		{name: "bad checksum",
			setup:    func(_ *fakeModelServer, m *WhisperModel) { m.SHA1 = strings.Repeat("0", 40) },
			wantIs:   ErrChecksum,
			wantText: []string{"damaged", "run the pull again"}},
		{name: "not found",
			setup:    func(srv *fakeModelServer, _ *WhisperModel) { srv.status = http.StatusNotFound },
			wantText: []string{"model test not found at http", "(404)", "update NEVER MIND"}},
		{name: "server error",
			setup:    func(srv *fakeModelServer, _ *WhisperModel) { srv.status = http.StatusBadGateway },
			wantText: []string{"502", "try again later"}},
		{name: "file name escaping the folder",
			setup:    func(_ *fakeModelServer, m *WhisperModel) { m.File = "../evil.bin" },
			wantText: []string{"bad file name"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, m, d := newFakeModel(t)
			tc.setup(srv, &m)
			path, err := d.Pull(context.Background(), m)
			if err == nil {
				t.Fatalf("Pull succeeded: %s", path)
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("err = %v, want it to wrap %v", err, tc.wantIs)
			}
			for _, s := range tc.wantText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("err = %q, want it to mention %q", err, s)
				}
			}
			entries, _ := os.ReadDir(d.Dir)
			if len(entries) != 0 {
				t.Errorf("models folder holds %v after a failed pull", entries)
			}
		})
	}
}

func TestPullChecksDiskSpace(t *testing.T) {
	tests := []struct {
		name    string
		free    uint64
		freeErr error
		part    int  // bytes already downloaded
		wantOK  bool // the pull goes ahead
	}{
		{name: "plenty", free: 1 << 40, wantOK: true},
		{name: "just enough with margin", free: 315_000, wantOK: true},
		{name: "too little", free: 1000},
		{name: "no room for the margin", free: 300_000},
		{name: "only the rest is needed", free: 105_000, part: 200_000, wantOK: true},
		{name: "unknown free space", freeErr: errors.ErrUnsupported, wantOK: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := diskFree
			t.Cleanup(func() { diskFree = old })
			diskFree = func(string) (uint64, error) { return tc.free, tc.freeErr }
			srv, m, d := newFakeModel(t)
			if tc.part > 0 {
				writeFile(t, d.Path(m)+PartSuffix, srv.data[:tc.part])
			}
			_, err := d.Pull(context.Background(), m)
			ranges, _ := srv.seen()
			if tc.wantOK {
				if err != nil {
					t.Fatalf("Pull: %v", err)
				}
				return
			}
			var ns *NoSpaceError
			if !errors.As(err, &ns) {
				t.Fatalf("err = %v, want a NoSpaceError", err)
			}
			for _, s := range []string{"not enough disk space in " + d.Dir, "MB free", "NEVERMIND_HOME"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("err = %q, want it to mention %q", err, s)
				}
			}
			if len(ranges) != 0 {
				t.Errorf("%d requests made without the room to save them", len(ranges))
			}
		})
	}
}

func TestVerify(t *testing.T) {
	data := modelBytes()
	tests := []struct {
		name      string
		installed []byte
		want      State
	}{
		{name: "missing", want: Missing},
		{name: "ok", installed: data, want: OK},
		{name: "corrupted", installed: append(slices.Clone(data[:1000]), 0xff), want: Mismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, m, d := newFakeModel(t)
			if tc.installed != nil {
				writeFile(t, d.Path(m), tc.installed)
			}
			c, err := d.Verify(m)
			if err != nil || c.State != tc.want || c.Path != d.Path(m) {
				t.Fatalf("Verify = %+v, %v; want state %q", c, err, tc.want)
			}
			if tc.installed != nil && c.SHA1 != sha1hex(tc.installed) {
				t.Errorf("SHA1 %s, want %s", c.SHA1, sha1hex(tc.installed))
			}
		})
	}
}

func TestRemoveAndStat(t *testing.T) {
	srv, m, d := newFakeModel(t)
	writeFile(t, d.Path(m), srv.data)
	writeFile(t, d.Path(m)+PartSuffix, srv.data[:10])
	w, err := d.Stat(m)
	if err != nil || !w.Present || w.Size != int64(len(srv.data)) || w.Partial != 10 {
		t.Fatalf("Stat = %+v, %v", w, err)
	}
	if err := d.Remove(m); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	for _, p := range []string{d.Path(m), d.Path(m) + PartSuffix} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still there: %v", p, err)
		}
	}
	if err := d.Remove(m); err != nil {
		t.Errorf("removing a missing model: %v", err)
	}
	if w, err := d.Stat(m); err != nil || w.Present || w.Partial != 0 {
		t.Errorf("Stat after Remove = %+v, %v", w, err)
	}
}

func TestInstalledListsCatalogueFiles(t *testing.T) {
	d := &Downloader{Dir: t.TempDir()}
	writeFile(t, filepath.Join(d.Dir, "ggml-tiny.bin"), []byte("twelve bytes"))
	writeFile(t, filepath.Join(d.Dir, "ggml-small.bin.part"), []byte("partial"))
	writeFile(t, filepath.Join(d.Dir, "ggml-unknown.bin"), []byte("not ours"))
	got, err := d.Installed()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Model.Name != "tiny" || got[0].Size != 12 || got[0].Path != filepath.Join(d.Dir, "ggml-tiny.bin") {
		t.Fatalf("Installed = %+v", got)
	}
}

func TestParseContentRange(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		start, size int64
		ok          bool
	}{
		{name: "full", in: "bytes 100-299/300", start: 100, size: 300, ok: true},
		{name: "unknown size", in: "bytes 5-9/*", start: 5, size: -1, ok: true},
		{name: "unsatisfied", in: "bytes */300"},
		{name: "other unit", in: "items 1-2/3"},
		{name: "empty", in: ""},
		{name: "garbage size", in: "bytes 1-2/x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, size, ok := parseContentRange(tc.in)
			if ok != tc.ok || ok && (start != tc.start || size != tc.size) {
				t.Fatalf("parseContentRange(%q) = %d, %d, %v", tc.in, start, size, ok)
			}
		})
	}
}

// TestImportFromAFile: a model copied from elsewhere (under any name) is
// installed under its catalogue name when its SHA-1 is a catalogue model's;
// anything else is refused and leaves nothing behind.
func TestImportFromAFile(t *testing.T) {
	body := []byte(strings.Repeat("a whisper model, or so it claims ", 3000))
	sum := sha1.Sum(body)
	cat := []WhisperModel{
		{Name: "tiny", SHA1: "0000000000000000000000000000000000000000", Size: int64(len(body))},
		{Name: "small", SHA1: hex.EncodeToString(sum[:]), Size: int64(len(body))},
	}
	src := filepath.Join(t.TempDir(), "from-usb-stick.bin")
	os.WriteFile(src, body, 0o644)
	dir := filepath.Join(t.TempDir(), "models")
	var last int64
	d := &Downloader{Dir: dir, Progress: func(done, total int64) { last = done }}
	m, path, err := d.Import(context.Background(), src, cat)
	if err != nil || m.Name != "small" || path != filepath.Join(dir, "ggml-small.bin") || last != int64(len(body)) {
		t.Fatalf("import: %+v %s %v (progress %d)", m, path, err, last)
	}
	if got, _ := os.ReadFile(path); string(got) != string(body) {
		t.Fatal("the installed model differs from the file")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	for name, b := range map[string][]byte{
		"damaged":   append(append([]byte(nil), body[:len(body)-1]...), 'x'),
		"too small": []byte("tiny"),
	} {
		p := filepath.Join(t.TempDir(), "ggml-base.bin")
		os.WriteFile(p, b, 0o644)
		if _, _, err := d.Import(context.Background(), p, cat); !errors.Is(err, ErrNotCatalogueModel) {
			t.Errorf("%s: %v", name, err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 1 {
		t.Fatalf("files left in the models folder: %v", left)
	}
	diskFree = func(string) (uint64, error) { return 100, nil }
	defer func() { diskFree = appdata.FreeSpace }()
	var nospace *NoSpaceError
	if _, _, err := d.Import(context.Background(), src, cat); !errors.As(err, &nospace) {
		t.Errorf("a full disk: %v", err)
	}
}
