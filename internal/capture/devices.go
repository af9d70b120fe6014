// Package capture records answers from the real microphone (malgo, which
// loads PulseAudio/ALSA, CoreAudio or WASAPI at run time) and webcam
// (pion/mediadevices). This file lists the devices.
package capture

import (
	"context"
	"fmt"
	"time"

	"github.com/gen2brain/malgo"
	"github.com/pion/mediadevices/pkg/driver"
	_ "github.com/pion/mediadevices/pkg/driver/camera" // registers the OS camera driver
)

// Device is a microphone or camera the user can pick.
type Device struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	IsDefault bool   `json:"default,omitempty"`
}

// Microphones lists capture devices through the OS audio backend. An error
// means the audio system itself could not be opened.
func Microphones(ctx context.Context) ([]Device, error) {
	type result struct {
		devs []Device
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		devs, err := listMicrophones()
		ch <- result{devs, err}
	}()
	select {
	case r := <-ch:
		return r.devs, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("list microphones: the audio system did not answer: %w", ctx.Err())
	case <-time.After(10 * time.Second):
		return nil, fmt.Errorf("list microphones: the audio system did not answer in 10 s")
	}
}

func listMicrophones() ([]Device, error) {
	mctx, err := malgo.InitContext(nil, malgo.ContextConfig{}, nil)
	if err != nil {
		return nil, fmt.Errorf("open the audio system: %w (on Linux install PulseAudio or ALSA: libpulse0 / libasound2)", err)
	}
	defer func() {
		_ = mctx.Uninit()
		mctx.Free()
	}()
	infos, err := mctx.Devices(malgo.Capture)
	if err != nil {
		return nil, fmt.Errorf("list microphones: %w", err)
	}
	out := make([]Device, 0, len(infos))
	for _, in := range infos {
		if alsaPlugins[deviceName(in.ID)] {
			continue
		}
		out = append(out, Device{ID: in.ID.String(), Name: in.Name(), IsDefault: in.IsDefault != 0})
	}
	return out, nil
}

// alsaPlugins are ALSA PCM plugins that the ALSA backend lists beside real
// cards: converters and bridges, none of them a microphone.
var alsaPlugins = map[string]bool{
	"null": true, "lavrate": true, "samplerate": true, "speexrate": true, "jack": true, "oss": true,
	"pulse": true, "speex": true, "upmix": true, "vdownmix": true, "pipewire": true, "a52": true,
}

// deviceName is the backend's own name for a device when it is text (ALSA
// and PulseAudio use names), or "".
func deviceName(id malgo.DeviceID) string {
	n := 0
	for n < len(id) && id[n] != 0 {
		if id[n] < 0x20 || id[n] > 0x7e {
			return ""
		}
		n++
	}
	return string(id[:n])
}

// Cameras lists the cameras mediadevices' drivers know (screens left out).
func Cameras() []Device {
	var out []Device
	for _, d := range driver.GetManager().Query(driver.FilterAnd(driver.FilterVideoRecorder(), driver.FilterNot(driver.FilterDeviceType(driver.Screen)))) {
		out = append(out, Device{ID: d.ID(), Name: d.Info().Label})
	}
	return out
}
