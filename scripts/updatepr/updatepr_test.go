// Package updatepr tests scripts/update-pr and scripts/release end to
// end, offline: a copy of this repository with a bare repository as
// origin, a local HTTP server playing IANA, and a fake gh that keeps the
// pull requests and releases in a state file.
package updatepr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// TestMain makes the test binary the fake gh when it runs as "gh".
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "gh" {
		os.Exit(fakeGH(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// ghState is the fake GitHub: what gh was asked, the labels, pull
// requests and releases it made.
type ghState struct {
	Calls    [][]string
	Labels   []string
	PRs      []pullRequest
	Releases []release
}

type pullRequest struct {
	Number                  int
	Base, Head, Title, Body string
	Labels                  []string
	Draft, Closed           bool
}

type release struct{ Tag, Title, Notes string }

func readState(file string) (ghState, error) {
	var s ghState
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	return s, json.Unmarshal(b, &s)
}

// fakeGH answers the gh commands the scripts use, and refuses any other,
// or any flag it does not know, so that the scripts cannot rely on
// something it does not check.
func fakeGH(args []string) int {
	file := os.Getenv("FAKE_GH_STATE")
	s, err := readState(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake gh:", err)
		return 1
	}
	s.Calls = append(s.Calls, args)
	fail := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, "fake gh: "+format+"\n", a...)
		return 1
	}
	// flags reads args[from:] as --flag value pairs, booleans (given
	// without a value) and one positional argument.
	flags := func(from int, booleans ...string) (map[string][]string, string, bool) {
		m := map[string][]string{}
		pos := ""
		for i := from; i < len(args); i++ {
			a := args[i]
			switch {
			case slices.Contains(booleans, a):
				m[a] = append(m[a], "")
			case strings.HasPrefix(a, "--") && i+1 < len(args):
				m[a] = append(m[a], args[i+1])
				i++
			case strings.HasPrefix(a, "-") || pos != "":
				return nil, "", false
			default:
				pos = a
			}
		}
		return m, pos, true
	}
	one := func(m map[string][]string, k string) string {
		if len(m[k]) == 0 {
			return ""
		}
		return m[k][0]
	}
	known := func(m map[string][]string, ks ...string) bool {
		for k := range m {
			if !slices.Contains(ks, k) {
				return false
			}
		}
		return true
	}
	pr := func(n string) *pullRequest {
		for i := range s.PRs {
			if strconv.Itoa(s.PRs[i].Number) == n {
				return &s.PRs[i]
			}
		}
		return nil
	}
	if len(args) < 2 {
		return fail("usage: %q", args)
	}
	switch cmd := args[0] + " " + args[1]; cmd {
	case "label create":
		m, name, ok := flags(2, "--force")
		if !ok || name == "" || m["--force"] == nil || !known(m, "--force", "--color", "--description") {
			return fail("label create: %q", args)
		}
		if !slices.Contains(s.Labels, name) {
			s.Labels = append(s.Labels, name)
		}
	case "pr list":
		m, _, ok := flags(2)
		if !ok || !known(m, "--head", "--state", "--json", "--jq") || one(m, "--json") != "number" || one(m, "--jq") != ".[].number" || one(m, "--state") != "open" {
			return fail("pr list: %q", args)
		}
		for _, p := range s.PRs {
			if p.Head == one(m, "--head") && !p.Closed {
				fmt.Println(p.Number)
			}
		}
	case "pr create", "pr edit":
		m, n, ok := flags(2, "--draft")
		if !ok || !known(m, "--base", "--head", "--title", "--body-file", "--label", "--draft", "--add-label", "--remove-label") {
			return fail("%s: %q", cmd, args)
		}
		for _, l := range append(append(m["--label"], m["--add-label"]...), m["--remove-label"]...) {
			if !slices.Contains(s.Labels, l) {
				return fail("%s: label %q not found", cmd, l)
			}
		}
		p := pr(n)
		if cmd == "pr create" {
			if n != "" || one(m, "--base") == "" || one(m, "--head") == "" || one(m, "--title") == "" || one(m, "--body-file") == "" {
				return fail("pr create: %q", args)
			}
			s.PRs = append(s.PRs, pullRequest{Number: len(s.PRs) + 1, Base: one(m, "--base"), Head: one(m, "--head"), Draft: m["--draft"] != nil})
			p = &s.PRs[len(s.PRs)-1]
			fmt.Printf("https://github.com/svcreg/ianaports/pull/%d\n", p.Number)
		} else if p == nil || m["--base"] != nil || m["--head"] != nil || m["--draft"] != nil {
			return fail("pr edit: %q", args)
		}
		if t := one(m, "--title"); t != "" {
			p.Title = t
		}
		if f := one(m, "--body-file"); f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return fail("%v", err)
			}
			p.Body = string(b)
		}
		for _, l := range append(m["--label"], m["--add-label"]...) {
			if !slices.Contains(p.Labels, l) {
				p.Labels = append(p.Labels, l)
			}
		}
		p.Labels = slices.DeleteFunc(p.Labels, func(l string) bool { return slices.Contains(m["--remove-label"], l) })
	case "pr ready":
		m, n, ok := flags(2, "--undo")
		p := pr(n)
		if !ok || p == nil || !known(m, "--undo") {
			return fail("pr ready: %q", args)
		}
		p.Draft = m["--undo"] != nil
	case "release create":
		m, tag, ok := flags(2, "--verify-tag")
		if !ok || tag == "" || m["--verify-tag"] == nil || !known(m, "--verify-tag", "--title", "--notes-file") {
			return fail("release create: %q", args)
		}
		b, err := os.ReadFile(one(m, "--notes-file"))
		if err != nil {
			return fail("%v", err)
		}
		s.Releases = append(s.Releases, release{tag, one(m, "--title"), string(b)})
	default:
		return fail("unsupported command %q", args)
	}
	b, _ := json.Marshal(s)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		return fail("%v", err)
	}
	return 0
}

