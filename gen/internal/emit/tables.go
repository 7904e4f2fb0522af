package emit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	. "github.com/dave/jennifer/jen"

	"github.com/svcreg/ianaports/internal/registry"
)

// blobLine is how many bytes of a string blob go on one line of source.
// Long literals are split (golang.org/issue/18078: one giant literal is
// slow to compile and unreadable in diffs).
const blobLine = 96

func indexType(wide bool) (Code, string, int) {
	if wide {
		return Uint32(), "uint32", 4
	}
	return Uint16(), "uint16", 2
}

// table emits `var name = [...]elem{...}` with one value a line, each
// with an optional comment, headed by a doc comment and its size.
func table(f *File, doc, name string, elem Code, elemSize, n int, item func(i int) (lit, comment string)) {
	size := fmt.Sprintf("%s: %d entries, %d bytes.", name, n, n*elemSize)
	if doc != "" {
		size = doc + "\n\n" + size
	}
	f.Comment(size)
	items := make([]Code, n)
	for i := 0; i < n; i++ {
		lit, c := item(i)
		s := Op(lit).Op(",")
		if c != "" {
			s = s.Comment(c)
		}
		items[i] = s
	}
	f.Var().Id(name).Op("=").Index(Op("...")).Add(elem).Custom(Options{Open: "{", Close: "}", Multi: true}, items...)
	f.Line()
}

// blobGroup is how many lines of a blob literal are grouped in
// parentheses. go/format's cost grows with the square of the longest
// chain of +, so one flat chain over a 16× registry takes minutes.
const blobGroup = 64

func blob(f *File, doc, name, s string) {
	f.Comment(fmt.Sprintf("%s\n\n%s: %d bytes.", doc, name, len(s)))
	var lines []string
	for i := 0; i < len(s); {
		j := i + blobLine
		if j >= len(s) {
			j = len(s)
		} else {
			// Keep UTF-8 sequences whole so the literal stays readable.
			for j > i && j < len(s) && s[j]&0xC0 == 0x80 {
				j--
			}
		}
		lines = append(lines, s[i:j])
		i = j
	}
	chain := func(ls []string) []Code {
		var parts []Code
		for k, l := range ls {
			if k > 0 {
				parts = append(parts, Op("+").Line())
			}
			parts = append(parts, Lit(l))
		}
		return parts
	}
	var expr []Code
	switch {
	case len(lines) == 0:
		expr = []Code{Lit("")}
	case len(lines) <= blobGroup:
		expr = chain(lines)
	default:
		for g := 0; g < len(lines); g += blobGroup {
			if g > 0 {
				expr = append(expr, Op("+").Line())
			}
			expr = append(expr, Parens(Add(chain(lines[g:min(g+blobGroup, len(lines))])...)))
		}
	}
	f.Const().Id(name).Op("=").Add(expr...)
	f.Line()
}

func u(v uint64) string  { return strconv.FormatUint(v, 10) }
func hx(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }
func ids(xs []int) func(int) (string, string) {
	return func(i int) (string, string) { return u(uint64(xs[i])), "" }
}

// Records, people and references are numbered from 1 in the emitted
// tables, so that the zero Service, Person and Reference are no entry;
// the per-entry tables start with an empty row 0.
func plus1(xs []int) func(int) (string, string) {
	return func(i int) (string, string) { return u(uint64(xs[i] + 1)), "" }
}

// zeroRow prefixes item's rows with an empty row 0.
func zeroRow(item func(int) (string, string)) func(int) (string, string) {
	return func(i int) (string, string) {
		if i == 0 {
			return "0", ""
		}
		return item(i - 1)
	}
}

