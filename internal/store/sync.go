package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sync between laptops (docs/SYNC.md): the data travels as entities, each
// with a global id (gid). An entity is a main row with the rows that
// belong to it: an answer with its transcript and report, a practice
// session with its questions, a plan with its items. Foreign keys to other
// entities travel as their gids; local integer ids never leave the device.
// Migration 0006 keeps sync_dirty (what changed since the last pass) and
// sync_entity (gid, clock, hash and tombstone of every entity) by triggers.

// SyncChange is one entity's change as it travels between devices.
type SyncChange struct {
	Kind   string `json:"kind"`
	GID    string `json:"gid"`
	Op     string `json:"op"` // "put" or "del"
	HLC    int64  `json:"hlc"`
	Device string `json:"device"`
	// Rows are the entity's rows by table (put only), without local ids:
	// references to other entities hold their gid, the rows of the entity
	// refer to its main row implicitly, and a word names its segment by its
	// place (1, 2, ...) in the segment list.
	Rows map[string][]map[string]any `json:"rows,omitempty"`
	// Media are the SHA-256 of an answer's recordings by column
	// (audio_path, video_path); a recording not on the sender's disk has
	// none.
	Media map[string]string `json:"media,omitempty"`
}

const (
	OpPut = "put"
	OpDel = "del"
)

// syncTable is one table of an entity.
type syncTable struct {
	name   string
	parent string            // column holding the main row's id ("" for the main table)
	order  string            // ORDER BY of its rows within the entity
	drop   []string          // local columns never sent (ids, derived)
	refs   map[string]string // column: kind of the entity it refers to
}

type syncKind struct {
	name     string
	tables   []syncTable // the main table first
	optional []string    // reference columns that may be NULL
}

// syncKinds in dependency order: an entity only refers to kinds before it.
var syncKinds = []syncKind{
	{name: "setting", tables: []syncTable{{name: "setting"}}},
	{name: "profile", tables: []syncTable{{name: "profile", drop: []string{"id"}}}},
	{name: "interview", tables: []syncTable{{name: "interview", drop: []string{"id"}}}},
	{name: "plan", tables: []syncTable{
		{name: "plan", drop: []string{"id"}, refs: map[string]string{"interview_id": "interview"}},
		{name: "plan_item", parent: "plan_id", order: "day, position", drop: []string{"id"}},
	}},
	{name: "question", tables: []syncTable{
		{name: "question", drop: []string{"id"}},
		{name: "generated_question", parent: "question_id", refs: map[string]string{"parent_question_id": "question", "application_id": "interview"}},
	}, optional: []string{"parent_question_id", "application_id"}},
	{name: "session", tables: []syncTable{
		{name: "practice_session", drop: []string{"id"}, refs: map[string]string{"interview_id": "interview"}},
		{name: "session_question", parent: "session_id", order: "position", drop: []string{"id"}, refs: map[string]string{"question_id": "question"}},
	}, optional: []string{"interview_id"}},
	{name: "attempt", tables: []syncTable{
		{name: "attempt", drop: []string{"id"}, refs: map[string]string{"session_question_id": "sq"}},
		{name: "transcript", parent: "attempt_id"},
		{name: "transcript_segment", parent: "attempt_id", order: "seq", drop: []string{"id"}},
		{name: "transcript_word", drop: []string{"id"}}, // by segment, see loadEntity
		{name: "feedback", parent: "attempt_id"},
		{name: "feedback_score", parent: "attempt_id", order: "dimension", drop: []string{"at"}},
		{name: "feedback_metric", parent: "attempt_id", order: "name", drop: []string{"at"}},
		{name: "finding", parent: "attempt_id", order: "seq", drop: []string{"id"}},
	}},
}

func kindOf(name string) (syncKind, int, bool) {
	for i, k := range syncKinds {
		if k.name == name {
			return k, i, true
		}
	}
	return syncKind{}, 0, false
}

// kindRank is a kind's place in the order entities apply (referred-to
// kinds first).
func kindRank(name string) int {
	_, i, _ := kindOf(name)
	return i
}

// byKind orders changes as they apply.
func byKind(a, b SyncChange) int { return cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)) }

// SyncKinds names the kinds in the order they apply.
func SyncKinds() []string {
	out := make([]string, len(syncKinds))
	for i, k := range syncKinds {
		out[i] = k.name
	}
	return out
}

