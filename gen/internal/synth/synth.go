// Package synth writes synthetic service-names-port-numbers registries of
// any size that keep the shape of the real one, for scale tests of the
// generator and of the emitted package.
//
// The real registry is the model. Its records are cut into groups — every
// record of one service name (tcp/udp pairs, sctp and dccp rows, the
// name-only row of a DNS-SD name), or a run of nameless rows on one number
// with one description (the Reserved and Unassigned pairs) — and each group
// is copied factor times (stratified: ⌊factor⌋ copies of every group, one
// more with probability factor−⌊factor⌋). A copy keeps the group's shape
// exactly: its protocols, which rows have a number, which numbers are
// ranges and how long, the offsets between its ports, the dates, the
// DCCP service codes, the references, and how many assignees and contacts
// each row cites. What changes:
//
//   - Names are new and unique (no two differ only by case): each letter
//     of the model's name is replaced by a random letter of the same case
//     and each digit by a random digit; hyphens and the legacy characters
//     (_ . + /) stay where they are, so lengths and syntax are kept. Where
//     a short name has no unused variant left, a letter is appended.
//   - Copy 0 of a group keeps the model's ports; every further copy moves
//     the whole group to a random start within the same port class
//     (System 0-1023, User 1024-49151, Dynamic 49152-65535), so that the
//     extra records spread over the class and share ports as the real
//     registry's do (many names a port, several rows covering one port).
//   - Descriptions, notes and unauthorized-use texts of named rows are
//     random words drawn from the model's descriptions, of exactly the
//     model text's length (as rendered by registry.Text.Plain); rows of
//     one copy of a group share a text where the model's rows do. The
//     description of a nameless row ("Reserved", "Unassigned", …) is kept,
//     since it decides the row's Status.
//   - The people list is copied once a copy: copy 0 keeps the real ids,
//     copy k appends "_sk" to ids and " k" to names; ids that the model
//     cites without listing stay unlisted.
//
// Output is deterministic for a given model, factor and seed.
package synth

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/svcreg/ianaports/internal/atomicfile"
	"github.com/svcreg/ianaports/internal/registry"
)

// ModelEnv names an environment variable that, when set, is the path of
// the registry XML used as the model by Generate and Real.
const ModelEnv = "SYNTH_MODEL"

// modelRel are the places, relative to the working directory or any of
// its parents, where Real looks for the real registry.
var modelRel = []string{
	filepath.Join("data", "service-names-port-numbers.xml"),
}

// ModelPath finds the real registry XML: $SYNTH_MODEL, else the
// committed data/service-names-port-numbers.xml in the working
// directory or the nearest parent that has one.
func ModelPath() (string, error) {
	if p := os.Getenv(ModelEnv); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		for _, rel := range modelRel {
			p := filepath.Join(dir, rel)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("synth: no model registry: set %s or run below a directory holding %s", ModelEnv, strings.Join(modelRel, " or "))
		}
		dir = parent
	}
}

var cache struct {
	sync.Mutex
	path string
	reg  *registry.Registry
}

// Real parses the model registry found by ModelPath, once.
func Real() (*registry.Registry, error) {
	path, err := ModelPath()
	if err != nil {
		return nil, err
	}
	cache.Lock()
	defer cache.Unlock()
	if cache.reg != nil && cache.path == path {
		return cache.reg, nil
	}
	reg, err := registry.ParseFile(path, registry.Options{})
	if err != nil {
		return nil, err
	}
	cache.path, cache.reg = path, reg
	return reg, nil
}

// Generate writes a synthetic registry about factor times the size of the
// real one (found by ModelPath) to w.
func Generate(w io.Writer, factor float64, seed uint64) error {
	reg, err := Real()
	if err != nil {
		return err
	}
	return GenerateFrom(w, reg, factor, seed)
}

// GenerateFrom is Generate with the model given.
func GenerateFrom(w io.Writer, model *registry.Registry, factor float64, seed uint64) error {
	reg, err := Synthesize(model, factor, seed)
	if err != nil {
		return err
	}
	return Write(w, reg)
}

