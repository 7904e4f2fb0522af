package main

import (
	"fmt"
	"os"

	"github.com/svcreg/ianaports/gen/internal/diff"
	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/registry"
)

// diffFiles writes the change report between the registries OLD
// (c.in) and NEW (c.out). Like diff(1), it exits 0 when they hold the
// same registry, 1 when they differ and 2 on trouble.
func diffFiles(c config, e *env) int {
	fail := func(err error) int {
		clip.Fprintln(e.stderr, "gen: ", clip.Error(err))
		return 2
	}
	parse := func(name string) (*registry.Registry, error) {
		f, err := os.Open(e.path(name))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		b, err := readAll(name, f, c.maxSize)
		if err != nil {
			return nil, err
		}
		return registry.ParseBytes(name, b)
	}
	if err := distinct("", []file{reportFile(c, e)}, []file{{"OLD", e.path(c.in)}, {"NEW", e.path(c.out)}}); err != nil {
		return fail(err)
	}
	oldReg, err := parse(c.in)
	if err != nil {
		return fail(err)
	}
	newReg, err := parse(c.out)
	if err != nil {
		return fail(err)
	}
	format := c.reportFormat
	rep := diff.Compare(oldReg, newReg)
	for _, w := range rep.Warnings() {
		clip.Fprintln(e.stderr, "gen: warning: ", w)
	}
	if c.report == "" {
		if err := rep.Write(e.stdout, format); err != nil {
			return fail(err)
		}
	} else {
		if err := writeReport(rep, c, e); err != nil {
			return fail(err)
		}
		fmt.Fprintf(e.stdout, "%s\nfull report in %s\n", rep.Summary(), c.report)
	}
	if rep.Changed() {
		return 1
	}
	return 0
}
