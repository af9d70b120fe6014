package practice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/capture"
	"nevermind/internal/coach"
	"nevermind/internal/media"
	"nevermind/internal/media/video"
	"nevermind/internal/store"
)

// Service is the practice use cases over one data folder.
//
// The analysis pipeline is set with SetPipeline (it may arrive after the
// service is made, and change while it runs); a Service is not copied.
type Service struct {
	Dir   appdata.Dir
	Store *store.Store
	// RecentDays: questions attempted this recently are picked last.
	RecentDays int
	// LLM, when set, adds its rubric to the content evaluation (the rules
	// always run).
	LLM coach.LLM

	eng engines
}

// NewService is a service over one data folder analysing with p (nil:
// set later with SetPipeline).
func NewService(dir appdata.Dir, st *store.Store, p *pipeline.Pipeline) *Service {
	s := &Service{Dir: dir, Store: st}
	s.SetPipeline(p, nil)
	return s
}

// pipelineFor is base with the content evaluation of question q: the
// answer is judged against the question and the saved resume and JD.
func (s *Service) pipelineFor(ctx context.Context, base *pipeline.Pipeline, q store.Question) *pipeline.Pipeline {
	p := *base
	p.Kind = feedback.KindOf(string(q.PracticeType), q.Category)
	prof, _ := s.Store.Profile(ctx)
	p.ContentFor = func(ctx context.Context, t analysis.Transcript, durationS float64) *feedback.Content {
		lang := t.Language
		if lang != "en" {
			lang = string(q.Language)
		}
		e, err := coach.Evaluate(ctx, s.LLM, coach.Answer{Question: q.Text, Text: t.Text, Lang: lang, DurationS: durationS, Resume: prof.ResumeText, JD: prof.JDText}, nil)
		if err != nil {
			return nil
		}
		return e.Feedback()
	}
	return &p
}

// AttemptReport is a stored attempt with its analysis.
type AttemptReport struct {
	Attempt store.Attempt
	Result  *pipeline.Result
}

// StartSession opens a session of practice type t with n questions in
// lang, from the bank and the generated ones, leaving out the questions
// practised in the last RecentDays (3 by default) unless there are not
// enough others.
func (s *Service) StartSession(ctx context.Context, t store.PracticeType, lang store.Language, n int) (store.Session, []store.SessionQuestion, error) {
	qs, err := s.Store.Questions(ctx, store.QuestionFilter{Type: t, Language: lang})
	if err != nil {
		return store.Session{}, nil, err
	}
	if len(qs) == 0 {
		return store.Session{}, nil, fmt.Errorf("%w: no %s questions in %s (add some in the question bank)", ErrNoQuestions, t, lang)
	}
	days := s.RecentDays
	if days == 0 {
		days = 3
	}
	recent, err := s.Store.RecentQuestionIDs(ctx, time.Now().AddDate(0, 0, -days))
	if err != nil {
		return store.Session{}, nil, err
	}
	rank := map[int64]int{} // position in recency; absent = not recent
	for i, id := range recent {
		rank[id] = i + 1
	}
	var fresh, old []int64
	for _, q := range qs {
		if rank[q.ID] == 0 {
			fresh = append(fresh, q.ID)
		} else {
			old = append(old, q.ID)
		}
	}
	rand.Shuffle(len(fresh), func(i, j int) { fresh[i], fresh[j] = fresh[j], fresh[i] })
	// The least recently practised come back first.
	sort.Slice(old, func(i, j int) bool { return rank[old[i]] > rank[old[j]] })
	ids := append(fresh, old...)
	if len(ids) > n {
		ids = ids[:n]
	}
	return s.Store.StartSession(ctx, t, 0, ids)
}

// MockSession opens a full mock interview in lang: two opening questions,
// two job questions and a hard one, a different set each day.
func (s *Service) MockSession(ctx context.Context, lang store.Language, now time.Time) (store.Session, []store.SessionQuestion, error) {
	var ids []int64
	for _, part := range []struct {
		t store.PracticeType
		n int
	}{{store.TypeBasic, 2}, {store.TypeJob, 2}, {store.TypeSituational, 1}} {
		qs, err := s.Store.Questions(ctx, store.QuestionFilter{Type: part.t, Language: lang})
		if err != nil {
			return store.Session{}, nil, err
		}
		for i := 0; i < part.n && i < len(qs); i++ {
			ids = append(ids, qs[(int(now.Unix()/86400)+i)%len(qs)].ID)
		}
	}
	if len(ids) == 0 {
		return store.Session{}, nil, fmt.Errorf("%w: no questions in %s for a mock interview", ErrNoQuestions, lang)
	}
	return s.Store.StartSession(ctx, store.TypeBasic, 0, ids)
}

