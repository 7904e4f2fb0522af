package registry

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/svcreg/ianaports/internal/clip"
)

// DefaultMaxSize caps how much input Parse reads. The real registry is
// about 4 MB; four times that leaves room for growth while keeping a
// runaway download or a hostile file from exhausting memory.
const DefaultMaxSize = 16 << 20

// maxAttrs caps the attributes of one element. The registry uses at
// most three on any element (<xref type data section>); a start tag with
// thousands is hostile, and refusing it bounds the checks on each one.
const maxAttrs = 16

// maxDepth bounds element nesting. The registry nests at most five deep
// (registry > record > description > paragraph > xref); anything far
// deeper is hostile, and refusing it early bounds the recursion.
const maxDepth = 16

// Options tune Parse.
type Options struct {
	// MaxSize is the largest input accepted, in bytes; 0 means
	// DefaultMaxSize.
	MaxSize int64
}

// Error is a fault in the input. It names the file, the line and, where
// the fault sits inside a record or an entry of the people list, that
// record or person. Every piece of the input it quotes is escaped, so
// that no control, bidi or other invisible character reaches a terminal.
type Error struct {
	File string
	Line int // 0 when the fault concerns the whole file
	// Record labels the record or person the fault sits in, as
	// RecordLabel or PersonLabel does: `record 12 (line 1182, name
	// "http", number 80, tcp)`, `person 7 (line 90112, id "Jon_Postel")`;
	// empty elsewhere.
	Record string
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(clip.Path(e.File))
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Record != "" {
		b.WriteString(e.Record)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ParseFile reads and parses the registry at path.
func ParseFile(path string, opts Options) (*Registry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(path, f, opts)
}

// Parse reads a registry document from r. name is used in messages only.
// It returns an *Error for any input it cannot accept in full.
func Parse(name string, r io.Reader, opts Options) (*Registry, error) {
	max := opts.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, &Error{File: name, Msg: "read: " + err.Error()}
	}
	if int64(len(data)) > max {
		return nil, &Error{File: name, Msg: fmt.Sprintf("input is larger than the %d-byte cap (raise it with -max-size if the registry really grew)", max)}
	}
	return ParseBytes(name, data)
}

// ParseBytes parses a registry document held in memory.
func ParseBytes(name string, data []byte) (*Registry, error) {
	return parseCounted(name, data, new(int64))
}

// parseCounted is ParseBytes, also adding to *ops the operations the
// parser's own loops performed (bytes scanned, attributes checked, text
// bytes copied): tests bound them to show the work is linear where
// allocations would not.
func parseCounted(name string, data []byte, ops *int64) (*Registry, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: name, Line: 1, Msg: "empty file: expected the registry XML"}
	}
	if msg := utf16Msg(data); msg != "" {
		return nil, &Error{File: name, Line: 1, Msg: msg}
	}
	// A UTF-8 byte-order mark is legal XML, though IANA does not write
	// one; encoding/xml would take it for text before the root.
	body, bom := bytes.CutPrefix(data, []byte("\xef\xbb\xbf"))
	if enc := declaredEncoding(body); enc != "" && !strings.EqualFold(enc, "UTF-8") {
		return nil, &Error{File: name, Line: 1, Msg: encodingMsg(enc)}
	}
	// Find the first byte that is not UTF-8 or not an XML character
	// before decoding, so that the fault is placed exactly: encoding/xml
	// checks character data only once a whole run of text is read, and
	// reports the line the run ends on.
	off, line, msg := badChar(body)
	if off >= 0 {
		*ops += int64(off)
		e := &Error{File: name, Line: line, Msg: msg}
		// Parse what precedes the bad byte: a fault there comes first
		// and is reported instead; otherwise the parse stops at the bad
		// byte and knows which record it sits in.
		p := newParser(name, body[:off], ops)
		err := p.document()
		var pe *Error
		if errors.As(err, &pe) {
			if !p.src.eof {
				return nil, pe
			}
			e.Record = pe.Record
		}
		return nil, e
	}
	*ops += int64(len(body))
	p := newParser(name, body, ops)
	sum := sha256.Sum256(data)
	p.reg.SHA256 = hex.EncodeToString(sum[:])
	p.reg.Size = int64(len(data))
	if bom {
		p.warn(1, "UTF-8 byte-order mark at the start of the file; ignored")
	}
	if err := p.document(); err != nil {
		return nil, err
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return p.reg, nil
}

