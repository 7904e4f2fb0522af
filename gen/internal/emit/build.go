package emit

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/registry"
)

// Bit layout of recKey, the one word a look-up reads per record:
//
//	63            40 39 38 37 36 35  34 32 31      16 15       0
//	+---------------+--+--+-----+---+------+----------+----------+
//	| name slot + 1 | 0| R|  st | P | prot |    hi    |    lo    |
//	+---------------+--+--+-----+---+------+----------+----------+
//
// P is "has a port"; R is "written as a range" (IANA writes a few single
// ports as "4748-4748"); st is the Status; prot the Protocol; the name
// slot is 0 for a nameless row.
const (
	keyProtoShift  = 32
	keyProtoBits   = 3
	keyHasPortBit  = 35
	keyStatusShift = 36
	keyStatusBits  = 2
	keyRangeBit    = 38
	keyNameShift   = 40
	keyNameBits    = 24
)

// slotName packs a name's offset into nameBlob above its length.
const (
	slotNameLenBits = 6 // names up to 63 bytes
	slotNameOffBits = 32 - slotNameLenBits
)

// slotRecs and segProto pack a pool offset above a count.
const (
	slotRecsCountBits = 8 // up to 255 records of one name
	segCountBits      = 8 // up to 255 records covering one port
	peopleCountBits   = 4 // up to 15 assignees and 15 contacts a record
	peopleStartBits   = 32 - 2*peopleCountBits
)

// The port index splits 0-65535 into pages of 64 ports: one base
// segment number and one 64-bit mark word per page.
const (
	portPageBits = 6
	portPages    = 65536 >> portPageBits
)

// Dates pack as (year-dateEpoch)<<9 | month<<5 | day, day 0 for a
// month-only date.
const (
	dateEpoch     = 1970
	dateDayBits   = 5
	dateMonthBits = 4
	dateYearBits  = 16 - dateDayBits - dateMonthBits
)

// The Status values of the API.
const (
	statusAssigned = iota
	statusReserved
	statusUnassigned
)

var protoNum = map[string]int{"": 0, "tcp": 1, "udp": 2, "sctp": 3, "dccp": 4}

const numProtocols = 4

// tables is everything tables.go holds, in Go values.
type tables struct {
	nRec       int
	recWide    bool // record indices need 32 bits
	textWide   bool
	personWide bool
	refWide    bool

	nameBlob  string
	maxName   int
	hash      *phash
	slotName  []uint32
	slotLabel []string
	slotBest  []int // record index or -1, slot*4+proto-1
	slotRecs  []uint32
	byName    []int

	recKey    []uint64
	recLabel  []string
	recDesc   []int
	recDates  []uint32
	recPeople []uint32

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

	pageBase  []uint16
	pageMarks []uint64
	segProto  []uint32
	segLabel  []string
	byPort    []int
}

type refRow struct {
	typ                              int
	data, section, text, label, desc int
}

type personRow struct {
	id, name, org, uris, updated int
}

var refTypeNum = map[string]int{"rfc": 1, "draft": 2, "uri": 3, "text": 4, "note": 5, "person": 6}

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
		return 0, fmt.Errorf("date %q is outside %d-%d: raise dateYearBits or move dateEpoch", s, dateEpoch, dateEpoch+1<<dateYearBits-1)
	}
	return uint32(y-dateEpoch)<<(dateDayBits+dateMonthBits) | uint32(m)<<dateDayBits | uint32(d), nil
}

func statusOf(r *registry.Record) int {
	if r.Name != "" {
		return statusAssigned
	}
	if strings.EqualFold(strings.TrimSpace(r.Description.Plain()), "Unassigned") {
		return statusUnassigned
	}
	return statusReserved
}

