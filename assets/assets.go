// Package assets holds files embedded in the binary: the built-in question
// bank and the application icon.
package assets

import "embed"

// Questions holds questions/*.json, the built-in question bank.
//
//go:embed questions/*.json
var Questions embed.FS

// Translations holds i18n/<lang>.json: UI strings by key.
//
//go:embed i18n/*.json
var Translations embed.FS

// FyneTranslations holds i18n/fyne/<lang>.json: the strings of Fyne's own
// dialogs (file chooser, entry menus), in the app's languages.
//
//go:embed i18n/fyne/*.json
var FyneTranslations embed.FS

// Icon is the application icon (512×512 PNG).
//
//go:embed icon.png
var Icon []byte
