// Package fetch downloads IANA's Service Name and Transport Protocol Port
// Number Registry and replaces the local copy (the data file) and its pin
// (data/registry.json) safely.
//
// Safety properties of [Update]:
//
//   - Nothing is written until the whole response has arrived and been
//     checked: status 200, an XML (not HTML) body, no more bytes than the
//     size cap, exactly as many bytes as Content-Length announced, and a
//     document the registry package parses and validates in full.
//   - Every network step is bounded: one overall timeout covers connecting,
//     redirects and reading the body; at most [MaxRedirects] redirects are
//     followed, loops and https-to-http downgrades are refused; the body is
//     read through a cap, so an endless response cannot exhaust memory.
//   - A registry older than the pinned one, or one that lost more than
//     MaxDrop of the pinned records, is refused (wrapping [ErrRefused])
//     unless Options.Force is set: a stale mirror or a partial export
//     never silently replaces good data.
//   - The data file and the pin are replaced together with
//     atomicfile.WriteFiles: both are written in full to temporary files
//     beside their targets and synced before either is renamed into
//     place, so a failed write changes neither and leaves no temporary
//     file behind. (Only a rename failing between the two renames, e.g.
//     the pin's directory vanishing, could separate them.)
//   - A conditional GET (If-None-Match / If-Modified-Since from the pin) is
//     sent only when the local data file matches the pin byte for byte, so
//     a 304 Not Modified can never leave a missing or damaged data file in
//     place. A 304 changes nothing.
//   - There are no retries and no fallbacks: every failure is reported once,
//     naming what happened (status, timeout, truncation, cap, redirects,
//     the parser's file:line:record message).
//
// [FetchToFile] is the download-only path, for a generator that finds its
// data file missing: it applies the same download checks and parsing, and
// atomically writes only the data file.
package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/svcreg/ianaports/gen/internal/atomicfile"
	"github.com/svcreg/ianaports/gen/internal/pin"
	"github.com/svcreg/ianaports/internal/registry"
)

const (
	// DefaultTimeout bounds a whole download: connecting, redirects and
	// reading the body.
	DefaultTimeout = 60 * time.Second

	// DefaultMaxSize caps the response body, in bytes.
	DefaultMaxSize = registry.DefaultMaxSize

	// DefaultMaxDrop is the largest share of the pinned record count a
	// new registry may lose before Update refuses it (5%).
	DefaultMaxDrop = 0.05

	// MaxRedirects is how many redirects a download follows.
	MaxRedirects = 5
)

// UserAgent is sent with every request.
const UserAgent = "ianaports-gen/1 (+https://github.com/svcreg/ianaports; registry update)"

// ErrRefused is wrapped by the errors of the checks that Options.Force
// overrides: a registry older than the pin, or one that dropped too many
// records.
var ErrRefused = errors.New("refused")

