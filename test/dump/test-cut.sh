#!/bin/sh
# A poison list the kernel cut: it prints a badblocks list into one page
# (block/badblocks.c) and a longer one ends mid-line. A captured dump is
# given 500 ranges in pmem1's list (and then region1's), cut at 4095 bytes
# as the kernel cuts them. pmemctl must list only whole lines and say that
# the list was cut in the JSON records and summary rows, in the metrics and
# once on stderr. A dump has no firmware: the region's cut stays a cut.
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
command -v promtool >/dev/null || cannot_run "promtool is not installed (Debian: prometheus)"
[ "$(id -u)" = 0 ] || cannot_run "needs root to mount altered dumps over /sys"
[ "$(getconf PAGESIZE)" = 4096 ] || cannot_run "the cut below is a 4096-byte page"
if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec unshare -m --propagation private sh "$0"
fi
work=$(mktemp -d)
dump=$SRC/test/dump/dumps/6.12-phase1-raw-fsdax.tgz
R1=devices/platform/nfit_test.0/ndbus1/region1
use() {	# use NAME: a fresh copy of the dump mounted over /sys, altered by the caller
	umount /dev /sys 2>/dev/null
	rm -rf "$work/$1"; mkdir -p "$work/$1"; tar -C "$work/$1" -xzf "$dump"
	D=$work/$1/sys
	mount --bind "$D" /sys && mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3
}
# 500 ranges of 50 sectors from sector 200 (past the dump's own poison at
# 8 and 100), as the kernel prints them: one page, the last line cut
i=0; while [ $i -lt 500 ]; do echo "$((200 + i * 64)) 50"; i=$((i + 1)); done > "$work/full"
head -c 4095 "$work/full" > "$work/page"
# the whole lines of the page, as "[sector,sectors]"
whole=$(sed '$d' "$work/page" | awk '{ printf "%s[%s,%s]", (NR > 1 ? "," : ""), $1, $2 }')
nwhole=$(sed '$d' "$work/page" | grep -c '')
half=$(tail -n 1 "$work/page")

check_cut() {	# check_cut WHAT SOURCE: pmem1's records and notes with a cut list
	"$PMEMCTL" list-poison -r region1 > "$work/out" 2> "$work/err"; rc=$?
	expect_eq "$1: exit 0, only the $nwhole whole lines (not '$half')" "0 [$whole]" \
		"$rc $(jq -c "[.[] | select(.source == \"$2\" and .sector >= 200) | [.sector, .sectors]]" "$work/out")"
	expect_eq "$1: every record of region1 says poison_list cut" '["cut"]' \
		"$(jq -c '[.[].poison_list] | unique' "$work/out")"
	expect_eq "$1: one line on stderr, naming namespace1.0" "1 1" \
		"$(grep -c '' "$work/err") $(grep -c 'was cut.*unknown for: .*namespace1.0' "$work/err")"
	pm list-poison --summary > "$work/sum"
	expect_eq "$1: summary rows: region1 and namespace1.0 cut, region2 whole" \
		'[["region1",null,"cut"],["region1","namespace1.0","cut"],["region2",null,"whole"]]' \
		"$(jq -c '[.[] | select(.region == "region1" or (.region == "region2" and .namespace == null)) | [.region, .namespace, .poison_list]]' "$work/sum")"
	pm list-poison --format prometheus > "$work/prom" 2> /dev/null
	expect_eq "$1: metrics valid, *_poison_list_cut 1 for region1 and namespace1.0 only" "ok 2 1 1" \
		"$(promtool check metrics < "$work/prom" > /dev/null 2>&1 && echo ok)\
 $(grep -c '^pmemctl_[a-z]*_poison_list_cut{.*} 1$' "$work/prom")\
 $(grep -c '^pmemctl_region_poison_list_cut{.*nd_region="region1".*} 1$' "$work/prom")\
 $(grep -c '^pmemctl_namespace_poison_list_cut{.*nd_namespace="namespace1.0".*} 1$' "$work/prom")"
}

use block-cut
cp "$work/page" "$D/$R1/namespace1.0/block/pmem1/badblocks"
check_cut "pmem1's list cut" block

use region-cut
cp "$work/page" "$D/$R1/badblocks"
check_cut "region1's list cut (no firmware to complete it)" region

use whole
sed '$d' "$work/page" > "$D/$R1/namespace1.0/block/pmem1/badblocks"
"$PMEMCTL" list-poison --summary > "$work/out" 2> "$work/err"; rc=$?
expect_eq "a long list that ends on a whole line: exit 0, every list whole, nothing on stderr" '0 ["whole"] 0' \
	"$rc $(jq -c '[.[].poison_list] | unique' "$work/out") $(grep -c '' "$work/err")"

umount /dev /sys 2>/dev/null
rm -rf "$work"
t_done
