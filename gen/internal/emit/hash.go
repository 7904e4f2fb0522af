package emit

import (
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
)

// The name hash. The emitted API (api/api.go: find, findLong)
// computes exactly what this file computes; the
// constants are emitted into tables.go, and the tests prove the two
// agree by finding every name through the generated code.
const (
	// Odd 64-bit multipliers with well-mixed bits (the wyhash family).
	hashKey0 = 0xa0761d6478bd642f
	hashKey1 = 0xe7037ed1a0b428db
	// hashSeedMul spreads a seed number over the 64-bit seed word.
	hashSeedMul = 0x8ebc6af09c88c6e3
)

// Names of up to shortNameLen bytes take find's fast path; longer ones
// (only legacy or local names can be) its long path.
const shortNameLen = 15

// Perfect-hash sizing: at most maxLoad percent of the slots are used,
// and buckets hold bucketSize names on average. maxSeeds bounds the
// search; seeds and displacements are tried in increasing order, so the
// same names always give the same tables.
const (
	maxLoad    = 92
	bucketSize = 4
	maxSeeds   = 1024
	maxDisp    = 1 << 24
)

func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// lower64 lower-cases the ASCII capitals among eight bytes at once; it
// is the look-up's fold, registry.FoldName eight bytes at a time.
func lower64(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	low7 := x &^ high
	geA := low7 + (0x80-'A')*ones
	gtZ := low7 + (0x80-'Z'-1)*ones
	upper := geA &^ gtZ &^ x & high
	return x | upper>>2
}

// fold maps the ASCII capitals among eight bytes to their lower case
// in three operations, by setting bit 5 of every byte whose bit 6 is
// set. It also maps @[\]^_ and bytes 0xC0-0xDF, which is harmless for
// the hash; find's comparison is exact for the names whose bytes all
// lie outside those (fastName), and the other names take an exact
// comparison (see slotRow).
func fold(x uint64) uint64 { return x | x&0x4040404040404040>>1 }

// foldString is fold applied to every byte of s: short names with equal
// foldString hash alike, so the generator groups them into one class.
func foldString(s string) string {
	b := []byte(s)
	for i, x := range b {
		b[i] = x | x&0x40>>1
	}
	return string(b)
}

// le reads up to eight bytes of s as a little-endian word, zero-padded.
func le(s string) uint64 {
	var x uint64
	for i := min(len(s), 8) - 1; i >= 0; i-- {
		x = x<<8 | uint64(s[i])
	}
	return x
}

// nameWords are the two words find reads of a name of 1-15 bytes: its
// first eight bytes, zero-padded, and, from 8 bytes on, its last eight
// (which overlap the first unless it has 16).
func nameWords(name string) (head, tail uint64) {
	if n := len(name); n >= 8 {
		return le(name), le(name[n-8:])
	}
	return le(name), 0
}

// seedWord is the 64-bit word the API calls hashSeed for seed number n.
func seedWord(n uint64) uint64 { return hashKey1 ^ n*hashSeedMul }

// hashName is the hash of a name under seed word seed: one multiply of
// the folded words of a short name and its length, a multiply per eight
// bytes for a long one.
func hashName(name string, seed uint64) uint64 {
	if len(name) <= shortNameLen {
		head, tail := nameWords(name)
		return mum(fold(head)^hashKey0, fold(tail)^seed^uint64(len(name))*hashKey1)
	}
	h := seed ^ uint64(len(name))*hashKey1
	s := name
	for ; len(s) > 8; s = s[8:] {
		h = mum(lower64(le(s))^hashKey0, h)
	}
	return mum(lower64(le(s))^hashKey1, h)
}

// phash is a perfect hash of the service names: hash with the seed word,
// pick a bucket from the top bucketBits, and place the bucket's names by
// its displacement d at slot (h + d) mod 1<<slotBits, an addition where a
// remix would cost the look-up two multiplies on its critical path.
type phash struct {
	seedNum    uint64
	seed       uint64 // seedWord(seedNum)
	bucketBits uint
	slotBits   uint
	disp       []uint32
	slots      []int // key index, or -1 for an empty slot
	maxBucket  int   // the most keys in one bucket
	maxD       int   // the largest displacement used
}

