package coach

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"nevermind/internal/i18n"
)

// The defect classes seen when the offline generator met documents it had
// not been built on (issue 26). Each detector reads only the question and
// the two documents, so it holds for any pair; TestNoDefectsOnTheCoachSet
// runs all of them over every pair of the coach set.

// defect is one defect found in one question.
type defect struct{ class, question, why string }

var (
	quoteRe          = regexp.MustCompile(`'([^']*)'|"([^"]*)"`)
	figureSlotRe     = regexp.MustCompile(`그 (\S+?)[이가] 나오기까지|에서 (\S+?)(?:이라는|라는) 수치|on the way to (\S+?)\?|How was the (\S+?) measured|What shows that (\S+?) was not|beat (\S+?)\?|(\S+?)[을를] 넘어서`)
	enQuoteRe        = regexp.MustCompile(`()"([^"]*)"`)
	asCredentialRe   = regexp.MustCompile(`(?i)자격|취득|licen[cs]e|certif|hold it|qualification`)
	credentialTestRe = regexp.MustCompile(`(?i)학사|석사|박사|학위|전공자|졸업(예정)?자|면허|자격증 (소지|보유)|소지자|보유자|\d+\s*년\s*이상|경력\s*\d+\s*년|토익|TOEIC|OPIc|bachelor|master'?s|\bdegree\b|licen[cs]e|\d+\+?\s*years|right to work|eligib`)
	charCountRe      = regexp.MustCompile(`\(\s*[\d,]+\s*자`)
	// The English frames that put a skill's name in a slot.
	skillSlotRe = regexp.MustCompile(`The role calls for (.+?)\. |Tell me about a time (.+?) did not work|Which piece of your (.+?) work|least sure of yourself in (.+?),`)
	// The Korean frame that puts the role in a slot.
	roleSlotRe = regexp.MustCompile(`^(.+?) 직무에서는`)
	// A result frame whose figure is a year.
	yearAsResultRe = regexp.MustCompile(`그 (?:19|20)\d{2}년?[이가] 나오기까지|(?:19|20)\d{2}년?(?:이라는|라는) 수치|(?:19|20)\d{2}년?[을를] 넘어서|on the way to (?:19|20)\d{2}\b|to beat (?:19|20)\d{2}\b|How was the (?:19|20)\d{2} measured`)
	// The English frame that names the role.
	enRoleSlotRe = regexp.MustCompile(`^Why the (.+?) role\b`)
	// The English frame that names the company.
	enCompanySlotRe = regexp.MustCompile(`^Why the .+? role at (.+?), and`)
	gapFrameRe      = regexp.MustCompile(`잘 보이지 않습니다|경험이 부족하다면|I don't see it in your resume|If you are not there yet`)
	// After a quote or a value word, the particle that must agree with its
	// last sound.
	particleAfterQuote = regexp.MustCompile(`'([^']+)'(을|를|이라는|라는|이라고|라고|이|가|은|는|과|와)[ ,.]`)
	valueSlotRe        = regexp.MustCompile(`자기소개서에서 (\S+?)(을|를) 강조하셨습니다`)
)

// titleWords name a job, not a skill.
var titleWords = map[string]bool{"engineer": true, "teacher": true, "manager": true, "designer": true, "developer": true, "executive": true, "analyst": true, "specialist": true,
	"generalist": true, "recruiter": true, "director": true, "lead": true, "head": true, "officer": true, "coordinator": true, "assistant": true, "associate": true, "consultant": true,
	"nurse": true, "representative": true, "intern": true, "scientist": true, "administrator": true, "senior": true, "junior": true}

// adjectiveRoots are 하다-adjectives' roots: not nouns ("꼼꼼을" is wrong,
// "꼼꼼함을" is right).
var adjectiveRoots = map[string]bool{"꼼꼼": true, "성실": true, "원활": true, "철저": true, "신속": true, "정확": true, "친절": true, "솔직": true, "치밀": true, "섬세": true, "겸손": true}

