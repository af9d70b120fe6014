package practice

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/store"
)

// LowSpace is the free space under which the app warns before recording:
// 2 GB, a few hours of answers, and room for the system to breathe.
const LowSpace = 2 << 30

// UsageRow is what one month or one application's recordings take.
type UsageRow struct {
	Name    string // "2026-12", or the application's company ("" for practice outside one)
	Bytes   int64
	Video   int64 // of Bytes, the videos
	Answers int   // answers with a recording
	Videos  int   // of them, with a video
}

// StorageUsage is what the recordings take on disk, for Settings → 저장 공간.
type StorageUsage struct {
	Total, Video    int64
	Answers, Videos int
	ByMonth         []UsageRow // newest first
	ByApplication   []UsageRow // largest first
	Free            uint64     // bytes free where the data folder is
	FreeErr         error      // why Free is unknown
	VideoDays       int        // the retention chosen (0: forever)
	// Expiring is what the retention would delete today: videos older than
	// VideoDays that are not their question's best answer.
	Expiring      int
	ExpiringBytes int64
}

// LowOnSpace reports the free space where the data folder is and whether
// it is under LowSpace; ok is false when it cannot be known.
func (s *Service) LowOnSpace() (free uint64, low, ok bool) {
	f, err := s.freeSpace()
	if err != nil {
		return 0, false, false
	}
	return f, f < LowSpace, true
}

// freeSpace is the space free where the data folder is (DiskFree when
// set, for tests).
func (s *Service) freeSpace() (uint64, error) {
	if s.DiskFree != nil {
		return s.DiskFree(s.Dir.Root)
	}
	return appdata.FreeSpace(s.Dir.Root)
}

// fileSize is the size of a stored recording, 0 when it is missing or not
// a path the app writes.
func (s *Service) fileSize(rel string, k appdata.MediaKind) int64 {
	if rel == "" {
		return 0
	}
	p, err := s.Dir.MediaPath(rel, k)
	if err != nil {
		return 0
	}
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	n := st.Size()
	if k == appdata.VideoFile && strings.EqualFold(path.Ext(rel), ".avi") {
		n += s.fileSize(strings.TrimSuffix(rel, path.Ext(rel))+".frames", appdata.FramesFile)
	}
	return n
}

// Storage measures what the recordings take, by month and by application,
// and what the retention chosen would delete today.
func (s *Service) Storage(ctx context.Context) (StorageUsage, error) {
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return StorageUsage{}, err
	}
	return s.StorageIf(ctx, set.VideoDays)
}

// StorageIf is Storage with a retention of days in place of the one chosen:
// what choosing it would delete, asked before it is chosen.
func (s *Service) StorageIf(ctx context.Context, days int) (StorageUsage, error) {
	rows, err := s.Store.RecordingRows(ctx)
	if err != nil {
		return StorageUsage{}, err
	}
	u := StorageUsage{VideoDays: days}
	u.Free, u.FreeErr = s.freeSpace()
	months, apps := map[string]*UsageRow{}, map[string]*UsageRow{}
	add := func(m map[string]*UsageRow, key string, audio, video int64) {
		r := m[key]
		if r == nil {
			r = &UsageRow{Name: key}
			m[key] = r
		}
		r.Bytes += audio + video
		r.Video += video
		r.Answers++
		if video > 0 {
			r.Videos++
		}
	}
	for _, r := range rows {
		if err := ctx.Err(); err != nil {
			return u, err
		}
		a, v := s.fileSize(r.Audio, appdata.AudioFile), s.fileSize(r.Video, appdata.VideoFile)
		if a+v == 0 {
			continue
		}
		u.Total += a + v
		u.Video += v
		u.Answers++
		if v > 0 {
			u.Videos++
		}
		add(months, r.Started.Local().Format("2006-01"), a, v)
		add(apps, r.Company, a, v)
	}
	for _, r := range months {
		u.ByMonth = append(u.ByMonth, *r)
	}
	sort.Slice(u.ByMonth, func(i, j int) bool { return u.ByMonth[i].Name > u.ByMonth[j].Name })
	for _, r := range apps {
		u.ByApplication = append(u.ByApplication, *r)
	}
	sort.Slice(u.ByApplication, func(i, j int) bool {
		a, b := u.ByApplication[i], u.ByApplication[j]
		return a.Bytes > b.Bytes || a.Bytes == b.Bytes && a.Name < b.Name
	})
	if u.VideoDays > 0 {
		exp := expiring(rows, u.VideoDays, time.Now())
		for _, r := range exp {
			u.Expiring++
			u.ExpiringBytes += s.fileSize(r.Video, appdata.VideoFile)
		}
	}
	return u, nil
}

