package voice

import (
	"fmt"
	"nevermind/internal/i18n"
	"nevermind/internal/testenv"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// utterance is a sentence with its true syllable count: counted by hand for
// English, and for Korean left 0 and computed (one Hangul block is one
// syllable).
type utterance struct {
	lang, text string
	syllables  int
}

// devSet is what the constants were tuned on; heldOut never was.
var devSet = []utterance{
	{"en", "The quick brown fox jumps over the lazy dog near the river bank.", 16},
	{"en", "I worked on a team of five people and we shipped the product on time.", 17},
	{"en", "My biggest strength is that I listen carefully before I decide what to do.", 20},
	{"en", "During my internship I built a dashboard that the sales team used every day.", 19}, // "every" as espeak says it: ev-ry
	{"ko", "안녕하십니까 저는 데이터 분석 직무에 지원한 김지원입니다", 0},
	{"ko", "저는 팀 프로젝트에서 일정 관리를 맡아 마감을 지켰습니다", 0},
	{"ko", "고객의 불만을 듣고 문제를 빠르게 해결한 경험이 있습니다", 0},
	{"ko", "입사 후에는 현장의 목소리를 듣는 엔지니어가 되고 싶습니다", 0},
}

var heldOut = []utterance{
	{"en", "Last year our club raised money for a local shelter by selling coffee.", 19},
	{"en", "When the deadline moved, I split the work into smaller tasks and asked for help.", 18},
	{"ko", "학교 축제에서 예산을 관리하며 비용을 삼십 퍼센트 줄였습니다", 0},
	{"ko", "갈등이 생기면 먼저 상대방의 입장을 충분히 들어 봅니다", 0},
}

// speechFile is a synthesized recording and how it was made.
type speechFile struct {
	utterance
	voice      string
	pitch, wpm int
	path       string
}

func (s speechFile) String() string {
	return fmt.Sprintf("%s p%d s%d %q", s.voice, s.pitch, s.wpm, s.text[:min(len(s.text), 24)])
}

func (u utterance) trueSyllables() int {
	if u.lang != "ko" {
		return u.syllables
	}
	n := 0
	for _, r := range u.text {
		if i18n.IsSyllable(r) {
			n++
		}
	}
	return n
}

func needTools(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Skipf(t, "%s is not installed (make deps installs it)", tool)
		}
	}
}

// synthesize speaks each utterance with espeak-ng at several pitches and
// rates into dir.
func synthesize(t testing.TB, dir string, set []utterance, voices map[string][]string, settings [][2]int) []speechFile {
	t.Helper()
	needTools(t, "espeak-ng")
	var out []speechFile
	for i, u := range set {
		for _, v := range voices[u.lang] {
			for _, ps := range settings {
				p := filepath.Join(dir, fmt.Sprintf("%s_%d_%s_p%d_s%d.wav", u.lang, i, strings.ReplaceAll(v, "+", "-"), ps[0], ps[1]))
				cmd := exec.Command("espeak-ng", "-v", v, "-p", fmt.Sprint(ps[0]), "-s", fmt.Sprint(ps[1]), "-w", p, u.text)
				if b, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("espeak-ng: %v: %s", err, b)
				}
				out = append(out, speechFile{u, v, ps[0], ps[1], p})
			}
		}
	}
	return out
}

var (
	devVoices     = map[string][]string{"en": {"en"}, "ko": {"ko"}}
	heldOutVoices = map[string][]string{"en": {"en-us", "en+f3"}, "ko": {"ko+f2", "ko"}}
	devSettings   = [][2]int{{30, 130}, {50, 175}, {70, 220}}
	heldSettings  = [][2]int{{40, 150}, {60, 200}}

	// Slow speech, at most 150 words per minute, in voices the constants
	// were not tuned on as well (issue 17: a slow speaker read 19 % fast).
	slowVoices   = map[string][]string{"en": {"en", "en-us", "en+f3"}, "ko": {"ko", "ko+f2", "ko+m3"}}
	slowSettings = [][2]int{{30, 100}, {50, 120}, {70, 140}}
)
