package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcreg/ianaports/gen/internal/pin"
	ifix "github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

const (
	newestSHA = "4bbf00ef4dd194ea3098d090b42a832c0f8aef704699956a4a7e24576a49631b"

	pinnedETag = `"v1"`
	pinnedLM   = "Mon, 17 Aug 2026 08:00:00 GMT"
)

// realRegistries returns the committed real registries: the pinned one
// (2026-08-17) and the 2025-03-28 fixture.
func realRegistries(t *testing.T) (newestXML, olderXML []byte) {
	t.Helper()
	newest, err := os.ReadFile(ifix.Pinned(t))
	if err != nil {
		t.Fatal(err)
	}
	return newest, ifix.Read(t, ifix.Registry20250328)
}

var (
	pinMu    sync.Mutex
	pinCache = map[string]pin.Pin{}
)

// pinOf is the pin a previous download of data would have left.
func pinOf(t *testing.T, data []byte) pin.Pin {
	t.Helper()
	key := sha(data)
	pinMu.Lock()
	defer pinMu.Unlock()
	if p, ok := pinCache[key]; ok {
		return p
	}
	reg, err := registry.ParseBytes("start", data)
	if err != nil {
		t.Fatalf("parse start state: %v", err)
	}
	p := pin.Pin{
		Updated: reg.Updated, SHA256: reg.SHA256, URL: pin.DefaultURL,
		Records: len(reg.Records), Size: reg.Size,
		ETag: pinnedETag, LastModified: pinnedLM,
	}
	pinCache[key] = p
	return p
}

