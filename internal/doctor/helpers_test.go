package doctor

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite"
)

// bumpVersion records a migration this build does not know, as a newer
// NEVER MIND would.
func bumpVersion(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, 'future', 'now')`); err != nil {
		t.Fatal(err)
	}
}
