package registry_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

// okDir holds valid registries with the quirks real ones have; each must
// parse, and the model must hold exactly what the fixture text says.
var okDir = filepath.Join("..", "..", "testdata", "ok")

// wantWarning is a warning expected at a line, its message containing msg.
type wantWarning struct {
	line int
	msg  string
}

type okCase struct {
	file     string
	header   func(t *testing.T, reg *registry.Registry) // extra header checks
	records  []registry.Record
	people   []registry.Person
	warnings []wantWarning
}

// Helpers to write expected values compactly.

func txt(s string) registry.Text { return registry.Text{{Kind: registry.SegText, Text: s}} }

func seg(s string) registry.Seg { return registry.Seg{Kind: registry.SegText, Text: s} }

func segX(typ, data string) registry.Seg {
	return registry.Seg{Kind: registry.SegXref, Xref: &registry.Xref{Type: typ, Data: data}}
}

var (
	segBr = registry.Seg{Kind: registry.SegBreak}
	segP  = registry.Seg{Kind: registry.SegParaStart}
	segEP = registry.Seg{Kind: registry.SegParaEnd}
)

func person(id string) registry.Xref { return registry.Xref{Type: "person", Data: id} }

func xrefs(x ...registry.Xref) []registry.Xref { return x }

// port fills the number fields of a record from the <number> text.
func port(r registry.Record, number string, lo, hi int) registry.Record {
	r.Number, r.HasNumber, r.Lo, r.Hi = number, true, lo, hi
	return r
}

const (
	title    = "Service Name and Transport Protocol Port Number Registry"
	category = "Service Names and Transport Protocol Port Numbers"
)

