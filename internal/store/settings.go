package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// The setting keys: this file is the only place that names them.
const (
	keyLanguage    = "ui.language"
	keyOllamaHost  = "ollama.host"
	keyOllamaModel = "ollama.model"
	keyMic         = "capture.mic"
	keyCamera      = "capture.camera"
	keyFirstRun    = "firstrun.done"
	keyBankDigest  = "bank.digest"
	keySpeechModel = "speech.model"
	keySpeechFit   = "speech.fit"
	keyVoiceKO     = "voice.ko"
	keyVoiceEN     = "voice.en"
	keyVoiceRate   = "voice.rate"
	keyInterviewN  = "interview.questions"
	keyEndSilence  = "interview.silence_ms"
	keyAgain       = "plan.again"
	keyVideoDays   = "storage.video_days"
)

// knownSettings are every key above: a sync change carrying one that is
// not importable is hostile (this app never sends them), while an unknown
// key may be a newer version's preference.
var knownSettings = map[string]bool{keyLanguage: true, keyOllamaHost: true, keyOllamaModel: true, keyMic: true, keyCamera: true,
	keyFirstRun: true, keyBankDigest: true, keySpeechModel: true, keySpeechFit: true, keyVoiceKO: true, keyVoiceEN: true,
	keyVoiceRate: true, keyInterviewN: true, keyEndSilence: true, keyAgain: true, keyVideoDays: true}

// Settings are the user's choices and the app's bookkeeping of this
// installation, typed.
type Settings struct {
	Language     Language // the UI language; "" until the user picks one
	OllamaHost   string   // the local LLM's address; "" is the default
	OllamaModel  string   // "" picks the first installed model
	Mic, Camera  string   // device IDs; "" is the system default
	FirstRunDone bool     // the welcome was shown
	BankDigest   string   // the built-in bank last seeded
	// SpeechModel is the whisper model the user chose; "" takes the one
	// that fits this machine (SpeechFit), else the best installed.
	SpeechModel string
	// SpeechFit is the last measurement of this machine (models.Fit as
	// JSON); "" until one was made.
	SpeechFit string
	// Voice is the interviewer's voice per language (tts.Voice.Key; ""
	// takes the first found), VoiceRate its speed (1 normal; 0 unset).
	VoiceKO, VoiceEN string
	VoiceRate        float64
	// InterviewQuestions is a mock interview's questions after the
	// self-introduction (0: the default); EndSilence, the silence after
	// speech that ends an answer (0: the default).
	InterviewQuestions int
	EndSilence         time.Duration
	// VideoDays is how many days answers' videos are kept (0: forever,
	// the default; one of VideoRetentions).
	VideoDays int
	// Again are the questions the user chose to practise again (from a
	// mock interview's review), each from its day on.
	Again []Again
}

// Again is a question to practise again from Due (YYYY-MM-DD) on.
type Again struct {
	QuestionID int64  `json:"q"`
	Due        string `json:"due"`
}

// maxAgain is how many questions to practise again are remembered (the
// oldest go first).
const maxAgain = 50

// Voice is the interviewer's voice chosen for lang ("" for the first).
func (s Settings) Voice(lang Language) string {
	if lang == English {
		return s.VoiceEN
	}
	return s.VoiceKO
}

