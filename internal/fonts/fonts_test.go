package fonts

import (
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
)

func TestFindDrawsHangul(t *testing.T) {
	f, err := Find([]string{os.Getenv("NEVERMIND_BUNDLE")})
	if err != nil {
		t.Fatalf("no Korean font: %v (make deps installs fonts-nanum and the bundled Noto Sans KR)", err)
	}
	if err := CheckHangul(f.Regular); err != nil {
		t.Fatal(err)
	}
	if f.Source != "system" && f.Source != "bundled" {
		t.Fatalf("source = %q", f.Source)
	}
}

func TestBundledFallbackHasHangul(t *testing.T) {
	b := os.Getenv("NEVERMIND_BUNDLE")
	if b == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps`")
	}
	for _, name := range []string{"NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"} {
		if err := CheckHangul(filepath.Join(b, "fonts", name)); err != nil {
			t.Error(err)
		}
	}
}

func TestEnvFontOverridesAndIsChecked(t *testing.T) {
	b := os.Getenv("NEVERMIND_BUNDLE")
	if b == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set")
	}
	good := filepath.Join(b, "fonts", "NotoSansKR-Regular.ttf")
	t.Setenv(EnvFont, good)
	f, err := Find(nil)
	if err != nil || f.Regular != good || f.Source != "env" {
		t.Fatalf("Find = %+v, %v", f, err)
	}
	junk := filepath.Join(t.TempDir(), "junk.ttf")
	os.WriteFile(junk, []byte("not a font"), 0o644)
	t.Setenv(EnvFont, junk)
	if _, err := Find(nil); err == nil {
		t.Fatal("a junk font was accepted")
	}
}

func TestCheckHangulRejectsLatinOnlyFont(t *testing.T) {
	// Go's own fonts have no Hangul; x/image ships one we can test against.
	latin := goFont(t)
	if err := CheckHangul(latin); err == nil {
		t.Fatal("a Latin-only font passed the Hangul check")
	}
}

func goFont(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "goregular.ttf")
	if err := os.WriteFile(p, goregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
