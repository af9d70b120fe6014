package voice

import (
	"math"
	"sort"
)

// Tuning constants, each a starting point from the literature or Praat's
// defaults, checked against the development set in voice_test.go.
const (
	minPauseS       = 0.25 // a silent pause (docs/METRICS.md)
	longPauseS      = 1.0
	vadFloorDBFS    = -70.0 // quieter than this is silence whatever the recording
	vadMinRangeDB   = 6.0
	vadRangeShare   = 0.25 // threshold sits this far up from floor to speech level
	vadHysteresisDB = 4.0
	minSpeechRunS   = 0.05 // shorter bursts are clicks

	voicingStrength = 0.45 // 1 - CMNDF needed to call a frame voiced (Praat's voicing threshold)
	octaveJumpCost  = 0.35 // per octave between frames (Praat's default)
	voicedUnvoiced  = 0.14 // cost of switching voicing (Praat's default)
	octaveBias      = 0.02 // prefers the higher of two equally good candidates, per octave

	nucleusDipDB   = 1.0  // a nucleus rises this far from the dip before it and falls this far to the dip after (de Jong & Wempe: 2 dB, after only)
	nucleusBelowDB = 25.0 // peaks must be within this of the 99th percentile intensity

	filledMinS       = 0.25  // a filled pause lasts at least this long
	filledMaxSTSD    = 0.35  // flat pitch: semitone SD around the stretch's trend line
	filledMaxSlope   = 12.0  // semitones per second: a slow drift, not intonation
	filledMaxSpecChg = 0.035 // stable spectrum: mean frame-to-frame change of the shape vector
	filledMaxDBSD    = 3.5   // steady level
	filledGapS       = 0.15  // bounded by a pause at least this long
	filledGapNearS   = 0.08  // that starts or ends this close to the stretch
)

const hopS = float64(Hop) / SampleRate

// analyze turns frame features (and Silero probabilities per 32 ms chunk,
// nil when Silero is off) into the report.
func analyze(frames []frameFeat, samples int64, silero []float32, tracks bool) Report {
	n := len(frames)
	r := Report{DurationS: float64(samples) / SampleRate}
	r.Voice.VAD = "energy"
	speech := energyVAD(frames)
	if silero != nil {
		r.Voice.VAD = "energy+silero"
		applySilero(speech, silero)
	}
	dropShortRuns(speech, int(math.Round(minSpeechRunS/hopS)))
	segs := runs(speech)
	for _, s := range segs {
		r.Voice.Segments = append(r.Voice.Segments, Span{round3(float64(s[0]) * hopS), round3(math.Min(float64(s[1])*hopS, r.DurationS))})
	}
	if len(segs) > 0 {
		r.Voice.LeadingSilenceS = r.Voice.Segments[0].Start
		r.Voice.TrailingSilenceS = round3(r.DurationS - r.Voice.Segments[len(segs)-1].End)
	} else {
		r.Voice.LeadingSilenceS = round3(r.DurationS)
	}
	r.Voice.Pauses = []Span{}
	for i := 1; i < len(r.Voice.Segments); i++ {
		p := Span{r.Voice.Segments[i-1].End, r.Voice.Segments[i].Start}
		if p.Duration() >= minPauseS-1e-9 {
			r.Voice.Pauses = append(r.Voice.Pauses, p)
			if p.Duration() > longPauseS {
				r.Voice.LongPauseCount++
			}
			r.Voice.MaxPauseS = math.Max(r.Voice.MaxPauseS, round3(p.Duration()))
		}
	}
	r.Voice.PauseCount = len(r.Voice.Pauses)
	for _, s := range r.Voice.Segments {
		r.Voice.SpeechS += s.Duration()
	}
	r.Voice.SpeechS = round3(r.Voice.SpeechS)

	f0, floor, ceil := trackPitch(frames, speech)
	r.Voice.Pitch = pitchSummary(f0)
	r.Voice.Pitch.FloorHz, r.Voice.Pitch.CeilingHz = round1(floor), round1(ceil)
	r.Voice.Loudness = loudness(frames, f0, speech)
	r.Voice.Rate = rate(frames, f0, speech, r.Voice.SpeechS, r.Voice.Segments)
	r.Voice.FilledPauses = filledPauses(frames, f0, speech)

	if tracks {
		t := &Tracks{HopS: hopS, F0Hz: make([]float64, n), LevelDBFS: make([]float64, n), Speech: speech}
		for i := range frames {
			t.F0Hz[i] = round1(float64(f0[i]))
			t.LevelDBFS[i] = round1(float64(frames[i].db))
		}
		r.Tracks = t
	}
	return r
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	x := p * float64(len(sorted)-1)
	i := int(x)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (x-float64(i))*(sorted[i+1]-sorted[i])
}

// energyVAD marks frames as speech with an adaptive threshold between the
// recording's noise floor and its speech level, with hysteresis.
func energyVAD(frames []frameFeat) []bool {
	speech := make([]bool, len(frames))
	if len(frames) == 0 {
		return speech
	}
	dbs := make([]float64, len(frames))
	for i, f := range frames {
		dbs[i] = math.Max(float64(f.vadDB), vadFloorDBFS)
	}
	sorted := append([]float64(nil), dbs...)
	sort.Float64s(sorted)
	floor, level := percentile(sorted, 0.10), percentile(sorted, 0.95)
	if level <= vadFloorDBFS+1 {
		return speech // digital silence
	}
	rng := level - floor
	if rng < vadMinRangeDB {
		// No quiet part to learn the floor from: all sound is speech.
		for i, d := range dbs {
			speech[i] = d > vadFloorDBFS+vadMinRangeDB
		}
		return speech
	}
	on := floor + math.Max(vadMinRangeDB, vadRangeShare*rng)
	off := on - vadHysteresisDB
	in := false
	for i, d := range dbs {
		if in {
			in = d >= off
		} else {
			in = d >= on
		}
		speech[i] = in
	}
	// Hysteresis only extends runs forward; extend onsets back to the off
	// threshold too, so a soft onset is not clipped.
	for i := len(dbs) - 2; i >= 0; i-- {
		if !speech[i] && speech[i+1] && dbs[i] >= off {
			speech[i] = true
		}
	}
	return speech
}

// applySilero clears speech frames in stretches Silero hears no voice in
// (noise, clicks, breathing), keeping the energy VAD's sharper boundaries.
func applySilero(speech []bool, probs []float32) {
	const chunkFrames = 512.0 / Hop // 3.2 frames per 32 ms chunk
	voiced := make([]bool, len(probs))
	for j, p := range probs {
		voiced[j] = p >= 0.35
	}
	// Dilate by two chunks so onsets and offsets are not trimmed.
	dil := make([]bool, len(probs))
	for j := range voiced {
		for k := j - 2; k <= j+2; k++ {
			if k >= 0 && k < len(voiced) && voiced[k] {
				dil[j] = true
				break
			}
		}
	}
	for i := range speech {
		j := int(float64(i) / chunkFrames)
		if j < len(dil) && !dil[j] {
			speech[i] = false
		}
	}
}

// runs returns [start, end) frame index pairs of true stretches.
func runs(m []bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(m); {
		if !m[i] {
			i++
			continue
		}
		j := i
		for j < len(m) && m[j] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

func dropShortRuns(m []bool, minLen int) {
	for _, r := range runs(m) {
		if r[1]-r[0] < minLen {
			for i := r[0]; i < r[1]; i++ {
				m[i] = false
			}
		}
	}
}
