//go:build !linux && !darwin && !freebsd && !dragonfly && !windows

package coach

import "errors"

// totalMemory cannot tell on this OS; the smallest model is recommended.
func totalMemory() (uint64, error) { return 0, errors.ErrUnsupported }
