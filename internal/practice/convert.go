package practice

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/media"
	"nevermind/internal/media/video"
	"nevermind/internal/store"
)

// ErrCannotConvert means this build has no Opus and VP8 encoders.
var ErrCannotConvert = errors.New("this build cannot write the compressed recordings (built without the codecs)")

// OldRecordings lists the answers still kept in the old format (WAV
// audio, MJPEG AVI video) and what their files take.
func (s *Service) OldRecordings(ctx context.Context) ([]store.RecordingRow, int64, error) {
	rows, err := s.Store.RecordingRows(ctx)
	if err != nil {
		return nil, 0, err
	}
	var out []store.RecordingRow
	var size int64
	for _, r := range rows {
		if isOld(r) {
			out = append(out, r)
			size += s.fileSize(r.Audio, appdata.AudioFile) + s.fileSize(r.Video, appdata.VideoFile)
		}
	}
	return out, size, nil
}

func isOld(r store.RecordingRow) bool {
	return strings.EqualFold(path.Ext(r.Audio), ".wav") || strings.EqualFold(path.Ext(r.Video), ".avi")
}

// ConvertResult is what ConvertOld did.
type ConvertResult struct {
	Converted int   // answers now in the new format
	Failed    int   // answers left as they were
	Before    int64 // bytes their files took
	After     int64 // bytes they take now
	FirstErr  error // why the first failure failed
}

// ConvertOld rewrites the answers kept in the old format as Opus and VP8
// in WebM, one at a time, calling progress after each. An original is
// deleted only after its converted file reads back whole (the audio's
// length within 50 ms, every video frame) and the record names the new
// files; an answer that fails is left as it was and the next is tried.
// Cancelling ctx stops between answers.
func (s *Service) ConvertOld(ctx context.Context, progress func(done, total int)) (ConvertResult, error) {
	var res ConvertResult
	if !capture.Compressed() {
		return res, ErrCannotConvert
	}
	rows, _, err := s.OldRecordings(ctx)
	if err != nil {
		return res, err
	}
	for i, r := range rows {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		before := s.fileSize(r.Audio, appdata.AudioFile) + s.fileSize(r.Video, appdata.VideoFile)
		if err := s.convertOne(ctx, r); err != nil {
			res.Failed++
			if res.FirstErr == nil {
				res.FirstErr = fmt.Errorf("answer %d: %w", r.AttemptID, err)
			}
		} else {
			a, _ := s.Store.Attempt(ctx, r.AttemptID)
			res.Converted++
			res.Before += before
			res.After += s.fileSize(a.AudioPath, appdata.AudioFile) + s.fileSize(a.VideoPath, appdata.VideoFile)
		}
		if progress != nil {
			progress(i+1, len(rows))
		}
	}
	return res, nil
}

// convertOne converts one answer's old files and switches its record to
// the new ones.
func (s *Service) convertOne(ctx context.Context, r store.RecordingRow) error {
	for _, p := range []string{r.Audio, r.Video} {
		if p == "" {
			continue
		}
		shared, err := s.Store.RecordingUsedElsewhere(ctx, r.AttemptID, p)
		if err != nil {
			return err
		}
		if shared { // another answer stores the same file: it stays as it is
			return fmt.Errorf("%s is another answer's too", p)
		}
	}
	audio, video := r.Audio, r.Video
	var made, old []string
	fail := func(err error) error {
		for _, p := range made {
			os.Remove(p)
		}
		return err
	}
	if strings.EqualFold(path.Ext(r.Audio), ".wav") {
		src, err := s.Dir.MediaPath(r.Audio, appdata.AudioFile)
		if err != nil {
			return err
		}
		dst := strings.TrimSuffix(src, filepath.Ext(src)) + ".weba"
		if err := convertAudio(src, dst); err != nil {
			return fail(err)
		}
		made, old = append(made, dst), append(old, src)
		if audio, err = s.Dir.Rel(dst); err != nil {
			return fail(err)
		}
	}
	if strings.EqualFold(path.Ext(r.Video), ".avi") {
		src, err := s.Dir.MediaPath(r.Video, appdata.VideoFile)
		if err != nil {
			return fail(err)
		}
		frames := strings.TrimSuffix(src, filepath.Ext(src)) + ".frames"
		dst := strings.TrimSuffix(src, filepath.Ext(src)) + ".webm"
		if err := convertVideo(ctx, src, frames, dst); err != nil {
			return fail(err)
		}
		made, old = append(made, dst), append(old, src, frames)
		if video, err = s.Dir.Rel(dst); err != nil {
			return fail(err)
		}
	}
	if err := s.Store.SetAttemptMedia(ctx, r.AttemptID, audio, video); err != nil {
		return fail(err)
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("converted, but the original %s could not be deleted: %w", filepath.Base(p), err)
		}
	}
	return nil
}

// convertAudio writes the WAV at src as Opus in WebM at dst and checks
// that it reads back as long.
func convertAudio(src, dst string) (err error) {
	defer func() {
		if err != nil {
			os.Remove(dst)
		}
	}()
	a, err := media.ReadWAVFile(src)
	if err != nil {
		return err
	}
	os.Remove(dst) // a conversion a crash cut short: no record names it
	if err := media.WriteOpusWebM(dst, a); err != nil {
		return err
	}
	b, err := media.ReadAudioFile(dst)
	if err != nil {
		return fmt.Errorf("the converted audio does not read back: %w", err)
	}
	if d := math.Abs(b.Duration().Seconds() - a.Duration().Seconds()); d > 0.05 {
		return fmt.Errorf("the converted audio is %v long, the original %v", b.Duration(), a.Duration())
	}
	return nil
}

// convertVideo writes the AVI at src as VP8 in WebM at dst, each frame at
// its capture time (from frames, when the recorder wrote it), and checks
// that every frame reads back.
func convertVideo(ctx context.Context, src, frames, dst string) (err error) {
	defer func() {
		if err != nil {
			os.Remove(dst) // never a half-made file beside the original
		}
	}()
	r, err := video.Open(src, video.Options{SampleFPS: -1})
	if err != nil {
		return err
	}
	defer r.Close()
	times, _ := capture.ReadFrameTimes(frames) // none: the AVI's own rate places them
	info := r.Info()
	os.Remove(dst)
	w, err := video.Create(dst, max(info.FPS, 1), info.Width&^1, info.Height&^1)
	if err != nil {
		return err
	}
	n := 0
	var last time.Duration = -1
	for {
		if n%100 == 0 && ctx.Err() != nil {
			w.Close()
			return ctx.Err()
		}
		img, f, err := r.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			w.Close()
			return err
		}
		t := f.T
		if f.Index < len(times) && times[f.Index] >= 0 {
			t = times[f.Index]
		}
		if t <= last {
			t = last + time.Millisecond
		}
		last = t
		if err := w.WriteAt(img.SubImage(image.Rect(0, 0, w.W, w.H)), t); err != nil {
			w.Close()
			return err
		}
		n++
	}
	if err := w.Close(); err != nil {
		return err
	}
	v, err := video.Open(dst, video.Options{SampleFPS: -1})
	if err != nil {
		return fmt.Errorf("the converted video does not open: %w", err)
	}
	defer v.Close()
	m := 0
	for {
		if _, _, err := v.Next(nil); err != nil {
			break
		}
		m++
	}
	if m != n || n == 0 {
		return fmt.Errorf("the converted video holds %d frames of %d", m, n)
	}
	return nil
}
