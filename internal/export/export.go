// Package export writes the user's data to one archive they can keep in a
// cloud folder of their choice, and merges such an archive back. The app
// never talks to a cloud: the archive is a file.
//
// An archive is a gzipped tar holding data.json (every table), the media
// files (unless left out) and manifest.json last, with the schema version
// and the SHA-256 and size of every other file. With a passphrase the
// whole archive is encrypted with age (scrypt), which also authenticates
// it. Import extracts into a staging folder, checks every checksum and
// refuses anything missing, extra, altered or cut short before it changes
// anything.
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

// ErrWrongPassphrase means the archive is encrypted with another passphrase.
var ErrWrongPassphrase = errors.New("the passphrase does not open this archive")

// Options for Export.
type Options struct {
	NoMedia    bool
	Passphrase string // "" for no encryption
}

// Export writes the archive to out (written to a temporary file and
// renamed, so a failure leaves no half archive).
func Export(ctx context.Context, st *store.Store, dir appdata.Dir, out string, o Options) (Manifest, error) {
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
		return m, err
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
		for _, p := range mediaPaths(snap) {
			abs := filepath.Join(dir.Root, filepath.FromSlash(p))
			f, ferr := os.Open(abs)
			if ferr != nil {
				continue // a recording that was deleted: its row says where it was
			}
			info, _ := f.Stat()
			err = add("media/"+p, bufio.NewReader(f), info.Size())
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
		return m, fmt.Errorf("export: %w", err)
	}
	return m, os.Rename(tmp.Name(), out)
}

// mediaPaths are the recordings the attempts point at (relative paths).
func mediaPaths(snap store.Snapshot) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range snap.Tables["attempt"] {
		for _, c := range []string{"audio_path", "video_path"} {
			if p, ok := r[c].(string); ok && p != "" && !seen[p] && safeRel(p) {
				seen[p] = true
				out = append(out, p)
				if strings.HasSuffix(p, ".avi") {
					fr := strings.TrimSuffix(p, ".avi") + ".frames"
					if !seen[fr] {
						seen[fr] = true
						out = append(out, fr)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// safeRel: a relative, slash-separated path that stays inside its folder.
func safeRel(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return false
	}
	c := path.Clean(p)
	return c == p && c != ".." && !strings.HasPrefix(c, "../")
}

// Result is what an import did.
type Result struct {
	Manifest Manifest
	Stats    store.ImportStats
	Media    int // files copied into the data folder
}

// maxEntry bounds one file in an archive (a 2-hour 1080p recording is far
// less); it keeps a crafted archive from filling the disk while staging.
const maxEntry = 8 << 30

// Import merges the archive at path into the data folder. It changes
// nothing unless every check passes.
func Import(ctx context.Context, st *store.Store, dir appdata.Dir, archive, passphrase string) (Result, error) {
	var res Result
	f, err := os.Open(archive)
	if err != nil {
		return res, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	head, _ := br.Peek(len("age-encryption.org/"))
	if string(head) == "age-encryption.org/" {
		if passphrase == "" {
			return res, errors.New("this archive is encrypted: give its passphrase (--passphrase-file)")
		}
		id, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			return res, err
		}
		dr, err := age.Decrypt(br, id)
		if err != nil {
			var nm *age.NoIdentityMatchError
			if errors.As(err, &nm) || strings.Contains(err.Error(), "incorrect passphrase") {
				return res, ErrWrongPassphrase
			}
			return res, fmt.Errorf("the archive is damaged: %w", err)
		}
		r = dr
	}
	stage, err := os.MkdirTemp(dir.Root, ".import-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(stage)
	got := map[string]File{}
	var manifest []byte
	gz, err := gzip.NewReader(r)
	if err != nil {
		return res, fmt.Errorf("not a NEVER MIND export (or a damaged one): %w", err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, fmt.Errorf("the archive is damaged or cut short: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !safeRel(h.Name) || h.Size > maxEntry {
			return res, fmt.Errorf("the archive holds an entry it should not (%q)", h.Name)
		}
		if h.Name == "manifest.json" {
			if manifest, err = io.ReadAll(io.LimitReader(tr, 16<<20)); err != nil {
				return res, fmt.Errorf("the archive is damaged or cut short: %w", err)
			}
			continue
		}
		dst := filepath.Join(stage, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return res, err
		}
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return res, fmt.Errorf("the archive holds %s twice", h.Name)
		}
		hs := sha256.New()
		n, err := io.Copy(io.MultiWriter(out, hs), tr)
		out.Close()
		if err != nil {
			return res, fmt.Errorf("the archive is damaged or cut short: %w", err)
		}
		got[h.Name] = File{Path: h.Name, Size: n, SHA256: hex.EncodeToString(hs.Sum(nil))}
	}
	if manifest == nil {
		return res, errors.New("the archive has no manifest: it is cut short or not a NEVER MIND export")
	}
	var m Manifest
	if err := json.Unmarshal(manifest, &m); err != nil || m.Format != Format {
		return res, errors.New("not a NEVER MIND export (the manifest does not read)")
	}
	res.Manifest = m
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
		g, ok := got[f.Path]
		switch {
		case !ok:
			return res, fmt.Errorf("the archive is incomplete: %s is missing", f.Path)
		case g.Size != f.Size || g.SHA256 != f.SHA256:
			return res, fmt.Errorf("the archive was altered: %s does not match its checksum", f.Path)
		}
	}
	for p := range got {
		if !listed[p] {
			return res, fmt.Errorf("the archive was altered: %s is not in its manifest", p)
		}
	}
	data, err := os.ReadFile(filepath.Join(stage, "data.json"))
	if err != nil {
		return res, errors.New("the archive has no data.json")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var snap store.Snapshot
	if err := dec.Decode(&snap); err != nil {
		return res, fmt.Errorf("the archive's data does not read: %w", err)
	}
	// Media first (new files only), so the rows never point at nothing;
	// they are removed again if the database refuses the data.
	rename := map[string]string{}
	var copied []string
	undo := func() {
		for _, p := range copied {
			os.Remove(p)
		}
	}
	for name := range got {
		rel, ok := strings.CutPrefix(name, "media/")
		if !ok {
			continue
		}
		src := filepath.Join(stage, filepath.FromSlash(name))
		dst := filepath.Join(dir.Root, filepath.FromSlash(rel))
		if same, exists := sameFile(dst, got[name].SHA256); exists {
			if same {
				continue
			}
			// Another file already has this name: keep both.
			for k := 1; ; k++ {
				alt := strings.TrimSuffix(rel, path.Ext(rel)) + fmt.Sprintf("-imported%d", k) + path.Ext(rel)
				if _, err := os.Stat(filepath.Join(dir.Root, filepath.FromSlash(alt))); os.IsNotExist(err) {
					rename[rel], rel = alt, alt
					dst = filepath.Join(dir.Root, filepath.FromSlash(alt))
					break
				}
			}
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			undo()
			return res, err
		}
		if err := os.Rename(src, dst); err != nil {
			undo()
			return res, fmt.Errorf("copy %s into the data folder: %w", rel, err)
		}
		copied = append(copied, dst)
	}
	stats, err := st.Import(ctx, snap, rename)
	if err != nil {
		undo()
		return res, err
	}
	res.Stats, res.Media = stats, len(copied)
	return res, nil
}

func sameFile(p, sum string) (same, exists bool) {
	f, err := os.Open(p)
	if err != nil {
		return false, false
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)) == sum, true
}
