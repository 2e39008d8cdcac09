#!/bin/sh
# lib/owners on real filesystems, without pmem: XFS (with and without
# rmapbt) and ext4 on a loop device, files written at known places, byte
# ranges mapped to owners by owners-probe and checked against xfs_io's
# fiemap/fsmap and filefrag; and the mount --files picks (lib/mount,
# libmount) when a subdirectory is bind-mounted. Every owners-probe call's
# exit status is checked. Needs root, a loop device, mkfs.xfs, mkfs.ext4.
. "${PMEMCTL_SRCDIR:-$(dirname "$0")/../..}/test/lib.sh"
PROBE=${OWNERS_PROBE:-./test/fs/owners-probe}

[ "$(id -u)" = 0 ] || cannot_run "needs root (loop devices, mount)"
for t in losetup mkfs.xfs mkfs.ext4 xfs_io filefrag; do
	command -v $t >/dev/null || cannot_run "$t not installed"
done
[ -x "$PROBE" ] || cannot_run "no owners-probe at $PROBE"
W=$(mktemp -d /tmp/pmemctl-owners.XXXXXX)
truncate -s 512M "$W/img"
DEV=$(losetup -f --show "$W/img" 2>/dev/null) || { rm -rf "$W"; cannot_run "no loop device"; }
MNT=$W/mnt; mkdir "$MNT"
cleanup() { umount "$W/bind" 2>/dev/null; umount "$MNT" 2>/dev/null; losetup -d "$DEV"; rm -rf "$W"; }
trap cleanup EXIT

# xfs_sector FILE OFFSET: the device sector under byte OFFSET of FILE (xfs_io fiemap, 512-byte units)
xfs_sector() {
	xfs_io -c fiemap "$1" | awk -v s=$(( $2 / 512 )) '$2 ~ /^\[/ && $3 != "hole" {
		x = $2; gsub(/[^0-9.]/, "", x); split(x, a, "[.][.]"); split($3, b, "[.][.]");
		if (s >= a[1] + 0 && s <= a[2] + 0) { print b[1] + s - a[1]; exit } }'
}
ext4_sector() {	# ext4_sector FILE SECTOR: the device sector under the file's 512-byte sector (filefrag)
	filefrag -v -b512 "$1" | awk -v s=$2 '/^ *[0-9]+:/ { gsub(/\.\./, " "); gsub(/:/, " ");
		if ($2 <= s && s <= $3) { print $4 + s - $2; exit } }'
}
free_sector() {	# a sector inside the largest free extent, per xfs_io's fsmap
	xfs_io -c "fsmap -d" "$MNT" | awk '/free space/ { x = $3; gsub(/[^0-9.]/, "", x); split(x, a, "[.][.]");
		if (a[2] - a[1] > best) { best = a[2] - a[1]; s = a[1] } } END { print s + 64 }'
}
# run_probe MOUNT METHOD < RANGES: owners-probe's lines; a failed exit is a line that no expectation has
run_probe() {
	timeout -k 5 60 "$PROBE" "$1" "$DEV" "$2" > "$W/probe.out" 2> "$W/probe.err"
	rc=$?
	cat "$W/probe.out"
	[ $rc = 0 ] || echo "owners-probe exited $rc: $(cat "$W/probe.err")"
}
probe() {	# probe METHOD SECTOR...: owners of one sector each, "sector kind offset path|what"
	m=$1; shift
	for s in "$@"; do echo "$((s * 512)) 512"; done | run_probe "${PROBE_MNT:-$MNT}" "$m" |
		awk '/^owners-probe exited/ { print; next } { s = $1 / 512; $1 = $2 = $4 = ""; print s, $0 }' |
		sed 's/  */ /g'
}
# expect_same DESCRIPTION "LINE|LINE..." OUTPUT: the same lines in any order
expect_same() {
	expect_eq "$1" "$(echo "$2" | tr '|' '\n' | sort -n | tr '\n' '|')" "$(echo "$3" | sort -n | tr '\n' '|')"
}
fill() {	# two files at known offsets, one with a space in its name, and fillers
	mkdir -p "$MNT/d/sub"
	i=0; while [ $i -lt 300 ]; do echo "filler $i" > "$MNT/d/sub/f$i"; i=$((i + 1)); done
	head -c 1048576 /dev/urandom > "$MNT/d/a file"
	head -c 65536 /dev/urandom > "$MNT/b"
	sync
}

# -------- XFS with rmapbt: GETFSMAP names every owner
mkfs.xfs -q -f -m rmapbt=1,reflink=0 "$DEV" && mount "$DEV" "$MNT" || { not_ok "mkfs.xfs rmapbt=1 + mount"; t_done; exit; }
fill
sa=$(xfs_sector "$MNT/d/a file" 8704); sb=$(xfs_sector "$MNT/b" 0); sf=$(free_sector)
out=$(probe auto $sa $sb $sf 0)
expect_same "xfs rmapbt: file, file, free space, superblock" \
	"$sa file 8704 d/a file|$sb file 0 b|$sf free 0 -|0 metadata 0 static metadata (superblock)" "$out"
expect_eq "xfs rmapbt: GETFSMAP alone, no FIEMAP walk" "getfsmap 0" "$(awk '{print $3, $5}' "$W/probe.err")"
ino=$(run_probe "$MNT" getfsmap <<EOF | awk '{print $4}'
$((sb * 512)) 512
EOF
)
expect_eq "xfs rmapbt: the owner's inode is the file's" "$(stat -c %i "$MNT/b")" "$ino"
out=$(probe fiemap $sa $sb $sf 0)
expect_same "xfs, FIEMAP walk: the same files; free space and metadata unknown" \
	"0 unknown 0 no file maps it: free space or metadata|$sa file 8704 d/a file|$sb file 0 b|$sf unknown 0 no file maps it: free space or metadata" "$out"
