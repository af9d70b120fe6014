//go:build linux || darwin || freebsd || dragonfly

package appdata

import "golang.org/x/sys/unix"

// freeSpace reports the bytes available to this user on the file system
// holding dir.
func freeSpace(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
