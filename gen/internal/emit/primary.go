package emit

import (
	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
)

// buildPrimary picks, for each entry of segProto (a segment and a
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

// primaryPacking is how segPrimary packs its entries: bits an entry, a
// power of two so that no entry straddles two words, and the words'
// type.
func (t *tables) primaryPacking() (entryBits, perWordLog int, word width) {
	entryBits = 1
	for 1<<entryBits <= t.segMaxCount {
		entryBits *= 2
	}
	word = width{"uint8", 1, 0xFF}
	switch {
	case entryBits == 16:
		word = u16
	case entryBits > 16:
		word = u32
	}
	for 8*word.size>>(perWordLog+1) >= entryBits {
		perWordLog++
	}
	return entryBits, perWordLog, word
}

// writePrimary adds segPrimary and the constants that unpack it.
func (t *tables) writePrimary(w *writer) {
	entryBits, perWordLog, word := t.primaryPacking()
	perWord := 1 << perWordLog
	w.doc("segPrimary packs, for each entry of segProto, which record of its run\nPrimary answers: 1 + its position in the run, or 0 for none. Entry k is\nthe segPrimaryBits bits at (k mod 1<<segPrimaryShift) * segPrimaryBits\nof word k >> segPrimaryShift.")
	words := make([]uint64, (len(t.segPrimary)+perWord-1)/perWord)
	for k, pos := range t.segPrimary {
		words[k/perWord] |= uint64(pos) << (k % perWord * entryBits)
	}
	w.table("segPrimary", "", word.typ, word.size, len(words), nil,
		func(i int) string { return hx(words[i]) },
		func(i int) string { return "ports from " + u(t.segStart[i*perWord/numProtocols]) })
}
