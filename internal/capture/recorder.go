package capture

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"nevermind/internal/appdata"
	"nevermind/internal/media"
	"nevermind/internal/media/opus"
	"nevermind/internal/media/video"
)

// Options for one recording.
type Options struct {
	Dir  string // folder for the files (created if missing)
	Name string // base name: Name.weba and Name.webm (Name.wav, Name.avi, Name.frames in the old format)
	Mic  AudioSource
	// Camera may be nil (audio only). A camera that cannot start leaves the
	// recording audio-only, with Result.VideoErr saying why.
	Camera     VideoSource
	VideoFPS   float64       // the camera's nominal rate (default 30): the AVI header's, the VP8 key frame interval's
	PreviewFPS float64       // rate of the Frames tap (default 10)
	FlushEvery time.Duration // how often the WAV on disk is brought up to date (default 500 ms); WebM files are synced every second
	// Legacy records in the old format (WAV and MJPEG AVI) even when this
	// binary has the codecs; a binary without them always does.
	Legacy bool
}

// Compressed reports whether this binary records in the compressed format
// (Opus and VP8 in WebM) rather than WAV and MJPEG AVI.
func Compressed() bool { return opus.Available && video.CanWriteWebM() }

// Files are the paths of one recording.
type Files struct {
	Audio  string `json:"audio"`  // Opus in WebM (.weba), or 16-bit PCM WAV at the microphone's rate; mono
	Video  string `json:"video"`  // VP8 in WebM, or MJPEG AVI; "" for audio only
	Frames string `json:"frames"` // the AVI's capture time of every frame ("" for WebM, whose blocks carry their times)
	Marker string `json:"-"`      // present while recording; left behind by a crash
}

// Result is what a recording produced.
type Result struct {
	Files
	Started      time.Time
	Duration     time.Duration // of the audio written
	AudioFrames  int64
	SampleRate   int
	VideoFrames  int
	DroppedAudio int // audio buffers that could not be queued (should always be 0)
	DroppedVideo int // camera frames skipped because the writer was busy
	// VideoWork and AudioWork are the time the writers spent converting,
	// encoding and writing (each on its own goroutine; libvpx and libopus
	// use one thread), for the encoders' share of a core.
	VideoWork, AudioWork time.Duration
	VideoErr             error // why there is no video, or why it ended early
	Err                  error // why the recording stopped early (microphone lost, disk full)
}

// ErrDiskFull is wrapped by Result.Err when the disk filled up.
var ErrDiskFull = errors.New("the disk is full")

// Recorder writes one answer to disk as it is spoken: the audio to a WAV
// whose header is rewritten and synced every FlushEvery, the video to an
// MJPEG AVI with each frame's capture time beside it. Taps give the level,
// a reduced-rate frame stream and 16 kHz mono audio without ever slowing
// the writers: preview frames are dropped when nobody takes them, audio
// never is.
type Recorder struct {
	o     Options
	webm  bool
	files Files
	start time.Time

	audioQ  chan []float32
	frameQ  chan *capturedFrame
	levels  chan Level
	preview chan Frame
	voice   *sampleQueue

	t0      atomic.Int64 // unix ns of the first audio sample; 0 until known
	dropA   atomic.Int64
	dropV   atomic.Int64
	lastPrv atomic.Int64

	stopOnce  sync.Once
	firstOnce sync.Once
	first     chan struct{} // closed when the first audio arrives
	ready     chan struct{} // closed when Start has set the recorder up
	halt      chan struct{} // closed to stop the writers
	done      chan struct{} // closed when everything is written and closed
	wg        sync.WaitGroup
	pool      sync.Pool

	mu     sync.Mutex
	res    Result
	camOn  bool
	micOn  bool
	frames *os.File
	fw     *bufio.Writer
}

type capturedFrame struct {
	img *image.RGBA
	at  time.Time
}

// marker is the JSON left in Name.recording while recording.
type marker struct {
	Files
	Started time.Time `json:"started"`
}

