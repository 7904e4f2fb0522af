package registry

import (
	"fmt"
	"strconv"

	"github.com/svcreg/ianaports/internal/clip"
)

// labelValue bounds each value a label quotes: a label identifies the
// record (its line does that), and the message that follows it quotes
// the faulty value in full, up to clip.MaxValue.
const labelValue = 24

// RecordLabel names record number num (1-based) by what is known of it,
// as every message about a record does: `record 12 (line 1182, name
// "http", number 80, tcp)`. While a record is being parsed, that is the
// fields read so far.
func RecordLabel(num int, r *Record) string {
	s := "record " + strconv.Itoa(num) + " (line " + strconv.Itoa(r.Line)
	if r.Name != "" {
		s += ", name " + clip.QuoteN(r.Name, labelValue)
	}
	if r.Number != "" {
		s += ", number " + clip.BareN(r.Number, labelValue)
	}
	if r.Protocol != "" {
		s += ", " + clip.BareN(r.Protocol, labelValue)
	}
	return s + ")"
}

// PersonLabel names entry num (1-based) of the people list the way
// RecordLabel names records: `person 7 (line 90112, id "Jon_Postel")`;
// like a record's empty fields, an empty id is left out.
func PersonLabel(num int, p *Person) string {
	if p.ID == "" {
		return fmt.Sprintf("person %d (line %d)", num, p.Line)
	}
	return fmt.Sprintf("person %d (line %d, id %s)", num, p.Line, clip.QuoteN(p.ID, labelValue))
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
