package appdata

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestConventionalRoot(t *testing.T) {
	home := func() (string, error) { return "/home/u", nil }
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name, goos string
		env        map[string]string
		want       string
	}{
		{"linux default", "linux", nil, filepath.Join("/home/u", ".local", "share", "nevermind")},
		{"linux xdg", "linux", map[string]string{"XDG_DATA_HOME": "/data"}, filepath.Join("/data", "nevermind")},
		{"linux relative xdg ignored", "linux", map[string]string{"XDG_DATA_HOME": "rel"}, filepath.Join("/home/u", ".local", "share", "nevermind")},
		{"macos", "darwin", nil, filepath.Join("/home/u", "Library", "Application Support", "NeverMind")},
		{"windows", "windows", map[string]string{"LOCALAPPDATA": `C:\Users\u\AppData\Local`}, filepath.Join(`C:\Users\u\AppData\Local`, "NeverMind")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := conventionalRoot(tc.goos, env(tc.env), home)
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	_, err := conventionalRoot("linux", env(nil), func() (string, error) { return "", errors.New("no home") })
	if err == nil {
		t.Fatal("no home folder and no override should be an error")
	}
}

func TestEnvOverridesAndModes(t *testing.T) {
	root := filepath.Join(t.TempDir(), "nm")
	t.Setenv(EnvHome, root)
	got, err := DefaultRoot()
	if err != nil || got != root {
		t.Fatalf("DefaultRoot = %q, %v", got, err)
	}
	d, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	for _, p := range []string{d.Root, d.MediaDir(), d.ModelsDir(), d.ExportsDir()} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != DirMode {
			t.Errorf("%s: mode %v, %v; want %v", p, fi.Mode().Perm(), err, DirMode)
		}
	}
	// An existing folder that is too open is tightened.
	if err := os.Chmod(d.Root, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenAt(root); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(root); fi.Mode().Perm() != DirMode {
		t.Fatalf("mode after reopen = %v", fi.Mode().Perm())
	}
}

func TestOpenAtRejectsAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, []byte("x"), 0o600)
	if _, err := OpenAt(f); err == nil {
		t.Fatal("a file was accepted as the data folder")
	}
}

func TestRelAndAbs(t *testing.T) {
	d := Dir{Root: filepath.Join(t.TempDir(), "nm")}
	abs := filepath.Join(d.MediaDir(), "3", "7.wav")
	rel, err := d.Rel(abs)
	if err != nil || rel != "media/3/7.wav" {
		t.Fatalf("Rel = %q, %v", rel, err)
	}
	if d.Abs(rel) != abs {
		t.Fatalf("Abs(Rel) = %q", d.Abs(rel))
	}
	for _, outside := range []string{filepath.Dir(d.Root), filepath.Join(filepath.Dir(d.Root), "other", "x.wav")} {
		if _, err := d.Rel(outside); err == nil {
			t.Errorf("Rel(%q) accepted a path outside the data folder", outside)
		}
	}
}

func TestSearchRootsOrder(t *testing.T) {
	t.Setenv(EnvBundle, "/bundle")
	roots := Dir{Root: "/data"}.SearchRoots()
	if len(roots) < 3 || roots[0] != "/data" || roots[1] != "/bundle" {
		t.Fatalf("roots = %v; want data folder, then bundle, then next to the binary", roots)
	}
}
