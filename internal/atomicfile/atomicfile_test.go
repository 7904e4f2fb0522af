package atomicfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range es {
		n = append(n, e.Name())
	}
	return n
}

func TestWriteFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("old a"), 0o600)
	var order []string
	err := WriteFiles([]File{{b, []byte("new b")}, {a, []byte("new a")}}, Options{AfterRename: func(p string) { order = append(order, filepath.Base(p)) }})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ","); got != "b,a" {
		t.Errorf("renamed in order %s, want b,a (the order given)", got)
	}
	if read(t, a) != "new a" || read(t, b) != "new b" {
		t.Error("contents not replaced")
	}
	if fi, _ := os.Stat(a); fi.Mode().Perm() != 0o600 {
		t.Errorf("a replaced file lost its mode: %v", fi.Mode())
	}
	if got := names(t, dir); len(got) != 2 {
		t.Errorf("directory holds %q, want only a and b", got)
	}
}

// TestFailureLeavesNothing makes the second of two writes fail (its
// directory does not exist) and wants the first target untouched and no
// temporary file left.
func TestFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	os.WriteFile(a, []byte("old"), 0o644)
	err := WriteFiles([]File{{a, []byte("new")}, {filepath.Join(dir, "missing", "b"), []byte("x")}}, Options{})
	if err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
	if read(t, a) != "old" {
		t.Error("a failed write replaced the first file")
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q after a failed write, want only a", got)
	}
}

func TestSymlinkIsFollowed(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.txt")
	link := filepath.Join(dir, "link.txt")
	os.WriteFile(real, []byte("old"), 0o644)
	if err := os.Symlink("real.txt", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file (%v, %v)", fi, err)
	}
	if read(t, real) != "new" {
		t.Error("the link's target was not written")
	}
	w, err := Create(link)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "streamed")
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 || read(t, real) != "streamed" {
		t.Error("Create/Commit did not write through the link")
	}
}

// TestSpecialFileInPlace writes into a named pipe: a rename would replace
// the pipe with a regular file, and the reader would see nothing.
func TestSpecialFileInPlace(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	fixture.Mkfifo(t, fifo)
	for _, useCreate := range []bool{false, true} {
		got := make(chan string)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- err.Error()
				return
			}
			b, _ := io.ReadAll(f)
			f.Close()
			got <- string(b)
		}()
		if useCreate {
			w, err := Create(fifo)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, "through the pipe")
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		} else if err := WriteFile(fifo, []byte("through the pipe"), 0o644); err != nil {
			t.Fatal(err)
		}
		if s := <-got; s != "through the pipe" {
			t.Errorf("reader got %q", s)
		}
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("the pipe was replaced (%v, %v)", fi, err)
		}
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q, want only the pipe", got)
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	keep := []string{"tables.go", ".tables.go.tmp", ".tables.go.tmpx1", ".other.go.tmp123", "notes.tmp1"}
	stale := []string{".tables.go.tmp123", ".ports.go.tmp9"}
	for _, n := range append(append([]string(nil), keep...), stale...) {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	if err := RemoveStale(dir, "tables.go", "ports.go"); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(names(t, dir), " ")
	for _, n := range stale {
		if strings.Contains(" "+got+" ", " "+n+" ") {
			t.Errorf("stale %s survived", n)
		}
	}
	for _, n := range keep {
		if !strings.Contains(" "+got+" ", " "+n+" ") {
			t.Errorf("%s was removed, but it is not a temporary file of ours", n)
		}
	}
	// WriteFile cleans up its own target's leftovers.
	os.WriteFile(filepath.Join(dir, ".tables.go.tmp42"), []byte("half"), 0o644)
	if err := WriteFile(filepath.Join(dir, "tables.go"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".tables.go.tmp42")); !os.IsNotExist(err) {
		t.Error("WriteFile left the stale temporary file of its target")
	}
}

