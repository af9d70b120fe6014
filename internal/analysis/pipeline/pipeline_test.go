package pipeline

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"testing"

	"nevermind/internal/analysis"
	"nevermind/internal/media"
)

func voicedWAV(t *testing.T) string {
	t.Helper()
	x := make([]float32, 16000*6)
	for i := range x {
		tt := float64(i) / 16000
		if math.Mod(tt, 2) < 1.4 {
			x[i] = float32(0.2 * math.Sin(2*math.Pi*140*tt) * (0.6 + 0.4*math.Sin(2*math.Pi*4*tt)))
		}
	}
	p := filepath.Join(t.TempDir(), "a.wav")
	if err := media.WriteWAVFile(p, media.Audio{SampleRate: 16000, Channels: 1, Samples: x}, 16); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSkippedComponentsSayWhy: with no recogniser and no video the voice
// part and the feedback still come, and the report says what was skipped.
func TestSkippedComponentsSayWhy(t *testing.T) {
	p := &Pipeline{NoTranscript: "no whisper model installed", Lang: "ko"}
	var seen []string
	res, err := p.Files(context.Background(), voicedWAV(t), "", nil, func(c string, d float64) { seen = append(seen, c) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped["speech"] != "no whisper model installed" || res.Skipped["vision"] != "no video" {
		t.Errorf("skipped %v", res.Skipped)
	}
	if res.Report.Report == nil || res.Report.Speech == nil || res.Report.Speech.Available || res.Feedback.Scores["voice"].Value == nil {
		t.Errorf("report %+v", res)
	}
	if len(seen) == 0 || res.Timings["voice"] == 0 {
		t.Errorf("progress %v, timings %v", seen, res.Timings)
	}
	// A recogniser that fails is skipped, not fatal.
	p.Transcribe = func(context.Context, []float32) (analysis.Transcript, error) {
		return analysis.Transcript{}, errors.New("model file damaged")
	}
	res, err = p.Files(context.Background(), voicedWAV(t), "", nil, nil)
	if err != nil || res.Skipped["speech"] != "model file damaged" {
		t.Errorf("%v, %v", err, res.Skipped)
	}
	// A video that is not there: vision skipped with the reason.
	res, err = p.Files(context.Background(), voicedWAV(t), filepath.Join(t.TempDir(), "none.avi"), nil, nil)
	if err != nil || res.Skipped["vision"] == "" {
		t.Errorf("%v, %v", err, res.Skipped)
	}
}

func TestFilesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := &Pipeline{Transcribe: func(ctx context.Context, _ []float32) (analysis.Transcript, error) {
		return analysis.Transcript{}, ctx.Err()
	}}
	if _, err := p.Files(ctx, voicedWAV(t), "", nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if _, err := p.Files(context.Background(), "", "", nil, nil); err == nil {
		t.Fatal("nothing to analyse accepted")
	}
}
