package i18n

import (
	"strings"

	"github.com/jeandeaual/go-locale"
)

// System is the UI language for a user who has not chosen one: the
// system's language as the platform gives it (LANGUAGE, LC_ALL,
// LC_MESSAGES and LANG on Linux; the user's locale on Windows and macOS,
// whose GUI apps have no such variables).
func System() Lang {
	tag, _ := locale.GetLocale()
	return FromLocale(tag)
}

// FromLocale is the UI language for a locale ("ko-KR", "en_US.UTF-8",
// "de"): Korean for Korean; English for any other language, which its
// speaker is likelier to read than Korean; Korean, the app's first
// language, when the locale says nothing ("", "C", "POSIX").
func FromLocale(tag string) Lang {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, ":"); i >= 0 {
		tag = tag[:i] // LANGUAGE lists several; the first is preferred
	}
	lang := tag
	if i := strings.IndexAny(tag, "-_.@"); i >= 0 {
		lang = tag[:i]
	}
	switch {
	case lang == "" || lang == "c" || lang == "posix":
		return KO
	case lang == "ko" || lang == "kor":
		return KO
	}
	return EN
}
