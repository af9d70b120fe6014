// Package practice holds the use cases the UI and the command line call:
// recording an attempt, analysing it, keeping it. This file brings back
// recordings that a crash cut short.
package practice

import (
	"context"
	"fmt"
	"path/filepath"

	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/media"
	"nevermind/internal/store"
)

// Recovery is what RecoverInterrupted found.
type Recovery struct {
	Recordings []capture.Recovered // repaired files
	Attempts   int                 // attempts marked interrupted
}

// RecoverInterrupted repairs every recording in the data folder's media
// that a crash or kill cut short, and marks the attempts that were
// recording as interrupted, with the length of audio kept (or failed when
// nothing was kept). Run it at start-up, before anything records.
func RecoverInterrupted(ctx context.Context, dir appdata.Dir, st *store.Store) (Recovery, error) {
	var out Recovery
	recs, err := capture.Recover(dir.MediaDir())
	if err != nil {
		return out, fmt.Errorf("look for interrupted recordings: %w", err)
	}
	out.Recordings = recs
	attempts, err := st.AttemptsWithStatus(ctx, store.AttemptRecording)
	if err != nil {
		return out, err
	}
	for _, a := range attempts {
		status := store.AttemptInterrupted
		var kept float64
		if a.AudioPath != "" {
			// Recover has repaired it if it was cut off; a file that is
			// missing or still unreadable kept nothing.
			if aud, err := media.ReadWAVFile(filepath.Join(dir.Root, filepath.FromSlash(a.AudioPath))); err == nil {
				kept = aud.Duration().Seconds()
			}
		}
		if kept == 0 {
			status = store.AttemptFailed
		}
		d := secondsDuration(kept)
		if err := st.FinishAttempt(ctx, a.ID, status, d); err != nil {
			return out, err
		}
		out.Attempts++
	}
	return out, nil
}
