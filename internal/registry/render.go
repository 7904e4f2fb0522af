package registry

import "strings"

// This file holds the rules by which IANA turns the parsed model into the
// text of its CSV rendering (service-names-port-numbers.csv). Every rule
// was derived from a pair of files IANA published together, the registry
// XML of 2026-04-24 and the CSV IANA rendered from it, and WriteCSV
// (csv.go) reproduces that CSV byte for byte with them. The record named
// with each rule is the evidence for it.

// paraIndent is what IANA writes at the start of every <paragraph>.
// Evidence: the only records with paragraphs, wot/tcp and wot/udp, whose
// paragraphs sit on lines indented by six spaces in the XML, come out of
// the CSV indented by fourteen: the six of the XML plus these eight.
const paraIndent = "        "

// Plain renders mixed content (a <description>, <note> or
// <unauthorized>) the way IANA writes it into a CSV cell, before CSV
// quoting. The rules, in the order they apply:
//
//  1. Character data is kept as written, entities decoded, newlines and
//     indentation included: www-http/tcp's note keeps its lines indented
//     by eight spaces, and acr-nema's "Imag. &amp; Comm." is "Imag. &
//     Comm.".
//  2. An inline <xref> is replaced by its Label: the note of the
//     reserved port 2/tcp, "previously compressnet by <xref
//     type="person" data="Bernie_Volz"/>", ends in "[Bernie_Volz]".
//  3. A run of <br/>s is one line break. The XML always follows a <br/>
//     with a newline, and that newline is the break, so the <br/>s add
//     nothing: "whois++<br/><br/>\nIANA assigned…" (whoispp/tcp) becomes
//     "whois++\nIANA assigned…", and "keys:<br/>\n  txtvers"
//     (lanrevagent) keeps its two-space indent. A run not followed by a
//     newline is written as one "\n"; no record has one, and simply
//     dropping the <br/>s would fit the oracle equally well.
//  4. A <paragraph> starts with eight spaces and adds nothing at its end;
//     the white space the XML puts between paragraphs is kept (see
//     paraIndent; the only evidence is wot/tcp and wot/udp).
//  5. A line break that only wraps a long line is undone: blanks, a
//     newline and blanks, both blank runs non-empty, become one space.
//     "designed to enable \n      dynamic routing" (adaptive-rn) becomes
//     "designed to enable dynamic routing", while "keys: \nenabled=…"
//     (pblr: no indentation) and "of the Thing\n      Description" (wot:
//     no trailing blank) keep their newline.
//  6. Leading and trailing white space is trimmed: personal-agent's
//     unauthorized text "Known UNAUTHORIZED USEs on port 5555\n    "
//     loses its tail, and acmaint-dbd's description "<br/><br/>\nIANA
//     assigned…" starts at "IANA".
func (t Text) Plain() string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		s := t[i]
		switch s.Kind {
		case SegText:
			b.WriteString(s.Text)
		case SegXref:
			b.WriteString(s.Xref.Label())
		case SegParaStart:
			b.WriteString(paraIndent)
		case SegParaEnd:
		case SegBreak:
			for i+1 < len(t) && t[i+1].Kind == SegBreak {
				i++
			}
			if i+1 < len(t) && t[i+1].Kind == SegText && strings.HasPrefix(t[i+1].Text, "\n") {
				continue
			}
			b.WriteByte('\n')
		}
	}
	return clean(b.String())
}

