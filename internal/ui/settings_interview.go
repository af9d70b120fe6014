package ui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nevermind/internal/i18n"
	"nevermind/internal/practice"
	"nevermind/internal/store"
	"nevermind/internal/tts"
)

// The choices of the mock interview's settings.
var (
	voiceRates    = []float64{0.8, 0.9, 1, 1.1, 1.25}
	endSilences   = []time.Duration{2 * time.Second, 3 * time.Second, 4 * time.Second, 5 * time.Second}
	interviewSize = []int{3, 4, 5, 6, 7, 8, 9, 10}
)

// samples are what 들어보기 says.
var voiceSamples = map[store.Language]string{
	store.Korean:  "안녕하세요. 지금부터 면접을 시작하겠습니다. 먼저 1분 자기소개를 부탁드립니다.",
	store.English: "Hello, and welcome. Let's begin the interview. Please start with a one-minute introduction.",
}

// interviewWidgets are the mock interview card's controls (for tests).
type interviewWidgets struct {
	voice, listen map[store.Language]fyne.CanvasObject
	rate, n, wait *widget.Select
	status        *widget.Label
}

// withInterview adds the mock interview's card: the interviewer's voice
// for each language with 들어보기, its speed, the number of questions and
// the silence that ends an answer. voices and speak may be nil (no voice
// list: the defaults are used).
func (s *settingsScreen) withInterview(voices func(context.Context) (map[string][]tts.Voice, error), speak func(context.Context, string, store.Language, string) error) *settingsScreen {
	t := s.t
	status := wrapLabel("")
	rate := widget.NewSelect(nil, nil)
	for _, r := range voiceRates {
		rate.Options = append(rate.Options, fmt.Sprintf("%.2gx", r))
	}
	cur := s.set.VoiceRate
	if cur == 0 {
		cur = 1
	}
	rate.SetSelectedIndex(closestRate(cur))
	sel := map[store.Language]*widget.Select{}
	keys := map[store.Language][]string{}
	save := func(lang store.Language) {
		i := sel[lang].SelectedIndex()
		key := ""
		if i >= 0 && i < len(keys[lang]) {
			key = keys[lang][i]
		}
		r := voiceRates[max(0, rate.SelectedIndex())]
		if err := s.st.SetVoice(context.Background(), lang, key, r); err != nil {
			status.SetText(problemText(s.lang, err))
		}
	}
	rows := container.NewVBox()
	listens := map[store.Language]*widget.Button{}
	for _, lang := range []store.Language{store.Korean, store.English} {
		lang := lang
		sel[lang] = widget.NewSelect(nil, func(string) { save(lang) })
		sel[lang].PlaceHolder = t("settings.voice.finding")
		listen := widget.NewButtonWithIcon(t("settings.voice.listen"), theme.MediaPlayIcon(), func() {
			if speak == nil {
				return
			}
			i, key := sel[lang].SelectedIndex(), ""
			if i >= 0 && i < len(keys[lang]) {
				key = keys[lang][i]
			}
			status.SetText(t("settings.voice.playing"))
			go func() {
				err := speak(context.Background(), voiceSamples[lang], lang, key)
				fyne.Do(func() {
					if err != nil {
						status.SetText(voiceProblem(s.lang, err))
					} else {
						status.SetText("")
					}
				})
			}()
		})
		rows.Add(container.NewBorder(nil, nil, widget.NewLabel(t("settings.voice."+string(lang))), listen, sel[lang]))
		listens[lang] = listen
	}
	rate.OnChanged = func(string) { save(store.Korean); save(store.English) }
	if voices != nil {
		go func() {
			vs, err := voices(context.Background())
			fyne.Do(func() {
				for _, lang := range []store.Language{store.Korean, store.English} {
					w := sel[lang]
					keys[lang] = nil
					w.Options = nil
					for _, v := range vs[string(lang)] {
						keys[lang] = append(keys[lang], v.Key())
						w.Options = append(w.Options, v.Name)
					}
					if len(w.Options) == 0 {
						w.PlaceHolder = t("settings.voice.none")
						w.Disable()
						w.Refresh()
						continue
					}
					on := w.OnChanged
					w.OnChanged = nil
					w.SetSelectedIndex(indexOf(keys[lang], s.set.Voice(lang)))
					w.OnChanged = on
				}
				if err != nil {
					status.SetText(problemText(s.lang, err))
				}
			})
		}()
	}
	n := widget.NewSelect(nil, nil)
	for _, k := range interviewSize {
		n.Options = append(n.Options, strconv.Itoa(k))
	}
	wantN := s.set.InterviewQuestions
	if wantN == 0 {
		wantN = practice.DefaultInterviewQuestions
	}
	n.SetSelectedIndex(wantN - interviewSize[0])
	wait := widget.NewSelect(nil, nil)
	for _, d := range endSilences {
		wait.Options = append(wait.Options, fmt.Sprintf(t("settings.interview.seconds"), int(d/time.Second)))
	}
	wantWait := s.set.EndSilence
	if wantWait == 0 {
		wantWait = practice.DefaultEndSilence
	}
	wait.SetSelectedIndex(max(0, int(wantWait/time.Second)-2))
	saveInterview := func(string) {
		if err := s.st.SetInterview(context.Background(), interviewSize[max(0, n.SelectedIndex())], endSilences[max(0, wait.SelectedIndex())]); err != nil {
			status.SetText(problemText(s.lang, err))
		}
	}
	n.OnChanged, wait.OnChanged = saveInterview, saveInterview
	s.iv = interviewWidgets{voice: map[store.Language]fyne.CanvasObject{}, listen: map[store.Language]fyne.CanvasObject{}, rate: rate, n: n, wait: wait, status: status}
	for l, w := range sel {
		s.iv.voice[l], s.iv.listen[l] = w, listens[l]
	}
	card := widget.NewCard(t("settings.interview"), t("settings.interview.sub"), container.NewVBox(
		rows,
		container.NewBorder(nil, nil, widget.NewLabel(t("settings.voice.rate")), nil, rate),
		container.NewBorder(nil, nil, widget.NewLabel(t("settings.interview.n")), nil, n),
		container.NewBorder(nil, nil, widget.NewLabel(t("settings.interview.wait")), nil, wait),
		status))
	s.insertCard(card, 1) // after the devices
	return s
}

func closestRate(r float64) int {
	best := 0
	for i, v := range voiceRates {
		if math.Abs(v-r) < math.Abs(voiceRates[best]-r) {
			best = i
		}
	}
	return best
}

// voiceProblem words a failed sample: no voice, or what went wrong.
func voiceProblem(lang i18n.Lang, err error) string {
	if errors.Is(err, practice.ErrNoVoice) {
		return i18n.T(lang, "practice.iv.novoice")
	}
	return problemText(lang, err)
}
