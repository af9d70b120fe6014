//go:build darwin || freebsd || dragonfly

package coach

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// totalMemory asks the kernel: hw.memsize on macOS, hw.physmem on the BSDs.
func totalMemory() (uint64, error) {
	if runtime.GOOS == "darwin" {
		return unix.SysctlUint64("hw.memsize")
	}
	return unix.SysctlUint64("hw.physmem")
}
