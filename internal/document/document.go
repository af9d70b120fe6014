// Package document reads the text of a candidate's own documents: a
// 자기소개서 or resume, a job description. It knows a file by its first
// bytes, not its name, and reads within bounds (file size, each unpacked
// part, the text kept), so a hostile file is refused quickly with little
// memory. Formats: DOCX and HWPX (zip and XML), plain text in UTF-8,
// UTF-16 with a byte-order mark, or EUC-KR/CP949, HWP 5.0 (an OLE compound
// file of deflated records) and PDF (PDFium in a WebAssembly sandbox).
package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

// Bounds.
const (
	MaxFileSize = 50 << 20 // a document larger than this is refused unread
	MaxPart     = 32 << 20 // one unpacked part of a DOCX or HWPX
	MaxText     = 1 << 20  // the text kept, in bytes
)

// The ways a file is refused.
var (
	ErrTooLarge    = errors.New("the document is too large")
	ErrNotDocument = errors.New("the file is not a document this app reads")
	ErrEncrypted   = errors.New("the document is protected by a password")
	ErrEmpty       = errors.New("the document has no text")
	ErrNoTextLayer = errors.New("the PDF has no text, only images (a scan)")
)

// Format is what a file turned out to be.
type Format string

// The formats read.
const (
	DOCX Format = "docx"
	HWPX Format = "hwpx"
	HWP  Format = "hwp"
	Text Format = "txt"
)

// Doc is a document's text and what it was.
type Doc struct {
	Format   Format `json:"format"`
	Encoding string `json:"encoding,omitempty"` // plain text: utf-8, utf-16le, utf-16be, euc-kr
	Text     string `json:"text"`
}

// Open reads the document at p.
func Open(p string) (Doc, error) {
	// A FIFO, a device or a folder is refused before it is opened: nothing
	// waits on it or reads it without end.
	if fi, err := os.Stat(p); err != nil {
		return Doc{}, err
	} else if !fi.Mode().IsRegular() {
		return Doc{}, fmt.Errorf("%s is not a regular file: %w", p, ErrNotDocument)
	}
	f, err := os.Open(p)
	if err != nil {
		return Doc{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Doc{}, err
	}
	if !fi.Mode().IsRegular() {
		return Doc{}, fmt.Errorf("%s: %w", p, ErrNotDocument)
	}
	d, err := Read(f, fi.Size(), path.Ext(strings.ToLower(p)))
	if err != nil {
		return d, fmt.Errorf("%s: %w", p, err)
	}
	return d, nil
}

// Read reads a document of size bytes; ext (".docx") only words errors.
func Read(r io.ReaderAt, size int64, ext string) (Doc, error) {
	if size > MaxFileSize {
		return Doc{}, fmt.Errorf("%w: %d MB, at most %d MB", ErrTooLarge, size>>20, MaxFileSize>>20)
	}
	head := make([]byte, 8)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	var d Doc
	var err error
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		d, err = readZip(r, size)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// An OLE compound file: HWP 5.0, or an Office document a password
		// encrypted (its zip inside an OLE envelope).
		d, err = readHWP(r)
	case bytes.HasPrefix(head, []byte("%PDF")):
		d, err = readPDF(r, size)
	default:
		b, rerr := io.ReadAll(io.NewSectionReader(r, 0, size))
		if rerr != nil {
			return Doc{}, rerr
		}
		d, err = readText(b)
	}
	if err != nil {
		return d, err
	}
	d.Text = tidy(d.Text)
	if strings.TrimSpace(d.Text) == "" {
		if d.Format == PDF {
			return d, ErrNoTextLayer
		}
		return d, ErrEmpty
	}
	return d, nil
}

// readZip reads a DOCX (word/document.xml) or an HWPX (Contents/sectionN.xml).
func readZip(r io.ReaderAt, size int64) (Doc, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return Doc{}, fmt.Errorf("%w: a damaged zip (%v)", ErrNotDocument, err)
	}
	var docx *zip.File
	var sections []*zip.File
	for _, f := range z.File {
		name := strings.ToLower(f.Name)
		switch {
		case name == "word/document.xml":
			docx = f
		case strings.HasPrefix(name, "contents/section") && strings.HasSuffix(name, ".xml"):
			sections = append(sections, f)
		}
	}
	switch {
	case docx != nil:
		t, err := xmlText(docx)
		return Doc{Format: DOCX, Text: t}, err
	case len(sections) > 0:
		sort.Slice(sections, func(i, j int) bool { return sectionNo(sections[i].Name) < sectionNo(sections[j].Name) })
		var b strings.Builder
		for _, s := range sections {
			t, err := xmlText(s)
			if err != nil {
				return Doc{}, err
			}
			b.WriteString(t)
			if b.Len() > MaxText {
				break
			}
		}
		return Doc{Format: HWPX, Text: b.String()}, nil
	}
	return Doc{}, fmt.Errorf("%w: a zip with no DOCX or HWPX text in it", ErrNotDocument)
}

