package bench

import (
	"encoding/binary"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/svcreg/ianaports/ports"
)

// The floor of a name look-up (issue 18): the least work any hash table
// of the registry's names must do per key, and nothing else. It reads
// the key's first 8 bytes (one 8-byte load when the key has 8 or more,
// byte by byte otherwise), multiplies once, loads one random 16-byte row
// of an 8,192-row table and compares it with the key once. It neither
// folds case nor reads the rest of the key nor finds a record, so it
// answers nothing useful: a row holds the first 8 bytes and the length
// of one name, the first of the names that share the row. It only sets
// the price ports is held to: Lookup at most 1.25 times the floor, on
// hits and on misses.

const (
	floorRowBits = 13
	floorMul     = 0x9e3779b97f4a7c15 // odd, its bits well mixed
)

// floorRows is the table. A package variable of 128 KiB: the linker
// aligns it to its largest alignment, so no row spans two cache lines
// (TestFloorRowsAreAligned).
var floorRows [1 << floorRowBits][2]uint64

var floorOnce sync.Once

// floorWord is the key's first 8 bytes, little-endian, zero-padded, as
// floorFind reads them: the slow way, to fill the rows and check it.
func floorWord(name string) uint64 {
	var b [8]byte
	copy(b[:], name)
	return binary.LittleEndian.Uint64(b[:])
}

// le64 is the first 8 bytes of s, which the compiler reads with one
// 8-byte load.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func floorRow(w uint64) *[2]uint64 { return &floorRows[(w*floorMul)>>(64-floorRowBits)] }

// floorFind is the floor's look-up: one call, as ports.Lookup makes one
// (to find), and one compare of the row, as Go compares two 16-byte
// arrays.
func floorFind(name string) bool {
	var w uint64
	if len(name) >= 8 {
		w = le64(name)
	} else {
		for i := 0; i < len(name); i++ {
			w |= uint64(name[i]) << (8 * i)
		}
	}
	row := floorRow(w)
	return *row == [2]uint64{w, uint64(len(name))}
}

// floor fills floorRows with the registry's names, once.
func floor() {
	floorOnce.Do(func() {
		for s := range ports.All() {
			if n := s.Name(); n != "" {
				w := floorWord(n)
				if row := floorRow(w); row[1] == 0 {
					*row = [2]uint64{w, uint64(len(n))}
				}
			}
		}
	})
}

// TestFloorRowsAreAligned checks what the floor's price assumes: its
// rows start on 16-byte boundaries, so a row is never split across two
// cache lines.
func TestFloorRowsAreAligned(t *testing.T) {
	if a := uintptr(unsafe.Pointer(&floorRows)); a%16 != 0 {
		t.Errorf("floorRows starts at %#x, not on a 16-byte boundary", a)
	}
}

// TestFloorFinds checks that the floor does its work: most hits find
// their row (the others share it with a name of the same first 8 bytes
// and length, or with one placed first), and no miss does unless it
// shares its first 8 bytes and its length with a name.
func TestFloorFinds(t *testing.T) {
	floor()
	ks := keys()
	found := 0
	for _, k := range ks.hits {
		if floorFind(k.name) {
			found++
		}
	}
	if found < len(ks.hits)/2 {
		t.Errorf("the floor finds %d of %d hits", found, len(ks.hits))
	}
	prefixes := map[[2]uint64]bool{}
	for s := range ports.All() {
		prefixes[[2]uint64{floorWord(s.Name()), uint64(len(s.Name()))}] = true
	}
	for _, k := range ks.misses {
		if floorFind(k.name) && !prefixes[[2]uint64{floorWord(k.name), uint64(len(k.name))}] {
			t.Errorf("the floor finds the miss %q", k.name)
		}
	}
	t.Logf("the floor finds %d of %d hits", found, len(ks.hits))
}

// The least a correct look-up does beyond the floor, to show how far the
// floor is from any real one: it reads the whole key (up to 15 bytes, as
// two words), folds its ASCII capitals (RFC 6335 compares names without
// case), mixes the length in, and compares an aligned 16-byte row that
// holds the folded name exactly. It still finds no record, has no
// perfect-hash displacement (names that collide overwrite each other)
// and answers nothing for longer names: a lower bound for Lookup, not an
// implementation of it.
var idealRows [1 << floorRowBits][2]uint64

var idealOnce sync.Once

// fold is ports' ASCII case fold of eight bytes (its fold).
func fold(x uint64) uint64 { return x | x&0x4040404040404040>>1 }

// idealWords reads name as two folded words: its first 8 bytes and its
// last 8, or for a shorter name its bytes with the length in the top
// byte, as ports' find reads it.
func idealWords(name string) (a, b uint64) {
	n := uint(len(name))
	switch {
	case n-8 < 8:
		return fold(le64(name)), fold(le64(name[n-8:]))
	case n-1 < 7:
		for i := uint(0); i < n; i++ {
			a |= uint64(name[i]) << (8 * i)
		}
		return fold(a) | uint64(n)<<56, 0
	}
	return 0, 0
}

// idealRow is the row of a name's words and length: one multiply, as the
// floor, after mixing the second word and the length in.
func idealRow(a, b uint64, n int) *[2]uint64 {
	return &idealRows[((a^b^uint64(n)<<59)*floorMul)>>(64-floorRowBits)]
}

func idealFind(name string) bool {
	if uint(len(name))-1 >= 15 {
		return false // rejected by its length, as ports rejects it
	}
	a, b := idealWords(name)
	return *idealRow(a, b, len(name)) == [2]uint64{a, b}
}

// ideal fills idealRows with the registry's names of up to 15 bytes.
func ideal() {
	idealOnce.Do(func() {
		for s := range ports.All() {
			if n := s.Name(); n != "" && len(n) <= 15 {
				a, b := idealWords(n)
				*idealRow(a, b, len(n)) = [2]uint64{a, b}
			}
		}
	})
}

// TestIdealFinds checks that the lower bound does its work: it finds
// more than half the names of up to 15 bytes (the others lost a
// collision: about a third with one hash into 8,192 rows), in any case,
// and no miss.
func TestIdealFinds(t *testing.T) {
	ideal()
	ks := keys()
	found, short := 0, 0
	for _, k := range ks.hits {
		if len(k.name) <= 15 {
			short++
			if idealFind(k.name) && idealFind(strings.ToUpper(k.name)) {
				found++
			}
		}
	}
	if found < short/2 {
		t.Errorf("ideal finds %d of %d hits", found, short)
	}
	for _, k := range ks.misses {
		if idealFind(k.name) {
			t.Errorf("ideal finds the miss %q", k.name)
		}
	}
	t.Logf("ideal finds %d of %d hits of up to 15 bytes", found, short)
}
