// Package i18n holds the UI's strings in Korean and English, loaded from
// assets/i18n. Korean is the default.
package i18n

import (
	"encoding/json"
	"fmt"
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
