#!/bin/sh
# Fast tier: pmemctl list-poison against sysfs dumps captured in the lab
# (test/lab/run.sh --capture). Each dump is mounted over /sys in a private
# mount namespace (root, or an unprivileged user namespace where allowed).
# The oracle is the kernel: pmemctl must agree with the badblocks files in
# the dump (whole ranges, and the pieces cut at the namespace and data-area
# boundaries read from the dump's resource and size attributes). Comparing
# with what pmemctl printed in the guest when the dump was taken is only a
# regression check: it says the output did not change, not that it is right.
# Every pmemctl call's exit status is checked (pm, test/lib.sh).
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
ls "$SRC"/test/dump/dumps/*.tgz >/dev/null 2>&1 || cannot_run "no dumps in test/dump/dumps"

if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	if [ "$(id -u)" = 0 ]; then set -- unshare -m --propagation private
	elif unshare -rm true 2>/dev/null; then set -- unshare -rm --propagation private
	else cannot_run "needs root or unprivileged user namespaces to mount a dump over /sys"; fi
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec "$@" sh "$0"
fi

. "$SRC/test/lab/guest/oracle.sh"
. "$SRC/test/dump/mount-dump.sh"
work=$(mktemp -d)
for dump in "$SRC"/test/dump/dumps/*.tgz; do
	name=$(basename "$dump" .tgz)
	mount_dump "$dump" "$work/d" || { not_ok "$name: mount the dump over /sys"; continue; }
	echo "# $name (kernel $(cat "$work/d/kernel"))"
	out=$("$PMEMCTL" list-poison 2>"$work/err"); rc=$?
	expect_eq "$name: list-poison exits 0" 0 "$rc"
	# regression check only (see the top): the same output as in the guest. DIMMs of interleaved regions come from a DSM ioctl, absent in a dump
	# poison_list, placed, kind and system_ram came after the dumps: each
	# dump's lists fit their page, root places every range, and no dax
	# device of a dump is bound to kmem
	expect_eq "$name: same records as pmemctl printed in the guest (but dimms)" \
		"$(jq -c 'map(del(.dimms, .poison_list, .placed, .kind))' "$work/d/pmemctl-list-poison.json")" \
		"$(echo "$out" | jq -c 'map(del(.dimms, .poison_list, .placed, .kind, .system_ram))')"
	expect_eq "$name: no record is online as system RAM (system_ram false: no kmem in a dump)" "[false]" \
		"$(echo "$out" | jq -c '[.[].system_ram] | unique')"
	expect_eq "$name: every list is whole (poison_list), and no note of a cut" "[\"whole\"] 0" \
		"$(echo "$out" | jq -c '[.[].poison_list] | unique') $(grep -c 'was cut' "$work/err")"
	expect_eq "$name: root places every range (placed)" "[true]" "$(echo "$out" | jq -c '[.[].placed] | unique')"
	expect_eq "$name: dimms of non-interleaved regions come from the region mapping" \
		"$(jq -c '[.[] | select(.region == "region0") | .dimms]' "$work/d/pmemctl-list-poison.json")" \
		"$(echo "$out" | jq -c '[.[] | select(.region == "region0") | .dimms]')"
	# fields added since a dump was captured are not in its copy; every
	# device in a dump is enabled
	expect_eq "$name: same summary as in the guest" \
		"$(jq -Sc 'map(.enabled = true | del(.poison_list))' "$work/d/pmemctl-summary.json")" \
		"$(pm list-poison --summary | jq -Sc 'map(.enabled = (.enabled // "missing") | del(.poison_list, .data_bytes, .metadata_bytes, .unclaimed_bytes, .kind))')"
	# bytes split by area: the parts add up, and a namespace's data_bytes is
	# what its block device's badblocks file lists (ndctl's badblock_count)
	pm list-poison --summary > "$work/sum"
	expect_eq "$name: --summary: data_bytes + metadata_bytes + unclaimed_bytes = bytes in every row" "[]" \
		"$(jq -c '[.[] | select(.data_bytes + .metadata_bytes + .unclaimed_bytes != .bytes) | .namespace // .region]' "$work/sum")"
	for dev in $(jq -r '.[] | select(.namespace != null and .device != null) | .device' "$work/sum"); do
		[ -r "/sys/block/$dev/badblocks" ] || continue
		expect_eq "$name: --summary: $dev's data_bytes = 512 x the sectors of its badblocks file" \
			"$(awk '{ n += $2 } END { print n * 512 + 0 }' "/sys/block/$dev/badblocks")" \
			"$(jq --arg d "$dev" '.[] | select(.device == $d) | .data_bytes' "$work/sum")"
	done
	# the node_exporter textfile format: valid for Prometheus's own parser, and
	# the same counts per region and namespace as the summary
	"$PMEMCTL" list-poison --format prometheus > "$work/prom" 2>"$work/err"; rc=$?
	expect_eq "$name: --format prometheus: exit 0, promtool check metrics passes" "0 ok" \
		"$rc $(promtool check metrics < "$work/prom" >/dev/null 2>&1 && echo ok || echo bad)"
	# sums that add up: each level of the metrics against the JSON's records
	sum() { awk -v m="$1" -F'[{}]' '$1 == m { v = $3; sub(/^ /, "", v); t += v } END { print t + 0 }' "$work/prom"; }
	pm list-poison > "$work/recs"
	expect_eq "$name: prometheus: sum(namespace bytes), sum(namespace ranges) = the records in namespaces" \
		"$(jq '[.[] | select(.namespace) | .length] | add // 0' "$work/recs") $(jq '[.[] | select(.namespace)] | length' "$work/recs")" \
		"$(sum pmemctl_namespace_poison_bytes) $(sum pmemctl_namespace_poison_ranges)"
	expect_eq "$name: prometheus: sum(region bytes), sum(region ranges) = all records; unclaimed = theirs" \
		"$(jq '[.[].length] | add // 0' "$work/recs") $(jq length "$work/recs") $(jq '[.[] | select(.area == "unclaimed") | .length] | add // 0' "$work/recs")" \
		"$(sum pmemctl_region_poison_bytes) $(sum pmemctl_region_poison_ranges) $(sum pmemctl_region_unclaimed_poison_bytes)"
	expect_eq "$name: prometheus: per namespace, data and metadata bytes are the summary's data_bytes and metadata_bytes" \
		"$(pm list-poison --summary | jq -r '.[] | select(.namespace) | "\(.namespace) data \(.data_bytes)\n\(.namespace) metadata \(.metadata_bytes)"' | sort)" \
		"$(sed -n 's/^pmemctl_namespace_poison_bytes{.*nd_namespace="\([^"]*\)",area="\([a-z]*\)"} \([0-9]*\)$/\1 \2 \3/p' "$work/prom" | sort)"
	expect_eq "$name: prometheus: no label that a scrape renames (namespace, region, device, job, instance)" "0" \
		"$(grep -v '^#' "$work/prom" | grep -cE '[{,](namespace|region|device|job|instance)=')"
	expect_eq "$name: prometheus: buses in order" \
		"$(sed -n 's/^pmemctl_bus_info{nd_bus="\([^"]*\)".*/\1/p' "$work/prom" | sort -V | paste -sd' ')" \
		"$(sed -n 's/^pmemctl_bus_info{nd_bus="\([^"]*\)".*/\1/p' "$work/prom" | paste -sd' ')"
	# per DIMM: region0 is not interleaved, so its one DIMM carries all of its poison
	d0=$(jq -r '[.[] | select(.region == "region0") | .dimms[0]][0] // empty' "$work/recs")
	[ -n "$d0" ] && expect_eq "$name: prometheus: $d0 (region0's DIMM) has region0's poison, with its id, handle and phys_id" \
		"$(jq '[.[] | select(.region == "region0") | .length] | add' "$work/recs") 1" \
		"$(sed -n "s/^pmemctl_dimm_poison_bytes{nd_bus=\"[^\"]*\",nd_dimm=\"$d0\",dimm_id=\"[^\"]*\",dimm_handle=\"[0-9]*\",dimm_phys_id=\"[0-9]*\"} //p" "$work/prom") \
