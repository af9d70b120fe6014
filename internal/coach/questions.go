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

// Kind is a generated question's type.
type Kind string

// Question kinds (인성, 직무, 경험검증, 압박).
const (
	KindPersonality Kind = "personality" // 인성
	KindJob         Kind = "job"         // 직무
	KindExperience  Kind = "experience"  // 경험검증
	KindPressure    Kind = "pressure"    // 압박
)

// KindKO is the Korean name of a kind.
func (k Kind) KO() string {
	return map[Kind]string{KindPersonality: "인성", KindJob: "직무", KindExperience: "경험검증", KindPressure: "압박"}[k]
}

// Question is a generated interview question.
type Question struct {
	Text       string `json:"text"`
	Kind       Kind   `json:"type"`
	Rationale  string `json:"rationale"`   // what it probes, quoting the document
	Source     string `json:"source_text"` // the words of the resume or JD it names
	Difficulty int    `json:"difficulty"`  // 1 easy .. 3 hard
	// item is the resume sentence the question is about: a set asks about
	// each item once before any is asked about again.
	item string
	// alt is the same question in the generator's other sentence frame.
	alt string
	// also are the other items the question asks about (three
	// requirements in one): none of them is asked again before the rest.
	also []string
	// filler is asked only when nothing else is left (a question that
	// names the role and little else).
	filler bool
}

// Profile is what questions are made from.
type Profile struct {
	Resume, JD, Role string
	Lang             string // "ko" or "en"
}

// Offline writes up to n questions from the documents alone, each naming
// something taken from them, in a mix of kinds. existing are questions the
// user already has (not repeated).
//
// The set opens with an experience and a result, then the licences the
// posting names and a career changer's move (asked in every interview),
// then, while any question adds figures or names the set has not asked
// about yet, the one adding most (never a topic already asked from
// another sentence), then every resume item and JD requirement not yet
// asked about, and only then fills up with the rest. No sentence frame is used twice while another
// question can take its place, and no resume line or requirement is
// quoted twice: documents with little in them give fewer than n.
func Offline(p Profile, n int, existing []string) []Question {
	f := Extract(p.Resume, p.JD)
	if p.Role != "" {
		f.Role = p.Role
	}
	qs := choose(f, candidates(f, p.Lang != "en"), n, existing)
	// A quote from a table or a form keeps its words, not the spaces that
	// lined its columns up ("Career break      Jan 2025 – Oct 2025").
	for i := range qs {
		qs[i].Text = re(`[ \t]{2,}|\t`).ReplaceAllString(qs[i].Text, " ")
	}
	return qs
}

// candidates are every question each generator writes, generator by
// generator.
func candidates(f Facts, ko bool) [][]Question {
	return [][]Question{experienceQs(f, ko), achievementQs(f, ko), skillQs(f, ko), gapQs(f, ko), valueQs(f, ko), dutyQs(f, ko), overviewQs(f, ko), pressureQs(f, ko), requirementQs(f, ko), credentialQs(f, ko), moveQs(f, ko), ownCertificateQs(f, ko), roleQs(f, ko), dutiesOverviewQs(f, ko), weaknessQs(f, ko), changeQs(f, ko), resultsOverviewQs(f, ko), experiencesChoiceQs(f, ko), setbackQs(f, ko), studyQs(f, ko)}
}

// choose takes n of the generators' candidates (see Offline).
func choose(f Facts, gens [][]Question, n int, existing []string) []Question {
	// The set opens with what the candidate did and achieved; a value
	// or a duty is asked when it adds something (the bank has the
	// general 인성 questions).
	opening := map[int]bool{0: true, 1: true}
	reserved := []int{9, 15, 10} // credentialQs, changeQs, moveQs
	// Every candidate in round-robin order over the generators.
	type cand struct {
		q     Question
		first bool // opens the set
		gen   int  // the generator that wrote it
	}
	var order []cand
	for round := 0; ; round++ {
		added := false
		for gi, g := range gens {
			if round < len(g) {
				order = append(order, cand{g[round], round == 0 && opening[gi], gi})
				added = true
			}
		}
		if !added {
			break
		}
	}
	// What each candidate is about: the skills and the result figures it
	// names. Before every item is asked, a question is not about what
	// one already in the set is about ("HubSpot CRM 도입" twice from two
	// sentences, "62%" from the problem and from its result).
	topics := make([][]string, len(order))
	for i, c := range order {
		topics[i] = topicsOf(c.q, f)
	}
	covered := map[string]bool{}
	fresh := func(i int) bool {
		for _, k := range topics[i] {
			if covered[k] {
				return false
			}
		}
		return true
	}
	var out []Question
	seen := append([]string(nil), existing...)
	grams := bigramCache{}
	asked := map[string]bool{}
	// A resume line is asked once, however its bullet or its quote reads.
	isAsked := func(q Question) bool {
		for _, it := range q.also {
			if asked[stripTags(it)] {
				return true
			}
		}
		return asked[stripTags(q.item)] || !strings.HasPrefix(q.item, "req:") && !strings.HasPrefix(q.item, "duty:") && asked["quote:"+q.Source]
	}
	// A duty of the posting is asked once, but asked after the resume's
	// items and the requirements, as a question that names none is.
	duty := func(q Question) bool { return strings.HasPrefix(q.item, "duty:") }
	listed := func(q Question) bool { return q.item != "" && !duty(q) }
	unlisted := func(q Question) bool { return q.item == "" || duty(q) && !isAsked(q) }
	framed := map[string]bool{}
	used := make([]bool, len(order))
	// Each pass takes what it admits, in order; a repeated frame only when
	// nothing with a fresh one is left for that pass.
	passes := []struct {
		take        func(i int, c cand) bool
		allowRepeat bool
	}{
		{func(i int, c cand) bool { return c.first && !isAsked(c.q) && fresh(i) }, false},
		{func(i int, c cand) bool { return listed(c.q) && !isAsked(c.q) && fresh(i) }, false},
		{func(i int, c cand) bool { return unlisted(c.q) && !c.q.filler && fresh(i) }, false},
		{func(i int, c cand) bool { return listed(c.q) && !isAsked(c.q) }, false},
		{func(i int, c cand) bool { return unlisted(c.q) && !c.q.filler }, false},
		{func(i int, c cand) bool { return listed(c.q) && !isAsked(c.q) }, true},
		{func(i int, c cand) bool { return c.q.filler }, false},
		{func(i int, c cand) bool { return c.q.item == "" || !isAsked(c.q) }, false},
		{func(i int, c cand) bool { return c.q.item == "" || !isAsked(c.q) }, true},
	}
	// What each candidate would add to the set: the words, figures and
	// names of the documents it quotes or names that no question in the
	// set has yet.
	units := make([][]string, len(order))
	for i, c := range order {
		units[i] = contentUnits(c.q)
	}
	said := map[string]bool{}
	take := func(i int, q Question) {
		used[i] = true
		for _, k := range topics[i] {
			covered[k] = true
		}
		for _, u := range units[i] {
			said[u] = true
		}
		out = append(out, q)
		seen = append(seen, q.Text)
		if q.item != "" {
			asked[stripTags(q.item)] = true
			if !strings.HasPrefix(q.item, "req:") && !strings.HasPrefix(q.item, "duty:") {
				asked["quote:"+q.Source] = true
			}
		}
		for _, it := range q.also {
			asked[stripTags(it)] = true
		}
	}
	for pi, pass := range passes {
		if pi == 1 {
			// A licence or certificate the posting names is asked about
			// in every interview: one such question has its place.
			for _, g := range reserved {
				for i, c := range order {
					if len(out) >= n || used[i] || c.gen != g || !pass.take(i, c) || grams.similarToAny(c.q.Text, seen) {
						continue
					}
					q, _ := reframe(c.q, framed, true)
					take(i, q)
					break
				}
			}
			// After the opening, the question that adds the most to
			// the set next, while any adds something new: the ten reach
			// as much of the two documents as ten can.
			for len(out) < n {
				best, bestGain := -1, 0
				var bestQ Question
				for i, c := range order {
					if used[i] || !(pass.take(i, c) || passes[2].take(i, c)) || grams.similarToAny(c.q.Text, seen) {
						continue
					}
					gain := 0
					for _, u := range units[i] {
						if !said[u] {
							gain += unitWeight(u)
						}
					}
					if gain <= bestGain {
						continue
					}
					q, fresh := reframe(c.q, map[string]bool{}, false)
					if framed[frameOf(c.q)] {
						q, fresh = reframeCopy(c.q, framed)
					}
					if fresh {
						best, bestGain, bestQ = i, gain, q
					}
				}
				if best < 0 {
					break
				}
				framed[frameOf(bestQ)] = true
				take(best, bestQ)
			}
		}
		for i, c := range order {
			if len(out) >= n {
				return out
			}
			if used[i] || !pass.take(i, c) || grams.similarToAny(c.q.Text, seen) {
				continue
			}
			q, fresh := reframe(c.q, framed, pass.allowRepeat)
			if !fresh && !pass.allowRepeat {
				continue
			}
			take(i, q)
		}
	}
	return out
}

// reframeCopy is reframe without recording: q in a frame the set does
// not have yet, if it has one.
func reframeCopy(q Question, framed map[string]bool) (Question, bool) {
	if !framed[frameOf(q)] {
		return q, true
	}
	if q.alt != "" {
		other := q
		other.Text, other.alt = q.alt, q.Text
		if !framed[frameOf(other)] {
			return other, true
		}
	}
	return q, false
}

// contentUnits are what a question takes from the documents: the stems of
// what it quotes (or, quoting nothing, of what it names), without the
// words every question uses.
func contentUnits(q Question) []string {
	parts := quotedPart().FindAllString(q.Text, -1)
	text := strings.Join(parts, " ")
	if len(parts) == 0 {
		text = q.Source
	}
	var out []string
	seen := map[string]bool{}
	for _, st := range stems(text) {
		if commonStems[st] || stopUnits[st] || seen[st] {
			continue
		}
		seen[st] = true
		out = append(out, st)
	}
	// A Korean noun whole ("시뮬레이터", "일용직"): its stem alone is too
	// coarse to tell one thing from another.
	for _, w := range words(text) {
		if n := koNoun(w); n != "" && !seen["ko:"+n] && !commonStems[string([]rune(n)[:2])] {
			seen["ko:"+n] = true
			out = append(out, "ko:"+n)
		}
	}
	return out
}

// koNoun is a Korean word's noun without its particle ("시뮬레이터를" is
// "시뮬레이터"), or "" for a verb, an adverb or a word too short to name
// anything.
func koNoun(w string) string {
	rs := []rune(w)
	if len(rs) < 2 || !i18n.IsSyllable(rs[0]) {
		return ""
	}
	for _, p := range []string{"이라는", "으로", "에서", "에게", "까지", "부터", "처럼", "보다", "이라", "라는", "과의", "와의", "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도", "만"} {
		if strings.HasSuffix(w, p) && utf8.RuneCountInString(w)-utf8.RuneCountInString(p) >= 2 {
			w = strings.TrimSuffix(w, p)
			break
		}
	}
	for _, e := range []string{"다", "고", "며", "해", "했", "하여", "한", "할", "된", "될", "던", "서", "면", "지", "게", "히", "께", "씩", "니다", "어", "아", "여"} {
		if strings.HasSuffix(w, e) {
			return ""
		}
	}
	if utf8.RuneCountInString(w) < 2 {
		return ""
	}
	return w
}

// stopUnits are words too common in documents to count as something new.
var stopUnits = map[string]bool{"and": true, "the": true, "for": true, "our": true, "all": true, "per": true, "new": true, "using": true, "across": true, "over": true, "also": true, "each": true, "every": true}

// unitWeight: a figure counts twice, a Latin word (a name, or any word of
// an English document) or a Korean noun once; a Korean word's stem (its
// first two syllables) is too coarse to tell one thing from another and
// counts for nothing.
func unitWeight(u string) int {
	r, _ := utf8.DecodeRuneInString(u)
	switch {
	case unicode.IsDigit(r):
		return 2
	case r < 0x80:
		return 1
	}
	return 0
}

