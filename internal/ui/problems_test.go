package ui

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nevermind/internal/coach"
	"nevermind/internal/engines"
	"nevermind/internal/export"
	"nevermind/internal/i18n"
	"nevermind/internal/models"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// notShown are the typed errors of the packages below the UI that never
// reach a screen, with why; every other one must have a row in the table.
var notShown = map[string]string{
	"engines.ErrBadLanguage":    "the app always opens speech with auto",
	"practice.ErrNoSession":     "the controller's buttons are disabled without a session",
	"store.ErrBadSnapshot":      "wrapped in export.Error (bad_data) before the UI sees it",
	"store.ErrSnapshotTooLarge": "wrapped in export.Error (too_large) before the UI sees it",
	"store.RowError":            "wrapped in export.Error, whose text names the row",
	"store.ErrNewerSnapshot":    "wrapped in export.Error (newer) before the UI sees it",
	"app.ErrNotMeasured":        "Settings says 'not measured yet' for it",
	"export.Error":              "worded by its Problem code (TestExportProblemsWorded)",
	"video.ErrUnavailable":      "the app writes only its own AVI",
	"practice.MediaLeftError":   "Settings' delete-all words it with the folder to remove by hand",
	"practice.ErrNoVoice":       "the interview shows the question as text with its own note (practice.iv.novoice)",
	"store.ErrBadChange":        "cloudsync quarantines the file and Settings → 동기화 words it by its Why code (sync.why.*)",
	"store.ErrMediaNotYet":      "the change waits; Settings → 동기화 counts it (sync.waiting)",
}

// belowUI are the packages whose errors the app shows.
var belowUI = []string{"practice", "engines", "models", "coach", "capture", "appdata", "media", "media/video", "store", "export", "app"}

// typedErrors lists, by parsing the packages' sources, their exported
// error sentinels (var ErrX = errors.New / fmt.Errorf) and exported types
// with an Error method, as "pkg.Name".
func typedErrors(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, rel := range belowUI {
		dir := filepath.Join("..", rel)
		pkg := filepath.Base(rel)
		fset := token.NewFileSet()
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range af.Decls {
				switch d := d.(type) {
				case *ast.GenDecl:
					if d.Tok != token.VAR {
						continue
					}
					for _, sp := range d.Specs {
						vs := sp.(*ast.ValueSpec)
						for i, n := range vs.Names {
							if !n.IsExported() || !strings.HasPrefix(n.Name, "Err") || i >= len(vs.Values) {
								continue
							}
							if c, ok := vs.Values[i].(*ast.CallExpr); ok {
								if s, ok := c.Fun.(*ast.SelectorExpr); ok && (s.Sel.Name == "New" || s.Sel.Name == "Errorf") {
									out = append(out, pkg+"."+n.Name)
								}
							}
						}
					}
				case *ast.FuncDecl:
					if d.Name.Name != "Error" || d.Recv == nil || len(d.Recv.List) != 1 {
						continue
					}
					typ := d.Recv.List[0].Type
					if s, ok := typ.(*ast.StarExpr); ok {
						typ = s.X
					}
					if id, ok := typ.(*ast.Ident); ok && id.IsExported() {
						out = append(out, pkg+"."+id.Name)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tableNames are the errors problems.go names: pkg.ErrX in a row, and
// isA[*pkg.T].
func tableNames(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("problems.go")
	if err != nil {
		t.Fatal(err)
	}
	af, err := parser.ParseFile(token.NewFileSet(), "problems.go", b, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	ast.Inspect(af, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok {
				names[id.Name+"."+s.Sel.Name] = true
			}
		}
		return true
	})
	return names
}

// TestEveryTypedErrorHasText: every typed error of the packages below
// the UI either has a row of the one table (and so text in Korean and
// English) or is listed as never shown, with why.
func TestEveryTypedErrorHasText(t *testing.T) {
	found := typedErrors(t)
	if len(found) < 30 {
		t.Fatalf("found only %d typed errors: the scan is broken", len(found))
	}
	table := tableNames(t)
	for _, e := range found {
		if !table[e] {
			if _, ok := notShown[e]; !ok {
				t.Errorf("%s can reach the app but has no row in problems.go (or a reason in notShown)", e)
			}
		}
	}
	for e := range notShown {
		if !slices.Contains(found, e) {
			t.Errorf("notShown names %s, which does not exist (any more)", e)
		}
	}
}

// TestProblemTextsInBothLanguages: every row's text exists in Korean and
// in English, and they differ (a missing key reads as the key itself).
func TestProblemTextsInBothLanguages(t *testing.T) {
	for _, p := range problems {
		ko, en := i18n.T(i18n.KO, p.key), i18n.T(i18n.EN, p.key)
		if ko == p.key || en == p.key || ko == en || !i18n.HasHangul(ko) || i18n.HasHangul(en) {
			t.Errorf("%s: ko %q, en %q", p.key, ko, en)
		}
	}
	// Each row is reached: a sentinel matches itself wrapped, and the
	// typed rows match their types.
	for _, err := range []error{
		fmt.Errorf("x: %w", practice.ErrLoading), fmt.Errorf("x: %w", coach.ErrNoLLM), store.ErrNewerSchema,
		&engines.ModelError{Name: "m"}, &engines.WhisperError{Err: models.ErrNoWhisperModel}, &models.NoSpaceError{},
		fmt.Errorf("x: %w", context.Canceled), fmt.Errorf("x: %w", os.ErrPermission),
	} {
		if problemKey(err) == "" {
			t.Errorf("%v has no row", err)
		}
	}
	if problemKey(errors.New("nobody typed this")) != "" {
		t.Error("an untyped error matched a row")
	}
}

// TestExportProblemsWorded: every export problem code is worded in both
// languages.
func TestExportProblemsWorded(t *testing.T) {
	for _, p := range export.Problems {
		e := &export.Error{Problem: p}
		ko, en := problemText(i18n.KO, e), problemText(i18n.EN, e)
		if strings.HasPrefix(ko, "export.problem.") || strings.HasPrefix(en, "export.problem.") || ko == en || !i18n.HasHangul(ko) {
			t.Errorf("%s: ko %q, en %q", p, ko, en)
		}
	}
}
