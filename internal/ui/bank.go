package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// QuestionBank is what the bank screen needs from the store. Calls may block
// briefly; they are made from the UI goroutine.
type QuestionBank interface {
	Questions(ctx context.Context, f store.QuestionFilter) ([]store.Question, error)
	AddQuestion(ctx context.Context, q store.Question) (int64, error)
	DeleteQuestion(ctx context.Context, id int64) (hidden bool, err error)
}

// bankScreen lists the question bank with filters, shows the selected
// question's tip and lets the user add their own questions.
type bankScreen struct {
	lang   i18n.Lang
	bank   QuestionBank
	parent func() fyne.Window

	filter    store.QuestionFilter
	questions []store.Question
	selected  int

	typeSel, langSel *widget.Select
	search           *widget.Entry
	count            *widget.Label
	list             *widget.List
	detailText       *widget.Label
	detailMeta       *widget.Label
	detailTip        *widget.Label
	tipCard          *widget.Card
	deleteBtn        *widget.Button
	status           *widget.Label
	practiseBtn      *widget.Button
	content          fyne.CanvasObject
	// practise starts a session on one question (nil: no button).
	practise func(practice.Spec)
}

func newBankScreen(lang i18n.Lang, bank QuestionBank, parent func() fyne.Window) *bankScreen {
	s := &bankScreen{lang: lang, bank: bank, parent: parent, selected: -1}
	t := s.t

	typeOpts := []string{t("filter.all")}
	for _, pt := range store.PracticeTypes {
		typeOpts = append(typeOpts, t("type."+string(pt)))
	}
	s.typeSel = widget.NewSelect(typeOpts, func(string) {
		i := s.typeSel.SelectedIndex()
		s.filter.Type = ""
		if i > 0 {
			s.filter.Type = store.PracticeTypes[i-1]
		}
		s.refresh()
	})
	langs := []store.Language{"", store.Korean, store.English}
	s.langSel = widget.NewSelect([]string{t("filter.all"), t("lang.ko"), t("lang.en")}, func(string) {
		if i := s.langSel.SelectedIndex(); i >= 0 {
			s.filter.Language = langs[i]
		}
		s.refresh()
	})
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(t("filter.search"))
	s.search.OnChanged = func(q string) { s.filter.Search = q; s.refresh() }
	s.count = widget.NewLabel("")
	addBtn := widget.NewButtonWithIcon(t("bank.add"), theme.ContentAddIcon(), s.showAdd)
	addBtn.Importance = widget.HighImportance

	s.list = widget.NewList(
		func() int { return len(s.questions) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("question")
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("meta")
			meta.SizeName = theme.SizeNameCaptionText
			return container.NewVBox(title, meta)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			q := s.questions[i]
			box.Objects[0].(*widget.Label).SetText(q.Text)
			box.Objects[1].(*widget.Label).SetText(s.meta(q))
		})
	s.list.OnSelected = func(i widget.ListItemID) { s.selected = i; s.showDetail() }

	s.detailText = widget.NewLabel(t("bank.select"))
	s.detailText.Wrapping = fyne.TextWrapWord
	s.detailText.TextStyle.Bold = true
	s.detailText.SizeName = theme.SizeNameSubHeadingText
	s.detailMeta = widget.NewLabel("")
	s.detailMeta.SizeName = theme.SizeNameCaptionText
	s.detailTip = widget.NewLabel("")
	s.detailTip.Wrapping = fyne.TextWrapWord
	s.tipCard = widget.NewCard(t("bank.tip"), "", s.detailTip)
	s.tipCard.Hide()
	s.deleteBtn = widget.NewButtonWithIcon(t("bank.delete"), theme.DeleteIcon(), s.deleteSelected)
	s.deleteBtn.Hide()
	s.practiseBtn = widget.NewButtonWithIcon(t("practice.this"), theme.MediaPlayIcon(), func() {
		if s.selected >= 0 && s.selected < len(s.questions) && s.practise != nil {
			q := s.questions[s.selected]
			s.practise(practice.Spec{Kind: practice.KindOne, IDs: []int64{q.ID}, Lang: q.Language})
		}
	})
	s.practiseBtn.Importance = widget.HighImportance
	s.practiseBtn.Hide()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	s.typeSel.SetSelectedIndex(0)
	s.langSel.SetSelectedIndex(0)

	filters := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(t("filter.type")), s.typeSel, widget.NewLabel(t("filter.lang")), s.langSel),
		container.NewHBox(s.count, addBtn), s.search)
	detail := container.NewVBox(s.detailText, s.detailMeta, s.tipCard, container.NewHBox(s.practiseBtn, s.deleteBtn), s.status)
	split := container.NewHSplit(s.list, container.NewVScroll(container.NewPadded(detail)))
	split.SetOffset(0.58)
	s.content = container.NewBorder(container.NewPadded(filters), nil, nil, nil, split)
	s.refresh()
	return s
}

func (s *bankScreen) t(key string) string { return i18n.T(s.lang, key) }

func (s *bankScreen) meta(q store.Question) string {
	m := s.t("type."+string(q.PracticeType)) + " · "
	if q.Category != "" {
		m += categoryName(s.lang, q.Category) + " · "
	}
	m += s.t("lang." + string(q.Language))
	if q.Origin != store.OriginBank {
		m += " · " + s.t("origin."+string(q.Origin))
	}
	return m
}

