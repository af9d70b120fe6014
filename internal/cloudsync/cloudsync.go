// Package cloudsync keeps the data of several laptops alike through a
// folder the user already syncs (Dropbox, OneDrive, iCloud Drive, Google
// Drive), with no server of ours. Each device writes its changes there as
// encrypted, append-only change files and applies the other devices' files;
// recordings are copied once, named by their hash. docs/SYNC.md is the
// design; internal/store holds the entities, clocks and merge rule.
//
// Nothing in the folder is trusted: a change file is applied only when its
// bytes hash to its name, it decrypts, and every change in it passes the
// import validator; a file that fails is moved to quarantine whole, never
// applied in part.
package cloudsync

import (
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
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"nevermind/internal/appdata"
	"nevermind/internal/safetext"
	"nevermind/internal/store"
)

// Sub is the folder this app keeps inside the user's chosen folder.
const Sub = "nevermind-sync"

const (
	format = "nevermind-sync"
	// putsPerFile bounds a change file (an answer with its words is about
	// 20 KB of JSON before compression).
	putsPerFile = 500
	// maxFile is the largest change file read (compressed and encrypted).
	maxFile = 64 << 20
	// maxJSON is the most a change file may unpack to.
	maxJSON = 64 << 20
	// maxMedia is the largest recording copied in.
	maxMedia = 8 << 30
	// partialAge: a file whose bytes do not match its name yet is waited
	// for this long (a cloud client still writing it), then quarantined.
	partialAge = 24 * time.Hour
	// workFactor is the passphrase work of the folder key (about a second).
	workFactor = 18
	maxDevices = 64
)

var (
	// ErrWrongPassphrase: the folder's key is locked with another passphrase.
	ErrWrongPassphrase = errors.New("the sync folder uses another passphrase")
	// ErrNoFolder: the folder is not there (removed, or a drive not
	// mounted).
	ErrNoFolder = errors.New("the sync folder is not there")
	// ErrNeedPassphrase: sync is on but the folder key is not kept here any
	// more; choosing the folder again with the passphrase mends it.
	ErrNeedPassphrase = errors.New("sync needs the passphrase again")
	// ErrKeyChanged: the folder is not the one this laptop joined (made
	// again with another key, or its key removed); choosing it again with
	// the passphrase starts afresh there.
	ErrKeyChanged = errors.New("the sync folder was made again with another key")
	// ErrBusy: another process (the app and the command line at once) is
	// syncing this data folder; the pass is left to it.
	ErrBusy = errors.New("another NEVER MIND is syncing this data folder right now")
	// ErrNewerFolder: another device writes with a newer version of the app.
	ErrNewerFolder = errors.New("another laptop syncs with a newer version of NEVER MIND")
)

var (
	reChange = regexp.MustCompile(`^([0-9]{8})-([0-9a-f]{64})\.nmc$`)
	reDevice = regexp.MustCompile(`^[0-9a-f]{32}$`)
	reMedia  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Engine syncs one data folder with one sync folder.
type Engine struct {
	Store  *store.Store
	Dir    appdata.Dir
	Folder string // the user's folder; the files live in Folder/nevermind-sync
	// Now stands in for the clock in tests (how long a partial file waited).
	Now func() time.Time

	id     *age.X25519Identity
	device string
}

// file is the content of a change file.
type file struct {
	Format        string             `json:"format"`
	Version       int                `json:"version"`
	Device        string             `json:"device"`
	Seq           int64              `json:"seq"`
	SchemaVersion int                `json:"schema_version"`
	Changes       []store.SyncChange `json:"changes"`
}

// Open unlocks the sync folder with the passphrase: the folder's key
// (key.age, made by the first device) is decrypted once; change files and
// recordings are encrypted to it. A folder without a key gets one.
func Open(ctx context.Context, st *store.Store, dir appdata.Dir, folder, passphrase string) (*Engine, error) {
	if fi, err := os.Stat(folder); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%w: %s", ErrNoFolder, folder)
	}
	root := filepath.Join(folder, Sub)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, err
	}
	id, err := unlock(root, passphrase)
	if err != nil {
		return nil, err
	}
	e, err := OpenWithIdentity(ctx, st, dir, folder, id)
	if err != nil {
		return nil, err
	}
	return e, e.adoptKey(ctx)
}

