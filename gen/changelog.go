package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/svcreg/ianaports/gen/internal/diff"
	"github.com/svcreg/ianaports/gen/internal/pin"
)

// changelogFile is the project's changelog, one entry a release, newest
// first; -update writes the registry part of the entry to come.
const changelogFile = "CHANGELOG.md"

// The pending entry, and the lines around the part of it -update owns.
// Only the part between the markers is ever rewritten: the rest of the
// entry is the maintainers'.
const (
	pendingHeading = "## Unreleased"
	registryStart  = "<!-- registry: go run ./gen -update writes this part; a later update before the release replaces it -->"
	registryEnd    = "<!-- /registry -->"
)

// registryPart is the changelog's account of an update: the registry it
// brings and the report's summary.
func registryPart(p pin.Pin, rep *diff.Report) string {
	return fmt.Sprintf("%s\n### Registry\n\nIANA's registry of %s (%d records, sha256 `%s`).\n\n- %s\n%s\n",
		registryStart, p.Updated, p.Records, short(p.SHA256), rep.Summary(), registryEnd)
}

// withRegistryPart returns the changelog old (nil: none yet) with part as
// the registry part of the pending entry. It replaces the part an earlier
// update wrote there, so that updates before a release do not stack; it
// adds the part to a pending entry that has none; and it opens a pending
// entry above the newest release when there is none.
func withRegistryPart(old []byte, part string) []byte {
	if old == nil {
		return []byte("# Changelog\n\n" + pendingHeading + "\n\n" + part)
	}
	lines := strings.SplitAfter(string(old), "\n")
	first, end := -1, len(lines) // the pending entry, or where one goes
	for i, l := range lines {
		if !strings.HasPrefix(l, "## ") {
			continue
		}
		if first >= 0 {
			end = i
			break
		}
		first = i
		if strings.TrimRight(l, " \r\n") != pendingHeading {
			end = i
			break
		}
	}
	var b bytes.Buffer
	switch {
	case first < 0: // no entry yet
		b.WriteString(strings.TrimRight(string(old), "\n") + "\n\n" + pendingHeading + "\n\n" + part)
	case end == first: // the newest entry is a release
		b.WriteString(strings.Join(lines[:first], ""))
		b.WriteString(pendingHeading + "\n\n" + part + "\n")
		b.WriteString(strings.Join(lines[first:], ""))
	default:
		entry := lines[first:end]
		s, e := -1, -1
		for i, l := range entry {
			switch {
			case s < 0 && strings.HasPrefix(l, "<!-- registry"):
				s = i
			case s >= 0 && e < 0 && strings.TrimSpace(l) == registryEnd:
				e = i
			}
		}
		b.WriteString(strings.Join(lines[:first], ""))
		if s >= 0 && e >= 0 {
			b.WriteString(strings.Join(entry[:s], ""))
			b.WriteString(part)
			b.WriteString(strings.Join(entry[e+1:], ""))
		} else {
			body := strings.TrimRight(strings.Join(entry, ""), "\n")
			b.WriteString(body + "\n\n" + part)
			if end < len(lines) {
				b.WriteString("\n")
			}
		}
		b.WriteString(strings.Join(lines[end:], ""))
	}
	return b.Bytes()
}
