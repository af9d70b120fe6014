package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// verbRe matches a fmt verb with its optional argument indices.
var verbRe = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d*)?(?:\[(\d+)\])?([a-zA-Z%])`)

// argKinds lists the argument each position of a format takes: 'd'
// (integer), 'f' (float) or 's' (anything printable).
func argKinds(format string) (map[int]byte, error) {
	kinds := map[int]byte{}
	next := 1
	for _, m := range verbRe.FindAllStringSubmatch(format, -1) {
		if m[3] == "%" {
			continue
		}
		pos := next
		for _, idx := range []string{m[1], m[2]} {
			if idx != "" {
				pos, _ = strconv.Atoi(idx)
			}
		}
		next = pos + 1
		k := byte('s')
		switch m[3] {
		case "d", "x":
			k = 'd'
		case "f", "g", "e":
			k = 'f'
		}
		if old, ok := kinds[pos]; ok && old != k {
			return nil, fmt.Errorf("argument %d used as both %c and %c", pos, old, k)
		}
		kinds[pos] = k
	}
	return kinds, nil
}

// TestFormatsAgree: every string with fmt verbs takes the same arguments
// in Korean and in English, and formats them without a "%!" error (an
// English sentence once showed "%!f(BADINDEX)" to users).
func TestFormatsAgree(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	for _, key := range Keys(KO) {
		ko, en := T(KO, key), T(EN, key)
		kk, err := argKinds(ko)
		if err != nil {
			t.Errorf("%s (ko): %v", key, err)
			continue
		}
		ek, err := argKinds(en)
		if err != nil {
			t.Errorf("%s (en): %v", key, err)
			continue
		}
		if fmt.Sprint(kk) != fmt.Sprint(ek) {
			t.Errorf("%s: Korean takes %v, English %v", key, kk, ek)
			continue
		}
		n := 0
		for pos := range kk {
			n = max(n, pos)
		}
		args := make([]any, n) // a text may use only some of the arguments
		for i := range args {
			switch kk[i+1] {
			case 'd':
				args[i] = 3
			case 'f':
				args[i] = 2.5
			default:
				args[i] = "x"
			}
		}
		if len(args) == 0 {
			continue
		}
		for lang, s := range map[Lang]string{KO: ko, EN: en} {
			if out := fmt.Sprintf(s, args...); strings.Contains(out, "%!") {
				t.Errorf("%s (%s) formats badly: %s", key, lang, out)
			}
		}
	}
}
