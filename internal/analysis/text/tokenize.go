package text

import (
	"nevermind/internal/i18n"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// piece is one normalised token cut out of a recognised word, with the
// punctuation that followed it.
type piece struct {
	text       string
	pauseAfter bool // a comma, ellipsis, dash, colon or semicolon followed it
	sentEnd    bool // ".", "?" or "!" followed it
	cutOff     bool // the word ended in a hyphen ("manag-"), whisper's mark of a cut-off word
}

// cutText splits s into normalised pieces. lead reports the pause and
// sentence-end marks that came before the first piece (they belong to the
// previous word, e.g. a whisper word "..." or ", 그").
func cutText(s string) (ps []piece, leadPause, leadEnd bool) {
	var cur strings.Builder
	flush := func(cut bool) {
		if cur.Len() == 0 {
			return
		}
		ps = append(ps, piece{text: cur.String(), cutOff: cut})
		cur.Reset()
	}
	mark := func(pause, end bool) {
		if len(ps) == 0 {
			leadPause = leadPause || pause
			leadEnd = leadEnd || end
			return
		}
		p := &ps[len(ps)-1]
		p.pauseAfter = p.pauseAfter || pause
		p.sentEnd = p.sentEnd || end
	}
	rs := []rune(s)
	isWordRune := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == utf8.RuneError:
			// Broken bytes (a half of a Korean syllable that whisper split
			// across tokens) carry no text of their own.
			flush(false)
		case isWordRune(r):
			cur.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			if cur.Len() > 0 && isWordRune(next) {
				cur.WriteRune('\'')
			} else {
				flush(false)
			}
		case r == '-' || r == '‐':
			switch {
			case cur.Len() > 0 && isWordRune(next):
				cur.WriteRune('-') // well-known
			case cur.Len() > 0:
				flush(true) // manag-
			default:
				// A free-standing dash ("so - we", "--") is a break.
				mark(true, false)
			}
		case r == '.':
			n := 1
			for i+n < len(rs) && rs[i+n] == '.' {
				n++
			}
			switch {
			case n >= 2:
				flush(false)
				mark(true, false)
				i += n - 1
			case cur.Len() > 0 && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(next):
				cur.WriteRune('.') // 3.5
			default:
				flush(false)
				mark(false, true)
			}
		case r == '…' || r == ',' || r == '、' || r == '，' || r == ';' || r == ':' || r == '—' || r == '–':
			flush(false)
			mark(true, false)
		case r == '?' || r == '!' || r == '。' || r == '？' || r == '！':
			flush(false)
			mark(false, true)
		case r == '[' || r == '<':
			// Non-speech annotations and special tokens: [BLANK_AUDIO],
			// [_BEG_], <|endoftext|>.
			closing := ']'
			if r == '<' {
				closing = '>'
			}
			flush(false)
			j := i + 1
			for j < len(rs) && rs[j] != closing {
				j++
			}
			i = j
		default:
			// Whitespace, quotes, brackets, "~" (elongation) and other
			// symbols only separate words.
			flush(false)
		}
	}
	flush(false)
	return ps, leadPause, leadEnd
}

// Tokenize splits plain text (no times) into normalised tokens the way
// Analyze sees them: it splits on whitespace and punctuation, keeps a Hangul
// word with its particles together ("저는", "AI를"), keeps apostrophes and
// hyphens inside words ("don't", "well-known"), lower-cases letters and drops
// punctuation and bracketed annotations ("[BLANK_AUDIO]"). lang is accepted
// for symmetry with Analyze; the rules are the same for "ko" and "en".
func Tokenize(lang, s string) []string {
	_ = lang
	ps, _, _ := cutText(s)
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.text)
	}
	return out
}

