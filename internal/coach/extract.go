package coach

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"nevermind/internal/i18n"
)

// Facts are what the offline generator takes from a resume and a job
// description: the things a question can name.
type Facts struct {
	Role         string   // the position, from the JD
	Company      string   // the company, from the JD, when it says
	Projects     []string // resume sentences about something the writer did
	Achievements []string // resume sentences with a number (a result, a size, a time)
	Values       []string // qualities the writer claims (책임감, communication, …)
	Skills       []string // skills named in both documents, most important first
	Gaps         []string // JD requirements the resume does not mention
	Requirements []string // JD requirements that name no skill (3교대 근무 가능자, presenting to executives)
	Duties       []string // what the JD says the job does
	Asks         []string // every requirement line but credentials and notes, in the JD's order
	Credentials  []string // requirement lines that name a licence or a certificate (전산회계 자격 보유자, CPA or CFA)
	resume       string   // the resume itself, for what a question checks against it
	sentences    []string // the resume's sentences and list items, as sentences splits them
	// ItemOf is the 자기소개서 문항 (its number) each resume sentence
	// answers, when the 자기소개서 is written as numbered 문항.
	ItemOf map[string]int
}

var (
	sentenceEnd = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:[.!?。]|다\.|요\.)\s+|\n+`) })
	bulletStart = sync.OnceValue(func() *regexp.Regexp {
		// "ㄴ", "└", "↳" mark a sub-item; a number is a list's only
		// when no digit follows its point ("2020.06 ~" is a date).
		return regexp.MustCompile(`^\s*(?:[-•*·▶■□◦●○ㅇ∙‧▪▸➢✓✔ㆍ・ㄴ└↳]|\d+\.(?:\s|$)|\d+\)|\d+\.[^\d]|[①-⑳]|[가-하][.)])\s*`)
	})
	numberRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\d[\d,.]*\s*억\s*\d[\d,.]*\s*(?:천만|천|만)\s*원|\d[\d,.]*\s*(?:%p|%|퍼센트|배|명|개월|개|건|회|번|주|일|달|년|시간|분|초|점|위|만\s?원|억\s?원|천\s?원|만|억|천|원|달러|ms|km|kg|MB|GB|TB|k|K|M|x|users|people|customers|weeks|months|years|hours|minutes|seconds|days|points|times|products|managers|projects)?`)
	})
	resultCues = []string{"줄였", "줄이", "늘었", "늘렸", "높였", "높아졌", "높아져", "단축", "증가", "감소", "달성", "받았", "찾아내", "절감", "개선", "향상", "올랐", "올렸", "1위", "수상", "유지", "참여했", " 0건", "(0건",
		"낮췄", "낮추", "낮아졌", "줄었", "줄어들", "떨어뜨", "끌어올", "높아졌", "늘어났", "확대했", "확보했", "회복", "절약",
		" now ", "held under", "held below", "held at", "held above", "found", "recovered", "identified", "rose", "cut", "lifted", "dropped", "increased", "reduced", "grew", "saved", "improved", "raised", "won", "doubled", "decreased", "boosted", "keeping", "kept", "maintained",
		"fell", "achieved", "exceeded", "secured", "generated", "avoided", "halved", "tripled", "shortened", "eliminated", "ahead of", "early",
		// A figure set against another ("Callback rate 1.2% … vs 4% company
		// average", "전년 대비 …").
		" vs ", " vs. ", "versus", "대비"}
)

// sentences splits a document into trimmed sentences and list items. A
// line that carries on the sentence of the line before (a bullet wrapped
// at the page's width) is joined to it first; a 자기소개서 문항's prompt
// ("2. 본인의 강점과 약점 (500자)") is a heading, not a sentence.
func sentences(doc string) []string {
	var out []string
	var lines []string
	for _, line := range joinWrapped(doc) {
		// A Markdown export's marks ("**자동화**", "`boto3`", "> 💡",
		// "- [x]") are not the text.
		line = labelledCell(markdownMarks().ReplaceAllString(line, ""))
		// Items a table's cell runs together ("… 재배치 ㆍ성과 : 오출고율
		// 0.8% → 0.2%") are items of their own.
		lines = append(lines, inlineBullet().Split(line, -1)...)
	}
	for _, line := range lines {
		if itemPrompt(line) {
			continue
		}
		line = bulletStart().ReplaceAllString(line, "")
		for _, s := range splitKeep(line) {
			s = strings.TrimSpace(s)
			if utf8.RuneCountInString(s) >= 6 {
				out = append(out, s)
			}
		}
	}
	return out
}

// markdownMarks are Markdown's emphasis, code marks, quote marks and
// task boxes.
var markdownMarks = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\*\*|__|` + "`" + `|^\s*>\s*|^\s*[-*]\s*\[[ xX]\]\s*`)
})

// labelledCell is what a two-cell table row says after its label ("| 성과
// | 원가율 32.5% → 28.7% |", "출고 | 일 4,000건 … 마감 운영"): the
// content, as a line of its own. A form's field ("부서 / 직급 | 주임"), a
// row of more cells or a separator row stay as they are.
func labelledCell(line string) string {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "|") && strings.HasSuffix(t, "|") {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	cells := strings.Split(t, "|")
	if len(cells) != 2 {
		return line
	}
	label, content := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1])
	if label == "" || utf8.RuneCountInString(label) > 8 || strings.IndexFunc(label, unicode.IsDigit) >= 0 || fieldLine().MatchString(label+": x") ||
		utf8.RuneCountInString(content) < 8 || strings.Trim(content, "-: ") == "" {
		return line
	}
	return content
}

// inlineBullet is a bullet mark inside a line, after a space.
var inlineBullet = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+[ㆍ•▪◦]\s*`) })

// joinWrapped is the document's lines with each wrapped line joined to
// the line it continues.
func joinWrapped(doc string) []string {
	var out []string
	bulleted := false // the line being built started with a bullet
	for _, line := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(line)
		// A bullet's second line indented under it goes on the bullet,
		// whatever it starts with ("… the regional final of the
		// Salters'" / "  Festival of Chemistry in 2019.").
		indented := t != "" && (strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t")) && !bulletStart().MatchString(t) &&
			!strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "【") && !heading(t)
		if n := len(out); n > 0 && (continues(out[n-1], t) || bulleted && indented && !strings.ContainsRune(".!?", lastRune(out[n-1]))) {
			out[n-1] += " " + t
			continue
		}
		out = append(out, t)
		bulleted = bulletStart().MatchString(t)
	}
	return out
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// continues reports whether next carries on the sentence of line: line is
// long (not a heading) and unfinished, and next is no new item (no bullet,
// number or bracket) and starts with anything but a capital letter (lower
// case, Hangul, a digit, "$48K").
func continues(line, next string) bool {
	if utf8.RuneCountInString(line) < 30 || next == "" || bulletStart().MatchString(next) || strings.HasPrefix(next, "[") {
		return false
	}
	// "비고 : …", "Result: …": a field of its own, as the line before
	// was ("담당업무 : …").
	if cellLabel().MatchString(next) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".!?:)]다요。|", last) {
		return false // a table's row ends on its bar
	}
	first, _ := utf8.DecodeRuneInString(next)
	if strings.ContainsRune("•·*-–—■□●○◆◇▶※#[【(|ㄴ└↳", first) {
		return false
	}
	// A line that stops on a word that needs what follows ("… act as
	// the", "… register into") goes on whatever the next starts with.
	ws := strings.Fields(line)
	return !unicode.IsUpper(first) || danglingWords[strings.ToLower(ws[len(ws)-1])]
}

// itemPromptRe matches a 자기소개서 문항's prompt: a number, its title, and
// usually its length ("1. 지원 동기 및 입사 후 포부 (500자)").
var itemPromptRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:\[?\s*문항\s*)?(\d{1,2})\s*[.)\]번:]\s*(.{2,80}?)\s*(?:[(（\[]\s*(?:최대\s*)?(?:(?:공백|띄어쓰기)\s*(?:포함|제외)\s*)?[\d,]+\s*자(?:\s*(?:이내|내외))?\s*[)）\]])?\s*$`)
})

// charLimit matches a 문항's length: "(500자)", "(1,000자 이내)".
var charLimit = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[(（\[]\s*(?:최대\s*)?(?:(?:공백|띄어쓰기)\s*(?:포함|제외)\s*)?[\d,]+\s*자(?:\s*(?:이내|내외))?\s*[)）\]]`)
})

// itemPrompt reports whether line is a 문항's prompt: it gives a length in
// characters, or it is a numbered line that asks (ends in "?") or names
// (no sentence ending) rather than tells.
func itemPrompt(line string) bool {
	l := strings.TrimSpace(line)
	if charLimit().MatchString(l) {
		return true
	}
	m := itemPromptRe().FindStringSubmatch(l)
	if m == nil || !i18n.HasHangul(l) {
		return false
	}
	t := strings.TrimRight(m[2], " .")
	return strings.HasSuffix(t, "?") || (!strings.HasSuffix(t, "다") && !strings.HasSuffix(t, "요") && utf8.RuneCountInString(t) <= 40)
}

// answerItems maps each sentence of a 자기소개서 written as numbered 문항
// ("1. 지원 동기 (500자)" and its answer) to its 문항's number; nil when it
// has fewer than two.
func answerItems(resume string) map[string]int {
	out := map[string]int{}
	current, prompts := 0, 0
	limited, prose, bullets := false, 0, 0
	for _, line := range joinWrapped(resume) {
		if itemPrompt(line) {
			if m := itemPromptRe().FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				fmt.Sscan(m[1], &current)
				prompts++
				limited = limited || charLimit().MatchString(line)
				continue
			}
		}
		if current == 0 {
			continue
		}
		if t := strings.TrimSpace(line); bulletStart().MatchString(t) {
			bullets++
		} else if sentenceEnds(t) {
			prose++
		}
		for _, s := range splitKeep(bulletStart().ReplaceAllString(line, "")) {
			if s = strings.TrimSpace(s); s != "" {
				out[s] = current
			}
		}
	}
	// Numbered sections of bullets ("1) 출고 관리" and its "ㆍ…" lines)
	// are a 경력기술서's, not 문항 answered in prose.
	if prompts < 2 || !limited && bullets > prose {
		return nil
	}
	return out
}

// splitKeep splits a line at sentence ends, keeping the end with the
// sentence.
func splitKeep(line string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd().FindAllStringIndex(line, -1) {
		if abbreviation().MatchString(line[:m[0]+1]) {
			continue // "… in the last 24 months vs. a company average …"
		}
		end := m[1]
		out = append(out, line[last:end])
		last = end
	}
	if last < len(line) {
		out = append(out, line[last:])
	}
	return out
}

var projectCues = []string{"프로젝트", "개발", "구축", "설계", "인턴", "동아리", "공모전", "대회", "봉사", "운영", "기획", "담당", "맡아", "맡았", "주도", "이끌", "리더", "팀장", "분석", "개선", "도입", "진행", "수행", "연구", "캠페인", "출시",
	"만들", "제안", "점검", "통일", "작성", "정리", "기록했",
	"project", "built", "developed", "led", "launched", "managed", "designed", "implemented", "created", "organized", "ran ", "analyzed", "improved", "founded", "intern", "research", "campaign", "migrated", "shipped", "owned",
	"proposed", "introduced", "wrote", "set up", "automated", "cleaned", "handled", "presented", "trained", "mentored",
	"taught", "planned", "coached", "tutored", "organised", "facilitated", "delivered", "established", "coordinated", "volunteered", "supported",
	// The verbs a résumé line opens with, past tense.
	"closed", "hit", "booked", "sold", "won", "secured", "negotiated", "rewrote", "caught", "cut", "reduced", "grew", "achieved", "exceeded",
	"drove", "generated", "reviewed", "administered", "audited", "inspected", "installed", "wired", "tested", "rebuilt", "redesigned",
	"streamlined", "standardised", "standardized", "simplified", "consolidated", "resolved", "investigated", "recruited", "hired", "onboarded",
	"supervised", "oversaw", "piloted", "drafted", "edited", "translated", "produced", "conducted", "prepared", "mapped", "tracked",
	"integrated", "deployed", "refactored", "optimised", "optimized", "modernised", "modernized", "expanded", "raised", "restructured", "replaced", "converted",
	"traced", "interviewed", "testified", "precepted", "counseled", "counselled", "identified", "worked on", "worked with", "served"}

// copulaEnd matches a Korean sentence that ends on a copula ("…
// 방식이었습니다", "… 수준입니다"): it says what something is or was.
var copulaEnd = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:이었|였|입니|이에요|예요|이다|였다)(?:습니다|다|요)?\.?$`)
})

// presentDeed reports whether an English line opens on a verb in the
// present, as a current job's bullets do ("Run 28-34 service calls per
// week", "Own 62 maintenance agreements").
//
// A line that opens on a verb in the past the cue list does not have
// ("Monitored anesthesia for 600+ procedures", "Performed full-mouth
// dental radiographs") is one too; an adjective in -ed ("Licensed
// Veterinary Technician", "Experienced in …") is not.
func presentDeed(s string) bool {
	t := strings.TrimSpace(stripTags(s))
	// "EXHIBITS: Co-curated …": the deed after its section's label.
	if m := re(`^[A-Z][A-Z &/-]{2,30}:\s+`).FindString(t); m != "" {
		t = t[len(m):]
	}
	first, rest, _ := strings.Cut(t, " ")
	if i18n.HasHangul(s) {
		return false
	}
	low := strings.ToLower(first)
	if presentVerbs[low] {
		return true
	}
	return len(low) >= 6 && strings.HasSuffix(low, "ed") && !edAdjectives[low] && strings.Trim(low, "abcdefghijklmnopqrstuvwxyz-") == "" &&
		len(strings.Fields(rest)) >= 3 && !strings.HasPrefix(strings.ToLower(rest), "in ") && !strings.HasPrefix(strings.ToLower(rest), "with ")
}

// edAdjectives open a résumé's lines as adjectives, not as deeds.
var edAdjectives = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`licensed certified registered qualified accredited experienced skilled advanced detailed dedicated motivated talented seasoned
		based focused interested required preferred needed expected proven demonstrated varied mixed limited united combined assured insured retired
		self-motivated detail-oriented results-driven data-driven blended extended expired bilingual trained worked`) {
		m[w] = true
	}
	return m
}()

var presentVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`run own lead manage mentor train coach coordinate maintain build develop design plan deliver handle oversee supervise teach write
		review prepare analyse analyze monitor process track test install repair service negotiate sell recruit onboard administer conduct create drive organise organize
		audit inspect investigate draft edit produce schedule present facilitate reconcile forecast budget`) {
		m[w] = true
	}
	return m
}()

