package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcreg/ianaports/gen/internal/atomicfile"
	"github.com/svcreg/ianaports/gen/internal/diff"
	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/gen/internal/fetch"
	"github.com/svcreg/ianaports/gen/internal/pin"
	"github.com/svcreg/ianaports/internal/registry"
)

const usage = `usage: go run ./gen [flags]

Compiles the IANA service-names-port-numbers registry XML into the Go
package in -out, and records the registry's date and SHA-256 in -pin.
Where -in is absent it is downloaded from the pinned URL first.

Examples:
  go generate ./...                        regenerate ports/ from data/
  go run ./gen -check                      exit 1 if ports/ is stale
  go run ./gen -update -report changes.txt fetch IANA's newest registry, then
                                           replace data/, the pin and ports/
                                           together and report what changed
  go run ./gen -diff OLD.xml NEW.xml       report changes between two versions
  go run ./gen -in old.xml -out /tmp/p -pin ""   build from another version
  go run ./gen -protocols tcp,udp -no-text -out small -pkg small

Flags:
`

type config struct {
	in, out, pkg, pinPath string
	maxSize               int64
	check, verbose        bool
	trim                  emit.Trim
	protocols             string

	update, force, diff bool
	url, report         string
	timeout             time.Duration
	maxDrop             float64
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	var c config
	fs.StringVar(&c.in, "in", "data/service-names-port-numbers.xml", "registry XML `file` to compile (downloaded from the pinned URL when absent)")
	fs.StringVar(&c.out, "out", "ports", "`dir`ectory to write the Go package into")
	fs.StringVar(&c.pkg, "pkg", "ports", "package `name` of the generated code")
	fs.StringVar(&c.pinPath, "pin", "data/registry.json", "pin `file` recording the registry version; \"\" to leave it alone")
	fs.Int64Var(&c.maxSize, "max-size", registry.DefaultMaxSize, "largest registry XML accepted, in `bytes`")
	fs.BoolVar(&c.check, "check", false, "write nothing; exit 1 if -out differs from what would be generated")
	fs.BoolVar(&c.verbose, "v", false, "list every warning")
	fs.StringVar(&c.protocols, "protocols", "", "trim: keep only these comma-separated `protocols` (and protocol-less rows)")
	fs.BoolVar(&c.trim.NoText, "no-text", false, "trim: drop descriptions, notes, unauthorized-use texts and references")
	fs.BoolVar(&c.trim.NoPeople, "no-people", false, "trim: drop assignees, contacts and the people list")
	fs.BoolVar(&c.trim.AssignedOnly, "assigned-only", false, "trim: drop Reserved and Unassigned rows")
	fs.BoolVar(&c.update, "update", false, "download the newest registry from -url and replace -in, -pin and -out together")
	fs.BoolVar(&c.force, "force", false, "with -update: accept a registry older than the pin or one that drops more than -max-drop of the records")
	fs.StringVar(&c.url, "url", "", "with -update or a download: registry `URL` (default: the pinned one)")
	fs.DurationVar(&c.timeout, "timeout", fetch.DefaultTimeout, "with -update or a download: give up after this `duration`")
	fs.Float64Var(&c.maxDrop, "max-drop", fetch.DefaultMaxDrop, "with -update: largest `fraction` of records a new registry may drop")
	fs.BoolVar(&c.diff, "diff", false, "report the changes between the registries OLD.xml and NEW.xml given as arguments, and exit")
	fs.StringVar(&c.report, "report", "", "write the full change report to `file` when the registry changes (or, with -diff, instead of stdout)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if c.diff {
		// Flags may follow OLD.xml NEW.xml too.
		files := append([]string(nil), fs.Args()...)
		if len(files) > 2 {
			if err := fs.Parse(files[2:]); err != nil {
				return 2
			}
			if fs.NArg() > 0 {
				files = append(files[:2], fs.Args()...)
			} else {
				files = files[:2]
			}
		}
		if len(files) != 2 {
			fmt.Fprintf(stderr, "gen: -diff takes two arguments, OLD.xml NEW.xml\n")
			return 2
		}
		if err := diffFiles(c, files[0], files[1], stdout); err != nil {
			fmt.Fprintf(stderr, "gen: %v\n", err)
			return 1
		}
		return 0
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return 2
	}
	if c.update && c.check {
		fmt.Fprintf(stderr, "gen: -update and -check exclude each other\n")
		return 2
	}
	if c.protocols != "" {
		for _, p := range strings.Split(c.protocols, ",") {
			switch p {
			case "tcp", "udp", "sctp", "dccp":
				c.trim.Protocols = append(c.trim.Protocols, p)
			default:
				fmt.Fprintf(stderr, "gen: -protocols: unknown protocol %q (want tcp, udp, sctp, dccp)\n", p)
				return 2
			}
		}
	}
	do := generate
	if c.update {
		do = update
	}
	if err := do(c, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "gen: %v\n", err)
		return 1
	}
	return 0
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