// world is the scene of a run: the working copy the scripts run in, its
// origin, IANA's server and gh's state.
type world struct {
	t               *testing.T
	repo, origin    string
	env             []string
	state, ghOutput string
	srvURL          string

	mu       sync.Mutex
	xml, csv []byte // what the server serves; csv nil: 404
}

func (w *world) serve(xml, csv []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.xml, w.csv = xml, csv
}

// git runs git in dir and returns its output, trimmed.
func (w *world) git(dir string, args ...string) string {
	w.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = w.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("git %q: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// script runs scripts/NAME in dir with extra environment variables.
func (w *world) script(dir, name string, env ...string) (code int, out string) {
	w.t.Helper()
	cmd := exec.Command("bash", filepath.Join(dir, "scripts", name))
	if name == "update-pr" {
		cmd.Args = append(cmd.Args, "-url", w.url())
	}
	cmd.Dir = dir
	cmd.Env = append(slices.Clone(w.env), env...)
	b, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), string(b)
	} else if err != nil {
		w.t.Fatal(err)
	}
	return 0, string(b)
}

func (w *world) url() string { return w.srvURL + "/assignments/service-names-port-numbers.xml" }

func (w *world) gh() ghState {
	w.t.Helper()
	s, err := readState(w.state)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// needed reports whether the copy of the repository keeps a tracked
// file: what building gen and running the scripts read, and what an
// update commits. The rest (test fixtures, docs, other commands) would
// only make every git command of the scripts slower.
func needed(name string) bool {
	for _, p := range []string{"go.mod", "go.sum", ".gitignore", "CHANGELOG.md", "scripts/update-pr", "scripts/release", "gen/", "internal/", "data/", "ports/"} {
		if name == p || strings.HasSuffix(p, "/") && strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// newWorld copies this repository's tracked files that the scripts need,
// as they are in the working tree, into a fresh repository whose registry is the first
// records of the pinned one (so that every run is quick), pushes it to a
// bare origin, and puts the fake gh first on PATH.
func newWorld(t *testing.T, base []byte) *world {
	for _, tool := range []string{"git", "bash", "jq", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s here", tool)
		}
	}
	root := fixture.Root(t)
	tmp := t.TempDir()
	w := &world{t: t, repo: filepath.Join(tmp, "repo"), origin: filepath.Join(tmp, "origin.git"), state: filepath.Join(tmp, "gh.json"), ghOutput: filepath.Join(tmp, "github_output")}
	bin := filepath.Join(tmp, "bin")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, filepath.Join(bin, "gh")); err != nil {
		t.Fatal(err)
	}
	// The scripts see a plain environment: no CI variables or git
	// configuration of whoever runs this test, and GOFLAGS=-trimpath
	// alone, so that the go command's cache serves the copy's packages
	// (which differ from the module's only in data/) whatever temporary
	// directory the copy is in: most of the test's time was compiling gen.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "GITHUB_") && !strings.HasPrefix(k, "GIT_") && !strings.HasPrefix(k, "UPDATE_PR_") && k != "PATH" && k != "GOFLAGS" {
			w.env = append(w.env, kv)
		}
	}
	w.env = append(w.env, "GOFLAGS=-trimpath", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "FAKE_GH_STATE="+w.state, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=bot", "GIT_AUTHOR_EMAIL=bot@example.com", "GIT_COMMITTER_NAME=bot", "GIT_COMMITTER_EMAIL=bot@example.com")

	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	files, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): the scripts need one", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		if !needed(name) {
			continue
		}
		src, dst := filepath.Join(root, name), filepath.Join(w.repo, name)
		fi, err := os.Lstat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err == nil {
			err = os.MkdirAll(filepath.Dir(dst), 0o755)
		}
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			var target string
			if target, err = os.Readlink(src); err == nil {
				err = os.Symlink(target, dst)
			}
		} else if err == nil {
			var b []byte
			if b, err = os.ReadFile(src); err == nil {
				err = os.WriteFile(dst, b, fi.Mode().Perm())
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(w.repo, fixture.PinnedXML), base, 0o644); err != nil {
		t.Fatal(err)
	}
	gen := exec.Command("go", "run", "./gen")
	gen.Dir, gen.Env = w.repo, w.env
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen on the base registry: %v\n%s", err, out)
	}
	w.git(tmp, "init", "-q", "--bare", "-b", "main", w.origin)
	w.git(w.repo, "init", "-q", "-b", "main")
	w.git(w.repo, "add", "-A")
	w.git(w.repo, "commit", "-q", "-m", "base")
	w.git(w.repo, "remote", "add", "origin", w.origin)
	w.git(w.repo, "push", "-q", "origin", "main")

	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		xml, csv := w.xml, w.csv
		w.mu.Unlock()
		switch path.Base(r.URL.Path) {
		case "service-names-port-numbers.xml":
			rw.Header().Set("Content-Type", "application/xml")
			rw.Write(xml)
		case "service-names-port-numbers.csv":
			if csv == nil {
				http.NotFound(rw, r)
				return
			}
			rw.Header().Set("Content-Type", "text/csv")
			rw.Write(csv)
		default:
			http.NotFound(rw, r)
		}
	}))
	t.Cleanup(srv.Close)
	w.srvURL = srv.URL
	return w
}

