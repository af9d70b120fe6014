package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The practice keys — Space records or stops, Enter goes to the next
// question, Esc cancels, S skips — work whatever has focus. Fyne gives a
// key to the focused widget, and only unmodified keys with nothing focused
// reach the window; so every focusable widget of the practice screen is
// one of the routed widgets below, which hand these keys to the screen and
// never act on them themselves (a space never ticks a box or opens a
// dropdown).

// isPracticeKey reports whether ev is one of the practice keys.
func isPracticeKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape, fyne.KeyS:
		return true
	}
	return false
}

// routedButton is a Button that hands the practice keys to keys.
type routedButton struct {
	widget.Button
	keys func(*fyne.KeyEvent)
}

func newRoutedButton(label string, icon fyne.Resource, tapped func(), keys func(*fyne.KeyEvent)) *routedButton {
	b := &routedButton{keys: keys}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *routedButton) TypedKey(ev *fyne.KeyEvent) {
	if isPracticeKey(ev) && b.keys != nil {
		b.keys(ev)
		return
	}
	b.Button.TypedKey(ev)
}

func (b *routedButton) TypedRune(r rune) {}

// routedCheck is a Check that hands the practice keys to keys (a space
// does not tick it).
type routedCheck struct {
	widget.Check
	keys func(*fyne.KeyEvent)
}

func newRoutedCheck(label string, changed func(bool), keys func(*fyne.KeyEvent)) *routedCheck {
	c := &routedCheck{keys: keys}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *routedCheck) TypedKey(ev *fyne.KeyEvent) {
	if isPracticeKey(ev) && c.keys != nil {
		c.keys(ev)
		return
	}
	c.Check.TypedKey(ev)
}

func (c *routedCheck) TypedRune(r rune) {}

// routedSelect is a Select that hands the practice keys to keys (a space
// does not open it; the arrows still do).
type routedSelect struct {
	widget.Select
	keys func(*fyne.KeyEvent)
}

func newRoutedSelect(options []string, keys func(*fyne.KeyEvent)) *routedSelect {
	s := &routedSelect{keys: keys}
	s.Options = options
	s.ExtendBaseWidget(s)
	return s
}

func (s *routedSelect) TypedKey(ev *fyne.KeyEvent) {
	if isPracticeKey(ev) && s.keys != nil {
		s.keys(ev)
		return
	}
	s.Select.TypedKey(ev)
}
