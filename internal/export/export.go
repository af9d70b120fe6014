// Package export writes the user's data to one archive they can keep in a
// cloud folder of their choice, and merges such an archive back. The app
// never talks to a cloud: the archive is a file.
//
// An archive is a gzipped tar holding data.json (every table) first, then
// the recordings (unless left out), then manifest.json with the schema
// version and the SHA-256 and size of every other file. With a passphrase
// the whole archive is encrypted with age (scrypt), which also
// authenticates it.
//
// An archive is untrusted input: anyone who can write to the cloud folder
// can hand the app one. Import is therefore a validator, not a copier (see
// docs/SECURITY.md): every row of data.json is checked before anything is
// written; the only files taken are the recordings those rows reference,
// under media/, with a recording's extension, inside the data folder's
// media folder; sizes are bounded while streaming and the disk's free space
// is checked before staging; and the result says exactly what was added,
// renamed, skipped and refused.
package export

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// Format identifies the archive.
const Format = "nevermind-export"

// Manifest lists what the archive holds.
type Manifest struct {
	Format        string         `json:"format"`
	Version       int            `json:"version"`
	SchemaVersion int            `json:"schema_version"`
	CreatedAt     time.Time      `json:"created_at"`
	Media         bool           `json:"media"`
	Files         []File         `json:"files"`
	Rows          map[string]int `json:"rows"`
}

// File is one archived file with its checksum.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Problem says, as a code, why an export or import was refused, so that
// each interface words it in the user's language.
type Problem string

// The problems an archive can have.
const (
	NotArchive      Problem = "not_archive"      // not a NEVER MIND export at all
	NeedPassphrase  Problem = "need_passphrase"  // encrypted, and no passphrase given
	WrongPassphrase Problem = "wrong_passphrase" // encrypted with another passphrase
	NotEncrypted    Problem = "not_encrypted"    // a passphrase was given, the archive is not encrypted
	Damaged         Problem = "damaged"          // cut short, or bytes that do not decompress
	Altered         Problem = "altered"          // checksums or the file list do not match the manifest
	BadData         Problem = "bad_data"         // a row of data.json breaks the rules (names the row)
	BadEntry        Problem = "bad_entry"        // an entry that is not a plain file with a safe name, or out of order
	TooLarge        Problem = "too_large"        // over the size limits
	DiskFull        Problem = "disk_full"        // not enough free space in the data folder
	OutputDiskFull  Problem = "output_disk_full" // not enough free space where the export is written
	Newer           Problem = "newer"            // made by a newer NEVER MIND
	OutputInside    Problem = "output_inside"    // export into the data folder (other than exports/)
	OutputExists    Problem = "output_exists"    // export over an existing file without Force
	IO              Problem = "io"               // reading or writing failed otherwise
)

// Problems lists every Problem, for the front ends' tests that each is
// worded.
var Problems = []Problem{NotArchive, NeedPassphrase, WrongPassphrase, NotEncrypted, Damaged, Altered, BadData,
	BadEntry, TooLarge, DiskFull, OutputDiskFull, Newer, OutputInside, OutputExists, IO}

// Error is a refused export or import: the problem, and the detail (a row,
// a file name) in English for the command line and the log.
type Error struct {
	Problem Problem
	Detail  string
	Err     error
}

