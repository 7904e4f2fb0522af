//go:build !unix

package registry

// cpuTime is not known here; see cputime_unix_test.go.
func cpuTime() (int64, bool) { return 0, false }