func newParser(name string, data []byte, ops *int64) *parser {
	p := &parser{
		file: name,
		data: data,
		ops:  ops,
		src:  &eofReader{r: bytes.NewReader(data)},
		reg:  &Registry{File: name},
	}
	p.d = xml.NewDecoder(p.src)
	p.d.Strict = true
	// The CharsetReader only turns a non-UTF-8 declaration that slipped
	// past declaredEncoding into a clear refusal; nothing is converted.
	// No Entity map: only the five predefined entities are decoded, so
	// entity bombs and external entities have nothing to expand.
	p.d.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, encodingError(label)
	}
	return p
}

// eofReader notes whether the decoder has read to the end of its input.
type eofReader struct {
	r   *bytes.Reader
	eof bool
}

func (r *eofReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	if err == io.EOF {
		r.eof = true
	}
	return n, err
}

func (r *eofReader) ReadByte() (byte, error) {
	c, err := r.r.ReadByte()
	if err == io.EOF {
		r.eof = true
	}
	return c, err
}

type encodingError string

func (e encodingError) Error() string { return encodingMsg(string(e)) }

func encodingMsg(enc string) string {
	return fmt.Sprintf("the XML declaration names encoding %s: only UTF-8 is accepted (IANA publishes the registry in UTF-8; was the file re-encoded?)", clip.Quote(enc))
}

// declaredEncoding returns the encoding named by the XML declaration at
// the start of data, if any.
func declaredEncoding(data []byte) string {
	if !bytes.HasPrefix(data, []byte("<?xml")) || len(data) < 6 || !isSpace(data[5]) {
		return ""
	}
	// A declaration is short; past this, the "?>" found would not be
	// its end, and encoding/xml reports the malformed declaration.
	const maxDecl = 1024
	end := bytes.Index(data[:min(len(data), maxDecl)], []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := data[5:end]
	for {
		i := bytes.Index(decl, []byte("encoding"))
		if i < 0 {
			return ""
		}
		rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
		if i > 0 && isSpace(decl[i-1]) && len(rest) > 0 && rest[0] == '=' {
			rest = bytes.TrimLeft(rest[1:], " \t\r\n")
			if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
				if j := bytes.IndexByte(rest[1:], rest[0]); j >= 0 {
					return string(rest[1 : 1+j])
				}
			}
			return ""
		}
		decl = decl[i+len("encoding"):]
	}
}

// utf16Msg recognises a UTF-16 document by its byte-order mark or by
// the NUL bytes interleaved with an ASCII "<?".
func utf16Msg(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}),
		bytes.HasPrefix(data, []byte{'<', 0, '?', 0}), bytes.HasPrefix(data, []byte{0, '<', 0, '?'}):
		return "the file is UTF-16: only UTF-8 is accepted (IANA publishes the registry in UTF-8; was the file re-encoded?)"
	}
	return ""
}

