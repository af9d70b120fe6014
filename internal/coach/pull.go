// Setting a local LLM up from inside the app: what Settings shows about
// the Ollama server (CheckSetup), which model to get for this machine
// (Recommend), whether the disk Ollama keeps its models on can take it
// (CheckSpace), and the download itself through Ollama's pull API (Pull).

package coach

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ollama/ollama/api"

	"nevermind/internal/safetext"
)

// ModelOffer is a model the app offers to download through Ollama.
type ModelOffer struct {
	Model string
	// SizeBytes is the download as Ollama's library lists it (decimal
	// units, rounded there: approximate).
	SizeBytes uint64
	// MinRAM is the least memory the model is recommended for.
	MinRAM uint64
}

// offers are Qwen 2.5 in three sizes, largest first: the small open family
// whose Korean reads best (PickModel prefers it too). The memory floors sit
// below the nominal 16 and 8 GB, because a machine sold with 16 GB reports
// 15-15.8 GiB once firmware and graphics take their share; a 4-bit 7B model
// needs about 5.5 GB while it answers, a 3B one about 2.5 GB.
var offers = []ModelOffer{
	{Model: "qwen2.5:7b", SizeBytes: 4_700_000_000, MinRAM: 14 << 30},
	{Model: "qwen2.5:3b", SizeBytes: 1_900_000_000, MinRAM: 7 << 30},
	{Model: "qwen2.5:1.5b", SizeBytes: 986_000_000},
}

// Offers lists the models the app offers to download, largest first.
func Offers() []ModelOffer { return slices.Clone(offers) }

// Why a model is recommended, for the interface to word.
const (
	WhyRoomy   = "roomy"   // memory enough for the 7B model
	WhyFits    = "fits"    // the 3B model fits
	WhySmall   = "small"   // little memory: the smallest model
	WhyUnknown = "unknown" // the memory could not be read: the smallest model
)

// Recommendation is the model to download for a machine, and why.
type Recommendation struct {
	ModelOffer
	RAM uint64 // the machine's memory in bytes; 0 when unknown
	Why string // WhyRoomy, WhyFits, WhySmall or WhyUnknown
}

// Recommend picks the offer for a machine with totalRAM bytes of memory
// (0 when unknown): the largest whose MinRAM it has, the smallest when the
// memory is unknown.
func Recommend(totalRAM uint64) Recommendation {
	small := offers[len(offers)-1]
	if totalRAM == 0 {
		return Recommendation{ModelOffer: small, Why: WhyUnknown}
	}
	for i, o := range offers {
		if totalRAM >= o.MinRAM {
			why := []string{WhyRoomy, WhyFits, WhySmall}[min(i, 2)]
			return Recommendation{ModelOffer: o, RAM: totalRAM, Why: why}
		}
	}
	return Recommendation{ModelOffer: small, RAM: totalRAM, Why: WhySmall}
}

// TotalMemory reports this machine's physical memory in bytes;
// errors.ErrUnsupported where the OS has no way to ask.
func TotalMemory() (uint64, error) { return totalMemory() }

// parseMeminfo reads MemTotal out of Linux's /proc/meminfo.
func parseMeminfo(r io.Reader) (uint64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			break
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil || kb == 0 {
			break
		}
		return kb << 10, nil
	}
	return 0, errors.New("no MemTotal line in /proc/meminfo")
}

// IsLocal reports whether host is this machine: a loopback or unspecified
// address, or localhost.
func IsLocal(host *url.URL) bool {
	h := strings.ToLower(host.Hostname())
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// OllamaModelDirs lists the folders where Ollama on this machine may keep
// its models, those that exist: OLLAMA_MODELS when set; else
// ~/.ollama/models (Windows, macOS, and Linux when Ollama runs as the user)
// and, on Linux, /usr/share/ollama/.ollama/models (the service the
// installer sets up). When none exists yet, the nearest existing folder
// above the first, the disk Ollama will create it on.
func OllamaModelDirs() []string {
	var cands []string
	if d := strings.TrimSpace(os.Getenv("OLLAMA_MODELS")); d != "" {
		cands = append(cands, d)
	} else {
		if home, err := os.UserHomeDir(); err == nil {
			cands = append(cands, filepath.Join(home, ".ollama", "models"))
		}
		if runtime.GOOS == "linux" {
			cands = append(cands, "/usr/share/ollama/.ollama/models")
		}
	}
	var dirs []string
	for _, d := range cands {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) > 0 || len(cands) == 0 {
		return dirs
	}
	for d := filepath.Dir(cands[0]); ; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return []string{d}
		}
		if filepath.Dir(d) == d {
			return nil
		}
	}
}

