#!/usr/bin/env bash
# scale.sh measures the generator and the generated package on synthetic
# registries 1, 4 and 16 times the real one (gen/internal/synth keeps the
# real registry's shape; see its package doc) and prints two tables:
#
#  - per size: the synthetic XML's figures (records, names, the most
#    records covering one port on one protocol, port segments), the
#    generator binary's wall time and peak RSS end to end (parse + build +
#    render + write), tables.go and the emitted "Total table size", and the
#    build of a small program against that package (go build -overlay).
#  - per size: the perfect hash built alone (buildHash, from
#    TestScaleBuildHash in gen/internal/emit/scale_test.go; budget 1 s at
#    16x) and look-up ns/op from scripts/scaleprobe.
#
#  - per size in PHASE_FACTORS: the generator's time split into parse,
#    build and render, in process (TestScalePhases).
#
#   scripts/scale.sh                       1x 4x 16x (about 30 minutes on 2 CPUs)
#   FACTORS="1 4" scripts/scale.sh         a quicker run
#   BENCHTIME=200ms GEN_TIMEOUT=600 SEED=2 PHASE_FACTORS="1 4 16" scripts/scale.sh
#
# Exits 1 if a step fails: the synthetic registry exceeds an emitter
# limit, the generator fails or runs past GEN_TIMEOUT seconds, a package
# does not build, or buildHash misses its budget.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

read -r -a factors <<<"${FACTORS:-1 4 16}"
SEED=${SEED:-1}
GEN_TIMEOUT=${GEN_TIMEOUT:-3600}
BENCHTIME=${BENCHTIME:-1s}
PHASE_FACTORS=${PHASE_FACTORS:-1 4}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# scale on $(machine)"
go build -o "$tmp/synthxml" ./gen/internal/synth/cmd/synthxml
go build -o "$tmp/gen" ./gen
go build -o /dev/null ./scripts/scaleprobe # warms the cache with the probe's std deps

fail=0
rows1=() rows2=() notes=()
base_us=""
for f in "${factors[@]}"; do
	x=$tmp/x$f.xml
	if ! "$tmp/synthxml" -factor "$f" -seed "$SEED" -o "$x" 2>"$tmp/syn.log"; then
		notes+=("${f}x: $(cat "$tmp/syn.log")")
		rows1+=("| ${f}x | synthetic registry refused | | | | | | | | |")
		fail=1
		continue
	fi
	# synthxml: FILE: factor F, B bytes, R records, N names, P people; max M records a name, max C records covering one port on one protocol (port X), S port segments
	read -r xbytes recs names cover segs < <(sed -E 's/.*factor [^,]*, ([0-9]+) bytes, ([0-9]+) records, ([0-9]+) names.*max ([0-9]+) records covering.* ([0-9]+) port segments/\1 \2 \3 \4 \5/' "$tmp/syn.log")
	out=$tmp/p$f
	if ! measure "$tmp/gen.m" timeout "$GEN_TIMEOUT" "$tmp/gen" -in "$x" -out "$out" -pkg ports -pin "" -max-size $((1 << 32)) >/dev/null 2>"$tmp/gen.err"; then
		notes+=("${f}x: the generator failed or ran past ${GEN_TIMEOUT}s ($(cat "$tmp/gen.m")): $(tail -n 3 "$tmp/gen.err")")
		rows1+=("| ${f}x | $recs | $names | $xbytes | $cover | $segs | FAILED ($(secs "$tmp/gen.m") s) | | | | |")
		fail=1
		continue
	fi
	rm -f "$x"
	gs=$(secs "$tmp/gen.m")
	us=$(awk -v s="$gs" -v n="$recs" 'BEGIN { printf "%.1f", s * 1e6 / n }')
	[[ -n $base_us ]] || base_us=$us
	rel=$(awk -v a="$us" -v b="$base_us" 'BEGIN { printf "%.1f", a / b }')
	tsize=$(size "$out/tables.go")
	total=$(total_table_size "$out/tables.go")
	overlay "$tmp/ov$f.json" "$out"
	# A file of this run's own makes the package's build-cache key new, so
	# that the build below compiles it even when the same size and seed
	# were built before.
	printf 'package ports\n\n// scale.sh run %s %s\n' "$(date +%s%N)" "$RANDOM" >"$tmp/nonce.go"
	sed -i "s|}}\$|, \"$PWD/ports/zz_scale_nonce.go\": \"$tmp/nonce.go\"}}|" "$tmp/ov$f.json"
	build="FAILED"
	if measure "$tmp/build.m" go build -overlay "$tmp/ov$f.json" -o "$tmp/probe$f" ./scripts/scaleprobe 2>"$tmp/build.err"; then
		build="$(secs "$tmp/build.m") s, $(rss_mb "$tmp/build.m") MB"
	else
		notes+=("${f}x: the package does not build: $(head -c 2000 "$tmp/build.err")")
		fail=1
	fi
	rows1+=("| ${f}x | $recs | $names | $xbytes | $cover | $segs | $gs s, $(rss_mb "$tmp/gen.m") MB | $us µs ($rel×) | $tsize | $total | $build |")
	if [[ -x $tmp/probe$f ]]; then
		"$tmp/probe$f" -test.benchtime="$BENCHTIME" >"$tmp/bench$f"
		notes+=("${f}x: $(sed -n 's/^# //p' "$tmp/bench$f")")
	fi
	rm -rf "$out"
