package capture

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"sync"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/prop"
)

// Camera is a webcam through pion/mediadevices' drivers, asked for about
// 640x480 at 30 fps. The drivers are used directly: the package's
// GetUserMedia would link a whole WebRTC stack (DTLS, SCTP, x509…) that a
// local recorder never uses.
type Camera struct {
	id   string
	name string

	mu       sync.Mutex
	drv      driver.Driver
	stopping bool
	done     chan struct{}
}

// wanted is the picture the recorder asks for.
var wanted = prop.MediaConstraints{VideoConstraints: prop.VideoConstraints{
	Width: prop.Int(640), Height: prop.Int(480), FrameRate: prop.Float(30)}}

// openDriver opens the camera driver with ID id in the mode that fits
// wanted best (W3C's fitness distance, as GetUserMedia does).
func openDriver(id string) (driver.Driver, driver.VideoRecorder, prop.Media, error) {
	for _, d := range driver.GetManager().Query(driver.FilterVideoRecorder()) {
		if d.ID() != id {
			continue
		}
		rec, ok := d.(driver.VideoRecorder)
		if !ok {
			break
		}
		if d.Status() == driver.StateClosed {
			if err := d.Open(); err != nil {
				return nil, nil, prop.Media{}, err
			}
		}
		var best prop.Media
		bestDist, found := math.Inf(1), false
		for _, p := range d.Properties() {
			if dist, ok := wanted.FitnessDistance(p); ok && dist < bestDist {
				best, bestDist, found = p, dist, true
			}
		}
		if !found {
			d.Close()
			return nil, nil, prop.Media{}, errors.New("it offers no picture size this app can use")
		}
		sel := prop.Media{}
		sel.MergeConstraints(wanted)
		sel.Merge(best)
		return d, rec, sel, nil
	}
	return nil, nil, prop.Media{}, ErrNoCamera
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
	d, rec, sel, err := openDriver(id)
	if err != nil {
		return fmt.Errorf("open the camera %q: %w (is another app using it?)", c.name, err)
	}
	r, err := rec.VideoRecord(sel)
	if err != nil {
		d.Close()
		return fmt.Errorf("open the camera %q: %w (is another app using it?)", c.name, err)
	}
	c.mu.Lock()
	c.drv, c.stopping, c.done = d, false, make(chan struct{})
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
	d, done := c.drv, c.done
	c.drv = nil
	c.mu.Unlock()
	if d == nil {
		return nil
	}
	err := d.Close()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	return err
}
