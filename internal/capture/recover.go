package capture

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nevermind/internal/media"
	"nevermind/internal/media/video"
)

// Recovered is a recording that was interrupted (the app crashed or was
// killed) and has been repaired.
type Recovered struct {
	Files
	Started     time.Time
	Duration    time.Duration // audio kept
	AudioErr    error         // the audio could not be repaired
	VideoFrames int           // frames the video file gives back
	VideoErr    error         // the video could not be read
}

// Recover finds the recordings in dir (and its subfolders) that were
// interrupted, repairs their audio headers so that every sample that
// reached the disk plays, checks that their video opens, and clears their
// markers. The files are kept; the caller marks the attempts interrupted.
func Recover(dir string) ([]Recovered, error) {
	var out []Recovered
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || filepath.Ext(path) != ".recording" {
			return nil
		}
		out = append(out, recoverOne(path))
		return nil
	})
	return out, err
}

func recoverOne(path string) Recovered {
	var m marker
	base := path[:len(path)-len(".recording")]
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, &m) != nil || m.Audio == "" {
		// A marker cut off mid-write: the names follow from it.
		m.Files = Files{Audio: base + ".wav", Frames: base + ".frames"}
		if _, err := os.Stat(base + ".avi"); err == nil {
			m.Video = base + ".avi"
		}
	}
	m.Marker = path
	rec := Recovered{Files: m.Files, Started: m.Started}
	if n, rate, err := repairAudio(m.Audio); err != nil {
		rec.AudioErr = err
	} else if rate > 0 {
		rec.Duration = time.Duration(float64(n) / float64(rate) * float64(time.Second))
	}
	if m.Video != "" {
		if _, err := os.Stat(m.Video); err != nil {
			rec.Video, rec.Frames = "", ""
		} else {
			rec.VideoFrames, rec.VideoErr = countFrames(m.Video)
		}
	}
	if rec.AudioErr == nil {
		os.Remove(path)
	}
	return rec
}

func repairAudio(path string) (int64, int, error) {
	n, err := media.RepairWAV(path)
	if err != nil {
		return 0, 0, err
	}
	a, err := media.ReadWAVFile(path)
	if err != nil {
		return n, 0, fmt.Errorf("repaired %s but it does not read back: %w", filepath.Base(path), err)
	}
	return n, a.SampleRate, nil
}

func countFrames(path string) (int, error) {
	r, err := video.Open(path, video.Options{SampleFPS: -1})
	if err != nil {
		return 0, err
	}
	defer r.Close()
	for {
		if _, _, err := r.Next(nil); err != nil {
			if errors.Is(err, io.EOF) {
				return r.Stats().Decoded, nil
			}
			return r.Stats().Decoded, err
		}
	}
}

// ReadFrameTimes reads Name.frames: each video frame's time from the first
// audio sample, in frame order.
func ReadFrameTimes(path string) ([]time.Duration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t0 int64
	var out []time.Duration
	for _, line := range strings.Split(string(b), "\n") {
		var a, idx, ns int64
		switch {
		case strings.HasPrefix(line, "a "):
			if _, err := fmt.Sscanf(line, "a %d", &a); err == nil {
				t0 = a
			}
		case strings.HasPrefix(line, "f "):
			if _, err := fmt.Sscanf(line, "f %d %d", &idx, &ns); err == nil && t0 != 0 {
				out = append(out, time.Duration(ns-t0))
			}
		}
	}
	if t0 == 0 {
		return nil, fmt.Errorf("%s: no audio start time", filepath.Base(path))
	}
	return out, nil
}
