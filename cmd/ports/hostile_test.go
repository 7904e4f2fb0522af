package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/internal/fixture"
)

// TestExportOutputFollowsTheKernel writes export -o through a symlinked
// directory holding relative links, a chain of links, a dangling link
// and a ".." after a link: each time the export lands where the kernel
// resolves the path, the links stay links, and the files a text join of
// the link's target would pick are untouched.
func TestExportOutputFollowsTheKernel(t *testing.T) {
	var want bytes.Buffer
	export.CSV(&want)
	root := t.TempDir()
	for _, d := range []string{"s/deep", "w"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"s/out.csv", "w/out.csv", "s/c.csv", "w/c.csv"} {
		if err := os.WriteFile(filepath.Join(root, f), []byte("old "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range [][2]string{
		{"../out.csv", "s/deep/out.csv"},  // relative, inside the linked directory
		{"../s/deep", "w/link"},           // the symlinked directory
		{"../c.csv", "s/deep/c1"},         // a chain: c2 -> c1 -> s/c.csv
		{"c1", "s/deep/c2"},               //
		{"../new.csv", "s/deep/dangling"}, // its target does not exist yet
	} {
		if err := os.Symlink(l[0], filepath.Join(root, l[1])); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	w := filepath.Join(root, "w")
	for _, tc := range []struct{ out, lands, spared string }{
		{"link/out.csv", "s/out.csv", "w/out.csv"},
		{"link/c2", "s/c.csv", "w/c.csv"},
		{"link/dangling", "s/new.csv", "w/new.csv"},
		{"link/../fresh.csv", "s/fresh.csv", "fresh.csv"},
	} {
		mustRun(t, 0, "export", "csv", "-o", w+string(filepath.Separator)+tc.out)
		if got, err := os.ReadFile(filepath.Join(root, tc.lands)); err != nil || !bytes.Equal(got, want.Bytes()) {
			t.Errorf("-o w/%s: %s does not hold the export (%v)", tc.out, tc.lands, err)
		}
		if got, err := os.ReadFile(filepath.Join(root, tc.spared)); err == nil && !bytes.HasPrefix(got, []byte("old ")) {
			t.Errorf("-o w/%s overwrote %s", tc.out, tc.spared)
		}
	}
	for _, l := range []string{"s/deep/out.csv", "w/link", "s/deep/c1", "s/deep/c2", "s/deep/dangling"} {
		if fi, err := os.Lstat(filepath.Join(root, l)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", l)
		}
	}
}

// TestConcurrentExports is issue 19's: 12 exports to one file at once.
// Each run's clean-up used to delete the others' temporary files, and 11
// failed with "rename …: no such file or directory". Every run must
// succeed, and the file must be one complete export.
func TestConcurrentExports(t *testing.T) {
	var want bytes.Buffer
	if err := export.JSON(&want); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.json")
	const n = 12
	type result struct {
		code   int
		stderr string
	}
	results := make(chan result, n)
	start := make(chan struct{})
	for range n {
		go func() {
			<-start
			var o, e bytes.Buffer
			code := run([]string{"export", "json", "-o", out}, &o, &e, 0)
			results <- result{code, e.String()}
		}()
	}
	close(start)
	for range n {
		if r := <-results; r.code != 0 {
			t.Errorf("a concurrent export failed: exit %d: %s", r.code, r.stderr)
		}
	}
	if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("the file is not one complete export (%d bytes, want %d; %v)", len(got), want.Len(), err)
	}
	if es, _ := os.ReadDir(filepath.Dir(out)); len(es) != 1 {
		t.Errorf("left beside the export: %v", es)
	}
}

// hostileText holds every kind of character that must not reach a
// terminal or split a record: line breaks, a tab, an escape sequence,
// C1 controls, bidi controls, a line separator, a byte-order mark,
// invalid UTF-8, and a backslash (escaped so that no escape is
// ambiguous).
var hostileText = []string{
	"two\nlines", "tab\there", "cr\rreturn", "\x1b[31mred\x1b[0m", "csi\u009b2J", "nel\u0085x",
	"\u202eevil\u202c", "iso\u2066late\u2069", "lrm\u200e", "sep\u2028x", "\ufeffbom", "bad\xffutf8", `back\slash`,
}

// rawHazard reports the first character of out, other than the
// separators the layout itself writes (sep), that could act on a
// terminal or split a line.
func rawHazard(out string, sep ...rune) (rune, bool) {
	for i, r := range out {
		if slices.Contains(sep, r) {
			continue
		}
		if r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD") || !strconv.IsPrint(r) {
			return r, true
		}
	}
	return 0, false
}

// TestTableEscapes: whatever registry text holds, the table and
// --script layouts print one row per line (--script with exactly one
// tab between fields) and no character that could act on a terminal:
// each is shown as its Go escape.
func TestTableEscapes(t *testing.T) {
	for _, script := range []bool{false, true} {
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		tb := newTable(w, options{script: script, width: 60}, "A", "B", "C").flexible(2)
		writeTable(tb, slices.Values(hostileText), func(c []string, s string) []string {
			return append(c, "x", s, s+" "+s)
		})
		w.Flush()
		out := b.String()
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		wantLines := len(hostileText)
		if !script {
			wantLines++ // the header
		}
		if len(lines) != wantLines {
			t.Errorf("script %v: %d lines for %d rows:\n%s", script, len(lines), len(hostileText), out)
		}
		seps := []rune{'\n'}
		if script {
			seps = append(seps, '\t')
			for _, l := range lines {
				if strings.Count(l, "\t") != 2 {
					t.Errorf("--script row %q: want 3 fields", l)
				}
			}
		}
		if r, ok := rawHazard(out, seps...); ok {
			t.Errorf("script %v: raw %U in the output:\n%s", script, r, out)
		}
		for _, want := range []string{`two\nlines`, `tab\there`, `\x1b[31mred`, `csi\u009b2J`, `\u202eevil\u202c`, `sep\u2028x`, `\ufeffbom`, `bad\xffutf8`, `back\\slash`} {
			if !strings.Contains(out, want) {
				t.Errorf("script %v: the output lacks %s:\n%s", script, want, out)
			}
		}
	}
}

// hostileRegistry is a registry whose text holds what must never reach a
// terminal raw: C1 and bidi controls in a description's first line, a
// line break and a forged heading after it, a person whose name spans
// two lines and whose organisation reorders text, a bidi control in the
// title.
const hostileRegistry = `<?xml version='1.0' encoding='UTF-8'?>
<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">
  <title>Service Name and Transport Protocol Port Number Registry &#x202e;x</title>
  <updated>2026-08-17</updated>
  <record>
    <name>hostile</name>
    <protocol>tcp</protocol>
    <number>7072</number>
    <description>csi&#x9b;2J bidi &#x202e;evil&#x202c; tab&#9;x&#10;## FORGED heading</description>
    <assignee><xref type="person" data="Jo"/></assignee>
    <note>note&#10;FORGED</note>
  </record>
  <people>
    <person id="Jo">
      <name>Jo&#10;FORGED</name>
      <org>Org &#x2066;isolated&#x2069; &#x85;nel</org>
    </person>
  </people>
</registry>
`

// TestHostileRegistryOutput builds this command against tables generated
// from hostileRegistry and looks at what reaches the terminal: --script
// keeps one record per line with one tab between fields, the table one
// row per line, person and version show every field escaped, the
// services export's comment is one line of printable characters, and the
// CSV export keeps IANA's bytes as they are.
func TestHostileRegistryOutput(t *testing.T) {
	fixture.Long(t)
	in := filepath.Join(t.TempDir(), "hostile.xml")
	if err := os.WriteFile(in, []byte(hostileRegistry), 0o644); err != nil {
		t.Fatal(err)
	}
	run := buildWith(t, "-in", in)
	for _, args := range [][]string{{"--script", "7072"}, {"7072"}, {"--wide", "hostile"}, {"person", "Jo"}, {"--script", "person", "Jo"}, {"version"}} {
		out := run(args...)
		if r, ok := rawHazard(out, '\n', '\t'); ok {
			t.Errorf("ports %s: raw %U:\n%s", strings.Join(args, " "), r, out)
		}
		if strings.Contains(out, "\nFORGED") || strings.Contains(out, "\n## FORGED") {
			t.Errorf("ports %s: the registry's text starts a line:\n%s", strings.Join(args, " "), out)
		}
	}
	script := strings.TrimSuffix(run("--script", "7072"), "\n")
	if strings.Count(script, "\n") != 0 || strings.Count(script, "\t") != 4 || !strings.Contains(script, `csi\u009b2J bidi \u202eevil\u202c tab\tx`) || !strings.Contains(script, `Jo\nFORGED`) {
		t.Errorf("ports --script 7072: want one record, five fields, escaped:\n%q", script)
	}
	if v := run("version"); !strings.Contains(v, `Registry \u202ex`) {
		t.Errorf("ports version: the title is not escaped:\n%s", v)
	}
	if person := run("person", "Jo"); !strings.Contains(person, `Org \u2066isolated\u2069 \u0085nel`) {
		t.Errorf("ports person Jo: the organisation is not escaped:\n%s", person)
	}
	if services := run("export", "services"); !strings.Contains(services, "# csi 2J bidi  evil  tab x") {
		t.Errorf("export services: the comment is not one safe line:\n%s", services)
	} else if r, ok := rawHazard(services, '\n'); ok {
		t.Errorf("export services: raw %U", r)
	}
	if csv := run("export", "csv"); !strings.Contains(csv, "csi\u009b2J bidi \u202eevil\u202c tab\tx\n## FORGED heading") {
		t.Errorf("export csv does not keep IANA's bytes:\n%q", csv)
	}
}

// buildWith builds this command against a ports package generated with
// the generator flags genArgs (its -out is a temporary directory), and
// returns a function that runs it and returns its standard output.
func buildWith(t *testing.T, genArgs ...string) func(args ...string) string {
	t.Helper()
	root := moduleRoot(t)
	tmp := t.TempDir()
	goCmd(t, root, append([]string{"run", "./gen", "-out", filepath.Join(tmp, "p")}, genArgs...)...)
	goOverlay := writeOverlay(t, tmp, map[string]string{
		filepath.Join(root, "ports", "ports.go"):  filepath.Join(tmp, "p", "ports.go"),
		filepath.Join(root, "ports", "tables.go"): filepath.Join(tmp, "p", "tables.go"),
	})
	bin := filepath.Join(tmp, "ports")
	goCmd(t, root, "build", "-overlay", goOverlay, "-o", bin, "./cmd/ports")
	return func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatalf("ports %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
}

// TestMessagesAreBounded runs every error path of the command that an
// argument reaches with a 1 MB argument: queries, flags and their
// values, command arguments, an output path. Each run writes one line on
// standard error, at most 300 bytes, showing at most 80 bytes of the
// argument and no character that could act on a terminal.
func TestMessagesAreBounded(t *testing.T) {
	x := strings.Repeat("x", 1<<20)
	nine := strings.Repeat("9", 1<<20)
	bidi := strings.Repeat("\u202e\x1b", 1<<18)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		run  string // what the line must not show more than 80 bytes of
	}{
		{[]string{x}, "x"},
		{[]string{x + "/tcp"}, "x"},
		{[]string{"80/" + x}, "x"},
		{[]string{nine}, "9"},
		{[]string{"1-" + nine}, "9"},
		{[]string{nine + "/" + x}, "9"},
		{[]string{"--proto", x, "80"}, "x"},
		{[]string{"--proto=" + x, "80"}, "x"},
		{[]string{"-" + x}, "x"},
		{[]string{"--" + x + "=1"}, "x"},
		{[]string{"http/tcp", "--proto", "udp" + x}, "x"},
		{[]string{"export", x}, "x"},
		{[]string{"export", "csv", "-o", filepath.Join(dir, x)}, "x"},
		{[]string{"export", "csv", "-o", filepath.Join(dir, "missing", x)}, "x"},
		{[]string{"status", x}, "x"},
		{[]string{"person", x}, "x"},
		{[]string{bidi}, "\u202e\x1b"},
		{[]string{"person", bidi}, "\u202e\x1b"},
	} {
		out, errOut, code := runPorts(t, c.args...)
		what := fmt.Sprintf("ports %.40q", c.args)
		if code == 0 || out != "" {
			t.Errorf("%s: exit %d, %d bytes of output", what, code, len(out))
		}
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		if len(lines) != 1 {
			t.Errorf("%s: %d lines on stderr: %.300q", what, len(lines), errOut)
		}
		for _, l := range lines {
			if len(l) > 300 || strings.Contains(l, strings.Repeat(c.run, 81/len(c.run)+1)) {
				t.Errorf("%s: a line of %d bytes: %.400q", what, len(l), l)
			}
			if r, ok := rawHazard(l); ok {
				t.Errorf("%s: raw %U in %.300q", what, r, l)
			}
		}
	}
}
