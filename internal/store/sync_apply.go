package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ErrBadChange: a change from the sync folder that this build must not
// apply (wrong shape, a value import would refuse). The whole file it came
// in is refused.
var ErrBadChange = errors.New("a change in the sync folder is not valid")

// ErrMediaNotYet: a recording a change names is not in the sync folder
// yet (a cloud client still copying it). The change waits.
var ErrMediaNotYet = errors.New("the recording has not arrived yet")

var (
	reGID    = regexp.MustCompile(`^[a-z2-7]{26}$`)
	reDevice = regexp.MustCompile(`^[0-9a-f]{32}$`)
	reHash   = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// validGID accepts a random or natural gid of kind.
func validGID(kind, g string) bool {
	switch {
	case reGID.MatchString(g):
		return kind != "setting" && kind != "profile"
	case kind == "setting":
		k, ok := strings.CutPrefix(g, "setting.")
		_, known := importableSettings[k]
		return ok && known
	case kind == "profile":
		return g == "profile"
	case kind == "question":
		k, ok := strings.CutPrefix(g, "bank.")
		return ok && len(k) > 0 && len(k) <= 200 && !strings.ContainsFunc(k, func(r rune) bool { return r < 0x21 || r > 0x7e })
	}
	return false
}

// validRef accepts a reference value to kind ("sq": a session gid, a
// slash and a position).
func validRef(kind string, v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	if kind == "sq" {
		g, pos, ok := strings.Cut(s, "/")
		n, err := strconv.ParseInt(pos, 10, 32)
		return ok && reGID.MatchString(g) && err == nil && n >= 0 && strconv.FormatInt(n, 10) == pos
	}
	return validGID(kind, s)
}

// singleRow tables hold at most one row per entity.
var singleRow = map[string]bool{"transcript": true, "feedback": true, "generated_question": true}

// CheckSyncChange checks one change from another device with the rules
// import applies to an archive's rows (ValidateSnapshot's per-column
// checks), and converts its values to their Go types. keep is false for a
// change this build does not take (a setting that stays per device); err
// is ErrBadChange, wrapped with why.
func CheckSyncChange(c *SyncChange) (keep bool, err error) {
	bad := func(f string, a ...any) (bool, error) {
		return false, fmt.Errorf("%w: %s", ErrBadChange, fmt.Sprintf(f, a...))
	}
	k, _, ok := kindOf(c.Kind)
	switch {
	case !ok:
		return bad("unknown kind %q", clip(c.Kind))
	case !validGID(c.Kind, c.GID):
		if key, ok := strings.CutPrefix(c.GID, "setting."); ok && c.Kind == "setting" {
			if knownSettings[key] {
				return bad("setting %s stays on each laptop and is never synced", clip(key))
			}
			if len(key) < 100 {
				return false, nil // a newer version's preference
			}
		}
		return bad("%s has a malformed id %q", c.Kind, clip(c.GID))
	case !reDevice.MatchString(c.Device):
		return bad("malformed device %q", clip(c.Device))
	case c.HLC <= 0 || c.HLC > MaxSyncHLC():
		return bad("%s %s has an impossible clock %d", c.Kind, c.GID, c.HLC)
	}
	switch c.Op {
	case OpDel:
		if c.Rows != nil || c.Media != nil {
			return bad("a deletion carries rows")
		}
		return true, nil
	case OpPut:
	default:
		return bad("unknown operation %q", clip(c.Op))
	}
	for table := range c.Rows {
		if !slices.ContainsFunc(k.tables, func(t syncTable) bool { return t.name == table }) {
			return bad("%s carries rows of %q", c.Kind, clip(table))
		}
	}
	for col, h := range c.Media {
		if c.Kind != "attempt" || (col != "audio_path" && col != "video_path") || !reHash.MatchString(h) {
			return bad("%s has a malformed recording reference", c.Kind)
		}
	}
	nSeg := len(c.Rows["transcript_segment"])
	for ti, t := range k.tables {
		list := c.Rows[t.name]
		if ti == 0 && len(list) != 1 || singleRow[t.name] && len(list) > 1 {
			return bad("%s %s has %d %s rows", c.Kind, c.GID, len(list), t.name)
		}
		cols := schema[t.name]
		for i, row := range list {
			if row == nil {
				return bad("%s row %d is not an object", t.name, i+1)
			}
			// What import would see: the local ids as placeholders.
			probe := make(map[string]any, len(row)+2)
			for col, v := range row {
				if col == t.parent || slices.Contains(t.drop, col) {
					return bad("%s carries a local id (%s)", t.name, clip(col))
				}
				probe[col] = v
			}
			if t.parent != "" {
				probe[t.parent] = json.Number("1")
			}
			if _, ok := cols["id"]; ok && slices.Contains(t.drop, "id") {
				probe["id"] = json.Number(strconv.Itoa(i + 1))
			}
			for col, kind := range t.refs {
				v := row[col]
				switch {
				case v == nil && slices.Contains(k.optional, col):
				case validRef(kind, v):
					probe[col] = json.Number("1")
				default:
					return bad("%s.%s is not a reference to a %s", t.name, col, kind)
				}
			}
			if t.name == "transcript_word" {
				n, err := jsonInt(row["segment_id"])
				if err != nil || n < 1 || n > int64(nSeg) {
					return bad("transcript_word %d names no segment of the answer", i+1)
				}
				probe["segment_id"] = json.Number(strconv.FormatInt(n, 10))
			}
			checked, err := checkRow(t.name, cols, i+1, probe)
			if err != nil {
				return false, fmt.Errorf("%w: %w", ErrBadChange, err)
			}
			for col := range t.refs {
				checked[col] = row[col]
			}
			if t.parent != "" {
				delete(checked, t.parent)
			}
			if slices.Contains(t.drop, "id") {
				delete(checked, "id")
			}
			list[i] = checked
		}
	}
	if c.Kind == "setting" {
		r := c.Rows["setting"][0]
		if "setting."+fmt.Sprint(r["key"]) != c.GID {
			return bad("setting %s names another key", c.GID)
		}
		if !syncedSetting(fmt.Sprint(r["key"]), fmt.Sprint(r["value"])) {
			return false, nil
		}
	}
	if c.Kind == "question" {
		bk, isBank := c.Rows["question"][0]["bank_key"].(string)
		if strings.HasPrefix(c.GID, "bank.") != isBank || isBank && c.GID != "bank."+bk {
			return bad("question %s and its bank key disagree", c.GID)
		}
	}
	return true, nil
}

func jsonInt(v any) (int64, error) {
	switch x := v.(type) {
	case json.Number:
		return x.Int64()
	case int64:
		return x, nil
	}
	return 0, errors.New("not a number")
}

// SyncApplied says what applying changes did.
type SyncApplied struct {
	Applied, Older, Waiting int
	// Unused are local recording paths no answer refers to any more (the
	// caller deletes the files).
	Unused []string
}

// SyncMedia makes a recording (by its SHA-256) available under media/ and
// returns its path there, or ErrMediaNotYet.
// currentPath is the recording this device holds for the answer now ("":
// none), kept when it is the same file.
type SyncMedia func(hash, column, senderPath, currentPath string) (string, error)

type entityClock struct {
	kind    string
	localID sql.NullInt64
	hlc     int64
	device  string
	deleted bool
	found   bool
}

func readClock(ctx context.Context, tx dbtx, gid string) (entityClock, error) {
	var c entityClock
	err := tx.QueryRowContext(ctx, `SELECT kind, local_id, hlc, device, deleted FROM sync_entity WHERE gid = ?`, gid).
		Scan(&c.kind, &c.localID, &c.hlc, &c.device, &c.deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	c.found = err == nil
	return c, err
}

func newer(hlc int64, dev string, than entityClock) bool {
	return !than.found || hlc > than.hlc || hlc == than.hlc && dev > than.device
}

// errWait: a change refers to something not here yet.
var errWait = errors.New("waits")

// ApplySync applies other devices' changes, already checked by
// CheckSyncChange, in one transaction: all of them or, on error, none.
// A change applies when its clock is later than the entity's (last
// writer wins; a deletion leaves a tombstone that beats older edits).
// A change that refers to something not here yet waits in sync_pending
// and is tried again after every later application. state is written in
// the same transaction (the caller's applied sequence numbers).
func (s *Store) ApplySync(ctx context.Context, changes []SyncChange, media SyncMedia, state map[string]string) (SyncApplied, error) {
	var rep SyncApplied
	sorted := slices.Clone(changes)
	slices.SortStableFunc(sorted, byKind)
	var unused []string
	err := s.txQuiet(ctx, func(sqlTx *sql.Tx) error {
		tx := newCached(sqlTx)
		rep = SyncApplied{}
		unused = unused[:0]
		var clock int64
		for _, c := range sorted {
			clock = max(clock, c.HLC)
			done, err := s.applyOne(ctx, tx, c, media, &unused)
			switch {
			case errors.Is(err, errWait):
				rep.Waiting++
				if err := park(ctx, tx, c); err != nil {
					return err
				}
			case err != nil:
				return fmt.Errorf("sync: apply %s %s: %w", c.Kind, c.GID, err)
			case done:
				rep.Applied++
			default:
				rep.Older++
			}
		}
		n, err := s.retryPending(ctx, tx, media, &unused)
		if err != nil {
			return err
		}
		rep.Applied += n
		for k, v := range state {
			if err := setState(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return bumpClock(ctx, tx, clock)
	})
	if err != nil {
		return SyncApplied{}, err
	}
	if rep.Applied > 0 {
		s.changed()
	}
	rep.Unused = s.stillUnused(ctx, unused)
	return rep, nil
}

// RetrySyncPending tries the waiting changes again (a recording may have
// arrived).
func (s *Store) RetrySyncPending(ctx context.Context, media SyncMedia) (SyncApplied, error) {
	if n, err := s.SyncWaiting(ctx); n == 0 || err != nil {
		return SyncApplied{}, err
	}
	return s.ApplySync(ctx, nil, media, nil)
}

// SyncWaiting counts the changes that wait.
func (s *Store) SyncWaiting(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM sync_pending`).Scan(&n)
	return n, err
}

// maxPending bounds the changes that may wait: a first sync of a large
// history waits for its recordings, but a laptop that sends changes
// naming rows that never come must not grow the table without end.
const maxPending = 200_000

func park(ctx context.Context, tx dbtx, c SyncChange) error {
	var hlc int64
	var dev string
	err := tx.QueryRowContext(ctx, `SELECT hlc, device FROM sync_pending WHERE gid = ?`, c.GID).Scan(&hlc, &dev)
	if err == nil && !newer(c.HLC, c.Device, entityClock{hlc: hlc, device: dev, found: true}) {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sync_pending`).Scan(&n); err != nil {
			return err
		}
		if n >= maxPending {
			return fmt.Errorf("%w: more than %d changes wait for rows or recordings that have not come", ErrBadChange, maxPending)
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sync_pending(gid, kind, hlc, device, body) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(gid) DO UPDATE SET kind = excluded.kind, hlc = excluded.hlc, device = excluded.device, body = excluded.body`,
		c.GID, c.Kind, c.HLC, c.Device, string(b))
	return err
}

// retryPending applies waiting changes until none more can be.
func (s *Store) retryPending(ctx context.Context, tx dbtx, media SyncMedia, unused *[]string) (int, error) {
	applied := 0
	for {
		rows, err := tx.QueryContext(ctx, `SELECT body FROM sync_pending`)
		if err != nil {
			return applied, err
		}
		var waiting []SyncChange
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				rows.Close()
				return applied, err
			}
			var c SyncChange
			dec := json.NewDecoder(strings.NewReader(body))
			dec.UseNumber()
			if err := dec.Decode(&c); err != nil {
				rows.Close()
				return applied, err
			}
			waiting = append(waiting, c)
		}
		rows.Close()
		slices.SortStableFunc(waiting, byKind)
		progress := false
		for _, c := range waiting {
			// Stored as checked, but JSON turned the values back into
			// numbers: check again to give them their types.
			if keep, err := CheckSyncChange(&c); err != nil || !keep {
				if _, err := tx.ExecContext(ctx, `DELETE FROM sync_pending WHERE gid = ?`, c.GID); err != nil {
					return applied, err
				}
				continue
			}
			done, err := s.applyOne(ctx, tx, c, media, unused)
			if errors.Is(err, errWait) {
				continue
			}
			if err != nil {
				return applied, fmt.Errorf("sync: apply %s %s: %w", c.Kind, c.GID, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sync_pending WHERE gid = ?`, c.GID); err != nil {
				return applied, err
			}
			progress = true
			if done {
				applied++
			}
		}
		if !progress {
			return applied, nil
		}
	}
}

// applyOne applies c if it is newer than what is here; done says it did.
func (s *Store) applyOne(ctx context.Context, tx dbtx, c SyncChange, media SyncMedia, unused *[]string) (bool, error) {
	cur, err := readClock(ctx, tx, c.GID)
	if err != nil {
		return false, err
	}
	if cur.found && cur.kind != c.Kind {
		return false, fmt.Errorf("%w: %s is a %s here, not a %s", ErrBadChange, c.GID, cur.kind, c.Kind)
	}
	if !newer(c.HLC, c.Device, cur) {
		return false, nil
	}
	// A waiting change newer than this one wins over it.
	var phlc int64
	var pdev string
	err = tx.QueryRowContext(ctx, `SELECT hlc, device FROM sync_pending WHERE gid = ?`, c.GID).Scan(&phlc, &pdev)
	if err == nil && (phlc > c.HLC || phlc == c.HLC && pdev > c.Device) {
		return false, nil
	}
	k, _, _ := kindOf(c.Kind)
	main := k.tables[0].name
	if c.Op == OpDel {
		if cur.localID.Valid {
			*unused = append(*unused, recordingsOf(ctx, tx, c.Kind, cur.localID.Int64)...)
			q := `DELETE FROM ` + main + ` WHERE id = ?`
			if c.Kind == "setting" {
				q = `DELETE FROM setting WHERE rowid = ?`
			}
			if _, err := tx.ExecContext(ctx, q, cur.localID.Int64); err != nil {
				if !isConstraint(err) {
					return false, err
				}
				// Still used here (a question a session of this device
				// asked): keep it and send it again, newer than the
				// deletion, so that every device keeps it.
				if _, err := tx.ExecContext(ctx, `UPDATE sync_entity SET hlc = ?, device = ?, hash = '' WHERE gid = ?`, c.HLC, c.Device, c.GID); err != nil {
					return false, err
				}
				_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO sync_dirty(kind, local_id) VALUES (?, ?)`, c.Kind, cur.localID.Int64)
				return true, err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_entity(gid, kind, local_id, hash, hlc, device, deleted) VALUES (?, ?, NULL, '', ?, ?, 1)
			ON CONFLICT(gid) DO UPDATE SET local_id = NULL, hash = '', hlc = excluded.hlc, device = excluded.device, deleted = 1`,
			c.GID, c.Kind, c.HLC, c.Device)
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM sync_pending WHERE gid = ?`, c.GID)
		}
		return err == nil, err
	}
	// Resolve the references to local ids; wait when one is not here.
	rows := map[string][]map[string]any{}
	nulled := false
	for _, t := range k.tables {
		for _, r := range c.Rows[t.name] {
			local := make(map[string]any, len(r))
			for col, v := range r {
				local[col] = v
			}
			for col, kind := range t.refs {
				if local[col] == nil {
					continue
				}
				id, gone, err := localOf(ctx, tx, kind, local[col].(string))
				if err != nil {
					return false, err
				}
				switch {
				case id > 0:
					local[col] = id
				case gone && slices.Contains(k.optional, col):
					// What it named was deleted here: applied without it, and
					// sent on from here as this device's change, so that every
					// device ends the same even if the deletion is undone later.
					local[col] = nil
					nulled = true
				default:
					return false, errWait
				}
			}
			rows[t.name] = append(rows[t.name], local)
		}
	}
	if c.Kind == "attempt" {
		a := rows["attempt"][0]
		current := map[string]string{}
		if cur.localID.Valid {
			var au, vi string
			if err := tx.QueryRowContext(ctx, `SELECT audio_path, video_path FROM attempt WHERE id = ?`, cur.localID.Int64).Scan(&au, &vi); err == nil {
				current["audio_path"], current["video_path"] = au, vi
			}
		}
		for _, col := range []string{"audio_path", "video_path"} {
			h, ok := c.Media[col]
			if !ok {
				a[col] = ""
				continue
			}
			if media == nil {
				return false, errWait
			}
			rel, err := media(h, col, fmt.Sprint(a[col]), current[col])
			if errors.Is(err, ErrMediaNotYet) {
				return false, errWait
			}
			if err != nil {
				return false, err
			}
			a[col] = rel
		}
	}
	id := cur.localID.Int64
	if !cur.localID.Valid {
		id = 0
		// A row already here by its unique key (a setting, the profile, a
		// question of the bank) is this entity.
		switch c.Kind {
		case "setting":
			tx.QueryRowContext(ctx, `SELECT rowid FROM setting WHERE key = ?`, rows["setting"][0]["key"]).Scan(&id)
		case "profile":
			tx.QueryRowContext(ctx, `SELECT id FROM profile WHERE id = 1`).Scan(&id)
		case "question":
			if bk := rows["question"][0]["bank_key"]; bk != nil {
				tx.QueryRowContext(ctx, `SELECT id FROM question WHERE bank_key = ?`, bk).Scan(&id)
			}
		}
		if id > 0 {
			// It may carry another gid here: that one is retired quietly.
			if _, err := tx.ExecContext(ctx, `UPDATE sync_entity SET local_id = NULL, deleted = 1 WHERE kind = ? AND local_id = ? AND gid != ?`, c.Kind, id, c.GID); err != nil {
				return false, err
			}
		}
	} else if c.Kind == "attempt" {
		*unused = append(*unused, recordingsOf(ctx, tx, c.Kind, id)...)
	}
	id, err = writeEntity(ctx, tx, k, id, rows)
	if err != nil {
		return false, err
	}
	// What loadEntity will read back: the change's rows (references as
	// gids), with this device's recording paths. The values are already in
	// their columns' types, as SQLite's STRICT tables return them.
	stored := c.Rows
	if c.Kind == "attempt" {
		stored = maps.Clone(c.Rows)
		a := maps.Clone(c.Rows["attempt"][0])
		for _, col := range []string{"audio_path", "video_path"} {
			a[col] = rows["attempt"][0][col]
		}
		stored["attempt"] = []map[string]any{a}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_entity(gid, kind, local_id, hash, hlc, device, deleted) VALUES (?, ?, ?, ?, ?, ?, 0)
		ON CONFLICT(gid) DO UPDATE SET local_id = excluded.local_id, hash = excluded.hash, hlc = excluded.hlc, device = excluded.device, deleted = 0`,
		c.GID, c.Kind, id, entityHash(stored), c.HLC, c.Device); err != nil {
		return false, err
	}
	if nulled {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_entity SET hash = '' WHERE gid = ?`, c.GID); err != nil {
			return false, err
		}
	} else if _, err := tx.ExecContext(ctx, `DELETE FROM sync_dirty WHERE kind = ? AND local_id = ?`, c.Kind, id); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM sync_pending WHERE gid = ?`, c.GID)
	return true, err
}

func isConstraint(err error) bool {
	return err != nil && strings.Contains(err.Error(), "constraint failed")
}

// localOf finds the local id of a reference; gone says the entity was
// deleted here.
func localOf(ctx context.Context, tx dbtx, kind, ref string) (id int64, gone bool, err error) {
	if kind == "sq" {
		g, pos, _ := strings.Cut(ref, "/")
		sess, gone, err := localOf(ctx, tx, "session", g)
		if sess == 0 || err != nil {
			return 0, gone, err
		}
		err = tx.QueryRowContext(ctx, `SELECT id FROM session_question WHERE session_id = ? AND position = ?`, sess, pos).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return id, false, err
	}
	c, err := readClock(ctx, tx, ref)
	if err != nil || !c.found {
		return 0, false, err
	}
	if !c.localID.Valid {
		return 0, c.deleted, nil
	}
	return c.localID.Int64, false, nil
}

// recordingsOf lists the recording paths of an answer, or of every answer
// of a session.
func recordingsOf(ctx context.Context, tx dbtx, kind string, id int64) []string {
	var q string
	switch kind {
	case "attempt":
		q = `SELECT audio_path, video_path FROM attempt WHERE id = ?`
	case "session":
		q = `SELECT a.audio_path, a.video_path FROM attempt a JOIN session_question sq ON sq.id = a.session_question_id WHERE sq.session_id = ?`
	default:
		return nil
	}
	rows, err := tx.QueryContext(ctx, q, id)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, v string
		if rows.Scan(&a, &v) == nil {
			for _, p := range []string{a, v} {
				if p != "" {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// stillUnused keeps the paths no answer refers to.
func (s *Store) stillUnused(ctx context.Context, paths []string) []string {
	var out []string
	for _, p := range paths {
		var n int
		if s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM attempt WHERE audio_path = ?) + (SELECT count(*) FROM attempt WHERE video_path = ?)`, p, p).Scan(&n) == nil && n == 0 {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// writeEntity writes an entity's rows (references already local ids):
// into its existing main row id, or as a new one when id is 0. It returns
// the main row's id.
func writeEntity(ctx context.Context, tx dbtx, k syncKind, id int64, rows map[string][]map[string]any) (int64, error) {
	main := k.tables[0]
	r := rows[main.name][0]
	cols := sortedCols(r)
	vals := make([]any, len(cols))
	for i, c := range cols {
		vals[i] = r[c]
	}
	switch {
	case k.name == "setting":
		if _, err := tx.ExecContext(ctx, `INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, r["key"], r["value"]); err != nil {
			return 0, err
		}
		err := tx.QueryRowContext(ctx, `SELECT rowid FROM setting WHERE key = ?`, r["key"]).Scan(&id)
		return id, err
	case k.name == "profile":
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = c + " = excluded." + c
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO profile(id, `+strings.Join(cols, ", ")+`) VALUES (1, `+placeholders(len(cols))+`)
			ON CONFLICT(id) DO UPDATE SET `+strings.Join(sets, ", "), vals...)
		return 1, err
	case id > 0:
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = c + " = ?"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+main.name+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(vals, id)...); err != nil {
			return 0, err
		}
	default:
		res, err := tx.ExecContext(ctx, `INSERT INTO `+main.name+`(`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`, vals...)
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	}
	// The rows that belong to it are written again whole, except a
	// session's questions, which answers refer to: those are kept by
	// position and changed in place.
	switch k.name {
	case "plan":
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_item WHERE plan_id = ?`, id); err != nil {
			return 0, err
		}
	case "question":
		if _, err := tx.ExecContext(ctx, `DELETE FROM generated_question WHERE question_id = ?`, id); err != nil {
			return 0, err
		}
	case "attempt":
		for _, q := range []string{`DELETE FROM transcript WHERE attempt_id = ?`, `DELETE FROM feedback WHERE attempt_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return 0, err
			}
		}
	case "session":
		var keep []any
		for _, sq := range rows["session_question"] {
			res, err := tx.ExecContext(ctx, `UPDATE session_question SET question_id = ? WHERE session_id = ? AND position = ?`, sq["question_id"], id, sq["position"])
			if err != nil {
				return 0, err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO session_question(session_id, question_id, position) VALUES (?, ?, ?)`, id, sq["question_id"], sq["position"]); err != nil {
					return 0, err
				}
			}
			keep = append(keep, sq["position"])
		}
		q := `DELETE FROM session_question WHERE session_id = ?`
		if len(keep) > 0 {
			q += ` AND position NOT IN (` + placeholders(len(keep)) + `)`
		}
		if _, err := tx.ExecContext(ctx, q, append([]any{id}, keep...)...); err != nil {
			return 0, err
		}
		return id, nil
	}
	var segments []int64
	for _, t := range k.tables[1:] {
		for _, r := range rows[t.name] {
			cols := sortedCols(r)
			vals := make([]any, 0, len(cols)+1)
			for _, c := range cols {
				v := r[c]
				if t.name == "transcript_word" && c == "segment_id" {
					n, _ := asInt(v)
					v = segments[n-1]
				}
				vals = append(vals, v)
			}
			if t.parent != "" {
				cols = append(cols, t.parent)
				vals = append(vals, id)
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO `+t.name+`(`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`, vals...)
			if err != nil {
				return 0, fmt.Errorf("%s: %w", t.name, err)
			}
			if t.name == "transcript_segment" {
				sid, _ := res.LastInsertId()
				segments = append(segments, sid)
			}
		}
	}
	return id, nil
}

func sortedCols(r map[string]any) []string {
	cols := make([]string, 0, len(r))
	for c := range r {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	return cols
}
