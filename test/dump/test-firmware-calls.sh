#!/bin/sh
# Firmware calls grow with regions, not ranges. DIMM names of an interleaved
# region come from the platform's address translation (TRANSLATE_SPA, one
# ioctl on /dev/ndctlN each); pmemctl learns a region's geometry from a few
# and computes the rest, and asks a bus that cannot answer only once. A
# captured dump (no /dev/ndctlN: every call fails, as on a bus without the
# command) is given 200 and then 400 ranges (its own 2 besides; more would cut its text) in its 2-way interleaved region;
# the opens of /dev/ndctlN are counted under strace. Where the platform does
# answer, the lab's bench counts them (bench/README.md).
SRC=${PMEMCTL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PMEMCTL=${PMEMCTL:-$SRC/pmemctl}
. "$SRC/test/lib.sh"
command -v jq >/dev/null || cannot_run "jq is not installed"
command -v strace >/dev/null || cannot_run "strace is not installed"
[ "$(id -u)" = 0 ] || cannot_run "needs root to mount altered dumps over /sys"
if [ -z "${PMEMCTL_IN_DUMP:-}" ]; then
	PMEMCTL_IN_DUMP=1 PMEMCTL=$PMEMCTL PMEMCTL_SRCDIR=$SRC exec unshare -m --propagation private sh "$0"
fi
work=$(mktemp -d)
dump=$SRC/test/dump/dumps/6.12-phase1-raw-fsdax.tgz
R1=devices/platform/nfit_test.0/ndbus1/region1
opens() {	# opens ARGS: how many times pmemctl ARGS opened a /dev/ndctlN
	strace -f -qq -e trace=open,openat -o "$work/trace" "$PMEMCTL" "$@" > "$work/out" 2> /dev/null
	grep -c '"/dev/ndctl[0-9]' "$work/trace"
}
for n in 200 400; do
	umount /dev /sys 2>/dev/null
	rm -rf "$work/d"; mkdir -p "$work/d"; tar -C "$work/d" -xzf "$dump"
	i=0; while [ $i -lt $n ]; do echo "$((200 + i * 50)) 1"; i=$((i + 1)); done > "$work/d/sys/$R1/badblocks"
	mount --bind "$work/d/sys" /sys && mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3
	expect_eq "$n ranges in region1 (2-way interleave): one attempt at ndbus1's translation, none per range" \
		"1 $((n + 2))" "$(opens list-poison -r region1) $(jq length "$work/out")"
	eval "all_$n=\$(opens list-poison)"
	# a summary names no DIMMs: it asks the platform nothing
	expect_eq "$n ranges: list-poison -s makes no firmware call" "0" "$(opens list-poison -s)"
done
expect_eq "the whole host: the same attempts at 200 and at 400 ranges" "$all_200" "$all_400"
umount /dev /sys 2>/dev/null
rm -rf "$work"
t_done