// AddFollowUp writes a follow-up question (꼬리질문) on answer, the text of
// an answer to q (llm may be nil: the offline rules write it), keeps it as
// a generated question and adds it to the session after the others.
func (s *Service) AddFollowUp(ctx context.Context, llm coach.LLM, sessionID int64, q store.Question, answer string) (store.SessionQuestion, store.Question, error) {
	if strings.TrimSpace(answer) == "" {
		return store.SessionQuestion{}, store.Question{}, ErrNoAnswer
	}
	lang := "ko"
	if q.Language == store.English {
		lang = "en"
	}
	qs, _, err := coach.FollowUps(ctx, llm, coach.Answer{Question: q.Text, Text: answer, Lang: lang}, 1, nil)
	if err != nil {
		return store.SessionQuestion{}, store.Question{}, err
	}
	if len(qs) == 0 {
		return store.SessionQuestion{}, store.Question{}, coach.ErrNothingToAsk
	}
	nq := store.Question{Origin: store.OriginGenerated, PracticeType: q.PracticeType, Category: "followup", Language: q.Language, Text: qs[0]}
	id, err := s.Store.AddGeneratedQuestion(ctx, nq, store.Generation{Source: store.FromFollowUp, Model: "coach", ParentQuestionID: q.ID})
	if err != nil {
		return store.SessionQuestion{}, store.Question{}, err
	}
	sq, err := s.Store.AddSessionQuestion(ctx, sessionID, id)
	if err != nil {
		return store.SessionQuestion{}, store.Question{}, err
	}
	nq, err = s.Store.Question(ctx, id)
	return sq, nq, err
}

// FinishSession marks a session ended.
func (s *Service) FinishSession(ctx context.Context, id int64) error {
	return s.Store.EndSession(ctx, id, time.Now())
}

func (s *Service) history(ctx context.Context) feedback.History {
	return s.historyBefore(ctx, time.Time{})
}

// historyBefore is the user's last overall scores before a moment (zero:
// all of them), for the comparison in the summary.
func (s *Service) historyBefore(ctx context.Context, before time.Time) feedback.History {
	pts, err := s.Store.MetricSeriesBefore(ctx, "score:overall", 5, before)
	if err != nil || len(pts) == 0 {
		return nil
	}
	h := feedback.History{}
	for _, p := range pts {
		h["overall"] = append(h["overall"], p.Value)
	}
	return h
}

// Media is where an attempt's recordings are, resolved inside the data
// folder's media folder (appdata.Dir.MediaPath); "" for what it has none of.
type Media struct {
	Audio, Video, Frames string
}

// MediaOf resolves a stored attempt's recording paths. A path that would
// leave the media folder (a row or a link the app did not write) is an
// error, and nothing is opened.
func (s *Service) MediaOf(a store.Attempt) (Media, error) {
	var m Media
	var err error
	if a.AudioPath != "" {
		if m.Audio, err = s.Dir.MediaPath(a.AudioPath, appdata.AudioFile); err != nil {
			return Media{}, fmt.Errorf("attempt %d: %w", a.ID, err)
		}
	}
	if a.VideoPath != "" {
		if m.Video, err = s.Dir.MediaPath(a.VideoPath, appdata.VideoFile); err != nil {
			return Media{}, fmt.Errorf("attempt %d: %w", a.ID, err)
		}
		fr := strings.TrimSuffix(a.VideoPath, path.Ext(a.VideoPath)) + ".frames"
		if p, err := s.Dir.MediaPath(fr, appdata.FramesFile); err == nil {
			m.Frames = p
		}
	}
	return m, nil
}

func (s *Service) rel(abs string) string {
	if abs == "" {
		return ""
	}
	r, err := s.Dir.Rel(abs)
	if err != nil {
		return ""
	}
	return r
}

// copyingSuffix ends a recording being copied in; a kill leaves it behind,
// and RecoverInterrupted removes it.
const copyingSuffix = ".copying"