// expiring picks the videos a retention of days deletes at now: those of
// answers started more than days ago, except each question's best answer
// (the highest overall score; the newest when none is scored), which is
// always kept.
func expiring(rows []store.RecordingRow, days int, now time.Time) []store.RecordingRow {
	if days <= 0 {
		return nil
	}
	best := map[int64]store.RecordingRow{}
	better := func(a, b store.RecordingRow) bool { // a better than b
		switch {
		case a.Overall != nil && b.Overall == nil:
			return true
		case a.Overall == nil && b.Overall != nil:
			return false
		case a.Overall != nil && *a.Overall != *b.Overall:
			return *a.Overall > *b.Overall
		}
		return a.Started.After(b.Started) || a.Started.Equal(b.Started) && a.AttemptID > b.AttemptID
	}
	for _, r := range rows {
		if r.Video == "" {
			continue
		}
		if b, ok := best[r.QuestionID]; !ok || better(r, b) {
			best[r.QuestionID] = r
		}
	}
	cut := now.AddDate(0, 0, -days)
	var out []store.RecordingRow
	for _, r := range rows {
		if r.Video != "" && r.Started.Before(cut) && best[r.QuestionID].AttemptID != r.AttemptID {
			out = append(out, r)
		}
	}
	return out
}

// DeleteVideo deletes an answer's video and keeps everything else: its
// audio, transcript, report and scores. It returns the bytes freed. The
// record stops naming the video first, so a file that cannot be removed
// is at worst left over, never named by a record that lost it.
func (s *Service) DeleteVideo(ctx context.Context, attemptID int64) (int64, error) {
	a, err := s.Store.Attempt(ctx, attemptID)
	if err != nil {
		return 0, err
	}
	if a.VideoPath == "" {
		return 0, nil
	}
	m, merr := s.MediaOf(a)
	size := s.fileSize(a.VideoPath, appdata.VideoFile)
	shared, err := s.Store.RecordingUsedElsewhere(ctx, attemptID, a.VideoPath)
	if err != nil {
		return 0, err
	}
	if err := s.Store.SetAttemptMedia(ctx, attemptID, a.AudioPath, ""); err != nil {
		return 0, err
	}
	if merr != nil || shared {
		return 0, nil // a path the app did not write, or another answer's too: no file is touched
	}
	for _, p := range []string{m.Video, m.Frames} {
		if p == "" {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return 0, fmt.Errorf("delete the video of answer %d: %w", attemptID, err)
		}
	}
	return size, nil
}

// ApplyRetention deletes the videos the chosen retention no longer keeps
// (Settings.VideoDays; nothing when it is forever) and returns how many
// and the bytes freed. Audio, transcripts, reports and scores are kept.
func (s *Service) ApplyRetention(ctx context.Context, now time.Time) (int, int64, error) {
	set, err := s.Store.Settings(ctx)
	if err != nil || set.VideoDays == 0 {
		return 0, 0, err
	}
	rows, err := s.Store.RecordingRows(ctx)
	if err != nil {
		return 0, 0, err
	}
	n, freed := 0, int64(0)
	for _, r := range expiring(rows, set.VideoDays, now) {
		if err := ctx.Err(); err != nil {
			return n, freed, err
		}
		f, err := s.DeleteVideo(ctx, r.AttemptID)
		if err != nil {
			return n, freed, err
		}
		n++
		freed += f
	}
	return n, freed, nil
}