// keyState names the folder and key this laptop syncs with: the
// sequence numbers it keeps count in that folder only.
func (e *Engine) keyState() (string, error) {
	b, err := os.ReadFile(filepath.Join(e.root(), "key.age"))
	if err != nil {
		return "", fmt.Errorf("%w: the folder has no key.age any more", ErrKeyChanged)
	}
	sum := sha256.Sum256(b)
	abs, _ := filepath.Abs(e.Folder)
	return abs + "\n" + hex.EncodeToString(sum[:]), nil
}

// adoptKey records the folder and key just unlocked. A folder other than
// the last one (another cloud, or the same folder made again with a new
// key) starts afresh: this laptop's numbering from one, everything sent
// again, the other laptops' files read from their first.
func (e *Engine) adoptKey(ctx context.Context) error {
	now, err := e.keyState()
	if err != nil {
		return err
	}
	if last, err := e.Store.SyncState(ctx, "key"); err != nil || last == now {
		return err
	}
	if err := e.Store.SyncFresh(ctx); err != nil {
		return err
	}
	return e.Store.SetSyncState(ctx, "key", now)
}

// OpenWithIdentity is Open with the folder key already unlocked (kept by
// the app for the session; see Identity).
func OpenWithIdentity(ctx context.Context, st *store.Store, dir appdata.Dir, folder string, id *age.X25519Identity) (*Engine, error) {
	e := &Engine{Store: st, Dir: dir, Folder: folder, Now: time.Now, id: id}
	if fi, err := os.Stat(folder); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%w: %s", ErrNoFolder, folder)
	}
	dev, err := st.SyncDevice(ctx)
	if err != nil {
		return nil, err
	}
	e.device = dev
	return e, nil
}

// Identity is the unlocked folder key.
func (e *Engine) Identity() *age.X25519Identity { return e.id }

// Device is this installation's device id.
func (e *Engine) Device() string { return e.device }

func (e *Engine) root() string { return filepath.Join(e.Folder, Sub) }

// unlock reads the folder key, or makes it when the folder has none.
func unlock(root, passphrase string) (*age.X25519Identity, error) {
	if passphrase == "" {
		return nil, fmt.Errorf("%w: no passphrase", ErrWrongPassphrase)
	}
	keyPath := filepath.Join(root, "key.age")
	f, err := os.Open(keyPath)
	if errors.Is(err, os.ErrNotExist) {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, err
		}
		r, err := age.NewScryptRecipient(passphrase)
		if err != nil {
			return nil, err
		}
		r.SetWorkFactor(workFactor)
		var buf bytes.Buffer
		w, err := age.Encrypt(&buf, r)
		if err != nil {
			return nil, err
		}
		io.WriteString(w, id.String())
		if err := w.Close(); err != nil {
			return nil, err
		}
		if err := writeNew(keyPath, buf.Bytes()); err != nil {
			if errors.Is(err, os.ErrExist) {
				return unlock(root, passphrase) // another device made it first
			}
			return nil, err
		}
		return id, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sid, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	sid.SetMaxWorkFactor(workFactor)
	r, err := age.Decrypt(io.LimitReader(f, 4096), sid)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrWrongPassphrase
		}
		return nil, fmt.Errorf("the sync folder's key.age is damaged: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(r, 1024))
	if err != nil {
		return nil, fmt.Errorf("the sync folder's key.age is damaged: %w", err)
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("the sync folder's key.age is damaged: %w", err)
	}
	return id, nil
}

// writeNew writes a file that must not exist yet, whole or not at all:
// into name.part, synced, then linked into place.
func writeNew(name string, data []byte) error {
	part := name + ".part"
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	defer os.Remove(part)
	if err != nil {
		return err
	}
	return linkNew(part, name)
}

