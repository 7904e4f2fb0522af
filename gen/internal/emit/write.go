package emit

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

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

// writer accumulates tables.go; it is formatted once at the end.
type writer struct {
	b     bytes.Buffer
	total int
}

func (w *writer) printf(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

// comment writes text as // lines.
func (w *writer) comment(text string) {
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			w.b.WriteString("//\n")
		} else {
			w.b.WriteString("// " + l + "\n")
		}
	}
}

// width is an unsigned integer type that holds max.
type width struct {
	typ  string
	size int
	cap  uint64
}

func widthFor(max int) width {
	if max <= 0xFFFF {
		return width{"uint16", 2, 0xFFFF}
	}
	return width{"uint32", 4, 0xFFFFFFFF}
}

var (
	u8  = width{"uint8", 1, 0xFF}
	u16 = width{"uint16", 2, 0xFFFF}
	u32 = width{"uint32", 4, 0xFFFFFFFF}
	u64 = width{"uint64", 8, 1<<64 - 1}
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

// table writes `var name = [n]elem{...}`: a doc comment, the size and
// capacity lines, then the values, several a line, each line's comment
// naming its first entry (label(i), after its index).
func (w *writer) table(name, doc, elem string, size, n int, caps []string, value func(i int) string, label func(i int) string) {
	w.comment(doc)
	w.comment(fmt.Sprintf("\n%s: %d entries of %s, %d bytes.", name, n, elem, n*size))
	for _, c := range caps {
		w.comment(c)
	}
	w.total += n * size
	w.printf("var %s = [%d]%s{", name, n, elem)
	k := perLine(size)
	for i := 0; i < n; i += k {
		w.b.WriteString("\n")
		for j := i; j < min(i+k, n); j++ {
			if j > i {
				w.b.WriteByte(' ')
			}
			w.b.WriteString(value(j))
			w.b.WriteByte(',')
		}
		c := strconv.Itoa(i)
		if label != nil {
			if l := label(i); l != "" {
				c += ": " + safeComment(l)
			}
		}
		w.b.WriteString(" // " + c)
	}
	w.b.WriteString("\n}\n\n")
}

// blob writes a string constant in lines of blobLine bytes, each with
// its offset. go/printer's cost grows with the square of the longest
// chain of +, so the lines are grouped in parentheses (golang.org/issue/18078:
// one giant literal is also slow to compile and unreadable in diffs).
func (w *writer) blob(name, doc, s string) {
	w.comment(doc)
	w.comment(fmt.Sprintf("\n%s: %d bytes.", name, len(s)))
	w.total += len(s)
	var lines []string
	var offs []int
	for i := 0; i < len(s); {
		j := min(i+blobLine, len(s))
		// Keep UTF-8 sequences whole, so each line's escapes read as
		// characters.
		for j > i+1 && j < len(s) && s[j]&0xC0 == 0x80 {
			j--
		}
		lines = append(lines, s[i:j])
		offs = append(offs, i)
		i = j
	}
	w.printf("const %s = ", name)
	if len(lines) == 0 {
		w.b.WriteString(`""` + "\n\n")
		return
	}
	grouped := len(lines) > blobGroup
	for k, l := range lines {
		if grouped && k%blobGroup == 0 {
			w.b.WriteString("(")
		}
		w.b.WriteString(safeQuote(l))
		last := k == len(lines)-1
		if grouped && (k%blobGroup == blobGroup-1 || last) {
			w.b.WriteString(")")
		}
		if !last {
			w.b.WriteString(" +")
		}
		w.b.WriteString(" // " + strconv.Itoa(offs[k]) + "\n")
	}
	w.b.WriteString("\n")
}

func u(v int) string     { return strconv.Itoa(v) }
func hx(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }
func ints(xs []int) func(int) string {
	return func(i int) string { return u(xs[i]) }
}

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

func maxOf(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// bitsFor is the number of bits that hold v, at least 1.
func bitsFor(v int) int {
	b := 1
	for v>>b != 0 {
		b++
	}
	return b
}

// write renders tables.go, unformatted.
func (t *tables) write(reg *registry.Registry, c Config) []byte {
	w := &writer{}
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
	segBits := bitsFor(t.segMaxCount)
	segW := widthFor(len(t.byPort)<<segBits | (1<<segBits - 1))
	var text strings.Builder
	offs := make([]int, 0, len(t.texts.strs)+1)
	for _, s := range t.texts.strs {
		offs = append(offs, text.Len())
		text.WriteString(s)
	}
	offs = append(offs, text.Len())
	var textBase []int
	groupSpan := 0
	for g := 0; g < len(offs); g += 1 << textGroupBits {
		textBase = append(textBase, offs[g])
		end := offs[min(g+1<<textGroupBits, len(offs))-1]
		groupSpan = max(groupSpan, end-offs[g])
	}
	textOffW := widthFor(groupSpan)

	w.b.WriteString(header(c) + "\n\n")
	w.printf("package %s\n\n", c.Package)
	w.comment("RegistryUpdated is the <updated> date of the registry these tables hold.")
	w.printf("const RegistryUpdated = %s\n\n", safeQuote(reg.Updated))
	w.comment("RegistrySHA256 is the SHA-256 of the registry XML these tables were generated from.")
	w.printf("const RegistrySHA256 = %s\n\n", safeQuote(reg.SHA256))
	w.comment("TablesID identifies these tables: the SHA-256 of the registry's SHA-256\nand of every generator flag that changes the tables (" + tablesIDFlags(c) + ").\nTwo builds of this package answer alike exactly when their TablesIDs are equal.")
	w.printf("const TablesID = %s\n\n", safeQuote(TablesID(reg.SHA256, c)))
	w.comment("RegistryTitle is the registry's title.")
	w.printf("const RegistryTitle = %s\n\n", safeQuote(reg.Title))
	w.comment("RegistryURL is where the registry XML is published (\"\" when the\ngenerator was not told).")
	w.printf("const RegistryURL = %s\n\n", safeQuote(c.SourceURL))
	w.comment("NumRecords is the number of the registry's records these tables hold (a\ntrimmed build keeps fewer): All()[:NumRecords]. Local records are not counted.")
	w.printf("const NumRecords = %d\n\n", t.nReg)
	w.comment("NumLocal is the number of local records, compiled in from the generator's\n-overlay (0 without one): All()[NumRecords:].")
	w.printf("const NumLocal = %d\n\n", t.nRec-t.nReg)
	overlaySum := ""
	if c.Overlay != nil {
		overlaySum = c.Overlay.SHA256
	}
	w.comment("OverlaySHA256 is the SHA-256 of the -overlay file the local records come\nfrom, or \"\" when the generator was given none.")
	w.printf("const OverlaySHA256 = %s\n\n", safeQuote(overlaySum))

	w.comment("The API's enumerations must number what these tables hold: a compile\nerror here means the API (gen/internal/emit/api) and the generator\n(gen/internal/emit) disagree.")
	w.b.WriteString("func _() {\n\tvar x [1]struct{}\n")
	for i, p := range protoNames {
		name := strings.ToUpper(p)
		if p == "" {
			name = "NoProtocol"
		}
		w.printf("\t_ = x[%s-%d]\n", name, i)
	}
	for i, s := range statusNames {
		w.printf("\t_ = x[%s-%d]\n", s, i)
	}
	for i, r := range refTypeConsts[1:] {
		w.printf("\t_ = x[%s-%d]\n", r, i+1)
	}
	w.b.WriteString("}\n\n")

	w.comment("Index types: the narrowest unsigned integers that hold every value of\nthis registry. Each line gives the largest value and the capacity.")
	w.b.WriteString("type (\n")
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
		{"segWord", segW, "byPortPool offset << segCountBits | count", len(t.byPort)<<segBits | t.segMaxCount},
		{"textOffWord", textOffW, "bytes of textBlob in one group of texts", groupSpan},
	} {
		w.printf("\t%s = %s // %s: max %d (capacity %d)\n", x.name, x.wd.typ, x.what, x.max, x.wd.cap)
	}
	w.b.WriteString(")\n\n")

	type def struct {
		name  string
		value string
		doc   string
	}
	consts := func(doc string, defs ...def) {
		w.comment(doc)
		w.b.WriteString("const (\n")
		for _, d := range defs {
			if d.doc != "" {
				w.printf("\t%s = %s // %s\n", d.name, d.value, d.doc)
			} else {
				w.printf("\t%s = %s\n", d.name, d.value)
			}
		}
		w.b.WriteString(")\n\n")
	}
	consts("The protocols a slot or a segment has a column for, and the zero row.",
		def{"numProtocols", u(numProtocols), "TCP, UDP, SCTP, DCCP"},
		def{"noRecord", "0", "the zero Service: no record"},
		def{"numListedPeople", u(t.nListed), "people 1-numListedPeople are the registry's list"},
	)
	consts("recFlags packs each record's protocol (bits 0-2), status (bits 3-4) and\nport kind (bits 5-6); a range's last port is in rangeHi.",
		def{"flagProtoMask", u(1<<flagProtoBits - 1), ""},
		def{"flagStatusShift", u(flagStatusShift), ""},
		def{"flagStatusMask", u(1<<flagStatusBits - 1), ""},
		def{"flagKindShift", u(flagKindShift), ""},
		def{"kindNoPort", u(kindNoPort), "a service name without a port"},
		def{"kindSingle", u(kindSingle), "one port"},
		def{"kindRange", u(kindRange), "a range of ports"},
		def{"kindRangeForm", u(kindRangeForm), "one port written as a range, \"4748-4748\""},
	)
	consts("The perfect hash of service names: seed word, sizes and mixing constants,\nfound by the generator searching seeds in increasing order (seed "+u(int(t.hash.seedNum))+").\nA slot is 16 bytes: the name lower-cased and zero-padded, its length in\nbyte 15; a name longer than shortNameLen holds its index in spelledSlots\nand longTag<<56 | its length instead.",
		def{"hashKey0", hx(hashKey0), ""},
		def{"hashKey1", hx(hashKey1), ""},
		def{"hashSeed", hx(t.hash.seed), ""},
		def{"hashDispMul", hx(hashDispMul), ""},
		def{"hashSlotMul", hx(hashSlotMul), ""},
		def{"hashBucketBits", u(int(t.hash.bucketBits)), fmt.Sprintf("%d buckets, at most %d names in one", len(t.hash.disp), t.hash.maxBucket)},
		def{"hashSlotBits", u(int(t.hash.slotBits)), fmt.Sprintf("%d slots for %d names", nSlots, len(t.keys))},
		def{"slotMask", u(nSlots - 1), ""},
		def{"bannerRows", u(bannerRows(t.banner)), "rows of slotNames after the slots that hold the version banner"},
		def{"shortNameLen", u(shortNameLen), "the longest name a slot holds"},
		def{"maxNameLen", u(t.maxName), "the longest registered name"},
		def{"longTag", hx(longTag), ""},
		def{"nameRefShift", u(nameRefShift), ""},
		def{"nameSpelled", u(nameSpelled), "the slot cannot spell the name: see spelledSlots"},
	)
	consts("Packed words: segProto, peopleLists, text references, the port pages,\ntext groups and dates.",
		def{"segCountBits", u(segBits), fmt.Sprintf("at most %d records cover one port on one protocol", t.segMaxCount)},
		def{"segCountMask", u(1<<segBits - 1), ""},
		def{"peopleStartShift", u(2 * peopleCountBits), ""},
		def{"peopleAssigneeShift", u(peopleCountBits), ""},
		def{"peopleCountMask", u(1<<peopleCountBits - 1), fmt.Sprintf("at most %d assignees or contacts a record (capacity %d)", t.listBest, 1<<peopleCountBits-1)},
		def{"textFlagBits", u(textFlagBits), ""},
		def{"textFlag", u(textFlag), ""},
		def{"portPageBits", u(portPageBits), ""},
		def{"portPageMask", u(1<<portPageBits - 1), ""},
		def{"textGroupBits", u(textGroupBits), ""},
		def{"dateEpoch", u(dateEpoch), fmt.Sprintf("dates from %d to %d", dateEpoch, dateEpoch+1<<dateYearBits-1)},
		def{"dateDayBits", u(dateDayBits), ""},
		def{"dateMonthBits", u(dateMonthBits), ""},
	)

	t.writeNames(w, recW, nameW)
	t.writeRecords(w, recW, textW, nameW, dateW, listW, personW)
	t.writeRefs(w, recW, textW, refW)
	t.writePeople(w, textW, personW)
	t.writePorts(w, recW, segW, segBits)

	w.blob("textBlob", "textBlob holds every other string, each once: descriptions, notes,\nreferences and the people list.", text.String())
	w.table("textBase", "textBase[g] is where group g of 1<<textGroupBits texts starts in textBlob.", "uint32", 4, len(textBase), nil, ints(textBase), nil)
	w.table("textOff", "textBase[i>>textGroupBits]+textOff[i] is where text i starts; text i\nends where text i+1 starts. Text 0 is \"\".", textOffW.typ, textOffW.size, len(offs),
		[]string{capLine("bytes of one group", groupSpan, textOffW)},
		func(i int) string { return u(offs[i] - textBase[i>>textGroupBits]) }, nil)

	w.comment(fmt.Sprintf("Total table size: %d bytes.", w.total))
	return w.b.Bytes()
}

// bannerRows is the number of 16-byte rows the banner fills.
func bannerRows(banner string) int { return (len(banner) + slotBytes - 1) / slotBytes }

// byteLit writes b as a Go byte literal: a character where it is
// printable ASCII, a number otherwise.
func byteLit(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return strconv.QuoteRuneToASCII(rune(b))
	}
	return hx(uint64(b))
}

