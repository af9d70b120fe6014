package ui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"nevermind/internal/fonts"
)

// koreanTheme is Fyne's default theme with a font that has Hangul; Fyne's
// bundled font has none, so without it Korean shows as boxes.
type koreanTheme struct {
	fyne.Theme
	regular, bold fyne.Resource
}

// NewTheme loads face into a theme. When face has no bold file, bold text
// uses the regular one.
func NewTheme(face fonts.Face) (fyne.Theme, error) {
	reg, err := loadFont(face.Regular)
	if err != nil {
		return nil, err
	}
	t := &koreanTheme{Theme: theme.DefaultTheme(), regular: reg, bold: reg}
	if face.Bold != "" {
		if b, err := loadFont(face.Bold); err == nil {
			t.bold = b
		}
	}
	return t, nil
}

func loadFont(p string) (fyne.Resource, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("load font: %w", err)
	}
	return fyne.NewStaticResource(filepath.Base(p), b), nil
}

// Font returns the Korean font for text, and Fyne's own for monospace and
// symbols.
func (t *koreanTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	if s.Bold {
		return t.bold
	}
	return t.regular
}

// Color keeps the default palette.
func (t *koreanTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, v)
}
