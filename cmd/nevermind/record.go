package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"nevermind/internal/capture"
	"nevermind/internal/media"
)

func runRecord(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seconds := fs.Float64("seconds", 5, "how long to record")
	out := fs.String("out", "", "folder for the files (default: recordings/ in the data folder)")
	noVideo := fs.Bool("no-video", false, "record the microphone only")
	mic := fs.String("mic", "", "microphone ID from `nevermind doctor --json` (default: the system's)")
	camera := fs.String("camera", "", "camera ID (default: the first)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *seconds <= 0 || *seconds > 3600 {
		fmt.Fprintln(stderr, "nevermind record: --seconds must be between 0 and 3600")
		return 2
	}
	ctx, stop := interruptible()
	defer stop()
	// Anything a crash cut short is repaired before recording again.
	a, err := openApp(ctx, stderr)
	if err != nil {
		return fail(stderr, err)
	}
	defer a.Close()
	folder := *out
	if folder == "" {
		folder = filepath.Join(a.Dir.MediaDir(), "recordings")
	} else if recs, err := capture.Recover(folder); err == nil {
		printRecovered(stderr, recs)
	}
	o := capture.Options{Dir: folder, Name: "rec-" + time.Now().Format("20060102-150405"), Mic: capture.OpenMic(*mic)}
	if !*noVideo {
		o.Camera = capture.OpenCamera(*camera)
	}
	r, err := capture.Start(o)
	if err != nil {
		return fail(stderr, err)
	}
	tty := isTerminal(stderr)
	want := media.Seconds(*seconds)
	// The length counts from the microphone's first sound, not from when it
	// was asked to start.
	silent := time.NewTimer(10 * time.Second)
	defer silent.Stop()
	select {
	case <-r.Listening():
	case <-r.Done():
	case <-ctx.Done():
	case <-silent.C:
		r.Stop()
		return fail(stderr, fmt.Errorf("the microphone %q sent no sound in 10 s; check that it is connected and not used by another app", o.Mic.Name()))
	}
	started := time.Now()
	var peak float64 = -200
	// Until the length is recorded, Ctrl-C, or the device goes away; and
	// if the audio falls behind the clock, stop anyway.
	follow, stopFollowing := context.WithCancel(ctx)
	defer stopFollowing()
	overdue := time.AfterFunc(time.Until(started.Add(want+2*time.Second)), stopFollowing)
	defer overdue.Stop()
	heard, _ := r.Follow(follow.Done(), func(l capture.Level) {
		peak = math.Max(peak, l.Peak)
		if tty {
			bars := int(math.Max(0, (l.RMS+60)/2))
			fmt.Fprintf(stderr, "\rrecording %4.1f s  level %-30s %5.1f dBFS ", l.At.Seconds(), strings.Repeat("█", min(bars, 30)), l.RMS)
		}
		if l.At >= want {
			stopFollowing()
		}
	}, nil, nil)
	res := r.Stop()
	if tty {
		fmt.Fprint(stderr, "\r\033[K")
	}
	fmt.Fprintf(stdout, "audio  %s (%.2f s, %d Hz, loudest %.1f dBFS)\n", res.Audio, res.Duration.Seconds(), res.SampleRate, peak)
	if res.Video != "" {
		fmt.Fprintf(stdout, "video  %s (%d frames)\nframes %s\n", res.Video, res.VideoFrames, res.Frames)
	}
	if res.VideoErr != nil && !*noVideo {
		fmt.Fprintf(stdout, "no video: %v (audio only)\n", res.VideoErr)
	}
	if res.DroppedAudio > 0 {
		fmt.Fprintf(stdout, "warning: %d audio buffers were lost (the computer was too busy)\n", res.DroppedAudio)
	}
	if !heard && res.Duration > time.Second {
		fmt.Fprintln(stdout, "warning: the microphone recorded only silence; check that it is not muted and is the right one")
	}
	if res.Err != nil {
		fmt.Fprintf(stderr, "nevermind: %v; what was recorded is kept\n", res.Err)
		return 1
	}
	return 0
}

func printRecovered(w io.Writer, recs []capture.Recovered) {
	for _, r := range recs {
		if r.AudioErr != nil {
			fmt.Fprintf(w, "nevermind: an interrupted recording could not be repaired: %v\n", r.AudioErr)
			continue
		}
		fmt.Fprintf(w, "nevermind: recovered an interrupted recording: %s (%.1f s)", r.Audio, r.Duration.Seconds())
		if r.Video != "" {
			fmt.Fprintf(w, ", %s (%d frames)", r.Video, r.VideoFrames)
		}
		fmt.Fprintln(w)
	}
}
