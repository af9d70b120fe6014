// Reading an archive: decrypting, the streaming checks of data.json, the
// recordings staged against the manifest's checksums.

package export

import (
	"archive/tar"
	"bufio"
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
	"strconv"
	"strings"

	"filippo.io/age"

	"nevermind/internal/appdata"
	"nevermind/internal/safetext"
	"nevermind/internal/store"
)

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

// archiveRead is an archive read into the staging folder and checked.
type archiveRead struct {
	manifest Manifest
	checked  store.Checked
	media    map[string]*staged // archive path under media/ (without the prefix)
	refused  []Refusal
}

// readArchive streams the archive: data.json first (read and validated
// before any recording is written), then the recordings its rows reference
// (staged under stage), then the manifest, which must list exactly what
// was read with matching checksums. Nothing outside stage is written.
func readArchive(ctx context.Context, f io.Reader, passphrase, stage, diskOf string, lim Limits) (*archiveRead, error) {
	r, encrypted, err := decrypt(f, passphrase)
	if err != nil {
		return nil, err
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
	ar := &archiveReader{ctx: ctx, rd: &archiveRead{media: map[string]*staged{}}, got: map[string]File{}, lim: lim, stage: stage, diskOf: diskOf}
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
		if err := ar.entry(n, h, ctxReader{ctx, tr}); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
	}
	if err := ar.checkManifest(); err != nil {
		return nil, err
	}
	sort.Slice(ar.rd.refused, func(i, j int) bool { return ar.rd.refused[i].Path < ar.rd.refused[j].Path })
	return ar.rd, nil
}

// decrypt opens an archive: as it is, or decrypted with the passphrase
// when it is age-encrypted (and only then: a passphrase for a plain
// archive, or none for an encrypted one, is refused).
func decrypt(f io.Reader, passphrase string) (r io.Reader, encrypted bool, err error) {
	br := bufio.NewReader(f)
	head, _ := br.Peek(len("age-encryption.org/"))
	encrypted = string(head) == "age-encryption.org/"
	switch {
	case encrypted && passphrase == "":
		return nil, true, fail(NeedPassphrase, "", nil)
	case !encrypted && passphrase != "":
		return nil, false, fail(NotEncrypted, "", nil)
	case !encrypted:
		return br, false, nil
	}
	// The passphrase's work factor is the archive's to choose: one far
	// above ours would take minutes and gigabytes before the passphrase is
	// even checked. Refused before any work, and age is told the same.
	if logN, ok := scryptWorkFactor(br); ok && logN > ExportWorkFactor {
		return nil, true, fail(Damaged, fmt.Sprintf("the archive asks for passphrase work 2^%d; NEVER MIND's archives use 2^%d", logN, ExportWorkFactor), nil)
	}
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, true, fail(IO, "passphrase", err)
	}
	id.SetMaxWorkFactor(ExportWorkFactor)
	dr, err := age.Decrypt(br, id)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, true, fail(WrongPassphrase, "", nil)
		}
		return nil, true, fail(Damaged, "", err)
	}
	return dr, true, nil
}

// archiveReader is readArchive's state while it walks the entries.
type archiveReader struct {
	ctx      context.Context
	rd       *archiveRead
	got      map[string]File // every entry read, with its size and SHA-256
	refs     map[string]appdata.MediaKind
	manifest []byte
	total    int64  // bytes unpacked
	unused   int64  // bytes of entries no row references
	spare    uint64 // free space beyond lim.Spare, as last measured
	measured bool
	lim      Limits
	stage    string
	diskOf   string
}

