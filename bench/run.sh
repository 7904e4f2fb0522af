#!/bin/sh
# run.sh runs the benchmark suite and compares the implementations side
# by side with benchstat (medians of -count runs, one column per impl,
# "vs base" against impl=ports). Run it from anywhere in the module:
#
#	bench/run.sh                 # -count 8, -benchtime 200ms
#	COUNT=20 BENCHTIME=500ms bench/run.sh
#	BENCH='LookupHit|ByPort' bench/run.sh
#
# The raw output is kept in bench/out/bench.txt (gitignored). benchstat
# is a tool, not a dependency of the module: if it is not on PATH it is
# installed into a temporary GOBIN, which is removed afterwards.
set -eu

cd "$(dirname "$0")/.."
COUNT=${COUNT:-8}
BENCHTIME=${BENCHTIME:-200ms}
BENCH=${BENCH:-.}
OUT=bench/out
mkdir -p "$OUT"

echo "== machine"
go version
echo "nproc: $(nproc)"
grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/^model name[[:space:]]*: /cpu: /' || true
echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
if [ -f /etc/services ]; then
	echo "/etc/services: $(wc -l </etc/services) lines (net.LookupPort's table)"
else
	echo "/etc/services: missing (apt-get install netbase provides it); BenchmarkLookupPort will skip"
fi
echo

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

BENCHSTAT=$(command -v benchstat || true)
if [ -z "$BENCHSTAT" ] && [ -x "$(go env GOPATH)/bin/benchstat" ]; then
	BENCHSTAT="$(go env GOPATH)/bin/benchstat"
fi
if [ -z "$BENCHSTAT" ]; then
	echo "== installing benchstat into $TMP/bin"
	GOBIN="$TMP/bin" go install golang.org/x/perf/cmd/benchstat@latest
	BENCHSTAT="$TMP/bin/benchstat"
fi

echo "== go test -run '^\$' -bench '$BENCH' -benchmem -benchtime $BENCHTIME -count $COUNT ./bench/"
go test -run 'TestBaselines' ./bench/
go test -run '^$' -bench "$BENCH" -benchmem -benchtime "$BENCHTIME" -count "$COUNT" ./bench/ | tee "$OUT/bench.txt"
echo

echo "== benchstat -col /impl $OUT/bench.txt"
"$BENCHSTAT" -col /impl "$OUT/bench.txt"
echo

# The targets compare ports with the exact-case map (Lookup hit and
# miss, ByPort) and the case-folding map (mixed-case hit): these tables
# show just those columns, with the map as the base, so "vs base" reads
# as ports' change against the map (-65% is 0.35x, -75% is 0.25x).
TARGETS='.unit:sec/op .name:(LookupHit OR LookupMiss OR LookupChain OR ByPort)'
echo "== targets: benchstat -col '/impl@(map ports)' -filter '$TARGETS'"
"$BENCHSTAT" -col '/impl@(map ports)' -filter "$TARGETS" "$OUT/bench.txt"
echo
FOLD='.unit:sec/op .name:LookupMixedCase'
echo "== targets: benchstat -col '/impl@(foldmap ports)' -filter '$FOLD'"
"$BENCHSTAT" -col '/impl@(foldmap ports)' -filter "$FOLD" "$OUT/bench.txt"