// abbreviation matches a text that ends on an abbreviation's point, where
// no sentence ends ("vs.", "e.g.", "approx.", "Dr.").
var abbreviation = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[\s(])(?:vs|e\.g|i\.e|approx|incl|esp|no|dr|mr|mrs|ms|st|jr|sr|inc|ltd|co|dept|est|u\.s|a\.m|p\.m)\.$`)
})

// hasCue is containsAny with English cues as whole words: "found" is not
// in "foundation", "cut" not in "cutting-edge".
func hasCue(low string, cues []string) bool {
	for _, c := range cues {
		if c == "" || c[0] >= 0x80 || strings.HasPrefix(c, " ") || strings.HasPrefix(c, "(") {
			if strings.Contains(low, c) {
				return true
			}
			continue
		}
		if eachAt(low, c, func(at, end int) bool {
			before, _ := utf8.DecodeLastRuneInString(low[:at])
			after, _ := utf8.DecodeRuneInString(low[end:])
			return (at == 0 || !unicode.IsLetter(before)) && (end == len(low) || !unicode.IsLetter(after) || strings.HasSuffix(c, " "))
		}) {
			return true
		}
	}
	return false
}

// maskCompounds hides the result words inside longer words that mean
// something else: 회복 in 사회복지, 유지 in 유지보수.
func maskCompounds(low string) string {
	// "2급 대비 강의": preparing for, not compared with.
	return strings.NewReplacer("사회복지", "사회_복지", "유지보수", "유지_보수", "대비 강의", "대_비 강의", "대비 과정", "대_비 과정", "대비 수업", "대_비 수업", "대비 특강", "대_비 특강", "시험 대비", "시험 대_비").Replace(low)
}

// beforeAfter matches a figure before and after a change, with an arrow
// ("97.5% → 99.6%", "3일 -> 1일", "2일 → 반나절").
var beforeAfter = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\d[\d.,]*\s*[%a-zA-Z가-힣]{0,3}\s*(?:→|->|⇒)\s*(?:약\s*)?(?:\d|반나절|절반|하루)`)
})

// verbalNounEnds are the verbal nouns a resume's bullet ends on when it
// says what was done ("… 수급 계획 수립 및 작업 배치", "… 기록 체계화").
var verbalNounEnds = []string{"해결", "관리", "대응", "변경", "수립", "체계화", "안정화", "자동화", "표준화", "정례화", "배치", "재배치", "응대", "상담", "조율", "처리", "발굴", "제작", "협의", "추가", "도입", "개선", "구축", "운영", "진행", "참여", "담당", "작성", "설계", "개발", "기획", "수행", "점검", "교육", "분석", "전환", "정비", "통합", "신설", "유치", "확보", "달성", "단축", "절감", "감소", "증가", "향상"}

// endsOnVerbalNoun reports whether a line without a sentence ending ends,
// brackets aside, on a verbal noun: a bullet that says what was done.
func endsOnVerbalNoun(s string) bool {
	t := strings.TrimSpace(re(`\s*[(（][^)）]*[)）]\s*$`).ReplaceAllString(stripTags(s), ""))
	t = strings.TrimRight(t, ". ")
	if sentenceEnds(t) || toolList(t) || fieldLine().MatchString(t) {
		return false
	}
	ws := strings.Fields(t)
	if len(ws) < 3 {
		return false // a heading ("1) 출고 관리"), not a bullet
	}
	last := ws[len(ws)-1]
	for _, e := range verbalNounEnds {
		if last == e || strings.HasSuffix(last, e) && utf8.RuneCountInString(last) <= utf8.RuneCountInString(e)+3 {
			return true
		}
	}
	return false
}

// reflectionEnds end a sentence about what the writer felt or learnt, not
// what they did ("…필요하다고 느꼈습니다").
var reflectionEnds = []string{"생각합니다", "생각한다", "믿습니다", "믿는다", "출발점입니다", "출발 점입니다", "출발점이 되었습니다", "출발점이 됐습니다", "계기가 되었습니다", "계기가 됐습니다", "느꼈습니다", "느꼈다", "생각했습니다", "생각했다", "깨달았습니다", "깨달았다", "배웠습니다", "배웠다", "알게 되었습니다", "알게 됐습니다", "다짐했습니다",
	"i realised", "i realized", "i learned", "i learnt", "taught me"}

// reflection reports whether a sentence (lower case) reflects rather than
// reports.
func reflection(low string) bool {
	t := strings.TrimRight(low, ". ")
	// Why the writer applies ("… 만들고 싶어 지원하게 되었습니다").
	if containsAny(t, []string{"싶어 지원", "싶어서 지원", "지원하게 되었", "지원하게 됐", "지원하게 된"}) {
		return true
	}
	for _, e := range reflectionEnds {
		if strings.HasSuffix(t, e) || strings.HasPrefix(e, "i ") && strings.Contains(t, e) || e == "taught me" && strings.Contains(t, e) {
			return true
		}
	}
	return false
}

// notADeed reports whether a resume line names no deed of the writer's
// that a question could take apart: a title with its dates ("Senior
// Account Executive — Ledgerly (2021–2024)", "프리랜서 UX 프로젝트
// (2021.03~2023.02)"), something not done ("Tableau로 대시보드를 만들어 본
// 경험은 없습니다", "I have never led a team"), something being learnt
// now ("SQL 문제를 매일 2개씩 풀고 있습니다", "currently learning
// Playwright"), or a thing noticed ("I noticed that …").
func notADeed(s string) bool {
	t := stripTags(strings.TrimSpace(s))
	low := strings.ToLower(strings.TrimRight(t, ". "))
	// A course taken, with its note or not ("… 실무 과정 수료 (12주, …)").
	field := fieldLine().MatchString(t) && !sentenceEnds(t) || toolList(t) || courseLine().MatchString(t) || courseLine().MatchString(strings.TrimSpace(parenthetical().ReplaceAllString(t, "")))
	field = field || re(`지원\s*(?:분야|직무)\s*[:：]`).MatchString(t) // a form's header, wherever it sits
	// A form's row of personal details, its labels spaced out to line up
	// ("주      소   경기도 여주시 …   희망 직무   골프장 코스관리").
	field = field || re(`^(?:주\s*소|성\s*명|연\s*락\s*처|이\s*메\s*일|생\s*년\s*월\s*일|희\s*망\s*직\s*무)\s`).MatchString(t)
	// Two dated titles on a line ("… 인턴(2023.07~2023.12) / … 인턴(2025.01~2025.03)").
	field = field || !sentenceEnds(t) && len(dateRange().FindAllString(t, -1)) >= 2
	// "Lean Six Sigma Green Belt — Northbrook Foods internal program, 2021"
	field = field || re(`(?i)\b(?:belt|certificate|certification|certified|diploma|licen[cs]e|programme|program|course)\b[^.]*,\s*(?:19|20)\d{2}$`).MatchString(t) && !hasCue(low, resultCues)
	// A retrospective's label ("💡 회고 —", "Lessons learned:").
	field = field || re(`^(?:회고|느낀\s*점|배운\s*점|소감|lessons? learned|reflection)\s*[:：—–-]`).MatchString(strings.TrimLeftFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }))
	// A title with its issuer and year ("MBTI Form M 일반강사 (한국MBTI연구소,
	// 2020)"): a credential held, not a deed, unless what precedes says what
	// was done.
	if m := issuerYear().FindStringIndex(t); m != nil && !sentenceEnds(t[:m[0]]) && !endsOnVerbalNoun(t[:m[0]]+" (x)") {
		field = true
	}
	// A 문항's prompt ("… 준비한 내용을 기술하시오"), or what someone
	// else did ("변호사님이 … 의견을 내셨습니다").
	field = field || containsAny(strings.TrimRight(low, ". ?"), []string{"기술하시오", "서술하시오", "작성하시오", "기술해 주십시오", "기술해 주세요", "서술해 주세요", "작성해 주세요", "바랍니다"}) || othersDeed().MatchString(t)
	// "2020.06 ~ 2020.12 (주)한울프로덕션 FD (6개월, …)": dates, then a
	// place and a title, what was done in brackets at most.
	if m := dateRange().FindStringIndex(t); m != nil && m[0] <= 2 && !sentenceEnds(t) {
		rest := strings.TrimSpace(parenthetical().ReplaceAllString(strings.ReplaceAll(t[m[1]:], "(주)", ""), ""))
		if !endsOnVerbalNoun(rest) && !containsAny(rest, []string{",", "·"}) && len(strings.Fields(rest)) <= 4 {
			field = true
		}
	}
	// "경력 요약 (총 10년 2개월, 외식 매장 운영)": a heading with its
	// note, too short without it to say what was done.
	field = field || i18n.HasHangul(t) && utf8.RuneCountInString(strings.TrimSpace(parenthetical().ReplaceAllString(t, ""))) < 8 && !sentenceEnds(t)
	// A note of what is attached ("별도 PDF 첨부 (자체 제작 교구 12종 …)").
	field = field || !sentenceEnds(t) && re(`첨부|(?i)\battached\b`).MatchString(t)
	// A career's sum ("※ 총 경력 6년 2개월 (인턴 기간 3개월 제외)").
	field = field || re(`^(?:※\s*)?총\s*경력\s*[:：]?\s*\d`).MatchString(t)
	// The document's own title ("… 신입사원 채용 — 입사지원서 (블라인드)").
	field = field || !sentenceEnds(t) && utf8.RuneCountInString(t) <= 60 && re(`입사\s*지원서|이력서|자기소개서|경력\s*기술서|(?i)\bcurriculum vitae\b|^(?i)resume\b`).MatchString(t)
	if datedTitle().MatchString(t) || enumerationHead(t) || field || strings.Count(t, "|") >= 2 || schooling().MatchString(t) {
		return true // a title, a list's head, "지원 분야: …", a table row, a degree
	}
	if containsAny(low, []string{"경험은 없", "경험이 없", "보지 못한", "보지 못했", "지 못한 점", "지 않은 점", "것이 전부", "진행 중", "작성 중", "준비 중", "보는 중", "in progress", "경험은 부족", "경험이 부족", "경험은 적", "경험이 적", "경험은 많지 않", "경험이 많지 않", "본 적은 없", "본 적이 없", "해 보지 못", "다뤄 보지 않", "have never", "i've never", "have not yet", "haven't yet", "no experience", "not yet used", "never used", "booked for", "not yet sat", "scheduled for", "not passed", "did not pass", "retake", "re-sit", "resit"}) {
		return true
	}
	if (strings.HasSuffix(low, "고 있습니다") || strings.HasSuffix(low, "고 있다") || strings.HasSuffix(low, "는 중입니다")) &&
		containsAny(low, []string{"익히", "공부", "준비", "풀고", "배우", "학습", "수강", "듣고"}) {
		return true
	}
	if re(`^(?:not used|never used|no experience|not yet|haven't|have not)\b`).MatchString(low) {
		return true // "Not used MS Project or Asta"
	}
	return containsAny(low, []string{"currently learning", "i am learning", "i'm learning", "currently studying", "i am studying", "i'm studying", "currently taking", "i noticed", "i realised", "i realized"})
}

// enumerationHead reports whether a sentence only opens one of a list of
// points ("첫째, 생산직 채용 운영입니다."): what was done follows it.
func enumerationHead(t string) bool {
	t = strings.TrimRight(t, ". ")
	for _, p := range []string{"첫째", "둘째", "셋째", "넷째", "다섯째", "마지막으로"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			rest = strings.TrimSpace(strings.TrimLeft(rest, ", "))
			return utf8.RuneCountInString(rest) <= 30 && (strings.HasSuffix(rest, "입니다") || strings.HasSuffix(rest, "이다"))
		}
	}
	return false
}

// toolList reports whether a line only lists things (tools, programs:
// "Excel(수량 산출 시트 작성), 한글(HWP), 사내 공사관리 ERP"): two commas
// or more, and outside its brackets nothing done and no sentence.
func toolList(t string) bool {
	bare := re(`[(（][^)）]*[)）]`).ReplaceAllString(t, "")
	if strings.Count(bare, ",")+strings.Count(bare, "、") < 2 || sentenceEnds(bare) || strings.Contains(bare, "→") {
		return false
	}
	low := strings.ToLower(bare)
	if hasCue(low, resultCues) {
		return false
	}
	// Three names or more, each short and none a clause or a figure
	// ("AutoCAD, MS Project, 사내 공사관리 ERP", "EC2, ALB, Route 53"): a
	// list whatever its words.
	names := re(`\s*[,、]\s*`).Split(strings.TrimSpace(bare), -1)
	short := len(names) >= 3 && !re(`\d\s*(?:%|건|명|개|원|배|시간|일|분)`).MatchString(bare)
	for _, n := range names {
		short = short && utf8.RuneCountInString(n) <= 25 && len(strings.Fields(n)) <= 4 && !re(`(?:했|하고|하여|해서|함)$`).MatchString(n)
	}
	// "4-point probe", "Civil 3D" name tools; their digits are no figure.
	return short || !containsAny(low, projectCues) && !numberRe().MatchString(re(`[A-Za-z]+\d+[A-Za-z]*|\d+-?[A-Za-z]`).ReplaceAllString(bare, ""))
}

// courseLine matches a course or training taken, with its year or hours
// ("사례관리 전문과정 기초 (2023, 24시간)", "Google UX course (2021)").
var courseLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:과정|교육|연수|강좌|세미나|수료|course|training|workshop|bootcamp)[^.]{0,30}[(（][^)）]{0,30}(?:19|20)\d{2}[^)）]*[)）]$|[(（][^)）]*\d+\s*시간[)）]$|(?:교육|과정|연수)['’」]?\s*(?:이수|수료)$`)
})

// issuerYear is a closing bracket naming who issued something and when.
var issuerYear = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\s*[(（][^)）,]*(?:협회|학회|연구소|연구원|공단|진흥원|위원회|재단|부|청|처|institute|association|council|board|society|academy)\s*,\s*(?:19|20)\d{2}(?:\.\s?\d{1,2})?\.?[)）]$`)
})

// dateRange is a span of dates ("2023.07~2023.12", "2021 – 2024").
var dateRange = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:19|20)\d{2}(?:[./]\s?\d{1,2})?\s*[-–—~∼]\s*(?:(?:19|20)\d{2}(?:[./]\s?\d{1,2})?|현재|present)`)
})

