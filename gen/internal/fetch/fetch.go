// Package fetch downloads IANA's Service Name and Transport Protocol Port
// Number Registry and decides whether a downloaded version may replace
// the pinned one. It writes nothing: the generator's -update does that,
// after these checks, together with the tables, under its lock.
//
// Download refuses anything but a complete XML answer: status 200, an
// XML (not HTML) body, no more bytes than the size cap, exactly as many
// bytes as Content-Length announced. One timeout covers connecting,
// redirects and reading; at most MaxRedirects redirects are followed;
// loops and https-to-http downgrades are refused. There are no retries
// and no fallbacks: every failure is reported once, naming what
// happened. DownloadCSV fetches IANA's CSV rendering of the registry
// under the same rules, for -update's second witness.
//
// Check compares the new registry with the pinned one: a registry older
// than the pinned one, or one whose named records shrank by more than
// the allowed share, is refused unless forced; one dated more than
// FutureSlack after today is refused always (a wrong clock or a bad
// mirror, not a registry).
package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/svcreg/ianaports/internal/clip"
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

// ErrRefused is wrapped by the errors of the checks that -force
// overrides: a registry older than the pin, or one that lost too many
// named records.
var ErrRefused = errors.New("refused")

// FutureSlack is how far past today a registry's <updated> date may lie:
// IANA dates in its own time zone, which may be a day ahead.
const FutureSlack = 48 * time.Hour

