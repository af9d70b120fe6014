// Package fonts finds a font that can draw Korean. Fyne's bundled font has no
// Hangul, so the UI uses, in order: the file named by NEVERMIND_FONT, a
// system Korean font, or the Noto Sans KR files that `make deps` puts in
// fonts/. Every candidate is opened and must map '가' and 'A' to glyphs.
package fonts

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/image/font/sfnt"
)

// EnvFont names a font file to use instead of searching.
const EnvFont = "NEVERMIND_FONT"

// Face is a usable Korean font: a regular file and, when found, a bold one.
type Face struct {
	Regular string `json:"regular"`
	Bold    string `json:"bold,omitempty"`
	Source  string `json:"source"` // "env", "system" or "bundled"
}

type candidate struct{ regular, bold string }

func systemCandidates() []candidate {
	switch runtime.GOOS {
	case "windows":
		win := os.Getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		f := filepath.Join(win, "Fonts")
		return []candidate{{filepath.Join(f, "malgun.ttf"), filepath.Join(f, "malgunbd.ttf")}, {filepath.Join(f, "gulim.ttc"), ""}}
	case "darwin":
		return []candidate{
			{"/Library/Fonts/NanumGothic.ttf", "/Library/Fonts/NanumGothicBold.ttf"},
			{"/System/Library/Fonts/Supplemental/AppleGothic.ttf", ""},
			{"/System/Library/Fonts/Supplemental/AppleMyungjo.ttf", ""},
		}
	default:
		return []candidate{
			{"/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"},
			{"/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumBarunGothicBold.ttf"},
			{"/usr/share/fonts/nanum/NanumGothic.ttf", "/usr/share/fonts/nanum/NanumGothicBold.ttf"},
			{"/usr/share/fonts/truetype/noto/NotoSansKR-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSansKR-Bold.ttf"},
			{"/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf", "/usr/share/fonts/truetype/unfonts-core/UnDotumBold.ttf"},
			{"/usr/share/fonts/truetype/baekmuk/gulim.ttf", ""},
		}
	}
}

// fontconfigCandidates asks fontconfig for any Korean TrueType font, for
// Linux systems whose fonts live elsewhere.
func fontconfigCandidates() []candidate {
	if runtime.GOOS != "linux" {
		return nil
	}
	out, err := exec.Command("fc-list", ":lang=ko:style=Regular", "file").Output()
	if err != nil {
		return nil
	}
	var cs []candidate
	for _, line := range strings.Split(string(out), "\n") {
		p := strings.TrimSuffix(strings.TrimSpace(line), ":")
		if strings.HasSuffix(strings.ToLower(p), ".ttf") || strings.HasSuffix(strings.ToLower(p), ".otf") {
			cs = append(cs, candidate{regular: p})
		}
	}
	return cs
}

// Find returns the first usable Korean font. roots are the folders searched
// for the bundled fallback (ROOT/fonts/).
func Find(roots []string) (Face, error) {
	if p := os.Getenv(EnvFont); p != "" {
		if err := CheckHangul(p); err != nil {
			return Face{}, fmt.Errorf("%s=%s: %w", EnvFont, p, err)
		}
		return Face{Regular: p, Source: "env"}, nil
	}
	var tried []string
	try := func(cs []candidate, source string) (Face, bool) {
		for _, c := range cs {
			if _, err := os.Stat(c.regular); err != nil {
				continue
			}
			tried = append(tried, c.regular)
			if CheckHangul(c.regular) != nil {
				continue
			}
			f := Face{Regular: c.regular, Source: source}
			if c.bold != "" && CheckHangul(c.bold) == nil {
				f.Bold = c.bold
			}
			return f, true
		}
		return Face{}, false
	}
	if f, ok := try(systemCandidates(), "system"); ok {
		return f, nil
	}
	if f, ok := try(fontconfigCandidates(), "system"); ok {
		return f, nil
	}
	var bundled []candidate
	for _, r := range roots {
		bundled = append(bundled, candidate{filepath.Join(r, "fonts", "NotoSansKR-Regular.ttf"), filepath.Join(r, "fonts", "NotoSansKR-Bold.ttf")})
	}
	if f, ok := try(bundled, "bundled"); ok {
		return f, nil
	}
	if len(tried) == 0 {
		return Face{}, errors.New("no Korean font found on this system or next to the app")
	}
	return Face{}, fmt.Errorf("no usable Korean font among %s", strings.Join(tried, ", "))
}

// CheckHangul opens a TrueType/OpenType file and checks that it draws both
// Hangul and Latin letters.
func CheckHangul(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := sfnt.Parse(b)
	if err != nil {
		return fmt.Errorf("%s is not a TrueType/OpenType font: %w", path, err)
	}
	var buf sfnt.Buffer
	for _, r := range []rune{'가', '힣', 'A'} {
		if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
			return fmt.Errorf("%s has no glyph for %q", path, r)
		}
	}
	return nil
}
