#!/bin/sh
# Faults, on a captured sysfs dump altered the way other kernels and
# setups differ: a region without a badblocks attribute (older kernels), a
# bus without the nfit scrub attribute, garbage in a badblocks file,
# resource attributes readable by root only with an unprivileged user, and
# a disabled region. Each
# is reported clearly, and pmemctl keeps working with what is there. Every
# pmemctl call's exit status is checked (rc=$? or pm, test/lib.sh).
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
command -v promtool >/dev/null || cannot_run "promtool is not installed (Debian: prometheus)"
[ "$(id -u)" = 0 ] || cannot_run "needs root to mount altered dumps over /sys"
if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec unshare -m --propagation private sh "$0"
fi
work=$(mktemp -d)
chmod 755 "$work"
dump=$SRC/test/dump/dumps/6.12-phase1-raw-fsdax.tgz
R1=devices/platform/nfit_test.0/ndbus1/region1
use() {	# use NAME: a fresh copy of the dump, altered by the caller, mounted over /sys
	umount /dev /sys 2>/dev/null
	rm -rf "$work/$1"; mkdir -p "$work/$1"; tar -C "$work/$1" -xzf "$dump"
	D=$work/$1/sys
}
mount_it() { mount --bind "$D" /sys && mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3; }

use no-region-bb
rm "$D/$R1/badblocks"
mount_it
"$PMEMCTL" list-poison -r region1 > "$work/out" 2> "$work/err"; rc=$?
expect_eq "region without a badblocks attribute: exit 0, one note that says so" "0 1 1" \
	"$rc $(grep -c '' "$work/err") $(grep -c 'no badblocks attribute' "$work/err")"
expect_eq "... and its block device's poison is still listed (source block)" '[[8,1,"block"],[100,16,"block"]]' \
	"$(jq -c 'map([.sector, .sectors, .source])' "$work/out")"

use no-scrub
rm "$D/devices/platform/nfit_test.0/ndbus1/nfit/scrub"
mount_it
"$PMEMCTL" scrub --status > "$work/out" 2> "$work/err"; rc=$?
expect_eq "bus without the scrub attribute: scrub --status exit 0, that bus's state null" "0 [null,null]" \
	"$rc $(jq -c '[.[] | select(.bus == "ndbus1") | .scrub, .scrubs] | .[0:2]' "$work/out")"
"$PMEMCTL" list-poison --format prometheus > "$work/prom" 2> "$work/err"; rc=$?
expect_eq "... --format prometheus: exit 0, valid, no scrub metrics for that bus" "0 ok 0" \
	"$rc $(promtool check metrics < "$work/prom" > /dev/null 2>&1 && echo ok) $(grep -c '^pmemctl_scrub.*nd_bus="ndbus1"' "$work/prom")"

use garbage
printf 'garbage\n-5 2\n99999999999999999999 1\n8 0\n\001\002\n' > "$D/$R1/badblocks"
mount_it
"$PMEMCTL" list-poison > "$work/out" 2> "$work/err"; rc=$?
expect_eq "garbage in a region's badblocks: exit 0, valid JSON, the other regions listed" "0 yes" \
	"$rc $(jq -e '[.[] | select(.region == "region2")] | length > 0' "$work/out" > /dev/null && echo yes)"
# No line of region1's list is a range (and libndctl's iterator stops at the
# first malformed line), so region1's own list gives nothing; its poison
# still shows, from pmem1's list (source block), and the region's row counts it
expect_eq "... region1: its records come from the block device's list alone" \
	'[["block","data",8,1],["block","data",100,16]]' \
	"$(jq -c '[.[] | select(.region == "region1") | [.source, .area, .sector, .sectors]]' "$work/out")"
expect_eq "... region1's summary row: 2 ranges, 8704 bytes" '[2,8704]' \
	"$(pm list-poison --summary | jq -c '[.[] | select(.region == "region1" and .namespace == null)][0] | [.ranges, .bytes]')"

use unprivileged
chmod -R a+rX "$work/unprivileged"
find "$D" -name resource -exec chmod 0400 {} +	# root only, as the kernel has it
mount_it
su nobody -s /bin/sh -c "'$PMEMCTL' list-poison" > "$work/out" 2> "$work/err"; rc=$?
expect_eq "an unprivileged user: exit 0, records listed, spa null, one note saying why" "0 yes [null] 1" \
	"$rc $(jq -e 'length > 0' "$work/out" > /dev/null && echo yes) $(jq -c '[.[].spa] | unique' "$work/out") $(grep -c 'visible to root only' "$work/err")"
