package capture

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gen2brain/malgo"

	"nevermind/internal/media"
)

// Player plays a recorded answer from a moment, for the replay of a
// finding. It reports the playback time as it goes.
type Player struct {
	mu     sync.Mutex
	ctx    *malgo.AllocatedContext
	dev    *malgo.Device
	pos    atomic.Int64 // frames played
	done   chan struct{}
	rate   int
	start  time.Duration
	closed bool
}

// Play starts playing the WAV at path from the time from. It returns when
// playback has started; Stop ends it early, Done is closed at the end.
func Play(path string, from time.Duration) (*Player, error) {
	if _, err := media.CheckLength(path); err != nil {
		return nil, err
	}
	a, err := media.ReadAudioFile(path)
	if err != nil {
		return nil, err
	}
	return PlayAudio(a, from)
}

// PlayAudio is Play of audio in memory (the interviewer's synthesised
// question).
func PlayAudio(a media.Audio, from time.Duration) (*Player, error) {
	if a.SampleRate <= 0 {
		return nil, errors.New("no audio to play")
	}
	a = media.Mono(a)
	first := int(from.Seconds() * float64(a.SampleRate))
	if first >= len(a.Samples) {
		return nil, errors.New("that moment is past the end of the recording")
	}
	x := a.Samples[max(0, first):]
	p := &Player{done: make(chan struct{}), rate: a.SampleRate, start: from}
	ctx, err := malgo.InitContext(nil, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, fmt.Errorf("open the audio system: %w", err)
	}
	cfg := malgo.DefaultDeviceConfig(malgo.Playback)
	cfg.Playback.Format = malgo.FormatF32
	cfg.Playback.Channels = 1
	cfg.SampleRate = uint32(a.SampleRate)
	var once sync.Once
	cb := malgo.DeviceCallbacks{Data: func(out, _ []byte, frames uint32) {
		i := int(p.pos.Load())
		for k := 0; k < int(frames); k++ {
			var v float32
			if i+k < len(x) {
				v = x[i+k]
			}
			binary.LittleEndian.PutUint32(out[4*k:], math.Float32bits(v))
		}
		if n := p.pos.Add(int64(frames)); int(n) >= len(x) {
			once.Do(func() { go p.Stop() })
		}
	}}
	dev, err := malgo.InitDevice(ctx.Context, cfg, cb)
	if err != nil {
		ctx.Uninit()
		ctx.Free()
		return nil, fmt.Errorf("open the speaker: %w", err)
	}
	// Set before the device starts: a short playback can end, and its
	// callback call Stop, before Start returns.
	p.mu.Lock()
	p.ctx, p.dev = ctx, dev
	p.mu.Unlock()
	if err := dev.Start(); err != nil {
		p.Stop()
		return nil, fmt.Errorf("start the speaker: %w", err)
	}
	return p, nil
}

// At is the recording time being played.
func (p *Player) At() time.Duration {
	return p.start + media.Seconds(float64(p.pos.Load())/float64(p.rate))
}

// Done is closed when playback ends.
func (p *Player) Done() <-chan struct{} { return p.done }

// Stop ends playback.
// Done is closed first: releasing the device can take a second or two
// (the audio system drains it), and whoever waits for the end of the
// playback (the interviewer, before the answer starts) need not.
func (p *Player) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	close(p.done)
	p.dev.Uninit()
	p.ctx.Uninit()
	p.ctx.Free()
}

// Wait blocks until playback ends or ctx is done.
func (p *Player) Wait(ctx context.Context) {
	select {
	case <-p.done:
	case <-ctx.Done():
		p.Stop()
	}
}