func TestAbortKeepsOld(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out")
	os.WriteFile(p, []byte("old"), 0o644)
	w, err := Create(p)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(w, bytes.NewReader([]byte("partial")))
	w.Abort()
	w.Abort()
	if read(t, p) != "old" || len(names(t, dir)) != 1 {
		t.Error("Abort changed the target or left a temporary file")
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
}

// TestResolveAsTheKernel compares Resolve with the file the kernel
// opens for each path: through a symlinked directory holding relative
// links (whose ".." the kernel takes from where the link really is),
// chains, a dangling link, and ".." after a link in the path given.
func TestResolveAsTheKernel(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) {
		if err := os.MkdirAll(filepath.Join(root, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		if err := os.Symlink(target, filepath.Join(root, p)); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	mk("s/deep")
	mk("w")
	os.WriteFile(filepath.Join(root, "s", "f"), []byte("s/f"), 0o644)
	os.WriteFile(filepath.Join(root, "w", "f"), []byte("w/f"), 0o644)
	link("../f", "s/deep/f")          // s/deep/f -> s/f
	link("../s/deep", "w/gen")        // w/gen -> s/deep
	link("deep/f", "s/c1")            // a chain: s/c1 -> s/deep/f -> s/f
	link("../s/c1", "w/c2")           // w/c2 -> s/c1 -> ...
	link("../new", "s/deep/dangling") // s/deep/dangling -> s/new, missing
	link("loop2", "s/loop1")
	link("loop1", "s/loop2")

	for _, tc := range []struct{ path, want string }{
		{"w/gen/f", "s/f"},
		{"w/c2", "s/f"},
		{"w/gen/../f", "s/f"},
		{"w/gen/../deep/../f", "s/f"},
		{"w/gen/dangling", "s/new"},
		{"w/gen/../fresh", "s/fresh"},
		{"w/f", "w/f"},
	} {
		got, special, err := Resolve(filepath.Join(root, "w") + "/../" + tc.path)
		if err != nil || special {
			t.Errorf("%s: %v (special %v)", tc.path, err, special)
			continue
		}
		if want := filepath.Join(root, tc.want); got != want {
			t.Errorf("%s resolves to %s, want %s", tc.path, got, want)
		}
		// What the kernel opens for reading, where the file exists.
		if b, err := os.ReadFile(filepath.Join(root, "w") + "/../" + tc.path); err == nil && string(b) != read(t, got) {
			t.Errorf("%s: the kernel reads %q, Resolve names a file holding %q", tc.path, b, read(t, got))
		}
	}
	if _, _, err := Resolve(filepath.Join(root, "s", "loop1")); err == nil || !strings.Contains(err.Error(), "too many levels") {
		t.Errorf("a loop of links: %v", err)
	}
	if _, _, err := Resolve(filepath.Join(root, "w", "gen") + "/.."); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory: %v", err)
	}
	if err := WriteFile(filepath.Join(root, "w", "gen", "dangling"), []byte("made"), 0o644); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(root, "s", "new")) != "made" || !isSymlink(filepath.Join(root, "s", "deep", "dangling")) {
		t.Error("a write through a dangling link did not create its target, or replaced the link")
	}

	dir, err := ResolveDir(filepath.Join(root, "w", "gen") + "/../newdir/sub")
	if want := filepath.Join(root, "s", "newdir", "sub"); err != nil || dir != want {
		t.Errorf("ResolveDir of a directory to create below a link's ..: %q, %v; want %q", dir, err, want)
	}
	link("../../w/ghost", "s/deep/ghost") // a dangling link to a directory
	dir, err = ResolveDir(filepath.Join(root, "w", "gen", "ghost", "sub"))
	if want := filepath.Join(root, "w", "ghost", "sub"); err != nil || dir != want {
		t.Errorf("ResolveDir through a dangling link: %q, %v; want %q", dir, err, want)
	}
}

func isSymlink(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// TestRemoveStaleSparesWritersInUse: the temporary file of a write in
// progress (Create before Commit, in this process or another) holds its
// lock, so clean-up leaves it and the write still commits; a file left
// unlocked, as by a killed run, goes.
func TestRemoveStaleSparesWritersInUse(t *testing.T) {
	if !renameOpen {
		t.Skip("no flock here: an open file stands in for the lock")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "out")
	w, err := Create(target)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "complete")
	dead := filepath.Join(dir, tempPrefix("out")+"123")
	os.WriteFile(dead, []byte("half"), 0o644)
	if err := RemoveStale(dir, "out"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(w.tmp.f.Name()); err != nil {
		t.Fatalf("clean-up removed a temporary file in use: %v", err)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("clean-up left an unlocked temporary file")
	}
	// Another write of the same target meanwhile, which cleans up too.
	if err := WriteFile(target, []byte("other"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("the first write, after another's clean-up: %v", err)
	}
	if read(t, target) != "complete" || len(names(t, dir)) != 1 {
		t.Errorf("target %q, directory %q: want the last commit alone", read(t, target), names(t, dir))
	}
}
