#!/usr/bin/env bash
# tiers.sh generates ports/ in each trimmed tier from the real registry and
# reports, per tier: tables.go size, the emitted "Total table size", and
# the stripped binary growth of the size probes built against the tier
# (go build -overlay puts the tier's ports.go and tables.go in place of
# ports/'s; nothing in the work tree changes). It also checks that each
# tier builds, passes go vet, runs the every-accessor probe, keeps the
# full tier's API (exported declarations, as go doc lists them), and that
# every record it keeps reads as in the full build (name, number,
# protocol, Status, dates: the fields no trim drops).
# Exits 1 if a tier fails a check.
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

# api DIR: the exported API of the package in DIR as go doc lists it,
# declarations only, values and comments dropped.
api() {
	local mod=$tmp/apimod
	rm -rf "$mod"
	mkdir -p "$mod/ports"
	printf 'module %s\n\ngo 1.24\n' "$MODULE" >"$mod/go.mod"
	cp "$1/ports.go" "$1/tables.go" "$mod/ports/"
	(cd "$mod" && GOFLAGS=-mod=mod go doc -all ./ports) |
		grep -E '^(func|type|const|var) |^	[A-Z][A-Za-z0-9_]*( |$)' |
		sed -E 's/ = .*//; s/ +\/\/.*//; s/[[:space:]]+$//'
}

fail=0
kb() { awk -v g="$1" 'BEGIN { printf "%.1f", g / 1000 }'; }
rows=()
notes=()
i=0
for t in "${tiers[@]}"; do
	name=${t%%|*}
	read -r -a flags <<<"${t#*|}"
	i=$((i + 1))
	dir=$tmp/tier$i
	if ! "$tmp/gen" -in "$in" -out "$dir" -pkg ports -pin "" "${flags[@]}" >/dev/null 2>"$tmp/gen.err"; then
		rows+=("| $name | \`${flags[*]}\` | generator failed | | | | | |")
		notes+=("$name: the generator failed: $(tr '\n' ' ' <"$tmp/gen.err")")
		fail=1
		continue
	fi
	ov=$tmp/overlay$i.json
	overlay "$ov" "$dir"
	status=ok
	if ! go build -overlay "$ov" ./ports 2>"$tmp/build.err"; then
		status="build FAILS"
		notes+=("$name: go build fails: $(head -c 2000 "$tmp/build.err")")
		fail=1
	elif ! go vet -overlay "$ov" ./ports 2>"$tmp/vet.err"; then
		status="vet FAILS"
		notes+=("$name: go vet fails: $(head -c 2000 "$tmp/vet.err")")
		fail=1
	fi
	lgrow="—" agrow="—" summary=""
	if [[ $status == ok ]]; then
		go build -overlay "$ov" -trimpath -ldflags='-s -w' -o "$tmp/lookup$i" ./scripts/sizeprobe/lookup
		go build -overlay "$ov" -trimpath -ldflags='-s -w' -o "$tmp/all$i" ./scripts/sizeprobe/all
		lgrow=$(($(size "$tmp/lookup$i") - base))
		agrow=$(($(size "$tmp/all$i") - allbase))
		lgrow="$lgrow B ($(kb "$lgrow") KB)"
		agrow="$agrow B ($(kb "$agrow") KB)"
		if ! summary=$("$tmp/all$i" 2>&1); then
			status="probe FAILS"
			notes+=("$name: the every-accessor probe fails: $summary")
			fail=1
		fi
		# Every record of a trimmed build must be a record of the full
		# build with the same name, number, protocol, Status and dates.
		"$tmp/all$i" -dump | LC_ALL=C sort >"$tmp/dump$i"
		if ((i > 1)); then
			LC_ALL=C comm -23 "$tmp/dump$i" "$tmp/dump1" >"$tmp/extra"
			if [[ -s $tmp/extra ]]; then
				LC_ALL=C comm -13 "$tmp/dump$i" "$tmp/dump1" >"$tmp/missing"
				status="$status; $(wc -l <"$tmp/extra") RECORDS DIFFER"
				notes+=("$name: $(wc -l <"$tmp/extra") records (name, number, protocol, Status, registered, modified) are not records of the full build; first of them, then the full build's records they stand in for:
$(head -n 3 "$tmp/extra" | sed 's/^/    trimmed: /')
$(grep -F -f <(head -n 3 "$tmp/extra" | cut -f1-3) "$tmp/missing" | head -n 3 | sed 's/^/    full:    /')")
				fail=1
			fi
		fi
	fi
	api "$dir" >"$tmp/api$i" 2>"$tmp/api.err" || { notes+=("$name: go doc fails: $(cat "$tmp/api.err")"); fail=1; }
	if ((i > 1)) && ! diff -u "$tmp/api1" "$tmp/api$i" >"$tmp/api.diff"; then
		status="$status; API DIFFERS"
		notes+=("$name: the API differs from the full tier's:
$(cat "$tmp/api.diff")")
		fail=1
	fi
	tsize=$(size "$dir/tables.go")
	total=$(total_table_size "$dir/tables.go")
	recs=$(sed -n 's/^const NumRecords = //p' "$dir/tables.go")
	rows+=("| $name | \`${flags[*]:-}\` | $recs | $tsize B ($(kb "$tsize") KB) | $total B ($(kb "$total") KB) | $lgrow | $agrow | $status |")
	if [[ -n $summary ]]; then
		notes+=("$name: every-accessor probe: $summary")
	fi
done

echo
echo "| tier | flags | records | tables.go | Total table size | lookup probe growth | every-accessor probe growth | build, vet, probe, API |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Growth is over the probes' baselines (scripts/sizeprobe/base: $base B, allbase: $allbase B), stripped (-trimpath -ldflags='-s -w')."
printf '%s\n' "${notes[@]}"
if ((fail)); then
	echo "tiers: at least one tier FAILED a check" >&2
	exit 1
fi
echo "tiers: every tier builds, vets, runs, keeps the API and reads its records as the full build does"
