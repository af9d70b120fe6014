// Settings' local LLM card: the Ollama address and model, the connection
// test, and setting Ollama up from inside the app. When nothing answers,
// the card says what a local LLM adds and how to install Ollama; when
// Ollama has no model (or the user wants another), it recommends one that
// fits this machine and downloads it through Ollama with progress and a
// cancel button; the model downloaded is then the one in use.

package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/app"
	"nevermind/internal/appdata"
	"nevermind/internal/coach"
)

// llmWidgets is the card's state beyond the address, model and status.
type llmWidgets struct {
	card       *widget.Card
	help       *fyne.Container // nothing answers: what a local LLM adds, how to install Ollama
	offer      *fyne.Container // a model to download
	offerText  *widget.Label
	choice     *widget.Select
	choices    []coach.ModelOffer // behind choice's options
	pullBtn    *widget.Button
	cancelBtn  *widget.Button
	moreBtn    *widget.Button // a model is in use: offer another
	bar        *widget.ProgressBar
	pullStatus *widget.Label

	mu        sync.Mutex    // held while a check's result is shown or the address changes
	gen       atomic.Uint64 // bumped when the address changes: a check started before is not shown
	setup     coach.Setup   // what the last check found
	known     bool          // setup holds a check of the address shown
	wantOffer bool          // the user asked for another model
	cancel    context.CancelFunc
	active    uint64 // the download shown, 0 for none
	downloads uint64

	ram  func() (uint64, error)           // this machine's memory (coach.TotalMemory)
	free func(dir string) (uint64, error) // a disk's free space (appdata.FreeSpace)
	rec  *coach.Recommendation            // measured once, when first offered
}

// newLLMCard builds the card and checks the saved address in the
// background, so the card says at once whether Ollama is there.
func (s *settingsScreen) newLLMCard() *widget.Card {
	t, l := s.t, &s.llm
	l.ram, l.free = coach.TotalMemory, appdata.FreeSpace
	s.host = widget.NewEntry()
	s.host.SetPlaceHolder(app.DefaultLLMHost + " (OLLAMA_HOST)")
	s.host.SetText(s.set.OllamaHost)
	s.model = widget.NewEntry()
	s.model.SetPlaceHolder(t("settings.model.auto"))
	s.model.SetText(s.set.OllamaModel)
	s.llmStatus = widget.NewLabel("")
	s.llmStatus.Wrapping = fyne.TextWrapWord
	testBtn := widget.NewButtonWithIcon(t("settings.llm.test"), theme.ViewRefreshIcon(), s.testLLM)
	l.moreBtn = widget.NewButtonWithIcon(t("settings.llm.more"), theme.DownloadIcon(), func() {
		l.wantOffer = true
		s.fillOffer()
		s.layoutLLM()
	})
	l.moreBtn.Importance = widget.LowImportance

	about := widget.NewLabel(t("settings.llm.about"))
	about.Wrapping = fyne.TextWrapWord
	install := widget.NewLabel(fmt.Sprintf(t("settings.llm.install"), t("settings.llm.test")))
	install.Wrapping = fyne.TextWrapWord
	site, _ := url.Parse("https://ollama.com/download")
	l.help = container.NewVBox(about, install, widget.NewHyperlink("ollama.com/download", site))

	l.offerText = widget.NewLabel("")
	l.offerText.Wrapping = fyne.TextWrapWord
	l.choice = widget.NewSelect(nil, nil)
	l.pullBtn = widget.NewButtonWithIcon(t("settings.llm.pull"), theme.DownloadIcon(), s.pullModel)
	l.pullBtn.Importance = widget.HighImportance
	l.cancelBtn = widget.NewButtonWithIcon(t("settings.llm.cancel"), theme.CancelIcon(), func() {
		if l.cancel != nil {
			l.cancel()
		}
	})
	l.bar = widget.NewProgressBar()
	l.offer = container.NewVBox(l.offerText,
		container.NewBorder(nil, nil, widget.NewLabel(t("settings.llm.choice")), container.NewHBox(l.pullBtn, l.cancelBtn), l.choice),
		l.bar)
	l.pullStatus = widget.NewLabel("")
	l.pullStatus.Wrapping = fyne.TextWrapWord
	for _, o := range []fyne.CanvasObject{l.moreBtn, l.help, l.offer, l.cancelBtn, l.bar, l.pullStatus} {
		o.Hide()
	}
	l.card = widget.NewCard(t("settings.llm"), t("settings.llm.sub"), container.NewVBox(
		container.NewGridWithColumns(2, s.host, s.model), container.NewHBox(testBtn, l.moreBtn), s.llmStatus,
		l.help, l.offer, l.pullStatus))
	s.host.OnChanged = func(string) { s.addressChanged() }
	s.checkLLM(s.set.OllamaHost, s.set.OllamaModel)
	return l.card
}

