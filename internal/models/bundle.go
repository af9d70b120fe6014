package models

import (
	"path"
	"slices"
	"strings"
)

// Bundled lists the manifest's files that the packages for goos/goarch
// carry beside the programs: the ONNX Runtime library, the ONNX models
// and their data, and the fonts (never the TFLite originals, which are
// only converted). The packaging scripts take their lists from here
// (tools/bundle), so a model added to the manifest is shipped everywhere.
func (m Manifest) Bundled(goos, goarch string) []File {
	var out []File
	for _, f := range m.ForPlatform(goos, goarch) {
		switch f.Kind {
		case "library", "model", "data", "font", KindConverted:
			out = append(out, f)
		}
	}
	return out
}

// BundledUnder is the file names of Bundled under dir ("models", "fonts",
// "lib"), in manifest order.
func (m Manifest) BundledUnder(goos, goarch, dir string) []string {
	var out []string
	for _, f := range m.Bundled(goos, goarch) {
		if path.Dir(f.Dest) == dir {
			out = append(out, path.Base(f.Dest))
		}
	}
	return out
}

// Notice is the NOTICE text of the packages for goos/goarch: a line for
// every bundled piece and built-in source, from the manifest.
func (m Manifest) Notice(goos, goarch string) string {
	var lines []string
	add := func(s string) {
		if s != "" && !slices.Contains(lines, s) {
			lines = append(lines, s)
		}
	}
	for _, f := range m.Bundled(goos, goarch) {
		add(f.Notice)
	}
	for _, s := range m.Sources {
		add(s.Notice)
	}
	// The recordings' codecs (the codecs tag), linked statically: Debian's
	// libvpx-dev and libopus-dev on Linux, built from Debian's source
	// packages for Windows (scripts/codecs-windows.sh).
	add("libvpx 1.12.0 (BSD-3-Clause, with the WebM Project's patent grant) and libopus 1.3.1 (BSD-3-Clause, Xiph.Org), linked statically, from Debian's packages")
	if goos == "windows" {
		// The Windows programs are linked with MinGW-w64's static runtimes.
		add("the MinGW-w64 runtime and libstdc++, linked in (their licences allow it)")
	}
	var b strings.Builder
	b.WriteString("NEVER MIND bundles, unchanged or converted:\n")
	for _, l := range lines {
		b.WriteString("- " + l + "\n")
	}
	b.WriteString("- Go modules listed in go.mod (BSD, MIT and Apache-2.0 licences)\n")
	b.WriteString("Whisper speech models are not bundled: the app downloads them on request (MIT License, OpenAI).\n")
	return b.String()
}
