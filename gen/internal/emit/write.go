package emit

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/svcreg/ianaports/internal/registry"
)

// The layout of tables.go. Tables print several values a line (x/text's
// convention: 8, 16 for bytes, 4 for 64-bit words), each line's comment
// naming its first entry, so that a registry update changes a reviewable
// number of lines; every packed width states its use and its capacity
// (publicsuffix's "max children 935 (capacity 1023)").
const (
	blobLine  = 96 // bytes of a string blob a line
	blobGroup = 64 // lines a parenthesised group; see blob
)

// safeQuote is a Go string literal of s in printable ASCII only: nothing
// in it can change how the source reads (BOM, bidi controls, line and
// paragraph separators, NUL are all escaped).
func safeQuote(s string) string { return strconv.QuoteToASCII(s) }

// safeComment is s for a // comment: as it is when it is printable
// ASCII, quoted and escaped otherwise.
func safeComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return safeQuote(s)
		}
	}
	return s
}

// source is one generated file, every byte of it rendered by jennifer.
// First a File of the header, the package clause and the declarations
// shaped by hand (the head): a few kilobytes, which jennifer prints with
// a space between any two tokens and go/format lays out. Then a File for
// each declaration that follows (tables.go's tables and blobs, ports.go's
// API source): megabytes whose statements hold text already in
// go/format's layout, rendered without go/format (NoFormat), which would
// parse and print them only to give back the same bytes.
// TestOutputIsFormatted holds every generated file to format.Source.
//
// jennifer renders without go/format only a File, which starts with a
// package clause: a declaration's render is kept from where that ends.
// A File a declaration, rendered as soon as the declaration ends, holds
// the statements of one declaration at a time, not of the whole file.
type source struct {
	name, pkg string
	f         *jen.File // the head, then the declaration being written
	out       bytes.Buffer
	err       error // the first error of a declaration, for bytes
}

func newSource(name, pkg, header string) *source {
	s := &source{name: name, pkg: pkg, f: jen.NewFile(pkg)}
	s.f.HeaderComment(header)
	return s
}

// head writes the head, laid out. jennifer's own formatting would turn
// a go/format failure into a message holding the whole source; here it
// stays a *FormatError.
func (s *source) head() error {
	s.f.NoFormat = true
	var raw bytes.Buffer
	if err := s.f.Render(&raw); err != nil {
		return err
	}
	head, err := gofmt(s.name, raw.Bytes())
	if err != nil {
		return err
	}
	s.out.Write(head)
	s.f = nil // written: a declaration of the head added now would be lost, so it panics
	return nil
}

// startDecl begins a declaration after the head.
func (s *source) startDecl() {
	s.f = jen.NewFile(s.pkg)
	s.f.NoFormat = true
}

// endDecl writes the declaration as jennifer renders it, after the File's
// package clause, which it then drops. A File puts a newline before each
// item, and the head ends its last line, as every declaration must: the
// newline before a declaration's first item is the blank line before it.
func (s *source) endDecl() {
	start := s.out.Len()
	err := s.f.Render(&s.out)
	s.f = nil
	// Between the clause and that newline jennifer would put the import
	// block of a package the declaration used: none may.
	clause := []byte("package " + s.pkg + "\n\n")
	rendered := s.out.Bytes()[start:]
	decl, ok := bytes.CutPrefix(rendered, clause)
	if err == nil && (!ok || len(decl) > 0 && decl[0] != '\n') {
		err = fmt.Errorf("%s: a declaration rendered as %.40q, not after the package clause alone", s.name, rendered)
	}
	s.out.Truncate(start + copy(rendered, decl))
	if s.err == nil {
		s.err = err
	}
}

// bytes is the file.
func (s *source) bytes() ([]byte, error) { return s.out.Bytes(), s.err }

// writer builds tables.go: the hand-shaped declarations (constants, the
// type and const blocks, the enumeration check), then the tables and
// string blobs, nearly all of the file.
//
// A table or blob is one jennifer statement a source line, holding the
// line's text as go/format prints it (its values, then its comment), not
// a statement a value: a value then costs a few bytes of text, and a line
// of up to 16 values a handful of small allocations instead of a handful
// each. jen is imported by name, not dot-imported: its File would collide
// with this package's File.
type writer struct {
	*source
	docs  []string // doc lines of the next table
	total int
}

// headDoc adds text to the hand-shaped part as // lines, a Comment a
// line: jennifer prints a Comment with a newline as a /* */ block, and
// tables.go has none.
func (w *writer) headDoc(text string) {
	for _, l := range strings.Split(text, "\n") {
		w.f.Comment(l)
	}
}

// doc adds text to the doc comment of the next table or blob.
func (w *writer) doc(text string) {
	w.docs = append(w.docs, strings.Split(text, "\n")...)
}

