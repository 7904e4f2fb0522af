package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ifix "github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// realRegistry is the registry the fault tests serve: a committed real
// one of a fixed version (2026-04-24), not the pinned one, whose figures
// change with every update.
func realRegistry(t *testing.T) []byte {
	return ifix.Read(t, ifix.Registry20260424)
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

// serve starts a server for h, closed when the test ends, and returns the
// registry URL on it and a client for it.
func serve(t *testing.T, h http.Handler) (string, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + "/registry.xml", srv.Client()
}

func xmlHandler(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); !strings.Contains(ua, "ianaports") {
			http.Error(w, "User-Agent "+ua+" does not name the project", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		w.Write(body)
	}
}

const htmlPage = "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n<body><h1>Service Unavailable</h1></body></html>\n"

type faultCase struct {
	name string
	// serve starts the server(s) and returns the URL and client to use.
	serve func(t *testing.T) (string, *http.Client)
	opts  Options // Timeout, MaxSize

	wantErr string // substring of the error; "" means success
	wantIs  error  // errors.Is target, if any
}

func faultCases(t *testing.T) []faultCase {
	newest := realRegistry(t)

	return []faultCase{
		{
			name: "500 Internal Server Error",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Error(w, "database on fire", http.StatusInternalServerError)
				}))
			},
			wantErr: ": 500 Internal Server Error",
		},
		{
			name: "404 Not Found",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.NotFoundHandler())
			},
			wantErr: ": 404 Not Found",
		},
		{
			name: "server hangs before headers",
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
			name: "server stalls mid-body",
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
			name: "truncated body",
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
			name: "HTML page (Content-Type)",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.Write([]byte(htmlPage))
				}))
			},
			wantErr: "server sent an HTML page, not the registry XML",
		},
		{
			name: "HTML page (sniffed)",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
					w.Write([]byte(htmlPage))
				}))
			},
			wantErr: "server sent an HTML page, not the registry XML",
		},
		{
			name: "wrong Content-Type",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(`{"error":"rate limited"}`))
				}))
			},
			wantErr: `server sent Content-Type "application/json", not XML`,
		},
		{
			name: "empty body",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/xml")
				}))
			},
			wantErr: "empty response body",
		},
		{
			name: "endless body over the cap",
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
			name: "Content-Length over the cap",
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
			name: "redirect loop",
			serve: func(t *testing.T) (string, *http.Client) {
				mux := http.NewServeMux()
				mux.Handle("/registry.xml", http.RedirectHandler("/elsewhere.xml", http.StatusFound))
				mux.Handle("/elsewhere.xml", http.RedirectHandler("/registry.xml", http.StatusMovedPermanently))
				return serve(t, mux)
			},
			wantErr: "redirect loop: ",
		},
		{
			name: "endless redirects",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					n, _ := strconv.Atoi(r.URL.Query().Get("n"))
					http.Redirect(w, r, fmt.Sprintf("/registry.xml?n=%d", n+1), http.StatusFound)
				}))
			},
			wantErr: "stopped after 5 redirects",
		},
		{
			name: "redirect from https to http",
			serve: func(t *testing.T) (string, *http.Client) {
				plain := httptest.NewServer(xmlHandler(newest))
				t.Cleanup(plain.Close)
				tlsSrv := httptest.NewTLSServer(http.RedirectHandler(plain.URL+"/registry.xml", http.StatusFound))
				t.Cleanup(tlsSrv.Close)
				return tlsSrv.URL + "/registry.xml", tlsSrv.Client()
			},
			wantErr: "it leaves https",
		},
		{
			name: "invalid XML",
			serve: func(t *testing.T) (string, *http.Client) {
				bad := bytes.Replace(newest, []byte("<number>80</number>"), []byte("<number>80</numbr>"), 1)
				return serve(t, xmlHandler(bad))
			},
			wantErr: `/registry.xml:1188: record 171 (line 1181, name "http", tcp): malformed XML: element <number> closed by </numbr>`,
		},
		{
			name: "happy path",
			serve: func(t *testing.T) (string, *http.Client) {
				return serve(t, xmlHandler(newest))
			},
		},
		{
			name: "happy path via redirect",
			serve: func(t *testing.T) (string, *http.Client) {
				mux := http.NewServeMux()
				mux.Handle("/registry.xml", http.RedirectHandler("/mirror/current.xml", http.StatusMovedPermanently))
				mux.Handle("/mirror/current.xml", xmlHandler(newest))
				return serve(t, mux)
			},
		},
	}
}

