package registry

import (
	"reflect"
	"testing"
)

// Shorthands for building mixed content by hand.
func txt(s string) Seg { return Seg{Kind: SegText, Text: s} }
func xr(typ, data string) Seg {
	return Seg{Kind: SegXref, Xref: &Xref{Type: typ, Data: data}}
}

var (
	br = Seg{Kind: SegBreak}
	ps = Seg{Kind: SegParaStart}
	pe = Seg{Kind: SegParaEnd}
)

// Every expected value below is what IANA's CSV of 2026-04-24 holds for
// the record named in the comment, given that record's XML.
func TestPlain(t *testing.T) {
	for _, c := range []struct {
		name string
		in   Text
		want string
	}{
		{"empty", nil, ""},
		// echo/tcp: plain text is kept.
		{"simple", Text{txt("Echo")}, "Echo"},
		// acr-nema: entities are decoded by the parser and kept.
		{"entity", Text{txt("ACR-NEMA Digital Imag. & Comm. 300")}, "ACR-NEMA Digital Imag. & Comm. 300"},
		// personal-agent: trailing white space of <unauthorized> is trimmed.
		{"trim", Text{txt("Known UNAUTHORIZED USEs on port 5555\n    ")}, "Known UNAUTHORIZED USEs on port 5555"},
		// port 2/tcp (Reserved): an inline person xref becomes [Id].
		{"person xref",
			Text{txt("De-assigned on 2025-02-13, previously compressnet by "), xr("person", "Bernie_Volz")},
			"De-assigned on 2025-02-13, previously compressnet by [Bernie_Volz]"},
		// recipe-sharing (note): an inline uri xref becomes [uri].
		{"uri xref",
			Text{txt("Defined TXT keys: "), xr("uri", "http://www.recipemanager.org/rsp/rsp10draft.html#dnssd")},
			"Defined TXT keys: [http://www.recipemanager.org/rsp/rsp10draft.html#dnssd]"},
		// whoispp/tcp: "<br/><br/>\n" is a single line break.
		{"double br",
			Text{txt("whois++"), br, br, txt("\nIANA assigned this well-formed service name as a replacement for \"whois++\".")},
			"whois++\nIANA assigned this well-formed service name as a replacement for \"whois++\"."},
		// acmaint-dbd/tcp: leading "<br/><br/>\n" disappears with the trim.
		{"leading br",
			Text{br, br, txt("\nIANA assigned this well-formed service name as a replacement for \"acmaint_dbd\".")},
			"IANA assigned this well-formed service name as a replacement for \"acmaint_dbd\"."},
		// esri-sde/tcp: the indentation after "<br/><br/>\n" is kept.
		{"br indent",
			Text{txt("ESRI SDE Instance"), br, br, txt("\n    IANA assigned this well-formed service name as a replacement for \"esri_sde\".")},
			"ESRI SDE Instance\n    IANA assigned this well-formed service name as a replacement for \"esri_sde\"."},
		// erp-scale (note): "<br/>\n  " keeps the two-space indent.
		{"single br",
			Text{txt("Defined TXT keys:"), br, txt("\n  RFC=<RFC destination and status>"), br, txt("\n  Device=<Scale device and status>")},
			"Defined TXT keys:\n  RFC=<RFC destination and status>\n  Device=<Scale device and status>"},
		// No record has a <br/> without a newline after it; it is read as a
		// line break (see Plain, rule 3).
		{"br without newline", Text{txt("a"), br, txt("b")}, "a\nb"},
		// adaptive-rn/tcp: blank, newline, indentation is a wrapped line:
		// joined with one space.
		{"unwrap",
			Text{txt("ARN (Adaptive Routing Notification) is a protocol designed to enable \n      dynamic routing adjustments")},
			"ARN (Adaptive Routing Notification) is a protocol designed to enable dynamic routing adjustments"},
		// pblr (note): a trailing blank before an unindented line is kept.
		{"trailing blank, no indent",
			Text{txt("Defined TXT keys: \nenabled=<true|false> API is enabled/disabled\naccmode=<read|readwrite> Access mode of the API")},
			"Defined TXT keys: \nenabled=<true|false> API is enabled/disabled\naccmode=<read|readwrite> Access mode of the API"},
		// www-http/tcp (note): an indented line without a trailing blank
		// before it is kept, indentation included.
		{"indent, no trailing blank",
			Text{txt("This is a duplicate of the \"http\" service and should not be used for discovery purposes.\n      u=<username> p=<password> path=<path to document>\n        (see txtrecords.html#http)")},
			"This is a duplicate of the \"http\" service and should not be used for discovery purposes.\n      u=<username> p=<password> path=<path to document>\n        (see txtrecords.html#http)"},
		// wot/tcp (note): paragraphs; each starts with eight spaces, the
		// XML's "\n      " between them is kept, the ends are trimmed.
		{"paragraphs",
			Text{
				txt("\n      "), ps, txt("Defined TXT keys:"), pe,
				txt("\n      "), ps, txt("td: Absolute pathname of the Thing Description of the Thing or Thing Description of the Thing\n      Description Directory."), pe,
				txt("\n      "), ps, txt("type: Type of the Thing Description, i.e. \"Thing\" or \"Directory\". If omitted, the type is assumed\n      to be Thing."), pe,
				txt("\n    "),
			},
			"Defined TXT keys:\n              td: Absolute pathname of the Thing Description of the Thing or Thing Description of the Thing\n      Description Directory.\n              type: Type of the Thing Description, i.e. \"Thing\" or \"Directory\". If omitted, the type is assumed\n      to be Thing."},
	} {
		if got := c.in.Plain(); got != c.want {
			t.Errorf("%s: Plain() =\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
}

func TestLabel(t *testing.T) {
	for _, c := range []struct {
		name string
		in   Xref
		want string
	}{
		// tcpmux/tcp: a person is its id.
		{"person", Xref{Type: "person", Data: "Mark_Lottor"}, "[Mark_Lottor]"},
		// port 0/tcp: rfc data is upper-cased.
		{"rfc", Xref{Type: "rfc", Data: "rfc6335"}, "[RFC6335]"},
		// daytime/tcp: no zero padding is added.
		{"rfc short", Xref{Type: "rfc", Data: "rfc867"}, "[RFC867]"},
		// dns-push-tls/tcp: an rfc xref with text shows the text.
		{"rfc text", Xref{Type: "rfc", Data: "rfc8765", Text: "RFC8765, Section 6.1"}, "[RFC8765, Section 6.1]"},
		// smtp/tcp: a draft is its data as written.
		{"draft", Xref{Type: "draft", Data: "RFC-ietf-emailcore-rfc5321bis-43"}, "[RFC-ietf-emailcore-rfc5321bis-43]"},
		// xahaud/tcp: a uri without text is the uri.
		{"uri", Xref{Type: "uri", Data: "https://xahau.network"}, "[https://xahau.network]"},
		// pon-ictp/tcp: a uri with text shows the text.
		{"uri text", Xref{Type: "uri", Data: "https://www.broadband-forum.org/technical/download/TR-352.pdf", Text: "TR-352"}, "[TR-352]"},
		// new-rwho/tcp: a text reference is its text.
		{"text", Xref{Type: "text", Text: "n/a"}, "[n/a]"},
		// xadmin/tcp: text is kept verbatim, entities decoded.
		{"text entities", Xref{Type: "text", Text: "Ari√´n Huisken <xadmin&huisken-systems.nl> 15 June 2009"}, "[Ari√´n Huisken <xadmin&huisken-systems.nl> 15 June 2009]"},
		// pon-ictp/tcp: text is cleaned like Plain: a wrapped line
		// ("(CT) \n      comprising") is joined, a plain newline kept.
		{"text unwrap",
			Xref{Type: "text", Text: "peer-to-peer protocol with\n      a binary message format (CT) \n      comprising a 40-Gigabit"},
			"[peer-to-peer protocol with\n      a binary message format (CT) comprising a 40-Gigabit]"},
		// exp1/tcp: a footnote reference is its anchor.
		{"note", Xref{Type: "note", Data: "1"}, "[1]"},
		// snif/tcp in the 2026-08-17 registry: a section reference with
		// the conventional text.
		{"section text", Xref{Type: "draft", Data: "draft-zubov-snif-05", Section: "4.3", Text: "draft-zubov-snif-05, Section 4.3"}, "[draft-zubov-snif-05, Section 4.3]"},
		// The same without text (no such record): the fallback agrees.
		{"section", Xref{Type: "draft", Data: "draft-zubov-snif-05", Section: "4.3"}, "[draft-zubov-snif-05, Section 4.3]"},
	} {
		if got := c.in.Label(); got != c.want {
			t.Errorf("%s: Label() = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLabels(t *testing.T) {
	// imap/tcp: several references are concatenated.
	got := Labels([]Xref{{Type: "rfc", Data: "rfc3501"}, {Type: "rfc", Data: "rfc9051"}})
	if want := "[RFC3501][RFC9051]"; got != want {
		t.Errorf("Labels = %q, want %q", got, want)
	}
	if got := Labels(nil); got != "" {
		t.Errorf("Labels(nil) = %q, want empty", got)
	}
}

func TestAssigneeContact(t *testing.T) {
	p := func(id string) Xref { return Xref{Type: "person", Data: id} }
	for _, c := range []struct {
		name              string
		rec               Record
		assignee, contact []string
	}{
		// tcpmux/tcp: one bare person xref is both assignee and contact.
		{"bare only", Record{Contact: []Xref{p("Mark_Lottor")}},
			[]string{"Mark_Lottor"}, []string{"Mark_Lottor"}},
		// nas/tcp: two bare person xrefs fill both columns.
		{"two bare", Record{Contact: []Xref{p("Vera_Heinau"), p("Heiko_Schlichting")}},
			[]string{"Vera_Heinau", "Heiko_Schlichting"}, []string{"Vera_Heinau", "Heiko_Schlichting"}},
		// geognosisadmin/tcp: an <assignee> and a bare person xref.
		{"both", Record{Assignee: []Xref{p("Computer_Aided_Development_Corporation_Ltd")}, Contact: []Xref{p("Martin_Daly")}},
			[]string{"Computer_Aided_Development_Corporation_Ltd"}, []string{"Martin_Daly"}},
		// h323hostcall/sctp: an <assignee> alone leaves Contact empty.
		{"assignee only", Record{Assignee: []Xref{p("ITU-T")}},
			[]string{"ITU-T"}, nil},
		// port 4/tcp (Unassigned): nobody.
		{"none", Record{}, nil, nil},
	} {
		if got := c.rec.AssigneeIDs(); !reflect.DeepEqual(got, c.assignee) {
			t.Errorf("%s: AssigneeIDs = %q, want %q", c.name, got, c.assignee)
		}
		if got := c.rec.ContactIDs(); !reflect.DeepEqual(got, c.contact) {
			t.Errorf("%s: ContactIDs = %q, want %q", c.name, got, c.contact)
		}
	}
}

func TestPortText(t *testing.T) {
	for _, c := range []struct {
		rec  Record
		want string
	}{
		{Record{Number: "80", HasNumber: true, Lo: 80, Hi: 80}, "80"},                   // http
		{Record{Number: "6000-6063", HasNumber: true, Lo: 6000, Hi: 6063}, "6000-6063"}, // x11
		{Record{}, ""}, // wot: name only
	} {
		if got := c.rec.PortText(); got != c.want {
			t.Errorf("PortText(%q) = %q, want %q", c.rec.Number, got, c.want)
		}
	}
}
