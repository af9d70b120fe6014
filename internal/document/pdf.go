package document

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	pdferr "github.com/klippa-app/go-pdfium/errors"
)

// PDF text comes from PDFium, the PDF engine of Chromium, compiled to
// WebAssembly and run by wazero: no cgo and no native library to ship, and
// a hostile PDF runs in a sandbox with its own memory limit and a deadline.
// PDFium maps a font's codes to Unicode as a browser does (ToUnicode, the
// predefined Korean CMaps, the font's own tables), which is what Korean
// PDFs from HWP, Word and LibreOffice need.
//
// Compiling the 6 MB module takes about 5 s on 2 cores; the compiled code
// is cached in the user's cache folder, after which opening PDFium takes
// about 0.2 s.

// PDF bounds.
const (
	pdfMemoryPages = 8192 // 512 MB of WebAssembly memory at most
	PDFTimeout     = 60 * time.Second
	maxPDFPages    = 200
)

// PDF is a PDF document.
const PDF Format = "pdf"

// pdfCacheDir is where wazero keeps the compiled module; a variable so
// tests can point it elsewhere.
var pdfCacheDir = func() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "nevermind", "pdfium")
}

// readPDF reads the text of every page (at most maxPDFPages), a blank line
// between pages.
func readPDF(r io.ReaderAt, size int64) (Doc, error) {
	b := make([]byte, size)
	if _, err := r.ReadAt(b, 0); err != nil && err != io.EOF {
		return Doc{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), PDFTimeout)
	defer cancel()
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(pdfMemoryPages)
	if dir := pdfCacheDir(); dir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			rc = rc.WithCompilationCache(cache)
			defer cache.Close(context.Background())
		}
	}
	pool, err := webassembly.Init(webassembly.Config{Context: ctx, MinIdle: 1, MaxIdle: 1, MaxTotal: 1, RuntimeConfig: rc})
	if err != nil {
		return Doc{}, fmt.Errorf("the PDF reader did not start: %v", err)
	}
	defer pool.Close()
	inst, err := pool.GetInstance(PDFTimeout)
	if err != nil {
		return Doc{}, fmt.Errorf("the PDF reader did not start: %v", err)
	}
	defer inst.Close()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &b})
	switch {
	case errors.Is(err, pdferr.ErrPassword):
		return Doc{}, ErrEncrypted
	case ctx.Err() != nil:
		return Doc{}, fmt.Errorf("%w: reading the PDF took longer than %s", ErrTooLarge, PDFTimeout)
	case err != nil:
		return Doc{}, fmt.Errorf("%w: a damaged PDF (%v)", ErrNotDocument, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return Doc{}, fmt.Errorf("%w: a damaged PDF (%v)", ErrNotDocument, err)
	}
	var out strings.Builder
	for i := 0; i < n.PageCount && i < maxPDFPages && out.Len() <= MaxText; i++ {
		t, err := pageText(inst, doc.Document, i)
		if ctx.Err() != nil {
			return Doc{}, fmt.Errorf("%w: reading the PDF took longer than %s", ErrTooLarge, PDFTimeout)
		}
		if err != nil {
			continue // a damaged page; the others are still read
		}
		if i > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(t)
	}
	return Doc{Format: PDF, Text: out.String()}, nil
}

// pageText is a page's text. PDFium adds a space wherever two runs of text
// are apart, and a PDF that sets Korean word by word (LibreOffice's does)
// puts a digit or a full stop in its own run: "8 주", "싶습니다 .". A space
// PDFium made up is kept only where the glyphs are at least half a glyph's
// height apart, as a word space is (letters of a Korean word are about a
// fifth apart, words about a whole glyph; a digit is about 0.45 from the
// counter after it). The font size cannot be the measure: PDFium reports
// it in text space, which many producers scale. Before a full stop, comma
// or closing bracket the limit is a whole glyph's height.
func pageText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (string, error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}}})
	if err != nil {
		return "", err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || n.Count <= 0 {
		return "", err
	}
	t, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	if err != nil {
		return "", err
	}
	rs := []rune(t.Text)
	if len(rs) != n.Count {
		return t.Text, nil // characters outside the BMP: indices differ; keep PDFium's spacing
	}
	var b strings.Builder
	for k, r := range rs {
		if r == ' ' && k > 0 && k+1 < len(rs) && joins(rs[k-1], rs[k+1]) && madeUp(inst, tp.TextPage, k, rs[k+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

// joins reports whether a space between a and b may be one PDFium put at
// a change of run rather than a word space: a digit or Latin letter beside
// Hangul ("8 주"), or a full stop, comma or closing bracket after a word.
// Between two Hangul syllables the space is PDFium's own judgement, which
// holds on tightly set text where gaps alone would join words.
func joins(a, b rune) bool {
	if unicode.IsSpace(a) || unicode.IsSpace(b) {
		return false
	}
	if strings.ContainsRune(".,!?)」』", b) {
		return true
	}
	hangul := func(r rune) bool { return unicode.Is(unicode.Hangul, r) }
	alnum := func(r rune) bool { return unicode.IsDigit(r) || r < 0x80 && unicode.IsLetter(r) }
	return hangul(a) && alnum(b) || alnum(a) && hangul(b)
}

// madeUp reports whether the space at k joins what is one word: PDFium
// generated it, or it is a space glyph drawn somewhere else on the line
// (LibreOffice draws some there), and the glyphs either side are closer
// than a word space.
func madeUp(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, k int, next rune) bool {
	box := func(k int) (left, right, height float64, ok bool) {
		b, err := inst.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: tp, Index: k})
		if err != nil {
			return 0, 0, 0, false
		}
		return b.Left, b.Right, b.Top - b.Bottom, true
	}
	_, right, h1, ok1 := box(k - 1)
	left, _, h2, ok2 := box(k + 1)
	if !ok1 || !ok2 {
		return false
	}
	if g, err := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp, Index: k}); err != nil {
		return false
	} else if !g.IsGenerated {
		sl, sr, _, ok := box(k)
		if !ok || (sl >= right-1 && sr <= left+1) {
			return false // a space drawn where a space belongs
		}
	}
	gap, h := left-right, max(h1, h2)
	limit := h / 2
	if strings.ContainsRune(".,!?)」』", next) {
		limit = h // a full stop's glyph sits inside its own box
	}
	return h > 0 && gap >= 0 && gap < limit
}
