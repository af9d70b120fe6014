package vision

import (
	"math"
	"sort"
	"time"
)

// Posture thresholds (docs/METRICS.md), relative to the user's baseline.
const (
	shoulderTiltDeg = 10.0
	headRollDeg     = 15.0
	slouchDeg       = 10.0
	touchMinDur     = 300 * time.Millisecond
)

// PoseBaseline is the user's own upright posture from the first seconds.
type PoseBaseline struct {
	ShoulderTilt, HeadRoll, NeckAngle, TorsoX float64
	Frames                                    int
}

// CalibratePose learns the baseline from the present frames of the first
// seconds; with too few it returns zeros (level shoulders, and no slouch
// judgement) and false.
func CalibratePose(frames []PoseFrame) (PoseBaseline, bool) {
	var tilt, roll, neck, torso []float64
	n := calibrationFrames(len(frames), func(i int) time.Duration { return frames[i].T })
	for _, f := range frames[:n] {
		if f.Present {
			tilt, roll = append(tilt, f.ShoulderTilt), append(roll, f.HeadRoll)
			neck, torso = append(neck, f.NeckAngle), append(torso, f.TorsoX)
		}
	}
	if len(tilt) < 10 {
		return PoseBaseline{}, false
	}
	return PoseBaseline{median(tilt), median(roll), median(neck), median(torso), len(tilt)}, true
}

// Stat is a mean and a maximum.
type Stat struct {
	Mean float64 `json:"mean"`
	Max  float64 `json:"max"`
}

// PoseSummary is the posture feedback of one answer.
type PoseSummary struct {
	PresentRatio    float64   `json:"present_ratio"`
	ShoulderTiltDeg Stat      `json:"shoulder_tilt_deg"` // away from the user's level, absolute
	HeadRollDeg     Stat      `json:"head_roll_deg"`     // against the shoulders, away from the baseline
	SlouchRatio     float64   `json:"slouch_ratio"`      // share of pose time slouched
	Sway            float64   `json:"sway"`              // SD of the torso's sideways position, in frame widths
	HandFaceTouches int       `json:"hand_face_touches"`
	HandMotion      float64   `json:"hand_motion"` // mean hand speed, shoulder widths per second, while visible
	Calibrated      bool      `json:"calibrated"`
	Segments        []Segment `json:"segments"`
}

// SummarizePose turns the frames of one answer into posture feedback.
func SummarizePose(frames []PoseFrame, b PoseBaseline) PoseSummary {
	s := PoseSummary{Calibrated: b.Frames > 0, Segments: []Segment{}}
	if len(frames) == 0 {
		return s
	}
	times := make([]time.Duration, len(frames))
	tilted := make([]bool, len(frames))
	rolled := make([]bool, len(frames))
	slouched := make([]bool, len(frames))
	touching := make([]bool, len(frames))
	cutOff := make([]bool, len(frames))
	var present, slouchN int
	var tiltSum, rollSum, xSum, xSq, speed, speedT float64
	for i, f := range frames {
		times[i] = f.T
		if !f.Present {
			cutOff[i] = f.Person
			continue
		}
		present++
		dt := math.Abs(f.ShoulderTilt - b.ShoulderTilt)
		dr := math.Abs(f.HeadRoll - b.HeadRoll)
		tiltSum, rollSum = tiltSum+dt, rollSum+dr
		s.ShoulderTiltDeg.Max = math.Max(s.ShoulderTiltDeg.Max, dt)
		s.HeadRollDeg.Max = math.Max(s.HeadRollDeg.Max, dr)
		tilted[i], rolled[i] = dt > shoulderTiltDeg, dr > headRollDeg
		if b.Frames > 0 && b.NeckAngle-f.NeckAngle > slouchDeg {
			slouched[i] = true
			slouchN++
		}
		touching[i] = f.HandNearFace
		xSum += f.TorsoX
		xSq += f.TorsoX * f.TorsoX
		if i > 0 && frames[i-1].Present {
			if d := (f.T - frames[i-1].T).Seconds(); d > 0 {
				for k := 0; k < 2; k++ {
					if f.HandsSeen[k] && frames[i-1].HandsSeen[k] {
						speed += math.Hypot(f.Hands[k].X-frames[i-1].Hands[k].X, f.Hands[k].Y-frames[i-1].Hands[k].Y)
						speedT += d
					}
				}
			}
		}
	}
	s.PresentRatio = round3(float64(present) / float64(len(frames)))
	for _, r := range timedRuns(times, cutOff) {
		if r.dur >= segmentMinDur {
			s.Segments = append(s.Segments, Segment{"shoulders_out_of_frame", round3(r.start.Seconds()), round3((r.start + r.dur).Seconds())})
		}
	}
	if present == 0 {
		return s
	}
	p := float64(present)
	s.ShoulderTiltDeg = Stat{math.Round(tiltSum/p*10) / 10, math.Round(s.ShoulderTiltDeg.Max*10) / 10}
	s.HeadRollDeg = Stat{math.Round(rollSum/p*10) / 10, math.Round(s.HeadRollDeg.Max*10) / 10}
	s.SlouchRatio = round3(float64(slouchN) / p)
	mean := xSum / p
	s.Sway = round3(math.Sqrt(math.Max(0, xSq/p-mean*mean)))
	if speedT > 0 {
		s.HandMotion = math.Round(speed/speedT*100) / 100
	}
	for _, r := range timedRuns(times, touching) {
		if r.dur >= touchMinDur {
			s.HandFaceTouches++
			s.Segments = append(s.Segments, Segment{"touching_face", round3(r.start.Seconds()), round3((r.start + r.dur).Seconds())})
		}
	}
	for _, k := range []struct {
		kind string
		m    []bool
	}{{"slouching", slouched}, {"shoulders_tilted", tilted}, {"head_tilted", rolled}} {
		for _, r := range timedRuns(times, k.m) {
			if r.dur >= segmentMinDur {
				s.Segments = append(s.Segments, Segment{k.kind, round3(r.start.Seconds()), round3((r.start + r.dur).Seconds())})
			}
		}
	}
	sort.Slice(s.Segments, func(i, j int) bool { return s.Segments[i].Start < s.Segments[j].Start })
	return s
}