done

# buildHash alone, in process (no XML): its own test, budget included.
hashlog=$tmp/hash.log
if ! go test -count=1 -run '^TestScaleBuildHash$' -v ./gen/internal/emit >"$hashlog" 2>&1; then
	notes+=("TestScaleBuildHash failed: $(grep -E 'FAIL|Error|budget' "$hashlog" | head -n 5)")
	fail=1
fi
for f in "${factors[@]}"; do
	hash=$(sed -n "s/.*buildHash ${f}x: .*, \([0-9.]*\) ms$/\1 ms/p" "$hashlog")
	# The budget: 1 s for the perfect hash at 16x.
	if [[ $f == 16 && -n $hash ]] && awk -v ms="${hash% ms}" 'BEGIN { exit !(ms > 1000) }'; then
		notes+=("buildHash at 16x took $hash, over the 1 s budget")
		fail=1
	fi
	b=$tmp/bench$f
	col() { if [[ -f $b ]]; then awk -v k="$1" '$1 == k { print $2 }' "$b"; fi; }
	rows2+=("| ${f}x | ${hash:-—} | $(col Lookup/hot) | $(col Lookup/spread) | $(col Lookup/miss) | $(col ByPort/hot) | $(col ByPort/spread) | $(col ByPort+Name/spread) |")
done

echo
echo "| size | records | names | XML bytes | max records on one port/protocol | port segments | generator wall, peak RSS | generator per record (vs first) | tables.go bytes | Total table size | build against it: wall, peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows1[@]}"
echo
echo "| size | buildHash alone (best of 3) | Lookup hot ns/op | Lookup spread ns/op | Lookup miss ns/op | ByPort hot ns/op | ByPort spread ns/op | ByPort+Name spread ns/op |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows2[@]}"
phaselog=$tmp/phases.log
if [[ -n $PHASE_FACTORS ]]; then
	if SCALE_PHASES=$PHASE_FACTORS go test -count=1 -timeout 0 -run '^TestScalePhases$' -v ./gen/internal/emit >"$phaselog" 2>&1; then
		echo
		echo "| size | parse | build | render |"
		echo "|---|---|---|---|"
		sed -n -E 's/.*phases ([0-9.]+x): [0-9]+ records: parse (.*), build (.*), render (.*)$/| \1 | \2 | \3 | \4 |/p' "$phaselog"
	else
		notes+=("TestScalePhases failed: $(tail -n 5 "$phaselog")")
		fail=1
	fi
fi
echo
printf '%s\n' "${notes[@]}"
if ((fail)); then
	echo "scale: at least one step FAILED" >&2
	exit 1
fi
echo "scale: done"
