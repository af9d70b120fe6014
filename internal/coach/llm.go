package coach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"nevermind/internal/safetext"
	"reflect"
	"sort"
	"strings"
	"sync"
	"syscall"
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

// What can go wrong talking to the LLM host; every error of an exchange
// wraps one of these, so each interface can word it.
var (
	ErrTimeout     = errors.New("the local LLM did not finish in time")
	ErrUnreachable = errors.New("the local LLM is not reachable")
	ErrJunk        = errors.New("the local LLM answered with something that is not an Ollama reply")
	ErrTooLarge    = errors.New("the local LLM's reply is too large")
	ErrRefused     = errors.New("the local LLM refused the request")
)

// The bounds of one exchange with the LLM host.
const (
	// MaxResponseBytes bounds each HTTP response read from the host (a
	// model list, or a whole streamed answer with its JSON framing).
	MaxResponseBytes = 16 << 20
	// MaxReplyBytes bounds the model's text in one answer; ten questions
	// are about 5 KB.
	MaxReplyBytes = 256 << 10
	// DefaultBudget is the time one exchange may take, retry included.
	DefaultBudget = 3 * time.Minute
)

// Ollama is an LLM served by Ollama.
type Ollama struct {
	Host    *url.URL
	Model   string
	Timeout time.Duration // for a whole exchange, retry included; default 3 minutes
	client  *api.Client
}

// NewOllama talks to the Ollama server at host, and only to it: no proxy
// from the environment, no redirects followed, every response bounded.
func NewOllama(host *url.URL, model string) *Ollama {
	return &Ollama{Host: host, Model: safetext.Line(model), client: api.NewClient(host, newHTTPClient(0))}
}

