package text

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of disfluency reported in Filler.Kind.
const (
	KindFiller     = "filler"     // a hesitation sound or a filler word/phrase
	KindRepetition = "repetition" // a word (or two) said again: "저는 저는", "I was I was"
	KindRestart    = "restart"    // a word cut off and started again: "프로 프로젝트", "manag-"
	KindHedge      = "hedge"      // "아마", "것 같아요", "I think", "maybe"
)

// Sources of a Filler.
const (
	SourceTranscript = "transcript" // found in the recognised words
	SourceAcoustic   = "acoustic"   // heard by the voice engine's filled-pause detector only
)

// AcousticText is the Text of a filler that only the audio detector heard.
const AcousticText = "(음/um)"

// PauseGap is the shortest silence between two words that counts as a pause
// (docs/METRICS.md: silent pause >= 250 ms).
const PauseGap = 250 * time.Millisecond

// set is a small string set.
type set map[string]bool

func newSet(words ...string) set {
	s := make(set, len(words))
	for _, w := range words {
		s[w] = true
	}
	return s
}

// Lexicons. The rules that use them are described on detect.
var (
	// Korean words that are fillers only in filler context (they are also
	// real words: 그 "that", 저 "that/I", 뭐 "what", 막 "just", 이제 "now"...).
	koContext = newSet("그", "저", "뭐", "막", "이제", "약간", "좀", "그냥", "진짜", "솔직히", "저기")
	// 그러니까 is a connective ("so, therefore") as well as a discourse
	// marker; it counts as a filler when the talk before it is broken off
	// (it starts the utterance, follows a pause or a filler), when a pause
	// follows it, or when another filler follows it.
	koConnective = newSet("그러니까")
	// 있잖아(요) is a verb at the end of a clause ("기회가 있잖아요") and a
	// filler only when it opens one (utterance start, after a pause or a
	// filler).
	koOpener = newSet("있잖아", "있잖아요")
	// Always fillers: they have no meaning of their own in an answer.
	koAlways = newSet("뭐랄까", "뭐랄까요")
	// Second words of the phrase "그 뭐냐" ("what's it called").
	koWhatsIt = newSet("뭐냐", "뭐지", "뭐더라")
	// Words a determiner (그/저 "that") cannot modify: pronouns,
	// conjunctions, question words and adverbs. "그 제가" or "저 그래서" can
	// only be a filler followed by the rest of the sentence.
	koNonNominal = newSet(
		"제가", "저는", "저도", "저희", "저희가", "저희는", "저희도", "저희를", "제", "저를",
		"나는", "내가", "나도", "우리", "우리가", "우리는", "우리도",
		"그래서", "그리고", "그런데", "근데", "그러니까", "그러면", "그럼", "하지만", "그렇지만", "그래도",
		"또", "또한", "아니", "아니면", "네", "예",
		"그게", "이게", "저게", "그건", "이건", "저건", "그걸", "이걸",
		"뭐", "왜", "어떻게", "언제", "어디", "어디서", "누가", "누구",
		"좀", "막", "그냥", "진짜", "정말", "이제", "약간", "솔직히", "아마", "일단",
		"너무", "되게", "많이", "잘", "다", "더", "아주", "매우", "먼저", "항상", "계속", "같이", "열심히", "특히",
		"그렇게", "이렇게", "저렇게", "있잖아", "있잖아요", "뭐랄까",
	)
	// Words after which 뭐 cannot be the question word "what" (a question
	// needs a predicate next): "뭐 그런 거죠", "뭐 그냥 했어요", "뭐 별로".
	koWhatDiscourse = newSet("그런", "이런", "저런", "그렇게", "이렇게", "저렇게", "그", "이", "저", "다",
		"그냥", "막", "약간", "이제", "진짜", "솔직히", "별로", "딱히")
	// Intensifiers said twice for emphasis ("진짜 진짜 좋았어요", "very very
	// good") are neither fillers nor repetitions.
	intensifiers = newSet("진짜", "정말", "너무", "되게", "아주", "엄청", "완전", "really", "very", "so", "much", "too")

	// English words that are fillers only in filler context.
	enContext = newSet("like", "actually", "basically", "so")
	// A word directly before (no pause between) that makes the real-word
	// reading certain, even when a pause or a filler follows: "I like, um,
	// the team", "looks like, uh, a plan", "I think so, um".
	enLicense = map[string]set{
		"like": newSet("i", "you", "we", "they", "he", "she", "it", "who", "people", "really", "also", "would",
			"i'd", "we'd", "you'd", "they'd", "he'd", "she'd", "don't", "didn't", "doesn't", "do", "does", "did",
			"to", "not", "always", "never", "look", "looks", "looked", "looking", "sound", "sounds", "sounded",
			"feel", "feels", "felt", "feeling", "seem", "seems", "seemed", "something", "anything", "nothing",
			"everything", "more", "most", "much", "exactly", "just", "thing", "things", "stuff", "one", "ones", "lot"),
		"so": newSet("think", "hope", "guess", "suppose", "believe", "do", "did", "does", "done", "doing", "not",
			"and", "or", "even", "just", "more", "ever", "is", "was", "are", "were", "be", "been", "being", "it's",
			"that's", "feel", "felt", "seem", "seemed", "very", "quite", "said", "say", "told", "if", "why", "only"),
	}
	// Grammatical doubles in English: "I had had", "I know that that works".
	enNoRepeat = newSet("had", "that")
	// Before "kind of"/"sort of" these give the noun sense: "what kind of
	// project", "this sort of thing".
	enDeterminers = newSet("what", "this", "that", "a", "the", "some", "any", "which", "every", "one", "these",
		"those", "no", "each", "another", "same", "other", "my", "our", "your", "his", "her", "their", "its",
		"different", "particular", "certain", "whatever", "what's", "right", "wrong", "new", "first", "only")
	// Before "you know" these make it a real clause: "do you know", "as you
	// know", "what you know".
	enYouKnowClause = newSet("do", "did", "does", "don't", "didn't", "doesn't", "if", "as", "would", "will",
		"you'll", "should", "could", "can", "might", "what", "how", "when", "where", "who", "whether", "let",
		"to", "that")
	// Before "I mean" these make it a real clause: "what I mean is".
	enIMeanClause = newSet("what", "that", "which", "how", "if", "do", "did", "don't", "didn't", "whatever")
	// After "I mean" these make it the verb "mean": "I mean it".
	enIMeanObject = newSet("it", "to", "by", "business", "well")
	// Hedge words listed separately.
	enHedgeWords = newSet("maybe", "probably", "perhaps")
	koHedgeWords = newSet("아마", "아마도")

	// Complete English words that often stand before a longer word
	// starting with them ("some something", "the there"), so a prefix is
	// not taken as a cut-off word.
	enPrefixStop = newSet("and", "any", "are", "but", "can", "for", "had", "has", "her", "his", "how", "its", "not",
		"now", "off", "one", "our", "out", "she", "the", "too", "two", "was", "who", "you", "all", "get", "see",
		"new", "use", "way", "man", "day", "some", "over", "down", "then", "them", "they", "than", "when", "what",
		"with", "that", "this", "even", "just", "more", "most", "much", "only", "such", "also", "back", "well",
		"time", "here", "there", "work", "make", "into", "come", "were", "will", "your", "been", "have", "which",
		"where", "these", "those", "thing", "think", "know", "like", "sure", "many", "every", "good", "long", "part",
		"end", "form", "for", "car", "art", "her", "let", "men", "ten", "man", "pass", "test", "help", "build")
)

