package clip

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestControl(t *testing.T) {
	for _, r := range []rune{0, '\t', '\n', '\r', 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0x061c} {
		if !Control(r) {
			t.Errorf("Control(%U) = false", r)
		}
	}
	for _, r := range []rune{' ', 'a', '~', 0xa0, 0xe9, 0x200d, 0x2013, 0x2029, 0x2065, 0x206a, 0x202f, 0xfeff} {
		if Control(r) {
			t.Errorf("Control(%U) = true", r)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, é and – kept":  "plain text, é and – kept",
		"two\nlines\r\n":            `two\nlines\r\n`,
		"tab\there":                 `tab\there`,
		"\x1b[31mred\x1b[0m":        `\x1b[31mred\x1b[0m`,
		"csi \u009b and nel \u0085": `csi \u009b and nel \u0085`,
		"\u202eevil\u202c":          `\u202eevil\u202c`,
		"isolate \u2066x\u2069":     `isolate \u2066x\u2069`,
		"del \x7f":                  `del \x7f`,
		"bad \xff utf-8":            `bad \xff utf-8`,
		`back\slash`:                `back\\slash`,
		"line\u2028sep":             `line\u2028sep`,
		`say "hi"`:                  `say "hi"`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %s, want %s", in, got, want)
		}
	}
	s := "nothing to do"
	if got := Escape(s); got != s {
		t.Errorf("Escape(%q) = %q", s, got)
	}
}

// big is a hostile value: a megabyte of one byte.
func big(c byte) string { return strings.Repeat(string(c), 1<<20) }

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"http":                      `"http"`,
		"":                          `""`,
		"a\"b\\c\nd":                `"a\"b\\c\nd"`,
		big('x'):                    `"` + strings.Repeat("x", MaxValue) + `"` + Mark,
		strings.Repeat("\x00", 100): `"` + strings.Repeat(`\x00`, MaxValue/4) + `"` + Mark,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%.20q…) = %s, want %s", in, got, want)
		}
	}
	// A cut never splits a character or an escape.
	for _, in := range []string{strings.Repeat("é", 100), strings.Repeat("a\u202e", 50), strings.Repeat("ab\xff", 50)} {
		got := Quote(in)
		inner := strings.TrimSuffix(strings.TrimPrefix(got, `"`), `"`+Mark)
		if len(inner) > MaxValue || !utf8.ValidString(got) {
			t.Errorf("Quote(%.20q…) = %s", in, got)
		}
		if u, err := unquote(`"` + inner + `"`); err != nil || !strings.HasPrefix(in, u) {
			t.Errorf("Quote(%.20q…) = %s does not unquote to a prefix of the input (%v)", in, got, err)
		}
	}
	if got := Quote([]byte(big('y'))); !strings.HasPrefix(got, `"yyy`) || len(got) != MaxValue+2+len(Mark) {
		t.Errorf("Quote of a []byte: %.100s", got)
	}
}

// unquote reads a Quote result back, \xff included.
func unquote(s string) (string, error) {
	var b strings.Builder
	s = s[1 : len(s)-1]
	for s != "" {
		r, multibyte, tail, err := strconv.UnquoteChar(s, '"')
		if err != nil {
			return "", err
		}
		if multibyte {
			b.WriteRune(r)
		} else {
			b.WriteByte(byte(r))
		}
		s = tail
	}
	return b.String(), nil
}

func TestBare(t *testing.T) {
	for in, want := range map[string]string{
		"tcp":     "tcp",
		"80-81":   "80-81",
		"two w":   `"two w"`,
		"":        `""`,
		"x\u202e": `"x\u202e"`,
		big('z'):  `"` + strings.Repeat("z", MaxValue) + `"` + Mark,
	} {
		if got := Bare(in); got != want {
			t.Errorf("Bare(%.20q) = %.100s, want %.100s", in, got, want)
		}
	}
}

