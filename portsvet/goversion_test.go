package portsvet

import (
	"encoding/json"
	"go/version"
	"io"
	"strings"
	"testing"
)

// maxGoLang is the highest language version this module may declare.
// Requiring golang.org/x/tools puts its go line into the go.mod of every
// module that requires this one: a newer x/tools (v0.43.0 declares go
// 1.25.0) would push them all past 1.24.
const maxGoLang = "go1.24"

// TestGoVersion fails when the go line of go.mod, or of any module in
// the build list whose go.mod a build reads, rises above 1.24.
//
// It runs offline (GOPROXY=off) on whatever module cache the machine
// has. The modules go.mod requires are in it: building this module's
// tests downloaded them. The others in "go list -m all" are requirements
// of those modules outside the pruned graph (x/tools's x/net, x/sys, …):
// no build of this module or of a consumer reads their go.mod, so a
// fresh cache lacks them, and their go lines cannot raise anyone's.
// Those are skipped when absent; .ci/run checks every line after go mod
// download.
func TestGoVersion(t *testing.T) {
	root := repoRoot(t)
	out, err := goCmd(t, root, nil, "mod", "edit", "-json")
	if err != nil {
		t.Fatalf("go mod edit -json: %v", err)
	}
	var gomod struct {
		Require []struct{ Path string }
	}
	if err := json.Unmarshal([]byte(out), &gomod); err != nil {
		t.Fatalf("go mod edit -json: %v", err)
	}
	required := map[string]bool{}
	for _, r := range gomod.Require {
		required[r.Path] = true
	}
	if len(required) == 0 {
		t.Fatalf("go mod edit -json lists no requirements:\n%s", out)
	}

	out, err = goCmd(t, root, nil, "list", "-m", "-e", "-json", "all")
	if err != nil {
		t.Fatalf("go list -m -e -json all: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	sawMain := false
	for {
		var m struct {
			Path, GoVersion string
			Main            bool
			Error           *struct{ Err string }
		}
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list -m -e -json all: %v", err)
		}
		switch {
		case m.Error != nil && required[m.Path]:
			t.Errorf("%s, required by go.mod: %s", m.Path, m.Error.Err)
			continue
		case m.Error != nil:
			t.Logf("%s: not in the module cache, and no build reads its go.mod (%s)", m.Path, m.Error.Err)
			continue
		case m.GoVersion == "":
			// No go line: a module outside the pruned graph, whose go.mod
			// the go command never reads.
			continue
		}
		sawMain = sawMain || m.Main
		v := "go" + m.GoVersion
		if !version.IsValid(v) {
			t.Errorf("%s: go line %q is not a Go version", m.Path, m.GoVersion)
		} else if version.Compare(version.Lang(v), maxGoLang) > 0 {
			t.Errorf("%s declares go %s: above %s, it would raise the go line of every module that requires github.com/svcreg/ianaports", m.Path, m.GoVersion, strings.TrimPrefix(maxGoLang, "go"))
		}
	}
	if !sawMain {
		t.Fatalf("go list -m all printed no main module with a go line:\n%s", out)
	}
}
