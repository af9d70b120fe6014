package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// errTooLarge: a file is over what its command reads.
var errTooLarge = errors.New("too large")

// readSmallFile reads a file the user named, bounded: only a regular file
// (a FIFO, a device such as /dev/zero or a folder is refused before it is
// opened, so nothing waits on it or reads without end), and no more than
// limit bytes (a larger one is errTooLarge, after reading limit+1).
func readSmallFile(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is over %d KB: %w", path, limit/1000, errTooLarge)
	}
	return b, nil
}
