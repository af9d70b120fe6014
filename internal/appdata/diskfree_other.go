//go:build !linux && !darwin && !freebsd && !dragonfly && !windows

package appdata

import "errors"

// freeSpace cannot tell free space on this OS; callers skip the check.
func freeSpace(string) (uint64, error) {
	return 0, errors.ErrUnsupported
}