var okCases = []okCase{
	{
		// Legacy names outside RFC 6335 syntax are kept as written, with
		// a warning each; surrounding white space is trimmed.
		file: "names.xml",
		records: []registry.Record{
			port(registry.Record{Line: 7, Name: "sun rpc", Protocol: "tcp",
				Description: txt("SUN Remote Procedure Call")}, "111", 111, 111),
			port(registry.Record{Line: 13, Name: "subntbcst_tftp", Protocol: "udp",
				Contact: xrefs(person("John_Fake")), Description: txt("SUBNTBCST_TFTP")}, "247", 247, 247),
			port(registry.Record{Line: 20, Name: "z39.50", Protocol: "tcp",
				Contact: xrefs(person("Mark_Needleman")), Description: txt("ANSI Z39.50")}, "210", 210, 210),
			port(registry.Record{Line: 27, Updated: "2015-05-28", Name: "EtherNet/IP-1", Protocol: "udp",
				Contact: xrefs(person("Brian_Batke_2")), Description: txt("EtherNet/IP I/O"),
				Note: txt(`This entry is an alias to "EtherNet-IP-1".`)}, "2222", 2222, 2222),
			{Line: 35, Name: "whois++"},
			port(registry.Record{Line: 38, Name: "sql*net", Protocol: "tcp",
				Contact: xrefs(person("Jack_Haverty")), Description: txt("Oracle SQL*NET")}, "66", 66, 66),
			port(registry.Record{Line: 45, Name: "gopher", Protocol: "tcp",
				Description: txt("Gopher")}, "70", 70, 70),
			port(registry.Record{Line: 51, Name: "http", Protocol: "tcp",
				Description: txt("World Wide Web HTTP")}, "80", 80, 80),
		},
		people: []registry.Person{
			{Line: 58, ID: "Brian_Batke_2", Name: "Brian Batke", URIs: []string{"mailto:Brian_Batke&ra.rockwell.com"}},
			{Line: 62, ID: "Jack_Haverty", Name: "Jack Haverty", URIs: []string{"mailto:jack&lahaverty.com"}},
			{Line: 66, ID: "John_Fake", Name: "John Fake", URIs: []string{"mailto:fake&example.com"}},
			{Line: 70, ID: "Mark_Needleman", Name: "Mark Needleman", URIs: []string{"mailto:mhn&stubbs.ucop.edu"}},
		},
		warnings: []wantWarning{
			{46, `service name "  gopher " has surrounding white space; trimmed`},
			{7, `legacy service name "sun rpc"`},
			{13, `legacy service name "subntbcst_tftp"`},
			{20, `legacy service name "z39.50"`},
			{27, `legacy service name "EtherNet/IP-1"`},
			{35, `legacy service name "whois++"`},
			{38, `legacy service name "sql*net"`},
		},
	},
	{
		// Empty elements, records without protocol, without number, with
		// neither name nor number, an empty <protocol/>, an empty <people>.
		file: "empty-elements.xml",
		records: []registry.Record{
			port(registry.Record{Line: 7, Updated: "2023-11-16", Name: "", Protocol: "tcp",
				Description: txt("Reserved"), Note: txt("De-Assigned on 2023-11-16.")}, "359", 359, 359),
			port(registry.Record{Line: 14, Updated: "2024-12-20", Name: "ipps", Protocol: "tcp"}, "631", 631, 631),
			port(registry.Record{Line: 21, Updated: "2013-05-24", Description: txt("Reserved"),
				Note: txt("This entry is being removed on 2013-05-24.")}, "51", 51, 51),
			{Line: 26, Name: "whoispp", Description: txt("whois++")},
			{Line: 30, Protocol: "tcp"},
			port(registry.Record{Line: 33, Name: "gopher"}, "70", 70, 70),
		},
		warnings: []wantWarning{
			{30, "record has a protocol but neither a name nor a number"},
			{35, "empty <protocol/>; read as no protocol"},
		},
	},
	{
		// Ranges, a DCCP service code, <unauthorized>, SCTP, YYYY-MM dates.
		file: "ranges-dccp.xml",
		records: []registry.Record{
			port(registry.Record{Line: 7, Date: "2007-06", Updated: "2008-02", Name: "x11", Protocol: "tcp",
				Contact: xrefs(person("Stephen_Lau")), Description: txt("X Window System")}, "6000-6063", 6000, 6063),
			port(registry.Record{Line: 14, Protocol: "udp", Description: txt("Unassigned")}, "0-0", 0, 0),
			port(registry.Record{Line: 19, Protocol: "tcp", Description: txt("Dynamic and/or Private Ports")},
				"49152-65535", 49152, 65535),
			port(registry.Record{Line: 24, Date: "2004-11", Name: "discard", Protocol: "dccp",
				Contact: xrefs(person("Eddie_Kohler")), Refs: xrefs(registry.Xref{Type: "rfc", Data: "rfc4340"}),
				Description: txt("Discard"), ServiceCode: "1145656131"}, "9", 9, 9),
			port(registry.Record{Line: 33, Name: "finger", Protocol: "tcp",
				Contact: xrefs(person("David_Zimmerman")), Description: txt("Finger"),
				Unauthorized: txt("Unauthorized use by some mail users (see [RFC4146] for details)")}, "79", 79, 79),
			port(registry.Record{Line: 41, Name: "sctp-tunneling", Protocol: "sctp",
				Description: txt("SCTP Tunneling")}, "9899", 9899, 9899),
		},
		people: []registry.Person{
			{Line: 48, ID: "David_Zimmerman", Name: "David Zimmerman", URIs: []string{"mailto:dpz&rutgers.edu"}},
			{Line: 52, ID: "Eddie_Kohler", Name: "Eddie Kohler", URIs: []string{"mailto:kohler&cs.ucla.edu"}},
			{Line: 56, ID: "Stephen_Lau", Name: "Stephen Lau", URIs: []string{"mailto:steve&example.org"}, Updated: "2008-02"},
		},
	},
	{
		// Mixed content: <br/>, <paragraph>, inline xrefs, entities;
		// xrefs with section, with text, of type text and note; the
		// registry header's notes and footnote.
		file: "mixed-content.xml",
		header: func(t *testing.T, reg *registry.Registry) {
			eq(t, "Expert", reg.Expert, "TCP/UDP: Joe Touch\nSCTP: Michael Tuexen")
			eq(t, "Notes", reg.Notes, []registry.Note{
				{Text: registry.Text{
					seg("\nService names are assigned on a first-come, first-served process, as\ndocumented in "),
					segX("rfc", "rfc6335"),
					seg(".\n"),
				}},
				{Title: "Request an Assignment", Text: registry.Text{
					seg("\n  "), segX("uri", "https://www.iana.org/protocols/apply"), seg("\n"),
				}},
			})
			eq(t, "Footnote", reg.Footnote, []registry.Footnote{
				{Anchor: "1", Text: txt("It is only appropriate to use these values in explicitly-\nconfigured experiments.")},
			})
		},
		records: []registry.Record{
			port(registry.Record{Line: 16, Name: "whoispp", Protocol: "tcp",
				Contact: xrefs(person("Rickard_Schoultz")),
				Description: registry.Text{seg("whois++"), segBr, segBr,
					seg("\nIANA assigned this well-formed service name as a replacement for \"whois++\".")},
			}, "63", 63, 63),
			port(registry.Record{Line: 24, Date: "2022-11-22", Updated: "2022-12-15", Name: "wot", Protocol: "udp",
				Description: registry.Text{seg("W3C WoT"), segP, seg("See "), segX("rfc", "rfc6763"), seg(" & TXT keys"), segEP},
				Note: registry.Text{seg("\n      "), segP, seg("Defined TXT keys:"), segEP,
					seg("\n      "), segP, seg("td: <path>"), segEP, seg("\n    ")},
			}, "5683", 5683, 5683),
			port(registry.Record{Line: 34, Name: "snif", Protocol: "tcp",
				Description: txt("Simple Network Interface Framework"),
				Refs: xrefs(registry.Xref{Type: "draft", Data: "draft-zubov-snif-05", Section: "4.3",
					Text: "draft-zubov-snif-05, Section 4.3"}),
			}, "7252", 7252, 7252),
			port(registry.Record{Line: 41, Name: "new-rwho", Protocol: "udp",
				Refs: xrefs(registry.Xref{Type: "text", Text: "n/a"}), Description: txt("new-who"),
			}, "550", 550, 550),
			port(registry.Record{Line: 48, Name: "ictp", Protocol: "tcp",
				Description: txt("Inter-Channel Termination Protocol (ICTP)"),
				Refs: xrefs(
					registry.Xref{Type: "uri", Data: "https://www.broadband-forum.org/technical/download/TR-352.pdf", Text: "TR-352"},
					registry.Xref{Type: "text", Text: "Inter-Channel-Termination protocol (ICTP) is a peer-to-peer protocol with\n      a binary message format."},
				),
			}, "7202", 7202, 7202),
			port(registry.Record{Line: 57, Name: "exp1", Protocol: "tcp",
				Refs:        xrefs(registry.Xref{Type: "note", Data: "1"}, registry.Xref{Type: "rfc", Data: "rfc4727"}),
				Description: txt("RFC3692-style Experiment 1"),
			}, "1021", 1021, 1021),
		},
		people: []registry.Person{
			{Line: 69, ID: "Rickard_Schoultz", Name: "Rickard Schoultz", URIs: []string{"mailto:schoultz&sunet.se"}},
		},
	},
	{
		// Assignee plus contact, contacts missing from <people> (one
		// warning per id), several <uri>s, org-only people, YYYY-MM dates.
		file: "people.xml",
		records: []registry.Record{
			port(registry.Record{Line: 7, Updated: "2021-10-01", Name: "http", Protocol: "tcp",
				Assignee: xrefs(person("IESG")), Description: txt("World Wide Web HTTP"),
				Contact: xrefs(person("IETF_Chair")), Refs: xrefs(registry.Xref{Type: "rfc", Data: "rfc9110"}),
			}, "80", 80, 80),
			port(registry.Record{Line: 18, Date: "2007-06", Name: "oob-ws-http", Protocol: "tcp",
				Contact: xrefs(person("Jim_Davis")), Description: txt("DMTF out-of-band web services management protocol"),
			}, "623", 623, 623),
			port(registry.Record{Line: 25, Name: "jms", Protocol: "tcp",
				Contact: xrefs(person("David_Walend"), person("Jim_Davis")), Description: txt("Java Message Service"),
			}, "5673", 5673, 5673),
		},
		people: []registry.Person{
			{Line: 34, ID: "David_Walend", Name: "David Walend",
				URIs: []string{"mailto:david&walend.net", "mailto:dev&salutafugijms.dev.java.net"}},
			{Line: 39, ID: "IESG", Org: "IESG", URIs: []string{"mailto:iesg&ietf.org"}, Updated: "2010-08"},
			{Line: 44, ID: "sn_w_of_renegade_lab", Org: "sn0w of renegade labs",
				URIs: []string{"mailto:sn0w&devious.tsongkie.com"}, Updated: "2003-11"},
		},
		warnings: []wantWarning{
			{7, `person "IETF_Chair" is not in <people>`},
			{18, `person "Jim_Davis" is not in <people>`},
		},
	},
	{
		// A UTF-8 byte-order mark is legal XML: ignored, with a warning.
		file: "utf8-bom.xml",
		records: []registry.Record{
			port(registry.Record{Line: 7, Name: "echo", Protocol: "tcp",
				Contact: xrefs(person("Jon_Postel")), Description: txt("Echo")}, "7", 7, 7),
		},
		people: []registry.Person{
			{Line: 15, ID: "Jon_Postel", Name: "Jon Postel", URIs: []string{"mailto:postel&isi.edu"}, Updated: "2006-09-25"},
		},
		warnings: []wantWarning{{1, "byte-order mark"}},
	},
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v\nwant %#v", what, got, want)
	}
}

