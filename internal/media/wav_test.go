package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// ---- helpers that build WAV files by hand, independently of the decoder ----

// chunk is one RIFF chunk; size overrides the declared size when >= 0.
type chunk struct {
	id    string
	body  []byte
	size  int64 // declared size; -1 means len(body)
	noPad bool  // omit the pad byte after an odd-sized body
	pad   byte  // value of the pad byte
}

func ck(id string, body []byte) chunk { return chunk{id: id, body: body, size: -1} }

// riffFile builds a RIFF/WAVE file from chunks with a correct RIFF size.
func riffFile(chunks ...chunk) []byte {
	var body []byte
	body = append(body, "WAVE"...)
	for _, c := range chunks {
		body = append(body, c.id...)
		size := c.size
		if size < 0 {
			size = int64(len(c.body))
		}
		body = binary.LittleEndian.AppendUint32(body, uint32(size))
		body = append(body, c.body...)
		if len(c.body)%2 == 1 && !c.noPad {
			body = append(body, c.pad)
		}
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(len(body)))
	return append(out, body...)
}

// fmtBody builds a 16-byte fmt chunk body.
func fmtBody(code, channels, rate, blockAlign, bits int) []byte {
	le := binary.LittleEndian
	b := le.AppendUint16(nil, uint16(code))
	b = le.AppendUint16(b, uint16(channels))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*blockAlign))
	b = le.AppendUint16(b, uint16(blockAlign))
	return le.AppendUint16(b, uint16(bits))
}

// fmtSimple is fmtBody with a consistent block alignment.
func fmtSimple(code, channels, rate, bits int) []byte {
	return fmtBody(code, channels, rate, channels*bits/8, bits)
}

// fmtExtensible builds a 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk body whose
// subformat GUID is the standard one for code sub.
func fmtExtensible(sub uint16, channels, rate, bits, validBits int) []byte {
	le := binary.LittleEndian
	b := fmtSimple(waveExtensible, channels, rate, bits)
	b = le.AppendUint16(b, 22)                // cbSize
	b = le.AppendUint16(b, uint16(validBits)) // wValidBitsPerSample
	b = le.AppendUint32(b, 0)                 // dwChannelMask
	b = le.AppendUint16(b, sub)
	return append(b, extensibleGUIDTail...)
}

// encodeSamples encodes samples as code (1 PCM, 3 float) with the given bits.
func encodeSamples(samples []float32, code, bits int) []byte {
	le := binary.LittleEndian
	var b []byte
	for _, s := range samples {
		if code == waveFloat {
			if bits == 32 {
				b = le.AppendUint32(b, math.Float32bits(s))
			} else {
				b = le.AppendUint64(b, math.Float64bits(float64(s)))
			}
			continue
		}
		full := math.Ldexp(1, bits-1)
		v := math.Round(float64(s) * full)
		v = math.Max(-full, math.Min(full-1, v))
		iv := int64(v)
		switch bits {
		case 8:
			b = append(b, byte(iv+128))
		case 16:
			b = le.AppendUint16(b, uint16(int16(iv)))
		case 24:
			b = append(b, byte(iv), byte(iv>>8), byte(iv>>16))
		case 32:
			b = le.AppendUint32(b, uint32(int32(iv)))
		}
	}
	return b
}

// testSamples returns n deterministic samples in [-1, 1] including the
// extremes and zero.
func testSamples(n int) []float32 {
	rng := rand.New(rand.NewPCG(1, 2))
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.Float64()*2 - 1)
	}
	copy(s, []float32{-1, 1, 0, 0.5, -0.5})
	return s
}

// pcm16Mono returns a simple valid 16-bit mono 8 kHz file.
func pcm16Mono(samples []float32) []byte {
	return riffFile(ck("fmt ", fmtSimple(wavePCM, 1, 8000, 16)), ck("data", encodeSamples(samples, wavePCM, 16)))
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func checkSamples(t *testing.T, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d samples, want %d", len(got), len(want))
	}
	for i := range want {
		w := math.Max(-1, math.Min(1, float64(want[i])))
		if d := math.Abs(float64(got[i]) - w); d > tol {
			t.Fatalf("sample %d = %v, want %v (±%g)", i, got[i], w, tol)
		}
	}
}