// linkNew puts part at name unless name exists: a hard link, which fails
// when name is there; on a file system without links (FAT, exFAT) a rename
// after a look, which only this laptop's own pass could race.
func linkNew(part, name string) error {
	err := os.Link(part, name)
	if err == nil || errors.Is(err, os.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(name); serr == nil {
		return os.ErrExist
	}
	return os.Rename(part, name)
}

// Quarantined is a file refused and moved aside.
type Quarantined struct {
	Device string `json:"device"`
	File   string `json:"file"`
	Why    string `json:"why"`    // one of the Why codes, for the user's words
	Reason string `json:"reason"` // the details, in English
}

// Why a file was refused.
const (
	WhyNotFile    = "notfile"    // a link or a folder where a file should be
	WhySize       = "size"       // larger than any change file
	WhyIncomplete = "incomplete" // never matched its name, for a day
	WhyDecrypt    = "decrypt"    // not encrypted with this folder's key
	WhyInvalid    = "invalid"    // refused by the checks import applies
)

var errNoDecrypt = errors.New("it does not decrypt with this folder's key")

func whyOf(err error) string {
	if errors.Is(err, errNoDecrypt) {
		return WhyDecrypt
	}
	return WhyInvalid
}

// Report says what one pass did.
type Report struct {
	Sent        int           `json:"sent"`        // changes written
	Files       int           `json:"files"`       // change files written
	MediaSent   int           `json:"media_sent"`  // recordings copied to the folder
	Read        int           `json:"read"`        // other devices' files applied
	Applied     int           `json:"applied"`     // changes applied here
	Older       int           `json:"older"`       // changes older than what is here
	Waiting     int           `json:"waiting"`     // changes waiting (a recording arriving)
	Partial     int           `json:"partial"`     // files not complete yet
	Devices     int           `json:"devices"`     // other devices seen
	Quarantined []Quarantined `json:"quarantined"` // files refused in this pass
	At          time.Time     `json:"at"`
	Took        time.Duration `json:"took_ns"`
}

// Pass writes this device's changes, then applies the other devices'
// files, then tries the waiting changes again.
func (e *Engine) Pass(ctx context.Context) (Report, error) {
	start := time.Now()
	rep := Report{Quarantined: []Quarantined{}}
	if fi, err := os.Stat(e.root()); err != nil || !fi.IsDir() {
		return rep, fmt.Errorf("%w: %s", ErrNoFolder, e.root())
	}
	// One pass at a time per data folder: two would number their files
	// alike.
	lock, ok, err := appdata.TryLock(filepath.Join(e.Dir.Root, "sync.lock"))
	if err != nil {
		return rep, err
	}
	if !ok {
		return rep, ErrBusy
	}
	defer lock.Unlock()
	// The folder made again (by another laptop, with a new key): this
	// laptop's files would be unreadable there, and its numbering wrong.
	if now, err := e.keyState(); err != nil {
		return rep, err
	} else if last, err := e.Store.SyncState(ctx, "key"); err != nil {
		return rep, err
	} else if last != "" && last != now {
		return rep, ErrKeyChanged
	} else if last == "" {
		if err := e.Store.SetSyncState(ctx, "key", now); err != nil {
			return rep, err
		}
	}
	joined, err := e.Store.SyncState(ctx, "joined")
	if err != nil {
		return rep, err
	}
	if joined == "" {
		// Joining: this laptop's rows are named, then the folder's
		// history is applied before anything is sent, so that what the
		// other laptops hold of the same rows (an edited question of the
		// bank, the language) wins over this laptop's untouched copies.
		if err := e.Store.SyncName(ctx, true); err != nil {
			return rep, err
		}
		if err := e.receive(ctx, &rep); err != nil {
			return rep, err
		}
		if err := e.send(ctx, &rep); err != nil {
			return rep, err
		}
		if err := e.Store.SetSyncState(ctx, "joined", time.Now().UTC().Format(time.RFC3339)); err != nil {
			return rep, err
		}
	} else {
		if err := e.send(ctx, &rep); err != nil {
			return rep, err
		}
		if err := e.receive(ctx, &rep); err != nil {
			return rep, err
		}
	}
	got, err := e.Store.RetrySyncPending(ctx, e.fetchMedia)
	if err != nil {
		return rep, err
	}
	rep.Applied += got.Applied
	e.removeUnused(got.Unused)
	if rep.Waiting, err = e.Store.SyncWaiting(ctx); err != nil {
		return rep, err
	}
	rep.At, rep.Took = time.Now(), time.Since(start)
	return rep, nil
}

// send writes every local change since the last pass into change files.
func (e *Engine) send(ctx context.Context, rep *Report) error {
	mine := filepath.Join(e.root(), e.device)
	if err := os.MkdirAll(mine, 0o700); err != nil {
		return err
	}
	stale, _ := filepath.Glob(filepath.Join(mine, "*.part"))
	for _, p := range stale {
		os.Remove(p)
	}
	for range 10000 {
		out, err := e.Store.SyncCollect(ctx, e.device, false, putsPerFile)
		if err != nil {
			return err
		}
		if len(out.Changes) == 0 {
			if err := e.Store.MarkSent(ctx, out); err != nil {
				return err
			}
			break
		}
		for i := range out.Changes {
			c := &out.Changes[i]
			for col, rel := range out.Paths[c.GID] {
				h, sent, err := e.putMedia(rel, col)
				if err != nil {
					return err
				}
				if h != "" {
					if c.Media == nil {
						c.Media = map[string]string{}
					}
					c.Media[col] = h
				}
				if sent {
					rep.MediaSent++
				}
			}
		}
		seq, err := e.nextSeq(ctx, mine)
		if err != nil {
			return err
		}
		if err := e.writeChanges(mine, seq, out.Changes); err != nil {
			return err
		}
		if err := e.Store.SetSyncState(ctx, "seq", strconv.FormatInt(seq, 10)); err != nil {
			return err
		}
		if err := e.Store.MarkSent(ctx, out); err != nil {
			return err
		}
		rep.Sent += len(out.Changes)
		rep.Files++
	}
	return nil
}

// nextSeq is one more than the last file this device wrote, by its own
// record or by the folder, whichever is later.
func (e *Engine) nextSeq(ctx context.Context, mine string) (int64, error) {
	v, err := e.Store.SyncState(ctx, "seq")
	if err != nil {
		return 0, err
	}
	last, _ := strconv.ParseInt(v, 10, 64)
	names, _ := os.ReadDir(mine)
	for _, n := range names {
		if m := reChange.FindStringSubmatch(n.Name()); m != nil {
			s, _ := strconv.ParseInt(m[1], 10, 64)
			last = max(last, s)
		}
	}
	return last + 1, nil
}

// writeChanges writes one change file: JSON, gzip, age to the folder key,
// named by its sequence number and the SHA-256 of its bytes.
func (e *Engine) writeChanges(dir string, seq int64, changes []store.SyncChange) error {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, e.id.Recipient())
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(w)
	if err := json.NewEncoder(gz).Encode(file{Format: format, Version: 1, Device: e.device, Seq: seq,
		SchemaVersion: store.SchemaVersion(), Changes: changes}); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	name := filepath.Join(dir, fmt.Sprintf("%08d-%s.nmc", seq, hex.EncodeToString(sum[:])))
	return writeNew(name, buf.Bytes())
}