// badChar returns the offset and line of the first byte of data that is
// not valid UTF-8 or starts a character XML 1.0 forbids, with a message,
// or -1 when there is none. It keeps the start of the current line as it
// goes, so that the column costs nothing until there is a fault.
func badChar(data []byte) (off, line int, msg string) {
	line, lineStart := 1, 0
	for i := 0; i < len(data); {
		c := data[i]
		if c >= 0x20 && c < utf8.RuneSelf {
			i++
			continue
		}
		if c == '\n' {
			line++
			i++
			lineStart = i
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		col := i - lineStart + 1
		switch {
		case r == utf8.RuneError && n <= 1:
			return i, line, fmt.Sprintf("invalid UTF-8: byte 0x%02x at column %d (byte offset %d) does not start a UTF-8 character; the registry is UTF-8", c, col, i)
		case !xmlChar(r):
			return i, line, fmt.Sprintf("character %U at column %d (byte offset %d) is not allowed in XML", r, col, i)
		}
		i += n
	}
	return -1, 0, ""
}

// xmlChar reports whether r is a Char of XML 1.0.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xd7ff ||
		r >= 0xe000 && r <= 0xfffd ||
		r >= 0x10000 && r <= utf8.MaxRune
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

type parser struct {
	file  string
	data  []byte
	src   *eofReader
	d     *xml.Decoder
	reg   *Registry
	depth int

	// start is the line the last token read began on: the decoder's
	// position after a token is where it ends, which for a multi-line
	// tag, declaration or text is a later line.
	start int
	// startOff is the byte offset the last token began at.
	startOff int64

	// ops counts the operations of the parser's own loops; see
	// parseBytes.
	ops *int64

	rec    *Record // record being read, for messages
	recNum int     // 1-based index of rec
	per    *Person // person being read, for messages
	perNum int     // 1-based index of per in the people list
}

func (p *parser) line() int {
	l, _ := p.d.InputPos()
	return l
}

func (p *parser) errf(line int, format string, args ...any) error {
	e := &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
	switch {
	case p.rec != nil:
		e.Record = RecordLabel(p.recNum, p.rec)
	case p.per != nil:
		e.Record = PersonLabel(p.perNum, p.per)
	}
	return e
}

// next returns the next token, noting the line it starts on. It passes
// io.EOF through and turns any other decoder failure into an *Error.
func (p *parser) next() (xml.Token, error) {
	p.start = p.line()
	p.startOff = p.d.InputOffset()
	t, err := p.d.Token()
	if err == nil || err == io.EOF {
		return t, err
	}
	var se *xml.SyntaxError
	var ee encodingError
	switch {
	case errors.As(err, &se) && se.Msg == "unexpected EOF":
		return nil, p.truncated()
	case errors.As(err, &se):
		// encoding/xml quotes names and entities raw.
		return nil, p.errf(se.Line, "malformed XML: %s", clip.Foreign(se.Msg))
	case errors.As(err, &ee):
		return nil, p.errf(p.start, "%s", ee.Error())
	}
	return nil, p.errf(p.line(), "malformed XML: %s", clip.Foreign(strings.TrimPrefix(err.Error(), "xml: ")))
}

// token returns the next token inside the root element, where the end
// of the input means the document is cut short.
func (p *parser) token() (xml.Token, error) {
	t, err := p.next()
	if err == io.EOF {
		return nil, p.truncated()
	}
	return t, err
}

// truncated reports the input ending inside the root element.
func (p *parser) truncated() error {
	return p.errf(p.lastLine(), "unexpected end of file: the XML is truncated")
}

// lastLine is the last line of the input that holds anything: where an
// input that ends too early ends.
func (p *parser) lastLine() int {
	return 1 + bytes.Count(bytes.TrimRight(p.data, " \t\r\n"), []byte("\n"))
}

// textLine is the line of the first non-blank byte of character data t
// read by the last call to next.
func (p *parser) textLine(t xml.CharData) int {
	// Count in the raw input: the decoder has already turned a lone
	// "\r" into "\n", but its line numbers count "\n" bytes only.
	raw := p.data[min(p.startOff, int64(len(p.data))):]
	lead := len(raw) - len(bytes.TrimLeft(raw, " \t\r\n"))
	return p.start + bytes.Count(raw[:lead], []byte("\n"))
}

func (p *parser) document() error {
	for {
		t, err := p.next()
		if err == io.EOF {
			return p.errf(p.lastLine(), "the file ends without a <registry> element: not an IANA registry document")
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.ProcInst, xml.Comment:
		case xml.CharData:
			if text := bytes.TrimSpace(t); len(text) != 0 {
				return p.errf(p.textLine(t), "not XML: text %s where the <registry> element should start", clip.Quote(text))
			}
		case xml.Directive:
			if isHTMLDoctype(t) {
				return p.errf(p.start, "got an HTML page, not the registry XML (an error page from the server?)")
			}
			return p.errf(p.start, "<!%s> refused: the registry has no DOCTYPE, and entities declared in one are never expanded", clip.Bare(firstWord(t)))
		case xml.StartElement:
			if err := p.root(t); err != nil {
				return err
			}
			return p.trailer()
		case xml.EndElement:
			return p.errf(p.start, "unexpected </%s>", clip.Bare(t.Name.Local))
		}
	}
}

func isHTMLDoctype(d xml.Directive) bool {
	f := bytes.Fields(d)
	return len(f) >= 2 && strings.EqualFold(string(f[0]), "DOCTYPE") && strings.EqualFold(string(f[1]), "html")
}

func firstWord(d xml.Directive) []byte {
	if f := bytes.Fields(d); len(f) > 0 {
		return f[0]
	}
	return nil
}

// trailer accepts only white space, comments and processing instructions
// after the root element.
func (p *parser) trailer() error {
	for {
		t, err := p.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.CharData:
			if text := bytes.TrimSpace(t); len(text) != 0 {
				return p.errf(p.textLine(t), "text %s after </registry>", clip.Quote(text))
			}
		case xml.Comment, xml.ProcInst:
		case xml.StartElement:
			return p.errf(p.start, "element <%s> after </registry>: a document has one root", clip.Bare(t.Name.Local))
		default:
			return p.errf(p.start, "content after </registry>")
		}
	}
}