// othersDeed matches a sentence whose verb honours its subject ("변호사님이
// … 의견을 내셨습니다", "… 반대하셨습니다", "단골이 되셨다"): someone
// else's deed, as nobody writes so of themselves.
var othersDeed = sync.OnceValue(func() *regexp.Regexp {
	// "… 내셨습니다", and in English what someone else did to the writer
	// ("My surgeon cleared me for full duty …").
	return regexp.MustCompile(`셨(?:습니다|다)\.?$|^(?:My|Our) (?:surgeon|doctor|manager|boss|supervisor|director|mentor|teacher|professor|colleague|colleagues|client|clients|team lead)\b`)
})

// sentenceEnds reports whether s ends as a sentence does (했습니다,
// 했다, a full stop after a word), not as a label's value.
func sentenceEnds(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasSuffix(t, "다.") || strings.HasSuffix(t, "다") || strings.HasSuffix(t, "요.") || strings.HasSuffix(t, ".") && !i18n.HasHangul(t)
}

// fieldLine matches a form's field: a label a form has and a colon
// ("지원 분야: 시스템 기획", "학위논문: 「…」", "Skills: …"); a bullet's
// own label ("지역 자원 연계: 병원 등 15곳과 후원 협약") is no form field.
var fieldLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:성명|이름|담당\s*(?:타이틀|게임|제품|브랜드|과목|고객사?)|지원\s*분야|지원\s*직무|지원자|연락처|전화|휴대폰|이메일|e-?mail|주소|생년월일|학위\s*논문|논문|학교|학력|전공|기간|소속|직위|직급|근무지|자격증?|어학|보유\s*기술|사용\s*(?:프로그램|시스템|툴|도구)|기술\s*스택|발주처|공사비|공사\s*기간|규모|고객사|프로젝트명|name|phone|address|skills|tools|languages|certifications?|education|client|budget|부서(?:\s*/\s*직급)?|회사명?|퇴사\s*사유|이직\s*사유|희망\s*(?:직무|연봉|근무지)|총\s*경력|(?:주요\s*)?취급\s*품목|고용\s*형태|채널|방영\s*기간|방송\s*기간|매체|플랫폼|장르|근무\s*기간|재직\s*기간|비고|교육|연수)\s*[:：|]\s`)
})

// schooling matches a line about a degree held: a school and a degree,
// a major, a graduation or a grade.
var schooling = sync.OnceValue(func() *regexp.Regexp {
	// … and a programme at a school with its date ("Dietetic Technology,
	// Great Miami Community College, May 2022 — 450 hours …").
	return regexp.MustCompile(`(?i)(대학교|대학원|university|college).*(학사|석사|박사|졸업|전공|학점|degree|b\.?sc|m\.?sc|bachelor|master|gpa)|(학사|석사|박사|졸업|전공|학점|degree|bachelor|master|gpa).*(대학교|대학원|university|college)|^[A-Z][A-Za-z&,' ]{2,60}(?:College|University|Institute)[A-Za-z' ]{0,30},\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d{2}\b`)
})

// datedTitle matches a title line with its dates and no sentence: a job,
// a project or a school and the years it ran.
var datedTitle = sync.OnceValue(func() *regexp.Regexp {
	const month = `(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?`
	return regexp.MustCompile(`(?i)^[^.!?。]{2,90}?[(\[（]?\s*` + month + `(?:19|20)\d{2}(?:[./]\s?\d{1,2})?\s*[-–—~∼]\s*(?:` + month + `(?:19|20)\d{2}(?:[./]\s?\d{1,2})?|present|now|current|현재|재직\s*중)\s*[)\]）]?$`)
})

// aboutTheCompany reports whether a resume sentence is about the company
// applied to ("풀이랩이 학생의 풀이 과정을 분석해…"): its subject is the
// company the JD names.
func aboutTheCompany(s, jd string) bool {
	_, company := roleAndCompany(jd)
	if company == "" {
		return false
	}
	t := strings.TrimSpace(stripTags(s))
	for _, p := range []string{"이 ", "가 ", "은 ", "는 ", "의 ", " is ", " has ", "'s "} {
		if strings.HasPrefix(t, company+p) {
			return true
		}
	}
	return false
}

// wishEnds end a sentence about what the writer wants to do, not what
// they did.
var wishEnds = []string{"싶습니다", "싶다", "겠습니다", "하겠다", "목표입니다", "목표이다", "목표다", "꿈입니다", "고자 합니다", "고자 한다", "려고 합니다", "려 합니다", "want to", "would like to", "hope to", "my goal is", "i aim to"}

var valueWords = []string{"책임감", "소통", "협업", "도전", "성실", "끈기", "리더십", "배려", "신뢰", "창의", "주인의식", "열정", "꼼꼼", "정직", "고객 중심", "문제 해결",
	"ownership", "communication", "collaboration", "teamwork", "curiosity", "integrity", "leadership", "persistence", "empathy", "initiative", "attention to detail", "customer focus", "problem solving", "adaptability"}

// valueNoun names a quality whose value word is an adjective's root.
var valueNoun = map[string]string{"꼼꼼": "꼼꼼함", "성실": "성실함", "창의": "창의성", "정직": "정직함"}

// skillLexicon lists skills the generator recognises by name; any Latin
// token that both documents share also counts.
var skillLexicon = []string{
	"데이터 분석", "데이터분석", "머신러닝", "딥러닝", "백엔드", "프론트엔드", "클라우드", "마케팅", "퍼포먼스 마케팅", "콘텐츠", "브랜딩", "영업", "회계", "재무", "세무", "결산", "원가", "예산", "품질 관리", "품질관리", "생산 관리", "공정", "설비", "물류", "구매", "인사", "채용", "교육", "기획", "서비스 기획", "UX", "UI", "디자인", "고객 관리", "CS", "간호", "환자 안전", "감염 관리", "통계", "시각화", "대시보드", "자동화", "보안", "네트워크", "API", "테스트", "배포", "모니터링", "리팩터링", "데이터베이스", "협상", "프레젠테이션", "보고서", "엑셀",
	"Python", "Java", "Kotlin", "Go", "JavaScript", "TypeScript", "React", "Vue", "Node.js", "Spring", "Spring Boot", "Django", "SQL", "MySQL", "PostgreSQL", "Redis", "Kafka", "AWS", "GCP", "Azure", "Docker", "Kubernetes", "Terraform", "CI/CD", "Git", "Linux", "REST", "GraphQL", "TensorFlow", "PyTorch", "Pandas", "Tableau", "Power BI", "Excel", "SAP", "ERP", "Figma", "Jira", "GA4", "Google Analytics", "SEO", "SEM", "A/B 테스트", "A/B testing", "A/B experiments", "CRM", "B2B", "B2C", "SaaS",
	"data analysis", "machine learning", "backend", "frontend", "cloud", "marketing", "sales", "accounting", "finance", "budgeting", "forecasting", "quality", "logistics", "procurement", "recruiting", "product management", "roadmap", "user research", "stakeholder", "experimentation", "statistics", "visualization", "dashboards", "automation", "security", "testing", "monitoring", "negotiation", "presentation", "SQL",
}

var requirementHeads = []string{"자격요건", "자격 요건", "자격 조건", "필요 역량", "필수", "우대", "우대사항", "지원자격", "응시자격", "응시 자격", "응시요건", "requirements", "qualifications", "what you'll need", "what you need", "what we need", "must have", "nice to have", "preferred", "you have", "we're looking for",
	"what you'll bring", "what you bring", "about you", "required", "desired", "minimum qualifications", "minimum requirements", "special requirements", "basic requirements", "job requirements", "basic qualifications", "preferred qualifications", "desired qualifications", "additional qualifications", "required qualifications", "who you are", "you'll need", "skills and experience", "what we're looking for", "essential", "desirable", "bonus points",
	"key selection criteria", "selection criteria", "person specification", "highly regarded", "highly desirable",
	// An NCS 직무기술서's 필요지식 · 필요기술 (its 직무수행태도 asks an
	// attitude, not a skill).
	"필요지식", "필요 지식", "필요기술", "필요 기술", "필요자격", "필요 자격",
	// A Canadian posting's nice-to-haves.
	"assets", "asset",
	// A startup's posting in its own voice.
	"이런 분을 찾", "이런 분이면", "이런 분과", "이런 경험이 있다면", "이런 경험이 있으면", "함께하고 싶은 분"}
var dutyHeads = []string{"주요업무", "주요 업무", "담당업무", "담당 업무", "업무 내용", "하는 일", "이런 일을", "합류하면", "함께할 업무", "주요 역할", "직무수행내용", "직무 수행 내용", "직무내용", "직무 내용", "responsibilities", "what you'll do", "the role", "you will",
	"essential functions", "essential duties", "key responsibilities", "main duties", "key duties", "duties and responsibilities", "duties"}

// fieldLabel is a line's leading label ("담당노선 :", "Tools:").
var fieldLabel = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*[가-힣A-Za-z][가-힣A-Za-z ]{1,11}\s*[:：]\s`)
})

// Extract reads the facts out of a resume and a JD (either may be empty).
func Extract(resume, jd string) Facts {
	resume = alignedTables(resume)
	rs := sentences(resume)
	f := Facts{resume: resume, sentences: rs}
	listed := listedLines(resume)
	for _, s := range rs {
		if listed[stripTags(s)] {
			continue // a skill or a licence under its section's heading
		}
		low := strings.ToLower(s)
		// Not a plan for the job ("입사 후 첫 6개월은 …"): nothing came of
		// it yet.
		if hasDigitResult(s) && (hasCue(maskCompounds(low), resultCues) || beforeAfter().MatchString(s)) && !problemOnly(low) && !notADeed(s) && !containsAny(low, []string{"입사 후", "입사하면", "입사하게 되면", "after joining", "in my first", "once i join"}) {
			f.Achievements = append(f.Achievements, s)
		}
		// What the writer admits lacking ("영문 보고서 작성은 … 보완이 필요합니다")
		// is asked as a gap (weaknessQs), not as something done.
		if selfDescription(s) || containsAny(strings.TrimRight(low, ". "), wishEnds) || reflection(low) || aboutTheCompany(s, jd) || notADeed(s) || containsAny(low, admissionCues) {
			continue
		}
		if endsOnVerbalNoun(s) || presentDeed(s) {
			f.Projects = append(f.Projects, s)
			continue
		}
		// "저의 연구는 대부분 … 방식이었습니다": what something was like,
		// not what was done.
		// A named project ("'우리 동네 숲 탐험' 숲놀이 프로젝트가
		// 전환점이었습니다") is still one.
		if copulaEnd().MatchString(strings.TrimSpace(s)) && !hasCue(low, resultCues) && !strings.Contains(s, "프로젝트") && !strings.ContainsAny(s, "'‘「〈") {
			continue
		}
		// A field's label ("담당노선 : 710번 …") says what the field holds,
		// not what was done.
		labelEnd := 0
		if m := fieldLabel().FindStringIndex(low); m != nil {
			labelEnd = m[1]
		}
		for _, c := range projectCues {
			// An English cue is a word of its own ("organised", not
			// "well-organised"; "co-developed" is).
			if i := strings.Index(low[labelEnd:], c) + labelEnd; i >= labelEnd && !strings.HasPrefix(low[i+len(c):], "자") && (c[0] >= 0x80 || i == 0 || low[i-1] == ' ' || low[i-1] == '(' || low[i-1] == '-' && !strings.HasSuffix(low[:i-1], "well")) {
				f.Projects = append(f.Projects, s)
				break
			}
		}
	}
	lowResume := strings.ToLower(resume)
	for _, v := range valueWords {
		// A word of its own: "communications" equipment claims no
		// communication.
		if i := strings.Index(lowResume, strings.ToLower(v)); i >= 0 && (i18n.HasHangul(v) || containsTerm(lowResume, strings.ToLower(v))) {
			w := resume[i : i+len(v)] // the resume's own spelling
			if n, ok := valueNoun[w]; ok {
				w = n // 꼼꼼 is a root: the quality is 꼼꼼함
			}
			f.Values = append(f.Values, w)
		}
	}
	f.Role, f.Company = roleAndCompany(jd)
	reqs, duties := jdSections(jd)
	askedJD := strings.ToLower(strings.Join(append(append([]string(nil), reqs...), duties...), "\n"))
	if len(reqs)+len(duties) < 3 {
		askedJD = strings.ToLower(jd) // no lists to go by: the whole posting
	}
	// Not a purpose cut from its sentence ("공사의 경영목표 달성을 위하여"),
	// which names no work.
	for _, d := range duties {
		if !endsWithAny(strings.TrimRight(stripTags(strings.TrimSpace(d)), ". "), []string{"위하여", "위해", "위해서", "위한"}) {
			f.Duties = append(f.Duties, d)
		}
	}
	// Skills: named in both documents (or, without a JD, in the resume),
	// ordered by how often the JD names them.
	lowJD := strings.ToLower(jd)
	var found []sk
	seen := map[string]bool{}
	add := func(name string) {
		key := strings.ToLower(strings.ReplaceAll(name, " ", ""))
		if seen[key] {
			return
		}
		seen[key] = true
		n := strings.Count(lowJD, strings.ToLower(name))
		if jd == "" {
			n = strings.Count(lowResume, strings.ToLower(name))
		}
		found = append(found, sk{name, n})
	}
	for _, s := range skillLexicon {
		ls := strings.ToLower(s)
		inR := containsTerm(lowResume, ls)
		inJ := jd == "" || containsTerm(lowJD, ls)
		if inR && inJ {
			add(s)
		}
	}
	docs := resume + "\n" + jd
	for _, tok := range latinTokens(resume) {
		if ordinaryWord(tok, resume, jd) || len(tok) <= 2 && !inLexicon(tok) || partOfName(tok, resume) && !inLexicon(tok) || onlyOnCertificateLines(tok, resume) ||
			credentialName().MatchString(tok) || onlyInHeader(tok, resume) || placeName(tok, docs) || pluralAcronym().MatchString(tok) || notASkill().MatchString(tok) ||
			ordinalBefore(tok, docs) || // "Edition" of "18th Edition"
			afterAcronymOnly(tok, docs) { // "DSS" of "PCI DSS"
			continue // "MI" of an address, "CP" of SHRM-CP, "Key" of Key Stage 3: not a skill
		}
		// A name the posting asks for or gives as work, not one of its
		// story ("sold at Walmart, Target …") when it has such lists.
		if jd != "" && containsTerm(askedJD, strings.ToLower(tok)) && !partOfFound(tok, found) {
			add(tok)
		}
	}
	// "Spring" inside "Spring Boot": keep the longer name.
	kept := found[:0]
	for _, f := range found {
		if !partOfFound(f.name, found) {
			kept = append(kept, f)
		}
	}
	found = kept
	// Named tools and methods first, then broad areas; within each, the
	// ones the JD repeats most.
	sort.SliceStable(found, func(i, j int) bool {
		gi, gj := genericSkill[found[i].name], genericSkill[found[j].name]
		if gi != gj {
			return !gi
		}
		return found[i].n > found[j].n
	})
	for _, s := range found {
		f.Skills = append(f.Skills, s.name)
	}
	// Gaps: requirement lines whose skills the resume never names. A
	// credential (학사 이상, a licence, years of experience) is checked on
	// paper, not asked as an experience; a note or the hiring steps are
	// not requirements at all.
	resumeStems := allStems(resume)
	for _, r := range reqs {
		// An eligibility rule ("박사학위를 취득한 후 1년 이상 … 경력이 있는
		// 사람") is one way in among several, not a degree asked for.
		degree := findDegree(r) != "" && !strings.Contains(r, "경력") && !strings.Contains(strings.ToLower(r), "years")
		if (certificateLine(r) || degree) && !notARequirement(r) {
			f.Credentials = append(f.Credentials, r)
		}
		if credential(r) || certificateLine(r) || notARequirement(r) {
			continue
		}
		f.Asks = append(f.Asks, r)
		lr := strings.ToLower(r)
		// A named tool or method decides; a broad area (채용, 물류) only
		// when the line names nothing more specific: "채용 관리
		// 시스템(ATS) 운영 경험자" is not shown by having done 채용.
		covered, named := false, false
		broadCovered, broadNamed := false, false
		for _, s := range skillLexicon {
			ls := strings.ToLower(s)
			if !containsTerm(lr, ls) {
				continue
			}
			has := containsTerm(lowResume, ls) || relatedIn(lowResume, s)
			if genericSkill[s] {
				broadNamed, broadCovered = true, broadCovered || has
				continue
			}
			named, covered = true, covered || has
		}
		// Practices the lexicon does not name ("쿼리 튜닝") count too.
		for term := range relatedTerms {
			if containsTerm(lr, strings.ToLower(term)) {
				named = true
				if containsTerm(lowResume, strings.ToLower(term)) || relatedIn(lowResume, term) {
					covered = true
				}
			}
		}
		// Tools the lexicon does not know (Airflow, Salesforce, BLS): the
		// resume shows the line when it has most of them, not one of three
		// ("Civil 3D(기초)" for "BIM(Civil 3D, Navisworks 등) …").
		tools, have := 0, 0
		for _, tok := range latinTokens(r) {
			if genericWord[strings.ToLower(tok)] || sentenceInitial(tok, r) {
				continue
			}
			named = true
			tools++
			if containsTerm(lowResume, strings.ToLower(tok)) {
				have++
			}
		}
		if have > 0 && (tools < 3 || have*2 >= tools) {
			covered = true
		}
		if !named {
			named, covered = broadNamed, broadCovered
		}
		// Nothing the lexicon knows: the line's own content words
		// ("언리얼 엔진(블루프린트)", "글로벌(특히 일본) 서비스 … 현지화")
		// decide when it has several and the resume has almost none.
		if !named {
			if cw := requirementWords(r); len(cw) >= 2 {
				have := 0
				for _, w := range cw {
					if resumeStems[w] {
						have++
					}
				}
				// The line's head (its first content word) missing and
				// most of the rest: 2-syllable stems are coarse ("프로"
				// of 프로그래머 is not 프로토타이핑).
				if have*3 < len(cw) || !resumeStems[cw[0]] && have*2 < len(cw) {
					named = true
				}
			}
		}
		switch {
		case named && !covered:
			f.Gaps = append(f.Gaps, r)
		case !named:
			f.Requirements = append(f.Requirements, r)
		}
	}
	f.ItemOf = answerItems(resume)
	f.Projects = dedupe(f.Projects)
	f.Achievements = dedupe(f.Achievements)
	return f
}