// Start begins a recording. It fails only when the audio cannot be
// recorded at all (no microphone, no room for the file); a camera that
// cannot start leaves it audio-only.
func Start(o Options) (*Recorder, error) {
	if o.Mic == nil {
		return nil, ErrNoMicrophone
	}
	if o.VideoFPS <= 0 {
		o.VideoFPS = 30
	}
	if o.PreviewFPS <= 0 {
		o.PreviewFPS = 10
	}
	if o.FlushEvery <= 0 {
		o.FlushEvery = 500 * time.Millisecond
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, err
	}
	base := filepath.Join(o.Dir, o.Name)
	webm := Compressed() && !o.Legacy
	r := &Recorder{
		o:       o,
		webm:    webm,
		files:   Files{Audio: base + ".wav", Frames: base + ".frames", Marker: base + ".recording"},
		audioQ:  make(chan []float32, 1024),
		frameQ:  make(chan *capturedFrame, 6),
		levels:  make(chan Level, 64),
		preview: make(chan Frame, 2),
		voice:   newSampleQueue(),
		halt:    make(chan struct{}),
		done:    make(chan struct{}),
		first:   make(chan struct{}),
		ready:   make(chan struct{}),
		start:   time.Now(),
	}
	// A microphone can fail as soon as it starts: fail waits for Start to
	// have set the recorder up.
	defer close(r.ready)
	if webm {
		r.files.Audio, r.files.Frames = base+".weba", ""
	}
	if o.Camera != nil {
		r.files.Video = base + ".avi"
		if webm {
			r.files.Video = base + ".webm"
		}
	}
	if err := writeMarker(r.files.Marker, marker{r.files, r.start}); err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", o.Dir, diskErr(err))
	}
	if err := o.Mic.Start(r.onAudio, func(err error) { go r.fail(err) }); err != nil {
		os.Remove(r.files.Marker)
		return nil, err
	}
	rate, ch := o.Mic.Format()
	var wav audioFile
	var err error
	if webm {
		wav, err = media.CreateOpusStream(r.files.Audio, rate)
	} else {
		wav, err = media.CreateWAVStream(r.files.Audio, rate, 1)
	}
	if err != nil {
		o.Mic.Stop()
		os.Remove(r.files.Marker)
		return nil, fmt.Errorf("cannot create the recording: %w", diskErr(err))
	}
	rs, err := media.NewStreamResampler(rate, 16000)
	if err != nil {
		o.Mic.Stop()
		wav.Close()
		os.Remove(r.files.Marker)
		return nil, err
	}
	r.res = Result{Files: r.files, Started: r.start, SampleRate: rate}
	r.micOn = true
	r.wg.Add(1)
	go r.writeAudio(wav, rs, ch)

	if o.Camera != nil {
		r.wg.Add(1)
		go r.writeVideo()
		if err := o.Camera.Start(r.onFrame, func(err error) { go r.videoFailed(err) }); err != nil {
			r.videoFailed(err)
		} else {
			r.mu.Lock()
			r.camOn = true
			r.mu.Unlock()
		}
	}
	return r, nil
}