// Synthesize builds the synthetic registry in memory, as the parser would
// read the XML that GenerateFrom writes (less File, SHA256, Size, lines and
// warnings). Its texts are plain: one SegText each.
func Synthesize(model *registry.Registry, factor float64, seed uint64) (*registry.Registry, error) {
	if model == nil || len(model.Records) == 0 {
		return nil, errors.New("synth: the model registry has no records")
	}
	if !(factor > 0) || math.IsInf(factor, 0) || factor > 1024 {
		return nil, fmt.Errorf("synth: factor %v is not in (0, 1024]", factor)
	}
	g := newGen(model, factor, seed)
	g.records()
	g.people()
	reg := &registry.Registry{
		ID:       registry.RegistryID,
		Title:    model.Title,
		Category: model.Category,
		Updated:  model.Updated,
		Records:  make([]registry.Record, 0, len(g.recs)),
		People:   g.pers,
	}
	if reg.Title == "" {
		reg.Title = "Service Name and Transport Protocol Port Number Registry"
	}
	if reg.Updated == "" {
		reg.Updated = "2026-01-01"
	}
	reg.Notes = []registry.Note{{Text: plainText(fmt.Sprintf(
		"Synthetic registry: %d records shaped like the %d of the registry of %s (factor %g, seed %d). Not IANA data.",
		len(g.recs), len(model.Records), model.Updated, factor, seed))}}
	for _, i := range g.order {
		reg.Records = append(reg.Records, g.recs[i])
	}
	return reg, nil
}

func plainText(s string) registry.Text {
	return registry.Text{{Kind: registry.SegText, Text: s}}
}

// Port classes of RFC 6335.
var classes = [][2]int{{0, 1023}, {1024, 49151}, {49152, 65535}}

func classOf(lo, hi int) (int, int, bool) {
	for _, c := range classes {
		if lo >= c[0] && hi <= c[1] {
			return c[0], c[1], true
		}
	}
	return 0, 0, false
}

// group is a set of model records copied together.
type group struct {
	recs   []int
	named  bool
	hasNum bool
	lo, hi int // span of the numbered records
}

type gen struct {
	model  *registry.Registry
	factor float64
	rng    *rand.Rand
	groups []group
	vocab  []string
	used   map[string]bool // case-folded names given out
	recs   []registry.Record
	order  []int // indices into recs in output order
	pers   []registry.Person
	ids    map[string]bool // every person id of the model, listed or cited
	// cited[k] holds the model person ids cited by copy k.
	cited map[int]map[string]bool
}

func newGen(model *registry.Registry, factor float64, seed uint64) *gen {
	g := &gen{
		model:  model,
		factor: factor,
		rng:    rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		used:   map[string]bool{},
		ids:    map[string]bool{},
		cited:  map[int]map[string]bool{},
	}
	for _, p := range model.People {
		g.ids[p.ID] = true
	}
	for i := range model.Records {
		for _, x := range model.Records[i].Assignee {
			g.ids[x.Data] = true
		}
		for _, x := range model.Records[i].Contact {
			g.ids[x.Data] = true
		}
	}
	g.groups = groups(model.Records)
	for i := range model.Records {
		r := &model.Records[i]
		if r.Name == "" {
			continue
		}
		g.vocab = append(g.vocab, strings.Fields(r.Description.Plain())...)
	}
	if len(g.vocab) == 0 {
		g.vocab = []string{"service"}
	}
	return g
}

// groups cuts records into the units that are copied together.
func groups(recs []registry.Record) []group {
	var gs []group
	byName := map[string]int{}
	for i := range recs {
		r := &recs[i]
		var gi int
		switch {
		case r.Name != "":
			k := strings.ToLower(r.Name)
			j, ok := byName[k]
			if !ok {
				j = len(gs)
				byName[k] = j
				gs = append(gs, group{named: true})
			}
			gi = j
		default:
			// A nameless row joins the previous one when it is the same
			// row on another protocol.
			if n := len(gs); n > 0 && !gs[n-1].named {
				p := &recs[gs[n-1].recs[len(gs[n-1].recs)-1]]
				if p.Number == r.Number && p.HasNumber == r.HasNumber && p.Description.Plain() == r.Description.Plain() {
					gi = n - 1
					break // out of the switch: join this group
				}
			}
			gi = len(gs)
			gs = append(gs, group{})
		}
		g := &gs[gi]
		g.recs = append(g.recs, i)
		if r.HasNumber {
			if !g.hasNum {
				g.lo, g.hi = r.Lo, r.Hi
			}
			g.hasNum = true
			g.lo, g.hi = min(g.lo, r.Lo), max(g.hi, r.Hi)
		}
	}
	return gs
}