# Poison the region lists outside its block devices (metadata, unclaimed
# space) cannot be placed without the root-only resource attributes: the
# region's count is unknown, never 0, and a note says so (issue 18, item 1).
use unplaced
echo "40000 8" >> "$D/$R1/badblocks"
chmod -R a+rX "$work/unplaced"
find "$D" -name resource -exec chmod 0400 {} +
mount_it
su nobody -s /bin/sh -c "'$PMEMCTL' list-poison -r region1 --summary" > "$work/out" 2> "$work/err"; rc=$?
expect_eq "unprivileged, poison outside the block devices: the region's row is unknown (null), not a count" \
	'0 [null,null]' "$rc $(jq -c '[.[] | select(.namespace == null)][0] | [.ranges, .bytes]' "$work/out")"
expect_eq "... and a note says that it cannot be placed without root" 1 "$(grep -c 'cannot be placed without root' "$work/err")"
"$PMEMCTL" list-poison -r region1 --summary > "$work/out" 2> /dev/null
expect_eq "... root counts it (3 ranges)" 3 "$(jq '[.[] | select(.namespace == null)][0].ranges' "$work/out")"
# ... and its ranges are records, never an empty list: the region's ranges
# with what is known (region sector, length), placed false, since they
# cannot be matched with pmem1's records (sectors 8 and 100, placed)
su nobody -s /bin/sh -c "'$PMEMCTL' list-poison -r region1" > "$work/out" 2> "$work/err"; rc=$?
expect_eq "unprivileged, the plain list: pmem1's records and every range of the region's list, unplaced" \
	'0 [[null,"unknown","region",false,8,1],[null,"unknown","region",false,100,16],[null,"unknown","region",false,40000,8],["namespace1.0","data","block",true,null,1],["namespace1.0","data","block",true,null,16]]' \
	"$rc $(jq -c 'map([.namespace, .area, .source, .placed, .region_sector, .sectors]) | sort' "$work/out")"
# Only unplaceable poison (pmem1 lists none): issue 18's case, which printed []
use unplaced-only
echo "40000 8" > "$D/$R1/badblocks"
: > "$D/$R1/namespace1.0/block/pmem1/badblocks"
chmod -R a+rX "$work/unplaced-only"
find "$D" -name resource -exec chmod 0400 {} +
mount_it
su nobody -s /bin/sh -c "'$PMEMCTL' list-poison -r region1" > "$work/out" 2> "$work/err"; rc=$?
expect_eq "unprivileged, only unplaceable poison: one record, region sector and length, namespace unknown" \
	'0 [[null,null,"unknown","region",false,null,40000,20480000,null,8,4096]]' \
	"$rc $(jq -c 'map([.namespace, .device, .area, .source, .placed, .sector, .region_sector, .region_offset, .spa, .sectors, .length])' "$work/out")"
expect_eq "... a note says it cannot be placed without root" 1 "$(grep -c 'cannot be placed without root' "$work/err")"
su nobody -s /bin/sh -c "'$PMEMCTL' list-poison -r region1 -u --noheadings -o region,namespace,area,region_sector,sectors,placed" > "$work/out" 2> /dev/null; rc=$?
expect_eq "... the table shows the range too" "0 region1 - unknown 40000 8 false" "$rc $(tr -s ' \n' ' ' < "$work/out" | sed 's/ $//')"
su nobody -s /bin/sh -c "'$PMEMCTL' list-poison -r region1 --summary" > "$work/out" 2> /dev/null; rc=$?
expect_eq "... and the summary's region row stays unknown (null)" '0 [null,null]' \
	"$rc $(jq -c '[.[] | select(.namespace == null)][0] | [.ranges, .bytes]' "$work/out")"
"$PMEMCTL" list-poison -r region1 > "$work/out" 2> /dev/null
# (in this dump pmem1 fills the region: root places the range in its data)
expect_eq "... root places it: namespace1.0, placed" '[["namespace1.0",true,40000,8]]' \
	"$(jq -c 'map([.namespace, .placed, .region_sector, .sectors])' "$work/out")"