func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// attrs checks that se carries at most maxAttrs attributes, none outside
// allowed (at most 31 names) and namespace declarations, and none twice
// (encoding/xml does not check that). It reports the first offending
// attribute in document order, in time linear in their number: allowed
// names are noted in a bit set, namespace prefixes in a map made only for
// elements that declare one (the registry never does).
func (p *parser) attrs(se xml.StartElement, line int, allowed ...string) error {
	if len(se.Attr) > maxAttrs {
		return p.errf(line, "%d attributes on <%s>: more than %d are refused (the registry uses at most 3 on any element)", len(se.Attr), clip.Bare(se.Name.Local), maxAttrs)
	}
	const xmlnsBit = 1 << 31 // the default namespace declaration
	var seen uint32
	var prefixes map[string]bool
	for _, a := range se.Attr {
		*p.ops++
		var bit uint32
		switch {
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			bit = xmlnsBit
		case a.Name.Space == "xmlns":
			if prefixes[a.Name.Local] {
				return p.errf(line, "attribute %s appears twice on <%s>", clip.Quote(qname(a.Name)), clip.Bare(se.Name.Local))
			}
			if prefixes == nil {
				prefixes = make(map[string]bool)
			}
			prefixes[a.Name.Local] = true
			continue
		case a.Name.Space == "":
			for i, ok := range allowed {
				*p.ops++
				if a.Name.Local == ok {
					bit = 1 << i
					break
				}
			}
		}
		if bit == 0 {
			return p.errf(line, "unknown attribute %s on <%s>", clip.Quote(qname(a.Name)), clip.Bare(se.Name.Local))
		}
		if seen&bit != 0 {
			return p.errf(line, "attribute %s appears twice on <%s>", clip.Quote(qname(a.Name)), clip.Bare(se.Name.Local))
		}
		seen |= bit
	}
	return nil
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func (p *parser) root(se xml.StartElement) error {
	line := p.start
	if se.Name.Local != "registry" {
		if strings.EqualFold(se.Name.Local, "html") {
			return p.errf(line, "got an HTML page, not the registry XML (an error page from the server?)")
		}
		return p.errf(line, "root element is <%s>, want <registry>", clip.Bare(se.Name.Local))
	}
	if se.Name.Space != Namespace {
		return p.errf(line, "root namespace is %s, want %q", clip.Quote(se.Name.Space), Namespace)
	}
	id, _ := attr(se, "id")
	if id != RegistryID {
		return p.errf(line, "this is the IANA registry %s, not %q", clip.Quote(id), RegistryID)
	}
	if err := p.attrs(se, line, "id"); err != nil {
		return err
	}
	p.reg.ID = id
	var seenUpdated, seenPeople bool
	err := p.children(se, func(c xml.StartElement, line int) error {
		var err error
		switch c.Name.Local {
		case "title":
			p.reg.Title, err = p.simple(c, line)
		case "category":
			p.reg.Category, err = p.simple(c, line)
		case "updated":
			if seenUpdated {
				return p.errf(line, "second <updated> in the registry header")
			}
			seenUpdated = true
			p.reg.Updated, err = p.simple(c, line)
			if err == nil && !validDate(p.reg.Updated, false) {
				err = p.errf(line, "registry <updated> %s is not a valid YYYY-MM-DD date", clip.Quote(p.reg.Updated))
			}
		case "expert":
			p.reg.Expert, err = p.simple(c, line)
		case "xref":
			var x Xref
			x, err = p.xref(c, line)
			p.reg.Xrefs = append(p.reg.Xrefs, x)
		case "note":
			if err = p.attrs(c, line, "title"); err != nil {
				return err
			}
			title, _ := attr(c, "title")
			var t Text
			t, err = p.mixed(c)
			p.reg.Notes = append(p.reg.Notes, Note{Title: title, Text: t})
		case "footnote":
			if err = p.attrs(c, line, "anchor"); err != nil {
				return err
			}
			anchor, _ := attr(c, "anchor")
			var t Text
			t, err = p.mixed(c)
			p.reg.Footnote = append(p.reg.Footnote, Footnote{Anchor: anchor, Text: t})
		case "record":
			err = p.record(c, line)
		case "people":
			if seenPeople {
				return p.errf(line, "second <people> list")
			}
			seenPeople = true
			err = p.people(c, line)
		default:
			err = p.errf(line, "unknown element <%s> in <registry>", clip.Bare(c.Name.Local))
		}
		return err
	})
	if err != nil {
		return err
	}
	if !seenUpdated {
		return p.errf(line, "the registry has no <updated> date")
	}
	if len(p.reg.Records) == 0 {
		return p.errf(line, "the registry holds no <record>s")
	}
	return nil
}

// children walks the child elements of se, calling fn for each start tag
// with the line it sits on. fn must consume the element it is given.
// Character data between children must be white space.
func (p *parser) children(se xml.StartElement, fn func(xml.StartElement, int) error) error {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return p.errf(p.start, "elements nested more than %d deep", maxDepth)
	}
	for {
		t, err := p.token()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Space != Namespace {
				return p.errf(p.start, "element <%s> is in namespace %s, want %q", clip.Bare(t.Name.Local), clip.Quote(t.Name.Space), Namespace)
			}
			if err := fn(t, p.start); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return p.errf(p.textLine(t), "unexpected text %s in <%s>", clip.Quote(bytes.TrimSpace(t)), clip.Bare(se.Name.Local))
			}
		case xml.Directive:
			return p.errf(p.start, "declarations are refused inside the document")
		}
	}
}

