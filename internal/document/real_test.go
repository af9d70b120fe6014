package document

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The real documents in testdata (SOURCES.md says where each comes from).

func open(t *testing.T, name string) Doc {
	t.Helper()
	d, err := Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

func words(s string) []string { return strings.Fields(s) }

// TestReadsRealDocuments: public HWP, HWPX and PDF files and DOCX and PDF
// made by LibreOffice, each with text checked: whole lines at the start,
// inside tables and at the very end, so that nothing is cut or reordered.
func TestReadsRealDocuments(t *testing.T) {
	for _, c := range []struct {
		file   string
		format Format
		want   []string // lines (or parts of a line) the text must hold
	}{
		{"mcst-notice.hwp", HWP, []string{
			"문화체육관광부 공고 제2024 - 0042호",
			"문화체육관광부 공무원 경력경쟁채용시험 공고",
			"임용예정인원 (3개 직위, 총 3명)",
			"근무예정부서(근무지)", // a table cell
			"ㅇ 불교 관련 종무업무 보좌",
			"210mm×297mm[일반용지 60g/㎡(재활용품)]", // the last line
		}},
		{"mcst-notice.hwpx", HWPX, []string{
			"문화체육관광부 공고 제2024 - 0042호",
			"임용예정인원 (3개 직위, 총 3명)",
			"근무예정부서(근무지)",
			"210mm×297mm[일반용지 60g/㎡(재활용품)]",
		}},
		{"mcst-notice.pdf", PDF, []string{
			"문화체육관광부 공고 제2024 - 0042호",
			"1 임용예정인원 (3개 직위, 총 3명)",
			"(종무(불교)) 1명 임용일 ~ ‘26.3.31.",
			"ㅇ 불교 관련 종무업무 보좌",
		}},
		{"noori.hwp", HWP, []string{
			"국민이 정한 그 이름은 ｢누리｣",
			"담당부서",
			"거대공공연구정책과",
		}},
		{"table.hwpx", HWPX, []string{"C반 기말고사", "개똥이"}},
	} {
		d := open(t, c.file)
		if d.Format != c.format {
			t.Errorf("%s: read as %s", c.file, d.Format)
		}
		for _, w := range c.want {
			if !strings.Contains(d.Text, w) {
				t.Errorf("%s: the text has no %q", c.file, w)
			}
		}
	}
	// Made from our text: the DOCX gives it back exactly; the PDF gives
	// back its words in order (the PDF wraps lines where the page ends).
	for _, c := range []struct{ file, source string }{
		{"resume-backend.docx", "resume-backend.txt"},
		{"jd-public.docx", "jd-public.txt"},
		{"resume-nurse.pdf", "resume-nurse.txt"},
	} {
		d := open(t, c.file)
		src, err := os.ReadFile(filepath.Join("testdata", c.source))
		if err != nil {
			t.Fatal(err)
		}
		want := tidy(string(src))
		if strings.HasSuffix(c.file, ".pdf") {
			if got, w := strings.Join(words(d.Text), " "), strings.Join(words(want), " "); got != w {
				t.Errorf("%s: words\n%s\nwant\n%s", c.file, got, w)
			}
		} else if d.Text != want {
			t.Errorf("%s:\n%s\nwant\n%s", c.file, d.Text, want)
		}
	}
}

// TestTheSameNoticeInThreeFormats: the notice as HWP, HWPX and PDF gives
// the same text: the HWP and HWPX the same lines, the PDF the same words
// (its lines are the page's).
func TestTheSameNoticeInThreeFormats(t *testing.T) {
	hwp, hwpx, pdf := open(t, "mcst-notice.hwp"), open(t, "mcst-notice.hwpx"), open(t, "mcst-notice.pdf")
	lines := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				m[l] = true
			}
		}
		return m
	}
	a, b := lines(hwp.Text), lines(hwpx.Text)
	same := 0
	for l := range b {
		if a[l] {
			same++
		}
	}
	t.Logf("HWP %d lines, HWPX %d, %d the same", len(a), len(b), same)
	if same*100 < 95*len(b) {
		t.Errorf("only %d of the HWPX's %d lines are the HWP's", same, len(b))
	}
	// Words, joined without spaces and counted: the PDF's spacing differs
	// where a line was set tight, so compare syllables in order of count.
	count := func(s string) map[rune]int {
		m := map[rune]int{}
		for _, r := range s {
			if r > ' ' {
				m[r]++
			}
		}
		return m
	}
	h, p := count(hwp.Text), count(pdf.Text)
	all, found := 0, 0
	for r, n := range h {
		all += n
		found += min(n, p[r])
	}
	t.Logf("PDF: %d of the HWP's %d characters", found, all)
	if found*100 < 90*all {
		t.Errorf("the PDF holds only %d of the HWP's %d characters", found, all)
	}
}