// entry checks one tar entry's header and reads it: the manifest, the
// data, a recording a row references (staged), or anything else (hashed
// for the manifest check, never written).
func (ar *archiveReader) entry(n int, h *tar.Header, tr io.Reader) error {
	name, lim := h.Name, ar.lim
	switch {
	case h.Typeflag != tar.TypeReg:
		return fail(BadEntry, fmt.Sprintf("%q is not a plain file", clip(name)), nil)
	case !safeRel(name):
		return fail(BadEntry, fmt.Sprintf("%q is not a safe name", clip(name)), nil)
	case ar.manifest != nil:
		return fail(BadEntry, fmt.Sprintf("%q comes after the manifest", clip(name)), nil)
	case ar.got[name] != (File{}) || name == "data.json" && ar.refs != nil:
		return fail(Altered, name+" is in the archive twice", nil)
	case h.Size < 0 || h.Size > lim.Entry || name == "data.json" && h.Size > lim.Data:
		return fail(TooLarge, fmt.Sprintf("%s is %d MB", clip(name), h.Size>>20), nil)
	}
	ar.total += h.Size
	if ar.total > lim.Total {
		return fail(TooLarge, fmt.Sprintf("more than %d GB unpacked", lim.Total>>30), nil)
	}
	if n == 0 && name != "data.json" {
		return fail(NotArchive, "data.json is not its first file", nil)
	}
	switch rel, isMedia := strings.CutPrefix(name, "media/"); {
	case name == "manifest.json":
		m, err := readAll(tr, 16<<20)
		if err != nil {
			return fail(Damaged, name, err)
		}
		if len(m) == 0 {
			m = []byte{} // present, and will not parse
		}
		ar.manifest = m
		return nil
	case name == "data.json":
		return ar.data(h, tr)
	case isMedia && hasRef(ar.refs, rel):
		return ar.recording(n, h, tr, rel)
	default:
		return ar.unusedFile(h, tr, rel, isMedia)
	}
}

// data reads data.json: decoded within its limit, hashed, validated row
// by row; the recordings its rows reference are the ones staged.
func (ar *archiveReader) data(h *tar.Header, tr io.Reader) error {
	name := h.Name
	hs := sha256.New()
	lim := store.DefaultSnapshotLimits
	lim.Bytes = min(lim.Bytes, ar.lim.Data)
	checked, err := store.ReadSnapshot(io.TeeReader(tr, hs), lim)
	switch {
	case errors.Is(err, store.ErrNewerSnapshot):
		return fail(Newer, "", err)
	case errors.Is(err, store.ErrSnapshotTooLarge):
		return fail(TooLarge, err.Error(), nil)
	case errors.Is(err, store.ErrBadSnapshot):
		return fail(BadData, err.Error(), err)
	case err != nil:
		return fail(Damaged, name, err)
	}
	io.Copy(hs, tr) // nothing should be left; the manifest's size check catches it
	ar.got[name] = File{Path: name, Size: h.Size, SHA256: hex.EncodeToString(hs.Sum(nil))}
	rd := ar.rd
	rd.checked = checked
	ar.refs = map[string]appdata.MediaKind{}
	for _, m := range mediaRefs(rd.checked.Snapshot) {
		ar.refs[m.rel] = m.kind
	}
	return nil
}

// recording stages a recording a row references, after checking that the
// disk has room for it beyond the reserve.
func (ar *archiveReader) recording(n int, h *tar.Header, tr io.Reader, rel string) error {
	if !ar.measured || uint64(h.Size) > ar.spare {
		free, err := appdata.FreeSpace(ar.diskOf)
		if err == nil {
			ar.spare, ar.measured = 0, true
			if free > ar.lim.Spare {
				ar.spare = free - ar.lim.Spare
			}
			if uint64(h.Size) > ar.spare {
				why := fmt.Sprintf("%s needs %s; %s free", clip(rel), megabytes(uint64(h.Size)), megabytes(free))
				if free >= uint64(h.Size) {
					why += fmt.Sprintf(", and NEVER MIND keeps %s free for recording", megabytes(ar.lim.Spare))
				}
				return fail(DiskFull, why, nil)
			}
		} else {
			ar.spare, ar.measured = ^uint64(0), true // cannot tell: the writes will say
		}
	}
	local := filepath.Join(ar.stage, fmt.Sprintf("%06d%s", n, strings.ToLower(path.Ext(rel))))
	file, err := stageFile(tr, local, h.Size)
	if err != nil {
		return err
	}
	file.Path = h.Name
	if ar.spare != ^uint64(0) {
		ar.spare -= uint64(h.Size)
	}
	ar.got[h.Name] = file
	ar.rd.media[rel] = &staged{File: file, kind: ar.refs[rel], local: local}
	if Hook != nil {
		Hook(ar.ctx, "staged", rel)
	}
	return nil
}