// topicsOf is what a question about the resume is about: the skills of
// both documents it names and the result figures it quotes (not years).
// Questions about the posting's lines have none: asking how the
// candidate meets a requirement does not stand in for a question about
// what they did with it.
func topicsOf(q Question, f Facts) []string {
	if strings.HasPrefix(q.item, "req:") || strings.HasPrefix(q.item, "duty:") && len(q.also) > 0 || q.Kind == KindPersonality && q.item == "" {
		return nil
	}
	text := quotedPart().FindAllString(q.Text, -1)
	body := strings.ToLower(strings.Join(text, " "))
	if q.item == "" || strings.HasPrefix(q.item, "duty:") {
		body = strings.ToLower(q.Text) // a skill question names its skills unquoted
	}
	var out []string
	for _, sk := range f.Skills {
		if genericSkill[sk] {
			continue
		}
		if containsTerm(body, strings.ToLower(sk)) {
			out = append(out, "skill:"+strings.ToLower(sk))
		}
	}
	// The measure a result is in: "조기 퇴사율" in the problem's 31% and
	// the result's 17% is one topic, "time-to-fill" too.
	for _, m := range metricRe().FindAllStringSubmatch(body, -1) {
		out = append(out, "m:"+m[1]+m[2])
	}
	for _, m := range numberRe().FindAllString(strings.Join(text, " "), -1) {
		m = strings.TrimSpace(m)
		if strings.IndexFunc(m, func(r rune) bool { return !unicode.IsDigit(r) && r != ',' && r != '.' }) >= 0 && !isYear(m) && !span(m) {
			out = append(out, "n:"+strings.ReplaceAll(m, " ", ""))
		}
	}
	return out
}

// span reports whether a figure is a stretch of time (2년, 6개월,
// "3 years"): how long something took is no topic of its own.
func span(m string) bool {
	m = strings.ToLower(strings.TrimSpace(m))
	for _, u := range []string{"년", "개월", "years", "months"} {
		if strings.HasSuffix(m, u) {
			return true
		}
	}
	return false
}

// metricRe matches the name of a measure: a Korean noun in 율/률 (퇴사율,
// 불참률, 재등록률) or an English rate, score or time ("churn rate",
// "time-to-fill", "first-90-day turnover").
var metricRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`([가-힣]{1,6}(?:율|률))|([a-z-]+ (?:rate|score)|time-to-[a-z]+|turnover|churn|nps|csat)`)
})

// frameOf is a question's sentence frame: its words without what it quotes
// or names.
func frameOf(q Question) string {
	f := quotedPart().ReplaceAllString(q.Text, "'…'")
	if q.Source != "" {
		f = strings.ReplaceAll(f, q.Source, "X")
	}
	// The particle after a name or a quote follows its last sound: one
	// frame either way.
	for _, x := range []string{"X", "'…'"} {
		f = strings.NewReplacer(x+"이라는", x+"라는", x+"이", x+"가", x+"을", x+"를", x+"은", x+"는", x+"과", x+"와").Replace(f)
	}
	return f
}

// reframe puts q in its other sentence frame when its own is already in
// the set; fresh says whether the frame it has is new to the set. A fresh
// frame, or any when record is set, is recorded as used.
func reframe(q Question, framed map[string]bool, record bool) (Question, bool) {
	if framed[frameOf(q)] && q.alt != "" {
		other := q
		other.Text, other.alt = q.alt, q.Text
		if !framed[frameOf(other)] {
			q = other
		}
	}
	fresh := !framed[frameOf(q)]
	if fresh || record {
		framed[frameOf(q)] = true
	}
	return q, fresh
}

// byResult puts the projects an achievement question will ask about
// (they report a result with a number) after the others, so that the
// experience questions reach the projects nothing else asks about.
//
// Within each group the projects with the most to ask about come first:
// a number, a named tool or method, a skill the JD also names; a bare
// "I was in charge of …" last.
func byResult(f Facts) []string {
	var plain, withResult []string
	for _, s := range f.Projects {
		if slices.Contains(f.Achievements, s) && resultNumber(s) != "" {
			withResult = append(withResult, s)
		} else {
			plain = append(plain, s)
		}
	}
	score := func(s string) int {
		n := 0
		if numberRe().MatchString(s) {
			n += 2
		}
		low := strings.ToLower(s)
		for _, sk := range f.Skills {
			if !genericSkill[sk] && containsTerm(low, strings.ToLower(sk)) {
				n += 2 // a named tool or method, not a broad area (채용, 교육)
			}
		}
		n += min(2, len(latinTokens(s)))
		if strings.ContainsAny(s, "'‘’\"“”「」") {
			n++ // a method or a thing it names
		}
		if containsAny(low, []string{"담당했", "근무했", "근무하며", "일했", "worked as", "was responsible"}) && !numberRe().MatchString(strings.TrimLeft(s, "0123456789년월 ")) {
			n -= 4 // a job held, not something done
		}
		if containsAny(low, []string{"보조했", "맡았", "참여했", "assisted", "helped with"}) && !hasCue(low, resultCues) {
			n -= 2 // a part played, with nothing it led to
		}
		return n
	}
	sort.SliceStable(plain, func(i, j int) bool { return score(plain[i]) > score(plain[j]) })
	return append(plain, withResult...)
}

func experienceQs(f Facts, ko bool) []Question {
	var out []Question
	for i, s := range byResult(f) {
		if utf8.RuneCountInString(quoted(s, ko)) < 8 {
			continue // a section title ("[인턴 경험]"), not an experience
		}
		q := quoteable(s)
		where := "자기소개서에"
		if n := f.ItemOf[s]; n > 0 {
			where = fmt.Sprintf("자기소개서 %d번 문항에", n) // the 문항 the candidate answered
		}
		text, alt := twoFrames(ko, i%2 == 0,
			fmt.Sprintf("%s '%s'%s 쓰셨는데, 그 일에서 본인이 직접 맡은 부분과 가장 어려웠던 순간은 무엇이었나요?", where, q, quoteParticle(q)),
			fmt.Sprintf("'%s' 경험에서 다른 사람이 아닌 지원자님이었기 때문에 달라진 결과가 있다면 무엇인가요?", q),
			fmt.Sprintf("Your resume says \"%s\". What exactly was your part, and what was the hardest moment?", snippet(s, enQuote)),
			fmt.Sprintf("About \"%s\": what turned out differently because it was you doing it rather than someone else?", snippet(s, enQuote)))
		out = append(out, Question{Text: text, alt: alt, Kind: KindExperience, Difficulty: 2, Source: quoted(s, ko), item: s,
			Rationale: rationale(ko, "자기소개서의 경험 서술을 검증합니다", "checks an experience claimed in the resume", s)})
	}
	return out
}

func achievementQs(f Facts, ko bool) []Question {
	var out []Question
	n := 0
	for _, s := range byWeight(f.Achievements) {
		if utf8.RuneCountInString(quoted(s, ko)) < 8 {
			continue
		}
		num := resultNumber(s)
		if num == "" {
			continue // the numbers describe the problem, not a result
		}
		q := formalToPlain(snippetWith(s, 48, num))
		eq := snippetWith(s, enQuote, num)
		if ko && !strings.Contains(q, num) || !ko && !strings.Contains(eq, num) {
			continue // the figure the question names must be in what it quotes
		}
		// A quote that is little but the figure ("~30% (£2.1k/month)")
		// says nothing of what was done.
		if !ko && len(re(`\b[A-Za-z]{3,}\b`).FindAllString(eq, -1)) < 3 {
			continue
		}
		// How long something went on ("… for the last 18 months") is no
		// result, unless it is what was cut or stretched.
		if span(num) && !beforeAfter().MatchString(s) && !re(`(?i)\bfrom\b.*\bto\b|에서.*(?:으로|로)`).MatchString(s) {
			continue
		}
		// Four frames, each question in one and offered the next: a set
		// can ask about four results without a frame twice.
		frames := [][2]string{
			{fmt.Sprintf("'%s'%s 쓰셨는데, 그 %s 나오기까지 본인이 내린 가장 중요한 결정은 무엇이었나요?", q, quoteParticle(q), josa(num, "이", "가")),
				fmt.Sprintf("You wrote \"%s\". What was the most important decision you made on the way to %s?", eq, num)},
			{fmt.Sprintf("'%s'에서 %s 수치는 어떻게 측정했고, 그중 본인의 기여는 어느 정도였나요?", q, josa(num, "이라는", "라는")),
				fmt.Sprintf("You wrote \"%s\". How was the %s measured, and how much of it was your own doing?", eq, num)},
			{fmt.Sprintf("'%s'%s 하셨는데, 그 결과가 한때의 운이 아니었다는 것을 무엇으로 보여 주시겠습니까?", q, quoteParticle(q)),
				fmt.Sprintf("You wrote \"%s\". What shows that %s was not a one-off?", eq, num)},
			{fmt.Sprintf("'%s'%s 적으셨는데, 같은 일을 다시 한다면 무엇을 다르게 해서 %s 넘어서겠습니까?", q, quoteParticle(q), josa(num, "을", "를")),
				fmt.Sprintf("You wrote \"%s\". If you did it again, what would you change to beat %s?", eq, num)},
		}
		// Beating a rank, a time cut short, a span or a zero reads wrong
		// ("4위를 넘어서겠습니까", "0건을 넘어서겠습니까"): those are asked
		// what would change.
		if strings.HasSuffix(num, "위") || span(num) || re(`^0[^.,\d]`).MatchString(num) || containsAny(strings.ToLower(s), []string{"줄였", "줄어", "단축", "감소", "낮췄", "낮아", "reduced", "cut ", "shortened", "decreased", "dropped", "fell"}) {
			frames[3] = [2]string{fmt.Sprintf("'%s'%s 적으셨는데, 같은 일을 다시 맡는다면 무엇을 다르게 하시겠습니까?", q, quoteParticle(q)),
				fmt.Sprintf("You wrote \"%s\". If you did it again, what would you do differently?", eq)}
		}
		a, b := frames[n%4], frames[(n+1)%4]
		text, alt := twoFrames(ko, true, a[0], b[0], a[1], b[1])
		n++
		out = append(out, Question{Text: text, alt: alt, Kind: KindExperience, Difficulty: 3, Source: num, item: s,
			Rationale: rationale(ko, "수치로 제시한 성과의 근거와 본인 기여를 확인합니다", "checks the evidence and personal share behind a number in the resume", s)})
	}
	return out
}

func skillQs(f Facts, ko bool) []Question {
	var out []Question
	// Two named tools or methods in one question: "Spring Boot와 Redis".
	var named, broad []string
	for _, s := range f.Skills {
		if genericSkill[s] {
			broad = append(broad, s)
		} else {
			named = append(named, s)
		}
	}
	var skills, sources []string
	for i := 0; i < len(named); i += 2 {
		sources = append(sources, named[i])
		switch {
		case i+1 < len(named) && ko:
			skills = append(skills, josa(named[i], "과", "와")+" "+named[i+1])
		case i+1 < len(named):
			skills = append(skills, named[i]+" and "+named[i+1])
		default:
			skills = append(skills, named[i])
		}
	}
	skills, sources = append(skills, broad...), append(sources, broad...)
	for i, s := range skills {
		role := "이 직무"
		if f.Role != "" {
			role = f.Role + " 직무"
		}
		text, alt := twoFrames(ko, i%2 == 0,
			fmt.Sprintf("%s에서는 %s 중요합니다. %s 관련해 직접 문제를 해결했던 경험을 처음부터 끝까지 말씀해 주세요.", role, josa(s, "이", "가"), josa(s, "과", "와")),
			fmt.Sprintf("%s 써서 일하다가 예상대로 되지 않았던 적이 있나요? 원인을 어떻게 찾았고 무엇을 바꿨는지 말씀해 주세요.", josa(s, "을", "를")),
			fmt.Sprintf("The role calls for %s. Walk me through a real problem you solved that involved %s, from start to finish.", s, s),
			fmt.Sprintf("Tell me about a time %s did not work the way you expected. How did you find the cause, and what did you change?", s))
		if !toolLike(sources[i]) || i+1 < len(named) && sources[i] != s && !toolLike(pairOf(named, sources[i])) {
			// An acronym the lexicon does not know is as often a law, a
			// standard or a measure (FMLA, EEO, ARR) as a tool: it is not
			// something that "did not work the way you expected".
			text, alt = twoFrames(ko, true,
				fmt.Sprintf("%s에서는 %s 중요합니다. %s 관련해 직접 문제를 해결했던 경험을 처음부터 끝까지 말씀해 주세요.", role, josa(s, "이", "가"), josa(s, "과", "와")),
				fmt.Sprintf("%s 관련해 가장 자신 있는 경험과 아직 부족한 점을 하나씩 말씀해 주세요.", josa(s, "과", "와")),
				fmt.Sprintf("The role calls for %s. Walk me through a real problem you solved that involved %s, from start to finish.", s, s),
				fmt.Sprintf("Where are you strongest and where least sure of yourself with %s?", s))
		}
		if genericSkill[sources[i]] && sources[i] == s {
			// A broad area (백엔드, SaaS, roadmap) is not a tool that can
			// fail or be "called for": ask for the work done in it.
			text, alt = twoFrames(ko, true,
				fmt.Sprintf("%s 분야에서 가장 자신 있는 경험 하나를 골라, 무엇을 했고 어떤 결과가 있었는지 말씀해 주세요.", s),
				fmt.Sprintf("%s 분야에서 아직 부족하다고 느끼는 점은 무엇이고, 어떻게 채우고 있나요?", s),
				fmt.Sprintf("Which piece of your %s work are you proudest of? What did you do, and what came of it?", s),
				fmt.Sprintf("Where do you feel least sure of yourself in %s, and what are you doing about it?", s))
		}
		out = append(out, Question{Text: text, alt: alt, Kind: KindJob, Difficulty: 2, Source: sources[i],
			Rationale: rationale(ko, "공고와 자기소개서에 함께 나온 역량을 확인합니다", "probes a skill named in both the JD and the resume", s)})
	}
	return out
}

