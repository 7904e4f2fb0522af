package main

import "fmt"

// download fetches the registry XML to path. Placeholder until the
// fetch package is wired in.
func download(url, path string, maxSize int64) error {
	return fmt.Errorf("download %s: not wired yet", url)
}
