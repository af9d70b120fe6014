package models

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"nevermind/internal/appdata"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// PartSuffix ends the name of an unfinished download; the next pull of the
// same model resumes it.
const PartSuffix = ".part"

// Downloader puts whisper models into Dir. A download goes to
// <file>.part first and resumes from there after an interruption; it is
// checked against the catalogue's SHA-1 and only then renamed into place,
// so Dir never holds a damaged model under its real name.
type Downloader struct {
	Client   *http.Client            // nil means http.DefaultClient
	Dir      string                  // the models folder
	Progress func(done, total int64) // called as bytes arrive; may be nil; total is 0 when unknown
}

// NoSpaceError reports that the models folder's disk cannot hold a download.
type NoSpaceError struct {
	Dir  string
	Need uint64 // bytes still to download, plus a margin
	Free uint64 // bytes available
}

func (e *NoSpaceError) Error() string {
	return fmt.Sprintf("not enough disk space in %s: need %s, %s free; free some space or set NEVERMIND_HOME to another disk",
		e.Dir, megabytes(int64(e.Need)), megabytes(int64(e.Free)))
}

// diskFree reports the bytes available to this user on the disk holding
// dir. It is a variable so tests can pretend the disk is full.
var diskFree = appdata.FreeSpace

// maxRestarts bounds how often one pull throws a bad partial download away
// and starts over.
const maxRestarts = 2

// megabytes formats n bytes as mebibytes, labelled MB as whisper.cpp does.
func megabytes(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

func (d *Downloader) client() *http.Client {
	if d.Client != nil {
		return d.Client
	}
	return http.DefaultClient
}

func (d *Downloader) report(done, total int64) {
	if d.Progress != nil {
		d.Progress(done, total)
	}
}

// Path is where m is installed.
func (d *Downloader) Path(m WhisperModel) string { return filepath.Join(d.Dir, m.File) }

// Pull makes sure m is installed in Dir and returns its path. A file already
// there with the right SHA-1 is returned without touching the network; an
// unfinished download is resumed. When ctx is cancelled the partial download
// is kept so that the next Pull resumes it.
func (d *Downloader) Pull(ctx context.Context, m WhisperModel) (string, error) {
	if err := m.check(); err != nil {
		return "", err
	}
	if d.Dir == "" {
		return "", errors.New("no models folder given to download into")
	}
	final := d.Path(m)
	if sum, err := FileSHA1(final); err == nil && sum == m.SHA1 {
		return final, nil
	}
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return "", fmt.Errorf("create models folder %s: %w", d.Dir, err)
	}
	part := final + PartSuffix
	for restarts := 0; ; restarts++ {
		again, err := d.attempt(ctx, m, part)
		if err != nil {
			return "", err
		}
		if !again {
			break
		}
		if restarts >= maxRestarts {
			return "", fmt.Errorf("%w: download model %s from %s: the server keeps refusing to resume; try again later", ErrServer, m.Name, m.URL)
		}
	}
	// Models live in the private data folder: owner only, like the rest.
	if err := os.Chmod(part, 0o600); err != nil {
		return "", fmt.Errorf("install model %s: %w", m.Name, err)
	}
	if err := os.Rename(part, final); err != nil {
		return "", fmt.Errorf("install model %s at %s: %w", m.Name, final, err)
	}
	syncDir(d.Dir)
	return final, nil
}

// Download errors, for the user interface to word (errors.Is).
var (
	ErrNetwork = errors.New("the model server cannot be reached")
	ErrServer  = errors.New("the model server refused the download")
	ErrGone    = errors.New("the model is no longer at its address")
)

// checkSpace fails when the disk holding Dir cannot take remaining more
// bytes plus a 5% margin. A disk whose free space cannot be read passes.
func (d *Downloader) checkSpace(remaining int64) error {
	if remaining <= 0 {
		return nil
	}
	need := uint64(remaining) + uint64(remaining)/20
	free, err := diskFree(d.Dir)
	if err != nil || free >= need {
		return nil
	}
	return &NoSpaceError{Dir: d.Dir, Need: need, Free: free}
}

