package cloudsync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"filippo.io/age"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// How often the app syncs while it runs: a pass a few seconds after a
// local change, and a look at the folder every half minute (cloud clients
// do not tell reliably when they have written a file).
const (
	AfterChange = 5 * time.Second
	Poll        = 30 * time.Second
)

// Runner keeps this laptop in sync while the app runs: Join turns sync on
// with a folder and passphrase, Stop turns it off (the folder and this
// laptop's data both stay as they are). The folder key, once unlocked, is
// kept in the data folder (sync-key.txt, readable by the user only), as
// the data it protects is, so that the app syncs at start without asking
// for the passphrase again.
type Runner struct {
	Store *store.Store
	Dir   appdata.Dir
	// AfterChange and Poll stand in for the package's intervals in tests.
	AfterChange, Poll time.Duration

	mu      sync.Mutex
	cancel  context.CancelFunc
	done    chan struct{}
	kick    chan struct{}
	eng     *Engine
	last    Report
	lastErr error
	onPass  func(Report, error)
	// What the passes since the app started sent and applied.
	sent, applied int
}

// Totals are the changes sent and applied since the app started.
func (r *Runner) Totals() (sent, applied int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent, r.applied
}

// OnPass sets what hears each pass's report or error (called from the
// runner's goroutine).
func (r *Runner) OnPass(f func(Report, error)) {
	r.mu.Lock()
	r.onPass = f
	r.mu.Unlock()
}

// NewRunner is a runner for a data folder; Start resumes sync when it was
// on.
func NewRunner(st *store.Store, dir appdata.Dir) *Runner {
	return &Runner{Store: st, Dir: dir, AfterChange: AfterChange, Poll: Poll}
}

func (r *Runner) keyPath() string { return filepath.Join(r.Dir.Root, "sync-key.txt") }

// Folder is the sync folder in use ("" when sync is off).
func (r *Runner) Folder(ctx context.Context) string {
	v, _ := r.Store.SyncState(ctx, "folder")
	return v
}

// Last is the last pass's report and error.
func (r *Runner) Last() (Report, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last, r.lastErr
}

// Running says whether the background passes run.
func (r *Runner) Running() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cancel != nil
}

// Start resumes sync at app start when it was on. A folder that is not
// there (a drive not mounted) is reported through OnPass and tried again
// on every poll.
func (r *Runner) Start(ctx context.Context) error {
	folder := r.Folder(ctx)
	if folder == "" || r.Running() {
		return nil
	}
	b, err := os.ReadFile(r.keyPath())
	var id *age.X25519Identity
	if err == nil {
		id, err = age.ParseX25519Identity(strings.TrimSpace(string(b)))
	}
	if err != nil {
		err = fmt.Errorf("%w: the folder key kept on this laptop is missing or damaged (%v)", ErrNeedPassphrase, err)
		r.mu.Lock()
		r.lastErr = err
		r.mu.Unlock()
		return err
	}
	r.run(folder, id)
	return nil
}

// Join turns sync on with folder: the folder key is unlocked with the
// passphrase (made, when the folder has none), kept, and the first pass
// runs in the background.
func (r *Runner) Join(ctx context.Context, folder, passphrase string) error {
	e, err := Open(ctx, r.Store, r.Dir, folder, passphrase)
	if err != nil {
		return err
	}
	tmp := r.keyPath() + ".part"
	if err := os.WriteFile(tmp, []byte(e.Identity().String()+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, r.keyPath()); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := r.Store.SetSyncState(ctx, "folder", folder); err != nil {
		return err
	}
	r.Stop()
	r.mu.Lock()
	r.eng = e // the key just unlocked, not the one of an earlier join
	r.mu.Unlock()
	r.run(folder, e.Identity())
	return nil
}

// Off turns sync off: the passes stop, the kept key is removed, and the
// folder and this laptop's data stay as they are. Choosing the folder
// again resumes where it left off.
func (r *Runner) Off(ctx context.Context) error {
	r.Stop()
	r.mu.Lock()
	r.eng = nil
	r.mu.Unlock()
	os.Remove(r.keyPath())
	return r.Store.SetSyncState(ctx, "folder", "")
}

// Now asks for a pass at once.
func (r *Runner) Now() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.kick != nil {
		select {
		case r.kick <- struct{}{}:
		default:
		}
	}
}

// Stop ends the background passes (the app closing), waiting for a pass
// under way.
func (r *Runner) Stop() {
	r.mu.Lock()
	cancel, done := r.cancel, r.done
	r.cancel, r.done, r.kick = nil, nil, nil
	r.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

func (r *Runner) run(folder string, id *age.X25519Identity) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	kick := make(chan struct{}, 1)
	r.mu.Lock()
	r.cancel, r.done, r.kick = cancel, done, kick
	r.mu.Unlock()
	changes, unsubscribe := r.Store.Subscribe()
	go func() {
		defer close(done)
		defer unsubscribe()
		poll := time.NewTicker(r.Poll)
		defer poll.Stop()
		for {
			r.pass(ctx, folder, id)
			// What the pass itself wrote is not a change to send.
			for len(changes) > 0 {
				<-changes
			}
			select {
			case <-ctx.Done():
				return
			case <-kick:
			case <-poll.C:
			case <-changes:
				select {
				case <-ctx.Done():
					return
				case <-time.After(r.AfterChange):
				case <-kick:
				}
			}
		}
	}()
}

func (r *Runner) pass(ctx context.Context, folder string, id *age.X25519Identity) {
	r.mu.Lock()
	e := r.eng
	r.mu.Unlock()
	var rep Report
	var err error
	if e == nil || e.Folder != folder {
		e, err = OpenWithIdentity(ctx, r.Store, r.Dir, folder, id)
	}
	if err == nil {
		rep, err = e.Pass(ctx)
		r.mu.Lock()
		r.eng = e
		r.mu.Unlock()
	}
	if errors.Is(err, context.Canceled) {
		return
	}
	r.mu.Lock()
	r.last, r.lastErr = rep, err
	r.sent += rep.Sent
	r.applied += rep.Applied
	f := r.onPass
	r.mu.Unlock()
	if f != nil {
		f(rep, err)
	}
}

// Quarantined lists the files refused so far (the newest last).
func (r *Runner) Quarantined(ctx context.Context) []Quarantined {
	v, _ := r.Store.SyncState(ctx, "quarantined")
	var out []Quarantined
	if v != "" {
		_ = json.Unmarshal([]byte(v), &out)
	}
	return out
}
