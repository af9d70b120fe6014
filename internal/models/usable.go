package models

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// UsableWhisper is a whisper model this program may load.
type UsableWhisper struct {
	Name    string // "base" for ggml-base.bin
	Path    string
	Size    int64
	Bundled bool // installed with the program (else: in the data folder, verified)
}

// RejectedWhisper is a model file in the data folder that is not loaded,
// and why.
type RejectedWhisper struct {
	Path   string
	Reason string
}

// ErrNoWhisperModel means no usable whisper model is installed.
var ErrNoWhisperModel = errors.New("no whisper model is installed")

// ErrWhisperNotInstalled means the named model is not installed (or not
// usable).
var ErrWhisperNotInstalled = errors.New("whisper model is not installed")

// FindWhisper lists the whisper models this program may load.
//
// Models in a bundle root's models/ came with the installed program and are
// trusted as they are. Models in the data folder's models/ (dataModels) are
// loaded only when they are catalogue models whose SHA-1 matches the
// catalogue: whisper.cpp's loader is native code that trusts its input, and
// the data folder may hold files the app did not write. A file that is not
// a catalogue model, or does not match, is listed in rejected with the
// reason. Each file is read in full once per process and version of the
// file (size and modification time), so the cost (about 0.2 s for base)
// is paid once.
func FindWhisper(dataModels string, bundleRoots []string) (usable []UsableWhisper, rejected []RejectedWhisper) {
	seen := map[string]bool{}
	if dataModels != "" {
		matches, _ := filepath.Glob(filepath.Join(dataModels, "ggml-*.bin"))
		sort.Strings(matches)
		for _, p := range matches {
			name := whisperName(p)
			m, ok := LookupWhisper(name)
			if !ok {
				rejected = append(rejected, RejectedWhisper{p, "not a model of the catalogue (" + strings.Join(WhisperNames(), ", ") + "), so its checksum cannot be checked"})
				continue
			}
			fi, err := os.Lstat(p)
			if err != nil || !fi.Mode().IsRegular() {
				rejected = append(rejected, RejectedWhisper{p, "not a regular file"})
				continue
			}
			if err := verifyWhisper(p, fi, m); err != nil {
				rejected = append(rejected, RejectedWhisper{p, err.Error()})
				continue
			}
			seen[name] = true
			usable = append(usable, UsableWhisper{Name: name, Path: p, Size: fi.Size()})
		}
	}
	for _, r := range bundleRoots {
		matches, _ := filepath.Glob(filepath.Join(r, "models", "ggml-*.bin"))
		sort.Strings(matches)
		for _, p := range matches {
			name := whisperName(p)
			fi, err := os.Stat(p)
			if err != nil || !fi.Mode().IsRegular() || seen[name] {
				continue
			}
			seen[name] = true
			usable = append(usable, UsableWhisper{Name: name, Path: p, Size: fi.Size(), Bundled: true})
		}
	}
	return usable, rejected
}

func whisperName(p string) string {
	return strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), "ggml-"), ".bin")
}

type fileVersion struct {
	size  int64
	mtime time.Time
}

var (
	verifiedMu sync.Mutex
	verified   = map[string]fileVersion{} // path: the version whose SHA-1 matched
)

// verifyWhisper checks p against m's SHA-1, once per file version.
func verifyWhisper(p string, fi os.FileInfo, m WhisperModel) error {
	v := fileVersion{fi.Size(), fi.ModTime()}
	verifiedMu.Lock()
	ok := verified[p] == v
	verifiedMu.Unlock()
	if ok {
		return nil
	}
	sum, err := FileSHA1(p)
	if err != nil {
		return fmt.Errorf("cannot be read: %w", err)
	}
	if sum != m.SHA1 {
		return fmt.Errorf("its SHA-1 %s is not the catalogue's %s for %s (damaged, or not the official file)", sum, m.SHA1, m.Name)
	}
	verifiedMu.Lock()
	verified[p] = v
	verifiedMu.Unlock()
	return nil
}

// PickWhisper chooses among usable models: the one named want ("base", or
// a .bin path, which the caller has chosen and is used as it is), else the
// most accurate one that speaks lang.
func PickWhisper(usable []UsableWhisper, want, lang string) (string, error) {
	if strings.HasSuffix(want, ".bin") {
		if _, err := os.Stat(want); err != nil {
			return "", fmt.Errorf("whisper model %s: %w", want, err)
		}
		return want, nil
	}
	byName := map[string]string{}
	for _, m := range usable {
		byName[m.Name] = m.Path
	}
	if want != "" {
		if p, ok := byName[want]; ok {
			return p, nil
		}
		return "", fmt.Errorf("%w: %s", ErrWhisperNotInstalled, want)
	}
	order := []string{"large-v3-turbo", "large-v3-turbo-q5_0", "small", "base", "tiny"}
	if lang == "en" {
		order = []string{"large-v3-turbo", "large-v3-turbo-q5_0", "small.en", "small", "base.en", "base", "tiny.en", "tiny"}
	}
	for _, n := range order {
		if p, ok := byName[n]; ok {
			return p, nil
		}
	}
	return "", ErrNoWhisperModel
}