// PullMargin is the free space a download leaves beyond the model's size.
const PullMargin = 1 << 30

// NoSpaceError reports that the disk where Ollama keeps its models cannot
// take a model.
type NoSpaceError struct {
	Dir  string // the models folder with the most room
	Need uint64 // the model's size plus PullMargin
	Free uint64 // bytes available there
}

func (e *NoSpaceError) Error() string {
	return fmt.Sprintf("not enough disk space for the model in %s: need %.1f GB, %.1f GB free; free some space, or set OLLAMA_MODELS to a folder on a larger disk",
		e.Dir, float64(e.Need)/1e9, float64(e.Free)/1e9)
}

// CheckSpace fails with *NoSpaceError when host is this machine and none
// of the folders Ollama may keep its models in (OllamaModelDirs) has size
// plus PullMargin free. It passes when it cannot tell: a host elsewhere, an
// unknown size (0), no folder, free space that cannot be read. free is
// appdata.FreeSpace in the app.
func CheckSpace(host *url.URL, size uint64, free func(dir string) (uint64, error)) error {
	if size == 0 || free == nil || !IsLocal(host) {
		return nil
	}
	need := size + PullMargin
	var best *NoSpaceError
	for _, d := range OllamaModelDirs() {
		f, err := free(d)
		if err != nil || f >= need {
			return nil // unknown, or room enough: proceed
		}
		if best == nil || f > best.Free {
			best = &NoSpaceError{Dir: d, Need: need, Free: f}
		}
	}
	if best == nil {
		return nil
	}
	return best
}

// SetupState is how far the local LLM is set up at an address.
type SetupState int

// The states CheckSetup tells apart.
const (
	SetupDown    SetupState = iota // nothing answers at the address
	SetupNoModel                   // Ollama runs but has no model to use
	SetupMissing                   // Ollama runs without the model asked for
	SetupReady                     // Ollama runs with the model to use
)

// Setup is what CheckSetup found.
type Setup struct {
	State   SetupState
	Host    *url.URL
	Version string
	Models  []string // installed, sorted
	Model   string   // SetupReady: the one in use; SetupMissing: the one asked for
	Err     error    // SetupDown: why (wraps ErrUnreachable)
}

// CheckSetup finds the Ollama server (ResolveHost) and says what the app
// can use there: model when given, else the best installed (PickModel).
// Nothing answering is a state (SetupDown), not an error; the errors are
// ErrBadHost and the other LLM errors (ErrTimeout, ErrJunk, ErrRefused…).
func CheckSetup(ctx context.Context, host, model string, timeout time.Duration) (Setup, error) {
	u, err := ResolveHost(host)
	if err != nil {
		return Setup{}, fmt.Errorf("%w: %v", ErrBadHost, err)
	}
	s := Setup{Host: u, Model: safetext.Line(model)}
	st, err := Probe(ctx, u, timeout)
	switch {
	case errors.Is(err, ErrUnreachable):
		s.State, s.Err = SetupDown, err
		return s, nil
	case err != nil:
		return s, err
	}
	s.Version, s.Models = st.Version, st.Models
	switch {
	case s.Model != "" && HasModel(s.Models, s.Model):
		s.State = SetupReady
	case s.Model != "":
		s.State = SetupMissing
	default:
		if s.Model = PickModel(s.Models); s.Model == "" {
			s.State = SetupNoModel
		} else {
			s.State = SetupReady
		}
	}
	return s, nil
}

// HasModel reports whether model is among the installed models, reading a
// name without a tag as Ollama does (qwen2.5 is qwen2.5:latest).
func HasModel(installed []string, model string) bool {
	full := func(m string) string {
		m = strings.ToLower(strings.TrimSpace(m))
		if !strings.Contains(m, ":") {
			m += ":latest"
		}
		return m
	}
	want := full(model)
	return slices.ContainsFunc(installed, func(m string) bool { return full(m) == want })
}

// PullPhase is where a download through Ollama is.
type PullPhase int

