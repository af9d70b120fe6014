package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nevermind/internal/analysis/speech"
	"nevermind/internal/testenv"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func TestBankListJSON(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	out, errOut, code := runCLI(t, "bank", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var qs []bankQuestion
	if err := json.Unmarshal([]byte(out), &qs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out[:min(len(out), 300)])
	}
	if len(qs) < 150 {
		t.Fatalf("%d questions, want at least 150", len(qs))
	}
	types, langs := map[string]int{}, map[string]int{}
	for _, q := range qs {
		types[q.Type]++
		langs[q.Lang]++
		if q.Text == "" || q.Tip == "" || q.Key == "" {
			t.Fatalf("incomplete question %+v", q)
		}
	}
	for _, ty := range []string{"basic", "job", "situational", "english"} {
		if types[ty] == 0 {
			t.Errorf("no %s questions", ty)
		}
	}
	if langs["ko"] == 0 || langs["en"] == 0 {
		t.Errorf("languages = %v", langs)
	}

	out, _, code = runCLI(t, "bank", "list", "--type", "english", "--lang", "en", "--json")
	var eng []bankQuestion
	if code != 0 || json.Unmarshal([]byte(out), &eng) != nil || len(eng) == 0 {
		t.Fatalf("filtered list failed: %d", code)
	}
	for _, q := range eng {
		if q.Type != "english" || q.Lang != "en" {
			t.Fatalf("filter leaked %+v", q)
		}
	}
}

func TestBankAddThenList(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	if _, e, code := runCLI(t, "bank", "add", "--type", "job", "--lang", "ko", "--text", "우리 회사 제품을 써 봤나요?", "--tip", "구체적인 사용 장면"); code != 0 {
		t.Fatalf("add: %d %s", code, e)
	}
	out, _, _ := runCLI(t, "bank", "list", "--type", "job")
	if !strings.Contains(out, "우리 회사 제품을 써 봤나요?") {
		t.Fatal("added question not listed")
	}
}

func TestBadArgumentsExplain(t *testing.T) {
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"fly"}, "unknown command"},
		{"bad type", []string{"bank", "list", "--type", "quiz"}, "unknown type"},
		{"bad lang", []string{"bank", "list", "--lang", "jp"}, "use ko or en"},
		{"add without text", []string{"bank", "add"}, "--text is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, e, code := runCLI(t, tc.args...)
			if code != 2 || !strings.Contains(e, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, e, tc.want)
			}
		})
	}
}

