package media

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestWAVStreamIsValidAfterEveryFlush(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.wav")
	s, err := CreateWAVStream(path, 48000, 1)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]float32, 4800)
	for i := range chunk {
		chunk[i] = float32(0.5 * math.Sin(float64(i)*2*math.Pi*440/48000))
	}
	for k := 1; k <= 5; k++ {
		if err := s.Write(chunk); err != nil {
			t.Fatal(err)
		}
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
		// A reader opening the file now (as after a crash) sees every
		// flushed sample.
		a, err := ReadWAVFile(path)
		if err != nil {
			t.Fatalf("after flush %d: %v", k, err)
		}
		if a.Frames() != 4800*k || a.SampleRate != 48000 {
			t.Fatalf("after flush %d: %d frames at %d Hz", k, a.Frames(), a.SampleRate)
		}
	}
	// Samples written but not flushed are not yet promised.
	s.Write(chunk[:100])
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	a, _ := ReadWAVFile(path)
	if a.Frames() != 24100 {
		t.Fatalf("closed: %d frames", a.Frames())
	}
}

func TestRepairWAV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rec.wav")
	s, _ := CreateWAVStream(path, 16000, 2)
	s.Write(make([]float32, 2*16000))
	s.Flush()
	// A kill after more samples reached the file but before the header was
	// rewritten, mid-frame: 3 more bytes.
	s.Write(make([]float32, 2*8000))
	s.w.Flush()
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.Write([]byte{1, 2, 3})
	f.Close()
	n, err := RepairWAV(path)
	if err != nil || n != 24000 {
		t.Fatalf("repaired %d frames, %v; want 24000", n, err)
	}
	a, err := ReadWAVFile(path)
	if err != nil || a.Frames() != 24000 || a.Channels != 2 {
		t.Fatalf("after repair: %d frames, %d channels, %v", a.Frames(), a.Channels, err)
	}
	// Not ours, or too short: an error, the file untouched.
	other := filepath.Join(dir, "notes.wav")
	os.WriteFile(other, []byte("hello"), 0o600)
	if _, err := RepairWAV(other); err == nil {
		t.Fatal("repaired a 5-byte text file")
	}
	if b, _ := os.ReadFile(other); string(b) != "hello" {
		t.Fatal("a file that is not a recording was changed")
	}
}