func generate(c config, stdout, stderr io.Writer) error {
	old, oldErr := pin.Read(c.pinPath)
	if c.pinPath == "" {
		oldErr = os.ErrNotExist
	}
	if oldErr != nil && !errors.Is(oldErr, os.ErrNotExist) {
		return oldErr
	}
	url := pin.DefaultURL
	if oldErr == nil && old.URL != "" {
		url = old.URL
	}
	if _, err := os.Stat(c.in); errors.Is(err, os.ErrNotExist) {
		if c.check {
			return fmt.Errorf("%s is absent; -check does not download", c.in)
		}
		if c.url != "" {
			url = c.url
		}
		fmt.Fprintf(stderr, "gen: %s is absent; downloading %s\n", c.in, url)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if _, err := fetch.FetchToFile(ctx, url, c.in, fetch.Options{Timeout: c.timeout, MaxSize: c.maxSize}); err != nil {
			return err
		}
	}
	reg, err := registry.ParseFile(c.in, registry.Options{MaxSize: c.maxSize})
	if err != nil {
		return err
	}
	reportWarnings(reg, c.verbose, stderr)
	out, err := render(c, reg, url)
	if err != nil {
		return err
	}
	if c.check {
		var stale []string
		for path, want := range out {
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, want) {
				stale = append(stale, path)
			}
		}
		if len(stale) > 0 {
			return fmt.Errorf("stale: %s; run go generate ./...", strings.Join(stale, ", "))
		}
		fmt.Fprintf(stdout, "gen: %s is up to date with registry %s\n", c.out, reg.Updated)
		return nil
	}
	next := pin.Pin{Updated: reg.Updated, SHA256: reg.SHA256, URL: url, Records: len(reg.Records), Size: reg.Size}
	if oldErr == nil && old.SHA256 == next.SHA256 {
		next.ETag, next.LastModified = old.ETag, old.LastModified
	}
	var rep *diff.Report
	if c.pinPath != "" {
		out[c.pinPath] = next.Marshal()
		// Keep a local copy of the XML the tables were made from (never
		// committed: data/*.xml is ignored), so that the next change of
		// registry can be reported against it.
		stash := pinnedCopy(c.in)
		prev, _ := os.ReadFile(stash)
		if oldErr == nil && old.SHA256 != next.SHA256 && sha256hex(prev) == old.SHA256 {
			if oldReg, err := registry.ParseBytes(stash, prev); err == nil {
				rep = diff.Compare(oldReg, reg)
			}
		}
		if sha256hex(prev) != reg.SHA256 {
			cur, err := os.ReadFile(c.in)
			if err != nil {
				return err
			}
			out[stash] = cur
		}
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	// Every file lands together or none does.
	if err := atomicfile.WriteFiles(out, 0o644); err != nil {
		return err
	}
	switch {
	case oldErr != nil:
		fmt.Fprintf(stdout, "gen: %s: registry %s, %d records, sha256 %s\n", c.out, reg.Updated, len(reg.Records), reg.SHA256[:12])
	case old.SHA256 != next.SHA256:
		fmt.Fprintf(stdout, "gen: registry changed: %s (%d records) → %s (%d records, %+d); sha256 %s → %s\n",
			old.Updated, old.Records, next.Updated, next.Records, next.Records-old.Records, short(old.SHA256), short(next.SHA256))
		if rep == nil {
			fmt.Fprintf(stdout, "gen: no copy of the %s registry is at hand; for the full change report run: go run ./gen -diff OLD.xml %s\n", old.Updated, c.in)
			break
		}
		fmt.Fprintf(stdout, "gen: %s\n", rep.Summary())
		if c.report != "" {
			if err := writeReport(rep, c.report); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "gen: full change report in %s\n", c.report)
		}
	default:
		fmt.Fprintf(stdout, "gen: %s: registry %s unchanged (%d records)\n", c.out, reg.Updated, len(reg.Records))
	}
	return nil
}

