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
		if strings.ContainsRune("lmnLMN", r) || strings.HasSuffix(strings.ToLower(w), "ng") {
			return true
		}
		// A short capital acronym is read letter by letter (SQL 에스큐엘,
		// WMS 더블유엠에스); a word ending in k, p or t after a short vowel
		// ends in ㄱ, ㅂ, ㅅ (Slack 슬랙, VLOOKUP 브이룩업, HubSpot 허브스팟).
		last := w[strings.LastIndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })+1:]
		if len(last) <= 5 && strings.ToUpper(last) == last {
			return false
		}
		low := strings.ToLower(last)
		if n := len(low); n >= 2 && strings.ContainsRune("kpt", rune(low[n-1])) {
			prev := low[n-2]
			long := n >= 3 && strings.ContainsRune("aeiou", rune(low[n-3])) // Boot 부트
			return strings.ContainsRune("aiou", rune(prev)) && !long || low[n-1] == 'k' && prev == 'c'
		}
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
