package docs

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nevermind/internal/testenv"
)

const module = "nevermind"

// pkgs lists the module's packages with the module's packages each imports
// (tests left out), over the build tags the programs are built with.
func pkgs(t *testing.T, tags string) map[string][]string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		testenv.Skipf(t, "no go command: %v", err)
	}
	cmd := exec.Command(gobin, "list", "-tags", tags, "-json=ImportPath,Imports", "./...")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	res := map[string][]string{}
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		var own []string
		for _, i := range p.Imports {
			if i == module || strings.HasPrefix(i, module+"/") {
				own = append(own, strings.TrimPrefix(strings.TrimPrefix(i, module), "/"))
			}
		}
		res[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = own
	}
	return res
}

// row is one line of the Folders table.
type row struct {
	path    string // internal/store, cmd/nevermind, tools/fetchdeps
	imports string // as written
}

func folderRows(t *testing.T) []row {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "docs", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []row
	in := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	cell := regexp.MustCompile("^`([^`]+)/`")
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "| path | holds | imports |"):
			in = true
			continue
		case in && !strings.HasPrefix(l, "|"):
			return rows
		case !in || strings.HasPrefix(l, "|---"):
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		if len(cells) < 3 {
			continue
		}
		m := cell.FindStringSubmatch(strings.TrimSpace(cells[0]))
		if m == nil {
			continue
		}
		rows = append(rows, row{path: m[1], imports: strings.TrimSpace(cells[len(cells)-1])})
	}
	return rows
}

// resolve turns a name of the imports column into a package path: the
// module's packages by their path under internal/ or the root ("models
// (manifest)" is the root's models), else by their last element.
func resolve(name string, all map[string][]string) []string {
	name = strings.TrimSpace(name)
	if name == "models (manifest)" {
		return []string{"models"}
	}
	for _, p := range []string{"internal/" + name, name} {
		if _, ok := all[p]; ok {
			return []string{p}
		}
	}
	var out []string
	for p := range all {
		if path.Base(p) == name && strings.HasPrefix(p, "internal/") {
			out = append(out, p)
		}
	}
	return out
}

// TestArchitectureImports: every package of the Folders table imports
// exactly the module's packages its imports column names (with the
// build tags the programs ship with), and every internal package has a
// row.
func TestArchitectureImports(t *testing.T) {
	all := pkgs(t, "whisper gui")
	rows := folderRows(t)
	if len(rows) < 10 {
		t.Fatalf("found %d rows in the Folders table", len(rows))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.path] = true
		got, ok := all[r.path]
		if !ok {
			// A row for a folder of several packages (analysis's two
			// files, models/) is checked through its packages' rows.
			continue
		}
		if r.imports == "everything" || r.imports == "" {
			continue
		}
		var want []string
		if r.imports != "—" {
			for _, n := range strings.Split(r.imports, ",") {
				ps := resolve(n, all)
				if len(ps) != 1 {
					t.Errorf("%s: the imports column names %q, which is %d packages (%v)", r.path, strings.TrimSpace(n), len(ps), ps)
					continue
				}
				want = append(want, ps[0])
			}
		}
		slices.Sort(want)
		gotOwn := slices.Sorted(slices.Values(got))
		for _, w := range want {
			if !slices.Contains(gotOwn, w) {
				t.Errorf("%s: the table says it imports %s; it does not", r.path, w)
			}
		}
		for _, g := range gotOwn {
			if !slices.Contains(want, g) {
				t.Errorf("%s imports %s; the table does not say so", r.path, g)
			}
		}
	}
	for p := range all {
		if strings.HasPrefix(p, "internal/") && !seen[p] && !seen[path.Dir(p)] && !strings.HasSuffix(p, "test") {
			t.Errorf("package %s has no row in docs/ARCHITECTURE.md's Folders table", p)
		}
	}
}

// TestDocsStandAlone: the code and the documents cite nothing outside the
// repository (the steering folder beside it is not shipped).
func TestDocsStandAlone(t *testing.T) {
	root := filepath.Join("..", "..")
	bad := regexp.MustCompile(`\.\./shared/|shared/(METRICS|ARCHITECTURE|NATIVE|STYLE)\.md`)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "lib", "dist", "bin", "node_modules", "testdata":
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(p); ext != ".go" && ext != ".md" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, l := range strings.Split(string(b), "\n") {
			if bad.MatchString(l) && !strings.Contains(p, "docs_test.go") {
				t.Errorf("%s:%d cites a document outside the repository: %s", p, i+1, strings.TrimSpace(l))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
