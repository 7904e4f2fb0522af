package registry_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/svcreg/ianaports/internal/registry"
)

// badDir holds the malformed registries; testdata/bad/README.md
// describes each of them.
var badDir = filepath.Join("..", "..", "testdata", "bad")

// A badCase is one malformed registry and the fault Parse must report.
// The expected lines were read off the fixture text (the line of the
// offending element, attribute, text or byte), not off parser output.
type badCase struct {
	file string
	line int // exact *registry.Error.Line; 0 when the fault is the whole input
	// record is a substring of Error.Record, naming the record or the
	// person the fault sits in; "" means the fault is outside any, and
	// Record must then be empty.
	record string
	msg    string // substring of Error.Msg saying what is wrong
	// exact, if set, is the whole of Error() after the file name.
	exact string
	// bounded marks hostile inputs whose memory use is checked too.
	bounded bool
}

// Record labels used below. Every record-level fixture has a good first
// record at line 7 and puts the faulty record second, at line 14; the
// label holds what the parser has read of the record when it stops.
const (
	rec2      = `record 2 (line 14)`
	rec2Echo  = `record 2 (line 14, name "echo", udp)`
	rec2EchoN = `record 2 (line 14, name "echo", number 7, udp)`
)

var badCases = []badCase{
	// Not the registry at all.
	{file: "empty.xml", line: 1, msg: "empty file"},
	{file: "not-xml.xml", line: 1, msg: "not XML"},
	{file: "html-error-page.xml", line: 1, msg: "HTML page"},
	{file: "html-no-doctype.xml", line: 1, msg: "HTML page"},
	{file: "no-root.xml", line: 3, msg: "without a <registry> element"},
	{file: "wrong-root.xml", line: 2, msg: "root element is <rss>"},
	{file: "other-registry.xml", line: 2, msg: `"protocol-numbers"`},
	{file: "other-namespace.xml", line: 2, msg: `namespace is "http://www.iana.org/assignments/v2"`},
	{file: "utf16.xml", line: 1, msg: "UTF-16"},
	{file: "latin1-declared.xml", line: 1, msg: `"ISO-8859-1"`},

	// Broken XML.
	{file: "truncated.xml", line: 18, record: `record 2 (line 14, name "echo", udp)`, msg: "truncated"},
	{file: "unclosed-tag.xml", line: 15, record: rec2, msg: "<name> is not closed"},
	{file: "mismatched-end-tag.xml", line: 18, record: rec2Echo, msg: "closed by </descripton>"},
	{file: "record-in-record.xml", line: 20, record: rec2EchoN, msg: "</record> is missing"},
	{file: "invalid-utf8.xml", line: 18, record: rec2Echo, msg: "invalid UTF-8"},
	{file: "control-character.xml", line: 18, record: rec2Echo, msg: "U+0001"},
	{file: "control-character-reference.xml", line: 18, record: rec2Echo, msg: "U+0001"},
	{file: "undefined-entity.xml", line: 18, record: rec2Echo, msg: "&nbsp;"},
	{file: "duplicate-attribute.xml", line: 14, record: rec2, msg: `attribute "date" appears twice`},
	{file: "too-many-attributes.xml", line: 14, record: rec2, msg: "18 attributes on <record>: more than 16 are refused"},
	{file: "content-after-root.xml", line: 22, msg: "after </registry>"},
	{file: "text-after-root.xml", line: 22, msg: "after </registry>"},

	// Hostile input.
	{file: "entity-bomb.xml", line: 2, msg: "DOCTYPE", bounded: true},
	{file: "external-entity.xml", line: 2, msg: "DOCTYPE", bounded: true},
	{file: "deep-nesting.xml", line: 32, record: rec2Echo, msg: "nested more than 16 deep", bounded: true},

	// Well-formed XML that breaks the registry's rules: header.
	{file: "no-records.xml", line: 2, msg: "no <record>"},
	{file: "missing-updated.xml", line: 2, msg: "no <updated>"},
	{file: "bad-updated.xml", line: 5, msg: `"17 August 2026" is not a valid`},
	{file: "second-updated.xml", line: 6, msg: "second <updated>"},
	{file: "unknown-header-element.xml", line: 7, msg: "unknown element <registration_rule>"},

	// Records.
	{file: "port-above-65535.xml", line: 19, record: `record 2 (line 14, name "http-alt", number 65536, tcp)`, msg: "above 65535"},
	{file: "port-negative.xml", line: 19, record: `record 2 (line 14, name "echo", number -7, udp)`, msg: "negative"},
	{file: "port-nonnumeric.xml", line: 19, record: `record 2 (line 14, name "echo", number seven, udp)`, msg: "not a decimal number"},
	{file: "range-reversed.xml", line: 19, record: `record 2 (line 14, name "x11", number 6063-6000, tcp)`, msg: "reversed"},
	{file: "range-open.xml", line: 19, record: `record 2 (line 14, name "x11", number 6000-, tcp)`, msg: "open"},
	{file: "unknown-protocol.xml", line: 16, record: `record 2 (line 14, name "echo"`, msg: `unknown protocol "icmp"`},
	{file: "unknown-element.xml", line: 19, record: rec2Echo, msg: "unknown element <port>"},
	{file: "foreign-namespace-element.xml", line: 17, record: rec2Echo, msg: `namespace "urn:example:extra"`},
	{file: "unknown-attribute.xml", line: 14, record: rec2, msg: `unknown attribute "status"`},
	{file: "two-numbers.xml", line: 20, record: rec2EchoN, msg: "second <number>"},
	{file: "impossible-date.xml", line: 14, record: rec2, msg: `"2025-02-30" is not a valid`},
	{file: "impossible-month.xml", line: 14, record: rec2, msg: `"2025-13" is not a valid`},
	{file: "bad-xref-type.xml", line: 18, record: rec2Echo, msg: `xref type "isbn"`},
	{file: "empty-xref.xml", line: 17, record: rec2Echo, msg: "neither data nor text"},
	{file: "assignee-not-person.xml", line: 18, record: rec2Echo, msg: `xref of type "rfc"`},
	{file: "bad-service-code.xml", line: 20, record: `record 2 (line 14, name "discard", number 9, dccp)`, msg: `service code "DISC"`},
	{file: "text-in-record.xml", line: 20, record: rec2Echo, msg: `unexpected text "see also RFC 862"`},
	{file: "case-duplicate-names.xml", line: 14, record: `record 2 (line 14, name "Echo", number 7, udp)`, msg: "differs only by case"},

	// People: faults inside a <person> name it as PersonLabel does.
	{file: "duplicate-person.xml", line: 26, record: `person 2 (line 26, id "Jon_Postel")`, msg: "listed twice",
		exact: `:26: person 2 (line 26, id "Jon_Postel"): person id "Jon_Postel" listed twice in <people> (first as person 1 on line 22)`},
	{file: "second-people.xml", line: 21, msg: "second <people>",
		exact: `:21: second <people> list`},
	{file: "person-no-id.xml", line: 15, record: `person 1 (line 15)`, msg: "without an id",
		exact: `:15: person 1 (line 15): <person> without an id`},
	{file: "person-bad-updated.xml", line: 18, record: `person 1 (line 15, id "Jon_Postel")`, msg: "not a valid",
		exact: `:18: person 1 (line 15, id "Jon_Postel"): updated date "2006-02-29" is not a valid YYYY-MM-DD or YYYY-MM date`},
	{file: "person-unknown-element.xml", line: 17, record: `person 1 (line 15, id "Jon_Postel")`, msg: "unknown element",
		exact: `:17: person 1 (line 15, id "Jon_Postel"): unknown element <email> in <person>`},
	{file: "person-second-name.xml", line: 21, record: `person 2 (line 19, id "Joyce_K_Reynolds")`, msg: "second <name>",
		exact: `:21: person 2 (line 19, id "Joyce_K_Reynolds"): second <name> in one person`},
	{file: "person-unknown-attribute.xml", line: 15, record: `person 1 (line 15, id "Jon_Postel")`, msg: "unknown attribute",
		exact: `:15: person 1 (line 15, id "Jon_Postel"): unknown attribute "email" on <person>`},
	{file: "person-truncated.xml", line: 16, record: `person 1 (line 15, id "Jon_Postel")`, msg: "truncated",
		exact: `:16: person 1 (line 15, id "Jon_Postel"): unexpected end of file: the XML is truncated`},
	{file: "people-unknown-element.xml", line: 15, msg: "unknown element",
		exact: `:15: unknown element <group> in <people>`},
	{file: "person-control-character.xml", line: 16, record: `person 1 (line 15, id "Jon_Postel")`, msg: "U+0001",
		exact: `:16: person 1 (line 15, id "Jon_Postel"): character U+0001 at column 16 (byte offset 569) is not allowed in XML`},
}

