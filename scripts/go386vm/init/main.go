//go:build linux

// Command init is process 1 of the 32-bit x86 guest that
// scripts/go-test-386 boots under qemu-system-i386: it runs one Go test
// binary in a copy of its package directory, prints the binary's exit
// status on the console in a marker line, and powers the machine off.
//
// scripts/go-test-386 builds it with GOOS=linux GOARCH=386
// CGO_ENABLED=0; scripts/go386vm puts it at /init of the initramfs with
// the files that /go-test-386/config.json names. The config and the
// marker lines are the protocol between the two (see scripts/go386vm).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"unsafe"
)

// config is /go-test-386/config.json, written by scripts/go386vm.
type config struct {
	Token string   // starts each marker line
	Path  string   // the test binary
	Args  []string // its arguments
	Dir   string   // its working directory: the package's copy
	Env   []string // its environment
}

const configPath = "/go-test-386/config.json"

func main() {
	status := run()
	// Buffers of the tmpfs root do not matter; the console is written
	// synchronously. Power off; if that fails, exiting panics the kernel,
	// which with panic=-1 reboots, which -no-reboot turns into qemu's exit.
	if err := syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF); err != nil {
		fmt.Fprintf(os.Stderr, "go-test-386 init: power off: %v\n", err)
	}
	os.Exit(status)
}

// run prints the start marker, runs the test binary and prints the exit
// marker. It returns non-zero only where it could not run the binary;
// then no exit marker is printed and the host reports the failure with
// the console's last lines.
func run() int {
	if err := setup(); err != nil {
		fmt.Fprintf(os.Stderr, "go-test-386 init: %v\n", err)
		return 1
	}
	b, err := os.ReadFile(configPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-test-386 init: %v\n", err)
		return 1
	}
	var c config
	if err := json.Unmarshal(b, &c); err != nil || c.Token == "" || c.Path == "" {
		fmt.Fprintf(os.Stderr, "go-test-386 init: %s: bad config (%v)\n", configPath, err)
		return 1
	}
	fmt.Printf("%s start\n", c.Token)

	cmd := exec.Command(c.Path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = c.Env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stdout // one stream: the console keeps the binary's order of writes
	status := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			// Could not start it at all (not a 386 binary, missing
			// library): still a failed test, with the reason.
			fmt.Printf("go-test-386 init: %v\n", err)
			status = 1
		} else if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			fmt.Printf("go-test-386 init: test binary killed by signal %d (%v)\n", ws.Signal(), ws.Signal())
			status = 128 + int(ws.Signal())
		} else {
			status = ee.ExitCode()
		}
	}
	fmt.Printf("%s exit %d\n", c.Token, status)
	return 0
}

// setup mounts what a Go test may use (/dev/null, /proc/self/exe, a
// writable TMPDIR) and makes the console pass bytes unchanged.
func setup() error {
	mounts := []struct{ fs, dir string }{
		{"devtmpfs", "/dev"},
		{"proc", "/proc"},
		{"sysfs", "/sys"},
	}
	for _, m := range mounts {
		if err := os.MkdirAll(m.dir, 0o755); err != nil {
			return err
		}
		if err := syscall.Mount(m.fs, m.dir, m.fs, 0, ""); err != nil {
			return fmt.Errorf("mount %s on %s: %v", m.fs, m.dir, err)
		}
	}
	// The initramfs root is a tmpfs, so /tmp needs no mount of its own.
	if err := os.MkdirAll("/tmp", 0o755); err != nil {
		return err
	}
	if err := os.Chmod("/tmp", 0o1777); err != nil {
		return err
	}
	return rawOutput(1)
}

// rawOutput clears OPOST on the terminal fd: without it the tty turns
// each "\n" into "\r\n", and the host would see other bytes than the test
// binary wrote.
func rawOutput(fd uintptr) error {
	var t syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCGETS, uintptr(unsafe.Pointer(&t))); e != 0 {
		return fmt.Errorf("console: TCGETS: %v", e)
	}
	t.Oflag &^= syscall.OPOST
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCSETS, uintptr(unsafe.Pointer(&t))); e != 0 {
		return fmt.Errorf("console: TCSETS: %v", e)
	}
	return nil
}
