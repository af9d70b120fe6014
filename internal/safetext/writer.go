package safetext

import (
	"io"
	"unicode/utf8"
)

// Writer passes text on to a terminal without what a terminal acts on or
// that reads differently from what it holds: the runes Text removes
// (escape sequences, carriage returns, backspaces, bidirectional
// controls, zero-width and tag characters, invalid bytes) are dropped;
// line breaks and tabs stay. A rune split across two writes is kept whole.
type Writer struct {
	w    io.Writer
	rest []byte // the start of a rune the last write cut
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes p without the runes a terminal would act on; it reports
// len(p) when everything kept was written.
func (t *Writer) Write(p []byte) (int, error) {
	b := append(t.rest, p...)
	t.rest = nil
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 && !utf8.FullRune(b[i:]) {
			t.rest = append([]byte(nil), b[i:]...) // completed by the next write
			break
		}
		if r == '\n' || r == '\t' || !invisible(r) {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