// attempt makes one request for the rest of part and, when the transfer
// completes with the right checksum, leaves the whole model in part. It
// reports again when part was thrown away and the download must start over.
func (d *Downloader) attempt(ctx context.Context, m WhisperModel, part string) (again bool, err error) {
	var have int64
	if fi, err := os.Stat(part); err == nil && fi.Mode().IsRegular() {
		have = fi.Size()
	}
	partSize := have // on disk now; a restart frees it
	if err := d.checkSpace(m.Size - have); err != nil {
		return false, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.URL, nil)
	if err != nil {
		return false, fmt.Errorf("model %s: bad address %q: %w", m.Name, m.URL, err)
	}
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	resp, err := d.client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return false, stopped(m, ctx.Err())
		}
		return false, fmt.Errorf("%w: download model %s from %s: %w; check the network connection and run the pull again", ErrNetwork, m.Name, m.URL, err)
	}
	defer resp.Body.Close()

	var total int64 // bytes in the whole file, when the server says
	switch resp.StatusCode {
	case http.StatusPartialContent:
		start, size, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != have {
			// Resumed from somewhere else: start over from nothing.
			return true, removePart(part)
		}
		total = size
		if total < 0 && resp.ContentLength >= 0 {
			total = have + resp.ContentLength
		}
	case http.StatusOK:
		have = 0 // the server ignored the range: start over
		total = resp.ContentLength
	case http.StatusRequestedRangeNotSatisfiable:
		if have == 0 {
			return false, fmt.Errorf("%w: download model %s from %s: server answered %s; try again later", ErrServer, m.Name, m.URL, resp.Status)
		}
		// The part may already be whole; otherwise it is damaged.
		if sum, err := FileSHA1(part); err == nil && sum == m.SHA1 {
			d.report(have, have)
			return false, nil
		}
		return true, removePart(part)
	case http.StatusNotFound:
		return false, fmt.Errorf("%w: model %s not found at %s (404): the catalogue may be out of date; update NEVER MIND", ErrGone, m.Name, m.URL)
	default:
		return false, fmt.Errorf("%w: download model %s from %s: server answered %s; try again later", ErrServer, m.Name, m.URL, resp.Status)
	}
	exact := total > 0
	if !exact {
		total = max(m.Size, 0)
	}
	if exact {
		if err := d.checkSpace(total - partSize); err != nil {
			return false, err
		}
	}

	f, err := os.OpenFile(part, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return false, fmt.Errorf("download model %s: %w", m.Name, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("download model %s: %w", m.Name, cerr)
		}
	}()
	h := sha1.New()
	if have > 0 {
		// Hash what is already there; the file offset ends up at its end.
		if n, err := io.Copy(h, io.LimitReader(f, have)); err != nil || n != have {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return false, fmt.Errorf("read partial download %s: %w", part, err)
		}
	}
	if err := f.Truncate(have); err != nil {
		return false, fmt.Errorf("download model %s: %w", m.Name, err)
	}
	if _, err := f.Seek(have, io.SeekStart); err != nil {
		return false, fmt.Errorf("download model %s: %w", m.Name, err)
	}

	done, err := d.copyBody(ctx, f, h, resp.Body, have, total, m)
	if err == nil && exact && done < total {
		err = fmt.Errorf("%w: download of model %s ended early at %s of %s; run the pull again to resume", ErrNetwork, m.Name, megabytes(done), megabytes(total))
	}
	if serr := f.Sync(); serr != nil && err == nil {
		err = fmt.Errorf("download model %s: save %s: %w", m.Name, part, serr)
	}
	if err != nil {
		return false, err // the part stays for the next pull
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != m.SHA1 {
		f.Close()
		removePart(part)
		return false, fmt.Errorf("model %s: %w: got SHA-1 %s, the catalogue says %s; the download was damaged; run the pull again",
			m.Name, ErrChecksum, sum, m.SHA1)
	}
	return false, nil
}

