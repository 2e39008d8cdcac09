#!/bin/sh
# lib/owners naming the inodes GETFSMAP returns by XFS parent pointers,
# without pmem: XFS with rmapbt and parent=1 on a loop device, checked
# against xfs_io (fiemap for the places, fsmap for the owning inodes,
# parent -p for the links) and against the walks: a file in a
# subdirectory, a name with a space, a hard link (two names: the bytewise
# smaller path is named), a renamed file, a deleted but open file, a bind
# mount of a subdirectory, and the fallback to the readdir walk on XFS
# without parent pointers. mkfs.xfs and xfs_io with parent pointers come
# from test/fs/xfsprogs-new.sh (the host's, or trixie's unpacked).
top=${PMEMCTL_SRCDIR:-$(dirname "$0")/../..}
. "$top/test/lib.sh"
PROBE=${OWNERS_PROBE:-./test/fs/owners-probe}

[ "$(id -u)" = 0 ] || cannot_run "needs root (loop devices, mount)"
for t in losetup mkfs.xfs xfs_io; do
	command -v $t >/dev/null || cannot_run "$t not installed"
done
[ -x "$PROBE" ] || cannot_run "no owners-probe at $PROBE"
[ -e /proc/self/mountinfo ] || cannot_run "no /proc"
NEW=$("$top/test/fs/xfsprogs-new.sh") || cannot_run "no mkfs.xfs with parent pointers (xfsprogs 6.10+)"
W=$(mktemp -d /tmp/pmemctl-owners-parents.XXXXXX)
truncate -s 512M "$W/img"
DEV=$(losetup -f --show "$W/img" 2>/dev/null) || { rm -rf "$W"; cannot_run "no loop device"; }
MNT=$W/mnt BIND=$W/bind; mkdir "$MNT" "$BIND"
cleanup() { exec 7<&- 2>/dev/null; umount "$BIND" 2>/dev/null; umount "$MNT" 2>/dev/null; losetup -d "$DEV"; rm -rf "$W"; }
trap cleanup EXIT
trap "exit 130" INT TERM HUP	# dash runs the EXIT trap only on exit

sector() {	# sector FILE: the device sector under byte 4096 of FILE (xfs_io fiemap, 512-byte units)
	xfs_io -c fiemap "$1" | awk '$2 ~ /^\[/ && $3 != "hole" {
		x = $2; gsub(/[^0-9.]/, "", x); split(x, a, "[.][.]"); split($3, b, "[.][.]");
		if (8 >= a[1] + 0 && 8 <= a[2] + 0) { print b[1] + 8 - a[1]; exit } }'
}
fsmap_inode() {	# fsmap_inode SECTOR: the inode xfs_io's fsmap says owns it
	xfs_io -c "fsmap -d $1 $(($1 + 1))" "$MNT" | awk '$4 == "inode" { print $5; exit }'
}
probe() {	# probe DIR METHOD SECTOR...: "sector kind offset path" each; the summary in $W/probe.err
	# (a probe that loops is stopped: a hang would stall make check and CI)
	d=$1 m=$2; shift 2
	for s in "$@"; do echo "$((s * 512)) 512"; done | timeout -k 5 60 "$PROBE" "$d" "$DEV" "$m" 2> "$W/probe.err" |
		awk '{ s = $1 / 512; $1 = $2 = $4 = ""; print s, $0 }' | sed 's/  */ /g'
}
mkfs_mount() {	# mkfs_mount OPTIONS...: a new XFS, mounted; a device still held
	# for a moment after the last umount (a prober, a concurrent test) gets retries
	for try in 1 2 3 4 5; do
		"$NEW/mkfs.xfs" -q -f "$@" "$DEV" 2> "$W/mkfs.err" && mount "$DEV" "$MNT" && return 0
		sleep 1
	done
	cat "$W/mkfs.err" >&2
	return 1
}
summary() { awk -v f="$1" '{ for (i = 2; i < NF; i++) if ($i == f) print $(i + 1) }' "$W/probe.err"; }
expect_same() {	# DESCRIPTION "LINE|LINE..." OUTPUT: the same lines in any order
	expect_eq "$1" "$(echo "$2" | tr '|' '\n' | sort -n | tr '\n' '|')" "$(echo "$3" | sort -n | tr '\n' '|')"
}
fill() {	# the cases, and fillers so that the walk has a tree to read
	mkdir -p "$MNT/d/sub" "$MNT/e"
	i=0; while [ $i -lt 200 ]; do echo "filler $i" > "$MNT/d/sub/f$i"; i=$((i + 1)); done
	for f in "d/sub/a file" e/h2 d/old d/gone; do head -c 65536 /dev/urandom > "$MNT/$f"; done
	ln "$MNT/e/h2" "$MNT/d/sub/h1"		# two names: d/sub/h1 < e/h2
	sync
	sa=$(sector "$MNT/d/sub/a file"); sh=$(sector "$MNT/e/h2"); so=$(sector "$MNT/d/old")
	sg=$(sector "$MNT/d/gone")
	mv "$MNT/d/old" "$MNT/e/new"		# renamed after its blocks were placed
	exec 7< "$MNT/d/gone"; rm "$MNT/d/gone"	# deleted, still open
}

# -------- XFS with rmapbt and parent pointers
mkfs_mount -m rmapbt=1,reflink=0 -n parent=1 ||
	{ not_ok "mkfs.xfs -n parent=1 + mount"; t_done; exit; }
