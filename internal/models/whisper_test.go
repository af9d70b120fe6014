package models

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var sha1Hex = regexp.MustCompile(`^[0-9a-f]{40}$`)

func TestWhisperCatalogue(t *testing.T) {
	ms := WhisperModels()
	if len(ms) != 8 {
		t.Fatalf("%d models, want 8", len(ms))
	}
	seen := map[string]bool{}
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			if seen[m.Name] || seen["file:"+m.File] {
				t.Errorf("duplicate name or file %s / %s", m.Name, m.File)
			}
			seen[m.Name], seen["file:"+m.File] = true, true
			if !sha1Hex.MatchString(m.SHA1) {
				t.Errorf("SHA-1 %q is not 40 lowercase hex digits", m.SHA1)
			}
			if m.File != "ggml-"+m.Name+".bin" {
				t.Errorf("file %q", m.File)
			}
			if !strings.HasPrefix(m.URL, "https://") || !strings.HasSuffix(m.URL, "/"+m.File) {
				t.Errorf("URL %q is not https or does not end in /%s", m.URL, m.File)
			}
			if m.Size < 50<<20 || m.Note == "" {
				t.Errorf("size %d, note %q", m.Size, m.Note)
			}
			if en := strings.HasSuffix(m.Name, ".en"); en == m.Multilingual {
				t.Errorf("multilingual = %v for %s", m.Multilingual, m.Name)
			}
			if err := m.check(); err != nil {
				t.Error(err)
			}
		})
	}
	if !slices.Equal(WhisperNames(), []string{"tiny", "tiny.en", "base", "base.en", "small", "small.en", "large-v3-turbo-q5_0", "large-v3-turbo"}) {
		t.Errorf("names %v", WhisperNames())
	}
}

func TestLookupWhisper(t *testing.T) {
	tests := []struct {
		name, model string
		ok          bool
	}{
		{name: "multilingual", model: "small", ok: true},
		{name: "english only", model: "base.en", ok: true},
		{name: "unknown", model: "large-v3"},
		{name: "file name is not a model name", model: "ggml-base.bin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := LookupWhisper(tc.model)
			if ok != tc.ok || ok && m.Name != tc.model {
				t.Fatalf("LookupWhisper(%q) = %+v, %v", tc.model, m, ok)
			}
		})
	}
}

func TestWithBaseURLAndCatalogueCopy(t *testing.T) {
	m, _ := LookupWhisper("base")
	if got := m.WithBaseURL("http://127.0.0.1:8080/mirror/").URL; got != "http://127.0.0.1:8080/mirror/ggml-base.bin" {
		t.Errorf("WithBaseURL: %s", got)
	}
	ms := WhisperModels()
	ms[0].SHA1 = "changed"
	if WhisperModels()[0].SHA1 == "changed" {
		t.Error("WhisperModels returned the catalogue itself, not a copy")
	}
}

func TestFileSHA1(t *testing.T) {
	p := filepath.Join(t.TempDir(), "abc")
	if err := os.WriteFile(p, []byte("abc"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := FileSHA1(p); err != nil || got != "a9993e364706816aba3e25717850c26c9cd0d89d" {
		t.Fatalf("FileSHA1 = %s, %v", got, err)
	}
	if _, err := FileSHA1(p + ".missing"); err == nil {
		t.Fatal("FileSHA1 of a missing file succeeded")
	}
}
