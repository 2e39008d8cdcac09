#!/bin/sh
# Bench for list-poison --files: GETFSMAP vs the FIEMAP walk, on the host
# (root, a loop device): XFS with rmapbt=1 (and parent pointers, unless
# PARENTS=0), N small files in 100 directories, P poisoned 512-byte ranges
# under the data of randomly chosen files. Runs lib/owners through
# test/fs/owners-probe with method auto (GETFSMAP, then the inodes named by
# parent pointers, or by a readdir walk when PARENTS=0) and fiemap (what a
# tool without GETFSMAP does), side by side: medians of R interleaved runs
# with cold dentry and inode caches, for each N in FILES (default
# "10000 100000"), their ratio, and the goals of issue 17 (at 100k files
# at least 100x faster than the FIEMAP walk, 10k -> 100k growth at most
# 1.5x), each with met / not met. Both methods must find the same owners,
# or the bench fails. mkfs.xfs with parent=1 comes from
# test/fs/xfsprogs-new.sh (the host's, or trixie's unpacked, not installed).
# DEVICE (default auto): zram, a RAM block device added for the bench and
# removed after (reads done in the caller, as /dev/pmem does them; auto
# takes it where the kernel has zram-control), or loop, a sparse image in
# /tmp through a loop device (each read handed to the loop worker).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
PROBE=${OWNERS_PROBE:-$top/build/test/fs/owners-probe}
FILES=${FILES:-"10000 100000"} P=${POISON:-300} R=${RUNS:-5} PARENTS=${PARENTS:-1} DEVICE=${DEVICE:-auto}
[ "$(id -u)" = 0 ] || { echo "bench/owners.sh: needs root (zram or loop device, mount)" >&2; exit 2; }
ZC=/sys/class/zram-control
case $DEVICE in
auto) DEVICE=loop; [ ! -w $ZC/hot_add ] || DEVICE=zram;;
zram) [ -w $ZC/hot_add ] || { echo "bench/owners.sh: DEVICE=zram: no $ZC (DEVICE=loop)" >&2; exit 2; };;
loop) ;;
*) echo "bench/owners.sh: DEVICE=$DEVICE: not zram, loop or auto" >&2; exit 2;;
esac
[ -x "$PROBE" ] || { echo "bench/owners.sh: build first (no $PROBE)" >&2; exit 2; }
MKFS=mkfs.xfs MKFS_OPTS="-m rmapbt=1,reflink=0"
if [ "$PARENTS" = 1 ]; then
	bin=$("$top/test/fs/xfsprogs-new.sh") || { echo "bench/owners.sh: no mkfs.xfs with parent pointers (PARENTS=0 to bench without)" >&2; exit 2; }
	MKFS=$bin/mkfs.xfs MKFS_OPTS="$MKFS_OPTS -n parent=1"
fi
W=$(mktemp -d /tmp/pmemctl-bench-owners.XXXXXX)
DEV="" MNT=$W/mnt ZID=""
# the device of one file count, gone: a zram device the bench added is removed, as the host had none
release() {
	umount "$MNT" 2>/dev/null || true
	if [ -n "$ZID" ]; then echo "$ZID" > $ZC/hot_remove; ZID=""
	elif [ -n "$DEV" ]; then losetup -d "$DEV"; fi
	DEV=""
}
# a device of $1 GiB: $DEV
device() {
	if [ $DEVICE = zram ]; then
		ZID=$(cat $ZC/hot_add); DEV=/dev/zram$ZID
		echo "${1}G" > /sys/block/zram$ZID/disksize
	else
		rm -f "$W/img"; truncate -s "${1}G" "$W/img"; DEV=$(losetup -f --show "$W/img")
	fi
}
cleanup() { release; rm -rf "$W"; }
trap cleanup EXIT
trap "exit 130" INT TERM HUP	# dash runs the EXIT trap only on exit
mkdir "$MNT"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# verdict NAME VALUE OP GOAL: "NAME VALUE (goal OP GOAL): met|not met"
verdict() {
	awk -v n="$1" -v v="$2" -v op="$3" -v g="$4" 'BEGIN { ok = op == ">=" ? v >= g : v <= g
		printf "OWNERS-BENCH goal %s %.2fx (goal %s %sx): %s\n", n, v, op, g, ok ? "met" : "not met" }'
}

# other work on the machine shows in cold-cache times: say how busy it was
echo "OWNERS-BENCH load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs), device $DEVICE"
for n in $FILES; do
	release
	# 8 KiB a file and room to spare: 4 GiB up to 300k files, more above
	size=$(( n * 16 / 1024 / 1024 + 1 )); [ $size -ge 4 ] || size=4
	device $size
	"$MKFS" -q -f $MKFS_OPTS "$DEV"; mount "$DEV" "$MNT"
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
	: > "$W/auto.t"; : > "$W/fiemap.t"; : > "$W/getfsmap.t"; : > "$W/naming.t"
	for r in $(seq $R); do
		for m in auto fiemap; do
			sync; echo 2 > /proc/sys/vm/drop_caches	# cold dentries and inodes for both
			"$PROBE" "$MNT" "$DEV" $m < "$W/ranges" > "$W/$m.out" 2> "$W/$m.err"
			awk '{ print $9 }' "$W/$m.err" >> "$W/$m.t"
			[ $m = fiemap ] || awk '{ print $11 }' "$W/$m.err" >> "$W/getfsmap.t"
			[ $m = fiemap ] || awk '{ print $13 }' "$W/$m.err" >> "$W/naming.t"
		done
	done
	cmp -s "$W/auto.out" "$W/fiemap.out" || { echo "bench/owners.sh: the methods disagree" >&2; diff "$W/auto.out" "$W/fiemap.out" | head >&2; exit 1; }
	a=$(median < "$W/auto.t"); f=$(median < "$W/fiemap.t"); g=$(median < "$W/getfsmap.t"); nm=$(median < "$W/naming.t")
	echo "$n $a $f" >> "$W/results"
	echo "OWNERS-BENCH files=$n poisoned=$P runs=$R (setup ${setup}s): getfsmap ${a}us (the ioctls ${g}us," \
		"naming ${nm}us by $(awk '{print $17}' "$W/auto.err"): $(awk '{print $19}' "$W/auto.err") parent calls," \
		"$(awk '{print $7}' "$W/auto.err") dirs read), fiemap walk ${f}us (files $(awk '{print $5}' "$W/fiemap.err")," \
		"dirs $(awk '{print $7}' "$W/fiemap.err")), ratio $(awk -v a=$a -v f=$f 'BEGIN { printf "%.1f", f / a }')x"
done
echo "OWNERS-BENCH load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# the goals, where the bench ran their file counts
big=$(awk '$1 == 100000 { print $3 / $2 }' "$W/results")
[ -z "$big" ] || verdict "100000 files: fiemap walk / getfsmap" "$big" ">=" 100
grow=$(awk '$1 == 10000 { s = $2 } $1 == 100000 { b = $2 } END { if (s && b) print b / s }' "$W/results")
[ -z "$grow" ] || verdict "growth 10000 -> 100000 files: getfsmap" "$grow" "<=" 1.5
grow=$(awk '$1 == 100000 { s = $2 } $1 == 1000000 { b = $2 } END { if (s && b) print b / s }' "$W/results")
[ -z "$grow" ] || echo "OWNERS-BENCH growth 100000 -> 1000000 files: getfsmap $(awk -v g=$grow 'BEGIN { printf "%.2f", g }')x (no goal)"
exit 0
