package vision

import (
	"math"
	"sort"
	"time"
)

// Thresholds, starting points from docs/METRICS.md that the user's baseline
// refines.
const (
	frontalConeDeg = 15.0 // yaw and pitch within this of the user's own straight-ahead
	// Eyes count as closed when the EAR falls below this share of the
	// user's own open-eye EAR around that moment (the 80th percentile of
	// the surrounding 2 s either side), so narrow eyes, glasses and a
	// slowly changing gaze do not move the threshold. Face-mesh landmarks
	// read a fully closed eye at about 0.72-0.73 of the open EAR (measured
	// by pulling the upper lid down over two real faces in steps; see
	// blink_test.go): 0.8 counts closures of about two thirds or more.
	blinkEARShare  = 0.8
	blinkLocalSpan = 2 * time.Second
	blinkMinDur    = 50 * time.Millisecond  // a single frame at 15 fps; not a 33 ms flicker at 30 fps
	blinkMaxDur    = 500 * time.Millisecond // longer closures are not blinks but closed eyes
	smileWiden     = 1.08                   // mouth at least 8 % wider than the user's neutral mouth
	segmentMinDur  = time.Second
	darkLuma       = 40.0 // mean frame brightness below this is too dark to see the face well
	// Framing: the face's height as a share of the frame's, and its centre.
	faceTooSmall    = 0.15 // the face fills less than this of the frame height: too far
	faceTooLarge    = 0.60 // more than this: too close
	offCentreX      = 0.20 // face centre further than this (frame widths) from the middle
	offCentreYLo    = 0.15 // face centre above this (frame heights) ...
	offCentreYHi    = 0.70 // ... or below this is off-centre
	calibrationTime = 3 * time.Second
)

// Baseline is the user's own neutral face, learned from the first seconds
// (or an explicit calibration step): where straight ahead is, how open the
// eyes are, how wide the mouth is at rest.
type Baseline struct {
	Yaw, Pitch, Roll float64
	EAR, Mouth       float64
	Frames           int // frames it was learned from; 0 means defaults
}

// Calibrate learns a baseline from the present frames of the first
// seconds. With too few of them it returns docs/METRICS.md's defaults and false.
func Calibrate(frames []FaceFrame) (Baseline, bool) {
	var yaw, pitch, roll, ear, mouth []float64
	n := calibrationFrames(len(frames), func(i int) time.Duration { return frames[i].T })
	for _, f := range frames[:n] {
		if f.Present {
			yaw, pitch, roll = append(yaw, f.Pose.Yaw), append(pitch, f.Pose.Pitch), append(roll, f.Pose.Roll)
			ear, mouth = append(ear, f.EAR), append(mouth, f.Mouth)
		}
	}
	if len(yaw) < 10 {
		b := Baseline{EAR: 0.3}
		var all []float64
		for _, f := range frames {
			if f.Present {
				all = append(all, f.Mouth)
			}
		}
		b.Mouth = median(all)
		return b, false
	}
	return Baseline{Yaw: median(yaw), Pitch: median(pitch), Roll: median(roll), EAR: median(ear), Mouth: median(mouth), Frames: len(yaw)}, true
}

