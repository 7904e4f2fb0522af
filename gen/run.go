package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcreg/ianaports/gen/internal/atomicfile"
	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/gen/internal/pin"
	"github.com/svcreg/ianaports/gen/internal/registry"
)

const usage = `usage: go run ./gen [flags]

Compiles the IANA service-names-port-numbers registry XML into the Go
package in -out, and records the registry's date and SHA-256 in -pin.
Where -in is absent it is downloaded from the pinned URL first.

Examples:
  go generate ./...                        regenerate ports/ from data/
  go run ./gen -check                      exit 1 if ports/ is stale
  go run ./gen -in old.xml -out /tmp/p     build from another version
  go run ./gen -protocols tcp,udp -no-text -out small -pkg small

Flags:
`

type config struct {
	in, out, pkg, pinPath string
	maxSize               int64
	check, verbose        bool
	trim                  emit.Trim
	protocols             string
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
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen: unexpected arguments %q\n", fs.Args())
		fs.Usage()
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
	if err := generate(c, stdout, stderr); err != nil {
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
		fmt.Fprintf(stderr, "gen: %s is absent; downloading %s\n", c.in, url)
		if err := download(url, c.in, c.maxSize); err != nil {
			return err
		}
	}
	reg, err := registry.ParseFile(c.in, registry.Options{MaxSize: c.maxSize})
	if err != nil {
		return err
	}
	reportWarnings(reg, c.verbose, stderr)
	files, err := emit.Render(reg, emit.Config{
		Package:   c.pkg,
		Command:   command(c),
		SourceURL: url,
		Trim:      c.trim,
	})
	if err != nil {
		return err
	}
	out := map[string][]byte{}
	for i, name := range emit.Files {
		out[filepath.Join(c.out, name)] = files[i]
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
	if c.pinPath != "" {
		out[c.pinPath] = next.Marshal()
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
	default:
		fmt.Fprintf(stdout, "gen: %s: registry %s unchanged (%d records)\n", c.out, reg.Updated, len(reg.Records))
	}
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
