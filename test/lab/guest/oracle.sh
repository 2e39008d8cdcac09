# Oracles: what the kernel itself says, in the shape pmemctl reports.
# POSIX sh + jq; sourced by the lab guest and by the host's dump tier (which
# runs with a captured sysfs mounted over /sys). pmemctl runs as "pm ARGS",
# which each tier's lib.sh defines to check its exit status.
# kernel_ns_bb DEV: the block device's badblocks as "sector len" lines, sorted
kernel_ns_bb() { sort -n /sys/block/$1/badblocks || echo "(no /sys/block/$1/badblocks)"; }
# pm_ns_bb DEV: pmemctl's data-area records of DEV as "sector sectors" lines
pm_ns_bb() { pm list-poison -n "$1" | jq -r '.[] | select(.area == "data") | "\(.sector) \(.sectors)"' | sort -n; }
# kernel_region_bb REGION: the region's badblocks as "sector len" lines
kernel_region_bb() { sort -n /sys/bus/nd/devices/$1/badblocks || echo "(no $1/badblocks)"; }
# pm_region_bb REGION: pmemctl's records of REGION, pieces of one range merged
# back together (pmemctl splits a range at the metadata/data boundary)
pm_region_bb() {
	pm list-poison -r "$1" | jq -r '
		map(select(.source == "region")) | sort_by(.region_sector)
		| reduce .[] as $r ([]; if length > 0 and (.[-1][0] + .[-1][1]) == $r.region_sector
			then .[-1][1] += $r.sectors else . + [[$r.region_sector, $r.sectors]] end)
		| .[] | "\(.[0]) \(.[1])"'
}
# region_cuts REGION: the region sectors where pmemctl's areas change: each
# namespace's start and end, and the start and end of the data area of the
# pfn or dax device that claims it (from their own resource and size)
region_cuts() {
	_base=$(region_res "$1")
	for _n in /sys/bus/nd/devices/$1/namespace*.*; do
		[ "$(cat "$_n/size" 2>/dev/null || echo 0)" -gt 0 ] || continue
		for _d in "$_n" /sys/bus/nd/devices/$(cat "$_n/holder" 2>/dev/null); do
			case ${_d##*/} in namespace*|pfn*|dax*) ;; *) continue ;; esac
			_s=$(( $(printf '%d' "$(cat "$_d/resource")") - _base ))
			echo $((_s / 512)); echo $(((_s + $(cat "$_d/size")) / 512))
		done
	done | sort -n | uniq
}
# kernel_region_pieces REGION: the region's badblocks cut at region_cuts, as
# "sector len" lines: the pieces pmemctl must report, each on its own
kernel_region_pieces() {
	[ -n "$(cat "/sys/bus/nd/devices/$1/badblocks" 2>/dev/null)" ] || return 0
	awk -v cuts="$(region_cuts "$1" | tr '\n' ' ')" 'BEGIN { n = split(cuts, c, " ") }
		{ s = $1; e = $1 + $2
		  for (i = 1; i <= n; i++) if (c[i] + 0 > s && c[i] + 0 < e) { print s, c[i] - s; s = c[i] + 0 }
		  print s, e - s }' "/sys/bus/nd/devices/$1/badblocks" | sort -n
}
# pm_region_pieces REGION: pmemctl's region records as "region_sector sectors", not merged
pm_region_pieces() {
	pm list-poison -r "$1" | jq -r 'map(select(.source == "region")) | .[] | "\(.region_sector) \(.sectors)"' |
		sort -n
}
# ndctl_ns_bb NS: Debian ndctl's view (ndctl list -M) as "offset length" lines
ndctl_ns_bb() { ndctl list -M -n "$1" | jq -r '(if type == "array" then .[0] else . end) | .badblocks // [] | .[] | "\(.offset) \(.length)"' | sort -n; }
region_res() { printf '%d' "$(cat /sys/bus/nd/devices/$1/resource)"; }