// isHesitation reports pure hesitation sounds, fillers wherever they are:
// um, uh, er, erm, ah, hmm (also "umm", "uhh", "errr") and 어, 음, 아, 에,
// 으, 엄, 흠 (also "어어", "으음", "음…").
func isHesitation(t string) bool {
	c := collapseRuns(t)
	switch c {
	case "um", "uhm", "ehm", "uh", "er", "erm", "ah", "hm":
		return true
	case "m":
		return utf8.RuneCountInString(t) >= 2 // "mm"
	case "어", "음", "아", "에", "으", "엄", "흠", "으음", "어음", "어엄", "으어":
		return true
	}
	return false
}

// collapseRuns replaces runs of the same rune by one: "ummm" -> "um",
// "어어어" -> "어".
func collapseRuns(s string) string {
	var b strings.Builder
	prev := rune(-1)
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// mark is one disfluency over tokens [i, i+n).
type mark struct {
	i, n int
	kind string
}

// detector classifies the tokens of one answer.
type detector struct {
	lang     string
	toks     []token
	kind     []string // per token: "" or a Kind
	marks    []mark
	pauses   []Span
	acoustic []Span
}

// detect finds fillers, repetitions, restarts and hedges. The rules:
//
//   - Hesitation sounds (isHesitation), "뭐랄까" and the phrase "그 뭐냐"
//     ("그 뭐지", "그 뭐더라") are always fillers; a word ending in a hyphen
//     ("manag-") is a restart.
//   - A word that is also a real word (koContext, enContext) is a filler
//     only as its own token and in filler context: it is said twice in a
//     row ("그 그"; the first one is the filler, the second is judged by
//     what follows it), or a pause follows it (a comma, ellipsis or dash
//     after it, or a gap of PauseGap or more, or a pause span, unless the
//     pause is a sentence end "."/"?"/"!"), or a filler follows it (also an
//     acoustic one in the gap after it). A pause before it alone is not
//     enough: phrases start after pauses all the time ("저는 [pause] 그
//     회사에서"). A left neighbour that licenses the real word overrides
//     all of this (enLicense: "I like, um, the team").
//   - 그/저 followed by a word a determiner cannot modify (koNonNominal:
//     "그 제가", "저 그래서") and 뭐 followed by a word a question cannot
//     continue with (koWhatDiscourse: "뭐 그런 거죠") are fillers.
//   - "you know" is a filler unless a clause word comes before it ("do you
//     know") and only when a pause, a filler, or the end of a sentence or
//     of the answer follows it ("you know what I mean" is a clause). "I
//     mean" is a filler unless it is embedded ("what I mean") or has an
//     object ("I mean it") with no pause between.
//   - "kind of"/"sort of" after a determiner is the noun ("what kind of
//     project"): nothing. Otherwise it is a filler when a pause, a filler
//     or the end of a sentence follows it, and a hedge when it runs straight
//     into the next word ("it was kind of hard", "we sort of rebuilt it").
//   - The same word twice in a row, fillers between allowed ("저는 음
//     저는"), is a repetition of the first (filler words and intensifiers
//     said twice excepted, see above), and so are two words said twice ("I
//     was I was"); never across a sentence end ("was it? It was").
//   - A word that is a proper prefix of the next word (fillers between
//     allowed) is a restart ("프로 프로젝트", "manag management"): English
//     fragments need 3+ letters and must not be a common whole word
//     (enPrefixStop); one-syllable Korean fragments count only before a
//     word a determiner cannot modify ("제 제가"), since "그 그룹" is "that
//     group".
//   - Only a single word or two words are compared: in "the proj- the
//     project" the abandoned "the" is not found.
//   - Hedges: "아마", "아마도" and, when said 3 or more times in the answer,
//     every "것/거 같-" ("것 같습니다", "거 같아요"); "I think", "I guess",
//     "maybe", "probably", "perhaps" and "kind of"/"sort of" in the hedge
//     sense.
func detect(lang string, toks []token, pauses, acoustic []Span) (marks []mark, hedges []mark) {
	d := &detector{lang: lang, toks: toks, kind: make([]string, len(toks)), pauses: pauses, acoustic: acoustic}
	n := len(toks)
	for i, t := range toks {
		switch {
		case d.kind[i] != "":
		case isHesitation(t.text) || koAlways[t.text]:
			d.set(i, 1, KindFiller)
		case t.cutOff:
			d.set(i, 1, KindRestart)
		case lang == "ko" && t.text == "그" && i+1 < n && koWhatsIt[toks[i+1].text]:
			d.set(i, 2, KindFiller)
		}
	}
	// Later rules look at the decision for the next and the previous token,
	// so repeat until nothing changes; every rule only adds marks.
	for pass := 0; pass < 8; pass++ {
		changed := false
		for i := n - 1; i >= 0; i-- {
			if d.kind[i] != "" {
				continue
			}
			if k, l := d.classify(i); k != "" {
				d.set(i, l, k)
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return d.marks, d.hedges()
}

// set records a mark over tokens [i, i+n).
func (d *detector) set(i, n int, kind string) {
	d.marks = append(d.marks, mark{i: i, n: n, kind: kind})
	for k := i; k < i+n && k < len(d.kind); k++ {
		d.kind[k] = kind
	}
}

// text is token i's text, or "" outside the answer.
func (d *detector) text(i int) string {
	if i < 0 || i >= len(d.toks) {
		return ""
	}
	return d.toks[i].text
}

// gapAfter is the silence between token i and the next one.
func (d *detector) gapAfter(i int) time.Duration {
	if i+1 >= len(d.toks) {
		return 0
	}
	return d.toks[i+1].start - d.toks[i].end
}

// spanAfter reports a span that starts in the gap after token i (from 100
// ms before its end, but not before its middle, to 100 ms after the next
// token's start). spans must be cleaned (cleanSpans).
func (d *detector) spanAfter(spans []Span, i int) bool {
	if i < 0 || i+1 >= len(d.toks) || len(spans) == 0 {
		return false
	}
	t := d.toks[i]
	mid := t.start + (t.end-t.start)/2
	lo := t.end - 100*time.Millisecond
	hi := max(d.toks[i+1].start, t.end) + 100*time.Millisecond
	// spans are sorted and disjoint (cleanSpans), so their ends are sorted.
	k := sort.Search(len(spans), func(k int) bool { return spans[k].End > lo })
	for ; k < len(spans) && spans[k].Start < hi; k++ {
		if spans[k].Start >= mid {
			return true
		}
	}
	return false
}

// pauseAfter reports a hesitation pause right after token i: a comma,
// ellipsis or dash, or a silent gap of PauseGap or more, or a pause span
// from the voice engine, but not a sentence end.
func (d *detector) pauseAfter(i int) bool {
	if i < 0 || i >= len(d.toks) {
		return false
	}
	t := d.toks[i]
	if t.pauseAfter {
		return true
	}
	if t.sentEnd {
		return false
	}
	return d.gapAfter(i) >= PauseGap || d.spanAfter(d.pauses, i)
}

// brokenBefore reports that token i opens the talk: it is the first token,
// or a pause, a sentence end or a filler comes right before it.
func (d *detector) brokenBefore(i int) bool {
	if i <= 0 {
		return true
	}
	return d.pauseBetween(i-1) || d.kind[i-1] == KindFiller || d.spanAfter(d.acoustic, i-1)
}

// pauseBetween reports any pause mark or silence between token i and the
// next one, a sentence end included.
func (d *detector) pauseBetween(i int) bool {
	p := d.toks[i]
	return p.pauseAfter || p.sentEnd || d.gapAfter(i) >= PauseGap || d.spanAfter(d.pauses, i)
}

// fillerAfter reports a filler right after token i, in the transcript or
// heard by the acoustic detector in the gap.
func (d *detector) fillerAfter(i int) bool {
	return (i+1 < len(d.toks) && d.kind[i+1] == KindFiller) || d.spanAfter(d.acoustic, i)
}

// endsSentence reports that token i ends a sentence or the answer.
func (d *detector) endsSentence(i int) bool {
	return i >= len(d.toks)-1 || d.toks[i].sentEnd
}

// licensedLeft reports a left neighbour, with no pause between, that makes
// token i a real word.
func (d *detector) licensedLeft(i int) bool {
	if d.lang != "en" || i == 0 || d.pauseBetween(i-1) {
		return false
	}
	lic := enLicense[d.toks[i].text]
	return lic != nil && lic[d.toks[i-1].text]
}

// isContext reports a word that is a filler only in filler context.
func (d *detector) isContext(t string) bool {
	if d.lang == "ko" {
		return koContext[t] || koConnective[t] || koOpener[t]
	}
	return enContext[t]
}

// classify decides an undecided token; it returns the kind and the number
// of tokens the mark covers, or "" for a plain word.
func (d *detector) classify(i int) (string, int) {
	t := d.toks[i].text
	next := ""
	if i+1 < len(d.toks) && d.kind[i+1] == "" {
		next = d.toks[i+1].text
	}
	if d.lang == "en" {
		if k, l, ok := d.englishPhrase(i, t, next); ok {
			return k, l
		}
	}
	// The next word said, over fillers in between: in "저는 음 저는" and
	// "I, uh, I went" the filler is the interruption between the abandoned
	// word and its repair.
	// A sentence end between them makes a new start, not a repair: "was
	// it? It was".
	j := d.skipFillers(i)
	// Said twice in a row.
	if j < len(d.toks) && d.toks[j].text == t && !intensifiers[t] && !(d.lang == "en" && enNoRepeat[t]) {
		if d.isContext(t) {
			return KindFiller, 1
		}
		return KindRepetition, 1
	}
	// Two words said twice: "I was I was", "we were, uh, we were".
	if next != "" && next != t && !d.toks[i].sentEnd {
		if k := d.skipFillers(i + 1); d.text(k) == t && d.text(k+1) == next && d.kind[k] == "" && d.kind[k+1] == "" {
			return KindRepetition, 2
		}
	}
	switch {
	case d.lang == "ko" && koOpener[t]:
		if d.brokenBefore(i) {
			return KindFiller, 1
		}
		return "", 0
	case d.lang == "ko" && koConnective[t]:
		if d.brokenBefore(i) || d.pauseAfter(i) || d.fillerAfter(i) {
			return KindFiller, 1
		}
		return "", 0
	case d.isContext(t):
		if d.licensedLeft(i) {
			return "", 0
		}
		if d.pauseAfter(i) || d.fillerAfter(i) {
			return KindFiller, 1
		}
		if d.lang == "ko" && (t == "그" || t == "저") && koNonNominal[d.text(i+1)] {
			return KindFiller, 1
		}
		if d.lang == "ko" && t == "뭐" && koWhatDiscourse[d.text(i+1)] {
			return KindFiller, 1
		}
		return "", 0
	}
	if j < len(d.toks) && d.kind[j] == "" && d.isRestart(t, d.toks[j].text) {
		return KindRestart, 1
	}
	return "", 0
}

// englishPhrase handles "you know", "I mean" and "kind of"/"sort of" at i.
func (d *detector) englishPhrase(i int, t, next string) (string, int, bool) {
	prev := d.text(i - 1)
	switch {
	case t == "you" && next == "know":
		if enYouKnowClause[prev] && !d.pauseBetween(i-1) {
			return "", 0, false
		}
		if d.pauseAfter(i+1) || d.endsSentence(i+1) || d.fillerAfter(i+1) {
			return KindFiller, 2, true
		}
	case t == "i" && next == "mean":
		if enIMeanClause[prev] && !d.pauseBetween(i-1) {
			return "", 0, false
		}
		if d.pauseAfter(i+1) || !enIMeanObject[d.text(i+2)] {
			return KindFiller, 2, true
		}
	case (t == "kind" || t == "sort") && next == "of":
		if enDeterminers[prev] {
			return "", 0, true // the noun: "what kind of project"
		}
		if d.pauseAfter(i+1) || d.endsSentence(i+1) || d.fillerAfter(i+1) {
			return KindFiller, 2, true
		}
		return "", 0, true // a hedge, listed by hedges
	}
	return "", 0, false
}

// skipFillers is the index of the first token after i that is not a
// filler, or len(toks) when a sentence ends first (at i or at a filler).
func (d *detector) skipFillers(i int) int {
	n := len(d.toks)
	if i < 0 || i >= n || d.toks[i].sentEnd {
		return n
	}
	j := i + 1
	for j < n && d.kind[j] == KindFiller {
		if d.toks[j].sentEnd {
			return n
		}
		j++
	}
	return j
}

// isRestart reports a fragment t cut off and restarted as next.
func (d *detector) isRestart(t, next string) bool {
	if len(next) <= len(t) || !strings.HasPrefix(next, t) {
		return false
	}
	if h := hangulSyllables(t); h > 0 {
		if h == 1 {
			return koNonNominal[next]
		}
		return true
	}
	for _, r := range t {
		if r >= '0' && r <= '9' {
			return false
		}
	}
	return utf8.RuneCountInString(t) >= 3 && !enPrefixStop[t]
}

// hedges lists hedge marks over tokens that are not disfluencies.
func (d *detector) hedges() []mark {
	var out, seems []mark
	n := len(d.toks)
	free := func(i int) bool { return i >= 0 && i < n && d.kind[i] == "" }
	for i := 0; i < n; i++ {
		if !free(i) {
			continue
		}
		t := d.toks[i].text
		next := ""
		if free(i + 1) {
			next = d.toks[i+1].text
		}
		switch d.lang {
		case "en":
			switch {
			case t == "i" && (next == "think" || next == "guess") && d.text(i-1) != "what":
				out = append(out, mark{i: i, n: 2, kind: KindHedge})
				i++
			case enHedgeWords[t]:
				out = append(out, mark{i: i, n: 1, kind: KindHedge})
			case (t == "kind" || t == "sort") && next == "of" && !enDeterminers[d.text(i-1)]:
				out = append(out, mark{i: i, n: 2, kind: KindHedge})
				i++
			}
		case "ko":
			switch {
			case koHedgeWords[t]:
				out = append(out, mark{i: i, n: 1, kind: KindHedge})
			case (t == "것" || t == "거") && strings.HasPrefix(next, "같") && next != "같이":
				seems = append(seems, mark{i: i, n: 2, kind: KindHedge})
				i++
			case (strings.HasPrefix(t, "것같") || strings.HasPrefix(t, "거같")) && t != "것같이" && t != "거같이":
				seems = append(seems, mark{i: i, n: 1, kind: KindHedge})
			}
		}
	}
	if len(seems) >= 3 {
		out = append(out, seems...)
	}
	return out
}
