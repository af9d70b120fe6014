package practice

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/feedback"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/appdata"
	"nevermind/internal/coach"
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
	// DiskFree, when set, stands in for the free space of the data
	// folder's disk (tests of the storage screen and the low-space
	// warning).
	DiskFree func(dir string) (uint64, error)

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
