package document

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// HWP 5.0 (한글 97 and later, before HWPX) is an OLE compound file. Its
// FileHeader stream says whether the body is compressed, encrypted with a
// password, or a distribution document (배포용, whose body is encrypted
// in ViewText). The text is in BodyText/Section0..N: a stream of records
// (raw deflate when compressed), each a 32-bit header (tag 10 bits, level
// 10, size 12, a further 32-bit size when 0xFFF) and its data. A paragraph's
// text is a PARA_TEXT record: UTF-16LE with control characters, some one
// unit long and some eight (an inline or extended control and its data).
// Tables and text boxes are paragraphs nested in the same stream, so every
// PARA_TEXT in order is the document's text in reading order.

// ErrDistribution is a 배포용 HWP: its text is encrypted for viewing only.
var ErrDistribution = errors.New("the document is a distribution-only (배포용) HWP")

const (
	hwpTagParaHeader = 0x42
	hwpTagParaText   = 0x43

	hwpCompressed   = 1 << 0
	hwpPassword     = 1 << 1
	hwpDistribution = 1 << 2
)

// readHWP reads the text of an HWP 5.0 file. An OLE file that is not HWP
// (a password-protected Office file, a .doc) is refused as what it is.
func readHWP(r io.ReaderAt) (d Doc, err error) {
	// mscfb trusts the file's sector chains; a hostile file can make it
	// index out of range. That is a damaged file, not a crash.
	defer func() {
		if p := recover(); p != nil {
			d, err = Doc{}, fmt.Errorf("%w: a damaged compound file", ErrNotDocument)
		}
	}()
	cf, err := mscfb.New(r)
	if err != nil {
		return Doc{}, fmt.Errorf("%w: a damaged compound file (%v)", ErrNotDocument, err)
	}
	var header []byte
	sections := map[int]*mscfb.File{}
	encrypted, office := false, false
	for f, err := cf.Next(); err == nil; f, err = cf.Next() {
		parent := ""
		if len(f.Path) > 0 {
			parent = f.Path[len(f.Path)-1]
		}
		switch {
		case f.Name == "FileHeader" && parent == "":
			header = make([]byte, 256)
			n, _ := io.ReadFull(f, header)
			header = header[:n]
		case parent == "BodyText" && strings.HasPrefix(f.Name, "Section"):
			var n int
			if _, err := fmt.Sscanf(f.Name, "Section%d", &n); err == nil && n >= 0 && n < 10000 {
				sections[n] = f
			}
		case f.Name == "EncryptionInfo" || f.Name == "EncryptedPackage":
			encrypted = true // an Office file a password protects: its zip inside
		case f.Name == "WordDocument" || f.Name == "Workbook":
			office = true
		}
	}
	if header == nil || !bytes.HasPrefix(header, []byte("HWP Document File")) {
		if encrypted {
			return Doc{}, ErrEncrypted
		}
		if office {
			return Doc{}, fmt.Errorf("%w: an older Office file (.doc); save it as DOCX", ErrNotDocument)
		}
		return Doc{}, fmt.Errorf("%w: a compound file that is not HWP", ErrNotDocument)
	}
	if len(header) < 40 {
		return Doc{}, fmt.Errorf("%w: a damaged HWP header", ErrNotDocument)
	}
	props := binary.LittleEndian.Uint32(header[36:40])
	switch {
	case props&hwpPassword != 0:
		return Doc{}, ErrEncrypted
	case props&hwpDistribution != 0:
		return Doc{}, ErrDistribution
	}
	if len(sections) == 0 {
		return Doc{}, fmt.Errorf("%w: an HWP file with no body text", ErrNotDocument)
	}
	order := make([]int, 0, len(sections))
	for n := range sections {
		order = append(order, n)
	}
	sort.Ints(order)
	streams := make([]sectionStream, len(order))
	for k, n := range order {
		streams[k] = sectionStream{n, sections[n]}
	}
	t, err := sectionsText(streams, props&hwpCompressed != 0)
	if err != nil {
		return Doc{}, err
	}
	return Doc{Format: HWP, Text: t}, nil
}

type sectionStream struct {
	n int
	r io.Reader
}

// sectionsText is the text of the body's sections in order. All of them
// together unpack to at most MaxPart.
func sectionsText(sections []sectionStream, compressed bool) (string, error) {
	var b strings.Builder
	budget := int64(MaxPart)
	for _, s := range sections {
		src := s.r
		if compressed {
			fr := flate.NewReader(src)
			defer fr.Close()
			src = fr
		}
		lr := &limited{r: src, n: budget}
		err := hwpSection(lr, &b)
		budget = lr.n
		if lr.over {
			return "", fmt.Errorf("%w: the body unpacks to more than %d MB", ErrTooLarge, MaxPart>>20)
		}
		if err != nil {
			return "", fmt.Errorf("%w: section %d is damaged (%v)", ErrNotDocument, s.n, err)
		}
		if b.Len() > MaxText {
			break
		}
	}
	return b.String(), nil
}

// hwpSection appends the text of one section's record stream to b.
func hwpSection(r io.Reader, b *strings.Builder) error {
	var hdr [4]byte
	buf := make([]byte, 0, 4096)
	for b.Len() <= MaxText {
		if _, err := io.ReadFull(r, hdr[:]); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		h := binary.LittleEndian.Uint32(hdr[:])
		tag, size := h&0x3FF, int64(h>>20)
		if size == 0xFFF {
			if _, err := io.ReadFull(r, hdr[:]); err != nil {
				return err
			}
			size = int64(binary.LittleEndian.Uint32(hdr[:]))
		}
		if size > MaxPart {
			return fmt.Errorf("a record of %d bytes", size)
		}
		switch tag {
		case hwpTagParaHeader:
			b.WriteByte('\n')
			if _, err := io.CopyN(io.Discard, r, size); err != nil {
				return err
			}
		case hwpTagParaText:
			if int64(cap(buf)) < size {
				buf = make([]byte, size)
			}
			buf = buf[:size]
			if _, err := io.ReadFull(r, buf); err != nil {
				return err
			}
			paraText(buf, b)
		default:
			if _, err := io.CopyN(io.Discard, r, size); err != nil {
				return err
			}
		}
	}
	return nil
}

// paraText decodes a PARA_TEXT record: UTF-16LE, where code units below 32
// are controls. Tab (9) and the inline and extended controls take eight
// units (the control, six of data, the control again); line and paragraph
// breaks and the special spaces take one.
func paraText(p []byte, b *strings.Builder) {
	u := make([]uint16, 0, len(p)/2)
	for i := 0; i+1 < len(p); i += 2 {
		c := binary.LittleEndian.Uint16(p[i:])
		if c >= 32 {
			u = append(u, c)
			continue
		}
		switch c {
		case 9:
			u = append(u, '\t')
			i += 14
		case 10:
			u = append(u, '\n')
		case 13:
			// the paragraph's end; PARA_HEADER starts the next line
		case 30, 31:
			u = append(u, ' ')
		case 24:
			u = append(u, '-')
		case 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23:
			i += 14
		}
	}
	b.WriteString(string(utf16.Decode(u)))
}
