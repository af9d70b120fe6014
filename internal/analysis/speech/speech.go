// Package speech turns recorded answers into text with whisper.cpp, embedded
// through cgo. The cgo part is behind the `whisper` build tag (`make build`
// turns it on); without it every call returns ErrUnavailable, so the rest of
// the app builds and runs on any machine.
package speech

import (
	"errors"
)

// ErrUnavailable is returned when this binary was built without whisper.cpp.
var ErrUnavailable = errors.New("speech recognition is not built into this binary (build with `make build`, which turns on the whisper tag)")
