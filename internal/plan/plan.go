// Package plan makes the D-Day routine: from the interview dates, today's
// date and what the user has practised, a list of tasks for every day up
// to each interview. It ramps towards full mock interviews in the last
// days, keeps the day before light, brings weak points and low-scored
// questions back at growing intervals, carries missed days over, and
// says why every task is there. It is a pure function of its inputs, so
// the plan is rebuilt each day from the records.
package plan

import (
	"fmt"
	"nevermind/internal/i18n"
	"sort"
	"time"
)

// Interview is a real interview to prepare for.
type Interview struct {
	ID      int64
	Company string
	Role    string
	Date    time.Time // the day (time of day ignored)
}

// QuestionStat is what the records say about one question.
type QuestionStat struct {
	Attempts int
	Last     time.Time // the last attempt
	Score    float64   // overall score of the last attempt; -1 when not scored
}

// History is the user's practice so far.
type History struct {
	Questions  map[int64]QuestionStat
	Dimensions map[string]float64 // each dimension's mean over the last attempts
	Practised  map[string]bool    // days (YYYY-MM-DD) with at least one attempt; the last week is enough
	First      string             // the first day practised; "" means the earliest of Practised
	// Again are questions the user chose to practise again, each with the
	// day from which it is due; an attempt on or after that day settles it.
	Again map[int64]time.Time
	// Owner is the application (interview id) each question was written
	// for: a day counting down to an interview asks its own questions
	// first and never another application's.
	Owner map[int64]int64
}

// Pool is the questions the plan may use, by practice type.
type Pool map[string][]int64

// Text is a reason in both languages (the app's one bilingual type).
type Text = i18n.Text

// Task is one thing to do on a day.
type Task struct {
	Kind         string  `json:"kind"` // practice, mock, drill, retry, review, warmup, catch_up
	PracticeType string  `json:"practice_type,omitempty"`
	QuestionIDs  []int64 `json:"question_ids"`
	TargetMetric string  `json:"target_metric,omitempty"`
	Reason       Text    `json:"reason"`
	Minutes      int     `json:"minutes"`
}

// Day is one day of the routine.
type Day struct {
	Date        string `json:"date"`
	DMinus      int    `json:"d_minus"`
	InterviewID int64  `json:"interview_id"`
	Company     string `json:"company"`
	Tasks       []Task `json:"tasks"`
}

// Plan is the routine from today to the last interview.
type Plan struct {
	Today string `json:"today"`
	Days  []Day  `json:"days"`
	Notes []Text `json:"notes"`
}

const day = 24 * time.Hour

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func ymd(t time.Time) string { return t.Format("2006-01-02") }

// spacing is when a low-scored question comes back: 1, 3, then 7 days
// after its last attempt (by how many times it has been tried).
func spacing(attempts int) int {
	switch {
	case attempts <= 1:
		return 1
	case attempts == 2:
		return 3
	}
	return 7
}

