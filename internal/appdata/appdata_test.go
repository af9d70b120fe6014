package appdata

import (
	"errors"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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
		testenv.Skip(t, "POSIX modes")
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
	for _, outside := range []string{filepath.Dir(d.Root), filepath.Join(filepath.Dir(d.Root), "other", "x.wav")} {
		if _, err := d.Rel(outside); err == nil {
			t.Errorf("Rel(%q) accepted a path outside the data folder", outside)
		}
	}
}

func TestBundleRootsNeverHoldTheDataFolder(t *testing.T) {
	data := t.TempDir()
	t.Setenv(EnvHome, data)
	t.Setenv(EnvBundle, "/bundle")
	roots := BundleRoots()
	if len(roots) < 3 || roots[0] != "/bundle" {
		t.Fatalf("roots = %v; want the bundle, then next to the binary and above it", roots)
	}
	for _, r := range roots {
		if r == data {
			t.Fatalf("the data folder %s is a bundle root: %v", data, roots)
		}
	}
}

func TestCheckMediaRel(t *testing.T) {
	tests := []struct {
		name string
		rel  string
		kind MediaKind
		ok   bool
	}{
		{"recorded audio", "media/3/q7-1732870000.wav", AudioFile, true},
		{"recorded video", "media/3/q7-1732870000.avi", VideoFile, true},
		{"imported mp4", "media/12/import-1.MP4", VideoFile, true},
		{"frames", "media/3/q7.frames", FramesFile, true},
		{"empty", "", AudioFile, false},
		{"parent", "../../x.wav", AudioFile, false},
		{"parent inside", "media/../../x.wav", AudioFile, false},
		{"unclean", "media/3//a.wav", AudioFile, false},
		{"absolute", "/etc/passwd", VideoFile, false},
		{"etc passwd via media", "media/../../../../etc/passwd", VideoFile, false},
		{"outside media", "lib/libonnxruntime.so", AudioFile, false},
		{"models", "models/ggml-base.bin", AudioFile, false},
		{"database", "nevermind.db", AudioFile, false},
		{"marker", "media/77/x.recording", AudioFile, false},
		{"library under media", "media/lib/libonnxruntime.so", VideoFile, false},
		{"audio with a video extension", "media/1/a.avi", AudioFile, false},
		{"backslash", `media\..\..\x.wav`, AudioFile, false},
		{"drive letter", "C:/x/media/a.wav", AudioFile, false},
		{"colon", "media/1/a:b.wav", AudioFile, false},
		{"nul", "media/1/a\x00.wav", AudioFile, false},
		{"escape", "media/1/\x1b[2Ja.wav", AudioFile, false},
		{"hidden folder", "media/.import-1/a.wav", AudioFile, false},
		{"dot", "media/./a.wav", AudioFile, false},
		{"invalid utf-8", "media/1/\xff.wav", AudioFile, false},
		{"too long", "media/" + strings.Repeat("a", 600) + ".wav", AudioFile, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckMediaRel(tc.rel, tc.kind)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckMediaRel(%q) = %v; want ok=%v", tc.rel, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrUnsafePath) {
				t.Fatalf("error %v is not ErrUnsafePath", err)
			}
		})
	}
}

func TestMediaPathStaysInMedia(t *testing.T) {
	d, err := OpenAt(filepath.Join(t.TempDir(), "nm"))
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "victim.wav")
	os.WriteFile(outside, []byte("x"), 0o600)
	os.MkdirAll(filepath.Join(d.MediaDir(), "1"), 0o700)
	os.WriteFile(filepath.Join(d.MediaDir(), "1", "a.wav"), []byte("x"), 0o600)
	// A folder and a file inside media that point outside.
	if err := os.Symlink(filepath.Dir(outside), filepath.Join(d.MediaDir(), "2")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(d.MediaDir(), "1", "b.wav")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(d.MediaDir(), "3", "dir.wav"), 0o700)

	got, err := d.MediaPath("media/1/a.wav", AudioFile)
	if err != nil || got != filepath.Join(d.MediaDir(), "1", "a.wav") {
		t.Fatalf("MediaPath of a real recording = %q, %v", got, err)
	}
	if _, err := d.MediaPath("media/9/not-yet.wav", AudioFile); err != nil {
		t.Fatalf("a recording not written yet: %v", err)
	}
	for _, rel := range []string{"media/2/victim.wav", "media/1/b.wav", "media/2/new.wav", "media/3/dir.wav", "../x.wav"} {
		if p, err := d.MediaPath(rel, AudioFile); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("MediaPath(%q) = %q, %v; want ErrUnsafePath", rel, p, err)
		}
	}
}

func TestContains(t *testing.T) {
	d, err := OpenAt(filepath.Join(t.TempDir(), "nm"))
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(d.Root, link)
	for p, want := range map[string]bool{
		d.DatabasePath(): true,
		filepath.Join(d.MediaDir(), "1", "new.nmx"): true,
		filepath.Join(link, "nevermind.db"):         true,
		filepath.Join(d.Root, "..", "elsewhere"):    false,
		filepath.Join(t.TempDir(), "x.nmx"):         false,
	} {
		if got := d.Contains(p); got != want {
			t.Errorf("Contains(%s) = %v; want %v", p, got, want)
		}
	}
}

func TestRootsBesideAProgram(t *testing.T) {
	for _, tc := range []struct {
		exe  string
		want []string
	}{
		{"/usr/lib/nevermind/nevermind", []string{"/usr/lib/nevermind", "/usr/lib"}},
		{"/home/u/apps/nevermind-0.1.0-linux-amd64/nevermind-app", []string{"/home/u/apps/nevermind-0.1.0-linux-amd64", "/home/u/apps"}},
		{"/Applications/NEVER MIND.app/Contents/MacOS/nevermind-app", []string{"/Applications/NEVER MIND.app/Contents/Resources", "/Applications/NEVER MIND.app/Contents", "/Applications/NEVER MIND.app/Contents/MacOS"}},
		{"/opt/MacOS/nevermind", []string{"/opt/MacOS", "/opt"}},
	} {
		if got := rootsBeside(filepath.FromSlash(tc.exe)); strings.Join(got, "|") != filepath.FromSlash(strings.Join(tc.want, "|")) {
			t.Errorf("%s: %v; want %v", tc.exe, got, tc.want)
		}
	}
}
