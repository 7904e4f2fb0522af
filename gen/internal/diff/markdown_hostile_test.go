package diff

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

// The report's Markdown becomes a pull request's description, so registry
// text must not add structure to it. These strings each try one way in;
// names and descriptions take them through the real parser, which
// refuses a name holding a control character (a line break, say):
// TestReportsKeepRegistryTextOnItsLine feeds those to the report directly.
var hostileNames = []string{
	"x](https://evil.example)",
	"<img src=x>",
	"a`b](https://evil.example)",
	"c``[d](https://evil.example)``",
	"e`````f",
	"p|q",
	"## No breaking changes",
	"[ref]: https://evil.example",
	"www.evil.example",
	"evil@evil.example",
	"&lt;b&gt;",
	"~~gone~~",
}

var hostileTexts = []string{
	"## No breaking changes",
	"## No breaking changes\n```\n## Still none\n<img src=x>",
	"`````\n# Approved\n[click](https://evil.example)",
	"``````````\n</details>\n\n# Merged",
	"a | b | c\n|---|---|\n| x | y |",
	"<details open><summary>ok</summary>",
	"- [x] reviewed\n> quoted\n---",
	"https://evil.example/![img](https://evil.example/i.png)",
}

// hostilePair builds an old and a new registry whose changes reach every
// part of the Markdown report: each list of the breaking and new groups,
// the detail blocks, people. name(i) and text(i) give the i-th name and
// description; people's names, orgs and URIs are texts too.
func hostilePair(t *testing.T, name func(int) string, text func(int) string) (*registry.Registry, *registry.Registry) {
	t.Helper()
	esc := func(s string) string {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var o, n strings.Builder
	rec := func(b *strings.Builder, nm, proto, number, desc string, person string) {
		b.WriteString("<record>")
		if nm != "" {
			fmt.Fprintf(b, "<name>%s</name>", esc(nm))
		}
		fmt.Fprintf(b, "<protocol>%s</protocol><description>%s</description>", proto, esc(desc))
		if number != "" {
			fmt.Fprintf(b, "<number>%s</number>", number)
		}
		if person != "" {
			fmt.Fprintf(b, `<xref type="person" data="%s"/>`, person)
		}
		b.WriteString("</record>\n")
	}
	for i := range hostileNames {
		port := fmt.Sprint(1000 + 10*i)
		d := text(i % len(hostileTexts))
		// Old: the name on tcp and udp, a second name on the next port,
		// a third that will lose its port.
		rec(&o, name(i), "tcp", port, d, "")
		rec(&o, name(i), "udp", port, d, "")
		rec(&o, name(i)+"-old", "tcp", fmt.Sprint(1001+10*i), d, "")
		rec(&o, name(i)+"-np", "tcp", fmt.Sprint(1002+10*i), d, "")
		rec(&o, name(i)+"-mod", "sctp", fmt.Sprint(1003+10*i), "plain", "")
		// New: the name keeps tcp only, the second is gone and its port
		// answers to a new name, the third keeps no port, the fourth's
		// description changes, and a fifth is new, with a new person.
		rec(&n, name(i), "tcp", port, d, "")
		rec(&n, name(i)+"-new", "tcp", fmt.Sprint(1001+10*i), d, "")
		rec(&n, name(i)+"-np", "tcp", "", d, "")
		rec(&n, name(i)+"-mod", "sctp", fmt.Sprint(1003+10*i), d, "")
		rec(&n, name(i)+"-add", "udp", fmt.Sprint(1004+10*i), d, fmt.Sprintf("p%d", i))
	}
	var people strings.Builder
	for i := range hostileNames {
		t := text(i % len(hostileTexts))
		fmt.Fprintf(&people, `<person id="p%d"><name>%s</name><org>%s</org><uri>%s</uri><updated>2026-01-01</updated></person>`+"\n", i, esc(t), esc(t), esc("mailto:"+strings.ReplaceAll(t, "\n", "")))
	}
	doc := func(date, records, people string) []byte {
		return []byte(`<?xml version='1.0' encoding='UTF-8'?>
<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">
<title>Service Name and Transport Protocol Port Number Registry</title>
<updated>` + date + `</updated>
` + records + `<people>
` + people + `</people>
</registry>
`)
	}
	parse := func(name string, b []byte) *registry.Registry {
		r, err := registry.ParseBytes(name, b)
		if err != nil {
			t.Fatalf("the parser refused the %s registry: %v", name, err)
		}
		return r
	}
	return parse("old", doc("2026-01-01", o.String(), "")), parse("new", doc("2026-02-01", n.String(), people.String()))
}

// TestMarkdownStructureHostile renders the report of a registry pair full
// of hostile names and descriptions and of the same pair with harmless
// ones, and compares the Markdown structure of the two, line by line, as
// CommonMark with GitHub's extensions would build it: headings, list
// items, quotes, tables and their cells, code blocks, HTML, links,
// images, autolinks, emphasis, entities. Any difference is structure
// that registry text made.
func TestMarkdownStructureHostile(t *testing.T) {
	hostile := Compare(hostilePair(t, func(i int) string { return hostileNames[i] }, func(i int) string { return hostileTexts[i] }))
	plain := Compare(hostilePair(t, func(i int) string { return fmt.Sprintf("name%d", i) }, func(i int) string { return fmt.Sprintf("Text %d", i) }))
	for _, r := range []*Report{hostile, plain} {
		// Every part of the report is reached.
		for what, n := range map[string]int{"names removed": len(r.NamesRemoved), "ports lost": len(r.PortsLost), "primary changed": len(r.PrimaryChanged),
			"protocols lost": len(r.ProtocolsLost), "assignments removed": len(r.AssignmentsRemoved), "assignments added": len(r.AssignmentsAdded),
			"names added": len(r.NamesAdded), "modified": len(r.Modified), "added": len(r.Added), "people added": len(r.PeopleAdded)} {
			if n == 0 {
				t.Errorf("the pair has no %s", what)
			}
		}
	}
	// The CSV witness quotes rows of a CSV the server chose.
	for _, csv := range []struct{ hostile, plain CSVCheck }{
		{CSVCheck{Status: CSVDiffers, Row: 7, IANA: hostileTexts[1], Ours: hostileTexts[3]}, CSVCheck{Status: CSVDiffers, Row: 7, IANA: "a", Ours: "b"}},
		{CSVCheck{Status: CSVUnavailable, Err: hostileTexts[2]}, CSVCheck{Status: CSVUnavailable, Err: "404"}},
	} {
		hostile.CSV, plain.CSV = csv.hostile, csv.plain
		hmd, pmd := render(t, hostile, Markdown), render(t, plain, Markdown)
		for _, n := range hostileNames {
			if n = registry.FoldName(n); !strings.Contains(hmd, mdCode(n)) {
				t.Errorf("name %q is not in the report as the code span %s", n, mdCode(n))
			}
		}
		hs, ps := mdStructure(hmd), mdStructure(pmd)
		if len(ps) < 40 {
			t.Fatalf("the harmless report has %d structural lines; the pair reaches too little:\n%s", len(ps), pmd)
		}
		for i := 0; i < max(len(hs), len(ps)); i++ {
			var h, p string
			if i < len(hs) {
				h = hs[i]
			}
			if i < len(ps) {
				p = ps[i]
			}
			if h != p {
				t.Fatalf("CSV %v: structure %d differs: hostile %q, harmless %q\nhostile report:\n%s", csv.hostile.Status, i, h, p, hmd)
			}
		}
	}
}

// TestMdStructure: the checker sees what each hostile string would make
// of plain text, so that TestMarkdownStructureHostile cannot pass for
// want of seeing it.
func TestMdStructure(t *testing.T) {
	for _, tc := range []struct{ md, want string }{
		{"plain", "p"},
		{"[x](https://e)", "p link autolink"},
		{"![i](u)", "p image"},
		{"<img src=x>", "html"},
		{"a <b>c</b>", "p html html"},
		{"## h", "h2"},
		{"t\n---", "h2"},
		{"t\n===", "h1"},
		{"- a\n+ b\n1. c", "li|li|li"},
		{"> q", "quote"},
		{"| a | b |\n|---|---|", "table 2|table 2"},
		{"| `a|b` | c |", "table 3 code"},
		{"| `a\\|b` | c |", "table 2 code"},
		{"```\n# x\n```", "fence|fence-end"},
		{"````\n```\n# x\n````", "fence|fence-end"},
		{"x `a` y", "p code"},
		{"x `a y", "p"},
		{"\\[x](y) \\<b> \\`c`", "p"},
		{"www.e.x https://e.x a@b.c", "p autolink autolink autolink"},
		{"**b** _i_ ~~s~~", "p emph emph emph emph strike strike"},
		{"&lt; &#60;", "p entity entity"},
		{"[r]: https://e", "p link autolink"},
		{"<details><summary>s</summary>\n\n```text\n# x\n```\n\n</details>", "html|fence|fence-end|html"},
		{"p\n    indented", "p|p"},
		{"\n    indented", "indented-code"},
	} {
		if got := strings.Join(mdStructure(tc.md), "|"); got != tc.want {
			t.Errorf("mdStructure(%q) = %q, want %q", tc.md, got, tc.want)
		}
	}
}

var (
	mdFenceRe  = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	mdATX      = regexp.MustCompile(`^ {0,3}(#{1,6})([ \t]|$)(.*)`)
	mdBreak    = regexp.MustCompile(`^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$`)
	mdSetext1  = regexp.MustCompile(`^ {0,3}=+[ \t]*$`)
	mdQuote    = regexp.MustCompile(`^ {0,3}>`)
	mdItem     = regexp.MustCompile(`^ {0,3}([-+*]|[0-9]{1,9}[.)])([ \t]|$)(.*)`)
	mdHTML     = regexp.MustCompile(`^ {0,3}<[A-Za-z/!?]`)
	mdAutolink = regexp.MustCompile(`^(https?://|www\.)|^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+\.`)
	mdEntity   = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});`)
)

// mdStructure lists doc's Markdown structure, one entry a line outside
// code blocks and blank lines: the block the line makes (p, h1-h6, li,
// quote, table N cells, html, fence, fence-end, indented-code) and the
// inline markup in it. It follows CommonMark and GitHub's extensions
// (tables, autolinks, strikethrough) as far as the report needs: a line
// it cannot tell apart counts as markup, never as text.
func mdStructure(doc string) []string {
	var out []string
	var fence string // the open fence's run of backticks or tildes
	inHTML, para := false, false
	for _, line := range strings.Split(strings.TrimSuffix(doc, "\n"), "\n") {
		switch {
		case fence != "":
			if m := mdFenceRe.FindString(line); m != "" && strings.TrimSpace(line) == strings.TrimSpace(m) && strings.Count(strings.TrimSpace(m), fence[:1]) >= len(fence) {
				out, fence = append(out, "fence-end"), ""
			}
			continue
		case strings.TrimSpace(line) == "":
			inHTML, para = false, false
			continue
		case inHTML:
			out = append(out, "html")
			continue
		}
		kind, rest := "p", line
		if m := mdFenceRe.FindStringSubmatch(line); m != nil && !(m[1][0] == '`' && strings.Contains(line[len(m[0]):], "`")) {
			fence, para = m[1], false
			out = append(out, "fence")
			continue
		}
		switch {
		case mdATX.MatchString(line):
			m := mdATX.FindStringSubmatch(line)
			kind, rest = fmt.Sprintf("h%d", len(m[1])), m[3]
		case para && mdSetext1.MatchString(line):
			out[len(out)-1] = "h1"
			para = false
			continue
		case para && mdBreak.MatchString(line) && strings.Trim(line, " -") == "":
			out[len(out)-1] = "h2"
			para = false
			continue
		case mdBreak.MatchString(line):
			kind, rest = "hr", ""
		case mdQuote.MatchString(line):
			kind, rest = "quote", strings.TrimLeft(line, " ")[1:]
		case mdItem.MatchString(line):
			kind, rest = "li", mdItem.FindStringSubmatch(line)[3]
		case mdHTML.MatchString(line):
			inHTML = true
			out = append(out, "html")
			continue
		case strings.HasPrefix(line, "|"):
			kind = fmt.Sprintf("table %d", tableCells(line))
		case !para && (strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")):
			out = append(out, "indented-code")
			continue
		}
		para = kind == "p"
		out = append(out, strings.TrimSpace(kind+" "+strings.Join(inlineMarkup(rest), " ")))
	}
	return out
}

