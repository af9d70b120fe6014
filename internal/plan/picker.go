package plan

import (
	"fmt"
	"sort"
	"time"
)

// picker chooses questions for the plan's tasks: ones never tried first,
// then the least recently practised, never the same question twice in
// three days.
type picker struct {
	pool    Pool
	h       History
	today   time.Time
	usedOn  map[int64]int // question: the plan day index it was last used on
	dayIdx  int
	cur     int64 // the interview the day counts down to
	retries []retry
	weak    []weak
}

type retry struct {
	id    int64
	score float64
	due   time.Time
}

type weak struct {
	dim  string
	mean float64
}

var dimNames = map[string][2]string{
	"voice": {"목소리", "voice"}, "fluency": {"유창성(멈춤·군말)", "fluency (pauses, fillers)"}, "pace": {"말하기 속도", "pace"},
	"gaze": {"시선", "eye contact"}, "expression": {"표정", "expression"}, "posture": {"자세", "posture"}, "content": {"답변 내용", "content"},
}

func newPicker(pool Pool, h History, today time.Time) *picker {
	pk := &picker{pool: pool, h: h, today: today, usedOn: map[int64]int{}}
	for id, st := range h.Questions {
		if st.Score >= 0 && st.Score < 60 && st.Attempts > 0 {
			pk.retries = append(pk.retries, retry{id, st.Score, dateOf(st.Last).Add(time.Duration(spacing(st.Attempts)) * day)})
		}
	}
	sort.Slice(pk.retries, func(i, j int) bool {
		if !pk.retries[i].due.Equal(pk.retries[j].due) {
			return pk.retries[i].due.Before(pk.retries[j].due)
		}
		return pk.retries[i].id < pk.retries[j].id
	})
	for d, m := range h.Dimensions {
		if m < 70 {
			pk.weak = append(pk.weak, weak{d, m})
		}
	}
	sort.Slice(pk.weak, func(i, j int) bool { return pk.weak[i].mean < pk.weak[j].mean })
	return pk
}

// types are the pool's practice types in a fixed order, but for except.
func (pk *picker) types(except string) []string {
	var out []string
	for tt := range pk.pool {
		if tt != except {
			out = append(out, tt)
		}
	}
	sort.Strings(out)
	return out
}

// pick chooses n questions of practice type t ("" for any).
func (pk *picker) pick(t string, n int) []int64 {
	var cands []int64
	if t == "" {
		for _, tt := range pk.types("") {
			cands = append(cands, pk.pool[tt]...)
		}
	} else {
		cands = append(cands, pk.pool[t]...)
	}
	cands = pk.mine(cands)
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		ua, oka := pk.usedOn[a]
		ub, okb := pk.usedOn[b]
		if oka != okb {
			return !oka
		}
		if oka && ua != ub {
			return ua < ub
		}
		// The application's own questions before the bank's.
		if oa, ob := pk.h.Owner[a] == pk.cur && pk.cur != 0, pk.h.Owner[b] == pk.cur && pk.cur != 0; oa != ob {
			return oa
		}
		sa, sb := pk.h.Questions[a], pk.h.Questions[b]
		if (sa.Attempts == 0) != (sb.Attempts == 0) {
			return sa.Attempts == 0
		}
		if !sa.Last.Equal(sb.Last) {
			return sa.Last.Before(sb.Last)
		}
		return a < b
	})
	var out []int64
	if t != "" && len(cands) < n {
		// Too few of this type: the others fill in.
		for _, tt := range pk.types(t) {
			cands = append(cands, pk.mine(pk.pool[tt])...)
		}
	}
	for _, id := range cands {
		if len(out) == n {
			break
		}
		if u, ok := pk.usedOn[id]; ok && pk.dayIdx-u < 3 {
			continue
		}
		out = append(out, id)
		pk.usedOn[id] = pk.dayIdx
	}
	return out
}

// mine leaves out the questions written for another application than the
// day's.
func (pk *picker) mine(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if o := pk.h.Owner[id]; o == 0 || o == pk.cur {
			out = append(out, id)
		}
	}
	return out
}

var typeNames = map[string][2]string{"basic": {"기본·인성", "basic"}, "job": {"직무", "job"}, "situational": {"상황·압박", "situational"}}

