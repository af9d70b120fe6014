package plan

import (
	"strings"
	"testing"
	"time"
)

var today = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

func pool() Pool {
	p := Pool{}
	for i := int64(1); i <= 20; i++ {
		p["basic"] = append(p["basic"], i)
		p["job"] = append(p["job"], 100+i)
		p["situational"] = append(p["situational"], 200+i)
	}
	return p
}

func iv(id int64, company string, days int) Interview {
	return Interview{ID: id, Company: company, Date: today.Add(time.Duration(days) * 24 * time.Hour)}
}

func kinds(d Day) []string {
	var k []string
	for _, t := range d.Tasks {
		k = append(k, t.Kind)
	}
	return k
}

func questions(d Day) int {
	n := 0
	for _, t := range d.Tasks {
		n += len(t.QuestionIDs)
	}
	return n
}

func checkReasons(t *testing.T, p Plan) {
	t.Helper()
	for _, d := range p.Days {
		for _, tk := range d.Tasks {
			if tk.Reason.KO == "" || tk.Reason.EN == "" || len(tk.QuestionIDs) == 0 {
				t.Errorf("%s: task %+v without a reason or questions", d.Date, tk)
			}
		}
	}
}

func TestD30(t *testing.T) {
	p := Make(today, []Interview{iv(1, "한빛페이", 30)}, pool(), History{})
	if len(p.Days) != 31 || p.Days[0].Date != "2026-11-26" || p.Days[0].DMinus != 30 || p.Days[30].DMinus != 0 {
		t.Fatalf("days %d, first %+v", len(p.Days), p.Days[0])
	}
	checkReasons(t, p)
	// The load ramps: early days 2 questions, the last week more, mocks in
	// the last days, the day before light, the day itself a warm-up.
	if q := questions(p.Days[0]); q != 2 {
		t.Errorf("D-30: %d questions", q)
	}
	if q := questions(p.Days[25]); q < 3 {
		t.Errorf("D-5: %d questions", q)
	}
	for _, dm := range []int{3, 2} {
		if k := kinds(p.Days[30-dm]); k[0] != "mock" || questions(p.Days[30-dm]) < 5 {
			t.Errorf("D-%d: %v", dm, k)
		}
	}
	if k := kinds(p.Days[29]); len(k) != 1 || k[0] != "review" {
		t.Errorf("D-1 should be light: %v", k)
	}
	if k := kinds(p.Days[30]); len(k) != 1 || k[0] != "warmup" {
		t.Errorf("D-0: %v", k)
	}
	// Every practice type comes up in the first week; no question twice in
	// three days.
	types := map[string]bool{}
	last := map[int64]int{}
	for i, d := range p.Days {
		for _, tk := range d.Tasks {
			types[tk.PracticeType] = true
			for _, id := range tk.QuestionIDs {
				if j, ok := last[id]; ok && i-j < 3 {
					t.Errorf("question %d on day %d and %d", id, j, i)
				}
				last[id] = i
			}
		}
	}
	if !types["basic"] || !types["job"] || !types["situational"] {
		t.Errorf("types %v", types)
	}
}

func TestD7D1D0(t *testing.T) {
	p := Make(today, []Interview{iv(1, "그린마켓", 7)}, pool(), History{})
	if len(p.Days) != 8 || p.Days[0].DMinus != 7 {
		t.Fatalf("D-7: %d days", len(p.Days))
	}
	checkReasons(t, p)
	p = Make(today, []Interview{iv(1, "그린마켓", 1)}, pool(), History{})
	if len(p.Days) != 2 || kinds(p.Days[0])[0] != "review" || kinds(p.Days[1])[0] != "warmup" {
		t.Fatalf("D-1: %+v", p.Days)
	}
	p = Make(today, []Interview{iv(1, "그린마켓", 0)}, pool(), History{})
	if len(p.Days) != 1 || p.Days[0].DMinus != 0 || !strings.Contains(p.Days[0].Tasks[0].Reason.KO, "당일") {
		t.Fatalf("D-0: %+v", p.Days)
	}
}