// cut keeps the first n records of a registry document, and the people
// they refer to.
func cut(t *testing.T, doc []byte, n int) []byte {
	t.Helper()
	starts := regexp.MustCompile(`(?m)^  <record[ >]`).FindAllIndex(doc, -1)
	people := bytes.Index(doc, []byte("\n  <people>"))
	if len(starts) <= n || people < 0 {
		t.Fatalf("cut: %d records, <people> at %d", len(starts), people)
	}
	records := doc[:starts[n][0]]
	referred := map[string]bool{}
	for _, m := range regexp.MustCompile(`type="person" data="([^"]*)"`).FindAllSubmatch(records, -1) {
		referred[string(m[1])] = true
	}
	out := append([]byte(nil), records...)
	out = append(out, "  <people>\n"...)
	for _, m := range regexp.MustCompile(`(?s)    <person id="([^"]*)">.*?</person>\n`).FindAllSubmatch(doc[people:], -1) {
		if referred[string(m[1])] {
			out = append(out, m[0]...)
		}
	}
	return append(out, "  </people>\n</registry>\n"...)
}

// edit is a next registry: base with its date, records and descriptions
// changed as a new IANA version would.
type edit struct {
	date     string
	withdraw string   // a name whose records go
	add      []string // names of new tcp records, each on its own port
	revise   string   // appended to every description
}