func (e *Error) Error() string {
	msg := map[Problem]string{
		NotArchive:      "not a NEVER MIND export",
		NeedPassphrase:  "this archive is encrypted: give its passphrase (--passphrase-file)",
		WrongPassphrase: "the passphrase does not open this archive",
		NotEncrypted:    "a passphrase was given but this archive is not encrypted, so nothing proves it is the one you made; if you exported it without a passphrase, import it without one",
		Damaged:         "the archive is damaged or cut short",
		Altered:         "the archive was altered",
		BadData:         "the archive's data breaks the rules",
		BadEntry:        "the archive holds an entry NEVER MIND does not write",
		TooLarge:        "the archive is larger than an export can be",
		DiskFull:        "not enough free disk space in the data folder",
		OutputDiskFull:  "not enough free disk space where the export is written",
		Newer:           "the export was made by a newer NEVER MIND: update the app first",
		OutputInside:    "an export cannot be written inside the data folder (except its exports folder): choose another folder",
		OutputExists:    "the file already exists: choose another name, or replace it (--force)",
		IO:              "reading or writing failed",
	}[e.Problem]
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil && e.Problem != BadData {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

func fail(p Problem, detail string, err error) error {
	if err != nil && (p == IO || p == Damaged) && appdata.IsDiskFull(err) {
		p = DiskFull
	}
	return &Error{Problem: p, Detail: detail, Err: err}
}

// ErrWrongPassphrase means the archive is encrypted with another passphrase.
var ErrWrongPassphrase = &Error{Problem: WrongPassphrase}

// Is lets errors.Is match an *Error by its problem.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Problem == e.Problem && t.Detail == "" && t.Err == nil
}

// ExportWorkFactor is the scrypt work factor (2^18: about a second and
// 256 MB) that protects an encrypted archive's passphrase; an import
// refuses an archive that asks for more (docs/SECURITY.md).
const ExportWorkFactor = 18

// Options for Export.
type Options struct {
	NoMedia    bool
	Passphrase string // "" for no encryption
	Force      bool   // replace out if it exists
}

// CheckOutput refuses an export path inside the data folder (other than its
// exports folder: the archive would be taken for the user's data, or
// replace it), a folder, or an existing file unless force.
func CheckOutput(dir appdata.Dir, out string, force bool) error {
	if out == "" {
		return fail(IO, "no file given", nil)
	}
	exports := appdata.Dir{Root: dir.ExportsDir()}
	if dir.Contains(out) && !exports.Contains(out) {
		return fail(OutputInside, out, nil)
	}
	fi, err := os.Stat(out)
	switch {
	case err == nil && fi.IsDir():
		return fail(OutputExists, out+" is a folder", nil)
	case err == nil && !force:
		return fail(OutputExists, out, nil)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return fail(IO, out, err)
	}
	return nil
}

// Export writes the archive to out (written to a temporary file beside it
// and moved into place, so a failure leaves no half archive). It refuses
// an output inside the data folder (other than exports/) and an existing
// file unless o.Force.
func Export(ctx context.Context, st *store.Store, dir appdata.Dir, out string, o Options) (Manifest, error) {
	if err := CheckOutput(dir, out, o.Force); err != nil {
		return Manifest{}, err
	}
	snap, err := st.Export(ctx)
	if err != nil {
		return Manifest{}, err
	}
	data, err := json.Marshal(snap)
	if err != nil {
		return Manifest{}, err
	}
	m := Manifest{Format: Format, Version: 1, SchemaVersion: snap.SchemaVersion, CreatedAt: time.Now().UTC(), Media: !o.NoMedia, Rows: map[string]int{}}
	for t, rows := range snap.Tables {
		m.Rows[t] = len(rows)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".nevermind-export-*")
	if err != nil {
		return m, fail(IO, filepath.Dir(out), err)
	}
	defer os.Remove(tmp.Name())
	var w io.Writer = tmp
	var enc io.WriteCloser
	if o.Passphrase != "" {
		r, err := age.NewScryptRecipient(o.Passphrase)
		if err != nil {
			tmp.Close()
			return m, err
		}
		r.SetWorkFactor(ExportWorkFactor)
		if enc, err = age.Encrypt(tmp, r); err != nil {
			tmp.Close()
			return m, err
		}
		w = enc
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	add := func(name string, r io.Reader, size int64) error {
		h := sha256.New()
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.CreatedAt, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		n, err := io.Copy(io.MultiWriter(tw, h), r)
		if err != nil {
			return err
		}
		if n != size {
			return fmt.Errorf("%s changed while it was being exported", name)
		}
		m.Files = append(m.Files, File{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	}
	err = add("data.json", bytes.NewReader(data), int64(len(data)))
	if err == nil && !o.NoMedia {
		for _, ref := range mediaRefs(snap) {
			if err = ctx.Err(); err != nil {
				break
			}
			abs, perr := dir.MediaPath(ref.rel, ref.kind)
			if perr != nil {
				continue // a row that points outside media: never read it
			}
			f, ferr := os.Open(abs)
			if ferr != nil {
				continue // a recording that was deleted: its row says where it was
			}
			info, serr := f.Stat()
			if serr != nil || !info.Mode().IsRegular() {
				f.Close()
				continue
			}
			err = add("media/"+ref.rel, bufio.NewReader(ctxReader{ctx, f}), info.Size())
			f.Close()
			if err != nil {
				break
			}
		}
	}
	if err == nil {
		mb, _ := json.MarshalIndent(m, "", "  ")
		if err = tw.WriteHeader(&tar.Header{Name: "manifest.json", Mode: 0o600, Size: int64(len(mb)), ModTime: m.CreatedAt, Typeflag: tar.TypeReg}); err == nil {
			_, err = tw.Write(mb)
		}
	}
	for _, c := range []io.Closer{tw, gz} {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}
	if enc != nil {
		if cerr := enc.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if ctx.Err() != nil {
			return m, ctx.Err()
		}
		if appdata.IsDiskFull(err) {
			return m, &Error{Problem: OutputDiskFull, Detail: filepath.Dir(out), Err: err}
		}
		return m, fail(IO, "export", err)
	}
	if err := place(tmp.Name(), out, o.Force); err != nil {
		return m, err
	}
	return m, nil
}

// place moves the finished archive to out; without force it never
// replaces a file that appeared there meanwhile.
func place(tmp, out string, force bool) error {
	if force {
		if err := os.Rename(tmp, out); err != nil {
			return fail(IO, out, err)
		}
		return nil
	}
	// A hard link fails when out exists, atomically; file systems without
	// hard links (FAT on a USB stick) get a look first instead.
	if err := os.Link(tmp, out); err == nil {
		return nil
	} else if errors.Is(err, os.ErrExist) {
		return fail(OutputExists, out, nil)
	}
	if _, err := os.Lstat(out); err == nil {
		return fail(OutputExists, out, nil)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fail(IO, out, err)
	}
	return nil
}

// mediaRef is a recording an attempt row points at.
type mediaRef struct {
	rel  string
	kind appdata.MediaKind
}

// mediaRefs are the recordings the attempts point at (relative paths that
// pass appdata.CheckMediaRel), each with its frame-times file beside an AVI,
// sorted and without duplicates.
func mediaRefs(snap store.Snapshot) []mediaRef {
	seen := map[string]bool{}
	var out []mediaRef
	add := func(p string, k appdata.MediaKind) {
		if p == "" || seen[p] || appdata.CheckMediaRel(p, k) != nil {
			return
		}
		seen[p] = true
		out = append(out, mediaRef{p, k})
	}
	for _, r := range snap.Tables["attempt"] {
		a, _ := r["audio_path"].(string)
		add(a, appdata.AudioFile)
		v, _ := r["video_path"].(string)
		add(v, appdata.VideoFile)
		if strings.EqualFold(path.Ext(v), ".avi") && appdata.CheckMediaRel(v, appdata.VideoFile) == nil {
			add(strings.TrimSuffix(v, path.Ext(v))+".frames", appdata.FramesFile)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}
