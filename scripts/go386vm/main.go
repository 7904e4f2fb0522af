//go:build linux

// Command go386vm runs one 386 Go test binary in a 32-bit x86 Linux
// booted under qemu-system-i386 (software emulation), for machines whose
// kernel cannot execute 386 binaries. scripts/go-test-386, the go test
// -exec wrapper, fetches the kernel, builds this program and the guest's
// init, and calls
//
//	go386vm -kernel VMLINUZ -init INIT [flags] BINARY [ARGS...]
//
// from the package directory, as go test calls an -exec program.
//
// The initramfs holds INIT as /init, BINARY, and the module's files
// (every file under the directory of the nearest go.mod above the working
// directory, without .git), all at their host paths, so that a test finds
// its testdata/ and the module's files where it would natively. Files the
// test writes stay in the guest.
//
// The protocol with the init (scripts/go386vm/init): go386vm writes
// /go-test-386/config.json with a random token; the init prints
// "TOKEN start" before it starts the binary and "TOKEN exit N" after it,
// then powers off. Console output between the two markers is the test
// binary's (stdout and stderr in one stream, in order) and goes to
// go386vm's stdout; what comes before is the firmware's and kernel's and
// is shown only when something fails. go386vm exits with N, or non-zero
// with the console's last lines when no exit marker arrives.
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	log := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "go-test-386: "+format+"\n", args...)
	}
	kernel := flag.String("kernel", "", "32-bit x86 Linux kernel image (bzImage)")
	initBin := flag.String("init", "", "the guest's init, built from scripts/go386vm/init for GOARCH=386")
	qemu := flag.String("qemu", "qemu-system-i386", "qemu system emulator")
	timeout := flag.Duration("timeout", 0, "stop the guest after this long (default 15m, or the binary's -test.timeout plus 5m if longer)")
	mem := flag.String("m", "1G", "guest memory (qemu -m)")
	smp := flag.Int("smp", 2, "guest CPUs (qemu -smp)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go386vm -kernel VMLINUZ -init INIT [flags] BINARY [ARGS...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *kernel == "" || *initBin == "" || flag.NArg() < 1 {
		flag.Usage()
		os.Exit(2)
	}
	bin, args := flag.Arg(0), flag.Args()[1:]

	if err := check386(bin); err != nil {
		log("%v", err)
		os.Exit(1)
	}
	limit := *timeout
	if limit <= 0 {
		limit = guestTimeout(args)
	}

	tmp, err := os.MkdirTemp("", "go-test-386-")
	if err != nil {
		log("%v", err)
		os.Exit(1)
	}
	status := run(tmp, *qemu, *kernel, *initBin, *mem, *smp, limit, bin, args, log)
	os.RemoveAll(tmp)
	os.Exit(status)
}

// check386 refuses, with the reason, a binary the guest cannot run: the
// init could only report "exec format error" or "no such file".
func check386(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if f.Class != elf.ELFCLASS32 || f.Machine != elf.EM_386 {
		return fmt.Errorf("%s is not a 386 binary (%v, %v): run go test with GOARCH=386", path, f.Class, f.Machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is dynamically linked, and the guest has no libraries: build with CGO_ENABLED=0", path)
		}
	}
	return nil
}

// guestTimeout is 15 minutes, or longer where the binary's own
// -test.timeout needs it: the boot comes on top of the test's time.
func guestTimeout(args []string) time.Duration {
	d := 15 * time.Minute
	for _, a := range args {
		v, ok := strings.CutPrefix(a, "-test.timeout=")
		if !ok {
			continue
		}
		if t, err := time.ParseDuration(v); err == nil && t > 0 && t+5*time.Minute > d {
			d = t + 5*time.Minute
		}
	}
	return d
}

