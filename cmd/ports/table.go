package main

import (
	"bufio"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/svcreg/ianaports/internal/clip"
)

// Table layout.
const (
	gap      = 2 // blanks between columns
	minWidth = 8 // a column cut to fit the terminal keeps at least this
	ellipsis = "…"
)

// table writes rows of text cells in one of two layouts:
//
//   - aligned: a header (unless every header cell is ""), then columns padded with blanks (the last one
//     not padded). The column widths come from a first pass over the
//     rows, so the rows are computed twice but never held in memory. On
//     a terminal, the columns marked flexible are cut, widest first, so
//     that a line fits its width; a cut cell ends in "…".
//   - script: no header, the cells of a row separated by one tab, never
//     cut, one row a line, like getent's output.
//
// In both, every cell is escaped (clip.Escape): registry text is printed
// as it is unless it holds a character that could act on a terminal or
// break the row (a line break, a tab, another control, a bidi or other
// invisible format character, a byte that is not UTF-8), which is shown
// as its Go escape (\n, \t, \x1b, \u202e, \xff), and a backslash as \\.
// So a row is one line, and a --script row has one tab between fields,
// whatever the registry holds.
type table struct {
	w      *bufio.Writer
	header []string
	script bool
	width  int    // the terminal's width, or 0: never cut
	flex   []bool // columns that may be cut
	widths []int
	cells  []string // reused for each row
}

func newTable(w *bufio.Writer, o options, header ...string) *table {
	t := &table{w: w, header: header, script: o.script, flex: make([]bool, len(header)), widths: make([]int, len(header))}
	if !o.wide {
		t.width = o.width
	}
	return t
}

// flexible marks the columns (0-based) that may be cut to fit.
func (t *table) flexible(cols ...int) *table {
	for _, c := range cols {
		t.flex[c] = true
	}
	return t
}

// writeTable writes a header and a row for each item of rows; cells appends
// an item's cells to a slice. In the aligned layout rows is iterated
// twice. It returns the number of rows.
func writeTable[T any](t *table, rows iter.Seq[T], cells func([]string, T) []string) int {
	n := 0
	if t.script {
		for r := range rows {
			row(t, cells, r)
			t.writeScript(t.cells)
			n++
		}
		return n
	}
	for i, h := range t.header {
		t.widths[i] = utf8.RuneCountInString(h)
	}
	for r := range rows {
		row(t, cells, r)
		for i, c := range t.cells {
			t.widths[i] = max(t.widths[i], utf8.RuneCountInString(c))
		}
		n++
	}
	if n == 0 {
		return 0
	}
	t.fit()
	if strings.Join(t.header, "") != "" {
		t.writeAligned(t.header)
	}
	for r := range rows {
		row(t, cells, r)
		t.writeAligned(t.cells)
	}
	return n
}

// row fills t.cells with the escaped cells of item r.
func row[T any](t *table, cells func([]string, T) []string, r T) {
	t.cells = cells(t.cells[:0], r)
	for i, c := range t.cells {
		t.cells[i] = clip.Escape(c)
	}
}

// fit cuts the flexible columns to one width, the largest that lets a
// line fit the terminal, when lines would be wider than it.
func (t *table) fit() {
	if t.width <= 0 {
		return
	}
	line := func(limit int) int {
		n := gap * (len(t.widths) - 1)
		for i, w := range t.widths {
			if t.flex[i] {
				w = min(w, limit)
			}
			n += w
		}
		return n
	}
	widest := 0
	for i, w := range t.widths {
		if t.flex[i] {
			widest = max(widest, w)
		}
	}
	if line(widest) <= t.width {
		return
	}
	limit := widest
	for limit > minWidth && line(limit) > t.width {
		limit--
	}
	for i := range t.widths {
		if t.flex[i] {
			t.widths[i] = min(t.widths[i], limit)
		}
	}
}

func (t *table) writeAligned(cells []string) {
	for i, c := range cells {
		c = cut(c, t.widths[i])
		t.w.WriteString(c)
		if i == len(cells)-1 {
			break
		}
		for n := utf8.RuneCountInString(c); n < t.widths[i]+gap; n++ {
			t.w.WriteByte(' ')
		}
	}
	t.w.WriteByte('\n')
}

func (t *table) writeScript(cells []string) {
	for i, c := range cells {
		if i > 0 {
			t.w.WriteByte('\t')
		}
		t.w.WriteString(c)
	}
	t.w.WriteByte('\n')
}

// cut shortens s to width runes, the last one "…", if it is longer.
func cut(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	n := 0
	for i := range s {
		if n == width-1 {
			return strings.TrimRight(s[:i], " ") + ellipsis
		}
		n++
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// firstLine is the first line of s, trimmed.
func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(l)
}