func (t *tables) writeNames(w *writer, recW, nameW width) {
	nSlots := len(t.slotKey)
	rows := nSlots + bannerRows(t.banner)
	w.comment("The perfect hash: hashDisp is each bucket's displacement.")
	w.table("hashDisp", "", "uint16", 2, len(t.hash.disp), []string{capLine("displacement", t.hash.maxD, u16)}, func(i int) string { return u(int(t.hash.disp[i])) }, nil)

	w.comment(fmt.Sprintf("slotNames holds, per hash slot, the name lower-cased and zero-padded\nwith its length in byte 15 (see the hash constants), then %d rows of the\nbanner naming the registry version, so that every binary that looks up a\nname carries it.\n\nslotNames: %d rows of [16]byte, %d bytes; %d slots, %d used.",
		bannerRows(t.banner), rows, rows*slotBytes, nSlots, len(t.keys)))
	w.total += rows * slotBytes
	w.printf("var slotNames = [%d][16]byte{\n", rows)
	for s, row := range t.slotNames {
		k := t.slotKey[s]
		if k < 0 {
			continue
		}
		short := len(t.spellings[k]) <= shortNameLen
		var lit []string
		next := 0
		for j, b := range row {
			if b == 0 {
				continue
			}
			v := hx(uint64(b))
			if short && j < shortNameLen {
				v = byteLit(b)
			}
			if j != next {
				v = u(j) + ": " + v
			}
			lit = append(lit, v)
			next = j + 1
		}
		w.printf("\t%d: {%s}, // %s\n", s, strings.Join(lit, ", "), safeComment(t.spellings[k]))
	}
	for r := 0; r < bannerRows(t.banner); r++ {
		chunk := t.banner[r*slotBytes : min((r+1)*slotBytes, len(t.banner))]
		var lit []string
		for j := 0; j < len(chunk); j++ {
			lit = append(lit, byteLit(chunk[j]))
		}
		w.printf("\t%d: {%s}, // %s\n", nSlots+r, strings.Join(lit, ", "), safeComment(chunk))
	}
	w.b.WriteString("}\n\n")

	slotLabel := func(s int) string {
		if k := t.slotKey[s]; k >= 0 {
			return t.spellings[k]
		}
		return ""
	}
	w.table("slotBest", "slotBest is Lookup's answer for each slot and protocol (slot*4 + protocol-1):\na record, or noRecord.", "recIndex", recW.size, len(t.slotBest), nil, ints(t.slotBest),
		func(i int) string { return slotLabel(i / numProtocols) })
	w.table("slotRecs", "slotRecs[s]:slotRecs[s+1] are slot s's records in byNamePool.", "recIndex", recW.size, len(t.slotRecs), nil, ints(t.slotRecs),
		func(i int) string {
			if i < nSlots {
				return slotLabel(i)
			}
			return ""
		})
	w.table("byNamePool", "byNamePool holds the records of each name, slot by slot, in registry order.", "Service", recW.size, len(t.byName), nil,
		func(i int) string { return "{" + u(t.byName[i]) + "}" }, nil)

	var offs []int
	var blob strings.Builder
	for _, s := range t.spelledStr {
		offs = append(offs, blob.Len())
		blob.WriteString(s)
	}
	offs = append(offs, blob.Len())
	w.table("spelledSlots", "spelledSlots lists, in order, the slots whose names the slot cannot spell:\nnames with capitals and names longer than shortNameLen. spelledNames\nholds their spellings, spelledOff locates them.", "nameRef", nameW.size, len(t.spelled), nil, ints(t.spelled),
		func(i int) string { return t.spelledStr[i] })
	w.blob("spelledNames", "spelledNames holds the names spelledSlots lists.", blob.String())
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
		func(i int) string { return "{" + u(t.personRefs[i]) + "}" }, nil)
	w.table("allPool", "allPool is every record in registry order.", "Service", recW.size, t.nRec, nil,
		func(i int) string { return "{" + u(i+1) + "}" }, func(i int) string { return t.recLabel[i] })

	sparse := func(name, doc string, recsOf []int, valName string, valW width, vals func(int) string, n int) {
		w.table(name, doc, "recIndex", recW.size, n, nil, ints(recsOf), func(i int) string { return t.recLabel[recsOf[i]-1] })
		w.table(valName, "", valW.typ, valW.size, n, nil, vals, nil)
	}
	textType := width{"textIndex", textW.size, textW.cap}
	sparse("noteRecs", "noteRecs lists the records that carry a note; noteText holds them.", t.noteRecs, "noteText", textType, ints(t.noteText), len(t.noteRecs))
	sparse("unauthRecs", "unauthRecs lists the records with unauthorized use reported; unauthText\nholds the reports.", t.unauthRecs, "unauthText", textType, ints(t.unauthText), len(t.unauthRecs))
	sparse("scRecs", "scRecs lists the records with a DCCP service code; scValue holds the codes.", t.scRecs, "scValue", u32,
		func(i int) string { return strconv.FormatUint(uint64(t.scValue[i]), 10) }, len(t.scRecs))
	sparse("aliasRecs", "aliasRecs lists the legacy records that are aliases of a well-formed\nname; aliasText names it.", t.aliasRecs, "aliasText", textType, ints(t.aliasText), len(t.aliasRecs))
	sparse("replacesRecs", "replacesRecs lists the records whose well-formed name replaced a legacy\none; replacesText names it.", t.replacesRecs, "replacesText", textType, ints(t.replacesText), len(t.replacesRecs))
}