// addressChanged forgets what was found at the old address; a check in
// flight is not shown when it ends.
func (s *settingsScreen) addressChanged() {
	s.llm.mu.Lock()
	defer s.llm.mu.Unlock()
	s.llm.gen.Add(1)
	s.llm.known, s.llm.wantOffer = false, false
	s.llmStatus.SetText("")
	s.layoutLLM()
}

// testLLM saves the host and model and checks them.
func (s *settingsScreen) testLLM() {
	host, model := strings.TrimSpace(s.host.Text), strings.TrimSpace(s.model.Text)
	if err := s.st.SetOllama(context.Background(), host, model); err != nil {
		s.llmStatus.SetText(problemText(s.lang, err))
		return
	}
	s.checkLLM(host, model)
}

// checkLLM asks the server at host what it has, in the background.
func (s *settingsScreen) checkLLM(host, model string) {
	gen := s.llm.gen.Load()
	s.llmStatus.SetText(s.t("settings.llm.testing"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		setup, err := coach.CheckSetup(ctx, host, model, 10*time.Second)
		fyne.Do(func() {
			// Both run on the UI goroutine; the lock orders them for tests
			// that type into the card from theirs.
			s.llm.mu.Lock()
			defer s.llm.mu.Unlock()
			if s.llm.gen.Load() == gen {
				s.showSetup(setup, err)
			}
		})
	}()
}

// showSetup shows what a check found.
func (s *settingsScreen) showSetup(setup coach.Setup, err error) {
	l := &s.llm
	l.setup, l.known = setup, err == nil
	switch {
	case err != nil:
		s.llmStatus.SetText(s.t("settings.llm.fail") + " " + problemText(s.lang, err))
	case setup.State == coach.SetupDown:
		s.llmStatus.SetText(s.t("settings.llm.down")) // said once, not "could not connect: (could not connect…)"
	case setup.State == coach.SetupNoModel:
		s.llmStatus.SetText(s.t("settings.llm.nomodel"))
	case setup.State == coach.SetupMissing:
		s.llmStatus.SetText(fmt.Sprintf(s.t("settings.llm.missing"), setup.Model))
	default:
		s.llmStatus.SetText(fmt.Sprintf(s.t("settings.llm.ok"), setup.Host, setup.Model))
	}
	if st := setup.State; err == nil && l.active == 0 && (st == coach.SetupNoModel || st == coach.SetupMissing || l.wantOffer) {
		s.fillOffer()
	}
	s.layoutLLM()
}

// layoutLLM shows the parts of the card the state calls for.
func (s *settingsScreen) layoutLLM() {
	l := &s.llm
	st := l.setup.State
	offer := l.active != 0 || l.known && (st == coach.SetupNoModel || st == coach.SetupMissing || st == coach.SetupReady && l.wantOffer)
	setVisible(l.help, l.known && st == coach.SetupDown && l.active == 0)
	setVisible(l.offer, offer)
	setVisible(l.moreBtn, l.known && st == coach.SetupReady && !offer)
}

func setVisible(o fyne.CanvasObject, v bool) {
	if v {
		o.Show()
	} else {
		o.Hide()
	}
}

// recommendation measures this machine once and picks its model.
func (s *settingsScreen) recommendation() coach.Recommendation {
	if s.llm.rec == nil {
		ram, err := s.llm.ram()
		if err != nil {
			ram = 0 // unknown: the smallest model
		}
		r := coach.Recommend(ram)
		s.llm.rec = &r
	}
	return *s.llm.rec
}

// fillOffer writes the recommendation and the models to choose from: the
// offers, and the model the settings name when Ollama lacks it.
func (s *settingsScreen) fillOffer() {
	l, t := &s.llm, s.t
	r := s.recommendation()
	text := fmt.Sprintf(t("settings.llm.offer"), r.Model, sizeText(r.SizeBytes)) + "\n"
	if r.Why == coach.WhyUnknown {
		text += t("settings.llm.why.unknown")
	} else {
		text += fmt.Sprintf(t("settings.llm.why."+r.Why), ramText(r.RAM))
	}
	l.offerText.SetText(text)
	l.choices = coach.Offers()
	pick := r.Model
	if l.setup.State == coach.SetupMissing {
		pick = l.setup.Model
		if !slicesContainsModel(l.choices, pick) {
			l.choices = append(l.choices, coach.ModelOffer{Model: pick}) // size unknown: no disk check
		}
	}
	var opts []string
	sel := 0
	for i, o := range l.choices {
		opt := o.Model
		if o.SizeBytes > 0 {
			opt = fmt.Sprintf(t("settings.llm.option"), o.Model, sizeText(o.SizeBytes))
		}
		if o.Model == r.Model {
			opt += " · " + t("settings.llm.option.best")
		}
		if coach.HasModel(l.setup.Models, o.Model) {
			opt += " · " + t("settings.llm.option.installed")
		}
		if o.Model == pick {
			sel = i
		}
		opts = append(opts, opt)
	}
	l.choice.Options = opts
	l.choice.SetSelectedIndex(sel)
}

func slicesContainsModel(offers []coach.ModelOffer, model string) bool {
	for _, o := range offers {
		if coach.HasModel([]string{o.Model}, model) {
			return true
		}
	}
	return false
}

// pullModel downloads the chosen model through Ollama at the address in
// the card, after checking the disk Ollama keeps its models on.
func (s *settingsScreen) pullModel() {
	l, t := &s.llm, s.t
	i := l.choice.SelectedIndex()
	if l.cancel != nil || i < 0 || i >= len(l.choices) {
		return
	}
	m := l.choices[i]
	host := strings.TrimSpace(s.host.Text)
	u, err := coach.ResolveHost(host)
	if err != nil {
		s.setPullStatus(problemText(s.lang, fmt.Errorf("%w: %v", coach.ErrBadHost, err)))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	l.downloads++
	id := l.downloads
	l.active = id
	l.pullBtn.Disable()
	l.cancelBtn.Show()
	l.bar.SetValue(0)
	l.bar.Show()
	s.setPullStatus(fmt.Sprintf(t("settings.llm.phase.start"), m.Model))
	s.layoutLLM()
	free := l.free
	th := &progressThrottle{}
	go func() {
		err := coach.CheckSpace(u, m.SizeBytes, free)
		if err == nil {
			err = coach.NewOllama(u, m.Model).Pull(ctx, func(p coach.PullProgress) {
				th.push(p, func(p coach.PullProgress) {
					if l.active == id {
						s.showPull(m.Model, p)
					}
				})
			})
		}
		fyne.Do(func() { s.pullEnded(id, m.Model, err) })
	}()
}

// showPull shows a download's progress.
func (s *settingsScreen) showPull(model string, p coach.PullProgress) {
	t := s.t
	if p.Total > 0 {
		s.llm.bar.SetValue(float64(p.Completed) / float64(p.Total))
	}
	switch p.Phase {
	case coach.PullStarting:
		s.setPullStatus(fmt.Sprintf(t("settings.llm.phase.start"), model))
	case coach.PullDownloading:
		s.setPullStatus(fmt.Sprintf(t("settings.llm.pull.progress"), model, megabytes(p.Completed), megabytes(p.Total)))
	case coach.PullVerifying:
		s.setPullStatus(fmt.Sprintf(t("settings.llm.phase.verify"), model))
	default:
		s.setPullStatus(fmt.Sprintf(t("settings.llm.phase.write"), model))
	}
}

// pullEnded shows how a download ended; a model downloaded is saved as
// the one to use and the connection checked again, so the status says
// it is in use.
func (s *settingsScreen) pullEnded(id uint64, model string, err error) {
	l, t := &s.llm, s.t
	if l.active != id {
		return
	}
	l.cancel()
	l.cancel, l.active = nil, 0
	l.cancelBtn.Hide()
	l.bar.Hide()
	l.pullBtn.Enable()
	l.pullBtn.SetText(t("settings.llm.retry"))
	var ns *coach.NoSpaceError
	var pe *coach.PullError
	switch {
	case err == nil:
		l.wantOffer = false
		l.pullBtn.SetText(t("settings.llm.pull"))
		s.setPullStatus(fmt.Sprintf(t("settings.llm.pull.done"), model))
		s.model.SetText(model)
		s.testLLM()
	case errors.Is(err, context.Canceled):
		l.pullBtn.SetText(t("settings.llm.pull"))
		s.setPullStatus(t("settings.llm.pull.stopped"))
	case errors.As(err, &ns):
		s.setPullStatus(fmt.Sprintf(t("settings.llm.nospace"), model, ns.Dir, sizeText(ns.Need), sizeText(ns.Free)))
	case errors.As(err, &pe):
		s.setPullStatus(fmt.Sprintf(t("settings.llm.pull.ollamafailed"), model) + " " + fmt.Sprintf(t("settings.llm.pull.said"), pe.Message))
	default:
		s.setPullStatus(fmt.Sprintf(t("settings.llm.pull.failed"), model) + " " + problemText(s.lang, err))
	}
	s.layoutLLM()
}

func (s *settingsScreen) setPullStatus(text string) {
	s.llm.pullStatus.SetText(text)
	s.llm.pullStatus.Show()
}

// progressThrottle passes a download's progress to the UI goroutine at
// most every 50 ms, and always the latest.
type progressThrottle struct {
	mu      sync.Mutex
	last    time.Time
	pending bool
	latest  coach.PullProgress
}

const progressEvery = 50 * time.Millisecond

func (th *progressThrottle) push(p coach.PullProgress, show func(coach.PullProgress)) {
	th.mu.Lock()
	defer th.mu.Unlock()
	th.latest = p
	if th.pending {
		return
	}
	th.pending = true
	fire := func() {
		th.mu.Lock()
		th.pending, th.last = false, time.Now()
		p := th.latest
		th.mu.Unlock()
		fyne.Do(func() { show(p) })
	}
	if wait := progressEvery - time.Since(th.last); wait > 0 {
		time.AfterFunc(wait, fire)
	} else {
		go fire()
	}
}

// sizeText is a download size as Ollama's library writes it: 4.7 GB,
// 986 MB (decimal units).
func sizeText(n uint64) string {
	if n >= 1e9 {
		return strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64) + " GB"
	}
	return strconv.FormatUint(n/1e6, 10) + " MB"
}

// ramText is memory in whole GB as a machine is sold (binary units).
func ramText(n uint64) string {
	return strconv.FormatFloat(float64(n)/(1<<30), 'f', 0, 64) + " GB"
}

// megabytes is n bytes in whole decimal megabytes with thousands
// separated: 1,929.
func megabytes(n int64) string {
	s := strconv.FormatInt(max(n, 0)/1e6, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