// startTable begins a declaration of the tables with its doc comment as
// go/format prints one (no blank line first or last, none doubled, no
// trailing blanks), a Comment a line.
func (w *writer) startTable() {
	w.startDecl()
	wrote, blank := false, false
	for _, l := range w.docs {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank = wrote
			continue
		}
		if blank {
			w.f.Comment("//")
		}
		w.f.Comment("// " + l)
		wrote, blank = true, false
	}
	w.docs = w.docs[:0]
}

// endTable ends a declaration of the tables with an Empty item, which
// ends its last line.
func (w *writer) endTable() {
	w.f.Empty()
	w.endDecl()
}

// lineComment is the // comment c as go/format prints it, for a Comment.
// c is printable ASCII (safeComment). A Comment starting with // is
// printed as it is, so a name such as "/*x" stays the text of the
// comment, after "// ".
func lineComment(c string) string {
	return "// " + strings.TrimRight(c, " ")
}

// str is s as a Go string literal in printable ASCII. jennifer's Lit
// quotes with %#v, which keeps printable non-ASCII characters as they
// are.
func str(s string) jen.Code { return jen.Op(safeQuote(s)) }

// hexLit is v in hexadecimal: Lit prints an int in decimal, and a
// typed one with a conversion (uint16(0x1)).
func hexLit(v uint64) jen.Code { return jen.Op(hx(v)) }

// constant adds a documented constant.
func (w *writer) constant(doc, name string, value jen.Code) {
	w.headDoc(doc)
	// const name = value
	w.f.Const().Id(name).Op("=").Add(value)
	w.f.Line()
}

// width is an unsigned integer type that holds max.
type width struct {
	typ  string
	size int
	cap  uint64
}

func widthFor(max int) width {
	if max <= 0xFFFF {
		return u16
	}
	return u32
}

// widthFor64 is widthFor for packed words that may need 64 bits.
func widthFor64(max uint64) width {
	switch {
	case max <= 0xFFFF:
		return u16
	case max <= 0xFFFFFFFF:
		return u32
	}
	return u64
}

var (
	u16 = width{"uint16", 2, 0xFFFF}
	u32 = width{"uint32", 4, 0xFFFFFFFF}
	u64 = width{"uint64", 8, 0xFFFFFFFFFFFFFFFF}
)

func perLine(size int) int {
	switch size {
	case 1:
		return 16
	case 8:
		return 4
	}
	return 8
}

// table adds `var name = [n]elem{...}`: a doc comment, the size and
// capacity lines, then the values (Go source, as value gives them),
// several a line, each line's comment naming its first entry (label(i),
// after its index). go/format puts a line break that ends alignment
// between the lines of a list with several values a line, so each
// line's comment follows it after one space.
func (w *writer) table(name, doc, elem string, size, n int, caps []string, value func(i int) string, label func(i int) string) {
	w.doc(doc)
	w.doc(fmt.Sprintf("\n%s: %d entries of %s, %d bytes.", name, n, elem, n*size))
	for _, c := range caps {
		w.doc(c)
	}
	w.total += n * size
	w.startTable()
	k := perLine(size)
	lines := make([]jen.Code, 0, (n+k-1)/k)
	var line []byte
	for i := 0; i < n; i += k {
		//	v, v, v, v, v, v, v, v, // i: label
		line = append(line[:0], '\t')
		for j := i; j < min(i+k, n); j++ {
			if j > i {
				line = append(line, ", "...)
			}
			line = append(line, value(j)...)
		}
		line = append(line, ',')
		c := strconv.Itoa(i)
		if label != nil {
			if l := label(i); l != "" {
				c += ": " + safeComment(l)
			}
		}
		lines = append(lines, jen.Op(string(line)).Comment(lineComment(c)))
	}
	// var name = [n]elem{
	//	…
	// }
	w.f.Var().Id(name).Op("=").Custom(jen.Options{Open: fmt.Sprintf("[%d]%s{", n, elem), Close: "}", Multi: true}, lines...)
	w.endTable()
}

// blob adds a string constant in lines of blobLine bytes, each with its
// offset.
func (w *writer) blob(name, doc, s string) {
	w.doc(doc)
	w.doc(fmt.Sprintf("\n%s: %d bytes.", name, len(s)))
	var lines, offs []string
	for i := 0; i < len(s); {
		j := min(i+blobLine, len(s))
		// Keep UTF-8 sequences whole, so each line's escapes read as
		// characters.
		for j > i+1 && j < len(s) && s[j]&0xC0 == 0x80 {
			j--
		}
		lines = append(lines, s[i:j])
		offs = append(offs, strconv.Itoa(i))
		i = j
	}
	w.stringConst(name, lines, offs)
}

