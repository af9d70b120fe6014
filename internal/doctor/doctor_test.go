package doctor

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nevermind/internal/store"
	"nevermind/internal/testenv"
)

func fakeOllama(t *testing.T) string {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/version", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"version":"0.17.4"}`)) })
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"models":[{"name":"qwen2.5:3b","model":"qwen2.5:3b"}]}`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func byID(r Report) map[string]Check {
	m := map[string]Check{}
	for _, c := range r.Checks {
		m[c.ID] = c
	}
	return m
}

func TestRunReportsEveryComponent(t *testing.T) {
	if os.Getenv("NEVERMIND_BUNDLE") == "" {
		testenv.Skip(t, "NEVERMIND_BUNDLE is not set; `make test` sets it after `make deps`")
	}
	root := filepath.Join(t.TempDir(), "home")
	r := Run(context.Background(), Options{DataRoot: root, OllamaHost: fakeOllama(t), DeviceTimeout: 5 * time.Second})
	if !r.OK {
		t.Fatalf("core failed: %+v", r)
	}
	got := byID(r)
	for _, id := range []string{"data_folder", "database", "onnxruntime", "model:blazeface_front_128", "model:silero_vad",
		"model:face_landmark_tflite", "model:pose_landmark_lite_tflite", "model:pose_detection_tflite", "whisper", "korean_font",
		"microphones", "cameras", "ollama"} {
		c, ok := got[id]
		if !ok {
			t.Errorf("no %s entry", id)
			continue
		}
		if c.Status != OK && (c.Problem == "" || strings.HasSuffix(c.Problem, ".ok")) {
			t.Errorf("%s is %s without a problem code for the front ends to word: %s", id, c.Status, c.Detail)
		}
	}
	if c := got["onnxruntime"]; c.Status != OK || !strings.HasPrefix(c.Info["version"].(string), "1.") {
		t.Errorf("onnxruntime = %+v", c)
	}
	for id, c := range got {
		if strings.HasPrefix(id, "model:") && c.Status != OK {
			t.Errorf("%s: %s %s", id, c.Status, c.Detail)
		}
	}
	if c := got["database"]; c.Status != OK || c.Info["schema_version"] != store.SchemaVersion() || c.Info["questions"].(int) < 150 {
		t.Errorf("database = %+v", c)
	}
	if c := got["ollama"]; c.Status != OK || !strings.Contains(c.Detail, "qwen2.5:3b") {
		t.Errorf("ollama = %+v", c)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
}

func TestRunFailsCoreWithAWayOut(t *testing.T) {
	t.Run("data folder is a file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, []byte("x"), 0o600)
		r := Run(context.Background(), Options{DataRoot: f, OllamaHost: "127.0.0.1:9", DeviceTimeout: time.Second})
		c := byID(r)
		if r.OK || c["data_folder"].Status != Fail || c["database"].Status != Fail || c["data_folder"].Problem != "data.fail" {
			t.Fatalf("report = %+v", r)
		}
	})
	t.Run("database from a newer version", func(t *testing.T) {
		root := t.TempDir()
		ctx := context.Background()
		s, err := store.Open(ctx, filepath.Join(root, "nevermind.db"))
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		bumpVersion(t, filepath.Join(root, "nevermind.db"))
		r := Run(ctx, Options{DataRoot: root, OllamaHost: "127.0.0.1:9", DeviceTimeout: time.Second})
		c := byID(r)["database"]
		if r.OK || c.Status != Fail || c.Problem != "db.newer" {
			t.Fatalf("database check = %+v", c)
		}
	})
	t.Run("ollama down is only a warning", func(t *testing.T) {
		r := Run(context.Background(), Options{DataRoot: t.TempDir(), OllamaHost: "127.0.0.1:9", DeviceTimeout: time.Second})
		c := byID(r)["ollama"]
		if !r.OK || c.Status != Warn || c.Problem != "ollama.down" {
			t.Fatalf("ollama = %+v, report ok = %v", c, r.OK)
		}
	})
}
