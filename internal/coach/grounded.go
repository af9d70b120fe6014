package coach

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"nevermind/internal/i18n"
)

// A model's questions are held to what the offline generator does by
// construction: what they quote is in the documents, and each names
// something from them (a project, a number, a tool, a requirement), not
// "tell me about a conflict" that fits any candidate.

// commonStems are words every interview question uses: sharing one with
// the documents names nothing. Korean words are compared by their first
// two syllables, English words whole and lower case.
var commonStems = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`경험 본인 지원 자기 공고 직무 업무 회사 입사 가장 무엇 어떻 말씀 생각 이유 때문 순간 상황 방법 문제 해결 팀원 동료 갈등 성과 결과 역할
		준비 부분 사람 이후 처음 하나 어떤 지금 관련 기억 노력 목표 계획 장점 단점 성격 강점 약점 있나 있습 하셨 하시 했던 했습 하는 하고 그때 그런 이런 저는 우리 다른
		주세 대해 통해 위해 어려 힘들 중요 필요 생긴 있었 없었 입니 무슨 어느 얼마 언제 스스 자신 앞으 향후 미래 동안 이번 최근 주로 먼저 다음 마지 그것 그중 그리
		만약 다면 한다 하면 하게 했다 합니 되었 되는 받았 받은 당시 생겼 생기 생긴 했을 됐을 됐던 겪은 겪었 맡은 맡았 일했 실제 구체 예를 사례 느낀 배운 배웠 가지 기여 정도 이야 질문 답변 설명 소개 선택 결정 판단
		tell time about your you what when how would could should describe example experience team work role company job situation challenge
		give walk through most were have has had did does with that this they them their from into which while where there these those then than
		been being make made take took think learn learned biggest hardest best worst proud handle handled project projects`) {
		m[w] = true
	}
	return m
}()

// stems are the words of s as compared: Hangul words by their first two
// syllables, Latin words of three letters or more lower case, numbers
// with what follows them.
func stems(s string) []string {
	var out []string
	for _, w := range words(s) {
		w = strings.Trim(w, ".")
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case i18n.IsSyllable(r):
			if rs := []rune(w); len(rs) >= 2 {
				out = append(out, string(rs[:2]))
			}
		case unicode.IsDigit(r):
			out = append(out, strings.ToLower(w))
		case utf8.RuneCountInString(w) >= 3:
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// words splits s into words, and a word where Hangul meets Latin
// ("Kafka를" is "Kafka" and "를").
func words(s string) []string {
	var out []string
	var cur []rune
	hangul := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '%' || r == '+' || r == '#' || r == '.') {
			flush()
			continue
		}
		h := i18n.IsSyllable(r)
		if len(cur) > 0 && h != hangul && !(h && unicode.IsDigit(cur[len(cur)-1])) {
			flush()
		}
		hangul = h
		cur = append(cur, r)
	}
	flush()
	return out
}

// namesSomething reports whether the question shares a word with the
// documents (their stems, allStems) that is not common to all interview
// questions.
func namesSomething(q string, terms map[string]bool) bool {
	for _, s := range stems(q) {
		if terms[s] && !commonStems[s] {
			return true
		}
	}
	return false
}

// allStems is every stem of the documents, for inventedQuote.
func allStems(docs string) map[string]bool {
	m := map[string]bool{}
	for _, s := range stems(docs) {
		m[s] = true
	}
	return m
}

// inventedQuote returns a quote in q of at least six characters whose
// words are mostly not in the documents (their stems, allStems; "" when
// every quote is there). Endings may change (줄였습니다 → 줄였다), so words
// are compared by stem.
func inventedQuote(q string, terms map[string]bool) string {
	for _, m := range quotedPart().FindAllString(q, -1) {
		inner := strings.Trim(m, `'"`)
		if utf8.RuneCountInString(inner) < 6 {
			continue
		}
		ws := stems(inner)
		found := 0
		for _, s := range ws {
			if terms[s] {
				found++
			}
		}
		if len(ws) > 0 && 10*found < 7*len(ws) {
			return inner
		}
	}
	return ""
}
