// Package appdata finds and prepares the one folder where NEVER MIND keeps a
// user's data: the database, recordings, models and exports.
//
// The folder follows each OS's convention and can be overridden with the
// NEVERMIND_HOME environment variable. It is created with mode 0700 because it
// holds private recordings.
package appdata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// EnvHome is the environment variable that overrides the data folder.
const EnvHome = "NEVERMIND_HOME"

// DirMode is the permission of the data folder and of every folder inside it.
const DirMode os.FileMode = 0o700

// Dir is the resolved data folder. Its methods return paths inside it.
type Dir struct {
	Root string
}

// DefaultRoot returns the data folder for this OS and user, without creating it:
// NEVERMIND_HOME if set; otherwise $XDG_DATA_HOME/nevermind or
// ~/.local/share/nevermind on Linux, ~/Library/Application Support/NeverMind on
// macOS and %LOCALAPPDATA%\NeverMind on Windows.
func DefaultRoot() (string, error) {
	if v := os.Getenv(EnvHome); v != "" {
		return filepath.Abs(v)
	}
	return conventionalRoot(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func conventionalRoot(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if v := getenv("LOCALAPPDATA"); v != "" {
			return filepath.Join(v, "NeverMind"), nil
		}
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("data folder: %w (set %s to choose one)", err, EnvHome)
		}
		return filepath.Join(h, "AppData", "Local", "NeverMind"), nil
	case "darwin":
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("data folder: %w (set %s to choose one)", err, EnvHome)
		}
		return filepath.Join(h, "Library", "Application Support", "NeverMind"), nil
	default:
		if v := getenv("XDG_DATA_HOME"); v != "" && filepath.IsAbs(v) {
			return filepath.Join(v, "nevermind"), nil
		}
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("data folder: %w (set %s to choose one)", err, EnvHome)
		}
		return filepath.Join(h, ".local", "share", "nevermind"), nil
	}
}

// Open resolves the data folder and makes sure it and its standard sub-folders
// exist with mode 0700. An existing folder that is more open than 0700 is
// tightened, since it holds private recordings.
func Open() (Dir, error) {
	root, err := DefaultRoot()
	if err != nil {
		return Dir{}, err
	}
	return OpenAt(root)
}

// OpenAt prepares the data folder at root, as Open does.
func OpenAt(root string) (Dir, error) {
	d := Dir{Root: root}
	for _, p := range []string{root, d.MediaDir(), d.ModelsDir(), d.ExportsDir()} {
		if err := ensureDir(p); err != nil {
			return Dir{}, err
		}
	}
	return d, nil
}

func ensureDir(p string) error {
	if err := os.MkdirAll(p, DirMode); err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("create data folder %s: %w (choose a writable folder with %s)", p, err, EnvHome)
		}
		return fmt.Errorf("create data folder %s: %w", p, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("data folder %s: %w", p, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("data folder %s exists but is not a folder: move the file away or set %s", p, EnvHome)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != DirMode {
		if err := os.Chmod(p, DirMode); err != nil {
			return fmt.Errorf("restrict data folder %s to its owner: %w", p, err)
		}
	}
	return nil
}

// DatabasePath is where the SQLite database lives.
func (d Dir) DatabasePath() string { return filepath.Join(d.Root, "nevermind.db") }

// MediaDir holds recordings as media/<session>/<attempt>.{wav,avi}.
func (d Dir) MediaDir() string { return filepath.Join(d.Root, "media") }

// ModelsDir holds models the user downloaded or converted.
func (d Dir) ModelsDir() string { return filepath.Join(d.Root, "models") }

// ExportsDir holds exports the user asked for.
func (d Dir) ExportsDir() string { return filepath.Join(d.Root, "exports") }

// Rel turns an absolute path inside the data folder into the relative,
// slash-separated form the database stores, so the folder can be moved whole.
func (d Dir) Rel(abs string) (string, error) {
	r, err := filepath.Rel(d.Root, abs)
	if err != nil || r == ".." || filepath.IsAbs(r) || len(r) >= 3 && r[:3] == ".."+string(filepath.Separator) {
		return "", fmt.Errorf("%s is outside the data folder %s", abs, d.Root)
	}
	return filepath.ToSlash(r), nil
}

// BundleRoots lists the folders, in order, where the installed program's own
// pieces (lib/, models/, fonts/) are looked for: NEVERMIND_BUNDLE if set,
// the executable's folder, then the folder above it (so bin/nevermind finds
// a source checkout's lib/ and models/).
//
// The data folder is never one of them. What sits there may have come from
// an archive, a sync tool or another program, so native libraries are never
// loaded from it, and models there are used only when they match the
// catalogue's checksum (see the models package).
//
// In a macOS application bundle (X.app/Contents/MacOS/program) the bundle's
// Contents/Resources comes first, then Contents (whose Frameworks holds ONNX
// Runtime; see the onnx package).
func BundleRoots() []string {
	var roots []string
	if b := os.Getenv(EnvBundle); b != "" {
		roots = append(roots, b)
	}
	if exe, err := os.Executable(); err == nil {
		if r, err := filepath.EvalSymlinks(exe); err == nil {
			exe = r
		}
		roots = append(roots, rootsBeside(exe)...)
	}
	return roots
}

// rootsBeside lists the bundle roots of the program at exe.
func rootsBeside(exe string) []string {
	dir := filepath.Dir(exe)
	up := filepath.Dir(dir)
	if filepath.Base(dir) == "MacOS" && filepath.Base(up) == "Contents" && strings.HasSuffix(filepath.Dir(up), ".app") {
		return []string{filepath.Join(up, "Resources"), up, dir}
	}
	return []string{dir, up}
}

// EnvBundle names an extra folder searched for bundled native pieces (lib/,
// models/, fonts/) before the executable's own; `make test` points it at the
// project root.
const EnvBundle = "NEVERMIND_BUNDLE"

// FreeSpace reports the bytes available to this user on the disk holding
// dir; errors.ErrUnsupported where the OS has no way to ask.
func FreeSpace(dir string) (uint64, error) { return freeSpace(dir) }

// IsDiskFull reports whether err means the disk (or the user's quota, or
// the largest file the file system takes) is full.
func IsDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EFBIG) || errors.Is(err, syscall.EDQUOT)
}