// The phases of a download, in order.
const (
	PullStarting    PullPhase = iota // asking the library for the model's manifest
	PullDownloading                  // the model's layers arriving
	PullVerifying                    // Ollama checks the layers' digests
	PullWriting                      // Ollama writes the manifest
	PullDone                         // Ollama said success
)

// PullProgress is how far a download has come.
type PullProgress struct {
	Phase  PullPhase
	Status string // Ollama's own words, cleaned ("pulling 2bada8a74506")
	// Completed and Total add up every layer seen so far: Total grows when
	// a layer starts, Completed never goes back.
	Completed, Total int64
}

// Download errors, besides context.Canceled, the LLM errors and *PullError.
var (
	// ErrPullFailed is wrapped by every *PullError: Ollama said why it
	// could not download the model.
	ErrPullFailed = errors.New("Ollama could not download the model")
	// ErrPullCut means the download's stream stopped before Ollama said
	// it was done: the connection dropped, or Ollama stopped.
	ErrPullCut = errors.New("the download stopped before Ollama said it was done")
)

// PullError is Ollama's own reason for not downloading a model (an error
// line in the stream, or an error status with one).
type PullError struct {
	Model   string
	Status  int    // the HTTP status; 200 for an error line mid-stream
	Message string // Ollama's words, cleaned and clipped
}

func (e *PullError) Error() string {
	return fmt.Sprintf("Ollama could not download %s: %s", e.Model, e.Message)
}

// Is makes a *PullError match ErrPullFailed.
func (e *PullError) Is(target error) bool { return target == ErrPullFailed }

// pullIdle is how long a download may go without a line from Ollama
// before it is given up as stalled: Ollama sends one several times a
// second while it downloads, and nothing while it checks a layer's digest
// (about a minute for 5 GB on a slow disk).
var pullIdle = 3 * time.Minute

// maxPullLine bounds one line of the pull stream (Ollama's are under 200
// bytes). A download has no bound on its whole stream, which lasts as long
// as the download: memory is bounded by the line, time by pullIdle and
// the user's cancel.
const maxPullLine = 64 << 10

var (
	errStalled     = errors.New("no word from Ollama")
	errLineTooLong = errors.New("a line of the download's stream is too long")
)

// Pull has the Ollama server download o.Model from its library, calling
// progress (may be nil) on the caller's goroutine for each line Ollama
// sends. It returns nil only when Ollama said success. Errors:
// context.Canceled when ctx is cancelled (the stream is closed at once;
// Ollama keeps what it has and the next Pull resumes it); *PullError
// (Ollama's reason, wraps ErrPullFailed); ErrPullCut; ErrUnreachable;
// ErrRefused (an error status without Ollama's reason); ErrTimeout (no
// line for pullIdle); ErrJunk and ErrTooLarge (not Ollama's stream).
// The request goes to o.Host only, with no proxy and no redirect.
func (o *Ollama) Pull(ctx context.Context, progress func(PullProgress)) error {
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := time.AfterFunc(pullIdle, func() { cancel(errStalled) })
	defer idle.Stop()
	watch := &pullWatch{}
	ctx = context.WithValue(ctx, pullWatchKey{}, watch)

	hc := newHTTPClient(0) // no proxy, no redirects
	hc.Transport = pullTransport{base: hc.Transport.(boundedTransport).base}
	client := api.NewClient(o.Host, hc)

	var (
		layers = map[string][2]int64{} // digest: completed, total
		sum    PullProgress
		done   bool
	)
	stream := true
	err := client.Pull(ctx, &api.PullRequest{Model: o.Model, Stream: &stream}, func(r api.ProgressResponse) error {
		idle.Reset(pullIdle)
		sum.Status = safetext.Clip(r.Status, 80)
		switch st := strings.ToLower(r.Status); {
		case st == "success":
			sum.Phase, done = PullDone, true
		case strings.HasPrefix(st, "verifying"):
			sum.Phase = PullVerifying
		case strings.HasPrefix(st, "writing"), strings.HasPrefix(st, "removing"):
			sum.Phase = PullWriting
		case r.Digest != "" || strings.HasPrefix(st, "pulling ") && st != "pulling manifest":
			sum.Phase = PullDownloading
		}
		if r.Digest != "" && r.Total > 0 {
			l := layers[r.Digest]
			l[0], l[1] = max(l[0], min(r.Completed, r.Total)), max(l[1], r.Total)
			layers[r.Digest] = l
			sum.Completed, sum.Total = 0, 0
			for _, l := range layers {
				sum.Completed += l[0]
				sum.Total += l[1]
			}
		}
		if progress != nil {
			progress(sum)
		}
		return nil
	})
	status, eof, said, berr := watch.state()
	var se api.StatusError
	switch {
	case err == nil && done:
		return nil
	case parent.Err() != nil:
		return parent.Err()
	case errors.Is(context.Cause(ctx), errStalled):
		return fmt.Errorf("%w: Ollama at %s sent nothing for %s while downloading %s (try again; it resumes)", ErrTimeout, o.Host, roundDuration(pullIdle), o.Model)
	case said != "":
		code := status
		if errors.As(err, &se) {
			code = se.StatusCode
		}
		return &PullError{Model: o.Model, Status: code, Message: said}
	case errors.Is(err, errLineTooLong) || errors.Is(berr, errLineTooLong):
		return fmt.Errorf("%w: Ollama at %s sent a line over %d KB while downloading %s", ErrTooLarge, o.Host, maxPullLine>>10, o.Model)
	case errors.As(err, &se):
		return fmt.Errorf("%w: Ollama at %s answered %d to the download of %s: %s", ErrRefused, o.Host, se.StatusCode, o.Model, safetext.Clip(se.ErrorMessage, 120))
	case err != nil:
		return o.explain(ctx, err, pullIdle)
	case status != http.StatusOK:
		return fmt.Errorf("%w: Ollama at %s answered %d (%s) to the download of %s (redirects are not followed)", ErrRefused, o.Host, status, http.StatusText(status), o.Model)
	case berr != nil || !eof:
		why := "the connection closed"
		if berr != nil {
			why = safetext.Clip(berr.Error(), 120)
		}
		return fmt.Errorf("%w: the connection to Ollama at %s broke while downloading %s (%s); try again, it resumes", ErrPullCut, o.Host, o.Model, why)
	default:
		return fmt.Errorf("%w: Ollama at %s ended the download of %s without saying it was done; try again", ErrPullCut, o.Host, o.Model)
	}
}