// clean applies rules 5 and 6 of Plain.
func clean(s string) string {
	return trimWS(unwrap(s))
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func trimWS(s string) string {
	return strings.Trim(s, " \t\n\r")
}

// unwrap replaces every blank run, newline, blank run (both runs
// non-empty) with a single space.
func unwrap(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	i := 0
	for i < len(s) {
		if isBlank(s[i]) {
			j := i
			for j < len(s) && isBlank(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '\n' {
				k := j + 1
				for k < len(s) && isBlank(s[k]) {
					k++
				}
				if k > j+1 {
					b.WriteByte(' ')
					i = k
					continue
				}
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// Label renders one reference the way IANA prints it, in brackets, in
// the Reference, Assignee and Contact columns and inline in mixed
// content:
//
//   - person: the person's id, "[Mark_Lottor]" (tcpmux).
//   - any other reference with character data shows that text, cleaned
//     as in Plain (rules 5 and 6): <xref type="rfc"
//     data="rfc8765">RFC8765, Section 6.1</xref> is "[RFC8765, Section
//     6.1]" (dns-push-tls), a uri with text "TR-352" is "[TR-352]"
//     (pon-ictp), a text reference "n/a" is "[n/a]" (new-rwho), and
//     pon-ictp's long text reference has "(CT) \n      comprising"
//     joined to "(CT) comprising".
//   - rfc without text: the data upper-cased, rfc6335 → "[RFC6335]"
//     (port 0).
//   - draft, uri and note without text: the data as written:
//     "[RFC-ietf-emailcore-rfc5321bis-43]" (smtp),
//     "[https://xahau.network]" (xahaud), "[1]" (exp1's footnote).
//   - a section attribute on a reference without text adds ", Section
//     N" to the data. The oracle has no section attribute; every one in
//     the newer registry carries exactly that text ("draft-zubov-snif-05,
//     Section 4.3"), so the text and this fallback agree.
func (x Xref) Label() string {
	return "[" + x.labelText() + "]"
}

func (x Xref) labelText() string {
	if x.Type == "person" && x.Data != "" {
		return x.Data
	}
	if t := clean(x.Text); t != "" {
		return t
	}
	s := x.Data
	if x.Type == "rfc" {
		s = strings.ToUpper(s)
	}
	if x.Section != "" {
		s += ", Section " + x.Section
	}
	return s
}

// Labels concatenates the labels of xs with nothing in between, as IANA
// writes several references in one cell: "[RFC3501][RFC9051]" (imap),
// "[Vera_Heinau][Heiko_Schlichting]" (nas).
func Labels(xs []Xref) string {
	var b strings.Builder
	for _, x := range xs {
		b.WriteString(x.Label())
	}
	return b.String()
}

// AssigneeRefs returns the people IANA lists in the Assignee column.
//
// A record that has an <assignee> lists its person xrefs. A record
// without one lists its bare person xrefs instead: older registrations
// name one party who is both assignee and contact, and IANA's CSV shows
// them in both columns (tcpmux, with only <xref type="person"
// data="Mark_Lottor"/>, has Assignee and Contact "[Mark_Lottor]"; nas,
// with two bare person xrefs, has "[Vera_Heinau][Heiko_Schlichting]" in
// both). A record with neither lists nobody.
func (r *Record) AssigneeRefs() []Xref {
	if len(r.Assignee) > 0 {
		return r.Assignee
	}
	return r.Contact
}

// ContactRefs returns the people IANA lists in the Contact column: the
// bare person xrefs, in order, whether or not the record has an
// <assignee>. A record with an <assignee> but no bare person xref has an
// empty Contact column (h323hostcall/sctp: Assignee "[ITU-T]", Contact
// empty).
func (r *Record) ContactRefs() []Xref {
	return r.Contact
}

// AssigneeIDs is AssigneeRefs as person ids.
func (r *Record) AssigneeIDs() []string { return ids(r.AssigneeRefs()) }

// ContactIDs is ContactRefs as person ids.
func (r *Record) ContactIDs() []string { return ids(r.ContactRefs()) }

func ids(xs []Xref) []string {
	if len(xs) == 0 {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.Data
	}
	return out
}

// PortText is the Port Number column: the <number> as written, a single
// port ("80") or a range ("6000-6063", x11), or empty for a name-only
// record.
func (r *Record) PortText() string {
	return r.Number
}
