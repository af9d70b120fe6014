// Korean grammar for inserted words: particles after a final consonant
// or a vowel, and the two sentence frames of every generator.

package coach

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"nevermind/internal/i18n"
)

// batchim reports whether the word ends in a final consonant as Koreans
// read it, for choosing particles (을/를, 이/가, 은/는, 과/와).
func batchim(w string) bool {
	w = strings.TrimRight(w, " '\"’”)…")
	r, _ := utf8.DecodeLastRuneInString(w)
	switch {
	case i18n.IsSyllable(r):
		return i18n.HasFinalConsonant(r)
	case r >= '0' && r <= '9':
		return strings.ContainsRune("013678", r) // 영 일 삼 육 칠 팔
	case unicode.IsLetter(r):
		return strings.ContainsRune("lmnLMN", r) || strings.HasSuffix(strings.ToLower(w), "ng")
	}
	return false
}

// particle is the particle alone for w (after a quote mark).
func particle(w, with, without string) string {
	if batchim(w) {
		return with
	}
	return without
}

// josa picks the particle for w: josa("Python", "을", "를").
func josa(w, with, without string) string {
	if batchim(w) {
		return w + with
	}
	return w + without
}

// twoFrames is a question in one of its generator's two sentence frames
// (the first when first is set) and, as alt, in the other, in Korean or
// English: the set uses each frame once before repeating one.
func twoFrames(ko, first bool, ko1, ko2, en1, en2 string) (text, alt string) {
	a, b := ko1, ko2
	if !ko {
		a, b = en1, en2
	}
	if first {
		return a, b
	}
	return b, a
}
