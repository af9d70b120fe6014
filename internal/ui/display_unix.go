//go:build linux || freebsd || openbsd || netbsd

package ui

import (
	"errors"
	"os"
)

// CheckDisplay reports a missing display before the windowing library would
// abort on it.
func CheckDisplay() error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are empty): run it in a desktop session, " +
			"or use `nevermind doctor` and the other commands from a terminal")
	}
	return nil
}
