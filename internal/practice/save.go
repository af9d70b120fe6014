// An answer's analysis, made again from its files and stored.

package practice

import (
	"context"
	"encoding/json"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/media"
	"nevermind/internal/store"
)

// Reanalyze analyses a stored attempt's files again (after an upgrade, or
// once a speech model is installed) and replaces its report.
func (s *Service) Reanalyze(ctx context.Context, attemptID int64, progress pipeline.Progress) (*AttemptReport, error) {
	return s.analyze(ctx, attemptID, progress)
}

func (s *Service) analyze(ctx context.Context, id int64, progress pipeline.Progress) (*AttemptReport, error) {
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
		a.Duration = media.Seconds(res.Report.Report.DurationS)
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
		end := media.Seconds(fd.End)
		f.Findings = append(f.Findings, store.Finding{Dimension: fd.Dimension, Severity: store.Severity(fd.Severity), Code: fd.Kind,
			At: media.Seconds(fd.Start), End: &end, Message: fd.Message, Suggestion: fd.Suggestion})
	}
	return s.Store.SaveFeedback(ctx, f)
}

func toStoreTranscript(id int64, t analysis.Transcript) store.Transcript {
	d := func(s float64) time.Duration { return media.Seconds(s) }
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