// stringConst adds a string constant of lines, one a source line, each
// with its comment. go/printer's cost grows with the square of the
// longest chain of +, so past blobGroup lines the lines are grouped in
// parentheses (golang.org/issue/18078: one giant literal is also slow
// to compile and unreadable in diffs); go/format indents the lines of
// the first group once and those of the others twice.
func (w *writer) stringConst(name string, lines, comments []string) {
	w.startTable()
	// const name = "…" + // 0
	//	"…" // 96
	// or, grouped:
	// const name = ("…" + // 0
	//	"…") + // 6048
	//	("…" + // 6144
	//		"…") // 12192
	if len(lines) == 0 {
		w.f.Const().Id(name).Op("=").Lit("")
		w.endTable()
		return
	}
	grouped := len(lines) > blobGroup
	last := len(lines) - 1
	codes := make([]jen.Code, len(lines))
	var line []byte
	for k, l := range lines {
		w.total += len(l)
		line = line[:0]
		switch {
		case k == 0:
		case !grouped || k < blobGroup || k%blobGroup == 0:
			line = append(line, '\t')
		default:
			line = append(line, "\t\t"...)
		}
		if grouped && k%blobGroup == 0 {
			line = append(line, '(')
		}
		line = append(line, safeQuote(l)...)
		if grouped && (k%blobGroup == blobGroup-1 || k == last) {
			line = append(line, ')')
		}
		if k < last {
			line = append(line, " +"...)
		}
		codes[k] = jen.Op(string(line)).Comment(lineComment(comments[k]))
	}
	// A line apart, not Multi: the first line follows "const name =".
	w.f.Const().Id(name).Op("=").Custom(jen.Options{Separator: "\n"}, codes...)
	w.endTable()
}

func u(v int) string     { return strconv.Itoa(v) }
func hx(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }
func ints(xs []int) func(int) string {
	return func(i int) string { return strconv.Itoa(xs[i]) }
}

// ref is a Service, Person or Reference literal of row i: {i}.
func ref(i int) string { return "{" + strconv.Itoa(i) + "}" }

// zeroRow prefixes a per-record or per-person table with its empty row 0.
func zeroRow(f func(int) string) func(int) string {
	return func(i int) string {
		if i == 0 {
			return "0"
		}
		return f(i - 1)
	}
}

func capLine(what string, max int, wd width) string {
	return fmt.Sprintf("%s: max %d (capacity %d as %s).", what, max, wd.cap, wd.typ)
}

func countOf(xs []int, x int) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

// bitsFor is the number of bits that hold v, at least 1.
func bitsFor(v int) int {
	b := 1
	for v>>b != 0 {
		b++
	}
	return b
}

