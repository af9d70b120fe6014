// Package dsp holds small signal-processing kernels shared by the audio
// code: today a vectorised dot product.
package dsp

// dotGeneric returns the dot product of a and b[:len(a)]; len(a) must be a
// multiple of 8. Indexing (rather than reslicing) lets the compiler drop the
// bounds checks, and four accumulators keep the floating-point adds
// independent. It is the portable version of dot.
func dotGeneric(a, b []float32) float32 {
	n := len(a)
	b = b[:n]
	var s0, s1, s2, s3 float32
	for i := 0; i+7 < n; i += 8 {
		s0 += a[i]*b[i] + a[i+4]*b[i+4]
		s1 += a[i+1]*b[i+1] + a[i+5]*b[i+5]
		s2 += a[i+2]*b[i+2] + a[i+6]*b[i+6]
		s3 += a[i+3]*b[i+3] + a[i+7]*b[i+7]
	}
	return (s0 + s1) + (s2 + s3)
}