// equivalents are well-known ways a resume shows a requirement without
// its words (a test-side list, independent of the generator's).
var equivalents = map[string][]string{
	"엑셀": {"컴퓨터활용능력", "컴활", "mos", "excel", "vba", "피벗"}, "excel": {"mos", "vba", "pivot", "spreadsheet", "컴퓨터활용능력"},
	"crm": {"hubspot", "salesforce", "zoho", "pipedrive"}, "sql": {"mysql", "postgresql", "sqld", "oracle db", "oracle database"},
	"rdbms": {"mysql", "postgresql", "oracle db", "oracle database", "mariadb"}, "데이터베이스": {"mysql", "postgresql", "oracle db", "oracle database"},
	"ppt": {"파워포인트", "powerpoint"}, "영어": {"토익", "toeic", "opic", "ielts"},
}

// defectsOf finds every defect in a set of questions made from resume and
// jd.
func defectsOf(qs []Question, resume, jd string) []defect {
	var out []defect
	add := func(class, q, why string) { out = append(out, defect{class, q, why}) }
	docs := resume + "\n" + jd
	flat := flatten(docs)
	quoteUses := map[string]int{}
	for _, q := range qs {
		text := q.Text
		// 1. A heading fragment or a document's furniture in a question.
		if strings.Count(text, "[")+strings.Count(text, "【") != strings.Count(text, "]")+strings.Count(text, "】") ||
			strings.ContainsAny(strings.ReplaceAll(text, "○○", ""), "■□◆※●○▶") || charCountRe.MatchString(text) { // "대한○○의학회" is a name masked
			add("heading", text, "a heading fragment, bullet or 문항 length")
		}
		if m := enRoleSlotRe.FindStringSubmatch(text); m != nil && regexp.MustCompile(`(?i)^(?:summary|about|overview|careers|position|location)\b|full-time|part-time|on-site|remote|hybrid|, [A-Z]{2}\b|[.!?]$| is | are `).MatchString(m[1]) {
			add("heading", text, "the role slot holds "+m[1])
		}
		if m := enCompanySlotRe.FindStringSubmatch(text); m != nil && (regexp.MustCompile(`[%()]|^[a-z]`).MatchString(m[1]) || len(strings.Fields(m[1])) > 5) {
			add("heading", text, "the company slot holds "+m[1])
		}
		if m := roleSlotRe.FindStringSubmatch(text); m != nil && (strings.ContainsAny(m[1], "/|:") || regexp.MustCompile(`채용|소개|업무|요건|자격|^및 |^또는 |\d{4}년|다\.?$`).MatchString(m[1])) {
			add("heading", text, "the role slot holds "+m[1])
		}
		// 2. A heading word or a job title taken as a skill.
		var slots []string
		for _, m := range skillSlotRe.FindAllStringSubmatch(text, -1) {
			slots = append(slots, strings.Split(strings.TrimSpace(m[1]+m[2]+m[3]+m[4]), " and ")...)
		}
		for _, x := range slots {
			x = strings.TrimSpace(x)
			lx := strings.ToLower(x)
			upper := strings.ToUpper(x) == x && utf8.RuneCountInString(x) >= 6 && !strings.ContainsAny(x, "0123456789/&-+") &&
				regexp.MustCompile(`(?m)^\s*`+regexp.QuoteMeta(x)+`\s*:?\s*$`).MatchString(docs) // a heading: alone on its line
			first, _ := utf8.DecodeRuneInString(x)
			plain := len(strings.Fields(x)) == 1 && unicode.IsUpper(first) && strings.ToLower(x[:1])+x[1:] == lx &&
				regexp.MustCompile(`(^|[^A-Za-z])`+regexp.QuoteMeta(lx)+`([^A-Za-z]|$)`).MatchString(docs)
			// One word of a longer name ("Key" of "Key Stage 3").
			fragment := len(strings.Fields(x)) == 1 && unicode.IsUpper(first) && strings.ToLower(x[1:]) == x[1:] && regexp.MustCompile(`\b(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th)) `+regexp.QuoteMeta(x)+`\b|\b`+regexp.QuoteMeta(x)+` (?:[A-Z][a-z]|\d)`).MatchString(docs) &&
				!regexp.MustCompile(`(?:^|[^A-Za-z])`+regexp.QuoteMeta(x)+`(?:[^A-Za-z ]|$| [a-z])`).MatchString(docs)
			// The second word of an acronym's name ("DSS" of "PCI DSS"),
			// never seen alone.
			if strings.ToUpper(x) == x && len(x) >= 2 && regexp.MustCompile(`\b[A-Z]{2,} `+regexp.QuoteMeta(x)+`\b`).MatchString(docs) &&
				len(regexp.MustCompile(`\b`+regexp.QuoteMeta(x)+`\b`).FindAllString(docs, -1)) == len(regexp.MustCompile(`\b[A-Z]{2,} `+regexp.QuoteMeta(x)+`\b`).FindAllString(docs, -1)) {
				fragment = true
			}
			language := map[string]bool{"english": true, "spanish": true, "korean": true, "french": true, "german": true, "chinese": true, "japanese": true, "mandarin": true}[lx]
			// A degree, a company's legal form, a place ("M.S", "LLP", "Ohio").
			notSkill := regexp.MustCompile(`^(?:[BM]\.?[AS]c?\.?|Ph\.?D\.?|MBA|LLP|LLC|Inc\.?|Ltd\.?|PLC)$`).MatchString(x) ||
				regexp.MustCompile(`(?:^|[^A-Za-z])`+regexp.QuoteMeta(x)+`,\s*(?:[A-Z]{2}|UK|USA)\b`).MatchString(docs) || map[string]bool{"Ohio": true, "Texas": true, "California": true, "Virginia": true, "Washington": true}[x]
			if upper || titleWords[lx] || plain || fragment || language || notSkill {
				add("heading-as-skill", text, x)
			}
		}
		// 0. A figure the question asks about that is not in what it
		// quotes ("How was the $310K measured" after a quote without it).
		for _, m := range figureSlotRe.FindAllStringSubmatch(text, -1) {
			fig := strings.TrimSpace(m[1] + m[2] + m[3] + m[4] + m[5] + m[6] + m[7])
			if fig != "" && !strings.Contains(strings.Join(quoteRe.FindAllString(text, -1), " "), fig) {
				add("cut", text, "asks about "+fig+", which it does not quote")
			}
		}
		qre := quoteRe
		if !i18n.HasHangul(text) {
			qre = enQuoteRe // an English question quotes in "…"; its apostrophes are words
		}
		for _, m := range qre.FindAllStringSubmatch(text, -1) {
			inner := strings.TrimSpace(m[1] + m[2])
			quoteUses[inner]++
			if utf8.RuneCountInString(inner) < 3 {
				add("cut", text, "an empty quote")
				continue
			}
			// 3. A quote cut mid-phrase or starting mid-clause.
			if why := cutIn(inner, flat); why != "" {
				add("cut", text, why)
			}
			if !bracketsClosed(inner) {
				add("cut", text, "a bracket opened and not closed")
			}
			// 4. A credential asked as an experience (not one asked
			// about as the licence or certificate it is).
			// A requirement is quoted from the posting: a resume's own
			// sentence that mentions a degree ("석사 연구에서 … 개발했다")
			// is a deed.
			// (An English line's own double quotes are single in the
			// question's.)
			fromResume := strings.Contains(strings.ReplaceAll(flatten(resume), `"`, "'"), string([]rune(inner)[:min(10, len([]rune(inner)))]))
			if credentialTestRe.MatchString(inner) && !fromResume && !asCredentialRe.MatchString(quoteRe.ReplaceAllString(text, "")) {
				add("credential", text, inner)
			}
			// 5. A gap claimed where the resume shows it.
			if gapFrameRe.MatchString(text) {
				lowR := strings.ToLower(resume)
				for term, eqs := range equivalents {
					if !strings.Contains(strings.ToLower(inner), term) {
						continue
					}
					for _, e := range append(eqs, term) {
						if strings.Contains(lowR, e) {
							add("false-gap", text, term+" shown by "+e)
							break
						}
					}
				}
			}
		}
		// 7. The Korean grammar of inserted words.
		for _, m := range particleAfterQuote.FindAllStringSubmatch(text, -1) {
			if !agrees(m[1], m[2]) {
				add("grammar", text, "'"+m[1]+"'"+m[2])
			}
		}
		if m := valueSlotRe.FindStringSubmatch(text); m != nil && (adjectiveRoots[m[1]] || !agrees(m[1], m[2])) {
			add("grammar", text, m[1]+m[2])
		}
	}
	// 5b. A year asked as a result ("그 2018년이 나오기까지", "beat 2021").
	for _, q := range qs {
		if m := yearAsResultRe.FindStringSubmatch(q.Text); m != nil {
			add("cut", q.Text, "a year as the result: "+m[0])
		}
	}
	// 6. One quote carrying two questions of a set.
	for qt, n := range quoteUses {
		if n >= 2 {
			add("repeated", qt, "quoted by two questions or more")
		}
	}
	return out
}

