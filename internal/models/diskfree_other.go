//go:build !linux && !darwin && !freebsd && !dragonfly && !windows

package models

import "errors"

// freeDiskSpace cannot tell free space on this OS; downloads skip the check.
func freeDiskSpace(string) (uint64, error) {
	return 0, errors.ErrUnsupported
}