// toolLike reports whether a skill is a tool one works with: one the
// lexicon names, or a product's name (Salesforce, NetSuite, Figma), not a
// bare acronym it does not know.
func toolLike(s string) bool {
	if inLexicon(s) || s == "" {
		return true
	}
	return strings.IndexFunc(s, unicode.IsLower) >= 0 || !hasHangul(s) && strings.ContainsAny(s, ".+#")
}

// pairOf is the skill asked with first in one question ("A와 B").
func pairOf(named []string, first string) string {
	if i := slices.Index(named, first); i >= 0 && i+1 < len(named) {
		return named[i+1]
	}
	return ""
}

func gapQs(f Facts, ko bool) []Question {
	var out []Question
	// Two gaps in one question first, as interviewers ask them ("I don't
	// see A or B in your resume"), then each alone.
	var short, lines []string
	for _, r := range f.Gaps {
		if q := snippet(r, 30); utf8.RuneCountInString(q) >= 4 && q == strings.TrimSpace(stripTags(strings.TrimRight(strings.TrimSpace(r), ".。"))) {
			short, lines = append(short, q), append(lines, r)
		}
	}
	if len(short) >= 2 {
		text := fmt.Sprintf("공고의 '%s', '%s' 요건과 관련된 경험이 자기소개서에는 잘 보이지 않습니다. 입사 전까지 무엇부터 어떻게 채우시겠습니까?", short[0], short[1])
		if !ko {
			text = fmt.Sprintf("The posting asks for \"%s\" and \"%s\", and I don't see either in your resume. What would you do first to close those gaps?", short[0], short[1])
		}
		out = append(out, Question{Text: text, Kind: KindPressure, Difficulty: 3, Source: short[0], item: "req:" + lines[0], also: []string{"req:" + lines[1]},
			Rationale: rationale(ko, "공고 요건 중 자기소개서에 드러나지 않은 부분을 묻습니다", "asks about JD requirements the resume does not show", strings.Join(short, ", "))})
	}
	for i, r := range f.Gaps {
		if utf8.RuneCountInString(snippet(r, 40)) < 4 {
			continue // nothing left to quote once its tag is off
		}
		text, alt := twoFrames(ko, i%2 == 1,
			fmt.Sprintf("공고에는 '%s' 요건이 있는데, 아직 경험이 부족하다면 입사 후 어떤 순서로 채워 가시겠습니까?", snippet(r, 40)),
			fmt.Sprintf("공고의 '%s' 요건과 관련된 경험이 자기소개서에는 잘 보이지 않습니다. 이 부분은 어떻게 준비해 오셨나요?", snippet(r, 40)),
			fmt.Sprintf("The posting lists \"%s\". If you are not there yet, how would you close that gap in your first months?", snippet(r, enQuote)),
			fmt.Sprintf("The posting asks for \"%s\", and I don't see it in your resume. How have you prepared for that?", snippet(r, enQuote)))
		out = append(out, Question{Text: text, alt: alt, Kind: KindPressure, Difficulty: 3, Source: snippet(r, enQuote), item: "req:" + r,
			Rationale: rationale(ko, "공고 요건 중 자기소개서에 드러나지 않은 부분을 묻습니다", "asks about a JD requirement the resume does not show", r)})
	}
	return out
}

// requirementQs asks how the candidate meets each JD requirement that
// names no skill the generator knows (3교대 근무 가능자, data consistency,
// presenting to executives): neither a gap nor shown, so the candidate
// should be ready to show it.
func requirementQs(f Facts, ko bool) []Question {
	var out []Question
	for i, r := range f.Requirements {
		if utf8.RuneCountInString(snippet(r, 40)) < 4 {
			continue // nothing left to quote once its tag is off
		}
		text, alt := twoFrames(ko, i%2 == 0,
			fmt.Sprintf("공고의 '%s' 요건을 갖췄다는 것을 어떤 경험으로 보여 주시겠습니까?", snippet(r, 40)),
			fmt.Sprintf("공고에 '%s'%s 요건이 있습니다. 이 요건에 맞는 본인의 경험이나 준비를 구체적으로 말씀해 주세요.", snippet(r, 40), particle(snippet(r, 40), "이라는", "라는")),
			fmt.Sprintf("Which part of your background best shows \"%s\"? Tell me about it.", snippet(r, enQuote)),
			fmt.Sprintf("How do you meet the posting's \"%s\"? Give one concrete example.", snippet(r, enQuote)))
		out = append(out, Question{Text: text, alt: alt, Kind: KindJob, Difficulty: 2, Source: snippet(r, enQuote), item: "req:" + r,
			Rationale: rationale(ko, "공고 요건을 갖췄는지 본인의 경험으로 보여 달라고 합니다", "asks for evidence of a JD requirement", r)})
	}
	return out
}

// overviewQs asks, as interviewers do, which of the posting's
// requirements the candidate is strongest and weakest in: three short
// requirements quoted in one question, so that the set reaches more of
// what the posting asks for.
func overviewQs(f Facts, ko bool) []Question {
	short, lines := wholeShort(f.Asks, 44)
	// The requirements that name something (a tool, a law, a figure)
	// first; a quality any posting asks for (communication, 꼼꼼함) last.
	idx := bySpecificity(short)
	sortedShort, sortedLines := make([]string, len(short)), make([]string, len(short))
	for k, i := range idx {
		sortedShort[k], sortedLines[k] = short[i], lines[i]
	}
	short, lines = sortedShort, sortedLines
	var out []Question
	for i := 0; i+3 <= len(short) && len(out) < 2; i += 3 {
		three := short[i : i+3]
		var text, item string
		if ko {
			text = fmt.Sprintf("공고의 '%s', '%s', '%s' 가운데 가장 자신 있는 것과 가장 부족한 것을 하나씩 골라, 그렇게 생각하는 근거를 말씀해 주세요.", three[0], three[1], three[2])
		} else {
			text = fmt.Sprintf("The posting asks for \"%s\", \"%s\" and \"%s\". Which are you strongest in and which weakest, and what makes you say so?", three[0], three[1], three[2])
		}
		// Each requirement is an item, as requirementQs and gapQs name it.
		item = "req:" + lines[i]
		out = append(out, Question{Text: text, Kind: KindJob, Difficulty: 2, Source: three[0], item: item, also: []string{"req:" + lines[i+1], "req:" + lines[i+2]},
			Rationale: rationale(ko, "공고 요건 전체에 대한 자기 평가를 묻습니다", "asks for a self-assessment across the posting's requirements", strings.Join(three, ", "))})
	}
	return out
}

// wholeShort are the lines that a question can quote whole in max runes
// (without their tag and full stop, brackets closed), each with the line
// it comes from.
func wholeShort(lines []string, max int) (short, from []string) {
	for _, r := range lines {
		q := snippet(r, max)
		if q == strings.TrimSpace(stripTags(strings.TrimRight(strings.TrimSpace(r), ".。"))) && utf8.RuneCountInString(q) >= 4 && balanced(q) {
			short, from = append(short, q), append(from, r)
		}
	}
	return short, from
}

// bySpecificity is the order of lines that puts the ones naming most
// first, keeping their order otherwise.
func bySpecificity(lines []string) []int {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return specificity(lines[idx[a]]) > specificity(lines[idx[b]]) })
	return idx
}

// specificity is how much a requirement names: an acronym, a name, a
// figure or a term in brackets counts; a quality every posting asks for
// (communication, 꼼꼼함, 협업) counts against it.
func specificity(r string) int {
	n := 0
	for _, m := range latinWord().FindAllStringIndex(r, -1) {
		w := r[m[0]:m[1]]
		if rs := []rune(w); m[0] > 0 && unicode.IsUpper(rs[0]) || len(rs) > 1 && unicode.IsUpper(rs[1]) {
			n += 2
		}
	}
	if re(`\d`).MatchString(r) {
		n++
	}
	if re(`[(（][^)）]{2,}[)）]`).MatchString(r) {
		n++
	}
	if containsAny(strings.ToLower(r), softAsks) {
		n -= 3
	}
	return n
}

// softAsks are the qualities every posting asks for.
var softAsks = []string{"커뮤니케이션", "소통", "협업", "책임감", "꼼꼼", "적극", "성실", "원활한", "열정", "주도적", "긍정적", "문서 작성",
	"communication", "team player", "detail-oriented", "detail oriented", "self-starter", "interpersonal", "motivated", "collaborative", "positive attitude", "organisational skills", "organizational skills"}

// roleQs asks why this role (and this company, when the posting names
// it) and what the candidate has done to be ready for it: asked when the
// documents give too little else to ask about.
func roleQs(f Facts, ko bool) []Question {
	if f.Role == "" {
		return nil
	}
	var text string
	switch {
	case ko && f.Company != "":
		text = fmt.Sprintf("%s의 %s 직무에 지원한 이유와, 그 일을 잘하기 위해 지금까지 준비해 온 것을 말씀해 주세요.", f.Company, f.Role)
	case ko:
		text = fmt.Sprintf("%s 직무에 지원한 이유와, 그 일을 잘하기 위해 지금까지 준비해 온 것을 말씀해 주세요.", f.Role)
	case f.Company != "":
		text = fmt.Sprintf("Why the %s role at %s, and what have you done so far to be ready for it?", f.Role, f.Company)
	default:
		text = fmt.Sprintf("Why the %s role, and what have you done so far to be ready for it?", f.Role)
	}
	return []Question{{Text: text, Kind: KindPersonality, Difficulty: 1, Source: f.Role, filler: true,
		Rationale: rationale(ko, "지원 동기와 직무 준비를 확인합니다", "checks the motivation and preparation for the role", f.Role)}}
}

