package voice

import (
	"math"
	"sort"
)

// trackPitch chooses one F0 (or none) per frame. A first pass takes each
// speech frame's strongest candidate to learn the speaker's range (floor
// 0.75 x q25, ceiling 1.5 x q75, after De Looze & Hirst); a Viterbi pass then
// picks among the candidates in that range, with Praat's octave-jump and
// voicing-change costs, so that a frame does not jump an octave alone.
func trackPitch(frames []frameFeat, speech []bool) (f0 []float32, floor, ceil float64) {
	n := len(frames)
	f0 = make([]float32, n)
	var first []float64
	for i, f := range frames {
		if speech[i] && f.nCands > 0 && best(f).strength >= voicingStrength {
			first = append(first, float64(best(f).f0))
		}
	}
	if len(first) < 3 {
		return f0, minF0, maxF0
	}
	sort.Float64s(first)
	floor = math.Max(minF0, 0.75*percentile(first, 0.25))
	ceil = math.Min(maxF0*1.2, 1.5*percentile(first, 0.75))
	if ceil < floor*1.5 {
		ceil = floor * 1.5
	}

	// Viterbi over the candidates of each frame plus an unvoiced state
	// (index maxCands). Costs are negative strengths plus transitions.
	const uv = maxCands
	type cell struct {
		cost float64
		from int8
	}
	path := make([][maxCands + 1]cell, n)
	local := func(i, k int) float64 {
		f := frames[i]
		if k == uv {
			if !speech[i] || f.nCands == 0 {
				return -1 // surely unvoiced
			}
			return -voicingStrength
		}
		if !speech[i] || k >= int(f.nCands) {
			return math.Inf(1)
		}
		c := f.cands[k]
		if float64(c.f0) < floor || float64(c.f0) > ceil || c.strength < voicingStrength-0.15 {
			return math.Inf(1)
		}
		return -(float64(c.strength) + octaveBias*math.Log2(float64(c.f0)/floor))
	}
	trans := func(i, from, to int) float64 {
		switch {
		case from == uv && to == uv:
			return 0
		case from == uv || to == uv:
			return voicedUnvoiced
		}
		a, b := frames[i-1].cands[from].f0, frames[i].cands[to].f0
		return octaveJumpCost * math.Abs(math.Log2(float64(b)/float64(a)))
	}
	for i := 0; i < n; i++ {
		for k := 0; k <= uv; k++ {
			lc := local(i, k)
			if i == 0 {
				path[i][k] = cell{lc, -1}
				continue
			}
			bestCost, bestFrom := math.Inf(1), int8(uv)
			if !math.IsInf(lc, 1) {
				for j := 0; j <= uv; j++ {
					pc := path[i-1][j].cost
					if math.IsInf(pc, 1) {
						continue
					}
					if c := pc + trans(i, j, k); c < bestCost {
						bestCost, bestFrom = c, int8(j)
					}
				}
			}
			path[i][k] = cell{bestCost + lc, bestFrom}
		}
	}
	if n == 0 {
		return f0, floor, ceil
	}
	k := uv
	for j := 0; j <= uv; j++ {
		if path[n-1][j].cost < path[n-1][k].cost {
			k = j
		}
	}
	for i := n - 1; i >= 0; i-- {
		if k != uv {
			f0[i] = frames[i].cands[k].f0
		}
		if i > 0 {
			k = int(path[i][k].from)
			if k < 0 {
				k = uv
			}
		}
	}
	// A voiced run shorter than 30 ms is a glitch, not a syllable.
	voiced := make([]bool, n)
	for i := range f0 {
		voiced[i] = f0[i] > 0
	}
	for _, r := range runs(voiced) {
		if r[1]-r[0] < 3 {
			for i := r[0]; i < r[1]; i++ {
				f0[i] = 0
			}
		}
	}
	return f0, floor, ceil
}

// best is the frame's first-pass choice: as in YIN, the highest F0 among
// candidates nearly as strong as the strongest, since a period's multiples
// (sub-harmonics) are almost as periodic as the period itself.
func best(f frameFeat) candidate {
	top := f.cands[0]
	for _, c := range f.cands[1:f.nCands] {
		if c.strength > top.strength {
			top = c
		}
	}
	b := top
	for _, c := range f.cands[:f.nCands] {
		if c.strength >= top.strength-0.1 && c.f0 > b.f0 {
			b = c
		}
	}
	return b
}

func pitchSummary(f0 []float32) Pitch {
	var v []float64
	for _, f := range f0 {
		if f > 0 {
			v = append(v, float64(f))
		}
	}
	p := Pitch{VoicedS: round3(float64(len(v)) * hopS)}
	if len(v) < 3 {
		p.Monotone = 0
		return p
	}
	sort.Float64s(v)
	med := percentile(v, 0.5)
	p.MedianHz, p.P10Hz, p.P90Hz = round1(med), round1(percentile(v, 0.1)), round1(percentile(v, 0.9))
	var s, ss float64
	for _, f := range v {
		st := 12 * math.Log2(f/med)
		s += st
		ss += st * st
	}
	mean := s / float64(len(v))
	sd := math.Sqrt(math.Max(0, ss/float64(len(v))-mean*mean))
	p.SDSemitones = math.Round(sd*100) / 100
	p.Monotone = math.Round((1-math.Min(sd/2, 1))*100) / 100
	return p
}

// loudness summarises voiced frames' level (speech frames if none are
// voiced).
func loudness(frames []frameFeat, f0 []float32, speech []bool) Loudness {
	var v []float64
	for i, f := range frames {
		if f0[i] > 0 {
			v = append(v, float64(f.db))
		}
	}
	if len(v) == 0 {
		for i, f := range frames {
			if speech[i] {
				v = append(v, float64(f.db))
			}
		}
	}
	if len(v) == 0 {
		return Loudness{MeanDBFS: -120}
	}
	var s, ss float64
	in := 0
	for _, d := range v {
		s += d
		ss += d * d
		if d >= -30 && d <= -10 {
			in++
		}
	}
	mean := s / float64(len(v))
	sd := math.Sqrt(math.Max(0, ss/float64(len(v))-mean*mean))
	return Loudness{MeanDBFS: round1(mean), SDDB: round1(sd), InRangeRatio: math.Round(float64(in)/float64(len(v))*100) / 100}
}
