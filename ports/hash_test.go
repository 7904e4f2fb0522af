package ports

// Internal tests of the name index: they need the unexported slot
// machinery to build strings that collide with real names on purpose,
// and to check the layout find relies on.

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// hashOf is the hash find computes for a name of 1-15 bytes, read byte
// by byte.
func hashOf(name string) uint64 {
	var b [8]byte
	n := len(name)
	copy(b[:], name)
	head := les64(string(b[:]))
	var tail uint64
	if n >= 8 {
		tail = les64(name[n-8:])
	}
	return mum(fold(head)^hashKey0, fold(tail)^hashSeed^uint64(n)*hashKey1)
}

// slotOf is the slot find probes for a name of 1-15 bytes, whatever is
// stored there.
func slotOf(name string) uint32 {
	h := hashOf(name)
	return (uint32(h) + uint32(hashDisp[h>>(64-hashBucketBits)])) & slotMask
}

// TestEverySlotHoldsItsName: find leads every name of a slot, in either
// case, to that slot: the names of the fast path, read from nameBlob
// through their rows, and the names compared exactly, each at its slot
// after the hash's.
func TestEverySlotHoldsItsName(t *testing.T) {
	fast, exact := 0, 0
	for slot := uint32(0); slot < uint32(len(slotIndex)); slot++ {
		row := slotIndex[slot]
		var name string
		switch n := uint32(row) & rowLenMask; {
		case slot > slotMask:
			name = spelledName(slot)
			exact++
		case n > 0:
			off := uint32(row>>rowOffShift) & rowOffMask
			name = nameBlob[off : off+n]
			fast++
		default:
			continue
		}
		for _, v := range []string{name, strings.ToUpper(name)} {
			if got, _, ok := find(v, numProtocols); !ok || got != slot {
				t.Errorf("%q is stored in slot %d but find gives %d, %v", v, slot, got, ok)
			}
		}
	}
	t.Logf("%d of %d slots hold a name of the fast path (load %.2f), %d names are compared exactly, %d buckets",
		fast, slotMask+1, float64(fast)/float64(slotMask+1), exact, len(hashDisp))
}

// TestSlotsAreAligned: find reads a slot's row with one 8-byte load,
// which never spans two cache lines (64 bytes on every CPU Go runs on)
// when the row is 8-byte aligned: slotIndex is a package variable of
// uint64, which the linker aligns to its largest alignment for a table
// this size. The names are string data, which Go aligns to one byte
// only; find reads them for the rows whose length and fingerprint match
// alone, the hits.
func TestSlotsAreAligned(t *testing.T) {
	if unsafe.Alignof(uint64(0)) < 8 {
		t.Skipf("on %s uint64 is %d-byte aligned: a row may span two cache lines, and a 64-bit load is two loads anyway", runtime.GOARCH, unsafe.Alignof(uint64(0)))
	}
	start := uintptr(unsafe.Pointer(&slotIndex[0]))
	if start%8 != 0 {
		t.Fatalf("slotIndex starts at %#x, not on an 8-byte boundary", start)
	}
	const line = 64
	for i := range slotIndex {
		if a := start + uintptr(i)*8; a/line != (a+7)/line {
			t.Fatalf("row %d (at %#x) spans two cache lines", i, a)
		}
	}
	t.Logf("slotIndex starts at %#x (%d mod 64)", start, start%line)
}

// TestFoldIsExactOnFastNames: on the bytes of the names find compares on
// its fast path (lower-case letters and bytes below 0x40), a key's byte
// folds to the name's exactly when it is the name's byte in either ASCII
// case, for every byte value of the key: fold's comparison is exact
// there, and the generator sends the other names to findExact.
func TestFoldIsExactOnFastNames(t *testing.T) {
	for c := 0; c < 256; c++ {
		if c >= 0x40 && (c < 'a' || c > 'z') {
			continue
		}
		for k := 0; k < 256; k++ {
			if got, want := fold(uint64(k)) == uint64(c), lowerByte(byte(k)) == byte(c); got != want {
				t.Errorf("key byte %#x against name byte %#x: fold equal %v, equal ignoring ASCII case %v", k, c, got, want)
			}
		}
	}
}