func sectionNo(name string) int {
	n := 0
	fmt.Sscanf(strings.TrimSuffix(path.Base(strings.ToLower(name)), ".xml"), "section%d", &n)
	return n
}

// xmlText is the text of a DOCX or HWPX part: the runs' text (w:t, hp:t),
// tabs, line breaks, and a line per paragraph. The part is read through a
// bound whatever its header claims.
func xmlText(f *zip.File) (string, error) {
	if f.UncompressedSize64 > MaxPart {
		return "", fmt.Errorf("%w: %s unpacks to %d MB, at most %d MB", ErrTooLarge, f.Name, f.UncompressedSize64>>20, MaxPart>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("%w: %s (%v)", ErrNotDocument, f.Name, err)
	}
	defer rc.Close()
	lr := &limited{r: rc, n: MaxPart}
	dec := xml.NewDecoder(lr)
	dec.Strict = false
	var b strings.Builder
	inText := 0
	for b.Len() <= MaxText {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if lr.over {
				return "", fmt.Errorf("%w: %s unpacks to more than %d MB", ErrTooLarge, f.Name, MaxPart>>20)
			}
			return "", fmt.Errorf("%w: %s is not well-formed (%v)", ErrNotDocument, f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText++
			case "tab":
				b.WriteByte('\t')
			case "br", "cr", "lineBreak":
				b.WriteByte('\n')
			case "fwSpace", "nbSpace", "noBreakHyphen":
				// HWPX's fixed-width and non-breaking spaces, Word's
				// non-breaking hyphen: elements inside a run's text
				if t.Name.Local == "noBreakHyphen" {
					b.WriteByte('-')
				} else {
					b.WriteByte(' ')
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = max(0, inText-1)
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText > 0 {
				b.Write(t)
			}
		}
	}
	if lr.over {
		return "", fmt.Errorf("%w: %s unpacks to more than %d MB", ErrTooLarge, f.Name, MaxPart>>20)
	}
	return b.String(), nil
}

// limited reads at most n bytes and remembers that there was more.
type limited struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		l.over = true
		return 0, errors.New("too large")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// readText decodes plain text: UTF-16 with its byte-order mark, UTF-8, or
// else EUC-KR/CP949 (what older Korean Windows saves). Binary is refused.
func readText(b []byte) (Doc, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return Doc{Format: Text, Encoding: "utf-16le", Text: utf16Text(b[2:], false)}, nil
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return Doc{Format: Text, Encoding: "utf-16be", Text: utf16Text(b[2:], true)}, nil
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if bytes.IndexByte(b, 0) >= 0 {
		return Doc{}, fmt.Errorf("%w: binary data", ErrNotDocument)
	}
	if utf8.Valid(b) {
		return Doc{Format: Text, Encoding: "utf-8", Text: string(b)}, nil
	}
	out, err := korean.EUCKR.NewDecoder().Bytes(b)
	if err != nil || !mostlyText(string(out)) {
		return Doc{}, fmt.Errorf("%w: text in an unknown encoding", ErrNotDocument)
	}
	return Doc{Format: Text, Encoding: "euc-kr", Text: string(out)}, nil
}

func utf16Text(b []byte, big bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if big {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// mostlyText reports whether s is text: few replacement or control
// characters.
func mostlyText(s string) bool {
	bad, all := 0, 0
	for _, r := range s {
		all++
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			bad++
		}
	}
	return all > 0 && bad*50 < all
}

// tidy normalises line ends, drops control characters, trims trailing
// spaces, keeps at most one empty line in a row, and bounds the text.
func tidy(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	blank := 0
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRightFunc(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) && r != '\t' || r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
				return -1
			}
			return r
		}, line), unicode.IsSpace)
		if line == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, line)
	}
	t := strings.TrimSpace(strings.Join(out, "\n"))
	if len(t) > MaxText {
		cut := MaxText
		for cut > 0 && !utf8.RuneStart(t[cut]) {
			cut--
		}
		t = t[:cut]
	}
	return t
}
