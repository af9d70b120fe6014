// Importing: a read archive merged into the database and the media folder.

package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// Result is what an import did, file by file.
type Result struct {
	Manifest Manifest
	Stats    store.ImportStats
	Added    []string          // recordings written into the data folder (as stored)
	Renamed  map[string]string // archive path: stored path, where a different file had the name
	Skipped  []string          // recordings not written: already here, or their answer was
	Refused  []Refusal         // archive entries not taken
}

// Refusal is an archive entry that was not taken, and why (in English, for
// the command line; the path alone is shown in other languages).
type Refusal struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func (r Refusal) String() string { return r.Path + ": " + r.Reason }

// Media is how many recordings were written.
func (r Result) Media() int { return len(r.Added) }

// Nothing reports whether the import changed nothing at all.
func (r Result) Nothing() bool {
	n := len(r.Added)
	for _, v := range r.Stats.Added {
		n += v
	}
	return n == 0
}

// staged is a recording read from the archive into the staging folder.
type staged struct {
	File
	kind  appdata.MediaKind
	local string // in the staging folder
}

// Import merges the archive into the data folder. It changes nothing
// unless every check passes; see the package comment.
func Import(ctx context.Context, st *store.Store, dir appdata.Dir, archive, passphrase string) (Result, error) {
	return ImportWith(ctx, st, dir, archive, passphrase, DefaultLimits)
}

