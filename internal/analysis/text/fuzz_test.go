package text

import (
	"math"
	"sort"
	"strings"
	"testing"
	"time"
)

// FuzzAnalyze feeds random text, cut into words with random times (also
// reversed and overlapping ones), plus random acoustic and pause spans, and
// checks that nothing panics and every number is finite.
//
//	go test -run '^$' -fuzz FuzzAnalyze -fuzztime 30s ./internal/analysis/text
func FuzzAnalyze(f *testing.F) {
	f.Add("그, 제가 음 저는 저는 프로 프로젝트를... 했습니다.", []byte{3, 200, 7}, true)
	f.Add("Um, I I mean, like, you know, it was kind of hard. manag- management", []byte{1, 2, 255, 0}, false)
	f.Add("", []byte{}, false)
	f.Add("그 뭐냐 것 같아요 것 같아요 거 같아요", []byte{9, 9, 9, 9}, true)
	f.Add("\xec\x95 \x88녕 [BLANK_AUDIO <|x", []byte{0}, true)
	f.Fuzz(func(t *testing.T, s string, timing []byte, ko bool) {
		lang := "en"
		if ko {
			lang = "ko"
		}
		b := func(i int) time.Duration {
			if len(timing) == 0 {
				return 100 * time.Millisecond
			}
			return time.Duration(int(timing[i%len(timing)])-40) * 10 * time.Millisecond
		}
		var ws []Word
		at := time.Duration(0)
		for i, w := range strings.SplitAfter(s, " ") {
			start := at + b(2*i)
			ws = append(ws, Word{Text: w, Start: start, End: start + b(2*i+1)})
			at = start + b(2*i+1)
		}
		var spans []Span
		for i := 0; i+1 < len(timing); i += 2 {
			spans = append(spans, Span{b(i) * 10, b(i)*10 + b(i+1)})
		}
		check := func(r Report) {
			checkFinite(t, r)
			if r.Words < 0 || r.Syllables < 0 || r.FillerCount > len(r.Fillers) {
				t.Fatalf("bad counts %+v", r)
			}
			if !sort.SliceIsSorted(r.Fillers, func(i, j int) bool { return r.Fillers[i].Start < r.Fillers[j].Start }) {
				t.Fatalf("fillers out of order: %+v", r.Fillers)
			}
		}
		check(Analyze(Transcript{Language: lang, Words: ws}, spans, spans))
		check(Analyze(Transcript{Language: lang, Words: MergeTokens(ws)}, nil, spans))
		check(Analyze(Transcript{Words: ws}, spans, nil))
		_ = Tokenize(lang, s)
		_ = SpanFromSeconds(float64(len(s)), math.Inf(-1))
	})
}