// requirementWords are the stems of what a Korean requirement names, without
// the words every requirement uses (경험, 이해, 능력, 우대 …) or that
// describe a manner (논리적, 원활한, 커뮤니케이션): "언리얼 엔진(블루프린트)
// 기반 데이터 작업" names 언리, 엔진, 블루, 데이, 작업.
func requirementWords(r string) []string {
	var out []string
	for _, w := range words(stripTags(r)) {
		rs := []rune(w)
		if len(rs) < 2 || !i18n.IsSyllable(rs[0]) {
			continue
		}
		st := string(rs[:2])
		if requirementStop[st] || commonStems[st] || slices.Contains(out, st) {
			continue
		}
		out = append(out, st)
	}
	return out
}

// requirementStop are the stems of words any requirement may use.
var requirementStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`경험 이해 능력 활용 기반 관련 우대 가능 보유 역량 업무 이상 경력 또는 특히 포함 원활 논리 커뮤 소통 문서 작성 적극 책임 성실 협업 기본 지식 사용 수행 직접 분석 관심 있는 있으 하신 하실 갖춘 대한 위한 통한 등의
		능숙 우수 필수 지원 분야 해당 전공 학력 무관 신입 경력자 가진 사람 분들 개발 운영 관리 진행 담당 처리 대응 기획 설계 참여 경우 자격 소지 취득 중심 전반 다양 명확 빠른 꼼꼼 주도`) {
		m[w] = true
	}
	return m
}()

// sentenceInitial reports whether tok is only the capitalised first word
// of line ("Able to explain …", "Working knowledge of …"), not a name.
func sentenceInitial(tok, line string) bool {
	if i18n.HasHangul(line) {
		return false // a Korean line's first Latin word is a name ("Amplitude, GA4 등 …")
	}
	first := strings.Fields(stripTags(line))
	if len(first) == 0 || strings.Trim(first[0], ",.:;") != tok {
		return false
	}
	rest := tok[1:]
	return unicode.IsUpper(rune(tok[0])) && rest == strings.ToLower(rest) && !strings.Contains(line[len(first[0]):], tok)
}

// credentialRe matches what a requirement asks to hold rather than to
// have done: a degree, a major, a licence or certificate held, years of
// experience, a language score.
var credentialRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)학사|석사|박사|학위|전공자|졸업(예정)?자|면허|자격증?\s*(소지|보유)|소지자|보유자|\d+\s*년\s*이상|경력\s*\d+\s*년|토익|TOEIC|OPIc|어학\s*성적|bachelor|master'?s|\bdegree\b|licen[cs]e|\d+\+?\s*years|right to work|eligib|병역|남성의 경우|운전\s*가능|driver'?s licen|학력\s*무관|전공\s*무관|결격|시력`)
})

// certificateRe matches a licence or a certificate a requirement names:
// by the words for one (자격증, 면허, 기사, certification) or by a
// well-known name.
var certificateRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`자격증|자격\s*(?:소지|보유|취득)|면허|[가-힣]+(?:기사|기술사|관리사|상담사|노무사|정교사|기능사|지도사)|` + koLicences + `|[가-힣]+(?:사|능력|검정|프로세서)\s*\d급|(?i:licen[cs]e|certification|certified|\bdesignation\b|\bregistered with\b|\bregistration (?:with|as)\b|\beligible for registration\b|\b(?:TOEIC|TOEFL|OPIc|TEPS|IELTS|JLPT|JPT|HSK|CPA|CFA|CMA|ACCA|PMP|CCRN|BLS|ACLS|SHRM-CP|SHRM-SCP|PHR|ISTQB|ADsP|SQLD|QTS|CHSE|NPD-BC|AWS Certified)\b)`)
})

// koLicences are the Korean licences named for a profession that ends
// in 사 (관세사, 보세사, 세무사) or 교사: no suffix tells them from other
// words.
const koLicences = `(?:관세사|보세사|세무사|회계사|법무사|노무사|변리사|행정사|감정평가사|손해사정사|건축사|약사|영양사|위생사|조리사|미용사|물리치료사|작업치료사|임상병리사|방사선사|치과위생사|보육교사|간호조무사|요양보호사)`

// certificateLine reports whether a requirement line asks for a licence
// or a certificate (not a degree or years of experience alone).
func certificateLine(r string) bool { return certificateRe().MatchString(r) }

// advancedDegree matches a degree above a bachelor's, which a posting
// may ask for and a candidate may not have yet.
var advancedDegree = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`석사|박사|\b(?:MSN|MBA|PhD|DNP)\b|(?i:master'?s degree|master of|doctorate)`)
})

// findDegree is the advanced degree a line names, or "": 석사 of 공학석사,
// not of 사회조사분석사.
func findDegree(r string) string {
	for _, m := range advancedDegree().FindAllStringIndex(r, -1) {
		if strings.HasSuffix(r[:m[0]], "분") && r[m[0]:m[1]] == "석사" {
			continue
		}
		return r[m[0]:m[1]]
	}
	return ""
}

// credential reports whether a requirement asks for a credential.
func credential(r string) bool { return credentialRe().MatchString(r) }

// notARequirement: a note ("※ 포트폴리오는 PDF로 제출"), the hiring steps
// ("→ 1차 면접 → …"), how to apply.
func notARequirement(r string) bool {
	orig := r
	// The terms of the job ("Travel: Up to 15%", "근무지: …"), not
	// something a candidate brings.
	if re(`(?i)^(?:travel|location|salary|pay|schedule|hours|shift|benefits?|start date|reports to|contract|근무지|근무\s*시간|근무\s*형태|급여|연봉|출장)\s*[:：]`).MatchString(strings.TrimSpace(r)) {
		return true
	}
	// A note in brackets ("… 취득 예정자 (※ 기한 내 미취득 시 …)",
	// "우대자격(서류전형 가점): …") leaves the requirement one.
	if t := strings.TrimSpace(parenthetical().ReplaceAllString(r, "")); t != "" {
		r = t
	}
	// The physical demands of the job ("Able to lift 50 lbs and push
	// equipment carts") are its terms, not something to tell of.
	if re(`(?i)\b(?:lift|push|carry)(?:ing)?\b[a-z ]{0,20}?\d+\s*(?:lbs?|pounds|kg)\b|^physical (?:demands|requirements)`).MatchString(r) {
		return true
	}
	// What the employer gives ("120 paid study hours per exam sitting;
	// exam fees … covered", "자격증 취득 시 응시료 지원"), not what it asks.
	// So are a pension and dental cover, training the employer pays
	// for, and how a level is set ("Level placement … is based on
	// experience").
	if re(`(?i)\bpaid (?:study|time|leave|hours)|\b(?:are|is) covered\b|\bfees? (?:and [a-z]+ )?covered\b|\bsalary increase\b|\bstudy hours\b|\bstipend\b|\breimburse|\bdefined benefits? pension\b|\bpension (?:scheme|plan|contributions?|match)\b|\bhealth and dental\b|\bdental (?:cover|coverage|plan|insurance|benefits)\b|\b401\(k\)|\bRRSP\b|\bPTO\b|\bpaid\)|(?:travel|lodging|relocation)\b[^.]*\bpaid\b|\bis based on\b|\bwe (?:offer|provide|pay)\b|\byou(?:'ll| will) (?:receive|get)\b|응시료\s*지원|비용\s*지원|수당\s*지급|지원합니다`).MatchString(orig) {
		return true
	}
	return strings.ContainsAny(r, "※→") || containsAny(r, []string{"제출", "접수", "마감", "전형", "문의", "지원 방법", "아래 자격", "아래 중", "다음 중", "아래 항목", "면접은", "면접에서", "면접 시"}) ||
		containsAny(strings.ToLower(r), []string{"apply", "submit", "deadline", "interview process", "equal opportunity", "background check", "drug screen", "drug test", "please note"}) ||
		containsAny(r, []string{"신원조회", "신원 조회", "채용 신체검사", "채용신체검사", "채용 검진", "유의사항"})
}

// problemOnly reports whether a sentence with numbers tells the problem
// ("응답 시간 2초를 넘겼습니다") and no improvement: its numbers are not a
// result to ask about.
func problemOnly(low string) bool {
	// "고객 불만 1위는 대기 시간이었다": what was wrong, told with a figure.
	if containsAny(low, []string{"불만", "민원", "문제", "원인"}) && (strings.HasSuffix(strings.TrimRight(low, ". "), "이었습니다") || strings.HasSuffix(strings.TrimRight(low, ". "), "였습니다") || strings.HasSuffix(strings.TrimRight(low, ". "), "이었다") || strings.HasSuffix(strings.TrimRight(low, ". "), "였다")) {
		return true
	}
	return containsAny(low, []string{"넘겼", "느려졌", "느려지", "발생했", "밀렸", "지연됐", "지연되"}) &&
		!containsAny(low, []string{"줄였", "줄이", "높였", "단축", "감소", "달성", "절감", "개선", "향상", "올렸", "늘렸", "받았"})
}

// relatedTerms are what shows a requirement without naming it: a resume
// that describes fetch joins and index redesign has tuned queries, one
// that says MySQL knows an RDBMS. A gap is claimed only when none of
// them appears either.
var relatedTerms = map[string][]string{
	"엑셀":              {"컴퓨터활용능력", "컴활", "mos", "excel", "vba", "피벗"},
	"Excel":           {"mos", "vba", "pivot", "spreadsheet", "컴퓨터활용능력"},
	"CRM":             {"hubspot", "salesforce", "zoho", "pipedrive"},
	"VOC":             {"불만", "컴플레인", "클레임", "민원", "고객 의견", "고객의 소리", "complaint"},
	"CDS":             {"empower", "chromeleon", "openlab"},
	"SNS":             {"인스타그램", "instagram", "페이스북", "facebook", "틱톡", "tiktok", "유튜브", "youtube", "블로그", "트위터", "릴스"},
	"Java":            {"spring", "jpa", "jvm", "kotlin"},
	"Kotlin":          {"spring", "jpa", "jvm", "java"},
	"쿼리 튜닝":           {"인덱스", "실행 계획", "fetch join", "n+1", "쿼리 최적화", "슬로우 쿼리", "쿼리를 분석", "쿼리 개선"},
	"query tuning":    {"index", "execution plan", "query plan", "n+1", "slow query", "optimized queries"},
	"RDBMS":           {"mysql", "postgresql", "oracle", "mariadb", "sql server", "데이터베이스"},
	"데이터베이스":          {"mysql", "postgresql", "oracle", "mariadb", "rdbms", "sql"},
	"SQL":             {"mysql", "postgresql", "쿼리", "query", "queries", "sqld"},
	"Git":             {"github", "gitlab", "코드 리뷰", "pull request", "풀 리퀘스트", "code review"},
	"CI/CD":           {"github actions", "jenkins", "배포 자동화", "자동 배포", "gitlab ci"},
	"테스트":             {"테스트 코드", "단위 테스트", "커버리지", "junit", "tdd"},
	"testing":         {"unit test", "test coverage", "tdd", "integration test"},
	"A/B 테스트":         {"실험", "a/b", "전환율 비교"},
	"experimentation": {"a/b", "experiment", "split test"},
	"statistics":      {"regression", "forecast", "statistical", "hypothesis test"},
	"통계":              {"회귀", "가설 검정", "예측 모델", "통계"},
	"모니터링":            {"grafana", "prometheus", "알림", "대시보드"},
	"클라우드":            {"aws", "gcp", "azure", "ec2", "s3"},
	"cloud":           {"aws", "gcp", "azure", "ec2", "s3"},
	// A language is shown by its test scores.
	"영어":  {"toeic", "토익", "opic", "오픽", "toefl", "토플", "ielts", "teps", "텝스"},
	"일본어": {"jlpt", "jpt", "일본어능력시험"},
	"중국어": {"hsk", "tsc", "신hsk"},
}

