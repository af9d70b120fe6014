package convert

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"nevermind/internal/models"
	"nevermind/internal/models/tflite"
)

// Build makes the manifest's converted file f under root from its TFLite
// source, unless it is already there with the recorded checksum. The output
// is deterministic, so its SHA-256 must equal the manifest's; a difference
// means the converter changed and the manifest must be updated with it. It
// reports whether it wrote the file.
func Build(m models.Manifest, f models.File, root string) (bool, error) {
	dst := filepath.Join(root, filepath.FromSlash(f.Dest))
	if sum, err := models.FileSHA256(dst); err == nil && sum == f.SHA256 {
		return false, nil
	}
	src, ok := m.File(f.From)
	if !ok {
		return false, fmt.Errorf("converted model %s: unknown source %s", f.ID, f.From)
	}
	tm, err := tflite.ReadFile(filepath.Join(root, filepath.FromSlash(src.Dest)))
	if err != nil {
		return false, fmt.Errorf("convert %s: %w (run `make deps` to fetch the source model)", f.ID, err)
	}
	om, err := Convert(tm, f.ID)
	if err != nil {
		return false, fmt.Errorf("convert %s: %w", f.ID, err)
	}
	b, err := om.Marshal()
	if err != nil {
		return false, fmt.Errorf("convert %s: %w", f.ID, err)
	}
	s := sha256.Sum256(b)
	if got := hex.EncodeToString(s[:]); got != f.SHA256 {
		return false, fmt.Errorf("convert %s: output SHA-256 %s differs from the manifest's %s: %w; if the converter was changed on purpose, put the new sum in models/manifest.json",
			f.ID, got, f.SHA256, models.ErrChecksum)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return false, err
	}
	return true, os.Rename(tmp, dst)
}
