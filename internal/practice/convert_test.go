//go:build codecs

package practice

import (
	"context"
	"errors"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"nevermind/internal/media"
	"nevermind/internal/media/video"
	"nevermind/internal/store"
)

// TestConvertOld: an answer kept as WAV and MJPEG AVI becomes Opus and VP8
// WebM, every frame and the whole audio kept, the originals deleted only
// then; an answer whose video is damaged is left exactly as it was.
func TestConvertOld(t *testing.T) {
	ctx := context.Background()
	dir, st := tempData(t)
	svc := NewService(dir, st, nil)
	q, _ := st.AddQuestion(ctx, store.Question{Origin: store.OriginUser, PracticeType: store.TypeBasic, Language: store.Korean, Text: "자기소개를 해 주세요."})
	mk := func(name string, damaged bool) (int64, string) {
		_, sqs, err := st.StartSession(ctx, store.TypeBasic, 0, []int64{q})
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Join(dir.MediaDir(), "old", name)
		os.MkdirAll(filepath.Dir(base), 0o700)
		a := media.Audio{SampleRate: 44100, Channels: 1, Samples: make([]float32, 44100*3)}
		for i := range a.Samples {
			a.Samples[i] = float32(0.3 * math.Sin(2*math.Pi*180*float64(i)/44100))
		}
		if err := media.WriteWAVFile(base+".wav", a, 16); err != nil {
			t.Fatal(err)
		}
		w, err := video.Create(base+".avi", 30, 320, 240)
		if err != nil {
			t.Fatal(err)
		}
		img := image.NewRGBA(image.Rect(0, 0, 320, 240))
		for i := 0; i < 90; i++ {
			for p := 0; p < len(img.Pix); p += 4 {
				img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = uint8(i*2), uint8(p/4%320), 90, 255
			}
			img.SetRGBA(i, 10, color.RGBA{255, 255, 255, 255})
			if err := w.Write(img); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
		if damaged {
			b, _ := os.ReadFile(base + ".avi")
			for i := 4096; i < len(b); i++ {
				b[i] = 0x55
			}
			os.WriteFile(base+".avi", b, 0o600)
		}
		ra, _ := dir.Rel(base + ".wav")
		rv, _ := dir.Rel(base + ".avi")
		id, err := st.AddAttempt(ctx, store.Attempt{SessionQuestionID: sqs[0].ID, Status: store.AttemptAnalyzed, AudioPath: ra, VideoPath: rv})
		if err != nil {
			t.Fatal(err)
		}
		return id, base
	}
	good, gbase := mk("good", false)
	bad, bbase := mk("bad", true)
	old, size, err := svc.OldRecordings(ctx)
	if err != nil || len(old) != 2 || size < 2*44100*2*3 {
		t.Fatalf("%d old answers, %d bytes, %v", len(old), size, err)
	}
	var calls int
	res, err := svc.ConvertOld(ctx, func(done, total int) {
		calls++
		if total != 2 || done != calls {
			t.Errorf("progress %d/%d at call %d", done, total, calls)
		}
	})
	t.Logf("%+v", res)
	if err != nil || res.Converted != 1 || res.Failed != 1 || res.FirstErr == nil || calls != 2 {
		t.Fatalf("converted %d, failed %d (%v), %v", res.Converted, res.Failed, res.FirstErr, err)
	}
	if res.After >= res.Before/2 {
		t.Errorf("%d bytes became %d", res.Before, res.After)
	}
	a, _ := st.Attempt(ctx, good)
	if filepath.Ext(a.AudioPath) != ".weba" || filepath.Ext(a.VideoPath) != ".webm" {
		t.Fatalf("the converted answer names %q and %q", a.AudioPath, a.VideoPath)
	}
	for _, ext := range []string{".wav", ".avi"} {
		if _, err := os.Stat(gbase + ext); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the original %s is still there", ext)
		}
	}
	au, err := media.ReadAudioFile(gbase + ".weba")
	if err != nil || math.Abs(au.Duration().Seconds()-3) > 0.05 {
		t.Errorf("converted audio: %v, %v", au.Duration(), err)
	}
	r, err := video.Open(gbase+".webm", video.Options{SampleFPS: -1})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last time.Duration
	for {
		_, f, err := r.Next(nil)
		if err != nil {
			break
		}
		n, last = n+1, f.T
	}
	r.Close()
	if n != 90 || last < 2900*time.Millisecond || last > 3*time.Second {
		t.Errorf("converted video: %d frames, the last at %v", n, last)
	}
	// The damaged one: as it was, nothing new beside it.
	b, _ := st.Attempt(ctx, bad)
	if filepath.Ext(b.AudioPath) != ".wav" || filepath.Ext(b.VideoPath) != ".avi" {
		t.Errorf("the failed answer names %q and %q", b.AudioPath, b.VideoPath)
	}
	for _, ext := range []string{".wav", ".avi"} {
		if _, err := os.Stat(bbase + ext); err != nil {
			t.Errorf("the failed answer's %s: %v", ext, err)
		}
	}
	for _, ext := range []string{".weba", ".webm"} {
		if _, err := os.Stat(bbase + ext); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a half-made %s was left beside the failed answer", ext)
		}
	}
	if left, _, _ := svc.OldRecordings(ctx); len(left) != 1 {
		t.Errorf("%d old answers left", len(left))
	}
}