// credentialQs asks about the licences and certificates the posting
// names, as what they are: one the resume shows is asked for what its
// study is worth at work; one it does not show, whether the candidate
// means to get it and what shows the same knowledge meanwhile. A licence
// (간호사 면허, a driving licence) is a condition of the job, not a talking
// point: only certificates are named.
func credentialQs(f Facts, ko bool) []Question {
	var out []Question
	// Every licence the posting names, held and not, in one question
	// first, as an interviewer checks them: the ones held, then the
	// ones still to get.
	var held, lacking, lines []string
	for _, r := range f.Credentials {
		if drivingLicence().MatchString(r) || findDegree(r) != "" {
			continue
		}
		names := certificateNames(r)
		if len(names) == 0 {
			continue
		}
		lines = append(lines, r)
		for _, n := range names {
			switch {
			case holds(n, f.resume):
				if len(held) < 2 && !slices.Contains(held, n) {
					held = append(held, n)
				}
			case len(lacking) < 3 && !slices.Contains(lacking, n):
				lacking = append(lacking, n)
			}
		}
	}
	if len(lines) >= 2 {
		var text string
		switch {
		case ko && len(held) > 0:
			text = fmt.Sprintf("공고가 요구하는 %s 자격을 갖추셨는데, 준비하며 익힌 것 가운데 실제 일에서 써 본 것이 있다면 말씀해 주세요.", strings.Join(held, ", "))
			if len(lacking) > 0 {
				text += fmt.Sprintf(" 공고에 있는 %s%s 준비할 계획이 있나요?", strings.Join(lacking, ", "), "도")
			}
		case ko:
			text = fmt.Sprintf("공고에는 %s 자격 조건이 있습니다. 아직 취득 전이라면 무엇부터 언제까지 준비할지, 그때까지 그 실력을 무엇으로 보여 줄 수 있는지 말씀해 주세요.", strings.Join(lacking, ", "))
		case len(held) > 0:
			text = fmt.Sprintf("You hold the %s the posting asks for. What from preparing for it have you actually used at work?", englishList(held, "and"))
			if len(lacking) > 0 {
				text += fmt.Sprintf(" And do you plan to take the %s too?", englishList(lacking, "or"))
			}
		default:
			text = fmt.Sprintf("The posting lists the %s. If you don't hold them yet, which would you take first and when, and what shows the same knowledge in the meantime?", englishList(lacking, "and"))
		}
		out = append(out, Question{Text: text, Kind: KindJob, Difficulty: 2, Source: strings.Join(append(append([]string{}, held...), lacking...), ", "), item: "req:" + lines[0], also: prefixed("req:", lines[1:]),
			Rationale: rationale(ko, "공고가 요구하는 자격을 확인합니다", "checks the licences and certificates the posting names", strings.Join(lines, " / "))})
	}
	for _, r := range f.Credentials {
		if drivingLicence().MatchString(r) {
			continue
		}
		names := certificateNames(r)
		degree := ""
		if m := findDegree(r); m != "" {
			degree = m
		}
		var held, lacking []string
		for _, n := range names {
			if holds(n, f.resume) {
				held = append(held, n)
			} else if len(lacking) < 2 {
				lacking = append(lacking, n)
			}
		}
		q := snippet(r, 40)
		if degree != "" {
			// A degree is asked about only when the resume does not
			// show it: there is nothing to say about one held.
			if heldDegree(degree, f.resume) {
				continue
			}
			names, held, lacking = []string{degree}, nil, nil
		}
		if utf8.RuneCountInString(q) < 3 || len(names) == 0 {
			continue // no name to look for in the resume
		}
		var text string
		switch {
		case len(held) > 0 && ko:
			text = fmt.Sprintf("공고가 요구하는 %s 자격을 갖추셨는데, 준비하며 익힌 것 가운데 실제 일에서 써 본 것이 있다면 말씀해 주세요.", strings.Join(held[:min(2, len(held))], ", "))
			if len(lacking) > 0 {
				text += fmt.Sprintf(" %s도 준비할 계획이 있나요?", strings.Join(lacking, ", "))
			}
		case len(held) > 0:
			text = fmt.Sprintf("You hold the %s the posting asks for. What from preparing for it have you actually used at work?", englishList(held[:min(2, len(held))], "and"))
			if len(lacking) > 0 {
				text += fmt.Sprintf(" And do you plan to take the %s too?", englishList(lacking, "or"))
			}
		case ko && len(names) >= 2:
			// A list ("우대자격(서류전형 가점): CS Leaders, …"): its names,
			// not its label.
			text = fmt.Sprintf("공고에는 %s 자격 조건이 있습니다. 아직 취득 전이라면 무엇부터 언제까지 준비할지, 그때까지 그 실력을 무엇으로 보여 줄 수 있는지 말씀해 주세요.", strings.Join(names[:min(3, len(names))], ", "))
		case ko:
			text = fmt.Sprintf("공고에는 '%s' 자격 조건이 있습니다. 아직 취득 전이라면 취득 계획과, 그때까지 그 실력을 무엇으로 보여 줄 수 있는지 말씀해 주세요.", q)
		default:
			text = fmt.Sprintf("The posting lists \"%s\". If you don't hold it yet, do you plan to, and what shows the same knowledge in the meantime?", snippet(r, enQuote))
		}
		src := q
		if len(held) > 0 {
			src = held[0]
		}
		out = append(out, Question{Text: text, Kind: KindJob, Difficulty: 2, Source: src, item: "req:" + r,
			Rationale: rationale(ko, "공고가 요구하는 자격을 확인합니다", "checks a licence or certificate the posting names", r)})
	}
	return out
}

// englishList joins names as English does: "A", "A or B", "A, B or C".
func englishList(names []string, conj string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// prefixed is each of ss with p in front.
func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// ownCertificateQs asks about the certificates the resume lists that the
// posting does not name (the posting's own are credentialQs'): which
// helps most in this job, and where its knowledge was used.
func ownCertificateQs(f Facts, ko bool) []Question {
	asked := strings.ToLower(strings.Join(f.Credentials, "\n"))
	var names []string
	add := func(n string) {
		n = strings.TrimSpace(n)
		if n == "" || len(names) == 3 || slices.Contains(names, n) || strings.Contains(asked, strings.ToLower(n)) || drivingLicence().MatchString(n) || !holds(n, f.resume) {
			return
		}
		names = append(names, n)
	}
	for _, line := range strings.Split(f.resume, "\n") {
		// A row of what is held: a name with its year or issuer, no
		// sentence, nothing pending.
		if !certificateLine(line) && !credentialLine().MatchString(line) || sentenceEnds(strings.TrimSpace(line)) && utf8.RuneCountInString(line) > 60 ||
			!re(`(?:19|20)\d{2}|취득|공단|협회|진흥원|상공회의소|학회|연구소|Institute|Association|Council|Board`).MatchString(line) ||
			containsAny(line, []string{"준비", "예정", "응시", "대기", "필기", "학과 합격", "실기", "수련", "과정 중", "booked", "pending", "studying", "[ ]"}) {
			continue
		}
		for _, m := range ownCertRe().FindAllString(line, -1) {
			add(m)
		}
		for _, tok := range latinTokens(line) {
			if credentialName().MatchString(tok) && !notASkill().MatchString(tok) && !re(`^(?:BA|BS|MS|MBA|PhD|BSc|MSc|BSN|MSN|RN|CP)$`).MatchString(tok) {
				add(tok)
			}
		}
		// "• OCN (Oncology Certified Nurse), ONCC, 2021": a line that
		// opens on a certificate's acronym and spells it out.
		if m := re(`^([A-Z][A-Z0-9-]{1,7})\s*\([A-Z][^)]*(?i:certified|certificate|licen[cs]ed|registered)[^)]*\)`).FindStringSubmatch(stripTags(strings.TrimSpace(line))); m != nil {
			add(m[1])
		}
	}
	if len(names) == 0 {
		return nil
	}
	text := fmt.Sprintf("Your resume lists %s. Which of them will help you most in this job, and when have you actually used what you learned for it?", strings.Join(names, ", "))
	switch {
	case ko && len(names) == 1:
		text = fmt.Sprintf("자기소개서에 적으신 %s 자격은 이 직무에 어떻게 도움이 되고, 그 지식을 실제 일에서 써 본 적이 있나요?", names[0])
	case ko:
		text = fmt.Sprintf("자기소개서에 적으신 %s 가운데 이 직무에 가장 도움이 될 자격은 무엇이고, 그 지식을 실제 일에서 써 본 적이 있나요?", strings.Join(names, ", "))
	case len(names) == 1:
		text = fmt.Sprintf("Your resume lists the %s. How will it help you in this job, and when have you actually used what you learned for it?", names[0])
	}
	return []Question{{Text: text, Kind: KindJob, Difficulty: 1, Source: strings.Join(names, ", "), item: "cert:" + strings.Join(names, ","),
		Rationale: rationale(ko, "지원자가 가진 자격이 직무와 어떻게 이어지는지 봅니다", "checks how the candidate's certificates bear on the job", strings.Join(names, ", "))}}
}

// ownCertRe is a Korean certificate's name with its grade or its
// profession (컴퓨터활용능력 2급, 물류관리사, 건설안전기사).
var ownCertRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[가-힣]{2,}(?:능력|사|검정)\s*\d급|[가-힣]{2,}(?:기사|기술사|관리사|상담사|노무사|지도사|조리기능사|기능사|교사)|` + koLicences)
})

// credentialLine matches a resume line that names a qualification held:
// a 자격 section's row or an English certification line.
var credentialLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)자격|certif|qualification|licen[cs]e|취득|\b(?:TOEIC|OPIc|CPIM|NVQ|CKA|SAA|CPPG|ADsP|SQLD)\b`)
})

// holds reports whether the resume shows the licence or certificate as
// held: a part of a sentence names it, says nothing of it being pending,
// planned, partly passed or missing, and either says it is held (취득,
// 보유, 1급, a year, "certified") or is a list's entry ("- 컴퓨터활용능력
// 1급", "자격 : 항공무선통신사 (2023.11) / …"), not a sentence that only
// mentions it ("운항관리사라는 말을 처음 들었을 때").
func holds(name, resume string) bool {
	lname := strings.ToLower(name)
	for _, line := range strings.Split(resume, "\n") {
		for _, sent := range splitKeep(line) {
			lowSent := strings.ToLower(sent)
			if !namesCertificate(lowSent, lname) {
				continue
			}
			// A list's entry: short, no sentence, no object or name it
			// is about ("… 운항관리사라는 말을").
			entry := utf8.RuneCountInString(strings.TrimSpace(sent)) <= 60 && !sentenceEnds(strings.TrimSpace(sent)) && !re(`(?:을|를|라는|이라는)\s`).MatchString(sent)
			said := func(t string) bool { return containsAny(t, heldCues) || re(`(?:19|20)\d{2}|\d급`).MatchString(t) }
			sentHeld := said(lowSent) && !containsAny(lowSent, pendingCues)
			for _, part := range re(`\s+/\s+|;\s*|,\s+|\s+\|\s+`).Split(sent, -1) {
				low := strings.ToLower(part)
				if !namesCertificate(low, lname) || containsAny(low, pendingCues) {
					continue
				}
				if entry || said(low) || sentHeld {
					return true
				}
			}
		}
	}
	return false
}

// pendingCues say a licence is not held yet: pending, planned, partly
// passed, being studied for, or missing.
var pendingCues = []string{"응시", "대기", "준비 중", "준비중", "준비하", "취득 예정", "예정", "취득 후", "취득하겠", "취득할", "취득해", "목표", "계획", "겠습니다",
	"없으", "없습", "없고", "없는", "불합격", "미취득", "미보유", "수강 중", "수강중", "과정 중", "공부 중", "공부하", "학과시험", "필기 합격", "필기시험", "1차 합격",
	"pending", "scheduled", "studying for", "in progress", "plan to", "will take", "working toward", "working towards", "don't hold", "do not hold", "not yet",
	"not currently", "not held", "registered for", "expired", "lapsed", "completing", "written exam", "enrolled", "candidate", "awaiting", "submitted", "applied for", "심사 중", "발급 예정"}

// heldCues say a licence is held.
var heldCues = []string{"취득", "보유", "합격", "소지", "자격증", "면허", "certified", "licensed", "licence", "license", "certification", "certificate", "holder", "passed", "current", "active", "member", "designation"}

func namesCertificate(low, name string) bool {
	if isLatin(name) {
		return containsTerm(low, name)
	}
	return eachAt(low, name, func(at, end int) bool {
		before, _ := utf8.DecodeLastRuneInString(low[:at])
		rest := low[end:]
		return !(at > 0 && i18n.IsSyllable(before)) && !strings.HasPrefix(rest, "님") && !strings.HasPrefix(rest, "무소") && !strings.HasPrefix(rest, "무실")
	})
}

func isLatin(t string) bool { r, _ := utf8.DecodeRuneInString(t); return r < 0x80 }

// heldDegree reports whether the resume shows the degree (or one of its
// names: 석사 for a master's, "Master" for an MSN or an MBA).
func heldDegree(degree, resume string) bool {
	low := strings.ToLower(resume)
	switch d := strings.ToLower(degree); {
	case d == "석사" || d == "msn" || d == "mba" || strings.HasPrefix(d, "master"):
		return strings.Contains(resume, "석사") || strings.Contains(low, "master") || containsTerm(low, d)
	case d == "박사" || d == "phd" || d == "dnp" || d == "doctorate":
		return strings.Contains(resume, "박사") || containsTerm(low, "phd") || strings.Contains(low, "doctor")
	}
	return containsTerm(low, strings.ToLower(degree))
}

// drivingLicence matches a driving licence, a condition of the job.
var drivingLicence = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)운전\s*면허|driver'?s licen|driving licen`)
})

