package text

import (
	"math"
	"reflect"
	"testing"
	"time"
)

const ms = time.Millisecond

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, lang, in string
		want           []string
	}{
		{"whisper leading space and comma", "ko", " 음,", []string{"음"}},
		{"english capital and comma", "en", "Um,", []string{"um"}},
		{"ellipsis glued to next word", "ko", "음…어 그러니까...", []string{"음", "어", "그러니까"}},
		{"hangul word keeps its particle", "ko", "저는 AI를 좋아해요.", []string{"저는", "ai를", "좋아해요"}},
		{"apostrophe and hyphen inside words", "en", "It's a well-known fact!", []string{"it's", "a", "well-known", "fact"}},
		{"curly apostrophe", "en", "I’m here", []string{"i'm", "here"}},
		{"cut-off hyphen dropped", "en", "manag- management", []string{"manag", "management"}},
		{"decimal number", "en", "about 3.5% growth.", []string{"about", "3.5", "growth"}},
		{"annotations dropped", "ko", "[BLANK_AUDIO] 네 <|endoftext|>", []string{"네"}},
		{"quotes and brackets split", "en", `he said "hello" (twice)`, []string{"he", "said", "hello", "twice"}},
		{"elongation tilde", "ko", "음~ 네~", []string{"음", "네"}},
		{"empty", "en", "", []string{}},
		{"only punctuation", "en", " ... , ?", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Tokenize(tc.lang, tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPauseMarks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []piece
	}{
		{"comma", " 그, 제가", []piece{{text: "그", pauseAfter: true}, {text: "제가"}}},
		{"ellipsis", "like... we", []piece{{text: "like", pauseAfter: true}, {text: "we"}}},
		{"unicode ellipsis", "음…", []piece{{text: "음", pauseAfter: true}}},
		{"dash", "so - we", []piece{{text: "so", pauseAfter: true}, {text: "we"}}},
		{"sentence end", "done. Next?", []piece{{text: "done", sentEnd: true}, {text: "next", sentEnd: true}}},
		{"cut-off", "I- I", []piece{{text: "i", cutOff: true}, {text: "i"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, _ := cutText(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cutText(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestMergeTokens(t *testing.T) {
	w := func(text string, start, end int) Word {
		return Word{Text: text, Start: time.Duration(start) * ms, End: time.Duration(end) * ms}
	}
	an := "안" // EC 95 88
	tests := []struct {
		name string
		in   []Word
		want []Word
	}{
		{"korean pieces", []Word{w(" 프로", 0, 200), w(" 프로", 300, 500), w("젝트", 500, 700), w("를", 700, 800)},
			[]Word{w(" 프로", 0, 200), w(" 프로젝트를", 300, 800)}},
		{"english pieces and punctuation", []Word{w(" manag", 0, 200), w("ement", 200, 500), w(",", 500, 500), w(" um", 900, 1200)},
			[]Word{w(" management,", 0, 500), w(" um", 900, 1200)}},
		{"no join after punctuation", []Word{w(" 음,", 0, 300), w("제가", 400, 700)},
			[]Word{w(" 음,", 0, 300), w("제가", 400, 700)}},
		{"punctuation after punctuation joins", []Word{w(" 음,", 0, 300), w("...", 300, 300)},
			[]Word{w(" 음,...", 0, 300)}},
		{"decimal point", []Word{w(" 3", 0, 100), w(".", 100, 150), w("5", 150, 300)},
			[]Word{w(" 3.5", 0, 300)}},
		{"korean syllable split across byte tokens", []Word{w(" "+an[:2], 0, 100), w(an[2:]+"녕", 100, 400)},
			[]Word{w(" 안녕", 0, 400)}},
		{"special tokens and empty dropped", []Word{w("[_BEG_]", 0, 0), w("", 0, 0), w(" Hi", 0, 300), w("<|endoftext|>", 300, 300)},
			[]Word{w(" Hi", 0, 300)}},
		{"first token without space", []Word{w("Um", 0, 300), w(" I", 400, 500)},
			[]Word{w("Um", 0, 300), w(" I", 400, 500)}},
		{"reversed times fixed", []Word{w(" so", 500, 100)}, []Word{w(" so", 500, 500)}},
		{"nil", nil, []Word{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := MergeTokens(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("MergeTokens = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestRates(t *testing.T) {
	w := func(text string, start, end int) Word {
		return Word{Text: text, Start: time.Duration(start) * ms, End: time.Duration(end) * ms}
	}
	// 저는 (2 syllables) + 개발자입니다 (6) = 8 syllables; 음 is a filler.
	koFiller := []Word{w(" 저는", 0, 500), w(" 음,", 500, 1000), w(" 개발자입니다.", 1000, 2000)}
	koGap := []Word{w(" 저는", 0, 500), w(" 개발자입니다.", 1500, 2500)}
	tests := []struct {
		name          string
		tr            Transcript
		pauses        []Span
		words, syl    int
		spm, wpm, art float64
		fillers       int
		perMin, ratio float64
	}{
		{"ko syllables exclude fillers", Transcript{"ko", koFiller}, nil,
			2, 8, 240, 0, 240, 1, 30, 1.0 / 3},
		{"ko articulation removes a gap of 250 ms or more", Transcript{"ko", koGap}, nil,
			2, 8, 192, 0, 320, 0, 0, 0},
		{"ko gap under 250 ms stays", Transcript{"ko", []Word{w(" 저는", 0, 500), w(" 개발자입니다.", 700, 1700)}}, nil,
			2, 8, 8 / 1.7 * 60, 0, 8 / 1.7 * 60, 0, 0, 0},
		{"ko pause spans removed", Transcript{"ko", koFiller}, []Span{{1200 * ms, 1500 * ms}},
			2, 8, 240, 0, 8 / 1.7 * 60, 1, 30, 1.0 / 3},
		{"pause span over a gap counted once", Transcript{"ko", koGap}, []Span{{400 * ms, 1600 * ms}},
			2, 8, 192, 0, 8 / 1.3 * 60, 0, 0, 0},
		{"pause span outside the speech ignored", Transcript{"ko", koGap}, []Span{{3 * time.Second, 5 * time.Second}},
			2, 8, 192, 0, 320, 0, 0, 0},
		{"en words per minute", Transcript{"en", []Word{w(" I", 0, 200), w(" worked", 200, 600), w(" um,", 600, 1000), w(" here.", 1000, 1200)}}, nil,
			3, 0, 0, 150, 150, 1, 50, 0.25},
		{"en articulation removes a gap", Transcript{"en", []Word{w(" We", 0, 300), w(" shipped", 300, 800), w(" it.", 2800, 3000)}}, nil,
			3, 0, 0, 60, 180, 0, 0, 0},
		{"language guessed from hangul", Transcript{"", []Word{w(" 네", 0, 600)}}, nil,
			1, 1, 100, 0, 100, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.tr, nil, tc.pauses)
			checkFinite(t, r)
			if r.Words != tc.words || r.Syllables != tc.syl || r.FillerCount != tc.fillers {
				t.Errorf("words %d syllables %d fillers %d, want %d %d %d", r.Words, r.Syllables, r.FillerCount, tc.words, tc.syl, tc.fillers)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"SyllablesPerMin", r.SyllablesPerMin, tc.spm}, {"WordsPerMin", r.WordsPerMin, tc.wpm},
				{"ArticulationPerMin", r.ArticulationPerMin, tc.art}, {"FillersPerMin", r.FillersPerMin, tc.perMin},
				{"FillerRatio", r.FillerRatio, tc.ratio},
			} {
				if !near(c.got, c.want) {
					t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestMergeAcoustic(t *testing.T) {
	words := []Word{
		{" 저는", 0, 400 * ms},
		{" 음", 1000 * ms, 1400 * ms},
		{" 개발자입니다.", 1500 * ms, 2500 * ms},
	}
	type f struct {
		text, source string
		start        time.Duration
	}
	tests := []struct {
		name     string
		words    []Word
		acoustic []Span
		want     []f
		count    int
		perMin   float64
	}{
		{"no acoustic", words, nil, []f{{"음", SourceTranscript, 1000 * ms}}, 1, 24},
		{"overlap counted once, transcript kept", words, []Span{{1200 * ms, 1350 * ms}},
			[]f{{"음", SourceTranscript, 1000 * ms}}, 1, 24},
		{"within 100 ms counted once", words, []Span{{1450 * ms, 1800 * ms}},
			[]f{{"음", SourceTranscript, 1000 * ms}}, 1, 24},
		{"beyond 100 ms kept", words, []Span{{1550 * ms, 1800 * ms}},
			[]f{{"음", SourceTranscript, 1000 * ms}, {AcousticText, SourceAcoustic, 1550 * ms}}, 2, 48},
		{"time ordered, over a word, after the speech", words, []Span{{3000 * ms, 3400 * ms}, {100 * ms, 300 * ms}},
			[]f{{AcousticText, SourceAcoustic, 100 * ms}, {"음", SourceTranscript, 1000 * ms}, {AcousticText, SourceAcoustic, 3000 * ms}},
			3, 3 / 3.4 * 60},
		{"overlapping acoustic spans are one moment", words, []Span{{3000 * ms, 3400 * ms}, {3300 * ms, 3600 * ms}, {3400 * ms, 3200 * ms}},
			[]f{{"음", SourceTranscript, 1000 * ms}, {AcousticText, SourceAcoustic, 3000 * ms}}, 2, 2 / 3.6 * 60},
		{"acoustic only", nil, []Span{{time.Second, 1500 * ms}, {2 * time.Second, 3 * time.Second}},
			[]f{{AcousticText, SourceAcoustic, time.Second}, {AcousticText, SourceAcoustic, 2 * time.Second}}, 2, 60},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(Transcript{Language: "ko", Words: tc.words}, tc.acoustic, nil)
			checkFinite(t, r)
			var got []f
			for _, x := range r.Fillers {
				got = append(got, f{x.Text, x.Source, x.Start})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("fillers %+v, want %+v", got, tc.want)
			}
			if r.FillerCount != tc.count || !near(r.FillersPerMin, tc.perMin) {
				t.Errorf("count %d, per min %.3f; want %d, %.3f", r.FillerCount, r.FillersPerMin, tc.count, tc.perMin)
			}
		})
	}
}

func TestFillerRules(t *testing.T) {
	tests := []struct {
		name, lang, text string
		acoustic, pauses []Span
		want, hedges     []string
	}{
		{name: "ko determiner", lang: "ko", text: "그 회사는 좋았습니다."},
		{name: "ko silence after 그", lang: "ko", text: "그 [pause 400ms] 회사는 좋았습니다.", want: []string{"filler:그"}},
		{name: "ko silence before 그 only", lang: "ko", text: "저는 [pause 400ms] 그 회사에서 일했습니다."},
		{name: "ko short gap is no pause", lang: "ko", text: "그 [pause 100ms] 회사는 좋았습니다."},
		{name: "ko pause span after 그", lang: "ko", text: "그 [pause 100ms] 회사는 좋았습니다.",
			pauses: []Span{{260 * ms, 390 * ms}}, want: []string{"filler:그"}},
		{name: "ko acoustic filler after 그", lang: "ko", text: "그 회사는 좋았습니다.",
			acoustic: []Span{{260 * ms, 290 * ms}}, want: []string{"filler:그"}},
		{name: "ko sentence end is not a hesitation", lang: "ko", text: "좋았어요 진짜. [pause 500ms] 그래서 했습니다."},
		{name: "ko question word", lang: "ko", text: "뭐 하셨어요?"},
		{name: "ko elongated hesitations", lang: "ko", text: "으음 어어 네 음~", want: []string{"filler:으음", "filler:어어", "filler:음"}},
		{name: "ko restart over a filler", lang: "ko", text: "프로 음 프로젝트를 했습니다.", want: []string{"restart:프로", "filler:음"}},
		{name: "ko determiner before 그-word", lang: "ko", text: "그 그룹에서 일했습니다."},
		{name: "ko 그 뭐냐 phrase", lang: "ko", text: "그 뭐냐 그 회사", want: []string{"filler:그 뭐냐"}},
		{name: "ko emphatic doubling", lang: "ko", text: "너무 너무 좋았습니다."},
		{name: "ko 것 같- twice is no hedge", lang: "ko", text: "좋을 것 같습니다. 될 거 같아요."},
		{name: "ko 것 같- three times", lang: "ko", text: "좋을 것 같습니다. 될 거 같아요. 맞는 것같아요.",
			hedges: []string{"hedge:것 같습니다", "hedge:거 같아요", "hedge:것같아요"}},
		{name: "en like licensed by its subject", lang: "en", text: "I like, um, the team.", want: []string{"filler:um"}},
		{name: "en like before a silence", lang: "en", text: "it was like [pause 300ms] really hard", want: []string{"filler:like"}},
		{name: "en you know what I mean", lang: "en", text: "you know what I mean"},
		{name: "en you know at the end", lang: "en", text: "it was hard, you know.", want: []string{"filler:you know"}},
		{name: "en do you know", lang: "en", text: "Do you know?"},
		{name: "en I mean it", lang: "en", text: "I mean it."},
		{name: "en kind of hedge", lang: "en", text: "it was kind of hard", hedges: []string{"hedge:kind of"}},
		{name: "en sort of noun", lang: "en", text: "this sort of thing"},
		{name: "en no repetition over a sentence end", lang: "en", text: "Was it? It was."},
		{name: "en had had", lang: "en", text: "I had had enough."},
		{name: "en very very", lang: "en", text: "very very good"},
		{name: "en cut-off dash", lang: "en", text: "We manag- managed it.", want: []string{"restart:manag"}},
		{name: "en whole word prefix", lang: "en", text: "we were there"},
		{name: "en I- I", lang: "en", text: "I- I went", want: []string{"restart:i"}},
		{name: "en three in a row", lang: "en", text: "the the the end", want: []string{"repetition:the", "repetition:the"}},
		{name: "en hedges", lang: "en", text: "I think it was probably fine, I guess.",
			hedges: []string{"hedge:i think", "hedge:probably", "hedge:i guess"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(Transcript{Language: tc.lang, Words: buildWords(t, tc.text)}, tc.acoustic, tc.pauses)
			checkFinite(t, r)
			if got := fillerTexts(r.Fillers); join(got) != join(tc.want) {
				t.Errorf("fillers [%s], want [%s]", join(got), join(tc.want))
			}
			if got := fillerTexts(r.Hedges); join(got) != join(tc.hedges) {
				t.Errorf("hedges [%s], want [%s]", join(got), join(tc.hedges))
			}
		})
	}
}

func TestEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		tr   Transcript
		want Report
	}{
		{"empty", Transcript{Language: "ko"}, Report{Language: "ko"}},
		{"empty without language", Transcript{}, Report{Language: "en"}},
		{"only punctuation and annotations", Transcript{"en", []Word{{" ...", 0, time.Second}, {"[BLANK_AUDIO]", time.Second, 2 * time.Second}}},
			Report{Language: "en"}},
		{"single korean word", Transcript{"ko", []Word{{" 안녕하세요.", 0, time.Second}}},
			Report{Language: "ko", Words: 1, Syllables: 5, SyllablesPerMin: 300, ArticulationPerMin: 300}},
		{"single english word", Transcript{"en", []Word{{"Hello.", 0, 500 * ms}}},
			Report{Language: "en", Words: 1, WordsPerMin: 120, ArticulationPerMin: 120}},
		{"single word without duration", Transcript{"en", []Word{{"Hello", time.Second, time.Second}}},
			Report{Language: "en", Words: 1}},
		{"single filler", Transcript{"ko", []Word{{" 음", 0, 500 * ms}}},
			Report{Language: "ko", Fillers: []Filler{{"음", 0, 500 * ms, KindFiller, SourceTranscript}},
				FillerCount: 1, FillersPerMin: 120, FillerRatio: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Analyze(tc.tr, nil, nil)
			checkFinite(t, r)
			if !reflect.DeepEqual(r, tc.want) {
				t.Errorf("Analyze = %+v, want %+v", r, tc.want)
			}
		})
	}
}

func TestSpanFromSeconds(t *testing.T) {
	if got := SpanFromSeconds(1.5, 2.25); got != (Span{1500 * ms, 2250 * ms}) {
		t.Errorf("SpanFromSeconds(1.5, 2.25) = %v", got)
	}
	if got := SpanFromSeconds(math.NaN(), math.Inf(1)); got != (Span{}) {
		t.Errorf("SpanFromSeconds(NaN, Inf) = %v, want zero", got)
	}
}
