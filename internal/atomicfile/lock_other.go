//go:build !unix

package atomicfile

import "os"

// renameOpen: Windows renames no open file (Go opens files without
// FILE_SHARE_DELETE), so a temporary file is closed just before its
// rename.
const renameOpen = false

// lockTemp takes no lock: there is no flock here. On Windows, a file
// another process has open cannot be removed, which stands in for the
// lock while the file is written (see inUse).
func lockTemp(*os.File) (bool, error) { return true, nil }

// inUse reports whether a removal failed because the file is open in
// another process, a writer's temporary file: here any failure is taken
// for that (Windows refuses to remove an open file), and the file left.
func inUse(error) bool { return true }