func slotOf(h uint64, d uint32, slotBits uint) int {
	return int((uint32(h) + d) & (1<<slotBits - 1))
}

func log2ceil(n int) uint {
	b := uint(1)
	for 1<<b < n {
		b++
	}
	return b
}

// hashLimits bound the search; tests lower them to make it fail.
type hashLimits struct{ seeds, disp int }

// hashFailure is a failed search: with the first seed, these keys of
// one bucket found no displacement; and, across all seeds, these pairs
// of keys always hashed alike.
type hashFailure struct {
	bucket []int
	same   [][2]int
}

// buildHash places folded keys (registry.FoldName). It fails only if no
// seed below lim.seeds works, which for distinct keys does not happen in
// practice: under one seed, two keys of a bucket whose hashes agree in
// their low slotBits no displacement separates, which is why the seeds
// are searched. The failure names the keys it could not place.
func buildHash(keys []string, lim hashLimits) (*phash, *hashFailure) {
	slotBits := log2ceil(len(keys))
	if len(keys)*100 > maxLoad<<slotBits {
		slotBits++
	}
	bucketBits := log2ceil((len(keys) + bucketSize - 1) / bucketSize)
	nSlots, nBuckets := 1<<slotBits, 1<<bucketBits
	hs := make([]uint64, len(keys))
	fail := &hashFailure{}
	alwaysSame := map[[2]int]int{}
	for seedNum := uint64(0); seedNum < uint64(lim.seeds); seedNum++ {
		seed := seedWord(seedNum)
		byHash := make(map[uint64]int, len(keys))
		for i, k := range keys {
			hs[i] = hashName(k, seed)
			if j, ok := byHash[hs[i]]; ok {
				alwaysSame[[2]int{j, i}]++
			}
			byHash[hs[i]] = i
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
		ph := &phash{seedNum: seedNum, seed: seed, bucketBits: bucketBits, slotBits: slotBits,
			disp: make([]uint32, nBuckets), slots: make([]int, nSlots), maxBucket: len(buckets[order[0]])}
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
			for d := 0; d < min(lim.disp, nSlots) && !placed; d++ {
				tmp = tmp[:0]
				placed = true
				for _, k := range ks {
					s := slotOf(hs[k], uint32(d), slotBits)
					if ph.slots[s] >= 0 || slices.Contains(tmp, s) {
						placed = false
						break
					}
					tmp = append(tmp, s)
				}
				if placed {
					ph.disp[b] = uint32(d)
					ph.maxD = max(ph.maxD, d)
					for j, k := range ks {
						ph.slots[tmp[j]] = k
					}
				}
			}
			if !placed {
				if seedNum == 0 {
					fail.bucket = append([]int(nil), ks...)
				}
				ok = false
				break
			}
		}
		if ok {
			return ph, nil
		}
	}
	for pair, n := range alwaysSame {
		if n == lim.seeds {
			fail.same = append(fail.same, pair)
		}
	}
	sort.Slice(fail.same, func(a, b int) bool { return fail.same[a][0] < fail.same[b][0] })
	return nil, fail
}

// describe names the records of a failed search: label(k) names key k.
func (f *hashFailure) describe(n int, lim hashLimits, label func(int) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "no perfect hash for %d names within %d seeds", n, lim.seeds)
	if len(f.same) > 0 {
		var pairs []string
		for _, p := range f.same {
			pairs = append(pairs, label(p[0])+" and "+label(p[1]))
		}
		fmt.Fprintf(&b, ": these names hash alike under every seed: %s", strings.Join(pairs, "; "))
	} else if len(f.bucket) > 0 {
		var names []string
		for _, k := range f.bucket {
			names = append(names, label(k))
		}
		fmt.Fprintf(&b, ": with the first seed no displacement places the names of %s", strings.Join(names, ", "))
	}
	return b.String()
}