// tasksFor is day i of the plan, dm days before the interview.
func (pk *picker) tasksFor(i, dm int, iv Interview, two bool) []Task {
	pk.dayIdx, pk.cur = i, iv.ID
	date := pk.today.Add(time.Duration(i) * day)
	var ts []Task
	co := iv.Company
	switch {
	case dm == 0:
		return []Task{{Kind: "warmup", PracticeType: "basic", QuestionIDs: pk.pick("basic", 1), Minutes: 10, Reason: Text{KO: fmt.Sprintf("%s 면접 당일이에요. 1분 자기소개를 한 번만 소리 내어 말하고, 새 연습은 하지 않아요.", co), EN: fmt.Sprintf("%s interview day: say your one-minute introduction aloud once; nothing new today.", co)}}}
	case dm == 1:
		ts = append(ts, Task{Kind: "review", PracticeType: "basic", QuestionIDs: pk.pick("basic", 1), Minutes: 15, Reason: Text{KO: "내일이 면접이라 가볍게: 자기소개 한 번과 지난 피드백 훑어보기만 해요. 충분히 쉬세요.", EN: "The interview is tomorrow, so keep it light: one introduction and a look over past feedback. Rest well."}})
		return ts
	case dm <= 3:
		ids := append(pk.pick("basic", 1), pk.pick("job", 2)...)
		ids = append(ids, pk.pick("situational", 2)...)
		ts = append(ts, Task{Kind: "mock", QuestionIDs: ids, Minutes: 30, Reason: Text{KO: fmt.Sprintf("D-%d: 실전처럼 %d문제 모의면접을 제한 시간 안에 이어서 해요.", dm, len(ids)), EN: fmt.Sprintf("D-%d: a full mock interview, %d questions back to back, timed like the real thing.", dm, len(ids))}})
	default:
		types := []string{"basic", "job", "situational"}
		t := types[i%3]
		n := 2
		if dm <= 7 {
			n, t = 3, []string{"job", "situational", "job", "basic"}[i%4]
		} else if dm <= 14 {
			n = 3
		}
		ids := pk.pick(t, n)
		ts = append(ts, Task{Kind: "practice", PracticeType: t, QuestionIDs: ids, Minutes: 5 * len(ids), Reason: Text{KO: fmt.Sprintf("D-%d: %s 질문 %d개. 면접이 가까워질수록 문제 수를 늘려요.", dm, typeNames[t][0], len(ids)), EN: fmt.Sprintf("D-%d: %d %s questions; the count grows as the interview nears.", dm, len(ids), typeNames[t][1])}})
		if dm <= 7 && i%2 == 1 {
			ids := append(pk.pick("job", 2), pk.pick("situational", 1)...)
			ts = append(ts, Task{Kind: "mock", QuestionIDs: ids, Minutes: 20, Reason: Text{KO: "마지막 주에는 이틀에 한 번 짧은 모의면접으로 실전 감각을 익혀요.", EN: "In the last week, a short mock interview every other day builds the feel of the real one."}})
		}
	}
	// Weak points: the weakest dimension every other day (every third in
	// the first weeks).
	every := 2
	if dm > 14 {
		every = 3
	}
	if len(pk.weak) > 0 && i%every == 0 {
		w := pk.weak[(i/every)%len(pk.weak)]
		ts = append(ts, Task{Kind: "drill", TargetMetric: w.dim, QuestionIDs: pk.pick("", 1), Minutes: 10, Reason: Text{KO: fmt.Sprintf("최근 %s 점수가 평균 %.0f점으로 가장 낮아요. 이 부분만 신경 쓰며 한 문제 더 해요.", dimNames[w.dim][0], w.mean), EN: fmt.Sprintf("Your %s has averaged %.0f lately, your lowest; one more question focusing on just that.", dimNames[w.dim][1], w.mean)}})
	}
	// Low-scored questions come back when they are due (1, 3, 7 days).
	for k := 0; k < len(pk.retries); k++ {
		r := pk.retries[k]
		if r.due.After(date) {
			continue
		}
		if _, used := pk.usedOn[r.id]; used && pk.dayIdx-pk.usedOn[r.id] < 3 {
			continue
		}
		pk.usedOn[r.id] = i
		ts = append(ts, Task{Kind: "retry", QuestionIDs: []int64{r.id}, Minutes: 5, Reason: Text{KO: fmt.Sprintf("지난번 이 질문은 %.0f점이었어요. 간격을 두고 다시 풀면 더 오래 남아요.", r.score), EN: fmt.Sprintf("Last time this question scored %.0f; coming back to it after a gap makes it stick.", r.score)}})
		pk.retries = append(pk.retries[:k], pk.retries[k+1:]...)
		break // one retry a day keeps the load even
	}
	_ = two
	return ts
}