// copies is how many copies of one item to make: ⌊factor⌋, plus one with
// probability factor−⌊factor⌋.
func (g *gen) copies() int {
	n := int(g.factor)
	if frac := g.factor - float64(n); frac > 0 && g.rng.Float64() < frac {
		n++
	}
	return n
}

func (g *gen) records() {
	for gi := range g.groups {
		gr := &g.groups[gi]
		n := g.copies()
		for k := 0; k < n; k++ {
			g.copyGroup(gr, k)
		}
	}
	// Numbered rows by port (stable: copies in generation order), then
	// the name-only rows, as IANA orders the registry.
	g.order = make([]int, len(g.recs))
	for i := range g.order {
		g.order[i] = i
	}
	sort.SliceStable(g.order, func(a, b int) bool {
		ra, rb := &g.recs[g.order[a]], &g.recs[g.order[b]]
		if ra.HasNumber != rb.HasNumber {
			return ra.HasNumber
		}
		return ra.HasNumber && ra.Lo < rb.Lo
	})
}

func (g *gen) copyGroup(gr *group, k int) {
	name := ""
	delta := 0
	if gr.hasNum && k > 0 {
		if clo, chi, ok := classOf(gr.lo, gr.hi); ok {
			start := clo + g.rng.IntN(chi-clo-(gr.hi-gr.lo)+1)
			delta = start - gr.lo
		}
	}
	texts := map[string]string{} // model text → this copy's text
	synth := func(t registry.Text) registry.Text {
		if t == nil {
			return nil
		}
		p := t.Plain()
		s, ok := texts[p]
		if !ok {
			s = g.text(len(p))
			texts[p] = s
		}
		return plainText(s)
	}
	for _, i := range gr.recs {
		m := &g.model.Records[i]
		if m.Name != "" && name == "" {
			name = g.name(m.Name)
		}
		r := registry.Record{
			Name:         name,
			Protocol:     m.Protocol,
			HasNumber:    m.HasNumber,
			Date:         m.Date,
			Updated:      m.Updated,
			ServiceCode:  m.ServiceCode,
			Refs:         m.Refs,
			Description:  synth(m.Description),
			Note:         synth(m.Note),
			Unauthorized: synth(m.Unauthorized),
		}
		if m.HasNumber {
			r.Lo, r.Hi = m.Lo+delta, m.Hi+delta
			r.Number = strconv.Itoa(r.Lo)
			if strings.Contains(m.Number, "-") {
				r.Number += "-" + strconv.Itoa(r.Hi)
			}
		}
		if m.Name == "" && m.Description != nil {
			// The description of a nameless row is its Status.
			r.Description = plainText(m.Description.Plain())
		}
		for _, x := range m.Assignee {
			r.Assignee = append(r.Assignee, registry.Xref{Type: "person", Data: g.person(x.Data, k)})
		}
		for _, x := range m.Contact {
			r.Contact = append(r.Contact, registry.Xref{Type: "person", Data: g.person(x.Data, k)})
		}
		g.recs = append(g.recs, r)
	}
}

// person maps a model person id to copy k's id and notes the citation.
func (g *gen) person(id string, k int) string {
	if g.cited[k] == nil {
		g.cited[k] = map[string]bool{}
	}
	g.cited[k][id] = true
	return g.personID(id, k)
}

// personID is copy k's id for the model's person id: the id itself for
// copy 0, else id_sk, lengthened while it is one of the model's ids.
func (g *gen) personID(id string, k int) string {
	if k == 0 {
		return id
	}
	s := id + "_s" + strconv.Itoa(k)
	for g.ids[s] {
		s += "_"
	}
	return s
}

func (g *gen) people() {
	maxK := int(math.Ceil(g.factor))
	for _, p := range g.model.People {
		for k := 0; k < maxK; k++ {
			keep := float64(k+1) <= g.factor || g.cited[k][p.ID] || g.rng.Float64() < g.factor-float64(k)
			if !keep {
				continue
			}
			q := p
			q.ID = g.personID(p.ID, k)
			if k > 0 {
				if q.Name != "" {
					q.Name += " " + strconv.Itoa(k)
				}
				q.URIs = nil
				for _, u := range p.URIs {
					if i := strings.IndexByte(u, '&'); strings.HasPrefix(u, "mailto:") && i > 0 {
						u = u[:i] + "+" + strconv.Itoa(k) + u[i:]
					} else {
						u += "#" + strconv.Itoa(k)
					}
					q.URIs = append(q.URIs, u)
				}
			}
			g.pers = append(g.pers, q)
		}
	}
}