func TestPath(t *testing.T) {
	short := "/tmp/dir/file.xml"
	if got := Path(short); got != short {
		t.Errorf("Path(%q) = %q", short, got)
	}
	long := "/home/" + big('d') + "/service-names-port-numbers.xml"
	got := Path(long)
	if len(got) > MaxValue || !strings.HasPrefix(got, "/home/ddd") || !strings.HasSuffix(got, "numbers.xml") || !strings.Contains(got, Mark) {
		t.Errorf("Path of a long path: %q", got)
	}
	if got := Path("/tmp/a\nb"); got != `/tmp/a\nb` {
		t.Errorf("Path with a newline: %q", got)
	}
	if got := Path(`C:\Users\me`); got != `C:\Users\me` {
		t.Errorf("Path of a Windows path: %q", got)
	}
	// The cut keeps escapes whole.
	got = Path(strings.Repeat("\x1b", 200))
	if len(got) > MaxValue || strings.Contains(strings.ReplaceAll(got, `\x1b`, ""), `\`) {
		t.Errorf("Path cut an escape: %q", got)
	}
}

func TestLineAndError(t *testing.T) {
	if got := Line("a\nb\n"); got != `a\nb` {
		t.Errorf("Line: %q", got)
	}
	got := Line("gen: file:1: " + big('v') + " what is wrong")
	if len(got) > MaxLine || !strings.HasPrefix(got, "gen: file:1: vvv") || !strings.HasSuffix(got, "what is wrong") {
		t.Errorf("Line of a long message: %q", got)
	}
	p := "/tmp/" + big('p')
	err := fmt.Errorf("-overlay: %w", &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist})
	var b strings.Builder
	Fprintln(&b, "gen: ", Error(err))
	got = strings.TrimPrefix(strings.TrimSuffix(b.String(), "\n"), "gen: ")
	if len(b.String()) > MaxLine+1 || strings.Contains(got, strings.Repeat("p", MaxValue+1)) || !strings.HasPrefix(got, "-overlay: open /tmp/ppp") || !strings.HasSuffix(got, "file does not exist") {
		t.Errorf("Error with a long path: %q", got)
	}
	got = Line(Error(errors.Join(errors.New("first"), &os.LinkError{Op: "rename", Old: p, New: p + "2", Err: fs.ErrExist})))
	if strings.Contains(got, strings.Repeat("p", MaxValue+1)) || strings.Count(got, Mark) != 2 || !strings.HasPrefix(got, `first\nrename`) {
		t.Errorf("Error with a LinkError: %q", got)
	}
}

func TestForeign(t *testing.T) {
	v := big('q')
	for _, msg := range []string{
		fmt.Sprintf("invalid value %q for flag -max-size: parse error", v),
		"flag provided but not defined: -" + v,
		fmt.Sprintf("element <%s> closed by </x>", v),
		fmt.Sprintf(`json: unknown field %q`, v+"\n"),
	} {
		got := Foreign(msg)
		if strings.Contains(got, strings.Repeat("q", MaxValue+1)) || len(got) > 2*MaxValue+40 || strings.Contains(got, "\n") {
			t.Errorf("Foreign(%.60q…) = %q", msg, got)
		}
	}
	if got := Foreign(`invalid value "12x" for flag -n: parse error`); got != `invalid value "12x" for flag -n: parse error` {
		t.Errorf("Foreign changed a short message: %q", got)
	}
}

// TestEscapeAgreesWithQuote checks the escape against strconv.Quote, the
// escaping %q uses, on every rune of the BMP, every 13th beyond it, and
// bytes that are not UTF-8: unprintable characters are escaped as %q
// would, the rest (quotes too) are left as they are, and Escape alone
// doubles a backslash.
func TestEscapeAgreesWithQuote(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r > 0xffff {
			r += 12
		}
		if !utf8.ValidRune(r) {
			continue
		}
		s := "a" + string(r) + "b"
		want := s
		if !strconv.IsPrint(r) || r == '\\' {
			q := strconv.Quote(string(r))
			want = "a" + q[1:len(q)-1] + "b"
		}
		if got := Escape(s); got != want {
			t.Fatalf("Escape(%q) = %q, want %q", s, got, want)
		}
		if r == '\\' {
			want = s
		}
		if got := Line(s); got != want {
			t.Fatalf("Line(%q) = %q, want %q", s, got, want)
		}
	}
	for _, c := range [][2]string{
		{"\xff", `\xff`},
		{"a\xc3", `a\xc3`},
		{"\u202e\xe2\x80", `\u202e\xe2\x80`},
		{`"'`, `"'`},
		{"", ""},
	} {
		if got := Escape(c[0]); got != c[1] {
			t.Errorf("Escape(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"404 Not Found":         "404 Not Found",
		"a\nb":                  `a\nb`,
		big('s'):                strings.Repeat("s", MaxValue-len(Mark)) + Mark,
		strings.Repeat("é", 60): strings.Repeat("é", (MaxValue-len(Mark))/2) + Mark,
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%.20q) = %q, want %q", in, got, want)
		}
	}
	err := fmt.Errorf("lookup: %w", fs.ErrNotExist)
	if fe := ForeignError(fmt.Errorf("host %s: %w", big('h'), err)); !errors.Is(fe, fs.ErrNotExist) || len(fe.Error()) > 2*MaxValue {
		t.Errorf("ForeignError: %v, %d bytes", errors.Is(fe, fs.ErrNotExist), len(fe.Error()))
	}
}

func TestLineWriter(t *testing.T) {
	var b strings.Builder
	w := LineWriter(&b)
	usage := "  -c int\n    \tdisplay offending line with this many lines of context (default -1)\n"
	fmt.Fprintf(w, "flag provided but not defined: -%s\n", big('f'))
	fmt.Fprint(w, usage[:10])
	fmt.Fprint(w, usage[10:])
	fmt.Fprintf(w, "bad\x1bline\n")
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 || len(lines[0]) > MaxLine || strings.Contains(lines[0], strings.Repeat("f", MaxValue+1)) ||
		lines[1]+"\n"+lines[2]+"\n" != usage || lines[3] != `bad\x1bline` {
		t.Errorf("LineWriter wrote %q", b.String())
	}
}
