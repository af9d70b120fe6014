package coach

import (
	"regexp"
	"strings"
	"testing"
)

// The coach set: resume/JD pairs across roles (testdata/<name>_resume.txt,
// _jd.txt), each with the items a good interviewer would ask about
// (_items.txt, one a line, "|" between the ways a question may name it).
var coachSet = []struct {
	name, lang string
	unseen     bool // written after the generator, by someone who had not seen it
}{
	{"ko_backend", "ko", false}, {"ko_fintech", "ko", false}, {"ko_marketing", "ko", false}, {"ko_accounting", "ko", false}, {"ko_nurse", "ko", false}, {"ko_public", "ko", false},
	{"en_pm", "en", false}, {"en_data", "en", false}, {"en_support", "en", false},
	// Written later by someone who had not seen the generator, in domains
	// it had not met (design, B2B sales, manufacturing, HR, teaching, a new
	// graduate with only part-time jobs, a career changer; English too).
	{"ko_design", "ko", true}, {"ko_sales", "ko", true}, {"ko_production", "ko", true}, {"ko_hr", "ko", true}, {"ko_teacher", "ko", true}, {"ko_newgrad", "ko", true}, {"ko_career_change", "ko", true},
	{"en_mecheng", "en", true}, {"en_teacher", "en", true}, {"en_sales", "en", true}, {"en_hr", "en", true}, {"en_design", "en", true},
	// A second batch, written blind in the same way after the generator
	// had been improved on the first (games, hotel CX, civil works,
	// pharmaceutical QC; an ICU nurse, an accountant, a QA tester): the
	// check that those improvements hold on documents nobody tuned for.
	{"ko_game", "ko", true}, {"ko_hotel", "ko", true}, {"ko_civil", "ko", true}, {"ko_pharma", "ko", true},
	{"en_nurse", "en", true}, {"en_accountant", "en", true}, {"en_qa", "en", true},
}

// secondBatch are the pairs of the second blind batch.
var secondBatch = map[string]bool{"ko_game": true, "ko_hotel": true, "ko_civil": true, "ko_pharma": true, "en_nurse": true, "en_accountant": true, "en_qa": true}

// TestCoachSet measures the offline generator on the coach set: how many
// labelled items a set of ten asks about (coverage), and whether every
// quote is clean (no "…", no section tag, a whole part of the documents).
// The floors hold what the generator does today so that it cannot
// silently get worse; the numbers are logged for the record. On the pairs
// it was built on: each at least 60 %, 80 % on average. On the unseen
// pairs it does far worse (48 % on the first batch when it was added, 53 %
// on the second; issue 26 asks for 85 %, not reached yet): their floor
// only keeps that from falling.
func TestCoachSet(t *testing.T) {
	quote := regexp.MustCompile(`'([^']*)'|"([^"]*)"`)
	var sumCov, sumUnseen, sumSecond float64
	unseen, second := 0, 0
	for _, c := range coachSet {
		resume, jd := doc(t, c.name+"_resume.txt"), doc(t, c.name+"_jd.txt")
		var items [][]string
		for _, line := range strings.Split(doc(t, c.name+"_items.txt"), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				items = append(items, strings.Split(line, "|"))
			}
		}
		qs := Offline(Profile{Resume: resume, JD: jd, Lang: c.lang}, 10, nil)
		all := ""
		for _, q := range qs {
			all += strings.ToLower(q.Text) + "\n"
			for _, m := range quote.FindAllStringSubmatch(q.Text, -1) {
				inner := m[1] + m[2]
				if strings.Contains(inner, "…") || strings.Contains(inner, "...") || stripTags(inner) != strings.TrimSpace(inner) || hanging(inner) {
					t.Errorf("%s: an unclean quote %q in %s", c.name, inner, q.Text)
				}
			}
		}
		covered := 0
		var missed []string
		for _, alts := range items {
			hit := false
			for _, a := range alts {
				hit = hit || strings.Contains(all, strings.ToLower(a))
			}
			if hit {
				covered++
			} else {
				missed = append(missed, alts[0])
			}
		}
		cov := float64(covered) / float64(len(items))
		if c.unseen {
			sumUnseen += cov
			unseen++
			if secondBatch[c.name] {
				sumSecond += cov
				second++
			}
			t.Logf("| %-16s | %2d questions | %d of %d items (%3.0f %%) | missed: %s | unseen", c.name, len(qs), covered, len(items), 100*cov, strings.Join(missed, ", "))
			continue
		}
		sumCov += cov
		t.Logf("| %-13s | %2d questions | %d of %d items (%3.0f %%) | missed: %s |", c.name, len(qs), covered, len(items), 100*cov, strings.Join(missed, ", "))
		if cov < 0.6 {
			t.Errorf("%s: only %d of %d items asked about", c.name, covered, len(items))
		}
	}
	mean := sumCov / float64(len(coachSet)-unseen)
	t.Logf("mean coverage %.0f %% over the %d pairs it was built on", 100*mean, len(coachSet)-unseen)
	if mean < 0.8 {
		t.Errorf("mean coverage %.0f %%", 100*mean)
	}
	mu := sumUnseen / float64(unseen)
	t.Logf("mean coverage %.0f %% over the %d unseen pairs (%.0f %% over the %d of the second batch)", 100*mu, unseen, 100*sumSecond/float64(second), second)
	if mu < 0.60 {
		t.Errorf("mean coverage %.0f %% over the unseen pairs, below where it was when they were added", 100*mu)
	}
}

// nounsEndingLikeParticles end in 가 or 이 as nouns do (참가, 평가), not as
// a subject particle.
var nounsEndingLikeParticles = map[string]bool{"참가": true, "평가": true, "증가": true, "추가": true, "원가": true, "단가": true, "전문가": true, "대가": true, "물가": true, "차이": true, "높이": true, "길이": true, "나이": true}

// hanging reports whether a quote stops mid-phrase: on an English word
// that needs what follows ("… accounts and"), or on a Korean object or
// subject particle with no verb after it ("… 0건을").
func hanging(quote string) bool {
	ws := strings.Fields(quote)
	if len(ws) == 0 {
		return true
	}
	last := ws[len(ws)-1]
	if danglingWords[strings.ToLower(last)] {
		return true
	}
	for _, p := range []string{"을", "를", "이", "가", "에서", "으로"} {
		if strings.HasSuffix(last, p) && len(ws) > 1 && !strings.HasSuffix(last, "이다") && !nounsEndingLikeParticles[last] {
			return true
		}
	}
	return false
}