// name returns a new service name shaped like tmpl, unique up to case.
func (g *gen) name(tmpl string) string {
	b := []byte(tmpl)
	for try := 0; ; try++ {
		if try > 0 && try%64 == 0 {
			// No unused variant found: lengthen the name by a letter.
			b = append(b, 'a')
		}
		for i, c := range b {
			switch {
			case c >= 'a' && c <= 'z':
				b[i] = 'a' + byte(g.rng.IntN(26))
			case c >= 'A' && c <= 'Z':
				b[i] = 'A' + byte(g.rng.IntN(26))
			case c >= '0' && c <= '9':
				b[i] = '0' + byte(g.rng.IntN(10))
			}
		}
		k := strings.ToLower(string(b))
		if !g.used[k] {
			g.used[k] = true
			return string(b)
		}
	}
}

// text returns n bytes of words from the model's descriptions.
func (g *gen) text(n int) string {
	if n == 0 {
		return ""
	}
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.vocab[g.rng.IntN(len(g.vocab))])
	}
	s := b.String()[:n]
	// Cut on a character boundary and keep the exact length: pad with
	// letters where a multi-byte character or a blank would be cut.
	for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] >= 0xC0 {
		s = s[:len(s)-1]
	}
	s = strings.TrimRight(s, " ")
	for len(s) < n {
		s += "x"
	}
	return s
}

// Write writes reg as registry XML that registry.Parse reads back to the
// same records and people. Mixed content is written as its plain
// rendering (registry.Text.Plain): exact for Synthesize's texts.
func Write(w io.Writer, reg *registry.Registry) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "<?xml version='1.0' encoding='UTF-8'?>\n")
	fmt.Fprintf(bw, "<registry xmlns=%q id=%q>\n", registry.Namespace, registry.RegistryID)
	fmt.Fprintf(bw, "  <title>%s</title>\n", esc(reg.Title))
	if reg.Category != "" {
		fmt.Fprintf(bw, "  <category>%s</category>\n", esc(reg.Category))
	}
	fmt.Fprintf(bw, "  <updated>%s</updated>\n", esc(reg.Updated))
	for _, n := range reg.Notes {
		fmt.Fprintf(bw, "  <note>%s</note>\n", esc(n.Text.Plain()))
	}
	for i := range reg.Records {
		writeRecord(bw, &reg.Records[i])
	}
	bw.WriteString("  <people>\n")
	for i := range reg.People {
		writePerson(bw, &reg.People[i])
	}
	bw.WriteString("  </people>\n</registry>\n")
	return bw.Flush()
}

func writeText(w *bufio.Writer, elem string, t registry.Text) {
	if t != nil {
		fmt.Fprintf(w, "    <%s>%s</%s>\n", elem, esc(t.Plain()), elem)
	}
}

func writeRecord(w *bufio.Writer, r *registry.Record) {
	w.WriteString("  <record")
	if r.Date != "" {
		fmt.Fprintf(w, " date=%q", r.Date)
	}
	if r.Updated != "" {
		fmt.Fprintf(w, " updated=%q", r.Updated)
	}
	w.WriteString(">\n")
	if r.Name != "" {
		fmt.Fprintf(w, "    <name>%s</name>\n", esc(r.Name))
	}
	if r.Protocol != "" {
		fmt.Fprintf(w, "    <protocol>%s</protocol>\n", r.Protocol)
	}
	if len(r.Assignee) > 0 {
		w.WriteString("    <assignee>")
		for _, x := range r.Assignee {
			fmt.Fprintf(w, `<xref type="person" data="%s"/>`, esc(x.Data))
		}
		w.WriteString("</assignee>\n")
	}
	for _, x := range r.Contact {
		fmt.Fprintf(w, "    <xref type=\"person\" data=\"%s\"/>\n", esc(x.Data))
	}
	writeText(w, "description", r.Description)
	if r.HasNumber {
		fmt.Fprintf(w, "    <number>%s</number>\n", r.Number)
	}
	for _, x := range r.Refs {
		fmt.Fprintf(w, "    <xref type=\"%s\"", esc(x.Type))
		if x.Data != "" {
			fmt.Fprintf(w, " data=\"%s\"", esc(x.Data))
		}
		if x.Section != "" {
			fmt.Fprintf(w, " section=\"%s\"", esc(x.Section))
		}
		if x.Text != "" {
			fmt.Fprintf(w, ">%s</xref>\n", esc(x.Text))
		} else {
			w.WriteString("/>\n")
		}
	}
	if r.ServiceCode != "" {
		fmt.Fprintf(w, "    <sc>%s</sc>\n", r.ServiceCode)
	}
	writeText(w, "unauthorized", r.Unauthorized)
	writeText(w, "note", r.Note)
	w.WriteString("  </record>\n")
}