func (t *tables) writeRefs(w *writer, recW, textW, refW width) {
	nr := len(t.refs)
	w.table("refRecs", "refRecs is the record of each reference, in record order; refPool[k]\nis reference k.", "recIndex", recW.size, nr, nil, ints(t.refRecs),
		func(i int) string { return t.recLabel[t.refRecs[i]-1] })
	w.table("refPool", "", "Reference", refW.size, nr, nil, func(i int) string { return "{" + u(i+1) + "}" }, nil)
	col := func(get func(refRow) int) func(int) string {
		return zeroRow(func(i int) string { return u(get(t.refs[i])) })
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
		return zeroRow(func(i int) string { return u(get(t.people[i])) })
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
	w.table("peoplePool", "peoplePool is every person in order.", "Person", personW.size, np, nil, func(i int) string { return "{" + u(i+1) + "}" },
		func(i int) string { return t.texts.strs[t.people[i].id] })
	w.table("personByID", "personByID sorts the people by id, for LookupPerson.", "personIndex", personW.size, np, nil, func(i int) string { return u(t.personByID[i] + 1) },
		func(i int) string { return t.texts.strs[t.people[t.personByID[i]].id] })
}

func (t *tables) writePorts(w *writer, recW, segW width, segBits int) {
	w.table("portPageBase", "portPageBase is, per page of 64 ports, the number of the segment\nthe page starts in.", "uint16", 2, len(t.pageBase),
		[]string{capLine("segment", len(t.segStart)-1, u16)}, ints(t.pageBase),
		func(i int) string { return "port " + u(i<<portPageBits) })
	w.table("portPageMarks", "portPageMarks marks, per page, the ports where a new segment starts.", "uint64", 8, len(t.pageMarks), nil,
		func(i int) string { return hx(t.pageMarks[i]) }, func(i int) string { return "port " + u(i<<portPageBits) })
	maxStart := maxOf(t.segRun)
	w.table("segProto", "segProto locates the records covering each segment on each protocol\nin byPortPool (segment*4 + protocol-1): start << segCountBits | count.", "segWord", segW.size, len(t.segRun),
		[]string{capLine("start", maxStart, width{segW.typ + " >> segCountBits", segW.size, segW.cap >> segBits}),
			capLine("count", t.segMaxCount, width{"segCountBits", 0, 1<<segBits - 1})},
		func(i int) string { return u(t.segRun[i]<<segBits | t.segCount[i]) },
		func(i int) string {
			s := i / numProtocols
			hi := 65535
			if s+1 < len(t.segStart) {
				hi = t.segStart[s+1] - 1
			}
			return fmt.Sprintf("ports %d-%d", t.segStart[s], hi)
		})
	w.table("byPortPool", "byPortPool holds the runs of records segProto points at.", "Service", recW.size, len(t.byPort), nil,
		func(i int) string { return "{" + u(t.byPort[i]) + "}" }, nil)
}
