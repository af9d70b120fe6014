//go:build !gui

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// This is the command-line program: it links no GUI library, so it starts
// in milliseconds and prints nothing but its own output under any locale.
// The app is a second program beside it (built with the gui tag), which
// `nevermind` with no arguments, or `nevermind gui`, starts.

// appProgram is the app's file name.
func appProgram() string {
	if runtime.GOOS == "windows" {
		return "nevermind-app.exe"
	}
	return "nevermind-app"
}

// findApp looks for the app beside this program (links resolved).
func findApp() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	p := filepath.Join(filepath.Dir(exe), appProgram())
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("the app (%s) is not installed beside %s: reinstall NEVER MIND, or build it with `make build`", appProgram(), exe)
	}
	return p, nil
}

// runGUI starts the app and waits for it, passing on its exit code.
func runGUI(stderr io.Writer) int {
	p, err := findApp()
	if err != nil {
		return fail(stderr, err)
	}
	cmd := exec.Command(p)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		return fail(stderr, err)
	}
	return 0
}
