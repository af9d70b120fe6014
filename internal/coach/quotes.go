// Quoting the documents: a question quotes a clause of the resume or JD,
// cut at clause boundaries, never mid-phrase.

package coach

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"nevermind/internal/i18n"
)

// res holds the patterns compiled where they are used (re).
var res sync.Map

// re is pattern compiled once.
func re(pattern string) *regexp.Regexp {
	if r, ok := res.Load(pattern); ok {
		return r.(*regexp.Regexp)
	}
	r := regexp.MustCompile(pattern)
	res.Store(pattern, r)
	return r
}

// quotedPart matches what a question quotes.
var quotedPart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`'[^']*'|"[^"]*"`) })

// sectionTag matches what documents put before a sentence: a bracketed
// section title ("[결제 API 성능 개선]"), a bullet, a list number or a
// label in round brackets ("(직급별 역량) 상황인식·판단력, …") or in
// capitals ("EXHIBITS: Co-curated …").
var sectionTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:\[[^\]]{0,40}\]|【[^】]{0,40}】|〈[^〉]{0,40}〉|<[^>]{0,40}>|[■□●○◆◇▶▷►•·ㆍ・‧*\-–—※ㄴ]+\s|[■□●○◆◇▶▷►•·ㆍ・‧*\-–—※]+|\d{1,2}[.)]|[(（][^)）\d]{2,12}[)）]\s|[A-Z][A-Z &/-]{2,30}:\s)\s*`)
})

// clauseEnd splits a sentence after a comma or a Korean connective
// ending (…고, …며, …면서, …는데, …지만, …해서, …하여, and the bare …해,
// …눠, …어, …아 of "도입해 ", "나눠 ", "만들어 ", "맡아 ") followed by a space.
var clauseEnd = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:,|(?:고|며|면서|는데|지만|해서|하여|으며|었고|했고|더니|해|눠|꿔|워|춰|쳐|어|아|려|져))\s+`)
})

// notConnective are words that end like a connective but are nouns
// (올해, 이해, 피해) or a postposition that binds to what follows (위해).
var notConnective = []string{"올해", "지난해", "이듬해", "그해", "이해", "피해", "방해", "손해", "해", "위해", "대해", "통해", "의해", "사고", "창고", "최고", "광고", "참고", "보고", "재고", "원고", "학교",
	"단어", "언어", "영어", "국어", "용어", "한국어", "외국어", "중국어", "일본어", "미디어", "아이디어", "소프트웨어", "하드웨어", "아시아", "러시아", "따라", "함께", "자", "어", "아"}

