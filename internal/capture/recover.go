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
	"nevermind/internal/media/webm"
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
//
// A WebM file (Name.weba, Name.webm) keeps every whole second that reached
// the disk: a cluster torn by the crash is cut off and the file's size and
// duration are written (webm.Repair).
//
// A marker is trusted for nothing but its start time: the files repaired
// are always the marker's own siblings (Name.weba, Name.webm, or Name.wav,
// Name.avi, Name.frames beside Name.recording), and only regular files, never symbolic links, so
// a marker the recorder did not write cannot point the repair at a file
// elsewhere. Folders that are symbolic links are not entered.
func Recover(dir string) ([]Recovered, error) {
	var out []Recovered
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.Type().IsRegular() || filepath.Ext(path) != ".recording" {
			return nil
		}
		out = append(out, recoverOne(path))
		return nil
	})
	return out, err
}

// regular reports whether p is a regular file (not a link, not a folder).
func regular(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode().IsRegular()
}

func recoverOne(path string) Recovered {
	base := strings.TrimSuffix(path, ".recording")
	files := Files{Audio: base + ".wav", Frames: base + ".frames", Marker: path}
	if regular(base+".weba") || !regular(files.Audio) && regular(base+".webm") {
		files.Audio, files.Frames = base+".weba", ""
	}
	var m marker
	if b, err := os.ReadFile(path); err == nil && len(b) < 64<<10 {
		json.Unmarshal(b, &m) // a marker cut off mid-write still names its siblings
	}
	rec := Recovered{Files: files, Started: m.Started}
	if !regular(files.Audio) {
		rec.AudioErr = fmt.Errorf("%s: no recording beside the marker", filepath.Base(files.Audio))
	} else if n, rate, err := repairAudio(files.Audio); err != nil {
		rec.AudioErr = err
	} else if rate > 0 {
		rec.Duration = media.Seconds(float64(n) / float64(rate))
	}
	if regular(base + ".avi") {
		rec.Video = base + ".avi"
		rec.VideoFrames, rec.VideoErr = countFrames(rec.Video)
	} else if regular(base + ".webm") {
		rec.Video = base + ".webm"
		if _, err := webm.Repair(rec.Video); err != nil {
			rec.VideoErr = err
		} else {
			rec.VideoFrames, rec.VideoErr = countFrames(rec.Video)
		}
	}
	if files.Frames != "" && !regular(files.Frames) {
		rec.Frames = ""
	}
	if rec.AudioErr == nil || !regular(files.Audio) {
		os.Remove(path)
	}
	return rec
}

func repairAudio(path string) (int64, int, error) {
	if strings.HasSuffix(path, ".weba") {
		if _, err := webm.Repair(path); err != nil {
			return 0, 0, err
		}
		a, err := media.ReadAudioFile(path)
		if err != nil {
			return 0, 0, fmt.Errorf("repaired %s but it does not read back: %w", filepath.Base(path), err)
		}
		return int64(a.Frames()), a.SampleRate, nil
	}
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