// Make builds the plan for today.
func Make(today time.Time, ivs []Interview, pool Pool, h History) Plan {
	today = dateOf(today)
	p := Plan{Today: ymd(today), Days: []Day{}, Notes: []Text{}}
	var next []Interview
	for _, iv := range ivs {
		iv.Date = dateOf(iv.Date)
		if iv.Date.Before(today) {
			p.Notes = append(p.Notes, Text{KO: fmt.Sprintf("%s 면접(%s)은 이미 지났어요. 결과와 상관없이 연습한 기록은 남아 있어요.", iv.Company, ymd(iv.Date)), EN: fmt.Sprintf("The %s interview (%s) has passed. Your practice records stay.", iv.Company, ymd(iv.Date))})
			continue
		}
		next = append(next, iv)
	}
	again := dueAgain(today, pool, h)
	if len(next) == 0 {
		p.Notes = append(p.Notes, Text{KO: "다가오는 면접이 없어요. 면접 날짜를 추가하면 D-Day 루틴을 만들어 드려요.", EN: "No upcoming interview. Add its date to get a D-Day routine."})
		if ids := again[ymd(today)]; len(ids) > 0 {
			// No interview to count down to: today holds only what the
			// user chose to practise again.
			p.Days = append(p.Days, Day{Date: ymd(today), DMinus: -1, Tasks: []Task{againTask(ids)}})
		}
		return p
	}
	sort.SliceStable(next, func(i, j int) bool { return next[i].Date.Before(next[j].Date) })
	if len(next) > 1 && next[1].Date.Sub(next[0].Date) <= 14*day {
		p.Notes = append(p.Notes, Text{KO: fmt.Sprintf("%s %s 면접이 가까이 붙어 있어요. 각 날짜는 더 가까운 면접을 기준으로 짰고, 두 회사의 질문을 섞었어요.", withGwa(next[0].Company), next[1].Company), EN: fmt.Sprintf("The %s and %s interviews are close together: each day counts down to the nearer one, with questions for both.", next[0].Company, next[1].Company)})
	}
	pk := newPicker(pool, h, today)
	// Missed days since the last practice (at most 3) come back as extra
	// questions today, not lost.
	// Only days after the first practice count: a new user has missed
	// nothing.
	missed := 0
	first := h.First
	for d := range h.Practised {
		if first == "" || d < first {
			first = d
		}
	}
	if first != "" {
		for d := today.Add(-day); missed < 3 && !h.Practised[ymd(d)] && ymd(d) > first; d = d.Add(-day) {
			missed++
		}
	}
	last := next[len(next)-1].Date
	for d, i := today, 0; !d.After(last); d, i = d.Add(day), i+1 {
		iv := next[0]
		for _, x := range next {
			if !x.Date.Before(d) {
				iv = x
				break
			}
		}
		dm := int(iv.Date.Sub(d) / day)
		dd := Day{Date: ymd(d), DMinus: dm, InterviewID: iv.ID, Company: iv.Company}
		if ids := again[ymd(d)]; len(ids) > 0 {
			if dm == 0 {
				// The interview day stays light: the next day takes them.
				again[ymd(d.Add(day))] = append(again[ymd(d.Add(day))], ids...)
			} else {
				dd.Tasks = append(dd.Tasks, againTask(ids))
				for _, id := range ids {
					pk.usedOn[id] = i
				}
			}
		}
		for _, tk := range pk.tasksFor(i, dm, iv, len(next) > 1) {
			if len(tk.QuestionIDs) > 0 { // a type with no questions left gives no empty task
				dd.Tasks = append(dd.Tasks, tk)
			}
		}
		if i == 0 && missed > 0 && dm > 1 {
			ids := pk.pick("", min(missed, 2))
			if len(ids) > 0 {
				dd.Tasks = append(dd.Tasks, Task{Kind: "catch_up", QuestionIDs: ids, Minutes: 5 * len(ids), Reason: Text{KO: fmt.Sprintf("지난 %d일 연습을 쉬었어요. 그만큼을 오늘 %d문제 더 해서 따라잡아요.", missed, len(ids)), EN: fmt.Sprintf("You missed %s; %s today catch up.", i18n.Count(missed, "day", "days"), i18n.Count(len(ids), "extra question", "extra questions"))}})
			}
		}
		p.Days = append(p.Days, dd)
	}
	return p
}

// dueAgain are the questions to practise again by day: those of the pool
// not yet practised on or after their day, the overdue ones today.
func dueAgain(today time.Time, pool Pool, h History) map[string][]int64 {
	in := map[int64]bool{}
	for _, ids := range pool {
		for _, id := range ids {
			in[id] = true
		}
	}
	ids := make([]int64, 0, len(h.Again))
	for id := range h.Again {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := map[string][]int64{}
	for _, id := range ids {
		due := dateOf(h.Again[id])
		if st, ok := h.Questions[id]; !in[id] || ok && st.Attempts > 0 && !dateOf(st.Last).Before(due) {
			continue
		}
		if due.Before(today) {
			due = today
		}
		out[ymd(due)] = append(out[ymd(due)], id)
	}
	return out
}

// againTask is the questions the user chose to practise again.
func againTask(ids []int64) Task {
	return Task{Kind: "again", QuestionIDs: ids, Minutes: 5 * len(ids), Reason: Text{
		KO: "모의 면접 리뷰에서 다시 연습하기로 한 질문이에요. 리뷰에서 고칠 점으로 짚은 것부터 신경 써 보세요.",
		EN: "You chose to practise this again after your mock interview; start with the thing its review said to fix."}}
}

// withGwa appends 과 or 와 to a name, as its last syllable asks.
func withGwa(name string) string {
	r := []rune(name)
	if len(r) > 0 && i18n.IsSyllable(r[len(r)-1]) {
		if i18n.HasFinalConsonant(r[len(r)-1]) {
			return name + "과"
		}
		return name + "와"
	}
	return name + "와(과)"
}
