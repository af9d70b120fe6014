package vision

import (
	"math"
	"testing"
	"time"
)

// synthetic builds a 60 s, 30 fps answer with known events.
func synthetic() []FaceFrame {
	const fps = 30
	var fs []FaceFrame
	for i := 0; i < 60*fps; i++ {
		t := time.Duration(i) * time.Second / fps
		s := t.Seconds()
		f := FaceFrame{T: t, Present: true, Faces: -1, EAR: 0.26, Mouth: 1.0, Pose: HeadPose{Yaw: 2, Pitch: 8, Roll: 1},
			Box: Rect{XMin: 0.38, YMin: 0.2, XMax: 0.62, YMax: 0.55}, Luma: 120}
		switch {
		case s >= 10 && s < 12: // left the frame
			f = FaceFrame{T: t, Faces: 0, Luma: 110}
		case s >= 20 && s < 23: // looked at notes, 30 degrees down
			f.Pose.Pitch = 8 - 30
		case s >= 40 && s < 50: // smiled
			f.Mouth = 1.15
		}
		// Blinks of 150 ms every 4 s from 1 s on, except inside the gap.
		if f.Present {
			for b := 1.0; b < 60; b += 4 {
				if s >= b && s < b+0.15 {
					f.EAR = 0.1
				}
			}
			// A 33 ms flicker is not a blink.
			if s >= 30.5 && s < 30.53 {
				f.EAR = 0.1
			}
		}
		fs = append(fs, f)
	}
	return fs
}

func TestSummarizeFaceKnownEvents(t *testing.T) {
	fs := synthetic()
	b, ok := Calibrate(fs)
	if !ok || math.Abs(b.Pitch-8) > 0.01 || math.Abs(b.EAR-0.26) > 0.01 || b.Mouth != 1 {
		t.Fatalf("baseline %+v, ok %v", b, ok)
	}
	s := SummarizeFace(fs, b)
	// Blinks at 1, 5, ..., 57 s: 15, none inside the 10-12 s gap.
	if s.Blinks != 15 {
		t.Errorf("blinks = %d, want 15", s.Blinks)
	}
	if math.Abs(s.PresentRatio-58.0/60) > 0.002 {
		t.Errorf("present ratio %.3f, want %.3f", s.PresentRatio, 58.0/60)
	}
	// Frontal: present, not the 3 s looking down, eyes open.
	wantFrontal := (58.0 - 3 - 15*0.15 - 0.0333) / 60
	if math.Abs(s.FrontalRatio-wantFrontal) > 0.005 {
		t.Errorf("frontal ratio %.3f, want %.3f", s.FrontalRatio, wantFrontal)
	}
	if math.Abs(s.SmileRatio-10.0/58) > 0.005 {
		t.Errorf("smile ratio %.3f, want %.3f", s.SmileRatio, 10.0/58)
	}
	if math.Abs(s.BlinksPerMin-15/(58.0/60)) > 0.2 {
		t.Errorf("blinks/min %.1f", s.BlinksPerMin)
	}
	want := []Segment{{"no_face", 10, 12}, {"looking_away", 20, 23}}
	if len(s.Segments) != 2 {
		t.Fatalf("segments %+v, want %+v", s.Segments, want)
	}
	for i := range want {
		g := s.Segments[i]
		if g.Kind != want[i].Kind || math.Abs(g.Start-want[i].Start) > 0.04 || math.Abs(g.End-want[i].End) > 0.04 {
			t.Errorf("segment %d = %+v, want %+v", i, g, want[i])
		}
	}
	if s.HeadMovement <= 0 {
		t.Errorf("head movement %.1f: looking down and back up moves the head", s.HeadMovement)
	}
}

