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
	"nevermind/internal/safetext"
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
	Newer           Problem = "newer"            // made by a newer NEVER MIND
	OutputInside    Problem = "output_inside"    // export into the data folder (other than exports/)
	OutputExists    Problem = "output_exists"    // export over an existing file without Force
	IO              Problem = "io"               // reading or writing failed otherwise
)

// Problems lists every Problem, for the front ends' tests that each is
// worded.
var Problems = []Problem{NotArchive, NeedPassphrase, WrongPassphrase, NotEncrypted, Damaged, Altered, BadData,
	BadEntry, TooLarge, DiskFull, Newer, OutputInside, OutputExists, IO}

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
			err = add("media/"+ref.rel, bufio.NewReader(f), info.Size())
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

// Limits bound what Import reads and writes.
type Limits struct {
	Data   int64  // data.json
	Entry  int64  // one recording
	Total  int64  // everything unpacked
	Unused int64  // entries no row references (hashed for the manifest, never written)
	Spare  uint64 // free disk space left after staging
}

// DefaultLimits: a 2-hour 640x480 MJPEG answer is about 6 GB; a history of
// 100,000 answers is about 200 MB of data.json.
var DefaultLimits = Limits{Data: 512 << 20, Entry: 8 << 30, Total: 256 << 30, Unused: 16 << 20, Spare: 256 << 20}

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
	stage, err := os.MkdirTemp(dir.Root, ".import-")
	if err != nil {
		return res, fail(IO, dir.Root, err)
	}
	defer os.RemoveAll(stage)
	rd, err := readArchive(ctx, f, passphrase, stage, dir.Root, lim)
	if err != nil {
		return res, err
	}
	res.Manifest, res.Refused = rd.manifest, rd.refused
	return res, rd.merge(ctx, st, dir, &res)
}

// archiveRead is an archive read into the staging folder and checked.
type archiveRead struct {
	manifest Manifest
	checked  store.Checked
	snap     store.Snapshot
	media    map[string]*staged // archive path under media/ (without the prefix)
	refused  []Refusal
}

