package coach

import (
	"regexp"
	"strings"
	"testing"
)

// The coach set: resume/JD pairs across roles (testdata/<name>_resume.txt,
// _jd.txt), each with the items a good interviewer would ask about
// (_items.txt, one a line, "|" between the ways a question may name it).
var coachSet = []struct{ name, lang string }{
	{"ko_backend", "ko"}, {"ko_fintech", "ko"}, {"ko_marketing", "ko"}, {"ko_accounting", "ko"}, {"ko_nurse", "ko"}, {"ko_public", "ko"},
	{"en_pm", "en"}, {"en_data", "en"}, {"en_support", "en"},
}

// TestCoachSet measures the offline generator on the coach set: how many
// labelled items a set of ten asks about (coverage), and whether every
// quote is clean (no "…", no section tag, a whole part of the documents).
// The floors hold what the generator does today so that it cannot
// silently get worse; the numbers are logged for the record.
func TestCoachSet(t *testing.T) {
	quote := regexp.MustCompile(`'([^']*)'|"([^"]*)"`)
	var sumCov float64
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
		sumCov += cov
		t.Logf("| %-13s | %2d questions | %d of %d items (%3.0f %%) | missed: %s |", c.name, len(qs), covered, len(items), 100*cov, strings.Join(missed, ", "))
		if cov < 0.6 {
			t.Errorf("%s: only %d of %d items asked about", c.name, covered, len(items))
		}
	}
	mean := sumCov / float64(len(coachSet))
	t.Logf("mean coverage %.0f %% over %d pairs", 100*mean, len(coachSet))
	if mean < 0.8 {
		t.Errorf("mean coverage %.0f %%", 100*mean)
	}
}

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
		if strings.HasSuffix(last, p) && len(ws) > 1 && !strings.HasSuffix(last, "이다") {
			return true
		}
	}
	return false
}
