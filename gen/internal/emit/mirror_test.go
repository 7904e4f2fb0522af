package emit

import (
	"math/bits"
	"slices"
)

// The look-ups of the API (api/api.go), written over the tables as Go
// values: they read exactly the words the emitted package reads, so
// tests (and fuzzing) can check the tables against a slow reference
// without compiling a package per input. Records are 0-based here.

// find is the API's find: the slot of a name, and whether it is
// registered.
func (t *tables) find(name string) (int, bool) {
	n := len(name)
	if n == 0 || n > t.maxName {
		return 0, false
	}
	l := t.mustLayout()
	h := hashName(name, t.hash.seed)
	slot := slotOf(h, t.hash.disp[h>>(64-t.hash.bucketBits)], t.hash.slotBits)
	row := t.slotRow(l, slot)
	check, fp := row&(1<<(rowLenBits+l.fpBits)-1), l.fingerprint(h)<<rowLenBits
	switch {
	case n <= shortNameLen && check == fp|uint64(n):
		// The folded words against the name's bytes in nameBlob, eight
		// at a time and masked below 8, as the API reads them.
		off := int(row >> l.offShift & (1<<l.offBits - 1))
		head, tail := nameWords(name)
		if n >= 8 {
			return slot, fold(head) == le(t.nameBlob[off:]) && fold(tail) == le(t.nameBlob[off+n-8:])
		}
		return slot, fold(head) == le(t.nameBlob[off:])&(1<<(8*n)-1)
	case check == fp:
		// findExact: the class's names, each at its own slot.
		for i, c := range t.excHash {
			s := t.nHash + i
			if j, ok := slices.BinarySearch(t.spelled, s); c == slot && ok && len(t.spelledStr[j]) == n && lower(t.spelledStr[j]) == lower(name) {
				return s, true
			}
		}
	}
	return 0, false
}

func (t *tables) mustLayout() rowLayout {
	l, err := t.layout()
	if err != nil {
		panic(err)
	}
	return l
}

// lower folds ASCII letters, eight bytes at a time as the API does.
func lower(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); i += 8 {
		w := lower64(le(s[i:]))
		for j := i; j < min(i+8, len(b)); j++ {
			b[j] = byte(w >> (8 * (j - i)))
		}
	}
	return string(b)
}

// lookup is the API's Lookup for protocol number proto (1-4).
func (t *tables) lookup(name string, proto int) (int, bool) {
	slot, ok := t.find(name)
	if !ok || proto < 1 || proto > numProtocols {
		return -1, false
	}
	l := t.mustLayout()
	row := t.slotRow(l, slot)
	q := proto - 1
	switch d := int(row >> (l.deltaShift + q*rowDeltaBits) & (1<<rowDeltaBits - 1)); d {
	case 0:
		return -1, false
	case deltaEscape:
		r := t.slotBest[slot*numProtocols+q] // slotBestRecs
		return r - 1, true
	default:
		return int(row>>l.baseShift&(1<<l.recBits-1)) + d - 2, true
	}
}

// namesOf is the API's ByName.
func (t *tables) namesOf(name string) []int {
	slot, ok := t.find(name)
	if !ok {
		return nil
	}
	var out []int
	for _, r := range t.byName[t.slotRecs[slot]:t.slotRecs[slot+1]] {
		out = append(out, r-1)
	}
	return out
}

// portsOf is the API's ByPort.
func (t *tables) portsOf(port, proto int) []int {
	if proto < 1 || proto > numProtocols {
		return nil
	}
	lo, hi := t.runOf(t.segment(port), proto-1)
	var out []int
	for _, r := range t.byPort[lo:hi] {
		out = append(out, r-1)
	}
	return out
}

// segment is the segment of port.
func (t *tables) segment(port int) int {
	page := port >> portPageBits
	return t.pageBase[page] + bits.OnesCount64(t.pageMarks[page]&(2<<(port&(1<<portPageBits-1))-1))
}

// runOf is the API's runOf: the run of segment seg for protocol column q
// (0-3) in byPort, from the segment's first run and the runs' ends.
func (t *tables) runOf(seg, q int) (lo, hi int) {
	start, end := t.segRun[seg*numProtocols], 0
	for c := 0; c <= q; c++ {
		lo = start + end
		end += t.segCount[seg*numProtocols+c]
	}
	return lo, start + end
}

// primaryOf is the API's Primary on protocol number proto (1-4): the
// record, or -1.
func (t *tables) primaryOf(port, proto int) int {
	seg := t.segment(port)
	if pos := t.segPrimary[seg*numProtocols+proto-1]; pos > 0 {
		lo, _ := t.runOf(seg, proto-1)
		return t.byPort[lo+pos-1] - 1
	}
	return -1
}
