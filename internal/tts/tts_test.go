package tts

import (
	"context"
	"strings"
	"testing"
	"time"

	"nevermind/internal/testenv"
)

func TestParseEspeakVoices(t *testing.T) {
	en := `Pty Language       Age/Gender VoiceName          File                 Other Languages
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 3  en-uk           --/M      english-mb-en1     mb/mb-en1            (en-gb 3)(en 2)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  fr-fr           --/M      French             roa/fr
`
	vs := parseEspeakVoices(en, "en")
	if len(vs) != 2 || vs[0].ID != "en-us" || vs[1].ID != "en-gb" || vs[0].Name != "English (America) (espeak-ng)" {
		t.Fatalf("%+v", vs)
	}
	ko := "Pty Language       Age/Gender VoiceName          File                 Other Languages\n 5  ko              --/M      Korean             ko                   \n"
	if vs := parseEspeakVoices(ko, "ko"); len(vs) != 1 || vs[0].Key() != "espeak-ng:ko" {
		t.Fatalf("%+v", vs)
	}
}

func TestParseSayVoices(t *testing.T) {
	list := `Albert              en_US    # Hello! My name is Albert.
Yuna                ko_KR    # 안녕하세요. 제 이름은 유나입니다.
Eddy (Korean (South Korea)) ko_KR    # 안녕하세요. 제 이름은 Eddy입니다.
Amélie              fr_CA    # Bonjour! Je m’appelle Amélie.
`
	vs := parseSayVoices(list)
	if len(vs) != 3 || vs[1].ID != "Yuna" || vs[1].Lang != "ko" || vs[2].ID != "Eddy (Korean (South Korea))" || vs[0].Lang != "en" {
		t.Fatalf("%+v", vs)
	}
}

func TestClean(t *testing.T) {
	if got := clean("  자기소개를\n해 주세요.\x1b[2J "); got != "자기소개를 해 주세요.[2J" {
		t.Errorf("%q", got)
	}
	long := clean(strings.Repeat("가", 1000))
	if len(long) > maxText || !strings.HasSuffix(long, "가") {
		t.Errorf("cut to %d bytes, ends %q", len(long), long[len(long)-3:])
	}
}

// TestEspeakSpeaksBothLanguages: espeak-ng (installed by make deps) has a
// Korean and an English voice, and a question comes back as audio of a
// plausible length, faster when the rate is higher.
func TestEspeakSpeaksBothLanguages(t *testing.T) {
	if !onPath("espeak-ng")() {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	ctx := context.Background()
	voices, err := Voices(ctx, []Backend{espeak{}})
	if err != nil {
		t.Fatal(err)
	}
	for lang, text := range map[string]string{"ko": "지원하신 직무에서 가장 중요하다고 생각하는 역량은 무엇인가요?", "en": "What is the most important skill for the role you applied for?"} {
		v, ok := Pick(voices, lang, "")
		if !ok {
			t.Fatalf("no %s voice: %v", lang, voices)
		}
		a, err := espeak{}.Synthesize(ctx, v, text, 1)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := espeak{}.Synthesize(ctx, v, text, 1.5)
		if err != nil {
			t.Fatal(err)
		}
		d := a.Duration()
		t.Logf("%s: %v at normal speed, %v at 1.5x (%s)", lang, d, fast.Duration(), v.Name)
		if d < 2*time.Second || d > 10*time.Second || fast.Duration() >= d {
			t.Errorf("%s: %v, %v at 1.5x", lang, d, fast.Duration())
		}
	}
}
