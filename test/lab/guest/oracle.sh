# Oracles: what the kernel itself says, in the shape pmemctl reports.
# POSIX sh + jq; sourced by the lab guest and by the host's dump tier (which
# runs with a captured sysfs mounted over /sys). $PMEMCTL names the binary.
: "${PMEMCTL:=pmemctl}"
# kernel_ns_bb DEV: the block device's badblocks as "sector len" lines, sorted
kernel_ns_bb() { sort -n /sys/block/$1/badblocks || echo "(no /sys/block/$1/badblocks)"; }
# pm_ns_bb DEV: pmemctl's data-area records of DEV as "sector sectors" lines
pm_ns_bb() { "$PMEMCTL" list-poison -n "$1" | jq -r '.[] | select(.area == "data") | "\(.sector) \(.sectors)"' | sort -n; }
# kernel_region_bb REGION: the region's badblocks as "sector len" lines
kernel_region_bb() { sort -n /sys/bus/nd/devices/$1/badblocks || echo "(no $1/badblocks)"; }
# pm_region_bb REGION: pmemctl's records of REGION, pieces of one range merged
# back together (pmemctl splits a range at the metadata/data boundary)
pm_region_bb() {
	"$PMEMCTL" list-poison -r "$1" | jq -r '
		map(select(.source == "region")) | sort_by(.region_sector)
		| reduce .[] as $r ([]; if length > 0 and (.[-1][0] + .[-1][1]) == $r.region_sector
			then .[-1][1] += $r.sectors else . + [[$r.region_sector, $r.sectors]] end)
		| .[] | "\(.[0]) \(.[1])"'
}
# ndctl_ns_bb NS: Debian ndctl's view (ndctl list -M) as "offset length" lines
ndctl_ns_bb() { ndctl list -M -n "$1" | jq -r '(if type == "array" then .[0] else . end) | .badblocks // [] | .[] | "\(.offset) \(.length)"' | sort -n; }
region_res() { printf '%d' "$(cat /sys/bus/nd/devices/$1/resource)"; }

