package ui

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Fyne's test driver runs fyne.Do and fyne.DoAndWait on the calling
// goroutine: with no main loop, two workers updating widgets at once race
// with each other and with the test, which the race detector reports
// though the real driver would have serialised them. newTestApp is
// test.NewTempApp with a driver that does what the real one does: every
// fyne.Do runs in order on one goroutine (the "main" one); fyne.Do
// returns at once, fyne.DoAndWait when its function has run. A test
// reads widgets inside fyne.DoAndWait, so it sees every update queued
// before.
func newTestApp(t testing.TB) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	d := &serialDriver{Driver: a.Driver(), work: make(chan func(), 4096), stop: make(chan struct{})}
	started := make(chan struct{})
	go d.loop(started)
	<-started
	s := &serialApp{App: a, drv: d}
	fyne.SetCurrentApp(s)
	t.Cleanup(func() {
		loads.Wait()              // the screens' loads under way queue their updates here,
		fyne.DoAndWait(func() {}) // and what was queued runs first
		close(d.stop)
	})
	return s
}

type serialApp struct {
	fyne.App
	drv *serialDriver
}

func (a *serialApp) Driver() fyne.Driver { return a.drv }

type serialDriver struct {
	fyne.Driver
	work chan func()
	stop chan struct{}
	id   uint64
	mu   sync.Mutex
	text sync.Mutex
}

func (d *serialDriver) loop(started chan struct{}) {
	d.mu.Lock()
	d.id = goroutineID()
	d.mu.Unlock()
	close(started)
	for {
		select {
		case f := <-d.work:
			f()
		case <-d.stop:
			// Late updates of a finished test run here, in order.
			for {
				select {
				case f := <-d.work:
					f()
				default:
					return
				}
			}
		}
	}
}

func (d *serialDriver) DoFromGoroutine(f func(), wait bool) {
	d.mu.Lock()
	onLoop := goroutineID() == d.id
	d.mu.Unlock()
	if onLoop {
		f()
		return
	}
	select {
	case <-d.stop:
		f() // the test is over: nothing else runs widgets now
		return
	default:
	}
	if !wait {
		d.work <- f
		return
	}
	done := make(chan struct{})
	d.work <- func() { defer close(done); f() }
	<-done
}

func goroutineID() uint64 {
	b := make([]byte, 64)
	b = b[:runtime.Stack(b, false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, _ := strconv.ParseUint(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	return id
}

// RenderedTextSize measures text one call at a time: screens are built on
// the test's goroutine while queued updates run on the loop, and the
// test driver's text measurement keeps a cache of its own.
func (d *serialDriver) RenderedTextSize(text string, size float32, style fyne.TextStyle, source fyne.Resource) (fyne.Size, float32) {
	d.text.Lock()
	defer d.text.Unlock()
	return d.Driver.RenderedTextSize(text, size, style, source)
}