func writePerson(w *bufio.Writer, p *registry.Person) {
	fmt.Fprintf(w, "    <person id=\"%s\">\n", esc(p.ID))
	if p.Name != "" {
		fmt.Fprintf(w, "      <name>%s</name>\n", esc(p.Name))
	}
	if p.Org != "" {
		fmt.Fprintf(w, "      <org>%s</org>\n", esc(p.Org))
	}
	for _, u := range p.URIs {
		fmt.Fprintf(w, "      <uri>%s</uri>\n", esc(u))
	}
	if p.Updated != "" {
		fmt.Fprintf(w, "      <updated>%s</updated>\n", esc(p.Updated))
	}
	w.WriteString("    </person>\n")
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;",
	"\n", "&#xA;", "\r", "&#xD;", "\t", "&#x9;")

func esc(s string) string { return escaper.Replace(s) }

// Limits are the figures of a registry that the emitter's table layout
// bounds (gen/internal/emit/build.go).
type Limits struct {
	Records        int
	Names          int // distinct case-folded names
	MaxNameRecords int // records of one name; the emitter allows 255
	MaxPortCover   int // records covering one port on one protocol, protocol-less rows included; the emitter allows 255
	MaxCoverPort   int // a port where MaxPortCover is reached
	Segments       int // port segments; the emitter allows 65536
}

// Emitter limits, as in gen/internal/emit/build.go.
const (
	MaxNameRecords = 255
	MaxPortCover   = 255
	MaxSegments    = 1 << 16
)

// Check returns an error naming every emitter limit l exceeds.
func (l Limits) Check() error {
	var errs []error
	if l.MaxNameRecords > MaxNameRecords {
		errs = append(errs, fmt.Errorf("%d records of one name (the emitter allows %d)", l.MaxNameRecords, MaxNameRecords))
	}
	if l.MaxPortCover > MaxPortCover {
		errs = append(errs, fmt.Errorf("%d records cover port %d on one protocol (the emitter allows %d)", l.MaxPortCover, l.MaxCoverPort, MaxPortCover))
	}
	if l.Segments > MaxSegments {
		errs = append(errs, fmt.Errorf("%d port segments (the emitter allows %d)", l.Segments, MaxSegments))
	}
	return errors.Join(errs...)
}

// Measure computes reg's Limits the way the emitter counts them.
func Measure(reg *registry.Registry) Limits {
	l := Limits{Records: len(reg.Records)}
	perName := map[string]int{}
	// Coverage by difference arrays: per protocol (0 = none) a +1 at lo
	// and a -1 after hi.
	var diff [5][65537]int32
	cut := make([]bool, 65536)
	cut[0] = true
	for i := range reg.Records {
		r := &reg.Records[i]
		if r.Name != "" {
			perName[strings.ToLower(r.Name)]++
		}
		if !r.HasNumber {
			continue
		}
		p := protoNum(r.Protocol)
		diff[p][r.Lo]++
		diff[p][r.Hi+1]--
		cut[r.Lo] = true
		if r.Hi < 65535 {
			cut[r.Hi+1] = true
		}
	}
	l.Names = len(perName)
	for _, n := range perName {
		l.MaxNameRecords = max(l.MaxNameRecords, n)
	}
	var cur [5]int32
	for port := 0; port < 65536; port++ {
		for p := range cur {
			cur[p] += diff[p][port]
		}
		for p := 1; p < 5; p++ {
			if c := int(cur[p] + cur[0]); c > l.MaxPortCover {
				l.MaxPortCover, l.MaxCoverPort = c, port
			}
		}
		if cut[port] {
			l.Segments++
		}
	}
	return l
}

func protoNum(p string) int {
	switch p {
	case "tcp":
		return 1
	case "udp":
		return 2
	case "sctp":
		return 3
	case "dccp":
		return 4
	}
	return 0
}

// WriteFile generates into path through atomicfile, as every writer of
// the module does: the file the kernel resolves path to is replaced once
// complete.
func WriteFile(path string, factor float64, seed uint64) error {
	w, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	if err := Generate(w, factor, seed); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}