// deadline bounds every case; a parser stuck on hostile input fails.
const deadline = 5 * time.Second

// maxAlloc bounds the bytes allocated while parsing a hostile case:
// generous next to the fixtures (under 100 KB), tiny next to what an
// expanded entity bomb or an unbounded recursion would take.
const maxAlloc = 4 << 20

type result struct {
	reg   *registry.Registry
	err   error
	alloc uint64
}

// parseBounded parses with a deadline, in its own goroutine, measuring
// the bytes allocated meanwhile.
func parseBounded(t *testing.T, parse func() (*registry.Registry, error)) result {
	t.Helper()
	done := make(chan result, 1)
	go func() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		reg, err := parse()
		runtime.ReadMemStats(&after)
		done <- result{reg, err, after.TotalAlloc - before.TotalAlloc}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(deadline):
		t.Fatalf("parse did not finish within %v", deadline)
		return result{}
	}
}

func checkFault(t *testing.T, r result, file string, line int, record, msg string) {
	t.Helper()
	if r.err == nil {
		t.Fatalf("parsed without error (%d records); want a fault at line %d: %s", len(r.reg.Records), line, msg)
	}
	var e *registry.Error
	if !errors.As(r.err, &e) {
		t.Fatalf("error is %T, not *registry.Error: %v", r.err, r.err)
	}
	if e.File != file {
		t.Errorf("File = %q, want %q", e.File, file)
	}
	if e.Line != line {
		t.Errorf("Line = %d, want %d (error: %v)", e.Line, line, e)
	}
	if record == "" && e.Record != "" {
		t.Errorf("Record = %q, want none: the fault is outside records (error: %v)", e.Record, e)
	}
	if record != "" && !strings.Contains(e.Record, record) {
		t.Errorf("Record = %q, want it to contain %q (error: %v)", e.Record, record, e)
	}
	if !strings.Contains(e.Msg, msg) {
		t.Errorf("Msg = %q, want it to contain %q", e.Msg, msg)
	}
	if len(e.Msg) < 10 {
		t.Errorf("Msg %q is too terse to say what is wrong", e.Msg)
	}
}