func TestNarrowEyesUseTheirOwnBaseline(t *testing.T) {
	// Open eyes measure 0.21 for this user: an absolute 0.2 threshold from
	// the literature would count every frame as closed. Relative to their
	// own open eyes, blinks at 0.12 count and open eyes never do.
	fs := synthetic()
	for i := range fs {
		if fs[i].Present {
			if fs[i].EAR > 0.2 {
				fs[i].EAR = 0.21
			} else {
				fs[i].EAR = 0.12
			}
		}
	}
	b, _ := Calibrate(fs)
	s := SummarizeFace(fs, b)
	if s.Blinks != 15 || s.FrontalRatio < 0.85 {
		t.Errorf("narrow eyes: %d blinks, frontal %.2f", s.Blinks, s.FrontalRatio)
	}
}

func TestSummarizeFaceEmptyAndAbsent(t *testing.T) {
	if s := SummarizeFace(nil, Baseline{}); s.PresentRatio != 0 || len(s.Segments) != 0 {
		t.Fatalf("%+v", s)
	}
	var fs []FaceFrame
	for i := 0; i < 90; i++ {
		fs = append(fs, FaceFrame{T: time.Duration(i) * time.Second / 30, Luma: 100})
	}
	b, ok := Calibrate(fs)
	s := SummarizeFace(fs, b)
	if ok || s.PresentRatio != 0 || s.FrontalRatio != 0 || len(s.Segments) != 1 || s.Segments[0].Kind != "no_face" {
		t.Fatalf("no face at all: %+v", s)
	}
	if math.IsNaN(s.BlinksPerMin) || math.IsNaN(s.HeadMovement) {
		t.Fatal("NaN in an empty summary")
	}
}

func TestFramingDarkAndSeveralFaces(t *testing.T) {
	fs := synthetic()
	for i := range fs {
		s := fs[i].T.Seconds()
		switch {
		case s >= 30 && s < 33: // leaned in: the face fills 70 % of the height
			fs[i].Box = Rect{XMin: 0.25, YMin: 0.1, XMax: 0.75, YMax: 0.8}
		case s >= 35 && s < 37: // sat far back
			fs[i].Box = Rect{XMin: 0.45, YMin: 0.3, XMax: 0.55, YMax: 0.4}
		case s >= 52 && s < 54: // moved to the edge of the picture
			fs[i].Box = Rect{XMin: 0.75, YMin: 0.2, XMax: 0.95, YMax: 0.5}
		case s >= 54 && s < 56: // the light went out
			fs[i].Luma = 15
		}
		// Someone walked behind between 44 and 46 s: the detector runs
		// every 10th frame and saw two faces on those.
		if i%10 == 0 {
			fs[i].Faces = 1
			if s >= 44 && s < 46 {
				fs[i].Faces = 2
			}
		}
	}
	b, _ := Calibrate(fs)
	s := SummarizeFace(fs, b)
	want := map[string][2]float64{"too_close": {30, 33}, "too_far": {35, 37}, "off_centre": {52, 54}, "too_dark": {54, 56}, "several_faces": {44, 46}}
	for _, g := range s.Segments {
		w, ok := want[g.Kind]
		if !ok {
			continue
		}
		if math.Abs(g.Start-w[0]) > 0.04 || math.Abs(g.End-w[1]) > 0.04 {
			t.Errorf("%s at %.2f-%.2f, want %.0f-%.0f", g.Kind, g.Start, g.End, w[0], w[1])
		}
		delete(want, g.Kind)
	}
	if len(want) != 0 {
		t.Errorf("missing segments %v in %+v", want, s.Segments)
	}
	if math.Abs(s.Framing.TooCloseRatio-3.0/58) > 0.003 || math.Abs(s.Framing.TooFarRatio-2.0/58) > 0.003 || math.Abs(s.Framing.OffCentreRatio-2.0/58) > 0.003 {
		t.Errorf("framing %+v", s.Framing)
	}
	if math.Abs(s.Framing.FaceHeight-0.35) > 0.001 || s.Framing.CentreOffset > 0.001 {
		t.Errorf("typical framing %+v, want height 0.35, centred", s.Framing)
	}
	if math.Abs(s.DarkRatio-2.0/60) > 0.002 || math.Abs(s.SeveralFaces-2.0/60) > 0.002 {
		t.Errorf("dark %.3f, several faces %.3f", s.DarkRatio, s.SeveralFaces)
	}
}