// unusedFile hashes an entry no row references (or that came before the
// rows), bounded by lim.Unused, and reports it as refused.
func (ar *archiveReader) unusedFile(h *tar.Header, tr io.Reader, rel string, isMedia bool) error {
	name := h.Name
	why := "no answer in the archive uses it"
	if !isMedia {
		why = "NEVER MIND exports hold no such file"
	} else if _, ok := appdata.KindOf(rel); !ok {
		why = "not a recording"
	}
	ar.unused += h.Size
	if ar.unused > ar.lim.Unused {
		return fail(TooLarge, fmt.Sprintf("%s: %d MB of files that %s", clip(name), ar.unused>>20, why), nil)
	}
	hs := sha256.New()
	m, err := io.Copy(hs, tr)
	if err != nil {
		return fail(Damaged, name, err)
	}
	ar.got[name] = File{Path: name, Size: m, SHA256: hex.EncodeToString(hs.Sum(nil))}
	ar.rd.refused = append(ar.rd.refused, Refusal{clip(name), why})
	return nil
}

// checkManifest holds what was read to the manifest: every file listed
// once, present, of its size and checksum, and nothing unlisted.
func (ar *archiveReader) checkManifest() error {
	if ar.manifest == nil {
		return fail(Damaged, "no manifest: the archive is cut short or not a NEVER MIND export", nil)
	}
	if ar.refs == nil {
		return fail(NotArchive, "no data.json", nil)
	}
	var m Manifest
	if err := json.Unmarshal(ar.manifest, &m); err != nil || m.Format != Format {
		return fail(NotArchive, "the manifest does not read", err)
	}
	ar.rd.manifest = m
	listed := map[string]bool{}
	for _, f := range m.Files {
		if listed[f.Path] {
			return fail(Altered, fmt.Sprintf("%q is listed twice", clip(f.Path)), nil)
		}
		listed[f.Path] = true
		g, ok := ar.got[f.Path]
		switch {
		case !ok:
			return fail(Altered, fmt.Sprintf("%q is listed but missing", clip(f.Path)), nil)
		case g.Size != f.Size || g.SHA256 != f.SHA256:
			return fail(Altered, fmt.Sprintf("%s does not match its checksum", clip(f.Path)), nil)
		}
	}
	for p := range ar.got {
		if !listed[p] {
			return fail(Altered, fmt.Sprintf("%s is not in its manifest", clip(p)), nil)
		}
	}
	return nil
}

// ctxReader stops reading when ctx is done: a large entry is not read to
// its end after the import was cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// megabytes writes n bytes as megabytes, with a decimal under 10 MB (so
// that 300 KB is not "0 MB").
func megabytes(n uint64) string {
	if n < 10<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d MB", n>>20)
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

// scryptWorkFactor is the work factor (log2 N) of an age header's scrypt
// stanza ("-> scrypt SALT N" on its second line), read without consuming
// the header; ok is false when there is none to read.
func scryptWorkFactor(br *bufio.Reader) (logN int, ok bool) {
	head, _ := br.Peek(256)
	lines := strings.SplitN(string(head), "\n", 3)
	if len(lines) < 3 {
		return 0, false
	}
	f := strings.Fields(lines[1])
	if len(f) != 4 || f[0] != "->" || f[1] != "scrypt" || len(f[3]) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(f[3])
	return n, err == nil
}
