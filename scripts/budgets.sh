#!/usr/bin/env bash
# budgets.sh checks the performance budgets of docs/perf.md and prints a
# table of them; it exits 1 if one is exceeded (2 if a step fails).
#
#   scripts/budgets.sh            from anywhere in the module
#   RUNS=5 scripts/budgets.sh     more compile runs (median time, max RSS)
#
# Budgets (override with the variables in brackets):
#   compile ports alone, std deps built   <= 2 s, <= 300 MB peak RSS   [COMPILE_S, COMPILE_MB]
#   lookup probe binary growth, stripped  <= 380 KB                    [LOOKUP_KB]
#   the same in a program linking encoding/json <= 380 KB             [LOOKUP_KB]
#   every-accessor probe growth, stripped <= 1180 KB                   [ALL_KB]
#   the version banner is in the stripped lookup binary
# and, reported without a budget, the generator end to end on the real
# registry (wall time and peak RSS of the built generator binary).
# KB and MB are 10^3 and 10^6 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

COMPILE_S=${COMPILE_S:-2}
COMPILE_MB=${COMPILE_MB:-300}
LOOKUP_KB=${LOOKUP_KB:-380}
ALL_KB=${ALL_KB:-1180}
RUNS=${RUNS:-3}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
rows=()
row() { # budget, measured, limit, then the command that tells it is met
	local verdict=PASS
	if ! "${@:4}"; then
		verdict=MISS
		fail=1
	fi
	rows+=("| $1 | $2 | $3 | $verdict |")
}

echo "# budgets on $(machine)"
if ! have_gnu_time; then
	echo "# GNU time (/usr/bin/time, Debian package 'time') is absent: peak RSS is reported as NA and its budget as missed"
fi

# 1. Compile ports alone. A fresh GOCACHE gets the std packages ports
# imports, built through the same -toolexec wrapper (the wrapper is part of
# the cache key); then each run copies that cache and builds ./ports, whose
# compile the wrapper times. The ports archive is never in the cache.
wrap=$tmp/toolexec.sh
cat >"$wrap" <<'WRAP'
#!/usr/bin/env bash
tool=$(basename "$1")
if [[ ${tool%.exe} == compile && ${TOOLEXEC_IMPORTPATH:-} == "$MEASURE_PKG" && -n ${MEASURE_OUT:-} ]]; then
	source "$MEASURE_LIB"
	measure "$MEASURE_OUT" "$@"
	exit
fi
exec "$@"
WRAP
chmod +x "$wrap"
export MEASURE_PKG=$MODULE/ports MEASURE_LIB=$PWD/scripts/lib.sh
mapfile -t deps < <(go list -deps ./ports | grep -vx "$MODULE/ports")
GOCACHE=$tmp/cache0 go build -toolexec "$wrap" "${deps[@]}"
csecs=() crss=() bsecs=()
for ((i = 1; i <= RUNS; i++)); do
	cp -a "$tmp/cache0" "$tmp/cache$i"
	GOCACHE=$tmp/cache$i MEASURE_OUT=$tmp/compile$i measure "$tmp/build$i" go build -toolexec "$wrap" ./ports
	[[ -s $tmp/compile$i ]] || { echo "budgets: the compile of ports was not measured (was it cached?)" >&2; exit 2; }
	csecs+=("$(secs "$tmp/compile$i")")
	crss+=("$(rss_mb "$tmp/compile$i")")
	bsecs+=("$(secs "$tmp/build$i")")
	rm -rf "$tmp/cache$i"
done
t=$(median "${csecs[@]}")
m=$(maxof "${crss[@]}")
row "compile ports, std deps built: wall time (median of $RUNS: ${csecs[*]} s; whole go build ${bsecs[*]} s)" "$t s" "$COMPILE_S s" le "$t" "$COMPILE_S"
row "compile ports, std deps built: peak RSS (max of $RUNS)" "$m MB" "$COMPILE_MB MB" le "$m" "$COMPILE_MB"

# 2. Binary growth of the probes over the baseline, stripped.
for p in base allbase lookup all basejson lookupjson; do
	go build -trimpath -ldflags='-s -w' -o "$tmp/$p" "./scripts/sizeprobe/$p"
done
base=$(size "$tmp/base")
lookup=$(size "$tmp/lookup")
all=$(size "$tmp/all")
allbase=$(size "$tmp/allbase")
out=$("$tmp/lookup" http 80)
grep -qx 'http 80' <<<"$out" || { echo "budgets: the lookup probe answered: $out" >&2; exit 2; }
"$tmp/all" >"$tmp/all.out" || { echo "budgets: the every-accessor probe failed" >&2; exit 2; }
kb() { awk -v g="$1" 'BEGIN { printf "%.1f", g / 1000 }'; }
g=$((lookup - base))
row "binary growth: Lookup+ByPort+Name/Port probe ($lookup - baseline $base bytes)" "$g B ($(kb $g) KB)" "$LOOKUP_KB KB" le "$g" "$((LOOKUP_KB * 1000))"
basejson=$(size "$tmp/basejson")
lookupjson=$(size "$tmp/lookupjson")
out=$("$tmp/lookupjson" http)
grep -qx '{"name":"http","port":80}' <<<"$out" || { echo "budgets: the lookupjson probe answered: $out" >&2; exit 2; }
g=$((lookupjson - basejson))
row "binary growth with encoding/json linked: the lookup probe printing JSON ($lookupjson - baseline $basejson bytes)" "$g B ($(kb $g) KB)" "$LOOKUP_KB KB" le "$g" "$((LOOKUP_KB * 1000))"
g=$((all - allbase))
row "binary growth: every-accessor probe ($all - baseline $allbase bytes)" "$g B ($(kb $g) KB)" "$ALL_KB KB" le "$g" "$((ALL_KB * 1000))"

# 3. The version banner in the stripped lookup binary.
banner=$( (strings "$tmp/lookup" 2>/dev/null || grep -ao '[[:print:]]*' "$tmp/lookup") | grep -o 'IANA service-names-port-numbers [0-9][0-9-]* sha256:[0-9a-f]*' | head -n 1 || true)
row "version banner in the stripped lookup binary (strings | grep 'IANA service-names-port-numbers')" "${banner:-absent}" "present" test -n "$banner"

# 4. The generator end to end on the real registry, built first so that
# only the generator runs under the timer.
in=$(registry_xml)
go build -o "$tmp/gen" ./gen
measure "$tmp/gen.m" "$tmp/gen" -in "$in" -out "$tmp/genout" -pin "" >/dev/null 2>"$tmp/gen.err" ||
	{ cat "$tmp/gen.err" >&2; exit 2; }
same="differs from ports/ (another registry or a stale ports/)"
if cmp -s "$tmp/genout/ports.go" ports/ports.go && cmp -s "$tmp/genout/tables.go" ports/tables.go; then
	same="identical to ports/"
fi
rows+=("| generator end to end on $in (gen binary; output $same) | $(secs "$tmp/gen.m") s, $(rss_mb "$tmp/gen.m") MB peak RSS | none set | — |")

echo
echo "| budget | measured | limit | result |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "every-accessor probe: $(cat "$tmp/all.out")"
if ((fail)); then
	echo "budgets: at least one budget MISSED" >&2
	exit 1
fi
echo "budgets: all met"