// Settings reads every setting at once.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	var out Settings
	err := s.queryEach(ctx, `SELECT key, value FROM setting`, nil, func(rows *sql.Rows) error {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		switch k {
		case keyLanguage:
			if v == string(Korean) || v == string(English) {
				out.Language = Language(v)
			}
		case keyOllamaHost:
			out.OllamaHost = v
		case keyOllamaModel:
			out.OllamaModel = v
		case keyMic:
			out.Mic = v
		case keyCamera:
			out.Camera = v
		case keyFirstRun:
			out.FirstRunDone = v != ""
		case keyBankDigest:
			out.BankDigest = v
		case keySpeechModel:
			out.SpeechModel = v
		case keySpeechFit:
			out.SpeechFit = v
		case keyVoiceKO:
			out.VoiceKO = v
		case keyVoiceEN:
			out.VoiceEN = v
		case keyVoiceRate:
			if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0.5 && f <= 2 {
				out.VoiceRate = f
			}
		case keyInterviewN:
			if n, err := strconv.Atoi(v); err == nil && n >= 3 && n <= 10 {
				out.InterviewQuestions = n
			}
		case keyAgain:
			out.Again = parseAgain(v)
		case keyVideoDays:
			if n, err := strconv.Atoi(v); err == nil && slices.Contains(VideoRetentions, n) {
				out.VideoDays = n
			}
		case keyEndSilence:
			if ms, err := strconv.Atoi(v); err == nil && ms >= 1000 && ms <= 10000 {
				out.EndSilence = time.Duration(ms) * time.Millisecond
			}
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("read settings: %w", err)
	}
	return out, nil
}

// SetLanguage remembers the UI language.
func (s *Store) SetLanguage(ctx context.Context, l Language) error {
	if l != Korean && l != English {
		return fmt.Errorf("language must be ko or en, not %q", l)
	}
	return s.setSetting(ctx, keyLanguage, string(l))
}

// SetOllama remembers the local LLM's address and model ("" for the
// defaults).
func (s *Store) SetOllama(ctx context.Context, host, model string) error {
	return s.setSettings(ctx, map[string]string{keyOllamaHost: host, keyOllamaModel: model})
}

// SetMic remembers the microphone ("" for the system default).
func (s *Store) SetMic(ctx context.Context, id string) error { return s.setSetting(ctx, keyMic, id) }

// SetCamera remembers the camera ("" for the system default).
func (s *Store) SetCamera(ctx context.Context, id string) error {
	return s.setSetting(ctx, keyCamera, id)
}

// SetFirstRunDone records that the welcome was shown.
func (s *Store) SetFirstRunDone(ctx context.Context) error {
	return s.setSetting(ctx, keyFirstRun, "1")
}

// SetBankDigest records which built-in bank was seeded.
func (s *Store) SetBankDigest(ctx context.Context, d string) error {
	return s.setSetting(ctx, keyBankDigest, d)
}

// SetSpeechModel remembers the whisper model the user chose ("" for the
// one that fits this machine).
func (s *Store) SetSpeechModel(ctx context.Context, name string) error {
	return s.setSetting(ctx, keySpeechModel, name)
}

// SetSpeechFit remembers the measurement of this machine (JSON).
func (s *Store) SetSpeechFit(ctx context.Context, fit string) error {
	return s.setSetting(ctx, keySpeechFit, fit)
}

// SetVoice remembers the interviewer's voice for lang and the speed.
func (s *Store) SetVoice(ctx context.Context, lang Language, key string, rate float64) error {
	k := keyVoiceKO
	if lang == English {
		k = keyVoiceEN
	}
	if rate < 0.5 || rate > 2 {
		return fmt.Errorf("voice speed must be 0.5 to 2, not %v", rate)
	}
	return s.setSettings(ctx, map[string]string{k: key, keyVoiceRate: strconv.FormatFloat(rate, 'f', 2, 64)})
}

// SetInterview remembers a mock interview's number of questions (3–10)
// and the silence that ends an answer (1–10 s).
func (s *Store) SetInterview(ctx context.Context, questions int, silence time.Duration) error {
	if questions < 3 || questions > 10 || silence < time.Second || silence > 10*time.Second {
		return fmt.Errorf("a mock interview has 3 to 10 questions and waits 1 to 10 s, not %d and %v", questions, silence)
	}
	return s.setSettings(ctx, map[string]string{keyInterviewN: strconv.Itoa(questions), keyEndSilence: strconv.Itoa(int(silence / time.Millisecond))})
}

// AddAgain puts a question in the routine of day due (YYYY-MM-DD), once:
// a later call moves it.
func (s *Store) AddAgain(ctx context.Context, questionID int64, due string) error {
	if _, err := time.Parse(time.DateOnly, due); err != nil {
		return fmt.Errorf("practise again on %q: %w", due, err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM setting WHERE key = ?`, keyAgain).Scan(&v)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read %s: %w", keyAgain, err)
		}
		list := slices.DeleteFunc(parseAgain(v), func(a Again) bool { return a.QuestionID == questionID })
		list = append(list, Again{QuestionID: questionID, Due: due})
		if len(list) > maxAgain {
			list = list[len(list)-maxAgain:]
		}
		b, err := json.Marshal(list)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, keyAgain, string(b)); err != nil {
			return fmt.Errorf("save %s: %w", keyAgain, err)
		}
		return nil
	})
}

// parseAgain reads the questions to practise again, skipping what is not
// one.
func parseAgain(v string) []Again {
	var raw []Again
	if json.Unmarshal([]byte(v), &raw) != nil {
		return nil
	}
	var out []Again
	for _, a := range raw {
		if _, err := time.Parse(time.DateOnly, a.Due); err == nil && a.QuestionID > 0 {
			out = append(out, a)
		}
	}
	return out
}

func (s *Store) setSetting(ctx context.Context, key, value string) error {
	return s.setSettings(ctx, map[string]string{key: value})
}

func (s *Store) setSettings(ctx context.Context, kv map[string]string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if _, err := tx.ExecContext(ctx, `INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return fmt.Errorf("save setting %s: %w", k, err)
			}
		}
		return nil
	})
}

// importableSettings are the preferences an archive may carry to another
// laptop, with their allowed values. Hosts (ollama.host), devices
// (capture.*), model names and internal state are never imported: an
// archive must not be able to send the resume elsewhere or pick a device.
var importableSettings = map[string][]string{
	keyLanguage: {string(Korean), string(English)},
}

// internalSettings are the app's own bookkeeping of this installation:
// never imported, and not worth reporting.
var internalSettings = map[string]bool{keyBankDigest: true, keyFirstRun: true, keySpeechFit: true, keyAgain: true}
