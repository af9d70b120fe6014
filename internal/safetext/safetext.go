// Package safetext cleans text that came from outside the program (an LLM's
// reply, a pasted document, a name in an archive) before it is shown on a
// terminal or a screen, or stored: no control characters that a terminal
// acts on (escape sequences), no NUL, no bidirectional overrides that make
// text read differently from what it holds.
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// invisible reports runes that are never kept: controls, bidirectional
// embeddings, overrides and isolates, the byte-order mark, zero-width
// characters, Unicode tag characters (which can carry hidden text to a
// reader or an LLM), and invalid bytes.
func invisible(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return true
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c, r == 0xfeff:
		return true
	case r >= 0x200b && r <= 0x200d, r >= 0x2060 && r <= 0x2064, r == 0x180e, r >= 0xe0000 && r <= 0xe007f:
		return true
	}
	return false
}

// Text cleans a document: line breaks and tabs stay (\r\n becomes \n), every
// other control character, NUL and bidirectional control is removed.
func Text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r == '\r' {
			return '\n'
		}
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// Line cleans text for one line: Text, then every run of white space
// (line breaks included) becomes one space, trimmed.
func Line(s string) string {
	return strings.Join(strings.FieldsFunc(Text(s), unicode.IsSpace), " ")
}

// Clip is Line cut to at most n runes, with "…" when it was cut.
func Clip(s string, n int) string {
	s = Line(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
