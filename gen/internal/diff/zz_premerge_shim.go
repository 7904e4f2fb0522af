package diff

// TEMPORARY (lead): the API the DIFF branch provides; delete at merge.

import (
	"fmt"
	"io"
)

type Format int

const (
	Text Format = iota
	Markdown
	JSON
)

func ParseFormat(s string) (Format, error) {
	switch s {
	case "text":
		return Text, nil
	case "md", "markdown":
		return Markdown, nil
	case "json":
		return JSON, nil
	}
	return 0, fmt.Errorf("unknown format %q (want text, md or json)", s)
}

func (r *Report) Write(w io.Writer, f Format) error { return r.WriteText(w) }
func (r *Report) Changed() bool                     { return !r.Empty() }
func (r *Report) Warnings() []string                { return nil }