// certificateNames are the licences and certificates a requirement line
// names: the word before 자격 or 면허 ("전산회계 자격 보유자"), a name in
// 기사 ("정보처리기사"), or a well-known one ("CPA or CFA").
func certificateNames(r string) []string {
	if listed := listedNames(r); listed != nil {
		// and the well-known tests beside them ("TOEIC 700점 / TOEIC
		// Speaking IM2 / OPIc IM2").
		for _, m := range certNameRe().FindAllStringSubmatch(r, -1) {
			if g := m[len(m)-1]; g != "" && !slices.Contains(listed, g) {
				listed = append(listed, g)
			}
		}
		return listed
	}
	var out []string
	low := strings.ToLower(r)
	// "초경량비행장치(드론) 조종자 자격": the person a licence makes is named
	// with what for ("초경량비행장치 조종자"), not alone ("조종자").
	bare := parenthetical().ReplaceAllString(r, "")
	if m := re(`([가-힣]{2,})\s+([가-힣]{1,4}자)\s*자격`).FindStringSubmatch(bare); m != nil {
		out = append(out, m[1]+" "+m[2])
	}
	for _, m := range certNameRe().FindAllStringSubmatch(r, -1) {
		for _, g := range m[1:] {
			if len(out) > 0 && strings.HasSuffix(out[0], " "+g) {
				continue // "조종자" of "초경량비행장치 조종자"
			}
			// 약사 inside 제약사 is no licence.
			if g != "" && !slices.Contains(out, g) && !genericCertWord[g] && namesCertificate(low, strings.ToLower(g)) {
				out = append(out, g)
			}
		}
	}
	// A register's names ("Registered with the Academy for Healthcare
	// Science (AHCS) or RCCP"): its acronyms.
	if len(out) == 0 && re(`(?i)\bregist(?:ered|ration)\b`).MatchString(r) {
		for _, tok := range re(`\b[A-Z]{3,6}\b`).FindAllString(r, -1) {
			if !slices.Contains(out, tok) {
				out = append(out, tok)
			}
		}
	}
	// The run of acronyms right before "certification" or "designation"
	// ("BCPS, BCCCP or other BPS board certification", "NCSO, CRSP or
	// CHSC designation"), not every acronym of the line ("an LMS and
	// certification programs").
	if m := re(`(?i)\b(?:certifi(?:cation|ed)|designation)\b`).FindStringIndex(r); m != nil {
		ws := strings.FieldsFunc(r[:m[0]], func(c rune) bool { return c == ' ' || c == ',' || c == '/' })
		var run []string
		for i := len(ws) - 1; i >= 0; i-- {
			w := ws[i]
			// "Security+", "CySA+": CompTIA's names end in a plus.
			if re(`^(?:[A-Z]{3,6}|[A-Z][A-Za-z]{0,12}\+)$`).MatchString(w) {
				run = append([]string{w}, run...)
				continue
			}
			if lw := strings.ToLower(w); lw == "or" || lw == "and" || lw == "other" || lw == "board" || lw == "equivalent" || lw == "similar" {
				continue
			}
			break
		}
		for _, tok := range run {
			if !slices.Contains(out, tok) && !notASkill().MatchString(tok) {
				out = append(out, tok)
			}
		}
	}
	return out
}

var certNameRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`([가-힣]+(?:사|능력|검정|프로세서)\s*\d급)|(` + koLicences + `)|([가-힣A-Za-z0-9]+)\s*자격|\b([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\s+(?:certification|certificate)|([가-힣]+(?:기사|기술사|관리사|상담사|노무사|정교사|기능사|지도사))|\b(TOEIC Speaking|TOEIC|TOEFL|OPIc|TEPS|IELTS|JLPT|JPT|HSK|CPA|CFA|CMA|ACCA|PMP|CCRN|BLS|ACLS|SHRM-CP|SHRM-SCP|PHR|ISTQB|ADsP|SQLD|QTS|CHSE|NPD-BC)\b`)
})

// listedNames are the names of a requirement's list of licences: after
// its label, before what it asks of them (등, 자격, 보유, preferred),
// when at least two of its items are names: in capitals (CPCU, SHRM-CP,
// TapRooT, CS Leaders) or a licence's one word (텔레마케팅관리사,
// 사회조사분석사 2급, 투자자산운용사). A score, a place or a sentence is
// no name.
func listedNames(r string) []string {
	body := strings.TrimSpace(parenthetical().ReplaceAllString(r, ""))
	if i := strings.IndexAny(body, ":："); i >= 0 {
		_, size := utf8.DecodeRuneInString(body[i:])
		body = strings.TrimSpace(body[i+size:])
	}
	beforeLicence := false // the list ends right before 자격 or 면허
	if m := re(`\s*(?:\s등(?:\s|$)|등\s|자격|면허|보유|소지|취득|우대|중\s*\d|(?i:\bpreferred\b|\brequired\b|\bor equivalent\b|\bdesignation\b|\bcertifi))`).FindStringIndex(body); m != nil {
		rest := strings.TrimSpace(body[m[0]:])
		beforeLicence = strings.HasPrefix(rest, "자격") || strings.HasPrefix(rest, "면허")
		body = body[:m[0]]
	}
	items := re(`\s*(?:,|/|·|ㆍ|또는|\bor\b|\band\b)\s*`).Split(body, -1)
	var out []string
	for i, it := range items {
		it = strings.TrimSpace(it)
		// "TOEIC Speaking IM2": the test, not its level.
		if ws := strings.Fields(it); len(ws) > 1 && !i18n.HasHangul(it) && re(`^(?:I[MHL]\d?|AL|N[HML]|.*\d.*)$`).MatchString(ws[len(ws)-1]) {
			it = strings.Join(ws[:len(ws)-1], " ")
		}
		// "… 또는 국제의료관광코디네이터 자격": the one word before 자격
		// is the name, whatever it ends in.
		last := i == len(items)-1 && beforeLicence && !strings.Contains(it, " ") && utf8.RuneCountInString(it) >= 3 && i18n.HasHangul(it)
		if (certName(it) || last) && !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// certName reports whether an item of a list of licences is a name.
func certName(it string) bool {
	if it == "" || genericCertWord[it] || utf8.RuneCountInString(it) > 20 {
		return false
	}
	if i18n.HasHangul(it) {
		return re(`^[가-힣]{2,12}(?:사|능력|기사|관리사|기능사|상담사|지도사|검정|증)(?:\s*\d급)?$`).MatchString(it)
	}
	ws := strings.Fields(it)
	caps := false
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		n := 0
		for _, c := range w {
			if unicode.IsUpper(c) {
				n++
			}
		}
		caps = caps || n >= 2
	}
	return caps && len(ws) <= 3
}

// genericCertWord are words before 자격 that name no certificate.
var genericCertWord = map[string]bool{"관련": true, "해당": true, "이상": true, "등": true, "각종": true, "필수": true, "우대": true, "국가": true, "공인": true}

func valueQs(f Facts, ko bool) []Question {
	var out []Question
	for _, v := range f.Values {
		var text, item string
		ev := evidenceOf(v, f.sentences)
		switch {
		case ev != "" && ko:
			q := quoteable(ev)
			text = fmt.Sprintf("자기소개서에서 %s 강조하며 '%s'%s 예로 드셨습니다. 그 태도 때문에 손해를 보거나 갈등이 생겼던 순간이 있었나요?", josa(v, "을", "를"), q, particle(q, "을", "를"))
			item = ev
		case ev != "":
			text = fmt.Sprintf("You stress %s in your resume and give \"%s\" as an example. Tell me about a time it cost you something or caused friction.", strings.ToLower(v), snippet(ev, enQuote))
			item = ev
		case ko:
			text = fmt.Sprintf("자기소개서에서 %s 강조하셨습니다. 그 태도 때문에 손해를 보거나 갈등이 생겼던 순간이 있었나요?", josa(v, "을", "를"))
		default:
			text = fmt.Sprintf("You stress %s in your resume. Tell me about a time it cost you something or caused friction.", strings.ToLower(v))
		}
		out = append(out, Question{Text: text, Kind: KindPersonality, Difficulty: 2, Source: v, item: item,
			Rationale: rationale(ko, "자기소개서가 내세운 가치가 실제 행동으로 나타났는지 봅니다", "tests a value the resume claims against real behaviour", v)})
	}
	return out
}

// weaknessQs asks about what the candidate admits to lacking ("양산
// 데이터를 통계적으로 관리해 본 경험은 부족합니다", "I have never written a
// SAR myself"): every interviewer takes it up, and the candidate should
// have the answer ready, what is being done about it and how the job is
// done meanwhile. The admissions naming something (a tool, a figure)
// first; two at most.
func weaknessQs(f Facts, ko bool) []Question {
	type admit struct {
		s, cue string
		score  int
	}
	// What the posting asks for: an admission about it comes first ("I
	// have not underwritten jumbo or non-agency portfolio loans" for a
	// posting that asks for jumbo or portfolio ARM products).
	asked := map[string]bool{}
	for _, l := range slices.Concat(f.Asks, f.Gaps, f.Credentials, f.Duties) {
		for _, w := range words(strings.ToLower(l)) {
			if n := koNoun(w); n != "" {
				asked[n] = true
			} else if isLatin(w) && len(w) >= 4 && !stopUnits[w] {
				asked[w] = true
			}
		}
	}
	var all []admit
	for _, s := range f.sentences {
		low := strings.ToLower(s)
		// The first admission of the sentence: "I have not underwritten
		// jumbo … loans. …, so my experience is limited to …" is about
		// the jumbo loans.
		cue, at := "", len(low)
		for _, c := range admissionCues {
			if i := strings.Index(low, c); i >= 0 && i < at {
				cue, at = s[i:i+len(c)], i
			}
		}
		if cue == "" || othersDeed().MatchString(s) || itemPrompt(s) || strings.HasSuffix(strings.TrimSpace(s), "?") {
			continue
		}
		score := min(3, len(latinTokens(s))+len(numberRe().FindAllString(s, -1)))
		seen := map[string]bool{}
		for _, w := range words(low) {
			if n := koNoun(w); n != "" {
				w = n
			}
			if asked[w] && !seen[w] {
				seen[w] = true
				score += 3
			}
		}
		all = append(all, admit{s, cue, score})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	var out []Question
	for _, a := range all {
		if len(out) == 2 {
			break
		}
		var text string
		if ko {
			q := formalToPlain(snippetWith(a.s, 48, a.cue))
			if !strings.Contains(q, formalToPlain(a.cue)) || utf8.RuneCountInString(q) < 10 {
				continue
			}
			text = fmt.Sprintf("'%s'%s 솔직하게 쓰셨습니다. 입사 전까지 그 부분을 어떻게 채우고, 그동안 일에는 어떤 지장이 없게 하시겠습니까?", q, quoteParticle(q))
		} else {
			q := snippetWith(a.s, enQuote, a.cue)
			// "not yet held; planning to …" without what is not held: the
			// line whole ("NAATI Certified Interpreter – not yet held; …").
			if whole := strings.TrimRight(stripTags(strings.TrimSpace(a.s)), "."); q != whole && unicode.IsLower([]rune(q)[0]) && utf8.RuneCountInString(whole) <= 2*enQuote {
				q = whole
			}
			if !strings.Contains(q, a.cue) || utf8.RuneCountInString(q) < 10 {
				continue
			}
			text = fmt.Sprintf("You wrote \"%s\". What are you doing about it, and how would you do the job well in the meantime?", q)
		}
		out = append(out, Question{Text: text, Kind: KindPressure, Difficulty: 3, Source: a.s, item: a.s,
			Rationale: rationale(ko, "자기소개서가 스스로 밝힌 부족한 점을 어떻게 메우는지 봅니다", "asks how a weakness the resume admits is being addressed", a.s)})
	}
	return out
}

// admissionCues mark a sentence in which the writer admits a weakness or
// something not done yet.
var admissionCues = []string{"실적은 없", "실적이 없", "부족합니다", "부족한 편", "부족했습니다", "부족하다", "부족한 점", "보완할 점", "보완이 필요", "약점은", "단점은", "아쉬운 점", "경험은 없", "경험이 없", "해 보지 못", "익숙하지 않", "서툽니다", "서툰 편", "부담스럽", "자신 있다고 말씀드리기 어렵",
	"솔직히 말씀드리면", "솔직하게 말씀드리면",
	"i am honest that", "i'm honest that", "to be honest", "is limited", "are limited", "still basic", "only basic", "is basic",
	"not yet", "have never", "i've never", "haven't", "have not", "my weakness", "limited experience", "less experience", "not independently proficient", "no direct experience", "do not have", "don't have", "i lack", "still learning", "still developing", "weaker"}

// moveQs asks about a turn the resume tells of: leaving a job, changing
// fields, a break, coming back ("은행을 떠나 데이터 분석으로 직무를
// 전환했습니다", "an eight-month career break in 2022"). Every interviewer
// asks why, and what the move has to do with this application.
func moveQs(f Facts, ko bool) []Question {
	var out []Question
	for _, s := range f.sentences {
		low := strings.ToLower(s)
		cue, at := "", 0
		for _, c := range moveCues {
			// A word of its own: not the 전직 of 운전직.
			if i := strings.Index(low, c); i >= 0 && !strings.HasPrefix(low[i+len(c):], "신") && !strings.HasPrefix(low[i+len(c):], "셨") && !afterSyllable(low, i) {
				cue, at = s[i:i+len(c)], i // not "그만두신 회원님들": someone else's
				break
			}
		}
		// Not a 문항's title ("퇴사 사유 및 지원 동기"), nor a plan ("… 복귀할
		// 때까지 책임지는 치료사로 성장하겠습니다").
		trimmed := strings.TrimRight(strings.TrimSpace(s), ". ")
		// A heading ("퇴사 사유 및 공백 기간") is short, says nothing done
		// and has no date.
		heading := utf8.RuneCountInString(trimmed) <= 20 && !sentenceEnds(trimmed) && strings.IndexFunc(trimmed, unicode.IsDigit) < 0 && !endsWithAny(trimmed, []string{"했다", "었다", "았다", "였다", "결심", "전환", "퇴사", "이직"})
		// A break in the career list ("2017.03 ~ 2019.02 경력 단절 (출산 및
		// 육아)") is a line of dates, not a deed, and is asked all the same.
		isBreak := cue != "" && containsAny(strings.ToLower(cue), breakCues)
		// Someone else's leave ("실장님이 육아휴직에 들어가신 …"): not the
		// candidate's break.
		if cue != "" {
			if after := strings.Fields(s[at+len(cue):]); len(after) > 0 && re(`(?:가신|하신|되신|셨|님)`).MatchString(strings.Join(after[:min(2, len(after))], " ")) || re(`님[이은께]`).MatchString(s[:at]) {
				cue = ""
			}
		}
		if cue == "" || notADeed(s) && !isBreak || len(out) == 2 || itemPrompt(s) || heading || endsWithAny(trimmed, []string{"동기", "포부", "사유"}) || endsWithAny(trimmed, []string{"겠습니다", "겠다"}) {
			continue
		}
		// The quote holds the turn itself, not another clause of its
		// sentence.
		q := snippetWith(s, enQuote, cue)
		// "… is how I moved into the QA team": a clause cut from its
		// subject is the sentence whole, or nothing.
		if startsWithAny(q, []string{"is ", "was ", "are ", "were ", "has ", "had ", "and ", "but ", "which ", "that "}) {
			if whole := stripTags(strings.TrimSpace(s)); utf8.RuneCountInString(whole) <= 2*enQuote {
				q = strings.TrimRight(whole, ".")
			} else {
				continue
			}
		}
		text := fmt.Sprintf("You wrote \"%s\". Why did you make that move, and how does this application follow from it?", q)
		if isBreak {
			text = fmt.Sprintf("You wrote \"%s\". How would you explain that time to an interviewer: what did it give you, and how did you prepare to come back?", q)
		}
		if ko {
			q = formalToPlain(snippetWith(s, 48, cue))
			text = fmt.Sprintf("'%s'%s 쓰셨는데, 그런 결정을 내린 이유와 이번 지원이 그 결정과 어떻게 이어지는지 말씀해 주세요.", q, quoteParticle(q))
			if isBreak {
				text = fmt.Sprintf("'%s'%s 쓰셨습니다. 면접관이 그 기간을 물으면 어떻게 설명하시겠습니까? 그 기간에 얻은 것과 복귀를 준비한 과정을 중심으로 말씀해 주세요.", q, quoteParticle(q))
			}
		}
		// "… and I moved into design to fix that": what it points back at
		// is not in the quote.
		// Nor a clause that only leads in ("Since returning to Canada").
		if !strings.Contains(strings.ToLower(q), strings.ToLower(cue)) || utf8.RuneCountInString(q) < 10 || re(`(?i)\b(?:that|this|it|them)$`).MatchString(strings.TrimRight(q, ". ")) || re(`^(?:Since|After|Before|When|While|As|Upon)\s[^,]*$`).MatchString(q) {
			continue
		}
		out = append(out, Question{Text: text, Kind: KindPersonality, Difficulty: 2, Source: q, item: s,
			Rationale: rationale(ko, "경력의 전환이나 공백의 이유와 지원 동기가 이어지는지 봅니다", "checks why the candidate moved and how it leads to this application", s)})
	}
	return out
}

// moveCues mark a sentence about a turn in a career.
// afterSyllable reports whether the Korean word at i in s carries on a
// word (the 전직 of 운전직) rather than starting one.
func afterSyllable(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	c, _ := utf8.DecodeRuneInString(s[i:])
	return i > 0 && i18n.IsSyllable(r) && i18n.IsSyllable(c)
}

// breakCues are the moveCues of a break from work.
var breakCues = []string{"경력 단절", "경력이 단절", "경력 공백", "공백 기간", "공백기", "육아휴직", "career break", "time away", "time off to"}

var moveCues = []string{"경력 공백", "퇴사했", "퇴사하", "퇴사 후", "퇴사를", "퇴사 사유", "이직을", "이직하", "이직 사유", "이직했", "전직", "직무 전환", "직무를 전환", "진로를 바꾸", "진로를 바꿨", "진로를 전환", "경력 단절", "경력이 단절", "공백 기간", "공백기", "육아휴직", "출산", "그만두", "그만뒀", "업무에 복귀", "직장에 복귀", "현업에 복귀", "현업 복귀", "사회 복귀", "복직",
	"팀을 옮", "부서를 옮", "직장을 옮", "회사를 옮", "커리어를 전환", "커리어 전환", "경력을 전환", "직무로 전환", "분야로 전환",
	"career break", "career change", "changing careers", "career switch", "return to", "returning to", "left my job", "left the company", "time away", "time off to", "moved into", "switched to", "switched into"}

// evidenceOf is the resume's own example of a quality it claims: the
// sentence naming the quality when it reports something done with a
// figure or a name in it, else the sentence right after it when that
// does ("저의 장점은 꼼꼼함입니다. … 2년 동안 급여 자료에서 한 건의 오류도
// 내지 않았습니다."); "" when the claim stands alone.
func evidenceOf(v string, ss []string) string {
	concrete := func(s string) bool {
		low := strings.ToLower(strings.TrimRight(s, ". "))
		// A 자기소개서's bracketed subtitle ("[… 인벤토리를 만들며]") is
		// no example: it has nothing left to quote.
		return !selfDescription(s) && !notADeed(s) && !reflection(low) && !containsAny(low, wishEnds) && utf8.RuneCountInString(quoteable(s)) >= 15 &&
			(numberRe().MatchString(s) || len(latinTokens(s)) > 0) && hasCue(strings.ToLower(s), append(append([]string{}, projectCues...), resultCues...))
	}
	for i, s := range ss {
		if !strings.Contains(strings.ToLower(s), strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(v, "함"), "성"))) {
			continue
		}
		if concrete(s) {
			return s
		}
		if i+1 < len(ss) && concrete(ss[i+1]) {
			return ss[i+1]
		}
	}
	return ""
}

