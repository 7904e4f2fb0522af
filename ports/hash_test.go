package ports

// Internal tests of the perfect hash: they need the unexported slot
// machinery to build strings that collide with real names on purpose.

import (
	"strings"
	"testing"
)

// slotOf is the slot findName probes for name, whatever is stored there.
func slotOf(name string) uint32 {
	h := hashName(name, hashSeed)
	d := hashDisp[h>>(64-hashBucketBits)]
	return uint32(((h ^ uint64(d)*hashDispMul) * hashSlotMul) >> (64 - hashSlotBits))
}

func TestEverySlotHoldsItsName(t *testing.T) {
	used := 0
	for slot := range slotName {
		v := slotName[slot]
		if v&slotNameLenMask == 0 {
			continue
		}
		used++
		name := slotNameString(uint32(slot))
		if got := slotOf(name); got != uint32(slot) {
			t.Errorf("%q is stored in slot %d but hashes to %d", name, slot, got)
		}
		if got := slotOf(strings.ToUpper(name)); got != uint32(slot) {
			t.Errorf("upper-case %q hashes to %d, not %d", name, got, slot)
		}
	}
	t.Logf("%d of %d slots used (load %.2f), %d buckets", used, len(slotName), float64(used)/float64(len(slotName)), len(hashDisp))
}

// TestCraftedCollisions builds strings that land in the same slot as a
// real name (same length, so even the length check passes) and checks
// that the compare rejects them.
func TestCraftedCollisions(t *testing.T) {
	for _, target := range []string{"http", "epmd", "matrix_vnet", "EtherNet/IP-1"} {
		want := slotOf(target)
		found := 0
		buf := []byte(strings.Repeat("a", len(target)))
		for n := 0; n < 5_000_000 && found < 3; n++ {
			// Count in base 26 through the strings of target's length.
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
			if ByName(s) != nil {
				t.Errorf("ByName(%q) answered for %q's slot", s, target)
			}
		}
		if found == 0 {
			t.Errorf("found no string colliding with %q", target)
		}
	}
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