// copyBody streams body to f and h, reporting progress, until the body ends,
// fails or ctx is cancelled. It returns the size of the part file.
func (d *Downloader) copyBody(ctx context.Context, f io.Writer, h hash.Hash, body io.Reader, done, total int64, m WhisperModel) (int64, error) {
	d.report(done, total)
	buf := make([]byte, 256<<10)
	for {
		if err := ctx.Err(); err != nil {
			return done, stopped(m, err)
		}
		n, rerr := body.Read(buf)
		if n > 0 {
			if _, err := f.Write(buf[:n]); err != nil {
				return done, fmt.Errorf("download model %s: %w; free some disk space and run the pull again to resume", m.Name, err)
			}
			h.Write(buf[:n])
			done += int64(n)
			d.report(done, total)
		}
		if rerr == io.EOF {
			return done, nil
		}
		if rerr != nil {
			if err := ctx.Err(); err != nil {
				return done, stopped(m, err)
			}
			return done, fmt.Errorf("%w: download of model %s interrupted at %s: %w; run the pull again to resume", ErrNetwork, m.Name, megabytes(done), rerr)
		}
	}
}

// stopped is the error of a download cancelled through its context.
func stopped(m WhisperModel, err error) error {
	return fmt.Errorf("download of model %s stopped: %w; the partial download is kept and the next pull resumes it", m.Name, err)
}

// parseContentRange reads "bytes START-END/SIZE"; size is -1 for "*".
func parseContentRange(v string) (start, size int64, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	if !found {
		return 0, 0, false
	}
	span, sz, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	first, _, found := strings.Cut(span, "-")
	if !found {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(strings.TrimSpace(first), 10, 64)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	size = -1
	if sz = strings.TrimSpace(sz); sz != "*" {
		if size, err = strconv.ParseInt(sz, 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return start, size, true
}

func removePart(part string) error {
	if err := os.Remove(part); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove partial download: %w", err)
	}
	return nil
}

// syncDir makes a rename inside dir durable where the OS allows it.
func syncDir(dir string) {
	if fh, err := os.Open(dir); err == nil {
		fh.Sync()
		fh.Close()
	}
}

// WhisperCheck is the result of verifying an installed model.
type WhisperCheck struct {
	Model WhisperModel
	Path  string // where the model is, or would be, installed
	State State  // Missing, OK or Mismatch
	SHA1  string // of the installed file; empty when missing
}

// Verify checks the installed copy of m against the catalogue's SHA-1.
func (d *Downloader) Verify(m WhisperModel) (WhisperCheck, error) {
	c := WhisperCheck{Model: m, Path: d.Path(m), State: Missing}
	if err := m.check(); err != nil {
		return c, err
	}
	sum, err := FileSHA1(c.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("verify model %s: %w", m.Name, err)
	}
	c.SHA1, c.State = sum, OK
	if sum != m.SHA1 {
		c.State = Mismatch
	}
	return c, nil
}

// WhisperFile is what the models folder holds for one model, found without
// reading the files.
type WhisperFile struct {
	Model   WhisperModel
	Path    string // where the model is, or would be, installed
	Present bool   // a file is installed at Path (not yet verified)
	Size    int64  // bytes of the installed file
	Partial int64  // bytes of an unfinished download waiting to resume
}

// Stat looks at what the models folder holds for m.
func (d *Downloader) Stat(m WhisperModel) (WhisperFile, error) {
	w := WhisperFile{Model: m, Path: d.Path(m)}
	if err := m.check(); err != nil {
		return w, err
	}
	fi, err := os.Stat(w.Path)
	switch {
	case err == nil && fi.Mode().IsRegular():
		w.Present, w.Size = true, fi.Size()
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return w, fmt.Errorf("model %s: %w", m.Name, err)
	}
	if fi, err := os.Stat(w.Path + PartSuffix); err == nil && fi.Mode().IsRegular() {
		w.Partial = fi.Size()
	}
	return w, nil
}

// Installed lists the catalogue models with a file in Dir, with their sizes.
// The files are not verified; use Verify for that.
func (d *Downloader) Installed() ([]WhisperFile, error) {
	var out []WhisperFile
	for _, m := range WhisperModels() {
		w, err := d.Stat(m)
		if err != nil {
			return out, err
		}
		if w.Present {
			out = append(out, w)
		}
	}
	return out, nil
}

// Remove deletes m's installed file and any unfinished download of it.
// Removing a model that is not there is not an error.
func (d *Downloader) Remove(m WhisperModel) error {
	if err := m.check(); err != nil {
		return err
	}
	var errs []error
	for _, p := range []string{d.Path(m), d.Path(m) + PartSuffix} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("remove model %s: %w (is it in use by NEVER MIND?)", m.Name, err)
	}
	return nil
}
