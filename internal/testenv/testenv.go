// Package testenv lets a test step aside when something it needs is not
// installed, except under CI: there everything the tests need is installed
// by `make test`, so a test that would skip fails instead, naming what is
// missing.
package testenv

import (
	"fmt"
	"os"
	"testing"
)

// CI reports whether the tests run under CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Skip skips the test, or under CI fails it with the same words.
func Skip(tb testing.TB, args ...any) {
	tb.Helper()
	if CI() {
		tb.Fatal(append([]any{"would skip under CI (an install step is missing):"}, args...)...)
	}
	tb.Skip(args...)
}

// Skipf is Skip with a format.
func Skipf(tb testing.TB, format string, args ...any) {
	tb.Helper()
	Skip(tb, fmt.Sprintf(format, args...))
}

// Long marks a test that takes seconds (a whole answer end to end, a
// minute of speech against Praat): `make check` runs the tests with
// -short and leaves these to `make test`, which never passes -short.
func Long(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("a long test: make test runs it (make check passes -short)")
	}
}
