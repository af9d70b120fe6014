// Answers recorded elsewhere, stored and analysed like the app's own.

package practice

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/media"
	"nevermind/internal/media/video"
	"nevermind/internal/store"
)

// copyingSuffix ends a recording being copied in; a kill leaves it behind,
// and RecoverInterrupted removes it.
const copyingSuffix = ".copying"

// ImportAttempt stores an answer recorded elsewhere (a WAV, and optionally
// an AVI or MP4) as an attempt at question questionID, in a session of its
// own: the files are checked first (nothing is stored when they do not
// read), copied into the data folder, analysed and the report kept. While
// the copy and the analysis run the attempt is "recording", so a crash or
// kill leaves it for RecoverInterrupted to mark interrupted; a cancelled
// analysis marks it interrupted at once.
func (s *Service) ImportAttempt(ctx context.Context, questionID int64, audio, video string, progress pipeline.Progress) (*AttemptReport, error) {
	q, err := s.Store.Question(ctx, questionID)
	if err != nil {
		return nil, err
	}
	in, err := checkImport(audio, video)
	if err != nil {
		return nil, err
	}
	sess, sqs, err := s.Store.StartSession(ctx, q.PracticeType, 0, []int64{questionID})
	if err != nil {
		return nil, err
	}
	drop := func() { s.Store.DeleteSession(context.Background(), sess.ID) }
	return s.importInto(ctx, sqs[0], in, audio, video, progress, drop, func() { s.Store.EndSession(ctx, sess.ID, time.Now()) })
}

// ImportAnswer is ImportAttempt into a session question that exists (a
// mock interview answered from files); the session is left open.
func (s *Service) ImportAnswer(ctx context.Context, sq store.SessionQuestion, audio, video string, progress pipeline.Progress) (*AttemptReport, error) {
	in, err := checkImport(audio, video)
	if err != nil {
		return nil, err
	}
	return s.importInto(ctx, sq, in, audio, video, progress, nil, nil)
}

func checkImport(audio, video string) (AnswerFiles, error) {
	if audio == "" && video == "" {
		return AnswerFiles{}, errors.New("give an audio file, a video file, or both")
	}
	return CheckAnswerFiles(audio, video)
}

// importInto copies the files in as an attempt at sq and analyses it; on
// failure before the analysis, drop (when set) removes what was made for
// it, else the attempt alone is removed. copied runs once the files are in.
func (s *Service) importInto(ctx context.Context, sq store.SessionQuestion, in AnswerFiles, audio, video string, progress pipeline.Progress, drop, copied func()) (*AttemptReport, error) {
	dir := filepath.Join(s.Dir.MediaDir(), fmt.Sprint(sq.SessionID))
	name := fmt.Sprintf("import-%d", time.Now().UnixNano())
	var a, v string
	if audio != "" {
		a = filepath.Join(dir, name+strings.ToLower(filepath.Ext(audio)))
	}
	if video != "" {
		v = filepath.Join(dir, name+strings.ToLower(filepath.Ext(video)))
	}
	id, err := s.Store.AddAttempt(ctx, store.Attempt{SessionQuestionID: sq.ID, Status: store.AttemptRecording, Duration: in.Duration, AudioPath: s.rel(a), VideoPath: s.rel(v)})
	if err != nil {
		if drop != nil {
			drop()
		}
		return nil, err
	}
	undo := func() {
		os.Remove(a)
		os.Remove(v)
		if drop != nil {
			drop()
		} else {
			s.Store.DeleteAttempt(context.Background(), id)
		}
	}
	for _, c := range [][2]string{{audio, a}, {video, v}} {
		if c[0] == "" {
			continue
		}
		if err := copyInto(ctx, c[0], c[1]); err != nil {
			undo()
			return nil, err
		}
	}
	if copied != nil {
		copied()
	}
	rep, err := s.analyze(ctx, id, progress)
	if err != nil {
		status := store.AttemptRecorded // the files are kept: --reanalyze can try again
		if ctx.Err() != nil {
			status = store.AttemptInterrupted
		}
		s.Store.FinishAttempt(context.Background(), id, status, in.Duration)
		return nil, fmt.Errorf("attempt %d was stored, but its analysis failed: %w", id, err)
	}
	return rep, nil
}

// AnswerFiles is what CheckAnswerFiles learnt of an answer's files.
type AnswerFiles struct {
	Duration time.Duration // of the audio
}

// CheckAnswerFiles checks an answer recorded elsewhere before anything is
// stored: the audio must be a WAV with sound in it and the video must open
// and give a frame. Errors name the user's files.
func CheckAnswerFiles(audio, videoFile string) (AnswerFiles, error) {
	var out AnswerFiles
	for _, p := range []string{audio, videoFile} {
		if p == "" {
			continue
		}
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			return out, fmt.Errorf("%s: %w", p, err)
		case fi.IsDir():
			return out, fmt.Errorf("%s is a folder, not a recording", p)
		case fi.Size() == 0:
			return out, fmt.Errorf("%s is empty", p)
		}
	}
	if audio != "" {
		if ext := strings.ToLower(filepath.Ext(audio)); ext != ".wav" && ext != ".weba" {
			return out, fmt.Errorf("%s: the answer's audio must be a WAV file, or NEVER MIND's own .weba (convert it first, e.g. ffmpeg -i %s answer.wav)", audio, filepath.Base(audio))
		}
		f, err := media.CheckLength(audio)
		if errors.Is(err, media.ErrTooLong) {
			return out, err
		}
		if err == nil && f.Frames < 0 {
			err = media.ErrEmpty
		}
		if err != nil {
			return out, fmt.Errorf("%s does not read as a recording: %w", audio, err)
		}
		d := time.Duration(f.Frames) * time.Second / time.Duration(f.SampleRate)
		if d < 500*time.Millisecond {
			return out, fmt.Errorf("%s is %.1f s long: too short to be an answer", audio, d.Seconds())
		}
		out.Duration = d
	}
	if videoFile != "" {
		if k, ok := appdata.KindOf(videoFile); !ok || k != appdata.VideoFile {
			return out, fmt.Errorf("%s: the answer's video must be an AVI, MP4, MOV, MKV or WebM file", videoFile)
		}
		r, err := video.Open(videoFile, video.Options{SampleFPS: -1})
		if err != nil {
			return out, fmt.Errorf("%s does not open as a video: %w", videoFile, err)
		}
		_, _, err = r.Next(nil)
		r.Close()
		if err != nil {
			return out, fmt.Errorf("%s holds no frame that reads: %w", videoFile, err)
		}
	}
	return out, nil
}

// copyInto copies src to dst through dst+".copying", synced, then renames
// it into place, so dst is whole or absent.
func copyInto(ctx context.Context, src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), appdata.DirMode); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	defer in.Close()
	tmp := dst + copyingSuffix
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, readerCtx{ctx, in})
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		if appdata.IsDiskFull(err) {
			return fmt.Errorf("copy %s into the data folder: the disk is full: %w", src, err)
		}
		return fmt.Errorf("copy %s into the data folder: %w", src, err)
	}
	return nil
}

// readerCtx stops a copy when ctx is done.
type readerCtx struct {
	ctx context.Context
	r   io.Reader
}

func (r readerCtx) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
