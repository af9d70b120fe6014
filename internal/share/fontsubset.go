package share

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/image/font/sfnt"
)

// subsetFont returns the TrueType font ttf with the outlines of the Hangul
// syllables and Chinese characters that text does not use emptied, so
// that a report can carry its Korean font inside it: Noto Sans KR is 6 MB,
// what one report needs well under 1 MB. The tables stay as they are (the
// character map still names every glyph; an emptied one draws nothing);
// glyf and loca are rewritten, keeping every other glyph and the parts
// composite glyphs are built of.
func subsetFont(ttf []byte, text string) ([]byte, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	tables, err := readTables(ttf)
	if err != nil {
		return nil, err
	}
	head, ok1 := tables["head"]
	loca, ok2 := tables["loca"]
	glyf, ok3 := tables["glyf"]
	maxp, ok4 := tables["maxp"]
	if !ok1 || !ok2 || !ok3 || !ok4 || len(head) < 54 || len(maxp) < 6 {
		return nil, errors.New("font: not a TrueType (glyf) font")
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	offsets := make([]int, n+1)
	for i := 0; i <= n; i++ {
		if long {
			if 4*i+4 > len(loca) {
				return nil, errors.New("font: loca too short")
			}
			offsets[i] = int(binary.BigEndian.Uint32(loca[4*i:]))
		} else {
			if 2*i+2 > len(loca) {
				return nil, errors.New("font: loca too short")
			}
			offsets[i] = 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if offsets[i] > len(glyf) || i > 0 && offsets[i] < offsets[i-1] {
			return nil, errors.New("font: loca out of order")
		}
	}
	// What goes: the outlines of the Hangul syllables and Chinese
	// characters (the bulk of a CJK font) that text does not show. Every
	// other glyph stays, the alternates the shaper substitutes for Korean
	// punctuation among them (they have no entry in the character map).
	used := map[rune]bool{}
	for _, r := range text {
		used[r] = true
	}
	drop := map[int]bool{}
	var buf sfnt.Buffer
	for _, blk := range [][2]rune{{0xAC00, 0xD7A3}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x2FA1F}} {
		for r := blk[0]; r <= blk[1]; r++ {
			if used[r] {
				continue
			}
			if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
				drop[int(gi)] = true
			}
		}
	}
	for r := range used {
		if gi, err := f.GlyphIndex(&buf, r); err == nil {
			delete(drop, int(gi))
		}
	}
	keep := map[int]bool{}
	for g := 0; g < n; g++ {
		if !drop[g] {
			keep[g] = true
		}
	}
	// Composite glyphs need their parts.
	queue := make([]int, 0, len(keep))
	for g := range keep {
		queue = append(queue, g)
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if g >= n {
			continue
		}
		for _, c := range components(glyf[offsets[g]:offsets[g+1]]) {
			if c < n && !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		}
	}
	var newGlyf []byte
	newLoca := make([]byte, 0, 4*(n+1))
	for g := 0; g < n; g++ {
		newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
		if keep[g] {
			newGlyf = append(newGlyf, glyf[offsets[g]:offsets[g+1]]...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long offsets
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set below
	tables["glyf"], tables["loca"], tables["head"] = newGlyf, newLoca, newHead
	out := writeFont(tables)
	// head's checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
	adj := 0xB1B0AFBA - checksum(out)
	if at := headOffset(out); at >= 0 {
		binary.BigEndian.PutUint32(out[at+8:], adj)
	}
	return out, nil
}

// components lists the glyphs a composite glyph is made of.
func components(g []byte) []int {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	var out []int
	p := 10
	for p+4 <= len(g) {
		flags := binary.BigEndian.Uint16(g[p:])
		out = append(out, int(binary.BigEndian.Uint16(g[p+2:])))
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			break
		}
	}
	return out
}

// readTables reads an sfnt's tables by tag.
func readTables(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("font: too short")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if 12+16*n > len(b) {
		return nil, errors.New("font: table directory too short")
	}
	out := map[string][]byte{}
	for i := 0; i < n; i++ {
		e := b[12+16*i:]
		off, ln := int(binary.BigEndian.Uint32(e[8:])), int(binary.BigEndian.Uint32(e[12:]))
		if off < 0 || ln < 0 || off > len(b) || ln > len(b)-off {
			return nil, fmt.Errorf("font: table %q outside the file", e[:4])
		}
		out[string(e[:4])] = b[off : off+ln]
	}
	return out, nil
}

// writeFont writes tables as an sfnt (TrueType outlines), each 4-aligned,
// with its checksum.
func writeFont(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	sel := 0
	for 1<<(sel+1) <= n {
		sel++
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<sel))
	binary.BigEndian.PutUint16(out[8:], uint16(sel))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<sel))
	for i, t := range tags {
		data := tables[t]
		e := out[12+16*i:]
		copy(e, t)
		binary.BigEndian.PutUint32(e[4:], checksum(data))
		binary.BigEndian.PutUint32(e[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(e[12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// headOffset is where the head table starts in an sfnt, or -1.
func headOffset(b []byte) int {
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := 0; i < n; i++ {
		e := b[12+16*i:]
		if string(e[:4]) == "head" {
			return int(binary.BigEndian.Uint32(e[8:]))
		}
	}
	return -1
}
