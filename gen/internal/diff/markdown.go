package diff

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// markdown renders the report for a pull-request description: a table of
// the two versions, warnings, the summary, the breaking and new lists in
// full, and the field-level detail and people folded into <details>
// blocks holding the text rendering. Names and ports are code spans and
// other registry text is escaped, so nothing in the registry can turn
// into markup.
func (r *Report) markdown() []byte {
	var b bytes.Buffer
	if r.CSV.Status == CSVDiffers {
		fmt.Fprintf(&b, "> **%s**, %s\n\n", csvDiffers, r.CSV.differsLine(mdCode))
	}
	fmt.Fprintf(&b, "## IANA service name and port number registry: %s → %s\n\n", date(r.Old.Updated), date(r.New.Updated))
	for _, w := range r.Warnings() {
		fmt.Fprintf(&b, "> **Warning:** %s\n\n", mdEscape(w))
	}
	switch r.CSV.Status {
	case CSVVerified:
		fmt.Fprintf(&b, "**Second witness:** %s.\n\n", verifiedLine)
	case CSVUnavailable:
		fmt.Fprintf(&b, "> **Warning:** %s: %s\n\n", csvUnavailable, mdCode(r.CSV.Err))
	}
	if r.changes() == 0 {
		fmt.Fprintf(&b, "**%s**\n\n", mdEscape(r.Summary()))
	} else { // Summary, one group a line
		for _, g := range r.summaryGroups() {
			fmt.Fprintf(&b, "- **%s:** %s\n", g[0], mdEscape(g[1]))
		}
		b.WriteString("\n")
	}
	b.WriteString("| | updated | records | people | sha256 |\n|---|---|---|---|---|\n")
	for _, v := range []struct {
		side string
		v    Version
	}{{"old", r.Old}, {"new", r.New}} {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s |\n", v.side, mdEscape(date(v.v.Updated)), v.v.Records, v.v.People, mdCode(orNone(v.v.SHA256)))
	}
	if r.changes() == 0 {
		return b.Bytes()
	}

	for _, g := range r.groups() {
		fmt.Fprintf(&b, "\n### %s\n", g.heading)
		if len(g.lists) == 0 {
			b.WriteString("\nNone.\n")
		}
		for _, l := range g.lists {
			fmt.Fprintf(&b, "\n**%s (%d)**: %s\n\n", l.title, l.n, mdEscape(l.why))
			for i, e := range l.entries {
				switch {
				case !l.inline:
					b.WriteString("- ")
				case i > 0:
					b.WriteString(", ")
				}
				for _, p := range e {
					if p.code {
						b.WriteString(mdCode(p.s))
					} else {
						b.WriteString(mdEscape(p.s))
					}
				}
				if !l.inline || i == len(l.entries)-1 {
					b.WriteString("\n")
				}
			}
		}
	}
	if ds := r.details(); len(ds) > 0 {
		b.WriteString("\n### Detail\n")
		for _, d := range ds {
			var body bytes.Buffer
			d.write(&body)
			fence := mdFence(body.String())
			fmt.Fprintf(&b, "\n<details><summary>%s (%d)</summary>\n\n%stext\n%s%s\n\n</details>\n", d.title, d.n, fence, body.String(), fence)
		}
	}
	fmt.Fprintf(&b, "\n---\n<sub>Note: %s.</sub>\n", mdEscape(PrimaryRule))
	return b.Bytes()
}

// mdEscape backslash-escapes the ASCII punctuation that can start markup
// inside a line (CommonMark lets any ASCII punctuation be escaped).
func mdEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("\\`*_[]<>|~&#", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mdCode is s as a code span: delimited by one backtick more than the
// longest run of backticks in s, padded when s starts or ends with one.
// Pipes are escaped, which GitHub requires even in a table's code spans.
// Control characters are written as Go escapes (\n): a code span may
// span lines, but the line after a break is read for block structure
// first, so a name "a\n## b" would otherwise end in a heading.
func mdCode(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		var b strings.Builder
		for _, r := range s {
			if unicode.IsControl(r) {
				q := strconv.QuoteRune(r)
				b.WriteString(q[1 : len(q)-1])
				continue
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return ticks + strings.ReplaceAll(s, "|", "\\|") + ticks
}

// mdFence is a code fence longer than any run of backticks in body.
func mdFence(body string) string {
	return strings.Repeat("`", max(3, longestRun(body, '`')+1))
}

func longestRun(s string, c byte) int {
	longest, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			longest = max(longest, n)
		} else {
			n = 0
		}
	}
	return longest
}
