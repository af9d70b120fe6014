// Command fetchdeps installs NEVER MIND's native pieces for `make deps`: the
// ONNX Runtime library, the model files and the fallback Korean font named in
// models/manifest.json, and libwhisper built from the pinned whisper.cpp
// source. Everything is checked against the manifest's SHA-256 and cached, so
// a second run fetches and builds nothing.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"nevermind/internal/models"
	"nevermind/internal/models/convert"
)

func main() {
	root := flag.String("root", ".", "project root: files go to ROOT/<dest>")
	cache := flag.String("cache", defaultCache(), "cache folder for package tarballs and the whisper.cpp build")
	whisper := flag.Bool("whisper", true, "build libwhisper from the pinned whisper.cpp source")
	jobs := flag.Int("j", runtime.NumCPU(), "parallel jobs for the whisper.cpp build")
	platform := flag.String("platform", "", "another platform to fetch for, as GOOS/GOARCH (only windows/amd64 can be built here): its libraries go to ROOT/lib and libwhisper is cross-built")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if *platform != "" {
		err = runPlatform(ctx, *root, *cache, *platform, *whisper, *jobs)
	} else {
		err = run(ctx, *root, *cache, *whisper, *jobs)
	}
	if err != nil {
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
			return whisperLib(ctx, f, src, root, jobs, "")
		}
	}
	return fmt.Errorf("models/manifest.json has no whisper_cpp source")
}