// syncedSetting says whether a setting travels: only what import accepts
// (the user's preferences, never hosts, devices or models).
func syncedSetting(key, value string) bool {
	allowed, ok := importableSettings[key]
	if !ok {
		return false
	}
	var v string
	if json.Unmarshal([]byte(value), &v) != nil {
		v = value
	}
	return slices.Contains(allowed, v)
}

// queryer is a *sql.Tx, a *sql.DB or a *cached.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// dbtx is a queryer that writes.
type dbtx interface {
	queryer
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// cached is a transaction that prepares each statement once: applying or
// reading a thousand answers runs the same few statements 150,000 times.
type cached struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func newCached(tx *sql.Tx) *cached { return &cached{tx: tx, m: map[string]*sql.Stmt{}} }

func (c *cached) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := c.m[q]; ok {
		return st, nil
	}
	st, err := c.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.m[q] = st
	return st, nil
}

func (c *cached) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (c *cached) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext of a statement that fails to prepare runs it unprepared,
// so that the error arrives with Scan as usual.
func (c *cached) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return c.tx.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// scanMaps reads rows as maps by column name, text as strings, without the
// columns in drop; it closes rows.
func scanMaps(rows *sql.Rows, drop []string) ([]map[string]any, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{} // an empty table is [] in JSON, not null
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			if slices.Contains(drop, c) {
				continue
			}
			if b, ok := vals[i].([]byte); ok {
				m[c] = string(b)
			} else {
				m[c] = vals[i]
			}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// errGone: the entity's local row no longer exists.
var errGone = errors.New("gone")

// loadEntity reads one entity's rows with references as gids. It returns
// errGone when its main row is not there.
func loadEntity(ctx context.Context, q queryer, k syncKind, localID int64) (map[string][]map[string]any, error) {
	out := map[string][]map[string]any{}
	for i, t := range k.tables {
		var rows *sql.Rows
		var err error
		switch {
		case i == 0 && k.name == "setting":
			rows, err = q.QueryContext(ctx, `SELECT key, value FROM setting WHERE rowid = ?`, localID)
		case i == 0:
			rows, err = q.QueryContext(ctx, `SELECT * FROM `+t.name+` WHERE id = ?`, localID)
		case t.name == "transcript_word":
			rows, err = q.QueryContext(ctx, `SELECT w.*, s.seq AS segment_seq FROM transcript_word w JOIN transcript_segment s ON s.id = w.segment_id
				WHERE s.attempt_id = ? ORDER BY s.seq, w.seq`, localID)
		default:
			order := ""
			if t.order != "" {
				order = " ORDER BY " + t.order
			}
			rows, err = q.QueryContext(ctx, `SELECT * FROM `+t.name+` WHERE `+t.parent+` = ?`+order, localID)
		}
		if err != nil {
			return nil, fmt.Errorf("sync: read %s: %w", t.name, err)
		}
		list, err := scanMaps(rows, append(slices.Clone(t.drop), t.parent))
		if err != nil {
			return nil, fmt.Errorf("sync: read %s: %w", t.name, err)
		}
		if i == 0 && len(list) == 0 {
			return nil, errGone
		}
		if t.name == "transcript_word" {
			// A word names its segment by the segment's place in the list.
			place := map[int64]int64{}
			for j, s := range out["transcript_segment"] {
				n, _ := asInt(s["seq"])
				place[n] = int64(j + 1)
			}
			for _, w := range list {
				n, _ := asInt(w["segment_seq"])
				w["segment_id"] = place[n]
				delete(w, "segment_seq")
				delete(w, "id")
			}
		}
		for _, r := range list {
			for col, kind := range t.refs {
				v, ok := asInt(r[col])
				if !ok {
					r[col] = nil
					continue
				}
				gid, err := gidOf(ctx, q, kind, v)
				if err != nil {
					return nil, err
				}
				if gid == "" {
					r[col] = nil
				} else {
					r[col] = gid
				}
			}
		}
		if len(list) > 0 {
			out[t.name] = list
		}
	}
	return out, nil
}

// gidOf is the gid of a local row ("" when it has none yet). A session's
// question is named by its session's gid and its position.
func gidOf(ctx context.Context, q queryer, kind string, id int64) (string, error) {
	if kind == "sq" {
		var sess, pos int64
		if err := q.QueryRowContext(ctx, `SELECT session_id, position FROM session_question WHERE id = ?`, id).Scan(&sess, &pos); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return "", nil
			}
			return "", err
		}
		g, err := gidOf(ctx, q, "session", sess)
		if g == "" || err != nil {
			return "", err
		}
		return g + "/" + strconv.FormatInt(pos, 10), nil
	}
	var g string
	err := q.QueryRowContext(ctx, `SELECT gid FROM sync_entity WHERE kind = ? AND local_id = ?`, kind, id).Scan(&g)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return g, err
}

