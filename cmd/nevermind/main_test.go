package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func TestBankListJSON(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	out, errOut, code := runCLI(t, "bank", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var qs []bankQuestion
	if err := json.Unmarshal([]byte(out), &qs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out[:min(len(out), 300)])
	}
	if len(qs) < 150 {
		t.Fatalf("%d questions, want at least 150", len(qs))
	}
	types, langs := map[string]int{}, map[string]int{}
	for _, q := range qs {
		types[q.Type]++
		langs[q.Lang]++
		if q.Text == "" || q.Tip == "" || q.Key == "" {
			t.Fatalf("incomplete question %+v", q)
		}
	}
	for _, ty := range []string{"basic", "job", "situational", "english"} {
		if types[ty] == 0 {
			t.Errorf("no %s questions", ty)
		}
	}
	if langs["ko"] == 0 || langs["en"] == 0 {
		t.Errorf("languages = %v", langs)
	}

	out, _, code = runCLI(t, "bank", "list", "--type", "english", "--lang", "en", "--json")
	var eng []bankQuestion
	if code != 0 || json.Unmarshal([]byte(out), &eng) != nil || len(eng) == 0 {
		t.Fatalf("filtered list failed: %d", code)
	}
	for _, q := range eng {
		if q.Type != "english" || q.Lang != "en" {
			t.Fatalf("filter leaked %+v", q)
		}
	}
}

func TestBankAddThenList(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	if _, e, code := runCLI(t, "bank", "add", "--type", "job", "--lang", "ko", "--text", "우리 회사 제품을 써 봤나요?", "--tip", "구체적인 사용 장면"); code != 0 {
		t.Fatalf("add: %d %s", code, e)
	}
	out, _, _ := runCLI(t, "bank", "list", "--type", "job")
	if !strings.Contains(out, "우리 회사 제품을 써 봤나요?") {
		t.Fatal("added question not listed")
	}
}

func TestBadArgumentsExplain(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"fly"}, "unknown command"},
		{"bad type", []string{"bank", "list", "--type", "quiz"}, "unknown type"},
		{"bad lang", []string{"bank", "list", "--lang", "jp"}, "use ko or en"},
		{"add without text", []string{"bank", "add"}, "--text is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, e, code := runCLI(t, tc.args...)
			if code != 2 || !strings.Contains(e, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, e, tc.want)
			}
		})
	}
}

func TestDoctorJSON(t *testing.T) {
	if os.Getenv("NEVERMIND_BUNDLE") == "" {
		t.Skip("NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps`")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	out, errOut, code := runCLI(t, "doctor", "--json", "--ollama-host", "127.0.0.1:9", "--timeout", "2s")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	var r struct {
		OK     bool `json:"ok"`
		Checks []struct {
			ID, Status string
			Info       map[string]any
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	ids := map[string]map[string]any{}
	for _, c := range r.Checks {
		ids[c.ID] = c.Info
	}
	for _, id := range []string{"data_folder", "database", "onnxruntime", "whisper", "microphones", "cameras", "ollama"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("no %s entry", id)
		}
	}
	if v, _ := ids["onnxruntime"]["version"].(string); !strings.HasPrefix(v, "1.") {
		t.Errorf("onnxruntime version = %q", v)
	}

	// A core failure gives a non-zero exit.
	f := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(f, nil, 0o600)
	t.Setenv("NEVERMIND_HOME", f)
	if _, _, code := runCLI(t, "doctor", "--ollama-host", "127.0.0.1:9", "--timeout", "1s"); code == 0 {
		t.Fatal("doctor exit 0 with an unusable data folder")
	}
}
