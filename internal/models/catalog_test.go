package models

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"nevermind/internal/testenv"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestManifestIsPinned(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Packages {
		if !hex64.MatchString(p.SHA256) || p.Version == "" || strings.ContainsAny(p.Version, "^~*x") {
			t.Errorf("package %s is not pinned: version %q sha256 %q", p.Name, p.Version, p.SHA256)
		}
	}
	ids := map[string]bool{}
	for _, f := range m.Files {
		if !hex64.MatchString(f.SHA256) {
			t.Errorf("file %s has no SHA-256", f.ID)
		}
		key := f.ID + " " + f.OS + "/" + f.Arch
		if ids[key] {
			t.Errorf("file id %s repeated for %s/%s", f.ID, f.OS, f.Arch)
		}
		ids[key], ids[f.ID] = true, true
		if filepath.IsAbs(f.Dest) || strings.Contains(f.Dest, "..") {
			t.Errorf("file %s: dest %q must stay inside the root", f.ID, f.Dest)
		}
	}
	for _, want := range []string{"onnxruntime", "blazeface_front_128", "silero_vad", "face_landmark_tflite", "pose_landmark_lite_tflite", "pose_detection_tflite"} {
		if !ids[want] {
			t.Errorf("manifest lacks %s", want)
		}
	}
}

