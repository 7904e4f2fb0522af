package registry

// FoldName is the one case-folding rule of the project, RFC 6335's:
// service names compare case-insensitively over ASCII letters only. It
// maps 'A'-'Z' to 'a'-'z' and leaves every other byte as it is, so that
// names differing in any other byte (including non-ASCII letters such as
// 'İ' or the Kelvin sign, and '@' against '`') stay distinct. The
// generator keys its tables with it, the look-up folds the same way, and
// the parser's duplicate check uses it.
func FoldName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// EqualFoldName reports whether a and b are the same service name under
// FoldName.
func EqualFoldName(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