// relatedIn reports whether text (lower case) holds a term related to
// the requirement term.
func relatedIn(text, term string) bool {
	for _, r := range relatedTerms[term] {
		if strings.Contains(text, strings.ToLower(r)) {
			return true
		}
	}
	return false
}

// genericSkill are broad areas: a question about them is weaker than one
// about a named tool or method.
var genericSkill = map[string]bool{"백엔드": true, "프론트엔드": true, "마케팅": true, "회계": true, "재무": true, "영업": true, "기획": true, "데이터 분석": true, "데이터분석": true, "디자인": true, "교육": true, "인사": true,
	"간호": true, "결산": true, "보고서": true, "프레젠테이션": true,
	// domains and practices, not tools: one does not "use" logistics
	"물류": true, "클라우드": true, "협상": true, "채용": true, "콘텐츠": true, "브랜딩": true, "고객 관리": true, "통계": true, "시각화": true, "보안": true, "네트워크": true,
	"구매": true, "공정": true, "설비": true, "품질 관리": true, "품질관리": true, "생산 관리": true, "원가": true, "예산": true, "세무": true, "감염 관리": true, "환자 안전": true,
	"서비스 기획": true, "퍼포먼스 마케팅": true, "logistics": true, "procurement": true, "recruiting": true, "negotiation": true, "security": true, "statistics": true,
	"visualization": true, "automation": true, "monitoring": true, "cloud": true, "forecasting": true, "budgeting": true, "user research": true, "experimentation": true, "product management": true,
	"SaaS": true, "roadmap": true, "stakeholder": true, "dashboards": true, "presentation": true, "B2B": true, "B2C": true, "API": true, "backend": true, "frontend": true, "marketing": true, "sales": true, "accounting": true, "finance": true, "data analysis": true, "testing": true, "quality": true}

type sk struct {
	name string
	n    int
}

func partOfFound(tok string, found []sk) bool {
	for _, f := range found {
		if f.name != tok && strings.Contains(strings.ToLower(f.name), strings.ToLower(tok)) {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// selfDescription: "저는 … 개발자입니다" describes the writer, not
// something they did.
func selfDescription(s string) bool {
	t := strings.TrimRight(strings.TrimSpace(s), ".")
	// A profile's opening: "NALA Certified Paralegal with 7+ years of
	// legal experience: …", "Store manager with 12 years in grocery".
	if profileOpening().MatchString(t) || re(`^I(?:'ve| have) (?:\w+ ){1,3}for (?:over |nearly |almost )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty) years`).MatchString(t) || re(`^[0-9]+년\s*차|^[가-힣A-Za-z ]{0,30}\d+년\s*(?:차|경력)의\s`).MatchString(t) {
		return true
	}
	return (strings.HasPrefix(t, "저는") || strings.HasPrefix(t, "I am") || strings.HasPrefix(t, "I'm")) &&
		(strings.HasSuffix(t, "입니다") || strings.HasSuffix(t, "이다") || strings.HasSuffix(t, "싶습니다") || !containsAny(strings.ToLower(t), resultCues))
}

// profileOpening is an English profile's first words: a title and the
// years behind it.
var profileOpening = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:[A-Z][\w.&/-]*\s?){1,6}\s(?:with|of)\s+(?:over\s+|nearly\s+|almost\s+)?\d+\+?\s+years`)
})

// baselineCues follow a number that sets the scene rather than reports a
// result: "1,200명까지 늘었을 때", "800ms까지 느려졌고", "grew to 1,200 users when".
var baselineCues = []string{"를 넘", "을 넘", "가 넘", "이 넘", "를 초과", "을 초과", "까지 늘었을 때", "까지 늘어나면서", "까지 느려", "까지 떨어졌", "까지 늘면서", "로 늘면서", "로 늘어나면서", "에 달하는", "에 달했", "에 달해", "로 높아 ", "로 높아서", "로 높았", "에 그쳐", "에 그쳤", "에 불과", "이던", "였던", "까지 지연",
	" when", " before we", " at peak"}

// baselineNumber reports whether the number m in s is the problem or the
// starting point (the words right after it say so), not a result.
func baselineNumber(s, m string) bool {
	i := strings.Index(s, m)
	if i < 0 {
		return false
	}
	// "from 4 hours to 45 minutes", "6시간에서 1시간으로": the first is where
	// it started; so is what was so "at first" ("처음에는 칸이 8개였습니다").
	if strings.HasSuffix(strings.TrimSpace(s[:i]), "from") || strings.HasPrefix(s[i+len(m):], "에서 ") || containsAny(strings.ToLower(s[:i]), []string{"처음에는", "처음엔", "initially", "at first", "originally"}) {
		return true
	}
	after := s[i+len(m):]
	if r := []rune(after); len(r) > 12 {
		after = string(r[:12])
	}
	// "3개월 후", "2주 만에", "6개월 동안": when, not what was achieved
	// ("88% after the redesign" is what was).
	for _, c := range []string{" 후", "후 ", " 만에", "만에", " 동안", "간 ", " 뒤", " later", " after"} {
		if strings.HasPrefix(after, c) && !strings.ContainsAny(m, "%배") && !strings.HasSuffix(m, "점") {
			return true
		}
	}
	for _, c := range baselineCues {
		if strings.HasPrefix(after, c) || strings.HasPrefix(strings.TrimLeft(after, "명건개원배초분시간ms%"), c) {
			return true
		}
	}
	return false
}

// resultNumber picks the number a question should ask about: the
// outcome of "A에서 B로" / "from A to B", else a percentage, else the last
// number with a unit.
func resultNumber(s string) string {
	if money := moneyRe().FindAllString(s, -1); len(money) > 0 && !strings.Contains(s, "%") {
		for i := range money {
			money[i] = strings.TrimRight(strings.TrimSpace(money[i]), ",.")
		}
		// "from $50K to $30K": where it ended; else the first amount
		// ("found $310,000 …, recovered all but $12,000").
		if len(money) > 1 && strings.Contains(s, "from "+money[0]) && strings.Contains(s, "to "+money[1]) {
			return money[1]
		}
		return money[0]
	}
	// "… swings of 30-68% …; RH now held at 45-55%": what it is now.
	if m := re(`(?i)\bnow\b\D{0,25}?(\d[\d,.]*\s*[-–~]\s*)?(\d[\d,.]*\s*(?:%p|%|x|[a-z]+\b)?)`).FindStringSubmatch(s); m != nil && strings.ContainsAny(m[2], "%x") {
		return strings.TrimSpace(strings.ReplaceAll(m[1], " ", "") + m[2])
	}
	ms := numberRe().FindAllString(s, -1)
	var withUnit []string
	kept := ms[:0]
	for _, m := range ms {
		if !baselineNumber(s, strings.TrimSpace(m)) && !pointInTime(s, strings.TrimSpace(m)) && !frequency(s, strings.TrimSpace(m)) {
			kept = append(kept, m)
		}
	}
	if len(kept) == 0 && len(ms) > 0 {
		return "" // only the problem's numbers: nothing achieved to ask about
	}
	ms = kept
	for _, m := range ms {
		m = strings.TrimSpace(m)
		if strings.IndexFunc(m, func(r rune) bool { return !unicode.IsDigit(r) && r != ',' && r != '.' }) >= 0 && !isYear(m) {
			withUnit = append(withUnit, m)
		}
	}
	if len(withUnit) == 0 {
		for i := len(ms) - 1; i >= 0; i-- {
			if m := strings.TrimSpace(ms[i]); !isYear(m) {
				return m
			}
		}
		return "" // only a year: when, not what came of it
	}
	for i, m := range withUnit {
		if i > 0 && (strings.Contains(s, withUnit[i-1]+"에서 "+m) || strings.Contains(s, withUnit[i-1]+" to "+m)) {
			return m
		}
	}
	// "14건(2021) → 31건(2024)", "2021년 3건 → 2023년 0건": the figure
	// after the arrow, not its year.
	for _, m := range re(`→\s*(\d[^→]*)`).FindAllStringSubmatch(s, -1) {
		for _, n := range numberRe().FindAllString(m[1], 2) {
			if n = strings.TrimSpace(n); !isYear(n) && strings.IndexFunc(n, func(r rune) bool { return !unicode.IsDigit(r) && r != ',' && r != '.' }) >= 0 {
				return n
			}
		}
	}
	for _, m := range withUnit {
		if strings.HasSuffix(m, "%") {
			return m
		}
	}
	return withUnit[len(withUnit)-1]
}

// pointInTime reports whether figure m of s says when, not how much:
// "오픈 3개월 차", "입사 2년 차에".
func pointInTime(s, m string) bool {
	i := strings.Index(s, m)
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(s[i+len(m):], " ")
	// "now 18 months into a junior role": how long so far.
	return strings.HasPrefix(rest, "차") && !strings.HasPrefix(rest, "차이") || strings.HasPrefix(rest, "into ")
}

// frequency reports whether figure m of s says how often ("월 1회", "주
// 3회", "연 2회"): a routine, not a result.
func frequency(s, m string) bool {
	if !strings.HasSuffix(m, "회") {
		return false
	}
	return eachAt(s, m, func(at, _ int) bool {
		return re(`(?:월|주|연|매주|매월|매년|하루|격주)\s*$`).MatchString(s[:at])
	})
}

// moneyRe matches an amount with its currency in front.
var moneyRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[$€£]\s?\d[\d,.]*\s?[kKmMbB]?`) })

// hasDigitResult: the number is more than a date or a year of study.
func hasDigitResult(s string) bool {
	if moneyRe().MatchString(s) {
		return true // "$310,000", "£12k"
	}
	for _, m := range numberRe().FindAllString(s, -1) {
		m = strings.TrimSpace(m)
		low := strings.ToLower(m)
		if pointInTime(s, m) {
			continue // "입사 2년 차", "18 months into a role"
		}
		if strings.ContainsAny(m, "%배명개건회번주일월점위만억천원달러xXkKM") || strings.Contains(m, "개월") || strings.Contains(low, "users") ||
			strings.Contains(m, "시간") || strings.Contains(m, "분") || strings.Contains(m, "초") || strings.HasSuffix(low, "ms") || containsAny(low, []string{"hours", "days", "minutes", "weeks", "months", "seconds"}) {
			if !isYear(m) {
				return true
			}
		}
	}
	return false
}

func isYear(m string) bool {
	d := strings.TrimRightFunc(m, func(r rune) bool { return !unicode.IsDigit(r) })
	return len(d) == 4 && (strings.HasPrefix(d, "19") || strings.HasPrefix(d, "20")) && !strings.ContainsAny(m, "%명개건")
}

// containsTerm finds a term as a word (for Latin) or a substring (Hangul).
func containsTerm(text, term string) bool {
	isWord := func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	first, _ := utf8.DecodeRuneInString(term)
	return eachAt(text, term, func(at, end int) bool {
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		after, _ := utf8.DecodeRuneInString(text[end:])
		return !isWord(first) || (!isWord(before) && !isWord(after))
	})
}

// eachAt calls ok with where each occurrence of sub in text starts and
// ends, left to right and not overlapping, until ok says true; it
// reports whether one did. An empty sub occurs nowhere.
func eachAt(text, sub string, ok func(at, end int) bool) bool {
	for i := 0; sub != ""; {
		j := strings.Index(text[i:], sub)
		if j < 0 {
			break
		}
		at, end := i+j, i+j+len(sub)
		if ok(at, end) {
			return true
		}
		i = end
	}
	return false
}

var parenthetical = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*[(（][^)）]*[)）]`) })

var latinWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b[A-Z][A-Za-z0-9+#.]{1,20}\b`) })

// latinTokens are capitalised Latin words (product and tool names) in a
// Korean or English text, minus sentence starts and common words.
func latinTokens(s string) []string {
	common := map[string]bool{"I": true, "The": true, "A": true, "An": true, "In": true, "At": true, "We": true, "My": true, "Our": true, "As": true, "On": true, "For": true, "With": true, "This": true, "That": true, "When": true, "After": true, "Before": true, "During": true, "Led": true, "Built": true, "Developed": true, "Managed": true, "Created": true, "Designed": true, "Improved": true, "Experience": true, "Skills": true, "Summary": true, "Education": true, "Projects": true, "Requirements": true, "Responsibilities": true, "Team": true, "Company": true, "Work": true, "Years": true}
	var out []string
	for _, line := range sentences(s) {
		korean := i18n.HasHangul(line) // a Korean line's first Latin word is a name ("Amplitude, GA4 등")
		for i, m := range latinWord().FindAllStringIndex(line, -1) {
			w := strings.TrimRight(line[m[0]:m[1]], ".")
			if common[w] || (i == 0 && m[0] == 0 && !korean && isPlainWord(w)) {
				continue
			}
			out = append(out, w)
		}
	}
	return out
}

// jobTitleWords name a job or a rank, not a skill.
var jobTitleWords = map[string]bool{"engineer": true, "teacher": true, "manager": true, "designer": true, "developer": true, "executive": true, "analyst": true, "specialist": true,
	"generalist": true, "recruiter": true, "director": true, "lead": true, "head": true, "officer": true, "coordinator": true, "assistant": true, "associate": true, "consultant": true,
	"nurse": true, "representative": true, "intern": true, "scientist": true, "administrator": true, "senior": true, "junior": true, "principal": true, "staff": true, "chief": true}

