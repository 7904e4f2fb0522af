package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/svcreg/ianaports/gen/internal/diff"
	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/gen/internal/fetch"
	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/registry"
)

const usage = `usage: go run ./gen [flags]
       go run ./gen -diff [-format text|md|json] [-report FILE] OLD.xml NEW.xml

Compiles the IANA service-names-port-numbers registry XML into a Go
package. It never downloads, except with -update.

Run from this module's root (go generate ./...), it compiles the
committed data/service-names-port-numbers.xml into ports/ and keeps the
pin data/registry.json in step. Run from anywhere else, -out is required
and the registry compiled in is the one pinned in the generator's own
module (go run github.com/svcreg/ianaports/gen@VERSION -out DIR -pkg NAME).

Examples:
  go generate ./...                        regenerate ports/ from data/
  go run ./gen -check                      exit 1 if ports/, the pin and
                                           data/ disagree, and say which
  go run ./gen -update -report changes.md -format md
                                           download IANA's newest registry,
                                           check it, report what changed,
                                           then replace data/, ports/ and
                                           the pin together and write the
                                           registry part of CHANGELOG.md
  go run ./gen -diff OLD.xml NEW.xml       report the changes between two
                                           versions (exit 1 if any)
  go run ./gen -in old.xml -out /tmp/p     build another version elsewhere
  go run ./gen -protocols tcp,udp -no-text -out small -pkg small
  go run ./gen -overlay /etc/services -out internal/ports -pkg ports
                                           compile local names in too
                                           (docs/overlay.md)

Bounds: besides -max-size, a registry where more than 255 records
cover one port on one protocol, or whose port index would pass 4,194,303
entries (the records covering each port, one run for each distinct set),
is refused, naming the record that passed the bound.

Flags:
`

// maxMaxSize is the largest -max-size: 1 GiB, 64 times the default,
// far above any registry IANA could publish, and small enough that
// max+1 cannot overflow and the input fits in memory.
const maxMaxSize = 1 << 30

// The files of the pinned package, relative to the module root.
const (
	modulePath = "github.com/svcreg/ianaports"
	dataFile   = "data/service-names-port-numbers.xml"
	pinFile    = "data/registry.json"
	pinnedOut  = "ports"
)

type config struct {
	in, out, pkg, pinPath string
	inSet, outSet, pinSet bool
	maxSize               int64
	check, verbose        bool
	trim                  emit.Trim
	protocols             string

	overlay    string        // -overlay: a services(5) file of local names
	overlaySet bool          // -overlay was given
	ov         *emit.Overlay // the overlay, once read

	update, force, diff bool
	url, report, format string
	reportFormat        diff.Format // format, parsed
	timeout             time.Duration
	maxDrop             float64
}

// env is what a run touches outside its arguments; tests supply their
// own.
type env struct {
	dir            string // working directory
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time // read by -update only
	client         *http.Client     // nil: the default transport
	lockWait       time.Duration    // 0: lock.DefaultWait
	afterRename    func(path string)
}

func run(args []string, e *env) int {
	c, code, ok := parseFlags(args, e.stderr)
	if !ok {
		return code
	}
	var err error
	switch {
	case c.diff:
		return diffFiles(c, e)
	case c.update:
		err = update(c, e)
	default:
		err = generate(c, e)
	}
	if err != nil {
		var stale staleError
		if errors.As(err, &stale) {
			stale.print(e.stderr)
			return 1
		}
		clip.Fprintln(e.stderr, "gen: ", clip.Error(err))
		return 1
	}
	return 0
}

