package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
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