func (t *tables) emit(f *File, reg *registry.Registry, opts Config) {
	recT, recTS, recSz := indexType(t.recWide)
	textT, _, textSz := indexType(t.textWide)
	personT, _, personSz := indexType(t.personWide)
	refT, _, refSz := indexType(t.refWide)
	_ = recTS
	total := 0
	add := func(n int) { total += n }

	f.Comment("RegistryUpdated is the <updated> date of the registry these tables hold.")
	f.Const().Id("RegistryUpdated").Op("=").Lit(reg.Updated)
	f.Comment("RegistrySHA256 is the SHA-256 of the registry XML these tables were generated from.")
	f.Const().Id("RegistrySHA256").Op("=").Lit(reg.SHA256)
	f.Comment("TablesID identifies these tables: the SHA-256 of the registry's SHA-256\nand of every generator flag that changes the tables (" + tablesIDFlags(opts) + ").\nTwo builds of this package answer alike exactly when their TablesIDs are equal.")
	f.Const().Id("TablesID").Op("=").Lit(TablesID(reg.SHA256, opts))
	f.Comment("RegistryTitle is the registry's title.")
	f.Const().Id("RegistryTitle").Op("=").Lit(reg.Title)
	if opts.SourceURL != "" {
		f.Comment("RegistryURL is where the registry XML is published.")
		f.Const().Id("RegistryURL").Op("=").Lit(opts.SourceURL)
	}
	f.Comment("NumRecords is the number of records, the length of All().")
	f.Const().Id("NumRecords").Op("=").Lit(t.nRec)
	f.Line()

	f.Comment("Index types: the narrowest unsigned integers that count every record,\ntext, person and reference of this registry.")
	f.Type().Defs(
		Id("recIndex").Op("=").Add(recT),
		Id("textIndex").Op("=").Add(textT),
		Id("personIndex").Op("=").Add(personT),
		Id("refIndex").Op("=").Add(refT),
	)
	f.Comment("noRecord marks a protocol on which a name has no record.")
	f.Const().Id("noRecord").Op("=").Lit(0)
	f.Line()

	f.Comment("Bit layout of recKey (see table.go of the generator for the picture):\nlo port 0-15, hi port 16-31, protocol 32-34, has-port 35, status 36-37,\nwritten-as-range 38, name slot+1 40-63.")
	f.Const().Defs(
		Id("keyProtoShift").Op("=").Lit(keyProtoShift),
		Id("keyProtoMask").Op("=").Lit(1<<keyProtoBits-1),
		Id("keyHasPort").Op("=").Lit(1).Op("<<").Lit(keyHasPortBit),
		Id("keyRangeForm").Op("=").Lit(1).Op("<<").Lit(keyRangeBit),
		Id("keyStatusShift").Op("=").Lit(keyStatusShift),
		Id("keyStatusMask").Op("=").Lit(1<<keyStatusBits-1),
		Id("keyNameShift").Op("=").Lit(keyNameShift),
	)
	f.Comment("Packing of slotName, slotRecs, segProto and recPeople words.")
	f.Const().Defs(
		Id("slotNameLenBits").Op("=").Lit(slotNameLenBits),
		Id("slotNameLenMask").Op("=").Lit(1<<slotNameLenBits-1),
		Id("slotRecsShift").Op("=").Lit(slotRecsCountBits),
		Id("slotRecsMask").Op("=").Lit(1<<slotRecsCountBits-1),
		Id("segStartShift").Op("=").Lit(segCountBits),
		Id("segCountMask").Op("=").Lit(1<<segCountBits-1),
		Id("peopleStartShift").Op("=").Lit(2*peopleCountBits),
		Id("peopleAssigneeShift").Op("=").Lit(peopleCountBits),
		Id("peopleCountMask").Op("=").Lit(1<<peopleCountBits-1),
		Id("portPageBits").Op("=").Lit(portPageBits),
		Id("portPageMask").Op("=").Lit(1<<portPageBits-1),
		Id("numListedPeople").Op("=").Lit(t.nListed),
	)
	f.Comment("The perfect hash of service names: seed, table sizes and mixing\nconstants, found by the generator searching seeds in increasing order.")
	f.Const().Defs(
		Id("hashSeed").Op("=").Op(u(t.hash.seed)),
		Id("hashBucketBits").Op("=").Lit(int(t.hash.bucketBits)),
		Id("hashSlotBits").Op("=").Lit(int(t.hash.slotBits)),
		Id("maxNameLen").Op("=").Lit(t.maxName),
		Id("hashMul0").Op("=").Op(hx(hashMul0)),
		Id("hashMul1").Op("=").Op(hx(hashMul1)),
		Id("hashMul2").Op("=").Op(hx(hashMul2)),
		Id("hashDispMul").Op("=").Op(hx(hashDispMul)),
		Id("hashSlotMul").Op("=").Op(hx(hashSlotMul)),
		Id("caseBits").Op("=").Op(hx(caseBits)),
	)
	f.Line()

	blob(f, "nameBlob holds a banner naming the registry version, so that every\nbinary that looks up a name carries it, then every service name.", "nameBlob", t.nameBlob)
	add(len(t.nameBlob))
	var text strings.Builder
	offs := make([]int, 0, len(t.texts.strs)+1)
	for _, s := range t.texts.strs {
		offs = append(offs, text.Len())
		text.WriteString(s)
	}
	offs = append(offs, text.Len())
	blob(f, "textBlob holds every other string, each once: descriptions, notes,\nreferences and the people list.", "textBlob", text.String())
	add(text.Len())
	table(f, "textOff[i]:textOff[i+1] is text i in textBlob; text 0 is \"\".", "textOff", Uint32(), 4, len(offs), ids(offs))
	add(4 * len(offs))

	table(f, "hashDisp is the displacement of each hash bucket.", "hashDisp", Uint16(), 2, len(t.hash.disp), func(i int) (string, string) {
		return u(uint64(t.hash.disp[i])), ""
	})
	add(2 * len(t.hash.disp))
	table(f, "slotName is, per hash slot, the name's offset in nameBlob << slotNameLenBits | its length.", "slotName", Uint32(), 4, len(t.slotName), func(i int) (string, string) {
		return hx(uint64(t.slotName[i])), t.slotLabel[i]
	})
	add(4 * len(t.slotName))
	table(f, "slotBest is Lookup's answer for each slot and protocol (slot*4 + protocol-1).", "slotBest", Id("recIndex"), recSz, len(t.slotBest), func(i int) (string, string) {
		c := ""
		if i%numProtocols == 0 {
			c = t.slotLabel[i/numProtocols]
		}
		if t.slotBest[i] < 0 {
			return "0", c
		}
		return u(uint64(t.slotBest[i] + 1)), c
	})
	add(recSz * len(t.slotBest))
	table(f, "slotRecs locates each slot's records in byNamePool: start << slotRecsShift | count.", "slotRecs", Uint32(), 4, len(t.slotRecs), func(i int) (string, string) {
		return hx(uint64(t.slotRecs[i])), ""
	})
	add(4 * len(t.slotRecs))
	svc := func(xs []int) func(int) (string, string) {
		return func(i int) (string, string) { return "{" + u(uint64(xs[i]+1)) + "}", "" }
	}
	table(f, "byNamePool holds the records of each name, grouped by slot, in registry order.", "byNamePool", Id("Service"), recSz, len(t.byName), svc(t.byName))
	add(recSz * len(t.byName))

	table(f, "recKey is each record's look-up word; see the bit layout above.", "recKey", Uint64(), 8, len(t.recKey)+1, zeroRow(func(i int) (string, string) {
		return hx(t.recKey[i]), t.recLabel[i]
	}))
	add(8 * len(t.recKey))
	table(f, "recDesc is each record's description, a text index.", "recDesc", Id("textIndex"), textSz, len(t.recDesc)+1, zeroRow(ids(t.recDesc)))
	add(textSz * len(t.recDesc))
	table(f, "recDates packs each record's registration date (low 16 bits) and\nmodification date (high 16 bits); see Date.", "recDates", Uint32(), 4, len(t.recDates)+1, zeroRow(func(i int) (string, string) {
		return hx(uint64(t.recDates[i])), ""
	}))
	add(4 * len(t.recDates))
	table(f, "recPeople locates each record's assignees then contacts in personRefs:\nstart << peopleStartShift | assignees << peopleAssigneeShift | contacts.", "recPeople", Uint32(), 4, len(t.recPeople)+1, zeroRow(func(i int) (string, string) {
		return hx(uint64(t.recPeople[i])), ""
	}))
	add(4 * len(t.recPeople))
	table(f, "allPool is every record in registry order.", "allPool", Id("Service"), recSz, t.nRec, func(i int) (string, string) {
		return "{" + u(uint64(i+1)) + "}", ""
	})
	add(recSz * t.nRec)

	// Sparse fields: sorted record lists with parallel values.
	table(f, "noteRecs lists the records that carry a note; noteText holds them.", "noteRecs", Id("recIndex"), recSz, len(t.noteRecs), plus1(t.noteRecs))
	table(f, "", "noteText", Id("textIndex"), textSz, len(t.noteText), ids(t.noteText))
	table(f, "unauthRecs lists the records with unauthorized use reported; unauthText holds the reports.", "unauthRecs", Id("recIndex"), recSz, len(t.unauthRecs), plus1(t.unauthRecs))
	table(f, "", "unauthText", Id("textIndex"), textSz, len(t.unauthText), ids(t.unauthText))
	table(f, "scRecs lists the records with a DCCP service code; scValue holds the codes.", "scRecs", Id("recIndex"), recSz, len(t.scRecs), plus1(t.scRecs))
	table(f, "", "scValue", Uint32(), 4, len(t.scValue), func(i int) (string, string) { return u(uint64(t.scValue[i])), "" })
	add((recSz + textSz) * (len(t.noteRecs) + len(t.unauthRecs)))
	add((recSz + 4) * len(t.scRecs))
	table(f, "aliasRecs lists the legacy records that are aliases of a well-formed name; aliasText names it.", "aliasRecs", Id("recIndex"), recSz, len(t.aliasRecs), plus1(t.aliasRecs))
	table(f, "", "aliasText", Id("textIndex"), textSz, len(t.aliasText), ids(t.aliasText))
	table(f, "replacesRecs lists the records whose well-formed name replaced a legacy one; replacesText names it.", "replacesRecs", Id("recIndex"), recSz, len(t.replacesRecs), plus1(t.replacesRecs))
	table(f, "", "replacesText", Id("textIndex"), textSz, len(t.replacesText), ids(t.replacesText))
	add((recSz + textSz) * (len(t.aliasRecs) + len(t.replacesRecs)))

	// References.
	nr := len(t.refs)
	table(f, "refRecs is the record of each reference, in record order; refPool[k] is reference k.", "refRecs", Id("recIndex"), recSz, nr, plus1(t.refRecs))
	table(f, "", "refPool", Id("Reference"), refSz, nr, func(i int) (string, string) { return "{" + u(uint64(i+1)) + "}", "" })
	table(f, "refType is each reference's RefType.", "refType", Uint8(), 1, nr+1, zeroRow(func(i int) (string, string) { return u(uint64(t.refs[i].typ)), "" }))
	col := func(get func(refRow) int) func(int) (string, string) {
		return func(i int) (string, string) { return u(uint64(get(t.refs[i]))), "" }
	}
	table(f, "", "refData", Id("textIndex"), textSz, nr+1, zeroRow(col(func(r refRow) int { return r.data })))
	table(f, "", "refSection", Id("textIndex"), textSz, nr+1, zeroRow(col(func(r refRow) int { return r.section })))
	table(f, "", "refText", Id("textIndex"), textSz, nr+1, zeroRow(col(func(r refRow) int { return r.text })))
	table(f, "refLabel is each reference as IANA prints it.", "refLabel", Id("textIndex"), textSz, nr+1, zeroRow(col(func(r refRow) int { return r.label })))
	add(nr * (recSz + refSz + 1 + 4*textSz))

	// People.
	np := len(t.people)
	pcol := func(get func(personRow) int) func(int) (string, string) {
		return func(i int) (string, string) { return u(uint64(get(t.people[i]))), "" }
	}
	table(f, "The people list, then the ids records cite that it lacks.", "personID", Id("textIndex"), textSz, np+1, zeroRow(pcol(func(p personRow) int { return p.id })))
	table(f, "", "personName", Id("textIndex"), textSz, np+1, zeroRow(pcol(func(p personRow) int { return p.name })))
	table(f, "", "personOrg", Id("textIndex"), textSz, np+1, zeroRow(pcol(func(p personRow) int { return p.org })))
	table(f, "personURIs holds each person's URIs, newline-separated.", "personURIs", Id("textIndex"), textSz, np+1, zeroRow(pcol(func(p personRow) int { return p.uris })))
	table(f, "", "personUpdated", Uint16(), 2, np+1, zeroRow(pcol(func(p personRow) int { return p.updated })))
	table(f, "peoplePool is every person in order.", "peoplePool", Id("Person"), personSz, np, func(i int) (string, string) { return "{" + u(uint64(i+1)) + "}", "" })
	table(f, "personByID sorts the people by id, for LookupPerson.", "personByID", Id("personIndex"), personSz, np, plus1(t.personByID))
	table(f, "personRefs holds each record's assignees then contacts.", "personRefs", Id("Person"), personSz, len(t.personRefs), svcP(t.personRefs))
	add(np*(4*textSz+2+2*personSz) + personSz*len(t.personRefs))

	// Ports.
	table(f, "portPageBase is, per page of 64 ports, the number of the segment\nthe page starts in.", "portPageBase", Uint16(), 2, len(t.pageBase), func(i int) (string, string) {
		return u(uint64(t.pageBase[i])), ""
	})
	table(f, "portPageMarks marks, per page, the ports where a new segment starts.", "portPageMarks", Uint64(), 8, len(t.pageMarks), func(i int) (string, string) {
		return hx(t.pageMarks[i]), ""
	})
	table(f, "segProto locates the records covering each segment on each protocol in\nbyPortPool (segment*4 + protocol-1): start << segStartShift | count.", "segProto", Uint32(), 4, len(t.segProto), func(i int) (string, string) {
		c := ""
		if i%numProtocols == 0 {
			c = "ports " + t.segLabel[i/numProtocols]
		}
		return hx(uint64(t.segProto[i])), c
	})
	table(f, "byPortPool holds the runs of records segProto points at.", "byPortPool", Id("Service"), recSz, len(t.byPort), svc(t.byPort))
	add(2*len(t.pageBase) + 8*len(t.pageMarks) + 4*len(t.segProto) + recSz*len(t.byPort))

	f.Comment(fmt.Sprintf("Total table size: %d bytes.", total))
}

// TablesID is the SHA-256, in hex, of the registry's SHA-256 and the
// flags that change the tables, one per line: it changes exactly when
// the answers of the generated package can.
func TablesID(registrySHA256 string, opts Config) string {
	h := sha256.New()
	fmt.Fprintf(h, "ianaports tables v1\nregistry %s\nflags %s\n", registrySHA256, opts.Trim.String())
	return hex.EncodeToString(h.Sum(nil))
}

func tablesIDFlags(opts Config) string {
	if s := opts.Trim.String(); s != "" {
		return s
	}
	return "none given"
}

func svcP(xs []int) func(int) (string, string) {
	return func(i int) (string, string) { return "{" + u(uint64(xs[i]+1)) + "}", "" }
}
