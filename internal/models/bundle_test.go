package models

import (
	"path"
	"strings"
	"testing"
)

// TestBundledFromTheManifest: what the packages carry comes from the
// manifest: every ONNX model and its data under models/ (not the TFLite
// originals), the platform's ONNX Runtime, the fonts; and the NOTICE
// names each with its version.
func TestBundledFromTheManifest(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range [][2]string{{"linux", "amd64"}, {"windows", "amd64"}, {"darwin", "arm64"}, {"darwin", "amd64"}} {
		names := m.BundledUnder(pl[0], pl[1], "models")
		want := 0
		for _, f := range m.Files {
			if path.Dir(f.Dest) == "models" && f.Kind != "tflite" {
				want++
			}
		}
		if len(names) != want || want < 6 {
			t.Errorf("%s: models %v, want %d", pl, names, want)
		}
		for _, n := range names {
			if strings.HasSuffix(n, ".tflite") {
				t.Errorf("%s bundles the TFLite original %s", pl, n)
			}
		}
		libs := m.BundledUnder(pl[0], pl[1], "lib")
		if len(libs) != 1 {
			t.Errorf("%s: libraries %v", pl, libs)
		}
		notice := m.Notice(pl[0], pl[1])
		for _, f := range m.Bundled(pl[0], pl[1]) {
			if f.Notice == "" {
				t.Errorf("%s: %s is bundled with no NOTICE line", pl, f.ID)
			}
			if p, ok := m.Package(f.Package); ok && !strings.Contains(notice, p.Version) {
				t.Errorf("%s: the NOTICE does not name %s %s", pl, p.Name, p.Version)
			}
		}
		for _, src := range m.Sources {
			if !strings.Contains(notice, src.Version) {
				t.Errorf("%s: the NOTICE leaves out %s %s: %s", pl, src.ID, src.Version, notice)
			}
		}
		if strings.Contains(notice, "MinGW") != (pl[0] == "windows") {
			t.Errorf("%s: MinGW in the NOTICE is for Windows only", pl)
		}
	}
}
