//go:build !(cgo && codecs)

package opus

import "errors"

// Available reports whether this binary can encode Opus.
const Available = false

// Encoder is not available in this build.
type Encoder struct{}

// NewEncoder fails: this binary was built without libopus.
func NewEncoder(int) (*Encoder, error) {
	return nil, errors.New("opus: this build has no Opus encoder (built without the codecs tag)")
}

// PreSkip is 0.
func (*Encoder) PreSkip() int { return 0 }

// Write fails.
func (*Encoder) Write([]float32, func([]byte) error) error { return errors.New("opus: no encoder") }

// Flush fails.
func (*Encoder) Flush(func([]byte) error) error { return errors.New("opus: no encoder") }

// Close does nothing.
func (*Encoder) Close() {}
