package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChangelogPart: -update writes the registry part of the pending
// entry and nothing else of the changelog: it opens the entry above the
// newest release, replaces its own earlier part rather than stacking
// another, and keeps what maintainers wrote.
func TestChangelogPart(t *testing.T) {
	part := func(s string) string { return registryStart + "\n" + s + "\n" + registryEnd + "\n" }
	const head = "# Changelog\n\nIntro.\n\n"
	const released = "## v1.0.0 (2026-09-01)\n\nFirst.\n"
	for _, tc := range []struct{ name, old, want string }{
		{"no changelog", "\x00", "# Changelog\n\n## Unreleased\n\n" + part("A")},
		{"no entry", head, head + "## Unreleased\n\n" + part("A")},
		{"after a release", head + released, head + "## Unreleased\n\n" + part("A") + "\n" + released},
		{"pending entry without a part", head + "## Unreleased\n\n- Fixed x.\n\n" + released,
			head + "## Unreleased\n\n- Fixed x.\n\n" + part("A") + "\n" + released},
		{"pending entry, last", head + "## Unreleased\n\n- Fixed x.\n", head + "## Unreleased\n\n- Fixed x.\n\n" + part("A")},
		{"a part to replace", head + "## Unreleased\n\n- Fixed x.\n\n" + part("old\nlines") + "\n- Added y.\n\n" + released,
			head + "## Unreleased\n\n- Fixed x.\n\n" + part("A") + "\n- Added y.\n\n" + released},
	} {
		var old []byte
		if tc.old != "\x00" {
			old = []byte(tc.old)
		}
		got := string(withRegistryPart(old, part("A")))
		if got != tc.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
		if again := string(withRegistryPart([]byte(got), part("A"))); again != got {
			t.Errorf("%s: a second update stacked:\n%s", tc.name, again)
		}
	}
}

// TestUpdateChangelog: an update writes its summary into CHANGELOG.md
// with data/ and ports/; a second update before the release replaces it;
// a refused or empty update leaves the changelog alone.
func TestUpdateChangelog(t *testing.T) {
	dir := moduleTree(t, smallV1)
	log := filepath.Join(dir, changelogFile)
	write(t, log, []byte("# Changelog\n\n## v1.0.0\n\nThe first.\n"))
	update := func(xml []byte) result {
		srv, _ := updateServer(t, xml)
		return runEnv(t, &env{dir: dir, client: srv.Client(), now: today}, "-update", "-url", srv.URL)
	}
	if r := update(smallV2); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, _ := os.ReadFile(log)
	want := "# Changelog\n\n## Unreleased\n\n" + registryStart + "\n### Registry\n\nIANA's registry of 2026-02-20 (5 records, sha256 `"
	if !strings.HasPrefix(string(b), want) || !strings.Contains(string(b), "\n- 2026-01-10 → 2026-02-20: breaking: none; new: 1 port assignment, 1 name;") ||
		!strings.HasSuffix(string(b), registryEnd+"\n\n## v1.0.0\n\nThe first.\n") {
		t.Errorf("CHANGELOG.md after the update:\n%s", b)
	}
	v3 := registryXML("2026-03-05", "alpha", "beta", "gamma", "delta", "epsilon")
	if r := update(v3); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, _ = os.ReadFile(log)
	if strings.Count(string(b), registryStart) != 1 || strings.Count(string(b), "## Unreleased") != 1 || !strings.Contains(string(b), "\n- 2026-02-20 → 2026-03-05: ") {
		t.Errorf("CHANGELOG.md after a second update:\n%s", b)
	}
	for _, tc := range []struct {
		xml  []byte
		code int
	}{{v3, 0}, {registryXML("2026-01-01", "alpha"), 1}} {
		if r := update(tc.xml); r.code != tc.code {
			t.Fatalf("exit %d, want %d: %s", r.code, tc.code, r.stderr)
		}
		if after, _ := os.ReadFile(log); string(after) != string(b) {
			t.Errorf("an update that changed nothing rewrote CHANGELOG.md:\n%s", after)
		}
	}
}