// simple reads an element holding only character data.
func (p *parser) simple(se xml.StartElement, line int) (string, error) {
	if err := p.attrs(se, line); err != nil {
		return "", err
	}
	var b strings.Builder
	for {
		t, err := p.token()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			*p.ops += int64(len(t))
			b.Write(t)
		case xml.EndElement:
			return b.String(), nil
		case xml.StartElement:
			// <name>, <number> and the like hold text only; an element
			// inside one almost always means its end tag is missing.
			return "", p.errf(line, "<%s> is not closed: <%s> on line %d starts inside it, and <%s> holds text only", clip.Bare(se.Name.Local), clip.Bare(t.Name.Local), p.start, clip.Bare(se.Name.Local))
		case xml.Directive:
			return "", p.errf(p.start, "declarations are refused inside the document")
		}
	}
}

var xrefTypes = map[string]bool{"person": true, "rfc": true, "draft": true, "uri": true, "text": true, "note": true}

func (p *parser) xref(se xml.StartElement, line int) (Xref, error) {
	if err := p.attrs(se, line, "type", "data", "section"); err != nil {
		return Xref{}, err
	}
	var x Xref
	x.Type, _ = attr(se, "type")
	x.Data, _ = attr(se, "data")
	x.Section, _ = attr(se, "section")
	if !xrefTypes[x.Type] {
		return x, p.errf(line, "xref type %s is not one of person, rfc, draft, uri, text, note", clip.Quote(x.Type))
	}
	text, err := p.simple(xml.StartElement{Name: se.Name}, line)
	if err != nil {
		return x, err
	}
	x.Text = text
	if x.Data == "" && strings.TrimSpace(x.Text) == "" {
		return x, p.errf(line, "<xref type=%s> has neither data nor text", clip.Quote(x.Type))
	}
	return x, nil
}

// mixed reads mixed content: text with <br/>, <paragraph> and <xref>.
func (p *parser) mixed(se xml.StartElement) (Text, error) {
	var t Text
	err := p.mixedInto(se, &t)
	return t, err
}