func dutyQs(f Facts, ko bool) []Question {
	var out []Question
	for i, d := range f.Duties {
		if utf8.RuneCountInString(snippet(d, 40)) < 4 {
			continue // nothing left to quote once its tag is off
		}
		text, alt := twoFrames(ko, i%2 == 1,
			fmt.Sprintf("'%s' 업무를 잘하고 있다는 것을 무엇으로 확인할 수 있을까요? 스스로 정할 지표를 말씀해 주세요.", snippet(d, 40)),
			fmt.Sprintf("입사하면 '%s' 업무를 맡게 됩니다. 첫 3개월 동안 무엇부터 하시겠습니까?", snippet(d, 40)),
			fmt.Sprintf("How would you know you are doing \"%s\" well? Name the measures you would hold yourself to.", snippet(d, enQuote)),
			inThisJob(snippet(d, enQuote)))
		out = append(out, Question{Text: text, alt: alt, Kind: KindJob, Difficulty: 2, Source: snippet(d, enQuote), item: "duty:" + d,
			Rationale: rationale(ko, "공고의 주요 업무를 이해하고 있는지 봅니다", "checks understanding of a duty in the JD", d)})
	}
	return out
}

// dutiesOverviewQs asks, as overviewQs does for the requirements, which
// of three of the posting's duties the candidate could take on at once
// and which they would need to learn: the duties that name something
// first.
func dutiesOverviewQs(f Facts, ko bool) []Question {
	limit := 40
	if !ko {
		limit = 60
	}
	short, lines := wholeShort(f.Duties, limit)
	idx := bySpecificity(short)
	var out []Question
	for k := 0; k+3 <= len(idx) && len(out) < 2; k += 3 {
		three := []int{idx[k], idx[k+1], idx[k+2]}
		slices.Sort(three) // in the posting's order
		a, b, c := three[0], three[1], three[2]
		text := fmt.Sprintf("입사하면 '%s', '%s', '%s' 업무를 맡게 됩니다. 이 가운데 바로 해낼 수 있는 것과 새로 배워야 하는 것을 하나씩 골라, 그 근거를 말씀해 주세요.", short[a], short[b], short[c])
		if !ko {
			text = fmt.Sprintf("This job includes \"%s\", \"%s\" and \"%s\". Which could you take on from the first day, which would you need to learn, and why?", short[a], short[b], short[c])
		}
		out = append(out, Question{Text: text, Kind: KindJob, Difficulty: 2, Source: short[a], item: "duty:" + lines[a], also: []string{"duty:" + lines[b], "duty:" + lines[c]},
			Rationale: rationale(ko, "공고의 주요 업무에 대한 준비 정도를 스스로 평가하게 합니다", "asks for a self-assessment across the duties in the JD", strings.Join([]string{short[a], short[b], short[c]}, ", "))})
	}
	return out
}

// inThisJob asks what the candidate would do first about a duty, in a
// sentence its words fit: "you would …" before a verb, "This job
// includes …" before a gerund ("Using our Power BI dashboards …").
func inThisJob(duty string) string {
	if first, _, _ := strings.Cut(duty, " "); strings.HasSuffix(strings.ToLower(first), "ing") && len(first) > 5 {
		return fmt.Sprintf("This job includes \"%s\". What would you do first in your first three months?", duty)
	}
	return fmt.Sprintf("In this job you would \"%s\". What would you do first in your first three months?", duty)
}

func pressureQs(f Facts, ko bool) []Question {
	var out []Question
	for i, s := range byResult(f) {
		if utf8.RuneCountInString(quoted(s, ko)) < 8 {
			continue // a section title ("[인턴 경험]"), not an experience
		}
		// Starting from the second project, so that the first pressure
		// question is not about the first experience question's project.
		if i == 0 && len(f.Projects) > 1 {
			continue
		}
		low := strings.ToLower(s)
		heldJob := containsAny(low, []string{"담당으로", "담당했", "담당하고 있", "근무했", "근무하고 있", "근무하며", "일하며", "일했", "일하고 있", "재직", "worked as", "was responsible", "i work as", "i am currently"}) ||
			containsAny(low, []string{"맡았", "맡아"}) && !hasCue(low, resultCues)
		if heldJob || containsAny(low, failureCues) || awardLine().MatchString(strings.TrimRight(parenthetical().ReplaceAllString(s, ""), ". ")) {
			continue // nothing to defend: a miss, or a prize (asked about as an experience)
		}
		text, alt := twoFrames(ko, i%2 == 1,
			fmt.Sprintf("'%s'%s 하셨는데, 함께한 팀원이 그 성과는 지원자님 덕분이 아니었다고 말한다면 어떻게 답하시겠습니까?", quoteable(s), quoteParticle(quoteable(s))),
			fmt.Sprintf("'%s'%s 하셨는데, 그 방법이 틀렸다고 지적받는다면 무엇으로 설득하시겠습니까?", quoteable(s), quoteParticle(quoteable(s))),
			fmt.Sprintf("You wrote \"%s\". If a teammate said the credit wasn't really yours, what would you answer?", snippet(s, enQuote)),
			fmt.Sprintf("You wrote \"%s\". If someone told you it was the wrong approach, how would you convince them?", snippet(s, enQuote)))
		if !hasCue(low, resultCues) && !beforeAfter().MatchString(s) {
			// No result to claim credit for: only the approach is
			// defended, when the line says how something was done
			// ("… 규칙을 정해", "by moving demos earlier"); a line that
			// only says what was there ("… 자원봉사, 어르신 병원 동행")
			// has no approach to defend.
			if !containsAny(low, approachCues) {
				continue
			}
			text, alt = twoFrames(ko, true,
				fmt.Sprintf("'%s'%s 하셨는데, 그 방법이 틀렸다고 지적받는다면 무엇으로 설득하시겠습니까?", quoteable(s), quoteParticle(quoteable(s))), "",
				fmt.Sprintf("You wrote \"%s\". If someone told you it was the wrong approach, how would you convince them?", snippet(s, enQuote)), "")
		}
		out = append(out, Question{Text: text, alt: alt, Kind: KindPressure, Difficulty: 3, Source: quoted(s, ko), item: s,
			Rationale: rationale(ko, "성과에 대한 본인 기여를 압박 상황에서 설명하게 합니다", "makes you defend your share of a result under pressure", s)})
	}
	return out
}

