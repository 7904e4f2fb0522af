#!/bin/sh
# Runs every fuzz target of the module, one after another.
#
#   scripts/fuzz.sh [duration]
#
# duration is how long each target runs: a number of seconds (default
# 60) or anything go test -fuzztime takes (30s, 2m, 10000x). CI runs
# each briefly with a count (scripts/fuzz.sh 100000x): on Go 1.26 a
# duration can end in a spurious "context deadline exceeded" failure
# (golang.org/issue/75804); a failure is real only if it wrote an input
# under testdata/fuzz. Set FUZZ_PARALLEL to limit the
# fuzzing workers (go test -parallel; default GOMAXPROCS).
#
# New interesting inputs are kept in the Go build cache
# ($(go env GOCACHE)/fuzz); a failing input is written under the
# package's testdata/fuzz/<Target>/ and the script exits non-zero after
# running the remaining targets.
set -u

time=${1:-60}
case $time in
'' | *[!0-9]*) ;;
*) time=${time}s ;;
esac

cd "$(dirname "$0")/.." || exit 2

parallel=
if [ -n "${FUZZ_PARALLEL:-}" ]; then
	parallel="-parallel=$FUZZ_PARALLEL"
fi

# Every fuzz target of the module, as "package target" lines: go test
# -list prints a package's matching names, then its "ok" line.
targets=$(go test -list '^Fuzz' ./... | awk '
	/^Fuzz/ { names[n++] = $1; next }
	/^ok / { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }
') || exit 2
if [ -z "$targets" ]; then
	echo "fuzz.sh: go test -list found no fuzz targets" >&2
	exit 2
fi

failed=
while read -r pkg target; do
	[ -n "$pkg" ] || continue
	echo "=== $target ($pkg, $time)"
	# shellcheck disable=SC2086 # $parallel is empty or one word
	if ! go test -run '^$' -fuzz "^$target\$" -fuzztime "$time" $parallel "$pkg"; then
		failed="$failed $target"
	fi
done <<END
$targets
END

if [ -n "$failed" ]; then
	echo "FAIL:$failed" >&2
	exit 1
fi
echo "ok: every target ran for $time"