// putMedia copies a recording into the folder once, encrypted, named by
// the SHA-256 of its content; h is "" when the recording is not on disk.
func (e *Engine) putMedia(rel, col string) (h string, sent bool, err error) {
	kind := appdata.AudioFile
	if col == "video_path" {
		kind = appdata.VideoFile
	}
	abs, err := e.Dir.MediaPath(rel, kind)
	if err != nil {
		return "", false, nil // not a path this device can read: sent without it
	}
	f, err := os.Open(abs)
	if err != nil {
		return "", false, nil
	}
	defer f.Close()
	hh := sha256.New()
	if _, err := io.Copy(hh, f); err != nil {
		return "", false, fmt.Errorf("read %s: %w", rel, err)
	}
	h = hex.EncodeToString(hh.Sum(nil))
	dst := filepath.Join(e.root(), "media", h+".nmm")
	if _, err := os.Lstat(dst); err == nil {
		return h, false, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", false, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", false, err
	}
	part := dst + "." + e.device + ".part"
	out, err := os.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return "", false, err
	}
	defer os.Remove(part)
	w, err := age.Encrypt(out, e.id.Recipient())
	if err == nil {
		_, err = io.Copy(w, f)
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", false, fmt.Errorf("copy %s to the sync folder: %w", rel, err)
	}
	if err := linkNew(part, dst); err != nil && !errors.Is(err, os.ErrExist) {
		return "", false, err
	}
	return h, true, nil
}