fill
out=$(probe "$MNT" auto $sa $sh $so $sg)
expect_same "parents: a name with a space, a hard link (smaller path), a renamed file, a deleted open file" \
	"$sa file 4096 d/sub/a file|$sh file 4096 d/sub/h1|$so file 4096 e/new|$sg file 4096 ?deleted" "$out"
expect_eq "parents: named by parent pointers, no directory read" "parents 0" "$(summary named-by) $(summary dirs)"
calls=$(summary parent-calls)
expect_eq "parents: 4 files and 4 directories, at most one call each ($calls)" yes \
	"$([ "$calls" -ge 4 ] && [ "$calls" -le 8 ] && echo yes)"
for f in "d/sub/a file" e/h2 e/new; do
	s=$(sector "$MNT/$f")
	expect_eq "xfs_io fsmap: $f's sector is owned by its inode" "$(stat -c %i "$MNT/$f")" "$(fsmap_inode $s)"
done
links=$("$NEW/xfs_io" -c "parent -p" "$MNT/e/h2" | sed "s|^$MNT/||" | sort | tr '\n' '|')
expect_eq "xfs_io parent -p: the hard-linked file has both names" "d/sub/h1|e/h2|" "$links"
named=$(echo "$out" | awk -v s=$sh '$1 == s { $1 = $2 = $3 = ""; sub(/^ */, ""); print }')
expect_eq "parents: the name given is the smaller of xfs_io's" "$(echo "$links" | cut -d'|' -f1)" "$named"
expect_eq "xfs_io parent -p: the renamed file's one name" "$MNT/e/new" "$("$NEW/xfs_io" -c "parent -p" "$MNT/e/new")"

# the FIEMAP walk: the same files and paths, but it cannot see the deleted file
out=$(probe "$MNT" fiemap $sa $so $sg)
expect_same "fiemap walk: the same paths; the deleted file's bytes are unknown to it" \
	"$sa file 4096 d/sub/a file|$so file 4096 e/new|$sg unknown 0 no file maps it: free space or metadata" "$out"
out=$(probe "$MNT" fiemap $sh | awk '{ print $4 }')
expect_eq "fiemap walk: the hard-linked file under one of its names" yes \
	"$(echo "$links" | tr '|' '\n' | grep -qx "$out" && echo yes)"

# a bind mount of e/: paths from there; a file whose only name is outside it says so
mount --bind "$MNT/e" "$BIND"
out=$(probe "$BIND" auto $sa $sh $so)
expect_same "bind mount of e/: its names only; d/sub/a file is outside" \
	"$sa file 4096 ?outside-mount|$sh file 4096 h2|$so file 4096 new" "$out"
expect_eq "bind mount: still by parent pointers alone" "parents 0" "$(summary named-by) $(summary dirs)"
umount "$BIND"
exec 7<&-

# 128 files made in 8 directories (which XFS spreads over its allocation
# groups), then all moved into one: 128 ranges are shared among threads by
# allocation group, and every thread needs that one directory, which they
# look up once between them
mkdir "$MNT/all"
i=0; while [ $i -lt 128 ]; do
	mkdir -p "$MNT/s$((i % 8))"; head -c 8192 /dev/urandom > "$MNT/s$((i % 8))/t$i"; i=$((i + 1))
done
sync
i=0; while [ $i -lt 128 ]; do mv "$MNT/s$((i % 8))/t$i" "$MNT/all/"; i=$((i + 1)); done
set -- $(for f in "$MNT"/all/t*; do sector "$f"; done)
ag=$(xfs_info "$MNT" | sed -n 's/.*agsize=\([0-9]*\).*/\1/p; s/.*bsize=\([0-9]*\) .*blocks=.*/ \1/p' | head -2 | tr -d '\n')
groups=$(for s in "$@"; do echo "$s" $ag; done | awk '{ print int($1 * 512 / ($2 * $3)) }' | sort -u | wc -l)
expect_eq "128 files in one directory, their data in more than one allocation group ($groups)" yes \
	"$([ "$groups" -ge 2 ] && echo yes)"
expect_eq "128 ranges in threads: the same owners and paths as the FIEMAP walk" \
	"$(probe "$MNT" fiemap "$@")" "$(probe "$MNT" auto "$@")"
expect_eq "128 ranges in threads: one call per file, and one for the directory they share" \
	"parents 129" "$(summary named-by) $(summary parent-calls)"
umount "$MNT"

# -------- XFS with rmapbt, no parent pointers: the same names from the readdir walk
mkfs_mount -m rmapbt=1,reflink=0 -n parent=0 ||
	{ not_ok "mkfs.xfs -n parent=0 + mount"; t_done; exit; }
fill
out=$(probe "$MNT" auto $sa $so $sg)
expect_same "no parent pointers: the walk names the same; the deleted file is not found" \
	"$sa file 4096 d/sub/a file|$so file 4096 e/new|$sg file 4096 data" "$out"
expect_eq "no parent pointers: named by the walk" walk "$(summary named-by)"
out=$(probe "$MNT" auto $sh | awk '{ print $4 }')
expect_eq "walk: the hard-linked file under one of its names" yes \
	"$(printf 'd/sub/h1\ne/h2\n' | grep -qx "$out" && echo yes)"
t_done