// pullTransport is the transport of a download: like boundedTransport, but
// each line is bounded rather than the whole stream, and the body notes
// how it ended and the first reason Ollama gave in an error line (the
// Ollama client ends a stream quietly when reading fails, and turns an
// error line into a bare error).
type pullTransport struct{ base http.RoundTripper }

type pullWatchKey struct{}

// pullWatch is a bodyWatch that also keeps the first reason Ollama gave.
type pullWatch struct {
	bodyWatch
	said string // the first {"error": …} line's message
}

func (w *pullWatch) state() (status int, eof bool, said string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status, w.eof, w.said, w.err
}

func (t pullTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	w, _ := r.Context().Value(pullWatchKey{}).(*pullWatch)
	if w == nil {
		w = &pullWatch{}
	}
	w.setStatus(resp.StatusCode)
	resp.Body = &pullBody{rc: resp.Body, w: w}
	return resp, nil
}

// pullBody passes the stream through, reading its lines on the way.
type pullBody struct {
	rc   io.ReadCloser
	w    *pullWatch
	line []byte // the line so far, at most maxPullLine
}

func (b *pullBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	for rest := p[:n]; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		seg := rest
		if i >= 0 {
			seg, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(b.line)+len(seg) > maxPullLine {
			b.note(false, errLineTooLong)
			return 0, errLineTooLong
		}
		b.line = append(b.line, seg...)
		if i >= 0 {
			b.endLine()
		}
	}
	switch {
	case err == io.EOF:
		b.endLine()
		b.note(true, nil)
	case err != nil:
		b.note(false, err)
	}
	return n, err
}

// endLine notes Ollama's reason when the line is an error line.
func (b *pullBody) endLine() {
	defer func() { b.line = b.line[:0] }()
	if !bytes.Contains(b.line, []byte(`"error"`)) {
		return
	}
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(b.line, &e) != nil || strings.TrimSpace(e.Error) == "" {
		return
	}
	b.w.mu.Lock()
	if b.w.said == "" {
		b.w.said = safetext.Clip(e.Error, 200)
	}
	b.w.mu.Unlock()
}

func (b *pullBody) note(eof bool, err error) { b.w.note(eof, err) }

func (b *pullBody) Close() error { return b.rc.Close() }
