//go:build !amd64 || purego

package dsp

// Dot returns the dot product of a and b[:len(a)]; len(a) must be a multiple
// of 8 and b at least as long.
func Dot(a, b []float32) float32 { return dotGeneric(a, b) }