// credentialName matches a certificate's or a degree's name, which is
// held, not used (CCRN, BLS, CPA, BSN, MBA).
var credentialName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:TOEIC|TOEFL|OPIc|IELTS|JLPT|HSK|TEPS|CFP|AFPK|FRM|CPA|CFA|CMA|ACCA|PMP|CCRN|BLS|ACLS|PALS|SHRM-CP|SHRM-SCP|PHR|SPHR|ISTQB|ADsP|SQLD|QTS|CHSE|NPD-BC|BSN|MSN|RN|MBA|PhD|BSc|MSc|BA|BS|MS|CSCP|CPIM|CISSP|CISA|NVQ|ECS|CSCS|SMSTS|SSSTS|NEBOSH|IOSH|CIPD|CIMA|AAT|ACA|NALA|CP|RCA|CKA|CKAD|SAA|CCNA|CCNP)$`)
})

// placeName reports whether tok is a place: followed by a state or
// country code ("Columbus, OH", "Manchester, UK") somewhere in the text.
func placeName(tok, text string) bool {
	if usStates[tok] || regionCodes[tok] {
		return true // "Ohio Rules of Civil Procedure", "NSW"
	}
	for _, m := range wordsAt(text, tok) {
		// "Columbus, OH", "Leeds, UK": a state's, a province's or a
		// country's code or name (not "Python, SQL").
		if c := re(`^(?:'s)?,\s*([A-Z]{2,3}|USA|England|Scotland|Wales|Ireland|Canada|Australia|New Zealand|Victoria|Queensland|Tasmania|Ontario|Quebec|California|Texas)\b`).FindStringSubmatch(text[m[1]:]); c != nil && (len(c[1]) > 3 || regionCodes[c[1]]) {
			return true
		}
	}
	return false
}

// regionCodes are the codes of US states, Canadian provinces, Australian
// states and a few countries, as an address writes them after a city.
var regionCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC
		AB BC MB NB NL NS NT NU ON PE QC SK YT NSW VIC QLD SA TAS ACT UK USA UAE NZ`) {
		m[c] = true
	}
	return m
}()

// wordsAt are where tok stands in text as a word of its own (no letter,
// digit or underscore on either side: what \b means to a regexp), so
// that nothing is compiled for each word looked up.
func wordsAt(text, tok string) [][]int {
	var out [][]int
	word := func(r rune) bool { return r == '_' || r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	first, _ := utf8.DecodeRuneInString(tok)
	last, _ := utf8.DecodeLastRuneInString(tok)
	eachAt(text, tok, func(at, end int) bool {
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (at == 0 || !word(first) || !word(before)) && (end == len(text) || !word(last) || !word(after)) {
			out = append(out, []int{at, end})
		}
		return false
	})
	return out
}

// ordinalBefore reports whether tok follows an ordinal in text ("18th
// Edition"): part of a name.
func ordinalBefore(tok, text string) bool {
	for _, m := range wordsAt(text, tok) {
		if re(`\d(?:st|nd|rd|th) $`).MatchString(text[:m[0]]) {
			return true
		}
	}
	return false
}

// notASkill matches what a document names that is no skill: a degree
// (M.S, BSc, MBA), a company's legal form (LLP, Inc) or a regulator.
var notASkill = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:[BM]\.?[AS]c?\.?|Ph\.?D\.?|MBA|LLP|LLC|Inc\.?|Ltd\.?|PLC|GmbH|Co\.?|Corp\.?|FDA|EMA|MHRA|IND)$`)
})

// afterAcronymOnly reports whether a capital token always follows the
// same other one ("DSS" in "PCI DSS"): the second word of a name.
func afterAcronymOnly(tok, text string) bool {
	if strings.ToUpper(tok) != tok {
		return false
	}
	all := wordsAt(text, tok)
	if len(all) == 0 {
		return false
	}
	prev := ""
	for _, m := range all {
		ws := strings.Fields(text[max(0, m[0]-12):m[0]])
		if len(ws) == 0 || !re(`^[A-Z]{2,}$`).MatchString(ws[len(ws)-1]) || prev != "" && ws[len(ws)-1] != prev || !strings.HasSuffix(text[:m[0]], ws[len(ws)-1]+" ") {
			return false
		}
		prev = ws[len(ws)-1]
	}
	return true
}

// usStates are places, never a skill, however a document uses them.
var usStates = func() map[string]bool {
	m := map[string]bool{}
	for _, st := range strings.Split("Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming", " ") {
		m[st] = true
	}
	return m
}()

// pluralAcronym matches a count of things named by an acronym ("ICUs",
// "PRs"): units or items, not a skill.
var pluralAcronym = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z]{2,}s$`) })

// onlyInHeader reports whether tok appears in the resume only in its
// first lines (name, contact, city: "Portland, OR"): an address, not a
// skill.
func onlyInHeader(tok, resume string) bool {
	seen := false
	n := 0
	for _, line := range strings.Split(resume, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		n++
		if strings.Contains(line, tok) {
			if n > 3 {
				return false
			}
			seen = true
		}
	}
	return seen
}

// onlyOnCertificateLines reports whether tok appears in the resume only on
// lines about certificates (SHRM of SHRM-CP, 컴활): held, not a skill used.
func onlyOnCertificateLines(tok, resume string) bool {
	seen := false
	for _, line := range strings.Split(resume, "\n") {
		if !strings.Contains(line, tok) {
			continue
		}
		low := strings.ToLower(line)
		if !containsAny(low, []string{"certif", "자격", "licen", "취득", "합격", "-cp", "-scp"}) {
			return false
		}
		seen = true
	}
	return seen
}

// partOfName reports whether a capitalised word is one word of a longer
// name in text ("Key" and "Stage" of "Key Stage 3", "Google" of "Google
// Classroom"): alone it names nothing.
func partOfName(tok, text string) bool {
	if !isPlainWord(tok) {
		return false
	}
	for _, m := range wordsAt(text, tok) {
		if re(`\b[A-Z][a-z]+ $`).MatchString(text[:m[0]]) || re(`^ (?:[A-Z][a-z]|\d)`).MatchString(text[m[1]:]) {
			return true
		}
	}
	return false
}

// inLexicon reports whether tok is one of the skills the generator knows.
func inLexicon(tok string) bool {
	for _, s := range skillLexicon {
		if strings.EqualFold(s, tok) {
			return true
		}
	}
	return false
}

// ordinaryWord reports whether a capitalised token is an ordinary word,
// not a tool's or a method's name: a job title ("Engineer"), a heading
// ("EXPERIENCE", a line of its own), or a word either document also
// writes in lower case ("Mechanical" beside "mechanical design").
func ordinaryWord(tok, resume, jd string) bool {
	low := strings.ToLower(tok)
	if jobTitleWords[low] || genericWord[low] {
		return true
	}
	for _, d := range []string{resume, jd} {
		for _, line := range strings.Split(d, "\n") {
			if strings.EqualFold(strings.Trim(strings.TrimSpace(line), ":"), tok) {
				return true
			}
		}
		if tok != low && containsTermCase(d, low) {
			return true
		}
	}
	return false
}

// containsTermCase finds term as a whole word, case-sensitively.
func containsTermCase(text, term string) bool {
	return eachAt(text, term, func(at, end int) bool {
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		after, _ := utf8.DecodeRuneInString(text[end:])
		return !unicode.IsLetter(before) && !unicode.IsLetter(after)
	})
}

// genericWord are capitalised words a requirement line starts with that
// name no tool.
var genericWord = map[string]bool{"spanish": true, "french": true, "german": true, "chinese": true, "japanese": true, "mandarin": true, "vietnamese": true, "portuguese": true, "arabic": true, "strong": true, "knowledge": true, "comfortable": true, "excellent": true, "good": true, "proven": true, "nice": true, "familiarity": true, "ability": true, "healthcare": true, "bachelor": true, "degree": true, "fluent": true, "english": true, "korean": true}

func isPlainWord(w string) bool {
	for _, r := range w[1:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// titleCase reports whether s is a short title in capitals ("Park
// Ranger", "Head of Operations"): two to five words, each capitalised but
// its small words, no figures.
func titleCase(s string) bool {
	ws := strings.Fields(strings.TrimSpace(s))
	if len(ws) < 2 || len(ws) > 5 || strings.IndexFunc(s, unicode.IsDigit) >= 0 {
		return false
	}
	for _, w := range ws {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !map[string]bool{"of": true, "and": true, "the": true, "for": true, "&": true}[w] {
			return false
		}
	}
	return true
}

// roleLabels start the line that names the position.
var roleLabels = []string{"모집 직종", "모집직종", "직종", "모집 분야", "모집분야", "모집 부문", "모집부문", "채용 분야", "채용분야", "채용 포지션", "채용 직무", "지원 분야", "지원분야", "포지션", "직무", "position", "role", "job title"}

// bracketLabel is a JD's leading "[회사]" or "[채용공고]".
var bracketLabel = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*[\[【]([^\]】]{1,30})[\]】]\s*`) })

// roleAndCompany reads the position and the company from a JD: a labelled
// line ("모집 분야: …", "[모집 부문] …", "Role: …") first, else its title
// line, without a bracketed label, a parenthetical, "채용" or a second
// field after a slash ("인사 담당 / 경력 2~5년 / 1명" → "인사 담당").
func roleAndCompany(jd string) (role, company string) {
	lines := strings.Split(jd, "\n")
	for li, line := range lines {
		// Whatever marks the line ("■", "✅", "📌", "2.") goes first.
		l := strings.TrimLeftFunc(sectionNumber().ReplaceAllString(strings.TrimSpace(line), ""), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '[' && r != '【' && r != '('
		})
		l = strings.TrimSpace(bulletStart().ReplaceAllString(l, ""))
		l = strings.TrimSpace(strings.NewReplacer("[", "", "]", "", "【", "", "】", "").Replace(l))
		l = unspacedLabel(l)
		low := strings.ToLower(l)
		for _, p := range roleLabels {
			if r, _ := utf8.DecodeRuneInString(low[min(len(p), len(low)):]); strings.HasPrefix(low, p) && unicode.IsLetter(r) {
				continue // a longer word ("직무기술서"), not the label
			}
			if strings.HasPrefix(low, p) && p[0] < 0x80 && !strings.HasPrefix(strings.TrimLeft(l[len(p):], " "), ":") {
				continue // "Position Summary", "Role overview": a heading, not "Role: …"
			}
			if strings.HasPrefix(low, p) && role == "" && strings.HasPrefix(strings.TrimSpace(l[len(p):]), "|") {
				// A table's header ("모집부문 | 인원 | 근무지"): the
				// role is the first cell of the row under it. A row of
				// labels and values ("채용분야 | 사무직(일반행정) 6급 |
				// 채용인원 | 5명"): the cell after the label.
				if cells := strings.Split(strings.TrimSpace(l[len(p):]), "|"); !tableHeader(l) && len(cells) > 1 {
					role = cleanRole(cells[1])
				} else if row, ok := rowUnder(lines[li+1:]); ok {
					role = cleanRole(strings.Split(row, "|")[0])
				}
				continue
			}
			// "모집분야 및 인원": a heading too.
			if strings.HasPrefix(low, p) && role == "" && (strings.TrimSpace(strings.Trim(l[len(p):], " :：")) == "" || re(`^및\s*(?:인원|자격|근무지|모집\s*인원)$`).MatchString(strings.TrimSpace(l[len(p):]))) {
				// A heading alone ("■ 모집 분야"): the role is the first
				// line under it, its first cell, without its bullet and
				// its bracket ("[토목 공무] 대리~과장급 / …").
				if next, ok := rowUnder(lines[li+1:]); ok {
					next = strings.TrimSpace(bulletStart().ReplaceAllString(strings.TrimLeft(next, "○●■□◆◇▶▷►-•· "), ""))
					// "- 부서: 본사 안전보건팀": the department, not the
					// position; the title line says that.
					if re(`^(?:부서|소속|직급|고용\s*형태|근무\s*형태|근무지|모집\s*인원|인원)\s*[:：]`).MatchString(next) {
						continue
					}
					next = strings.NewReplacer("[", "", "]", "", "【", "", "】", "").Replace(next)
					next = withoutRoleLabel(next) // "가. 직무: 설비 엔지니어"
					if v := cleanRole(strings.Split(next, "|")[0]); v != "" && !sentenceEnds(v) && utf8.RuneCountInString(v) <= 40 {
						role = v
					}
				}
				continue
			}
			if strings.HasPrefix(low, p) && role == "" {
				// A label and a name, not a sentence that starts with
				// the word ("※ 직무 면접에서는 … 발표합니다").
				if v := cleanRole(strings.TrimLeft(l[len(p):], " :：-—")); v != "" && !sentenceEnds(v) && utf8.RuneCountInString(v) <= 40 {
					role = v
				}
			}
		}
		for _, p := range []string{"회사명", "회사", "기업명", "company"} {
			if strings.HasPrefix(low, p) && company == "" && (p[0] >= 0x80 || strings.HasPrefix(strings.TrimLeft(l[len(p):], " "), ":")) {
				if v := strings.TrimSpace(strings.TrimLeft(l[len(p):], " :：-—")); v != "" && !strings.HasPrefix(v, "소개") {
					company = v
				}
			}
		}
	}
	// The title line: the first short line that is not a section heading,
	// a page's "Careers at …" or a "Location: …" line.
	tried := 0
	first := true // the first line that could be the title
	for _, line := range lines {
		l := strings.TrimSpace(line)
		if l == "" || strings.ContainsAny(l[:1], "■□●○◆◇▶※#") || sectionHeading(l) || bulletStart().MatchString(l) || utf8.RuneCountInString(parenthetical().ReplaceAllString(l, "")) > 60 && (i18n.HasHangul(l) || !englishJobWord().MatchString(l)) || pageChrome(l) ||
			re(`(?i)^(?:careers|jobs|join us|work with us|opportunities|about (?:the|this|us|you|our)\b)\b|^[A-Za-z ]{2,20}:`).MatchString(l) {
			continue
		}
		isFirst := first
		first = false
		// "Halden Bio – Scientist I, Bioanalytical", "Senior Paralegal –
		// Class Actions": of an English title's parts, the one naming a
		// job.
		if !i18n.HasHangul(l) {
			parts := re(`\s+[–—|-]\s+`).Split(parenthetical().ReplaceAllString(l, ""), -1)
			// "Crumb & Co. Bakeries — Careers": the company's careers
			// page, not the title.
			if len(parts) == 2 && re(`(?i)^(?:careers|jobs|job openings|open roles|vacancies)$`).MatchString(strings.TrimSpace(parts[1])) {
				if company == "" {
					company = strings.TrimSpace(parts[0])
				}
				first = true
				continue
			}
			for _, part := range parts {
				if englishJobWord().MatchString(part) && utf8.RuneCountInString(part) <= 60 {
					if role == "" {
						role = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(part), ","))
						// "Learning & Development Specialist, Retail Banking
						// Learning": a long title without its team.
						if before, _, ok := strings.Cut(role, ", "); ok && utf8.RuneCountInString(role) > 48 && englishJobWord().MatchString(before) {
							role = before
						}
					}
					if company == "" && len(parts) > 1 && part != parts[0] && !englishJobWord().MatchString(parts[0]) {
						company = strings.TrimSpace(parts[0])
					}
					break
				}
			}
			if role != "" {
				break
			}
			// "Park Ranger (Seasonal, Auxiliary) - BC Parks, …": the
			// posting's first line opens on the title, whatever its job
			// word.
			if isFirst && len(parts) > 1 && (titleCase(parts[0]) || re(`^[A-Z][a-z]{4,}$`).MatchString(strings.TrimSpace(parts[0]))) {
				role = strings.TrimSpace(parts[0])
				break
			}
			if len(parts) > 1 || placeLine().MatchString(l) {
				continue // "Waltham, MA | Full-time | On-site"
			}
			// "Ledgerly", "Cedar Ridge Mutual Life Insurance Company" over
			// the title line.
			if tried++; tried < 3 && (len(strings.Fields(l)) <= 3 || orgName().MatchString(l)) && jobWordNext(lines, l) {
				if company == "" {
					company = l // "Ledgerly" over "Senior Product Manager, Growth"
				}
				continue
			}
		}
		if m := bracketLabel().FindStringSubmatch(l); m != nil {
			label := strings.TrimSpace(m[1])
			if company == "" && !strings.Contains(label, "채용") && !strings.Contains(label, "공고") && !strings.Contains(label, "모집") {
				company = label
			}
			l = l[len(m[0]):]
		}
		// "마켓허브 | 법무팀 신입/주니어 채용": a one-word company, then the role.
		if parts := strings.SplitN(l, "|", 2); len(parts) == 2 && len(strings.Fields(parts[0])) == 1 && i18n.HasHangul(l) {
			if company == "" {
				company = strings.TrimSpace(parts[0])
			}
			l = parts[1]
		}
		if role == "" {
			role = cleanRole(l)
		}
		break
	}
	// "👋 UX Researcher": no emoji or bullet before the name.
	role = strings.TrimLeftFunc(role, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '(' && r != '㈜' })
	// "㈜한결이앤씨 토목사업본부 …": the company first, then the role.
	for _, p := range []string{"㈜", "(주)", "주식회사 "} {
		if rest, ok := strings.CutPrefix(role, p); ok {
			f := strings.Fields(rest)
			if company == "" && len(f) > 0 {
				company = f[0]
			}
			role = strings.TrimSpace(strings.Join(f[min(1, len(f)):], " "))
		}
	}
	return role, company
}

