package pipeline

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"nevermind/internal/analysis"
)

// Part is how one stretch of an answer is transcribed while the answer
// goes on.
type Part struct {
	// Prompt is the end of the text recognised so far, so that the
	// recogniser carries on from it (spelling, names, the language).
	Prompt string
	// Threads for this stretch; 0 means the recogniser's own setting.
	// Stretches taken while the user speaks get one thread, so that the
	// recorder and the live analysis keep the other core.
	Threads int
}

// TranscribePartFunc transcribes one stretch of 16 kHz mono audio.
type TranscribePartFunc func(ctx context.Context, x []float32, part Part) (analysis.Transcript, error)

// Where the answer is cut into stretches: at a pause once a stretch is
// long enough to be worth a pass of whisper's encoder (which costs one
// 30 s window whatever the length), and at the quietest moment before
// whisper's 30 s window is full.
const (
	partMinS      = 8.0
	partMaxS      = 28.0
	partPauseS    = 0.3
	partQuietDB   = 25.0  // a frame this far below the loudest so far is quiet
	partFloorDBFS = -60.0 // and anything below this always is
	partKeepS     = 0.15  // of the pause, kept with the stretch before it
	promptRunes   = 120
	frameLen      = 160 // 10 ms
	liveThreads   = 1
)

// incremental transcribes an answer in stretches while it is recorded:
// Feed takes the audio as it comes and hands each finished stretch to a
// worker; Finish hands over the tail and joins the stretches' words, with
// their times, into one transcript.
type incremental struct {
	fn  TranscribePartFunc
	ctx context.Context

	mu    sync.Mutex
	x     []float32
	db    []float64 // level of each complete 10 ms frame
	peak  float64
	cut   int   // samples before this are handed over
	queue []job // handed over, not yet taken by the worker
	wake  chan struct{}
	// closed: no more stretches (Finish or Stop); stopped: no transcript.
	closed, stopped bool

	done  chan struct{}
	parts []partResult // in order (one worker)
	err   error
}

type job struct {
	from, to int
	x        []float32
	last     bool
}

type partResult struct {
	from int
	t    analysis.Transcript
}

func newIncremental(ctx context.Context, fn TranscribePartFunc) *incremental {
	inc := &incremental{fn: fn, ctx: ctx, peak: math.Inf(-1), wake: make(chan struct{}, 1), done: make(chan struct{})}
	go inc.work()
	return inc
}

// Feed appends audio and hands over a stretch when one is finished.
func (inc *incremental) Feed(x []float32) {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	if inc.closed {
		return
	}
	inc.x = append(inc.x, x...)
	for (len(inc.db)+1)*frameLen <= len(inc.x) {
		var ss float64
		for _, v := range inc.x[len(inc.db)*frameLen : (len(inc.db)+1)*frameLen] {
			ss += float64(v) * float64(v)
		}
		d := 10 * math.Log10(ss/frameLen+1e-12)
		inc.db = append(inc.db, d)
		inc.peak = math.Max(inc.peak, d)
		if at := inc.cutPoint(); at > inc.cut {
			inc.handOver(at, false)
		}
	}
}

func (inc *incremental) quiet() float64 { return math.Max(inc.peak-partQuietDB, partFloorDBFS) }

// cutPoint is where the pending stretch ends, or 0 while it goes on: in a
// pause of at least partPauseS once it is partMinS long, else at its
// quietest 10 ms in the last 3 s once it is partMaxS long.
func (inc *incremental) cutPoint() int {
	pending := float64(len(inc.db)*frameLen-inc.cut) / 16000
	if pending < partMinS {
		return 0
	}
	thr := inc.quiet()
	first := (inc.cut + frameLen - 1) / frameLen
	run := 0
	for i := len(inc.db) - 1; i >= first && inc.db[i] < thr; i-- {
		run++
	}
	if float64(run)*0.01 >= partPauseS {
		return (len(inc.db)-run)*frameLen + int(partKeepS*16000)
	}
	if pending < partMaxS {
		return 0
	}
	best, at := math.Inf(1), 0
	for i := max(first, len(inc.db)-300); i < len(inc.db); i++ {
		if inc.db[i] < best {
			best, at = inc.db[i], i
		}
	}
	return at*frameLen + frameLen/2
}

