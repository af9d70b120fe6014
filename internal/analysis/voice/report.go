package voice

// Span is a stretch of time, in seconds from the start of the recording.
type Span struct {
	Start float64 `json:"start_s"`
	End   float64 `json:"end_s"`
}

// Duration is the span's length in seconds.
func (s Span) Duration() float64 { return s.End - s.Start }

// Report is the voice analysis of one recording. Its JSON field names are a
// contract (`nevermind analyze --json`).
type Report struct {
	DurationS float64 `json:"duration_s"`
	Voice     Voice   `json:"voice"`
	Tracks    *Tracks `json:"tracks,omitempty"`
}

// SpeechSpan is the answer's length as it is judged: from the start of its
// first speech to the end of its last (the recording also holds the
// thinking before and the silence after); 0 when there was no speech.
func (r Report) SpeechSpan() float64 {
	s := r.Voice.Segments
	if len(s) == 0 {
		return 0
	}
	return s[len(s)-1].End - s[0].Start
}

// Voice holds the metrics that need no transcript.
type Voice struct {
	SpeechS          float64  `json:"speech_s"`          // time speaking, pauses removed
	LeadingSilenceS  float64  `json:"leading_silence_s"` // "thinking time" before the first sound
	TrailingSilenceS float64  `json:"trailing_silence_s"`
	VAD              string   `json:"vad"` // "energy" or "energy+silero"
	Segments         []Span   `json:"speech_segments"`
	Pitch            Pitch    `json:"pitch"`
	Loudness         Loudness `json:"loudness"`
	Pauses           []Span   `json:"pauses"`           // silences >= 250 ms between speech
	PauseCount       int      `json:"pause_count"`      // len(Pauses)
	LongPauseCount   int      `json:"long_pause_count"` // pauses over 1 s
	MaxPauseS        float64  `json:"max_pause_s"`
	Rate             Rate     `json:"rate"`
	FilledPauses     []Span   `json:"filled_pauses"` // um/uh/음/어 heard in the audio
}

// Pitch summarises F0 over voiced frames.
type Pitch struct {
	VoicedS     float64 `json:"voiced_s"`
	MedianHz    float64 `json:"median_hz"`
	P10Hz       float64 `json:"p10_hz"`
	P90Hz       float64 `json:"p90_hz"`
	SDSemitones float64 `json:"sd_semitones"` // spread around the median, sex-neutral
	Monotone    float64 `json:"monotone"`     // 1 - min(sd/2 st, 1): 1 is flat
	FloorHz     float64 `json:"floor_hz"`     // the speaker's range used by the tracker
	CeilingHz   float64 `json:"ceiling_hz"`
}

// Loudness summarises the level of voiced frames.
type Loudness struct {
	MeanDBFS     float64 `json:"mean_dbfs"`
	SDDB         float64 `json:"sd_db"`          // consistency: lower is steadier
	InRangeRatio float64 `json:"in_range_ratio"` // share of voiced frames within -30..-10 dBFS
}

// Rate is speaking rate from syllable nuclei (de Jong & Wempe 2009).
type Rate struct {
	Syllables          int       `json:"syllables"`
	SyllablesPerMin    float64   `json:"syllables_per_min"`    // over the span from first to last speech
	ArticulationPerMin float64   `json:"articulation_per_min"` // over speaking time, pauses removed
	NucleiS            []float64 `json:"nuclei_s,omitempty"`
}

// Tracks are the frame contours, for plotting: one value per 10 ms frame.
type Tracks struct {
	HopS      float64   `json:"hop_s"`
	F0Hz      []float64 `json:"f0_hz"` // 0 where unvoiced
	LevelDBFS []float64 `json:"level_dbfs"`
	Speech    []bool    `json:"speech"`
}
