package emit

import "math/bits"

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
	h := hashName(name, t.hash.seed)
	slot := slotOf(h, t.hash.disp[h>>(64-t.hash.bucketBits)], t.hash.slotBits)
	row := t.slotNames[slot]
	if n <= shortNameLen {
		w0, w1 := slotWords(name)
		return slot, le(string(row[:8])) == w0 && le(string(row[8:])) == w1
	}
	k := le(string(row[:8]))
	if le(string(row[8:])) != longTag<<56|uint64(n) || k >= uint64(len(t.spelled)) {
		return 0, false
	}
	s := t.spelledStr[k]
	if len(s) != n || lower(s) != lower(name) {
		return 0, false
	}
	return slot, true
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
	r := t.slotBest[slot*numProtocols+proto-1]
	return r - 1, r != 0
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
	k := t.segEntry(port, proto)
	var out []int
	for _, r := range t.byPort[t.segRun[k] : t.segRun[k]+t.segCount[k]] {
		out = append(out, r-1)
	}
	return out
}

// segEntry is the entry of segProto for port on protocol number proto
// (1-4).
func (t *tables) segEntry(port, proto int) int {
	page := port >> portPageBits
	seg := t.pageBase[page] + bits.OnesCount64(t.pageMarks[page]&(2<<(port&(1<<portPageBits-1))-1))
	return seg*numProtocols + proto - 1
}

// primaryOf is the API's Primary on protocol number proto (1-4): the
// record, or -1.
func (t *tables) primaryOf(port, proto int) int {
	k := t.segEntry(port, proto)
	if pos := t.segPrimary[k]; pos > 0 {
		return t.byPort[t.segRun[k]+pos-1] - 1
	}
	return -1
}
