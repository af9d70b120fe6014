package models

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
)

// Synthetic whisper models: files in the ggml format whisper.cpp loads,
// with the exact hyperparameters and tensor shapes of a real model and
// seeded random values instead of trained weights. The compute of a
// whisper model depends on its shapes, not its values, so they measure
// on this machine what a real model costs (encoder time, decoder time per
// token, memory) without downloading one. They recognise nothing.

// WhisperShape is the hyperparameters of one whisper model size.
type WhisperShape struct {
	Name        string
	Vocab       int // tokens (51865 multilingual, 51866 for v3)
	AudioCtx    int // encoder positions (1500 = 30 s)
	State       int // width of encoder and decoder
	Heads       int
	AudioLayers int
	TextCtx     int
	TextLayers  int
	Mels        int
}

// WhisperShapes are the sizes the app offers or considers, from
// whisper.cpp's and OpenAI's published model dimensions.
var WhisperShapes = []WhisperShape{
	{"tiny", 51865, 1500, 384, 6, 4, 448, 4, 80},
	{"base", 51865, 1500, 512, 8, 6, 448, 6, 80},
	{"small", 51865, 1500, 768, 12, 12, 448, 12, 80},
	{"large-v3-turbo", 51866, 1500, 1280, 20, 32, 448, 4, 128},
}

// Quant is how a model's weight matrices are stored.
type Quant string

// Quantisations whisper.cpp publishes: f16 for every size, q5_1 and q8_0
// for tiny, base and small, q5_0 and q8_0 for large-v3-turbo.
const (
	F16  Quant = "f16"
	Q8_0 Quant = "q8_0"
	Q5_0 Quant = "q5_0"
	Q5_1 Quant = "q5_1"
)

// Quants lists the quantisations whisper.cpp publishes for a size.
func (s WhisperShape) Quants() []Quant {
	if s.Name == "large-v3-turbo" {
		return []Quant{F16, Q8_0, Q5_0}
	}
	return []Quant{F16, Q8_0, Q5_1}
}

// LookupShape finds a size by name.
func LookupShape(name string) (WhisperShape, bool) {
	for _, s := range WhisperShapes {
		if s.Name == name {
			return s, true
		}
	}
	return WhisperShape{}, false
}

// ggml tensor types and file types (ggml.h).
const (
	ggmlF32  = 0
	ggmlF16  = 1
	ggmlQ5_0 = 6
	ggmlQ5_1 = 7
	ggmlQ8_0 = 8

	qntVersion       = 2
	qntVersionFactor = 1000
)

// weightType is the ggml type of the weight matrices and the file's ftype.
func (q Quant) weightType() (ttype, ftype int32, err error) {
	switch q {
	case F16:
		return ggmlF16, 1, nil
	case Q8_0:
		return ggmlQ8_0, qntVersion*qntVersionFactor + 7, nil
	case Q5_0:
		return ggmlQ5_0, qntVersion*qntVersionFactor + 8, nil
	case Q5_1:
		return ggmlQ5_1, qntVersion*qntVersionFactor + 9, nil
	}
	return 0, 0, fmt.Errorf("quantisation %q: use f16, q8_0, q5_0 or q5_1", q)
}

// SyntheticFile is the file name of a synthetic model.
func SyntheticFile(s WhisperShape, q Quant) string {
	return fmt.Sprintf("synthetic-%s-%s.bin", s.Name, q)
}

