package registry

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// The parser reads whatever gen -update downloads, so every input up to
// DefaultMaxSize must cost time and memory linear in its size. The shapes
// below are the inputs that made earlier versions quadratic, and others
// that stress one mechanism each; BenchmarkAdversarial times them at
// sizes up to the cap and TestLinear bounds their work by allocations and
// by the parser's operation count, never by time.

const (
	advHead = "<?xml version='1.0' encoding='UTF-8'?>\n" +
		`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n" +
		"  <updated>2026-08-17</updated>\n"
	advTail = "</registry>\n"
	// advRecord opens a record whose description or attributes carry the
	// bulk of a shape.
	advRecord = "  <record><name>x</name><protocol>tcp</protocol><number>1</number>"
)

// An advShape builds documents of one shape.
type advShape struct {
	name string
	pre  string                       // after advHead
	unit func(b []byte, i int) []byte // appends the i-th repetition
	post string                       // before advTail
	// err is a substring of the error the document draws, "" if it parses.
	err string
}

// doc returns the document of shape s with as many units as fit in n
// bytes (at least one).
func (s *advShape) doc(n int) []byte {
	b := make([]byte, 0, n)
	b = append(b, advHead...)
	b = append(b, s.pre...)
	rest := len(s.post) + len(advTail)
	for i := 0; ; i++ {
		l := len(b)
		b = s.unit(b, i)
		if i > 0 && len(b)+rest > n {
			b = b[:l]
			break
		}
	}
	b = append(b, s.post...)
	return append(b, advTail...)
}

func unitString(u string) func([]byte, int) []byte {
	return func(b []byte, _ int) []byte { return append(b, u...) }
}

// unitNumbered makes units that differ in i, written in base 36 between
// before and after.
func unitNumbered(before, after string) func([]byte, int) []byte {
	return func(b []byte, i int) []byte {
		b = append(b, before...)
		b = strconv.AppendInt(b, int64(i), 36)
		return append(b, after...)
	}
}

var advShapes = []advShape{
	{
		// One start tag with ever more distinct attributes: the
		// duplicate check compared each with every earlier one.
		name: "attributes",
		pre:  "  <record",
		unit: unitNumbered(" a", `=""`),
		post: "><name>x</name></record>\n",
		err:  "attributes on <record>",
	},
	{
		// The same with namespace declarations, which encoding/xml keeps
		// on a stack and in a map.
		name: "xmlns",
		pre:  "  <record",
		unit: unitNumbered(" xmlns:p", `="u"`),
		post: "><name>x</name></record>\n",
		err:  "attributes on <record>",
	},
	{
		// Text cut into runs by comments: each run was appended to the
		// whole text so far.
		name: "comments",
		pre:  advRecord + "<description>",
		unit: unitString("x<!---->"),
		post: "</description></record>\n",
	},
	{
		// The same with processing instructions.
		name: "pis",
		pre:  advRecord + "<description>",
		unit: unitString("x<?p?>"),
		post: "</description></record>\n",
	},
	{
		// Text cut into segments by <br/>s: every segment is kept.
		name: "breaks",
		pre:  advRecord + "<description>",
		unit: unitString("x<br/>"),
		post: "</description></record>\n",
	},
	{
		// Nesting refused at depth 16: the rest is never read, but the
		// character check before parsing sees all of it.
		name: "nesting",
		pre:  advRecord + "<description>",
		unit: unitString("<paragraph>"),
		err:  "nested more than 16 deep",
	},
	{
		// Many tiny records, each citing a person missing from <people>:
		// one warning each from the cross-record check.
		name: "records",
		unit: func(b []byte, i int) []byte {
			b = append(b, "  <record><name>s"...)
			b = strconv.AppendInt(b, int64(i), 36)
			b = append(b, "</name><protocol>tcp</protocol><number>"...)
			b = strconv.AppendInt(b, int64(i%65536), 10)
			b = append(b, `</number><xref type="person" data="P`...)
			b = strconv.AppendInt(b, int64(i), 36)
			return append(b, "\"/></record>\n"...)
		},
	},
	{
		// Many people.
		name: "people",
		pre:  advRecord + "</record>\n  <people>\n",
		unit: unitNumbered(`    <person id="P`, "\"><name>N</name><updated>2020-02-29</updated></person>\n"),
		post: "  </people>\n",
	},
	{
		// One long line of ASCII text.
		name: "text-ascii",
		pre:  advRecord + "<description>",
		unit: unitString("lorem ipsum "),
		post: "</description></record>\n",
	},
	{
		// One long line of non-ASCII text: the character check looked
		// for the line's start again at every non-ASCII character.
		name: "text-nonascii",
		pre:  advRecord + "<description>",
		unit: unitString("Ünïcödé żółć "),
		post: "</description></record>\n",
	},
	{
		// Entity and character references, decoded by encoding/xml.
		name: "entities",
		pre:  advRecord + "<description>",
		unit: unitString("&amp;&#233;&lt;"),
		post: "</description></record>\n",
	},
	{
		// One long attribute value.
		name: "attribute-value",
		pre:  advRecord + `<xref type="uri" data="https://example.com/`,
		unit: unitString("abcdefgh"),
		post: "\"/></record>\n",
	},
	{
		// A long valid document with a bad byte at the very end: the
		// prefix before the byte is parsed a second time to place it.
		name: "late-bad-byte",
		unit: unitNumbered("  <record><name>s", "</name></record>\n"),
		post: "  <record><name>bad</name><description>\x01</description></record>\n",
		err:  "U+0001",
	},
}

