package coach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/ollama/ollama/api"
)

// LLM is a language model that answers with JSON matching a schema.
type LLM interface {
	// Name says which model answers ("qwen2.5:3b at http://127.0.0.1:11434").
	Name() string
	// ChatJSON sends a system and a user message and returns the model's
	// JSON text. progress, when set, gets the characters received so far.
	ChatJSON(ctx context.Context, system, user string, schema json.RawMessage, progress func(chars int)) (string, error)
}

// ErrModelNotFound means the server does not have the model.
var ErrModelNotFound = errors.New("model not found")

// Ollama is an LLM served by Ollama.
type Ollama struct {
	Host    *url.URL
	Model   string
	Timeout time.Duration // for a whole answer; default 3 minutes
	client  *api.Client
}

// NewOllama talks to the Ollama server at host.
func NewOllama(host *url.URL, model string) *Ollama {
	return &Ollama{Host: host, Model: model, client: api.NewClient(host, &http.Client{})}
}

// Name says which model at which server.
func (o *Ollama) Name() string { return o.Model + " at " + o.Host.String() }

// Models lists the models installed on the server.
func (o *Ollama) Models(ctx context.Context) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	list, err := o.client.List(ctx)
	if err != nil {
		return nil, o.explain(err, 5*time.Second)
	}
	var out []string
	for _, m := range list.Models {
		out = append(out, m.Name)
	}
	sort.Strings(out)
	return out, nil
}

// preferred are model families that handle Korean well at a small size,
// best first.
var preferred = []string{"qwen3", "qwen2.5", "gemma3", "exaone", "gemma2", "llama3.2", "llama3.1", "mistral", "phi4", "llama3"}

// PickModel chooses an installed model for Korean and English interview
// work: a preferred multilingual family, the smaller of its sizes that is
// at least 3B when there is a choice.
func PickModel(models []string) string {
	for _, fam := range preferred {
		var cands []string
		for _, m := range models {
			if strings.HasPrefix(strings.ToLower(m), fam) && !strings.Contains(strings.ToLower(m), "embed") {
				cands = append(cands, m)
			}
		}
		if len(cands) > 0 {
			sort.Slice(cands, func(i, j int) bool { return sizeOf(cands[i]) < sizeOf(cands[j]) })
			for _, c := range cands {
				if sizeOf(c) >= 3 {
					return c
				}
			}
			return cands[len(cands)-1]
		}
	}
	for _, m := range models {
		if !strings.Contains(strings.ToLower(m), "embed") {
			return m
		}
	}
	return ""
}

// sizeOf reads "7b" out of "qwen2.5:7b-instruct"; unknown sizes count as 7.
func sizeOf(model string) float64 {
	_, tag, _ := strings.Cut(strings.ToLower(model), ":")
	var v float64
	if _, err := fmt.Sscanf(tag, "%fb", &v); err == nil && v > 0 {
		return v
	}
	return 7
}

// ChatJSON asks the model, streaming, with the schema as Ollama's format.
func (o *Ollama) ChatJSON(ctx context.Context, system, user string, schema json.RawMessage, progress func(int)) (string, error) {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stream := true
	req := &api.ChatRequest{
		Model:    o.Model,
		Messages: []api.Message{{Role: "system", Content: system}, {Role: "user", Content: user}},
		Format:   schema,
		Stream:   &stream,
		Options:  map[string]any{"temperature": 0.4},
	}
	var b strings.Builder
	err := o.client.Chat(ctx, req, func(r api.ChatResponse) error {
		b.WriteString(r.Message.Content)
		if progress != nil {
			progress(b.Len())
		}
		return nil
	})
	if err != nil {
		return "", o.explain(err, timeout)
	}
	return b.String(), nil
}

// explain turns the client's errors into ones that say what to do.
func (o *Ollama) explain(err error, timeout time.Duration) error {
	var se api.StatusError
	switch {
	case errors.As(err, &se) && (se.StatusCode == http.StatusNotFound || strings.Contains(se.ErrorMessage, "not found")):
		return fmt.Errorf("%w: Ollama at %s has no model %q (run `ollama pull %s`, or pick an installed one in Settings)", ErrModelNotFound, o.Host, o.Model, o.Model)
	case errors.As(err, &se):
		return fmt.Errorf("Ollama at %s answered %d: %s", o.Host, se.StatusCode, strings.TrimSpace(se.ErrorMessage))
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("Ollama at %s did not answer within %s (a smaller model is faster): %w", o.Host, timeout.Round(time.Second), err)
	case errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("Ollama at %s is not reachable (is `ollama serve` running?): %w", o.Host, err)
}

// askJSON asks the model and decodes its answer into T, checking it with
// valid; an answer that does not parse or check is asked for once more.
func askJSON[T any](ctx context.Context, llm LLM, system, user string, schema string, valid func(*T) error, progress func(int)) (T, error) {
	var zero T
	var lastErr error
	for attempt := 0; attempt < 2; attempt++ {
		u := user
		if attempt == 1 {
			u += "\n\n(Your previous answer was not valid: " + lastErr.Error() + ". Answer again with JSON that matches the schema exactly.)"
		}
		text, err := llm.ChatJSON(ctx, system, u, json.RawMessage(schema), progress)
		if err != nil {
			return zero, err
		}
		var out T
		dec := json.NewDecoder(strings.NewReader(text))
		if err := dec.Decode(&out); err != nil {
			lastErr = fmt.Errorf("not JSON: %v", err)
			continue
		}
		if err := valid(&out); err != nil {
			lastErr = err
			continue
		}
		return out, nil
	}
	return zero, fmt.Errorf("the model's answer was not usable twice (%v)", lastErr)
}

// Preload asks the server to load the model into memory (an empty
// generate request), so the first question does not wait for it.
func (o *Ollama) Preload(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	err := o.client.Generate(ctx, &api.GenerateRequest{Model: o.Model}, func(api.GenerateResponse) error { return nil })
	if err != nil {
		return o.explain(err, 2*time.Minute)
	}
	return nil
}