func TestPastInterview(t *testing.T) {
	p := Make(today, []Interview{iv(1, "대성정밀", -3)}, pool(), History{})
	if len(p.Days) != 0 || len(p.Notes) != 2 || !strings.Contains(p.Notes[0].KO, "지났어요") {
		t.Fatalf("%+v", p)
	}
}

func TestTwoInterviews(t *testing.T) {
	p := Make(today, []Interview{iv(2, "Northwind", 12), iv(1, "한빛페이", 5)}, pool(), History{})
	if len(p.Days) != 13 {
		t.Fatalf("%d days", len(p.Days))
	}
	// Each day counts down to the nearer interview; both interview days are
	// warm-ups, the day after the first one counts to the second.
	for i, d := range p.Days {
		want := int64(1)
		if i > 5 {
			want = 2
		}
		if d.InterviewID != want {
			t.Errorf("%s belongs to interview %d, want %d", d.Date, d.InterviewID, want)
		}
	}
	if kinds(p.Days[5])[0] != "warmup" || kinds(p.Days[12])[0] != "warmup" || p.Days[6].DMinus != 6 {
		t.Errorf("day 5 %v, day 12 %v, day 6 D-%d", kinds(p.Days[5]), kinds(p.Days[12]), p.Days[6].DMinus)
	}
	if len(p.Notes) == 0 || !strings.Contains(p.Notes[0].EN, "close together") {
		t.Errorf("notes %+v", p.Notes)
	}
}

// TestPoorAttemptChangesTheRoutine: after a poor attempt the weak
// dimension gets drills and the question comes back the next day.
func TestPoorAttemptChangesTheRoutine(t *testing.T) {
	base := Make(today, []Interview{iv(1, "한빛페이", 20)}, pool(), History{})
	h := History{
		Questions:  map[int64]QuestionStat{105: {Attempts: 1, Last: today.Add(-24 * time.Hour), Score: 41}},
		Dimensions: map[string]float64{"fluency": 48, "gaze": 88},
		Practised:  map[string]bool{"2026-11-25": true},
	}
	after := Make(today, []Interview{iv(1, "한빛페이", 20)}, pool(), h)
	var drill, retry bool
	for _, tk := range after.Days[0].Tasks {
		if tk.Kind == "drill" && tk.TargetMetric == "fluency" && strings.Contains(tk.Reason.KO, "48점") {
			drill = true
		}
		if tk.Kind == "retry" && tk.QuestionIDs[0] == 105 && strings.Contains(tk.Reason.EN, "41") {
			retry = true
		}
	}
	if !drill || !retry {
		t.Errorf("today after a poor attempt: %+v", after.Days[0].Tasks)
	}
	if questions(after.Days[0]) <= questions(base.Days[0]) {
		t.Error("the routine did not change")
	}
	for _, tk := range after.Days[0].Tasks {
		if tk.TargetMetric == "gaze" {
			t.Error("a strong dimension (88) was drilled")
		}
	}
}

func TestMissedDaysAreCarriedOver(t *testing.T) {
	h := History{Practised: map[string]bool{"2026-11-23": true}}
	p := Make(today, []Interview{iv(1, "한빛페이", 10)}, pool(), h)
	found := false
	for _, tk := range p.Days[0].Tasks {
		if tk.Kind == "catch_up" && len(tk.QuestionIDs) == 2 && strings.Contains(tk.Reason.KO, "지난 2일") {
			found = true
		}
	}
	if !found {
		t.Errorf("missed days 24-25 not carried over: %+v", p.Days[0].Tasks)
	}
	// A user whose first practice was today has missed nothing.
	for _, tk := range Make(today, []Interview{iv(1, "한빛페이", 10)}, pool(), History{Practised: map[string]bool{"2026-11-26": true}}).Days[0].Tasks {
		if tk.Kind == "catch_up" {
			t.Error("catch-up for a new user")
		}
	}
	// Practised yesterday: nothing to catch up.
	h.Practised["2026-11-25"] = true
	for _, tk := range Make(today, []Interview{iv(1, "한빛페이", 10)}, pool(), h).Days[0].Tasks {
		if tk.Kind == "catch_up" {
			t.Error("catch-up after a day practised")
		}
	}
}