// fetchMedia makes a recording from the folder available under
// media/sync/, verified by its hash.
func (e *Engine) fetchMedia(hash, col, senderPath, currentPath string) (string, error) {
	if !reMedia.MatchString(hash) {
		return "", fmt.Errorf("%w: a malformed recording hash", store.ErrBadChange)
	}
	kind := appdata.AudioFile
	if col == "video_path" {
		kind = appdata.VideoFile
	}
	if currentPath != "" {
		if abs, err := e.Dir.MediaPath(currentPath, kind); err == nil && fileHash(abs) == hash {
			return currentPath, nil
		}
	}
	rel := "media/sync/" + hash + strings.ToLower(path.Ext(senderPath))
	abs, err := e.Dir.MediaPath(rel, kind)
	if err != nil {
		return "", fmt.Errorf("%w: %w", store.ErrBadChange, err)
	}
	if fileHash(abs) == hash {
		return rel, nil
	}
	src := filepath.Join(e.root(), "media", hash+".nmm")
	fi, err := os.Lstat(src)
	if err != nil || !fi.Mode().IsRegular() {
		return "", store.ErrMediaNotYet
	}
	f, err := os.Open(src)
	if err != nil {
		return "", store.ErrMediaNotYet
	}
	defer f.Close()
	r, err := age.Decrypt(f, e.id)
	if err != nil {
		return "", store.ErrMediaNotYet // still arriving (or not ours: never applied)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".arriving-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	hh := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, hh), io.LimitReader(r, maxMedia+1))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if appdata.IsDiskFull(err) {
		return "", err
	}
	if err != nil || n > maxMedia || hex.EncodeToString(hh.Sum(nil)) != hash {
		return "", store.ErrMediaNotYet
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return "", err
	}
	return rel, nil
}

func fileHash(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// removeUnused deletes recordings no answer refers to any more (an answer
// deleted or re-recorded on another device).
func (e *Engine) removeUnused(rels []string) {
	for _, rel := range rels {
		k, ok := appdata.KindOf(rel)
		if !ok {
			continue
		}
		if abs, err := e.Dir.MediaPath(rel, k); err == nil {
			os.Remove(abs)
		}
	}
}

// receive applies the other devices' new files, each device's in sequence.
func (e *Engine) receive(ctx context.Context, rep *Report) error {
	entries, err := os.ReadDir(e.root())
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNoFolder, err)
	}
	var devices []string
	for _, d := range entries {
		if d.IsDir() && reDevice.MatchString(d.Name()) && d.Name() != e.device && d.Type()&os.ModeSymlink == 0 {
			devices = append(devices, d.Name())
		}
	}
	sort.Strings(devices)
	if len(devices) > maxDevices {
		devices = devices[:maxDevices]
	}
	for _, dev := range devices {
		if err := e.receiveDevice(ctx, dev, rep); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) receiveDevice(ctx context.Context, dev string, rep *Report) error {
	dir := filepath.Join(e.root(), dev)
	v, err := e.Store.SyncState(ctx, "applied."+dev)
	if err != nil {
		return err
	}
	applied, _ := strconv.ParseInt(v, 10, 64)
	defer func() {
		if v, _ := e.Store.SyncState(ctx, "good."+dev); v != "" {
			rep.Devices++ // a laptop whose files arrived (not a stray folder)
		}
	}()
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil // gone meanwhile
	}
	bySeq := map[int64][]string{}
	for _, n := range names {
		if m := reChange.FindStringSubmatch(n.Name()); m != nil {
			s, _ := strconv.ParseInt(m[1], 10, 64)
			if s > applied {
				bySeq[s] = append(bySeq[s], n.Name())
			}
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		next := applied + 1
		cands := bySeq[next]
		if len(cands) == 0 {
			// A gap: the missing file is still on its way.
			for s := range bySeq {
				if s > next {
					rep.Partial++
					break
				}
			}
			return nil
		}
		sort.Strings(cands)
		done := false
		for _, name := range cands {
			ok, err := e.applyFile(ctx, dev, next, name, rep)
			if err != nil {
				return err
			}
			if ok {
				done = true
				break
			}
		}
		if !done {
			return nil // waiting for a file to complete
		}
		applied = next
	}
}