// readArchive streams the archive: data.json first (read and validated
// before any recording is written), then the recordings its rows reference
// (staged under stage), then the manifest, which must list exactly what
// was read with matching checksums. Nothing outside stage is written.
func readArchive(ctx context.Context, f io.Reader, passphrase, stage, diskOf string, lim Limits) (*archiveRead, error) {
	br := bufio.NewReader(f)
	var r io.Reader = br
	head, _ := br.Peek(len("age-encryption.org/"))
	encrypted := string(head) == "age-encryption.org/"
	switch {
	case encrypted && passphrase == "":
		return nil, fail(NeedPassphrase, "", nil)
	case !encrypted && passphrase != "":
		return nil, fail(NotEncrypted, "", nil)
	case encrypted:
		id, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			return nil, fail(IO, "passphrase", err)
		}
		dr, err := age.Decrypt(br, id)
		if err != nil {
			var nm *age.NoIdentityMatchError
			if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
				return nil, fail(WrongPassphrase, "", nil)
			}
			return nil, fail(Damaged, "", err)
		}
		r = dr
	}
	// Bytes that do not read as gzip and tar mean a foreign file, unless
	// they were decrypted: then the encrypted file itself is damaged.
	notArchive := NotArchive
	if encrypted {
		notArchive = Damaged
	}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fail(notArchive, "", err)
	}
	tr := tar.NewReader(gz)
	rd := &archiveRead{media: map[string]*staged{}}
	got := map[string]File{}
	var refs map[string]appdata.MediaKind
	var manifest []byte
	var total, unused int64
	var spare uint64 // free space beyond lim.Spare, as last measured
	measured := false
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if n == 0 {
				return nil, fail(notArchive, "", err)
			}
			return nil, fail(Damaged, "", err)
		}
		name := h.Name
		switch {
		case h.Typeflag != tar.TypeReg:
			return nil, fail(BadEntry, fmt.Sprintf("%q is not a plain file", clip(name)), nil)
		case !safeRel(name):
			return nil, fail(BadEntry, fmt.Sprintf("%q is not a safe name", clip(name)), nil)
		case manifest != nil:
			return nil, fail(BadEntry, fmt.Sprintf("%q comes after the manifest", clip(name)), nil)
		case got[name] != (File{}) || name == "data.json" && refs != nil:
			return nil, fail(Altered, name+" is in the archive twice", nil)
		case h.Size < 0 || h.Size > lim.Entry || name == "data.json" && h.Size > lim.Data:
			return nil, fail(TooLarge, fmt.Sprintf("%s is %d MB", clip(name), h.Size>>20), nil)
		}
		total += h.Size
		if total > lim.Total {
			return nil, fail(TooLarge, fmt.Sprintf("more than %d GB unpacked", lim.Total>>30), nil)
		}
		if n == 0 && name != "data.json" {
			return nil, fail(NotArchive, "data.json is not its first file", nil)
		}
		switch rel, isMedia := strings.CutPrefix(name, "media/"); {
		case name == "manifest.json":
			if manifest, err = readAll(tr, 16<<20); err != nil {
				return nil, fail(Damaged, name, err)
			}
			if len(manifest) == 0 {
				manifest = []byte{} // present, and will not parse
			}
		case name == "data.json":
			hs := sha256.New()
			snap, err := store.DecodeSnapshot(io.TeeReader(tr, hs), lim.Data)
			if err != nil {
				if errors.Is(err, store.ErrBadSnapshot) {
					if errors.Is(err, store.ErrSnapshotTooLarge) {
						return nil, fail(TooLarge, err.Error(), nil)
					}
					return nil, fail(BadData, err.Error(), err)
				}
				return nil, fail(Damaged, name, err)
			}
			io.Copy(hs, tr) // nothing should be left; the manifest's size check catches it
			got[name] = File{Path: name, Size: h.Size, SHA256: hex.EncodeToString(hs.Sum(nil))}
			rd.snap = snap
			if rd.checked, err = store.ValidateSnapshot(snap); err != nil {
				if snap.SchemaVersion > store.SchemaVersion() {
					return nil, fail(Newer, "", err)
				}
				return nil, fail(BadData, err.Error(), err)
			}
			refs = map[string]appdata.MediaKind{}
			for _, m := range mediaRefs(rd.checked.Snapshot) {
				refs[m.rel] = m.kind
			}
		case isMedia && hasRef(refs, rel):
			if !measured || uint64(h.Size) > spare {
				free, err := appdata.FreeSpace(diskOf)
				if err == nil {
					spare, measured = 0, true
					if free > lim.Spare {
						spare = free - lim.Spare
					}
					if uint64(h.Size) > spare {
						return nil, fail(DiskFull, fmt.Sprintf("%s needs %d MB; %d MB free", clip(rel), h.Size>>20, free>>20), nil)
					}
				} else {
					spare, measured = ^uint64(0), true // cannot tell: the writes will say
				}
			}
			local := filepath.Join(stage, fmt.Sprintf("%06d%s", n, strings.ToLower(path.Ext(rel))))
			file, err := stageFile(tr, local, h.Size)
			if err != nil {
				return nil, err
			}
			file.Path = name
			if spare != ^uint64(0) {
				spare -= uint64(h.Size)
			}
			got[name] = file
			rd.media[rel] = &staged{File: file, kind: refs[rel], local: local}
		default:
			// Not a recording any row references (or no rows yet): hashed for
			// the manifest check, never written, and bounded.
			why := "no answer in the archive uses it"
			if !isMedia {
				why = "NEVER MIND exports hold no such file"
			} else if _, ok := appdata.KindOf(rel); !ok {
				why = "not a recording"
			}
			unused += h.Size
			if unused > lim.Unused {
				return nil, fail(TooLarge, fmt.Sprintf("%s: %d MB of files that %s", clip(name), unused>>20, why), nil)
			}
			hs := sha256.New()
			m, err := io.Copy(hs, tr)
			if err != nil {
				return nil, fail(Damaged, name, err)
			}
			got[name] = File{Path: name, Size: m, SHA256: hex.EncodeToString(hs.Sum(nil))}
			rd.refused = append(rd.refused, Refusal{clip(name), why})
		}
	}
	if manifest == nil {
		return nil, fail(Damaged, "no manifest: the archive is cut short or not a NEVER MIND export", nil)
	}
	if refs == nil {
		return nil, fail(NotArchive, "no data.json", nil)
	}
	var m Manifest
	if err := json.Unmarshal(manifest, &m); err != nil || m.Format != Format {
		return nil, fail(NotArchive, "the manifest does not read", err)
	}
	rd.manifest = m
	listed := map[string]bool{}
	for _, f := range m.Files {
		if listed[f.Path] {
			return nil, fail(Altered, fmt.Sprintf("%q is listed twice", clip(f.Path)), nil)
		}
		listed[f.Path] = true
		g, ok := got[f.Path]
		switch {
		case !ok:
			return nil, fail(Altered, fmt.Sprintf("%q is listed but missing", clip(f.Path)), nil)
		case g.Size != f.Size || g.SHA256 != f.SHA256:
			return nil, fail(Altered, fmt.Sprintf("%s does not match its checksum", clip(f.Path)), nil)
		}
	}
	for p := range got {
		if !listed[p] {
			return nil, fail(Altered, fmt.Sprintf("%s is not in its manifest", clip(p)), nil)
		}
	}
	sort.Slice(rd.refused, func(i, j int) bool { return rd.refused[i].Path < rd.refused[j].Path })
	return rd, nil
}

