//go:build amd64 && !purego

package dsp

import "golang.org/x/sys/cpu"

// The resampler and the pitch tracker spend most of their time in Dot. The AVX2/FMA version
// (dot_amd64.s) is about five times faster than the scalar Go loop, which
// the compiler does not vectorise; it is used when the CPU and OS support it.
// Build with -tags purego to use the portable version.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotAVX2 returns the dot product of the n floats at a and b; n must be a
// positive multiple of 8.
//
//go:noescape
func dotAVX2(a, b *float32, n int) float32

// Dot returns the dot product of a and b[:len(a)]; len(a) must be a multiple
// of 8 and b at least as long.
func Dot(a, b []float32) float32 {
	if useAVX2 && len(a) >= 8 {
		b = b[:len(a)]
		return dotAVX2(&a[0], &b[0], len(a))
	}
	return dotGeneric(a, b)
}