// refresh reloads the list for the current filter, keeping the selected
// question selected when it is still listed.
func (s *bankScreen) refresh() {
	if s.list == nil {
		return // still being built
	}
	qs, err := s.bank.Questions(context.Background(), s.filter)
	if err != nil {
		s.status.SetText(problemText(s.lang, err))
		return
	}
	var keep int64
	if s.selected >= 0 && s.selected < len(s.questions) {
		keep = s.questions[s.selected].ID
	}
	s.questions = qs
	s.selected = -1
	s.list.UnselectAll()
	s.list.Refresh()
	defer func() {
		if keep != 0 {
			s.selectID(keep)
		}
	}()
	s.count.SetText(fmt.Sprintf(s.t("bank.count"), len(qs)))
	s.detailText.SetText(s.t("bank.select"))
	if len(qs) == 0 {
		s.detailText.SetText(s.t("bank.empty"))
	}
	s.detailMeta.SetText("")
	s.tipCard.Hide()
	s.deleteBtn.Hide()
	s.practiseBtn.Hide()
}

func (s *bankScreen) showDetail() {
	if s.selected < 0 || s.selected >= len(s.questions) {
		return
	}
	q := s.questions[s.selected]
	s.detailText.SetText(q.Text)
	s.detailMeta.SetText(s.meta(q))
	s.detailTip.SetText(q.Tip)
	if q.Tip != "" {
		s.tipCard.Show()
	} else {
		s.tipCard.Hide()
	}
	s.deleteBtn.Hidden = q.Origin == store.OriginBank
	s.deleteBtn.Refresh()
	s.practiseBtn.Hidden = s.practise == nil
	s.practiseBtn.Refresh()
	s.status.SetText("")
}

func (s *bankScreen) deleteSelected() {
	if s.selected < 0 || s.selected >= len(s.questions) {
		return
	}
	hidden, err := s.bank.DeleteQuestion(context.Background(), s.questions[s.selected].ID)
	if err != nil {
		s.showErr(err)
		return
	}
	s.selected = -1
	s.refresh()
	if hidden {
		s.status.SetText(s.t("bank.hidden"))
	} else {
		s.status.SetText(s.t("bank.deleted"))
	}
}

// addForm holds the add-question form's widgets.
type addForm struct {
	text, tip        *widget.Entry
	typeSel, langSel *widget.Select
}

func (s *bankScreen) newAddForm() (*addForm, []*widget.FormItem) {
	f := &addForm{text: widget.NewMultiLineEntry(), tip: widget.NewMultiLineEntry()}
	f.text.SetPlaceHolder(s.t("add.text.hint"))
	f.text.Wrapping = fyne.TextWrapWord
	f.text.SetMinRowsVisible(3)
	f.text.Validator = func(v string) error {
		if len([]rune(v)) < 2 {
			return fmt.Errorf("%s", s.t("add.text.hint"))
		}
		return nil
	}
	f.tip.Wrapping = fyne.TextWrapWord
	var types []string
	for _, pt := range store.PracticeTypes {
		types = append(types, s.t("type."+string(pt)))
	}
	f.typeSel = widget.NewSelect(types, nil)
	f.typeSel.SetSelectedIndex(0)
	if s.filter.Type != "" {
		f.typeSel.SetSelected(s.t("type." + string(s.filter.Type)))
	}
	langPicked := false
	f.langSel = widget.NewSelect([]string{s.t("lang.ko"), s.t("lang.en")}, func(string) { langPicked = true })
	f.langSel.SetSelectedIndex(0)
	if s.filter.Language == store.English {
		f.langSel.SetSelectedIndex(1)
	}
	langPicked = false
	// Until the user picks a language, follow what they type.
	f.text.OnChanged = func(v string) {
		if langPicked || strings.TrimSpace(v) == "" {
			return
		}
		i := 1
		if i18n.HasHangul(v) {
			i = 0
		}
		f.langSel.SetSelectedIndex(i)
		langPicked = false
	}
	return f, []*widget.FormItem{
		widget.NewFormItem(s.t("add.text"), f.text),
		widget.NewFormItem(s.t("filter.type"), f.typeSel),
		widget.NewFormItem(s.t("filter.lang"), f.langSel),
		widget.NewFormItem(s.t("add.tip"), f.tip),
	}
}

// save stores the form's question.
func (s *bankScreen) save(f *addForm) error {
	lang := store.Korean
	if f.langSel.SelectedIndex() == 1 {
		lang = store.English
	}
	id, err := s.bank.AddQuestion(context.Background(), store.Question{
		PracticeType: store.PracticeTypes[max(f.typeSel.SelectedIndex(), 0)],
		Category:     "custom",
		Language:     lang,
		Text:         f.text.Text,
		Tip:          f.tip.Text,
	})
	if err != nil {
		return err
	}
	s.refresh()
	s.selectID(id)
	s.status.SetText(s.t("add.saved"))
	return nil
}

// selectID selects and shows the listed question with id, if it is listed.
func (s *bankScreen) selectID(id int64) {
	for i, q := range s.questions {
		if q.ID == id {
			s.list.Select(i)
			s.list.ScrollTo(i)
			return
		}
	}
}

func (s *bankScreen) showAdd() {
	f, items := s.newAddForm()
	d := dialog.NewForm(s.t("add.title"), s.t("add.save"), s.t("add.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if err := s.save(f); err != nil {
			s.showErr(err)
		}
	}, s.parent())
	d.Resize(fyne.NewSize(560, 380))
	d.Show()
}

func (s *bankScreen) showErr(err error) {
	s.status.SetText(problemText(s.lang, err))
}

// categoryName is a question category in lang: the bank's and the
// generator's categories have names; another (a user's, an archive's) is
// shown as it is.
func categoryName(lang i18n.Lang, c string) string {
	if n := i18n.T(lang, "cat."+c); n != "cat."+c {
		return n
	}
	return c
}