// MergeTokens joins whisper's sub-word tokens into words. Whisper marks the
// start of a word with a leading space (" 프로", " manag"); a token without
// one continues the previous word ("젝트", "ement"), unless the previous
// token already ended in punctuation or whitespace. A token that is only
// punctuation ("," or "...") is glued to the word before it, so the pause
// mark is kept. The merged word spans from its first piece's Start to the
// latest End; its Text keeps the leading space of its first piece. Byte
// pieces of a Korean syllable split across tokens are joined before anything
// looks at them, so the result is valid UTF-8 whenever the pieces were.
//
// Pass already-merged words (as internal/analysis/speech returns them, with
// trimmed text) straight to Analyze: MergeTokens would glue them together.
func MergeTokens(ws []Word) []Word {
	out := make([]Word, 0, len(ws))
	for _, w := range ws {
		if w.Text == "" || isSpecialToken(w.Text) {
			continue
		}
		if w.End < w.Start {
			w.End = w.Start
		}
		first, _ := utf8.DecodeRuneInString(w.Text)
		startsWord := len(out) == 0 || unicode.IsSpace(first)
		if !startsWord {
			prev := out[len(out)-1].Text
			last, _ := utf8.DecodeLastRuneInString(prev)
			if last != utf8.RuneError && (unicode.IsSpace(last) || isPunct(last)) && !isPunctOnly(w.Text) && !isDecimalPoint(prev, w.Text) {
				startsWord = true
			}
		}
		if startsWord {
			out = append(out, w)
			continue
		}
		p := &out[len(out)-1]
		p.Text += w.Text
		p.End = max(p.End, w.End)
	}
	return out
}

// isDecimalPoint reports a number cut at its point: "3." followed by "5".
func isDecimalPoint(prev, next string) bool {
	if !strings.HasSuffix(prev, ".") || len(prev) < 2 || len(next) == 0 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(prev[:len(prev)-1])
	after, _ := utf8.DecodeRuneInString(next)
	return unicode.IsDigit(before) && unicode.IsDigit(after)
}

// isSpecialToken reports whisper's control tokens, which are not speech.
func isSpecialToken(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "[_") || strings.HasPrefix(t, "<|")
}

// isPunct reports punctuation that ends a word in whisper output.
func isPunct(r rune) bool {
	return unicode.IsPunct(r) && r != '\'' && r != '’'
}

// isPunctOnly reports text made only of punctuation and spaces.
func isPunctOnly(s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
			return false
		}
	}
	return true
}

// token is a normalised piece with its time and pause context.
type token struct {
	piece
	start, end time.Duration
}

// tokensFromWords cuts every word into tokens. A word that yields several
// tokens ("그,제가") shares its time among them in proportion to their
// length; a word that is only punctuation marks the token before it.
func tokensFromWords(ws []Word) []token {
	var out []token
	for _, w := range ws {
		start, end := w.Start, w.End
		if end < start {
			end = start
		}
		ps, leadPause, leadEnd := cutText(w.Text)
		if len(out) > 0 {
			out[len(out)-1].pauseAfter = out[len(out)-1].pauseAfter || leadPause
			out[len(out)-1].sentEnd = out[len(out)-1].sentEnd || leadEnd
		}
		if len(ps) == 0 {
			continue
		}
		total := 0
		for _, p := range ps {
			total += utf8.RuneCountInString(p.text)
		}
		span := end - start
		at, done := start, 0
		for k, p := range ps {
			done += utf8.RuneCountInString(p.text)
			e := start + time.Duration(float64(span)*float64(done)/float64(max(total, 1)))
			if k == len(ps)-1 {
				e = end
			}
			out = append(out, token{piece: p, start: at, end: e})
			at = e
		}
	}
	return out
}

// hangulSyllables counts precomposed Hangul blocks (가-힣), one per syllable.
func hangulSyllables(s string) int {
	n := 0
	for _, r := range s {
		if i18n.IsSyllable(r) {
			n++
		}
	}
	return n
}

// hangulLatin counts Hangul and Latin letters, to guess a missing language.
func hangulLatin(s string) (h, l int) {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Hangul, r):
			h++
		case unicode.Is(unicode.Latin, r):
			l++
		}
	}
	return h, l
}