// approachCues mark a line that says how something was done: a method,
// a tool, a rule, a change.
var approachCues = []string{"으로", "로 ", "를 통해", "을 통해", "도입", "바꿔", "바꾸", "바꿨", "제안", "설계", "기준", "방식", "규칙", "활용", "개편", "정리해", "만들어", "적용",
	"by ", "using", "through ", "introduced", "redesigned", "switched", "moved", "built", "created", "rebuilt", "changed", "replaced", "set up", "with a "}

// awardLine matches a line that names a prize and nothing done
// ("교내 공모전 장려상 (2022.11, 4인 팀장)", "President's Club 2023").
var awardLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:대상|최우수상|우수상|장려상|금상|은상|동상|입상|특별상|수상|표창|award|prize|medal|club(?: \d{4})?)$`)
})

// failureCues mark a sentence about something that went wrong ("예측이
// 크게 빗나갔습니다"): there is no result to defend in it.
var failureCues = []string{"빗나갔", "실패했", "실패하", "놓쳤", "틀렸", "어긋났", "failed", "went wrong", "missed the", "fell short"}

// byWeight orders achievements by how much their result says: a change
// from one figure to another first, then a share or an amount of money,
// and a bare count ("1위 2회", "0건") last.
func byWeight(achievements []string) []string {
	weight := func(s string) int {
		w := 0
		num := resultNumber(s)
		low := strings.ToLower(s)
		if strings.Contains(s, "→") || re(`\d\S*에서 \S*\d|from \S*\d\S* to \S*\d`).MatchString(low) {
			w += 3
		}
		if strings.Contains(num, "%") || containsAny(num, []string{"억", "만 원", "만원", "$", "원"}) {
			w += 2
		}
		if d := strings.TrimLeft(num, "0123456789,."); len(d) < len(num) {
			if v := strings.TrimRight(num[:len(num)-len(d)], ".,"); v == "0" || len(v) == 1 && containsAny(d, []string{"회", "번", "건", "위"}) {
				w -= 2
			}
		}
		return w
	}
	out := append([]string(nil), achievements...)
	sort.SliceStable(out, func(i, j int) bool { return weight(out[i]) > weight(out[j]) })
	return out
}

// quoteParticle is the quoting particle after a Korean quote: 라고 after a
// sentence or a vowel ("…구축했다'라고"), 이라고 after a closing consonant
// ("…도입 경험'이라고", "…0건'이라고").
func quoteParticle(q string) string { return particle(q, "이라고", "라고") }

// enQuote is the most an English question quotes: a whole resume bullet
// (they run to about 100 characters) rather than a cut one.
const enQuote = 110

func rationale(ko bool, koText, enText, from string) string {
	if ko {
		return fmt.Sprintf("%s: \"%s\"", koText, snippet(from, 60))
	}
	return fmt.Sprintf("%s: \"%s\"", enText, snippet(from, 60))
}

// similarToAny reports whether q is nearly the same as one of the others
// (character-bigram Jaccard similarity of 0.6 or more).
func similarToAny(q string, others []string) bool {
	return bigramCache{}.similarToAny(q, others)
}

// bigramCache keeps each text's bigrams while a set is chosen: the same
// candidates are compared with the same questions pick after pick.
type bigramCache map[string]map[string]bool

func (c bigramCache) of(s string) map[string]bool {
	if b, ok := c[s]; ok {
		return b
	}
	b := bigrams(s)
	c[s] = b
	return b
}

func (c bigramCache) similarToAny(q string, others []string) bool {
	a := c.of(q)
	for _, o := range others {
		b := c.of(o)
		inter := 0
		for g := range a {
			if b[g] {
				inter++
			}
		}
		union := len(a) + len(b) - inter
		if union > 0 && float64(inter)/float64(union) >= 0.6 {
			return true
		}
	}
	return false
}

func bigrams(s string) map[string]bool {
	var rs []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	return out
}

// changeQs asks a career changer the question every interviewer asks
// one: why leave the work they did for this one, and what of it carries
// over. The work they did is what the resume calls them ("Former
// middle-school science teacher", "six years as an oncology nurse",
// "방송 작가 7년 차 → 웹툰 PD 지원", "… 다듬어 온 방송 작가입니다"); it is
// a change only when that is not the posting's kind of work (a nurse
// applying as a nurse, a store manager as an area manager is none).
func changeQs(f Facts, ko bool) []Question {
	old := formerRole(f.resume, f.Role)
	if old == "" {
		return nil
	}
	role := f.Role
	text := fmt.Sprintf("You are moving from %s work to the %s role. What led to this move, and what from your %s years will matter most in this job?", old, role, old)
	if ko {
		text = fmt.Sprintf("%s에서 %s%s 직무 전환을 결심한 이유는 무엇이고, %s%s 일하며 쌓은 것 가운데 이 일에 가장 쓸모 있는 것은 무엇인가요?", old, role, ro(role), old, ro(old))
	}
	return []Question{{Text: text, Kind: KindPersonality, Difficulty: 2, Source: old, item: "change:" + old,
		Rationale: rationale(ko, "직무를 바꾸는 이유와, 이전 경력이 새 직무에 어떻게 이어지는지 봅니다", "checks why the candidate changes careers and what of the old work carries over", old)}}
}

// ro is 으로 or 로 after w: 로 after a vowel or ㄹ (작가로, 서울로).
func ro(w string) string {
	w = strings.TrimRight(w, " '\"’”)…")
	r, _ := utf8.DecodeLastRuneInString(w)
	if i18n.IsSyllable(r) && (r-0xAC00)%28 == 8 || r == 'l' || r == 'L' || !batchim(w) {
		return "로"
	}
	return "으로"
}

// formerRole is the work a resume says its writer has done, when it is
// not the work the posting hires for, or "".
func formerRole(resume, role string) string {
	if role == "" {
		return ""
	}
	lines := strings.Split(resume, "\n")
	var head []string // the opening: a header, a profile, a summary
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			head = append(head, l)
		}
		if len(head) == 8 {
			break
		}
	}
	var found []string
	if !i18n.HasHangul(resume) {
		top := strings.Join(head, "\n")
		for _, p := range []string{
			`(?i)\bformer\s+([A-Za-z][\w&/ -]{2,50})`,
			`(?i)\b(?:years?|decades?)\b[^.\n]{0,30}?\bI was an?\s+([A-Za-z][\w&/ -]{2,50})`,
			`(?i)\b(?:years?|spent|worked|working)\b[^.\n]{0,40}?\bas\s+(?:an?|the)\s+([A-Za-z][\w&/ -]{2,50})`,
			`(?m)^((?:[A-Z][\w&/-]*[ \t]){1,5})(?:with|of)[ \t]+(?:over[ \t]+|nearly[ \t]+|almost[ \t]+)?\d+\+?[ \t]+years`,
		} {
			if m := re(p).FindStringSubmatch(top); m != nil {
				found = append(found, m[1])
			}
		}
	} else {
		for _, l := range head {
			for _, part := range strings.Split(l, "|") {
				// "방송 작가 7년 차 → 웹툰 PD 지원"
				if from, to, ok := strings.Cut(part, "→"); ok && (strings.Contains(to, "지원") || utf8.RuneCountInString(to) <= 20 && sharesWord(to, role)) && balanced(from) {
					found = append(found, re(`\d+\s*년\s*(?:차|경력)?`).ReplaceAllString(from, ""))
				}
			}
			// "사내 IT 지원 3년차, …", "… 매장 매니저 5년 (2020.03 ~ …)"
			if m := re(`([^\s,>·:]+(?:\s[^\s,>·:]+){0,2})\s+\d+\s*년\s*(?:차|경력)?(?:\s*\(|,|$)`).FindStringSubmatch(l); m != nil {
				found = append(found, m[1])
			}
			// "… 다듬어 온 방송 작가입니다."
			if ws := strings.Fields(strings.TrimRight(l, ". ")); len(ws) >= 3 && strings.HasSuffix(ws[len(ws)-1], "입니다") {
				last := strings.TrimSuffix(ws[len(ws)-1], "입니다")
				var nouns []string
				for i := len(ws) - 2; i >= 0 && len(nouns) < 2 && koNoun(ws[i]) == ws[i]; i-- {
					nouns = append([]string{ws[i]}, nouns...)
				}
				if koNoun(last) == last && last != "" {
					found = append(found, strings.Join(append(nouns, last), " "))
				}
			}
		}
	}
	for _, old := range found {
		var ws []string
		for _, w := range strings.Fields(cutAtWords(strings.TrimSpace(stripTags(old)))) {
			if strings.ContainsAny(w, "'‘’\"“”「」") {
				ws = nil // "'오늘의온도' 매장 매니저": a name before the title
				continue
			}
			ws = append(ws, w)
		}
		old = strings.Join(ws, " ")
		if old == "" || strings.ContainsAny(old, "0123456789@") || utf8.RuneCountInString(old) > 30 || i18n.HasHangul(old) && !personNoun(old) {
			continue
		}
		if !sameWork(old, role) {
			return old
		}
	}
	return ""
}

// cutAtWords ends a title before the words that follow one in a
// sentence ("science teacher moving into …", "detective in the …").
func cutAtWords(t string) string {
	ws := strings.Fields(t)
	for i, w := range ws {
		switch strings.ToLower(strings.Trim(w, ",.;:")) {
		case "moving", "who", "turned", "now", "with", "and", "at", "in", "for", "before", "on", "of", "to", "from", "since", "until", "looking", "seeking", "|", "-", "–", "—":
			ws = ws[:i]
		}
		if i >= len(ws) {
			break
		}
		if strings.ContainsAny(w, ",.;:") {
			ws = ws[:i+1]
			break
		}
	}
	return strings.Trim(strings.Join(ws, " "), ",.;: '\"")
}

// sharesWord reports whether a and b have a word in common.
func sharesWord(a, b string) bool {
	for _, w := range strings.Fields(strings.ToLower(a)) {
		if len(w) >= 2 && containsTerm(strings.ToLower(b), w) {
			return true
		}
	}
	return false
}

// sameWork reports whether the title old is the kind of work role is: its
// last word (what the person is) names role's kind, or one of its kin
// (a developer is an engineer, a 매니저 a manager).
func sameWork(old, role string) bool {
	ws := strings.Fields(strings.ToLower(old))
	if len(ws) == 0 {
		return true
	}
	head := ws[len(ws)-1]
	if notAWork[head] {
		return true // "seasonal employee", "volunteer": no kind of work to leave
	}
	low := strings.ToLower(role)
	if strings.Contains(low, head) {
		return true
	}
	for _, kin := range workKin {
		if slices.Contains(kin, head) {
			for _, k := range kin {
				if strings.Contains(low, k) {
					return true
				}
			}
		}
	}
	return false
}

// notAWork are what a resume may call its writer without naming a kind
// of work.
var notAWork = map[string]bool{"employee": true, "member": true, "volunteer": true, "intern": true, "student": true, "graduate": true, "candidate": true, "professional": true, "person": true, "staff": true, "freelancer": true, "contractor": true}

// workKin are titles of one kind of work.
var workKin = [][]string{
	{"developer", "engineer", "programmer", "개발자", "엔지니어", "프로그래머"},
	{"manager", "lead", "supervisor", "head", "director", "매니저", "관리자", "팀장", "책임자", "리더"},
	{"designer", "디자이너"},
	{"analyst", "분석가", "애널리스트"},
	{"teacher", "instructor", "educator", "tutor", "교사", "강사", "교원"},
	{"nurse", "간호사"},
	{"marketer", "마케터"},
	{"researcher", "scientist", "연구원"},
	{"accountant", "bookkeeper", "회계사"},
}

// personNoun reports whether a Korean title ends on what names a person
// at work (작가, 매니저, 간호사, 연구원, IT 지원), not a thing (강점,
// 수업, 이유) or the applicant as such (지원자).
func personNoun(t string) bool {
	if strings.HasSuffix(t, "지원자") || strings.HasSuffix(t, "경력") {
		return false
	}
	for _, s := range []string{"자", "가", "사", "원", "터", "너", "저", "장", "관", "리스트", "스타", "프", "러", "어", "텔러", "기자", "PD", "MD", "AD"} {
		if strings.HasSuffix(t, s) {
			return true
		}
	}
	return false
}

// resultsOverviewQs asks about three of the resume's results at once, as
// an interviewer scanning a résumé does: which is the candidate proudest
// of, and how was it reached. The first result has a question of its own
// (achievementQs); the three are the ones after it, each quoted by the
// clause that holds its figure.
func resultsOverviewQs(f Facts, ko bool) []Question {
	limit := 36
	if !ko {
		limit = 70
	}
	// A resume with few results asks each on its own: the three at once
	// would leave the rest of the set nothing new to ask.
	withResult := 0
	for _, s := range f.Achievements {
		if resultNumber(s) != "" {
			withResult++
		}
	}
	if withResult < 5 {
		return nil
	}
	var quotes, lines, nums []string
	for i, s := range byWeight(f.Achievements) {
		num := resultNumber(s)
		if i == 0 || num == "" || slices.Contains(nums, num) {
			continue // the first has its own question; one result told twice is one
		}
		q := snippetWith(s, limit, num)
		if !aResultToQuote(stripTags(s), q, num) {
			continue
		}
		if ko {
			q = formalToPlain(q)
		}
		quotes, lines, nums = append(quotes, q), append(lines, s), append(nums, num)
		if len(quotes) == 3 {
			break
		}
	}
	if len(quotes) < 3 {
		return nil
	}
	text := fmt.Sprintf("이력서에 적으신 '%s', '%s', '%s' 가운데 가장 자랑하고 싶은 성과 하나를 골라, 그 결과를 만들기까지 무엇을 했는지 말씀해 주세요.", quotes[0], quotes[1], quotes[2])
	if !ko {
		text = fmt.Sprintf("Your resume lists \"%s\", \"%s\" and \"%s\". Pick the one you are proudest of and walk me through how you got there.", quotes[0], quotes[1], quotes[2])
	}
	return []Question{{Text: text, Kind: KindExperience, Difficulty: 2, Source: quotes[0], item: lines[0], also: lines[1:],
		Rationale: rationale(ko, "이력서의 성과 가운데 지원자가 무엇을 가장 중요하게 여기는지, 그 과정을 설명할 수 있는지 봅니다", "sees which result the candidate values most and whether they can explain how it was reached", strings.Join(quotes, " / "))}}
}

// aResultToQuote reports whether q, quoted from the sentence s for its
// figure num, reads as a result on its own: it says what changed (a cue
// of a result or an arrow between figures), names what it is about (a
// word beside the figures: not "연 9건 → 1건"), and starts where the
// sentence or one of its clauses does (not "단계에서 발견되는 …").
func aResultToQuote(s, q, num string) bool {
	low := strings.ToLower(q)
	ws := strings.Fields(q)
	if !strings.Contains(q, num) || utf8.RuneCountInString(q) < 12 || len(ws) < 3 ||
		!re(`줄였|줄었|줄어|줄이는|단축|감소|증가|늘었|늘렸|늘어|높였|높아|낮췄|낮아|향상|개선|절감|달성|성장|올렸|올랐|수상|유지|\b(?:reduced|cut|increased|grew|raised|improved|saved|achieved|won|lifted|fell|dropped|rose|boosted|doubled|halved|shortened|exceeded|now)\b`).MatchString(low) && !re(`\d\S*\s*→\s*\S*\d`).MatchString(q) {
		return false
	}
	// Not a clause that leads on ("… 줄어들면서", "… 높아 "), nor one
	// that only leads in ("다만 …", "관리, …" of a list).
	if last := ws[len(ws)-1]; re(`(?:면서|는데|지만|고|며|어서|아서|해서)$`).MatchString(last) || strings.HasSuffix(ws[0], ",") ||
		startsWithAny(low, []string{"다만", "하지만", "그러나", "but ", "however"}) ||
		// Nor one that points back at what came before ("이 영상 이후
		// …", "That campaign …"): beside two others it names nothing.
		startsWithAny(low, []string{"이 ", "그 ", "저 ", "이후 ", "그 후", "this ", "that ", "these ", "those ", "it "}) {
		return false
	}
	words := 0
	for _, w := range ws {
		if strings.IndexFunc(w, unicode.IsDigit) < 0 && utf8.RuneCountInString(strings.Trim(w, "(),.·'\"")) >= 2 {
			words++
		}
	}
	if words < 2 {
		return false
	}
	head := q
	if r := []rune(q); len(r) > 6 {
		head = string(r[:6])
	}
	i := strings.Index(s, head)
	if i < 0 {
		return false
	}
	before := strings.TrimRight(s[:i], " ")
	if before == "" {
		return true
	}
	last := before[strings.LastIndex(before, " ")+1:]
	if i := strings.LastIndex(last, "·"); i >= 0 {
		last = last[i+len("·"):] // "발주·재고": the word is 재고
	}
	return strings.HasSuffix(before, ",") || strings.HasSuffix(before, ";") || strings.HasSuffix(before, ":") || strings.HasSuffix(before, "→") ||
		clauseEnd().MatchString(last+" ") && !slices.Contains(notConnective, last)
}

// experiencesChoiceQs asks the candidate to choose, among three of the
// resume's experiences, the one closest to the job.
func experiencesChoiceQs(f Facts, ko bool) []Question {
	// A resume that tells few things done asks each on its own: three at
	// once would leave the rest of the set nothing new to ask.
	deeds := byResult(f)
	if len(deeds) < 8 {
		return nil
	}
	// Each quoted as an experience question quotes it, when that is short
	// enough to stand beside two others.
	limit := 48
	if !ko {
		limit = 100
	}
	var quotes, lines []string
	for _, s := range deeds {
		q := quoted(s, ko)
		if utf8.RuneCountInString(q) > limit || len(words(q)) < 3 { // not a heading ("Projects")
			continue
		}
		quotes, lines = append(quotes, q), append(lines, s)
	}
	var out []Question
	for k := 0; k+2 < len(quotes) && len(out) < 3; k += 3 {
		a, b, c := quotes[k], quotes[k+1], quotes[k+2]
		text := fmt.Sprintf("자기소개서의 '%s', '%s', '%s' 가운데 이 직무에 가장 가까운 경험을 하나 골라, 본인이 한 일과 배운 점을 말씀해 주세요.", formalToPlain(a), formalToPlain(b), formalToPlain(c))
		if !ko {
			text = fmt.Sprintf("Your resume mentions \"%s\", \"%s\" and \"%s\". Pick the one closest to this job and tell me what you did and what you learned.", a, b, c)
		}
		out = append(out, Question{Text: text, Kind: KindExperience, Difficulty: 2, Source: a, item: lines[k], also: []string{lines[k+1], lines[k+2]},
			Rationale: rationale(ko, "자기소개서의 경험 가운데 직무에 가까운 것을 고르게 합니다", "asks the candidate to choose among experiences from the resume", a+", "+b+", "+c)})
	}
	return out
}

// setbackCues mark a sentence that tells of something that went wrong: a
// bid rejected, an injury, stock left over, a booking cancelled.
var setbackCues = []string{"실패했", "실패한", "실패로", "탈락했", "탈락한", "불합격", "손실", "다쳤", "부상을", "취소되", "거절당", "반려되", "반려됐", "놓쳤", "빗나갔", "어긋났", "실수를", "사고가", "컴플레인이", "항의하", "재고가", "지연되", "늦어진", "늦어질", "문제가 생겼",
	"rejected", "failed to", "failed bid", "unsuccessful", "mistake", "went wrong", "emergency at", "overbooked", "was cancelled", "were cancelled", "was canceled", "didn't work", "did not work", "fell through", "weeks late", "days late", "setback", "injured my", "complained"}

// setbackQs asks what the candidate did when something the resume tells
// of went wrong, and what it changed.
func setbackQs(f Facts, ko bool) []Question {
	return cuedQs(f, ko, cuedAsk{
		cues: setbackCues,
		// Not a result, a lesson ("… 실수를 막는다는 것을 배웠다": that is
		// the answer, not the story), what the candidate does whenever
		// it happens ("사고가 나면 … 나가는 것은") or what may happen
		// ("… 생길 것이다"): a habit or a guess, not a story.
		skip: func(s, low string) bool {
			return resultNumber(s) != "" && hasCue(low, resultCues) || containsAny(low, []string{"배웠", "깨달", "learned", "taught me", "나면 ", "생기면 ", "whenever", " if ", "것입니다", "것이다", "될 것", "겠습니다", " will "}) ||
				containsAny(low, admissionCues) || othersDeed().MatchString(s)
		},
		ko:   "'%s'%s 쓰셨는데, 그때 가장 먼저 무엇을 하셨고, 그 일 이후 무엇을 다르게 하고 계신가요?",
		en:   "You wrote \"%s\". What did you do first, and what do you do differently because of it?",
		kind: KindPressure, difficulty: 3, shortest: 10,
		whyKo: "자기소개서에 적힌 어려움에 어떻게 대응했고 무엇을 배웠는지 봅니다", whyEn: "asks how the candidate handled a setback the resume tells of",
	})
}

// studyCues mark a line about what the candidate studied or researched:
// a thesis, a training course, a bootcamp, an exchange semester.
var studyCues = []string{"논문", "졸업 작품", "졸업작품", "캡스톤", "교육과정", "양성과정", "부트캠프", "교환학생",
	"thesis", "dissertation", "capstone", "bootcamp", "exchange student", "exchange semester", "program candidate"}

// studyQs asks what of a thesis or a course the resume names the
// candidate would use in this job.
func studyQs(f Facts, ko bool) []Question {
	return cuedQs(f, ko, cuedAsk{
		cues: studyCues,
		// Not a plan, nor a story of something that went wrong while
		// studying (asked by setbackQs).
		skip: func(s, low string) bool {
			return containsAny(low, admissionCues) || containsAny(low, setbackCues) || containsAny(low, []string{"겠습니다", "싶습니다", "i would like", "i hope"})
		},
		ko:   "'%s'%s 쓰셨는데, 그 과정에서 익힌 것 가운데 이 직무에서 바로 쓸 수 있는 것 하나를 골라 실제로 써 본 예와 함께 말씀해 주세요.",
		en:   "You wrote \"%s\". What from it would you use in this job first, and where have you already used it?",
		kind: KindExperience, difficulty: 2, shortest: 8,
		whyKo: "공부하거나 연구한 것을 직무에 어떻게 쓸지 봅니다", whyEn: "asks how what the candidate studied carries into the job",
	})
}

// cuedAsk is a kind of question about the resume's sentences that hold
// one of its cues: what they must not be, the frames a quote goes in
// (the Korean one with its particle after the quote), and what the
// question is.
type cuedAsk struct {
	cues         []string
	skip         func(s, low string) bool
	ko, en       string
	kind         Kind
	difficulty   int
	shortest     int // runes a quote has at least
	whyKo, whyEn string
}

// cuedQs asks a about at most two sentences of the resume, those naming
// most (capitalised words and figures) first: each quoted around the
// first of the cues it holds, not a 문항's prompt nor a question.
func cuedQs(f Facts, ko bool, a cuedAsk) []Question {
	type told struct {
		s, cue string
		score  int
	}
	var all []told
	for _, s := range f.sentences {
		low := strings.ToLower(s)
		cue, at := "", len(low)
		for _, c := range a.cues {
			if i := strings.Index(low, c); i >= 0 && i < at {
				cue, at = s[i:i+len(c)], i
			}
		}
		if cue == "" || itemPrompt(s) || strings.HasSuffix(strings.TrimSpace(s), "?") || a.skip(s, low) {
			continue
		}
		all = append(all, told{s, cue, min(3, len(latinTokens(s))+len(numberRe().FindAllString(s, -1)))})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	var out []Question
	for _, t := range all {
		if len(out) == 2 {
			break
		}
		var text string
		if ko {
			q := formalToPlain(snippetWith(t.s, 48, t.cue))
			if !strings.Contains(q, t.cue) && !strings.Contains(q, formalToPlain(t.cue)) || utf8.RuneCountInString(q) < a.shortest {
				continue
			}
			text = fmt.Sprintf(a.ko, q, quoteParticle(q))
		} else {
			q := snippetWith(t.s, enQuote, t.cue)
			if !strings.Contains(q, t.cue) || utf8.RuneCountInString(q) < a.shortest {
				continue
			}
			text = fmt.Sprintf(a.en, q)
		}
		out = append(out, Question{Text: text, Kind: a.kind, Difficulty: a.difficulty, Source: t.s, item: t.s,
			Rationale: rationale(ko, a.whyKo, a.whyEn, t.s)})
	}
	return out
}