// listedLines are the lines of a resume's skills, tools, licences and
// languages sections ("■ 보유 기술", "TECHNICAL SKILLS", "Certifications"):
// what is held, never what was done, however a line reads ("분석: 유튜브
// 스튜디오 애널리틱스(CTR, …), 구글 스프레드시트").
func listedLines(resume string) map[string]bool {
	out := map[string]bool{}
	in := false
	for _, line := range strings.Split(resume, "\n") {
		l := strings.TrimSpace(line)
		if l == "" {
			continue
		}
		if resumeHeading(l) {
			h := strings.ToLower(l)
			in = containsAny(h, []string{"보유 기술", "보유기술", "활용 툴", "활용툴", "사용 툴", "기술 스택", "스킬", "자격", "어학", "skills", "tools", "software", "technical", "certification", "licen", "languages", "competencies"}) &&
				!containsAny(h, []string{"경력", "경험", "활동", "교육", "experience", "project"})
			continue
		}
		if in {
			out[stripTags(l)] = true
			for _, s := range splitKeep(bulletStart().ReplaceAllString(l, "")) {
				out[stripTags(strings.TrimSpace(s))] = true
			}
		}
	}
	return out
}

// resumeHeading reports whether a resume line is a section's heading: a
// posting's kind of heading, or a short line in capitals or ending in a
// colon.
func resumeHeading(l string) bool {
	if heading(l) {
		return true
	}
	t := strings.Trim(l, "#*=- ")
	if utf8.RuneCountInString(t) > 30 || sentenceEnds(t) || bulletStart().MatchString(l) {
		return false
	}
	return strings.ToUpper(t) == t && strings.IndexFunc(t, unicode.IsLetter) >= 0 && !i18n.HasHangul(t)
}

// rowUnder is the first line of lines that holds something: not blank,
// not a table's header ("직무 | 세부 분야 | 근무지") or its rule
// ("|---|---|"), without a table row's leading bar.
func rowUnder(lines []string) (string, bool) {
	for _, next := range lines {
		if next = strings.TrimSpace(next); next != "" && !tableHeader(next) && strings.Trim(next, "|-: ") != "" {
			return strings.TrimPrefix(next, "|"), true
		}
	}
	return "", false
}

// sectionHeading reports whether a short line names a section of a
// posting ("Responsibilities", "자격 요건", "Benefits"): not its title.
func sectionHeading(l string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(l), ":： "))
	if utf8.RuneCountInString(t) > 32 {
		return false
	}
	for _, ws := range [][]string{dutyHeads, requirementHeads, otherSections} {
		for _, w := range ws {
			if t == w || strings.HasPrefix(t, w) && utf8.RuneCountInString(t) <= utf8.RuneCountInString(w)+12 {
				return true
			}
		}
	}
	return false
}

// unspacedLabel is l with its label written whole when it is spaced out
// to line up with the others ("직 종:", "인 원:").
func unspacedLabel(l string) string {
	if m := re(`^([가-힣])\s([가-힣])(?:\s([가-힣]))?\s*([:：])`).FindStringSubmatchIndex(l); m != nil {
		return strings.ReplaceAll(l[:m[1]], " ", "") + l[m[1]:]
	}
	return l
}

// withoutRoleLabel is a line without its leading "직무:" or "Role:".
func withoutRoleLabel(l string) string {
	l = unspacedLabel(l)
	low := strings.ToLower(l)
	for _, p := range roleLabels {
		if strings.HasPrefix(low, p) {
			if rest := strings.TrimLeft(l[len(p):], " "); strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
				return strings.TrimSpace(strings.TrimLeft(rest, ":："))
			}
		}
	}
	return l
}

// englishJobWord matches a word that names a job in an English title.
var englishJobWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:engineer|manager|paralegal|scientist|analyst|designer|associate|specialist|coordinator|lead|director|officer|nurse|teacher|accountant|developer|representative|consultant|executive|assistant|technician|administrator|intern|advisor|adviser|architect|researcher|writer|editor|recruiter|partner|agent|clerk|supervisor|planner|strategist|marketer|controller|auditor|therapist|educator|tutor|owner|head|generalist|chef|driver|worker|operator|counsel|lawyer|attorney|pharmacist|physician|buyer|merchandiser|cashier|trainer|instructor|lecturer|professor|fellow|liaison|msl|investigator|underwriter|hygienist|inspector|examiner|dispatcher|attendant|broker|bookkeeper|electrician|mechanic|machinist|translator|interpreter|librarian|surveyor|estimator|counselor|counsellor|psychologist|dietitian|paramedic|clinician|caregiver|pathologist|audiologist|technologist|radiographer|sonographer|optometrist|dentist|veterinarian|surgeon|midwife|curator|archivist|conservator|installer|ranger|guide|steward|orthotist|prosthetist|zookeeper|keeper|sommelier|actuary|actuaries)s?\b`)
})

// orgName matches an organisation's name by its last word.
var orgName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?:Company|Inc\.?|LLC|Ltd\.?|Limited|Corporation|Corp\.?|Center|Centre|Hospital|University|College|Group|Bank|Foundation|Trust|Council|Institute|Clinic|Bakeries|Partners|Services|Systems|Health|Healthcare|Association|Society|Museum|Agency|Authority|plc)\s*$`)
})

// tableHeader reports whether a line is a table's header row: cells of
// column names ("모집부문 | 인원 | 근무지", "직무 | 세부 분야 | 구분").
func tableHeader(l string) bool {
	cells := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), "|")
	if len(cells) < 2 {
		return false
	}
	for _, c := range cells {
		c = strings.ReplaceAll(strings.TrimSpace(c), " ", "")
		if !containsAny(c, []string{"모집", "채용", "분야", "부문", "직무", "인원", "근무", "부서", "구분", "고용", "형태", "자격", "우대", "업무", "직급", "경력", "비고"}) || utf8.RuneCountInString(c) > 8 {
			return false
		}
	}
	return true
}

// jobWordNext reports whether one of the two lines after line names a job.
func jobWordNext(lines []string, line string) bool {
	for i, l := range lines {
		if strings.TrimSpace(l) != line {
			continue
		}
		seen := 0
		for _, next := range lines[i+1:] {
			if next = strings.TrimSpace(next); next == "" {
				continue
			}
			if englishJobWord().MatchString(next) {
				return true
			}
			if seen++; seen == 2 {
				break
			}
		}
		break
	}
	return false
}

// placeLine matches a line that gives a place: "Waltham, MA", "London, UK".
var placeLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][a-z]+(?: [A-Z][a-z]+)*, [A-Z]{2}\b`) })

// pageChrome reports whether a line is a web page's furniture copied with
// a posting: a breadcrumb ("사람인 > 채용정보 > 물류"), a button, a
// site's menu.
func pageChrome(l string) bool {
	low := strings.ToLower(l)
	return strings.Count(l, " > ")+strings.Count(l, " › ") >= 1 ||
		containsAny(low, []string{"지원하기", "관심기업", "스크랩", "공유하기", "show more", "apply now", "easy apply", "meet the hiring team", "save job", "홈으로", "로그인"})
}

// cleanRole is a position's name without what surrounds it in a JD: no
// brackets, no "2025년 상반기 신입사원 채용 -" before it, no 경력직 or
// 채용 around it; "" when what is left is a heading's rest ("및 주요
// 업무").
func cleanRole(v string) string {
	v = strings.ReplaceAll(v, "(주)", "㈜")
	v = parenthetical().ReplaceAllString(v, "")
	v = strings.TrimRight(strings.TrimSpace(v), "!~ ")
	// A startup's call ("… 기획자 모셔요!", "… 찾습니다").
	for _, suffix := range []string{"모셔요", "모십니다", "찾아요", "찾습니다", "구해요", "구합니다", "모집합니다", "채용합니다"} {
		v = strings.TrimSpace(strings.TrimSuffix(v, suffix))
	}
	for _, suffix := range []string{"공개채용", "채용", "모집", "구인"} {
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), suffix))
	}
	for _, dash := range []string{" - ", " – ", " — "} {
		if i := strings.LastIndex(v, dash); i >= 0 && containsAny(v[:i], []string{"채용", "모집", "신입", "경력", "공고"}) {
			if strings.ContainsAny(v[i:], ":：") {
				v = v[:i] // "서비스 어드바이저 경력/신입 0명 – 근무지: …": a field after it
			} else {
				v = v[i+len(dash):]
			}
		}
	}
	// An organisation's path ("브랜드전략본부 > 공간VMD팀 팀장"): the
	// position is its last step.
	for _, sep := range []string{" > ", " 〉 ", " › ", " » "} {
		if i := strings.LastIndex(v, sep); i >= 0 {
			v = v[i+len(sep):]
		}
	}
	v = roleNoise().ReplaceAllString(v, " ")
	v = strings.Join(strings.Fields(v), " ")
	// A notice's number or title ("공고 제2024-0042호", "… 경력경쟁채용시험
	// 공고") names no position.
	if containsAny(v, []string{"업무", "요건", "자격", "소개", "개요", "우대", "절차", "채용시험", "시험 공고", "공고", "분야와"}) || startsWithAny(v, []string{"및 ", "또는 ", "와 ", "과 "}) {
		return ""
	}
	var kept []string
	for i, part := range re(`\s*[/|]\s*`).Split(v, -1) {
		part = strings.TrimSpace(part)
		if i > 0 && (strings.IndexFunc(part, unicode.IsDigit) >= 0 || strings.Contains(part, "경력") || strings.Contains(part, "신입") || part == "" || strings.ContainsAny(part, ":：") || strings.HasSuffix(part, "소속")) {
			break
		}
		if i > 0 && containsAny(part, []string{"주니어", "시니어", "정규직", "계약직", "인턴", "대리", "과장", "사원"}) {
			continue // a grade or a contract, not a second role
		}
		if re(`^(?:경력|신입|경력직|신입/경력|신입·경력|정규직|계약직|인턴|채용|모집)$`).MatchString(part) {
			continue // "한결재보험(주) | 경력 | … 언더라이터": not the role
		}
		kept = append(kept, part)
	}
	v = strings.Join(kept, "·")
	for _, suffix := range []string{"공개채용", "채용", "모집", "구인"} {
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), suffix))
	}
	v = strings.Trim(v, " :：-—,[]【】#")
	if strings.IndexFunc(v, unicode.IsLetter) < 0 || utf8.RuneCountInString(v) < 2 {
		return "" // "호" of "제2024 - 0042호"
	}
	return v
}

// criterionCode is a selection criterion's code before its text ("KSC1",
// "SC 2:", "E3.").
var criterionCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:KSC|SC|EC|DC|KC|C|E|D)\s?\d{1,2}[.:)]?\s+`) })

// listItem reports whether a line under a heading reads as one of a
// posting's requirements or duties, not as the furniture a long notice
// (a 공고문 in HWP) carries: a note or a pointer (※, ☞, 붙임, 별지 서식,
// 참조), a phone number, an address or a link, how to lay out a form
// (A4용지 5매), a bare figure ("65,346"), or a paragraph.
func listItem(line, item string) bool {
	t := strings.TrimSpace(line)
	// "*" marks a note in a Korean notice, a bullet in English text.
	if strings.HasPrefix(t, "※") || strings.HasPrefix(t, "☞") || strings.HasPrefix(t, "*") && i18n.HasHangul(t) || strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		return false
	}
	low := strings.ToLower(item)
	if containsAny(low, []string{"붙임", "별지", "서식", "참조", "참고", "a4", "용지", "줄간격", "글씨", "http", "www.", ".go.kr", ".com", "@", "접수처", "담당자 앞", "문의처", "문의 :", "문의:", "문의사항", "관련 문의", "문의 바랍",
		// a public notice's rules about applying, not asks of the work
		"응시원서", "응시자격", "증명서", "1부", "필수서류", "파기", "개인정보", "수입인지", "배수", "합격자", "경력 인정", "경력인정", "경력을 인정", "경력만", "택1", "기재", "제출", "질의", "시험령", "시행령", "법률"}) {
		return false
	}
	if phoneRe().MatchString(item) || re(`제\d+조`).MatchString(item) || utf8.RuneCountInString(item) > 120 {
		return false
	}
	letters := 0
	for _, r := range item {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 4 && letters*2 >= utf8.RuneCountInString(strings.ReplaceAll(item, " ", ""))
}

