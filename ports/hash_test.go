package ports

// Internal tests of the perfect hash: they need the unexported slot
// machinery to build strings that collide with real names on purpose.

import (
	"slices"
	"strings"
	"testing"
)

// words is a name of 1-15 bytes as a slot holds it, byte by byte.
func words(name string) (w0, w1 uint64) {
	var b [16]byte
	for i := 0; i < len(name); i++ {
		b[i] = lowerByte(name[i])
	}
	b[15] = byte(len(name))
	return les64(string(b[:8])), les64(string(b[8:]))
}

// slotOf is the slot find probes for a name of 1-15 bytes, whatever is
// stored there.
func slotOf(name string) uint32 {
	w0, w1 := words(name)
	return hashSlot(mum(w0^hashKey0, w1^hashSeed))
}

func TestEverySlotHoldsItsName(t *testing.T) {
	used := 0
	for slot := uint32(0); slot <= slotMask; slot++ {
		row := slotNames[slot*slotBytes:][:slotBytes]
		n := int(row[15])
		if n == 0 {
			continue
		}
		used++
		if n > shortNameLen {
			t.Fatalf("slot %d holds a long name; the registry has none longer than %d bytes", slot, maxNameLen)
		}
		name := string(row[:n])
		for _, v := range []string{name, strings.ToUpper(name)} {
			if got, _, ok := find(v, numProtocols); !ok || got != slot || slotOf(v) != slot {
				t.Errorf("%q is stored in slot %d but find gives %d, %v", v, slot, got, ok)
			}
		}
	}
	t.Logf("%d of %d slots used (load %.2f), %d buckets", used, slotMask+1, float64(used)/float64(slotMask+1), len(hashDisp))
}

// TestCraftedCollisions builds strings that land in the same slot as a
// real name, of the same length (so even the length byte agrees) and of
// other lengths, and checks that the comparison rejects them all.
func TestCraftedCollisions(t *testing.T) {
	for _, target := range collisionTargets(t) {
		want, _, ok := find(target, numProtocols)
		if !ok {
			t.Fatalf("%q is not registered", target)
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
	targets := []string{"http", "sql*net"}
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