// TestInstalledFilesMatchManifest checks what `make deps` put in the project
// against the manifest, the same check `nevermind doctor` does.
func TestInstalledFilesMatchManifest(t *testing.T) {
	root := os.Getenv("NEVERMIND_BUNDLE")
	if root == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps`")
	}
	m, _ := Load()
	for _, f := range m.ForThisPlatform() {
		got, err := Locate(f, []string{root})
		if err != nil || got.State != OK {
			t.Errorf("%s: %s at %s (%v); run `make deps`", f.ID, got.State, got.Path, err)
		}
	}
}

// fakeRegistry writes a package tarball and an npm stand-in that "packs" it
// by copying it to --pack-destination, the way `npm pack` leaves a .tgz.
func fakeRegistry(t *testing.T, files map[string][]byte) (npm, sum string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		testenv.Skip(t, "uses a shell script as npm")
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, data := range files {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
		tw.Write(data)
	}
	tw.Close()
	gz.Close()
	dir := t.TempDir()
	tgz := filepath.Join(dir, "pkg-1.0.0.tgz")
	if err := os.WriteFile(tgz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	count := filepath.Join(dir, "calls")
	script := "#!/bin/sh\necho x >> " + count + "\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --pack-destination ]; then cp " + tgz + " \"$2\"; fi; shift; done\n"
	npm = filepath.Join(dir, "npm")
	if err := os.WriteFile(npm, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(buf.Bytes())
	return npm, hex.EncodeToString(s[:])
}

func calls(npm string) int {
	b, _ := os.ReadFile(filepath.Join(filepath.Dir(npm), "calls"))
	return strings.Count(string(b), "x")
}

func hexsum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestFetcherInstallsVerifiesAndCaches(t *testing.T) {
	lib := []byte("\x7fELF pretend library")
	packed := []byte("HEADERmodel-bytes-hereTRAILER")
	npm, sum := fakeRegistry(t, map[string][]byte{"package/lib.so": lib, "package/packed.data": packed, "package/src/a.c": []byte("int a;"), "package/src/sub/b.h": []byte("#pragma once")})
	m := Manifest{
		Packages: []Package{{Name: "@x/pkg", Version: "1.0.0", SHA256: sum}},
		Files: []File{
			{ID: "lib", Kind: "library", Package: "@x/pkg", Path: "package/lib.so", Dest: "lib/lib.so", SHA256: hexsum(lib)},
			{ID: "model", Kind: "model", Package: "@x/pkg", Path: "package/packed.data", Offset: 6, Length: 16, Dest: "models/m.bin", SHA256: hexsum([]byte("model-bytes-here"))},
		},
	}
	root, cache := t.TempDir(), t.TempDir()
	f := &Fetcher{Manifest: m, Root: root, Cache: cache, NPM: npm}
	ctx := context.Background()
	for _, file := range m.Files {
		did, err := f.Install(ctx, file)
		if err != nil || !did {
			t.Fatalf("install %s: did=%v err=%v", file.ID, did, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(root, "models/m.bin")); string(got) != "model-bytes-here" {
		t.Fatalf("byte range extracted %q", got)
	}
	if fi, _ := os.Stat(filepath.Join(root, "lib/lib.so")); fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("library not executable: %v", fi.Mode())
	}
	if n := calls(npm); n != 1 {
		t.Fatalf("npm pack ran %d times for one package, want 1 (cached)", n)
	}
	// Second run: nothing fetched, nothing written.
	for _, file := range m.Files {
		if did, err := f.Install(ctx, file); err != nil || did {
			t.Fatalf("second install %s: did=%v err=%v", file.ID, did, err)
		}
	}
	if n := calls(npm); n != 1 {
		t.Fatalf("second run called npm (%d calls)", n)
	}
	// A damaged installed file is replaced from the cached tarball.
	os.WriteFile(filepath.Join(root, "models/m.bin"), []byte("damaged"), 0o644)
	if did, err := f.Install(ctx, m.Files[1]); err != nil || !did {
		t.Fatalf("repair: did=%v err=%v", did, err)
	}
	if n := calls(npm); n != 1 {
		t.Fatalf("repair fetched again (%d calls); the tarball was cached", n)
	}
	// A source tree.
	dir := filepath.Join(cache, "src-1")
	n, err := f.ExtractSource(ctx, Source{ID: "src", Package: "@x/pkg", Path: "package/src/"}, dir)
	if err != nil || n != 2 {
		t.Fatalf("ExtractSource = %d, %v", n, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sub", "b.h")); string(b) != "#pragma once" {
		t.Fatalf("extracted b.h = %q", b)
	}
}

func TestFetcherRejectsWrongChecksums(t *testing.T) {
	npm, sum := fakeRegistry(t, map[string][]byte{"package/a.bin": []byte("real bytes")})
	ctx := context.Background()

	bad := &Fetcher{Root: t.TempDir(), Cache: t.TempDir(), NPM: npm, Manifest: Manifest{
		Packages: []Package{{Name: "pkg", Version: "1.0.0", SHA256: strings.Repeat("0", 64)}},
		Files:    []File{{ID: "a", Package: "pkg", Path: "package/a.bin", Dest: "a.bin", SHA256: hexsum([]byte("real bytes"))}},
	}}
	if _, err := bad.Install(ctx, bad.Manifest.Files[0]); !errors.Is(err, ErrChecksum) {
		t.Fatalf("tampered tarball: err = %v, want ErrChecksum", err)
	}
	if _, err := os.Stat(filepath.Join(bad.Root, "a.bin")); err == nil {
		t.Fatal("a file from a tarball with the wrong checksum was installed")
	}

	wrongFile := &Fetcher{Root: t.TempDir(), Cache: t.TempDir(), NPM: npm, Manifest: Manifest{
		Packages: []Package{{Name: "pkg", Version: "1.0.0", SHA256: sum}},
		Files:    []File{{ID: "a", Package: "pkg", Path: "package/a.bin", Dest: "a.bin", SHA256: hexsum([]byte("other bytes"))}},
	}}
	if _, err := wrongFile.Install(ctx, wrongFile.Manifest.Files[0]); !errors.Is(err, ErrChecksum) {
		t.Fatalf("wrong file checksum: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(wrongFile.Root, "a.bin")); err == nil {
		t.Fatal("a file with the wrong checksum was put in place")
	}

	missing := &Fetcher{Root: t.TempDir(), Cache: t.TempDir(), NPM: npm, Manifest: Manifest{
		Packages: []Package{{Name: "pkg", Version: "1.0.0", SHA256: sum}},
		Files:    []File{{ID: "a", Package: "pkg", Path: "package/nope.bin", Dest: "a.bin", SHA256: hexsum(nil)}},
	}}
	if _, err := missing.Install(ctx, missing.Manifest.Files[0]); err == nil || !strings.Contains(err.Error(), "no such entry") {
		t.Fatalf("missing entry: err = %v", err)
	}

	noNPM := &Fetcher{Root: t.TempDir(), Cache: t.TempDir(), NPM: filepath.Join(t.TempDir(), "no-npm"), Manifest: wrongFile.Manifest}
	if _, err := noNPM.Install(ctx, noNPM.Manifest.Files[0]); err == nil || !strings.Contains(err.Error(), "npm") {
		t.Fatalf("no npm: err = %v", err)
	}
}

func TestLocateReportsStates(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	f := File{ID: "m", Dest: "models/m.onnx", SHA256: hexsum([]byte("good"))}
	if got, _ := Locate(f, []string{a, b}); got.State != Missing || got.Path != filepath.Join(a, "models/m.onnx") {
		t.Fatalf("missing: %+v", got)
	}
	os.MkdirAll(filepath.Join(b, "models"), 0o755)
	os.WriteFile(filepath.Join(b, "models/m.onnx"), []byte("good"), 0o644)
	if got, _ := Locate(f, []string{a, b}); got.State != OK || got.Path != filepath.Join(b, "models/m.onnx") {
		t.Fatalf("found in second root: %+v", got)
	}
	os.MkdirAll(filepath.Join(a, "models"), 0o755)
	os.WriteFile(filepath.Join(a, "models/m.onnx"), []byte("bad"), 0o644)
	if got, _ := Locate(f, []string{a, b}); got.State != OK || got.Path != filepath.Join(b, "models/m.onnx") {
		t.Fatalf("a file that does not match (in the first root) must be passed over for one that does: %+v", got)
	}
	os.Remove(filepath.Join(b, "models/m.onnx"))
	if got, _ := Locate(f, []string{a, b}); got.State != Mismatch || got.Path != filepath.Join(a, "models/m.onnx") {
		t.Fatalf("only a mismatching file: %+v", got)
	}
}
