//go:build windows

package models

import "golang.org/x/sys/windows"

// freeDiskSpace reports the bytes available to this user on the volume
// holding dir.
func freeDiskSpace(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var free, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(p, &free, &total, &totalFree); err != nil {
		return 0, err
	}
	return free, nil
}