// hasRef reports whether rel is a recording the rows reference.
func hasRef(refs map[string]appdata.MediaKind, rel string) bool {
	_, ok := refs[rel]
	return ok
}

// stageFile writes one recording into the staging folder, synced.
func stageFile(r io.Reader, local string, size int64) (File, error) {
	out, err := os.OpenFile(local, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return File{}, fail(IO, "staging", err)
	}
	hs := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, hs), r)
	if err == nil && n != size {
		err = io.ErrUnexpectedEOF
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if appdata.IsDiskFull(err) {
			return File{}, fail(DiskFull, "", err)
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			return File{}, fail(IO, "staging", err)
		}
		return File{}, fail(Damaged, "", err)
	}
	return File{Size: n, SHA256: hex.EncodeToString(hs.Sum(nil))}, nil
}

// readAll reads at most limit bytes.
func readAll(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("larger than %d MB", limit>>20)
	}
	return b, err
}

// merge writes what was read: it decides for each referenced recording
// whether the same file is already here (kept), another file has its name
// (stored under a new name) or it is new, imports the rows in one
// transaction, and moves into media/ only the recordings of the answers
// that were added, before that transaction commits. If anything fails, the
// files moved are removed again and the database is unchanged.
func (rd *archiveRead) merge(ctx context.Context, st *store.Store, dir appdata.Dir, res *Result) error {
	rename := map[string]string{}
	target := map[string]string{} // stored path: archive path, for recordings to move
	refs := mediaRefs(rd.checked.Snapshot)
	taken := map[string]bool{}
	for _, ref := range refs {
		if ref.kind == appdata.FramesFile {
			continue // follows its AVI, below
		}
		sf, inArchive := rd.media[ref.rel]
		abs, err := dir.MediaPath(ref.rel, ref.kind)
		if err != nil {
			// The path is fine by its name but leads out of media/ here
			// (a symbolic link on this machine): store no path.
			rename[ref.rel] = ""
			res.Refused = append(res.Refused, Refusal{clip("media/" + ref.rel), "its folder leads outside the media folder here"})
			continue
		}
		same, exists := sameFile(abs, sf)
		switch {
		case !inArchive && exists:
			// The archive has no such file, and another is here under its
			// name: the added answer must not point at someone else's file.
			rename[ref.rel] = ""
		case !inArchive:
			// A row without its recording (an export without media).
		case same:
			res.Skipped = append(res.Skipped, ref.rel)
		case exists:
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
	undo := func() {
		for _, p := range moved {
			os.Remove(p)
		}
	}
	stats, err := st.Import(ctx, rd.snap, store.ImportOptions{Rename: rename, BeforeCommit: func(media []string) error {
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
			if err := os.MkdirAll(filepath.Dir(abs), appdata.DirMode); err != nil {
				return fail(IO, p, err)
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

// sameFile reports whether p exists, and whether it holds sf's bytes.
func sameFile(p string, sf *staged) (same, exists bool) {
	fi, err := os.Lstat(p)
	if err != nil {
		return false, !errors.Is(err, os.ErrNotExist)
	}
	if sf == nil || !fi.Mode().IsRegular() || fi.Size() != sf.Size {
		return false, true
	}
	f, err := os.Open(p)
	if err != nil {
		return false, true
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false, true
	}
	return hex.EncodeToString(h.Sum(nil)) == sf.SHA256, true
}

// safeRel: a relative, slash-separated path that stays inside its folder.
func safeRel(p string) bool {
	if p == "" || len(p) > 1024 || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\:\x00") {
		return false
	}
	c := path.Clean(p)
	return c == p && c != ".." && !strings.HasPrefix(c, "../")
}

// clip shortens a name from an archive for a message, without control
// characters.
func clip(s string) string { return safetext.Clip(s, 80) }
