package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/fixture"
)

// huge is a hostile value: a megabyte of one byte, so that a message
// quoting it whole, or twice, cannot go unnoticed.
func huge(c byte) string { return strings.Repeat(string(c), 1<<20) }

// boundedLines checks what a run wrote on standard error: lines lines
// (the flag package's usage text left out), each at most clip.MaxLine
// bytes, none showing more than clip.MaxValue bytes of the hostile value
// (runs of c), none with a character that could act on a terminal.
func boundedLines(t *testing.T, what, stderr string, lines int, c byte) {
	t.Helper()
	stderr = strings.Replace(stderr, usageText(t), "", 1)
	got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if stderr == "" {
		got = nil
	}
	if len(got) != lines {
		t.Errorf("%s: %d lines on stderr, want %d: %.600q", what, len(got), lines, stderr)
	}
	run := strings.Repeat(string(c), clip.MaxValue+1)
	for _, l := range got {
		switch {
		case len(l) > clip.MaxLine:
			t.Errorf("%s: a line of %d bytes: %.400q", what, len(l), l)
		case strings.Contains(l, run):
			t.Errorf("%s: a line quotes more than %d bytes of the value: %q", what, clip.MaxValue, l)
		}
		if r, ok := rawControl(l); ok {
			t.Errorf("%s: raw %U in %q", what, r, l)
		}
	}
}

func rawControl(s string) (rune, bool) {
	for _, r := range s {
		if r != '\t' && !strconv.IsPrint(r) {
			return r, true
		}
	}
	return 0, false
}

// usageText is what -h prints.
func usageText(t *testing.T) string {
	t.Helper()
	r := runIn(t, t.TempDir(), nil, "-h")
	return r.stderr
}