// ---- tests ----

func TestReadWAVFormats(t *testing.T) {
	tests := []struct {
		name     string
		code     int  // wavePCM or waveFloat
		ext      bool // wrap in WAVE_FORMAT_EXTENSIBLE
		valid    int  // valid bits for extensible (0 = bits)
		bits     int  // container bits
		channels int  // channel count
		rate     int  // sample rate
		tol      float64
	}{
		{"pcm8 mono", wavePCM, false, 0, 8, 1, 8000, 1.0 / 128},
		{"pcm8 stereo", wavePCM, false, 0, 8, 2, 11025, 1.0 / 128},
		{"pcm16 mono", wavePCM, false, 0, 16, 1, 16000, 1.0 / 32768},
		{"pcm16 stereo", wavePCM, false, 0, 16, 2, 44100, 1.0 / 32768},
		{"pcm16 8 channels", wavePCM, false, 0, 16, 8, 48000, 1.0 / 32768},
		{"pcm24 mono", wavePCM, false, 0, 24, 1, 96000, 1.0 / (1 << 23)},
		{"pcm24 stereo", wavePCM, false, 0, 24, 2, 48000, 1.0 / (1 << 23)},
		{"pcm32 mono", wavePCM, false, 0, 32, 1, 48000, 1e-7},
		{"pcm32 stereo", wavePCM, false, 0, 32, 2, 384000, 1e-7},
		{"float32 mono", waveFloat, false, 0, 32, 1, 1000, 0},
		{"float32 stereo", waveFloat, false, 0, 32, 2, 22050, 0},
		{"float64 mono", waveFloat, false, 0, 64, 1, 32000, 0},
		{"float64 stereo", waveFloat, false, 0, 64, 2, 44100, 0},
		{"extensible pcm16 stereo", wavePCM, true, 16, 16, 2, 48000, 1.0 / 32768},
		{"extensible pcm24 6 channels", wavePCM, true, 24, 24, 6, 48000, 1.0 / (1 << 23)},
		{"extensible pcm32 holding 24 valid bits", wavePCM, true, 24, 32, 2, 96000, 1e-7},
		{"extensible pcm8 mono", wavePCM, true, 8, 8, 1, 8000, 1.0 / 128},
		{"extensible float32 stereo", waveFloat, true, 32, 32, 2, 48000, 0},
		{"extensible float64 mono", waveFloat, true, 64, 64, 1, 48000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const frames = 1001
			want := testSamples(frames * tt.channels)
			if tt.valid != 0 && tt.valid < tt.bits {
				// Valid bits are left-justified: quantise to them first.
				q := math.Ldexp(1, tt.valid-1)
				for i, v := range want {
					want[i] = float32(math.Max(-q, math.Min(q-1, math.Round(float64(v)*q))) / q)
				}
			}
			fmtChunk := fmtSimple(tt.code, tt.channels, tt.rate, tt.bits)
			if tt.ext {
				fmtChunk = fmtExtensible(uint16(tt.code), tt.channels, tt.rate, tt.bits, tt.valid)
			}
			data := encodeSamples(want, tt.code, tt.bits)
			var file []byte
			if tt.code == waveFloat {
				fact := binary.LittleEndian.AppendUint32(nil, frames)
				file = riffFile(ck("fmt ", fmtChunk), ck("fact", fact), ck("data", data))
			} else {
				file = riffFile(ck("fmt ", fmtChunk), ck("data", data))
			}

			a, err := ReadWAV(bytes.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			if a.SampleRate != tt.rate || a.Channels != tt.channels || a.Frames() != frames {
				t.Fatalf("got %d Hz, %d channels, %d frames; want %d, %d, %d", a.SampleRate, a.Channels, a.Frames(), tt.rate, tt.channels, frames)
			}
			checkSamples(t, a.Samples, want, tt.tol)

			f, err := ProbeWAV(bytes.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			wantF := Format{SampleRate: tt.rate, Channels: tt.channels, BitsPerSample: tt.bits, Float: tt.code == waveFloat, Frames: frames}
			if f != wantF {
				t.Errorf("ProbeWAV = %+v, want %+v", f, wantF)
			}
		})
	}
}

func TestWriteWAVRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		bits     int
		channels int
		rate     int
		tol      float64
	}{
		{"16-bit mono", 16, 1, 16000, 1.0 / 32768},
		{"16-bit stereo", 16, 2, 44100, 1.0 / 32768},
		{"16-bit 8 channels", 16, 8, 48000, 1.0 / 32768},
		{"float mono", 32, 1, 48000, 0},
		{"float stereo", 32, 2, 22050, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Audio{SampleRate: tt.rate, Channels: tt.channels, Samples: testSamples(777 * tt.channels)}
			path := filepath.Join(t.TempDir(), "out.wav")
			if err := WriteWAVFile(path, in, tt.bits); err != nil {
				t.Fatal(err)
			}
			got, err := ReadWAVFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got.SampleRate != tt.rate || got.Channels != tt.channels {
				t.Fatalf("got %d Hz %d channels, want %d Hz %d channels", got.SampleRate, got.Channels, tt.rate, tt.channels)
			}
			checkSamples(t, got.Samples, in.Samples, tt.tol)
			f, err := ProbeWAVFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if f.BitsPerSample != tt.bits || f.Float != (tt.bits == 32) || f.Frames != 777 {
				t.Errorf("ProbeWAVFile = %+v", f)
			}
		})
	}
}

