#!/bin/sh
# Bench for list-poison --files: GETFSMAP vs the FIEMAP walk, on the host
# (root, a loop device): XFS with rmapbt=1, N small files in 100 directories,
# P poisoned 512-byte ranges under the data of randomly chosen files. Runs
# lib/owners through test/fs/owners-probe with method auto (GETFSMAP + the
# readdir walk that names the inodes) and fiemap (what a tool without
# GETFSMAP does), medians of R interleaved runs with cold dentry caches,
# for each N in FILES (default "10000 100000"), and prints their ratio.
# Both methods must find the same owners, or the bench fails.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
PROBE=${OWNERS_PROBE:-$top/build/test/fs/owners-probe}
FILES=${FILES:-"10000 100000"} P=${POISON:-300} R=${RUNS:-5}
[ "$(id -u)" = 0 ] || { echo "bench/owners.sh: needs root (loop device, mount)" >&2; exit 2; }
[ -x "$PROBE" ] || { echo "bench/owners.sh: build first (no $PROBE)" >&2; exit 2; }
W=$(mktemp -d /tmp/pmemctl-bench-owners.XXXXXX)
DEV="" MNT=$W/mnt
cleanup() { umount "$MNT" 2>/dev/null || true; [ -z "$DEV" ] || losetup -d "$DEV"; rm -rf "$W"; }
trap cleanup EXIT
mkdir "$MNT"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for n in $FILES; do
	umount "$MNT" 2>/dev/null || true; [ -z "$DEV" ] || losetup -d "$DEV"
	rm -f "$W/img"; truncate -s 4G "$W/img"; DEV=$(losetup -f --show "$W/img")
	mkfs.xfs -q -f -m rmapbt=1,reflink=0 "$DEV"; mount "$DEV" "$MNT"
	t0=$(date +%s.%N)
	# N files of 8 KiB in 100 directories (written by one awk, not N processes)
	awk -v n=$n -v m="$MNT" 'BEGIN { srand(1); for (d = 0; d < 100; d++) system("mkdir " m "/d" d)
		s = sprintf("%4096s", ""); for (i = 0; i < n; i++) { f = m "/d" (i % 100) "/f" i; printf("%s%s", s, s) > f; close(f) } }'
	sync
	# P files at random, poison 512 bytes at offset 4096 of each (their block from FIEMAP)
	awk -v n=$n -v p=$P 'BEGIN { srand(2); while (k < p) { i = int(rand() * n); if (!(i in s)) { s[i]; k++; print i } } }' |
	while read i; do
		xfs_io -c "fiemap" "$MNT/d$((i % 100))/f$i" | awk 'NR == 2 { split($3, b, "[.][.]"); printf "%.0f 512\n", (b[1] + 8) * 512 }'
	done > "$W/ranges"
	[ -s "$W/ranges" ] || { echo "bench/owners.sh: no poisoned ranges found" >&2; exit 1; }
	setup=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	: > "$W/auto.t"; : > "$W/fiemap.t"; : > "$W/getfsmap.t"
	for r in $(seq $R); do
		for m in auto fiemap; do
			sync; echo 2 > /proc/sys/vm/drop_caches	# cold dentries and inodes for both
			"$PROBE" "$MNT" "$DEV" $m < "$W/ranges" > "$W/$m.out" 2> "$W/$m.err"
			awk '{ print $9 }' "$W/$m.err" >> "$W/$m.t"
			[ $m = fiemap ] || awk '{ print $11 }' "$W/$m.err" >> "$W/getfsmap.t"
		done
	done
	cmp -s "$W/auto.out" "$W/fiemap.out" || { echo "bench/owners.sh: the methods disagree" >&2; diff "$W/auto.out" "$W/fiemap.out" | head >&2; exit 1; }
	a=$(median < "$W/auto.t"); f=$(median < "$W/fiemap.t"); g=$(median < "$W/getfsmap.t")
	echo "OWNERS-BENCH files=$n poisoned=$P runs=$R (setup ${setup}s): getfsmap ${a}us (the ioctls ${g}us, naming $(awk '{print $7}' "$W/auto.err") dirs the rest), fiemap walk ${f}us (files $(awk '{print $5}' "$W/fiemap.err")), ratio $(awk -v a=$a -v f=$f 'BEGIN { printf "%.1f", f / a }')x, walk/ioctls $(awk -v g=$g -v f=$f 'BEGIN { printf "%.0f", f / (g ? g : 1) }')x"
done