// clauseBounds are the clause ends of s (see clauseEnd).
func clauseBounds(s string) [][]int {
	var out [][]int
	for _, m := range clauseEnd().FindAllStringIndex(s, -1) {
		word := strings.TrimRight(s[:m[1]], " ")
		if i := strings.LastIndexFunc(word, unicode.IsSpace); i >= 0 {
			word = word[i+1:]
		}
		if slices.Contains(notConnective, word) || insideBrackets(s[:m[0]]) {
			continue // a noun, or a comma of a bracket's list ("(검수, 관할 등)")
		}
		// A comma after a bare noun lists ("기상, 연료, 중량이 …"); a
		// clause ends on a verb's connective or a phrase's particle.
		if strings.HasSuffix(word, ",") && nounBeforeComma(strings.TrimSuffix(word, ",")) {
			continue
		}
		// "이끌어 내며", "정리해 두었다": an auxiliary verb binds to the
		// verb before it; the two are one predicate.
		if strings.HasSuffix(strings.TrimRight(s[m[0]:m[1]], " "), "어") || strings.HasSuffix(strings.TrimRight(s[m[0]:m[1]], " "), "아") ||
			strings.HasSuffix(word, "해") || strings.HasSuffix(word, "워") || strings.HasSuffix(word, "려") || strings.HasSuffix(word, "져") {
			if auxiliary(s[m[1]:]) {
				continue
			}
		}
		// "담당하고 있습니다", "배우고 있다": the progressive is one
		// predicate.
		// "하고 싶어", "보고 싶었다": so is the wish.
		if next := strings.Fields(s[m[1]:]); strings.HasSuffix(word, "고") && len(next) > 0 && (strings.HasPrefix(next[0], "있") || strings.HasPrefix(next[0], "계") || strings.HasPrefix(next[0], "싶")) {
			continue
		}
		// "나누어 쓰게 하고": what follows is the verb's own complement,
		// not a new clause (a clause does not start with a predicate).
		if next := strings.Fields(s[m[1]:]); len(next) > 0 && predicateStart(next[0]) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// nounBeforeComma reports whether a Korean word before a comma is a bare
// noun, one of a list, rather than a clause's or a phrase's end.
func nounBeforeComma(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	if !i18n.IsSyllable(r) || utf8.RuneCountInString(w) > 4 {
		return false
	}
	for _, e := range []string{"고", "며", "서", "면", "만", "데", "니", "여", "해", "아", "어", "워", "져", "는", "은", "에", "로", "도", "때", "후", "전", "중", "간", "뒤", "년", "월", "일", "께", "게", "지", "나", "다", "요", "죠", "만큼", "처럼"} {
		if strings.HasSuffix(w, e) {
			return false
		}
	}
	return true
}

// insideBrackets reports whether the text before a point leaves a bracket
// or a quotation open.
func insideBrackets(before string) bool {
	depth := 0
	for _, r := range before {
		switch r {
		case '(', '（', '[', '「', '『', '【':
			depth++
		case ')', '）', ']', '」', '』', '】':
			depth--
		}
	}
	return depth > 0 || strings.Count(before, "'")%2 == 1 || strings.Count(before, "‘") > strings.Count(before, "’")
}

// adverbialEnd reports whether a Korean word ends a phrase that sets the
// scene ("과목에서", "동안", "위해", "프로젝트:"): what follows can be
// quoted alone.
func adverbialEnd(w string) bool {
	for _, e := range []string{"에서", "에서는", "에는", "때", "후", "동안", "위해", "통해", "으로서", "로서", ":", ","} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// predicateStart reports whether a Korean word is a predicate that ties to
// what comes before it ("쓰게", "하도록", "있고"): a clause cannot start
// with it. "대응할 (수 있었고)" after "찾아" continues the verb too.
func predicateStart(w string) bool {
	w = strings.TrimRight(w, ",")
	for _, e := range []string{"게", "도록", "하고", "하며", "있고", "있어", "되어", "하여", "할", "했고", "했으며", "했으나", "했는데", "됐고", "되었고", "해서"} {
		if strings.HasSuffix(w, e) && utf8.RuneCountInString(w) <= 4 {
			return true
		}
	}
	return false
}

// auxiliaryStarts begin an auxiliary verb (내다, 주다, 보다, 놓다, 두다,
// 오다, 가다, 버리다, 있다, 드리다).
var auxiliaryStarts = []string{"쓰", "썼", "쓴", "내", "냈", "낸", "낼", "주", "줬", "준", "줄", "보", "봤", "본", "볼", "봐", "놓", "두", "뒀", "둔", "둘", "오", "왔", "온", "올", "가", "갔", "간", "갈", "버리", "버렸", "버린", "있", "드리", "드렸", "드린"}

// auxiliary reports whether rest starts with an auxiliary verb.
func auxiliary(rest string) bool {
	w := strings.Fields(rest)
	if len(w) == 0 {
		return false
	}
	first := strings.TrimRight(w[0], ",.;")
	if auxNouns[strings.TrimRight(first, "을를은는이가의에")] {
		return false
	}
	for _, a := range auxiliaryStarts {
		if strings.HasPrefix(first, a) && utf8.RuneCountInString(first) <= 5 {
			// A verb's ending follows ("준다", "주었고", "보았다"), not a
			// noun's next syllable ("준공", "내용", "가격").
			rest := []rune(strings.TrimPrefix(first, a))
			return len(rest) == 0 || strings.ContainsRune("다고며어었았였여면서는은을기게지니라세시습겠자도요려든던데죠야냐", rest[0])
		}
	}
	return false
}

// auxNouns start like an auxiliary verb but are nouns ("분석해 보고서를").
var auxNouns = map[string]bool{"보고서": true, "보고": true, "주요": true, "가지": true, "오기": true}

// endsOnParticle reports whether a Korean clause cut at a comma stops on
// a particle that needs what follows ("…점에서,", "…결과를,").
func endsOnParticle(c string) bool {
	w := strings.Fields(c)
	if len(w) < 2 {
		return false
	}
	last := w[len(w)-1]
	for _, p := range []string{"에서", "을", "를", "으로", "에게", "와", "과"} {
		if strings.HasSuffix(last, p) && !strings.HasSuffix(last, "다") {
			return true
		}
	}
	return false
}

// closeBrackets cuts a quote before a bracket it opens and does not
// close, and starts it after one it closes without having opened
// ("… 약 30%) 기록" is the end of a bracket, not a phrase).
func closeBrackets(c string) string {
	depth := 0
	for i, r := range c {
		switch r {
		case '(', '（', '[':
			depth++
		case ')', '）', ']':
			if depth == 0 {
				after := strings.TrimLeft(strings.TrimSpace(c[i+utf8.RuneLen(r):]), ",; ")
				before := strings.TrimSpace(c[:i])
				if utf8.RuneCountInString(after) >= utf8.RuneCountInString(before) && utf8.RuneCountInString(after) >= 6 {
					return closeBrackets(after)
				}
				return closeBrackets(strings.TrimSpace(before + c[i+utf8.RuneLen(r):])) // the stray mark dropped
			}
			depth--
		}
	}
	for !balanced(c) {
		i := strings.LastIndexAny(c, "(（[")
		if i <= 0 {
			return c
		}
		c = trimDangling(strings.TrimRight(strings.TrimSpace(c[:i]), ",;:"))
	}
	return c
}

// balanced reports whether every bracket and quotation mark opened in c is
// closed in it (and c holds no ', which would end the question's quote).
func balanced(c string) bool {
	return strings.Count(c, "(")+strings.Count(c, "（") == strings.Count(c, ")")+strings.Count(c, "）") && strings.Count(c, "[") == strings.Count(c, "]") &&
		strings.Count(c, `"`)%2 == 0 && strings.Count(c, "“") == strings.Count(c, "”") && (!strings.Contains(c, "'") || !i18n.HasHangul(c)) // an English quote is in "…": its apostrophes (driver's) are words
}

// snippetWith is snippet, keeping the words must (a number the question
// asks about) in the quote: the longest run of whole clauses that holds
// must and fits, preferring one that ends the sentence.
func snippetWith(s string, max int, must string) string {
	s = stripTags(strings.TrimRight(strings.TrimSpace(innerQuotes(s)), ".。"))
	// A table's row: the cell that holds must ("2021년 82% → 2023년 91%"
	// of "| … | 2021년 82% → 2023년 91% |").
	if strings.Count(s, "|") >= 1 && must != "" {
		for _, cell := range strings.Split(s, "|") {
			if strings.Contains(cell, must) {
				s = strings.TrimSpace(cell)
				break
			}
		}
	}
	// A cell's label ("주요성과 : …", "성과: …") is not what was written
	// about.
	if m := cellLabel().FindStringIndex(s); m != nil && strings.Contains(s[m[1]:], must) && utf8.RuneCountInString(s[m[1]:]) >= 8 {
		s = s[m[1]:]
	}
	if must == "" || !strings.Contains(s, must) || utf8.RuneCountInString(s) <= max {
		return snippet(s, max)
	}
	// A bracket's list goes first, unless it holds must.
	if t := longAside().ReplaceAllString(s, ""); t != s && strings.Contains(t, must) {
		if s = t; utf8.RuneCountInString(s) <= max {
			return s
		}
	}
	if !i18n.HasHangul(s) {
		return closeBrackets(englishWith(s, max, must))
	}
	starts, ends := []int{0}, []int{}
	for _, m := range clauseBounds(s) {
		starts = append(starts, m[1])
		ends = append(ends, m[1])
	}
	ends = append(ends, len(s))
	best, bestEnd := "", -1
	for _, a := range starts {
		for _, b := range ends {
			if b <= a {
				continue
			}
			c := strings.TrimRight(strings.TrimSpace(s[a:b]), ", ")
			if !strings.Contains(c, must) || utf8.RuneCountInString(c) > max || !balanced(c) {
				continue
			}
			// Ending the sentence (its verb) first, then the longest; a
			// clause under a third of max says too little to quote.
			ends, bestEnds := b == len(s) && utf8.RuneCountInString(c) >= max/3, bestEnd == len(s) && utf8.RuneCountInString(best) >= max/3
			if best == "" || (ends && !bestEnds) || (ends == bestEnds && len(c) > len(best)) {
				best, bestEnd = c, b
			}
		}
	}
	if best != "" {
		return best
	}
	// No run of whole clauses fits: the one clause that holds must, a
	// little long, rather than words cut out of it; else the sentence.
	for k := range starts {
		a, b := starts[k], ends[k]
		if c := strings.TrimRight(strings.TrimSpace(s[a:b]), ", "); strings.Contains(c, must) && balanced(c) && utf8.RuneCountInString(c) <= max*8/5 {
			return c
		}
	}
	if utf8.RuneCountInString(s) <= max*2 {
		return s
	}
	// The words around must that fit.
	i := strings.Index(s, must)
	words := strings.Fields(s[:i])
	out := must + s[i+len(must):]
	if j := strings.IndexFunc(out[len(must):], unicode.IsSpace); j >= 0 {
		out = out[:len(must)+j]
	}
	for k := len(words) - 1; k >= 0; k-- {
		next := words[k] + " " + out
		if utf8.RuneCountInString(next) > max {
			break
		}
		out = next
	}
	// Started inside a bracket ("cm⁻¹ C=C 피크 감소)로 정량화 → …"): from
	// the word after the one that closes it.
	for !balanced(out) {
		ws := strings.Fields(out)
		k := slices.IndexFunc(ws, func(w string) bool { return strings.ContainsAny(w, ")）]") })
		if k < 0 || k+1 >= len(ws) || !strings.Contains(strings.Join(ws[k+1:], " "), must) {
			break
		}
		out = strings.Join(ws[k+1:], " ")
	}
	// Words cut out of a clause: from the arrow that leads to the result
	// when there is one ("→ 1,200 mJ/cm²에서 전환율 94%").
	if ws := strings.Fields(out); len(ws) > 0 && !strings.HasPrefix(s, out) {
		if k := slices.Index(ws, "→"); k >= 0 && k+1 < len(ws) && strings.Contains(strings.Join(ws[k+1:], " "), must) {
			out = strings.Join(ws[k+1:], " ")
		}
	}
	return strings.TrimRight(out, ", ")
}

// englishWith is the English clause (between semicolons and commas) that
// holds must, without a leading conjunction, widened by the clauses after
// it while they fit; else the whole words around must.
func englishWith(s string, max int, must string) string {
	parts := re(`;\s*|,\s+|\s[–—]\s`).Split(s, -1)
	for i, p := range parts {
		if !strings.Contains(p, must) {
			continue
		}
		c := trimConjunction(strings.TrimSpace(p))
		for _, next := range parts[i+1:] {
			// A bracket opened in the clause is closed in the quote.
			if utf8.RuneCountInString(c+", "+next) > max && (balanced(c) || utf8.RuneCountInString(c+", "+next) > max*3/2) {
				break
			}
			c += ", " + next
		}
		if !balanced(c) {
			break
		}
		if n := utf8.RuneCountInString(c); n <= max && n > utf8.RuneCountInString(must)+8 {
			return c
		}
		break
	}
	// The phrase that holds must between clause breaks ("keeping a 96%
	// satisfaction score").
	bounds := append(append([][]int{{0, 0}}, englishClause().FindAllStringIndex(s, -1)...), []int{len(s), len(s)})
	for i := 0; i+1 < len(bounds); i++ {
		c := trimDangling(trimConjunction(strings.TrimSpace(s[bounds[i][1]:bounds[i+1][0]])))
		if strings.Contains(c, must) {
			if n := utf8.RuneCountInString(c); n <= max && n > utf8.RuneCountInString(must)+8 {
				return c
			}
			break
		}
	}
	// The words around must, left and right in turn, while they fit.
	words := strings.Fields(s)
	k := -1
	for i, w := range words {
		if strings.Contains(w, must) || strings.HasPrefix(must, w) {
			k = i
			break
		}
	}
	if k < 0 {
		return snippet(s, max)
	}
	lo, hi := k, k+1
	for grew := true; grew; {
		grew = false
		if lo > 0 && utf8.RuneCountInString(strings.Join(words[lo-1:hi], " ")) <= max {
			lo, grew = lo-1, true
		}
		if hi < len(words) && utf8.RuneCountInString(strings.Join(words[lo:hi+1], " ")) <= max {
			hi, grew = hi+1, true
		}
	}
	// Cut on the right, the quote ends where a phrase does: before "and",
	// "through", "with" … or after a bracket or a comma, not inside a
	// phrase ("… SKU rationalization (dropped 140 slow SKUs)", not "… and
	// targeted").
	if hi < len(words) {
		for j := hi; j > k+1; j-- {
			if phraseBreakBefore[strings.ToLower(words[j])] || strings.HasSuffix(words[j-1], ")") || strings.HasSuffix(words[j-1], ",") || strings.HasSuffix(words[j-1], ";") {
				hi = j
				break
			}
		}
	}
	// Starting after "of" or "in" ("my 8th graders …" of "Share of my
	// 8th graders …") leaves the phrase without its head: the sentence
	// whole when it is not much longer.
	if lo > 0 && danglingWords[strings.ToLower(words[lo-1])] && utf8.RuneCountInString(s) <= max*5/4 {
		return s
	}
	return trimDangling(trimConjunction(strings.TrimRight(strings.Join(words[lo:hi], " "), ",;")))
}

// phraseBreakBefore are words a phrase starts with: a quote cut on the
// right may end before one.
var phraseBreakBefore = map[string]bool{"and": true, "through": true, "by": true, "with": true, "to": true, "for": true, "using": true, "via": true, "across": true, "while": true, "which": true, "that": true, "including": true, "or": true, "from": true, "after": true, "before": true}

// trimConjunction drops leading words that tie a phrase to what came
// before it ("which", "and", "while", "across", …).
func trimConjunction(c string) string {
	words := strings.Fields(c)
	for len(words) > 1 && (danglingWords[strings.ToLower(words[0])] && !articles[strings.ToLower(words[0])] || words[0] == "so" || words[0] == "then") {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// englishClause splits an English sentence before a clause or phrase
// that can be left off: a comma, a semicolon, "by", "which", "that",
// "and", "so that", "while", "used by".
var englishClause = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[,;:]\s+|\s[–—]\s|\s+(?:by|which|that|who|and|so that|while|and then|through|using|used by|across)\s+`)
})

// englishOpener is a leading phrase that sets the scene ("At a grocery
// chain, ", "During a supplier shortage, "): the quote starts after it.
var englishOpener = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:At|In|During|After|Before|While|When|For|On|Over|Within|As)\s[^,]{1,60},\s+`)
})

// articles begin a noun phrase: a quote may start with one ("the
// newsletter grew …"), never end with one.
var articles = map[string]bool{"the": true, "a": true, "an": true}

// danglingWords cannot end a quote: it would stop mid-phrase.
var danglingWords = map[string]bool{"and": true, "or": true, "but": true, "that": true, "which": true, "who": true, "to": true, "for": true, "of": true, "in": true, "on": true,
	"at": true, "about": true, "with": true, "by": true, "from": true, "the": true, "a": true, "an": true, "used": true, "across": true, "into": true, "while": true, "as": true, "than": true}

// trimDangling drops words from the end of an English quote that would
// leave it hanging ("… accounts and").
func trimDangling(c string) string {
	words := strings.Fields(c)
	for len(words) > 1 && danglingWords[strings.ToLower(strings.TrimRight(words[len(words)-1], ",;:"))] {
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), ",;:")
}

// englishSnippet is the longest run of an English sentence's first
// clauses that fits (the verb and its object come first), after any
// scene-setting opener, else its first whole words that do, never ending
// on a word that leaves it hanging.
func englishSnippet(s string, max int) string {
	if m := englishOpener().FindStringIndex(s); m != nil && utf8.RuneCountInString(s[m[1]:]) >= 12 {
		s = strings.ToUpper(s[m[1]:m[1]+1]) + s[m[1]+1:]
		if utf8.RuneCountInString(s) <= max {
			return s
		}
	}
	// The longest run of whole clauses that starts the sentence and fits;
	// when that is under half of max, the next run if it is at most a
	// quarter too long ("Taught Key Stage 3" is not what the line says).
	// "and" before a name or a figure joins a list, not two clauses
	// ("Key Stage 3 and GCSE science").
	// A cut at a comma, a semicolon or a relative clause first; at "and"
	// only when none of those gives half a quote ("moved accrual and
	// prepaid schedules" is one list).
	best, over := "", ""
	for _, withAnd := range []bool{false, true} {
		for _, m := range englishClause().FindAllStringIndex(s, -1) {
			// "adopted by marketing": a passive goes on to its agent.
			if strings.TrimSpace(s[m[0]:m[1]]) == "by" {
				if ws := strings.Fields(s[:m[0]]); len(ws) > 0 && pastVerb(ws[len(ws)-1]) {
					continue
				}
			}
			if isAnd := strings.TrimSpace(s[m[0]:m[1]]) == "and"; isAnd {
				if !withAnd {
					continue
				}
				if r, _ := utf8.DecodeRuneInString(s[m[1]:]); unicode.IsUpper(r) || unicode.IsDigit(r) {
					continue
				}
				// "and" before a verb joins two clauses ("… and cut
				// costs"); before anything else it joins a list ("moved
				// accrual and prepaid schedules").
				if next, _, _ := strings.Cut(s[m[1]:], " "); !pastVerb(next) {
					continue
				}
			}
			// "a caring, well-organised classroom": a comma inside a
			// noun phrase, between its adjectives, ends no clause.
			if strings.HasPrefix(s[m[0]:], ",") && re(`(?i)\b(?:a|an|the|my|our|their|his|her|its|this|every)\s+[\w-]+$`).MatchString(strings.TrimSpace(s[:m[0]])) {
				continue
			}
			c := trimDangling(strings.TrimSpace(s[:m[0]]))
			switch n := utf8.RuneCountInString(c); {
			case n <= max && n >= 6 && n > utf8.RuneCountInString(best):
				best = c
			case n > max && (over == "" || n < utf8.RuneCountInString(over)):
				over = c
			}
		}
		if utf8.RuneCountInString(best) >= max/2 {
			break
		}
	}
	if utf8.RuneCountInString(best) < max/2 {
		if over != "" && utf8.RuneCountInString(over) <= max*5/4 {
			return over
		}
		if utf8.RuneCountInString(s) <= max*5/4 {
			return s
		}
	}
	if best != "" {
		return best
	}
	out := ""
	for _, w := range strings.Fields(s) {
		next := w
		if out != "" {
			next = out + " " + w
		}
		if utf8.RuneCountInString(next) > max {
			break
		}
		out = next
	}
	return trimDangling(out)
}

// pastVerb reports whether an English word is a verb in the past tense,
// as resumes write what was done.
func pastVerb(w string) bool {
	w = strings.ToLower(strings.Trim(w, ",;:."))
	return strings.HasSuffix(w, "ed") && len(w) > 4 || map[string]bool{"built": true, "led": true, "ran": true, "cut": true, "made": true, "wrote": true, "set": true, "won": true, "grew": true, "took": true, "brought": true, "taught": true, "drove": true, "kept": true, "put": true, "got": true, "gave": true, "found": true, "held": true, "met": true, "sold": true, "spent": true, "began": true, "chose": true, "rebuilt": true, "oversaw": true}[w]
}

// stripTags removes section titles, bullets and list numbers from the
// start of s.
func stripTags(s string) string {
	for {
		t := sectionTag().ReplaceAllString(s, "")
		if t == s {
			return strings.TrimSpace(s)
		}
		s = t
	}
}

// snippet is a sentence fit to quote in at most max runes, without its
// section tag or bullet: the sentence itself when it fits, else the
// longest run of its last clauses that fits (the end holds the verb and,
// usually, the result), else its last words that fit. It never cuts a
// word and never leaves a sentence hanging with "…".
func snippet(s string, max int) string {
	s = crossReference().ReplaceAllString(strings.TrimSpace(innerQuotes(s)), "")
	out := snippetCut(s, max)
	if balanced(out) {
		return out
	}
	// A Korean quote's own quotation marks ("이때 만든 '놀이계획안 예시
	// 모음'은 …") would end the question's: the words without them.
	if i18n.HasHangul(out) {
		if bare := strings.NewReplacer("'", "", "‘", "", "’", "").Replace(out); balanced(bare) {
			return bare
		}
	}
	// The cut opened a bracket or a quotation it does not close: the
	// sentence whole when it is not much longer, else the cut without its
	// unmatched marks.
	whole := stripTags(strings.TrimRight(strings.TrimSpace(s), ".。"))
	if balanced(whole) && utf8.RuneCountInString(whole) <= 2*max {
		return whole
	}
	return strings.TrimSpace(strings.NewReplacer(`"`, "", "“", "", "”", "", "'", "").Replace(closeBrackets(out)))
}

// innerQuotes turns the double quotes of an English line into single
// ones: its quote goes inside a question's double quotes ("… using a
// 'what happened / what to do next' pattern"); and a Korean line's single
// quotes into double ones, as its quote goes inside single quotes ("'태풍
// "노루" 북상 시 …'").
func innerQuotes(s string) string {
	if i18n.HasHangul(s) {
		if n := strings.Count(s, "'"); n > 0 && n%2 == 0 || strings.Count(s, "‘") > 0 && strings.Count(s, "‘") == strings.Count(s, "’") {
			return strings.NewReplacer("'", `"`, "‘", "“", "’", "”").Replace(s)
		}
		return s
	}
	if !strings.ContainsAny(s, "\"“”") {
		return s
	}
	return strings.NewReplacer(`"`, "'", "“", "‘", "”", "’").Replace(s)
}

// crossReference is a document's pointer to elsewhere in it: "(아래
// 상세)", "(see below)"; a quote leaves it out.
var crossReference = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s*[(（](?:아래|하단|후술|상세|별첨|see below|details below)[^)）]{0,12}[)）]`)
})

// discourseMarkers open a sentence by pointing back at the one before
// ("또 …", "그 결과 …", "Also, …"): a quote stands alone without them.
var discourseMarkers = []string{"그해 ", "그 해 ", "그때 ", "또한 ", "또 ", "그리고 ", "그래서 ", "그 결과 ", "그 결과, ", "결국 ", "이후 ", "이후, ", "덕분에 ", "Also, ", "Then, ", "As a result, "}

// cellLabel is a short label and a colon opening a line of a table or a
// form ("성과 :", "담당 업무:", "Result:").
var cellLabel = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[가-힣A-Za-z ]{1,8}\s*[:：]\s+`) })

