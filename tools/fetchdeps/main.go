// Command fetchdeps installs NEVER MIND's native pieces for `make deps`: the
// ONNX Runtime library, the model files and the fallback Korean font named in
// models/manifest.json, and libwhisper built from the pinned whisper.cpp
// source. Everything is checked against the manifest's SHA-256 and cached, so
// a second run fetches and builds nothing.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"nevermind/internal/models"
	"nevermind/internal/models/convert"
)

func main() {
	root := flag.String("root", ".", "project root: files go to ROOT/<dest>")
	cache := flag.String("cache", defaultCache(), "cache folder for package tarballs and the whisper.cpp build")
	whisper := flag.Bool("whisper", true, "build libwhisper from the pinned whisper.cpp source")
	jobs := flag.Int("j", runtime.NumCPU(), "parallel jobs for the whisper.cpp build")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *root, *cache, *whisper, *jobs); err != nil {
		fmt.Fprintln(os.Stderr, "deps:", err)
		os.Exit(1)
	}
}

func defaultCache() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "nevermind-deps")
	}
	return filepath.Join(os.TempDir(), "nevermind-deps")
}

func run(ctx context.Context, root, cache string, buildWhisper bool, jobs int) error {
	m, err := models.Load()
	if err != nil {
		return err
	}
	root, err = filepath.Abs(root)
	if err != nil {
		return err
	}
	f := &models.Fetcher{Manifest: m, Root: root, Cache: cache, Log: os.Stdout}
	files := m.ForThisPlatform()
	changed := 0
	var converted []models.File
	for _, file := range files {
		if file.Kind == models.KindConverted {
			converted = append(converted, file)
			continue
		}
		did, err := f.Install(ctx, file)
		if err != nil {
			return err
		}
		if did {
			changed++
		}
	}
	for _, file := range converted {
		did, err := convert.Build(m, file, root)
		if err != nil {
			return err
		}
		if did {
			fmt.Printf("convert %s -> %s\n", file.ID, file.Dest)
			changed++
		}
	}
	fmt.Printf("deps: %d native files in place (%d installed now)\n", len(files), changed)
	if _, ok := findKind(files, "library"); !ok {
		fmt.Printf("deps: no pinned ONNX Runtime for %s/%s: download ONNX Runtime 1.24-1.30 for your platform\n", runtime.GOOS, runtime.GOARCH)
		fmt.Println("      (npm pack onnxruntime-node@1.30.0, file package/bin/napi-v6/<os>/<arch>/) and copy it to lib/")
	}
	if !buildWhisper {
		return nil
	}
	for _, src := range m.Sources {
		if src.ID == "whisper_cpp" {
			return whisperLib(ctx, f, src, root, jobs)
		}
	}
	return fmt.Errorf("models/manifest.json has no whisper_cpp source")
}

func findKind(files []models.File, kind string) (models.File, bool) {
	for _, f := range files {
		if f.Kind == kind {
			return f, true
		}
	}
	return models.File{}, false
}

// whisperLibs are the static libraries the Go bindings link against.
var whisperLibs = []string{"build/src/libwhisper.a", "build/ggml/src/libggml.a", "build/ggml/src/libggml-base.a", "build/ggml/src/libggml-cpu.a"}

// whisperLib extracts and builds whisper.cpp in the cache, once per version,
// and links ROOT/lib/whisper to it.
func whisperLib(ctx context.Context, f *models.Fetcher, src models.Source, root string, jobs int) error {
	dir := filepath.Join(f.Cache, "whisper.cpp-"+src.Version)
	if _, err := os.Stat(filepath.Join(dir, "CMakeLists.txt")); err != nil {
		fmt.Printf("deps: extracting whisper.cpp %s source\n", src.Version)
		os.RemoveAll(dir)
		if _, err := f.ExtractSource(ctx, src, dir); err != nil {
			return err
		}
	}
	if !allExist(dir, whisperLibs) {
		fmt.Printf("deps: building libwhisper %s (about a minute on 2 cores)\n", src.Version)
		t0 := time.Now()
		build := filepath.Join(dir, "build")
		os.RemoveAll(build)
		steps := [][]string{
			{"cmake", "-S", dir, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=OFF", "-DGGML_NATIVE=OFF",
				"-DWHISPER_BUILD_EXAMPLES=OFF", "-DWHISPER_BUILD_TESTS=OFF", "-DWHISPER_BUILD_SERVER=OFF"},
			{"cmake", "--build", build, "--target", "whisper", "-j", strconv.Itoa(jobs)},
		}
		for _, s := range steps {
			cmd := exec.CommandContext(ctx, s[0], s[1:]...)
			log, err := os.Create(filepath.Join(dir, "build.log"))
			if err != nil {
				return err
			}
			cmd.Stdout, cmd.Stderr = log, log
			err = cmd.Run()
			log.Close()
			if err != nil {
				return fmt.Errorf("build libwhisper: %v: %w (see %s; is cmake installed?)", s[:2], err, log.Name())
			}
		}
		if !allExist(dir, whisperLibs) {
			return fmt.Errorf("build libwhisper: finished but %v are not all there (see %s)", whisperLibs, filepath.Join(dir, "build.log"))
		}
		fmt.Printf("deps: libwhisper built in %s\n", time.Since(t0).Round(time.Second))
	} else {
		fmt.Printf("deps: libwhisper %s already built (%s)\n", src.Version, dir)
	}
	link := filepath.Join(root, "lib", "whisper")
	if cur, err := os.Readlink(link); err == nil && cur == dir {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return err
	}
	os.Remove(link)
	return os.Symlink(dir, link)
}

func allExist(dir string, rels []string) bool {
	for _, r := range rels {
		if _, err := os.Stat(filepath.Join(dir, r)); err != nil {
			return false
		}
	}
	return true
}