// SyntheticWhisper returns the path of the synthetic model of size s and
// quantisation q in dir, writing it first when it is not there (through
// a temporary file, so a cut-off write is never taken for a model).
func SyntheticWhisper(dir string, s WhisperShape, q Quant) (string, error) {
	p := filepath.Join(dir, SyntheticFile(s, q))
	want, err := SyntheticSize(s, q)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(p); err == nil && fi.Size() == want {
		return p, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, ".synthetic-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := WriteSyntheticWhisper(w, s, q); err != nil {
		tmp.Close()
		return "", err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return p, os.Rename(tmp.Name(), p)
}

// tensorSpec is one tensor as whisper.cpp's loader expects it.
type tensorSpec struct {
	name  string
	ne    []int32
	ttype int32
	fill  int // fillRandom, fillOnes, fillZeros
}

const (
	fillRandom = iota
	fillOnes
	fillZeros
)

// tensors lists a model's tensors in the order whisper.cpp's converter
// writes them, with the types its loader expects (whisper_model_load):
// positional embeddings, biases and norms in f32, the convolutions in f16,
// the weight matrices in the model's type.
func (s WhisperShape) tensors(wtype int32) []tensorSpec {
	st, st4 := int32(s.State), int32(4*s.State)
	var out []tensorSpec
	add := func(name string, ttype int32, fill int, ne ...int32) {
		out = append(out, tensorSpec{name, ne, ttype, fill})
	}
	add("encoder.positional_embedding", ggmlF32, fillRandom, st, int32(s.AudioCtx))
	add("encoder.conv1.weight", ggmlF16, fillRandom, 3, int32(s.Mels), st)
	add("encoder.conv1.bias", ggmlF32, fillZeros, 1, st)
	add("encoder.conv2.weight", ggmlF16, fillRandom, 3, st, st)
	add("encoder.conv2.bias", ggmlF32, fillZeros, 1, st)
	block := func(prefix string, cross bool) {
		add(prefix+"mlp_ln.weight", ggmlF32, fillOnes, st)
		add(prefix+"mlp_ln.bias", ggmlF32, fillZeros, st)
		add(prefix+"mlp.0.weight", wtype, fillRandom, st, st4)
		add(prefix+"mlp.0.bias", ggmlF32, fillZeros, st4)
		add(prefix+"mlp.2.weight", wtype, fillRandom, st4, st)
		add(prefix+"mlp.2.bias", ggmlF32, fillZeros, st)
		attn := func(ln, a string) {
			add(prefix+ln+".weight", ggmlF32, fillOnes, st)
			add(prefix+ln+".bias", ggmlF32, fillZeros, st)
			add(prefix+a+".query.weight", wtype, fillRandom, st, st)
			add(prefix+a+".query.bias", ggmlF32, fillZeros, st)
			add(prefix+a+".key.weight", wtype, fillRandom, st, st)
			add(prefix+a+".value.weight", wtype, fillRandom, st, st)
			add(prefix+a+".value.bias", ggmlF32, fillZeros, st)
			add(prefix+a+".out.weight", wtype, fillRandom, st, st)
			add(prefix+a+".out.bias", ggmlF32, fillZeros, st)
		}
		attn("attn_ln", "attn")
		if cross {
			attn("cross_attn_ln", "cross_attn")
		}
	}
	for i := 0; i < s.AudioLayers; i++ {
		block(fmt.Sprintf("encoder.blocks.%d.", i), false)
	}
	add("encoder.ln_post.weight", ggmlF32, fillOnes, st)
	add("encoder.ln_post.bias", ggmlF32, fillZeros, st)
	add("decoder.positional_embedding", ggmlF32, fillRandom, st, int32(s.TextCtx))
	add("decoder.token_embedding.weight", wtype, fillRandom, st, int32(s.Vocab))
	for i := 0; i < s.TextLayers; i++ {
		block(fmt.Sprintf("decoder.blocks.%d.", i), true)
	}
	add("decoder.ln.weight", ggmlF32, fillOnes, st)
	add("decoder.ln.bias", ggmlF32, fillZeros, st)
	return out
}

// tensorBytes is the size of a tensor's data in the file.
func tensorBytes(t tensorSpec) int64 {
	n := int64(1)
	for _, d := range t.ne {
		n *= int64(d)
	}
	switch t.ttype {
	case ggmlF32:
		return 4 * n
	case ggmlF16:
		return 2 * n
	case ggmlQ8_0:
		return n / 32 * 34
	case ggmlQ5_0:
		return n / 32 * 22
	case ggmlQ5_1:
		return n / 32 * 24
	}
	return 0
}

// Sizes of the header parts.
const (
	melFFT = 201
	// textTokens is how many tokens the file's vocabulary lists, as
	// whisper.cpp's files do (the GPT-2 byte-level tokens); the loader
	// adds the special and timestamp tokens up to the model's vocabulary.
	textTokens = 50257
)

func tokenText(i int) string { return fmt.Sprintf(" t%d", i) }

// SyntheticSize is the size in bytes of a synthetic model file.
func SyntheticSize(s WhisperShape, q Quant) (int64, error) {
	wtype, _, err := q.weightType()
	if err != nil {
		return 0, err
	}
	n := int64(4 + 11*4)              // magic, hyperparameters
	n += 8 + int64(s.Mels*melFFT)*4   // mel filters
	n += 4                            // vocabulary count
	for i := 0; i < textTokens; i++ { // vocabulary
		n += 4 + int64(len(tokenText(i)))
	}
	for _, t := range s.tensors(wtype) {
		n += 12 + 4*int64(len(t.ne)) + int64(len(t.name)) + tensorBytes(t)
	}
	return n, nil
}

// WriteSyntheticWhisper writes a synthetic model of size s and
// quantisation q to w. The values are seeded by the size and
// quantisation, so the same file comes out every time.
func WriteSyntheticWhisper(w io.Writer, s WhisperShape, q Quant) error {
	wtype, ftype, err := q.weightType()
	if err != nil {
		return err
	}
	if s.State%32 != 0 {
		return errors.New("the model width must be a multiple of 32")
	}
	le := binary.LittleEndian
	var b4 [4]byte
	i32 := func(v int32) error {
		le.PutUint32(b4[:], uint32(v))
		_, err := w.Write(b4[:])
		return err
	}
	h := []int32{0x67676d6c, int32(s.Vocab), int32(s.AudioCtx), int32(s.State), int32(s.Heads), int32(s.AudioLayers),
		int32(s.TextCtx), int32(s.State), int32(s.Heads), int32(s.TextLayers), int32(s.Mels), ftype}
	for _, v := range h {
		if err := i32(v); err != nil {
			return err
		}
	}
	// Mel filters: triangles spread over the spectrum (their values only
	// shape what the encoder sees, not what it costs).
	if err := i32(int32(s.Mels)); err != nil {
		return err
	}
	if err := i32(melFFT); err != nil {
		return err
	}
	filters := make([]byte, 4*s.Mels*melFFT)
	for m := 0; m < s.Mels; m++ {
		c := float64(m+1) * float64(melFFT-1) / float64(s.Mels+1)
		width := float64(melFFT) / float64(s.Mels+1)
		for k := 0; k < melFFT; k++ {
			v := math.Max(0, 1-math.Abs(float64(k)-c)/width)
			le.PutUint32(filters[4*(m*melFFT+k):], math.Float32bits(float32(v)))
		}
	}
	if _, err := w.Write(filters); err != nil {
		return err
	}
	if err := i32(textTokens); err != nil {
		return err
	}
	for i := 0; i < textTokens; i++ {
		t := tokenText(i)
		if err := i32(int32(len(t))); err != nil {
			return err
		}
		if _, err := io.WriteString(w, t); err != nil {
			return err
		}
	}
	seed := fnv.New64a()
	fmt.Fprintf(seed, "%s/%s", s.Name, q)
	rng := xorshift(seed.Sum64() | 1)
	buf := make([]byte, 1<<20)
	for _, t := range s.tensors(wtype) {
		hdr := []int32{int32(len(t.ne)), int32(len(t.name)), t.ttype}
		hdr = append(hdr, t.ne...)
		for _, v := range hdr {
			if err := i32(v); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, t.name); err != nil {
			return err
		}
		if err := writeTensorData(w, t, &rng, buf); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}

// xorshift is a small seeded generator: the same file every time, fast
// enough for the 1.6 GB of large-v3-turbo in f16.
type xorshift uint64

func (x *xorshift) next() uint64 {
	v := uint64(*x)
	v ^= v << 13
	v ^= v >> 7
	v ^= v << 17
	*x = xorshift(v)
	return v
}

// weightScale keeps random weights small, as trained ones are, so that
// activations stay finite through 32 layers.
const weightScale = 0.02

// writeTensorData writes a tensor's values: ones, zeros, or seeded random
// values in its type (quantised blocks with a small scale and random
// quants).
func writeTensorData(w io.Writer, t tensorSpec, rng *xorshift, buf []byte) error {
	total := tensorBytes(t)
	le := binary.LittleEndian
	// Elements or blocks per chunk, so chunks never split one.
	unit := map[int32]int{ggmlF32: 4, ggmlF16: 2, ggmlQ8_0: 34, ggmlQ5_0: 22, ggmlQ5_1: 24}[t.ttype]
	chunk := len(buf) / unit * unit
	// Block scales that keep quantised weights about as small as the f16
	// ones: q8 quants span ±127, q5 quants ±16.
	scaleBits := f16bits(weightScale / 64)
	if t.ttype != ggmlQ8_0 {
		scaleBits = f16bits(weightScale / 8)
	}
	for written := int64(0); written < total; {
		n := int(min(int64(chunk), total-written))
		b := buf[:n]
		for off := 0; off < n; off += unit {
			r := rng.next()
			switch {
			case t.fill == fillZeros:
				for i := range b[off : off+unit] {
					b[off+i] = 0
				}
			case t.fill == fillOnes && t.ttype == ggmlF32:
				le.PutUint32(b[off:], math.Float32bits(1))
			case t.ttype == ggmlF32:
				le.PutUint32(b[off:], math.Float32bits(weightScale*float32(int64(r>>40)-1<<23)/float32(1<<23)))
			case t.ttype == ggmlF16:
				le.PutUint16(b[off:], f16bits(weightScale*float32(int64(r>>40)-1<<23)/float32(1<<23)))
			default: // a quantised block: its scale(s), then random quants
				le.PutUint16(b[off:], scaleBits)
				p := 2
				if t.ttype == ggmlQ5_1 {
					le.PutUint16(b[off+2:], f16bits(-weightScale))
					p = 4
				}
				for i := off + p; i < off+unit; i++ {
					if (i-off-p)%8 == 0 {
						r = rng.next()
					}
					b[i] = byte(r >> (8 * ((i - off - p) % 8)))
				}
			}
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		written += int64(n)
	}
	return nil
}

// f16bits converts a small float32 to IEEE half precision (round toward
// zero; subnormals flushed), enough for weights in ±1.
func f16bits(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int((b>>23)&0xff) - 127 + 15
	mant := uint16((b >> 13) & 0x3ff)
	switch {
	case exp <= 0:
		return sign
	case exp >= 31:
		return sign | 0x7bff
	}
	return sign | uint16(exp)<<10 | mant
}