// longAside is a bracket that lists or labels things inside a sentence
// ("(28개 항목: 당사자 특정, 검수, …)").
var longAside = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s*[(（][^()（）]{4,}[,:：][^()（）]{4,}[)）]`)
})

// datedLabel is a title and its dates in brackets, ending in a colon.
var datedLabel = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[^:：()（）]{1,30}[(（][^)）]*(?:19|20)\d{2}[^)）]*[)）]\s*[:：]\s+`)
})

// snippetCut is snippet before its brackets are checked.
func snippetCut(s string, max int) string {
	s = stripTags(strings.TrimRight(strings.TrimSpace(s), ".。"))
	// A cell's label ("성과 : 오출고율 0.8% → 0.2%", "Result: …") is not
	// what the candidate wrote about.
	if m := cellLabel().FindStringIndex(s); m != nil && utf8.RuneCountInString(s[m[1]:]) >= 8 {
		s = s[m[1]:]
	}
	// What was done, then a colon and the list of what it used ("개인
	// 블로그 인프라 구축: VPC, EC2, RDS, ALB, Route 53"): the deed.
	if i := strings.Index(s, ": "); i > 0 && utf8.RuneCountInString(s[:i]) >= 8 && toolList(s[i+2:]) {
		s = strings.TrimSpace(s[:i])
	}
	// A title with its dates before a colon ("학부 연구생 (2022.03 ~
	// 2023.02): 스퍼터링 …"): what follows is what was done.
	if m := datedLabel().FindStringIndex(s); m != nil && utf8.RuneCountInString(s[m[1]:]) >= 12 {
		s = s[m[1]:]
	}
	for _, m := range discourseMarkers {
		if rest, ok := strings.CutPrefix(s, m); ok && utf8.RuneCountInString(rest) >= 12 {
			s = rest
			if !i18n.HasHangul(m) {
				s = strings.ToUpper(s[:1]) + s[1:]
			}
			break
		}
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	// A long aside in brackets goes before anything is cut: "'검토
	// 체크리스트'(28개 항목: 당사자 특정, …)를 만들었습니다" reads whole as
	// "'검토 체크리스트'를 만들었습니다".
	{
		if t := longAside().ReplaceAllString(s, ""); t != s && utf8.RuneCountInString(t) >= 14 {
			if utf8.RuneCountInString(t) <= max {
				return t
			}
			s = t
		}
	}
	if !i18n.HasHangul(s) {
		return englishSnippet(s, max)
	}
	// The longest run of whole clauses that ends the sentence and fits;
	// when that is only a short afterthought (under a third of max: "협업의 중요성을 배웠다"), the
	// longest run that starts it (what was done) instead.
	bounds := clauseBounds(s)
	for _, m := range bounds {
		if c := strings.TrimSpace(s[m[1]:]); utf8.RuneCountInString(c) <= max {
			if utf8.RuneCountInString(c) >= max/3 {
				return c
			}
			break
		}
	}
	for i := len(bounds) - 1; i >= 0; i-- {
		// What follows must not take the deed back ("관리해 본 경험은
		// 부족합니다", "시도했지만 실패했다" are not "관리했다").
		if negates(s[bounds[i][1]:]) {
			continue
		}
		if c := strings.TrimRight(strings.TrimSpace(s[:bounds[i][1]]), ", "); utf8.RuneCountInString(c) <= max && utf8.RuneCountInString(c) >= 14 && !endsOnParticle(c) {
			return c
		}
	}
	// No clause fits: the sentence itself when it is not much longer, else
	// the last whole words that fit (the end of a sentence holds its verb).
	if utf8.RuneCountInString(s) <= max*8/5 {
		return s
	}
	words := strings.Fields(s)
	// The longest tail that starts after an adverbial phrase ("…과목에서",
	// "…동안"): a whole phrase, a little long rather than cut mid-phrase.
	for i := 1; i < len(words); i++ {
		tail := strings.Join(words[i:], " ")
		if utf8.RuneCountInString(tail) > max*8/5 {
			continue
		}
		if adverbialEnd(words[i-1]) {
			return tail
		}
	}
	if utf8.RuneCountInString(s) <= max*2 {
		return s
	}
	out := ""
	for i := len(words) - 1; i >= 0; i-- {
		next := words[i]
		if out != "" {
			next += " " + out
		}
		if utf8.RuneCountInString(next) > max {
			break
		}
		out = next
	}
	if out == "" {
		return string([]rune(words[len(words)-1])[:max])
	}
	return out
}

// negates reports whether the rest of a Korean sentence takes back what
// its first clauses say: a lack, a failure, a not-done.
func negates(rest string) bool {
	return containsAny(rest, []string{"부족", "없었", "없습", "없다", "못했", "못하", "않았", "않습", "실패", "아니었", "아닙", "그치"})
}

// quoteable: a Korean sentence quoted in the middle of a question ends in
// a plain form rather than the formal ending (…했습니다 → …했다).
func quoteable(s string) string { return formalToPlain(snippet(s, 48)) }

// formalToPlain turns a quoted sentence's formal ending into the plain
// one a quote inside a question reads with (했습니다 → 했다), and a clause
// cut after a past-tense connective into a sentence (생겼고 → 생겼다).
func formalToPlain(s string) string {
	for _, e := range [][2]string{{"하고", "했다"}, {"하며", "했다"}, {"하여", "했다"}, {"해서", "했다"}, {"내고", "냈다"}, {"내며", "냈다"}, {"없고", "없다"}, {"없으며", "없다"}, {"있고", "있다"}, {"었다고", "었다"}, {"았다고", "았다"}, {"였다고", "였다"}, {"했다고", "했다"}} {
		if strings.HasSuffix(s, e[0]) {
			return strings.TrimSuffix(s, e[0]) + e[1]
		}
	}
	// A clause cut after a bare connective (기획해, 나눠) ends in the past.
	for _, e := range [][2]string{{"해", "했다"}, {"눠", "눴다"}, {"꿔", "꿨다"}, {"워", "웠다"}, {"춰", "췄다"}, {"쳐", "쳤다"}, {"들어", "들었다"}, {"맡아", "맡았다"}, {"려", "렸다"}, {"져", "졌다"}} {
		if strings.HasSuffix(s, e[0]) && utf8.RuneCountInString(s) > 2 {
			return strings.TrimSuffix(s, e[0]) + e[1]
		}
	}
	for _, conn := range []string{"고", "며", "지만", "는데", "으나"} {
		if r := []rune(strings.TrimSuffix(s, conn)); strings.HasSuffix(s, conn) && len(r) > 0 &&
			i18n.FinalSS(r[len(r)-1]) {
			return string(r) + "다"
		}
	}
	for _, e := range [][2]string{{"고자 합니다", "고자 한다"}, {"려고 합니다", "려고 한다"}, {"려 합니다", "려 한다"}, {"했습니다", "했다"}, {"하였습니다", "했다"}, {"였습니다", "였다"}, {"었습니다", "었다"}, {"았습니다", "았다"}, {"습니다", "다"}, {"입니다", "이다"}} {
		if strings.HasSuffix(s, e[0]) {
			return strings.TrimSuffix(s, e[0]) + e[1]
		}
	}
	// A ㄹ stem drops its ㄹ before ㅂ니다 (알다: 압니다, 만들다: 만듭니다).
	for _, e := range [][2]string{{"압니다", "안다"}, {"만듭니다", "만든다"}, {"힘듭니다", "힘들다"}, {"삽니다", "산다"}, {"팝니다", "판다"}, {"엽니다", "연다"}, {"놉니다", "논다"}, {"겁니다", "건다"}, {"붑니다", "분다"}} {
		if strings.HasSuffix(s, e[0]) {
			return strings.TrimSuffix(s, e[0]) + e[1]
		}
	}
	// "부족합니다", "됩니다": the ㅂ니다 of a vowel stem (부족하다, 되다).
	if r := []rune(strings.TrimSuffix(s, "니다")); strings.HasSuffix(s, "니다") && len(r) > 0 && i18n.IsSyllable(r[len(r)-1]) && (r[len(r)-1]-0xAC00)%28 == 17 {
		r[len(r)-1] -= 17
		return string(r) + "다"
	}
	return s
}

// quoted is the part of s a question quotes: 48 runes in Korean (inside
// a sentence frame), enQuote in English.
func quoted(s string, ko bool) string {
	if ko {
		return snippet(s, 48)
	}
	return snippet(s, enQuote)
}
