package onnx

import (
	"errors"
	"fmt"
	"os"
	"slices"

	ort "github.com/yalue/onnxruntime_go"
)

// Tensor is a typed tensor whose data the caller reads and writes in place
// between runs.
type Tensor[T ort.TensorData] = ort.Tensor[T]

// Scalar is a typed single value (a 0-dimensional input such as a sample
// rate).
type Scalar[T ort.TensorData] = ort.Scalar[T]

// Value is any tensor or scalar that can be bound to a session.
type Value = ort.Value

// NewTensor makes a tensor of shape; data, if given, must fill it exactly.
func NewTensor[T ort.TensorData](shape []int64, data []T) (*Tensor[T], error) {
	n := int64(1)
	for _, d := range shape {
		if d <= 0 {
			return nil, fmt.Errorf("onnx tensor shape %v: every dimension must be positive", shape)
		}
		n *= d
	}
	if data == nil {
		data = make([]T, n)
	}
	if int64(len(data)) != n {
		return nil, fmt.Errorf("onnx tensor shape %v needs %d values, got %d", shape, n, len(data))
	}
	t, err := ort.NewTensor(ort.NewShape(shape...), data)
	if err != nil {
		return nil, fmt.Errorf("onnx tensor %v: %w", shape, err)
	}
	return t, nil
}

// NewScalar makes a scalar input.
func NewScalar[T ort.TensorData](v T) (*Scalar[T], error) {
	s, err := ort.NewScalar(v)
	if err != nil {
		return nil, fmt.Errorf("onnx scalar: %w", err)
	}
	return s, nil
}

// Session is one model bound to fixed input and output values with the
// app's session options. It is not safe for concurrent use: one goroutine
// fills the inputs, calls Run and reads the outputs.
type Session struct {
	s    *ort.AdvancedSession
	path string
}

// ErrModelMissing is returned when a model file is not where it was looked
// for.
var ErrModelMissing = errors.New("model file missing")

// NewSession loads modelPath with the given input and output names bound to
// the given values. Init must have succeeded. The names are checked against
// the model so that a wrong or damaged file gives a message that says so.
func NewSession(modelPath string, inputNames, outputNames []string, inputs, outputs []Value) (*Session, error) {
	if Version() == "" {
		return nil, fmt.Errorf("%w: load the library first (run `make deps`, or set %s)", ErrUnavailable, EnvLibrary)
	}
	if _, err := os.Stat(modelPath); err != nil {
		return nil, fmt.Errorf("%w: %s (run `make deps` to fetch it)", ErrModelMissing, modelPath)
	}
	io, err := Inspect(modelPath)
	if err != nil {
		return nil, err
	}
	for _, n := range inputNames {
		if !slices.Contains(io.Inputs, n) {
			return nil, fmt.Errorf("model %s has no input %q (it has %v): is it the right file?", modelPath, n, io.Inputs)
		}
	}
	for _, n := range outputNames {
		if !slices.Contains(io.Outputs, n) {
			return nil, fmt.Errorf("model %s has no output %q (it has %v): is it the right file?", modelPath, n, io.Outputs)
		}
	}
	opts, err := SessionOptions()
	if err != nil {
		return nil, err
	}
	defer opts.Destroy()
	s, err := ort.NewAdvancedSession(modelPath, inputNames, outputNames, inputs, outputs, opts)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", modelPath, err)
	}
	return &Session{s: s, path: modelPath}, nil
}

// Run runs the model once on the bound inputs, filling the bound outputs.
func (s *Session) Run() error {
	if err := s.s.Run(); err != nil {
		return fmt.Errorf("run model %s: %w", s.path, err)
	}
	return nil
}

// Close frees the session. The bound values are the caller's to destroy.
func (s *Session) Close() error {
	if s == nil || s.s == nil {
		return nil
	}
	err := s.s.Destroy()
	s.s = nil
	return err
}