$(grep -c "^pmemctl_dimm_poison_ranges{.*nd_dimm=\"$d0\"" "$work/prom")"
	for r in $(jq -r '.[] | select(.namespace == null) | .region' "$work/sum"); do
		bus=$(jq -r --arg r "$r" '.[] | select(.region == $r and .namespace == null) | .bus' "$work/sum")
		"$PMEMCTL" list-poison --format prometheus -r "$r" > "$work/promr"
		expect_eq "$name: prometheus -r $r: only its bus's scrub series and only its region's series" \
			"$bus $r" \
			"$(sed -n 's/^pmemctl_scrub[a-z_]*{nd_bus="\([^"]*\)".*/\1/p; s/^pmemctl_bus_info{nd_bus="\([^"]*\)".*/\1/p' "$work/promr" | sort -u | paste -sd' ')\
 $(sed -n 's/^pmemctl_[a-z_]*{.*nd_region="\([^"]*\)".*/\1/p' "$work/promr" | sort -u | paste -sd' ')"
	done
	# names: a bus by its name or its provider, a namespace by the device that claims it
	for b in /sys/bus/nd/devices/ndbus*; do
		expect_eq "$name: --bus ${b##*/} and --bus $(cat "$b/provider") select the same records" \
			"$(pm list-poison -b "${b##*/}" | jq -c .)" "$(pm list-poison -b "$(cat "$b/provider")" | jq -c .)"
	done
	for n in /sys/bus/nd/devices/namespace*; do
		h=$(cat "$n/holder" 2>/dev/null)
		[ -n "$h" ] || continue
		expect_eq "$name: -n $h (its claim) lists ${n##*/}'s records" \
			"$(pm list-poison -n "${n##*/}" | jq -c .)" "$(pm list-poison -n "$h" | jq -c .)"
	done
	for r in /sys/bus/nd/devices/region*; do
		r=${r##*/}
		expect_eq "$name: $r agrees with the region's badblocks" "$(kernel_region_bb "$r")" "$(pm_region_bb "$r")"
		expect_eq "$name: $r pieces, unmerged, split where the namespaces and data areas begin and end" \
			"$(kernel_region_pieces "$r")" "$(pm_region_pieces "$r")"
	done
	for d in /sys/block/pmem*; do
		[ -e "$d/badblocks" ] || continue
		d=${d##*/}
		case $d in *s) continue;; esac	# BTT devices keep no badblocks of their own
		expect_eq "$name: $d agrees with /sys/block/$d/badblocks" "$(kernel_ns_bb "$d")" "$(pm_ns_bb "$d")"
	done
	for r in $(echo "$out" | jq -r '.[].region' | sort -u); do
		base=$(region_res "$r")
		expect_eq "$name: $r spa = region start + offset" 0 \
			"$(echo "$out" | jq --argjson b "$base" --arg r "$r" '[.[] | select(.region == $r and .spa != $b + .region_offset)] | length')"
	done
	umount_dump
done
rm -rf "$work"
t_done
