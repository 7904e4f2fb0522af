// Package clip is how the module puts text it did not write (input
// values, file paths, registry text) into messages and onto terminals:
// escaped, so that no control or bidi character can act on a terminal or
// split a line, and cut, so that one hostile value cannot make a message
// longer than a screen.
//
// Every error or warning line the generator, the ports command and
// portsvet print quotes an input value through Quote, Bare or Path (at
// most MaxValue bytes of it, Mark where it was cut) and goes out through
// Fprintln (one line of at most MaxLine bytes), an error's message after
// Error has clipped the paths the os package spells whole. Registry text
// a command prints as output goes through Escape.
//
// # The escape
//
// A character that strconv.IsPrint rejects is written as Go writes it in
// a string literal: \a \b \f \n \r \t \v for those controls, \x1b for
// the other C0 controls and DEL, \u0085 for the C1 controls, \u202e for
// bidi and other format characters, \u2028 for line and paragraph
// separators, \u00a0 for spaces other than U+0020, and \xff for a byte
// that is not UTF-8. A backslash is written \\, so that an escape is
// never ambiguous. Everything else, letters with accents included, is
// kept as it is.
package clip

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The bounds of a message.
const (
	// MaxValue is the most bytes of one input value a message shows,
	// counted after escaping.
	MaxValue = 80
	// MaxLine is the most bytes of one message line, its newline not
	// counted.
	MaxLine = 300
	// Mark marks where a value or a line was cut.
	Mark = "…"
)