func (p *parser) mixedInto(se xml.StartElement, t *Text) error {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return p.errf(p.start, "elements nested more than %d deep", maxDepth)
	}
	// Character data split by comments or processing instructions is
	// one segment. It is gathered in run, not appended to the segment
	// piece by piece, which would copy the text so far each time.
	var run strings.Builder
	inRun := false // even an empty <![CDATA[]]> makes a segment
	endRun := func() {
		if inRun {
			*t = append(*t, Seg{Kind: SegText, Text: run.String()})
			run.Reset()
			inRun = false
		}
	}
	for {
		tok, err := p.token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.CharData:
			*p.ops += int64(len(tok))
			run.Write(tok)
			inRun = true
		case xml.EndElement:
			endRun()
			return nil
		case xml.Directive:
			return p.errf(p.start, "declarations are refused inside the document")
		case xml.StartElement:
			endRun()
			line := p.start
			if tok.Name.Space != Namespace {
				return p.errf(line, "element <%s> is in namespace %s, want %q", clip.Bare(tok.Name.Local), clip.Quote(tok.Name.Space), Namespace)
			}
			switch tok.Name.Local {
			case "br":
				if _, err := p.simple(tok, line); err != nil {
					return err
				}
				*t = append(*t, Seg{Kind: SegBreak})
			case "paragraph":
				if err := p.attrs(tok, line); err != nil {
					return err
				}
				*t = append(*t, Seg{Kind: SegParaStart})
				if err := p.mixedInto(tok, t); err != nil {
					return err
				}
				*t = append(*t, Seg{Kind: SegParaEnd})
			case "xref":
				x, err := p.xref(tok, line)
				if err != nil {
					return err
				}
				*t = append(*t, Seg{Kind: SegXref, Xref: &x})
			default:
				return p.errf(line, "unknown element <%s> inside <%s>", clip.Bare(tok.Name.Local), clip.Bare(se.Name.Local))
			}
		}
	}
}

func (p *parser) record(se xml.StartElement, line int) error {
	p.reg.Records = append(p.reg.Records, Record{Line: line})
	p.recNum = len(p.reg.Records)
	p.rec = &p.reg.Records[p.recNum-1]
	defer func() { p.rec = nil }()
	r := p.rec
	if err := p.attrs(se, line, "date", "updated"); err != nil {
		return err
	}
	r.Date, _ = attr(se, "date")
	r.Updated, _ = attr(se, "updated")
	if _, ok := attr(se, "date"); ok && !validDate(r.Date, true) {
		return p.errf(line, "registration date %s is not a valid YYYY-MM-DD or YYYY-MM date", clip.Quote(r.Date))
	}
	if _, ok := attr(se, "updated"); ok && !validDate(r.Updated, true) {
		return p.errf(line, "modification date %s is not a valid YYYY-MM-DD or YYYY-MM date", clip.Quote(r.Updated))
	}
	seen := map[string]bool{}
	once := func(c xml.StartElement, line int) error {
		if seen[c.Name.Local] {
			return p.errf(line, "second <%s> in one record", c.Name.Local)
		}
		seen[c.Name.Local] = true
		return nil
	}
	err := p.children(se, func(c xml.StartElement, line int) error {
		var err error
		switch c.Name.Local {
		case "name":
			if err = once(c, line); err != nil {
				return err
			}
			if r.Name, err = p.simple(c, line); err != nil {
				return err
			}
			if r.Name != strings.TrimSpace(r.Name) {
				p.warn(line, fmt.Sprintf("service name %s has surrounding white space; trimmed", clip.Quote(r.Name)))
				r.Name = strings.TrimSpace(r.Name)
			}
			// A name is printed as it is wherever it goes (a services
			// file, a --script record, a report heading), so one that
			// could end a line, move a terminal's cursor or reorder the
			// text after it never gets in.
			if i := clip.IndexControl(r.Name); i >= 0 {
				c, _ := utf8.DecodeRuneInString(r.Name[i:])
				return p.errf(line, "the service name holds the control character %U: a name with a C0 or C1 control, DEL or a bidi control is refused", c)
			}
		case "protocol":
			if err = once(c, line); err != nil {
				return err
			}
			if r.Protocol, err = p.simple(c, line); err != nil {
				return err
			}
			if !slices.Contains(Protocols[:], r.Protocol) {
				if r.Protocol == "" {
					p.warn(line, "empty <protocol/>; read as no protocol")
				} else {
					return p.errf(line, "unknown protocol %s (want tcp, udp, sctp or dccp)", clip.Quote(r.Protocol))
				}
			}
		case "number":
			if err = once(c, line); err != nil {
				return err
			}
			if r.Number, err = p.simple(c, line); err != nil {
				return err
			}
			r.HasNumber = true
			r.Lo, r.Hi, err = parsePorts(r.Number)
			if err != nil {
				return p.errf(line, "%v", err)
			}
		case "description":
			if err = once(c, line); err != nil {
				return err
			}
			if err = p.attrs(c, line); err != nil {
				return err
			}
			r.Description, err = p.mixed(c)
		case "note":
			if err = once(c, line); err != nil {
				return err
			}
			if err = p.attrs(c, line); err != nil {
				return err
			}
			r.Note, err = p.mixed(c)
		case "unauthorized":
			if err = once(c, line); err != nil {
				return err
			}
			if err = p.attrs(c, line); err != nil {
				return err
			}
			r.Unauthorized, err = p.mixed(c)
		case "sc":
			if err = once(c, line); err != nil {
				return err
			}
			if r.ServiceCode, err = p.simple(c, line); err != nil {
				return err
			}
			if _, perr := strconv.ParseUint(r.ServiceCode, 10, 32); perr != nil {
				return p.errf(line, "DCCP service code %s is not a 32-bit unsigned number", clip.Quote(r.ServiceCode))
			}
		case "assignee":
			if err = once(c, line); err != nil {
				return err
			}
			if err = p.attrs(c, line); err != nil {
				return err
			}
			err = p.children(c, func(x xml.StartElement, line int) error {
				if x.Name.Local != "xref" {
					return p.errf(line, "unknown element <%s> in <assignee>", clip.Bare(x.Name.Local))
				}
				xr, err := p.xref(x, line)
				if err != nil {
					return err
				}
				if xr.Type != "person" {
					return p.errf(line, "<assignee> holds an xref of type %s, want person", clip.Quote(xr.Type))
				}
				r.Assignee = append(r.Assignee, xr)
				return nil
			})
		case "xref":
			var x Xref
			if x, err = p.xref(c, line); err != nil {
				return err
			}
			if x.Type == "person" {
				r.Contact = append(r.Contact, x)
			} else {
				r.Refs = append(r.Refs, x)
			}
		case "record":
			err = p.errf(line, "a <record> starts inside this record: its </record> is missing")
		default:
			err = p.errf(line, "unknown element <%s> in <record>", clip.Bare(c.Name.Local))
		}
		return err
	})
	if err != nil {
		return err
	}
	if r.Protocol != "" && !r.HasNumber && r.Name == "" {
		p.warn(line, "record has a protocol but neither a name nor a number")
	}
	return nil
}