// render builds tables.go.
func (t *tables) render(reg *registry.Registry, c Config) ([]byte, error) {
	w := &writer{source: newSource("tables.go", c.Package, header(c))}
	nRec, nPeople, nRefs := t.nRec+1, len(t.people)+1, len(t.refs)+1
	nSlots := len(t.slotKey)

	// The widths of the indexes, chosen for this registry.
	recW := widthFor(nRec)
	textW := widthFor(len(t.texts.strs) << textFlagBits)
	personW := widthFor(nPeople)
	refW := widthFor(nRefs)
	nameW := widthFor((nSlots+1)<<nameRefShift | nameSpelled)
	dateW := widthFor(len(t.datePairs))
	listW := widthFor(len(t.lists))
	endBits := bitsFor(t.segMaxTotal)
	segW := widthFor64(uint64(len(t.byPort))<<(numProtocols*endBits) | (1<<(numProtocols*endBits) - 1))
	rl, err := t.layout()
	if err != nil {
		return nil, &registry.Error{File: reg.File, Msg: err.Error()}
	}
	text, offs := concat(t.texts.strs)
	var textBase []int
	groupSpan := 0
	for g := 0; g < len(offs); g += 1 << textGroupBits {
		textBase = append(textBase, offs[g])
		end := offs[min(g+1<<textGroupBits, len(offs))-1]
		groupSpan = max(groupSpan, end-offs[g])
	}
	textOffW := widthFor(groupSpan)

	w.constant("RegistryUpdated is the <updated> date of the registry these tables hold.", "RegistryUpdated", str(reg.Updated))
	w.constant("RegistrySHA256 is the SHA-256 of the registry XML these tables were generated from.", "RegistrySHA256", str(reg.SHA256))
	w.constant("TablesID identifies these tables: the SHA-256 of the registry's SHA-256\nand of every generator flag that changes the tables ("+tablesIDFlags(c)+").\nTwo builds of this package answer alike exactly when their TablesIDs are equal.", "TablesID", str(TablesID(reg.SHA256, c)))
	w.constant("RegistryTitle is the registry's title.", "RegistryTitle", str(reg.Title))
	w.constant("RegistryURL is where the registry XML is published (\"\" when the\ngenerator was not told).", "RegistryURL", str(c.SourceURL))
	w.constant("NumRecords is the number of the registry's records these tables hold (a\nbuild that leaves some out holds fewer): those of Index 0 to NumRecords-1.\nLocal records are not counted.", "NumRecords", jen.Lit(t.nReg))
	w.constant("NumLocal is the number of local records, compiled in from a services(5)\nfile of local names (0 without one): those of Index NumRecords on.", "NumLocal", jen.Lit(t.nRec-t.nReg))
	overlaySum := ""
	if c.Overlay != nil {
		overlaySum = c.Overlay.SHA256
	}
	w.constant("OverlaySHA256 is the SHA-256 of the services(5) file the local records\ncome from, or \"\" when the tables hold none.", "OverlaySHA256", str(overlaySum))

	w.headDoc("The API's enumerations must number what these tables hold: a compile\nerror here means the API (gen/internal/emit/api) and the generator\n(gen/internal/emit) disagree.")
	// func _() {
	//	var x [1]struct{}
	//	_ = x[TCP-1]
	// }
	w.f.Func().Id("_").Params().BlockFunc(func(g *jen.Group) {
		g.Var().Id("x").Index(jen.Lit(1)).Struct()
		is := func(name string, v int) {
			g.Id("_").Op("=").Id("x").Index(jen.Id(name).Op("-").Lit(v))
		}
		for i, p := range protoNames {
			name := strings.ToUpper(p)
			if p == "" {
				name = "NoProtocol"
			}
			is(name, i)
		}
		for i, s := range statusNames {
			is(s, i)
		}
		for i, r := range refTypeConsts[1:] {
			is(r, i+1)
		}
	})
	w.f.Line()

	w.headDoc("Index types: the narrowest unsigned integers that hold every value of\nthis registry. Each line gives the largest value and the capacity.")
	// type (
	//	recIndex = uint16 // what: max 14533 (capacity 65535)
	// )
	w.f.Type().DefsFunc(func(g *jen.Group) {
		for _, x := range []struct {
			name string
			wd   width
			what string
			max  int
		}{
			{"recIndex", recW, "records, row 0 the zero Service", nRec - 1},
			{"textIndex", textW, "text ids << textFlagBits | flag", len(t.texts.strs)<<textFlagBits - 1},
			{"personIndex", personW, "people, row 0 the zero Person", nPeople - 1},
			{"refIndex", refW, "references, row 0 the zero Reference", nRefs - 1},
			{"nameRef", nameW, "(slot+1) << nameRefShift | nameSpelled", nSlots<<nameRefShift | nameSpelled},
			{"dateIndex", dateW, "distinct pairs of dates", len(t.datePairs) - 1},
			{"peopleIndex", listW, "distinct lists of people", len(t.lists) - 1},
			{"segWord", segW, "byPortPool offset << (4*segEndBits) | the four runs' ends", len(t.byPort)<<(numProtocols*endBits) | 1<<(numProtocols*endBits) - 1},
			{"textOffWord", textOffW, "bytes of textBlob in one group of texts", groupSpan},
		} {
			g.Id(x.name).Op("=").Id(x.wd.typ).Comment(fmt.Sprintf("%s: max %d (capacity %d)", x.what, x.max, x.wd.cap))
		}
	})
	w.f.Line()

	type def struct {
		name  string
		value jen.Code
		doc   string
	}
	consts := func(doc string, defs ...def) {
		w.headDoc(doc)
		// const (
		//	name = value // doc
		// )
		w.f.Const().DefsFunc(func(g *jen.Group) {
			for _, d := range defs {
				g.Id(d.name).Op("=").Add(d.value).Do(func(s *jen.Statement) {
					if d.doc != "" {
						s.Comment(d.doc)
					}
				})
			}
		})
		w.f.Line()
	}
	lit := func(v int) jen.Code { return jen.Lit(v) }
	consts("The protocols a slot or a segment has a column for, and the zero row.",
		def{"numProtocols", lit(numProtocols), "TCP, UDP, SCTP, DCCP"},
		def{"noRecord", lit(0), "the zero Service: no record"},
		def{"numListedPeople", lit(t.nListed), "people 1-numListedPeople are the registry's list"},
		def{"numPeople", lit(len(t.people)), "then the ids records cite that it lacks, up to numPeople"},
	)
	consts("recFlags packs each record's protocol (bits 0-2), status (bits 3-4) and\nport kind (bits 5-6); a range's last port is in rangeHi.",
		def{"flagProtoMask", lit(1<<flagProtoBits - 1), ""},
		def{"flagStatusShift", lit(flagStatusShift), ""},
		def{"flagStatusMask", lit(1<<flagStatusBits - 1), ""},
		def{"flagKindShift", lit(flagKindShift), ""},
		def{"kindNoPort", lit(kindNoPort), "a service name without a port"},
		def{"kindSingle", lit(kindSingle), "one port"},
		def{"kindRange", lit(kindRange), "a range of ports"},
		def{"kindRangeForm", lit(kindRangeForm), "one port written as a range, \"4748-4748\""},
	)
	consts("The perfect hash of service names: seed word, sizes and mixing constants,\nfound by the generator searching seeds in increasing order (seed "+u(int(t.hash.seedNum))+").",
		def{"hashKey0", hexLit(hashKey0), ""},
		def{"hashKey1", hexLit(hashKey1), ""},
		def{"hashSeed", hexLit(t.hash.seed), ""},
		def{"hashBucketBits", lit(int(t.hash.bucketBits)), fmt.Sprintf("%d buckets, at most %d names in one", len(t.hash.disp), t.hash.maxBucket)},
		def{"hashSlotBits", lit(int(t.hash.slotBits)), fmt.Sprintf("%d slots for %d classes of %d names; %d exact names' slots follow", t.nHash, t.nHash-countOf(t.hash.slots, -1), len(t.keys), len(t.excHash))},
		def{"slotMask", lit(t.nHash - 1), ""},
		def{"shortNameLen", lit(shortNameLen), "the longest name find's fast path reads"},
		def{"maxNameLen", lit(t.maxName), "the longest registered name"},
		def{"nameRefShift", lit(nameRefShift), ""},
		def{"nameSpelled", lit(nameSpelled), "the name is spelled in spelledNames"},
	)
	fpCap := 64 - rowLenBits - rl.offBits - rl.recBits - numProtocols*rowDeltaBits
	consts("How a row of slotIndex packs its slot, low bits first: the name's\nlength (0: compared from spelledNames), the fingerprint, the name's\noffset in nameBlob, the base record, and a delta a protocol.",
		def{"rowLenBits", lit(rowLenBits), ""},
		def{"rowLenMask", lit(1<<rowLenBits - 1), ""},
		def{"rowFPMask", hexLit(1<<rl.fpBits - 1), fmt.Sprintf("%d bits of the hash, from bit 32 (room for %d)", rl.fpBits, fpCap)},
		def{"rowCheckMask", hexLit(1<<(rowLenBits+rl.fpBits) - 1), "the length and the fingerprint"},
		def{"rowOffShift", lit(rl.offShift), ""},
		def{"rowOffMask", hexLit(1<<rl.offBits - 1), fmt.Sprintf("offsets up to %d, the length of nameBlob (capacity %d)", len(t.nameBlob), 1<<rl.offBits-1)},
		def{"rowBaseShift", lit(rl.baseShift), ""},
		def{"rowBaseMask", hexLit(1<<rl.recBits - 1), fmt.Sprintf("records up to %d (capacity %d)", t.nRec, 1<<rl.recBits-1)},
		def{"rowDeltaShift", lit(rl.deltaShift), ""},
		def{"rowDeltaBits", lit(rowDeltaBits), ""},
		def{"rowDeltaMask", lit(1<<rowDeltaBits - 1), ""},
		def{"rowDeltaEscape", lit(deltaEscape), "the answer is in slotBestKeys and slotBestRecs"},
	)
	consts("Packed words: segRuns, peopleLists, text references, the port pages,\ntext groups and dates.",
		def{"segEndBits", lit(endBits), fmt.Sprintf("at most %d records cover one port on the four protocols", t.segMaxTotal)},
		def{"segEndMask", lit(1<<endBits - 1), ""},
		def{"peopleStartShift", lit(2 * peopleCountBits), ""},
		def{"peopleAssigneeShift", lit(peopleCountBits), ""},
		def{"peopleCountMask", lit(1<<peopleCountBits - 1), fmt.Sprintf("at most %d assignees or contacts a record (capacity %d)", t.listBest, 1<<peopleCountBits-1)},
		def{"textFlagBits", lit(textFlagBits), ""},
		def{"textFlag", lit(textFlag), ""},
		def{"portPageBits", lit(portPageBits), ""},
		def{"portPageMask", lit(1<<portPageBits - 1), ""},
		def{"textGroupBits", lit(textGroupBits), ""},
		def{"dateEpoch", lit(dateEpoch), fmt.Sprintf("dates from %d to %d", dateEpoch, dateEpoch+1<<dateYearBits-1)},
		def{"dateDayBits", lit(dateDayBits), ""},
		def{"dateMonthBits", lit(dateMonthBits), ""},
	)
	entryBits, word := t.primaryPacking()
	consts("How segPrimary packs a segment's four positions, one a protocol, in a "+word.typ+".",
		def{"segPrimaryBits", lit(entryBits), fmt.Sprintf("positions up to %d, the longest run", t.segMaxCount)},
		def{"segPrimaryMask", lit(1<<entryBits - 1), ""},
	)

	if err := w.head(); err != nil {
		return nil, err
	}
	t.writeNames(w, recW, nameW, rl)
	t.writeRecords(w, recW, textW, nameW, dateW, listW, personW)
	t.writeRefs(w, recW, textW, refW)
	t.writePeople(w, textW, personW)
	t.writePorts(w, recW, segW, endBits)
	t.writePrimary(w)

	w.blob("textBlob", "textBlob holds every other string, each once: descriptions, notes,\nreferences and the people list.", text)
	w.table("textBase", "textBase[g] is where group g of 1<<textGroupBits texts starts in textBlob.", "uint32", 4, len(textBase), nil, ints(textBase), nil)
	w.table("textOff", "textBase[i>>textGroupBits]+textOff[i] is where text i starts; text i\nends where text i+1 starts. Text 0 is \"\".", textOffW.typ, textOffW.size, len(offs),
		[]string{capLine("bytes of one group", groupSpan, textOffW)},
		func(i int) string { return strconv.Itoa(offs[i] - textBase[i>>textGroupBits]) }, nil)

	w.startTable()
	w.f.Comment(lineComment(fmt.Sprintf("Total table size: %d bytes.", w.total)))
	w.endTable()
	return w.bytes()
}

