//go:build !whisper

package speech

// Compiled reports whether whisper.cpp is built into this binary.
func Compiled() bool { return false }

// SystemInfo describes the whisper.cpp build; empty without it.
func SystemInfo() string { return "" }

// ProbeModel returns ErrUnavailable: this binary has no whisper.cpp.
func ProbeModel(string) error { return ErrUnavailable }

// Open returns ErrUnavailable: this binary has no whisper.cpp.
func Open(string) (Transcriber, error) { return nil, ErrUnavailable }

// MeasureCost needs whisper.cpp.
func MeasureCost(path string, samples []float32, threads, tokensPerWindow int) (Cost, error) {
	return Cost{}, ErrUnavailable
}

// OpenCostModel needs whisper.cpp.
func OpenCostModel(string, float64) (Transcriber, error) { return nil, ErrUnavailable }
