package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// fuzzSeeds returns valid files of several formats plus damaged ones.
func fuzzSeeds() [][]byte {
	s := testSamples(24)
	data := func(code, bits int) []byte { return encodeSamples(s, code, bits) }
	fmtOK := ck("fmt ", fmtSimple(wavePCM, 1, 16000, 16))
	var seeds [][]byte
	for _, bits := range []int{8, 16, 24, 32} {
		seeds = append(seeds, riffFile(ck("fmt ", fmtSimple(wavePCM, 2, 44100, bits)), ck("data", data(wavePCM, bits))))
		seeds = append(seeds, riffFile(ck("fmt ", fmtExtensible(wavePCM, 1, 48000, bits, bits)), ck("data", data(wavePCM, bits))))
	}
	for _, bits := range []int{32, 64} {
		fact := binary.LittleEndian.AppendUint32(nil, uint32(len(s)))
		seeds = append(seeds, riffFile(ck("fmt ", fmtSimple(waveFloat, 1, 8000, bits)), ck("fact", fact), ck("data", data(waveFloat, bits))))
		seeds = append(seeds, riffFile(ck("fmt ", fmtExtensible(waveFloat, 2, 22050, bits, bits)), ck("data", data(waveFloat, bits))))
	}
	d16 := data(wavePCM, 16)
	seeds = append(seeds,
		riffFile(ck("LIST", []byte("odd")), fmtOK, ck("data", d16), ck("JUNK", []byte{1, 2, 3, 4})),
		riffFile(fmtOK, chunk{id: "data", body: d16[:11], size: 1000, noPad: true}),
		riffFile(fmtOK, chunk{id: "data", body: d16, size: 0xFFFFFFFF}),
		riffFile(fmtOK, chunk{id: "data", body: d16, size: 0}),
		append([]byte("RF64"), riffFile(ck("ds64", make([]byte, 28)), fmtOK, chunk{id: "data", body: d16, size: 0xFFFFFFFF})[4:]...),
		riffFile(ck("fmt ", fmtSimple(waveFloat, 1, 8000, 32)), ck("data", []byte{0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f, 0, 0, 0x20, 0x41})), // NaN, +Inf, 10
		// Damaged:
		nil,
		[]byte("ID3\x04\x00\x00\x00\x00\x00\x00"),
		[]byte("RIFF\x24\x00"),
		riffFile(fmtOK),
		riffFile(ck("data", d16), fmtOK),
		riffFile(ck("fmt ", fmtBody(wavePCM, 0, 16000, 2, 16)), ck("data", d16)),
		riffFile(ck("fmt ", fmtBody(0x0011, 1, 16000, 256, 4)), ck("data", d16)),
		riffFile(ck("fmt ", fmtBody(wavePCM, 2, 16000, 2, 16)), ck("data", d16)),
		riffFile(chunk{id: "fmt ", body: fmtSimple(wavePCM, 1, 16000, 16), size: 0xFFFFFFF0}),
		riffFile(fmtOK, ck("data", nil)),
	)
	return seeds
}

// FuzzReadWAV checks that no input makes the reader panic and that whatever
// it accepts is well-formed audio that the rest of the pipeline can process.
func FuzzReadWAV(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	sentinels := []error{ErrNotWAV, ErrUnsupported, ErrCorrupt, ErrEmpty}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadWAV(bytes.NewReader(b))
		format, perr := ProbeWAV(bytes.NewReader(b))
		if err != nil {
			known := false
			for _, s := range sentinels {
				known = known || errors.Is(err, s)
			}
			if !known {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			if perr == nil {
				t.Fatalf("ReadWAV failed (%v) but ProbeWAV succeeded", err)
			}
			return
		}
		if perr != nil {
			t.Fatalf("ReadWAV succeeded but ProbeWAV failed: %v", perr)
		}
		if a.Channels < 1 || a.Channels > MaxChannels {
			t.Fatalf("Channels = %d", a.Channels)
		}
		if a.SampleRate < MinSampleRate || a.SampleRate > MaxSampleRate {
			t.Fatalf("SampleRate = %d", a.SampleRate)
		}
		if len(a.Samples) == 0 || len(a.Samples)%a.Channels != 0 {
			t.Fatalf("%d samples for %d channels", len(a.Samples), a.Channels)
		}
		if len(a.Samples) > len(b) {
			t.Fatalf("%d samples from %d bytes", len(a.Samples), len(b))
		}
		for i, v := range a.Samples {
			if math.IsNaN(float64(v)) || v < -1 || v > 1 {
				t.Fatalf("sample %d = %v", i, v)
			}
		}
		if format.SampleRate != a.SampleRate || format.Channels != a.Channels || format.Frames != int64(a.Frames()) {
			t.Fatalf("ProbeWAV = %+v, ReadWAV gave %d Hz, %d channels, %d frames", format, a.SampleRate, a.Channels, a.Frames())
		}
		m, err := Resample(Mono(a), AnalysisRate)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range m.Samples {
			if math.IsNaN(float64(v)) || math.Abs(float64(v)) > 2 {
				t.Fatalf("resampled sample %d = %v", i, v)
			}
		}
	})
}
