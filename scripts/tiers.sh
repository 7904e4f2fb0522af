#!/usr/bin/env bash
# tiers.sh generates ports/ in each trimmed tier from the real registry and
# reports, per tier: tables.go size and lines, the emitted "Total table
# size", and the stripped binary growth of the size probes built against
# the tier (go build -overlay puts the tier's ports.go and tables.go in
# place of ports/'s; nothing in the work tree changes).
#
# It measures only. That every tier builds, vets, answers every accessor,
# keeps the full tier's API and reads its records as the full build does
# is checked by TestTiers in gen/internal/emit (go test ./gen/internal/emit).
#
#   scripts/tiers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tiers=(
	"full|"
	"tcp,udp|-protocols tcp,udp"
	"no-text,no-people|-no-text -no-people"
	"assigned-only|-assigned-only"
	"all trims|-protocols tcp,udp -no-text -no-people -assigned-only"
)

echo "# tiers on $(machine)"
in=$(registry_xml)
go build -o "$tmp/gen" ./gen
for p in base allbase; do
	go build -trimpath -ldflags='-s -w' -o "$tmp/$p" "./scripts/sizeprobe/$p"
done
base=$(size "$tmp/base")
allbase=$(size "$tmp/allbase")

kb() { awk -v g="$1" 'BEGIN { printf "%.1f", g / 1000 }'; }
rows=()
i=0
for t in "${tiers[@]}"; do
	name=${t%%|*}
	read -r -a flags <<<"${t#*|}"
	i=$((i + 1))
	dir=$tmp/tier$i
	"$tmp/gen" -in "$in" -out "$dir" -pkg ports -pin "" "${flags[@]}" >/dev/null 2>"$tmp/gen.err" ||
		{ cat "$tmp/gen.err" >&2; exit 2; }
	ov=$tmp/overlay$i.json
	overlay "$ov" "$dir"
	go build -overlay "$ov" -trimpath -ldflags='-s -w' -o "$tmp/lookup$i" ./scripts/sizeprobe/lookup
	go build -overlay "$ov" -trimpath -ldflags='-s -w' -o "$tmp/all$i" ./scripts/sizeprobe/all
	lgrow=$(($(size "$tmp/lookup$i") - base))
	agrow=$(($(size "$tmp/all$i") - allbase))
	tsize=$(size "$dir/tables.go")
	tlines=$(wc -l <"$dir/tables.go")
	total=$(total_table_size "$dir/tables.go")
	recs=$(sed -n 's/^const NumRecords = //p' "$dir/tables.go")
	rows+=("| $name | \`${flags[*]:-}\` | $recs | $tsize B ($(kb "$tsize") KB), $tlines lines | $total B ($(kb "$total") KB) | $lgrow B ($(kb "$lgrow") KB) | $agrow B ($(kb "$agrow") KB) |")
done

echo
echo "| tier | flags | records | tables.go | Total table size | lookup probe growth | every-accessor probe growth |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Growth is over the probes' baselines (scripts/sizeprobe/base: $base B, allbase: $allbase B), stripped (-trimpath -ldflags='-s -w')."