// agrees reports whether particle p fits after w's last sound (a number
// or Latin letter is read as Korean reads it).
func agrees(w, p string) bool {
	with := map[string]bool{"을": true, "이라는": true, "이라고": true, "이": true, "은": true, "과": true}
	without := map[string]bool{"를": true, "라는": true, "라고": true, "가": true, "는": true, "와": true}
	if !with[p] && !without[p] {
		return true
	}
	return batchim(w) == with[p]
}

// flatten joins a document's lines into one text with single spaces, so
// that a quote can be found whatever the line breaks; a line break is
// kept as " \n " where the line ended a sentence or an item.
func flatten(doc string) string {
	var b strings.Builder
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		// A table's cells, apart by three spaces or more, each start anew.
		l = regexp.MustCompile(`\S\s{3,}`).ReplaceAllStringFunc(strings.TrimSpace(l), func(m string) string { return m[:1] + " \n " })
		b.WriteString(l)
		if i+1 < len(lines) && carriesOn(l, strings.TrimSpace(lines[i+1])) {
			b.WriteString(" ")
		} else {
			b.WriteString(" \n ")
		}
	}
	return strings.Join(strings.FieldsFunc(b.String(), func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }), " ")
}

// carriesOn reports whether next carries on the sentence of line (the
// test's own reading, kept apart from the generator's): line is long and
// unfinished, and next starts in lower case or with Hangul.
func carriesOn(line, next string) bool {
	if utf8.RuneCountInString(line) < 30 || next == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".!?:)다요", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(first) || unicode.Is(unicode.Hangul, first)
}

