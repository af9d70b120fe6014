package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// The room a window's frame takes beyond its content (title bar and
// borders), in screen pixels: a window sized to the work area less this
// fits with its frame.
const frameW, frameH = 16, 48

// fitSize is the window size (in Fyne units, at scale pixels a unit) that
// fits a work area of workW×workH screen pixels: want when it fits, else
// as much of the work area as the frame leaves; ok is false when want
// fits as it is.
func fitSize(want fyne.Size, workW, workH int, scale float32) (fyne.Size, bool) {
	if workW <= 0 || workH <= 0 || scale <= 0 {
		return want, false
	}
	w := float32(workW-frameW) / scale
	h := float32(workH-frameH) / scale
	if want.Width <= w && want.Height <= h {
		return want, false
	}
	return fyne.NewSize(min(want.Width, w), min(want.Height, h)), true
}

// fitToScreen sizes the first window to the primary screen's work area
// (the screen less its panels and docks) when its default size is larger:
// on a 1024×640 screen the window and its language button stay on screen.
// It must run on the main thread once the driver has started (GLFW is
// initialised then).
func fitToScreen(w fyne.Window) {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return
	}
	_, _, ww, wh := m.GetWorkarea()
	scale := w.Canvas().Scale()
	if runtime.GOOS == "darwin" {
		scale = 1 // macOS's screen coordinates are points, as Fyne's units are
	}
	if s, ok := fitSize(w.Canvas().Size(), ww, wh, scale); ok {
		w.Resize(s)
		w.CenterOnScreen()
	}
}
