package capture

import (
	"errors"
	"fmt"
	"image"
	"io"
	"sync"
	"time"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/prop"
)

// Camera is a webcam through pion/mediadevices, asked for about 640x480 at
// 30 fps.
type Camera struct {
	id   string
	name string

	mu       sync.Mutex
	track    mediadevices.Track
	stopping bool
	done     chan struct{}
}

// ErrNoCamera means no camera was found; recording goes on with audio only.
var ErrNoCamera = errors.New("no camera found")

// OpenCamera selects a camera by its ID from Cameras; "" is the first one.
func OpenCamera(id string) *Camera { return &Camera{id: id, name: "camera"} }

// Name says which camera this is.
func (c *Camera) Name() string { return c.name }

// Start opens the camera and begins delivering frames.
func (c *Camera) Start(deliver func(image.Image, time.Time), failed func(error)) error {
	cams := Cameras()
	if len(cams) == 0 {
		return ErrNoCamera
	}
	id := c.id
	if id == "" {
		id = cams[0].ID
	}
	found := false
	for _, d := range cams {
		if d.ID == id {
			c.name, found = d.Name, true
		}
	}
	if !found {
		return fmt.Errorf("%w: the chosen camera is not connected any more; pick another in Settings", ErrNoCamera)
	}
	s, err := mediadevices.GetUserMedia(mediadevices.MediaStreamConstraints{
		Video: func(m *mediadevices.MediaTrackConstraints) {
			m.DeviceID = prop.StringExact(id) // exact: a better-fitting other camera must not win
			m.Width = prop.Int(640)
			m.Height = prop.Int(480)
			m.FrameRate = prop.Float(30)
		},
	})
	if err != nil {
		return fmt.Errorf("open the camera %q: %w (is another app using it?)", c.name, err)
	}
	tracks := s.GetVideoTracks()
	if len(tracks) == 0 {
		return fmt.Errorf("open the camera %q: no video", c.name)
	}
	vt, ok := tracks[0].(*mediadevices.VideoTrack)
	if !ok {
		tracks[0].Close()
		return fmt.Errorf("open the camera %q: unexpected track type", c.name)
	}
	r := vt.NewReader(false)
	c.mu.Lock()
	c.track, c.stopping, c.done = vt, false, make(chan struct{})
	done := c.done
	c.mu.Unlock()
	go func() {
		defer close(done)
		for {
			img, release, err := r.Read()
			if err != nil {
				c.mu.Lock()
				stopping := c.stopping
				c.mu.Unlock()
				if !stopping {
					if errors.Is(err, io.EOF) {
						err = errors.New("it stopped sending pictures")
					}
					failed(fmt.Errorf("the camera %q stopped: %w", c.name, err))
				}
				return
			}
			deliver(img, time.Now())
			release()
		}
	}()
	return nil
}

// Stop closes the camera.
func (c *Camera) Stop() error {
	c.mu.Lock()
	c.stopping = true
	t, done := c.track, c.done
	c.track = nil
	c.mu.Unlock()
	if t == nil {
		return nil
	}
	err := t.Close()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	return err
}