func (t *tables) writeNames(w *writer, recW, nameW width, rl rowLayout) {
	nSlots := len(t.slotKey)
	dispW := widthFor(t.hash.maxD)
	w.doc("The perfect hash: hashDisp is each bucket's displacement.")
	w.table("hashDisp", "", dispW.typ, dispW.size, len(t.hash.disp), []string{capLine("displacement", t.hash.maxD, dispW)}, func(i int) string { return strconv.Itoa(int(t.hash.disp[i])) }, nil)

	slotLabel := func(s int) string {
		switch k := t.slotKey[s]; {
		case k < 0:
			return ""
		case s < t.nHash && t.slotExact[s]:
			return "(class of " + t.spellings[k] + ")"
		default:
			return t.spellings[k]
		}
	}
	rows, escKeys, escRecs := t.slotRows(rl)
	// A line of rows is labelled with the names of all its slots, so
	// that a registry update shows which names it moved.
	lineLabel := func(i int) string {
		var names []string
		for s := i; s < min(i+perLine(8), len(rows)); s++ {
			if l := slotLabel(s); l != "" {
				names = append(names, l)
			}
		}
		return strings.Join(names, " ")
	}
	w.table("slotIndex", "slotIndex is each slot's row: see the row constants. A package variable\nof 64-bit words, so each row is aligned and never spans two cache lines.\nThe hash's slots come first (slotMask+1), then one for each name compared\nexactly. Each line names the names of its slots.", "uint64", 8, len(rows), nil,
		func(i int) string { return hx(rows[i]) }, lineLabel)
	hashW := widthFor(t.nHash - 1)
	w.table("excHash", "excHash is, for each slot after the hash's, the hash's slot of its\nname's class, in order.", hashW.typ, hashW.size, len(t.excHash), nil, ints(t.excHash),
		func(i int) string { return t.keys[t.slotKey[t.nHash+i]] })
	w.table("slotBestKeys", "slotBestKeys lists, in order, the slot*4 + protocol-1 whose answer a\nrow's delta cannot reach; slotBestRecs holds the answers.", "uint32", 4, len(escKeys), nil, ints(escKeys),
		func(i int) string { return slotLabel(escKeys[i] / numProtocols) })
	w.table("slotBestRecs", "", "recIndex", recW.size, len(escRecs), nil, ints(escRecs), nil)
	w.blob("nameBlob", "nameBlob holds the names find compares on its fast path, lower-cased,\nslot by slot, then the banner naming the registry version, so that every\nbinary that looks up a name carries it.", t.nameBlob)

	w.table("slotRecs", "slotRecs[s]:slotRecs[s+1] are slot s's records in byNamePool.", "recIndex", recW.size, len(t.slotRecs), nil, ints(t.slotRecs),
		func(i int) string {
			if i < nSlots {
				return slotLabel(i)
			}
			return ""
		})
	w.table("byNamePool", "byNamePool holds the records of each name, slot by slot, in registry order.", "Service", recW.size, len(t.byName), nil,
		func(i int) string { return ref(t.byName[i]) }, nil)

	blob, offs := concat(t.spelledStr)
	w.table("spelledSlots", "spelledSlots lists, in order, the slots whose names nameBlob cannot\nspell: names with capitals, and the names find compares exactly\n(not on its fast path). spelledNames holds their spellings, spelledOff\nlocates them.", "nameRef", nameW.size, len(t.spelled), nil, ints(t.spelled),
		func(i int) string { return t.spelledStr[i] })
	w.blob("spelledNames", "spelledNames holds the names spelledSlots lists.", blob)
	w.table("spelledOff", "", "uint32", 4, len(offs), nil, ints(offs), nil)
}

