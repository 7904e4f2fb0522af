package overlayref

import (
	"strings"

	"github.com/svcreg/ianaports/internal/fixture"
)

// CorpusFile is a services(5) file of the parity corpus.
type CorpusFile struct {
	Name string
	Data []byte
	// RefusedAt is the line the generator refuses the file at, 0 when it
	// accepts the file: where net.LookupPort's reader could not agree
	// with the tables, the file is refused.
	RefusedAt int
}

// CorpusRegistry is a registry for the corpus: names the corpus also
// gives locally, in other spellings and on other protocols, and names it
// leaves alone, so that where net has no answer the tables must fall
// back to these records.
const CorpusRegistry = `<?xml version='1.0' encoding='UTF-8'?>
<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">
  <title>Service Name and Transport Protocol Port Number Registry</title>
  <updated>2026-08-17</updated>
  <record><name>ssh</name><protocol>tcp</protocol><number>22</number><description>SSH</description></record>
  <record><name>http</name><protocol>tcp</protocol><number>80</number><description>HTTP</description></record>
  <record><name>http</name><protocol>udp</protocol><number>80</number><description>HTTP</description></record>
  <record><name>www</name><protocol>tcp</protocol><number>80</number><description>HTTP</description></record>
  <record><name>dicom</name><protocol>tcp</protocol><number>104</number><description>DICOM</description></record>
  <record><name>Clearcase</name><protocol>udp</protocol><number>371</number><description>Clearcase</description></record>
  <record><name>foo</name><protocol>tcp</protocol><number>999</number><description>foo</description></record>
  <record><name>foo</name><protocol>udp</protocol><number>998</number><description>foo</description></record>
  <record><name>camel</name><protocol>tcp</protocol><number>3999</number><description>camel</description></record>
  <record><name>baz</name><protocol>udp</protocol><number>5000</number><description>baz</description></record>
  <record><name>webdav</name><description>name only</description></record>
  <record><name>domain</name><number>53</number><description>DNS</description></record>
</registry>
`

// commentPad writes line, then a comment that brings it to n bytes.
func commentPad(line string, n int) string {
	return line + " #" + strings.Repeat("x", n-len(line)-2)
}

// Corpus returns services(5) files with every shape that could make the
// generator's reading differ from net.LookupPort's (fixture.NetRead): names that
// differ in case across and within lines, names in Go's built-in table,
// lines at and past net's 64 KiB buffer, with and without a newline,
// blanks, CR, comments and '#' inside fields, duplicate aliases, port 0,
// 65535 and 65536, missing and other protocols, names of 25 and 26
// bytes, and empty files.
func Corpus() []CorpusFile {
	long26 := strings.Repeat("n", 26)
	aliases := "many 4011/tcp"
	for i := 0; len(aliases) < 70000; i++ {
		aliases += " alias-" + strings.Repeat("a", i%10)
	}
	type file struct {
		name, data string
		refusedAt  int
	}
	files := []file{
		{"case-later", "foo 1000/tcp\nFoo 2000/tcp\n", 0},
		{"case-earlier", "Foo 2000/tcp\nfoo 1000/tcp\nFOO 3000/udp foo\nfoo 3001/udp FOO\n", 0},
		{"case-aliases", "bar 3000/udp BAZ\nbaz 3001/udp\nQux 3002/udp qux\nqux 3003/udp QUX\nclearcase 371/udp Clearcase\nCAMEL 3004/tcp\nCamel 3005/tcp camel\n", 0},
		{"case-builtin", "HTTP 8080/tcp\nSsh 2222/tcp\ngopher 7070/tcp\nDomain 5353/udp\n", 0},
		{"case-only", "WWW 81/udp\nCamelLocal 7101/tcp camellocal-alias\n", 0},
		{"long-line-65535", "before 4000/tcp\n" + commentPad("long 4001/tcp", fixture.NetBuffer-1) + "\nafter 4002/tcp\n", 0},
		{"long-line-65536", "before 4000/tcp\n" + commentPad("long 4001/tcp", fixture.NetBuffer) + "\nafter 4002/tcp\n", 2},
		{"long-line-crlf", "before 4000/tcp\r\n" + commentPad("long 4001/tcp", fixture.NetBuffer-1) + "\r\nafter 4002/tcp\r\n", 2},
		{"long-line-aliases", "first 4010/tcp\n" + aliases + "\nlast 4012/tcp\n", 2},
		{"long-last-line-65535", "first 4020/tcp\n" + commentPad("last 4021/tcp", fixture.NetBuffer-1), 0},
		{"long-last-line-65536", "first 4020/tcp\n" + commentPad("last 4021/tcp", fixture.NetBuffer), 2},
		{"blanks", "tabbed\t4100/tcp\ttab-alias\r\ncr 4101/udp\r\n\r\n\tindented 4102/tcp  \n   \t\n  spaced   4103/udp   x-alias  \n", 0},
		{"comments", "# comment\n#\n  # indented 9/tcp\nok 4201/tcp # trailing # more\nok2 4202/udp#tight\nok3 4203/tcp alias3#gone 4204/tcp\n", 0},
		{"hash-in-name", "ok 4200/tcp\nhash#name 4205/tcp\n", 2},
		{"hash-in-port", "name 42#06/tcp\n", 1},
		{"duplicates", "dup 4300/tcp dup dup-alias dup-alias\ndup 4301/udp DUP dup\ndicom 104/tcp\ndicom 11112/tcp\nDicom 11113/tcp\n", 0},
		{"port-0", "zero 0/tcp\n", 1},
		{"port-00", "ok 1/tcp\nzero 00/udp\n", 2},
		{"port-65536", "ok 1/tcp\nbig 65536/tcp\n", 2},
		{"port-edges", "top 65535/udp\nlow 1/tcp\nzeros 0080/tcp\n", 0},
		{"no-protocol", "ok 1/tcp\nnoproto 4400\n", 2},
		{"empty-protocol", "noproto 4400/\n", 1},
		{"upper-protocol", "x 4401/TCP\n", 1},
		{"name-only", "lonely\n", 1},
		{"empty", "", 0},
		{"only-comments", "# nothing here\n\n   \n#x 1/tcp\n", 0},
		{"other-protocols", "rtmp 1/ddp\nx 4500/sctp X\ny 4501/dccp\nx 4502/tcp\nY 4503/udp\n", 0},
		{"name-25", strings.Repeat("n", 25) + " 4600/tcp " + strings.Repeat("A", 24) + "b\n", 0},
		{"name-26", "ok 1/tcp\n" + long26 + " 4601/tcp\n", 2},
		{"iana-names", "http 8080/tcp www\nfoo 997/udp\nssh 22/udp\nwebdav 8081/tcp\ndomain 5353/udp\n", 0},
		{"no-final-newline", "first 4700/tcp\nlast 4701/tcp lastalias", 0},
	}
	out := make([]CorpusFile, len(files))
	for i, f := range files {
		out[i] = CorpusFile{Name: f.name + ".services", Data: []byte(f.data), RefusedAt: f.refusedAt}
	}
	return out
}

// Names lists every name and alias of a services(5) file once, in file
// order: each field of each line but the second (the port), split as
// net splits them, a '#' and what follows dropped. It reads past lines
// net would not reach, so that a test also asks what net does not know.
func Names(data []byte) []string {
	seen := map[string]bool{}
	var names []string
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		for i, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }) {
			if i != 1 && !seen[f] {
				seen[f] = true
				names = append(names, f)
			}
		}
	}
	return names
}