func run(tmp, qemu, kernel, initBin, mem string, smp int, limit time.Duration, bin string, args []string, log func(string, ...any)) int {
	token, err := newToken()
	if err != nil {
		log("%v", err)
		return 1
	}
	initrd := filepath.Join(tmp, "initramfs.cpio")
	if err := writeInitramfs(initrd, initBin, bin, args, token); err != nil {
		log("initramfs: %v", err)
		return 1
	}

	cmd := exec.Command(qemu,
		"-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
		"-accel", "tcg", "-m", mem, "-smp", strconv.Itoa(smp),
		"-serial", "stdio",
		"-kernel", kernel, "-initrd", initrd,
		// loglevel=1 keeps the kernel's messages off the console except
		// emergencies (a panic), which the failure report then shows.
		"-append", "console=ttyS0 quiet loglevel=1 panic=-1",
	)
	cmd.Stderr = os.Stderr
	// qemu must not outlive go386vm: go test kills an -exec program that
	// overruns its timeout, and an orphaned qemu would run on. Pdeathsig
	// follows the starting thread, so keep this goroutine on it.
	runtime.LockOSThread()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		log("%v", err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		log("%v", err)
		return 1
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGHUP)
	con := &console{token: []byte(token), w: os.Stdout, exit: make(chan struct{})}
	scanned := make(chan error, 1)
	go func() { scanned <- con.scan(out) }()

	timer := time.NewTimer(limit)
	defer timer.Stop()
	var stopped string
	killed := false
	exit := con.exit
	for done := false; !done; {
		select {
		case err := <-scanned:
			if err != nil {
				log("reading the console: %v", err)
			}
			done = true
		case <-exit:
			// The status is in; the power-off has a short while to end
			// qemu before it is killed.
			exit = nil
			timer.Reset(powerOffGrace)
		case <-timer.C:
			if exit == nil {
				log("qemu did not exit %v after the guest's exit marker; killed it", powerOffGrace)
			} else {
				stopped = fmt.Sprintf("timed out after %v (GO_TEST_386_TIMEOUT)", limit)
			}
			killed, done = true, true
		case s := <-sigs:
			stopped = fmt.Sprintf("stopped by %v", s)
			killed, done = true, true
		}
	}
	if killed {
		cmd.Process.Kill()
	}
	// Wait closes the console pipe, which ends the scan even where a
	// child of qemu holds the pipe's other end.
	waitErr := cmd.Wait()
	if killed {
		<-scanned
		waitErr = nil
	}

	if stopped == "" && con.exited {
		return con.status
	}
	switch {
	case stopped != "":
		log("%s; the guest is stopped", stopped)
	case waitErr != nil:
		log("%s: %v", qemu, waitErr)
	}
	if !con.started {
		log("the guest did not start the test binary; last console lines:")
		for _, l := range con.tail {
			fmt.Fprintf(os.Stderr, "  | %s\n", l)
		}
	} else if stopped == "" {
		log("the guest stopped without the test binary's exit status; its output is above")
	}
	return 1
}

func newToken() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "go-test-386-" + hex.EncodeToString(b[:]), nil
}

// console reads the guest's serial console: it passes the test binary's
// output (between the start and exit markers) to w and keeps the other
// lines for a failure report.
type console struct {
	token []byte
	w     io.Writer

	exit chan struct{} // closed at the exit marker, if not nil

	started, exited bool
	status          int
	tail            []string // the last lines not passed to w
}

// powerOffGrace is how long qemu may take to exit after the exit marker.
const powerOffGrace = 30 * time.Second

const tailLines = 40

