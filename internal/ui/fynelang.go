package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"nevermind/assets"
	"nevermind/internal/i18n"
)

// useFyneLanguage makes Fyne's own words (the file chooser's 열기/취소,
// 새 폴더, an entry's 복사/붙여넣기 menu) follow the app's language rather
// than the system's: Fyne picks its strings by the system locale and has
// no Korean, so the app's strings are registered under that locale.
func useFyneLanguage(l i18n.Lang) {
	b, err := assets.FyneTranslations.ReadFile("i18n/fyne/" + string(l) + ".json")
	if err != nil {
		fyne.LogError("Fyne's strings", err)
		return
	}
	for _, loc := range []fyne.Locale{lang.SystemLocale(), "en"} {
		if err := lang.AddTranslationsForLocale(b, loc); err != nil {
			fyne.LogError("Fyne's strings", err)
		}
	}
}
