package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanJSONContract(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	out, errOut, code := runCLI(t, "plan", "--interview-date", "2026-12-10", "--company", "한빛페이", "--today", "2026-11-26", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var p struct {
		Days []struct {
			Date   string `json:"date"`
			DMinus int    `json:"d_minus"`
			Tasks  []struct {
				Kind        string  `json:"kind"`
				QuestionIDs []int64 `json:"question_ids"`
				Reason      string  `json:"reason"`
			} `json:"tasks"`
		} `json:"days"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Days) != 15 || p.Days[0].Date != "2026-11-26" || p.Days[0].DMinus != 14 || p.Days[14].DMinus != 0 {
		t.Fatalf("%s", out)
	}
	for _, d := range p.Days {
		for _, tk := range d.Tasks {
			if tk.Kind == "" || len(tk.QuestionIDs) == 0 || tk.Reason == "" {
				t.Errorf("%s: %+v", d.Date, tk)
			}
		}
	}
	// The same date again does not add a second interview.
	out2, _, _ := runCLI(t, "plan", "--interview-date", "2026-12-10", "--company", "한빛페이", "--today", "2026-11-26", "--json")
	var p2 struct{ Days []any }
	json.Unmarshal([]byte(out2), &p2)
	if len(p2.Days) != 15 {
		t.Errorf("%d days the second time", len(p2.Days))
	}
	if _, e, code := runCLI(t, "plan", "--interview-date", "12/10"); code != 1 || !strings.Contains(e, "YYYY-MM-DD") {
		t.Errorf("bad date: %d %q", code, e)
	}
}

func TestExportImportCLI(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	dir := t.TempDir()
	runCLI(t, "plan", "--interview-date", "2026-12-10", "--company", "한빛페이", "--today", "2026-11-26")
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("비밀 문장\n"), 0o600)
	archive := filepath.Join(dir, "b.nmx")
	if out, e, code := runCLI(t, "export", "--out", archive, "--passphrase-file", pass); code != 0 || !strings.Contains(out, "encrypted") {
		t.Fatalf("export %d: %s %s", code, out, e)
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "other"))
	wrong := filepath.Join(dir, "wrong")
	os.WriteFile(wrong, []byte("아님"), 0o600)
	if _, e, code := runCLI(t, "import", archive, "--passphrase-file", wrong); code != 1 || !strings.Contains(e, "nothing changed") || !strings.Contains(e, "passphrase") {
		t.Errorf("wrong passphrase: %d %q", code, e)
	}
	if out, e, code := runCLI(t, "import", archive, "--passphrase-file", pass); code != 0 || !strings.Contains(out, "interview 1") {
		t.Errorf("import %d: %s %s", code, out, e)
	}
	if out, _, code := runCLI(t, "import", archive, "--passphrase-file", pass); code != 0 || !strings.Contains(out, "already here") {
		t.Errorf("second import: %s", out)
	}
}
