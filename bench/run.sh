#!/bin/sh
# run.sh times ports against its baselines in rounds: each round runs
# every benchmark once for each implementation in turn (ports, the Go
# map, the floor), so that a change of load falls on all of them alike;
# -count would run every sample of one before the next. Then
# bench/internal/rounds prints the median of the per-round ratios, with
# the load average before and after; the raw output stays in
# bench/out/rounds.txt (gitignored). Every run is pinned to one CPU
# (the last, or CPU=n) where taskset exists: the CPUs of a shared or
# virtual machine differ, and a pair of runs on two of them would
# compare the CPUs. From anywhere in the module:
#
#	bench/run.sh                                  # 10 rounds of 200ms runs
#	ROUNDS=20 BENCHTIME=500ms CPU=0 bench/run.sh
#	BENCH='LookupMixedCase' IMPLS='ports foldmap sort' bench/run.sh
set -eu

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-10}
BENCHTIME=${BENCHTIME:-200ms}
BENCH=${BENCH:-LookupHit LookupMiss ByPort Primary}
IMPLS=${IMPLS:-ports map asked floor ideal}
CPU=${CPU:-$(($(nproc) - 1))}
PIN=
if command -v taskset >/dev/null; then PIN="taskset -c $CPU"; fi
OUT=bench/out/rounds.txt
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p bench/out

echo "$(go version), $(nproc) CPUs,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)${PIN:+, runs on CPU $CPU}"
go test -c -o "$TMP/bench.test" ./bench/
echo "loadavg: $(cat /proc/loadavg)" >"$OUT"
for round in $(seq "$ROUNDS"); do
	echo "round $round of $ROUNDS" >&2
	for b in $BENCH; do
		for impl in $IMPLS; do
			$PIN "$TMP/bench.test" -test.run '^$' -test.bench "^Benchmark$b\$/^impl=$impl\$" \
				-test.benchtime "$BENCHTIME" | grep '^Benchmark' >>"$OUT" || true
		done
	done
done
echo "loadavg: $(cat /proc/loadavg)" >>"$OUT"
go run ./bench/internal/rounds <"$OUT"
