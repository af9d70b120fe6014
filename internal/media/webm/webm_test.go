package webm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// recording is a made-up recording of d: VP8-like video at 30 fps with a
// key frame each second, Opus-like 20 ms audio packets, in time order,
// their bytes drawn from seed.
func recording(d time.Duration, seed int64) []Frame {
	rng := rand.New(rand.NewSource(seed))
	var out []Frame
	v, a := time.Duration(0), time.Duration(0)
	n := 0
	for v < d || a < d {
		if v <= a && v < d {
			data := make([]byte, 200+rng.Intn(4000))
			rng.Read(data)
			out = append(out, Frame{Track: 1, Time: v.Truncate(time.Millisecond), Key: n%30 == 0, Data: data})
			n++
			v = time.Duration(n) * time.Second / 30
			continue
		}
		data := make([]byte, 40+rng.Intn(120))
		rng.Read(data)
		data[0] = 0xF8 // an Opus TOC byte: CELT, 20 ms, mono, one frame
		out = append(out, Frame{Track: 2, Time: a, Key: true, Data: data})
		a += 20 * time.Millisecond
	}
	return out
}

var testTracks = []Track{
	{Number: 1, Type: TypeVideo, Codec: "V_VP8", Width: 640, Height: 480},
	{Number: 2, Type: TypeAudio, Codec: "A_OPUS", Rate: 48000, Chans: 1, Private: opusHead()},
}

// opusHead is the CodecPrivate of a mono 48 kHz Opus track (RFC 7845).
func opusHead() []byte {
	return []byte{'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 1, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0}
}

func write(t *testing.T, path string, frames []Frame) {
	t.Helper()
	w, err := Create(path, testTracks)
	if err != nil {
		t.Fatal(err)
	}
	for _, fr := range frames {
		if err := w.Write(fr); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string) (*Reader, []Frame, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	rd, err := NewReader(f, st.Size())
	if err != nil {
		return nil, nil, err
	}
	var out []Frame
	for {
		fr, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rd, out, nil
		}
		if err != nil {
			return rd, out, err
		}
		out = append(out, fr)
	}
}

func sameFrames(t *testing.T, got, want []Frame) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d frames, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Track != w.Track || g.Time != w.Time || g.Key != w.Key || !bytes.Equal(g.Data, w.Data) {
			t.Fatalf("frame %d: track %d at %v key %v (%d bytes), want track %d at %v key %v (%d bytes)", i, g.Track, g.Time, g.Key, len(g.Data), w.Track, w.Time, w.Key, len(w.Data))
		}
	}
}

// TestWhatIsWrittenIsRead: every frame comes back as written (track,
// time to the millisecond, key flag, bytes), with the tracks and the
// duration.
func TestWhatIsWrittenIsRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.webm")
	frames := recording(3500*time.Millisecond, 1)
	write(t, path, frames)
	rd, got, err := readAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	sameFrames(t, got, frames)
	if len(rd.Tracks) != 2 || rd.Tracks[0].Codec != "V_VP8" || rd.Tracks[0].Width != 640 || rd.Tracks[0].Height != 480 ||
		rd.Tracks[1].Codec != "A_OPUS" || rd.Tracks[1].Rate != 48000 || rd.Tracks[1].Chans != 1 || !bytes.Equal(rd.Tracks[1].Private, opusHead()) {
		t.Errorf("tracks %+v", rd.Tracks)
	}
	if last := frames[len(frames)-1].Time; rd.Duration != last || rd.CutShort {
		t.Errorf("duration %v (cut short %v), want %v", rd.Duration, rd.CutShort, last)
	}
	// A frame earlier than the one before is refused.
	w, err := Create(filepath.Join(t.TempDir(), "b.webm"), testTracks)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Write(Frame{Track: 1, Time: time.Second, Key: true, Data: []byte{1}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(Frame{Track: 2, Time: 900 * time.Millisecond, Data: []byte{1}}); err == nil {
		t.Error("a frame out of order was taken")
	}
}

// TestClustersStartOnKeyFrames: a cluster runs about a second and the
// next starts on a video key frame, so what a killed recording loses is
// at most about a second.
func TestClustersStartOnKeyFrames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.webm")
	write(t, path, recording(5*time.Second, 2))
	b, _ := os.ReadFile(path)
	rd, err := NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	clusters := 0
	var prev int64 = -1
	for rd.pos < rd.segEnd {
		h, err := headAt(rd.r, rd.pos, rd.segEnd)
		if err != nil {
			t.Fatal(err)
		}
		if h.id == idCluster {
			clusters++
			probe := &Reader{scale: rd.scale, cl: b[rd.pos+int64(h.n) : rd.pos+int64(h.n)+int64(h.size)]}
			first, err := probe.Next()
			if err != nil {
				t.Fatal(err)
			}
			if first.Track != 1 || !first.Key {
				t.Errorf("cluster %d opens on track %d key %v", clusters, first.Track, first.Key)
			}
			if prev >= 0 && first.Time.Milliseconds()-prev > 1100 {
				t.Errorf("cluster %d starts %d ms after the one before", clusters, first.Time.Milliseconds()-prev)
			}
			prev = first.Time.Milliseconds()
		}
		rd.pos += int64(h.n) + int64(h.size)
	}
	if clusters != 5 {
		t.Errorf("%d clusters over 5 s", clusters)
	}
}