// runPlatform fetches another platform's own files (those the manifest ties
// to it: ONNX Runtime) into root and cross-builds libwhisper for it. The
// models and fonts are the same on every platform and are taken from the
// host's files when packaging.
func runPlatform(ctx context.Context, root, cache, platform string, buildWhisper bool, jobs int) error {
	goos, goarch, ok := strings.Cut(platform, "/")
	if !ok {
		return fmt.Errorf("-platform %q: use GOOS/GOARCH", platform)
	}
	m, err := models.Load()
	if err != nil {
		return err
	}
	if root, err = filepath.Abs(root); err != nil {
		return err
	}
	f := &models.Fetcher{Manifest: m, Root: root, Cache: cache, Log: os.Stdout}
	n := 0
	for _, file := range m.ForPlatform(goos, goarch) {
		if file.OS == "" {
			continue
		}
		if _, err := f.Install(ctx, file); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("the manifest pins nothing for %s", platform)
	}
	fmt.Printf("deps: %d %s files in place\n", n, platform)
	if !buildWhisper {
		return nil
	}
	if platform != "windows/amd64" {
		return fmt.Errorf("libwhisper can be cross-built here for windows/amd64 only, not %s", platform)
	}
	for _, src := range m.Sources {
		if src.ID == "whisper_cpp" {
			return whisperLib(ctx, f, src, root, jobs, platform)
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

// whisperLib extracts and builds whisper.cpp in the cache, once per version
// (and platform), and links ROOT/lib/whisper to it. The build targets no
// particular CPU (GGML_NATIVE=OFF): SSE4.2, AVX, AVX2, BMI2, FMA and F16C,
// which every x86-64 CPU since 2013 (Haswell, Zen) has. For Windows it is
// cross-built with MinGW-w64 (the posix-thread compilers, which have
// std::mutex), without OpenMP, and ggml's archives are copied to the
// lib*.a names the Go bindings link.
func whisperLib(ctx context.Context, f *models.Fetcher, src models.Source, root string, jobs int, platform string) error {
	dir := filepath.Join(f.Cache, "whisper.cpp-"+src.Version)
	if _, err := os.Stat(filepath.Join(dir, "CMakeLists.txt")); err != nil {
		fmt.Printf("deps: extracting whisper.cpp %s source\n", src.Version)
		os.RemoveAll(dir)
		if _, err := f.ExtractSource(ctx, src, dir); err != nil {
			return err
		}
	}
	buildName, libs := "build", whisperLibs
	// No OpenMP: ggml's own thread pool does the same work, and a program
	// linking libgomp pays about 5 ms more at every start.
	configure := []string{"-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=OFF", "-DGGML_NATIVE=OFF", "-DGGML_OPENMP=OFF",
		"-DWHISPER_BUILD_EXAMPLES=OFF", "-DWHISPER_BUILD_TESTS=OFF", "-DWHISPER_BUILD_SERVER=OFF"}
	if platform == "windows/amd64" {
		buildName = "build-windows-amd64"
		libs = nil
		for _, l := range whisperLibs {
			libs = append(libs, strings.Replace(l, "build/", buildName+"/", 1))
		}
		flags := "-D_WIN32_WINNT=0x0601"
		configure = append(configure, "-DCMAKE_SYSTEM_NAME=Windows", "-DCMAKE_SYSTEM_PROCESSOR=x86_64",
			"-DCMAKE_C_COMPILER=x86_64-w64-mingw32-gcc-posix", "-DCMAKE_CXX_COMPILER=x86_64-w64-mingw32-g++-posix",
			"-DCMAKE_RC_COMPILER=x86_64-w64-mingw32-windres",
			"-DCMAKE_C_FLAGS="+flags, "-DCMAKE_CXX_FLAGS="+flags)
	}
	// A build made with other options is made again.
	stamp := filepath.Join(dir, buildName, ".nevermind-options")
	if b, err := os.ReadFile(stamp); err != nil || string(b) != strings.Join(configure, "\n") {
		os.RemoveAll(filepath.Join(dir, buildName))
	}
	if !allExist(dir, libs) {
		fmt.Printf("deps: building libwhisper %s for %s (about a minute on 2 cores)\n", src.Version, cmp.Or(platform, "this machine"))
		t0 := time.Now()
		build := filepath.Join(dir, buildName)
		os.RemoveAll(build)
		steps := [][]string{
			append([]string{"cmake", "-S", dir, "-B", build}, configure...),
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
		if platform == "windows/amd64" {
			// MinGW's CMake names them ggml.a; the bindings link -lggml.
			for _, n := range []string{"ggml", "ggml-base", "ggml-cpu"} {
				a := filepath.Join(build, "ggml", "src", n+".a")
				if b, err := os.ReadFile(a); err == nil {
					if err := os.WriteFile(filepath.Join(build, "ggml", "src", "lib"+n+".a"), b, 0o644); err != nil {
						return err
					}
				}
			}
			if b, err := os.ReadFile(filepath.Join(build, "src", "whisper.a")); err == nil {
				os.WriteFile(filepath.Join(build, "src", "libwhisper.a"), b, 0o644)
			}
		}
		if !allExist(dir, libs) {
			return fmt.Errorf("build libwhisper: finished but %v are not all there (see %s)", libs, filepath.Join(dir, "build.log"))
		}
		if err := os.WriteFile(stamp, []byte(strings.Join(configure, "\n")), 0o644); err != nil {
			return err
		}
		fmt.Printf("deps: libwhisper built in %s\n", time.Since(t0).Round(time.Second))
	} else {
		fmt.Printf("deps: libwhisper %s already built (%s)\n", src.Version, dir)
	}
	link := filepath.Join(root, "lib", "whisper")
	if platform != "" {
		// ROOT/lib/whisper/{include,ggml/include,build/...} for this platform.
		return linkTree(dir, buildName, link)
	}
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

// linkTree makes link a folder holding the source's headers and the
// platform's build under the name "build", so the same include and library
// paths serve every platform.
func linkTree(dir, buildName, link string) error {
	if err := os.MkdirAll(link, 0o755); err != nil {
		return err
	}
	for name, target := range map[string]string{"include": "include", "ggml": "ggml", "build": buildName} {
		p := filepath.Join(link, name)
		want := filepath.Join(dir, target)
		if cur, err := os.Readlink(p); err == nil && cur == want {
			continue
		}
		os.Remove(p)
		if err := os.Symlink(want, p); err != nil {
			return err
		}
	}
	return nil
}
