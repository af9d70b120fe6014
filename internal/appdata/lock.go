package appdata

import "os"

// Lock is an exclusive lock on a file, held by this process until Unlock
// (or until it exits, however it exits: the operating system releases it,
// which is how a folder left by a killed process is told from one in use).
type Lock struct{ f *os.File }

// TryLock takes the lock on path (created when missing) without waiting:
// ok is false when another process holds it.
func TryLock(path string) (l *Lock, ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, err
	}
	if ok, err = tryLock(f); !ok || err != nil {
		f.Close()
		return nil, false, err
	}
	return &Lock{f}, true, nil
}

// Unlock releases the lock.
func (l *Lock) Unlock() {
	if l != nil {
		l.f.Close()
	}
}
