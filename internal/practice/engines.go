package practice

import (
	"errors"
	"sync"

	"nevermind/internal/analysis/pipeline"
)

// ErrLoading means the analysis engines are not loaded yet (the app opens
// its window before they are).
var ErrLoading = errors.New("the analysis engines are still loading")

// engines holds the pipeline in use. A swap (a speech model downloaded,
// imported, removed or chosen while the app runs) never reaches an answer
// already being recorded or analysed: each use holds a lease on the
// pipeline it started with, and a replaced pipeline is closed when its
// last lease ends.
type engines struct {
	mu  sync.Mutex
	cur *engineSet
}

// engineSet is one pipeline and what closes the engines it alone owns.
type engineSet struct {
	p       *pipeline.Pipeline
	close   func()
	leases  int
	retired bool
}

// SetPipeline makes p the pipeline every answer from now on uses. close,
// which may be nil, releases the engines p alone owns; it runs once no
// answer uses p any more (at once when none does). The pipeline it
// replaces is closed the same way.
func (s *Service) SetPipeline(p *pipeline.Pipeline, close func()) {
	s.eng.mu.Lock()
	old := s.eng.cur
	s.eng.cur = nil
	if p != nil {
		s.eng.cur = &engineSet{p: p, close: close}
	}
	closeOld := old != nil && old.retire()
	s.eng.mu.Unlock()
	if closeOld {
		old.close()
	}
}

// Pipeline is the pipeline new answers use (nil while the engines load).
// Callers change no field of it once answers may be using it: a change
// is a new pipeline given to SetPipeline.
func (s *Service) Pipeline() *pipeline.Pipeline {
	s.eng.mu.Lock()
	defer s.eng.mu.Unlock()
	if s.eng.cur == nil {
		return nil
	}
	return s.eng.cur.p
}

// Ready says whether the analysis engines are loaded.
func (s *Service) Ready() bool { return s.Pipeline() != nil }

// lease takes the current pipeline for one answer; release ends the
// lease (once; later calls do nothing).
func (s *Service) lease() (p *pipeline.Pipeline, release func(), err error) {
	s.eng.mu.Lock()
	set := s.eng.cur
	if set == nil {
		s.eng.mu.Unlock()
		return nil, func() {}, ErrLoading
	}
	set.leases++
	s.eng.mu.Unlock()
	var once sync.Once
	return set.p, func() {
		once.Do(func() {
			s.eng.mu.Lock()
			set.leases--
			closeIt := set.retired && set.leases == 0 && set.close != nil
			s.eng.mu.Unlock()
			if closeIt {
				set.close()
			}
		})
	}, nil
}

// retire marks the set replaced (under the engines' lock) and says whether
// it is to be closed now.
func (e *engineSet) retire() bool {
	e.retired = true
	return e.leases == 0 && e.close != nil
}

// Close closes the engines in use once no answer uses them.
func (s *Service) Close() { s.SetPipeline(nil, nil) }
