package voice

import (
	"math"
	"sort"
)

// rate counts syllable nuclei after de Jong & Wempe (2009): peaks of the
// intensity contour that stand at least 1 dB above the dips on both sides,
// lie within 25 dB of the loudest part, fall in speech and are voiced.
func rate(frames []frameFeat, f0 []float32, speech []bool, speechS float64, segs []Span) Rate {
	n := len(frames)
	var r Rate
	if n < 3 || len(segs) == 0 {
		return r
	}
	in := make([]float64, n)
	var all []float64
	for i, f := range frames {
		in[i] = float64(f.intensity)
		if speech[i] {
			all = append(all, in[i])
		}
	}
	sort.Float64s(all)
	threshold := percentile(all, 0.99) - nucleusBelowDB
	var peaks []int
	for i := 1; i < n-1; i++ {
		if in[i] >= in[i-1] && in[i] > in[i+1] {
			peaks = append(peaks, i)
		}
	}
	for pi, p := range peaks {
		if !speech[p] || in[p] < threshold {
			continue
		}
		prev, next := 0, n-1
		if pi > 0 {
			prev = peaks[pi-1]
		}
		if pi+1 < len(peaks) {
			next = peaks[pi+1]
		}
		// de Jong & Wempe look only at the dip after a peak. Then a shoulder
		// on a falling slope (a nasal coda, a drawn-out vowel in slow speech)
		// counts as one more syllable: Korean at 100-140 words per minute
		// came out 20 % fast. A nucleus must rise from the dip before it too.
		if in[p]-minOver(in, prev, p) < nucleusDipDB || in[p]-minOver(in, p, next) < nucleusDipDB {
			continue
		}
		if !voicedNear(f0, p, 2) {
			continue
		}
		r.NucleiS = append(r.NucleiS, round3((float64(p)+0.5)*hopS))
	}
	r.Syllables = len(r.NucleiS)
	span := segs[len(segs)-1].End - segs[0].Start
	if span > 0 {
		r.SyllablesPerMin = round1(float64(r.Syllables) / span * 60)
	}
	if speechS > 0 {
		r.ArticulationPerMin = round1(float64(r.Syllables) / speechS * 60)
	}
	return r
}

// minOver returns the least of in[a..b].
func minOver(in []float64, a, b int) float64 {
	m := in[a]
	for _, v := range in[a : b+1] {
		m = math.Min(m, v)
	}
	return m
}

func voicedNear(f0 []float32, i, w int) bool {
	for j := i - w; j <= i+w; j++ {
		if j >= 0 && j < len(f0) && f0[j] > 0 {
			return true
		}
	}
	return false
}

// filledPauses finds um/uh/음/어: voiced stretches of at least 250 ms with
// flat pitch, a steady spectrum and level, that touch a pause. Words have
// consonants, so their spectrum moves; a hesitation sound holds still.
func filledPauses(frames []frameFeat, f0 []float32, speech []bool) []Span {
	out := []Span{}
	n := len(frames)
	minLen := int(math.Round(filledMinS / hopS))
	gap := int(math.Round(filledGapS / hopS))
	near := int(math.Round(filledGapNearS / hopS))
	voiced := make([]bool, n)
	for i := range f0 {
		voiced[i] = f0[i] > 0
	}
	for _, run := range runs(voiced) {
		// Grow the longest steady stretches inside the voiced run.
		for s := run[0]; s+minLen <= run[1]; {
			e := s + minLen
			if !steady(frames, f0, s, e) {
				s++
				continue
			}
			for e < run[1] && steady(frames, f0, s, e+1) {
				e++
			}
			if pauseNear(speech, s, e, gap, near) {
				out = append(out, Span{round3(float64(s) * hopS), round3(float64(e) * hopS)})
			}
			s = e
		}
	}
	return out
}

// steady reports whether frames [s, e) hold pitch, spectrum and level
// still. Pitch may drift slowly (hesitations often fall a little), so it is
// judged by the slope of a straight-line fit and the spread around it.
func steady(frames []frameFeat, f0 []float32, s, e int) bool {
	var sx, sy, sxx, sxy, db, db2, chg float64
	ref := float64(f0[s])
	for i := s; i < e; i++ {
		x := float64(i-s) * hopS
		y := 12 * math.Log2(float64(f0[i])/ref)
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
		d := float64(frames[i].db)
		db += d
		db2 += d * d
		if i > s {
			var c float64
			for k := 0; k < acLags; k++ {
				dk := float64(frames[i].spec[k] - frames[i-1].spec[k])
				c += dk * dk
			}
			chg += math.Sqrt(c / acLags)
		}
	}
	m := float64(e - s)
	slope := (m*sxy - sx*sy) / (m*sxx - sx*sx)
	icept := (sy - slope*sx) / m
	var res float64
	for i := s; i < e; i++ {
		x := float64(i-s) * hopS
		y := 12 * math.Log2(float64(f0[i])/ref)
		d := y - (icept + slope*x)
		res += d * d
	}
	sdRes := math.Sqrt(res / m)
	sdDB := math.Sqrt(math.Max(0, db2/m-(db/m)*(db/m)))
	return math.Abs(slope) <= filledMaxSlope && sdRes <= filledMaxSTSD && sdDB <= filledMaxDBSD && chg/(m-1) <= filledMaxSpecChg
}

// pauseNear reports whether a non-speech stretch of at least gap frames
// starts within near frames after e or ends within near frames before s.
func pauseNear(speech []bool, s, e, gap, near int) bool {
	silentRun := func(from, dir int) bool {
		k := 0
		for i := from; i >= 0 && i < len(speech) && !speech[i]; i += dir {
			k++
			if k >= gap {
				return true
			}
		}
		// The recording's end counts as a pause (an answer may end on
		// "음…"); its start does not: an answer's recording begins with the
		// thinking before it, so a voiced stretch at the very start is the
		// first word's onset cut by the edge ("Du-ring"), not a hesitation.
		return k > 0 && from+dir*k >= len(speech)
	}
	for d := 0; d <= near; d++ {
		if e+d < len(speech) && !speech[e+d] && silentRun(e+d, 1) {
			return true
		}
		if s-1-d >= 0 && !speech[s-1-d] && silentRun(s-1-d, -1) {
			return true
		}
	}
	return e >= len(speech) || s == 0
}
