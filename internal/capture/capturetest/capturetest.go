// Package capturetest provides stand-in devices that go through the same
// code as real ones: a camera registered as a pion/mediadevices driver
// (so it is found by capture.Cameras and opened by GetUserMedia) whose
// frames are generated or read from a video file, and audio sources that
// play a WAV file or a generated signal in real time.
package capturetest

import (
	"context"
	"errors"
	"image"
	"io"
	"math"
	"sync"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/frame"
	mdvideo "github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"

	"nevermind/internal/media"
)

// FrameFunc draws frame i, due at t after the camera started.
type FrameFunc func(i int, t time.Duration) image.Image

type camera struct {
	w, h int
	fps  float64
	gen  FrameFunc

	mu     sync.Mutex
	cancel context.CancelFunc
	fail   error // Fail: the next read returns this
}

// Camera is a registered synthetic camera.
type Camera struct{ c *camera }

// RegisterCamera registers a camera called label that delivers gen's
// frames at fps, paced by the clock. capture.Cameras lists it.
func RegisterCamera(label string, w, h int, fps float64, gen FrameFunc) *Camera {
	c := &camera{w: w, h: h, fps: fps, gen: gen}
	driver.GetManager().Register(c, driver.Info{Label: label, DeviceType: driver.Camera})
	return &Camera{c}
}

// Unplug makes the camera fail as if it were pulled out.
func (c *Camera) Unplug() {
	c.c.mu.Lock()
	c.c.fail = errors.New("device unplugged")
	c.c.mu.Unlock()
}

func (c *camera) Open() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fail = nil
	return nil
}

func (c *camera) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
	}
	return nil
}

func (c *camera) Properties() []prop.Media {
	return []prop.Media{{Video: prop.Video{Width: c.w, Height: c.h, FrameFormat: frame.FormatRGBA, FrameRate: float32(c.fps)}}}
}

func (c *camera) VideoRecord(p prop.Media) (mdvideo.Reader, error) {
	ctx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	c.cancel = cancel
	c.mu.Unlock()
	start := time.Now()
	step := time.Duration(float64(time.Second) / c.fps)
	i := 0
	return mdvideo.ReaderFunc(func() (image.Image, func(), error) {
		due := start.Add(time.Duration(i) * step)
		select {
		case <-ctx.Done():
			return nil, func() {}, io.EOF
		case <-time.After(time.Until(due)):
		}
		c.mu.Lock()
		fail := c.fail
		c.mu.Unlock()
		if fail != nil {
			return nil, func() {}, fail
		}
		img := c.gen(i, time.Duration(i)*step)
		i++
		return img, func() {}, nil
	}), nil
}

// FastSpeed is how many times real time a Fast source plays: fast enough
// for quick tests, slow enough that what a recorder does with each chunk
// (encoding it, say) keeps up, as it does with a real microphone, so that
// a test's timing does not hang on the encoder's speed.
const FastSpeed = 10

// Source plays audio as a microphone would: chunks of Period, in real time
// (or FastSpeed times faster when Fast is set).
type Source struct {
	Label    string
	Rate     int
	Channels int
	Period   time.Duration // default 10 ms
	Fast     bool
	// Gen fills buf (interleaved) with the samples starting at frame n.
	Gen func(n int64, buf []float32)
	// Frames is the length; 0 plays until stopped.
	Frames int64

	mu      sync.Mutex
	cancel  context.CancelFunc
	done    chan struct{}
	started time.Time
}

// Started is when the source started playing: frame n plays at
// Started + n/Rate.
func (s *Source) Started() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started
}

// Play plays a, then silence until stopped.
func Play(label string, a media.Audio) *Source {
	ch := max(a.Channels, 1)
	return &Source{Label: label, Rate: a.SampleRate, Channels: ch,
		Gen: func(n int64, buf []float32) {
			for i := range buf {
				j := int(n)*ch + i
				if j < len(a.Samples) {
					buf[i] = a.Samples[j]
				} else {
					buf[i] = 0
				}
			}
		}}
}

// WAVSource plays a WAV file, and ends with it.
func WAVSource(path string) (*Source, error) {
	a, err := media.ReadWAVFile(path)
	if err != nil {
		return nil, err
	}
	s := Play(path, a)
	s.Frames = int64(len(a.Samples) / s.Channels)
	return s, nil
}

// Name is the label.
func (s *Source) Name() string { return s.Label }

// Format is the rate and channels.
func (s *Source) Format() (int, int) { return s.Rate, s.Channels }

// Start plays from the beginning; after the end it calls failed with
// io.EOF, as a device that went away.
func (s *Source) Start(deliver func([]float32), failed func(error)) error {
	period := s.Period
	if period <= 0 {
		period = 10 * time.Millisecond
	}
	per := int64(float64(s.Rate) * period.Seconds())
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.cancel, s.done = cancel, make(chan struct{})
	done := s.done
	s.mu.Unlock()
	start := time.Now()
	s.mu.Lock()
	s.started = start
	s.mu.Unlock()
	go func() {
		defer close(done)
		for n := int64(0); s.Frames == 0 || n < s.Frames; n += per {
			speed := 1.0
			if s.Fast {
				speed = FastSpeed
			}
			due := start.Add(media.Seconds(float64(n+per) / float64(s.Rate) / speed))
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Until(due)):
			}
			k := per
			if s.Frames > 0 && n+k > s.Frames {
				k = s.Frames - n
			}
			buf := make([]float32, k*int64(s.Channels))
			s.Gen(n, buf)
			deliver(buf)
		}
		if ctx.Err() == nil {
			failed(io.EOF)
		}
	}()
	return nil
}

// Stop ends playing.
func (s *Source) Stop() error {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	return nil
}

// SpeechLike is a 48 kHz mono microphone with 1.5 s of voiced sound (a
// 150 Hz harmonic tone with a syllable-rate envelope) then 0.5 s of
// quiet, over and over.
func SpeechLike() *Source {
	s := &Source{Label: "speech-like", Rate: 48000, Channels: 1}
	s.Gen = func(n int64, buf []float32) {
		for i := range buf {
			t := float64(n+int64(i)) / 48000
			if math.Mod(t, 2) > 1.5 {
				buf[i] = 0
				continue
			}
			env := 0.5 + 0.5*math.Sin(2*math.Pi*4*t)
			f0 := 150 + 20*math.Sin(2*math.Pi*0.3*t)
			var v float64
			for h := 1; h <= 5; h++ {
				v += math.Sin(2*math.Pi*f0*float64(h)*t) / float64(h)
			}
			buf[i] = float32(0.2 * env * v)
		}
	}
	return s
}

// SpeechBetween is SpeechLike that speaks only from from to to (and is
// silent before and after): an answer with its thinking time and the
// silence that ends it.
func SpeechBetween(from, to time.Duration) *Source {
	s := SpeechLike()
	gen := s.Gen
	s.Gen = func(n int64, buf []float32) {
		gen(n, buf)
		for i := range buf {
			if t := media.Seconds(float64(n+int64(i)) / float64(s.Rate)); t < from || t >= to {
				buf[i] = 0
			}
		}
	}
	return s
}
