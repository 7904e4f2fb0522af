package emit

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/registry"
)

// The numbering the tables use for the API's enumerations. tables.go
// checks at compile time that the API's constants have these values.
var protoNum = map[string]int{"": 0, "tcp": 1, "udp": 2, "sctp": 3, "dccp": 4}

var protoNames = []string{"", "tcp", "udp", "sctp", "dccp"}

const numProtocols = 4

const (
	statusNone = iota
	statusAssigned
	statusReserved
	statusUnassigned
)

var statusNames = []string{"NoStatus", "Assigned", "Reserved", "Unassigned"}

var refTypeNum = map[string]int{"rfc": 1, "draft": 2, "uri": 3, "text": 4, "note": 5, "person": 6}

var refTypeConsts = []string{"", "RefRFC", "RefDraft", "RefURI", "RefText", "RefNote", "RefPerson"}

// recFlags packs each record's protocol, status and port kind into a
// byte:
//
//	  7   6 5   4 3   2 1 0
//	+---+-----+-----+-------+
//	| 0 | kind| stat| proto |
//	+---+-----+-----+-------+
const (
	flagProtoBits   = 3
	flagStatusShift = flagProtoBits
	flagStatusBits  = 2
	flagKindShift   = flagStatusShift + flagStatusBits
)

// The port kinds of recFlags. A handful of single ports are written as
// ranges ("4748-4748"); kindRangeForm keeps that spelling.
const (
	kindNoPort = iota
	kindSingle
	kindRange
	kindRangeForm
)

// recName is (slot+1) << nameRefShift, with nameSpelled set when the
// slot cannot give the registry's spelling (capitals, or a long name).
const (
	nameRefShift = 1
	nameSpelled  = 1
)

// Per-person text references carry one flag in the low bit: for
// personName, "the name is the id with spaces for _"; for personURIs,
// "every URI is mailto: and stored without it".
const (
	textFlagBits = 1
	textFlag     = 1
)

// People lists pack a pool offset above the numbers of assignees and
// contacts.
const (
	peopleCountBits = 4 // up to 15 assignees and 15 contacts a record
	peopleStartBits = 32 - 2*peopleCountBits
)

// The port index splits 0-65535 into pages of 64 ports: one base
// segment number and one 64-bit mark word per page.
const (
	portPageBits = 6
	portPages    = 65536 >> portPageBits
)

// Texts are located by a uint32 base every 1<<textGroupBits texts and
// an offset from it, 16 bits wide where every group fits.
const textGroupBits = 8

// Dates pack as (year-dateEpoch)<<9 | month<<5 | day, day 0 for a
// month-only date.
const (
	dateEpoch     = 1970
	dateDayBits   = 5
	dateMonthBits = 4
	dateYearBits  = 16 - dateDayBits - dateMonthBits
)

// tables is everything tables.go holds, as Go values. Records, people
// and references are numbered from 1, so that index 0 of every
// per-record table is the zero row.
type tables struct {
	nRec int // records, the registry's and the local ones
	nReg int // the registry's records, 0 to nReg-1; local ones follow

	// Names.
	hash       *phash
	keys       []string // folded names, in first-use order
	spellings  []string // the registry's spelling of each key
	keyRecs    [][]int  // the records of each key, in registry order
	nHash      int      // the perfect hash's slots; the exact names' follow
	slotKey    []int    // key index per slot (a class's first at a class's), -1 if empty
	slotExact  []bool   // a class's slot, or an exact name's (spelledNames)
	excHash    []int    // the class's slot of each exact name's, nHash on
	slotBest   []int    // record+1 or 0, slot*4 + protocol-1
	slotRecs   []int    // prefix sums into byName
	byName     []int    // record+1
	spelled    []int    // sorted slots whose names are spelled in spelledNames
	spelledStr []string
	nameBlob   string // the fast names, lower-cased, then the banner
	slotOff    []int  // each slot's name in nameBlob, -1 for none
	maxName    int
	banner     string

	// Records.
	recPort   []int
	recFlags  []int
	recName   []int
	recDesc   []int
	recDates  []int
	datePairs []uint32
	recPeople []int
	lists     []uint32 // start<<8 | assignees<<4 | contacts
	listBest  int      // the most assignees or contacts of one record
	rangeRecs []int
	rangeHi   []int
	recLabel  []string

	noteRecs, unauthRecs, scRecs []int
	noteText, unauthText         []int
	scValue                      []uint32

	aliasRecs, aliasText       []int // legacy record → well-formed name
	replacesRecs, replacesText []int // well-formed record → legacy name

	texts   *interner
	refRecs []int
	refs    []refRow

	people     []personRow
	nListed    int
	personByID []int
	personRefs []int

	// Ports.
	pageBase    []int
	pageMarks   []uint64
	segStart    []int // first port of each segment
	segRun      []int // start in byPort per segment*4 + protocol-1
	segCount    []int
	byPort      []int
	segMaxCount int   // the most records of one run
	segMaxTotal int   // the most records of one segment's four runs
	segPrimary  []int // Primary's record per segment*4 + protocol-1; see buildPrimary
}