// parseFlags reads the command line. ok is false when the run must stop
// with code: 0 after -h, 2 on a usage error.
func parseFlags(args []string, stderr io.Writer) (c config, code int, ok bool) {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	// The flag package quotes a bad flag or value whole, then writes the
	// usage: its message goes out through clip, the usage as it is.
	var out bytes.Buffer
	fs.SetOutput(&out)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	parse := func(args []string) error {
		out.Reset()
		err := fs.Parse(args)
		text := out.String()
		if err != nil && !errors.Is(err, flag.ErrHelp) {
			clip.Fprintln(stderr, "gen: ", clip.Foreign(err.Error()))
			_, text, _ = strings.Cut(text, "\n")
		}
		io.WriteString(stderr, text)
		return err
	}
	fs.StringVar(&c.in, "in", "", "registry XML `file` to compile, or - for standard input (default: the pinned data/"+filepath.Base(dataFile)+")")
	fs.StringVar(&c.out, "out", "", "`dir`ectory to write the Go package into (default: ports/ of this module; required elsewhere)")
	fs.StringVar(&c.pkg, "pkg", "ports", "package `name` of the generated code")
	fs.StringVar(&c.pinPath, "pin", "", "also write a pin `file` describing -in (\"\": none, the default; the pinned ports/ always keeps data/registry.json)")
	fs.Int64Var(&c.maxSize, "max-size", registry.DefaultMaxSize, "largest registry XML accepted, in `bytes` (1 to 1 GiB)")
	fs.BoolVar(&c.check, "check", false, "write nothing; exit 1 if -out (and, for ports/, the pin and data/) disagree with the input")
	fs.BoolVar(&c.verbose, "v", false, "list every warning")
	fs.StringVar(&c.protocols, "protocols", "", "trim: keep only these comma-separated `protocols` (and protocol-less rows)")
	fs.BoolVar(&c.trim.NoText, "no-text", false, "trim: drop descriptions, notes, unauthorized-use texts and references")
	fs.BoolVar(&c.trim.NoPeople, "no-people", false, "trim: drop assignees, contacts and the people list")
	fs.BoolVar(&c.trim.AssignedOnly, "assigned-only", false, "trim: drop Reserved and Unassigned rows")
	fs.StringVar(&c.overlay, "overlay", "", "compile in the local names of this services(5) `file` (name port/protocol [alias ...]), which win over IANA's in Lookup and LookupPort; read only when given (docs/overlay.md)")
	fs.BoolVar(&c.update, "update", false, "download the newest registry, check it (also against IANA's CSV), and replace data/, ports/ and the pin together, with the registry part of CHANGELOG.md's pending entry")
	fs.BoolVar(&c.force, "force", false, "accept a registry older than the pin (downloaded by -update, or dropped into data/ by hand), or, with -update, one that lost more than -max-drop of the named records")
	fs.StringVar(&c.url, "url", "", "with -update: download from this `URL` once (a mirror); the pin and the tables keep IANA's canonical URL")
	fs.DurationVar(&c.timeout, "timeout", fetch.DefaultTimeout, "with -update: give up the download after this `duration`")
	fs.Float64Var(&c.maxDrop, "max-drop", fetch.DefaultMaxDrop, "with -update: largest `fraction` of the pinned named records a new registry may lack; 0 allows none")
	fs.BoolVar(&c.diff, "diff", false, "report the changes between the registries OLD.xml and NEW.xml given as arguments; exit 0 if none, 1 if some, 2 on trouble")
	fs.StringVar(&c.report, "report", "", "write the full change report to `file` (-update, go generate after a registry change, -diff)")
	fs.StringVar(&c.format, "format", "text", "`format` of the change report: text, md or json")
	if err := parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, 0, false
		}
		return c, 2, false
	}
	// Flags may also follow the arguments (-diff OLD NEW -format md).
	var rest []string
	for fs.NArg() > 0 {
		rest = append(rest, fs.Arg(0))
		if err := parse(fs.Args()[1:]); err != nil {
			return c, 2, false
		}
	}
	if c.diff {
		if len(rest) != 2 {
			fmt.Fprintf(stderr, "gen: -diff takes two arguments, OLD.xml NEW.xml\n")
			return c, 2, false
		}
		c.in, c.out = rest[0], rest[1]
	} else if len(rest) > 0 {
		clip.Fprintln(stderr, "gen: ", "unexpected arguments "+quoteList(rest)+"; -h lists the flags")
		return c, 2, false
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "in":
			c.inSet = true
		case "out":
			c.outSet = true
		case "pin":
			c.pinSet = true
		case "overlay":
			c.overlaySet = true
		}
	})
	usageErr := func(format string, args ...any) (config, int, bool) {
		clip.Fprintln(stderr, "gen: ", fmt.Sprintf(format, args...))
		return c, 2, false
	}
	f, err := diff.ParseFormat(c.format)
	if err != nil {
		return usageErr("-format: %v", err)
	}
	c.reportFormat = f
	if c.diff && c.overlaySet {
		return usageErr("-overlay goes with generating a package, not with -diff")
	}
	if c.diff {
		return c, 0, true
	}
	if c.overlaySet && c.overlay == "" {
		return usageErr("-overlay: empty file name")
	}
	if c.update && c.check {
		return usageErr("-update and -check exclude each other")
	}
	if c.update && (c.inSet || c.outSet || c.pinSet) {
		return usageErr("-update replaces this module's data/, ports/ and pin: it takes no -in, -out or -pin")
	}
	if !c.update && c.url != "" {
		return usageErr("-url goes with -update only")
	}
	if c.force && c.check {
		return usageErr("-force and -check exclude each other: -check accepts nothing, it compares")
	}
	if !(c.maxDrop >= 0 && c.maxDrop <= 1) { // NaN too
		return usageErr("-max-drop %g: want a fraction between 0 and 1", c.maxDrop)
	}
	if c.maxSize < 1 || c.maxSize > maxMaxSize {
		return usageErr("-max-size %d: want 1 to %d bytes (1 GiB)", c.maxSize, int64(maxMaxSize))
	}
	if c.timeout <= 0 {
		return usageErr("-timeout %v: want a positive duration", c.timeout)
	}
	if err := checkPackageName(c.pkg); err != nil {
		return usageErr("-pkg: %v", err)
	}
	if c.inSet && c.in == "" {
		return usageErr("-in: empty file name (use - for standard input)")
	}
	if c.outSet && c.out == "" {
		return usageErr("-out: empty directory name")
	}
	if c.protocols != "" {
		for _, p := range strings.Split(c.protocols, ",") {
			if !slices.Contains(registry.Protocols[:], p) {
				return usageErr("-protocols: unknown protocol %s (want %s)", clip.Quote(p), strings.Join(registry.Protocols[:], ", "))
			}
			c.trim.Protocols = append(c.trim.Protocols, p)
		}
	}
	return c, 0, true
}

