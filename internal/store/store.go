// Package store keeps NEVER MIND's data in one SQLite file (modernc.org/sqlite,
// pure Go). It is the only package that writes SQL.
//
// The schema comes from versioned migrations embedded in the binary; each runs
// in its own transaction and is recorded in schema_migrations. A database
// written by a newer NEVER MIND is refused before anything is written to it.
//
// A Store is safe for concurrent use. Writes go through a single connection
// (SQLite allows one writer); reads use a separate pool, so in WAL mode readers
// keep working while a write transaction is open.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"nevermind/internal/appdata"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// FileMode is the permission of the database file: private to its owner.
const FileMode os.FileMode = 0o600

// ErrNewerSchema is returned by Open for a database written by a newer version
// of NEVER MIND. The file is left untouched.
var ErrNewerSchema = errors.New("database was written by a newer version of NEVER MIND")

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("not found")

// Store is an open NEVER MIND database.
type Store struct {
	path string
	w    *sql.DB // one connection: every write
	r    *sql.DB // read pool
	subs subscribers
}

type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`) })

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		m := migrationName().FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: m[2], sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations are not numbered 1..n: found %04d at position %d", m.version, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

func dsn(p string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	// A writer waits up to 30 s for another's transaction (an import of
	// 100,000 rows holds the write lock for several seconds on a busy
	// machine) rather than failing with "database is locked".
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: p}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if needed) the database at p, refuses one from a newer
// version, turns on WAL and foreign keys, and applies pending migrations.
func Open(ctx context.Context, p string) (*Store, error) {
	ms, err := loadMigrations()
	if err != nil {
		return nil, fmt.Errorf("embedded migrations: %w", err)
	}
	if err := createPrivate(p); err != nil {
		return nil, err
	}
	// Look before touching: read the recorded version with a read-only
	// connection, so a newer database is never written to.
	v, err := peekVersion(ctx, p)
	if err != nil {
		return nil, err
	} else if v > len(ms) {
		return nil, fmt.Errorf("%w: %s has schema version %d, this build knows up to %d; update NEVER MIND, or set NEVERMIND_HOME to another folder (the file was not changed)",
			ErrNewerSchema, p, v, len(ms))
	}
	w, err := sql.Open("sqlite", dsn(p, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", p, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	s := &Store{path: p, w: w}
	mode, err := turnOnWAL(ctx, w)
	if err != nil {
		w.Close()
		return nil, describeOpenErr(p, err)
	}
	if mode != "wal" {
		w.Close()
		return nil, fmt.Errorf("open database %s: could not turn on WAL (journal mode is %q); is the folder on a network drive?", p, mode)
	}
	// Up to date (the common case): no write lock needed. Otherwise the
	// version is read again under the lock.
	if v < len(ms) {
		if err := s.migrate(ctx, ms); err != nil {
			w.Close()
			return nil, err
		}
	}
	r, err := sql.Open("sqlite", dsn(p, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s for reading: %w", p, err)
	}
	r.SetMaxOpenConns(4)
	s.r = r
	return s, nil
}

// turnOnWAL switches a database to WAL. Two connections switching a new
// database at once can deadlock on the lock upgrade, which SQLite reports as
// SQLITE_BUSY at once rather than waiting; the switch is then tried again.
func turnOnWAL(ctx context.Context, w *sql.DB) (string, error) {
	var mode string
	for try := 0; ; try++ {
		err := w.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || try == 200 {
			return mode, err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Duration(5+try%20) * time.Millisecond):
		}
	}
}

func createPrivate(p string) error {
	// The file itself is never opened here once it exists: closing any
	// descriptor of a file drops every POSIX lock this process holds on it,
	// SQLite's included, and another process (the command line) closing
	// the database would then think it the last user and delete the
	// write-ahead log from under this one.
	fi, err := os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, FileMode)
		if errors.Is(err, os.ErrExist) {
			return createPrivate(p) // created by another process just now
		}
		if err != nil {
			return describeOpenErr(p, err)
		}
		return f.Close() // new and empty: nobody holds a lock on it yet
	}
	if err != nil {
		return describeOpenErr(p, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(p, FileMode); err != nil {
			return fmt.Errorf("restrict database %s to its owner: %w", p, err)
		}
	}
	return nil
}

// ErrReadOnly means the database or its folder cannot be written: the
// file is fine, the permissions (or the disk) are not.
var ErrReadOnly = errors.New("the database cannot be written")

// ErrDiskFull means the disk holding the database has no room left.
var ErrDiskFull = errors.New("the disk holding the data folder is full")

// diskFull reports whether the disk holding the file p has less than 1 MB
// free (freeSpace is appdata.FreeSpace; tests put their own here).
func diskFull(p string) bool {
	free, err := freeSpace(filepath.Dir(p))
	return err == nil && free < 1<<20
}

var freeSpace = appdata.FreeSpace

// ErrDamaged means the database file is not a database, or is corrupt.
var ErrDamaged = errors.New("the database is damaged")

// describeOpenErr says why a database does not open, telling a damaged
// file (move it away) from one that only cannot be written (fix the
// permissions, or choose another folder).
func describeOpenErr(p string, err error) error {
	var se *sqlite.Error
	code := 0
	if errors.As(err, &se) {
		code = se.Code() & 0xff
	}
	return describeOpenCode(p, code, err)
}

// describeOpenCode is describeOpenErr for SQLite's primary result code.
func describeOpenCode(p string, code int, err error) error {
	switch {
	case code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("open database %s: %w: %v (move it away, keeping it for recovery, and NEVER MIND will start a new one)", p, ErrDamaged, err)
	case code == sqlite3.SQLITE_READONLY || code == sqlite3.SQLITE_PERM || code == sqlite3.SQLITE_CANTOPEN || code == sqlite3.SQLITE_AUTH ||
		errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS):
		return fmt.Errorf("open database %s: %w: %v (the file is not damaged: make its folder writable for your user, or set %s to another folder)", p, ErrReadOnly, err, "NEVERMIND_HOME")
	case code == sqlite3.SQLITE_FULL || code == sqlite3.SQLITE_IOERR && (strings.Contains(err.Error(), "space") || diskFull(p)):
		// SQLite needs a little room even to read (its shared-memory
		// index); a full disk shows as an I/O error.
		return fmt.Errorf("open database %s: %w: %v (free some space on that disk; NEVER MIND needs a little room even to read)", p, ErrDiskFull, err)
	}
	return fmt.Errorf("open database %s: %w", p, err)
}

// peekVersion reads the highest applied migration without writing anything.
func peekVersion(ctx context.Context, p string) (int, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	if _, err := os.Stat(p + "-wal"); err != nil {
		// No write-ahead log to read: open as immutable, which creates no
		// -wal or -shm file beside a database we may refuse.
		q.Set("immutable", "1")
	}
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: p}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return 0, fmt.Errorf("open database %s: %w", p, err)
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).Scan(&n)
	if err != nil {
		return 0, describeOpenErr(p, err)
	}
	if n == 0 {
		return 0, nil
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, describeOpenErr(p, err)
	}
	return int(v.Int64), nil
}

// migrate brings the schema up to date. The write lock is held from
// reading the version to the last statement (one BEGIN IMMEDIATE
// transaction), so two processes opening a new database at once cannot both
// apply the same migration: the second waits, then finds nothing to do.
// Foreign keys are off while migrations run, because rebuilding a table
// (SQLite's documented way to change one) would otherwise cascade; they are
// checked with foreign_key_check before the commit.
func (s *Store) migrate(ctx context.Context, ms []migration) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return describeOpenErr(s.path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return describeOpenErr(s.path, err)
	}
	defer conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`)
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE (see dsn)
	if err != nil {
		return describeOpenErr(s.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return describeOpenErr(s.path, err)
	}
	var v sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	cur := int(v.Int64)
	if cur > len(ms) {
		return fmt.Errorf("%w: %s has schema version %d, this build knows up to %d; update NEVER MIND", ErrNewerSchema, s.path, cur, len(ms))
	}
	if cur == len(ms) {
		return tx.Commit()
	}
	for _, m := range ms[cur:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migrate database %s to version %d (%s): %w", s.path, m.version, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, now()); err != nil {
			return fmt.Errorf("migrate database %s to version %d (%s): %w", s.path, m.version, m.name, err)
		}
	}
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("migrate database %s: check references: %w", s.path, err)
	}
	broken := 0
	for rows.Next() {
		broken++
	}
	rows.Close()
	if broken > 0 {
		return fmt.Errorf("migrate database %s: %d rows would point at nothing; nothing was changed", s.path, broken)
	}
	return tx.Commit()
}

// Version returns the schema version recorded in the database.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.w.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close checkpoints and closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.Close())
	return errors.Join(errs...)
}

// tx runs fn in one write transaction, committed if fn returns nil, and
// tells the subscribers.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.txQuiet(ctx, fn); err != nil {
		return err
	}
	s.changed()
	return nil
}

// txQuiet is tx without telling the subscribers: for sync's bookkeeping,
// which no screen shows (a pass that finds nothing must not refresh them).
func (s *Store) txQuiet(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// exec runs one write statement outside a transaction.
func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := s.w.ExecContext(ctx, q, args...)
	if err == nil {
		s.changed()
	}
	return res, err
}

// execOne runs a statement that must change exactly one row; what names it
// in errors ("end session 3").
func (s *Store) execOne(ctx context.Context, what, q string, args ...any) error {
	res, err := s.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func parseNullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return fmtTime(*t)
}
