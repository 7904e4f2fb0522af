package emit

import (
	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
)

// buildPrimary picks, for each run of byPort (a segment and a
// protocol), the record Primary answers there, from the entry's run of
// byPort: of its assignments, the first local record, else the
// registry's record that package primary picks. It reads what buildPorts
// left (segRun, segCount, byPort) and fills segPrimary: 1 + the record's
// position in the run, or 0 where no assignment covers the segment.
//
// recs are the records of the tables, index for index; a build without
// texts passes them with their texts kept, so that the rule, which reads
// descriptions, notes and references, picks as in a full build.
func (t *tables) buildPrimary(recs []registry.Record) {
	rows := make([]primary.Row, len(recs))
	summarized := make([]bool, len(recs))
	// Equal runs are stored once, and most segments share theirs with
	// their neighbours: each distinct run is ranked once.
	picked := map[[2]int]int{}
	var cands []primary.Row
	var at []int
	t.segPrimary = make([]int, len(t.segRun))
	for k, start := range t.segRun {
		key := [2]int{start, t.segCount[k]}
		pos, ok := picked[key]
		if !ok {
			cands, at = cands[:0], at[:0]
			for j, r := range t.byPort[start : start+t.segCount[k]] {
				i := r - 1
				if recs[i].Name == "" {
					continue
				}
				if i >= t.nReg {
					// Runs are in record order, and local records follow
					// the registry's: this is the first local one.
					pos = j + 1
					break
				}
				if !summarized[i] {
					rows[i], summarized[i] = xmlrow.FromRecord(&recs[i]), true
				}
				cands, at = append(cands, rows[i]), append(at, j)
			}
			if pos == 0 {
				if b := primary.Pick(cands); b >= 0 {
					pos = at[b] + 1
				}
			}
			picked[key] = pos
		}
		t.segPrimary[k] = pos
	}
}

// primaryPacking is how segPrimary packs a segment's four positions:
// bits a position, and the word that holds four.
func (t *tables) primaryPacking() (entryBits int, word width) {
	entryBits = bitsFor(t.segMaxCount)
	switch {
	case numProtocols*entryBits <= 8:
		word = width{"uint8", 1, 0xFF}
	case numProtocols*entryBits <= 16:
		word = u16
	default:
		word = u32
	}
	return entryBits, word
}

// writePrimary adds segPrimary.
func (t *tables) writePrimary(w *writer) {
	entryBits, word := t.primaryPacking()
	w.doc("segPrimary is, for each segment, which record of each of its four runs\nPrimary answers: 1 + its position in the run, or 0 for none, protocol q's\nat bit q*segPrimaryBits.")
	words := make([]uint64, len(t.segStart))
	for k, pos := range t.segPrimary {
		words[k/numProtocols] |= uint64(pos) << (k % numProtocols * entryBits)
	}
	w.table("segPrimary", "", word.typ, word.size, len(words), nil,
		func(i int) string { return hx(words[i]) },
		func(i int) string { return "ports from " + u(t.segStart[i]) })
}