// fixture builds a small valid registry with n records.
func fixture(updated string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n")
	b.WriteString(`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n")
	b.WriteString("  <title>Service Name and Transport Protocol Port Number Registry</title>\n")
	fmt.Fprintf(&b, "  <updated>%s</updated>\n", updated)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  <record>\n    <name>svc%d</name>\n    <protocol>tcp</protocol>\n    <number>%d</number>\n    <description>Service %d</description>\n  </record>\n", i, 1000+i, i)
	}
	b.WriteString("  <people>\n  </people>\n</registry>\n")
	return b.Bytes()
}

// cutRecords keeps the first keep records of a registry document (a
// real one or a fixture) and drops the rest, leaving it valid.
func cutRecords(t *testing.T, data []byte, keep int) []byte {
	t.Helper()
	starts := regexp.MustCompile(`(?m)^  <record[ >]`).FindAllIndex(data, -1)
	if len(starts) <= keep {
		t.Fatalf("cutRecords: only %d records", len(starts))
	}
	end := bytes.Index(data, []byte("\n  <people>"))
	if end < 0 {
		t.Fatal("cutRecords: no <people>")
	}
	out := append([]byte(nil), data[:starts[keep][0]]...)
	return append(out, data[end+1:]...)
}

// redate replaces the registry's <updated> date.
func redate(t *testing.T, data []byte, date string) []byte {
	t.Helper()
	re := regexp.MustCompile(`<updated>\d{4}-\d\d-\d\d</updated>`)
	loc := re.FindIndex(data)
	if loc == nil {
		t.Fatal("redate: no <updated>")
	}
	out := append([]byte(nil), data[:loc[0]]...)
	out = append(out, "<updated>"+date+"</updated>"...)
	return append(out, data[loc[1]:]...)
}

// state is a temp dir holding a data file and a pin, as a previous
// update would have left them.
type state struct {
	dir, data, pin string
}

func newState(t *testing.T, start []byte) state {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := state{dir: dir, data: filepath.Join(dir, "service-names-port-numbers.xml"), pin: filepath.Join(dir, "registry.json")}
	if start != nil {
		if err := os.WriteFile(s.data, start, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := pin.Write(s.pin, pinOf(t, start)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s state) read(t *testing.T) (data, pinBytes []byte) {
	t.Helper()
	data, err := os.ReadFile(s.data)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	pinBytes, err = os.ReadFile(s.pin)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return data, pinBytes
}

// checkNoStrays fails if the directory holds anything but the data file
// and the pin (a leftover temporary file, say).
func (s state) checkNoStrays(t *testing.T) {
	t.Helper()
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if p := filepath.Join(s.dir, e.Name()); p != s.data && p != s.pin {
			t.Errorf("stray file left behind: %s", e.Name())
		}
	}
}

// serve starts a server for h, closed when the test ends, and returns the
// registry URL on it and a client for it.
func serve(t *testing.T, h http.Handler) (string, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + "/registry.xml", srv.Client()
}

func xmlHandler(body []byte, etag, lastMod string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		if lastMod != "" {
			w.Header().Set("Last-Modified", lastMod)
		}
		w.Write(body)
	}
}

const htmlPage = "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n<body><h1>Service Unavailable</h1></body></html>\n"

type faultCase struct {
	name  string
	start []byte // pre-existing data file (and its pin); nil: none
	// serve starts the server(s) and returns the URL and client to use.
	serve func(t *testing.T) (string, *http.Client)
	opts  Options // Timeout, Force, MaxDrop...

	wantErr    string // substring of the error; "" means success
	wantIs     error  // errors.Is target, if any
	wantStatus Status
	check      func(t *testing.T, s state, res Result)
}

func faultCases(t *testing.T) []faultCase {
	newest, older := realRegistries(t)
	lastMod := "Mon, 17 Aug 2026 09:30:00 GMT"

	return []faultCase{
		{
			name:  "500 Internal Server Error",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Error(w, "database on fire", http.StatusInternalServerError)
				}))
			},
			wantErr: ": 500 Internal Server Error",
		},
		{
			name:  "404 Not Found",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.NotFoundHandler())
			},
			wantErr: ": 404 Not Found",
		},
		{
			name:  "server hangs before headers",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				release := make(chan struct{})
				u, c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}))
				t.Cleanup(func() { close(release) }) // runs before srv.Close
				return u, c
			},
			opts:    Options{Timeout: 300 * time.Millisecond},
			wantErr: "timed out after 300ms",
			wantIs:  context.DeadlineExceeded,
		},
		{
			name:  "server stalls mid-body",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				release := make(chan struct{})
				u, c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
					w.Header().Set("Content-Length", strconv.Itoa(len(newest)))
					w.Write(newest[:100000])
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}))
				t.Cleanup(func() { close(release) })
				return u, c
			},
			opts:    Options{Timeout: 300 * time.Millisecond},
			wantErr: "timed out after 300ms while reading the body (got 100000 bytes)",
			wantIs:  context.DeadlineExceeded,
		},
		{
			name:  "truncated body",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					conn, rw, err := w.(http.Hijacker).Hijack()
					if err != nil {
						return
					}
					defer conn.Close()
					fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n", len(newest))
					rw.Write(newest[:len(newest)/2])
					rw.Flush()
				}))
			},
			wantErr: fmt.Sprintf("body truncated: got %d of %d bytes", len(newest)/2, len(newest)),
		},
		{
			name:  "HTML page (Content-Type)",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.Write([]byte(htmlPage))
				}))
			},
			wantErr: "server sent an HTML page, not the registry XML",
		},
		{
			name:  "HTML page (sniffed)",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
					w.Write([]byte(htmlPage))
				}))
			},
			wantErr: "server sent an HTML page, not the registry XML",
		},
		{
			name:  "wrong Content-Type",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(`{"error":"rate limited"}`))
				}))
			},
			wantErr: `server sent Content-Type "application/json", not XML`,
		},
		{
			name:  "empty body",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
				}))
			},
			wantErr: "empty response body",
		},
		{
			name:  "endless body over the cap",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					// No Content-Length: streamed chunked, one reused
					// 64 KiB buffer, until the client hangs up.
					w.Header().Set("Content-Type", "text/xml")
					w.Write([]byte("<?xml version='1.0' encoding='UTF-8'?>\n<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"))
					chunk := bytes.Repeat([]byte("<!-- padding padding padding -->\n"), 2000)
					for r.Context().Err() == nil {
						if _, err := w.Write(chunk); err != nil {
							return
						}
					}
				}))
			},
			wantErr: fmt.Sprintf("response exceeds the %d-byte cap", DefaultMaxSize),
		},
		{
			name:  "Content-Length over the cap",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
					w.Header().Set("Content-Length", strconv.Itoa(len(newest)))
					w.Write(newest)
				}))
			},
			opts:    Options{MaxSize: 1 << 20},
			wantErr: fmt.Sprintf("response exceeds the %d-byte cap (Content-Length %d)", 1<<20, len(newest)),
		},
		{
			name:  "redirect loop",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				mux := http.NewServeMux()
				mux.Handle("/registry.xml", http.RedirectHandler("/elsewhere.xml", http.StatusFound))
				mux.Handle("/elsewhere.xml", http.RedirectHandler("/registry.xml", http.StatusMovedPermanently))
				return serve(t, mux)
			},
			wantErr: "redirect loop: ",
		},
		{
			name:  "endless redirects",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					n, _ := strconv.Atoi(r.URL.Query().Get("n"))
					http.Redirect(w, r, fmt.Sprintf("/registry.xml?n=%d", n+1), http.StatusFound)
				}))
			},
			wantErr: "stopped after 5 redirects",
		},
		{
			name:  "redirect from https to http",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				plain := httptest.NewServer(xmlHandler(newest, "", ""))
				t.Cleanup(plain.Close)
				tlsSrv := httptest.NewTLSServer(http.RedirectHandler(plain.URL+"/registry.xml", http.StatusFound))
				t.Cleanup(tlsSrv.Close)
				return tlsSrv.URL + "/registry.xml", tlsSrv.Client()
			},
			wantErr: "it leaves https",
		},
		{
			name:  "older registry",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, xmlHandler(older, `"2025"`, ""))
			},
			wantErr: "registry is dated 2025-03-28, older than the pinned 2026-08-17; use -force to accept",
			wantIs:  ErrRefused,
		},
		{
			name:  "registry drops most records",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, xmlHandler(cutRecords(t, redate(t, newest, "2026-09-01"), 1000), "", ""))
			},
			wantErr: "registry has 1000 records, 13533 (93.1%) fewer than the pinned 14533, more than the 5% allowed; use -force to accept",
			wantIs:  ErrRefused,
		},
		{
			name:  "invalid XML",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				bad := bytes.Replace(newest, []byte("<number>80</number>"), []byte("<number>80</numbr>"), 1)
				return serve(t, xmlHandler(bad, "", ""))
			},
			wantErr: `/registry.xml:1188: record 171 (line 1181, name "http", tcp): malformed XML: element <number> closed by </numbr>`,
		},
		{
			name:  "304 Not Modified (ETag)",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Header.Get("If-None-Match") == pinnedETag && r.Header.Get("If-Modified-Since") == pinnedLM {
						w.Header().Set("ETag", pinnedETag)
						w.WriteHeader(http.StatusNotModified)
						return
					}
					xmlHandler(newest, `"v2"`, "")(w, r)
				}))
			},
			wantStatus: NotModified,
		},
		{
			name:  "same content, no 304 support",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, xmlHandler(newest, pinnedETag, pinnedLM))
			},
			wantStatus: SameContent,
			check: func(t *testing.T, s state, res Result) {
				if res.Wrote {
					t.Error("Wrote is set, but nothing should have changed")
				}
			},
		},
		{
			name:  "happy path",
			start: older,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, xmlHandler(newest, `"abc123"`, lastMod))
			},
			wantStatus: Updated,
			check:      checkNewest(`"abc123"`, lastMod),
		},
		{
			name:  "happy path via redirect",
			start: older,
			serve: func(t *testing.T) (string, *http.Client) {
				mux := http.NewServeMux()
				mux.Handle("/registry.xml", http.RedirectHandler("/mirror/current.xml", http.StatusMovedPermanently))
				mux.Handle("/mirror/current.xml", xmlHandler(newest, `"abc123"`, lastMod))
				return serve(t, mux)
			},
			wantStatus: Updated,
			check:      checkNewest(`"abc123"`, lastMod),
		},
		{
			name: "first download, no pin",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, xmlHandler(newest, `"abc123"`, lastMod))
			},
			wantStatus: Updated,
			check:      checkNewest(`"abc123"`, lastMod),
		},
		{
			name:  "older registry, -force",
			start: newest,
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, xmlHandler(older, "", ""))
			},
			opts:       Options{Force: true},
			wantStatus: Updated,
			check: func(t *testing.T, s state, res Result) {
				if res.New.Updated != "2025-03-28" {
					t.Errorf("pin updated = %s", res.New.Updated)
				}
			},
		},
	}
}

// checkNewest checks that the newest registry and its pin were written.
func checkNewest(etag, lastMod string) func(t *testing.T, s state, res Result) {
	return func(t *testing.T, s state, res Result) {
		t.Helper()
		newest, _ := realRegistries(t)
		data, _ := s.read(t)
		if !bytes.Equal(data, newest) {
			t.Errorf("data file is not the served registry (%d bytes)", len(data))
		}
		got, err := pin.Read(s.pin)
		if err != nil {
			t.Fatal(err)
		}
		want := pin.Pin{
			Updated: "2026-08-17", SHA256: newestSHA, URL: res.URL,
			Records: 14533, Size: int64(len(newest)),
			ETag: etag, LastModified: lastMod,
		}
		if got != want {
			t.Errorf("pin on disk:\n got %+v\nwant %+v", got, want)
		}
		if res.New != want {
			t.Errorf("Result.New = %+v", res.New)
		}
		if !res.Wrote || res.Registry == nil || len(res.Registry.Records) != 14533 {
			t.Errorf("Result: Wrote %v, Registry %v", res.Wrote, res.Registry != nil)
		}
	}
}

// TestUpdateFaults runs Update against misbehaving (and well-behaved)
// servers. Every failure must leave the data file and the pin
// byte-identical and no temporary file behind, and name what happened.
// Run with -v to print the fault table.
func TestUpdateFaults(t *testing.T) {
	cases := faultCases(t)
	table := make([]string, len(cases))
	for i, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			s := newState(t, tc.start)
			u, c := tc.serve(t)
			if tc.start != nil {
				// The pin records the URL it was downloaded from.
				p := pinOf(t, tc.start)
				p.URL = u
				if err := pin.Write(s.pin, p); err != nil {
					t.Fatal(err)
				}
			}
			beforeData, beforePin := s.read(t)
			opts := tc.opts
			opts.URL, opts.DataPath, opts.PinPath, opts.Client = u, s.data, s.pin, c

			// A timeout that did not work would hang here until go
			// test's own -timeout; the error text says which one fired.
			res, err := Update(context.Background(), opts)

			if tc.wantErr != "" {
				table[i] = fmt.Sprintf("%-32s → error: %v", tc.name, err)
				if err == nil {
					t.Fatalf("Update succeeded (%v), want error containing %q", res, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %q\ndoes not contain %q", err, tc.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "GET "+u+": ") && tc.wantIs != ErrRefused && !strings.Contains(tc.name, "XML") {
					t.Errorf("error %q does not name the request", err)
				}
				if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
					t.Errorf("error %q is not %v", err, tc.wantIs)
				}
				if errors.Is(err, ErrRefused) != (tc.wantIs == ErrRefused) {
					t.Errorf("errors.Is(err, ErrRefused) = %v, want %v", !(tc.wantIs == ErrRefused), tc.wantIs == ErrRefused)
				}
				afterData, afterPin := s.read(t)
				if !bytes.Equal(afterData, beforeData) {
					t.Error("data file changed")
				}
				if !bytes.Equal(afterPin, beforePin) {
					t.Errorf("pin changed:\n%s", afterPin)
				}
			} else {
				table[i] = fmt.Sprintf("%-32s → %v", tc.name, res)
				if err != nil {
					t.Fatalf("Update: %v", err)
				}
				if res.Status != tc.wantStatus {
					t.Errorf("status %v, want %v", res.Status, tc.wantStatus)
				}
				if res.Status != Updated && res.Status != SameContent {
					afterData, afterPin := s.read(t)
					if !bytes.Equal(afterData, beforeData) || !bytes.Equal(afterPin, beforePin) {
						t.Error("files changed")
					}
				}
				if tc.check != nil {
					tc.check(t, s, res)
				}
			}
			s.checkNoStrays(t)
		})
	}
	for _, line := range table {
		if line != "" {
			t.Log(line)
		}
	}
}

// TestUpdateConditionalOnlyWithIntactData: a conditional GET is sent
// only when the data file matches the pin; with the file missing, the
// download is unconditional and the file comes back.
func TestUpdateConditionalOnlyWithIntactData(t *testing.T) {
	newest, _ := realRegistries(t)
	var mu sync.Mutex
	var got []http.Header
	u, c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		if r.Header.Get("If-None-Match") == pinnedETag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		xmlHandler(newest, pinnedETag, pinnedLM)(w, r)
	}))
	s := newState(t, newest)
	p := pinOf(t, newest)
	p.URL = u
	if err := pin.Write(s.pin, p); err != nil {
		t.Fatal(err)
	}
	opts := Options{URL: u, DataPath: s.data, PinPath: s.pin, Client: c}

	res, err := Update(context.Background(), opts)
	if err != nil || res.Status != NotModified {
		t.Fatalf("intact: %v, %v", res, err)
	}
	h := got[0]
	if h.Get("If-None-Match") != pinnedETag || h.Get("If-Modified-Since") != pinnedLM {
		t.Errorf("conditional headers: %q, %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
	}
	if ua := h.Get("User-Agent"); !strings.Contains(ua, "ianaports") {
		t.Errorf("User-Agent %q does not name the project", ua)
	}

	_, pinBefore := s.read(t)
	for _, damage := range []string{"missing", "altered"} {
		if damage == "missing" {
			os.Remove(s.data)
		} else {
			os.WriteFile(s.data, newest[:1000], 0o644)
		}
		res, err = Update(context.Background(), opts)
		if err != nil || res.Status != SameContent || !res.Wrote {
			t.Fatalf("%s data file: %v, %v", damage, res, err)
		}
		h = got[len(got)-1]
		if h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
			t.Errorf("%s data file: conditional GET sent", damage)
		}
		data, pinAfter := s.read(t)
		if !bytes.Equal(data, newest) {
			t.Errorf("%s data file not restored", damage)
		}
		if !bytes.Equal(pinAfter, pinBefore) {
			t.Errorf("%s data file: pin changed:\n%s", damage, pinAfter)
		}
		s.checkNoStrays(t)
	}
}

// TestMaxDrop checks the record-loss threshold on a small fixture cut
// down record by record.
func TestMaxDrop(t *testing.T) {
	base := fixture("2026-08-17", 100)
	next := redate(t, base, "2026-08-18")
	for _, tc := range []struct {
		keep    int
		maxDrop float64
		force   bool
		refused bool
	}{
		{keep: 95},                             // 5% lost: allowed by default
		{keep: 94, refused: true},              // 6%: refused
		{keep: 94, force: true},                // unless forced
		{keep: 80, maxDrop: 0.25},              // raised threshold
		{keep: 99, maxDrop: -1, refused: true}, // no loss at all
	} {
		name := fmt.Sprintf("keep%d_max%g_force%v", tc.keep, tc.maxDrop, tc.force)
		t.Run(name, func(t *testing.T) {
			s := newState(t, base)
			_, pinBefore := s.read(t)
			served := cutRecords(t, next, tc.keep)
			u, c := serve(t, xmlHandler(served, "", ""))
			res, err := Update(context.Background(), Options{
				URL: u, DataPath: s.data, PinPath: s.pin, Client: c,
				MaxDrop: tc.maxDrop, Force: tc.force,
			})
			data, pinAfter := s.read(t)
			if tc.refused {
				if !errors.Is(err, ErrRefused) {
					t.Fatalf("got %v, %v; want refusal", res, err)
				}
				t.Log(err)
				if !bytes.Equal(data, base) || !bytes.Equal(pinAfter, pinBefore) {
					t.Error("files changed")
				}
			} else {
				if err != nil || res.Status != Updated || res.New.Records != tc.keep {
					t.Fatalf("got %v, %v", res, err)
				}
				if !bytes.Equal(data, served) {
					t.Error("data file not written")
				}
			}
			s.checkNoStrays(t)
		})
	}
}

func TestFetchToFile(t *testing.T) {
	newest, older := realRegistries(t)
	u, c := serve(t, xmlHandler(newest, `"e"`, pinnedLM))
	dir := t.TempDir()
	path := filepath.Join(dir, "service-names-port-numbers.xml")

	p, err := FetchToFile(context.Background(), u, path, Options{Client: c, WantSHA256: newestSHA})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, newest) {
		t.Error("file not written")
	}
	if p.SHA256 != newestSHA || p.Records != 14533 || p.Updated != "2026-08-17" || p.ETag != `"e"` || p.URL != u {
		t.Errorf("pin %+v", p)
	}

	// Failures write nothing.
	html, hc := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(htmlPage))
	}))
	ou, oc := serve(t, xmlHandler(older, "", ""))
	for _, tc := range []struct {
		url  string
		opts Options
		want string
	}{
		{html, Options{Client: hc}, "server sent an HTML page"},
		{ou, Options{Client: oc, WantSHA256: newestSHA}, "not the pinned sha256 " + newestSHA},
	} {
		path := filepath.Join(t.TempDir(), "x.xml")
		_, err := FetchToFile(context.Background(), tc.url, path, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
		t.Log(err)
		ents, _ := os.ReadDir(filepath.Dir(path))
		if len(ents) != 0 {
			t.Errorf("files left: %v", ents)
		}
	}
}

func TestDownloadCanceled(t *testing.T) {
	release := make(chan struct{})
	u, c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release) })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := Download(ctx, u, Validators{}, Options{Client: c})
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "timed out") {
		t.Fatalf("got %v, want cancellation", err)
	}
}

func TestLooksLikeHTML(t *testing.T) {
	for s, want := range map[string]bool{
		htmlPage:                          true,
		"\ufeff  <HTML lang=en>":          true,
		"<!-- c --><html>":                true,
		"<?xml version='1.0'?>\n<html>":   true,
		"<?xml version='1.0'?><registry>": false,
		"<!-- <html> --><registry>":       false,
		"<address>":                       false,
		"<a href=x>":                      true,
		"":                                false,
	} {
		if got := looksLikeHTML([]byte(s)); got != want {
			t.Errorf("looksLikeHTML(%q) = %v", s, got)
		}
	}
}

func TestResultString(t *testing.T) {
	p := pin.Pin{Updated: "2026-08-17", SHA256: newestSHA, Records: 14533}
	q := pin.Pin{Updated: "2025-03-28", SHA256: "9e9f0d2d3424ea8c", Records: 14474}
	for _, tc := range []struct {
		r    Result
		want string
	}{
		{Result{Status: NotModified, URL: "u", HadPin: true, Old: p, New: p}, "not modified: u still serves the pinned registry of 2026-08-17 (304 Not Modified)"},
		{Result{Status: SameContent, URL: "u", HadPin: true, Old: p, New: p}, "same content: u serves the pinned registry of 2026-08-17 (14533 records, sha256 4bbf00ef4dd1)"},
		{Result{Status: Updated, URL: "u", HadPin: true, Old: q, New: p}, "updated from 2025-03-28 (14474 records, sha256 9e9f0d2d3424) to 2026-08-17 (14533 records, sha256 4bbf00ef4dd1)"},
		{Result{Status: Updated, URL: "u", New: p}, "updated from nothing to 2026-08-17 (14533 records, sha256 4bbf00ef4dd1)"},
	} {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}
