package document

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/korean"
)

const resume = `1. 지원 동기
저는 캡스톤 프로젝트에서 결제 서버를 만들며 응답 시간을 800ms에서 120ms로 줄였습니다.

2. 협업 경험
팀장으로 4명을 이끌며 매주 회고를 진행했습니다.`

// zipDoc writes a zip with the given parts (name: content).
func zipDoc(t *testing.T, name string, parts map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for n, c := range parts {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(c))
	}
	z.Close()
	p := filepath.Join(t.TempDir(), name)
	os.WriteFile(p, buf.Bytes(), 0o644)
	return p
}

// docxXML is resume as WordprocessingML: a paragraph a line, the text
// split across runs as Word does.
func docxXML(text string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, line := range strings.Split(text, "\n") {
		b.WriteString("<w:p>")
		rs := []rune(line)
		half := len(rs) / 2
		for _, part := range []string{string(rs[:half]), string(rs[half:])} {
			b.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + xmlEscape(part) + `</w:t></w:r>`)
		}
		b.WriteString("</w:p>")
	}
	b.WriteString(`<w:sectPr/></w:body></w:document>`)
	return b.String()
}

func hwpxXML(text string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">`)
	for _, line := range strings.Split(text, "\n") {
		b.WriteString(`<hp:p><hp:run charPrIDRef="0"><hp:t>` + xmlEscape(line) + `</hp:t></hp:run></hp:p>`)
	}
	b.WriteString(`</hs:sec>`)
	return b.String()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func write(t *testing.T, name string, b []byte) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadsEveryFormat: the same 자기소개서 as DOCX (runs split as Word
// splits them), HWPX (two sections, read in order), UTF-8, UTF-16 and
// EUC-KR text reads back as the same text, whatever the file is named.
func TestReadsEveryFormat(t *testing.T) {
	lines := strings.Split(resume, "\n")
	second := strings.Join(lines[3:], "\n")
	first := strings.Join(lines[:3], "\n")
	euckr, err := korean.EUCKR.NewEncoder().Bytes([]byte(strings.ReplaceAll(resume, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	var u16 []byte
	u16 = append(u16, 0xFF, 0xFE)
	for _, r := range resume {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	for _, c := range []struct {
		path   string
		format Format
	}{
		{zipDoc(t, "자기소개서.docx", map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": docxXML(resume)}), DOCX},
		{zipDoc(t, "자기소개서.hwpx", map[string]string{"mimetype": "application/hwp+zip", "Contents/section1.xml": hwpxXML(second), "Contents/section0.xml": hwpxXML(first)}), HWPX},
		{zipDoc(t, "misnamed.txt", map[string]string{"word/document.xml": docxXML(resume)}), DOCX},
		{write(t, "utf8.txt", append([]byte{0xEF, 0xBB, 0xBF}, resume...)), Text},
		{write(t, "utf16.txt", u16), Text},
		{write(t, "euckr.txt", euckr), Text},
	} {
		d, err := Open(c.path)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(c.path), err)
			continue
		}
		if d.Format != c.format || d.Text != resume {
			t.Errorf("%s: %s %s %q, want %s %q", filepath.Base(c.path), d.Format, d.Encoding, d.Text, c.format, resume)
		}
	}
}

// TestRefusesHostileFiles: each is refused with its reason, quickly and
// without reading it whole.
func TestRefusesHostileFiles(t *testing.T) {
	big := filepath.Join(t.TempDir(), "huge.txt")
	f, _ := os.Create(big)
	f.Truncate(200 << 20) // 200 MB, sparse
	f.Close()
	// A zip bomb: 100 MB of one letter inside a DOCX, a few hundred KB packed.
	var bomb bytes.Buffer
	z := zip.NewWriter(&bomb)
	w, _ := z.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>`))
	chunk := bytes.Repeat([]byte("가"), 1<<20)
	for i := 0; i < 34; i++ {
		w.Write(chunk)
	}
	w.Write([]byte(`</w:t></w:r></w:p></w:body></w:document>`))
	z.Close()
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	for _, c := range []struct {
		name string
		path string
		want error
	}{
		{"a 200 MB file", big, ErrTooLarge},
		{"a zip bomb in a DOCX", write(t, "bomb.docx", bomb.Bytes()), ErrTooLarge},
		{"a PNG named .pdf", write(t, "photo.pdf", png), ErrNotDocument},
		{"a compound file of zeros named .docx", write(t, "locked.docx", ole), ErrNotDocument},
		{"a compound file of zeros named .hwp", write(t, "자기소개서.hwp", ole), ErrNotDocument},
		{"a PDF that is only a header", write(t, "jd.pdf", []byte("%PDF-1.7\n%...")), ErrNotDocument},
		{"a PDF with an image and no text", write(t, "scan.pdf", scanPDF()), ErrNoTextLayer},
		{"an empty DOCX", zipDoc(t, "empty.docx", map[string]string{"word/document.xml": docxXML("")}), ErrEmpty},
		{"a zip of something else", zipDoc(t, "photos.docx", map[string]string{"a.jpg": "x"}), ErrNotDocument},
		{"a broken DOCX", zipDoc(t, "broken.docx", map[string]string{"word/document.xml": "<w:document><w:p><w:t>안녕"}), ErrNotDocument},
		{"an empty file", write(t, "empty.txt", nil), ErrEmpty},
	} {
		_, err := Open(c.path)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// TestRefusesWhatIsNotAFile: a device and a folder are refused before
// anything is read from them.
func TestRefusesWhatIsNotAFile(t *testing.T) {
	for _, p := range []string{"/dev/zero", t.TempDir()} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if _, err := Open(p); !errors.Is(err, ErrNotDocument) {
			t.Errorf("%s: %v", p, err)
		}
	}
}
