package portsvet

import (
	"go/version"
	"strings"
	"testing"
)

// maxGoLang is the highest language version this module may declare.
// Requiring golang.org/x/tools puts its go line into the go.mod of every
// module that requires this one: a newer x/tools (v0.43.0 declares go
// 1.25.0) would push them all past 1.24.
const maxGoLang = "go1.24"

// TestGoVersion fails when the go line of go.mod, or of any module in
// the build list whose go.mod the go command reads, rises above 1.24.
func TestGoVersion(t *testing.T) {
	out, err := goCmd(t, repoRoot(t), nil, "list", "-m", "-f", "{{.Path}} {{.GoVersion}} {{.Main}}", "all")
	if err != nil {
		t.Fatalf("go list -m all: %v", err)
	}
	sawMain := false
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			// No go line: a module outside the pruned graph, whose
			// go.mod the go command never reads.
			continue
		}
		path, v, main := f[0], "go"+f[1], f[2] == "true"
		sawMain = sawMain || main
		if !version.IsValid(v) {
			t.Errorf("%s: go line %q is not a Go version", path, f[1])
		} else if version.Compare(version.Lang(v), maxGoLang) > 0 {
			t.Errorf("%s declares go %s: above %s, it would raise the go line of every module that requires github.com/svcreg/ianaports", path, f[1], strings.TrimPrefix(maxGoLang, "go"))
		}
	}
	if !sawMain {
		t.Fatalf("go list -m all printed no main module with a go line:\n%s", out)
	}
}