// fields compares two structs field by field, naming each field that
// differs.
func fields(t *testing.T, what string, got, want any) {
	t.Helper()
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < g.NumField(); i++ {
		gf, wf := g.Field(i).Interface(), w.Field(i).Interface()
		if !reflect.DeepEqual(gf, wf) {
			t.Errorf("%s: %s = %#v, want %#v", what, g.Type().Field(i).Name, gf, wf)
		}
	}
}

func TestFixtures(t *testing.T) {
	for _, c := range okCases {
		t.Run(strings.TrimSuffix(c.file, ".xml"), func(t *testing.T) {
			path := filepath.Join(okDir, c.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r := parseBounded(t, func() (*registry.Registry, error) {
				return registry.ParseFile(path, registry.Options{})
			})
			if r.err != nil {
				t.Fatalf("valid fixture refused: %v", r.err)
			}
			reg := r.reg

			sum := sha256.Sum256(data)
			eq(t, "File", reg.File, path)
			eq(t, "SHA256", reg.SHA256, hex.EncodeToString(sum[:]))
			eq(t, "Size", reg.Size, int64(len(data)))
			eq(t, "ID", reg.ID, "service-names-port-numbers")
			eq(t, "Title", reg.Title, title)
			eq(t, "Category", reg.Category, category)
			eq(t, "Updated", reg.Updated, "2025-12-01")
			eq(t, "Xrefs", reg.Xrefs, []registry.Xref{{Type: "rfc", Data: "rfc6335"}})
			if c.header != nil {
				c.header(t, reg)
			} else {
				eq(t, "Expert", reg.Expert, "")
				eq(t, "Notes", len(reg.Notes), 0)
				eq(t, "Footnote", len(reg.Footnote), 0)
			}

			if len(reg.Records) != len(c.records) {
				t.Errorf("%d records, want %d", len(reg.Records), len(c.records))
			}
			for i := 0; i < len(reg.Records) && i < len(c.records); i++ {
				fields(t, "record "+reg.Records[i].Name, reg.Records[i], c.records[i])
			}

			if len(reg.People) != len(c.people) {
				t.Errorf("%d people, want %d", len(reg.People), len(c.people))
			}
			for i := 0; i < len(reg.People) && i < len(c.people); i++ {
				fields(t, "person "+c.people[i].ID, reg.People[i], c.people[i])
			}

			if len(reg.Warnings) != len(c.warnings) {
				t.Errorf("%d warnings, want %d: %+v", len(reg.Warnings), len(c.warnings), reg.Warnings)
			}
			for i := 0; i < len(reg.Warnings) && i < len(c.warnings); i++ {
				got, want := reg.Warnings[i], c.warnings[i]
				if got.Line != want.line || !strings.Contains(got.Msg, want.msg) {
					t.Errorf("warning %d = line %d %q, want line %d containing %q", i, got.Line, got.Msg, want.line, want.msg)
				}
			}
		})
	}
}

// TestFixturesComplete keeps okCases and the ok directory in step.
func TestFixturesComplete(t *testing.T) {
	var cases []string
	for _, c := range okCases {
		cases = append(cases, c.file)
	}
	checkComplete(t, okDir, "okCases", cases)
}
