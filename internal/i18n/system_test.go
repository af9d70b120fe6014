package i18n

import (
	"runtime"
	"testing"
)

func TestFromLocale(t *testing.T) {
	for tag, want := range map[string]Lang{
		"ko-KR": KO, "ko_KR.UTF-8": KO, "ko": KO, "KO-kr": KO,
		"en-US": EN, "en_US.UTF-8": EN, "en_GB:en": EN, "en": EN,
		"de-DE": EN, "ja_JP.UTF-8": EN, "zh-Hans-CN": EN,
		"": KO, "C": KO, "POSIX": KO, "C.UTF-8": KO,
	} {
		if got := FromLocale(tag); got != want {
			t.Errorf("FromLocale(%q) = %s, want %s", tag, got, want)
		}
	}
}

// TestSystemReadsTheEnvironment: on Linux, LANG=en_US.UTF-8 alone gives
// English, and LANGUAGE, the user's list, wins over it.
func TestSystemReadsTheEnvironment(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the locale comes from the OS there")
	}
	for _, c := range []struct {
		language, lcAll, lang string
		want                  Lang
	}{
		{"", "", "en_US.UTF-8", EN},
		{"", "", "ko_KR.UTF-8", KO},
		{"ko:en", "", "en_US.UTF-8", KO},
		{"", "en_US.UTF-8", "ko_KR.UTF-8", EN},
		{"", "", "", KO},
	} {
		t.Setenv("LANGUAGE", c.language)
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		if got := System(); got != c.want {
			t.Errorf("LANGUAGE=%q LC_ALL=%q LANG=%q: %s, want %s", c.language, c.lcAll, c.lang, got, c.want)
		}
	}
}
