package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	neturl "net/url"
	"os"
	"path/filepath"

	"github.com/svcreg/ianaports/gen/internal/diff"
	"github.com/svcreg/ianaports/gen/internal/fetch"
	"github.com/svcreg/ianaports/gen/internal/pin"
	"github.com/svcreg/ianaports/internal/atomicfile"
	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/ianacsv"
	"github.com/svcreg/ianaports/internal/registry"
)

// update downloads IANA's newest registry and, when it passes every
// check, replaces ports/, data/ and the pin together, under the lock,
// after writing the change report, and writes the registry part of the
// pending CHANGELOG.md entry with them. It is the generator's only use of the
// network and of the clock.
func update(c config, e *env) error {
	root := moduleRoot(e.dir)
	if root == "" {
		return fmt.Errorf("-update replaces the registry of %s: run it from that module's root", modulePath)
	}
	j := &job{root: root, out: filepath.Join(root, pinnedOut), pinned: true, pin: filepath.Join(root, pinFile), inName: dataFile, inPath: filepath.Join(root, dataFile)}
	if err := distinct(j.out, []file{reportFile(c, e)}, []file{{"the pin", j.pin}, {"the registry XML", j.inPath}}); err != nil {
		return err
	}
	release, err := j.lock(e, false)
	if err != nil {
		return err
	}
	defer release()

	old, err := pin.Read(j.pin)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	hadPin := err == nil
	var oldReg *registry.Registry
	switch local, err := os.ReadFile(j.inPath); {
	case err == nil:
		if oldReg, err = registry.ParseBytes(dataFile, local); err != nil {
			return fmt.Errorf("the current registry does not parse, so nothing can be compared with it: %w", err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}

	url := c.url
	if url == "" {
		url = canonicalURL
	}
	opts := fetch.Options{Timeout: c.timeout, MaxSize: c.maxSize, Client: e.client}
	reg, body, err := fetch.Fetch(context.Background(), url, opts)
	if err != nil {
		return err
	}
	reportWarnings(reg, c.verbose, e.stderr)
	if err := fetch.Check(oldReg, reg, fetch.Policy{MaxDrop: c.maxDrop, Force: c.force, Now: e.now()}); err != nil {
		return err
	}
	same := hadPin && old.SHA256 == reg.SHA256 && oldReg != nil && oldReg.SHA256 == reg.SHA256
	var witness diff.CSVCheck
	if !same {
		witness = checkCSV(url, reg, opts)
	}
	if err := j.loadOverlay(&c, reg, e); err != nil {
		return err
	}
	files, err := renderOrSave(c, reg)
	if err != nil {
		return err
	}
	next := pin.Of(reg)
	// The same registry as pinned (same): put back anything damaged,
	// change nothing else, report nothing.
	extra := []atomicfile.File{{Path: j.inPath, Data: body}}
	var rep *diff.Report
	if !same && oldReg != nil {
		rep = diff.Compare(oldReg, reg)
		rep.CSV = witness
		if c.report != "" {
			if err := writeReport(rep, c, e); err != nil {
				return err
			}
		}
		path := filepath.Join(root, changelogFile)
		log, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		extra = append(extra, atomicfile.File{Path: path, Data: withRegistryPart(log, registryPart(next, rep))})
	}
	// The XML and the changelog go in with the tables; the pin, renamed
	// last, says the set is complete.
	if err := j.commit(files, extra, next, e); err != nil {
		return err
	}
	if same {
		fmt.Fprintf(e.stdout, "gen: %s still serves the pinned registry of %s (%d records, sha256 %s); nothing to update\n", url, next.Updated, next.Records, short(next.SHA256))
		return nil
	}
	from := "nothing"
	if hadPin {
		from = fmt.Sprintf("%s (%d records, sha256 %s)", old.Updated, old.Records, short(old.SHA256))
	}
	fmt.Fprintf(e.stdout, "gen: updated from %s to %s (%d records, sha256 %s)\n", from, next.Updated, next.Records, short(next.SHA256))
	if witness.Status == diff.CSVVerified {
		fmt.Fprintf(e.stdout, "gen: %s\n", witness)
	} else {
		clip.Fprintln(e.stderr, "gen: warning: ", witness.String())
	}
	printSummary(rep, c, e)
	return nil
}

// csvName is IANA's CSV rendering of the registry, published beside the
// XML.
const csvName = "service-names-port-numbers.csv"

// checkCSV downloads IANA's CSV from the directory of the XML's URL, under
// the same limits, and compares it with reg rendered as CSV. A CSV that
// cannot be fetched is reported, not refused: IANA may publish the two
// files minutes apart.
func checkCSV(xmlURL string, reg *registry.Registry, opts fetch.Options) diff.CSVCheck {
	u, err := neturl.Parse(xmlURL)
	if err != nil {
		return diff.CSVCheck{Status: diff.CSVUnavailable, Err: err.Error()}
	}
	csvURL := u.ResolveReference(&neturl.URL{Path: csvName}).String()
	resp, err := fetch.DownloadCSV(context.Background(), csvURL, opts)
	if err != nil {
		return diff.CSVCheck{Status: diff.CSVUnavailable, Err: clip.Line(clip.Error(err))}
	}
	var ours bytes.Buffer
	if err := reg.WriteCSV(&ours); err != nil {
		return diff.CSVCheck{Status: diff.CSVUnavailable, Err: err.Error()}
	}
	m := ianacsv.FirstDiff(resp.Body, ours.Bytes())
	if m == nil {
		return diff.CSVCheck{Status: diff.CSVVerified}
	}
	return diff.CSVCheck{Status: diff.CSVDiffers, Row: m.Row, IANA: m.A, Ours: m.B}
}

// printSummary prints the change report's summary, if there is a report,
// and where the full report went.
func printSummary(rep *diff.Report, c config, e *env) {
	if rep == nil {
		return
	}
	fmt.Fprintf(e.stdout, "gen: %s\n", rep.Summary())
	if c.report != "" {
		fmt.Fprintf(e.stdout, "gen: full change report in %s\n", c.report)
	}
}
