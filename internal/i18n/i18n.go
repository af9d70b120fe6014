// Package i18n is how NEVER MIND says things in Korean and English: the
// language type every package uses, the one bilingual text type (Text), the
// UI's strings loaded from assets/i18n (T, N), and the Hangul checks the
// Korean grammar rules need. Korean is the default.
package i18n

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"nevermind/assets"
)

// Lang is a UI language code: "ko" or "en".
type Lang string

// Supported UI languages.
const (
	KO Lang = "ko"
	EN Lang = "en"
)

// ParseLang reads "ko" or "en" (case and spaces ignored); anything else is
// Korean, the default.
func ParseLang(s string) Lang {
	if strings.EqualFold(strings.TrimSpace(s), "en") {
		return EN
	}
	return KO
}

// Text is something said in both languages.
type Text struct {
	KO string `json:"ko"`
	EN string `json:"en"`
}

// In returns the text in lang.
func (t Text) In(lang Lang) string {
	if lang == EN {
		return t.EN
	}
	return t.KO
}

// Tf formats both languages' strings of key with the same arguments.
func Tf(key string, args ...any) Text {
	return Text{KO: fmt.Sprintf(T(KO, key), args...), EN: fmt.Sprintf(T(EN, key), args...)}
}

var (
	once   sync.Once
	tables map[Lang]map[string]string
	err    error
)

func load() {
	tables = map[Lang]map[string]string{}
	for _, l := range []Lang{KO, EN} {
		b, e := assets.Translations.ReadFile("i18n/" + string(l) + ".json")
		if e != nil {
			err = e
			return
		}
		m := map[string]string{}
		if e := json.Unmarshal(b, &m); e != nil {
			err = fmt.Errorf("i18n/%s.json: %w", l, e)
			return
		}
		tables[l] = m
	}
}

// Check reports a broken translation table (a build problem).
func Check() error {
	once.Do(load)
	return err
}

// T returns the string for key in lang, falling back to Korean, then to the
// key itself so a missing string shows rather than vanishes.
func T(lang Lang, key string) string {
	once.Do(load)
	if s, ok := tables[lang][key]; ok {
		return s
	}
	if s, ok := tables[KO][key]; ok {
		return s
	}
	return key
}

// Keys lists the keys of lang's table.
func Keys(lang Lang) []string {
	once.Do(load)
	var ks []string
	for k := range tables[lang] {
		ks = append(ks, k)
	}
	return ks
}

// N is T for a count: key+".zero" when n is 0 and the table has it ("no
// streak yet" rather than "0-day streak"), in English key+".one" when n is
// 1 (when the table has it), so that "1 question" and "3 questions" both
// read right; the string is formatted with n. Korean has one form.
func N(lang Lang, key string, n int) string {
	once.Do(load)
	if n == 0 {
		if s, ok := tables[lang][key+".zero"]; ok {
			return s
		}
	}
	if lang == EN && n == 1 {
		if s, ok := tables[EN][key+".one"]; ok {
			return fmt.Sprintf(s, n)
		}
	}
	return fmt.Sprintf(T(lang, key), n)
}

// Count says n things in English, singular or plural: "1 pause",
// "3 pauses".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// HasHangul reports whether s contains Hangul, the simplest sign that text
// is Korean.
func HasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// IsSyllable reports whether r is a precomposed Hangul syllable (가-힣).
func IsSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// HasFinalConsonant reports whether r is a Hangul syllable with a final
// consonant (받침), which picks the particle after it: 은/는, 이/가, 을/를.
func HasFinalConsonant(r rune) bool { return IsSyllable(r) && (r-0xAC00)%28 != 0 }

// FinalSS reports whether r is a Hangul syllable ending in ㅆ, the mark of
// a past-tense stem (했, 었, 생겼).
func FinalSS(r rune) bool { return IsSyllable(r) && (r-0xAC00)%28 == 20 }