// entityHash is the SHA-256 of an entity's rows in canonical JSON (maps
// sort their keys).
func entityHash(rows map[string][]map[string]any) string {
	b, _ := json.Marshal(rows)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// newGID is 128 random bits.
func newGID() string {
	var b [16]byte
	rand.Read(b[:])
	return strings.ToLower(b32.EncodeToString(b[:]))
}

// naturalGID derives an entity's gid from its natural key (the key import
// matches rows by), so that two laptops holding the same rows before they
// first sync (both imported one archive, both seeded the question bank)
// name them alike instead of copying them twice.
func naturalGID(kind string, rows map[string][]map[string]any) string {
	main := rows[syncKindMain(kind)]
	if len(main) == 0 {
		return ""
	}
	r := main[0]
	var key []any
	switch kind {
	case "setting":
		return "setting." + fmt.Sprint(r["key"])
	case "profile":
		return "profile"
	case "question":
		if bk, ok := r["bank_key"].(string); ok {
			return "bank." + bk
		}
		key = []any{r["origin"], r["language"], r["text"]}
	case "interview":
		key = []any{r["company"], r["date"]}
	case "plan":
		key = []any{r["interview_id"], r["start_date"], r["end_date"], r["created_at"]}
	case "session":
		key = []any{r["started_at"], r["practice_type"]}
	case "attempt":
		key = []any{r["session_question_id"], r["started_at"]}
	default:
		return ""
	}
	b, _ := json.Marshal(append([]any{kind}, key...))
	h := sha256.Sum256(b)
	return strings.ToLower(b32.EncodeToString(h[:16]))
}

func syncKindMain(kind string) string {
	k, _, _ := kindOf(kind)
	if len(k.tables) == 0 {
		return ""
	}
	return k.tables[0].name
}

// SyncState reads one value of this installation's sync bookkeeping.
func (s *Store) SyncState(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSyncState writes one value of the sync bookkeeping.
func (s *Store) SetSyncState(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

func setState(ctx context.Context, tx dbtx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

func getState(ctx context.Context, q queryer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SyncFresh forgets where this laptop stood in a sync folder (its own
// numbering, the other laptops' files applied, what was sent), keeping
// its device id, clock and tombstones: joining another folder, everything
// is sent again.
func (s *Store) SyncFresh(ctx context.Context) error {
	return s.txQuiet(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM sync_state WHERE key IN ('seq', 'joined', 'quarantined') OR key GLOB 'applied.*' OR key GLOB 'good.*' OR key GLOB 'partial.*'`,
			`UPDATE sync_entity SET hash = ''`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// SyncDevice is this installation's device id, made on first use.
func (s *Store) SyncDevice(ctx context.Context) (string, error) {
	var dev string
	err := s.txQuiet(ctx, func(tx *sql.Tx) error {
		v, err := getState(ctx, tx, "device")
		if err != nil || v != "" {
			dev = v
			return err
		}
		var b [16]byte
		rand.Read(b[:])
		dev = hex.EncodeToString(b[:])
		return setState(ctx, tx, "device", dev)
	})
	return dev, err
}

// hlcNext is the hybrid logical clock's next value: the wall clock in
// milliseconds shifted left 16 bits, or one more than the last value when
// that is later (a clock behind, or many changes in one millisecond).
func hlcNext(last int64) int64 {
	wall := time.Now().UnixMilli() << 16
	return max(wall, last+1)
}

// MaxSyncHLC is the latest clock a change may carry: a year ahead of this
// machine's clock. A device whose clock is far ahead would otherwise win
// every edit for years.
func MaxSyncHLC() int64 { return time.Now().Add(365*24*time.Hour).UnixMilli() << 16 }

// SyncOutgoing is what a pass sends: the changes and the state to commit
// once their file is safely written (MarkSent).
type SyncOutgoing struct {
	Changes []SyncChange
	// Paths are the local recording paths of each put's attempt row, by
	// gid and column, for the caller to hash and copy.
	Paths  map[string]map[string]string
	hashes map[string]string // gid: entity hash as sent
	ids    map[string]int64  // gid: local id as sent
	gen    int64             // the pass generation: marks older than it are cleared
}

// SyncCollect gathers the entities changed since the last pass as changes,
// with clocks from last on. full marks every entity changed first (the
// first pass of a device joining a folder). Nothing is marked sent until
// MarkSent: a pass that fails before its file is written sends the same
// changes again next time. At most limit puts are gathered (0: all); more
// stays for the next call.
func (s *Store) SyncCollect(ctx context.Context, device string, full bool, limit int) (SyncOutgoing, error) {
	out := SyncOutgoing{Paths: map[string]map[string]string{}, hashes: map[string]string{}, ids: map[string]int64{}}
	type item struct {
		kind string
		id   int64
	}
	gen, err := s.syncName(ctx, full)
	if err != nil {
		return out, err
	}
	out.gen = gen
	sqlTx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return out, err
	}
	defer sqlTx.Rollback()
	tx := newCached(sqlTx)
	last, err := getState(ctx, tx, "hlc")
	if err != nil {
		return out, err
	}
	clock, _ := strconv.ParseInt(last, 10, 64)
	rows, err := tx.QueryContext(ctx, `SELECT d.kind, d.local_id, e.gid, e.hash, e.deleted FROM sync_dirty d
		JOIN sync_entity e ON e.kind = d.kind AND e.local_id = d.local_id`)
	if err != nil {
		return out, err
	}
	type dirty struct {
		item
		gid, hash string
		deleted   bool
	}
	var list []dirty
	for rows.Next() {
		var d dirty
		if err := rows.Scan(&d.kind, &d.id, &d.gid, &d.hash, &d.deleted); err != nil {
			rows.Close()
			return out, err
		}
		list = append(list, d)
	}
	rows.Close()
	slices.SortStableFunc(list, func(a, b dirty) int {
		return cmp.Or(cmp.Compare(kindRank(a.kind), kindRank(b.kind)), cmp.Compare(a.id, b.id))
	})
	puts := 0
	for _, d := range list {
		if limit > 0 && puts >= limit {
			break
		}
		k, _, ok := kindOf(d.kind)
		if !ok {
			continue
		}
		rows, err := loadEntity(ctx, tx, k, d.id)
		if errors.Is(err, errGone) {
			continue
		}
		if err != nil {
			return out, err
		}
		if d.kind == "setting" {
			r := rows["setting"][0]
			if !syncedSetting(fmt.Sprint(r["key"]), fmt.Sprint(r["value"])) {
				continue // stays local; its dirty mark goes with MarkSent
			}
		}
		if d.kind == "attempt" && rows["attempt"][0]["status"] == "recording" {
			continue // still being recorded: sent once it is done
		}
		if !unresolved(k, rows) {
			h := entityHash(rows)
			if h == d.hash && !d.deleted {
				out.hashes[d.gid], out.ids[d.gid] = h, d.id
				continue // written by applying another device's change
			}
			clock = hlcNext(clock)
			c := SyncChange{Kind: d.kind, GID: d.gid, Op: OpPut, HLC: clock, Device: device, Rows: rows}
			if d.kind == "attempt" {
				a := rows["attempt"][0]
				p := map[string]string{}
				for _, col := range []string{"audio_path", "video_path"} {
					if v, _ := a[col].(string); v != "" {
						p[col] = v
					}
				}
				out.Paths[d.gid] = p
			}
			out.Changes = append(out.Changes, c)
			out.hashes[d.gid], out.ids[d.gid] = h, d.id
			puts++
		}
	}
	// Deletions: entities whose row is gone and whose tombstone is not sent.
	rows, err = tx.QueryContext(ctx, `SELECT kind, gid FROM sync_entity WHERE local_id IS NULL AND deleted = 0`)
	if err != nil {
		return out, err
	}
	for rows.Next() {
		var kind, gid string
		if err := rows.Scan(&kind, &gid); err != nil {
			rows.Close()
			return out, err
		}
		clock = hlcNext(clock)
		out.Changes = append(out.Changes, SyncChange{Kind: kind, GID: gid, Op: OpDel, HLC: clock, Device: device})
	}
	rows.Close()
	return out, rows.Err()
}

// SyncName gives every entity written since the last pass (every entity,
// when full) its gid, without sending anything: a laptop joining a folder
// names its rows first, so that the folder's versions of the same rows
// (by natural key) replace them instead of arriving as copies.
func (s *Store) SyncName(ctx context.Context, full bool) error {
	_, err := s.syncName(ctx, full)
	return err
}

// syncName starts a pass generation and names the marked entities.
func (s *Store) syncName(ctx context.Context, full bool) (int64, error) {
	type item struct {
		kind string
		id   int64
	}
	var gen int64
	if !full {
		// Nothing written since the last pass: nothing to write now either
		// (a write would wake every watcher of the database).
		var any bool
		if err := s.r.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM sync_dirty)`).Scan(&any); err != nil {
			return 0, err
		}
		if !any {
			v, err := s.SyncState(ctx, "gen")
			gen, _ = strconv.ParseInt(v, 10, 64)
			return gen + 1, err
		}
	}
	err := s.txQuiet(ctx, func(sqlTx *sql.Tx) error {
		tx := newCached(sqlTx)
		v, err := getState(ctx, tx, "gen")
		if err != nil {
			return err
		}
		last, _ := strconv.ParseInt(v, 10, 64)
		gen = last + 1
		if err := setState(ctx, tx, "gen", strconv.FormatInt(gen, 10)); err != nil {
			return err
		}
		if full {
			for _, k := range syncKinds {
				idc := "id"
				if k.name == "setting" {
					idc = "rowid"
				}
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sync_dirty(kind, local_id) SELECT ?, `+idc+` FROM `+k.tables[0].name, k.name); err != nil {
					return err
				}
			}
		}
		var items []item
		rows, err := tx.QueryContext(ctx, `SELECT d.kind, d.local_id FROM sync_dirty d WHERE NOT EXISTS
			(SELECT 1 FROM sync_entity e WHERE e.kind = d.kind AND e.local_id = d.local_id)`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.kind, &it.id); err != nil {
				rows.Close()
				return err
			}
			items = append(items, it)
		}
		rows.Close()
		slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(kindRank(a.kind), kindRank(b.kind)) })
		for _, it := range items {
			k, _, ok := kindOf(it.kind)
			if !ok {
				continue
			}
			// The main row is enough to name it.
			rows, err := loadEntity(ctx, tx, syncKind{name: k.name, tables: k.tables[:1], optional: k.optional}, it.id)
			if errors.Is(err, errGone) {
				if _, err := tx.ExecContext(ctx, `DELETE FROM sync_dirty WHERE kind = ? AND local_id = ?`, it.kind, it.id); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			if it.kind == "setting" {
				r := rows["setting"][0]
				if !syncedSetting(fmt.Sprint(r["key"]), fmt.Sprint(r["value"])) {
					// This laptop's own (a host, a device, a model): never sent.
					if _, err := tx.ExecContext(ctx, `DELETE FROM sync_dirty WHERE kind = ? AND local_id = ?`, it.kind, it.id); err != nil {
						return err
					}
					continue
				}
			}
			gid := naturalGID(it.kind, rows)
			if gid != "" {
				var taken int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sync_entity WHERE gid = ?`, gid).Scan(&taken); err != nil {
					return err
				}
				if taken > 0 && it.kind != "setting" && it.kind != "profile" {
					gid = ""
				} else if taken > 0 {
					// A setting or the profile deleted and written again: the
					// same entity.
					if _, err := tx.ExecContext(ctx, `UPDATE sync_entity SET local_id = ?, deleted = 0 WHERE gid = ?`, it.id, gid); err != nil {
						return err
					}
					continue
				}
			}
			if gid == "" {
				gid = newGID()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_entity(gid, kind, local_id) VALUES (?, ?, ?)`, gid, it.kind, it.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sync: name the changes: %w", err)
	}
	return gen, nil
}

// unresolved says an entity refers to a row that has no gid yet (it will
// have one on the next pass).
func unresolved(k syncKind, rows map[string][]map[string]any) bool {
	for _, t := range k.tables {
		for col := range t.refs {
			if slices.Contains(k.optional, col) {
				continue
			}
			for _, r := range rows[t.name] {
				if r[col] == nil {
					return true
				}
			}
		}
	}
	return false
}

// MarkSent records the changes of out as sent, once their file is written:
// each entity's clock and hash, unless it changed again since
// SyncCollect read it (then it stays changed and goes in the next file).
func (s *Store) MarkSent(ctx context.Context, out SyncOutgoing) error {
	if len(out.Changes) == 0 && len(out.ids) == 0 {
		return nil
	}
	return s.txQuiet(ctx, func(sqlTx *sql.Tx) error {
		tx := newCached(sqlTx)
		var clock int64
		for _, c := range out.Changes {
			clock = max(clock, c.HLC)
			switch c.Op {
			case OpPut:
				// The hash as read: a write since then left a newer mark,
				// and the next pass compares against this hash.
				if _, err := tx.ExecContext(ctx, `UPDATE sync_entity SET hash = ?, hlc = ?, device = ? WHERE gid = ?`,
					out.hashes[c.GID], c.HLC, c.Device, c.GID); err != nil {
					return err
				}
			case OpDel:
				if _, err := tx.ExecContext(ctx, `UPDATE sync_entity SET hlc = ?, device = ?, deleted = 1, hash = '' WHERE gid = ? AND local_id IS NULL`,
					c.HLC, c.Device, c.GID); err != nil {
					return err
				}
			}
		}
		// The marks of what was sent or found unchanged, unless written
		// again since (syncName drops those of the settings that stay on
		// this device).
		for gid, id := range out.ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sync_dirty WHERE local_id = ? AND kind = (SELECT kind FROM sync_entity WHERE gid = ?) AND gen < ?`,
				id, gid, out.gen); err != nil {
				return err
			}
		}
		return bumpClock(ctx, tx, clock)
	})
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func settingKeys() []any {
	var out []any
	for k := range importableSettings {
		out = append(out, k)
	}
	return out
}

// bumpClock raises the stored clock to at least v.
func bumpClock(ctx context.Context, tx dbtx, v int64) error {
	last, err := getState(ctx, tx, "hlc")
	if err != nil {
		return err
	}
	n, _ := strconv.ParseInt(last, 10, 64)
	if v <= n {
		return nil
	}
	return setState(ctx, tx, "hlc", strconv.FormatInt(v, 10))
}

// SyncEntities is every named entity here, by gid, as the canonical JSON
// of its rows (references as gids): what two synced devices must hold
// alike. Rows written since the last pass have no gid yet and are left
// out; TableCounts covers them.
func (s *Store) SyncEntities(ctx context.Context) (map[string]string, error) {
	sqlTx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer sqlTx.Rollback()
	tx := newCached(sqlTx)
	rows, err := tx.QueryContext(ctx, `SELECT gid, kind, local_id FROM sync_entity WHERE local_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	type ent struct {
		gid, kind string
		id        int64
	}
	var list []ent
	for rows.Next() {
		var e ent
		if err := rows.Scan(&e.gid, &e.kind, &e.id); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, e)
	}
	rows.Close()
	out := make(map[string]string, len(list))
	for _, e := range list {
		k, _, ok := kindOf(e.kind)
		if !ok {
			continue
		}
		r, err := loadEntity(ctx, tx, k, e.id)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", e.kind, e.gid, err)
		}
		b, _ := json.Marshal(r)
		out[e.gid] = string(b)
	}
	return out, nil
}

// TableCounts counts the rows of every table of the user's data (of the
// settings, those that sync).
func (s *Store) TableCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range append(tableNames(), derivedTables...) {
		var n int
		q, args := `SELECT count(*) FROM `+t, []any(nil)
		if t == "setting" {
			q, args = q+` WHERE key IN (`+placeholders(len(importableSettings))+`)`, settingKeys()
		}
		if err := s.r.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}

// syncTables are sync's bookkeeping (migration 0006): never exported.
var syncTables = []string{"sync_entity", "sync_dirty", "sync_pending", "sync_state"}

func tableNames() []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.name
	}
	return out
}
