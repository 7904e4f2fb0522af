package emit

import (
	"fmt"
	"math/bits"
	"sort"
)

// The name hash. These constants are emitted into tables.go, and
// hashName below mirrors the emitted package's hashName exactly; the
// tests prove it by finding every name through the generated code.
const (
	// Odd 64-bit multipliers with well-mixed bits (the wyhash family).
	hashMul0 = 0xa0761d6478bd642f
	hashMul1 = 0xe7037ed1a0b428db
	hashMul2 = 0x8ebc6af09c88c6e3
	// hashDispMul spreads a bucket's displacement over all 64 bits and
	// hashSlotMul remixes before the slot is taken from the top bits, so
	// that the slot does not repeat the bits that chose the bucket.
	hashDispMul = 0x9e3779b97f4a7c15
	hashSlotMul = 0xbf58476d1ce4e5b9
	// caseBits sets bit 5 of every byte, so ASCII letters hash alike in
	// either case.
	caseBits = 0x2020202020202020
)

// Perfect-hash sizing: at most maxLoad percent of the slots are used,
// and buckets hold bucketSize names on average. maxSeeds bounds the
// search; seeds and displacements are tried in increasing order, so the
// same names always give the same tables.
const (
	maxLoad    = 92
	bucketSize = 4
	maxSeeds   = 1024
	maxDisp    = 1 << 16
)

func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func load64(s string) uint64 {
	var x uint64
	for i := 7; i >= 0; i-- {
		x = x<<8 | uint64(s[i])
	}
	return x
}

func load32(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func hashName(s string, seed uint64) uint64 {
	h := seed ^ uint64(len(s))*hashMul0
	for len(s) > 8 {
		h = mum(h^(load64(s)|caseBits), hashMul1)
		s = s[8:]
	}
	var x uint64
	switch n := len(s); {
	case n >= 4:
		x = uint64(load32(s)) | uint64(load32(s[n-4:]))<<32
	case n > 0:
		x = uint64(s[0]) | uint64(s[n>>1])<<8 | uint64(s[n-1])<<16
	}
	return mum(h^(x|caseBits), hashMul2)
}

// phash is a perfect hash of the service names: hash with seed, pick a
// bucket from the top bucketBits, and place the bucket's names by its
// displacement d at slot ((h ^ d*hashDispMul) * hashSlotMul) >>
// (64-slotBits).
type phash struct {
	seed       uint64
	bucketBits uint
	slotBits   uint
	disp       []uint16
	slots      []int // key index, or -1 for an empty slot
}

func slotOf(h uint64, d uint16, slotBits uint) int {
	return int(((h ^ uint64(d)*hashDispMul) * hashSlotMul) >> (64 - slotBits))
}

func log2ceil(n int) uint {
	b := uint(1)
	for 1<<b < n {
		b++
	}
	return b
}

// buildHash places lower-cased keys. It fails only if no seed below
// maxSeeds works, which for sane key sets does not happen.
func buildHash(keys []string) (*phash, error) {
	slotBits := log2ceil(len(keys))
	if len(keys)*100 > maxLoad<<slotBits {
		slotBits++
	}
	bucketBits := log2ceil((len(keys) + bucketSize - 1) / bucketSize)
	nSlots, nBuckets := 1<<slotBits, 1<<bucketBits
	hs := make([]uint64, len(keys))
	for seed := uint64(0); seed < maxSeeds; seed++ {
		for i, k := range keys {
			hs[i] = hashName(k, seed)
		}
		buckets := make([][]int, nBuckets)
		for i, h := range hs {
			b := h >> (64 - bucketBits)
			buckets[b] = append(buckets[b], i)
		}
		order := make([]int, nBuckets)
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return len(buckets[order[a]]) > len(buckets[order[b]]) })
		ph := &phash{seed: seed, bucketBits: bucketBits, slotBits: slotBits, disp: make([]uint16, nBuckets), slots: make([]int, nSlots)}
		for i := range ph.slots {
			ph.slots[i] = -1
		}
		ok := true
		tmp := make([]int, 0, 16)
		for _, b := range order {
			ks := buckets[b]
			if len(ks) == 0 {
				break
			}
			placed := false
			for d := 0; d < maxDisp && !placed; d++ {
				tmp = tmp[:0]
				placed = true
				for _, k := range ks {
					s := slotOf(hs[k], uint16(d), slotBits)
					if ph.slots[s] >= 0 || contains(tmp, s) {
						placed = false
						break
					}
					tmp = append(tmp, s)
				}
				if placed {
					ph.disp[b] = uint16(d)
					for j, k := range ks {
						ph.slots[tmp[j]] = k
					}
				}
			}
			if !placed {
				ok = false
				break
			}
		}
		if ok {
			return ph, nil
		}
	}
	return nil, fmt.Errorf("no perfect hash for %d names within %d seeds", len(keys), maxSeeds)
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