// ImportAttempt stores an answer recorded elsewhere (a WAV, and optionally
// an AVI or MP4) as an attempt at question questionID: the files are
// checked first (nothing is stored when they do not read), copied into
// the data folder, analysed and the report kept. While the copy and the
// analysis run the attempt is "recording", so a crash or kill leaves it
// for RecoverInterrupted to mark interrupted; a cancelled analysis marks it
// interrupted at once.
func (s *Service) ImportAttempt(ctx context.Context, questionID int64, audio, video string, progress pipeline.Progress) (*AttemptReport, error) {
	q, err := s.Store.Question(ctx, questionID)
	if err != nil {
		return nil, err
	}
	if audio == "" && video == "" {
		return nil, errors.New("give an audio file, a video file, or both")
	}
	in, err := CheckAnswerFiles(audio, video)
	if err != nil {
		return nil, err
	}
	sess, sqs, err := s.Store.StartSession(ctx, q.PracticeType, 0, []int64{questionID})
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(s.Dir.MediaDir(), fmt.Sprint(sess.ID))
	name := fmt.Sprintf("import-%d", time.Now().UnixNano())
	var a, v string
	if audio != "" {
		a = filepath.Join(dir, name+".wav")
	}
	if video != "" {
		v = filepath.Join(dir, name+strings.ToLower(filepath.Ext(video)))
	}
	id, err := s.Store.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, Status: store.AttemptRecording, Duration: in.Duration, AudioPath: s.rel(a), VideoPath: s.rel(v)})
	if err != nil {
		s.Store.DeleteSession(ctx, sess.ID)
		return nil, err
	}
	undo := func() {
		os.Remove(a)
		os.Remove(v)
		s.Store.DeleteSession(context.Background(), sess.ID)
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
	s.Store.EndSession(ctx, sess.ID, time.Now())
	rep, err := s.analyse(ctx, id, progress)
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
		if !strings.EqualFold(filepath.Ext(audio), ".wav") {
			return out, fmt.Errorf("%s: the answer's audio must be a WAV file (convert it first, e.g. ffmpeg -i %s answer.wav)", audio, filepath.Base(audio))
		}
		a, err := media.ReadWAVFile(audio)
		if err != nil {
			return out, fmt.Errorf("%s does not read as a WAV recording: %w", audio, err)
		}
		if a.Duration() < 500*time.Millisecond {
			return out, fmt.Errorf("%s is %.1f s long: too short to be an answer", audio, a.Duration().Seconds())
		}
		out.Duration = a.Duration()
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

// Reanalyze analyses a stored attempt's files again (after an upgrade, or
// once a speech model is installed) and replaces its report.
func (s *Service) Reanalyze(ctx context.Context, attemptID int64, progress pipeline.Progress) (*AttemptReport, error) {
	return s.analyse(ctx, attemptID, progress)
}

func (s *Service) analyse(ctx context.Context, id int64, progress pipeline.Progress) (*AttemptReport, error) {
	a, err := s.Store.Attempt(ctx, id)
	if err != nil {
		return nil, err
	}
	q, err := s.Store.AttemptQuestion(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := s.MediaOf(a)
	if err != nil {
		return nil, err
	}
	base, release, err := s.lease()
	if err != nil {
		return nil, err
	}
	defer release()
	hist := s.history(ctx)
	res, err := s.pipelineFor(ctx, base, q).Files(ctx, m.Audio, m.Video, hist, progress)
	if err != nil {
		return nil, err
	}
	if res.Report.Report != nil && a.Duration == 0 {
		a.Duration = time.Duration(res.Report.Report.DurationS * float64(time.Second))
	}
	if a.Status == store.AttemptRecording {
		if err := s.Store.FinishAttempt(ctx, id, store.AttemptRecorded, a.Duration); err != nil {
			return nil, err
		}
	}
	if err := s.save(ctx, id, res); err != nil {
		return nil, err
	}
	a, err = s.Store.Attempt(ctx, id)
	return &AttemptReport{Attempt: a, Result: res}, err
}

// Recording is an attempt being recorded and analysed live.
type Recording struct {
	s    *Service
	id   int64
	rec  *capture.Recorder
	live *pipeline.Live
	// release ends the recording's lease on its pipeline, once the answer
	// is stored (or kept unanalysed).
	release func()
}

// StartRecording records an attempt at a session question from the given
// devices (cam may be nil); the analysis runs while it records.
func (s *Service) StartRecording(ctx context.Context, sq store.SessionQuestion, mic capture.AudioSource, cam capture.VideoSource) (_ *Recording, err error) {
	base, release, err := s.lease()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	dir := filepath.Join(s.Dir.MediaDir(), fmt.Sprint(sq.SessionID))
	name := fmt.Sprintf("q%d-%d", sq.QuestionID, time.Now().UnixNano())
	o := capture.Options{Dir: dir, Name: name, Mic: mic}
	if cam != nil {
		o.Camera = cam
	}
	rec, err := capture.Start(o)
	if err != nil {
		return nil, err
	}
	video := ""
	if cam != nil {
		video = s.rel(filepath.Join(dir, name+".avi"))
	}
	id, err := s.Store.AddAttempt(ctx, store.Attempt{SessionQuestionID: sq.ID, AudioPath: s.rel(filepath.Join(dir, name+".wav")), VideoPath: video})
	if err != nil {
		rec.Stop()
		return nil, err
	}
	q, err := s.Store.Question(ctx, sq.QuestionID)
	if err != nil {
		rec.Stop()
		return nil, err
	}
	live, err := s.pipelineFor(ctx, base, q).StartLive(ctx, rec)
	if err != nil {
		rec.Stop()
		return nil, err
	}
	return &Recording{s: s, id: id, rec: rec, live: live, release: release}, nil
}

// Keep ends the recording without analysing it: the files and the attempt
// are kept (status recorded), to be analysed later from the records.
//
// A recording too short to be an answer (under half a second: cancelled
// before a word) is deleted instead; kept says which.
func (r *Recording) Keep(ctx context.Context) (kept bool, err error) {
	s := r.s
	defer r.release()
	res := r.rec.Stop()
	r.live.Abort()
	if res.Err == nil && res.Duration < 500*time.Millisecond {
		if err := s.Store.SetAttemptMedia(ctx, r.id, s.rel(res.Audio), s.rel(res.Video)); err != nil {
			return true, err
		}
		return false, s.DeleteAttempt(ctx, r.id)
	}
	if err := s.Store.SetAttemptMedia(ctx, r.id, s.rel(res.Audio), s.rel(res.Video)); err != nil {
		return true, err
	}
	status := store.AttemptRecorded
	if res.Err != nil {
		status = store.AttemptInterrupted
	}
	return true, s.Store.FinishAttempt(ctx, r.id, status, res.Duration)
}

// Recorder is the capture in progress (levels, Done, Listening).
func (r *Recording) Recorder() *capture.Recorder { return r.rec }

// Live is the analysis in progress (preview frames).
func (r *Recording) Live() *pipeline.Live { return r.live }

// AttemptID is the stored attempt.
func (r *Recording) AttemptID() int64 { return r.id }

// Stop ends the recording, finishes the analysis and stores everything.
// The timings include "stop" (closing the files) and "store".
func (r *Recording) Stop(ctx context.Context) (*AttemptReport, error) {
	return r.StopEarly(ctx, nil)
}

// StopEarly is Stop, calling early with the delivery feedback (not yet
// stored) while the transcript's tail is still being recognised
// (pipeline.Live.FinishEarly).
func (r *Recording) StopEarly(ctx context.Context, early func(*AttemptReport)) (*AttemptReport, error) {
	s := r.s
	defer r.release()
	t0 := time.Now()
	res := r.rec.Stop()
	stopped := time.Since(t0)
	// What was recorded is written down even when the analysis is being
	// cancelled: only the analysis stops.
	keep := context.WithoutCancel(ctx)
	if err := s.Store.SetAttemptMedia(keep, r.id, s.rel(res.Audio), s.rel(res.Video)); err != nil {
		return nil, err
	}
	status := store.AttemptRecorded
	if res.Err != nil {
		status = store.AttemptInterrupted
	}
	if err := s.Store.FinishAttempt(keep, r.id, status, res.Duration); err != nil {
		return nil, err
	}
	var earlyRes func(*pipeline.Result)
	if early != nil {
		earlyRes = func(p *pipeline.Result) {
			a, _ := s.Store.Attempt(ctx, r.id)
			early(&AttemptReport{Attempt: a, Result: p})
		}
	}
	out, err := r.live.FinishEarly(ctx, res, s.history(ctx), earlyRes)
	if err != nil {
		return nil, err
	}
	out.Timings["stop"] = stopped
	t1 := time.Now()
	if err := s.save(ctx, r.id, out); err != nil {
		return nil, err
	}
	out.Timings["store"] = time.Since(t1)
	a, err := s.Store.Attempt(ctx, r.id)
	return &AttemptReport{Attempt: a, Result: out}, err
}

// save stores the transcript and the feedback (which marks the attempt
// analysed).
func (s *Service) save(ctx context.Context, id int64, res *pipeline.Result) error {
	if t := res.Report.Transcript; t != nil {
		if err := s.Store.SaveTranscript(ctx, toStoreTranscript(id, *t)); err != nil {
			return err
		}
	}
	return s.saveFeedback(ctx, id, res)
}

// saveFeedback stores the report: the measurements, the scores and the
// findings (which marks the attempt analysed).
func (s *Service) saveFeedback(ctx context.Context, id int64, res *pipeline.Result) error {
	doc, err := json.Marshal(map[string]any{"schema_version": 1, "report": res.Report, "feedback": res.Feedback, "skipped": res.Skipped})
	if err != nil {
		return err
	}
	f := store.Feedback{AttemptID: id, ReportVersion: res.Feedback.Version, MetricsJSON: string(doc), Metrics: flatMetrics(res.Report),
		Summary: res.Feedback.Summary}
	for _, d := range feedback.Dimensions {
		sc := res.Feedback.Scores[d]
		f.Scores = append(f.Scores, store.Score{Dimension: d, Score: sc.Value, Reason: sc.Reason.KO + " / " + sc.Reason.EN})
	}
	for _, fd := range res.Feedback.Findings {
		end := time.Duration(fd.End * float64(time.Second))
		f.Findings = append(f.Findings, store.Finding{Dimension: fd.Dimension, Severity: store.Severity(fd.Severity), Code: fd.Kind,
			At: time.Duration(fd.Start * float64(time.Second)), End: &end, Message: fd.Message, Suggestion: fd.Suggestion})
	}
	return s.Store.SaveFeedback(ctx, f)
}

func toStoreTranscript(id int64, t analysis.Transcript) store.Transcript {
	d := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	out := store.Transcript{AttemptID: id, Language: store.Language(t.Language), Engine: t.Engine, Model: t.Model, Text: t.Text}
	if out.Language != store.Korean && out.Language != store.English {
		out.Language = store.Korean
	}
	wi := 0
	for _, sg := range t.Segments {
		seg := store.Segment{Start: d(sg.Start), End: d(sg.End), Text: sg.Text}
		for wi < len(t.Words) && t.Words[wi].Start < sg.End+0.01 {
			w := t.Words[wi]
			seg.Words = append(seg.Words, store.Word{Start: d(w.Start), End: d(w.End), Text: w.Text})
			wi++
		}
		out.Segments = append(out.Segments, seg)
	}
	return out
}

// flatMetrics are the numbers kept per attempt for trends.
func flatMetrics(r analysis.Report) map[string]float64 {
	m := map[string]float64{}
	if v := r.Report; v != nil {
		m["duration_s"] = v.DurationS
		m["voice.speech_s"] = v.Voice.SpeechS
		m["voice.pitch_sd_semitones"] = v.Voice.Pitch.SDSemitones
		m["voice.loudness_in_range"] = v.Voice.Loudness.InRangeRatio
		m["voice.long_pauses"] = float64(v.Voice.LongPauseCount)
		m["voice.max_pause_s"] = v.Voice.MaxPauseS
		m["voice.syllables_per_min"] = v.Voice.Rate.SyllablesPerMin
		m["voice.filled_pauses"] = float64(len(v.Voice.FilledPauses))
	}
	if sp := r.Speech; sp != nil && sp.Available {
		m["speech.filler_ratio"] = sp.FillerRatio
		m["speech.fillers_per_min"] = sp.FillersPerMin
		if sp.Rate.SyllablesPerMin != nil {
			m["speech.syllables_per_min"] = *sp.Rate.SyllablesPerMin
		}
		if sp.Rate.WordsPerMin != nil {
			m["speech.words_per_min"] = *sp.Rate.WordsPerMin
		}
	}
	if f := r.Face; f != nil {
		m["face.present_ratio"] = f.PresentRatio
		m["face.frontal_ratio"] = f.FrontalRatio
		m["face.blinks_per_min"] = f.BlinksPerMin
		m["face.smile_ratio"] = f.SmileRatio
		m["face.head_movement"] = f.HeadMovement
	}
	if p := r.Pose; p != nil {
		m["pose.present_ratio"] = p.PresentRatio
		m["pose.slouch_ratio"] = p.SlouchRatio
		m["pose.shoulder_tilt_mean"] = p.ShoulderTiltDeg.Mean
		m["pose.hand_face_touches"] = float64(p.HandFaceTouches)
		m["pose.hand_motion"] = p.HandMotion
	}
	return m
}