// parsePorts reads "N" or "N-M".
func parsePorts(s string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(s, "-")
	lo, err = parsePort(a, s)
	if err != nil {
		return 0, 0, err
	}
	if !isRange {
		return lo, lo, nil
	}
	if b == "" {
		return 0, 0, fmt.Errorf("port range %s is open: it has no upper bound", clip.Quote(s))
	}
	hi, err = parsePort(b, s)
	if err != nil {
		return 0, 0, err
	}
	if lo > hi {
		return 0, 0, fmt.Errorf("port range %s is reversed: %d > %d", clip.Quote(s), lo, hi)
	}
	return lo, hi, nil
}

func parsePort(s, whole string) (int, error) {
	if s == "" && strings.HasPrefix(whole, "-") {
		return 0, fmt.Errorf("port number %s is negative", clip.Quote(whole))
	}
	if s == "" {
		return 0, fmt.Errorf("port number %s is malformed", clip.Quote(whole))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("port number %s is not a decimal number in 0-65535", clip.Quote(whole))
		}
	}
	if len(s) > 5 {
		return 0, fmt.Errorf("port number %s is above 65535", clip.Quote(whole))
	}
	n, _ := strconv.Atoi(s)
	if n > 65535 {
		return 0, fmt.Errorf("port number %s is above 65535", clip.Quote(whole))
	}
	return n, nil
}

// validDate accepts YYYY-MM-DD, and also YYYY-MM where monthOK is set
// (older registrations carry only a month). The date must exist.
func validDate(s string, monthOK bool) bool {
	switch len(s) {
	case len("2006-01-02"):
		t, err := time.Parse("2006-01-02", s)
		return err == nil && t.Format("2006-01-02") == s
	case len("2006-01"):
		if !monthOK {
			return false
		}
		t, err := time.Parse("2006-01", s)
		return err == nil && t.Format("2006-01") == s
	}
	return false
}