// ImportWith is Import with other limits (tests use small ones).
func ImportWith(ctx context.Context, st *store.Store, dir appdata.Dir, archive, passphrase string, lim Limits) (Result, error) {
	res := Result{Renamed: map[string]string{}}
	f, err := os.Open(archive)
	if err != nil {
		return res, fail(IO, archive, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return res, fail(NotArchive, archive+" is a folder", nil)
	}
	stage, err := os.MkdirTemp(dir.Root, stagePrefix)
	if err != nil {
		return res, fail(IO, dir.Root, err)
	}
	defer os.RemoveAll(stage)
	lock, _, err := appdata.TryLock(filepath.Join(stage, lockName))
	if err != nil {
		return res, fail(IO, stage, err)
	}
	defer lock.Unlock()
	rd, err := readArchive(ctx, f, passphrase, stage, dir.Root, lim)
	if err != nil {
		return res, err
	}
	res.Manifest, res.Refused = rd.manifest, rd.refused
	j, err := openJournal(stage)
	if err != nil {
		return res, fail(IO, stage, err)
	}
	defer j.close()
	return res, rd.merge(ctx, st, dir, j, &res)
}

// merge writes what was read: it decides for each referenced recording
// whether a file has its name here (then it is stored under a new name:
// two answers never share a file) or it is new, imports the rows in one
// transaction, and moves into media/ only the recordings of the answers
// that were added, before that transaction commits. If anything fails, the
// files moved are removed again and the database is unchanged.
func (rd *archiveRead) merge(ctx context.Context, st *store.Store, dir appdata.Dir, j *journal, res *Result) error {
	rename := map[string]string{}
	target := map[string]string{} // stored path: archive path, for recordings to move
	refs := mediaRefs(rd.checked.Snapshot)
	taken := map[string]bool{}
	for _, ref := range refs {
		if ref.kind == appdata.FramesFile {
			continue // follows its AVI, below
		}
		_, inArchive := rd.media[ref.rel]
		abs, err := dir.MediaPath(ref.rel, ref.kind)
		if err != nil {
			// The path is fine by its name but leads out of media/ here
			// (a symbolic link on this machine): store no path.
			rename[ref.rel] = ""
			res.Refused = append(res.Refused, Refusal{clip("media/" + ref.rel), "its folder leads outside the media folder here"})
			continue
		}
		exists := present(abs)
		switch {
		case !inArchive && exists:
			// The archive has no such file, and another is here under its
			// name: the added answer must not point at someone else's file.
			rename[ref.rel] = ""
		case !inArchive:
			// A row without its recording (an export without media).
		case exists:
			// Another file has the name, or the same bytes another answer
			// owns: an added answer gets a copy under a new name, never a
			// share of a file whose deletion would take it away. (When the
			// answer itself is already here, nothing is written.)
			alt, err := freeName(dir, ref.rel, ref.kind, taken)
			if err != nil {
				return err
			}
			rename[ref.rel] = alt
			taken[alt] = true
			target[alt] = ref.rel
		default:
			taken[ref.rel] = true
			target[ref.rel] = ref.rel
		}
	}
	// An AVI's frame times go beside it, under its stored name.
	for stored, from := range target {
		if !strings.EqualFold(path.Ext(from), ".avi") {
			continue
		}
		fr := strings.TrimSuffix(from, path.Ext(from)) + ".frames"
		if _, ok := rd.media[fr]; !ok {
			continue
		}
		nfr := strings.TrimSuffix(stored, path.Ext(stored)) + ".frames"
		abs, err := dir.MediaPath(nfr, appdata.FramesFile)
		if err != nil {
			continue
		}
		if _, err := os.Lstat(abs); errors.Is(err, os.ErrNotExist) {
			target[nfr] = fr
		} else {
			res.Skipped = append(res.Skipped, fr)
		}
	}
	var moved []string
	var made []string // folders made in media/, outermost first
	undo := func() {
		for _, p := range moved {
			os.Remove(p)
		}
		for i := len(made) - 1; i >= 0; i-- {
			os.Remove(made[i]) // only when empty
		}
	}
	stats, err := st.ImportChecked(ctx, rd.checked, store.ImportOptions{Rename: rename, BeforeCommit: func(media []string) error {
		want := map[string]bool{}
		for _, p := range media {
			want[p] = true
			if strings.EqualFold(path.Ext(p), ".avi") {
				want[strings.TrimSuffix(p, path.Ext(p))+".frames"] = true
			}
		}
		stored := make([]string, 0, len(target))
		for p := range target {
			stored = append(stored, p)
		}
		sort.Strings(stored)
		for _, p := range stored {
			from := target[p]
			if !want[p] {
				res.Skipped = append(res.Skipped, from)
				continue
			}
			sf := rd.media[from]
			kind := sf.kind
			abs, err := dir.MediaPath(p, kind)
			if err != nil {
				return fail(BadData, p, err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := j.mkdirs(dir, filepath.Dir(abs), &made); err != nil {
				return fail(IO, p, err)
			}
			owner := p
			if kind == appdata.FramesFile {
				owner = strings.TrimSuffix(p, path.Ext(p)) + ".avi"
				for v := range target { // the video it follows, as stored
					if strings.TrimSuffix(v, path.Ext(v)) == strings.TrimSuffix(p, path.Ext(p)) && strings.EqualFold(path.Ext(v), ".avi") {
						owner = v
					}
				}
			}
			if err := j.add(journalEntry{Path: p, Kind: kind, Owner: owner, Size: sf.Size, SHA256: sf.SHA256}); err != nil {
				return fail(IO, "journal", err)
			}
			if Hook != nil {
				Hook(ctx, "move", p)
			}
			if err := moveNew(sf.local, abs); err != nil {
				return fail(IO, p, err)
			}
			moved = append(moved, abs)
			res.Added = append(res.Added, p)
			if p != from {
				res.Renamed["media/"+from] = p
			}
		}
		return nil
	}})
	if err != nil {
		undo()
		var re *store.RowError
		if errors.As(err, &re) {
			return fail(BadData, err.Error(), err)
		}
		var e *Error
		if errors.As(err, &e) {
			return err
		}
		return fail(IO, "database", err)
	}
	res.Stats = stats
	sort.Strings(res.Skipped)
	sort.Strings(res.Added)
	return nil
}

// Hook, when set (by tests only: the interruption tests stop an import
// there), runs at each step of an import: "staged" after a recording is
// staged, "move" before one is moved into media/ (inside the transaction).
var Hook func(ctx context.Context, step, name string)

// freeName finds a name beside rel that nothing uses: name-imported1.ext, …
func freeName(dir appdata.Dir, rel string, kind appdata.MediaKind, taken map[string]bool) (string, error) {
	ext := path.Ext(rel)
	for k := 1; k < 10000; k++ {
		alt := strings.TrimSuffix(rel, ext) + fmt.Sprintf("-imported%d", k) + ext
		abs, err := dir.MediaPath(alt, kind)
		if err != nil {
			return "", fail(BadData, alt, err)
		}
		if _, err := os.Lstat(abs); errors.Is(err, os.ErrNotExist) && !taken[alt] {
			if strings.EqualFold(ext, ".avi") {
				fr, _ := dir.MediaPath(strings.TrimSuffix(alt, ext)+".frames", appdata.FramesFile)
				if _, err := os.Lstat(fr); !errors.Is(err, os.ErrNotExist) {
					continue
				}
			}
			return alt, nil
		}
	}
	return "", fail(IO, "no free name for "+rel, nil)
}

// moveNew moves a staged file to dst, never replacing a file there.
func moveNew(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		os.Remove(src)
		return nil
	} else if errors.Is(err, os.ErrExist) {
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		return &os.PathError{Op: "move", Path: dst, Err: os.ErrExist}
	}
	return os.Rename(src, dst)
}

// present reports whether anything is at p (or p cannot be examined).
func present(p string) bool {
	_, err := os.Lstat(p)
	return !errors.Is(err, os.ErrNotExist)
}
