//go:build linux

package main

import (
	"strings"
	"testing"
	"time"
)

// The console decides pass or fail: only the run's own exit marker, after
// its start marker, may give a status; everything else is output or
// diagnostics.
func TestConsole(t *testing.T) {
	const tok = "go-test-386-0123456789abcdef01234567"
	for _, c := range []struct {
		name, in        string
		started, exited bool
		status          int
		out, tail       string // tail: kept lines joined by "|"
	}{{
		name:    "pass",
		in:      "SeaBIOS\r\n" + tok + " start\n=== RUN x\nPASS\n" + tok + " exit 0\nreboot: Power down\n",
		started: true, exited: true, status: 0,
		out:  "=== RUN x\nPASS\n",
		tail: "SeaBIOS|reboot: Power down",
	}, {
		name:    "fail status",
		in:      tok + " start\nFAIL\n" + tok + " exit 1\n",
		started: true, exited: true, status: 1,
		out: "FAIL\n",
	}, {
		name:    "marker after output without newline",
		in:      tok + " start\nno newline" + tok + " exit 3\n",
		started: true, exited: true, status: 3,
		out: "no newline",
	}, {
		name:    "no exit marker: a guest that panicked",
		in:      tok + " start\nok so far\n[ 4.2] Kernel panic - not syncing\n",
		started: true,
		out:     "ok so far\n[ 4.2] Kernel panic - not syncing\n",
	}, {
		name: "never started",
		in:   "[ 3.9] Kernel panic - not syncing: No working init found.\n",
		tail: "[ 3.9] Kernel panic - not syncing: No working init found.",
	}, {
		name: "exit before start is no status",
		in:   tok + " exit 0\n",
		tail: tok + " exit 0",
	}, {
		name:    "another run's token is output",
		in:      tok + " start\ngo-test-386-ffffffffffffffffffffffff exit 0\n",
		started: true,
		out:     "go-test-386-ffffffffffffffffffffffff exit 0\n",
	}, {
		name:    "malformed status is no status",
		in:      tok + " start\n" + tok + " exit zero\n",
		started: true,
		tail:    tok + " exit zero",
	}, {
		name:    "only the first exit marker counts",
		in:      tok + " start\n" + tok + " exit 1\n" + tok + " exit 0\n",
		started: true, exited: true, status: 1,
		tail: tok + " exit 0",
	}} {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			con := &console{token: []byte(tok), w: &out}
			if err := con.scan(strings.NewReader(c.in)); err != nil {
				t.Fatal(err)
			}
			if con.started != c.started || con.exited != c.exited || con.status != c.status {
				t.Errorf("started, exited, status = %v, %v, %d; want %v, %v, %d",
					con.started, con.exited, con.status, c.started, c.exited, c.status)
			}
			if out.String() != c.out {
				t.Errorf("output %q, want %q", out.String(), c.out)
			}
			if tail := strings.Join(con.tail, "|"); tail != c.tail {
				t.Errorf("kept %q, want %q", tail, c.tail)
			}
		})
	}
}

func TestConsoleTailIsBounded(t *testing.T) {
	var in strings.Builder
	for i := range 100 {
		in.WriteString(strings.Repeat("x", i+1) + "\n")
	}
	con := &console{token: []byte("go-test-386-token"), w: &strings.Builder{}}
	if err := con.scan(strings.NewReader(in.String())); err != nil {
		t.Fatal(err)
	}
	if len(con.tail) != tailLines || con.tail[tailLines-1] != strings.Repeat("x", 100) || con.tail[0] != strings.Repeat("x", 100-tailLines+1) {
		t.Errorf("tail has %d lines, first %d bytes, last %d bytes; want the last %d lines",
			len(con.tail), len(con.tail[0]), len(con.tail[len(con.tail)-1]), tailLines)
	}
}

func TestGuestTimeout(t *testing.T) {
	const m = time.Minute
	for _, c := range []struct {
		args []string
		want time.Duration
	}{
		{nil, 15 * m},
		{[]string{"-test.timeout=10m0s"}, 15 * m},
		{[]string{"-test.v", "-test.timeout=30m0s"}, 35 * m},
		{[]string{"-test.timeout=0s"}, 15 * m},
	} {
		if got := guestTimeout(c.args); got != c.want {
			t.Errorf("guestTimeout(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}
