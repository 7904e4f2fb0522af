#!/bin/sh
# Runs every fuzz target of the module, one after another, each for $1:
# anything go test -fuzztime takes (default 60s). CI runs
# `scripts/fuzz.sh 100000x`, a count: on Go 1.26 a duration can end in a
# spurious "context deadline exceeded" (golang.org/issue/75804). A
# failing input is written under its package's testdata/fuzz/<Target>/;
# the remaining targets still run, and the script exits 1.
set -u
cd "$(dirname "$0")/.." || exit 2
time=${1:-60s}

# The packages whose tests declare a fuzz target; go test -list prints
# each one's targets, then its "ok" line.
pkgs=$(git grep -l '^func Fuzz' -- '*_test.go' | sed 's|/[^/]*$||' | sort -u | sed 's|^|./|')
# shellcheck disable=SC2086 # one package a word
targets=$(go test -list '^Fuzz' $pkgs |
	awk '/^Fuzz/ { n[c++] = $1 } /^ok / { for (i = 0; i < c; i++) print $2, n[i]; c = 0 }') || exit 2
[ -n "$targets" ] || { echo "fuzz.sh: go test -list found no fuzz targets" >&2; exit 2; }

failed=
while read -r pkg target; do
	echo "=== $target ($pkg, $time)"
	go test -run '^$' -fuzz "^$target\$" -fuzztime "$time" "$pkg" || failed="$failed $target"
done <<END
$targets
END
[ -z "$failed" ] || { echo "FAIL:$failed" >&2; exit 1; }
echo "ok: every target ran for $time"