func (t *tables) writeRecords(w *writer, recW, textW, nameW, dateW, listW, personW width) {
	n := t.nRec + 1
	label := func(i int) string {
		if i == 0 {
			return "zero row"
		}
		return t.recLabel[i-1]
	}
	w.table("recPort", "recPort is each record's port, the first of a range, 0 for none.", "uint16", 2, n, nil, zeroRow(ints(t.recPort)), label)
	w.table("recFlags", "recFlags is each record's protocol, status and port kind; see the\nflag constants.", "uint8", 1, n, nil, zeroRow(func(i int) string { return hx(uint64(t.recFlags[i])) }), label)
	w.table("recName", "recName is each record's name slot: (slot+1) << nameRefShift |\nnameSpelled, or 0 for a nameless row.", "nameRef", nameW.size, n, nil, zeroRow(ints(t.recName)), label)
	w.table("rangeRecs", "rangeRecs lists the records that cover a range of ports; rangeHi\nholds the range's last port.", "recIndex", recW.size, len(t.rangeRecs), nil, ints(t.rangeRecs),
		func(i int) string { return t.recLabel[t.rangeRecs[i]-1] })
	w.table("rangeHi", "", "uint16", 2, len(t.rangeHi), nil, ints(t.rangeHi), nil)
	w.table("recDesc", "recDesc is each record's description, a text id.", "textIndex", textW.size, n, nil, zeroRow(ints(t.recDesc)), label)
	w.table("recDates", "recDates is each record's pair of dates, an index into datePairs.", "dateIndex", dateW.size, n,
		[]string{capLine("distinct pairs", len(t.datePairs)-1, dateW)}, zeroRow(ints(t.recDates)), label)
	w.table("datePairs", "datePairs holds each distinct pair of a registration date (low 16 bits)\nand a modification date (high 16 bits); see Date. Pair 0 is no dates.", "uint32", 4, len(t.datePairs), nil,
		func(i int) string { return hx(uint64(t.datePairs[i])) }, nil)
	w.table("recPeople", "recPeople is each record's list of assignees and contacts, an index\ninto peopleLists.", "peopleIndex", listW.size, n,
		[]string{capLine("distinct lists", len(t.lists)-1, listW)}, zeroRow(ints(t.recPeople)), label)
	w.table("peopleLists", "peopleLists locates each distinct list in personRefs: start <<\npeopleStartShift | assignees << peopleAssigneeShift | contacts. List 0\nis empty.", "uint32", 4, len(t.lists),
		[]string{capLine("pool offset", len(t.personRefs), width{"uint32 >> peopleStartShift", 4, 1<<peopleStartBits - 1})},
		func(i int) string { return hx(uint64(t.lists[i])) }, nil)
	w.table("personRefs", "personRefs holds the lists, each once.", "Person", personW.size, len(t.personRefs), nil,
		func(i int) string { return ref(t.personRefs[i]) }, nil)

	sparse := func(name, doc string, recsOf []int, valName string, valW width, vals func(int) string) {
		n := len(recsOf)
		w.table(name, doc, "recIndex", recW.size, n, nil, ints(recsOf), func(i int) string { return t.recLabel[recsOf[i]-1] })
		w.table(valName, "", valW.typ, valW.size, n, nil, vals, nil)
	}
	textType := width{"textIndex", textW.size, textW.cap}
	sparse("noteRecs", "noteRecs lists the records that carry a note; noteText holds them.", t.noteRecs, "noteText", textType, ints(t.noteText))
	sparse("unauthRecs", "unauthRecs lists the records with unauthorized use reported; unauthText\nholds the reports.", t.unauthRecs, "unauthText", textType, ints(t.unauthText))
	// A uint32 code is not an int on 32-bit hosts: formatted here.
	sparse("scRecs", "scRecs lists the records with a DCCP service code; scValue holds the codes.", t.scRecs, "scValue", u32,
		func(i int) string { return strconv.FormatUint(uint64(t.scValue[i]), 10) })
	sparse("aliasRecs", "aliasRecs lists the legacy records that are aliases of a well-formed\nname; aliasText names it.", t.aliasRecs, "aliasText", textType, ints(t.aliasText))
	sparse("replacesRecs", "replacesRecs lists the records whose well-formed name replaced a legacy\none; replacesText names it.", t.replacesRecs, "replacesText", textType, ints(t.replacesText))
}

