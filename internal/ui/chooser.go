package ui

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
)

// chooser is the app's own folder and file chooser, every word in the
// app's language (Fyne's names its places "Home" and "Computer" whatever
// the language). Folders open with a click; in a file chooser, a file of
// the wanted kind is picked with a click and confirmed.
type chooser struct {
	lang    i18n.Lang
	folders bool   // choose a folder (the one shown), not a file
	ext     string // the files offered (".nmx", or ".hwp|.docx"); "" for none in a folder chooser
	dir     string
	chosen  string // the file picked
	names   []os.DirEntry
	where   *widget.Label
	list    *widget.List
	ok      *widget.Button
	dialog  dialog.Dialog
	pick    func(path string)
}

// chooseFolder asks for a folder, starting at start; pick gets its path.
func chooseFolder(lang i18n.Lang, win fyne.Window, title, confirm, start string, pick func(string)) *chooser {
	return showChooser(&chooser{lang: lang, folders: true, pick: pick}, win, title, confirm, start)
}

// chooseFile asks for a file ending in ext, starting at start.
func chooseFile(lang i18n.Lang, win fyne.Window, title, confirm, ext, start string, pick func(string)) *chooser {
	return showChooser(&chooser{lang: lang, ext: ext, pick: pick}, win, title, confirm, start)
}

func showChooser(c *chooser, win fyne.Window, title, confirm, start string) *chooser {
	t := func(k string) string { return i18n.T(c.lang, k) }
	c.where = wrapLabel("")
	c.list = widget.NewList(func() int { return len(c.names) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), nil, widget.NewLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			e := c.names[i]
			icon := theme.FolderIcon()
			if !e.IsDir() {
				icon = theme.FileIcon()
			}
			for _, k := range row.Objects {
				switch w := k.(type) {
				case *widget.Label:
					w.SetText(e.Name())
				case *widget.Icon:
					w.SetResource(icon)
				}
			}
		})
	c.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(c.names) {
			return
		}
		e := c.names[i]
		if e.IsDir() {
			c.open(filepath.Join(c.dir, e.Name()))
			return
		}
		c.chosen = filepath.Join(c.dir, e.Name())
		c.ok.Enable()
	}
	up := widget.NewButtonWithIcon(t("chooser.up"), theme.MoveUpIcon(), func() { c.open(filepath.Dir(c.dir)) })
	places := container.NewHBox(up)
	home := userHome()
	for _, p := range []struct{ key, path string }{{"chooser.home", home}, {"chooser.desktop", filepath.Join(home, "Desktop")},
		{"chooser.documents", filepath.Join(home, "Documents")}, {"chooser.downloads", filepath.Join(home, "Downloads")}} {
		if fi, err := os.Stat(p.path); err == nil && fi.IsDir() {
			path := p.path
			places.Add(widget.NewButton(t(p.key), func() { c.open(path) }))
		}
	}
	cancel := widget.NewButton(t("dialog.cancel"), func() { c.dialog.Hide() })
	c.ok = widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), func() {
		path := c.dir
		if !c.folders {
			path = c.chosen
		}
		if path == "" {
			return
		}
		c.dialog.Hide()
		c.pick(path)
	})
	c.ok.Importance = widget.HighImportance
	body := container.NewBorder(container.NewVBox(places, c.where), nil, nil, nil, c.list)
	d := dialog.NewCustomWithoutButtons(title, body, win)
	d.SetButtons([]fyne.CanvasObject{cancel, c.ok})
	d.Resize(fileDialogSize)
	c.dialog = d
	c.open(start)
	d.Show()
	return c
}

// open shows folder dir: its folders, then its files of the wanted kind,
// hidden ones left out.
func (c *chooser) open(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		c.where.SetText(dir + "\n" + problemText(c.lang, err))
		return
	}
	c.dir, c.chosen = dir, ""
	c.names = c.names[:0]
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() || (!c.folders && c.offers(e.Name())) {
			c.names = append(c.names, e)
		}
	}
	sort.SliceStable(c.names, func(i, j int) bool {
		if c.names[i].IsDir() != c.names[j].IsDir() {
			return c.names[i].IsDir()
		}
		return strings.ToLower(c.names[i].Name()) < strings.ToLower(c.names[j].Name())
	})
	c.where.SetText(dir)
	c.list.UnselectAll()
	c.list.Refresh()
	if c.folders {
		c.ok.Enable()
	} else {
		c.ok.Disable()
	}
}

// offers reports whether a file of this name is one the chooser offers.
func (c *chooser) offers(name string) bool {
	for _, x := range strings.Split(c.ext, "|") {
		if x != "" && strings.EqualFold(filepath.Ext(name), x) {
			return true
		}
	}
	return false
}