func (e edit) apply(t *testing.T, base []byte, reg *registry.Registry) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(base), "\n")
	var out strings.Builder
	gone := map[int]bool{} // 0-based lines of withdrawn records
	for _, r := range reg.Records {
		if r.Name == e.withdraw && e.withdraw != "" {
			for i := r.Line - 1; ; i++ {
				gone[i] = true
				if strings.Contains(lines[i], "</record>") {
					break
				}
			}
		}
	}
	for i, l := range lines {
		if gone[i] {
			continue
		}
		if strings.HasPrefix(l, "  <people>") {
			for j, name := range e.add {
				fmt.Fprintf(&out, "  <record>\n    <name>%s</name>\n    <protocol>tcp</protocol>\n    <description>Test service %d</description>\n    <number>%d</number>\n  </record>\n", name, j, 47000+j)
			}
		}
		if e.revise != "" {
			l = strings.Replace(l, "</description>", e.revise+"</description>", 1)
		}
		out.WriteString(l)
	}
	// The registry's own date, the first <updated>; people have theirs.
	doc := out.String()
	i := strings.Index(doc, "<updated>")
	return []byte(doc[:i] + "<updated>" + e.date + doc[i+len("<updated>")+10:])
}

// csvOf is what IANA publishes beside a registry: its CSV rendering.
// registry.WriteCSV renders it as IANA does, byte for byte (its oracle
// test), so the server can play IANA for registries IANA never made.
func csvOf(t *testing.T, doc []byte) []byte {
	t.Helper()
	reg, err := registry.ParseBytes("next", doc)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := reg.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// newScene makes the world of a test and the registries it serves: base,
// the first records of the pinned registry; next1 to next4, each a newer
// version withdrawing one name and adding more; older, dated before base.
func newScene(t *testing.T) (w *world, pinnedDate, next, withdraw string, base []byte, nexts [4][]byte, older []byte) {
	t.Helper()
	pinnedDate = fixture.Pin(t).Updated
	pinnedXML, err := os.ReadFile(fixture.Pinned(t))
	if err != nil {
		t.Fatal(err)
	}
	base = cut(t, pinnedXML, 300)
	baseReg, err := registry.ParseBytes("base", base)
	if err != nil {
		t.Fatal(err)
	}
	// A name registered on tcp and udp, to withdraw.
	byName := map[string][]string{}
	for _, r := range baseReg.Records {
		if r.Name != "" {
			byName[r.Name] = append(byName[r.Name], r.Protocol)
		}
	}
	withdraw = ""
	for _, r := range baseReg.Records {
		if p := byName[r.Name]; r.Name != "" && r.HasNumber && slices.Equal(p, []string{"tcp", "udp"}) {
			withdraw = r.Name
			break
		}
	}
	// The next registry is a day younger than the pin, but never dated
	// after today: -update refuses a date in the future.
	day, err := time.Parse("2006-01-02", pinnedDate)
	if err != nil {
		t.Fatal(err)
	}
	next = max(pinnedDate, min(day.AddDate(0, 0, 1).Format("2006-01-02"), time.Now().UTC().Format("2006-01-02")))
	nexts[0] = edit{date: next, withdraw: withdraw, add: []string{"ianaports-next"}}.apply(t, base, baseReg)
	nexts[1] = edit{date: next, withdraw: withdraw, add: []string{"ianaports-next", "ianaports-two"}, revise: strings.Repeat(" revised", 40)}.apply(t, base, baseReg)
	nexts[2] = edit{date: next, withdraw: withdraw, add: []string{"ianaports-next", "ianaports-two", "ianaports-three"}}.apply(t, base, baseReg)
	nexts[3] = edit{date: next, withdraw: withdraw, add: []string{"ianaports-next", "ianaports-two", "ianaports-three", "ianaports-four"}}.apply(t, base, baseReg)
	older = edit{date: day.AddDate(0, 0, -1).Format("2006-01-02")}.apply(t, base, baseReg)
	return newWorld(t, base), pinnedDate, next, withdraw, base, nexts, older
}

// TestUpdatePR runs scripts/update-pr through an update's life: a new
// registry opens a ready pull request labelled breaking; IANA serving the
// pinned registry, or the proposed one again, changes nothing; a newer
// registry with failing tests and no CSV updates the same pull request
// as a draft whose body starts with the failing tests and is cut at
// GitHub's limit; a CSV that disagrees keeps it a draft; an older
// registry is refused. TestRelease goes on from the merge.
func TestUpdatePR(t *testing.T) {
	fixture.Long(t) // a compile of gen in the copy (cached across runs), six script runs
	start := time.Now()
	w, pinnedDate, next, withdraw, base, nexts, older := newScene(t)
	next1, next2, next3 := nexts[0], nexts[1], nexts[2]
	mainHead := w.git(w.repo, "rev-parse", "HEAD")
	branchHead := func() string {
		return w.git(w.origin, "for-each-ref", "--format=%(objectname)", "refs/heads/registry-update")
	}
	report := filepath.Join(t.TempDir(), "report.md")
	pass := []string{"UPDATE_PR_TEST_CMD=true", "UPDATE_PR_REPORT=" + report, "GITHUB_OUTPUT=" + w.ghOutput}
	fails := []string{"UPDATE_PR_TEST_CMD=printf -- '--- FAIL: TestAlpha (0.00s)\\n    --- FAIL: TestAlpha/one (0.00s)\\n--- FAIL: TestBeta (0.01s)\\nFAIL\\n'; exit 1"}
	// after checks what every run leaves: the checkout back on main,
	// clean, main untouched.
	after := func(what string) {
		t.Helper()
		if st := w.git(w.repo, "status", "--porcelain"); st != "" {
			t.Errorf("%s: the checkout is not clean:\n%s", what, st)
		}
		if b := w.git(w.repo, "symbolic-ref", "--short", "HEAD"); b != "main" {
			t.Errorf("%s: the checkout is left on %s", what, b)
		}
		if h := w.git(w.origin, "rev-parse", "main"); h != mainHead {
			t.Errorf("%s: origin's main moved", what)
		}
	}

	// 1. A new registry, IANA's CSV agreeing, tests passing.
	w.serve(next1, csvOf(t, next1))
	code, out := w.script(w.repo, "update-pr", pass...)
	if code != 0 {
		t.Fatalf("first update: exit %d\n%s", code, out)
	}
	after("first update")
	gh := w.gh()
	if len(gh.PRs) != 1 {
		t.Fatalf("%d pull requests, want 1\n%s", len(gh.PRs), out)
	}
	pr := gh.PRs[0]
	n := breakingOf(t, pr.Body)
	if want := "IANA registry " + next + ": " + strconv.Itoa(n) + " breaking"; n == 0 || pr.Title != want {
		t.Errorf("title %q, want %q (the summary's breaking count)", pr.Title, want)
	}
	if pr.Head != "registry-update" || pr.Base != "main" || pr.Draft || !slices.Contains(pr.Labels, "breaking") {
		t.Errorf("pull request %+v: want registry-update into main, ready, labelled breaking", pr)
	}
	if full, _ := os.ReadFile(report); pr.Body != string(full) {
		t.Errorf("body is not the full report of UPDATE_PR_REPORT (%d bytes):\n%.1500s", len(full), pr.Body)
	}
	for _, want := range []string{"## IANA service name and port number registry: " + pinnedDate + " → " + next + "\n", "\n**Second witness:** verified against IANA's CSV", "\n- `" + withdraw + "` — had "} {
		if !strings.Contains(pr.Body, want) {
			t.Errorf("body lacks %q:\n%.1500s", want, pr.Body)
		}
	}
	if b, _ := os.ReadFile(w.ghOutput); string(b) != "pushed=true\n" {
		t.Errorf("GITHUB_OUTPUT holds %q", b)
	}
	if got := w.git(w.origin, "log", "-1", "--format=%s%n%P", "registry-update"); got != pr.Title+"\n"+mainHead {
		t.Errorf("registry-update's commit: %q, want the title on top of main", got)
	}
	if got := w.git(w.origin, "diff", "--name-only", "main", "registry-update"); !onlyUpdateFiles(got) {
		t.Errorf("the commit changes more than data/, ports/ and CHANGELOG.md:\n%s", got)
	}
	if got := w.git(w.origin, "show", "registry-update:"+fixture.PinnedXML); got != strings.TrimSpace(string(next1)) {
		t.Error("registry-update does not hold the new registry")
	}
	if log := w.git(w.origin, "show", "registry-update:CHANGELOG.md"); !strings.Contains(log, "## Unreleased\n") || !strings.Contains(log, "IANA's registry of "+next+" (") {
		t.Errorf("CHANGELOG.md on registry-update:\n%s", log)
	}
	calls, tip := len(gh.Calls), branchHead()

	// 2, 3. IANA serves the pinned registry, then the proposed one again:
	// nothing changes.
	for _, s := range []struct {
		xml  []byte
		want string
	}{{base, "IANA still serves the pinned registry; nothing to do"}, {next1, "registry-update already proposes this update; nothing to do"}} {
		w.serve(s.xml, csvOf(t, s.xml))
		code, out := w.script(w.repo, "update-pr", pass...)
		if code != 0 || !strings.Contains(out, s.want) {
			t.Errorf("exit %d, want 0 and %q:\n%s", code, s.want, out)
		}
		after(s.want)
		if len(w.gh().Calls) != calls || branchHead() != tip {
			t.Errorf("%s: gh was called or the branch moved", s.want)
		}
	}

	// 4. A newer registry, no CSV yet, failing tests, a report over
	// GitHub's limit: the same pull request, a draft.
	w.serve(next2, nil)
	code, out = w.script(w.repo, "update-pr", fails...)
	if code != 0 {
		t.Fatalf("second update: exit %d\n%s", code, out)
	}
	after("second update")
	gh = w.gh()
	pr = gh.PRs[0]
	if len(gh.PRs) != 1 || !pr.Draft || branchHead() == tip {
		t.Errorf("%d pull requests, draft %v, branch moved %v: want the same one, a draft, pushed", len(gh.PRs), pr.Draft, branchHead() != tip)
	}
	if !strings.HasPrefix(pr.Body, "**Failing tests:** `TestAlpha`, `TestAlpha/one`, `TestBeta`\n") {
		t.Errorf("body starts %.200q", pr.Body)
	}
	if !strings.Contains(pr.Body, "> **Warning:** not verified against IANA's CSV, which could not be fetched: `GET "+w.srvURL) {
		t.Error("body lacks the CSV warning")
	}
	if len([]rune(pr.Body)) > 65536 || !strings.HasSuffix(pr.Body, "writes it again.*\n") || strings.Count(pr.Body, "<details>") != strings.Count(pr.Body, "</details>") {
		t.Errorf("body of %d characters, not cut cleanly at 65,536; it ends:\n%s", len([]rune(pr.Body)), pr.Body[max(0, len(pr.Body)-600):])
	}
	tip = branchHead()

	// 5. IANA's CSV disagrees: still a draft, however the tests go.
	csv := csvOf(t, next3)
	w.serve(next3, bytes.Replace(csv, []byte("ianaports-three"), []byte("ianaports-3"), 1))
	code, out = w.script(w.repo, "update-pr", pass...)
	if code != 0 {
		t.Fatalf("third update: exit %d\n%s", code, out)
	}
	after("third update")
	pr = w.gh().PRs[0]
	if first, _, _ := strings.Cut(pr.Body, "\n"); !pr.Draft || !strings.HasPrefix(first, "> **IANA's CSV differs from the new XML rendered as CSV**, first at row ") || !strings.Contains(first, "ianaports-3") || branchHead() == tip {
		t.Errorf("draft %v, branch moved %v, body starts %q", pr.Draft, branchHead() != tip, first)
	}
	tip = branchHead()

	// 6. An older registry is refused: exit 1, nothing pushed.
	calls = len(w.gh().Calls)
	w.serve(older, csvOf(t, older))
	code, out = w.script(w.repo, "update-pr", pass...)
	if code != 1 || !strings.Contains(out, "older than the pinned") || len(w.gh().Calls) != calls || branchHead() != tip {
		t.Errorf("older registry: exit %d, gh calls %d → %d:\n%s", code, calls, len(w.gh().Calls), out)
	}
	after("refusal")
	t.Logf("update-pr: 6 runs in %v", time.Since(start).Round(time.Millisecond))

}

// TestRelease runs scripts/release after a merged update, as the release
// workflow would: nothing before the first v1 tag, then v1.1.0 with the
// report against v1.0.0, nothing on a second run; then one more update,
// whose changelog entry takes the next release's name.
func TestRelease(t *testing.T) {
	fixture.Long(t) // a compile of gen in the copy (cached across runs), five script runs
	start := time.Now()
	w, pinnedDate, next, _, _, nexts, _ := newScene(t)
	w.serve(nexts[0], csvOf(t, nexts[0]))
	if code, out := w.script(w.repo, "update-pr", "UPDATE_PR_TEST_CMD=true"); code != 0 {
		t.Fatalf("update: exit %d\n%s", code, out)
	}
	testRelease(t, w, pinnedDate, next, nexts[3])
	t.Logf("update-pr and release: %v", time.Since(start).Round(time.Millisecond))
}

// testRelease merges registry-update and runs scripts/release in a fresh
// clone, as the release workflow would.
// Then one more update, next, to see its changelog entry named.
func testRelease(t *testing.T, w *world, from, to string, next []byte) {
	base := w.git(w.origin, "rev-parse", "main")
	w.git(w.origin, "update-ref", "refs/heads/main", "refs/heads/registry-update")
	// The workflow's checkout of main; the working copy, so that gen is
	// compiled already.
	ci := w.repo
	w.git(ci, "fetch", "-q", "origin")
	w.git(ci, "reset", "-q", "--hard", "origin/main")
	calls := len(w.gh().Calls)
	if code, out := w.script(ci, "release"); code != 0 || !strings.Contains(out, "no v1.* tag yet") || len(w.gh().Calls) != calls || w.git(w.origin, "tag") != "" {
		t.Errorf("before v1.0.0: exit %d, %d gh calls, tags %q:\n%s", code, len(w.gh().Calls)-calls, w.git(w.origin, "tag"), out)
	}
	w.git(ci, "tag", "v1.0.0", base)
	w.git(ci, "push", "-q", "origin", "v1.0.0")
	code, out := w.script(ci, "release")
	if code != 0 {
		t.Fatalf("release: exit %d\n%s", code, out)
	}
	if tags := w.git(w.origin, "tag", "--points-at", "main"); tags != "v1.1.0" {
		t.Errorf("main is tagged %q, want v1.1.0", tags)
	}
	rs := w.gh().Releases
	if len(rs) != 1 || rs[0].Tag != "v1.1.0" || rs[0].Title != "v1.1.0: IANA registry "+to ||
		!strings.HasPrefix(rs[0].Notes, "IANA registry "+to+" (`ports.RegistryUpdated`), a minor release after v1.0.0.") ||
		!strings.Contains(rs[0].Notes, "\n## IANA service name and port number registry: "+from+" → "+to+"\n") {
		t.Errorf("releases %+v", rs)
	}
	if code, out := w.script(ci, "release"); code != 0 || !strings.Contains(out, "HEAD is tagged v1.1.0 already") || len(w.gh().Releases) != 1 {
		t.Errorf("second run: exit %d\n%s", code, out)
	}

	// The next update, with the merged pull request closed: a new one,
	// whose changelog entry is named after the release its merge makes.
	gh := w.gh()
	gh.PRs[0].Closed = true
	b, _ := json.Marshal(gh)
	if err := os.WriteFile(w.state, b, 0o644); err != nil {
		t.Fatal(err)
	}
	w.serve(next, csvOf(t, next))
	if code, out := w.script(w.repo, "update-pr", "UPDATE_PR_TEST_CMD=true"); code != 0 {
		t.Fatalf("update after v1.1.0: exit %d\n%s", code, out)
	}
	if prs := w.gh().PRs; len(prs) != 2 || prs[1].Closed || prs[1].Draft {
		t.Errorf("pull requests after v1.1.0: %+v", prs)
	}
	if log := w.git(w.origin, "show", "registry-update:CHANGELOG.md"); !strings.Contains(log, "\n## v1.2.0 (IANA registry "+to+")\n") || strings.Contains(log, "## Unreleased") {
		t.Errorf("CHANGELOG.md of the update after v1.1.0:\n%s", log)
	}
}

// breakingOf sums the counts of the breaking line of a Markdown report.
func breakingOf(t *testing.T, md string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^- \*\*breaking:\*\* (.*)$`).FindStringSubmatch(md)
	if m == nil {
		t.Fatalf("no breaking line in:\n%.800s", md)
	}
	n := 0
	for _, c := range regexp.MustCompile(`(\d+) `).FindAllStringSubmatch(m[1], -1) {
		k, _ := strconv.Atoi(c[1])
		n += k
	}
	return n
}

func onlyUpdateFiles(names string) bool {
	for _, n := range strings.Fields(names) {
		if !strings.HasPrefix(n, "data/") && !strings.HasPrefix(n, "ports/") && n != "CHANGELOG.md" {
			return false
		}
	}
	return names != ""
}
