package voice

import (
	"errors"
	"fmt"
	"sync"

	"nevermind/internal/analysis/onnx"
)

// Silero runs Silero VAD v6 over 16 kHz audio in 32 ms chunks, through the
// app's ONNX Runtime wrapper. Version 6 needs the previous chunk's last 64
// samples in front of each 512 new ones, or it hears no speech.
type Silero struct {
	sess   *onnx.Session
	input  *onnx.Tensor[float32]
	state  *onnx.Tensor[float32]
	sr     *onnx.Scalar[int64]
	output *onnx.Tensor[float32]
	stateN *onnx.Tensor[float32]

	pending []float32
	probs   []float32
}

const (
	sileroChunk   = 512
	sileroContext = 64
)

// NewSilero loads the model at path.
func NewSilero(path string) (*Silero, error) {
	s := &Silero{}
	var err error
	if s.input, err = onnx.NewTensor[float32]([]int64{1, sileroContext + sileroChunk}, nil); err != nil {
		return nil, err
	}
	if s.state, err = onnx.NewTensor[float32]([]int64{2, 1, 128}, nil); err != nil {
		s.Close()
		return nil, err
	}
	if s.sr, err = onnx.NewScalar[int64](SampleRate); err != nil {
		s.Close()
		return nil, err
	}
	if s.output, err = onnx.NewTensor[float32]([]int64{1, 1}, nil); err != nil {
		s.Close()
		return nil, err
	}
	if s.stateN, err = onnx.NewTensor[float32]([]int64{2, 1, 128}, nil); err != nil {
		s.Close()
		return nil, err
	}
	s.sess, err = onnx.NewSession(path, []string{"input", "state", "sr"}, []string{"output", "stateN"},
		[]onnx.Value{s.input, s.state, s.sr}, []onnx.Value{s.output, s.stateN})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("silero VAD: %w", err)
	}
	s.pending = make([]float32, sileroContext, sileroContext+2*sileroChunk)
	return s, nil
}

// Write feeds samples; every full 512-sample chunk is classified.
func (s *Silero) Write(p []float32) error {
	s.pending = append(s.pending, p...)
	off := 0
	for len(s.pending)-off >= sileroContext+sileroChunk {
		copy(s.input.GetData(), s.pending[off:off+sileroContext+sileroChunk])
		if err := s.sess.Run(); err != nil {
			return fmt.Errorf("silero VAD: %w", err)
		}
		copy(s.state.GetData(), s.stateN.GetData())
		s.probs = append(s.probs, s.output.GetData()[0])
		off += sileroChunk
	}
	// Keep only the unprocessed tail (with its 64-sample context).
	s.pending = append(s.pending[:0], s.pending[off:]...)
	return nil
}

// Probabilities returns the speech probability of each 32 ms chunk so far.
func (s *Silero) Probabilities() []float32 { return s.probs }

// Close frees the session and tensors.
func (s *Silero) Close() {
	if s.sess != nil {
		s.sess.Close()
	}
	for _, t := range []*onnx.Tensor[float32]{s.input, s.state, s.output, s.stateN} {
		if t != nil {
			t.Destroy()
		}
	}
	if s.sr != nil {
		s.sr.Destroy()
	}
	*s = Silero{}
}

// sileroWarmup is how many chunks (1 s) a part after the first runs before
// its own start, so that its recurrent state has settled on the audio by
// then: Silero forgets in well under a second.
const sileroWarmup = 32

// SileroProbabilities classifies a whole recording in parts on up to
// workers goroutines, each with its own session, and returns what one
// Silero streaming through it would (the speech probability of each 32 ms
// chunk): each part after the first starts sileroWarmup chunks early and
// drops those outputs. A part is at least 10 s long.
func SileroProbabilities(model string, samples []float32, workers int) ([]float32, error) {
	chunks := (len(samples) - 0) / sileroChunk
	parts := min(max(workers, 1), max(chunks/(10*SampleRate/sileroChunk), 1))
	out := make([]float32, chunks)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := 0; k < parts; k++ {
		from, to := k*chunks/parts, (k+1)*chunks/parts
		warm := min(from, sileroWarmup)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := NewSilero(model)
			if err != nil {
				errs[k] = err
				return
			}
			defer s.Close()
			start := (from - warm) * sileroChunk
			if start > 0 {
				// The 64 samples of context before the part's first chunk.
				copy(s.pending, samples[start-sileroContext:start])
			}
			if err := s.Write(samples[start : to*sileroChunk]); err != nil {
				errs[k] = err
				return
			}
			copy(out[from:to], s.probs[warm:])
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}