// calibrationFrames is how many of n frames, with times at(i), fall in the
// first calibrationTime of the answer.
func calibrationFrames(n int, at func(int) time.Duration) int {
	i := 0
	for i < n && at(i)-at(0) <= calibrationTime {
		i++
	}
	return i
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Segment is a flagged stretch of the answer, for the replay to jump to.
type Segment struct {
	Kind  string  `json:"kind"` // no_face, looking_away, eyes_closed, too_dark, several_faces, too_close, too_far, off_centre; posture kinds in PoseSummary
	Start float64 `json:"start_s"`
	End   float64 `json:"end_s"`
}

// FaceSummary is the face feedback of one answer.
type FaceSummary struct {
	PresentRatio float64   `json:"present_ratio"`
	FrontalRatio float64   `json:"frontal_ratio"`  // head toward the camera and eyes open
	BlinksPerMin float64   `json:"blinks_per_min"` // per minute of face time
	Blinks       int       `json:"blinks"`
	SmileRatio   float64   `json:"smile_ratio"`   // share of face time smiling
	HeadMovement float64   `json:"head_movement"` // mean angular speed of the head, degrees per second
	Framing      Framing   `json:"framing"`
	DarkRatio    float64   `json:"dark_ratio"`    // share of frames too dark to see the face well
	SeveralFaces float64   `json:"several_faces"` // share of frames with more than one face (the largest is the user)
	Calibrated   bool      `json:"calibrated"`
	Segments     []Segment `json:"segments"`
}

// Framing is where the face sits in the picture, over the frames it was
// present in.
type Framing struct {
	FaceHeight     float64 `json:"face_height"`      // median face height, in frame heights
	CentreOffset   float64 `json:"centre_offset"`    // median horizontal distance of the face centre from the middle, in frame widths
	TooCloseRatio  float64 `json:"too_close_ratio"`  // share of face time
	TooFarRatio    float64 `json:"too_far_ratio"`    // share of face time
	OffCentreRatio float64 `json:"off_centre_ratio"` // share of face time
}

// SummarizeFace turns the frames of one answer into the face feedback,
// relative to the user's baseline b.
func SummarizeFace(frames []FaceFrame, b Baseline) FaceSummary {
	s := FaceSummary{Calibrated: b.Frames > 0, Segments: []Segment{}}
	if len(frames) == 0 {
		return s
	}
	openEAR := localOpenEAR(frames)
	n := float64(len(frames))
	var present, frontal, smiling int
	var move, moveT float64
	times := make([]time.Duration, len(frames))
	noFace := make([]bool, len(frames))
	away := make([]bool, len(frames))
	closed := make([]bool, len(frames))
	dark := make([]bool, len(frames))
	several := make([]bool, len(frames))
	tooClose, far, off := make([]bool, len(frames)), make([]bool, len(frames)), make([]bool, len(frames))
	var heights, offsets []float64
	var nClose, nFar, nOff, nDark, nSeveral int
	faces := 0 // faces at the last detection: carried over the frames in between
	for i, f := range frames {
		times[i] = f.T
		if f.Faces >= 0 {
			faces = f.Faces
		}
		if f.Luma < darkLuma {
			dark[i] = true
			nDark++
		}
		if faces > 1 {
			several[i] = true
			nSeveral++
		}
		if !f.Present {
			noFace[i] = true
			faces = min(faces, 0)
			continue
		}
		present++
		fh := f.Box.Height()
		cx, cy := (f.Box.XMin+f.Box.XMax)/2, (f.Box.YMin+f.Box.YMax)/2
		heights, offsets = append(heights, fh), append(offsets, math.Abs(cx-0.5))
		tooClose[i], far[i] = fh > faceTooLarge, fh < faceTooSmall
		off[i] = math.Abs(cx-0.5) > offCentreX || cy < offCentreYLo || cy > offCentreYHi
		nClose, nFar = nClose+b2i(tooClose[i]), nFar+b2i(far[i])
		nOff += b2i(off[i])
		turned := math.Abs(f.Pose.Yaw-b.Yaw) > frontalConeDeg || math.Abs(f.Pose.Pitch-b.Pitch) > frontalConeDeg
		away[i] = turned
		closed[i] = f.EAR < blinkEARShare*openEAR[i]
		if !turned && !closed[i] {
			frontal++
		}
		if b.Mouth > 0 && f.Mouth >= smileWiden*b.Mouth {
			smiling++
		}
		if i > 0 && frames[i-1].Present {
			if dt := (f.T - frames[i-1].T).Seconds(); dt > 0 {
				p, q := f.Pose, frames[i-1].Pose
				move += math.Sqrt((p.Yaw-q.Yaw)*(p.Yaw-q.Yaw) + (p.Pitch-q.Pitch)*(p.Pitch-q.Pitch) + (p.Roll-q.Roll)*(p.Roll-q.Roll))
				moveT += dt
			}
		}
	}
	s.PresentRatio = round3(float64(present) / n)
	s.FrontalRatio = round3(float64(frontal) / n)
	s.DarkRatio = round3(float64(nDark) / n)
	s.SeveralFaces = round3(float64(nSeveral) / n)
	if present > 0 {
		p := float64(present)
		s.SmileRatio = round3(float64(smiling) / p)
		s.Framing = Framing{
			FaceHeight:     round3(median(heights)),
			CentreOffset:   round3(median(offsets)),
			TooCloseRatio:  round3(float64(nClose) / p),
			TooFarRatio:    round3(float64(nFar) / p),
			OffCentreRatio: round3(float64(nOff) / p),
		}
	}
	if moveT > 0 {
		s.HeadMovement = math.Round(move/moveT*10) / 10
	}
	for _, r := range timedRuns(times, closed) {
		switch {
		case r.dur >= blinkMinDur && r.dur <= blinkMaxDur:
			s.Blinks++
		case r.dur >= segmentMinDur:
			s.Segments = append(s.Segments, Segment{"eyes_closed", round3(r.start.Seconds()), round3((r.start + r.dur).Seconds())})
		}
	}
	faceMin := float64(present) / n * span(times).Minutes()
	if faceMin > 0 {
		s.BlinksPerMin = math.Round(float64(s.Blinks)/faceMin*10) / 10
	}
	for _, k := range []struct {
		kind string
		m    []bool
	}{{"no_face", noFace}, {"looking_away", away}, {"too_dark", dark}, {"several_faces", several},
		{"too_close", tooClose}, {"too_far", far}, {"off_centre", off}} {
		for _, r := range timedRuns(times, k.m) {
			if r.dur >= segmentMinDur {
				s.Segments = append(s.Segments, Segment{k.kind, round3(r.start.Seconds()), round3((r.start + r.dur).Seconds())})
			}
		}
	}
	sort.Slice(s.Segments, func(i, j int) bool { return s.Segments[i].Start < s.Segments[j].Start })
	return s
}

// localOpenEAR is, for each frame with a face, the 80th percentile of the
// EAR of the face frames within blinkLocalSpan either side: the user's
// open eyes at that moment. Blinks are too short to move it, and so is a
// closure of a second or two.
func localOpenEAR(frames []FaceFrame) []float64 {
	out := make([]float64, len(frames))
	lo := 0
	var win []float64
	for i, f := range frames {
		if !f.Present {
			continue
		}
		for lo < len(frames) && frames[lo].T < f.T-blinkLocalSpan {
			lo++
		}
		win = win[:0]
		for j := lo; j < len(frames) && frames[j].T <= f.T+blinkLocalSpan; j++ {
			if frames[j].Present {
				win = append(win, frames[j].EAR)
			}
		}
		sort.Float64s(win)
		out[i] = win[int(0.8*float64(len(win)-1)+0.5)]
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// span is the time the frames cover, counting the last frame's interval.
func span(times []time.Duration) time.Duration {
	if len(times) < 2 {
		return 0
	}
	return times[len(times)-1] - times[0] + frameStep(times)
}

// frameStep is the mean interval between frames.
func frameStep(times []time.Duration) time.Duration {
	if len(times) < 2 {
		return 0
	}
	return (times[len(times)-1] - times[0]) / time.Duration(len(times)-1)
}

type timedRun struct {
	start, dur time.Duration
}

// timedRuns finds the stretches where m holds, with their durations
// measured from frame times (each frame lasts until the next one).
func timedRuns(times []time.Duration, m []bool) []timedRun {
	var out []timedRun
	step := frameStep(times)
	for i := 0; i < len(m); {
		if !m[i] {
			i++
			continue
		}
		j := i
		for j < len(m) && m[j] {
			j++
		}
		end := times[j-1] + step
		if j < len(times) {
			end = times[j]
		}
		out = append(out, timedRun{times[i], end - times[i]})
		i = j
	}
	return out
}
