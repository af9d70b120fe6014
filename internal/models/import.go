package models

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotCatalogueModel means a file given to Import is not one of the
// catalogue's models: its SHA-1 matches none of them.
var ErrNotCatalogueModel = errors.New("not an official whisper.cpp model")

// Import installs a whisper model from a file the user has (copied from a
// USB stick, or downloaded on another computer): the file is copied into
// Dir beside its final name, its SHA-1 is computed on the way, and only a
// file whose SHA-1 is a catalogue model's is installed, under that model's
// name (whatever the file was called). The copy goes through a temporary
// file that is synced and renamed, so Dir never holds a partial model, and
// the disk's free space is checked first. catalogue is the list to match
// against (WhisperModels in the app).
func (d *Downloader) Import(ctx context.Context, src string, catalogue []WhisperModel) (WhisperModel, string, error) {
	// A FIFO or a device is refused before it is opened: opening a FIFO
	// waits for a writer, for ever.
	if fi, err := os.Stat(src); err != nil {
		return WhisperModel{}, "", err
	} else if !fi.Mode().IsRegular() {
		return WhisperModel{}, "", fmt.Errorf("%s is not a file", src)
	}
	in, err := os.Open(src)
	if err != nil {
		return WhisperModel{}, "", err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return WhisperModel{}, "", err
	}
	if !fi.Mode().IsRegular() {
		return WhisperModel{}, "", fmt.Errorf("%s is not a file", src)
	}
	// A file whose size is far from every model's cannot be one: say so
	// before copying hundreds of megabytes.
	plausible := false
	for _, m := range catalogue {
		if m.Size == 0 || fi.Size() > m.Size*8/10 && fi.Size() < m.Size*12/10 {
			plausible = true
		}
	}
	if !plausible {
		return WhisperModel{}, "", fmt.Errorf("%w: %s is %s; the models are %s", ErrNotCatalogueModel, filepath.Base(src), megabytes(fi.Size()), sizes(catalogue))
	}
	if d.Dir == "" {
		return WhisperModel{}, "", errors.New("no models folder given to import into")
	}
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return WhisperModel{}, "", fmt.Errorf("create models folder %s: %w", d.Dir, err)
	}
	if err := d.checkSpace(fi.Size()); err != nil {
		return WhisperModel{}, "", err
	}
	tmp, err := os.CreateTemp(d.Dir, ".import-*"+PartSuffix)
	if err != nil {
		return WhisperModel{}, "", err
	}
	defer os.Remove(tmp.Name())
	h := sha1.New()
	var done int64
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			tmp.Close()
			return WhisperModel{}, "", err
		}
		n, rerr := in.Read(buf)
		if n > 0 {
			if _, err := tmp.Write(buf[:n]); err != nil {
				tmp.Close()
				return WhisperModel{}, "", fmt.Errorf("copy %s into %s: %w", filepath.Base(src), d.Dir, err)
			}
			h.Write(buf[:n])
			done += int64(n)
			d.report(done, fi.Size())
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			tmp.Close()
			return WhisperModel{}, "", fmt.Errorf("read %s: %w", src, rerr)
		}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return WhisperModel{}, "", err
	}
	if err := tmp.Close(); err != nil {
		return WhisperModel{}, "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	for _, m := range catalogue {
		if m.SHA1 != sum {
			continue
		}
		m.File = "ggml-" + m.Name + ".bin"
		final := filepath.Join(d.Dir, m.File)
		if err := os.Chmod(tmp.Name(), 0o600); err != nil {
			return m, "", err
		}
		if err := os.Rename(tmp.Name(), final); err != nil {
			return m, "", fmt.Errorf("install model %s at %s: %w", m.Name, final, err)
		}
		syncDir(d.Dir)
		return m, final, nil
	}
	return WhisperModel{}, "", fmt.Errorf("%w: the SHA-1 of %s (%s) is none of the catalogue's (%s); get the file from whisper.cpp's model page, or use `nevermind models pull`",
		ErrNotCatalogueModel, filepath.Base(src), sum, names(catalogue))
}

func sizes(ms []WhisperModel) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name+" "+megabytes(m.Size))
	}
	return strings.Join(out, ", ")
}

func names(ms []WhisperModel) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return strings.Join(out, ", ")
}
