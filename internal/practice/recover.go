// Package practice holds the use cases the UI and the command line call:
// recording an attempt, analysing it, keeping it. This file brings back
// recordings that a crash cut short.
package practice

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/media"
	"nevermind/internal/store"
)

// Recovery is what RecoverInterrupted found.
type Recovery struct {
	Recordings []capture.Recovered // repaired files
	Attempts   int                 // attempts marked interrupted (or failed)
	Partial    int                 // half-copied recordings removed
}

// RecoverInterrupted repairs every recording in the data folder's media
// that a crash or kill cut short, removes copies that a kill left
// half-done, and marks the attempts that were still recording (or being
// copied in or analysed) as interrupted, with the length of audio kept; a
// live recording that kept nothing is marked failed. Run it at start-up,
// before anything records.
func RecoverInterrupted(ctx context.Context, dir appdata.Dir, st *store.Store) (Recovery, error) {
	var out Recovery
	recs, err := capture.Recover(dir.MediaDir())
	if err != nil {
		return out, fmt.Errorf("look for interrupted recordings: %w", err)
	}
	out.Recordings = recs
	filepath.WalkDir(dir.MediaDir(), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, copyingSuffix) {
			if os.Remove(p) == nil {
				out.Partial++
			}
		}
		return nil
	})
	attempts, err := st.AttemptsWithStatus(ctx, store.AttemptRecording)
	if err != nil {
		return out, err
	}
	for _, a := range attempts {
		var kept float64
		if a.AudioPath != "" {
			// Recover has repaired it if it was cut off; a file that is
			// missing, unreadable or outside media kept nothing.
			if p, err := dir.MediaPath(a.AudioPath, appdata.AudioFile); err == nil {
				if aud, err := media.ReadAudioFile(p); err == nil {
					kept = aud.Duration().Seconds()
				}
			}
		}
		status := store.AttemptInterrupted
		if kept == 0 && a.Duration == 0 {
			status = store.AttemptFailed // a live recording that kept nothing
		}
		if err := st.FinishAttempt(ctx, a.ID, status, media.Seconds(kept)); err != nil {
			return out, err
		}
		out.Attempts++
	}
	return out, nil
}