// asksSomething reports whether a requirement line asks something of a
// candidate: an English line, or a Korean one that names an experience,
// an ability, a holder or a person (…경험, …능력, …이해, …가능자, …우대,
// …자, …분, …사람).
func asksSomething(item string) bool {
	if !i18n.HasHangul(item) {
		return true
	}
	t := strings.TrimRight(parenthetical().ReplaceAllString(item, ""), " .")
	return containsAny(t, []string{"경험", "능력", "이해", "가능", "우대", "자격", "역량", "지식", "능숙", "보유", "소지", "관심", "전공", "학위", "경력", "활용", "선호"}) ||
		strings.HasSuffix(t, "자") || strings.HasSuffix(t, "분") || strings.HasSuffix(t, "사람") || strings.HasSuffix(t, "이상")
}

// doesSomething reports whether a duty line names work: an English line,
// or a Korean one ending in an activity (관리, 운영, 개발, 보좌, 기획 …).
func doesSomething(item string) bool {
	if !i18n.HasHangul(item) {
		return true
	}
	t := strings.TrimRight(parenthetical().ReplaceAllString(item, ""), " .")
	// A form's heading or its instructions to the applicant ("직무수행
	// 계획서", "응시하고자 하는 … 확인", "… 자유롭게 기술합니다"), or a
	// fragment of a cell ("(공동연구의").
	if !strings.Contains(t, " ") || strings.HasSuffix(t, "서") || !balanced(t) ||
		containsAny(t, []string{"작성요령", "작성하여", "하여 작성", "기술합니다", "작성 후", "해당자에 한하여", "중 선택", "응시", "귀하", "바랍니다", "하여야"}) {
		return false
	}
	return containsAny(t, []string{"관리", "운영", "개발", "보좌", "기획", "지원", "분석", "작성", "수행", "담당", "업무", "설계", "구축", "제작", "상담", "응대", "교육", "진행", "개선", "검토", "발굴", "수립", "대응", "점검", "평가", "조사", "연구", "협업", "판매", "영업", "마케팅", "편성", "정산", "청구", "처리", "확인", "보고", "모니터링", "유지", "최적화", "테스트", "검증", "실행", "집행", "배치", "채용", "시공", "검수", "촬영", "제공"})
}

// phoneRe matches a phone number (044-203-2127, 02-123-4567, +1 614 555 0100).
var phoneRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b0\d{1,2}-\d{3,4}-\d{4}\b|\+\d{1,3}[ -]\d{2,4}[ -]\d{3,4}[ -]?\d{0,4}|\(\d{3}\) \d{3}-\d{4}`)
})

// roleNoise are the words around a position's name in a posting's
// title: the year and half, 신입/경력, how it hires.
var roleNoise = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:경력|신입)\s*[/·]\s*(?:경력|신입)|\d{4}\s*년?|상반기|하반기|신입\s*사원|신입|경력\s*사원|경력직|경력\s*$|수시|공개|정규직|계약직|(?:\d+|[○Oo0]{1,2}|00)\s*명|(?:사원|주임|대리|과장|차장|부장)(?:\s*[~∼-]\s*(?:사원|주임|대리|과장|차장|부장))?급`)
})

func startsWithAny(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// endsWithAny reports whether s ends with one of ends.
func endsWithAny(s string, ends []string) bool {
	for _, e := range ends {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

// jdSections splits a JD's list items into requirements and duties by the
// heading they sit under.
func jdSections(jd string) (reqs, duties []string) {
	section := ""
	for _, line := range joinWrapped(jd) {
		l := strings.TrimSpace(line)
		if l == "" {
			continue
		}
		// Headings compare without spaces: "지원 자격" is "지원자격".
		bare := strings.TrimLeftFunc(l, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '[' && r != '【' }) // "📌 자격요건", "✅ 우대사항"
		low := strings.ReplaceAll(strings.ToLower(strings.Trim(sectionNumber().ReplaceAllString(bare, ""), "[]【】#:：■□●○◆◇▶※<>《》 ")), " ", "")
		head := false
		for _, h := range requirementHeads {
			if strings.HasPrefix(low, strings.ReplaceAll(h, " ", "")) && utf8.RuneCountInString(low) <= 2*utf8.RuneCountInString(h)+4 {
				section, head = "req", true
			}
		}
		for _, h := range dutyHeads {
			if strings.HasPrefix(low, strings.ReplaceAll(h, " ", "")) && utf8.RuneCountInString(low) <= 2*utf8.RuneCountInString(h)+4 {
				section, head = "duty", true
			}
		}
		if head {
			continue
		}
		// Another heading ("[근무 조건]", "■ 복지", "Benefits:") ends the
		// section: what is under it is neither a requirement nor a duty.
		if heading(l) {
			section = ""
			continue
		}
		item := strings.TrimSpace(bulletStart().ReplaceAllString(l, ""))
		item = strings.TrimSpace(criterionCode().ReplaceAllString(item, "")) // "KSC1 Demonstrated …"
		item = strings.TrimSpace(strings.TrimSuffix(item, " 업무"))
		if utf8.RuneCountInString(item) < 4 || !listItem(l, item) {
			continue
		}
		switch section {
		case "req":
			if !asksSomething(item) && !certificateLine(item) {
				continue // "지원자가 4명 이상 20명 이하인 경우 : 3배수 선발", "정부수입인지 부착(10,000원)"
			}
			reqs = append(reqs, item)
		case "duty":
			if !doesSomething(item) {
				continue // "18세 이상(…)의 연령에 해당하는 자", "‘제1저자 등/연구자수’로 기재"
			}
			// A paragraph under "The role" ("You will join a four-person
			// team reporting to …") describes the job; the duties are
			// its list.
			if !bulletStart().MatchString(l) && utf8.RuneCountInString(item) > 100 {
				continue
			}
			duties = append(duties, item)
		}
	}
	return reqs, duties
}

// sectionNumber is a heading's number: "3. ", "4) ", "Ⅱ. ", "제3장 ".
var sectionNumber = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:\d{1,2}\s*[.)]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*\.?|[IVX]{1,4}\.|[가-하]\.\s)\s*`)
})

// heading reports whether a JD line is a section heading: a bracketed
// title alone on its line, a ■-title, or a short line ending in a colon.
func heading(l string) bool {
	if m := bracketLabel().FindStringIndex(l); m != nil && strings.TrimSpace(l[m[1]:]) == "" {
		return true
	}
	if strings.HasPrefix(l, "■") || strings.HasPrefix(l, "□") || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "▶") || strings.HasPrefix(l, "◆") || strings.HasPrefix(l, "【") {
		return true
	}
	// A short line naming one of a posting's other sections, however
	// it is decorated ("근무 조건", "4. 복리후생", "Benefits").
	t := strings.ToLower(strings.TrimSpace(strings.Trim(bulletStart().ReplaceAllString(l, ""), "[]<>《》〈〉()·-–— ")))
	t = strings.TrimLeftFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) // "◇ 근무 조건", "💰 복지"
	if utf8.RuneCountInString(t) <= 16 || utf8.RuneCountInString(t) <= 32 && !sentenceEnds(t) && !strings.Contains(t, ",") {
		bare := strings.ReplaceAll(t, " ", "") // "전형방법" is "전형 방법"
		for _, w := range otherSections {
			if strings.HasPrefix(t, w) || strings.HasPrefix(bare, strings.ReplaceAll(w, " ", "")) {
				return true
			}
		}
	}
	return strings.HasSuffix(l, ":") && utf8.RuneCountInString(l) <= 30
}

// otherSections name the parts of a posting that are neither duties nor
// requirements.
var otherSections = []string{"이런 걸 드려요", "이런 것을 드려요", "드려요", "드립니다", "시험 방법", "전형 방법", "면접시험", "서류전형", "평가 방법", "선발 방법", "시험 과목", "제출 서류", "제출서류", "원서 접수", "접수 기간", "시험 일정", "유의사항", "유의 사항", "문의처", "경력 인정", "가산점", "합격자 발표", "기타 사항", "근무 조건", "근무조건", "근무 환경", "근무지", "근무 형태", "복리후생", "복지", "혜택", "전형 절차", "전형절차", "채용 절차", "접수 방법", "지원 방법", "제출 서류", "회사 소개", "기업 소개", "회사소개",
	"benefits", "perks", "about us", "about the company", "how to apply", "compensation", "salary", "location", "working conditions", "hiring process", "our process",
	"schedule", "work schedule", "hours and", "shift pattern", "physical demands", "physical requirements", "work environment", "working environment", "position summary", "job summary", "what we offer", "what we can offer", "we offer", "why join", "why work", "why you'll love", "our offer", "the package", "rewards", "what's in it for you", "what you'll get", "what you get", "the perks",
	// A federal posting's other sections.
	"conditions of employment", "how you will be evaluated", "how you'll be evaluated", "required documents", "additional information", "other information", "application process", "next steps", "what to expect", "equal employment", "equal opportunity"}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// alignedTables rewrites the tables a PDF's text gives as columns of
// spaces (a 경력기술서's "구분 / 내용 / 성과") as one line a row: its first
// cell as a tag, then its other cells, each with the lines wrapped under
// it, in column order ("[옵션 상품 개발] 호이안 쿠킹클래스 옵션 신규 기획
// (현지 식당과 직접 협의, …), 출시 6개월 후 월 300명 이용, 옵션 매출
// 비중 1위"), where the text runs row by row across the columns. A
// header row of column names is dropped. Columns are told apart by where
// their cells start on screen (a Hangul syllable is two columns wide).
func alignedTables(doc string) string {
	lines := strings.Split(doc, "\n")
	gap := re(`\S(\s{3,})\S`)
	var out []string
	for i := 0; i < len(lines); {
		// A block: rows with wide gaps, and the lines wrapped under them.
		j := i
		rows := 0
		for j < len(lines) && strings.TrimSpace(lines[j]) != "" {
			l := strings.TrimRight(lines[j], " \t")
			// A pipe table is read as one elsewhere; a form's "성    명 :
			// …   생년월일 : …" is labels and values, not columns.
			isRow := gap.MatchString(strings.TrimSpace(l)) && !strings.Contains(l, "|") && len(re(`(?:^|\s{2,})[가-힣A-Za-z][가-힣A-Za-z -]{0,9}\s*[:：]`).FindAllString(strings.TrimSpace(l), -1)) < 2
			wrapped := j > i && indent(l) >= indent(lines[i])+4
			if !isRow && !wrapped {
				break
			}
			if isRow {
				rows++
			}
			j++
		}
		// A form of personal details ("성      명   이준호   생 년 월 일
		// 2001.05.14", an e-mail, a phone number) is labels and values,
		// not rows of what was done.
		if rows < 2 || re(`@|\d{2,3}-[\dX*]{3,4}-[\dX*]{4}|성\s+명|생\s*년\s*월\s*일|연\s*락\s*처`).MatchString(strings.Join(lines[i:j], "\n")) {
			if rows < 2 {
				j = i + 1
			}
			out = append(out, lines[i:j]...)
			i = j
			continue
		}
		out = append(out, tableRows(lines[i:j])...)
		i = j
	}
	return strings.Join(out, "\n")
}

// tableRows reads one block of alignedTables.
func tableRows(block []string) []string {
	type cell struct {
		at   int
		text string
	}
	cellsOf := func(l string) []cell {
		var cs []cell
		col, start, run := 0, -1, 0
		var b strings.Builder
		for _, r := range strings.TrimRight(l, " \t") + "   " {
			if r == ' ' || r == '\t' {
				run++
				if run >= 3 && start >= 0 {
					cs = append(cs, cell{start, strings.TrimSpace(b.String())})
					b.Reset()
					start = -1
				} else if start >= 0 {
					b.WriteRune(r)
				}
			} else {
				if start < 0 {
					start = col
				}
				run = 0
				b.WriteRune(r)
			}
			col += runeWidth(r)
		}
		return cs
	}
	cells := make([][]cell, len(block))
	for k, l := range block {
		cells[k] = cellsOf(l)
	}
	// The columns: where the cells of the block's widest row start.
	var anchors []int
	for _, cs := range cells {
		if len(cs) > len(anchors) {
			anchors = anchors[:0]
			for _, c := range cs {
				anchors = append(anchors, c.at)
			}
		}
	}
	column := func(at int) int {
		k := 0
		for i, a := range anchors {
			if a <= at+3 {
				k = i
			}
		}
		return k
	}
	var out []string
	var row []string
	var subs []string // the items listed under a row ("- 하자 접수 4,200여 건 …")
	flush := func() {
		defer func() { out, subs = append(out, subs...), nil }()
		if row == nil {
			return
		}
		var parts []string
		for _, c := range row[1:] {
			if c = strings.TrimSpace(c); c != "" {
				parts = append(parts, c)
			}
		}
		first := strings.TrimSpace(row[0])
		line := strings.Join(parts, ", ")
		switch {
		case first == "":
		case line == "":
			line = first
		case strings.IndexFunc(first, unicode.IsDigit) >= 0:
			line = first + " " + line // a period ("2014.06~2019.12 …") opens its row as it does a line
		case utf8.RuneCountInString(first) <= 16:
			line = "[" + first + "] " + line
		default:
			line = first + ", " + line
		}
		row = nil
		if line != "" {
			out = append(out, line)
		}
	}
	// A row starts at the block's margin (a document may indent every
	// line by a space); a line indented further is wrapped under one.
	margin := -1
	for _, l := range block {
		if strings.TrimSpace(l) != "" && (margin < 0 || indent(l) < margin) {
			margin = indent(l)
		}
	}
	for k, l := range block {
		cs := cells[k]
		if len(cs) == 0 {
			continue
		}
		if indent(l) <= margin+1 || row == nil {
			flush()
			// A header: every cell a short name, nothing in figures.
			header := k == 0 && len(cs) >= 2
			for _, c := range cs {
				header = header && utf8.RuneCountInString(c.text) <= 8 && strings.IndexFunc(c.text, unicode.IsDigit) < 0
			}
			if header {
				continue
			}
			row = make([]string, len(anchors))
		}
		if indent(l) > margin+1 && len(cs) == 1 && bulletStart().MatchString(cs[0].text) {
			subs = append(subs, cs[0].text)
			continue
		}
		for _, c := range cs {
			k := column(c.at)
			if row[k] != "" {
				row[k] += " "
			}
			row[k] += strings.Join(strings.Fields(c.text), " ")
		}
	}
	flush()
	return out
}

// indent is how many spaces open l.
func indent(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// runeWidth is how many columns r takes on screen: two for Hangul, CJK
// and full-width forms, else one.
func runeWidth(r rune) int {
	if r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 || r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6) {
		return 2
	}
	return 1
}