// TestRowMatchStillComparesTheName: a key whose row's length and
// fingerprint match is a hit only if its bytes are the name's. For names
// of 3 and of 11 bytes (both ways find reads a name), it makes keys that
// differ from the name in two bytes (at its start, or at its end) and
// land in its slot, gives the slot's row each key's fingerprint, and
// checks that find rejects the key there, and finds the name again once
// the row is put back.
func TestRowMatchStillComparesTheName(t *testing.T) {
	for _, c := range []struct {
		name   string
		lo, hi int // the bytes changed are two of name[lo:hi]
	}{{"ftp", 0, 3}, {"submissions", 0, 8}, {"submissions", 8, 11}} {
		slot, _, ok := find(c.name, numProtocols)
		if !ok || uint32(slotIndex[slot])&rowLenMask != uint32(len(c.name)) {
			t.Fatalf("%q is not a name of the fast path", c.name)
		}
		saved := slotIndex[slot]
		// Which keys share the name's slot depends on the hash seed, which
		// changes with the registry: try every pair of positions in
		// name[lo:hi] until enough keys have landed there.
		tried := 0
		for i := c.lo; i < c.hi && tried < 16; i++ {
			for j := i + 1; j < c.hi && tried < 16; j++ {
				for x := range 1 << 16 {
					b := []byte(c.name)
					b[i], b[j] = byte(x), byte(x>>8)
					key := string(b)
					if slotOf(key) != slot || strings.EqualFold(key, c.name) {
						continue
					}
					tried++
					fp := uint64(uint32(hashOf(key)>>32)&rowFPMask) << rowLenBits
					slotIndex[slot] = saved&^rowCheckMask | fp | uint64(len(key))
					_, _, hit := find(key, numProtocols)
					slotIndex[slot] = saved
					if hit {
						t.Errorf("find(%q) hit through a row given its fingerprint, on %q's bytes", key, c.name)
					}
				}
			}
		}
		if tried == 0 {
			t.Errorf("no key with two of bytes %d-%d changed lands in %q's slot", c.lo, c.hi-1, c.name)
		}
		if s, _, ok := find(c.name, numProtocols); !ok || s != slot {
			t.Fatalf("find(%q) = %d, %v after the test put its row back", c.name, s, ok)
		}
		t.Logf("%q: %d keys with two of bytes %d-%d changed land in its slot; all rejected", c.name, tried, c.lo, c.hi-1)
	}
}

// TestCraftedCollisions builds strings that land in the same slot as a
// real name, of the same length (so even the length agrees) and of
// other lengths, and checks that the row and the comparison reject them
// all.
func TestCraftedCollisions(t *testing.T) {
	for _, target := range collisionTargets(t) {
		want, _, ok := find(target, numProtocols)
		if !ok {
			t.Fatalf("%q is not registered", target)
		}
		if want > slotMask {
			// A name compared exactly: the hash leads to its class.
			want = uint32(excHash[want-slotMask-1])
		}
		for _, n := range []int{len(target), len(target) + 1} {
			found := 0
			buf := []byte(strings.Repeat("a", n))
			for tries := 0; tries < 5_000_000 && found < 3; tries++ {
				// Count in base 26 through the strings of length n.
				for i := range buf {
					if buf[i] < 'z' {
						buf[i]++
						break
					}
					buf[i] = 'a'
				}
				s := string(buf)
				if strings.EqualFold(s, target) || slotOf(s) != want {
					continue
				}
				found++
				if _, ok := Lookup(s, TCP); ok {
					t.Errorf("Lookup(%q) hit though it only shares %q's slot %d", s, target, want)
				}
				for range ByName(s) {
					t.Errorf("ByName(%q) answered for %q's slot", s, target)
				}
			}
			if found == 0 {
				t.Errorf("found no string of %d bytes colliding with %q", n, target)
			}
		}
	}
}

// collisionTargets are real names of several shapes: two well-known ones
// and, chosen from the registry compiled in (the next update may
// withdraw any user-port name), a short one of letters only, one with
// '_' past the first eight bytes, and one in capitals and small letters
// with another non-letter.
func collisionTargets(t *testing.T) []string {
	targets := []string{"http", "submissions", "sql*net"}
	for _, shape := range []func(string) bool{
		func(n string) bool {
			return len(n) == 4 && strings.Trim(strings.ToLower(n), "abcdefghijklmnopqrstuvwxyz") == ""
		},
		func(n string) bool { return len(n) > 8 && strings.Contains(n, "_") },
		func(n string) bool {
			return len(n) > 8 && strings.ToLower(n) != n && strings.ToUpper(n) != n && strings.ContainsAny(n, "/-.")
		},
	} {
		for s := range All() {
			if n := s.Name(); shape(n) && !slices.Contains(targets, n) {
				targets = append(targets, n)
				break
			}
		}
	}
	t.Logf("targets %q", targets)
	return targets
}

func TestLower64(t *testing.T) {
	for c := 0; c < 256; c++ {
		x := uint64(c) * 0x0101010101010101
		want := uint64(lowerByte(byte(c))) * 0x0101010101010101
		if got := lower64(x); got != want {
			t.Errorf("lower64(%#x) = %#x, want %#x", x, got, want)
		}
	}
}
