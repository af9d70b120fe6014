// Package models is the catalogue of native pieces: which model files and
// libraries NEVER MIND uses, where they come from, their checksums, where they
// are looked for, and how `make deps` fetches them.
package models

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"

	manifest "nevermind/models"
)

// KindConverted marks a file made by the converter from another file of the
// manifest (a MediaPipe TFLite model turned into ONNX) rather than fetched.
const KindConverted = "converted"

// Package is an npm package that ships native pieces.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
	License string `json:"license"`
	OS      string `json:"os,omitempty"`
	Arch    string `json:"arch,omitempty"`
}

// Spec is NAME@VERSION as npm understands it.
func (p Package) Spec() string { return p.Name + "@" + p.Version }

// File is one file taken out of a package (optionally a byte range of one
// of its files) and installed at Dest, relative to a search root.
type File struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`           // library, model, tflite, data, font, converted
	From    string `json:"from,omitempty"` // converted: the id of the file it is made from
	Version string `json:"version,omitempty"`
	Package string `json:"package"`
	Path    string `json:"path"`
	Offset  int64  `json:"offset,omitempty"`
	Length  int64  `json:"length,omitempty"`
	Dest    string `json:"dest"`
	SHA256  string `json:"sha256"`
	OS      string `json:"os,omitempty"`
	Arch    string `json:"arch,omitempty"`
	Purpose string `json:"purpose"`
	// Notice is the line the packages' NOTICE gives a bundled file (its
	// name, version and licence); files that are never bundled have none.
	Notice string `json:"notice,omitempty"`
}

// Source is a source tree taken out of a package and built by `make deps`.
type Source struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Package string `json:"package"`
	Path    string `json:"path"`
	Purpose string `json:"purpose"`
	Notice  string `json:"notice,omitempty"` // built into the programs: a NOTICE line
}

// Manifest is the parsed models/manifest.json.
type Manifest struct {
	Packages []Package `json:"packages"`
	Files    []File    `json:"files"`
	Sources  []Source  `json:"sources"`
}

// Load parses the embedded manifest.
func Load() (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(manifest.JSON, &m); err != nil {
		return m, fmt.Errorf("models/manifest.json: %w", err)
	}
	for _, f := range m.Files {
		if f.Kind == KindConverted {
			if _, ok := m.File(f.From); !ok {
				return m, fmt.Errorf("models/manifest.json: converted file %s names unknown source %s", f.ID, f.From)
			}
			continue
		}
		if _, ok := m.Package(f.Package); !ok {
			return m, fmt.Errorf("models/manifest.json: file %s names unknown package %s", f.ID, f.Package)
		}
	}
	return m, nil
}

// Package finds a package by name.
func (m Manifest) Package(name string) (Package, bool) {
	for _, p := range m.Packages {
		if p.Name == name {
			return p, true
		}
	}
	return Package{}, false
}

// File finds a file by id.
func (m Manifest) File(id string) (File, bool) {
	for _, f := range m.Files {
		if f.ID == id && f.Applies(runtime.GOOS, runtime.GOARCH) {
			return f, true
		}
	}
	return File{}, false
}

// Applies reports whether f is used on goos/goarch.
func (f File) Applies(goos, goarch string) bool {
	return (f.OS == "" || f.OS == goos) && (f.Arch == "" || f.Arch == goarch)
}

// ForThisPlatform lists the files used on the running OS and architecture.
func (m Manifest) ForThisPlatform() []File { return m.ForPlatform(runtime.GOOS, runtime.GOARCH) }

// ForPlatform lists the files used on goos/goarch (for packaging another
// platform's build).
func (m Manifest) ForPlatform(goos, goarch string) []File {
	var out []File
	for _, f := range m.Files {
		if f.Applies(goos, goarch) {
			out = append(out, f)
		}
	}
	return out
}

// State is what was found for a file.
type State string

// File states.
const (
	Missing  State = "missing"
	OK       State = "ok"
	Mismatch State = "checksum mismatch"
)

// Found is where a file was looked for and what was there.
type Found struct {
	Path   string // where it is, or the first place it was looked for
	State  State
	SHA256 string // of the file found
}

// Locate looks for f under each root in order (root/Dest) and returns the
// first file whose checksum matches. A file that does not match is never
// returned as usable: when no root holds a matching one, Found names the
// first mismatching file (State Mismatch), or the first place looked
// (State Missing).
func Locate(f File, roots []string) (Found, error) {
	var bad *Found
	var firstErr error
	for _, r := range roots {
		p := filepath.Join(r, filepath.FromSlash(f.Dest))
		if _, err := os.Stat(p); err != nil {
			continue
		}
		sum, err := FileSHA256(p)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if sum == f.SHA256 {
			return Found{Path: p, State: OK, SHA256: sum}, nil
		}
		if bad == nil {
			bad = &Found{Path: p, State: Mismatch, SHA256: sum}
		}
	}
	if bad != nil {
		return *bad, nil
	}
	first := f.Dest
	if len(roots) > 0 {
		first = filepath.Join(roots[0], filepath.FromSlash(f.Dest))
	}
	return Found{Path: first, State: Missing}, firstErr
}

// FileSHA256 returns the hex SHA-256 of a file.
func FileSHA256(p string) (string, error) { return fileHash(p, sha256.New()) }

// fileHash returns the hex digest of a file's contents under h.
func fileHash(p string, h hash.Hash) (string, error) {
	fh, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("read %s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ErrChecksum is returned when downloaded or extracted bytes do not match the
// manifest.
var ErrChecksum = errors.New("checksum mismatch")