// tableCells counts a table row's cells: GitHub splits a row at every
// pipe not escaped with a backslash, inside code spans too.
func tableCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	if strings.HasSuffix(strings.TrimSpace(line), "|") {
		return n - 1
	}
	return n
}

// inlineMarkup lists the inline markup of a line's text, in order.
func inlineMarkup(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0:
			i += 2
			continue
		case c == '`':
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			if end := closingRun(s[i+n:], n); end >= 0 {
				out = append(out, "code")
				i += n + end + n
			} else {
				i += n
			}
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			out = append(out, "image")
			i += 2
			continue
		case c == '[':
			out = append(out, "link")
		case c == '<' && i+1 < len(s) && strings.IndexByte("/!?", s[i+1]) >= 0 || c == '<' && i+1 < len(s) && isLetter(s[i+1]):
			out = append(out, "html")
		case c == '&' && mdEntity.MatchString(s[i:]):
			out = append(out, "entity")
		case c == '*' || c == '_' || c == '~':
			kind := "emph"
			if c == '~' {
				kind = "strike"
			}
			out = append(out, kind)
			for i < len(s) && s[i] == c {
				i++
			}
			continue
		case (i == 0 || !isWordByte(s[i-1])) && mdAutolink.MatchString(s[i:]):
			out = append(out, "autolink")
			for i < len(s) && s[i] != ' ' {
				i++
			}
			continue
		}
		i++
	}
	return out
}

// closingRun finds the next run of exactly n backticks in s.
func closingRun(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWordByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}
