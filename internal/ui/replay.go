package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"nevermind/internal/capture"
	"nevermind/internal/i18n"
	"nevermind/internal/media"
	"nevermind/internal/media/video"
	"nevermind/internal/practice"
	"nevermind/internal/store"
)

// replayer plays a stored answer from a moment: the audio on the speakers
// and the recorded video frames in img, in step with it.
type replayer struct {
	lang   i18n.Lang
	svc    *practice.Service
	img    *canvas.Image
	say    func(string) // a line for the user
	shown  func()       // a recorded frame is in img
	player *capture.Player
	// ask says a question aloud (nil: no voice); asking cancels it, gen
	// counts the replays so a finished question starts only its own answer.
	ask    practice.Interviewer
	asking context.CancelFunc
	gen    int
}

// playAsked replays an interview's question aloud, then attempt a from its
// start: the interview question by question. With no voice the question
// is shown instead.
func (r *replayer) playAsked(question string, lang store.Language, a store.Attempt) {
	r.stop()
	if r.ask == nil {
		r.play(a, 0)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.asking = cancel
	gen := r.gen
	r.say(i18n.T(r.lang, "review.asking") + " " + question)
	go func() {
		err := r.ask(ctx, question, lang)
		fyne.Do(func() {
			if r.gen != gen || ctx.Err() != nil {
				return // stopped, or another replay began
			}
			r.play(a, 0)
			switch {
			case errors.Is(err, practice.ErrNoVoice): // shown, not said
				r.say(i18n.T(r.lang, "practice.iv.novoice") + " " + question)
			case err != nil:
				r.say(problemText(r.lang, err))
			}
		})
	}()
}

// play replays attempt a from at seconds.
func (r *replayer) play(a store.Attempt, at float64) {
	r.stop()
	if a.AudioPath == "" {
		r.say(i18n.T(r.lang, "practice.noreplay") + " " + i18n.T(r.lang, "replay.noaudio"))
		return
	}
	m, err := r.svc.MediaOf(a)
	if err != nil {
		r.say(i18n.T(r.lang, "practice.noreplay") + " " + i18n.T(r.lang, "replay.notours"))
		return
	}
	from := media.Seconds(at)
	p, err := capture.Play(m.Audio, from)
	if err != nil {
		r.say(i18n.T(r.lang, "practice.noreplay") + " " + err.Error())
		return
	}
	r.player = p
	r.say(fmt.Sprintf(i18n.T(r.lang, "practice.replaying"), clock(from)))
	go func() {
		<-p.Done()
		fyne.Do(func() {
			if r.player == p { // played to the end: "replaying" no longer holds
				r.player = nil
				r.say("")
			}
		})
	}()
	if m.Video == "" || r.img == nil {
		return
	}
	var times []time.Duration
	if m.Frames != "" {
		// Without the frame-time file (an imported or recovered answer)
		// the video's own timestamps place the frames.
		if ts, err := capture.ReadFrameTimes(m.Frames); err == nil {
			times = ts
		}
	}
	go func() {
		v, err := video.Open(m.Video, video.Options{SampleFPS: -1})
		if err != nil {
			return
		}
		defer v.Close()
		for {
			img, f, err := v.Next(nil)
			if err != nil {
				return
			}
			ft := f.T
			if f.Index < len(times) {
				ft = times[f.Index]
			}
			if ft < from {
				continue
			}
			for p.At() < ft {
				select {
				case <-p.Done():
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
			fyne.Do(func() {
				r.img.Image = img
				r.img.Refresh()
				if r.shown != nil {
					r.shown()
				}
			})
		}
	}()
}

// position is where the replay is, and whether it is playing.
func (r *replayer) position() (float64, bool) {
	p := r.player
	if p == nil {
		return 0, false
	}
	select {
	case <-p.Done():
		return 0, false
	default:
		return p.At().Seconds(), true
	}
}

// stop ends the replay.
func (r *replayer) stop() {
	r.gen++
	if r.asking != nil {
		r.asking()
		r.asking = nil
	}
	if r.player != nil {
		r.player.Stop()
		r.player = nil
	}
}

func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	sec := int(d.Seconds())
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}