func (p *parser) people(se xml.StartElement, line int) error {
	if err := p.attrs(se, line); err != nil {
		return err
	}
	return p.children(se, func(c xml.StartElement, line int) error {
		if c.Name.Local != "person" {
			return p.errf(line, "unknown element <%s> in <people>", clip.Bare(c.Name.Local))
		}
		return p.person(c, line)
	})
}

// person reads one <person> of the people list; faults inside it are
// labelled with PersonLabel. Like record, it fills in the entry in place.
func (p *parser) person(se xml.StartElement, line int) error {
	p.reg.People = append(p.reg.People, Person{Line: line})
	p.perNum = len(p.reg.People)
	p.per = &p.reg.People[p.perNum-1]
	defer func() { p.per = nil }()
	per := p.per
	// The id first, so that the label of any fault names it.
	per.ID, _ = attr(se, "id")
	if err := p.attrs(se, line, "id"); err != nil {
		return err
	}
	if per.ID == "" {
		return p.errf(line, "<person> without an id")
	}
	seen := map[string]bool{}
	err := p.children(se, func(f xml.StartElement, fline int) error {
		switch f.Name.Local {
		case "name", "org", "uri", "updated":
		default:
			return p.errf(fline, "unknown element <%s> in <person>", clip.Bare(f.Name.Local))
		}
		if seen[f.Name.Local] && f.Name.Local != "uri" {
			return p.errf(fline, "second <%s> in one person", f.Name.Local)
		}
		seen[f.Name.Local] = true
		v, err := p.simple(f, fline)
		if err != nil {
			return err
		}
		switch f.Name.Local {
		case "name":
			per.Name = v
		case "org":
			per.Org = v
		case "uri":
			per.URIs = append(per.URIs, v)
		case "updated":
			per.Updated = v
			if !validDate(v, true) {
				return p.errf(fline, "updated date %s is not a valid YYYY-MM-DD or YYYY-MM date", clip.Quote(v))
			}
		}
		return nil
	})
	return err
}

func (p *parser) warn(line int, msg string) {
	p.reg.Warnings = append(p.reg.Warnings, Warning{Line: line, Msg: msg})
}

// check runs the cross-record validations that need the whole document.
func (p *parser) check() error {
	reg := p.reg
	ids := make(map[string]int, len(reg.People)) // id -> index in People
	for i := range reg.People {
		per := &reg.People[i]
		if j, ok := ids[per.ID]; ok {
			return reg.PersonError(i, "person id %s listed twice in <people> (first as person %d on line %d)", clip.Quote(per.ID), j+1, reg.People[j].Line)
		}
		ids[per.ID] = i
	}
	folded := map[string]int{}
	missing := map[string]bool{}
	cite := func(r *Record, xs []Xref) {
		for _, x := range xs {
			if _, ok := ids[x.Data]; !ok && !missing[x.Data] {
				missing[x.Data] = true
				p.warn(r.Line, fmt.Sprintf("person %s is not in <people>", clip.Quote(x.Data)))
			}
		}
	}
	for i := range reg.Records {
		r := &reg.Records[i]
		if r.Name != "" {
			k := FoldName(r.Name)
			if j, ok := folded[k]; ok && reg.Records[j].Name != r.Name {
				return reg.RecordError(i, "service name %s differs only by case from %s (line %d); RFC 6335 names are case-insensitive", clip.Quote(r.Name), clip.Quote(reg.Records[j].Name), reg.Records[j].Line)
			}
			folded[k] = i
			if !wellFormedName(r.Name) {
				p.warn(r.Line, fmt.Sprintf("legacy service name %s is outside RFC 6335 syntax", clip.Quote(r.Name)))
			}
		}
		cite(r, r.Assignee)
		cite(r, r.Contact)
	}
	return nil
}

// wellFormedName reports whether s follows RFC 6335 section 5.1: 1-15
// letters, digits and hyphens, at least one letter, no leading, trailing
// or doubled hyphen.
func wellFormedName(s string) bool {
	if len(s) == 0 || len(s) > 15 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9', c == '-':
		default:
			return false
		}
	}
	return letter
}