// TestFetchFaults runs Fetch against misbehaving (and well-behaved)
// servers: every failure names what happened, every success returns the
// served registry, parsed. Run with -v to print the fault table.
func TestFetchFaults(t *testing.T) {
	newest := realRegistry(t)
	cases := faultCases(t)
	table := make([]string, len(cases))
	for i, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			u, c := tc.serve(t)
			opts := tc.opts
			opts.Client = c
			// A timeout that did not work would hang here until go
			// test's own -timeout; the error text says which one fired.
			reg, body, err := Fetch(context.Background(), u, opts)
			if tc.wantErr == "" {
				table[i] = fmt.Sprintf("%-32s → ok: %s, %d records", tc.name, reg.Updated, len(reg.Records))
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				sum := sha256.Sum256(newest)
				if !bytes.Equal(body, newest) || reg.SHA256 != hex.EncodeToString(sum[:]) || len(reg.Records) != bytes.Count(newest, []byte("<record")) {
					t.Errorf("Fetch returned %d bytes, sha256 %s, %d records; want the served registry", len(body), reg.SHA256, len(reg.Records))
				}
				return
			}
			table[i] = fmt.Sprintf("%-32s → error: %v", tc.name, err)
			if err == nil {
				t.Fatalf("Fetch succeeded, want an error containing %q", tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q\ndoes not contain %q", err, tc.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "GET "+u+": ") && !strings.Contains(tc.name, "XML") {
				t.Errorf("error %q does not name the request", err)
			}
			if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
				t.Errorf("error %q is not %v", err, tc.wantIs)
			}
			if strings.Count(err.Error(), "\n") != 0 {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
	for _, line := range table {
		if line != "" {
			t.Log(line)
		}
	}
}

// parse parses a registry document built by a test.
func parse(t *testing.T, data []byte) *registry.Registry {
	t.Helper()
	reg, err := registry.ParseBytes("test.xml", data)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// today is the clock of the checks: fixed, and years from any date a real
// registry carries, so that no registry update can give the pinned
// registry a date these tests write down (TestNoLivePinsInTests).
var today = time.Date(2040, 6, 15, 12, 0, 0, 0, time.UTC)

// TestCheckMaxDrop checks the named-record threshold on a small registry
// cut down record by record.
func TestCheckMaxDrop(t *testing.T) {
	base := parse(t, fixture("2026-05-17", 100))
	next := redate(t, fixture("2026-05-17", 100), "2026-05-18")
	for _, tc := range []struct {
		keep    int
		maxDrop float64
		force   bool
		refused bool
	}{
		{keep: 100},                              // nothing lost
		{keep: 95, maxDrop: 0.05},                // 5 of 100 named records: allowed at 5%
		{keep: 94, maxDrop: 0.05, refused: true}, // 6: refused
		{keep: 94, maxDrop: 0.05, force: true},   // unless forced
		{keep: 80, maxDrop: 0.25},                // raised threshold
		{keep: 99, maxDrop: 0, refused: true},    // -max-drop 0: not one may go
	} {
		name := fmt.Sprintf("keep%d_max%g_force%v", tc.keep, tc.maxDrop, tc.force)
		t.Run(name, func(t *testing.T) {
			served := next
			if tc.keep < 100 {
				served = cutRecords(t, next, tc.keep)
			}
			err := Check(base, parse(t, served), Policy{MaxDrop: tc.maxDrop, Force: tc.force, Now: today})
			if tc.refused != errors.Is(err, ErrRefused) || (!tc.refused && err != nil) {
				t.Fatalf("Check: %v; want refused %v", err, tc.refused)
			}
			if tc.refused && !strings.Contains(err.Error(), fmt.Sprintf("%d of the pinned registry's 100 named records", 100-tc.keep)) {
				t.Errorf("refusal does not count the lost records: %v", err)
			}
		})
	}
}

// TestCheckCountsIdentity: losses are counted by (name, protocol,
// number), not by the net change of the record count. A registry that
// renames one record and splits an Unassigned range keeps its count and
// still loses a named record; the split alone loses none.
func TestCheckCountsIdentity(t *testing.T) {
	doc := func(date string, records string) []byte {
		return []byte("<?xml version='1.0' encoding='UTF-8'?>\n" +
			`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` +
			"<updated>" + date + "</updated>" + records + "<people/></registry>\n")
	}
	rec := func(name, proto, number, desc string) string {
		s := "<record>"
		if name != "" {
			s += "<name>" + name + "</name>"
		}
		return s + "<protocol>" + proto + "</protocol><number>" + number + "</number><description>" + desc + "</description></record>"
	}
	old := parse(t, doc("2026-01-01", rec("alpha", "tcp", "1000", "A")+rec("beta", "tcp", "1001", "B")+rec("", "tcp", "1002-1010", "Unassigned")))
	split := parse(t, doc("2026-02-01", rec("alpha", "tcp", "1000", "A")+rec("beta", "tcp", "1001", "B")+
		rec("", "tcp", "1002-1004", "Unassigned")+rec("gamma", "tcp", "1005", "G")+rec("", "tcp", "1006-1010", "Unassigned")))
	if err := Check(old, split, Policy{Now: today}); err != nil {
		t.Errorf("splitting an Unassigned range counted as a loss: %v", err)
	}
	recased := parse(t, doc("2026-02-01", rec("ALPHA", "tcp", "1000", "A")+rec("beta", "tcp", "1001", "B")+rec("", "tcp", "1002-1010", "Unassigned")))
	if err := Check(old, recased, Policy{Now: today}); err != nil {
		t.Errorf("a name that changed case only counted as a loss: %v", err)
	}
	renamed := parse(t, doc("2026-02-01", rec("alpha", "tcp", "1000", "A")+rec("delta", "tcp", "1001", "B")+rec("", "tcp", "1002-1010", "Unassigned")))
	if len(renamed.Records) != len(old.Records) {
		t.Fatal("test registry: record counts should match")
	}
	err := Check(old, renamed, Policy{MaxDrop: 0, Now: today})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "beta 1001/tcp") {
		t.Errorf("renaming beta with -max-drop 0: %v; want a refusal naming beta 1001/tcp", err)
	}
	moved := parse(t, doc("2026-02-01", rec("alpha", "udp", "1000", "A")+rec("beta", "tcp", "1001", "B")+rec("", "tcp", "1002-1010", "Unassigned")))
	if err := Check(old, moved, Policy{MaxDrop: 0, Now: today}); !errors.Is(err, ErrRefused) {
		t.Errorf("alpha moved from tcp to udp with -max-drop 0: %v; want a refusal", err)
	}
}

func TestCheckDates(t *testing.T) {
	newest := fixture("2026-04-24", 20)
	n, o := parse(t, newest), parse(t, fixture("2025-03-28", 20))
	err := Check(n, o, Policy{MaxDrop: 1, Now: today})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "registry is dated 2025-03-28, older than the pinned 2026-04-24; use -force to accept") {
		t.Errorf("older registry: %v", err)
	}
	if err := Check(n, o, Policy{MaxDrop: 1, Force: true, Now: today}); err != nil {
		t.Errorf("older registry with -force: %v", err)
	}
	for _, tc := range []struct {
		date    string
		refused bool
	}{
		{"2040-06-15", false},
		{"2040-06-17", false}, // two days ahead: IANA's time zone, a slow clock
		{"2040-06-18", true},
		{"2045-01-01", true},
	} {
		future := parse(t, redate(t, newest, tc.date))
		for _, force := range []bool{false, true} {
			err := Check(n, future, Policy{MaxDrop: 1, Force: force, Now: today})
			if tc.refused != (err != nil) {
				t.Errorf("dated %s (today %s), force %v: %v; want refused %v", tc.date, today.Format("2006-01-02"), force, err, tc.refused)
			}
			if err != nil && (errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "after today")) {
				t.Errorf("dated %s: %v; want a refusal -force cannot override, saying why", tc.date, err)
			}
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
	_, err := Download(ctx, u, Options{Client: c})
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

// TestDownloadCSV: IANA's CSV comes through the same checks as the XML,
// with CSV in place of XML among the Content-Types accepted.
func TestDownloadCSV(t *testing.T) {
	const csv = "Service Name,Port Number\r\nhttp,80\r\n"
	for _, tc := range []struct {
		ct, body, wantErr string
		max               int64
	}{
		{ct: "text/csv; charset=utf-8", body: csv},
		{ct: "application/octet-stream", body: csv},
		{ct: "", body: csv},
		{ct: "application/xml", body: csv, wantErr: `server sent Content-Type "application/xml", not CSV`},
		{ct: "text/html", body: csv, wantErr: "server sent an HTML page, not the registry CSV"},
		{ct: "text/csv", body: "<html><body>busy</body></html>", wantErr: "server sent an HTML page, not the registry CSV"},
		{ct: "text/csv", body: csv, max: 10, wantErr: "response exceeds the 10-byte cap"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Accept") != csvFile.accept || r.Header.Get("User-Agent") != UserAgent {
				t.Errorf("request headers %v", r.Header)
			}
			w.Header()["Content-Type"] = []string{tc.ct}
			w.Write([]byte(tc.body))
		}))
		resp, err := DownloadCSV(context.Background(), srv.URL+"/service-names-port-numbers.csv", Options{Client: srv.Client(), MaxSize: tc.max})
		srv.Close()
		switch {
		case tc.wantErr == "" && (err != nil || string(resp.Body) != tc.body):
			t.Errorf("Content-Type %q: %v", tc.ct, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("Content-Type %q, body %.20q: error %v, want %q", tc.ct, tc.body, err, tc.wantErr)
		}
	}
}