func TestDoctorJSON(t *testing.T) {
	if os.Getenv("NEVERMIND_BUNDLE") == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps`")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	out, errOut, code := runCLI(t, "doctor", "--json", "--ollama-host", "127.0.0.1:9", "--timeout", "2s")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	var r struct {
		OK     bool `json:"ok"`
		Checks []struct {
			ID, Status string
			Info       map[string]any
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	ids := map[string]map[string]any{}
	for _, c := range r.Checks {
		ids[c.ID] = c.Info
	}
	for _, id := range []string{"data_folder", "database", "onnxruntime", "whisper", "microphones", "cameras", "ollama"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("no %s entry", id)
		}
	}
	if v, _ := ids["onnxruntime"]["version"].(string); !strings.HasPrefix(v, "1.") {
		t.Errorf("onnxruntime version = %q", v)
	}

	// A core failure gives a non-zero exit.
	f := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(f, nil, 0o600)
	t.Setenv("NEVERMIND_HOME", f)
	if _, _, code := runCLI(t, "doctor", "--ollama-host", "127.0.0.1:9", "--timeout", "1s"); code == 0 {
		t.Fatal("doctor exit 0 with an unusable data folder")
	}
}

func TestAnalyzeJSONContract(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	wav := filepath.Join(t.TempDir(), "answer.wav")
	if out, err := exec.Command("espeak-ng", "-v", "ko", "-w", wav, "저는 팀 프로젝트에서 일정 관리를 맡았습니다. 마감을 지켰습니다.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	out, errOut, code := runCLI(t, "analyze", "--audio", wav, "--json", "--tracks")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	get := func(path string) any { return jsonPath(doc, path) }
	for _, f := range []string{"duration_s", "voice.speech_s", "voice.leading_silence_s", "voice.pitch.median_hz", "voice.pitch.p10_hz",
		"voice.pitch.p90_hz", "voice.pitch.sd_semitones", "voice.pitch.monotone", "voice.loudness.mean_dbfs", "voice.loudness.sd_db",
		"voice.loudness.in_range_ratio", "voice.pause_count", "voice.long_pause_count", "voice.rate.syllables_per_min",
		"voice.rate.articulation_per_min"} {
		if _, ok := get(f).(float64); !ok {
			t.Errorf("%s missing or not a number: %v", f, get(f))
		}
	}
	for _, f := range []string{"voice.pauses", "voice.filled_pauses", "tracks.f0_hz", "tracks.level_dbfs"} {
		if _, ok := get(f).([]any); !ok {
			t.Errorf("%s missing or not a list", f)
		}
	}
	if get("voice.pitch.median_hz").(float64) < 60 {
		t.Errorf("no pitch found in speech: %v", get("voice.pitch"))
	}

	text, _, code := runCLI(t, "analyze", "--audio", wav)
	if code != 0 || !strings.Contains(text, "Pitch") || !strings.Contains(text, "syllables/min") {
		t.Fatalf("text summary (exit %d):\n%s", code, text)
	}
}

func TestAnalyzeBadFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.wav")
	os.WriteFile(empty, nil, 0o600)
	text := filepath.Join(dir, "notes.wav")
	os.WriteFile(text, []byte("these are my notes, not audio"), 0o600)
	for _, tc := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "none.wav"), "no such file"},
		{"empty", empty, "empty"},
		{"not a wav", text, "not a WAV"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, e, code := runCLI(t, "analyze", "--audio", tc.path)
			if code == 0 || !strings.Contains(e, tc.want) {
				t.Fatalf("exit %d, stderr %q; want failure mentioning %q", code, e, tc.want)
			}
		})
	}
	if _, e, code := runCLI(t, "analyze"); code != 2 || !strings.Contains(e, "--audio") {
		t.Fatalf("no --audio: %d %q", code, e)
	}
}

func TestAnalyzeWithTranscriptAndWithoutModel(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testenv.Skip(t, "espeak-ng is not installed (make deps installs it)")
	}
	t.Setenv("NEVERMIND_HOME", filepath.Join(t.TempDir(), "home"))
	dir := t.TempDir()
	wav := filepath.Join(dir, "answer.wav")
	if out, err := exec.Command("espeak-ng", "-v", "en", "-w", wav, "Well, like, I think we shipped it on time.").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	// No model installed: the voice metrics still come, and the speech part
	// says how to get a transcript.
	out, errOut, code := runCLI(t, "analyze", "--audio", wav, "--json", "--lang", "en", "--no-silero")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		DurationS  float64         `json:"duration_s"`
		Transcript json.RawMessage `json:"transcript"`
		Speech     struct {
			Available bool   `json:"available"`
			Reason    string `json:"reason"`
		} `json:"speech"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	wantReason := "make build"
	if speech.Compiled() {
		wantReason = "models pull"
	}
	if doc.DurationS == 0 || string(doc.Transcript) != "null" || doc.Speech.Available || !strings.Contains(doc.Speech.Reason, wantReason) {
		t.Fatalf("without a model: %s", out)
	}

	tr := filepath.Join(dir, "t.json")
	os.WriteFile(tr, []byte(`{"text":"Well, like, I think we shipped it on time.","language":"en",
		"segments":[{"start_s":0.1,"end_s":2.6,"text":"Well, like, I think we shipped it on time."}],
		"words":[{"start_s":0.1,"end_s":0.4,"text":"Well,"},{"start_s":0.5,"end_s":0.8,"text":"like,"},{"start_s":0.9,"end_s":1.0,"text":"I"},
		{"start_s":1.0,"end_s":1.3,"text":"think"},{"start_s":1.3,"end_s":1.5,"text":"we"},{"start_s":1.5,"end_s":1.9,"text":"shipped"},
		{"start_s":1.9,"end_s":2.0,"text":"it"},{"start_s":2.0,"end_s":2.2,"text":"on"},{"start_s":2.2,"end_s":2.6,"text":"time."}]}`), 0o600)
	out, errOut, code = runCLI(t, "analyze", "--audio", wav, "--transcript", tr, "--json", "--no-silero")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var full map[string]any
	if err := json.Unmarshal([]byte(out), &full); err != nil {
		t.Fatal(err)
	}
	get := func(path string) any { return jsonPath(full, path) }
	for _, f := range []string{"transcript.text", "transcript.language"} {
		if _, ok := get(f).(string); !ok {
			t.Errorf("%s missing", f)
		}
	}
	for _, f := range []string{"transcript.segments", "transcript.words", "speech.fillers"} {
		if _, ok := get(f).([]any); !ok {
			t.Errorf("%s missing", f)
		}
	}
	for _, f := range []string{"speech.rate.words_per_min", "speech.rate.articulation_per_min", "speech.filler_count", "speech.fillers_per_min"} {
		if _, ok := get(f).(float64); !ok {
			t.Errorf("%s missing", f)
		}
	}
	if get("speech.rate.syllables_per_min") != nil {
		t.Error("an English answer has no Korean syllable rate")
	}
	fillers := get("speech.fillers").([]any)
	found := false
	for _, f := range fillers {
		m := f.(map[string]any)
		if m["text"] == "like" && m["source"] == "transcript" {
			found = true
		}
	}
	if !found {
		t.Errorf("\"like,\" not found as a filler: %v", fillers)
	}
}

// jsonPath follows a dotted path ("voice.pitch.median_hz") into a decoded
// JSON object; nil when any step is missing.
func jsonPath(doc map[string]any, path string) any {
	var cur any = doc
	for _, k := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// TestDoctorFixForEveryProblem: every problem the system check can name
// (a code other than *.ok in internal/doctor) has the command line's way
// out, and the check itself writes none (no command-line advice reaches
// the app).
func TestDoctorFixForEveryProblem(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "internal", "doctor", "doctor.go"))
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`(?:c\.is\(|Problem: )"([a-z_.]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(codes) < 20 {
		t.Fatalf("found %d problem codes in doctor.go", len(codes))
	}
	for _, m := range codes {
		code := m[1]
		if strings.HasSuffix(code, ".ok") {
			continue
		}
		f, ok := doctorFixes[code]
		if !ok {
			t.Errorf("doctor problem %s has no fix on the command line", code)
			continue
		}
		if fix := f([]string{"/x/a", "/x/b"}); fix == "" || strings.Contains(fix, "%!") {
			t.Errorf("%s: fix %q", code, fix)
		}
	}
	if regexp.MustCompile(`\bFix\s*[:=]`).Match(src) {
		t.Error("internal/doctor writes a Fix itself; the front ends word the way out")
	}
}