walked=$(awk '{print $5}' "$W/probe.err")
check_walk=$([ "$walked" -ge 2 ] && [ "$walked" -le 306 ] && echo yes)
expect_eq "xfs, FIEMAP walk: looked at files ($walked), at most all of them" yes "$check_walk"
# a range across the end of one file and into free space gets two owners
tail_s=$(xfs_sector "$MNT/b" 65024)
out=$(echo "$((tail_s * 512)) 4096" | run_probe "$MNT" auto | awk '{print $2, $3, $5}')
expect_eq "xfs: a range over the end of a file: the file's last sector, then the next owner" \
	"512 file 65024" "$(echo "$out" | head -1)"
expect_eq "xfs: ... and the rest of the range has an owner too (3584 bytes)" 3584 \
	"$(echo "$out" | awk 'NR > 1 { n += $1 } END { print n + 0 }')"

# -------- bind mounts: --files finds the mount in mountinfo (lib/mount) and names paths under it
# Only a bind mount of d/ left: "d/a file" is "a file" under it; b, outside d/, has no path there.
BIND=$W/bind; mkdir "$BIND"
mount --bind "$MNT/d" "$BIND" && umount "$MNT" || not_ok "mount --bind d, then umount the whole"
out=$(PROBE_MNT=- probe auto $sa $sb)
expect_same "bind mount of d/ alone: the file under d/ named under the bind mount, b unnamed (what: data)" \
	"$sa file 8704 $BIND/a file|$sb file 0 data" "$out"
expect_eq "bind mount of d/ alone: lib/mount reports its target and root" "# mount $BIND root /d" \
	"$(grep '^# mount' "$W/probe.err")"
# The whole filesystem mounted again after the bind mount: its mount wins, every file has a path.
mount "$DEV" "$MNT" || not_ok "mount the whole filesystem again"
out=$(PROBE_MNT=- probe auto $sa $sb)
expect_same "bind mount listed first, whole mount second: paths under the whole mount" \
	"$sa file 8704 $MNT/d/a file|$sb file 0 $MNT/b" "$out"
umount "$BIND"
umount "$MNT"

# -------- XFS without rmapbt: GETFSMAP knows free space only, the walk finds files
mkfs.xfs -q -f -m rmapbt=0,reflink=0 "$DEV" && mount "$DEV" "$MNT" || { not_ok "mkfs.xfs rmapbt=0 + mount"; t_done; exit; }
fill
sa=$(xfs_sector "$MNT/d/a file" 4096); sf=$(free_sector)
out=$(probe auto $sa $sf)
expect_same "xfs no rmapbt: file found by the walk, free space by GETFSMAP" "$sa file 4096 d/a file|$sf free 0 -" "$out"
expect_eq "xfs no rmapbt: method getfsmap+fiemap" "getfsmap+fiemap" "$(awk '{print $3}' "$W/probe.err")"
umount "$MNT"

# -------- ext4: GETFSMAP reports metadata and free space, file data as unknown owner
mkfs.ext4 -q -F -b 4096 "$DEV" && mount "$DEV" "$MNT" || { not_ok "mkfs.ext4 + mount"; t_done; exit; }
fill
sa=$(ext4_sector "$MNT/d/a file" 41); sb=$(ext4_sector "$MNT/b" 0)
out=$(probe auto $sa $sb)
expect_same "ext4: both files found by the walk, at their offsets" "$sa file 20992 d/a file|$sb file 0 b" "$out"
expect_eq "ext4: method getfsmap+fiemap" "getfsmap+fiemap" "$(awk '{print $3}' "$W/probe.err")"
out=$(probe getfsmap $sa)
expect_eq "ext4, GETFSMAP alone: file data has no recorded owner" "$sa unknown 0 in use, owner not recorded" "$out"
last=$(( $(blockdev --getsz "$DEV") - 8 ))
expect_eq "ext4: the last sector of the device is free" "$last free 0 -" "$(probe auto $last)"
umount "$MNT"

# -------- ext4 with 1 KiB blocks, full: GETFSMAP leaves in-use blocks out of
# its map (those after a flex group's inode tables): unknown, never missing
mkfs.ext4 -q -F -b 1024 "$DEV" && mount "$DEV" "$MNT" || { not_ok "mkfs.ext4 -b 1024 + mount"; t_done; exit; }
dd if=/dev/zero of="$MNT/full" bs=1M 2>/dev/null; sync
size=$(blockdev --getsize64 "$DEV")
mib_ranges() { i=0; while [ $i -lt "$size" ]; do echo "$i 1048576"; i=$((i + 1048576)); done; }
expect_eq "ext4 1 KiB blocks, full, GETFSMAP alone: every byte of the device has an owner" "$size" \
	"$(mib_ranges | run_probe "$MNT" getfsmap | awk '{ n += $2 } END { print n + 0 }')"
expect_eq "... and with the walk: every byte has an owner, each of the file's bytes is named full" \
	"$size $(stat -c %s "$MNT/full")" \
	"$(mib_ranges | run_probe "$MNT" auto | awk '{ n += $2; f += ($3 == "file" && $6 == "full") * $2 } END { print n + 0, f + 0 }')"
t_done