// againOn lists the questions of day d's "again" task.
func againOn(d Day) []int64 {
	for _, t := range d.Tasks {
		if t.Kind == "again" {
			return t.QuestionIDs
		}
	}
	return nil
}

// TestPractiseAgain: a question the user chose to practise again comes on
// its day (not before), an overdue one today, none once practised on or
// after its day; the interview day passes them to the next; with no
// interview, today holds them alone; a question no longer in the pool is
// dropped.
func TestPractiseAgain(t *testing.T) {
	d := func(n int) time.Time { return today.AddDate(0, 0, n) }
	h := History{Questions: map[int64]QuestionStat{
		5:   {Attempts: 2, Last: d(-1), Score: 40}, // practised after it was due: settled
		103: {Attempts: 1, Last: d(-5), Score: 80}, // practised before it was due: still due
	}, Again: map[int64]time.Time{
		3:   d(1),  // tomorrow
		103: d(-2), // overdue
		5:   d(-2),
		999: d(0), // deleted
		7:   d(4), // the interview day
	}}
	p := Make(today, []Interview{iv(1, "한빛페이", 4), iv(2, "누리소프트", 10)}, pool(), h)
	checkReasons(t, p)
	if got := againOn(p.Days[0]); len(got) != 1 || got[0] != 103 {
		t.Errorf("today: %v, want [103]", got)
	}
	if got := againOn(p.Days[1]); len(got) != 1 || got[0] != 3 {
		t.Errorf("tomorrow: %v, want [3]", got)
	}
	if got := againOn(p.Days[4]); got != nil || p.Days[4].DMinus != 0 {
		t.Errorf("interview day (D-%d): %v", p.Days[4].DMinus, got)
	}
	if got := againOn(p.Days[5]); len(got) != 1 || got[0] != 7 {
		t.Errorf("the day after the interview: %v, want [7]", got)
	}
	for _, day := range p.Days {
		for _, id := range againOn(day) {
			if id == 5 || id == 999 {
				t.Errorf("%s: question %d again", day.Date, id)
			}
		}
	}
	// No interview: today holds what is due, and nothing else.
	p = Make(today, nil, pool(), h)
	if len(p.Days) != 1 || p.Days[0].DMinus != -1 || len(p.Days[0].Tasks) != 1 || len(againOn(p.Days[0])) != 1 {
		t.Fatalf("no interview: %+v", p.Days)
	}
	if p = Make(today, nil, pool(), History{}); len(p.Days) != 0 {
		t.Errorf("no interview, nothing again: %+v", p.Days)
	}
}

// TestEachApplicationItsOwnQuestions: two applications close together,
// each with questions written for it: a day counting down to one asks
// its own questions first and never the other's.
func TestEachApplicationItsOwnQuestions(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	ivs := []Interview{{ID: 1, Company: "한빛페이", Date: today.AddDate(0, 0, 6)}, {ID: 2, Company: "한결로지스", Date: today.AddDate(0, 0, 12)}}
	pool := Pool{"basic": {1, 2, 3, 4}, "job": {10, 11, 12, 13, 20, 21, 22, 23}, "situational": {30, 31, 32, 33}}
	owner := map[int64]int64{10: 1, 11: 1, 12: 1, 13: 1, 20: 2, 21: 2, 22: 2, 23: 2}
	p := Make(today, ivs, pool, History{Questions: map[int64]QuestionStat{}, Practised: map[string]bool{}, Owner: owner})
	ownAsked := map[int64]bool{}
	for _, d := range p.Days {
		for _, tk := range d.Tasks {
			for _, id := range tk.QuestionIDs {
				if o := owner[id]; o != 0 && o != d.InterviewID {
					t.Errorf("%s (for interview %d) asks question %d of interview %d", d.Date, d.InterviewID, id, o)
				}
				if owner[id] == d.InterviewID {
					ownAsked[d.InterviewID] = true
				}
			}
		}
	}
	if !ownAsked[1] || !ownAsked[2] {
		t.Errorf("own questions asked: %v", ownAsked)
	}
}
