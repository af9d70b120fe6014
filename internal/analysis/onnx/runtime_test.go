package onnx

import (
	"errors"
	"nevermind/internal/testenv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	ort "github.com/yalue/onnxruntime_go"
)

func bundle(t *testing.T) string {
	t.Helper()
	b := os.Getenv("NEVERMIND_BUNDLE")
	if b == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps` fetched ONNX Runtime")
	}
	return b
}

func TestCandidatesOrder(t *testing.T) {
	t.Setenv(EnvLibrary, "/custom/libort.so")
	c := Candidates([]string{"/data", "/app"})
	want := []string{"/custom/libort.so", filepath.Join("/data", "lib", LibraryName()), filepath.Join("/app", "lib", LibraryName()), LibraryName()}
	if len(c) < len(want) || !slices.Equal(c[:len(want)], want) {
		t.Fatalf("candidates = %v, want prefix %v", c, want)
	}
}

func TestInitLoadsBundledRuntime(t *testing.T) {
	root := bundle(t)
	t.Setenv(EnvLibrary, "")
	path, err := Init([]string{t.TempDir(), root})
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(root, "lib", LibraryName()) {
		t.Errorf("loaded %s", path)
	}
	if v := Version(); !regexp.MustCompile(`^1\.\d+\.\d+`).MatchString(v) {
		t.Fatalf("Version() = %q", v)
	}
	again, err := Init(nil)
	if err != nil || again != path {
		t.Fatalf("second Init = %q, %v", again, err)
	}

	io, err := Inspect(filepath.Join(root, "models", "blazeface_front_128.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(io.Inputs, []string{"input:0"}) || len(io.Outputs) != 4 {
		t.Fatalf("blazeface io = %+v", io)
	}
	if _, err := Inspect(filepath.Join(t.TempDir(), "missing.onnx")); err == nil {
		t.Fatal("Inspect of a missing model succeeded")
	}

	opts, err := SessionOptions()
	if err != nil {
		t.Fatal(err)
	}
	defer opts.Destroy()
	if v, err := opts.GetSessionConfigEntry("session.intra_op.allow_spinning"); err != nil || v != "0" {
		t.Fatalf("spinning = %q, %v", v, err)
	}
	s, err := ort.NewDynamicAdvancedSession(filepath.Join(root, "models", "blazeface_front_128.onnx"),
		[]string{"input:0"}, []string{"Identity_1:0"}, opts)
	if err != nil {
		t.Fatalf("session with our options: %v", err)
	}
	s.Destroy()
}

// TestInitFailsCleanly loads a file that is not a library, in a child
// process (the runtime is process-wide), and expects an error, not a crash.
func TestInitFailsCleanly(t *testing.T) {
	if os.Getenv("NM_ORT_CHILD") == "1" {
		_, err := Init([]string{t.TempDir()})
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		if Version() != "" {
			t.Fatal("Version after a failed Init")
		}
		return
	}
	junk := filepath.Join(t.TempDir(), LibraryName())
	os.WriteFile(junk, []byte("not a library"), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run=^TestInitFailsCleanly$", "-test.v")
	cmd.Env = append(os.Environ(), "NM_ORT_CHILD=1", EnvLibrary+"="+junk, "LD_LIBRARY_PATH=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`--- PASS: TestInitFailsCleanly`).Match(out) {
		t.Fatalf("child did not pass:\n%s", out)
	}
}