func writeMarker(path string, m marker) error {
	b, _ := json.Marshal(m)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// diskErr names a full disk (or a file size limit) plainly.
func diskErr(err error) error {
	if appdata.IsDiskFull(err) {
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	}
	return err
}

// onAudio runs on the audio device's thread: it only queues.
func (r *Recorder) onAudio(x []float32) {
	if r.t0.Load() == 0 {
		rate, ch := r.o.Mic.Format()
		if rate > 0 && ch > 0 {
			d := media.Seconds(float64(len(x)/ch) / float64(rate))
			r.t0.CompareAndSwap(0, time.Now().Add(-d).UnixNano())
		}
		r.firstOnce.Do(func() { close(r.first) })
	}
	select {
	case r.audioQ <- x:
	default:
		r.dropA.Add(1)
	}
}

// onFrame runs on the camera's goroutine: it copies the frame and queues
// it for the writer and, at the preview rate, for the tap.
func (r *Recorder) onFrame(img image.Image, at time.Time) {
	b := img.Bounds()
	buf, _ := r.pool.Get().(*image.RGBA)
	if buf == nil || buf.Rect.Dx() != b.Dx() || buf.Rect.Dy() != b.Dy() {
		buf = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	}
	draw.Draw(buf, buf.Rect, img, b.Min, draw.Src)
	if t0 := r.t0.Load(); t0 != 0 {
		step := int64(float64(time.Second) / r.o.PreviewFPS)
		if last := r.lastPrv.Load(); at.UnixNano()-last >= step {
			cp := image.NewRGBA(buf.Rect)
			copy(cp.Pix, buf.Pix)
			select {
			case r.preview <- Frame{Image: cp, At: time.Duration(at.UnixNano() - t0)}:
				r.lastPrv.Store(at.UnixNano())
			default:
			}
		}
	}
	select {
	case r.frameQ <- &capturedFrame{buf, at}:
	default:
		r.dropV.Add(1)
		r.pool.Put(buf)
	}
}

// audioFile is where the audio goes: a WAV or an Opus WebM file.
type audioFile interface {
	Write(mono []float32) error
	Flush() error
	Close() error
	Frames() int64
}

func (r *Recorder) writeAudio(wav audioFile, rs *media.StreamResampler, ch int) {
	defer r.wg.Done()
	tick := time.NewTicker(r.o.FlushEvery)
	defer tick.Stop()
	rate := r.res.SampleRate
	var mono, out []float32
	var lvlSum, lvlPeak float64
	lvlN, written := 0, int64(0)
	failed := false
	var audioWork time.Duration
	handle := func(x []float32) {
		if failed {
			return
		}
		mono = mono[:0]
		for i := 0; i+ch <= len(x); i += ch {
			var s float32
			for c := 0; c < ch; c++ {
				s += x[i+c]
			}
			mono = append(mono, s/float32(ch))
		}
		t0 := time.Now()
		err := wav.Write(mono)
		audioWork += time.Since(t0)
		if err != nil {
			failed = true
			go r.fail(fmt.Errorf("recording stopped: %w", diskErr(err)))
			return
		}
		for _, v := range mono {
			a := math.Abs(float64(v))
			lvlSum += a * a
			lvlPeak = math.Max(lvlPeak, a)
			lvlN++
			written++
			if lvlN == rate/20 { // a level every 50 ms
				l := Level{At: media.Seconds(float64(written) / float64(rate)),
					RMS: dbfs(math.Sqrt(lvlSum / float64(lvlN))), Peak: dbfs(lvlPeak)}
				select {
				case r.levels <- l:
				default:
				}
				lvlSum, lvlPeak, lvlN = 0, 0, 0
			}
		}
		out = rs.Write(out[:0], mono)
		if len(out) > 0 {
			r.voice.push(append([]float32(nil), out...))
		}
	}
	flush := func() {
		if err := wav.Flush(); err != nil && !failed {
			failed = true
			go r.fail(fmt.Errorf("recording stopped: %w", diskErr(err)))
		}
		r.mu.Lock()
		if r.fw != nil {
			r.fw.Flush()
		}
		r.mu.Unlock()
	}
	for {
		select {
		case x := <-r.audioQ:
			handle(x)
		case <-tick.C:
			flush()
		case <-r.halt:
			for {
				select {
				case x := <-r.audioQ:
					handle(x)
					continue
				default:
				}
				break
			}
			if out = rs.Flush(out[:0]); len(out) > 0 {
				r.voice.push(out)
			}
			r.voice.close()
			err := wav.Close()
			r.mu.Lock()
			r.res.AudioFrames = wav.Frames()
			r.res.AudioWork = audioWork
			r.res.Duration = media.Seconds(float64(wav.Frames()) / float64(rate))
			if err != nil && r.res.Err == nil && !failed {
				r.res.Err = fmt.Errorf("finishing the recording: %w", diskErr(err))
			}
			r.mu.Unlock()
			return
		}
	}
}

func dbfs(v float64) float64 {
	if v <= 1e-10 {
		return -200
	}
	return 20 * math.Log10(v)
}

func (r *Recorder) writeVideo() {
	defer r.wg.Done()
	var w *video.Writer
	var werr error
	n := 0
	flushed := time.Now()
	var videoWork time.Duration
	for {
		var f *capturedFrame
		select {
		case f = <-r.frameQ:
		case <-r.halt:
			select {
			case f = <-r.frameQ:
			default:
			}
		}
		if f == nil {
			break
		}
		if w == nil && werr == nil {
			w, werr = r.openVideo(f.img.Rect.Dx(), f.img.Rect.Dy())
			if werr != nil {
				r.videoFailed(werr)
			}
		}
		if w != nil {
			var err error
			t0 := time.Now()
			if r.webm {
				// VP8 takes even sizes: an odd camera loses its last column or row.
				img := f.img.SubImage(image.Rect(0, 0, w.W, w.H))
				zero := r.t0.Load()
				if zero == 0 { // no sound yet: the recording's start stands in
					zero = r.start.UnixNano()
				}
				err = w.WriteAt(img, max(0, time.Duration(f.at.UnixNano()-zero)))
			} else {
				err = w.Write(f.img)
			}
			videoWork += time.Since(t0)
			if err != nil {
				r.videoFailed(fmt.Errorf("writing the video: %w", diskErr(err)))
				w.Close()
				w, werr = nil, err
			} else if r.webm && time.Since(flushed) >= r.o.FlushEvery {
				// Half a second at most is lost to a crash, not the second
				// up to the next key frame.
				if err := w.Flush(); err != nil {
					r.videoFailed(fmt.Errorf("writing the video: %w", diskErr(err)))
					w.Close()
					w, werr = nil, err
				}
				flushed = time.Now()
				n++
			} else {
				r.mu.Lock()
				if r.fw != nil {
					fmt.Fprintf(r.fw, "f %d %d\n", n, f.at.UnixNano())
				}
				r.mu.Unlock()
				n++
			}
		}
		r.pool.Put(f.img)
	}
	if w != nil {
		if err := w.Close(); err != nil {
			r.videoFailed(err)
		}
	}
	r.mu.Lock()
	r.res.VideoFrames = n
	r.res.VideoWork = videoWork
	if r.fw != nil {
		r.fw.Flush()
		r.frames.Sync()
		r.frames.Close()
		r.fw = nil
	}
	r.mu.Unlock()
}

func (r *Recorder) openVideo(w, h int) (*video.Writer, error) {
	if r.webm {
		if w < 2 || h < 2 {
			return nil, fmt.Errorf("the camera gives frames of %d×%d pixels", w, h)
		}
		vw, err := video.Create(r.files.Video, r.o.VideoFPS, w&^1, h&^1)
		if err != nil {
			return nil, diskErr(err)
		}
		// Frame times count from the audio's first sample; wait briefly for it.
		for i := 0; i < 100 && r.t0.Load() == 0; i++ {
			time.Sleep(10 * time.Millisecond)
		}
		return vw, nil
	}
	vw, err := video.Create(r.files.Video, r.o.VideoFPS, w, h)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(r.files.Frames, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		vw.Close()
		return nil, diskErr(err)
	}
	r.mu.Lock()
	r.frames, r.fw = f, bufio.NewWriter(f)
	// The audio's first sample is time zero; wait briefly for it.
	for i := 0; i < 100 && r.t0.Load() == 0; i++ {
		r.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		r.mu.Lock()
	}
	fmt.Fprintf(r.fw, "# nevermind frame times: f INDEX UNIX_NS; a UNIX_NS is the first audio sample\na %d\n", r.t0.Load())
	r.mu.Unlock()
	return vw, nil
}

// videoFailed records why video stopped and closes the camera; audio goes on.
func (r *Recorder) videoFailed(err error) {
	r.mu.Lock()
	if r.res.VideoErr == nil {
		r.res.VideoErr = err
	}
	cam := r.camOn
	r.camOn = false
	r.mu.Unlock()
	if cam {
		r.o.Camera.Stop()
	}
}

// fail stops the recording early, keeping what was written.
func (r *Recorder) fail(err error) {
	<-r.ready
	r.mu.Lock()
	if r.res.Err == nil {
		r.res.Err = err
	}
	r.mu.Unlock()
	r.finish()
}

// Files are the paths the recording writes.
func (r *Recorder) Files() Files { return r.files }

// Levels is the microphone level every 50 ms (dropped when not read).
func (r *Recorder) Levels() <-chan Level { return r.levels }

// Frames is the camera at the preview rate (dropped when not read).
func (r *Recorder) Frames() <-chan Frame { return r.preview }

// Next16k returns the next chunk of 16 kHz mono audio for live analysis,
// waiting for it; false when the recording has ended and all was taken.
// The queue never drops and never blocks the writer.
func (r *Recorder) Next16k() ([]float32, bool) { return r.voice.pop() }

// Listening is closed when the microphone's first sound arrives: some
// audio systems take a second to start, and the answer's clock starts
// here (time zero of the WAV and of the frame times).
func (r *Recorder) Listening() <-chan struct{} { return r.first }

// Done is closed when the recording has ended (Stop, or a failure) and
// its files are complete.
func (r *Recorder) Done() <-chan struct{} { return r.done }

// Elapsed is the time since the start.
func (r *Recorder) Elapsed() time.Duration { return time.Since(r.start) }

func (r *Recorder) finish() {
	r.stopOnce.Do(func() {
		r.mu.Lock()
		mic, cam := r.micOn, r.camOn
		r.micOn, r.camOn = false, false
		r.mu.Unlock()
		if cam {
			r.o.Camera.Stop()
		}
		if mic {
			r.o.Mic.Stop()
		}
		close(r.halt)
		r.wg.Wait()
		r.mu.Lock()
		r.res.DroppedAudio = int(r.dropA.Load())
		r.res.DroppedVideo = int(r.dropV.Load())
		if r.res.VideoFrames == 0 && r.files.Video != "" {
			os.Remove(r.files.Video)
			if r.files.Frames != "" {
				os.Remove(r.files.Frames)
			}
			r.res.Video, r.res.Frames = "", ""
		}
		r.mu.Unlock()
		os.Remove(r.files.Marker)
		close(r.done)
	})
}

// Stop ends the recording and returns what it produced.
func (r *Recorder) Stop() Result {
	r.finish()
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.res
}

// sampleQueue is an unbounded FIFO of audio chunks.
type sampleQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	chunks [][]float32
	closed bool
}

func newSampleQueue() *sampleQueue {
	q := &sampleQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *sampleQueue) push(x []float32) {
	q.mu.Lock()
	q.chunks = append(q.chunks, x)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *sampleQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *sampleQueue) pop() ([]float32, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.chunks) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.chunks) == 0 {
		return nil, false
	}
	x := q.chunks[0]
	q.chunks[0] = nil
	q.chunks = q.chunks[1:]
	return x, true
}