// recLabel names a record in comments: "http 80/tcp".
func recLabel(r *registry.Record) string {
	s := r.Name
	if s == "" {
		s = strings.TrimSpace(r.Description.Plain())
		if len(s) > 24 {
			s = s[:24] + "…"
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
	return strings.ReplaceAll(s, "\n", " ")
}

// IANA marks the legacy names that RFC 6335 syntax replaced in two
// fixed phrases: the legacy record's note and the new record's
// description.
var (
	aliasNote       = regexp.MustCompile(`This entry is an alias to "([^"]+)"`)
	replacementDesc = regexp.MustCompile(`IANA assigned this well-formed service name as a replacement for "([^"]+)"`)
)

func tooLarge(what string, v, max int, bitsName string) error {
	return fmt.Errorf("%s is %d, too large for the tables (at most %d), or %s is too small", what, v, max, bitsName)
}

// build computes every table from the registry.
func build(reg *registry.Registry, trim Trim) (*tables, error) {
	t := &tables{nRec: len(reg.Records), texts: newInterner()}
	recs := reg.Records
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: no records to emit", reg.File)
	}
	t.recWide = len(recs)+1 > 0xFFFF

	// Names: one slot per case-folded name, spelled as the registry
	// first spells it.
	nameIdx := map[string]int{}
	var names []string
	for i := range recs {
		n := recs[i].Name
		if n == "" {
			continue
		}
		k := strings.ToLower(n)
		if _, ok := nameIdx[k]; !ok {
			nameIdx[k] = len(names)
			names = append(names, n)
		}
		if len(n) > 1<<slotNameLenBits-1 {
			return nil, tooLarge(fmt.Sprintf("service name %q (line %d) length", n, recs[i].Line), len(n), 1<<slotNameLenBits-1, "slotNameLenBits")
		}
		if len(n) > t.maxName {
			t.maxName = len(n)
		}
	}
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = strings.ToLower(n)
	}
	h, err := buildHash(keys)
	if err != nil {
		return nil, err
	}
	t.hash = h
	if len(h.slots) >= 1<<keyNameBits {
		return nil, tooLarge("hash slot count", len(h.slots), 1<<keyNameBits-1, "keyNameBits")
	}
	slotOfName := make([]int, len(names))
	for s, k := range h.slots {
		if k >= 0 {
			slotOfName[k] = s
		}
	}

	// Name blob: a banner that carries the registry version into every
	// binary that looks up a name, then the names in slot order.
	var blob strings.Builder
	fmt.Fprintf(&blob, "IANA service-names-port-numbers %s sha256:%s\n", reg.Updated, reg.SHA256)
	t.slotName = make([]uint32, len(h.slots))
	t.slotLabel = make([]string, len(h.slots))
	for s, k := range h.slots {
		if k < 0 {
			continue
		}
		off := blob.Len()
		blob.WriteString(names[k])
		if off >= 1<<slotNameOffBits {
			return nil, tooLarge("name blob size", off, 1<<slotNameOffBits-1, "slotNameOffBits")
		}
		t.slotName[s] = uint32(off)<<slotNameLenBits | uint32(len(names[k]))
		t.slotLabel[s] = names[k]
	}
	t.nameBlob = blob.String()

	// Per-record words.
	t.recKey = make([]uint64, len(recs))
	t.recLabel = make([]string, len(recs))
	t.recDesc = make([]int, len(recs))
	t.recDates = make([]uint32, len(recs))
	recsOfSlot := make([][]int, len(h.slots))
	for i := range recs {
		r := &recs[i]
		var k uint64
		if r.HasNumber {
			k = uint64(r.Lo) | uint64(r.Hi)<<16 | 1<<keyHasPortBit
			canon := strconv.Itoa(r.Lo)
			if strings.Contains(r.Number, "-") {
				k |= 1 << keyRangeBit
				canon += "-" + strconv.Itoa(r.Hi)
			}
			if r.Number != canon {
				return nil, fmt.Errorf("%s:%d: port number %q is not in canonical form; the tables would not reproduce it", reg.File, r.Line, r.Number)
			}
		}
		k |= uint64(protoNum[r.Protocol]) << keyProtoShift
		k |= uint64(statusOf(r)) << keyStatusShift
		if r.Name != "" {
			s := slotOfName[nameIdx[strings.ToLower(r.Name)]]
			k |= uint64(s+1) << keyNameShift
			recsOfSlot[s] = append(recsOfSlot[s], i)
		}
		// The tables store IANA's own rendering of mixed content.
		desc, note := r.Description.Plain(), r.Note.Plain()
		t.recKey[i] = k
		t.recLabel[i] = recLabel(r)
		t.recDesc[i] = t.texts.id(desc)
		d1, err := packDate(r.Date)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", reg.File, r.Line, err)
		}
		d2, err := packDate(r.Updated)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", reg.File, r.Line, err)
		}
		t.recDates[i] = d1 | d2<<16
		if !r.Note.IsEmpty() {
			t.noteRecs = append(t.noteRecs, i)
			t.noteText = append(t.noteText, t.texts.id(note))
		}
		if !r.Unauthorized.IsEmpty() {
			t.unauthRecs = append(t.unauthRecs, i)
			t.unauthText = append(t.unauthText, t.texts.id(r.Unauthorized.Plain()))
		}
		if m := aliasNote.FindStringSubmatch(note); m != nil && r.Name != "" {
			t.aliasRecs = append(t.aliasRecs, i)
			t.aliasText = append(t.aliasText, t.texts.id(m[1]))
		}
		if m := replacementDesc.FindStringSubmatch(desc); m != nil && r.Name != "" {
			t.replacesRecs = append(t.replacesRecs, i)
			t.replacesText = append(t.replacesText, t.texts.id(m[1]))
		}
		if r.ServiceCode != "" {
			v, _ := strconv.ParseUint(r.ServiceCode, 10, 32)
			t.scRecs = append(t.scRecs, i)
			t.scValue = append(t.scValue, uint32(v))
		}
		for _, x := range r.Refs {
			t.refRecs = append(t.refRecs, i)
			t.refs = append(t.refs, refRow{
				typ:     refTypeNum[x.Type],
				data:    t.texts.id(x.Data),
				section: t.texts.id(x.Section),
				text:    t.texts.id(x.Text),
				label:   t.texts.id(x.Label()),
			})
		}
	}

	// Per-slot answers: every record of the name, and the best record
	// per protocol for Lookup.
	t.slotRecs = make([]uint32, len(h.slots))
	t.slotBest = make([]int, len(h.slots)*numProtocols)
	for s := range h.slots {
		rs := recsOfSlot[s]
		if len(rs) >= 1<<slotRecsCountBits {
			return nil, tooLarge(fmt.Sprintf("records of name %q", t.slotLabel[s]), len(rs), 1<<slotRecsCountBits-1, "slotRecsCountBits")
		}
		t.slotRecs[s] = uint32(len(t.byName))<<slotRecsCountBits | uint32(len(rs))
		t.byName = append(t.byName, rs...)
		for p := 1; p <= numProtocols; p++ {
			best := -1
			for _, i := range rs {
				r := &recs[i]
				if rp := protoNum[r.Protocol]; rp != p && rp != 0 {
					continue
				}
				if best < 0 || better(r, &recs[best]) {
					best = i
				}
			}
			t.slotBest[s*numProtocols+p-1] = best
		}
	}

	if err := t.buildPeople(reg); err != nil {
		return nil, err
	}
	if err := t.buildPorts(recs); err != nil {
		return nil, err
	}
	t.textWide = len(t.texts.strs) > 0xFFFF
	t.refWide = len(t.refs)+1 > 0xFFFF
	return t, nil
}