func TestWriteWAVClampsAndRejects(t *testing.T) {
	var buf bytes.Buffer
	in := Audio{SampleRate: 8000, Channels: 1, Samples: []float32{2, -2, float32(math.NaN()), 1}}
	if err := EncodeWAV(&buf, in, 16); err != nil {
		t.Fatal(err)
	}
	got, err := ReadWAV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	checkSamples(t, got.Samples, []float32{32767.0 / 32768, -1, 0, 32767.0 / 32768}, 0)

	bad := []struct {
		name string
		a    Audio
		bits int
	}{
		{"24 bits", Audio{SampleRate: 8000, Channels: 1}, 24},
		{"rate 0", Audio{SampleRate: 0, Channels: 1}, 16},
		{"9 channels", Audio{SampleRate: 8000, Channels: 9}, 16},
		{"partial frame", Audio{SampleRate: 8000, Channels: 2, Samples: []float32{0}}, 16},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if err := EncodeWAV(io.Discard, tt.a, tt.bits); err == nil {
				t.Error("want an error")
			}
		})
	}
}

func TestReadWAVChunkHandling(t *testing.T) {
	samples := testSamples(6)
	data16 := encodeSamples(samples, wavePCM, 16) // 12 bytes
	fmtMono := ck("fmt ", fmtSimple(wavePCM, 1, 8000, 16))
	fmtStereo := ck("fmt ", fmtSimple(wavePCM, 2, 8000, 16))
	le := binary.LittleEndian
	withRIFFSize := func(b []byte, size uint32) []byte {
		b = bytes.Clone(b)
		le.PutUint32(b[4:8], size)
		return b
	}
	tests := []struct {
		name     string
		file     []byte
		channels int
		want     []float32
	}{
		{"unknown chunks before fmt and data",
			riffFile(ck("JUNK", make([]byte, 28)), ck("bext", []byte("some metadata")), fmtMono,
				ck("LIST", []byte("INFOISFT\x06\x00\x00\x00Lavf59")), ck("fact", []byte{6, 0, 0, 0}), ck("data", data16)),
			1, samples},
		{"odd chunk with pad byte", riffFile(ck("LIST", []byte("odd")), fmtMono, ck("data", data16)), 1, samples},
		{"odd chunk with non-zero pad byte", riffFile(chunk{id: "LIST", body: []byte("odd"), size: -1, pad: 'x'}, fmtMono, ck("data", data16)), 1, samples},
		{"odd chunk missing its pad byte", riffFile(chunk{id: "LIST", body: []byte("odd"), size: -1, noPad: true}, fmtMono, ck("data", data16)), 1, samples},
		{"odd fmt chunk (17 bytes) with pad", riffFile(ck("fmt ", append(fmtSimple(wavePCM, 1, 8000, 16), 0)), ck("data", data16)), 1, samples},
		{"fmt chunk with cbSize (18 bytes)", riffFile(ck("fmt ", append(fmtSimple(wavePCM, 1, 8000, 16), 0, 0)), ck("data", data16)), 1, samples},
		{"long fmt chunk (60 bytes)", riffFile(ck("fmt ", append(fmtSimple(wavePCM, 1, 8000, 16), make([]byte, 44)...)), ck("data", data16)), 1, samples},
		{"second fmt chunk ignored", riffFile(fmtMono, ck("fmt ", fmtSimple(wavePCM, 2, 44100, 16)), ck("data", data16)), 1, samples},
		{"chunk after data not decoded", riffFile(fmtMono, ck("data", data16), ck("LIST", []byte("INFOxxxx"))), 1, samples},
		{"odd-sized 8-bit data then LIST",
			riffFile(ck("fmt ", fmtSimple(wavePCM, 1, 8000, 8)), ck("data", encodeSamples(samples[:5], wavePCM, 8)), ck("LIST", []byte("INFO"))),
			1, samples[:5]},
		{"truncated data keeps whole frames", riffFile(fmtStereo, chunk{id: "data", body: data16[:10], size: 1000, noPad: true}), 2, samples[:4]},
		{"truncated inside a frame", riffFile(fmtStereo, chunk{id: "data", body: data16[:9], size: 12, noPad: true}), 2, samples[:4]},
		{"declared size not a multiple of block align", riffFile(fmtMono, chunk{id: "data", body: data16[:7], size: 7}), 1, samples[:3]},
		{"data size 0 means read to EOF", riffFile(fmtMono, chunk{id: "data", body: data16, size: 0}), 1, samples},
		{"data size 0xFFFFFFFF means read to EOF", riffFile(fmtMono, chunk{id: "data", body: data16, size: 0xFFFFFFFF}), 1, samples},
		{"espeak --stdout style size 0x7FFFF000", riffFile(fmtMono, chunk{id: "data", body: data16, size: 0x7FFFF000}), 1, samples},
		{"RIFF size 0", withRIFFSize(riffFile(fmtMono, ck("data", data16)), 0), 1, samples},
		{"RIFF size too small", withRIFFSize(riffFile(fmtMono, ck("data", data16)), 10), 1, samples},
		{"RIFF size huge", withRIFFSize(riffFile(fmtMono, ck("data", data16)), 0xFFFFFFFF), 1, samples},
		{"RF64 with ds64 chunk", append([]byte("RF64"), riffFile(ck("ds64", make([]byte, 28)), fmtMono, chunk{id: "data", body: data16, size: 0xFFFFFFFF})[4:]...), 1, samples},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, reader := range []struct {
				name string
				r    io.Reader
			}{
				{"bytes.Reader", bytes.NewReader(tt.file)},
				{"plain reader", io.MultiReader(bytes.NewReader(tt.file))}, // no Len, no Seek
				{"one byte at a time", &oneByteReader{tt.file}},
			} {
				a, err := ReadWAV(reader.r)
				if err != nil {
					t.Fatalf("%s: %v", reader.name, err)
				}
				if a.Channels != tt.channels || a.SampleRate != 8000 {
					t.Fatalf("%s: got %d channels at %d Hz, want %d at 8000", reader.name, a.Channels, a.SampleRate, tt.channels)
				}
				tol := 1.0 / 32768
				if strings.Contains(tt.name, "8-bit") {
					tol = 1.0 / 128
				}
				checkSamples(t, a.Samples, tt.want, tol)
			}
		})
	}
}

