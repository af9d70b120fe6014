package practice

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/image/draw"

	"nevermind/internal/analysis"
	"nevermind/internal/analysis/onnx"
	"nevermind/internal/analysis/pipeline"
	"nevermind/internal/analysis/speech"
	"nevermind/internal/analysis/vision"
	"nevermind/internal/capture"
	"nevermind/internal/capture/capturetest"
	"nevermind/internal/media"
	"nevermind/internal/store"
	"nevermind/internal/testenv"
)

type fixture struct {
	svc    *Service
	st     *store.Store
	sq     store.SessionQuestion
	face   *image.RGBA
	bundle string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	bundle := os.Getenv("NEVERMIND_BUNDLE")
	if bundle == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it")
	}
	if _, err := onnx.Init([]string{bundle}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir, st := tempData(t)
	qid, err := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: store.Korean, Text: "팀 프로젝트 경험을 말해 주세요."})
	if err != nil {
		t.Fatal(err)
	}
	p := &pipeline.Pipeline{Lang: "ko"}
	a, err := vision.NewAnalyzer(filepath.Join(bundle, "models"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	p.Vision = a
	if speech.Compiled() {
		shared := os.Getenv("NEVERMIND_SHARED")
		tr, err := speech.Open(filepath.Join(shared, "testdata", "whisper", "for-tests-ggml-tiny.bin"))
		if err != nil {
			t.Fatalf("whisper test model: %v (NEVERMIND_SHARED=%q)", err, shared)
		}
		t.Cleanup(func() { tr.Close() })
		p.Transcribe = func(ctx context.Context, x []float32) (analysis.Transcript, error) {
			tt, err := tr.Transcribe(ctx, x, speech.Options{Language: "ko", Threads: 2})
			return analysis.FromSpeech(tt), err
		}
	} else {
		p.NoTranscript = "built without whisper"
	}
	svc := NewService(dir, st, p)
	_, sqs, err := svc.StartSession(ctx, store.TypeBasic, store.Korean, 1)
	if err != nil {
		t.Fatal(err)
	}
	if sqs[0].QuestionID != qid {
		t.Fatalf("session picked question %d", sqs[0].QuestionID)
	}
	f, err := os.Open(filepath.Join(bundle, "testdata", "media", "astronaut.png"))
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
	return &fixture{svc: svc, st: st, sq: sqs[0], face: face, bundle: bundle}
}

func espeak(t testing.TB, text string) media.Audio {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	p := filepath.Join(t.TempDir(), "s.wav")
	if out, err := exec.Command("espeak-ng", "-v", "ko", "-w", p, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	a, err := media.ReadWAVFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// answerSource plays a: speech, a planted pause, more speech, then silence
// for as long as the recording lasts.
func answerSource(a, b media.Audio, lead, pause float64) (*capturetest.Source, float64, float64) {
	rate := a.SampleRate
	var x []float32
	x = append(x, make([]float32, int(lead*float64(rate)))...)
	x = append(x, a.Samples...)
	pauseStart := float64(len(x)) / float64(rate)
	x = append(x, make([]float32, int(pause*float64(rate)))...)
	x = append(x, b.Samples...)
	end := float64(len(x)) / float64(rate)
	return capturetest.Play("planted answer", media.Audio{SampleRate: rate, Channels: 1, Samples: x}), pauseStart, end
}

var camN int

func registerCamera(t testing.TB, face *image.RGBA, start time.Time, from, to float64) capture.VideoSource {
	camN++
	label := fmt.Sprintf("e2e camera %d", camN)
	black := image.NewRGBA(face.Rect)
	for i := 3; i < len(black.Pix); i += 4 {
		black.Pix[i] = 255
	}
	capturetest.RegisterCamera(label, 640, 480, 30, func(int, time.Duration) image.Image {
		if s := time.Since(start).Seconds(); s >= from && s < to {
			return black
		}
		return face
	})
	for _, d := range capture.Cameras() {
		if d.Name == label {
			return capture.OpenCamera(d.ID)
		}
	}
	t.Fatal("camera not registered")
	return nil
}

// TestEndToEnd records an answer from the capturetest devices (Korean
// speech with a planted 3.5 s pause; a face that leaves the picture for
// 3 s), analyses it live, and checks what was stored.
func TestEndToEnd(t *testing.T) {
	testenv.Long(t)
	fx := newFixture(t)
	ctx := context.Background()
	a := espeak(t, "저는 팀 프로젝트에서 일정 관리를 맡았습니다.")
	b := espeak(t, "마감을 지켰고, 고객의 칭찬을 받았습니다. 감사합니다.")
	mic, pauseStart, speechEnd := answerSource(a, b, 0.5, 3.5)
	start := time.Now()
	noFaceFrom := pauseStart + 3.5 + 1.5
	cam := registerCamera(t, fx.face, start, noFaceFrom, noFaceFrom+3)
	rec, err := fx.svc.StartRecording(ctx, fx.sq, mic, cam)
	if err != nil {
		t.Fatal(err)
	}
	total := math.Max(speechEnd, noFaceFrom+3) + 1
	time.Sleep(time.Until(start.Add(media.Seconds(total))))
	rep, err := rec.Stop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("attempt %d: %s, %.1f s; timings %v; skipped %v", rep.Attempt.ID, rep.Attempt.Status, rep.Attempt.Duration.Seconds(), rep.Result.Timings, rep.Result.Skipped)
	if rep.Attempt.Status != store.AttemptAnalyzed {
		t.Errorf("status %s", rep.Attempt.Status)
	}
	// The transcript (the weightless test model recognises nothing, but
	// the path runs and the row is kept).
	if speech.Compiled() {
		tr, err := fx.st.Transcript(ctx, rep.Attempt.ID)
		if err != nil || tr.Engine != "whisper.cpp" || tr.Model != "for-tests-ggml-tiny.bin" {
			t.Errorf("transcript %+v, %v", tr, err)
		}
	}
	fb, err := fx.st.Feedback(ctx, rep.Attempt.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"voice.speech_s", "voice.pitch_sd_semitones", "face.present_ratio", "face.frontal_ratio", "pose.present_ratio"} {
		if _, ok := fb.Metrics[m]; !ok {
			t.Errorf("metric %s not stored", m)
		}
	}
	wantPresent := (total - 3) / total
	if p := fb.Metrics["face.present_ratio"]; math.Abs(p-wantPresent) > 0.06 {
		t.Errorf("face present %.3f, truth %.3f", p, wantPresent)
	}
	scored := map[string]bool{}
	for _, s := range fb.Scores {
		scored[s.Dimension] = s.Score != nil
	}
	for _, d := range []string{"overall", "voice", "fluency", "pace", "gaze"} {
		if !scored[d] {
			t.Errorf("no %s score", d)
		}
	}
	if scored["content"] {
		t.Error("content scored before the coach exists")
	}
	var pause, noFace *store.Finding
	for i, f := range fb.Findings {
		switch f.Code {
		case "long_pause":
			pause = &fb.Findings[i]
		case "no_face":
			noFace = &fb.Findings[i]
		}
	}
	if pause == nil || math.Abs(pause.At.Seconds()-pauseStart) > 0.6 || math.Abs(pause.End.Seconds()-(pauseStart+3.5)) > 0.6 {
		t.Errorf("long pause finding %+v; planted %.2f-%.2f s", pause, pauseStart, pauseStart+3.5)
	}
	if noFace == nil || math.Abs(noFace.At.Seconds()-noFaceFrom) > 0.4 || math.Abs(noFace.End.Seconds()-(noFaceFrom+3)) > 0.4 {
		t.Errorf("no-face finding %+v; planted %.2f-%.2f s", noFace, noFaceFrom, noFaceFrom+3)
	}
	if fb.Summary.KO == "" || fb.Summary.EN == "" {
		t.Error("no summary")
	}
	t.Logf("KO: %s\nEN: %s", fb.Summary.KO, fb.Summary.EN)
	for _, f := range fb.Findings {
		t.Logf("%5.1f-%5.1f %-6s %-14s %s | %s", f.At.Seconds(), f.End.Seconds(), f.Severity, f.Code, f.Message.KO, f.Message.EN)
	}

	// The same files re-analysed after the fact land on the same moments.
	again, err := fx.svc.Reanalyze(ctx, rep.Attempt.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range again.Result.Feedback.Findings {
		if f.Kind == "no_face" && math.Abs(f.Start-noFaceFrom) < 0.4 {
			found = true
		}
	}
	if !found {
		t.Errorf("re-analysis lost the no-face stretch: %+v", again.Result.Feedback.Findings)
	}
}
