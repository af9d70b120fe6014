//go:build unix

package store

import (
	"os"
	"syscall"
)

// probeLock exits 0 when another process holds a lock on SQLite's shared
// lock range of the database at p, 1 when the range is free.
func probeLock(p string) int {
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return 2
	}
	defer f.Close()
	const pendingByte = 0x40000000
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: pendingByte + 2, Len: 510}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return 2
	}
	if lk.Type == syscall.F_UNLCK {
		os.Stderr.WriteString("no process holds a shared lock on the database\n")
		return 1
	}
	return 0
}
