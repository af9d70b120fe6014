//go:build !(linux || freebsd || openbsd || netbsd)

package ui

// CheckDisplay reports a missing display; Windows and macOS always have one.
func CheckDisplay() error { return nil }
