package practice

import (
	"time"

	"nevermind/internal/capture"
)

// DefaultEndSilence is how long the interviewer waits, after the
// candidate's last word, before taking the answer as finished.
const DefaultEndSilence = 3 * time.Second

// Endpointer decides, from the live levels of an answer, when the
// candidate has finished: after a silence of Silence that follows speech.
// A pause inside an answer shorter than that never ends it, and silence
// before the first word never does (the thinking time is the candidate's;
// timed mode has its own limits).
//
// Speech is a level above both capture's silence rule and the room's own
// noise by voiceOverNoise, for at least minSpeech in total: a cough or a
// chair does not start an answer.
type Endpointer struct {
	Silence time.Duration

	floor     float64       // the room's noise, dBFS (a slow minimum)
	voiced    time.Duration // total speech so far
	lastVoice time.Duration // when speech was last heard
	prev      time.Duration // the previous level's time
	started   bool
}

const (
	voiceOverNoise = 12.0 // dB
	minSpeech      = 300 * time.Millisecond
	floorRise      = 1.0 // dB per second the noise estimate may rise
)

// NewEndpointer ends answers after silence (DefaultEndSilence when 0).
func NewEndpointer(silence time.Duration) *Endpointer {
	if silence <= 0 {
		silence = DefaultEndSilence
	}
	return &Endpointer{Silence: silence, floor: capture.SilenceDBFS}
}

// Speaking reports whether the candidate has started to answer.
func (e *Endpointer) Speaking() bool { return e.started }

// Quiet is how long the candidate has been silent since the last word
// (0 before the answer starts or while speaking).
func (e *Endpointer) Quiet() time.Duration {
	if !e.started {
		return 0
	}
	return max(0, e.prev-e.lastVoice)
}

// Feed takes the next level and reports whether the answer has ended.
func (e *Endpointer) Feed(l capture.Level) bool {
	dt := l.At - e.prev
	if dt < 0 || dt > time.Second {
		dt = 0
	}
	e.prev = l.At
	// The noise floor follows the quietest levels at once and rises
	// slowly, so speech never becomes the floor.
	if l.RMS < e.floor {
		e.floor = l.RMS
	} else {
		e.floor += floorRise * dt.Seconds()
	}
	if l.RMS >= capture.SilenceDBFS && l.RMS >= e.floor+voiceOverNoise {
		e.voiced += dt
		e.lastVoice = l.At
		if e.voiced >= minSpeech {
			e.started = true
		}
		return false
	}
	return e.started && l.At-e.lastVoice >= e.Silence
}