# A disabled region ('ndctl disable-region'): no driver, no namespaces, and
# on a live kernel its badblocks read fails with ENXIO (the lab checks that).
use disabled
rm "$D/$R1/driver"
rm -rf "$D/$R1"/namespace1.* "$D/$R1"/btt1.* "$D/$R1"/pfn1.* "$D/$R1"/dax1.*
mount_it
"$PMEMCTL" list-poison > "$work/out" 2> "$work/err"; rc=$?
expect_eq "disabled region: exit 0, no records of it, one note naming it and what to do" "0 0 1 1" \
	"$rc $(jq '[.[] | select(.region == "region1")] | length' "$work/out") $(grep -c '' "$work/err")\
 $(grep -c "region1: disabled.*ndctl enable-region" "$work/err")"
pm list-poison --summary > "$work/out" 2> /dev/null
expect_eq "... --summary: its row says enabled false and its counts are unknown (null)" \
	'[{"enabled":false,"ranges":null,"bytes":null}]' \
	"$(jq -c 'map(select(.region == "region1") | {enabled, ranges, bytes})' "$work/out")"
expect_eq "... --summary: the enabled regions keep their counts" "true" \
	"$(jq -c '[.[] | select(.region == "region2" and .namespace == null)][0] | .enabled and .ranges > 0' "$work/out")"
"$PMEMCTL" list-poison --format prometheus > "$work/prom" 2> /dev/null; rc=$?
expect_eq "... prometheus: valid, pmemctl_region_enabled 0 for it, and no poison series (unknown is not 0)" "0 ok 1 0" \
	"$rc $(promtool check metrics < "$work/prom" > /dev/null 2>&1 && echo ok)\
 $(grep -c '^pmemctl_region_enabled{.*nd_region="region1".*} 0$' "$work/prom")\
 $(grep -c '^pmemctl_[a-z_]*poison_.*nd_region="region1"' "$work/prom")"
for args in "list-poison -n namespace1.0" "recover -n namespace1.0 -B 0 -c 1 --dry-run" \
	"inject -n namespace1.0 -B 0 -c 1" "unbind namespace1.0"; do
	"$PMEMCTL" $args > "$work/out" 2> "$work/err"; rc=$?
	expect_eq "... $args: exit 3, one line saying the region is disabled, nothing on stdout" "3 1 1 0" \
		"$rc $(grep -c '' "$work/err") $(grep -c 'region1.*enable-region' "$work/err") $(grep -c '' "$work/out")"
done
spa=$(( $(cat "$D/$R1/resource") + 4096 ))
"$PMEMCTL" inject --spa $spa > "$work/out" 2> "$work/err"; rc=$?
expect_eq "... inject --spa inside it: exit 3, one line naming the region" "3 1 1" \
	"$rc $(grep -c '' "$work/err") $(grep -c 'is in region1, which is disabled' "$work/err")"
"$PMEMCTL" recover -r region1 > "$work/out" 2> "$work/err"; rc=$?
expect_eq "... recover -r region1: refused (exit 5), one line, nothing on stdout" "5 1 0" \
	"$rc $(grep -c '' "$work/err") $(grep -c '' "$work/out")"

# poison of a region in no namespace (namespace1.0 shrunk to the first 16 MiB, a range at 20 MiB)
use unclaimed
echo 16777216 > "$D/$R1/namespace1.0/size"
echo "40960 8" >> "$D/$R1/badblocks"
mount_it
"$PMEMCTL" recover -r region1 --dry-run > "$work/out" 2> "$work/err"; rc=$?
expect_eq "poison in no namespace: recover -r reports it skipped (no data offset, nothing written), after the planned writes" \
	'0 0 [["namespace1.0","planned",4096],["namespace1.0","planned",51200],[null,"skipped",20971520,null,4096,0,0]]' \
	"$rc $(grep -c '' "$work/err") $(jq -c 'map(if .namespace then [.namespace, .status, .region_offset]
		else [.namespace, .status, .region_offset, .offset, .length, .replaced, .kept] end)' "$work/out")"

# a region's badblocks that cannot be read (EISDIR): the listing fails, it is no "no match"
use unreadable-bb
rm "$D/$R1/badblocks"
mkdir "$D/$R1/badblocks"
mount_it
"$PMEMCTL" list-poison > "$work/out" 2> "$work/err"; rc=$?
expect_eq "unreadable region badblocks: exit 1 (failed, not 3), one line, nothing on stdout" "1 1 0" \
	"$rc $(grep -c '' "$work/err") $(grep -c '' "$work/out")"

umount /dev /sys 2>/dev/null
rm -rf "$work"
t_done