func (t *tables) writeRefs(w *writer, recW, textW, refW width) {
	nr := len(t.refs)
	w.table("refRecs", "refRecs is the record of each reference, in record order: reference k+1\nis the k-th.", "recIndex", recW.size, nr, nil, ints(t.refRecs),
		func(i int) string { return t.recLabel[t.refRecs[i]-1] })
	col := func(get func(refRow) int) func(int) string {
		return zeroRow(func(i int) string { return strconv.Itoa(get(t.refs[i])) })
	}
	label := func(i int) string {
		if i == 0 {
			return "zero row"
		}
		return t.texts.strs[t.refs[i-1].label]
	}
	w.table("refType", "refType is each reference's RefType; refData, refSection, refText\nand refLabel (the reference as IANA prints it) are text ids.", "uint8", 1, nr+1, nil, col(func(r refRow) int { return r.typ }), label)
	w.table("refData", "", "textIndex", textW.size, nr+1, nil, col(func(r refRow) int { return r.data }), label)
	w.table("refSection", "", "textIndex", textW.size, nr+1, nil, col(func(r refRow) int { return r.section }), label)
	w.table("refText", "", "textIndex", textW.size, nr+1, nil, col(func(r refRow) int { return r.text }), label)
	w.table("refLabel", "", "textIndex", textW.size, nr+1, nil, col(func(r refRow) int { return r.label }), label)
}