// cutIn says how quote is cut in the flattened documents: it starts inside
// a word or a clause, or (in English) ends where its phrase goes on. A
// quote the generator reworded (a Korean formal ending made plain) is
// found by its beginning.
func cutIn(quote, flat string) string {
	if r, _ := utf8.DecodeRuneInString(quote); strings.ContainsRune(":;,.)]）-–", r) {
		return "starts with " + string(r)
	}
	probe := strings.Join(strings.Fields(quote), " ")
	i := strings.Index(flat, probe)
	if i < 0 && i18n.HasHangul(probe) {
		r := []rune(probe)
		if len(r) > 6 {
			probe = string(r[:len(r)-3])
			i = strings.Index(flat, probe)
		}
	}
	if i < 0 {
		return "" // reworded: nothing to measure
	}
	// The quote may be whole where it stands in one document and cut
	// where the other has the same words ("SCADA experience" is a line of
	// the posting and part of "No SCADA experience yet").
	first := cutAt(quote, probe, flat, i)
	for j := i + 1; first != "" && j < len(flat); j++ {
		k := strings.Index(flat[j:], probe)
		if k < 0 {
			break
		}
		j += k
		if cutAt(quote, probe, flat, j) == "" {
			return ""
		}
	}
	return first
}

// cutAt is cutIn for the occurrence of probe at i.
func cutAt(quote, probe, flat string, i int) string {
	before := strings.TrimRight(flat[:i], " ")
	if before != "" {
		prev, _ := utf8.DecodeLastRuneInString(before)
		if unicode.IsLetter(prev) || unicode.IsDigit(prev) {
			// After a word: fine only after a Korean connective that ends a
			// clause (…했고, …하며), not inside one ("있어 HubSpot").
			words := strings.Fields(before)
			w := words[len(words)-1]
			// A sentence's opening pointer to the one before ("그 결과",
			// "또", "이후") may be left out.
			marker := w == "ㅇ" || w == "ㆍ" || w == "•" || w == "▪" || regexp.MustCompile(`^(?:KSC|SC|EC|DC|KC)\d{1,2}$`).MatchString(w) || map[string]bool{"또": true, "또한": true, "그리고": true, "그래서": true, "결과": true, "결과,": true, "결국": true, "이후": true, "이후,": true, "덕분에": true}[w]
			if !marker && (i18n.HasHangul(w) && !clauseEndsWord(w) || !i18n.HasHangul(w) && !englishBreakWord[strings.ToLower(w)]) {
				return "starts mid-clause after " + w
			}
		}
	}
	first := strings.Fields(quote)[0]
	if fs := strings.Fields(quote); len(fs) > 1 && strings.HasSuffix(first, "할") && fs[1] == "수" {
		return "starts with the predicate " + first + " 수"
	}
	if i18n.HasHangul(first) && connectiveWord(first) && len(strings.Fields(quote)) > 1 {
		return "starts with the connective " + first
	}
	// A Korean quote that stops on a noun the documents go on listing
	// ("… 직접 작성하며 기상" of "기상, 연료, 중량이 …").
	if i18n.HasHangul(quote) && len(probe) == len(strings.Join(strings.Fields(quote), " ")) && strings.HasPrefix(flat[i+len(probe):], ", ") {
		ws := strings.Fields(quote)
		if last := ws[len(ws)-1]; utf8.RuneCountInString(last) <= 3 && !clauseEndsWord(last) && !strings.HasSuffix(last, "다") && len(ws) > 2 && clauseEndsWord(ws[len(ws)-2]) {
			return "ends inside a list on " + last
		}
	}
	if !i18n.HasHangul(quote) && len(probe) == len(strings.Join(strings.Fields(quote), " ")) {
		after := strings.TrimLeft(flat[i+len(probe):], " ")
		if after != "" {
			next, _ := utf8.DecodeRuneInString(after)
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				w := strings.Fields(after)[0]
				if !englishBreakWord[strings.ToLower(w)] {
					return "ends before " + w
				}
			}
		}
	}
	return ""
}