// Options configure Update, Download and FetchToFile. The zero value of
// every field picks a default.
type Options struct {
	// URL to download from. Update defaults to the pin's URL, then to
	// pin.DefaultURL; Download and FetchToFile take the URL as argument.
	URL string

	// DataPath is the registry XML file (e.g.
	// data/service-names-port-numbers.xml) and PinPath the pin (e.g.
	// data/registry.json). Update requires both.
	DataPath string
	PinPath  string

	// Timeout bounds the whole download; 0 means DefaultTimeout.
	Timeout time.Duration

	// MaxSize caps the response body in bytes; 0 means DefaultMaxSize.
	MaxSize int64

	// MaxDrop is the largest share of the pinned record count (0.05 is
	// 5%) a new registry may lose; 0 means DefaultMaxDrop and a negative
	// value allows no loss at all. Update only.
	MaxDrop float64

	// Force accepts a registry older than the pin or one that dropped
	// more than MaxDrop of the records. It does not relax any download
	// or parsing check. Update only.
	Force bool

	// WantSHA256, if set, makes FetchToFile refuse (and write nothing
	// for) a download whose SHA-256 differs, e.g. the committed pin's.
	WantSHA256 string

	// Derived, if set, renders files that must change together with the
	// data file and the pin (the generated tables), from the new
	// registry. Update writes them in the same atomic step, or writes
	// nothing when Derived fails. Update only.
	Derived func(*registry.Registry) (map[string][]byte, error)

	// Client supplies the transport (and cookie jar), e.g. an
	// httptest.Server's Client() in tests; nil means
	// http.DefaultTransport. The redirect policy and the timeout are
	// always this package's: the client is copied, never modified.
	Client *http.Client
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

func (o Options) maxSize() int64 {
	if o.MaxSize > 0 {
		return o.MaxSize
	}
	return DefaultMaxSize
}

func (o Options) maxDrop() float64 {
	switch {
	case o.MaxDrop > 0:
		return o.MaxDrop
	case o.MaxDrop < 0:
		return 0
	}
	return DefaultMaxDrop
}

// Validators are the HTTP cache validators of a previous download; a
// non-empty one makes Download send a conditional GET.
type Validators struct {
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
}

// Response is a completed download.
type Response struct {
	URL          string // the URL asked for
	FinalURL     string // the URL that answered, after redirects
	NotModified  bool   // the server answered 304 Not Modified; Body is nil
	Body         []byte // the complete body, at most the size cap
	ETag         string // response validators, for the next conditional GET
	LastModified string
}

// Download GETs rawURL and returns the complete body once it has passed
// the download checks: status 200 (or 304 to a conditional request),
// an XML-ish Content-Type if any, a body that is not an HTML page, no
// larger than the cap and not cut short. It does not parse the XML.
func Download(ctx context.Context, rawURL string, v Validators, opts Options) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("GET %s: bad URL: %v", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("GET %s: URL scheme must be http or https", rawURL)
	}
	d := opts.timeout()
	ctx, cancel := context.WithTimeoutCause(ctx, d, &timeoutError{d: d})
	defer cancel()
	fail := func(err error) (*Response, error) {
		return nil, fmt.Errorf("GET %s: %w", rawURL, err)
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fail(explain(ctx, err))
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/xml, text/xml;q=0.9, */*;q=0.1")
	conditional := v.ETag != "" || v.LastModified != ""
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}

	resp, err := client(opts.Client).Do(req)
	if err != nil {
		// On a redirect refusal Do also returns a response whose body it
		// has already closed; there is nothing to use in it.
		return fail(explain(ctx, err))
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          rawURL,
		FinalURL:     resp.Request.URL.String(),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	via := ""
	if out.FinalURL != rawURL {
		via = " (from " + out.FinalURL + ")"
	}

	switch {
	case resp.StatusCode == http.StatusNotModified && conditional:
		out.NotModified = true
		return out, nil
	case resp.StatusCode == http.StatusNotModified:
		return fail(fmt.Errorf("server answered 304 Not Modified to an unconditional request%s", via))
	case resp.StatusCode != http.StatusOK:
		return fail(fmt.Errorf("%s%s", resp.Status, via))
	}

	ct := resp.Header.Get("Content-Type")
	if err := checkContentType(ct); err != nil {
		return fail(fmt.Errorf("%w%s", err, via))
	}
	max := opts.maxSize()
	if resp.ContentLength > max {
		return fail(fmt.Errorf("response exceeds the %d-byte cap (Content-Length %d)%s", max, resp.ContentLength, via))
	}

	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	n := int64(len(body))
	switch {
	case n > max:
		return fail(fmt.Errorf("response exceeds the %d-byte cap%s", max, via))
	case err != nil && ctx.Err() != nil:
		return fail(fmt.Errorf("%w while reading the body (got %d bytes)", explain(ctx, err), n))
	case err != nil && resp.ContentLength >= 0:
		return fail(fmt.Errorf("body truncated: got %d of %d bytes (%v)%s", n, resp.ContentLength, err, via))
	case err != nil:
		return fail(fmt.Errorf("body truncated: connection failed after %d bytes (%v)%s", n, err, via))
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return fail(fmt.Errorf("body truncated: got %d of %d bytes%s", n, resp.ContentLength, via))
	case n == 0:
		return fail(fmt.Errorf("empty response body%s", via))
	}
	if looksLikeHTML(body) {
		return fail(fmt.Errorf("server sent an HTML page, not the registry XML (Content-Type %q, body starts %q)%s", ct, clip(body), via))
	}
	out.Body = body
	return out, nil
}

// FetchToFile downloads the registry from rawURL, checks and parses it
// like Update, and atomically writes it to path. It leaves any pin alone
// and applies no age or record-count check; compare the returned pin,
// which describes what was written, with the committed one (or set
// opts.WantSHA256 to have a mismatch refused before anything is
// written). On error, path is untouched.
func FetchToFile(ctx context.Context, rawURL, path string, opts Options) (pin.Pin, error) {
	resp, err := Download(ctx, rawURL, Validators{}, opts)
	if err != nil {
		return pin.Pin{}, err
	}
	reg, err := registry.ParseBytes(rawURL, resp.Body)
	if err != nil {
		return pin.Pin{}, err
	}
	p := pinFor(reg, resp)
	if opts.WantSHA256 != "" && !strings.EqualFold(opts.WantSHA256, p.SHA256) {
		return pin.Pin{}, fmt.Errorf("%s serves a registry dated %s with sha256 %s, not the pinned sha256 %s; nothing written (update the pin with -update)",
			rawURL, p.Updated, p.SHA256, opts.WantSHA256)
	}
	if err := atomicfile.WriteFile(path, resp.Body, 0o644); err != nil {
		return pin.Pin{}, fmt.Errorf("write %s: %w", path, err)
	}
	return p, nil
}

// Status says what Update did.
type Status int

const (
	// NotModified: the server answered 304 to the conditional GET;
	// nothing was written.
	NotModified Status = iota
	// SameContent: the server sent the pinned bytes again. The data
	// file and pin are (re)written only to restore a missing or altered
	// data file, or to record a changed URL or HTTP validators
	// (Result.Wrote says whether they were).
	SameContent
	// Updated: a different registry passed every check; the data file
	// and the pin were replaced together.
	Updated
)

func (s Status) String() string {
	switch s {
	case NotModified:
		return "not modified"
	case SameContent:
		return "same content"
	case Updated:
		return "updated"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Result reports what Update did.
type Result struct {
	Status Status
	URL    string  // the URL asked for
	HadPin bool    // whether a pin existed before
	Old    pin.Pin // the pin before (zero if there was none)
	New    pin.Pin // the pin after; equal to Old unless Wrote
	Wrote  bool    // whether the data file and pin were written

	// Registry is the parsed new registry; nil when NotModified.
	Registry *registry.Registry
}

// String is a one-line summary for the user.
func (r Result) String() string {
	switch r.Status {
	case NotModified:
		return fmt.Sprintf("not modified: %s still serves the pinned registry of %s (304 Not Modified)", r.URL, r.Old.Updated)
	case SameContent:
		s := fmt.Sprintf("same content: %s serves the pinned registry of %s (%d records, sha256 %.12s)", r.URL, r.New.Updated, r.New.Records, r.New.SHA256)
		if r.Wrote {
			s += "; data file and pin rewritten"
		}
		return s
	case Updated:
		if !r.HadPin {
			return fmt.Sprintf("updated from nothing to %s", describe(r.New))
		}
		return fmt.Sprintf("updated from %s to %s", describe(r.Old), describe(r.New))
	}
	return r.Status.String()
}

func describe(p pin.Pin) string {
	return fmt.Sprintf("%s (%d records, sha256 %.12s)", p.Updated, p.Records, p.SHA256)
}

// Update is the whole safe update: download (conditionally, when the
// local data file matches the pin), parse and validate in memory, refuse
// an older or shrunken registry unless opts.Force, and replace the data
// file and the pin together. Every error before the final write leaves
// both files as they were; see the package documentation for the write
// itself.
func Update(ctx context.Context, opts Options) (Result, error) {
	if opts.DataPath == "" || opts.PinPath == "" {
		return Result{}, errors.New("fetch.Update: Options.DataPath and Options.PinPath are required")
	}
	var res Result
	old, err := pin.Read(opts.PinPath)
	switch {
	case err == nil:
		res.HadPin = true
		res.Old = old
	case errors.Is(err, fs.ErrNotExist):
	default:
		return res, fmt.Errorf("read pin: %w", err)
	}
	res.New = res.Old

	u := opts.URL
	if u == "" {
		u = old.URL
	}
	if u == "" {
		u = pin.DefaultURL
	}
	res.URL = u

	// Only ask "has it changed?" if the local copy really is the pinned
	// one; otherwise a 304 would leave a missing or altered file in place.
	var v Validators
	local, err := os.ReadFile(opts.DataPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("read data file: %w", err)
	}
	localOK := err == nil && res.HadPin && sha(local) == old.SHA256
	if localOK {
		v = Validators{ETag: old.ETag, LastModified: old.LastModified}
	}

	resp, err := Download(ctx, u, v, opts)
	if err != nil {
		return res, err
	}
	if resp.NotModified {
		res.Status = NotModified
		return res, nil
	}

	reg, err := registry.ParseBytes(u, resp.Body)
	if err != nil {
		return res, err
	}
	res.Registry = reg
	np := pinFor(reg, resp)
	np.URL = u

	if res.HadPin && np.SHA256 == old.SHA256 {
		res.Status = SameContent
		if localOK && np == old {
			return res, nil
		}
	} else {
		res.Status = Updated
		if res.HadPin && !opts.Force {
			if err := checkAgainstPin(old, np, opts.maxDrop()); err != nil {
				return res, err
			}
		}
	}

	files := map[string][]byte{}
	if opts.Derived != nil {
		if files, err = opts.Derived(reg); err != nil {
			return res, err
		}
	}
	files[opts.DataPath] = resp.Body
	files[opts.PinPath] = np.Marshal()
	if err := atomicfile.WriteFiles(files, 0o644); err != nil {
		return res, fmt.Errorf("write %s and %s: %w", opts.DataPath, opts.PinPath, err)
	}
	res.New = np
	res.Wrote = true
	return res, nil
}

// checkAgainstPin refuses a registry older than the pin, or one that
// dropped more than maxDrop of the pinned records.
func checkAgainstPin(old, np pin.Pin, maxDrop float64) error {
	// YYYY-MM-DD dates compare as strings.
	if old.Updated != "" && np.Updated < old.Updated {
		return refusal(fmt.Sprintf("registry is dated %s, older than the pinned %s; use -force to accept", np.Updated, old.Updated))
	}
	if old.Records > 0 && np.Records < old.Records {
		drop := old.Records - np.Records
		if float64(drop) > maxDrop*float64(old.Records) {
			return refusal(fmt.Sprintf("registry has %d records, %d (%.1f%%) fewer than the pinned %d, more than the %.4g%% allowed; use -force to accept",
				np.Records, drop, 100*float64(drop)/float64(old.Records), old.Records, 100*maxDrop))
		}
	}
	return nil
}

// refusal is an error that Options.Force overrides; it matches ErrRefused.
type refusal string

func (r refusal) Error() string { return string(r) }
func (r refusal) Unwrap() error { return ErrRefused }

func pinFor(reg *registry.Registry, resp *Response) pin.Pin {
	return pin.Pin{
		Updated:      reg.Updated,
		SHA256:       reg.SHA256,
		URL:          resp.URL,
		Records:      len(reg.Records),
		Size:         reg.Size,
		ETag:         resp.ETag,
		LastModified: resp.LastModified,
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// client returns a copy of c (or a default client) with this package's
// redirect policy.
func client(c *http.Client) *http.Client {
	var cc http.Client
	if c != nil {
		cc = *c
	}
	cc.Timeout = 0 // the context carries the one overall timeout
	cc.CheckRedirect = checkRedirect
	return &cc
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	next := req.URL.String()
	for _, v := range via {
		if v.URL.String() == next {
			return fmt.Errorf("redirect loop: %s redirects back to %s", via[len(via)-1].URL, next)
		}
	}
	if len(via) >= MaxRedirects {
		return fmt.Errorf("stopped after %d redirects (the next was to %s)", len(via), next)
	}
	if prev := via[len(via)-1].URL; prev.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("refused redirect from %s to %s: it leaves https", prev, next)
	}
	return nil
}

// timeoutError is the cause of the download context's deadline.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string { return "timed out after " + e.d.String() }
func (e *timeoutError) Unwrap() error { return context.DeadlineExceeded }
func (e *timeoutError) Timeout() bool { return true }

// explain turns a client error into what happened: the timeout, the
// caller's cancellation, or the underlying error without net/url's
// `Get "…":` wrapping (the caller names the URL itself).
func explain(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if cause := context.Cause(ctx); cause != nil {
			return cause
		}
		return ctx.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// checkContentType accepts a missing Content-Type, XML types, and the
// generic types mirrors use for files; it refuses HTML and anything else.
func checkContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return fmt.Errorf("server sent an HTML page, not the registry XML (Content-Type %q)", ct)
	case mt == "text/xml" || mt == "application/xml" || strings.HasSuffix(mt, "+xml"):
		return nil
	case mt == "application/octet-stream" || mt == "binary/octet-stream" || mt == "text/plain":
		return nil // generic; the body is sniffed and parsed anyway
	}
	return fmt.Errorf("server sent Content-Type %q, not XML", ct)
}

var htmlStarts = []string{
	"<!doctype html", "<html", "<head", "<body", "<script", "<title",
	"<style", "<iframe", "<table", "<div", "<p", "<h1", "<br", "<a",
}

// looksLikeHTML reports whether body starts, after a BOM, white space,
// XML declarations, processing instructions and comments, like an HTML
// page.
func looksLikeHTML(body []byte) bool {
	b := body
	if len(b) > 4096 {
		b = b[:4096]
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			end = []byte("-->")
		}
		if end == nil {
			break
		}
		i := bytes.Index(b, end)
		if i < 0 {
			return false
		}
		b = b[i+len(end):]
	}
	lower := bytes.ToLower(b)
	for _, s := range htmlStarts {
		if bytes.HasPrefix(lower, []byte(s)) {
			rest := lower[len(s):]
			if len(rest) == 0 || rest[0] == '>' || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n' || rest[0] == '/' {
				return true
			}
		}
	}
	return false
}

// clip returns the start of b, for messages.
func clip(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
