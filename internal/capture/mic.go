package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/gen2brain/malgo"
)

// Mic is a microphone through the OS audio system (malgo: PulseAudio or
// ALSA, CoreAudio, WASAPI). It captures at the device's own rate and
// channel count, as 32-bit float.
type Mic struct {
	id   string // Device.ID from Microphones, or "" for the system default
	name string

	mu       sync.Mutex
	ctx      *malgo.AllocatedContext
	dev      *malgo.Device
	rate, ch int
	stopping bool
}

// ErrNoMicrophone means the audio system has no capture device.
var ErrNoMicrophone = errors.New("no microphone found: plug one in, or check that the system's sound settings show an input device")

// OpenMic selects a microphone by its ID from Microphones; "" is the
// system default. Nothing is opened until Start.
func OpenMic(id string) *Mic {
	return &Mic{id: id, name: "default microphone"}
}

// Name says which microphone this is.
func (m *Mic) Name() string { return m.name }

// Format is the capture rate and channel count.
func (m *Mic) Format() (int, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rate, m.ch
}

// Start opens the device and begins capturing.
func (m *Mic) Start(deliver func([]float32), failed func(error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	ctx, err := malgo.InitContext(nil, malgo.ContextConfig{}, nil)
	if err != nil {
		return fmt.Errorf("open the audio system: %w (on Linux install PulseAudio or ALSA)", err)
	}
	all, err := ctx.Devices(malgo.Capture)
	var infos []malgo.DeviceInfo
	for _, in := range all {
		if !alsaPlugins[deviceName(in.ID)] {
			infos = append(infos, in)
		}
	}
	if err != nil || len(infos) == 0 {
		_ = ctx.Uninit()
		ctx.Free()
		if err != nil {
			return fmt.Errorf("list microphones: %w", err)
		}
		return ErrNoMicrophone
	}
	cfg := malgo.DefaultDeviceConfig(malgo.Capture)
	cfg.Capture.Format = malgo.FormatF32
	cfg.Capture.Channels = 0 // the device's own
	cfg.SampleRate = 0       // the device's own
	cfg.PeriodSizeInMilliseconds = 20
	found := m.id == ""
	for _, in := range infos {
		if m.id != "" && in.ID.String() == m.id {
			id := in.ID
			cfg.Capture.DeviceID = id.Pointer()
			m.name = in.Name()
			found = true
		} else if m.id == "" && in.IsDefault != 0 {
			m.name = in.Name()
		}
	}
	if !found {
		_ = ctx.Uninit()
		ctx.Free()
		return fmt.Errorf("the chosen microphone is not connected any more; pick another in Settings")
	}
	var once sync.Once
	cb := malgo.DeviceCallbacks{
		Data: func(_, in []byte, frames uint32) {
			x := make([]float32, len(in)/4)
			for i := range x {
				x[i] = math.Float32frombits(binary.LittleEndian.Uint32(in[4*i:]))
			}
			deliver(x)
		},
		Stop: func() {
			m.mu.Lock()
			stopping := m.stopping
			m.mu.Unlock()
			if !stopping {
				once.Do(func() { failed(fmt.Errorf("the microphone %q stopped (unplugged, or taken by another app)", m.name)) })
			}
		},
	}
	dev, err := malgo.InitDevice(ctx.Context, cfg, cb)
	if err != nil {
		_ = ctx.Uninit()
		ctx.Free()
		return fmt.Errorf("open the microphone %q: %w (is another app using it?)", m.name, err)
	}
	m.rate, m.ch = int(dev.SampleRate()), int(dev.CaptureChannels())
	if err := dev.Start(); err != nil {
		dev.Uninit()
		_ = ctx.Uninit()
		ctx.Free()
		return fmt.Errorf("start the microphone %q: %w", m.name, err)
	}
	m.ctx, m.dev, m.stopping = ctx, dev, false
	return nil
}

// Stop ends capturing and closes the device.
func (m *Mic) Stop() error {
	m.mu.Lock()
	m.stopping = true
	dev, ctx := m.dev, m.ctx
	m.dev, m.ctx = nil, nil
	m.mu.Unlock()
	if dev == nil {
		return nil
	}
	err := dev.Stop()
	dev.Uninit()
	_ = ctx.Uninit()
	ctx.Free()
	return err
}
