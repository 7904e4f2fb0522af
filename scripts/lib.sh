# shellcheck shell=bash
# Helpers shared by scripts/*.sh. Source it from the module root, after
# set -euo pipefail and after creating $tmp.

MODULE=github.com/svcreg/ianaports

# have_gnu_time reports whether /usr/bin/time is GNU time (Debian package
# "time"), which reports peak RSS.
have_gnu_time() {
	[[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null
}

# measure OUT CMD...: runs CMD and writes "seconds peak_rss_KiB" to OUT
# ("NA" for the RSS where GNU time is absent). Returns CMD's status.
measure() {
	local out=$1
	shift
	if have_gnu_time; then
		local rc=0
		/usr/bin/time -f '%e %M' -o "$out.raw" "$@" || rc=$?
		# GNU time prefixes a line when the command fails.
		tail -n 1 "$out.raw" >"$out"
		rm -f "$out.raw"
		return "$rc"
	fi
	local t0 t1 rc=0
	t0=$(date +%s%N)
	"$@" || rc=$?
	t1=$(date +%s%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f NA\n", (b - a) / 1e9 }' >"$out"
	return "$rc"
}

# secs FILE / rss_mb FILE: the fields of a measure file (RSS in MB of
# 10^6 bytes, or NA).
secs() { awk '{ print $1 }' "$1"; }
rss_mb() { awk '{ if ($2 == "NA") print "NA"; else printf "%.1f\n", $2 * 1024 / 1e6 }' "$1"; }

# le A B: A <= B for decimal numbers; false when A is NA.
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "NA" && a + 0 <= b + 0) }'; }

# median of the arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# max of the arguments (NA wins: a maximum is unknown if one value is).
maxof() { printf '%s\n' "$@" | awk 'BEGIN { m = "" } $1 == "NA" { na = 1 } m == "" || $1 + 0 > m + 0 { m = $1 } END { print (na ? "NA" : m) }'; }

# size FILE: bytes.
size() { stat -c %s "$1"; }

# registry_xml: the committed registry the tables are compiled from.
registry_xml() {
	local f=data/service-names-port-numbers.xml
	if [[ -f $f ]]; then
		echo "$f"
		return
	fi
	echo "no registry XML: restore it with git checkout -- $f" >&2
	return 1
}

# overlay JSON DIR: writes an -overlay file that replaces ports/ports.go
# and ports/tables.go with DIR's.
overlay() {
	local json=$1 dir=$2
	printf '{"Replace": {"%s": "%s", "%s": "%s"}}\n' \
		"$PWD/ports/ports.go" "$dir/ports.go" "$PWD/ports/tables.go" "$dir/tables.go" >"$json"
}

# total_table_size FILE: the "Total table size" the emitter writes.
total_table_size() { sed -n 's|^// Total table size: \([0-9]*\) bytes\.$|\1|p' "$1"; }

# machine: one line naming the machine, for the reports.
machine() {
	local cpu
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
	echo "$(go version | sed 's/^go version //'), $(nproc) CPUs (${cpu:-unknown CPU}), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo NA)"
}
