package coach

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseHost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "http://127.0.0.1:11434"},
		{"127.0.0.1:11434", "http://127.0.0.1:11434"},
		{"localhost", "http://localhost:11434"},
		{":12000", "http://127.0.0.1:12000"},
		{"0.0.0.0", "http://0.0.0.0:11434"},
		{"[::1]:11500", "http://[::1]:11500"},
		{"::1", "http://[::1]:11434"},
		{"http://example.internal", "http://example.internal:80"},
		{"https://gpu-box:8443", "https://gpu-box:8443"},
		{"http://127.0.0.1:11434/ollama", "http://127.0.0.1:11434/ollama"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			u, err := ParseHost(tc.in)
			if err != nil || u.String() != tc.want {
				t.Fatalf("ParseHost(%q) = %v, %v; want %s", tc.in, u, err, tc.want)
			}
		})
	}
	for _, bad := range []string{"ftp://host", "host:99999", "host:abc"} {
		if _, err := ParseHost(bad); err == nil {
			t.Errorf("ParseHost(%q) accepted", bad)
		}
	}
}

func TestResolveHostPrecedence(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:12345")
	if u, _ := ResolveHost(""); u.Host != "127.0.0.1:12345" {
		t.Fatalf("env not used: %v", u)
	}
	if u, _ := ResolveHost("127.0.0.1:11111"); u.Host != "127.0.0.1:11111" {
		t.Fatalf("explicit not preferred: %v", u)
	}
	t.Setenv("OLLAMA_HOST", "")
	if u, _ := ResolveHost(""); u.Host != DefaultHost {
		t.Fatalf("default = %v", u)
	}
}

// fakeOllama answers the two endpoints Probe uses, as Ollama does.
func fakeOllama(t *testing.T, models []string) *url.URL {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/version", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"version": "0.17.4"})
	})
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, r *http.Request) {
		var ms []map[string]any
		for _, m := range models {
			ms = append(ms, map[string]any{"name": m, "model": m})
		}
		json.NewEncoder(w).Encode(map[string]any{"models": ms})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return u
}

func TestProbe(t *testing.T) {
	u := fakeOllama(t, []string{"qwen2.5:3b", "gemma3:4b"})
	st, err := Probe(context.Background(), u, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if st.Version != "0.17.4" || strings.Join(st.Models, ",") != "gemma3:4b,qwen2.5:3b" {
		t.Fatalf("status = %+v", st)
	}
}

func TestProbeDownServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u, _ := url.Parse(srv.URL)
	srv.Close() // nothing listens there now
	_, err := Probe(context.Background(), u, time.Second)
	if err == nil || !strings.Contains(err.Error(), "ollama serve") || !strings.Contains(err.Error(), u.Host) {
		t.Fatalf("err = %v, want advice to start ollama", err)
	}
}