func (c *console) scan(r io.Reader) error {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			c.line(line)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// line handles one line of console output, with its "\n" unless it is
// the last. A marker can follow output that did not end in "\n" on the
// same line, so it is looked for anywhere in the line.
func (c *console) line(line []byte) {
	i := bytes.Index(line, c.token)
	if i < 0 {
		if c.started && !c.exited {
			c.w.Write(line)
		} else {
			c.keep(line)
		}
		return
	}
	before, marker := line[:i], strings.TrimSpace(string(line[i+len(c.token):]))
	switch {
	case !c.started && marker == "start":
		c.keep(before)
		c.started = true
	case c.started && !c.exited && strings.HasPrefix(marker, "exit "):
		n, err := strconv.Atoi(strings.TrimPrefix(marker, "exit "))
		if err != nil {
			c.keep(line)
			return
		}
		c.w.Write(before)
		c.exited, c.status = true, n
		if c.exit != nil {
			close(c.exit)
		}
	default:
		c.keep(line)
	}
}

func (c *console) keep(line []byte) {
	s := strings.TrimRight(string(line), "\r\n")
	if s == "" {
		return
	}
	if len(c.tail) == tailLines {
		c.tail = c.tail[1:]
	}
	c.tail = append(c.tail, s)
}

// writeInitramfs writes the guest's root file system as an uncompressed
// newc cpio archive: /init, /dev/console (the kernel opens it as init's
// stdin, stdout and stderr before any devtmpfs exists), the config, the
// test binary and the module's files at their host paths.
func writeInitramfs(path, initBin, bin string, args []string, token string) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root := moduleRoot(wd)
	absBin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	env := []string{}
	for _, kv := range os.Environ() {
		// The host's TMPDIR need not exist in the guest; PWD is set anew.
		if !strings.HasPrefix(kv, "TMPDIR=") && !strings.HasPrefix(kv, "PWD=") {
			env = append(env, kv)
		}
	}
	env = append(env, "TMPDIR=/tmp", "PWD="+wd)
	cfg, err := json.Marshal(map[string]any{
		"Token": token, "Path": absBin, "Args": args, "Dir": wd, "Env": env,
	})
	if err != nil {
		return err
	}

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := newCpio(f)
	w.dir("/dev", 0o755)
	w.node("/dev/console", syscall.S_IFCHR|0o600, 5, 1)
	w.fileFrom("/init", 0o755, initBin)
	w.dir("/go-test-386", 0o755)
	w.file("/go-test-386/config.json", 0o644, cfg)
	w.fileFrom(absBin, 0o755, absBin)
	if err := w.tree(root); err != nil {
		f.Close()
		return err
	}
	if err := w.close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// moduleRoot is the directory of the nearest go.mod at or above dir, or
// dir itself where there is none.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// cpio writes a newc ("070701") archive, the format the kernel unpacks
// into its initramfs. The kernel does not create missing parents, so each
// entry's directories are written first.
type cpio struct {
	w    *bufio.Writer
	seen map[string]bool // paths written, and "/"
	ino  int
	err  error
}

func newCpio(w io.Writer) *cpio {
	return &cpio{w: bufio.NewWriterSize(w, 1<<20), seen: map[string]bool{"/": true}}
}

// header starts the entry name; it reports false, and writes nothing,
// where name is written already (the test binary can lie in the module).
func (c *cpio) header(name string, mode uint32, size int64, rdevMajor, rdevMinor uint32) bool {
	if c.err != nil || c.seen[name] {
		return false
	}
	c.seen[name] = true
	c.ino++
	nlink := 1
	if mode&syscall.S_IFMT == syscall.S_IFDIR {
		nlink = 2
	}
	name = strings.TrimPrefix(name, "/")
	// magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
	// devminor, rdevmajor, rdevminor, namesize (with its NUL), check.
	h := fmt.Sprintf("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		c.ino, mode, 0, 0, nlink, 0, size, 0, 0, rdevMajor, rdevMinor, len(name)+1, 0)
	c.write([]byte(h))
	c.write([]byte(name))
	c.write([]byte{0})
	c.pad(len(h) + len(name) + 1)
	return true
}

// pad aligns to 4 bytes after n bytes of header and name or of data.
func (c *cpio) pad(n int) {
	if r := n % 4; r != 0 {
		c.write(make([]byte, 4-r))
	}
}

func (c *cpio) write(b []byte) {
	if c.err == nil {
		_, c.err = c.w.Write(b)
	}
}

func (c *cpio) parents(name string) {
	if d := filepath.Dir(name); !c.seen[d] {
		c.dir(d, 0o755)
	}
}

func (c *cpio) dir(name string, perm uint32) {
	c.parents(name)
	c.header(name, syscall.S_IFDIR|perm, 0, 0, 0)
}

func (c *cpio) node(name string, mode, major, minor uint32) {
	c.parents(name)
	c.header(name, mode, 0, major, minor)
}

func (c *cpio) file(name string, perm uint32, data []byte) {
	c.parents(name)
	if c.header(name, syscall.S_IFREG|perm, int64(len(data)), 0, 0) {
		c.write(data)
		c.pad(len(data))
	}
}

func (c *cpio) fileFrom(name string, perm uint32, src string) {
	data, err := os.ReadFile(src)
	if err != nil && c.err == nil {
		c.err = err
	}
	c.file(name, perm, data)
}

func (c *cpio) symlink(name, target string) {
	c.parents(name)
	if c.header(name, syscall.S_IFLNK|0o777, int64(len(target)), 0, 0) {
		c.write([]byte(target))
		c.pad(len(target))
	}
}

// tree adds every directory, regular file and symbolic link under root,
// keeping permissions, except .git and the paths already written.
func (c *cpio) tree(root string) error {
	return filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == ".git" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		perm := uint32(info.Mode().Perm())
		switch {
		case d.IsDir():
			c.dir(path, perm)
		case info.Mode().IsRegular():
			c.fileFrom(path, perm, path)
		case info.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			c.symlink(path, target)
		}
		return c.err
	})
}

func (c *cpio) close() error {
	c.header("TRAILER!!!", 0, 0, 0, 0)
	if c.err != nil {
		return c.err
	}
	if err := c.w.Flush(); err != nil {
		return err
	}
	return nil
}
