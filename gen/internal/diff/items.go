package diff

import (
	"slices"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/registry"
)

// List fields (the expert list, references, assignees, contacts, a
// person's URIs) change an item or two at a time; shown whole, old → new,
// the one name dropped from a 300-character expert list is lost in it.
// So their FieldChange also carries the items each side lacks.

// listChange is the change of a list field. Old and New join the items
// with ", ". When the two lists share an item, Removed and Added hold the
// item-by-item difference; when they share none, old → new says it best.
func listChange(field string, a, b []string) FieldChange {
	f := FieldChange{Field: field, Old: strings.Join(a, ", "), New: strings.Join(b, ", ")}
	removed, added := itemDiff(a, b)
	if len(removed) < len(a) && len(removed)+len(added) > 0 {
		f.Removed, f.Added = removed, added
	}
	return f
}

// itemDiff returns the items of a missing from b and those of b missing
// from a, each in its list's order, by a longest common subsequence: a
// moved item shows as removed and added.
func itemDiff(a, b []string) (removed, added []string) {
	// lcs[i][j] is the LCS length of a[i:] and b[j:]. The lists are short
	// (a dozen items at most in real registries).
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			removed = append(removed, a[i])
			i++
		default:
			added = append(added, b[j])
			j++
		}
	}
	return append(removed, a[i:]...), append(added, b[j:]...)
}

// xrefChange is the change of a list of cross references, rendered for
// people; when the renderings hide the difference, the raw values.
func xrefChange(field string, x, y []registry.Xref) FieldChange {
	f := listChange(field, xrefItems(x, showXref), xrefItems(y, showXref))
	if f.Old == f.New {
		f = listChange(field, xrefItems(x, rawXref), xrefItems(y, rawXref))
	}
	return f
}

func xrefItems(xs []registry.Xref, show func(registry.Xref) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = show(x)
	}
	return out
}

// expertItems splits the registry's expert field into one item per
// expert, prefixed by the group it is listed under:
//
//	TCP/UDP: Joe Touch; Eliot Lear, Kumiko Ono, …,
//	and Michael Scharf
//	SCTP: Michael Tuexen
//
// gives "TCP/UDP: Joe Touch", "TCP/UDP: Eliot Lear", …,
// "TCP/UDP: Michael Scharf", "SCTP: Michael Tuexen". A line starting with
// a word and a colon opens a group; other lines continue the current one.
// Experts are separated by ",", ";" and "and".
func expertItems(s string) []string {
	type group struct{ label, text string }
	var groups []group
	for _, line := range strings.Split(s, "\n") {
		label, rest, ok := strings.Cut(line, ":")
		if ok && label != "" && !strings.ContainsAny(label, " \t") {
			groups = append(groups, group{label, rest})
			continue
		}
		if len(groups) == 0 {
			groups = append(groups, group{})
		}
		groups[len(groups)-1].text += " " + line
	}
	var items []string
	for _, g := range groups {
		for _, part := range strings.FieldsFunc(g.text, func(r rune) bool { return r == ',' || r == ';' }) {
			for _, name := range strings.Split(" "+collapse(part)+" ", " and ") {
				if name = collapse(name); name != "" {
					if g.label != "" {
						name = g.label + ": " + name
					}
					items = append(items, name)
				}
			}
		}
	}
	return items
}

// expertChange is the change of the expert field: item by item when the
// two lists share experts, otherwise the whole text; quoted raw when only
// white space changed.
func expertChange(x, y string) FieldChange {
	f := listChange("expert", expertItems(x), expertItems(y))
	f.Old, f.New = collapse(x), collapse(y)
	if f.Old == f.New {
		f.Old, f.New = strconv.Quote(x), strconv.Quote(y)
	}
	if slices.Equal(f.Removed, f.Added) { // no item differs: the text shows what did
		f.Removed, f.Added = nil, nil
	}
	return f
}
