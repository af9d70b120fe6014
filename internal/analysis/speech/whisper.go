//go:build whisper

package speech

import (
	"fmt"

	wh "github.com/ggerganov/whisper.cpp/bindings/go"
	"github.com/ggerganov/whisper.cpp/bindings/go/pkg/whisper"
)

// Compiled reports whether whisper.cpp is built into this binary.
func Compiled() bool { return true }

// SystemInfo describes the whisper.cpp build (CPU features in use).
func SystemInfo() string { return wh.Whisper_print_system_info() }

// ProbeModel loads a whisper model and frees it, to prove it is usable.
func ProbeModel(path string) error {
	m, err := whisper.New(path)
	if err != nil {
		return fmt.Errorf("load whisper model %s: %w (the file may be damaged: `nevermind models pull` fetches it again)", path, err)
	}
	return m.Close()
}