// Options configure Download. The zero value of every field picks a
// default.
type Options struct {
	// Timeout bounds the whole download; 0 means DefaultTimeout.
	Timeout time.Duration

	// MaxSize caps the response body in bytes; 0 means DefaultMaxSize.
	MaxSize int64

	// Client supplies the transport, e.g. an httptest.Server's Client()
	// in tests; nil means http.DefaultTransport. The redirect policy and
	// the timeout are always this package's: the client is copied, never
	// modified.
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

// Response is a completed download.
type Response struct {
	FinalURL string // the URL that answered, after redirects
	Body     []byte // the complete body, at most the size cap
}

// Download GETs rawURL and returns the complete body once it has passed
// the download checks: status 200, an XML-ish Content-Type if any, a body
// that is not an HTML page, no larger than the cap and not cut short. It
// does not parse the XML.
func Download(ctx context.Context, rawURL string, opts Options) (*Response, error) {
	return download(ctx, rawURL, opts, xmlFile)
}

// DownloadCSV is Download for IANA's CSV rendering of the registry, under
// the same limits: it accepts CSV and generic Content-Types instead of
// XML ones.
func DownloadCSV(ctx context.Context, rawURL string, opts Options) (*Response, error) {
	return download(ctx, rawURL, opts, csvFile)
}

// fileKind is what a download expects: its name in messages, the Accept
// header, and the media types that announce it.
type fileKind struct {
	name, short, accept string
	types               []string
	suffix              string // also accepted: any type ending in it
}

var (
	xmlFile = fileKind{"the registry XML", "XML", "application/xml, text/xml;q=0.9, */*;q=0.1", []string{"text/xml", "application/xml"}, "+xml"}
	csvFile = fileKind{"the registry CSV", "CSV", "text/csv, */*;q=0.1", []string{"text/csv", "application/csv", "text/comma-separated-values"}, ""}
)

func download(ctx context.Context, rawURL string, opts Options, kind fileKind) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("GET %s: bad URL: %v", clip.Path(rawURL), clip.ForeignError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("GET %s: URL scheme must be http or https", clip.Path(rawURL))
	}
	d := opts.timeout()
	ctx, cancel := context.WithTimeoutCause(ctx, d, &timeoutError{d: d})
	defer cancel()
	fail := func(err error) (*Response, error) {
		return nil, fmt.Errorf("GET %s: %w", clip.Path(rawURL), err)
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fail(clip.ForeignError(explain(ctx, err)))
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", kind.accept)

	resp, err := client(opts.Client).Do(req)
	if err != nil {
		// On a redirect refusal Do also returns a response whose body it
		// has already closed; there is nothing to use in it.
		return fail(clip.ForeignError(explain(ctx, err)))
	}
	defer resp.Body.Close()
	out := &Response{FinalURL: resp.Request.URL.String()}
	via := ""
	if out.FinalURL != rawURL {
		via = " (from " + clip.Path(out.FinalURL) + ")"
	}

	if resp.StatusCode != http.StatusOK {
		return fail(fmt.Errorf("%s%s", clip.Text(resp.Status), via))
	}

	ct := resp.Header.Get("Content-Type")
	if err := checkContentType(ct, kind); err != nil {
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
		return fail(fmt.Errorf("%w while reading the body (got %d bytes)", clip.ForeignError(explain(ctx, err)), n))
	case err != nil && resp.ContentLength >= 0:
		return fail(fmt.Errorf("body truncated: got %d of %d bytes (%v)%s", n, resp.ContentLength, clip.ForeignError(err), via))
	case err != nil:
		return fail(fmt.Errorf("body truncated: connection failed after %d bytes (%v)%s", n, clip.ForeignError(err), via))
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return fail(fmt.Errorf("body truncated: got %d of %d bytes%s", n, resp.ContentLength, via))
	case n == 0:
		return fail(fmt.Errorf("empty response body%s", via))
	}
	if looksLikeHTML(body) {
		return fail(fmt.Errorf("server sent an HTML page, not %s (Content-Type %s, body starts %s)%s", kind.name, clip.Quote(ct), clip.Quote(bytes.TrimSpace(body)), via))
	}
	out.Body = body
	return out, nil
}

// Fetch downloads the registry from rawURL and parses it in full, with
// the parser's every check; messages name the URL as the file.
func Fetch(ctx context.Context, rawURL string, opts Options) (*registry.Registry, []byte, error) {
	resp, err := Download(ctx, rawURL, opts)
	if err != nil {
		return nil, nil, err
	}
	reg, err := registry.ParseBytes(rawURL, resp.Body)
	if err != nil {
		return nil, nil, err
	}
	return reg, resp.Body, nil
}

// Policy is what Check allows.
type Policy struct {
	// MaxDrop is the largest share of the old registry's named records
	// (0.05 is 5%) the new one may lack; 0 allows none to disappear.
	MaxDrop float64
	// Force accepts an older registry or a larger loss. It does not
	// relax the date-in-the-future check.
	Force bool
	// Now is today, for the future-date check.
	Now time.Time
}

// Check decides whether next may replace old. Refusals that Force
// overrides wrap ErrRefused.
func Check(old, next *registry.Registry, p Policy) error {
	updated, err := time.Parse("2006-01-02", next.Updated)
	if err != nil {
		return fmt.Errorf("registry <updated> %q: %v", next.Updated, err)
	}
	if updated.After(p.Now.Add(FutureSlack)) {
		return fmt.Errorf("registry is dated %s, more than %v after today (%s): a wrong clock here or a bad mirror; refused",
			next.Updated, FutureSlack, p.Now.UTC().Format("2006-01-02"))
	}
	if p.Force || old == nil {
		return nil
	}
	if err := Older(old.Updated, next.Updated); err != nil {
		return err
	}
	removed, named := RemovedNamed(old, next)
	if len(removed) > 0 && float64(len(removed)) > p.MaxDrop*float64(named) {
		first := make([]string, 0, 5)
		for _, r := range removed[:min(len(removed), 5)] {
			first = append(first, clip.Text(r))
		}
		return refusal(fmt.Sprintf("%d of the pinned registry's %d named records (%.2f%%) are gone, more than the %.4g%% allowed by -max-drop (first: %s); use -force to accept",
			len(removed), named, 100*float64(len(removed))/float64(named), 100*p.MaxDrop, strings.Join(first, ", ")))
	}
	return nil
}

// Older refuses a registry dated before the pinned one; it is the one
// wording of that refusal, for -update and for an XML dropped into data/
// by hand alike. Dates are the registry's YYYY-MM-DD <updated>, which
// compare as strings. The error wraps ErrRefused: -force overrides it.
func Older(pinned, next string) error {
	if next < pinned {
		return refusal(fmt.Sprintf("registry is dated %s, older than the pinned %s; use -force to accept", next, pinned))
	}
	return nil
}

// RemovedNamed lists the named records of old that next lacks, by
// identity (name under registry.FoldName, protocol, number), as "name
// number/protocol"; named counts old's named records. Reserved and
// Unassigned rows have no name and do not count: they split whenever a
// port in their range is assigned.
func RemovedNamed(old, next *registry.Registry) (removed []string, named int) {
	key := func(r *registry.Record) string {
		return registry.FoldName(r.Name) + "\x00" + r.Protocol + "\x00" + r.Number
	}
	have := make(map[string]bool, len(next.Records))
	for i := range next.Records {
		if r := &next.Records[i]; r.Name != "" {
			have[key(r)] = true
		}
	}
	seen := map[string]bool{}
	for i := range old.Records {
		r := &old.Records[i]
		if r.Name == "" || seen[key(r)] {
			continue
		}
		seen[key(r)] = true
		named++
		if !have[key(r)] {
			label := r.Name
			if r.HasNumber {
				label += " " + r.Number
			}
			if r.Protocol != "" {
				label += "/" + r.Protocol
			}
			removed = append(removed, label)
		}
	}
	return removed, named
}

// refusal is an error that -force overrides; it matches ErrRefused.
type refusal string

func (r refusal) Error() string { return string(r) }
func (r refusal) Unwrap() error { return ErrRefused }

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
			return fmt.Errorf("redirect loop: %s redirects back to %s", clip.Path(via[len(via)-1].URL.String()), clip.Path(next))
		}
	}
	if len(via) >= MaxRedirects {
		return fmt.Errorf("stopped after %d redirects (the next was to %s)", len(via), clip.Path(next))
	}
	if prev := via[len(via)-1].URL; prev.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("refused redirect from %s to %s: it leaves https", clip.Path(prev.String()), clip.Path(next))
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

// checkContentType accepts a missing Content-Type, the kind's types, and
// the generic types mirrors use for files; it refuses HTML and anything
// else.
func checkContentType(ct string, kind fileKind) error {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return fmt.Errorf("server sent an HTML page, not %s (Content-Type %s)", kind.name, clip.Quote(ct))
	case slices.Contains(kind.types, mt) || kind.suffix != "" && strings.HasSuffix(mt, kind.suffix):
		return nil
	case mt == "application/octet-stream" || mt == "binary/octet-stream" || mt == "text/plain":
		return nil // generic; the body is sniffed and parsed anyway
	}
	return fmt.Errorf("server sent Content-Type %s, not %s", clip.Quote(ct), kind.short)
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