// newHTTPClient is the HTTP client for the LLM host: the resume and the
// job description go to the configured address and nowhere else.
func newHTTPClient(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	return &http.Client{
		Timeout:       timeout,
		Transport:     boundedTransport{tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// boundedTransport cuts every response body at MaxResponseBytes and notes,
// for the exchange that asked (bodyWatch in the request's context), how
// the body ended: the Ollama client stops reading a stream on an error
// without saying so.
type boundedTransport struct{ base http.RoundTripper }

type watchKey struct{}

// bodyWatch is how a response body ended.
type bodyWatch struct {
	mu     sync.Mutex
	status int
	eof    bool
	err    error
}

func (w *bodyWatch) state() (int, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status, w.eof, w.err
}

// setStatus records the response's status.
func (w *bodyWatch) setStatus(status int) {
	w.mu.Lock()
	w.status = status
	w.mu.Unlock()
}

// note records that the body ended (eof) or failed, keeping the first
// error.
func (w *bodyWatch) note(eof bool, err error) {
	w.mu.Lock()
	w.eof = w.eof || eof
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

func (t boundedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	w, _ := r.Context().Value(watchKey{}).(*bodyWatch)
	if w != nil {
		w.setStatus(resp.StatusCode)
	}
	resp.Body = &boundedBody{rc: resp.Body, left: MaxResponseBytes, w: w}
	return resp, nil
}

var errBodyTooLarge = errors.New("response too large")

type boundedBody struct {
	rc   io.ReadCloser
	left int64
	w    *bodyWatch
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		b.note(false, errBodyTooLarge)
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	switch {
	case err == io.EOF:
		b.note(true, nil)
	case err != nil:
		b.note(false, err)
	}
	return n, err
}

func (b *boundedBody) note(eof bool, err error) {
	if b.w != nil {
		b.w.note(eof, err)
	}
}

func (b *boundedBody) Close() error { return b.rc.Close() }

// Budget is how long one exchange may take, retry included.
func (o *Ollama) Budget() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultBudget
}

// Name says which model at which server.
func (o *Ollama) Name() string { return o.Model + " at " + o.Host.String() }

// Models lists the models installed on the server.
func (o *Ollama) Models(ctx context.Context) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	list, err := o.client.List(ctx)
	if err != nil {
		return nil, o.explain(ctx, err, 5*time.Second)
	}
	var out []string
	for _, m := range list.Models {
		if n := safetext.Clip(m.Name, 120); n != "" {
			out = append(out, n)
		}
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
// It gives up at the context's deadline (or after Budget when the context
// has none), when the reply passes MaxReplyBytes, and when the stream ends
// in a way that is not Ollama's, saying which.
func (o *Ollama) ChatJSON(ctx context.Context, system, user string, schema json.RawMessage, progress func(int)) (string, error) {
	budget := o.Budget()
	if dl, ok := ctx.Deadline(); ok {
		budget = time.Until(dl)
	} else {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, budget)
		defer cancel()
	}
	watch := &bodyWatch{}
	ctx = context.WithValue(ctx, watchKey{}, watch)
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
		if b.Len()+len(r.Message.Content) > MaxReplyBytes {
			return errReplyTooLarge
		}
		b.WriteString(r.Message.Content)
		if progress != nil {
			progress(b.Len())
		}
		return nil
	})
	if err == nil {
		// The client ends a stream quietly when reading fails: find out why.
		status, eof, berr := watch.state()
		switch {
		case ctx.Err() != nil:
			err = ctx.Err()
		case status != http.StatusOK:
			err = api.StatusError{StatusCode: status, ErrorMessage: "answered " + http.StatusText(status) + " instead of a reply (redirects are not followed)"}
		case berr != nil:
			err = berr
		case !eof:
			err = errCutOff
		}
	}
	if err != nil {
		return "", o.explain(ctx, err, budget)
	}
	return b.String(), nil
}

var (
	errReplyTooLarge = errors.New("reply too large")
	errCutOff        = errors.New("the reply stopped before its end (a line too long, or not Ollama's format)")
)

// explain turns the client's errors into ones that say what happened and
// what to do, wrapping ErrTimeout, ErrUnreachable, ErrJunk, ErrTooLarge,
// ErrRefused or ErrModelNotFound. Nothing the host sent reaches the message
// but a short, cleaned quote.
func (o *Ollama) explain(ctx context.Context, err error, timeout time.Duration) error {
	var se api.StatusError
	var ae api.AuthorizationError
	var ne net.Error
	var oe *net.OpError
	var syn *json.SyntaxError
	var ute *json.UnmarshalTypeError
	switch {
	case errors.Is(err, context.Canceled) && !errors.Is(context.Cause(ctx), context.DeadlineExceeded):
		return err
	case errors.Is(err, errReplyTooLarge) || errors.Is(err, errBodyTooLarge):
		return fmt.Errorf("%w: Ollama at %s sent more than %d KB; gave up", ErrTooLarge, o.Host, MaxReplyBytes>>10)
	case errors.As(err, &se) && (se.StatusCode == http.StatusNotFound || strings.Contains(se.ErrorMessage, "not found")):
		return fmt.Errorf("%w: Ollama at %s has no model %q (run `ollama pull %s`, or pick an installed one in Settings)", ErrModelNotFound, o.Host, o.Model, o.Model)
	case errors.As(err, &se):
		return fmt.Errorf("%w: Ollama at %s answered %d: %s", ErrRefused, o.Host, se.StatusCode, safetext.Clip(se.ErrorMessage, 200))
	case errors.As(err, &ae):
		return fmt.Errorf("%w: Ollama at %s asks to sign in (%d)", ErrRefused, o.Host, ae.StatusCode)
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("%w: Ollama at %s did not finish within %s (a smaller model is faster)", ErrTimeout, o.Host, roundDuration(timeout))
	case errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &oe) && oe.Op == "dial" || isDNS(err):
		return fmt.Errorf("%w: nothing answers at %s (is `ollama serve` running there?)", ErrUnreachable, o.Host)
	case errors.As(err, &syn) || errors.As(err, &ute) || errors.Is(err, errCutOff) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w (from %s): %s", ErrJunk, o.Host, safetext.Clip(err.Error(), 120))
	case errors.As(err, &oe) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF):
		return fmt.Errorf("%w: the connection to %s broke (%s)", ErrUnreachable, o.Host, safetext.Clip(err.Error(), 120))
	}
	// The client turns a line it cannot read into an error holding the
	// line itself: that is junk, and only a short, cleaned quote is kept.
	return fmt.Errorf("%w (from %s): %q", ErrJunk, o.Host, safetext.Clip(err.Error(), 80))
}

// roundDuration shows whole seconds, or hundredths under a second.
func roundDuration(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(10 * time.Millisecond)
}

func isDNS(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de)
}

// askJSON asks the model and decodes its answer into T, checking it with
// valid; an answer that does not parse or check is asked for once more.
// Both tries share one deadline: the LLM's Budget, when it has one. Every
// string of the answer is cleaned of control characters before it is
// checked, shown or stored.
func askJSON[T any](ctx context.Context, llm LLM, system, user string, schema string, valid func(*T) error, progress func(int)) (T, error) {
	var zero T
	if b, ok := llm.(interface{ Budget() time.Duration }); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, b.Budget())
		defer cancel()
	}
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
		cleanStrings(reflect.ValueOf(&out).Elem())
		if err := valid(&out); err != nil {
			lastErr = err
			continue
		}
		return out, nil
	}
	return zero, fmt.Errorf("%w: the model's answer was not usable twice (%s)", ErrJunk, safetext.Clip(lastErr.Error(), 160))
}

// cleanStrings cleans every string inside v (structs, slices, maps of
// strings) with safetext.Text.
func cleanStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(strings.TrimSpace(safetext.Text(v.String())))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanStrings(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			cleanStrings(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			cleanStrings(v.Index(i))
		}
	}
}

// Preload asks the server to load the model into memory (an empty
// generate request), so the first question does not wait for it.
func (o *Ollama) Preload(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	err := o.client.Generate(ctx, &api.GenerateRequest{Model: o.Model}, func(api.GenerateResponse) error { return nil })
	if err != nil {
		return o.explain(ctx, err, 2*time.Minute)
	}
	return nil
}
