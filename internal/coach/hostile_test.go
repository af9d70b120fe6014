package coach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostile is an LLM host that misbehaves in one way per path.
func hostile(t *testing.T, chat http.HandlerFunc, tags http.HandlerFunc) *Ollama {
	t.Helper()
	mux := http.NewServeMux()
	if tags == nil {
		tags = func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"models":[{"name":"qwen2.5:3b\u001b[2J","model":"qwen2.5:3b","size":1}]}`)
		}
	}
	mux.HandleFunc("/api/tags", tags)
	if chat != nil {
		mux.HandleFunc("/api/chat", chat)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return NewOllama(u, "qwen2.5:3b")
}

func chunk(content string) string {
	b, _ := json.Marshal(content)
	return `{"model":"x","message":{"role":"assistant","content":` + string(b) + `},"done":false}` + "\n"
}

// flood streams pieces until the client goes away, and counts the bytes.
func flood(piece string, sent *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		for r.Context().Err() == nil {
			n, err := fmt.Fprint(w, piece)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}
}

// TestFloodingHostIsCut: a host that streams without end (small pieces,
// huge lines, or an endless model list) is cut off at the reply and
// response bounds, with an error that says so, long before memory grows.
func TestFloodingHostIsCut(t *testing.T) {
	ctx := context.Background()
	var sent atomic.Int64
	o := hostile(t, flood(chunk(strings.Repeat("가", 1000)), &sent), nil)
	_, err := o.ChatJSON(ctx, "s", "u", json.RawMessage(questionSchema), nil)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("endless small pieces: %v", err)
	}
	if n := sent.Load(); n > 64<<20 {
		t.Errorf("the host could send %d MB before the client gave up", n>>20)
	}

	sent.Store(0)
	o = hostile(t, flood(chunk(strings.Repeat("a", 1<<20)), &sent), nil)
	_, err = o.ChatJSON(ctx, "s", "u", nil, nil)
	if !errors.Is(err, ErrJunk) && !errors.Is(err, ErrTooLarge) {
		t.Fatalf("lines of 1 MB: %v", err)
	}

	sent.Store(0)
	o = hostile(t, nil, flood(`{"models":[`+strings.Repeat(`{"name":"x"},`, 1000), &sent))
	_, err = o.Models(ctx)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("an endless model list: %v", err)
	}
	if n := sent.Load(); n > 64<<20 {
		t.Errorf("the host could send %d MB of model list", n>>20)
	}
}

// TestJunkIsNamedAndCleaned: a host that answers with bytes that are not
// Ollama's protocol is called junk, not "unreachable", and nothing it sent
// reaches a message or a question with control characters in it.
func TestJunkIsNamedAndCleaned(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		handler http.HandlerFunc
		want    error
	}{
		"a line that is not JSON": {func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "\x1b]0;owned\x07\x1b[2J<html>not ollama</html>\n")
		}, ErrJunk},
		"an error with escape sequences": {func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			fmt.Fprint(w, `{"error":"\u001b[31mboom\u001b[0m\u0000"}`)
		}, ErrRefused},
		"a stream cut mid-line": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			fmt.Fprint(w, chunk("{\"questions\"")[:20])
		}, ErrJunk},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := hostile(t, tc.handler, nil).ChatJSON(ctx, "s", "u", nil, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v; want %v", err, tc.want)
			}
			if strings.ContainsAny(err.Error(), "\x00\x07\x1b") {
				t.Fatalf("control characters reach the message: %q", err)
			}
		})
	}
	// Model names are cleaned too.
	ms, err := hostile(t, nil, nil).Models(ctx)
	if err != nil || len(ms) != 1 || strings.ContainsRune(ms[0], 0x1b) {
		t.Fatalf("models %q %v", ms, err)
	}
	// Questions with control characters in them are cleaned before they
	// are checked, shown or kept.
	o := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		q := `{"questions":[{"text":"\u001b[31m캡스톤 프로젝트에서\u200b Redis를 고른\u0000 이유는 무엇인가요?\u202e\udb40\udc69\udb40\udc67","type":"experience","rationale":"\u001b]0;x\u0007자기소개서\u2060","difficulty":2}]}`
		fmt.Fprint(w, chunk(q))
		fmt.Fprint(w, `{"model":"x","message":{"role":"assistant","content":""},"done":true}`+"\n")
	}, nil)
	g, err := Generate(ctx, o, profile(t), 1, nil, nil)
	if err != nil || g.Source != "ollama" || len(g.Questions) != 1 {
		t.Fatalf("%+v %v", g, err)
	}
	if q := g.Questions[0]; strings.ContainsAny(q.Text+q.Rationale, "\x00\x07\x1b\u202e\u200b\u2060\U000e0069\U000e0067") || !strings.HasPrefix(q.Text, "[31m캡스톤") {
		t.Fatalf("question not cleaned: %q / %q", q.Text, q.Rationale)
	}
}

// TestNoRedirects: the resume goes to the configured host only; a
// redirect elsewhere is not followed.
func TestNoRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	o := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/api/chat", http.StatusTemporaryRedirect)
	}, nil)
	if _, err := o.ChatJSON(context.Background(), "s", "my resume", nil, nil); err == nil {
		t.Fatal("a redirect was taken for an answer")
	}
	if elsewhere.Load() != 0 {
		t.Fatal("the request followed the redirect to another host")
	}
}

// budgetLLM is an LLM whose answers are junk, recording each call's
// deadline.
type budgetLLM struct {
	budget    time.Duration
	deadlines []time.Time
}

func (b *budgetLLM) Name() string          { return "budget" }
func (b *budgetLLM) Budget() time.Duration { return b.budget }
func (b *budgetLLM) ChatJSON(ctx context.Context, _, _ string, _ json.RawMessage, _ func(int)) (string, error) {
	dl, _ := ctx.Deadline()
	b.deadlines = append(b.deadlines, dl)
	return "not json", nil
}

// TestOneDeadlineForTheRetry: the retry after a junk answer shares the
// first try's deadline instead of starting a fresh one.
func TestOneDeadlineForTheRetry(t *testing.T) {
	llm := &budgetLLM{budget: time.Hour}
	_, err := askJSON(context.Background(), llm, "s", "u", questionSchema, func(*struct{}) error { return nil }, nil)
	if !errors.Is(err, ErrJunk) {
		t.Fatalf("err = %v", err)
	}
	if len(llm.deadlines) != 2 || llm.deadlines[0].IsZero() || !llm.deadlines[0].Equal(llm.deadlines[1]) {
		t.Fatalf("deadlines %v: want two calls sharing one", llm.deadlines)
	}
	// A trickling host: the whole exchange ends at the budget, as a
	// timeout, not as "not JSON: EOF".
	o := hostile(t, func(w http.ResponseWriter, r *http.Request) {
		for r.Context().Err() == nil {
			fmt.Fprint(w, chunk(" "))
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
	}, nil)
	o.Timeout = 300 * time.Millisecond
	g, err := Generate(context.Background(), o, profile(t), 2, nil, nil)
	if err != nil || g.Source != "offline" || !strings.Contains(g.Note, "did not finish within 300ms") {
		t.Fatalf("%+v %v", g.Note, err)
	}
}