// checkPackageName accepts what can name an importable package.
func checkPackageName(name string) error {
	switch {
	case name == "":
		return errors.New("empty package name")
	case token.IsKeyword(name):
		return fmt.Errorf("%q is a Go keyword", name)
	case !token.IsIdentifier(name):
		return fmt.Errorf("%s is not a Go identifier", clip.Quote(name))
	case name == "_":
		return errors.New(`"_" cannot name a package that is imported`)
	case name == "main":
		return errors.New(`"main" is a command, not an importable package`)
	case name == "init":
		// The spec: init "cannot be referred to from anywhere in a
		// program", so init.X never compiles.
		return errors.New(`"init" cannot be referred to, so a package of that name cannot be used once imported`)
	}
	return nil
}

// command is the command line recorded in the generated header: only
// the flags that change the output, never paths.
func command(c config) string {
	s := "go run ./gen"
	if c.pkg != "ports" {
		s += " -pkg " + c.pkg
	}
	if t := c.trim.String(); t != "" {
		s += " " + t
	}
	return s
}

// render emits the package for reg (and the overlay c.ov), keyed by file
// name within -out.
func render(c config, reg *registry.Registry) (map[string][]byte, error) {
	files, err := emit.Render(reg, emit.Config{
		Package:   c.pkg,
		Command:   command(c),
		SourceURL: canonicalURL,
		Trim:      c.trim,
		Overlay:   c.ov,
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Name] = f.Data
	}
	return out, nil
}

// quoteList quotes the first few of args for a message, each clipped.
func quoteList(args []string) string {
	const most = 3
	q := make([]string, 0, most+1)
	for i, a := range args {
		if i == most {
			q = append(q, clip.Mark)
			break
		}
		q = append(q, clip.Quote(a))
	}
	return "[" + strings.Join(q, " ") + "]"
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func reportWarnings(reg *registry.Registry, verbose bool, w io.Writer) {
	if len(reg.Warnings) == 0 {
		return
	}
	if verbose {
		for _, x := range reg.Warnings {
			clip.Fprintln(w, "", fmt.Sprintf("%s:%d: warning: %s", clip.Path(reg.File), x.Line, x.Msg))
		}
		return
	}
	kinds := map[string]int{}
	var order []string
	for _, x := range reg.Warnings {
		k := x.Msg
		if i := strings.IndexAny(k, "\"'"); i > 0 {
			k = strings.TrimSpace(k[:i])
		}
		if kinds[k] == 0 {
			order = append(order, k)
		}
		kinds[k]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%d× %s", kinds[k], k))
	}
	clip.Fprintln(w, "gen: ", fmt.Sprintf("%s: %d warnings (%s); -v lists them", clip.Path(reg.File), len(reg.Warnings), strings.Join(parts, "; ")))
}

// readAll reads an input once, up to the size cap.
func readAll(name string, r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", clip.Path(name), err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: input is larger than the %d-byte cap (raise it with -max-size if the registry really grew)", clip.Path(name), max)
	}
	return b, nil
}

// sameBytes reports whether the file at path holds exactly b.
func sameBytes(path string, b []byte) bool {
	got, err := os.ReadFile(path)
	return err == nil && bytes.Equal(got, b)
}