// applyFile reads, verifies and applies one change file. ok is false when
// the file is not complete yet; a bad file is quarantined (ok true: the
// device's sequence goes on past it).
func (e *Engine) applyFile(ctx context.Context, dev string, seq int64, name string, rep *Report) (bool, error) {
	p := filepath.Join(e.root(), dev, name)
	m := reChange.FindStringSubmatch(name)
	fi, err := os.Lstat(p)
	if err != nil {
		return false, nil
	}
	if !fi.Mode().IsRegular() {
		return true, e.quarantine(ctx, dev, seq, name, WhyNotFile, "not a regular file", rep)
	}
	if fi.Size() > maxFile {
		return true, e.quarantine(ctx, dev, seq, name, WhySize, fmt.Sprintf("larger than %d MB", maxFile>>20), rep)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return false, nil
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != m[2] {
		// Not complete yet, or damaged: waited for, then quarantined.
		key := "partial." + dev + "." + name
		first, _ := e.Store.SyncState(ctx, key)
		t, err := time.Parse(time.RFC3339, first)
		if err != nil {
			e.Store.SetSyncState(ctx, key, e.Now().UTC().Format(time.RFC3339))
		} else if e.Now().Sub(t) > partialAge {
			return true, e.quarantine(ctx, dev, seq, name, WhyIncomplete, "its content never matched its name (incomplete for a day)", rep)
		}
		rep.Partial++
		return false, nil
	}
	f, err := decode(data, e.id)
	if err != nil {
		return true, e.quarantine(ctx, dev, seq, name, whyOf(err), err.Error(), rep)
	}
	switch {
	case f.Format != format || f.Version != 1:
		return true, e.quarantine(ctx, dev, seq, name, WhyInvalid, "not a NEVER MIND change file", rep)
	case f.Device != dev || f.Seq != seq:
		return true, e.quarantine(ctx, dev, seq, name, WhyInvalid, "its device or number differs from its name", rep)
	case f.SchemaVersion > store.SchemaVersion():
		return false, fmt.Errorf("%w (database version %d; this one knows %d): update NEVER MIND on this laptop", ErrNewerFolder, f.SchemaVersion, store.SchemaVersion())
	}
	kept := f.Changes[:0]
	for i := range f.Changes {
		c := f.Changes[i]
		if c.Device != dev {
			return true, e.quarantine(ctx, dev, seq, name, WhyInvalid, "a change names another device", rep)
		}
		keep, err := store.CheckSyncChange(&c)
		if err != nil {
			return true, e.quarantine(ctx, dev, seq, name, WhyInvalid, err.Error(), rep)
		}
		if keep {
			kept = append(kept, c)
		}
	}
	got, err := e.Store.ApplySync(ctx, kept, e.fetchMedia, map[string]string{"applied." + dev: strconv.FormatInt(seq, 10), "good." + dev: "1"})
	if err != nil {
		if errors.Is(err, store.ErrBadChange) || isConstraint(err) {
			return true, e.quarantine(ctx, dev, seq, name, WhyInvalid, err.Error(), rep)
		}
		return false, err
	}
	e.removeUnused(got.Unused)
	rep.Read++
	rep.Applied += got.Applied
	rep.Older += got.Older
	return true, nil
}

func isConstraint(err error) bool { return strings.Contains(err.Error(), "constraint failed") }

// decode decrypts, unpacks and parses a change file, within limits.
func decode(data []byte, id age.Identity) (file, error) {
	var f file
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		return f, errNoDecrypt
	}
	gz, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return f, errors.New("it is not compressed as change files are")
	}
	return parse(gz)
}

// parse reads a change file's JSON document, within limits.
func parse(r io.Reader) (file, error) {
	var f file
	lim := &io.LimitedReader{R: r, N: maxJSON + 1}
	dec := json.NewDecoder(lim)
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		if lim.N <= 0 {
			return f, fmt.Errorf("it unpacks to more than %d MB", maxJSON>>20)
		}
		return f, fmt.Errorf("it is not a valid change file: %s", safetext.Clip(err.Error(), 120))
	}
	if dec.More() {
		return f, errors.New("it holds more than one document")
	}
	return f, nil
}

// quarantine moves a refused file aside, records why, and moves past it.
func (e *Engine) quarantine(ctx context.Context, dev string, seq int64, name, code, why string, rep *Report) error {
	q := filepath.Join(e.root(), "quarantine")
	if err := os.MkdirAll(q, 0o700); err != nil {
		return err
	}
	os.Rename(filepath.Join(e.root(), dev, name), filepath.Join(q, dev+"-"+name))
	item := Quarantined{Device: dev, File: name, Why: code, Reason: safetext.Clip(why, 300)}
	rep.Quarantined = append(rep.Quarantined, item)
	var all []Quarantined
	if v, _ := e.Store.SyncState(ctx, "quarantined"); v != "" {
		json.Unmarshal([]byte(v), &all)
	}
	all = append(all, item)
	if len(all) > 50 {
		all = all[len(all)-50:]
	}
	b, _ := json.Marshal(all)
	if err := e.Store.SetSyncState(ctx, "quarantined", string(b)); err != nil {
		return err
	}
	return e.Store.SetSyncState(ctx, "applied."+dev, strconv.FormatInt(seq, 10))
}
