package portsvet

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
)

// The tests in this file build and load the real ports package (3.5 MB of
// tables) in modules of their own, so they are skipped under -short.

// repoRoot returns the root of this module: the parent of the package
// directory the test runs in.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.HasPrefix(mod, []byte("module github.com/svcreg/ianaports\n")) {
		t.Fatalf("%s is not the root of github.com/svcreg/ianaports (%v)", root, err)
	}
	return root
}

// consumerModule copies testdata/name into a temporary directory as
// testModule does, pointing its replace directive at this module.
func consumerModule(t *testing.T, name string) string {
	t.Helper()
	dir := testModule(t, name)
	gomod := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.ReplaceAll(data, []byte("@ROOT@"), []byte(repoRoot(t)))
	if err := os.WriteFile(gomod, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// goCmd runs the go command in dir, offline, and returns its combined
// output and error.
func goCmd(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	t.Logf("go %s in %s:\n%s", strings.Join(args, " "), dir, out)
	return string(out), err
}

// copyPorts writes the non-test Go files of ports into dir as package
// pkg, with the TablesID replaced by tablesID: what the generator writes
// with -out dir -pkg pkg, or, with another TablesID, a build of other
// tables.
func copyPorts(t *testing.T, dir, pkg, tablesID string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "ports", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	replaced := false
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.Replace(data, []byte("\npackage ports\n"), []byte("\npackage "+pkg+"\n"), 1)
		quoted := []byte(`"` + ports.TablesID + `"`)
		replaced = replaced || bytes.Contains(data, quoted)
		data = bytes.ReplaceAll(data, quoted, []byte(`"`+tablesID+`"`))
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !replaced {
		t.Fatalf("no file of ports declares TablesID %q", ports.TablesID)
	}
}

// TestRealPorts runs the analyzer over calls to the real ports package,
// to a copy generated under another path and name, and to a copy with
// another TablesID, which must be skipped silently.
func TestRealPorts(t *testing.T) {
	fixture.Long(t) // loads the real ports package three times from source
	dir := consumerModule(t, "real")
	copyPorts(t, filepath.Join(dir, "svc"), "svc", ports.TablesID)
	copyPorts(t, filepath.Join(dir, "old"), "old", strings.Repeat("0", len(ports.TablesID)))
	analysistest.Run(t, dir, Analyzer, "./r")
}

// buildPortsvet builds cmd/portsvet into a temporary directory.
func buildPortsvet(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "portsvet")
	if out, err := goCmd(t, repoRoot(t), nil, "build", "-o", bin, "./cmd/portsvet"); err != nil {
		t.Fatalf("go build ./cmd/portsvet: %v\n%s", err, out)
	}
	return bin
}

// The findings in testdata/consumer/main.go, as the three ways of running
// portsvet print them.
var consumerFindings = []string{
	`main.go:14:24: unknown service name "xftp"; did you mean "ftp", "tftp" or "sftp"?`,
	`main.go:16:42: unknown service name "microsft-ds"; did you mean "microsoft-ds"?`,
	`main.go:17:31: service name "ldap" resolves through /etc/services at run time; IANA assigns it 389/tcp`,
	`main.go:19:29: service name "sql-net" resolves through /etc/services at run time; IANA assigns it 66/tcp and 150/tcp, so no single port replaces it`,
}

// TestVetTool runs cmd/portsvet in another module the three ways
// docs/portsvet.md documents: go vet -vettool, go fix -fixtool and
// go tool after go get -tool.
func TestVetTool(t *testing.T) {
	fixture.Long(t) // builds cmd/portsvet and runs go vet, go fix and go tool in another module
	bin := buildPortsvet(t)

	t.Run("vet", func(t *testing.T) {
		dir := consumerModule(t, "consumer")
		out, err := goCmd(t, dir, nil, "vet", "-vettool="+bin, "./...")
		if err == nil {
			t.Errorf("go vet -vettool succeeded; want it to fail with the findings")
		}
		for _, f := range consumerFindings {
			if !strings.Contains(out, f) {
				t.Errorf("go vet -vettool printed no %q", f)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "go.sum")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("go vet in a module importing only ports wrote go.sum (%v)", err)
		}
	})

	t.Run("fix", func(t *testing.T) {
		dir := consumerModule(t, "consumer")
		out, err := goCmd(t, dir, nil, "fix", "-fixtool="+bin, "-diff", "./...")
		if err == nil {
			t.Errorf("go fix -diff succeeded; want a non-zero exit for a non-empty diff")
		}
		for _, line := range []string{
			"-\tfmt.Println(slices.Collect(ports.ByName(\"microsft-ds\")))\n+\tfmt.Println(slices.Collect(ports.ByName(\"microsoft-ds\")))\n",
			"-\tconn, err := net.Dial(\"tcp\", \"example.com:ldap\")\n+\tconn, err := net.Dial(\"tcp\", \"example.com:389\")\n",
		} {
			if !strings.Contains(out, line) {
				t.Errorf("go fix -diff printed no\n%s", line)
			}
		}
		if strings.Contains(out, `+	s, ok := ports.Lookup(`) {
			t.Errorf("go fix -diff rewrote xftp, which has three nearest names")
		}

		if out, err := goCmd(t, dir, nil, "fix", "-fixtool="+bin, "./..."); err != nil {
			t.Fatalf("go fix: %v\n%s", err, out)
		}
		src, err := os.ReadFile(filepath.Join(dir, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`ports.ByName("microsoft-ds")`, `net.Dial("tcp", "example.com:389")`, `ports.Lookup("xftp", ports.TCP)`, `net.Dial("tcp", "db.example:sql-net")`} {
			if !bytes.Contains(src, []byte(want)) {
				t.Errorf("after go fix, main.go lacks %s:\n%s", want, src)
			}
		}
		// What go fix left is what has no single fix: xftp has three
		// nearest names, sql-net two IANA ports.
		out, _ = goCmd(t, dir, nil, "vet", "-vettool="+bin, "./...")
		if !strings.Contains(out, consumerFindings[0]) || !strings.Contains(out, consumerFindings[3]) || strings.Contains(out, "microsft-ds") || strings.Contains(out, "ldap") {
			t.Errorf("go vet after go fix: want only the xftp and sql-net findings, got\n%s", out)
		}
	})

	t.Run("tool", func(t *testing.T) {
		dir := consumerModule(t, "consumer")
		// The checksums of x/tools and its requirements are this
		// module's: go get, offline, reads them from its go.sum.
		sum, err := os.ReadFile(filepath.Join(repoRoot(t), "go.sum"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := goCmd(t, dir, nil, "get", "-tool", "github.com/svcreg/ianaports/cmd/portsvet"); err != nil {
			t.Fatalf("go get -tool: %v\n%s", err, out)
		}
		out, err := goCmd(t, dir, nil, "tool", "portsvet", "./...")
		if err == nil {
			t.Errorf("go tool portsvet succeeded; want it to fail with the findings")
		}
		for _, f := range consumerFindings {
			if !strings.Contains(out, f) {
				t.Errorf("go tool portsvet printed no %q", f)
			}
		}
	})
}

// TestConsumerDownloadsNothing checks that a module importing only ports
// needs nothing of x/tools: with an empty module cache and no proxy, go
// mod tidy and go build succeed, and go.sum stays empty. The same module
// importing portsvet, which does need x/tools, fails there: the setup
// can tell.
func TestConsumerDownloadsNothing(t *testing.T) {
	fixture.Long(t) // builds the real ports package in another module
	for _, c := range []struct {
		pkg, use  string
		downloads bool
	}{
		{"ports", `println(ports.LookupPort("tcp", "https"))`, false},
		{"portsvet", `println(portsvet.Analyzer.Name)`, true},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			dir := t.TempDir()
			modcache := t.TempDir()
			files := map[string]string{
				"go.mod": "module example.com/consumer\n\ngo 1.24.0\n\nrequire github.com/svcreg/ianaports v0.0.0\n\n" +
					"replace github.com/svcreg/ianaports => " + repoRoot(t) + "\n",
				"main.go": "package main\n\nimport \"github.com/svcreg/ianaports/" + c.pkg + "\"\n\nfunc main() { " + c.use + " }\n",
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			env := []string{"GOMODCACHE=" + modcache, "GOFLAGS=-mod=mod"}
			_, err := goCmd(t, dir, env, "mod", "tidy")
			if c.downloads {
				if err == nil {
					t.Fatal("go mod tidy succeeded for a module importing portsvet with an empty module cache and GOPROXY=off")
				}
				return
			}
			if err != nil {
				t.Fatalf("go mod tidy with an empty module cache and GOPROXY=off: %v", err)
			}
			if _, err := goCmd(t, dir, env, "build", "-o", os.DevNull, "."); err != nil {
				t.Fatalf("go build with an empty module cache and GOPROXY=off: %v", err)
			}
			sum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			if len(sum) > 0 {
				t.Errorf("go.sum of a module importing only ports:\n%s", sum)
			}
			gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(gomod, []byte("golang.org/x/")) {
				t.Errorf("go mod tidy added x/ requirements:\n%s", gomod)
			}
			// The go command leaves its lock file; anything else would
			// have been downloaded.
			filepath.WalkDir(modcache, func(path string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && path != filepath.Join(modcache, "cache", "lock") {
					t.Errorf("the module cache got %s", path)
				}
				return nil
			})
		})
	}
}