// handOver gives the worker the samples from the last cut to at. Called
// with mu held.
func (inc *incremental) handOver(at int, last bool) {
	at = min(at, len(inc.x))
	inc.queue = append(inc.queue, job{from: inc.cut, to: at, x: inc.x[inc.cut:at:at], last: last})
	inc.cut = at
	inc.signal()
}

func (inc *incremental) signal() {
	select {
	case inc.wake <- struct{}{}:
	default:
	}
}

func (inc *incremental) work() {
	defer close(inc.done)
	for {
		inc.mu.Lock()
		if len(inc.queue) == 0 {
			closed := inc.closed
			inc.mu.Unlock()
			if closed {
				return
			}
			<-inc.wake
			continue
		}
		j := inc.queue[0]
		inc.queue = inc.queue[1:]
		skip := inc.err != nil || inc.stopped
		inc.mu.Unlock()
		if skip || inc.ctx.Err() != nil || len(j.x) == 0 {
			continue
		}
		if inc.silent(j) {
			continue // whisper makes words up from silence
		}
		part := Part{Prompt: inc.prompt(), Threads: liveThreads}
		if j.last {
			part.Threads = 0
		}
		t, err := inc.fn(inc.ctx, j.x, part)
		inc.mu.Lock()
		if err != nil {
			inc.err = fmt.Errorf("speech recognition of %s-%s: %w", clockOf(j.from), clockOf(j.to), err)
		} else {
			inc.parts = append(inc.parts, partResult{j.from, t})
		}
		inc.mu.Unlock()
	}
}

// silent: no frame of the stretch reaches the level of speech heard so far.
func (inc *incremental) silent(j job) bool {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	thr := inc.quiet()
	for i := j.from / frameLen; i < min(len(inc.db), (j.to+frameLen-1)/frameLen); i++ {
		if inc.db[i] >= thr {
			return false
		}
	}
	return true
}

// prompt is the end of the text so far, cut at a word.
func (inc *incremental) prompt() string {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	var b strings.Builder
	for _, p := range inc.parts {
		b.WriteString(" " + p.t.Text)
	}
	s := strings.TrimSpace(b.String())
	if utf8.RuneCountInString(s) > promptRunes {
		r := []rune(s)
		s = string(r[len(r)-promptRunes:])
		if i := strings.IndexByte(s, ' '); i >= 0 {
			s = s[i+1:]
		}
	}
	return s
}

// Finish hands over the tail, waits for every stretch and joins them.
func (inc *incremental) Finish(ctx context.Context) (analysis.Transcript, error) {
	inc.mu.Lock()
	if !inc.closed {
		if len(inc.x) > inc.cut {
			inc.handOver(len(inc.x), true)
		}
		inc.closed = true
		inc.signal()
	}
	inc.mu.Unlock()
	select {
	case <-inc.done:
	case <-ctx.Done():
		return analysis.Transcript{}, ctx.Err()
	}
	inc.mu.Lock()
	defer inc.mu.Unlock()
	switch {
	case inc.stopped:
		return analysis.Transcript{}, context.Canceled
	case inc.err != nil:
		return analysis.Transcript{}, inc.err
	case inc.ctx.Err() != nil:
		return analysis.Transcript{}, inc.ctx.Err()
	}
	return joinParts(inc.parts), nil
}

// Stop ends the work without a transcript (the recording was cancelled):
// what is queued is dropped, a stretch in progress finishes first.
func (inc *incremental) Stop() {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	inc.stopped = true
	inc.queue = nil
	inc.closed = true
	inc.signal()
}

// joinParts puts the stretches' transcripts on the answer's clock.
func joinParts(parts []partResult) analysis.Transcript {
	out := analysis.Transcript{Segments: []analysis.TimedText{}, Words: []analysis.TimedText{}}
	var text []string
	for _, p := range parts {
		off := float64(p.from) / 16000
		if out.Language == "" {
			out.Language, out.Engine, out.Model = p.t.Language, p.t.Engine, p.t.Model
		}
		if s := strings.TrimSpace(p.t.Text); s != "" {
			text = append(text, s)
		}
		for _, s := range p.t.Segments {
			out.Segments = append(out.Segments, analysis.TimedText{Start: round3(s.Start + off), End: round3(s.End + off), Text: s.Text})
		}
		for _, w := range p.t.Words {
			out.Words = append(out.Words, analysis.TimedText{Start: round3(w.Start + off), End: round3(w.End + off), Text: w.Text})
		}
	}
	out.Text = strings.Join(text, " ")
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func clockOf(sample int) string {
	s := sample / 16000
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
