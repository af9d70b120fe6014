package text

import (
	"strings"
	"testing"
	"time"
)

// BenchmarkAnalyze measures a long (10-minute, ~2,000-word) Korean answer
// with acoustic and pause spans.
func BenchmarkAnalyze(b *testing.B) {
	src := strings.Repeat("그, 제가 음 저는 저는 프로 프로젝트를... 진행할 것 같습니다. 뭐 그냥 했어요 [pause 400ms] ", 200)
	ws := buildWords(b, src)
	var spans []Span
	for i := 0; i < 300; i++ {
		at := time.Duration(i) * 2 * time.Second
		spans = append(spans, Span{at, at + 300*time.Millisecond})
	}
	b.ResetTimer()
	for b.Loop() {
		Analyze(Transcript{Language: "ko", Words: ws}, spans, spans)
	}
}
