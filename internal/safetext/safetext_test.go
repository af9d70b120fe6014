package safetext

import (
	"strings"
	"testing"
)

func TestCleaning(t *testing.T) {
	for _, tc := range []struct{ name, in, text, line string }{
		{"plain Korean", "자기소개를 해 주세요.", "자기소개를 해 주세요.", "자기소개를 해 주세요."},
		{"escape sequence", "a\x1b[2J\x1b]0;pwned\x07b", "a[2J]0;pwnedb", "a[2J]0;pwnedb"},
		{"NUL", "Redis\x00 도입", "Redis 도입", "Redis 도입"},
		{"C1 control", "a\u009bb", "ab", "ab"},
		{"bidi override", "file\u202egpj.exe", "filegpj.exe", "filegpj.exe"},
		{"line breaks", "one\r\ntwo\rthree\n\nfour\tfive", "one\ntwo\nthree\n\nfour\tfive", "one two three four five"},
		{"invalid bytes", "a\xffb", "ab", "ab"},
		{"zero width", "자기\u200b소개\u200d\u2060", "자기소개", "자기소개"},
		{"tag characters", "hello\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065", "hello", "hello"},
	} {
		if got := Text(tc.in); got != tc.text {
			t.Errorf("%s: Text = %q; want %q", tc.name, got, tc.text)
		}
		if got := Line(tc.in); got != tc.line {
			t.Errorf("%s: Line = %q; want %q", tc.name, got, tc.line)
		}
	}
	if got := Clip("가나다라마바사", 3); got != "가나다…" {
		t.Errorf("Clip = %q", got)
	}
	if got := Clip("short", 10); got != "short" {
		t.Errorf("Clip = %q", got)
	}
}

func TestWriter(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	in := "질문\x1b[2J\x1b]0;pwned\x07 one\rtwo\bthree\u202eevil\u200b\n\tok 가"
	// Written a byte at a time: runes cut between writes stay whole.
	for i := 0; i < len(in); i++ {
		if n, err := w.Write([]byte{in[i]}); n != 1 || err != nil {
			t.Fatal(n, err)
		}
	}
	if got, want := b.String(), "질문[2J]0;pwned onetwothreeevil\n\tok 가"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