// pinnedCopy is where the generator keeps the XML the pinned tables
// were made from: data/service-names-port-numbers.pinned.xml.
func pinnedCopy(in string) string {
	return strings.TrimSuffix(in, ".xml") + ".pinned.xml"
}

func sha256hex(b []byte) string {
	if b == nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func writeReport(rep *diff.Report, path string) error {
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b.Bytes(), 0o644)
}

// render emits the package for reg, keyed by output path.
func render(c config, reg *registry.Registry, url string) (map[string][]byte, error) {
	files, err := emit.Render(reg, emit.Config{
		Package:   c.pkg,
		Command:   command(c),
		SourceURL: url,
		Trim:      c.trim,
	})
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[filepath.Join(c.out, f.Name)] = f.Data
	}
	return out, nil
}

// update fetches the newest registry and, if it is acceptable, replaces
// the data file, the pin and the generated package in one atomic step,
// then reports what changed against the registry it replaced.
func update(c config, stdout, stderr io.Writer) error {
	if c.pinPath == "" {
		return errors.New("-update needs -pin")
	}
	var oldReg *registry.Registry
	if _, err := os.Stat(c.in); err == nil {
		r, err := registry.ParseFile(c.in, registry.Options{MaxSize: c.maxSize})
		if err != nil {
			fmt.Fprintf(stderr, "gen: the current %s does not parse (%v); no change report\n", c.in, err)
		} else {
			oldReg = r
		}
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := fetch.Update(ctx, fetch.Options{
		URL:      c.url,
		DataPath: c.in,
		PinPath:  c.pinPath,
		Timeout:  c.timeout,
		MaxSize:  c.maxSize,
		MaxDrop:  c.maxDrop,
		Force:    c.force,
		Derived: func(reg *registry.Registry) (map[string][]byte, error) {
			reportWarnings(reg, c.verbose, stderr)
			url := c.url
			if url == "" {
				url = pin.DefaultURL
			}
			return render(c, reg, url)
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gen: %s\n", res)
	if res.Status != fetch.Updated || oldReg == nil {
		return nil
	}
	rep := diff.Compare(oldReg, res.Registry)
	fmt.Fprintf(stdout, "gen: %s\n", rep.Summary())
	if c.report != "" {
		if err := writeReport(rep, c.report); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "gen: full change report in %s\n", c.report)
	}
	return nil
}

// diffFiles writes the change report between two registry files.
func diffFiles(c config, oldPath, newPath string, stdout io.Writer) error {
	oldReg, err := registry.ParseFile(oldPath, registry.Options{MaxSize: c.maxSize})
	if err != nil {
		return err
	}
	newReg, err := registry.ParseFile(newPath, registry.Options{MaxSize: c.maxSize})
	if err != nil {
		return err
	}
	rep := diff.Compare(oldReg, newReg)
	if c.report == "" {
		return rep.WriteText(stdout)
	}
	if err := writeReport(rep, c.report); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\nfull report in %s\n", rep.Summary(), c.report)
	return nil
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
			fmt.Fprintf(w, "%s:%d: warning: %s\n", reg.File, x.Line, x.Msg)
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
	fmt.Fprintf(w, "gen: %s: %d warnings (%s); -v lists them\n", reg.File, len(reg.Warnings), strings.Join(parts, "; "))
}
