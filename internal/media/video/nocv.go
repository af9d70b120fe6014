//go:build !opencv

package video

import "image"

// Compiled reports whether OpenCV is built into this binary.
func Compiled() bool { return false }

// Reader is unavailable without OpenCV.
type Reader struct{}

// Open returns ErrUnavailable: this binary has no OpenCV.
func Open(string, Options) (*Reader, error) { return nil, ErrUnavailable }

// Info is empty.
func (*Reader) Info() Info { return Info{} }

// Next returns ErrUnavailable.
func (*Reader) Next(*image.RGBA) (*image.RGBA, Frame, error) { return nil, Frame{}, ErrUnavailable }

// Stats is empty.
func (*Reader) Stats() Stats { return Stats{} }

// Close does nothing.
func (*Reader) Close() error { return nil }

// Writer is unavailable without OpenCV.
type Writer struct{}

// Create returns ErrUnavailable.
func Create(string, float64, int, int) (*Writer, error) { return nil, ErrUnavailable }

// Write returns ErrUnavailable.
func (*Writer) Write(image.Image) error { return ErrUnavailable }

// Close does nothing.
func (*Writer) Close() error { return nil }