type refRow struct {
	typ                        int
	data, section, text, label int
}

type personRow struct {
	id, name, org, uris, updated int
}

// interner assigns text ids in first-use order; id 0 is "".
type interner struct {
	ids  map[string]int
	strs []string
}

func newInterner() *interner {
	return &interner{ids: map[string]int{"": 0}, strs: []string{""}}
}

func (in *interner) id(s string) int {
	if id, ok := in.ids[s]; ok {
		return id
	}
	id := len(in.strs)
	in.ids[s] = id
	in.strs = append(in.strs, s)
	return id
}

func packDate(s string) (uint32, error) {
	if s == "" {
		return 0, nil
	}
	if len(s) != 7 && len(s) != 10 {
		return 0, fmt.Errorf("date %q is malformed", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d := 0
	var err3 error
	if len(s) == 10 {
		d, err3 = strconv.Atoi(s[8:10])
	}
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, fmt.Errorf("date %q is malformed", s)
	}
	if y < dateEpoch || y-dateEpoch >= 1<<dateYearBits {
		return 0, fmt.Errorf("date %q is outside %d-%d, the years the tables pack (dateEpoch, dateYearBits)", s, dateEpoch, dateEpoch+1<<dateYearBits-1)
	}
	return uint32(y-dateEpoch)<<(dateDayBits+dateMonthBits) | uint32(m)<<dateDayBits | uint32(d), nil
}

// statusOf is a record's Status: Assigned with a name; else Unassigned
// when the description, without surrounding blanks, is "Unassigned" in
// any ASCII case (registry.EqualFoldName, the one folding rule); else
// Reserved.
func statusOf(r *registry.Record) int {
	if r.Name != "" {
		return statusAssigned
	}
	if registry.EqualFoldName(strings.Trim(r.Description.Plain(), " \t\r\n"), "unassigned") {
		return statusUnassigned
	}
	return statusReserved
}

// recLabel names a record in comments: "http 80/tcp". safeComment
// escapes it where it is written.
func recLabel(r *registry.Record) string {
	s := r.Name
	if s == "" {
		s = strings.TrimSpace(r.Description.Plain())
		if len(s) > 24 {
			s = s[:24] + "..."
		}
		s = "(" + s + ")"
	}
	if r.HasNumber {
		s += " " + r.Number
	}
	if r.Protocol != "" {
		if r.HasNumber {
			s += "/" + r.Protocol
		} else {
			s += " " + r.Protocol
		}
	}
	return s
}

// IANA marks the legacy names that RFC 6335 syntax replaced in two
// fixed phrases: the legacy record's note and the new record's
// description.
var (
	aliasNote       = regexp.MustCompile(`This entry is an alias to "([^"]+)"`)
	replacementDesc = regexp.MustCompile(`IANA assigned this well-formed service name as a replacement for "([^"]+)"`)
)

// build computes every table from the registry and the local records
// (an overlay's, numbered after the registry's). Its errors have the
// parser's form, naming the file, line and record.
func build(reg *registry.Registry, local []registry.Record, lim hashLimits) (*tables, error) {
	if len(reg.Records) == 0 {
		return nil, &registry.Error{File: reg.File, Msg: "no records to emit"}
	}
	nReg := len(reg.Records)
	if len(local) > 0 {
		all := *reg
		all.Records = append(slices.Clip(reg.Records), local...)
		reg = &all
	}
	recs := reg.Records
	t := &tables{nRec: len(recs), nReg: nReg, texts: newInterner()}
	t.banner = fmt.Sprintf("IANA service-names-port-numbers %s sha256:%s", reg.Updated, reg.SHA256)
	if err := t.buildNames(reg, lim); err != nil {
		return nil, err
	}
	if err := t.buildRecords(reg); err != nil {
		return nil, err
	}
	if err := t.buildPeople(reg); err != nil {
		return nil, err
	}
	if err := t.buildPorts(reg); err != nil {
		return nil, err
	}
	t.buildPrimary(recs)
	return t, nil
}

// buildNames hashes every distinct folded name (registry.FoldName: ASCII
// letters only) and lays out the slots, the best record of each slot on
// each protocol, and the records of each name.
//
// find hashes the words of a name folded by fold, which also maps a few
// bytes other than the capitals together (see fastName): names that
// fold alike form one class, hashed once, to one slot of the perfect
// hash. A class of one fastName is that slot's name, compared on find's
// fast path. The names of any other class (legacy names with '_' or '@',
// names that fold alike, names longer than shortNameLen) are compared
// exactly from spelledNames: each has a slot of its own after the hash's
// (nHash on), which the class's slot leads to through excHash.
func (t *tables) buildNames(reg *registry.Registry, lim hashLimits) error {
	recs := reg.Records
	keyOf := map[string]int{}
	var firstRec []int
	for i := range recs {
		n := recs[i].Name
		if n == "" {
			continue
		}
		k := registry.FoldName(n)
		ki, ok := keyOf[k]
		if !ok {
			ki = len(t.keys)
			keyOf[k] = ki
			t.keys = append(t.keys, k)
			t.spellings = append(t.spellings, n)
			t.keyRecs = append(t.keyRecs, nil)
			firstRec = append(firstRec, i)
		}
		t.keyRecs[ki] = append(t.keyRecs[ki], i)
		t.maxName = max(t.maxName, len(n))
	}
	// The classes, in order of their first name.
	classOf := map[string]int{}
	var classes [][]int // keys
	var reps []string   // a name of each class, to hash
	for k, key := range t.keys {
		c := key
		if len(key) <= shortNameLen {
			c = foldString(key)
		}
		ci, ok := classOf[c]
		if !ok {
			ci = len(classes)
			classOf[c] = ci
			classes = append(classes, nil)
			reps = append(reps, key)
		}
		classes[ci] = append(classes[ci], k)
	}
	if len(reps) == 0 {
		// Keep the tables well-formed: one empty slot.
		t.hash = &phash{seed: seedWord(0), bucketBits: 1, slotBits: 1, disp: make([]uint32, 2), slots: []int{-1, -1}}
	} else {
		h, fail := buildHash(reps, lim)
		if fail != nil {
			label := func(c int) string { k := classes[c][0]; return registry.RecordLabel(firstRec[k]+1, &recs[firstRec[k]]) }
			// The error names the first record it could not place.
			primary := 0
			if len(fail.same) > 0 {
				primary = fail.same[0][0]
			} else if len(fail.bucket) > 0 {
				primary = fail.bucket[0]
			}
			return reg.RecordError(firstRec[classes[primary][0]], "%s", fail.describe(len(reps), lim, label))
		}
		t.hash = h
	}
	t.nHash = len(t.hash.slots)
	// The hash's slots, then one for each name of the classes compared
	// exactly, by class.
	t.slotKey = make([]int, t.nHash)
	t.slotExact = make([]bool, t.nHash)
	for s, c := range t.hash.slots {
		t.slotKey[s] = -1
		if c < 0 {
			continue
		}
		t.slotKey[s] = classes[c][0]
		if len(classes[c]) > 1 || !fastName(t.keys[classes[c][0]]) {
			t.slotExact[s] = true
			for _, k := range classes[c] {
				t.excHash = append(t.excHash, s)
				t.slotKey = append(t.slotKey, k)
				t.slotExact = append(t.slotExact, true)
			}
		}
	}
	nSlots := len(t.slotKey)
	t.slotBest = make([]int, nSlots*numProtocols)
	t.slotOff = make([]int, nSlots)
	t.slotRecs = make([]int, nSlots+1)
	t.recName = make([]int, len(recs))
	beats := func(i, j int) bool { return t.beats(recs, i, j) }
	var blob strings.Builder
	for s, k := range t.slotKey {
		t.slotRecs[s] = len(t.byName)
		t.slotOff[s] = -1
		if k < 0 || s < t.nHash && t.slotExact[s] {
			// Empty, or a class's slot: its names have slots of their own.
			continue
		}
		name := t.spellings[k]
		ref := (s + 1) << nameRefShift
		if !t.slotExact[s] {
			t.slotOff[s] = blob.Len()
			blob.WriteString(t.keys[k])
		}
		if t.slotExact[s] || name != t.keys[k] {
			t.spelled = append(t.spelled, s)
			t.spelledStr = append(t.spelledStr, name)
			ref |= nameSpelled
		}
		for _, i := range t.keyRecs[k] {
			t.byName = append(t.byName, i+1)
			t.recName[i] = ref
		}
		for p := 1; p <= numProtocols; p++ {
			t.slotBest[s*numProtocols+p-1] = lookupAnswer(recs, t.keyRecs[k], protoNames[p], beats) + 1
		}
	}
	t.slotRecs[nSlots] = len(t.byName)
	// The banner ends the blob: a program that looks names up carries
	// it, and find may read the 7 bytes after the last name.
	blob.WriteString(t.banner)
	t.nameBlob = blob.String()
	return nil
}

// fastName reports whether find may compare a folded name on its fast
// path: 1 to shortNameLen bytes, each a lower-case letter or below 0x40
// (digits, '-', '.', '/', '+', '*'), on which fold is exact: a key's byte
// folds to the name's exactly when it is the name's in either ASCII
// case. Other names ('_', '@', the bytes fold maps together with
// another, non-ASCII bytes) are compared exactly from spelledNames.
func fastName(key string) bool {
	if len(key) == 0 || len(key) > shortNameLen {
		return false
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 0x40 && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

// A row of slotIndex packs what find needs of a slot into one aligned
// word, low bits first:
//
//	length (4) | fingerprint | offset in nameBlob | base record | 4 deltas (3 bits each)
//
// The length is the name's, 1-15, or 0 when the name is compared from
// spelledNames (not fastName). The fingerprint is bits of the name's hash
// beside those that chose the slot: a miss is told from the row alone,
// without reading the name. The base record is the least of the slot's
// answers on the four protocols; a delta is 0 for none, base+delta-1
// otherwise, and deltaEscape sends find to slotBestKeys.
const (
	rowLenBits   = 4
	rowDeltaBits = 3
	deltaEscape  = 1<<rowDeltaBits - 1
	maxFPBits    = 28 // the length and fingerprint are compared as a uint32
)

// rowLayout is the bit layout of slotIndex for these tables.
type rowLayout struct {
	fpBits, offShift, offBits, baseShift, recBits, deltaShift int
}

// layout fits the row's fields into 64 bits: the offset and base record
// take the bits they need, the fingerprint what is left (up to
// maxFPBits).
func (t *tables) layout() (rowLayout, error) {
	l := rowLayout{offBits: bitsFor(len(t.nameBlob)), recBits: bitsFor(t.nRec)}
	l.fpBits = min(maxFPBits, 64-rowLenBits-l.offBits-l.recBits-numProtocols*rowDeltaBits)
	if l.fpBits < 0 {
		return l, fmt.Errorf("the name index cannot pack %d records and %d bytes of names into a 64-bit row", t.nRec, len(t.nameBlob))
	}
	l.offShift = rowLenBits + l.fpBits
	l.baseShift = l.offShift + l.offBits
	l.deltaShift = l.baseShift + l.recBits
	return l, nil
}

// fingerprint is the part of hash h a row keeps.
func (l rowLayout) fingerprint(h uint64) uint64 { return h >> 32 & (1<<l.fpBits - 1) }

// slotRow packs slot s's row. A class's slot has the class's
// fingerprint and length 0; an exact name's slot, which no hash leads
// to, only its answers.
func (t *tables) slotRow(l rowLayout, s int) uint64 {
	k := t.slotKey[s]
	if k < 0 {
		return 0
	}
	var row uint64
	if s < t.nHash {
		row = l.fingerprint(hashName(t.keys[k], t.hash.seed)) << rowLenBits
	}
	if off := t.slotOff[s]; off >= 0 {
		row |= uint64(len(t.keys[k])) | uint64(off)<<l.offShift
	}
	best := t.slotBest[s*numProtocols : (s+1)*numProtocols]
	base := 0
	for _, r := range best {
		if r != 0 && (base == 0 || r < base) {
			base = r
		}
	}
	row |= uint64(base) << l.baseShift
	for q, r := range best {
		d := deltaEscape
		switch {
		case r == 0:
			d = 0
		case r-base+1 < deltaEscape:
			d = r - base + 1
		}
		row |= uint64(d) << (l.deltaShift + q*rowDeltaBits)
	}
	return row
}

// slotRows packs every slot's row, and lists the answers the deltas
// cannot reach: slot*4+protocol-1 in order, and the record.
func (t *tables) slotRows(l rowLayout) (rows []uint64, escKeys, escRecs []int) {
	rows = make([]uint64, len(t.slotKey))
	for s := range rows {
		rows[s] = t.slotRow(l, s)
		for q := range numProtocols {
			if rows[s]>>(l.deltaShift+q*rowDeltaBits)&(1<<rowDeltaBits-1) == deltaEscape {
				escKeys = append(escKeys, s*numProtocols+q)
				escRecs = append(escRecs, t.slotBest[s*numProtocols+q])
			}
		}
	}
	return rows, escKeys, escRecs
}

// beats reports whether record i beats record j as Lookup's answer: a
// local record beats the registry's, then better decides.
func (t *tables) beats(recs []registry.Record, i, j int) bool {
	if li, lj := i >= t.nReg, j >= t.nReg; li != lj {
		return li
	}
	return better(&recs[i], &recs[j])
}

// lookupAnswer returns the record Lookup answers for a name on proto:
// of the name's records idxs (indexes into recs, in registry order), those
// on proto or on no protocol, the one that beats every other; -1 if none.
// The tables' slotBest and the overlay's conflict report both use it, so
// the report names the record the tables answer.
func lookupAnswer(recs []registry.Record, idxs []int, proto string, beats func(i, j int) bool) int {
	best := -1
	for _, i := range idxs {
		if r := &recs[i]; r.Protocol != proto && r.Protocol != "" {
			continue
		}
		if best < 0 || beats(i, best) {
			best = i
		}
	}
	return best
}

// better reports whether a beats b as Lookup's answer: a port beats
// none, then the lower port; ties keep registry order.
func better(a, b *registry.Record) bool {
	if a.HasNumber != b.HasNumber {
		return a.HasNumber
	}
	return a.HasNumber && a.Lo < b.Lo
}

// buildRecords fills the per-record tables and the sparse fields.
func (t *tables) buildRecords(reg *registry.Registry) error {
	recs := reg.Records
	n := len(recs)
	t.recPort = make([]int, n)
	t.recFlags = make([]int, n)
	t.recDesc = make([]int, n)
	t.recDates = make([]int, n)
	t.recLabel = make([]string, n)
	t.datePairs = []uint32{0}
	pairIdx := map[uint32]int{0: 0}
	for i := range recs {
		r := &recs[i]
		kind := kindNoPort
		if r.HasNumber {
			canon := strconv.Itoa(r.Lo)
			kind = kindSingle
			switch {
			case r.Lo != r.Hi:
				kind = kindRange
				canon += "-" + strconv.Itoa(r.Hi)
				t.rangeRecs = append(t.rangeRecs, i+1)
				t.rangeHi = append(t.rangeHi, r.Hi)
			case strings.Contains(r.Number, "-"):
				kind = kindRangeForm
				canon += "-" + canon
			}
			if r.Number != canon {
				return reg.RecordError(i, "port number %q is not in canonical form (%s); the tables would not reproduce it", r.Number, canon)
			}
			t.recPort[i] = r.Lo
		}
		t.recFlags[i] = protoNum[r.Protocol] | statusOf(r)<<flagStatusShift | kind<<flagKindShift
		t.recLabel[i] = recLabel(r)
		if i >= t.nReg {
			t.recLabel[i] += " (local)"
		}
		// The tables store IANA's own rendering of mixed content.
		desc, note := r.Description.Plain(), r.Note.Plain()
		t.recDesc[i] = t.texts.id(desc)
		d1, err := packDate(r.Date)
		if err != nil {
			return reg.RecordError(i, "registration %v", err)
		}
		d2, err := packDate(r.Updated)
		if err != nil {
			return reg.RecordError(i, "modification %v", err)
		}
		pair := d1 | d2<<16
		pi, ok := pairIdx[pair]
		if !ok {
			pi = len(t.datePairs)
			pairIdx[pair] = pi
			t.datePairs = append(t.datePairs, pair)
		}
		t.recDates[i] = pi
		if !r.Note.IsEmpty() {
			t.noteRecs = append(t.noteRecs, i+1)
			t.noteText = append(t.noteText, t.texts.id(note))
		}
		if !r.Unauthorized.IsEmpty() {
			t.unauthRecs = append(t.unauthRecs, i+1)
			t.unauthText = append(t.unauthText, t.texts.id(r.Unauthorized.Plain()))
		}
		if m := aliasNote.FindStringSubmatch(note); m != nil && r.Name != "" {
			t.aliasRecs = append(t.aliasRecs, i+1)
			t.aliasText = append(t.aliasText, t.texts.id(m[1]))
		}
		if m := replacementDesc.FindStringSubmatch(desc); m != nil && r.Name != "" {
			t.replacesRecs = append(t.replacesRecs, i+1)
			t.replacesText = append(t.replacesText, t.texts.id(m[1]))
		}
		if r.ServiceCode != "" {
			v, _ := strconv.ParseUint(r.ServiceCode, 10, 32)
			t.scRecs = append(t.scRecs, i+1)
			t.scValue = append(t.scValue, uint32(v))
		}
		for _, x := range r.Refs {
			t.refRecs = append(t.refRecs, i+1)
			t.refs = append(t.refs, refRow{
				typ:     refTypeNum[x.Type],
				data:    t.texts.id(x.Data),
				section: t.texts.id(x.Section),
				text:    t.texts.id(x.Text),
				label:   t.texts.id(x.Label()),
			})
		}
	}
	return nil
}

// buildPeople lays out the people list (then the ids records cite that
// it lacks) and each record's assignees and contacts, storing each
// distinct list of them once.
func (t *tables) buildPeople(reg *registry.Registry) error {
	idx := map[string]int{}
	add := func(p registry.Person, updated uint32) {
		idx[p.ID] = len(t.people)
		name := textFlag
		if p.Name != strings.ReplaceAll(p.ID, "_", " ") {
			name = t.texts.id(p.Name) << textFlagBits
		}
		mailto := len(p.URIs) > 0
		var bare []string
		for _, u := range p.URIs {
			b, ok := strings.CutPrefix(u, "mailto:")
			mailto = mailto && ok
			bare = append(bare, b)
		}
		var urisRef int
		if mailto {
			urisRef = t.texts.id(strings.Join(bare, "\n"))<<textFlagBits | textFlag
		} else {
			urisRef = t.texts.id(strings.Join(p.URIs, "\n")) << textFlagBits
		}
		t.people = append(t.people, personRow{
			id:      t.texts.id(p.ID),
			name:    name,
			org:     t.texts.id(p.Org),
			uris:    urisRef,
			updated: int(updated),
		})
	}
	for i, p := range reg.People {
		d, err := packDate(p.Updated)
		if err != nil {
			return reg.PersonError(i, "updated %v", err)
		}
		add(p, d)
	}
	t.nListed = len(t.people)
	ref := func(x registry.Xref) int {
		if _, ok := idx[x.Data]; !ok {
			add(registry.Person{ID: x.Data}, 0)
		}
		return idx[x.Data] + 1
	}
	t.recPeople = make([]int, len(reg.Records))
	t.lists = []uint32{0}
	listIdx := map[string]int{"": 0}
	for i := range reg.Records {
		r := &reg.Records[i]
		if len(r.Assignee) >= 1<<peopleCountBits || len(r.Contact) >= 1<<peopleCountBits {
			return reg.RecordError(i, "%d assignees and %d contacts; the tables hold at most %d of each (peopleCountBits)",
				len(r.Assignee), len(r.Contact), 1<<peopleCountBits-1)
		}
		if len(r.Assignee)+len(r.Contact) == 0 {
			continue
		}
		t.listBest = max(t.listBest, len(r.Assignee), len(r.Contact))
		var ps []int
		for _, x := range r.Assignee {
			ps = append(ps, ref(x))
		}
		for _, x := range r.Contact {
			ps = append(ps, ref(x))
		}
		key := fmt.Sprint(len(r.Assignee), ps)
		li, ok := listIdx[key]
		if !ok {
			start := len(t.personRefs)
			if start >= 1<<peopleStartBits {
				return reg.RecordError(i, "the person reference pool holds %d entries, more than peopleStartBits allow", start)
			}
			li = len(t.lists)
			listIdx[key] = li
			t.lists = append(t.lists, uint32(start)<<(2*peopleCountBits)|uint32(len(r.Assignee))<<peopleCountBits|uint32(len(r.Contact)))
			t.personRefs = append(t.personRefs, ps...)
		}
		t.recPeople[i] = li
	}
	// Sorted by folded id, then id: LookupPerson finds the run of ids
	// that fold alike with one search, the exact id in it, or else the
	// run's one member.
	t.personByID = make([]int, len(t.people))
	folded := make([]string, len(t.people))
	for i := range t.personByID {
		t.personByID[i] = i
		folded[i] = registry.FoldName(t.texts.strs[t.people[i].id])
	}
	sort.SliceStable(t.personByID, func(a, b int) bool {
		pa, pb := t.personByID[a], t.personByID[b]
		if folded[pa] != folded[pb] {
			return folded[pa] < folded[pb]
		}
		return t.texts.strs[t.people[pa].id] < t.texts.strs[t.people[pb].id]
	})
	return nil
}

// The port index's bounds. A port covered by k records on a protocol
// costs k byPortPool entries for each distinct set of covering records,
// so the pool grows with the product of how many records overlap and
// how many distinct segments they cut, not with the registry's size: a
// few thousand ranges that overlap at random would make a pool of
// millions. Together the two bounds keep segRuns' packed word (start,
// then four run ends of up to 4*maxPortCover) within 64 bits. Today's
// registry has 16,133 pool entries and at most 3 records covering one
// port on one protocol (8 on all four).
const (
	maxPortPool  = 1<<22 - 1 // byPortPool entries
	maxPortCover = 1<<8 - 1  // records covering one port on one protocol
)

// buildPorts cuts 0-65535 into segments at every record's first port and
// the port after its last, so that every port of a segment is covered by
// the same records. A segment's four runs (the records covering it on
// each protocol) lie one after another in byPort, so that one word gives
// the start of the first and the end of each; segments with the same
// four runs share them.
//
// A protocol's run changes only at a cut where one of its records (or a
// record on no protocol) starts or ends, and is then the previous run
// less the records ending there, merged with those starting there. So
// the work is linear in the records and in the pool, which the bounds
// above cap: a run that would pass one is refused, naming the record
// that starts last among those covering the segment.
func (t *tables) buildPorts(reg *registry.Registry) error {
	recs := reg.Records
	starting := portLists(recs, func(r *registry.Record) int { return r.Lo })
	ending := portLists(recs, func(r *registry.Record) int { return r.Hi + 1 })

	t.pageBase = make([]int, portPages)
	t.pageMarks = make([]uint64, portPages)
	for p := range 65536 {
		if p == 0 || len(starting.at(p)) > 0 || len(ending.at(p)) > 0 {
			t.segStart = append(t.segStart, p)
			if p > 0 {
				t.pageMarks[p>>portPageBits] |= 1 << (p & (1<<portPageBits - 1))
			}
		}
	}
	segs := 0
	for pg := range portPages {
		t.pageBase[pg] = segs
		segs += bits.OnesCount64(t.pageMarks[pg])
	}

	recProto := make([]uint8, len(recs))
	for i := range recs {
		recProto[i] = uint8(protoNum[recs[i].Protocol])
	}
	on := func(i, proto int) bool {
		return recProto[i] == uint8(proto) || recProto[i] == 0
	}
	// A group's key is its four runs as 4-byte words, each run after its
	// length; groups maps each distinct group to where it is stored.
	groups := map[string]int{}
	var runs, prev [numProtocols][]int
	var key []byte
	t.segRun = make([]int, len(t.segStart)*numProtocols)
	t.segCount = make([]int, len(t.segStart)*numProtocols)
	for s, p := range t.segStart {
		add, end := starting.at(p), ending.at(p)
		key = key[:0]
		total := 0
		for proto := 1; proto <= numProtocols; proto++ {
			q := proto - 1
			if s > 0 && !slices.ContainsFunc(add, func(i int) bool { return on(i, proto) }) &&
				!slices.ContainsFunc(end, func(i int) bool { return on(i, proto) }) {
				runs[q] = append(runs[q][:0], prev[q]...)
			} else {
				// The records that go on, merged with those starting
				// here; both are in registry order.
				run := runs[q][:0]
				add := add
				for _, r := range prev[q] {
					if recs[r-1].Hi < p {
						continue
					}
					for ; len(add) > 0 && add[0] < r-1; add = add[1:] {
						if on(add[0], proto) {
							run = append(run, add[0]+1)
						}
					}
					run = append(run, r)
				}
				for _, i := range add {
					if on(i, proto) {
						run = append(run, i+1)
					}
				}
				runs[q] = run
			}
			if len(runs[q]) > maxPortCover {
				return t.portIndexError(reg, runs[q], s, proto)
			}
			key = binary.LittleEndian.AppendUint32(key, uint32(len(runs[q])))
			for _, r := range runs[q] {
				key = binary.LittleEndian.AppendUint32(key, uint32(r))
			}
			total += len(runs[q])
		}
		start, ok := groups[string(key)]
		if !ok {
			start = len(t.byPort)
			end := start
			for q, run := range runs {
				// The run that passes the bound is not empty.
				if end += len(run); end > maxPortPool {
					return t.portIndexError(reg, run, s, q+1)
				}
			}
			groups[string(key)] = start
			if len(t.byPort)+total > cap(t.byPort) {
				// Double, up to the bound, where append would grow a
				// large pool by a quarter and copy it four times over.
				grown := make([]int, len(t.byPort), min(max(2*len(t.byPort), len(t.byPort)+total), maxPortPool))
				copy(grown, t.byPort)
				t.byPort = grown
			}
			for _, run := range runs {
				t.byPort = append(t.byPort, run...)
			}
		}
		for q, run := range runs {
			k := s*numProtocols + q
			t.segRun[k], t.segCount[k] = start, len(run)
			start += len(run)
			t.segMaxCount = max(t.segMaxCount, len(run))
			prev[q] = append(prev[q][:0], run...)
		}
		t.segMaxTotal = max(t.segMaxTotal, total)
	}
	return nil
}

// portLists lists, for every port, the records with a number whose
// port(r) it is, in registry order.
type portList struct{ first, recs []int }

func portLists(recs []registry.Record, port func(*registry.Record) int) portList {
	l := portList{first: make([]int, 65537)}
	for i := range recs {
		if r := &recs[i]; r.HasNumber {
			if p := port(r); p < 65536 {
				l.first[p+1]++
			}
		}
	}
	for p := 1; p <= 65536; p++ {
		l.first[p] += l.first[p-1]
	}
	l.recs = make([]int, l.first[65536])
	next := slices.Clone(l.first[:65536])
	for i := range recs {
		if r := &recs[i]; r.HasNumber {
			if p := port(r); p < 65536 {
				l.recs[next[p]] = i
				next[p]++
			}
		}
	}
	return l
}

func (l portList) at(p int) []int { return l.recs[l.first[p]:l.first[p+1]] }

// portIndexError refuses the registry when storing run, the records
// covering segment s on proto, would pass a bound of the port index. It
// names the record of run that starts last (the last of them in the
// registry on a tie): the one that made the stack.
func (t *tables) portIndexError(reg *registry.Registry, run []int, s, proto int) error {
	blame := run[0] - 1
	for _, r := range run {
		if reg.Records[r-1].Lo >= reg.Records[blame].Lo {
			blame = r - 1
		}
	}
	hi := 65535
	if s+1 < len(t.segStart) {
		hi = t.segStart[s+1] - 1
	}
	where := fmt.Sprintf("ports %d-%d/%s", t.segStart[s], hi, protoNames[proto])
	if len(run) > maxPortCover {
		return reg.RecordError(blame, "%d records cover %s, more than the %d the port index holds (maxPortCover)", len(run), where, maxPortCover)
	}
	return reg.RecordError(blame, "the port index would pass %d entries (maxPortPool) at %s, covered by %d records: too many ranges overlap", maxPortPool, where, len(run))
}