func (t *tables) writePeople(w *writer, textW, personW width) {
	np := len(t.people)
	col := func(get func(personRow) int) func(int) string {
		return zeroRow(func(i int) string { return strconv.Itoa(get(t.people[i])) })
	}
	label := func(i int) string {
		if i == 0 {
			return "zero row"
		}
		return t.texts.strs[t.people[i-1].id]
	}
	w.table("personID", "The people list, then the ids records cite that it lacks: each person's\nid, a text id.", "textIndex", textW.size, np+1, nil, col(func(p personRow) int { return p.id }), label)
	w.table("personName", "personName is each person's name: a text id << textFlagBits, or textFlag\nwhen the name is the id with a space for each _.", "textIndex", textW.size, np+1, nil, col(func(p personRow) int { return p.name }), label)
	w.table("personOrg", "", "textIndex", textW.size, np+1, nil, col(func(p personRow) int { return p.org }), label)
	w.table("personURIs", "personURIs is each person's URIs, newline-separated: a text id <<\ntextFlagBits, with textFlag when every one is a mailto: URI stored\nwithout its scheme.", "textIndex", textW.size, np+1, nil, col(func(p personRow) int { return p.uris }), label)
	w.table("personUpdated", "personUpdated is when each person's entry changed; see Date.", "uint16", 2, np+1, nil, col(func(p personRow) int { return p.updated }), label)
	w.table("personByID", "personByID sorts the people by id, for LookupPerson.", "personIndex", personW.size, np, nil, func(i int) string { return strconv.Itoa(t.personByID[i] + 1) },
		func(i int) string { return t.texts.strs[t.people[t.personByID[i]].id] })
}

func (t *tables) writePorts(w *writer, recW, segW width, endBits int) {
	w.table("portPageBase", "portPageBase is, per page of 64 ports, the number of the segment\nthe page starts in.", "uint16", 2, len(t.pageBase),
		[]string{capLine("segment", len(t.segStart)-1, u16)}, ints(t.pageBase),
		func(i int) string { return "port " + u(i<<portPageBits) })
	w.table("portPageMarks", "portPageMarks marks, per page, the ports where a new segment starts.", "uint64", 8, len(t.pageMarks), nil,
		func(i int) string { return hx(t.pageMarks[i]) }, func(i int) string { return "port " + u(i<<portPageBits) })
	nSeg := len(t.segStart)
	word := func(s int) uint64 {
		k := s * numProtocols
		v, end := uint64(t.segRun[k])<<(numProtocols*endBits), 0
		for q := range numProtocols {
			end += t.segCount[k+q]
			v |= uint64(end) << (q * endBits)
		}
		return v
	}
	maxStart := 0
	for s := range nSeg {
		maxStart = max(maxStart, t.segRun[s*numProtocols])
	}
	w.table("segRuns", "segRuns locates each segment's four runs in byPortPool, which lie one\nafter another: start << (4*segEndBits), then the end of protocol q's run,\ncounted from start, at bit q*segEndBits.", "segWord", segW.size, nSeg,
		[]string{capLine("start", maxStart, width{segW.typ + " >> (4*segEndBits)", segW.size, segW.cap >> (numProtocols * endBits)}),
			capLine("end", t.segMaxTotal, width{"segEndBits", 0, 1<<endBits - 1})},
		func(i int) string { return hx(word(i)) },
		func(s int) string {
			hi := 65535
			if s+1 < nSeg {
				hi = t.segStart[s+1] - 1
			}
			return fmt.Sprintf("ports %d-%d", t.segStart[s], hi)
		})
	w.table("byPortPool", "byPortPool holds the runs of records segRuns points at.", "Service", recW.size, len(t.byPort), nil,
		func(i int) string { return ref(t.byPort[i]) }, nil)
}

// concat joins strs into one blob and returns the offset of each in it,
// then the blob's length: string i is blob[offs[i]:offs[i+1]].
func concat(strs []string) (blob string, offs []int) {
	var b strings.Builder
	offs = make([]int, 0, len(strs)+1)
	for _, s := range strs {
		offs = append(offs, b.Len())
		b.WriteString(s)
	}
	return b.String(), append(offs, b.Len())
}
