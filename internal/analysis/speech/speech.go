// Package speech turns recorded answers into text with whisper.cpp, embedded
// through cgo. The cgo part is behind the `whisper` build tag (`make build`
// turns it on); without it every call returns ErrUnavailable, so the rest of
// the app builds and runs on any machine.
package speech

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrUnavailable is returned when this binary was built without whisper.cpp.
var ErrUnavailable = errors.New("speech recognition is not built into this binary (build with `make build`, which turns on the whisper tag)")

// ModelFile is a whisper ggml model found on disk.
type ModelFile struct {
	Name string // e.g. "base" for ggml-base.bin
	Path string
	Size int64
}

// FindModels lists ggml-*.bin whisper models in ROOT/models for each root,
// first root first; a name found twice is reported once.
func FindModels(roots []string) []ModelFile {
	seen := map[string]bool{}
	var out []ModelFile
	for _, r := range roots {
		matches, _ := filepath.Glob(filepath.Join(r, "models", "ggml-*.bin"))
		sort.Strings(matches)
		for _, m := range matches {
			name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "ggml-"), ".bin")
			fi, err := os.Stat(m)
			if err != nil || seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, ModelFile{Name: name, Path: m, Size: fi.Size()})
		}
	}
	return out
}
