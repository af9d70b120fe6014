package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoc: `doc` prints a DOCX's text (--json with its format), and
// reads an HWP 5.0 file, and refuses a 배포용 one saying what to do instead.
func TestDoc(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "자기소개서.docx")
	f, _ := os.Create(p)
	z := zip.NewWriter(f)
	w, _ := z.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>지원 동기</w:t></w:r></w:p><w:p><w:r><w:t>결제 서버의 응답 시간을 </w:t></w:r><w:r><w:t>줄였습니다.</w:t></w:r></w:p></w:body></w:document>`))
	z.Close()
	f.Close()
	out, errOut, code := runCLI(t, "doc", p)
	if code != 0 || strings.TrimSpace(out) != "지원 동기\n결제 서버의 응답 시간을 줄였습니다." {
		t.Fatalf("exit %d: %q %s", code, out, errOut)
	}
	out, _, code = runCLI(t, "doc", "--json", p)
	var d struct{ Format, Text string }
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Format != "docx" {
		t.Errorf("--json: %d %q", code, out)
	}
	// A real HWP 5.0 file, and a 배포용 one refused with the way out.
	out, errOut, code = runCLI(t, "doc", filepath.Join("..", "..", "internal", "document", "testdata", "noori.hwp"))
	if code != 0 || !strings.Contains(out, "국민이 정한 그 이름은") {
		t.Errorf("an HWP file: exit %d, %q %s", code, out, errOut)
	}
	_, errOut, code = runCLI(t, "doc", filepath.Join("..", "..", "internal", "document", "testdata", "distribution.hwp"))
	if code != 1 || !strings.Contains(errOut, "배포용") || !strings.Contains(errOut, "original") {
		t.Errorf("a 배포용 HWP: exit %d, %q", code, errOut)
	}
}
