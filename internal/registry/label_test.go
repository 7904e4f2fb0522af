package registry

import (
	"strconv"
	"testing"
	"unicode/utf8"
)

// TestPrintable checks printable against strconv.Quote, the escaping %q
// uses, on every rune of the BMP, every 13th beyond it, and bytes that
// are not UTF-8: unprintable
// characters are escaped as %q would, the rest (quotes and backslashes
// too) are left as they are.
func TestPrintable(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r > 0xffff {
			r += 12
		}
		if !utf8.ValidRune(r) {
			continue
		}
		s := "a" + string(r) + "b"
		want := s
		if !strconv.IsPrint(r) {
			q := strconv.Quote(string(r))
			want = "a" + q[1:len(q)-1] + "b"
		}
		if got := printable(s); got != want {
			t.Fatalf("printable(%q) = %q, want %q", s, got, want)
		}
	}
	for _, c := range [][2]string{
		{"\xff", `\xff`},
		{"a\xc3", `a\xc3`},
		{"\u202e\xe2\x80", `\u202e\xe2\x80`},
		{`"\`, `"\`},
		{"", ""},
	} {
		if got := printable(c[0]); got != c[1] {
			t.Errorf("printable(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}