// TestFFprobeReadsIt: the file is WebM as ffmpeg (Debian's) reads it: a
// VP8 track of 640×480 and an Opus track, with every packet written.
func TestFFprobeReadsIt(t *testing.T) {
	probe, err := exec.LookPath("ffprobe")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ffprobe is missing: make deps installs ffmpeg")
		}
		t.Skip("ffprobe not installed")
	}
	path := filepath.Join(t.TempDir(), "a.webm")
	frames := recording(3*time.Second, 3)
	write(t, path, frames)
	out, err := exec.Command(probe, "-v", "error", "-count_packets", "-show_entries", "stream=codec_name,width,height,nb_read_packets", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe: %v", err)
	}
	var got struct {
		Streams []struct {
			Codec   string `json:"codec_name"`
			Width   int    `json:"width"`
			Height  int    `json:"height"`
			Packets string `json:"nb_read_packets"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]int{}
	for _, fr := range frames {
		want[map[uint64]string{1: "vp8", 2: "opus"}[fr.Track]]++
	}
	if len(got.Streams) != 2 {
		t.Fatalf("%s", out)
	}
	for _, s := range got.Streams {
		if n, _ := strconv.Atoi(s.Packets); n != want[s.Codec] {
			t.Errorf("%s: %s packets, want %d", s.Codec, s.Packets, want[s.Codec])
		}
		if s.Codec == "vp8" && (s.Width != 640 || s.Height != 480) {
			t.Errorf("vp8 %d×%d", s.Width, s.Height)
		}
	}
}

// TestATornFileIsRepaired: a file cut anywhere inside its last cluster (a
// write the kill stopped half-way) keeps every whole cluster; Repair cuts
// the rest off and writes the sizes, and a whole file is left alone.
func TestATornFileIsRepaired(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.webm")
	frames := recording(4*time.Second, 4)
	write(t, path, frames)
	whole, _ := os.ReadFile(path)
	if r, err := Repair(path); err != nil || r.Mended || r.Clusters != 4 {
		t.Fatalf("a whole file: %+v, %v", r, err)
	}
	// Where the last cluster starts.
	rd, _ := NewReader(bytes.NewReader(whole), int64(len(whole)))
	lastAt := int64(0)
	for rd.pos < rd.segEnd {
		h, _ := headAt(rd.r, rd.pos, rd.segEnd)
		if h.id == idCluster {
			lastAt = rd.pos
		}
		rd.pos += int64(h.n) + int64(h.size)
	}
	var kept []Frame
	for _, fr := range frames {
		if fr.Time < 3*time.Second {
			kept = append(kept, fr)
		}
	}
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 20; i++ {
		cut := lastAt + 1 + rng.Int63n(int64(len(whole))-lastAt-1)
		if i == 0 {
			cut = lastAt + 3 // inside the cluster's own header
		}
		torn := filepath.Join(dir, fmt.Sprintf("torn%d.webm", i))
		if err := os.WriteFile(torn, whole[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		// Written by a writer that never closed: the segment's size is
		// still unknown and the duration 0.
		f, _ := os.OpenFile(torn, os.O_RDWR, 0)
		f.WriteAt(unknownSize, 4+int64(len(appendElement(nil, idEBML, ebmlHeader()))))
		f.Close()
		r, err := Repair(torn)
		if err != nil || !r.Mended || r.Clusters != 3 || r.Dropped != cut-lastAt {
			t.Fatalf("cut at %d: %+v, %v", cut, r, err)
		}
		rd, got, err := readAll(t, torn)
		if err != nil {
			t.Fatalf("cut at %d, repaired: %v", cut, err)
		}
		sameFrames(t, got, kept)
		if rd.CutShort || rd.Duration != kept[len(kept)-1].Time {
			t.Errorf("cut at %d: duration %v, cut short %v", cut, rd.Duration, rd.CutShort)
		}
	}
}

// TestKilledRecordingIsRecovered: a process writing a recording is killed
// (SIGKILL) after 12 s of frames; Repair keeps all of it but the cluster
// that was being filled, and the file then reads whole.
func TestKilledRecordingIsRecovered(t *testing.T) {
	if p := os.Getenv("NEVERMIND_WEBM_CHILD"); p != "" {
		w, err := Create(p, testTracks)
		if err != nil {
			os.Exit(2)
		}
		for _, fr := range recording(12*time.Second, 6) {
			if err := w.Write(fr); err != nil {
				os.Exit(3)
			}
		}
		os.WriteFile(p+".written", nil, 0o644)
		select {} // never closes: killed here
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "rec.webm")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledRecordingIsRecovered$")
	cmd.Env = append(os.Environ(), "NEVERMIND_WEBM_CHILD="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(path + ".written"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the child wrote nothing")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if _, _, err := readAll(t, path); err != nil {
		t.Fatalf("before repair: %v", err) // every cluster on disk is whole
	}
	r, err := Repair(path)
	if err != nil || !r.Mended {
		t.Fatalf("%+v, %v", r, err)
	}
	rd, got, err := readAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	want := recording(12*time.Second, 6)
	sameFrames(t, got, want[:len(got)])
	if kept := rd.Duration; kept < 10*time.Second || kept != got[len(got)-1].Time {
		t.Errorf("kept %v of 12 s (last frame at %v)", kept, got[len(got)-1].Time)
	}
	t.Logf("kept %v of 12 s in %d clusters", rd.Duration, r.Clusters)
}

// TestHostileFilesAreRefused: what is not WebM, or claims sizes beyond
// the file or the limits, is refused with its error, nothing allocated
// for what is not there.
func TestHostileFilesAreRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.webm")
	write(t, path, recording(2*time.Second, 7))
	good, _ := os.ReadFile(path)
	seg := 4 + int64(len(appendElement(nil, idEBML, ebmlHeader())))
	cases := map[string]struct {
		b    []byte
		want error
	}{
		"empty":       {nil, ErrNotWebM},
		"png":         {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrNotWebM},
		"avi":         {[]byte("RIFF\x00\x00\x00\x00AVI LIST"), ErrNotWebM},
		"header only": {good[:seg], ErrCorrupt},
		"huge header": {append([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x01, 0x00, 0x00, 0x10, 0, 0, 0, 0}, good[12:]...), ErrTooLarge},
		"matroska doc": {func() []byte {
			b := bytes.Clone(good)
			copy(b[bytes.Index(b, []byte("webm")):], "mkvx")
			return b
		}(), ErrNotWebM},
	}
	for name, c := range cases {
		_, err := NewReader(bytes.NewReader(c.b), int64(len(c.b)))
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	// A cluster claiming 1 TB in a 100 KB file.
	b := bytes.Clone(good)
	at := bytes.Index(b, []byte{0x1F, 0x43, 0xB6, 0x75})
	b = append(b[:at+4], append([]byte{0x01, 0x00, 0x01, 0, 0, 0, 0, 0}, b[at+5:]...)...)
	rd, err := NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Next(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a cluster past the end: %v", err)
	}
}

// FuzzReader: any bytes give frames or an error, never a panic or an
// allocation beyond the file's size; Repair on them does the same.
func FuzzReader(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.webm")
	w, err := Create(path, testTracks)
	if err != nil {
		f.Fatal(err)
	}
	for _, fr := range recording(2500*time.Millisecond, 8) {
		fr.Data = fr.Data[:min(len(fr.Data), 24)]
		w.Write(fr)
	}
	w.Close()
	good, _ := os.ReadFile(path)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:60])
	f.Add([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		rd, err := NewReader(bytes.NewReader(b), int64(len(b)))
		if err == nil {
			for i := 0; i < 100000; i++ {
				fr, err := rd.Next()
				if err != nil {
					break
				}
				if len(fr.Data) > len(b) {
					t.Fatalf("a frame of %d bytes from a file of %d", len(fr.Data), len(b))
				}
			}
		}
		tmp, err := os.CreateTemp("", "fuzz-*.webm")
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(tmp.Name())
		_, err = tmp.Write(b)
		tmp.Close()
		if err != nil {
			t.Fatal(err)
		}
		Repair(tmp.Name())
	})
}