// advSizes are the benchmark sizes: 256 KiB to the 16 MiB cap, by four.
var advSizes = []int{256 << 10, 1 << 20, 4 << 20, DefaultMaxSize}

func BenchmarkAdversarial(b *testing.B) {
	for i := range advShapes {
		s := &advShapes[i]
		for _, n := range advSizes {
			b.Run(fmt.Sprintf("%s/%s", s.name, sizeName(n)), func(b *testing.B) {
				data := s.doc(n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				b.ResetTimer()
				c0, ok := cpuTime()
				for range b.N {
					ParseBytes("adv.xml", data)
				}
				if c1, ok1 := cpuTime(); ok && ok1 {
					b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}

func sizeName(n int) string {
	if n >= 1<<20 {
		return strconv.Itoa(n>>20) + "MiB"
	}
	return strconv.Itoa(n>>10) + "KiB"
}

// cost is what one parse of a document took.
type cost struct {
	bytes   uint64 // allocated
	mallocs uint64 // allocations
	ops     int64  // the parser's operation count
}

// measure parses data once, noting what it cost, and checks the outcome
// is the one the shape is built for.
func measure(t *testing.T, s *advShape, data []byte) cost {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var ops int64
	_, err := parseCounted("adv.xml", data, &ops)
	runtime.ReadMemStats(&after)
	switch {
	case s.err == "" && err != nil:
		t.Errorf("%d bytes: refused: %v", len(data), err)
	case s.err != "" && err == nil:
		t.Errorf("%d bytes: accepted; want an error containing %q", len(data), s.err)
	case s.err != "" && !strings.Contains(err.Error(), s.err):
		t.Errorf("%d bytes: error %q; want one containing %q", len(data), err, s.err)
	}
	return cost{after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs, ops}
}

// TestLinear parses every shape at n and 8n bytes and requires the
// parser's operation count and the number of allocations to grow at most
// 10-fold, and the bytes allocated at most 16-fold: amortized slice growth
// (by 1.25 for large slices) lands each size anywhere up to 1.25 times
// above what it needs, in the model's slices and in encoding/xml's. A
// quadratic step grows 64-fold. Each is also bounded per input byte, so
// that a constant blow-up shows too.
func TestLinear(t *testing.T) {
	const n = 32 << 10
	for i := range advShapes {
		s := &advShapes[i]
		t.Run(s.name, func(t *testing.T) {
			small, large := s.doc(n), s.doc(8*n)
			cs, cl := measure(t, s, small), measure(t, s, large)
			t.Logf("%d bytes: %+v; %d bytes: %+v", len(small), cs, len(large), cl)
			growth := func(what string, a, b float64, most float64) {
				t.Helper()
				// The ratio of sizes is about 8, not exactly: compare
				// cost per byte.
				if r := (b / float64(len(large))) / (a / float64(len(small))); r > most/8 {
					t.Errorf("%s grew %.1f-fold for %.1f-fold input (%.0f to %.0f)", what, b/a, float64(len(large))/float64(len(small)), a, b)
				}
			}
			growth("operations", float64(cs.ops), float64(cl.ops), 10)
			growth("allocations", float64(cs.mallocs), float64(cl.mallocs), 10)
			growth("bytes allocated", float64(cs.bytes), float64(cl.bytes), 16)
			// The worst shape, text cut by <br/>s, keeps two 88-byte
			// segments and makes seven allocations for every 6 bytes.
			if cl.bytes > 256*uint64(len(large)) {
				t.Errorf("%d bytes allocated for %d input bytes", cl.bytes, len(large))
			}
			if cl.mallocs > 2*uint64(len(large)) {
				t.Errorf("%d allocations for %d input bytes", cl.mallocs, len(large))
			}
			if cl.ops > 4*int64(len(large)) {
				t.Errorf("%d operations for %d input bytes", cl.ops, len(large))
			}
		})
	}
}

// TestAttributes checks the attribute rules at their edges: at most
// maxAttrs on an element, namespace declarations allowed anywhere but
// not twice, the first offending attribute reported.
func TestAttributes(t *testing.T) {
	decls := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, ` xmlns:p%d="urn:x"`, i)
		}
		return b.String()
	}
	for _, c := range []struct {
		name, attrs string
		err         string // Error() after the file name; "" if accepted
	}{
		{"16 declarations", decls(16), ""},
		{"allowed and declarations", ` date="2001-02" updated="2002-03"` + decls(13) + ` xmlns="http://www.iana.org/assignments"`, ""},
		{"17 declarations", decls(17),
			`:4: record 1 (line 4): 17 attributes on <record>: more than 16 are refused (the registry uses at most 3 on any element)`},
		{"prefix declared twice", ` xmlns:a="urn:x" date="2001-02" xmlns:a="urn:y"`,
			`:4: record 1 (line 4): attribute "xmlns:a" appears twice on <record>`},
		{"default namespace twice", ` xmlns="http://www.iana.org/assignments" xmlns="http://www.iana.org/assignments"`,
			`:4: record 1 (line 4): attribute "xmlns" appears twice on <record>`},
		{"allowed name twice", ` updated="2001-02" date="2001-02" updated="2001-02"`,
			`:4: record 1 (line 4): attribute "updated" appears twice on <record>`},
		{"unknown before its duplicate", ` status="a" status="b"`,
			`:4: record 1 (line 4): unknown attribute "status" on <record>`},
		{"prefixed name", ` xmlns:a="urn:x" a:date="2001-02"`,
			`:4: record 1 (line 4): unknown attribute "urn:x:date" on <record>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := advHead + "  <record" + c.attrs + "><name>x</name></record>\n" + advTail
			_, err := ParseBytes("a.xml", []byte(doc))
			switch {
			case c.err == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.err != "" && err == nil:
				t.Errorf("accepted; want %s", c.err)
			case c.err != "" && err.Error() != "a.xml"+c.err:
				t.Errorf("Error() = %s\nwant      a.xml%s", err, c.err)
			}
		})
	}
}

// TestTextRuns checks that character data split by comments, processing
// instructions and CDATA sections is one segment, as a single run of text
// would be, and that elements end it.
func TestTextRuns(t *testing.T) {
	for _, c := range []struct {
		desc string
		want Text
	}{
		{"a<!--c-->b<?p x?>c<![CDATA[<d>]]>", Text{{Kind: SegText, Text: "abc<d>"}}},
		{"<!---->a<br/><!---->b<!---->", Text{{Kind: SegText, Text: "a"}, {Kind: SegBreak}, {Kind: SegText, Text: "b"}}},
		{"<paragraph>a<!---->b</paragraph><!---->c", Text{
			{Kind: SegParaStart}, {Kind: SegText, Text: "ab"}, {Kind: SegParaEnd}, {Kind: SegText, Text: "c"}}},
		{"<![CDATA[]]>", Text{{Kind: SegText, Text: ""}}},
		{"<!---->", nil},
	} {
		doc := advHead + advRecord + "<description>" + c.desc + "</description></record>\n" + advTail
		reg, err := ParseBytes("t.xml", []byte(doc))
		if err != nil {
			t.Errorf("%s: %v", c.desc, err)
			continue
		}
		if got := reg.Records[0].Description; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: description %#v, want %#v", c.desc, got, c.want)
		}
	}
}
