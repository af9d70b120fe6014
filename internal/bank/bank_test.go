package bank

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"nevermind/internal/analysis/feedback"

	"nevermind/internal/store"
)

func TestEmbeddedBankCoversEveryTypeAndLanguage(t *testing.T) {
	es, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 150 {
		t.Fatalf("bank has %d questions, want at least 150", len(es))
	}
	per := map[store.PracticeType]map[store.Language]int{}
	jobFamilies := map[string]int{}
	for _, e := range es {
		if per[e.Type] == nil {
			per[e.Type] = map[store.Language]int{}
		}
		per[e.Type][e.Lang]++
		if e.Type == store.TypeJob {
			jobFamilies[e.Category]++
		}
		if len([]rune(e.Tip)) > 160 {
			t.Errorf("%s: tip is %d characters; keep tips short", e.Key, len([]rune(e.Tip)))
		}
	}
	for _, pt := range store.PracticeTypes {
		if pt == store.TypeEnglish {
			if per[pt][store.English] < 10 {
				t.Errorf("english interview has %d questions", per[pt][store.English])
			}
			continue
		}
		if per[pt][store.Korean] < 10 || per[pt][store.English] < 3 {
			t.Errorf("%s: %d Korean, %d English questions", pt, per[pt][store.Korean], per[pt][store.English])
		}
	}
	for _, fam := range []string{"software", "data", "marketing", "sales", "design", "finance", "public"} {
		if jobFamilies[fam] < 5 {
			t.Errorf("job family %s has %d questions", fam, jobFamilies[fam])
		}
	}
	basicTopics := map[string]bool{}
	for _, e := range es {
		if e.Type == store.TypeBasic {
			basicTopics[e.Category] = true
		}
	}
	for _, topic := range []string{"intro", "motivation", "strengths", "weaknesses", "conflict", "failure"} {
		if !basicTopics[topic] {
			t.Errorf("basic questions lack %s", topic)
		}
	}
}

func TestLoadRejectsBrokenBanks(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"duplicate key", `[{"key":"a","type":"basic","category":"intro","lang":"ko","text":"질문","tip":"팁"},
			{"key":"a","type":"basic","category":"intro","lang":"ko","text":"다른 질문","tip":"팁"}]`, "already used"},
		{"empty tip", `[{"key":"a","type":"basic","category":"intro","lang":"ko","text":"질문","tip":""}]`, "every field"},
		{"korean without hangul", `[{"key":"a","type":"basic","category":"intro","lang":"ko","text":"Hello","tip":"t"}]`, "does not match"},
		{"bad lang", `[{"key":"a","type":"basic","category":"intro","lang":"jp","text":"Hello","tip":"t"}]`, "ko or en"},
		{"not json", `[{`, "questions.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(fstest.MapFS{"questions/questions.json": {Data: []byte(tc.json)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestSeedSkipsWhenUnchangedAndUpgradesOtherwise(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "nevermind.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Seed(ctx, s)
	if err != nil || r.Added != len(es) {
		t.Fatalf("first seed = %+v, %v; want %d added", r, err, len(es))
	}
	r, err = Seed(ctx, s)
	if err != nil || r.Added != 0 || r.Updated != 0 {
		t.Fatalf("second seed = %+v, %v; want nothing", r, err)
	}
	qs, _ := s.Questions(ctx, store.QuestionFilter{})
	if len(qs) != len(es) {
		t.Fatalf("%d questions in store, %d in bank", len(qs), len(es))
	}
	// A newer build ships one more question and a reworded one.
	more := append([]Entry(nil), es...)
	more[0].Tip += " (수정)"
	more = append(more, Entry{Key: "basic-ko-new-99", Type: store.TypeBasic, Category: "values", Lang: store.Korean, Text: "새 질문인가요?", Tip: "새 팁"})
	r, err = seed(ctx, s, more)
	if err != nil || r.Added != 1 || r.Updated != 1 {
		t.Fatalf("upgrade = %+v, %v", r, err)
	}
	qs, _ = s.Questions(ctx, store.QuestionFilter{})
	if len(qs) != len(es)+1 {
		t.Fatalf("after upgrade %d questions, want %d", len(qs), len(es)+1)
	}
}

// TestEveryQuestionHasItsKind: every built-in question is judged by the
// kind of answer it asks for, never the wide "unknown" band; only the
// questions that ask for a self-introduction are judged as one; and a
// length a question or its tip names ("60초 안에", "under 30 seconds") is
// within its kind's band. The coach's kinds (generated questions) and
// follow-ups have a kind too.
func TestEveryQuestionHasItsKind(t *testing.T) {
	es, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	intro := regexp.MustCompile(`자기소개|(?i)introduce yourself|self-introduction`)
	seconds := regexp.MustCompile(`(\d+)\s*초|(\d+)\s*seconds?`)
	minutes := regexp.MustCompile(`(\d+)\s*분|(\d+|one|two)[ -]minutes?`)
	for _, e := range es {
		kind := feedback.KindOf(string(e.Type), e.Category)
		if kind == feedback.KindGeneral {
			t.Errorf("%s (%s/%s) has no answer kind: %s", e.Key, e.Type, e.Category, e.Text)
		}
		if (kind == feedback.KindIntro) != intro.MatchString(e.Text) {
			t.Errorf("%s is judged as %q: %s", e.Key, kind, e.Text)
		}
		b := feedback.BandOf(kind)
		var named []float64
		for _, s := range []string{e.Text, e.Tip} {
			for _, m := range seconds.FindAllStringSubmatch(s, -1) {
				v, _ := strconv.Atoi(m[1] + m[2])
				named = append(named, float64(v))
			}
			for _, m := range minutes.FindAllStringSubmatch(s, -1) {
				n := m[1] + m[2]
				v, err := strconv.Atoi(n)
				if err != nil {
					v = map[string]int{"one": 1, "two": 2}[n]
				}
				named = append(named, float64(60*v))
			}
		}
		for _, d := range named {
			if d < b.Lo || d > b.Hi {
				t.Errorf("%s names %.0f s, but a %q answer is judged against %.0f-%.0f s: %s / %s", e.Key, d, kind, b.Lo, b.Hi, e.Text, e.Tip)
			}
		}
	}
	for _, k := range []string{"personality", "job", "experience", "pressure", "followup"} {
		if feedback.KindOf("", k) == feedback.KindGeneral {
			t.Errorf("generated questions of kind %q have no answer kind", k)
		}
	}
}