// TestMessagesAreBounded walks every error and warning path of the
// generator that a hostile value can reach, with a 1 MB value: registry
// elements and attributes, overlay fields, flag values and arguments,
// file paths, a pin. Each run writes one line (after the usage text for
// a flag the flag package refuses), at most 300 bytes, quoting at most
// 80 bytes of the value. An 8 MB <protocol> used to print a 16.7 MB line.
func TestMessagesAreBounded(t *testing.T) {
	fixture.Long(t) // 57 runs of the generator over megabyte values
	x := huge('x')
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	doc := func(rootAttrs, header, records, people string) string {
		if rootAttrs == "" {
			rootAttrs = `xmlns="http://www.iana.org/assignments" id="service-names-port-numbers"`
		}
		if header == "" {
			header = "<updated>2026-01-10</updated>"
		}
		return "<?xml version='1.0' encoding='UTF-8'?>\n<registry " + rootAttrs + ">\n" + header + "\n" +
			"<record><name>ok</name><protocol>tcp</protocol><number>1</number></record>\n" + records + "\n" + people + "\n</registry>\n"
	}
	rec := func(body string) string { return "<record>" + body + "</record>" }
	nine := huge('9')
	for _, c := range []struct {
		what, xml string
		c         byte
	}{
		{"<protocol>", doc("", "", rec("<name>a</name><protocol>"+x+"</protocol>"), ""), 'x'},
		{"<updated>", doc("", "<updated>"+x+"</updated>", "", ""), 'x'},
		{"<sc>", doc("", "", rec("<name>a</name><sc>"+x+"</sc>"), ""), 'x'},
		{"<number>", doc("", "", rec("<name>a</name><number>"+x+"</number>"), ""), 'x'},
		{"<number> digits", doc("", "", rec("<name>a</name><number>"+nine+"</number>"), ""), '9'},
		{"<number> range", doc("", "", rec("<name>a</name><number>1-"+x+"</number>"), ""), 'x'},
		{"xref type", doc("", "", rec(`<name>a</name><xref type="`+x+`" data="y"/>`), ""), 'x'},
		{"root id", doc(`xmlns="http://www.iana.org/assignments" id="`+x+`"`, "", "", ""), 'x'},
		{"namespace", doc(`xmlns="`+x+`" id="service-names-port-numbers"`, "", "", ""), 'x'},
		{"element namespace", doc("", "", rec(`<name xmlns="`+x+`">a</name>`), ""), 'x'},
		{"element name", doc("", "", rec("<"+x+"/>"), ""), 'x'},
		{"unclosed element name", doc("", "", rec("<"+x+">"), ""), 'x'},
		{"attribute name", doc("", "", `<record `+x+`="1"><name>a</name></record>`, ""), 'x'},
		{"record date", doc("", "", `<record date="`+x+`"><name>a</name></record>`, ""), 'x'},
		{"name in the label", doc("", "", rec("<name>"+x+"</name><protocol>"+x+"</protocol>"), ""), 'x'},
		{"name with a control", doc("", "", rec("<name>"+x+"&#x202e;</name>"), ""), 'x'},
		{"text in a record", doc("", "", rec("<name>a</name>"+x), ""), 'x'},
		{"text before the root", x + doc("", "", "", ""), 'x'},
		{"text after the root", doc("", "", "", "") + x, 'x'},
		{"directive", "<!" + x + ">\n" + doc("", "", "", ""), 'x'},
		{"entity", doc("", "", rec("<name>a</name><description>&"+x+";</description>"), ""), 'x'},
		{"end tag", doc("", "", rec("<name>a</"+x+">"), ""), 'x'},
		{"element in <description>", doc("", "", rec("<name>a</name><description><"+x+"/></description>"), ""), 'x'},
		{"person id", doc("", "", "", `<people><person id="`+x+`"><updated>`+x+`</updated></person></people>`), 'x'},
		{"person id twice", doc("", "", "", `<people><person id="`+x+`"/><person id="`+x+`"/></people>`), 'x'},
		{"names differing by case", doc("", "", rec("<name>"+x+"</name>")+rec("<name>"+strings.ToUpper(x)+"</name>"), ""), 'x'},
		{"assignee xref type", doc("", "", rec(`<name>a</name><assignee><xref type="`+x+`" data="y"/></assignee>`), ""), 'x'},
		{"encoding", `<?xml version="1.0" encoding="` + x[:900] + `"?>` + "\n" + doc("", "", "", ""), 'x'},
	} {
		in := filepath.Join(dir, "in.xml")
		write(t, in, []byte(c.xml))
		r := runIn(t, dir, nil, "-in", in, "-out", out)
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1", c.what, r.code)
		}
		boundedLines(t, c.what, r.stderr, 1, c.c)
	}

	// Warnings, one line each with -v, and their summary without.
	in := filepath.Join(dir, "warn.xml")
	write(t, in, []byte(doc("", "", rec("<name> "+x+" </name><xref type=\"person\" data=\""+x+"\"/>"), "")))
	warnings := func(stderr string) string {
		var w []string
		for _, l := range strings.SplitAfter(stderr, "\n") {
			if strings.Contains(l, "warning") {
				w = append(w, l)
			}
		}
		return strings.Join(w, "")
	}
	r := runIn(t, dir, nil, "-in", in, "-out", out, "-v", "-check")
	boundedLines(t, "warnings", warnings(r.stderr), 3, 'x')
	r = runIn(t, dir, nil, "-in", in, "-out", out, "-check")
	boundedLines(t, "warning summary", warnings(r.stderr), 1, 'x')

	// Overlay fields.
	small := filepath.Join(dir, "small.xml")
	write(t, small, smallV1)
	for _, c := range []struct{ what, line string }{
		{"overlay name", x + " 80/tcp"},
		{"overlay port", "web " + x + "/tcp"},
		{"overlay port number", "web 1" + x + "/tcp"},
		{"overlay protocol", "web 80/" + x + "X"},
		{"overlay single field", x},
		{"overlay alias", "web 80/tcp " + x},
	} {
		ov := filepath.Join(dir, "local.services")
		write(t, ov, []byte("# local names\n"+c.line+"\n"))
		r := runIn(t, dir, nil, "-in", small, "-out", out, "-overlay", ov)
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1", c.what, r.code)
		}
		boundedLines(t, c.what, r.stderr, 1, 'x')
	}

	// Flag values, arguments and paths.
	long := filepath.Join(dir, x)
	mod := moduleTree(t, smallV1)
	for _, c := range []struct {
		what string
		args []string
	}{
		{"-pkg", []string{"-pkg", x}},
		{"-protocols", []string{"-protocols", "tcp," + x}},
		{"-format", []string{"-format", x}},
		{"-max-size", []string{"-max-size", x}},
		{"-max-size digits", []string{"-max-size", "1" + x}},
		{"-max-drop", []string{"-max-drop", x}},
		{"-timeout", []string{"-timeout", x}},
		{"unknown flag", []string{"-" + x}},
		{"flag syntax", []string{"---" + x}},
		{"argument", []string{x}},
		{"arguments", []string{x, x, x, x, x}},
		{"-in path", []string{"-in", long, "-out", out}},
		{"-out path", []string{"-in", small, "-out", long}},
		{"-pin path", []string{"-in", small, "-out", out, "-pin", long}},
		{"-overlay path", []string{"-in", small, "-out", out, "-overlay", long}},
		{"-diff paths", []string{"-diff", long, long}},
		{"-report path", []string{"-diff", small, small, "-report", long}},
		{"-url", []string{"-update", "-url", x}},
		{"-url scheme", []string{"-update", "-url", "ftp://" + x}},
	} {
		d := dir
		if c.args[0] == "-update" {
			d = mod
		}
		r := runIn(t, d, nil, c.args...)
		if r.code == 0 {
			t.Errorf("%s: exit 0", c.what)
		}
		boundedLines(t, c.what, r.stderr, 1, 'x')
	}

	// A hostile pin: a huge date, then an unknown huge field.
	for _, pin := range []string{
		fmt.Sprintf(`{"updated": %q, "sha256": %q, "url": %q, "records": 1, "size": 1}`, x, x, x),
		fmt.Sprintf(`{%q: 1}`, x),
	} {
		write(t, filepath.Join(mod, pinFile), []byte(pin))
		r := runIn(t, mod, nil, "-check")
		got := strings.TrimPrefix(r.stderr, "gen: out of date:\n")
		got = strings.TrimSuffix(got, "run go generate ./...\n")
		boundedLines(t, "pin", got, 1, 'x')
	}
	os.RemoveAll(mod)
}

// TestDownloadMessagesAreBounded: what an update server sends (a status
// line, a Content-Type, a redirect's URL, an HTML page) reaches the
// message of -update clipped like any other input.
func TestDownloadMessagesAreBounded(t *testing.T) {
	x := huge('x')
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/status":
			// A reason phrase of the server's own: only a hijacked
			// connection can send one.
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			fmt.Fprintf(buf, "HTTP/1.1 503 %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", x)
			buf.Flush()
		case "/type":
			w.Header().Set("Content-Type", "text/"+x)
			io.WriteString(w, "<registry/>")
		case "/html":
			w.Header().Set("Content-Type", "application/xml")
			io.WriteString(w, "<html>"+x)
		case "/redirect":
			http.Redirect(w, r, "/"+x, http.StatusFound)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	mod := moduleTree(t, smallV1)
	for _, path := range []string{"/status", "/type", "/html", "/redirect"} {
		r := runEnv(t, &env{dir: mod, now: today}, "-update", "-url", srv.URL+path)
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1", path, r.code)
		}
		boundedLines(t, path, r.stderr, 1, 'x')
	}
}
