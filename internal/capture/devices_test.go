package capture

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/malgo"
)

func TestDeviceName(t *testing.T) {
	var id malgo.DeviceID
	copy(id[:], "hw:0,0")
	if got := deviceName(id); got != "hw:0,0" {
		t.Fatalf("deviceName = %q", got)
	}
	var bin malgo.DeviceID
	copy(bin[:], []byte{0x01, 0xff, 0x10})
	if got := deviceName(bin); got != "" {
		t.Fatalf("binary id read as %q", got)
	}
}

// TestMicrophonesListsNoPlugins asks the real audio system. Whatever it has,
// the answer comes promptly and holds no ALSA converter plugins.
func TestMicrophonesListsNoPlugins(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	devs, err := Microphones(ctx)
	if err != nil {
		if !strings.Contains(err.Error(), "audio system") && !strings.Contains(err.Error(), "microphones") {
			t.Fatalf("unclear error: %v", err)
		}
		return
	}
	for _, d := range devs {
		if d.Name == "" || d.ID == "" {
			t.Errorf("device without a name or id: %+v", d)
		}
		for _, plugin := range []string{"Rate Converter", "Discard all samples", "channel upmix", "channel downmix"} {
			if strings.Contains(d.Name, plugin) {
				t.Errorf("listed a plugin as a microphone: %q", d.Name)
			}
		}
	}
}