func TestCorpus(t *testing.T) {
	for _, c := range badCases {
		t.Run(strings.TrimSuffix(c.file, ".xml"), func(t *testing.T) {
			path := filepath.Join(badDir, c.file)
			r := parseBounded(t, func() (*registry.Registry, error) {
				return registry.ParseFile(path, registry.Options{})
			})
			checkFault(t, r, path, c.line, c.record, c.msg)
			if c.exact != "" && r.err != nil && r.err.Error() != path+c.exact {
				t.Errorf("Error() = %q\nwant      %q", r.err.Error(), path+c.exact)
			}
			if c.bounded && r.alloc > maxAlloc {
				t.Errorf("parsing allocated %d bytes, want at most %d", r.alloc, maxAlloc)
			}
			if t.Failed() {
				t.Logf("error: %v", r.err)
			}
		})
	}
}

// checkComplete reports every *.xml file of dir without a case in cases
// (the table called table) and every case without a file.
func checkComplete(t *testing.T, dir, table string, cases []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range files {
		have[filepath.Base(f)] = true
	}
	for _, c := range cases {
		if !have[c] {
			t.Errorf("case %s has no fixture in %s", c, dir)
		}
		delete(have, c)
	}
	for f := range have {
		t.Errorf("fixture %s has no case in %s", f, table)
	}
}

// TestCorpusComplete keeps the table and the directory in step: every
// fixture has a case and every case a fixture.
func TestCorpusComplete(t *testing.T) {
	var cases []string
	for _, c := range badCases {
		cases = append(cases, c.file)
	}
	checkComplete(t, badDir, "badCases", cases)
	if len(badCases) < 30 {
		t.Errorf("only %d cases; the corpus should hold at least 30", len(badCases))
	}
	readme, err := os.ReadFile(filepath.Join(badDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range badCases {
		if !bytes.Contains(readme, []byte("`"+c.file+"`")) {
			t.Errorf("README.md does not describe %s", c.file)
		}
	}
}

// endless yields a registry header and then records forever, counting
// what it hands out.
type endless struct {
	buf  bytes.Buffer
	n    int64
	recs int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.buf.Len() == 0 {
		if e.n == 0 {
			e.buf.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n" +
				`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n" +
				"  <updated>2026-08-17</updated>\n")
		}
		e.recs++
		e.buf.WriteString("  <record>\n    <name>echo</name>\n    <protocol>tcp</protocol>\n    <number>7</number>\n  </record>\n")
	}
	n, _ := e.buf.Read(p)
	e.n += int64(n)
	return n, nil
}

// TestOversized feeds an endless registry with a 64 KiB cap: Parse must
// stop reading just past the cap and refuse the whole input.
func TestOversized(t *testing.T) {
	const max = 64 << 10
	src := &endless{}
	r := parseBounded(t, func() (*registry.Registry, error) {
		return registry.Parse("oversized.xml", src, registry.Options{MaxSize: max})
	})
	checkFault(t, r, "oversized.xml", 0, "", "larger than the 65536-byte cap")
	if src.n > max+64<<10 {
		t.Errorf("read %d bytes of the endless input, want about %d", src.n, max)
	}
	// Exactly max bytes pass the size check: they then fail as the
	// truncated XML they are, not for their size.
	small := io.LimitReader(&endless{}, max)
	if _, err := registry.Parse("small.xml", small, registry.Options{MaxSize: max}); err == nil {
		t.Error("a registry cut off mid-way parsed without error")
	} else if strings.Contains(err.Error(), "cap") {
		t.Errorf("input at the cap was refused for its size: %v", err)
	}
}

// TestErrorString checks the documented rendering of a fault.
func TestErrorString(t *testing.T) {
	path := filepath.Join(badDir, "port-above-65535.xml")
	_, err := registry.ParseFile(path, registry.Options{})
	if err == nil {
		t.Fatal("no error")
	}
	want := path + `:19: record 2 (line 14, name "http-alt", number 65536, tcp): port number "65536" is above 65535`
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
}