// better reports whether a beats b as Lookup's answer: a port beats
// none, then the lower port; ties keep registry order.
func better(a, b *registry.Record) bool {
	if a.HasNumber != b.HasNumber {
		return a.HasNumber
	}
	return a.HasNumber && a.Lo < b.Lo
}

func (t *tables) buildPeople(reg *registry.Registry) error {
	idx := map[string]int{}
	add := func(p registry.Person) {
		idx[p.ID] = len(t.people)
		d, _ := packDate(p.Updated)
		t.people = append(t.people, personRow{
			id:      t.texts.id(p.ID),
			name:    t.texts.id(p.Name),
			org:     t.texts.id(p.Org),
			uris:    t.texts.id(strings.Join(p.URIs, "\n")),
			updated: int(d),
		})
	}
	for _, p := range reg.People {
		add(p)
	}
	t.nListed = len(t.people)
	ref := func(x registry.Xref) int {
		if _, ok := idx[x.Data]; !ok {
			add(registry.Person{ID: x.Data})
		}
		return idx[x.Data]
	}
	t.recPeople = make([]uint32, len(reg.Records))
	for i := range reg.Records {
		r := &reg.Records[i]
		start := len(t.personRefs)
		if len(r.Assignee) >= 1<<peopleCountBits || len(r.Contact) >= 1<<peopleCountBits {
			return fmt.Errorf("%s:%d: %v", reg.File, r.Line, tooLarge("people of one record", len(r.Assignee)+len(r.Contact), 1<<peopleCountBits-1, "peopleCountBits"))
		}
		for _, x := range r.Assignee {
			t.personRefs = append(t.personRefs, ref(x))
		}
		for _, x := range r.Contact {
			t.personRefs = append(t.personRefs, ref(x))
		}
		if start >= 1<<peopleStartBits {
			return tooLarge("person reference pool", start, 1<<peopleStartBits-1, "peopleStartBits")
		}
		t.recPeople[i] = uint32(start)<<(2*peopleCountBits) | uint32(len(r.Assignee))<<peopleCountBits | uint32(len(r.Contact))
	}
	t.personWide = len(t.people)+1 > 0xFFFF
	t.personByID = make([]int, len(t.people))
	for i := range t.personByID {
		t.personByID[i] = i
	}
	sort.SliceStable(t.personByID, func(a, b int) bool {
		return t.texts.strs[t.people[t.personByID[a]].id] < t.texts.strs[t.people[t.personByID[b]].id]
	})
	return nil
}

