#!/bin/sh
# salvage's destination on real devices, without pmem: a loop device is
# the salvaged block device, with ext4 on it, and a second loop device over
# a file on that ext4 with its own ext4. A destination on the source, on
# what is built on it, or a mounted block device (even with --force) is
# refused with exit 5, one line, nothing written (checksums); a failed copy
# leaves no file behind. Needs root, loop devices, mkfs.ext4.
. "${PMEMCTL_SRCDIR:-$(dirname "$0")/../..}/test/lib.sh"

[ "$(id -u)" = 0 ] || cannot_run "needs root (loop devices, mount)"
command -v mkfs.ext4 >/dev/null || cannot_run "mkfs.ext4 not installed"
W=$(mktemp -d /tmp/pmemctl-salvage.XXXXXX)
truncate -s 64M "$W/img"
DEV=$(losetup -f --show "$W/img" 2>/dev/null) || { rm -rf "$W"; cannot_run "no loop device"; }
DEV2= DEV3=
# unmount DIR: a loop device over a file in DIR's file system can still be
# open for a moment after its detach (udev probing it), and then DIR is busy
unmount() {
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		mountpoint -q "$1" || return 0
		umount "$1" 2>/dev/null && return 0
		udevadm settle 2>/dev/null; sleep 0.2
	done
	echo "# $1 stays mounted" >&2
	return 1
}
cleanup() {
	[ -n "$DEV3" ] && losetup -d "$DEV3"
	unmount "$W/m2"; unmount "$W/small"; [ -n "$DEV2" ] && losetup -d "$DEV2"
	# never rm -rf into a file system still mounted: it would stay mounted, emptied
	unmount "$W/m" && losetup -d "$DEV" && rm -rf "$W"
}
trap cleanup EXIT
mkext4() { mkfs.ext4 -q -E lazy_itable_init=0,lazy_journal_init=0 "$1"; }
mkext4 "$DEV"
mkdir "$W/m" "$W/m2" "$W/small"
mount -o noatime "$DEV" "$W/m"
head -c 300000 /dev/urandom > "$W/src"
truncate -s 16M "$W/m/inner.img"
DEV2=$(losetup -f --show "$W/m/inner.img")
mkext4 "$DEV2"
mount -o noatime "$DEV2" "$W/m2"
sync
sums() { md5sum "$DEV" "$DEV2" | cut -d' ' -f1 | tr '\n' ' '; }
before=$(sums)

# refused SUMMARY WANT-IN-MESSAGE ARGS...: exit 5, one line saying WANT, no DEST left
refused() {
	what=$1 want=$2; shift 2
	"$PMEMCTL" salvage "$@" > "$W/out" 2> "$W/err"
	rc=$?
	grep -qF -- "$want" "$W/err" && said=yes || said="no: $(cat "$W/err")"
	expect_eq "$what: exit 5, one line naming it" "5 1 yes" "$rc $(wc -l < "$W/err") $said"
}
refused "a file on the salvaged device" "m/dev.img: on $DEV, the device being salvaged" "$DEV" "$W/m/dev.img"
expect_eq "... and no file made" "" "$(ls -A "$W/m" | grep -v -e inner.img -e lost+found)"
refused "a file on a loop device over a file on it" \
	"on ${DEV2#/dev/}, built on the device being salvaged ($DEV holds $W/m/inner.img, which backs ${DEV2#/dev/})" \
	"$DEV" "$W/m2/x.img"
refused "the mounted source device itself, with --force" "$DEV is mounted on $W/m" "$W/src" "$DEV" --force
refused "a mounted block device, with --force" "$DEV2 is mounted on $W/m2" "$W/src" "$DEV2" --force
sync
expect_eq "the refusals left both devices as they were (checksums)" "$before" "$(sums)"
umount "$W/m2"
sync
before=$(sums)
refused "a block device built on the source, unmounted, with --force" "is ${DEV2#/dev/}, built on" \
	"$DEV" "$DEV2" --force
sync
expect_eq "... and left both devices as they were (checksums)" "$before" "$(sums)"
# held, not mounted: a loop device over the block device node
DEV3=$(losetup -f --show "$DEV2")
refused "a block device held by a loop device, without --force" \
	"$DEV2 backs ${DEV3#/dev/}; refusing to overwrite it (--force to do it anyway)" "$W/src" "$DEV2"
sync
expect_eq "... and left it as it was (checksums)" "$before" "$(sums)"
losetup -d "$DEV3"; DEV3=

mount -t tmpfs -o size=100k tmpfs "$W/small"
"$PMEMCTL" salvage "$W/src" "$W/small/out" > /dev/null 2> "$W/err"
rc=$?
expect_eq "a copy that cannot be written: exit 1, no partial file, said" "1 0 1" \
	"$rc $(ls -A "$W/small" | wc -l) $(grep -c 'partial copy was removed' "$W/err")"
"$PMEMCTL" salvage "$W/src" "$W/copy" > /dev/null
expect_eq "a copy elsewhere: exit 0, the same bytes, no temporary left" "0 same 1" \
	"$? $(cmp -s "$W/src" "$W/copy" && echo same) $(ls -A "$W" | grep -c copy)"
t_done
