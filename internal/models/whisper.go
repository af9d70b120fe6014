package models

import (
	"crypto/sha1"
	"fmt"
	"strings"
)

// DefaultWhisperBaseURL is where whisper.cpp publishes its ggml models. A
// model's address is the base followed by "/" and its file name.
const DefaultWhisperBaseURL = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main"

// WhisperModel is one whisper.cpp speech-recognition model that NEVER MIND can
// download into the data folder's models folder.
type WhisperModel struct {
	Name         string `json:"name"`         // as whisper.cpp names it: tiny, base.en, ...
	File         string `json:"file"`         // file name in the models folder: ggml-<name>.bin
	URL          string `json:"url"`          // where it is downloaded from
	SHA1         string `json:"sha1"`         // hex SHA-1 that whisper.cpp publishes
	Size         int64  `json:"size"`         // approximate size in bytes
	Multilingual bool   `json:"multilingual"` // false for the English-only .en models
	Note         string `json:"note"`         // one line to help choose
}

const mib = 1 << 20

// whisperCatalogue is the models and SHA-1 sums listed in models/README.md of
// whisper.cpp 1.9.1. Sizes are the README's, rounded.
var whisperCatalogue = []WhisperModel{
	{Name: "tiny", SHA1: "bd577a113a864445d4c299885e0cb97d4ba92b5f", Size: 75 * mib, Multilingual: true,
		Note: "fastest; rough transcripts, fine for a quick try"},
	{Name: "tiny.en", SHA1: "c78c86eb1a8faa21b369bcd33207cc90d64ae9df", Size: 75 * mib,
		Note: "fastest, English only"},
	{Name: "base", SHA1: "465707469ff3a37a2b9b8d8f89f2f99de7299dac", Size: 142 * mib, Multilingual: true,
		Note: "balanced speed and accuracy; usable Korean"},
	{Name: "base.en", SHA1: "137c40403d78fd54d454da0f9bd998f78703390c", Size: 142 * mib,
		Note: "balanced, English only; better English than base"},
	{Name: "small", SHA1: "55356645c2b361a969dfd0ef2c5a50d530afd8d5", Size: 466 * mib, Multilingual: true,
		Note: "best for Korean among the small ones; slower"},
	{Name: "small.en", SHA1: "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022", Size: 466 * mib,
		Note: "most accurate English here; slower"},
	// The one quantised model whisper.cpp publishes a checksum for in the
	// sizes the app considers, and its f16 original: the most accurate
	// here, for a machine fast enough (models fit says whether).
	{Name: "large-v3-turbo-q5_0", SHA1: "e050f7970618a659205450ad97eb95a18d69c9ee", Size: 547 * mib, Multilingual: true,
		Note: "most accurate; needs a fast computer (quantised, a third of the f16 size)"},
	{Name: "large-v3-turbo", SHA1: "4af2b29d7ec73d781377bfd1758ca957a807e941", Size: 1536 * mib, Multilingual: true,
		Note: "most accurate; needs a fast computer"},
}

// WhisperModels returns the catalogue of whisper models, smallest first, with
// their official addresses. The slice is a copy the caller may change.
func WhisperModels() []WhisperModel {
	out := make([]WhisperModel, len(whisperCatalogue))
	for i, m := range whisperCatalogue {
		m.File = "ggml-" + m.Name + ".bin"
		out[i] = m.WithBaseURL(DefaultWhisperBaseURL)
	}
	return out
}

// LookupWhisper finds a catalogue model by name.
func LookupWhisper(name string) (WhisperModel, bool) {
	for _, m := range WhisperModels() {
		if m.Name == name {
			return m, true
		}
	}
	return WhisperModel{}, false
}

// WhisperNames lists the catalogue's model names in order.
func WhisperNames() []string {
	var names []string
	for _, m := range whisperCatalogue {
		names = append(names, m.Name)
	}
	return names
}

// WithBaseURL returns m downloaded from base (a mirror, or a test server)
// instead: its URL becomes base + "/" + File.
func (m WhisperModel) WithBaseURL(base string) WhisperModel {
	m.URL = strings.TrimRight(base, "/") + "/" + m.File
	return m
}

// check rejects a model entry that could not be downloaded safely: the file
// name must be a plain name so it stays inside the models folder.
func (m WhisperModel) check() error {
	switch {
	case m.Name == "":
		return fmt.Errorf("whisper model has no name")
	case m.File == "" || m.File == "." || m.File == ".." || strings.ContainsAny(m.File, `/\:`):
		return fmt.Errorf("whisper model %s: bad file name %q", m.Name, m.File)
	case len(m.SHA1) != 40 || !isLowerHex(m.SHA1):
		return fmt.Errorf("whisper model %s: SHA-1 %q is not 40 hex digits", m.Name, m.SHA1)
	}
	return nil
}

func isLowerHex(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// FileSHA1 returns the hex SHA-1 of a file, the checksum whisper.cpp
// publishes for its models. It mirrors FileSHA256.
func FileSHA1(p string) (string, error) { return fileHash(p, sha1.New()) }