// buildPorts cuts 0-65535 into segments at every record's first port and
// the port after its last, so that every port of a segment is covered by
// the same records. Each (segment, protocol) points at the run of
// byPort holding those records; equal runs are stored once.
func (t *tables) buildPorts(recs []registry.Record) error {
	cut := map[int]bool{0: true}
	starts := map[int][]int{}
	ends := map[int][]int{}
	for i := range recs {
		r := &recs[i]
		if !r.HasNumber {
			continue
		}
		cut[r.Lo] = true
		starts[r.Lo] = append(starts[r.Lo], i)
		if r.Hi < 65535 {
			cut[r.Hi+1] = true
			ends[r.Hi+1] = append(ends[r.Hi+1], i)
		}
	}
	segs := make([]int, 0, len(cut))
	for p := range cut {
		segs = append(segs, p)
	}
	sort.Ints(segs)
	if len(segs) > 1<<16 {
		return tooLarge("segment count", len(segs), 1<<16, "the uint16 page base")
	}
	t.pageBase = make([]uint16, portPages)
	t.pageMarks = make([]uint64, portPages)
	for i, p := range segs {
		if p > 0 {
			t.pageMarks[p>>portPageBits] |= 1 << (p & (1<<portPageBits - 1))
		}
		_ = i
	}
	n := 0
	for pg := 0; pg < portPages; pg++ {
		t.pageBase[pg] = uint16(n)
		for b := uint64(t.pageMarks[pg]); b != 0; b &= b - 1 {
			n++
		}
	}
	active := map[int]bool{}
	runs := map[string]int{}
	t.segProto = make([]uint32, len(segs)*numProtocols)
	t.segLabel = make([]string, len(segs))
	for s, p := range segs {
		for _, i := range ends[p] {
			delete(active, i)
		}
		for _, i := range starts[p] {
			active[i] = true
		}
		cover := make([]int, 0, len(active))
		for i := range active {
			cover = append(cover, i)
		}
		sort.Ints(cover)
		hi := 65535
		if s+1 < len(segs) {
			hi = segs[s+1] - 1
		}
		t.segLabel[s] = fmt.Sprintf("%d-%d", p, hi)
		for proto := 1; proto <= numProtocols; proto++ {
			var run []int
			for _, i := range cover {
				if rp := protoNum[recs[i].Protocol]; rp == proto || rp == 0 {
					run = append(run, i)
				}
			}
			if len(run) >= 1<<segCountBits {
				return tooLarge(fmt.Sprintf("records covering port %d", p), len(run), 1<<segCountBits-1, "segCountBits")
			}
			k := fmt.Sprint(run)
			start, ok := runs[k]
			if !ok {
				start = len(t.byPort)
				runs[k] = start
				t.byPort = append(t.byPort, run...)
			}
			if start >= 1<<(32-segCountBits) {
				return tooLarge("port pool", start, 1<<(32-segCountBits)-1, "segCountBits")
			}
			t.segProto[s*numProtocols+proto-1] = uint32(start)<<segCountBits | uint32(len(run))
		}
	}
	return nil
}