// TestRefusesRealProtectedDocuments: a 배포용 HWP, a DOCX and a PDF with a
// password, an HWP with its password flag set, a Word 97 file, and a
// damaged HWP, each refused with its reason.
func TestRefusesRealProtectedDocuments(t *testing.T) {
	hwp, err := os.ReadFile(filepath.Join("testdata", "mcst-notice.hwp"))
	if err != nil {
		t.Fatal(err)
	}
	// The FileHeader stream: its signature, then at 36 the properties.
	i := bytes.Index(hwp, []byte("HWP Document File"))
	if i < 0 {
		t.Fatal("no FileHeader in the sample")
	}
	locked := bytes.Clone(hwp)
	binary.LittleEndian.PutUint32(locked[i+36:], binary.LittleEndian.Uint32(locked[i+36:])|hwpPassword)
	for _, c := range []struct {
		name, path string
		want       error
	}{
		{"a 배포용 HWP", filepath.Join("testdata", "distribution.hwp"), ErrDistribution},
		{"a DOCX with a password", filepath.Join("testdata", "locked.docx"), ErrEncrypted},
		{"the same named .hwp", write(t, "locked.hwp", mustRead(t, "locked.docx")), ErrEncrypted},
		{"a PDF with a password", filepath.Join("testdata", "jd-fintech-locked.pdf"), ErrEncrypted},
		{"an HWP with a password", write(t, "locked.hwp", locked), ErrEncrypted},
		{"a Word 97 file", filepath.Join("testdata", "plain.doc"), ErrNotDocument},
		{"half an HWP", write(t, "half.hwp", hwp[:len(hwp)/2]), ErrNotDocument},
	} {
		if _, err := Open(c.path); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAnHWPBombIsBounded: a section that inflates to 64 MB of records is
// stopped at the bound, having kept little.
func TestAnHWPBombIsBounded(t *testing.T) {
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	rec := make([]byte, 4+4095)
	binary.LittleEndian.PutUint32(rec, 0x50|4095<<20)
	for n := 0; n < 64<<20; n += len(rec) {
		fw.Write(rec)
	}
	fw.Close()
	_, err := sectionsText([]sectionStream{{0, bytes.NewReader(packed.Bytes())}}, true)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("a %d KB section that unpacks to 64 MB: %v", packed.Len()>>10, err)
	}
}

// scanPDF is a one-page PDF with an image and no text, as a scanner makes.
func scanPDF() []byte {
	img := bytes.Repeat([]byte{0x80}, 16*16)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", len(img), img),
		"<< /Length 30 >>\nstream\nq 200 0 0 200 0 0 cm /Im0 Do Q\nendstream",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

// FuzzHWPSection: any record stream is read without a panic, within the
// bound on the text kept.
func FuzzHWPSection(f *testing.F) {
	rec := func(tag uint32, data []byte) []byte {
		b := binary.LittleEndian.AppendUint32(nil, tag|uint32(len(data))<<20)
		return append(b, data...)
	}
	f.Add(append(rec(hwpTagParaHeader, make([]byte, 22)), rec(hwpTagParaText, []byte{0x48, 0xC5, 9, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 9, 0, 0x55, 0xB1, 13, 0})...))
	f.Add([]byte{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F})
	f.Fuzz(func(t *testing.T, data []byte) {
		var b strings.Builder
		hwpSection(&limited{r: bytes.NewReader(data), n: MaxPart}, &b)
		if b.Len() > MaxText+64<<10 {
			t.Fatalf("kept %d bytes", b.Len())
		}
	})
}

// FuzzRead: any file that is not a PDF (PDFium has its own sandbox) is read
// or refused without a panic: zip, compound file or text.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"jd-public.docx", "table.hwpx", "locked.docx", "plain.doc", "resume-nurse.txt"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b, filepath.Ext(name))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, ext string) {
		if bytes.HasPrefix(data, []byte("%PDF")) {
			return
		}
		d, err := Read(bytes.NewReader(data), int64(len(data)), ext)
		if err == nil && len(d.Text) > MaxText {
			t.Fatalf("kept %d bytes", len(d.Text))
		}
	})
}