// englishBreakWord may follow the end of a whole English clause.
var englishBreakWord = map[string]bool{"used": true, "and": true, "by": true, "which": true, "while": true, "so": true, "through": true, "using": true, "with": true, "after": true, "before": true, "because": true, "to": true, "for": true, "across": true, "when": true, "where": true, "who": true, "that": true, "then": true, "but": true, "or": true}

// clauseEndsWord reports whether a Korean word ends a clause (…고, …며,
// …해, …어): a quote may start after it, never with it.
func clauseEndsWord(w string) bool {
	w = strings.TrimRight(w, ",")
	for _, e := range []string{"고", "며", "면서", "는데", "지만", "해서", "하여", "해", "어", "아", "여", "니", "면", "서", "눠", "꿔", "워", "춰", "쳐", "려", "져"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// connectiveWord is a short word that only ties its clause to the one
// before ("있어", "내며"): a quote cannot start with it.
func connectiveWord(w string) bool {
	if utf8.RuneCountInString(w) > 3 || map[string]bool{"출고": true, "입고": true, "재고": true, "반고": true, "신고": true, "공고": true, "광고": true, "보고": true, "참고": true, "사고": true, "최고": true, "창고": true, "원고": true, "경고": true, "회고": true, "학교": true, "병해": true, "피해": true, "손해": true, "재해": true, "이해": true, "견해": true, "장해": true}[w] {
		return false // a noun (출고 관리), not a connective
	}
	for _, e := range []string{"고", "며", "있어", "되어", "하여", "해서", "해", "게", "도록"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// TestNoDefectsOnTheCoachSet runs every defect class over ten questions
// of every pair of the coach set, and over the English and Korean frames
// both (the same documents asked in the other language).
func TestNoDefectsOnTheCoachSet(t *testing.T) {
	byClass := map[string]int{}
	for _, c := range coachSet {
		resume, jd := doc(t, c.name+"_resume.txt"), doc(t, c.name+"_jd.txt")
		qs := Offline(Profile{Resume: resume, JD: jd, Lang: c.lang}, 10, nil)
		for _, d := range defectsOf(qs, resume, jd) {
			byClass[d.class]++
			t.Errorf("%s: %s: %s\n\t%s", c.name, d.class, d.why, d.question)
		}
	}
	t.Logf("defects by class: %v", byClass)
}

// bracketsClosed: every bracket a quote opens it closes (the test's own).
func bracketsClosed(c string) bool {
	return strings.Count(c, "(") == strings.Count(c, ")") && strings.Count(c, "[") == strings.Count(c, "]") && strings.Count(c, `"`)%2 == 0
}

// TestAPublicNoticeAsTheJD: a real 공고문 (the 문화체육관광부 notice of
// internal/document/testdata, read from its HWP by `nevermind doc`) is
// 1,500 lines of positions, tables, forms, addresses and rules for
// applying. Ten questions from it ask about the work and what it asks of
// a candidate (종무 업무, 불교 관련 지식), with no defect and nothing of
// the notice's furniture (붙임, 서식, a phone number, 응시원서, 증명서 1부,
// 5급 as a certificate).
func TestAPublicNoticeAsTheJD(t *testing.T) {
	resume, jd := doc(t, "ko_public_resume.txt"), doc(t, "notice_mcst_jd.txt")
	qs := Offline(Profile{Resume: resume, JD: jd, Lang: "ko"}, 10, nil)
	if len(qs) < 8 {
		t.Fatalf("%d questions", len(qs))
	}
	for _, d := range defectsOf(qs, resume, jd) {
		t.Errorf("%s: %s\n\t%s", d.class, d.why, d.question)
	}
	furniture := regexp.MustCompile(`붙임|별지|서식|참조|\d{2,3}-\d{3,4}-\d{4}|응시원서|증명서|1부|수입인지|배수|개인정보|A4|제출|5급`)
	work := false
	for _, q := range qs {
		for _, m := range quoteRe.FindAllStringSubmatch(q.Text, -1) {
			inner := m[1] + m[2]
			if f := furniture.FindString(inner); f != "" && !strings.Contains(resume, inner[:min(len(inner), 12)]) {
				t.Errorf("the notice's furniture (%s) in: %s", f, q.Text)
			}
		}
		work = work || strings.Contains(q.Text, "종무") || strings.Contains(q.Text, "불교")
	}
	if !work {
		for _, q := range qs {
			t.Log(q.Text)
		}
		t.Error("no question about the work the notice hires for (종무 업무)")
	}
}
