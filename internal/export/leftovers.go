// What an interrupted import leaves, and how it is found and removed.

package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// An import works in a staging folder, .import-* in the data folder, that
// holds:
//   - lock: locked for as long as the import runs (the operating system
//     releases it when the process ends, however it ends);
//   - journal: one line per recording about to be moved into media/,
//     written and synced before the move;
//   - the staged recordings.
// An import that ends, by success, error or cancel, removes its staging
// folder, and the recordings it moved when its rows were not committed.
// One that is killed leaves them: CleanInterrupted finds them by the
// unlocked lock and removes every journalled recording no answer stores.

const (
	stagePrefix = ".import-"
	lockName    = "lock"
	journalName = "journal"
	// newStageAge: a staging folder without its lock file is taken as
	// abandoned only when older than this (an import creates the lock at
	// once, so only a crash in between leaves none).
	newStageAge = 10 * time.Minute
)

// journalEntry is a recording an import was about to move into media/.
type journalEntry struct {
	Dir    string            `json:"dir,omitempty"` // a folder about to be made (relative to the data folder), or:
	Path   string            `json:"path"`          // as stored, media/...
	Kind   appdata.MediaKind `json:"kind"`
	Owner  string            `json:"owner"` // the recording an answer stores (a frames file's is its video)
	Size   int64             `json:"size"`
	SHA256 string            `json:"sha256"`
}

// journal records the moves of one import.
type journal struct{ f *os.File }

func openJournal(stage string) (*journal, error) {
	f, err := os.OpenFile(filepath.Join(stage, journalName), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	return &journal{f}, nil
}

// add records a move, synced, before it is made.
func (j *journal) add(e journalEntry) error {
	b, _ := json.Marshal(e)
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return err
	}
	return j.f.Sync()
}

func (j *journal) close() { j.f.Close() }

// mkdirs makes the folder abs (in media/) and the ones above it that are
// missing, each journalled before it is made, and appends them to made.
func (j *journal) mkdirs(dir appdata.Dir, abs string, made *[]string) error {
	var missing []string
	for p := abs; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || p == dir.MediaDir() || p == dir.Root || filepath.Dir(p) == p {
			break
		}
		missing = append(missing, p)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		rel, err := filepath.Rel(dir.Root, missing[i])
		if err != nil {
			return err
		}
		if err := j.add(journalEntry{Dir: filepath.ToSlash(rel)}); err != nil {
			return err
		}
		if err := os.Mkdir(missing[i], appdata.DirMode); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
		*made = append(*made, missing[i])
	}
	return nil
}

// Leftovers is what CleanInterrupted removed.
type Leftovers struct {
	Folders int      // staging folders of interrupted imports
	Files   int      // files removed, staged and moved
	Bytes   int64    // their size
	Media   []string // recordings removed from media/ (as stored)
}

// Empty reports whether nothing was left over.
func (l Leftovers) Empty() bool { return l.Folders == 0 }

func (l Leftovers) String() string {
	if l.Empty() {
		return "nothing left over by an interrupted import"
	}
	return fmt.Sprintf("removed what %d interrupted import(s) left: %d files, %.1f MB (%d recordings no answer uses)",
		l.Folders, l.Files, float64(l.Bytes)/1e6, len(l.Media))
}

// CleanInterrupted removes what imports that were killed left in the data
// folder: their staging folders, and the recordings they moved into
// media/ whose rows were never committed (a journalled recording is
// removed only when no answer stores its path and it still has the
// journalled size and checksum). Imports still running are left alone.
func CleanInterrupted(ctx context.Context, st *store.Store, dir appdata.Dir) (Leftovers, error) {
	var out Leftovers
	entries, err := os.ReadDir(dir.Root)
	if err != nil {
		return out, err
	}
	var first error
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), stagePrefix) {
			continue
		}
		stage := filepath.Join(dir.Root, e.Name())
		lockPath := filepath.Join(stage, lockName)
		if _, err := os.Lstat(lockPath); errors.Is(err, os.ErrNotExist) {
			if fi, err := e.Info(); err != nil || time.Since(fi.ModTime()) < newStageAge {
				continue
			}
		}
		lock, ok, err := appdata.TryLock(lockPath)
		if err != nil || !ok {
			continue // running, or not ours to judge
		}
		err = cleanStage(ctx, st, dir, stage, &out)
		lock.Unlock()
		if err == nil {
			err = removeCounted(stage, &out)
		}
		if err != nil && first == nil {
			first = err
		}
		if err == nil {
			out.Folders++
		}
	}
	return out, first
}

// cleanStage removes the journalled recordings of one dead import that no
// answer stores.
func cleanStage(ctx context.Context, st *store.Store, dir appdata.Dir, stage string, out *Leftovers) error {
	f, err := os.Open(filepath.Join(stage, journalName))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var dirs []string
	for sc.Scan() {
		var je journalEntry
		if json.Unmarshal(sc.Bytes(), &je) != nil {
			continue // a line cut by the kill: its move never started
		}
		if je.Dir != "" {
			if strings.HasPrefix(je.Dir, "media/") && !strings.Contains(je.Dir, "..") {
				dirs = append(dirs, filepath.Join(dir.Root, filepath.FromSlash(je.Dir)))
			}
			continue
		}
		abs, err := dir.MediaPath(je.Path, je.Kind)
		if err != nil || !sameBytes(abs, je.Size, je.SHA256) {
			continue
		}
		used, err := st.RecordingUsedElsewhere(ctx, 0, je.Owner)
		if err != nil {
			return err
		}
		if used {
			continue // its rows were committed: the import finished
		}
		if err := os.Remove(abs); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		out.Files++
		out.Bytes += je.Size
		out.Media = append(out.Media, je.Path)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // only when empty: a folder something else now uses stays
	}
	return sc.Err()
}

// removeCounted removes a staging folder, counting its files.
func removeCounted(stage string, out *Leftovers) error {
	filepath.WalkDir(stage, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() != lockName && d.Name() != journalName {
			if fi, err := d.Info(); err == nil {
				out.Files++
				out.Bytes += fi.Size()
			}
		}
		return nil
	})
	return os.RemoveAll(stage)
}

// sameBytes reports whether p is a regular file of this size and SHA-256.
func sameBytes(p string, size int64, sum string) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != size {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == sum
}
