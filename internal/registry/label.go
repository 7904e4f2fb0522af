package registry

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RecordLabel names record number num (1-based) by what is known of it,
// as every message about a record does: `record 12 (line 1182, name
// "http", number 80, tcp)`. While a record is being parsed, that is the
// fields read so far.
func RecordLabel(num int, r *Record) string {
	s := "record " + strconv.Itoa(num) + " (line " + strconv.Itoa(r.Line)
	if r.Name != "" {
		s += ", name " + strconv.Quote(r.Name)
	}
	if r.Number != "" {
		s += ", number " + bare(r.Number)
	}
	if r.Protocol != "" {
		s += ", " + bare(r.Protocol)
	}
	return s + ")"
}

// bare returns s as it is when it is printable ASCII, as valid numbers
// and protocols are, and quoted otherwise, so that a malformed field
// cannot put control or bidi characters into a message.
func bare(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e || s[i] == '"' {
			return strconv.Quote(s)
		}
	}
	return s
}

// printable returns s with every character strconv.IsPrint rejects
// (controls, bidi and other format characters such as U+202E and U+FEFF,
// U+2028, invalid UTF-8) written as the escape %q would use, without
// quoting the rest: for messages of encoding/xml, which quote names and
// entities of the input raw.
func printable(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !strconv.IsPrint(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !strconv.IsPrint(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// PersonLabel names entry num (1-based) of the people list the way
// RecordLabel names records: `person 7 (line 90112, id "Jon_Postel")`;
// like a record's empty fields, an empty id is left out.
func PersonLabel(num int, p *Person) string {
	if p.ID == "" {
		return fmt.Sprintf("person %d (line %d)", num, p.Line)
	}
	return fmt.Sprintf("person %d (line %d, id %q)", num, p.Line, p.ID)
}

// RecordError is a fault found in record i (0-based) after parsing, for
// example by a later stage that cannot represent it. It has the parser's
// form: `file:line: record N (line L, name …): message`.
func (reg *Registry) RecordError(i int, format string, args ...any) *Error {
	r := &reg.Records[i]
	return &Error{File: reg.File, Line: r.Line, Record: RecordLabel(i+1, r), Msg: fmt.Sprintf(format, args...)}
}

// PersonError is RecordError for entry i (0-based) of the people list.
func (reg *Registry) PersonError(i int, format string, args ...any) *Error {
	p := &reg.People[i]
	return &Error{File: reg.File, Line: p.Line, Record: PersonLabel(i+1, p), Msg: fmt.Sprintf(format, args...)}
}
