package capture_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"nevermind/internal/capture"
)

// cutWAV is a 16 kHz mono WAV whose header still says 0 bytes of data, as
// a crash leaves it: Recover would rewrite its sizes.
func cutWAV() []byte {
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36))
	b.WriteString("WAVEfmt ")
	w(uint32(16))
	w(uint16(1))
	w(uint16(1))
	w(uint32(16000))
	w(uint32(32000))
	w(uint16(2))
	w(uint16(16))
	b.WriteString("data")
	w(uint32(0))
	b.Write(make([]byte, 3200))
	return b.Bytes()
}

// TestRecoverFollowsOnlyItsOwnFiles: a marker that names files elsewhere,
// or sits beside a link to a file elsewhere, never gets that file
// repaired; its own cut-off sibling is.
func TestRecoverFollowsOnlyItsOwnFiles(t *testing.T) {
	media, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "file.wav")
	os.WriteFile(victim, cutWAV(), 0o600)
	os.MkdirAll(filepath.Join(media, "77"), 0o700)
	marker, _ := json.Marshal(map[string]string{"audio": victim, "video": victim, "frames": victim})
	os.WriteFile(filepath.Join(media, "77", "x.recording"), marker, 0o600)
	// A sibling that is a link to the victim.
	os.WriteFile(filepath.Join(media, "77", "y.recording"), marker, 0o600)
	if err := os.Symlink(victim, filepath.Join(media, "77", "y.wav")); err != nil {
		t.Fatal(err)
	}
	// A folder that is a link to the outside.
	if err := os.Symlink(outside, filepath.Join(media, "78")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(outside, "z.recording"), marker, 0o600)
	os.WriteFile(filepath.Join(outside, "z.wav"), cutWAV(), 0o600)
	// A real cut-off recording of its own.
	own := filepath.Join(media, "77", "own.wav")
	os.WriteFile(own, cutWAV(), 0o600)
	os.WriteFile(filepath.Join(media, "77", "own.recording"), []byte(`{"audio": "`+victim+`", "started": "2026-11-29T10:00:00Z"}`), 0o600)

	recs, err := capture.Recover(media)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); !bytes.Equal(b, cutWAV()) {
		t.Fatal("a file outside the media folder was rewritten")
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "z.wav")); !bytes.Equal(b, cutWAV()) {
		t.Fatal("recovery went through a linked folder")
	}
	var ownRec *capture.Recovered
	for i, r := range recs {
		if r.Audio == own {
			ownRec = &recs[i]
		}
		if r.Audio == victim || r.Video == victim || r.Frames == victim {
			t.Errorf("a recovered recording names the outside file: %+v", r)
		}
	}
	if ownRec == nil || ownRec.AudioErr != nil || ownRec.Duration.Milliseconds() != 100 || ownRec.Started.IsZero() {
		t.Fatalf("the own recording: %+v", ownRec)
	}
	if b, _ := os.ReadFile(own); bytes.Equal(b, cutWAV()) {
		t.Fatal("the own cut-off recording was not repaired")
	}
	if len(recs) != 3 {
		t.Errorf("%d recordings recovered; want x, y (nothing to repair) and own", len(recs))
	}
}