type oneByteReader struct{ b []byte }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.b[0]
	r.b = r.b[1:]
	return 1, nil
}

func TestReadWAVErrors(t *testing.T) {
	data := encodeSamples(testSamples(8), wavePCM, 16)
	fmtOK := ck("fmt ", fmtSimple(wavePCM, 1, 16000, 16))
	pcm := func(fmtBody []byte) []byte { return riffFile(ck("fmt ", fmtBody), ck("data", data)) }
	extWith := func(mutate func([]byte)) []byte {
		b := fmtExtensible(wavePCM, 2, 48000, 16, 16)
		mutate(b)
		return pcm(b)
	}
	tests := []struct {
		name string
		file []byte
		want error
		msg  string // substring of the message
	}{
		{"empty file", nil, ErrEmpty, "empty"},
		{"ID3 tagged MP3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00 lots of mp3"), ErrNotWAV, `"ID3", which looks like an MP3 file`},
		{"raw MP3 frame", []byte{0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ErrNotWAV, "MP3"},
		{"AAC ADTS", []byte{0xFF, 0xF1, 0x50, 0x80, 0, 0, 0, 0, 0, 0, 0, 0}, ErrNotWAV, "AAC"},
		{"Ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00"), ErrNotWAV, "Ogg"},
		{"FLAC", []byte("fLaC\x00\x00\x00\x22\x10\x00\x10\x00"), ErrNotWAV, "FLAC"},
		{"M4A", []byte("\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00"), ErrNotWAV, "MP4/M4A"},
		{"WebM", []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81"), ErrNotWAV, "WebM"},
		{"AIFF", []byte("FORM\x00\x00\x10\x00AIFFCOMM"), ErrNotWAV, "AIFF"},
		{"AVI", []byte("RIFF\x00\x00\x10\x00AVI LIST"), ErrNotWAV, "AVI"},
		{"text", []byte("hello, this is not audio\n"), ErrNotWAV, "text"},
		{"short text", []byte("hi"), ErrNotWAV, "text"},
		{"binary junk", []byte{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c}, ErrNotWAV, "RIFF/WAVE header"},
		{"truncated RIFF header", []byte("RIFF\x24\x00"), ErrCorrupt, "too short"},
		{"big-endian RIFX", []byte("RIFX\x00\x00\x00\x24WAVEfmt "), ErrUnsupported, "RIFX"},
		{"no chunks at all", []byte("RIFF\x04\x00\x00\x00WAVE"), ErrCorrupt, "no fmt chunk"},
		{"no fmt chunk", riffFile(ck("LIST", []byte("INFO"))), ErrCorrupt, "no fmt chunk"},
		{"data before fmt", riffFile(ck("data", data), fmtOK), ErrCorrupt, "before the fmt chunk"},
		{"no data chunk", riffFile(fmtOK, ck("LIST", []byte("INFO"))), ErrCorrupt, "no data chunk"},
		{"header only", riffFile(fmtOK), ErrCorrupt, "no data chunk"},
		{"fmt chunk too small", riffFile(ck("fmt ", fmtSimple(wavePCM, 1, 16000, 16)[:14]), ck("data", data)), ErrCorrupt, "only 14 bytes"},
		{"file ends inside fmt", riffFile(fmtOK)[:30], ErrCorrupt, "inside its fmt chunk"},
		{"fmt chunk claims 4 GB", riffFile(chunk{id: "fmt ", body: fmtSimple(wavePCM, 1, 16000, 16), size: 0xFFFFFF00}), ErrCorrupt, "no data chunk"},
		{"0 channels", pcm(fmtBody(wavePCM, 0, 16000, 2, 16)), ErrCorrupt, "0 channels"},
		{"9 channels", pcm(fmtSimple(wavePCM, 9, 16000, 16)), ErrUnsupported, "9 channels"},
		{"65535 channels", pcm(fmtBody(wavePCM, 65535, 16000, 2, 16)), ErrUnsupported, "65535 channels"},
		{"sample rate 0", pcm(fmtSimple(wavePCM, 1, 0, 16)), ErrCorrupt, "0 Hz"},
		{"sample rate too low", pcm(fmtSimple(wavePCM, 1, 999, 16)), ErrUnsupported, "999 Hz"},
		{"sample rate too high", pcm(fmtSimple(wavePCM, 1, 384001, 16)), ErrUnsupported, "384001 Hz"},
		{"sample rate absurd", pcm(fmtBody(wavePCM, 1, 0x7FFFFFFF, 2, 16)), ErrUnsupported, "2147483647 Hz"},
		{"0 bits", pcm(fmtBody(wavePCM, 1, 16000, 2, 0)), ErrCorrupt, "0 bits"},
		{"12 bits", pcm(fmtBody(wavePCM, 1, 16000, 2, 12)), ErrUnsupported, "12-bit"},
		{"64-bit integer", pcm(fmtSimple(wavePCM, 1, 16000, 64)), ErrUnsupported, "64-bit integer"},
		{"16-bit float", pcm(fmtSimple(waveFloat, 1, 16000, 16)), ErrUnsupported, "16-bit floating-point"},
		{"block align too small", pcm(fmtBody(wavePCM, 2, 16000, 2, 16)), ErrCorrupt, "frame is 2 bytes"},
		{"block align 0", pcm(fmtBody(wavePCM, 1, 16000, 0, 16)), ErrCorrupt, "frame is 0 bytes"},
		{"24-bit in 32-bit block", pcm(fmtBody(wavePCM, 1, 16000, 4, 24)), ErrCorrupt, "frame is 4 bytes"},
		{"MS ADPCM", pcm(fmtBody(0x0002, 1, 16000, 256, 4)), ErrUnsupported, "Microsoft ADPCM encoding (format code 0x0002)"},
		{"IMA ADPCM", pcm(fmtBody(0x0011, 1, 16000, 256, 4)), ErrUnsupported, "IMA ADPCM encoding (format code 0x0011)"},
		{"MP3 in WAV", pcm(fmtBody(0x0055, 2, 44100, 1, 0)), ErrUnsupported, "MP3 encoding (format code 0x0055)"},
		{"mu-law", pcm(fmtSimple(0x0007, 1, 8000, 8)), ErrUnsupported, "µ-law"},
		{"unknown format code", pcm(fmtSimple(0x1234, 1, 8000, 16)), ErrUnsupported, "0x1234"},
		{"extensible too short", pcm(fmtSimple(waveExtensible, 1, 16000, 16)), ErrCorrupt, "EXTENSIBLE"},
		{"extensible ADPCM", extWith(func(b []byte) { b[24] = 0x02 }), ErrUnsupported, "0x0002"},
		{"extensible foreign GUID", extWith(func(b []byte) { b[30] = 0x99 }), ErrUnsupported, "subformat"},
		{"empty data chunk", riffFile(fmtOK, ck("data", nil)), ErrEmpty, "no complete audio frame"},
		{"data shorter than one frame", riffFile(ck("fmt ", fmtSimple(wavePCM, 2, 16000, 16)), ck("data", []byte{1, 2, 3})), ErrEmpty, "no complete audio frame"},
		{"data chunk cut off after header", riffFile(fmtOK, ck("data", data))[:44], ErrEmpty, "no complete audio frame"},
	}
	sentinels := []error{ErrNotWAV, ErrUnsupported, ErrCorrupt, ErrEmpty}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "take1.wav", tt.file)
			_, err := ReadWAVFile(path)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			for _, s := range sentinels {
				if s != tt.want && errors.Is(err, s) {
					t.Errorf("err also matches %v", s)
				}
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q does not contain %q", msg, tt.msg)
			}
			if !strings.Contains(msg, "take1.wav") {
				t.Errorf("message %q does not name the file", msg)
			}
			if !strings.Contains(msg, "again") {
				t.Errorf("message %q does not tell the user what to do", msg)
			}
			t.Log(msg)

			// The reader variants must agree.
			if _, err := ReadWAV(bytes.NewReader(tt.file)); !errors.Is(err, tt.want) {
				t.Errorf("ReadWAV: err = %v, want %v", err, tt.want)
			}
			if _, err := ReadWAV(io.MultiReader(bytes.NewReader(tt.file))); !errors.Is(err, tt.want) {
				t.Errorf("ReadWAV (plain reader): err = %v, want %v", err, tt.want)
			}
			if _, err := ProbeWAVFile(path); !errors.Is(err, tt.want) {
				t.Errorf("ProbeWAVFile: err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReadWAVFileMissing(t *testing.T) {
	_, err := ReadWAVFile(filepath.Join(t.TempDir(), "nope.wav"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "nope.wav") {
		t.Errorf("err = %v, want a not-exist error naming the file", err)
	}
	if _, err := Load16kMono(filepath.Join(t.TempDir(), "nope.wav")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load16kMono: err = %v", err)
	}
}

// errReader fails after returning its data.
type errReader struct {
	data []byte
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadWAVIOError(t *testing.T) {
	boom := errors.New("disk on fire")
	file := pcm16Mono(testSamples(100))
	for _, cut := range []int{0, 6, 20, 44, 100} {
		_, err := ReadWAV(&errReader{data: file[:cut], err: boom})
		if !errors.Is(err, boom) {
			t.Errorf("cut at %d: err = %v, want the reader's error", cut, err)
		}
	}
}

func TestReadWAVFloatClamp(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	in := []float32{1.5, -3, nan, inf, -inf, 0.25}
	for _, bits := range []int{32, 64} {
		file := riffFile(ck("fmt ", fmtSimple(waveFloat, 1, 8000, bits)), ck("data", encodeSamples(in, waveFloat, bits)))
		a, err := ReadWAV(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		checkSamples(t, a.Samples, []float32{1, -1, 0, 1, -1, 0.25}, 0)
	}
}

// TestReadWAVLyingHeaderAllocation checks that a header claiming 4 GB of data
// does not make the reader allocate anything like that.
func TestReadWAVLyingHeaderAllocation(t *testing.T) {
	file := riffFile(ck("fmt ", fmtSimple(wavePCM, 8, 8000, 32)), chunk{id: "data", body: make([]byte, 64), size: 0xFFFFFFF0})
	for _, r := range []func() io.Reader{
		func() io.Reader { return bytes.NewReader(file) },
		func() io.Reader { return io.MultiReader(bytes.NewReader(file)) },
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		a, err := ReadWAV(r())
		runtime.ReadMemStats(&after)
		if err != nil || a.Frames() != 2 {
			t.Fatalf("got %d frames, %v", a.Frames(), err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
			t.Errorf("reading 64 bytes of data allocated %d MB", grew>>20)
		}
	}
}

func TestAudioDurationFrames(t *testing.T) {
	tests := []struct {
		name   string
		a      Audio
		frames int
		dur    string
	}{
		{"1s mono", Audio{SampleRate: 16000, Channels: 1, Samples: make([]float32, 16000)}, 16000, "1s"},
		{"0.5s stereo", Audio{SampleRate: 8000, Channels: 2, Samples: make([]float32, 8000)}, 4000, "500ms"},
		{"zero rate", Audio{Channels: 1, Samples: make([]float32, 10)}, 10, "0s"},
		{"zero channels as mono", Audio{SampleRate: 10, Samples: make([]float32, 5)}, 5, "500ms"},
		{"empty", Audio{SampleRate: 44100, Channels: 2}, 0, "0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Frames(); got != tt.frames {
				t.Errorf("Frames() = %d, want %d", got, tt.frames)
			}
			if got := tt.a.Duration().String(); got != tt.dur {
				t.Errorf("Duration() = %s, want %s", got, tt.dur)
			}
		})
	}
}

func TestLoad16kMono(t *testing.T) {
	// 0.5 s of a stereo 44.1 kHz 440 Hz tone.
	const rate, frames = 44100, 22050
	s := make([]float32, 2*frames)
	for i := 0; i < frames; i++ {
		v := float32(0.5 * math.Sin(2*math.Pi*440*float64(i)/rate))
		s[2*i], s[2*i+1] = v, v
	}
	path := filepath.Join(t.TempDir(), "tone.wav")
	if err := WriteWAVFile(path, Audio{SampleRate: rate, Channels: 2, Samples: s}, 16); err != nil {
		t.Fatal(err)
	}
	a, err := Load16kMono(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.SampleRate != 16000 || a.Channels != 1 || a.Frames() != 8000 {
		t.Fatalf("got %d Hz, %d channels, %d frames", a.SampleRate, a.Channels, a.Frames())
	}
	if f := zeroCrossingFreq(middle(a.Samples), 16000); math.Abs(f-440) > 0.5 {
		t.Errorf("frequency %.2f Hz, want 440", f)
	}
	if r := rms(middle(a.Samples)) * math.Sqrt2; math.Abs(r-0.5) > 0.005 {
		t.Errorf("amplitude %.4f, want 0.5", r)
	}

	bad := writeTemp(t, "song.mp3.wav", []byte("ID3\x03\x00rest of an mp3"))
	if _, err := Load16kMono(bad); !errors.Is(err, ErrNotWAV) || !strings.Contains(err.Error(), "song.mp3.wav") {
		t.Errorf("Load16kMono(mp3) err = %v", err)
	}
}
