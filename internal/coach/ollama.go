// Package coach writes personalised questions and evaluates answers through
// a local LLM served by Ollama, with an offline generator when none is
// reachable. This file finds and probes the Ollama server.
package coach

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"nevermind/internal/safetext"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ollama/ollama/api"
)

// DefaultHost is where Ollama listens unless told otherwise.
const DefaultHost = "127.0.0.1:11434"

// ResolveHost picks the Ollama address: the explicit value (flag or
// setting) if given, else OLLAMA_HOST as the ollama CLI reads it, else
// 127.0.0.1:11434.
func ResolveHost(explicit string) (*url.URL, error) {
	s := strings.TrimSpace(explicit)
	if s == "" {
		s = strings.TrimSpace(os.Getenv("OLLAMA_HOST"))
	}
	if s == "" {
		s = DefaultHost
	}
	return ParseHost(s)
}

// ParseHost reads an Ollama address the way the ollama CLI reads
// OLLAMA_HOST: "host", "host:port", ":port", or a URL with http or https.
// Without a scheme the port defaults to 11434; with http to 80, https to 443.
func ParseHost(s string) (*url.URL, error) {
	defaultPort := "11434"
	scheme, hostport, ok := strings.Cut(strings.TrimSpace(s), "://")
	switch {
	case !ok:
		scheme, hostport = "http", scheme
	case scheme == "http":
		defaultPort = "80"
	case scheme == "https":
		defaultPort = "443"
	default:
		return nil, fmt.Errorf("ollama address %q: use http:// or https://", s)
	}
	hostport, path, _ := strings.Cut(hostport, "/")
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = "127.0.0.1", defaultPort
		if ip := net.ParseIP(strings.Trim(hostport, "[]")); ip != nil {
			host = ip.String()
		} else if hostport != "" {
			host = hostport
		}
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return nil, fmt.Errorf("ollama address %q: port %q is not a number from 1 to 65535", s, port)
	}
	u := &url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port)}
	if path != "" {
		u.Path = "/" + path
	}
	return u, nil
}

// Status is what a probe of the Ollama server found.
type Status struct {
	Host    string   `json:"host"`
	Version string   `json:"version,omitempty"`
	Models  []string `json:"models"`
}

// Probe asks the Ollama server at host for its version and installed models.
func Probe(ctx context.Context, host *url.URL, timeout time.Duration) (Status, error) {
	st := Status{Host: host.String(), Models: []string{}}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c := api.NewClient(host, newHTTPClient(timeout))
	o := &Ollama{Host: host}
	v, err := c.Version(ctx)
	if err != nil {
		return st, o.explain(ctx, err, timeout)
	}
	st.Version = safetext.Clip(v, 40)
	list, err := c.List(ctx)
	if err != nil {
		return st, o.explain(ctx, err, timeout)
	}
	for _, m := range list.Models {
		if n := safetext.Clip(m.Name, 120); n != "" {
			st.Models = append(st.Models, n)
		}
	}
	sort.Strings(st.Models)
	return st, nil
}

// ErrNoModels means the Ollama server runs but has no model installed.
var ErrNoModels = errors.New("Ollama has no models")

// ErrBadHost means the Ollama address does not read.
var ErrBadHost = errors.New("the Ollama address does not read")

// Resolve finds the Ollama server (ResolveHost) and a model: model when
// given, else the best installed (PickModel). Errors: ErrBadHost,
// ErrUnreachable and the other LLM errors, ErrNoModels.
func Resolve(ctx context.Context, host, model string) (*Ollama, error) {
	u, err := ResolveHost(host)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadHost, err)
	}
	o := NewOllama(u, model)
	models, err := o.Models(ctx)
	if err != nil {
		return nil, err
	}
	if model == "" {
		if o.Model = PickModel(models); o.Model == "" {
			return nil, fmt.Errorf("%w at %s", ErrNoModels, u)
		}
	}
	return o, nil
}
