package appdata

import (
	"errors"
	"fmt"
	"nevermind/internal/safetext"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
)

// ErrUnsafePath is returned for a stored recording path that would leave
// the data folder's media folder, or is not the kind of path the app writes.
var ErrUnsafePath = errors.New("not a recording path inside the data folder")

// MediaKind says which column a recording path belongs to.
type MediaKind int

// The kinds of recording files the database points at.
const (
	AudioFile  MediaKind = iota // an answer's audio: Opus in WebM (.weba), or WAV
	VideoFile                   // an answer's video: the app's AVI, or an imported container
	FramesFile                  // the capture times beside an AVI
)

// recordingExt are the file extensions each kind of recording may have.
var recordingExt = map[MediaKind][]string{
	AudioFile:  {".weba", ".wav"},
	VideoFile:  {".avi", ".mp4", ".mov", ".mkv", ".webm", ".m4v"},
	FramesFile: {".frames"},
}

// maxMediaPath bounds a stored path (bytes); the app writes about 40.
const maxMediaPath = 512

// CheckMediaRel checks, without touching the disk, that rel is a path the
// app itself would store for a recording of kind k: relative,
// slash-separated, already clean, under media/, with one of the kind's
// extensions, and free of "..", backslashes, drive letters, colons and
// control characters. It is the rule every stored path is held to, whether
// it was written by this app or came from an archive.
func CheckMediaRel(rel string, k MediaKind) error {
	bad := func(why string) error { return fmt.Errorf("%w: %q %s", ErrUnsafePath, safetext.Clip(rel, 80), why) }
	switch {
	case rel == "":
		return bad("is empty")
	case len(rel) > maxMediaPath:
		return bad("is too long")
	case strings.ContainsFunc(rel, func(r rune) bool {
		return unicode.IsControl(r) || r == '\\' || r == ':' || r == unicode.ReplacementChar
	}):
		return bad("holds a backslash, a colon or a control character")
	case path.IsAbs(rel) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "":
		return bad("is absolute")
	case path.Clean(rel) != rel:
		return bad("is not a clean path")
	case !strings.HasPrefix(rel, "media/"):
		return bad("is not under media/")
	}
	for _, part := range strings.Split(rel, "/") {
		if part == ".." || part == "." || part == "" || strings.HasPrefix(part, ".") {
			return bad("has a hidden or parent folder in it")
		}
	}
	ext := strings.ToLower(path.Ext(rel))
	for _, e := range recordingExt[k] {
		if ext == e {
			return nil
		}
	}
	return bad(fmt.Sprintf("does not end in %s", strings.Join(recordingExt[k], ", ")))
}

// KindOf says which kind of recording rel names by its extension, and
// false when it is none of them.
func KindOf(rel string) (MediaKind, bool) {
	ext := strings.ToLower(path.Ext(rel))
	for k, exts := range recordingExt {
		for _, e := range exts {
			if ext == e {
				return k, true
			}
		}
	}
	return 0, false
}

// MediaPath resolves a stored recording path to the absolute path of the
// file inside the data folder's media folder. It is the one way stored
// paths become files (practice, replay, export, recovery): besides
// CheckMediaRel's rules it follows symbolic links on the way and refuses a
// path that leads out of media/, or to something that is not a regular
// file. A file that does not exist yet is not an error; its folder must
// still resolve inside media/.
func (d Dir) MediaPath(rel string, k MediaKind) (string, error) {
	if err := CheckMediaRel(rel, k); err != nil {
		return "", err
	}
	abs := filepath.Join(d.Root, filepath.FromSlash(rel))
	media, err := filepath.EvalSymlinks(d.MediaDir())
	if err != nil {
		return "", fmt.Errorf("media folder: %w", err)
	}
	// The deepest part of the path that exists, resolved, must stay in media.
	p := abs
	for {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			if !within(media, real) {
				return "", fmt.Errorf("%w: %q leads outside the media folder", ErrUnsafePath, safetext.Clip(rel, 80))
			}
			if p == abs {
				fi, err := os.Stat(real)
				if err == nil && !fi.Mode().IsRegular() {
					return "", fmt.Errorf("%w: %q is not a regular file", ErrUnsafePath, safetext.Clip(rel, 80))
				}
			}
			return abs, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("recording %s: %w", rel, err)
		}
		parent := filepath.Dir(p)
		if parent == p || !within(d.Root, parent) {
			return abs, nil
		}
		p = parent
	}
}

// within reports whether p is dir or inside it (both cleaned, absolute).
func within(dir, p string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// Contains reports whether p, once its symbolic links are resolved as far
// as it exists, is inside the data folder (or is the folder itself).
func (d Dir) Contains(p string) bool {
	root, err := filepath.EvalSymlinks(d.Root)
	if err != nil {
		root = filepath.Clean(d.Root)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rest := ""
	for {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			return within(root, filepath.Join(real, rest))
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return within(root, filepath.Join(abs, rest))
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}
