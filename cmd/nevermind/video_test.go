package main

import (
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/draw"

	"nevermind/internal/media/video"
	"nevermind/internal/testenv"
)

// writeAnswerVideo writes 6 s at 30 fps: the astronaut's head and
// shoulders for 4 s, then 2 s of an empty black frame.
func writeAnswerVideo(t *testing.T, path string) {
	t.Helper()
	b := os.Getenv("NEVERMIND_BUNDLE")
	if b == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it")
	}
	f, err := os.Open(filepath.Join(b, "testdata", "media", "astronaut.png"))
	if err != nil {
		testenv.Skipf(t, "%v (make testmedia fetches it)", err)
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	face := image.NewRGBA(image.Rect(0, 0, 640, 480))
	draw.ApproxBiLinear.Scale(face, face.Bounds(), src, image.Rect(96, 16, 416, 256), draw.Src, nil)
	black := image.NewRGBA(image.Rect(0, 0, 640, 480))
	w, err := video.Create(path, 30, 640, 480)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 180; i++ {
		img := face
		if i >= 120 {
			img = black
		}
		if err := w.Write(img); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestAnalyzeVideoJSONContract(t *testing.T) {
	testenv.Long(t)
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	dir := t.TempDir()
	vid := filepath.Join(dir, "answer.avi")
	writeAnswerVideo(t, vid)
	out, errOut, code := runCLI(t, "analyze", "--video", vid, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	get := func(path string) any { return jsonPath(doc, path) }
	for _, f := range []string{"face.present_ratio", "face.frontal_ratio", "face.blinks_per_min", "face.smile_ratio", "face.head_movement",
		"pose.present_ratio", "pose.shoulder_tilt_deg.mean", "pose.shoulder_tilt_deg.max", "pose.slouch_ratio", "pose.hand_face_touches",
		"pose.hand_motion", "video.analysed_frames", "video.sample_fps", "video.duration_s"} {
		if _, ok := get(f).(float64); !ok {
			t.Errorf("%s missing or not a number: %v", f, get(f))
		}
	}
	if get("voice") != nil {
		t.Errorf("no audio was given, but the report has voice metrics")
	}
	// 4 of 6 seconds show the face.
	if r := get("face.present_ratio").(float64); r < 0.62 || r > 0.72 {
		t.Errorf("face.present_ratio %.3f, truth 0.667", r)
	}
	segs, ok := get("segments").([]any)
	if !ok {
		t.Fatalf("segments missing: %s", out)
	}
	found := false
	for _, s := range segs {
		m := s.(map[string]any)
		for _, k := range []string{"kind", "start_s", "end_s"} {
			if _, ok := m[k]; !ok {
				t.Errorf("segment %v lacks %s", m, k)
			}
		}
		if m["kind"] == "no_face" && m["start_s"].(float64) > 3.8 && m["start_s"].(float64) < 4.2 {
			found = true
		}
	}
	if !found {
		t.Errorf("the 2 s without a face are not flagged: %v", segs)
	}

	// Audio and video together: both halves in one report.
	if _, err := exec.LookPath("espeak-ng"); err == nil {
		wav := filepath.Join(dir, "answer.wav")
		if o, err := exec.Command("espeak-ng", "-v", "en", "-w", wav, "I led the project and we shipped on time.").CombinedOutput(); err != nil {
			t.Fatalf("espeak-ng: %v %s", err, o)
		}
		out, errOut, code = runCLI(t, "analyze", "--video", vid, "--audio", wav, "--json", "--no-silero", "--lang", "en")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		doc = nil
		json.Unmarshal([]byte(out), &doc)
		if _, ok := get("voice.speech_s").(float64); !ok {
			t.Errorf("voice missing from the combined report")
		}
		if _, ok := get("face.present_ratio").(float64); !ok {
			t.Errorf("face missing from the combined report")
		}
	}

	text, _, code := runCLI(t, "analyze", "--video", vid)
	if code != 0 || !strings.Contains(text, "Face") || !strings.Contains(text, "no face") {
		t.Errorf("text report (exit %d):\n%s", code, text)
	}
}

func TestAnalyzeBadVideo(t *testing.T) {
	dir := t.TempDir()
	notVideo := filepath.Join(dir, "notes.mp4")
	os.WriteFile(notVideo, []byte("not a video at all"), 0o600)
	empty := filepath.Join(dir, "empty.avi")
	os.WriteFile(empty, nil, 0o600)
	for _, tc := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "none.avi"), "no such file"},
		{"empty", empty, "empty"},
		{"not a video", notVideo, "not a video"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, e, code := runCLI(t, "analyze", "--video", tc.path)
			if code != 1 || !strings.Contains(e, tc.want) {
				t.Fatalf("exit %d, stderr %q; want failure mentioning %q", code, e, tc.want)
			}
		})
	}
}