// Control reports whether r is a C0 or C1 control character, DEL, or a
// bidi control (Unicode's Bidi_Control: U+061C, U+200E-U+200F,
// U+202A-U+202E, U+2066-U+2069): the characters that can move a
// terminal's cursor, end a line or reorder what follows, and that no
// service name may hold.
func Control(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// IndexControl is the byte index of the first Control character in s, or
// -1.
func IndexControl(s string) int { return strings.IndexFunc(s, Control) }

// Escape writes s for a terminal or a one-line record, escaped as the
// package documentation says. It returns s itself when nothing needs
// escaping.
func Escape(s string) string { return escapeAll(s, true) }

// safe reports whether every character of s prints as itself (and, with
// backslash, whether s holds no backslash).
func safe(s string, backslash bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			if c == '\\' && backslash {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !strconv.IsPrint(r) {
			return false
		}
		i += n
	}
	return true
}

// escapeRune is the escaped form of the character r, whose bytes in the
// input are raw. backslash escapes '\\' and quote escapes that quote
// character (0 for none).
func escapeRune(raw string, r rune, backslash bool, quote byte) string {
	switch {
	case r == utf8.RuneError && len(raw) == 1:
		return `\x` + hex2(raw[0])
	case r == '\\' && backslash, quote != 0 && r == rune(quote):
		return `\` + raw
	case strconv.IsPrint(r):
		return raw
	}
	q := strconv.QuoteRune(r) // '\n', '\x1b', '\u202e'
	return q[1 : len(q)-1]
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// Quote is s for a message: a Go string literal, escaped as Escape does
// and '"' as \", holding at most MaxValue bytes between its quotes. A
// longer value is cut at a character boundary and Mark follows the
// closing quote: "aaaa"…. Only the part shown is read.
func Quote[T ~string | ~[]byte](s T) string { return quoteN(string(prefix(s)), len(s), MaxValue) }

// QuoteN is Quote with a bound of n bytes instead of MaxValue, for
// values that only identify something in a message that quotes others.
func QuoteN(s string, n int) string { return quoteN(s[:min(len(s), n+utf8.UTFMax)], len(s), n) }

// prefix is as much of s as Quote can show: a copy of a []byte input is
// never larger than that.
func prefix[T ~string | ~[]byte](s T) T {
	if len(s) > MaxValue+utf8.UTFMax {
		return s[:MaxValue+utf8.UTFMax]
	}
	return s
}

func quoteN(s string, total, n int) string {
	var b strings.Builder
	b.WriteByte('"')
	cut := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		e := escapeRune(s[i:i+w], r, true, '"')
		if b.Len()-1+len(e) > n {
			cut = true
			break
		}
		b.WriteString(e)
		i += w
	}
	b.WriteByte('"')
	if cut || total > len(s) {
		b.WriteString(Mark)
	}
	return b.String()
}

// Bare is s as it is when it is 1 to MaxValue bytes of printable ASCII
// without a blank, quote or backslash, as numbers, protocols, element
// names and most service names are; Quote(s) otherwise, so that the
// reader sees where an odd value starts and ends.
func Bare[T ~string | ~[]byte](s T) string { return bareN(string(prefix(s)), len(s), MaxValue) }

// BareN is Bare with a bound of n bytes instead of MaxValue, for values
// that only identify something in a message that quotes others.
func BareN(s string, n int) string { return bareN(s[:min(len(s), n+utf8.UTFMax)], len(s), n) }

// bareN is Bare of a value of total bytes that s begins.
func bareN(s string, total, n int) string {
	if s == "" || total > n {
		return quoteN(s, total, n)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return quoteN(s, total, n)
		}
	}
	return s
}

// Text is s for a message, unquoted: every character strconv.IsPrint
// rejects escaped, and, past MaxValue bytes, cut at its end with Mark.
// It is for text a peer sends (an HTTP status line) or that a message
// names in passing, which quotes would make harder to read.
func Text(s string) string {
	s2 := s[:min(len(s), MaxValue+utf8.UTFMax)]
	e := escapeAll(s2, false)
	if len(e) <= MaxValue && len(s2) == len(s) {
		return e
	}
	return e[:boundary(e, MaxValue-len(Mark), false)] + Mark
}

// Path is a file path for a message: unquoted, every character
// strconv.IsPrint rejects escaped (a backslash is kept: it separates
// Windows paths), and, when that is longer than MaxValue bytes, cut in
// the middle, so that both its start and its file name show:
// "/home/me/…/service-names-port-numbers.xml".
func Path(p string) string { return middle(escapeAll(p, false), MaxValue) }

// escapeAll escapes every character of s that strconv.IsPrint rejects,
// and with backslash the backslashes too.
func escapeAll(s string, backslash bool) string {
	if safe(s, backslash) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(escapeRune(s[i:i+n], r, backslash, 0))
		i += n
	}
	return b.String()
}

// middle cuts s, which is escaped, to at most n bytes by replacing its
// middle with Mark, keeping whole characters and whole escapes.
func middle(s string, n int) string {
	if len(s) <= n {
		return s
	}
	keep := n - len(Mark)
	head := keep * 2 / 3
	tail := keep - head
	h := boundary(s, head, false)
	t := boundary(s, len(s)-tail, true)
	return s[:h] + Mark + s[t:]
}

// boundary moves i to the start of a character that does not sit inside
// an escape: down from i, or up with up.
func boundary(s string, i int, up bool) int {
	step := -1
	if up {
		step = 1
	}
	for i > 0 && i < len(s) && (!utf8.RuneStart(s[i]) || inEscape(s, i)) {
		i += step
	}
	return i
}

// inEscape reports whether byte i of s is inside an escape such as
// \u202e, which a cut must not split.
func inEscape(s string, i int) bool {
	for j := i - 1; j >= 0 && j >= i-9; j-- {
		if s[j] != '\\' {
			continue
		}
		// An even run of backslashes before j means s[j] starts one.
		k := j
		for k > 0 && s[k-1] == '\\' {
			k--
		}
		if (j-k)%2 != 0 {
			continue
		}
		return i < j+escapeLen(s[j:])
	}
	return false
}

// escapeLen is the length of the escape that starts s.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case 'x':
		return 4
	case 'u':
		return 6
	case 'U':
		return 10
	}
	return 2
}

// Line makes msg one line of a message of at most MaxLine bytes: any
// line break, control or other character strconv.IsPrint rejects left in
// it is escaped, and a longer line is cut in the middle, keeping where
// it starts (the file and line) and how it ends (what is wrong).
func Line(msg string) string {
	return middle(escapeAll(strings.TrimRight(msg, "\n"), false), MaxLine)
}

// Error is err's message with every path that an *fs.PathError or
// *os.LinkError in its chain spells in full (as the os package does)
// clipped as Path clips it; Fprintln makes it one bounded line.
func Error(err error) string {
	return Paths(err.Error(), err)
}

// Fprintln writes prefix and msg to w as one line of a message of at most
// MaxLine bytes, as Line makes it, and a newline.
func Fprintln(w io.Writer, prefix, msg string) {
	io.WriteString(w, Line(prefix+msg)+"\n")
}

// Paths replaces in msg each path that an *fs.PathError or *os.LinkError
// in err's chain holds with Path of it.
func Paths(msg string, err error) string {
	var paths []string
	walk(err, func(e error) {
		var pe *fs.PathError
		var le *os.LinkError
		switch {
		case errors.As(e, &pe):
			paths = append(paths, pe.Path)
		case errors.As(e, &le):
			paths = append(paths, le.Old, le.New)
		}
	})
	for _, p := range paths {
		if c := Path(p); c != p && p != "" {
			msg = strings.ReplaceAll(msg, p, c)
		}
	}
	return msg
}

// walk calls fn for err and every error it wraps.
func walk(err error, fn func(error)) {
	for err != nil {
		fn(err)
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e, fn)
			}
			return
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return
		}
	}
}

// ForeignError is err with its message clipped by Foreign; errors.Is
// and errors.As still see err.
func ForeignError(err error) error {
	if err == nil {
		return nil
	}
	return &foreignError{err}
}

type foreignError struct{ err error }

func (e *foreignError) Error() string { return Foreign(e.err.Error()) }
func (e *foreignError) Unwrap() error { return e.err }

// Foreign clips the values in a message written by a library that
// quotes its input whole (encoding/xml, encoding/json, flag): each
// double-quoted string in it is cut as Quote cuts a value, and each
// remaining run of more than MaxValue bytes without a blank is cut at its
// end with Mark. Controls are escaped.
func Foreign(msg string) string {
	var b strings.Builder
	for msg != "" {
		i := strings.IndexAny(msg, "\" ")
		if i < 0 {
			i = len(msg)
		}
		word := escapeAll(msg[:i], false)
		if len(word) > MaxValue {
			word = word[:boundary(word, MaxValue-len(Mark), false)] + Mark
		}
		b.WriteString(word)
		msg = msg[i:]
		switch {
		case strings.HasPrefix(msg, " "):
			b.WriteByte(' ')
			msg = msg[1:]
		case strings.HasPrefix(msg, `"`):
			// The quoted string as %q writes it: find its end.
			j := 1
			for j < len(msg) && msg[j] != '"' {
				if msg[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j, len(msg))
			inner := msg[1:j]
			if u, err := strconv.Unquote(`"` + inner + `"`); err == nil {
				b.WriteString(Quote(u))
			} else {
				b.WriteString(Quote(inner))
			}
			msg = msg[min(j+1, len(msg)):]
		}
	}
	return b.String()
}

// LineWriter returns a writer that passes each line written to it on to
// w, clipped by Foreign and Line when it needs to be: longer than
// MaxLine, holding a run of more than MaxValue bytes without a blank, or
// a character strconv.IsPrint rejects other than a tab. Other lines (a
// usage text) pass as they are. It is for output that a library writes
// straight to a writer, as the flag package writes its errors.
func LineWriter(w io.Writer) io.Writer { return &lineWriter{w: w} }

type lineWriter struct {
	w   io.Writer
	buf []byte
}

func (lw *lineWriter) Write(p []byte) (int, error) {
	lw.buf = append(lw.buf, p...)
	for {
		i := bytes.IndexByte(lw.buf, '\n')
		if i < 0 {
			break
		}
		line := string(lw.buf[:i])
		lw.buf = lw.buf[i+1:]
		if needsClip(line) {
			line = Line(Foreign(line))
		}
		if _, err := io.WriteString(lw.w, line+"\n"); err != nil {
			return len(p), err
		}
	}
	// A line that never ends is clipped all the same: keep only what
	// its start needs.
	if len(lw.buf) > 4*MaxLine {
		lw.buf = append(lw.buf[:2*MaxLine], lw.buf[len(lw.buf)-MaxLine:]...)
	}
	return len(p), nil
}

func needsClip(line string) bool {
	if len(line) > MaxLine || !safe(strings.ReplaceAll(line, "\t", " "), false) {
		return true
	}
	for _, f := range strings.Fields(line) {
		if len(f) > MaxValue {
			return true
		}
	}
	return false
}
