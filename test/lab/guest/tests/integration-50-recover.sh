# pmemctl recover: recovery writes clear poison and keep every good byte.
# Checked with checksums against expected images, and against the kernel's
# badblocks. Starts after integration-40: namespace1.0 raw, namespace2.0 fsdax.
RAW_DEV=$(ls /sys/bus/nd/devices/$RAW_NS/block)
FSDAX_DEV=$(ndctl list -n $FSDAX_NS | jq -r '(if type == "array" then .[0] else . end) | .blockdev')
info "raw $RAW_NS=/dev/$RAW_DEV fsdax $FSDAX_NS=/dev/$FSDAX_DEV"
flush() { sync; echo 3 > /proc/sys/vm/drop_caches; }
sum() { flush; md5sum < "$1" | cut -d' ' -f1; }
# zero_sectors FILE S N: the expected image after recovering sectors S..S+N-1 with zeros
zero_sectors() { dd if=/dev/zero of="$1" bs=512 seek=$2 count=$3 conv=notrunc 2>/dev/null; }

step "raw: a known pattern, then poison: one sector, a range over a page boundary, adjacent ranges"
clear_injections $RAW_NS
dd if=/dev/urandom of=/tmp/raw.img bs=1M count=32 2>/dev/null
dd if=/tmp/raw.img of=/dev/$RAW_DEV bs=1M conv=fsync 2>/dev/null
expect_eq "filling the device rewrote every old poisoned sector" "" "$(cat /sys/block/$RAW_DEV/badblocks)"
expect_eq "the device holds the pattern" "$(sum /tmp/raw.img)" "$(sum /dev/$RAW_DEV)"
pmemctl inject -n $RAW_NS -B 9 --no-notify >/dev/null && pmemctl inject -n $RAW_NS -B 14 -c 4 --no-notify >/dev/null &&
	pmemctl inject -n $RAW_NS -B 40 -c 2 --no-notify >/dev/null && pmemctl inject -n $RAW_NS -B 42 -c 2 --no-notify >/dev/null ||
	not_ok "inject the test poison"
pmemctl scrub -b $RAW_BUS >/dev/null
clear_injections $RAW_NS	# firmware forgets them; the kernel keeps them until rewritten
info "$RAW_DEV badblocks: [$(bb /sys/block/$RAW_DEV/badblocks)]"
expect_eq "the kernel lists the test poison" "9 1;14 4;40 4;" "$(bb /sys/block/$RAW_DEV/badblocks)"
check "a poisoned sector reads EIO" sh -c "labtool dread /dev/$RAW_DEV $((9*512)) 512 | grep -q EIO"

step "raw: dry run changes nothing"
bb_before=$(cat /sys/block/$RAW_DEV/badblocks)
# a poisoned device cannot be read whole: compare what salvage can read of it
pmemctl_rc salvage /dev/$RAW_DEV /tmp/before.img > /dev/null 2>&1	# exit 1: poison lost
pmemctl_rc recover -n $RAW_NS --dry-run > /tmp/r.json; rc=$?
expect_eq "dry run: exit 0, three planned writes of exactly the bad sectors" \
	'0 [["planned",9,512],["planned",14,2048],["planned",40,2048]]' "$rc $(jq -c 'map([.status, .sector, .length])' /tmp/r.json)"
expect_eq "dry run: badblocks unchanged" "$bb_before" "$(cat /sys/block/$RAW_DEV/badblocks)"
pmemctl_rc salvage /dev/$RAW_DEV /tmp/after.img > /dev/null 2>&1
expect_eq "dry run: every readable byte unchanged (checksums of the salvaged device)" \
	"$(md5sum < /tmp/before.img | cut -d' ' -f1)" "$(md5sum < /tmp/after.img | cut -d' ' -f1)"
rm -f /tmp/before.img /tmp/after.img

step "raw: recover with zeros"
cp /tmp/raw.img /tmp/expect.img
zero_sectors /tmp/expect.img 9 1; zero_sectors /tmp/expect.img 14 4; zero_sectors /tmp/expect.img 40 4
pmemctl_rc recover -n $RAW_NS > /tmp/r.json; rc=$?
expect_eq "recover: exit 0, every write cleared" '0 ["cleared"]' "$rc $(jq -c 'map(.status) | unique' /tmp/r.json)"
expect_eq "recover: the minimum number of writes (adjacent ranges coalesced)" 3 "$(jq length /tmp/r.json)"
expect_eq "recover: bytes replaced = the poisoned bytes" 4608 "$(jq '[.[].replaced] | add' /tmp/r.json)"
expect_eq "recover: the kernel lists no poison on $RAW_DEV" "" "$(cat /sys/block/$RAW_DEV/badblocks)"
expect_eq "recover: every good byte unchanged, the bad sectors zero (checksum of the whole device)" \
	"$(sum /tmp/expect.img)" "$(sum /dev/$RAW_DEV)"
check "recover: the audit line reached syslog" grep -q "pmemctl.*recover: uid=0 user=root namespace=$RAW_NS .*writes=3/3 failed=0 replaced=4608 source=zeros result=done" /tmp/messages

step "raw: recover --from IMAGE brings the original data back bit for bit"
dd if=/dev/$RAW_DEV of=/tmp/backup.img bs=1M 2>/dev/null
pmemctl inject -n $RAW_NS -B 1000 --no-notify >/dev/null && pmemctl inject -n $RAW_NS -B 2047 -c 3 --no-notify >/dev/null || not_ok "inject"
pmemctl scrub -b $RAW_BUS >/dev/null
clear_injections $RAW_NS
pmemctl_rc recover -n $RAW_NS -B 1000 -c 1 > /tmp/r.json; rc=$?
expect_eq "-B/-c: only the named range is recovered" '0 [[1000,"cleared"]] 2047 3' \
	"$rc $(jq -c 'map([.sector, .status])' /tmp/r.json) $(cat /sys/block/$RAW_DEV/badblocks)"
zero_sectors /tmp/backup.img 1000 1
pmemctl_rc recover -n $RAW_NS --from /tmp/backup.img > /tmp/r.json; rc=$?
expect_eq "--from: exit 0, cleared, replacement image" '0 [["cleared","image",1536]]' "$rc $(jq -c 'map([.status, .replacement, .replaced])' /tmp/r.json)"
expect_eq "--from: the device equals the backup, bit for bit" "$(sum /tmp/backup.img)" "$(sum /dev/$RAW_DEV)"

step "a whole region"
pmemctl inject -n $RAW_NS -B 500 --no-notify >/dev/null && pmemctl inject -n $RAW_NS -B 700 -c 2 --no-notify >/dev/null || not_ok "inject"
pmemctl scrub -b $RAW_BUS >/dev/null; clear_injections $RAW_NS
pmemctl_rc recover -r $RAW_REGION > /tmp/r.json; rc=$?
expect_eq "-r: exit 0, the region's namespace recovered, every write cleared" "0 [\"$RAW_NS\"] [\"cleared\"]" \
	"$rc $(jq -c 'map(.namespace) | unique' /tmp/r.json) $(jq -c 'map(.status) | unique' /tmp/r.json)"
expect_eq "-r: no poison left on $RAW_DEV" "" "$(cat /sys/block/$RAW_DEV/badblocks)"
pmemctl_rc recover -r region99 2>/dev/null; expect_eq "-r with an unknown region: exit 3" 3 $?

step "fsdax with a mounted DAX XFS: recover a file by page-aligned pwrite"
modprobe xfs
clear_injections $FSDAX_NS
umount /mnt/x 2>/dev/null
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f -m reflink=0,rmapbt=1 /dev/$FSDAX_DEV || not_ok "mkfs.xfs"
mkdir -p /mnt/x && mount -o dax=always /dev/$FSDAX_DEV /mnt/x || not_ok "mount -o dax=always"
head -c 262144 /tmp/raw.img > /tmp/f.orig
cp /tmp/f.orig /mnt/x/f && sync
# the recovery must go through DAX (fs/dax.c's DAX_RECOVERY_WRITE), not the page cache
a=$(xfs_io -c "statx -r" /mnt/x/f | sed -n 's/^stat.attributes = //p')
check "the file is a DAX file (STATX_ATTR_DAX set: $a)" sh -c "[ \$(( $a & 0x200000 )) -ne 0 ]"
file_sector() {	# file_sector FILE OFFSET: device sector under byte OFFSET of FILE
	xfs_io -c fiemap "$1" | awk -v s=$(( $2 / 512 )) '$2 ~ /^\[/ && $3 != "hole" {
		x = $2; gsub(/[^0-9.]/, "", x); split(x, a, "[.][.]"); split($3, b, "[.][.]");
		if (s >= a[1] + 0 && s <= a[2] + 0) { print b[1] + s - a[1]; exit } }'
}
s1=$(file_sector /mnt/x/f $((8192 + 512)))		# one sector inside the file's 3rd page
s2=$(file_sector /mnt/x/f $((16384 - 512)))		# two sectors straddling pages 4 and 5
info "file sectors: offset 8704 -> $s1, offset 15872 -> $s2"
pmemctl inject -n $FSDAX_NS -B $s1 --force --no-notify >/dev/null 2>&1 &&
	pmemctl inject -n $FSDAX_NS -B $s2 -c 2 --force --no-notify >/dev/null 2>&1 || not_ok "inject under the file"
pmemctl scrub -b $FSDAX_BUS >/dev/null
clear_injections $FSDAX_NS
check "a read of the poisoned page of the file fails" sh -c "labtool read /mnt/x/f 8192 4096 | grep -q EIO"
cp /tmp/f.orig /tmp/f.expect; zero_sectors /tmp/f.expect 17 1; zero_sectors /tmp/f.expect 31 2
pmemctl_rc recover --file /mnt/x/f > /tmp/r.json; rc=$?
info "recover --file: $(jq -c 'map([.file_offset, .length, .replaced, .kept, .status])' /tmp/r.json)"
# pages 2, 3 and 4 of the file hold poison and touch: one page-aligned write
expect_eq "--file: exit 0, one page-aligned write over pages 2-4, cleared" \
	'0 [[8192,12288,"cleared"]]' "$rc $(jq -c 'map([.file_offset, .length, .status])' /tmp/r.json)"
expect_eq "--file: the good sectors of those pages were read and kept" "$((12288 - 1536))" "$(jq '[.[].kept] | add' /tmp/r.json)"
expect_eq "--file: the kernel no longer lists those sectors" "" "$(grep -E "^($s1|$s2) " /sys/block/$FSDAX_DEV/badblocks)"
expect_eq "--file: the file holds its data, zeros in the bad sectors (checksum)" "$(sum /tmp/f.expect)" "$(sum /mnt/x/f)"
check "--file: the filesystem is still mounted" grep -q " /mnt/x xfs " /proc/mounts
pmemctl inject -n $FSDAX_NS -B $s1 --force --quiet >/dev/null 2>&1; clear_injections $FSDAX_NS
pmemctl_rc recover --file /mnt/x/f --from /tmp/f.orig > /tmp/r.json; rc=$?
expect_eq "--file --from: exit 0, cleared" '0 ["cleared"]' "$rc $(jq -c 'map(.status) | unique' /tmp/r.json)"
cp /tmp/f.expect /tmp/f.expect2; dd if=/tmp/f.orig of=/tmp/f.expect2 bs=512 skip=17 seek=17 count=1 conv=notrunc 2>/dev/null
expect_eq "--file --from: the sector holds the backup's bytes again" "$(sum /tmp/f.expect2)" "$(sum /mnt/x/f)"

step "fsdax with a mounted DAX ext4: recover a file"
umount /mnt/x
modprobe ext4
mkfs.ext4 -q -F -b 4096 /dev/$FSDAX_DEV >/dev/null 2>&1 && mount -o dax /dev/$FSDAX_DEV /mnt/x || not_ok "mkfs.ext4 + mount -o dax"
cp /tmp/f.orig /mnt/x/g && sync
# filefrag -v -b512: "ext: lstart.. lend: pstart.. pend: length: ..." in 512-byte units
e1=$(filefrag -v -b512 /mnt/x/g | awk '/^ *[0-9]+:/ { gsub(/\.\./, " "); gsub(/:/, " ");
	if ($2 <= 41 && 41 <= $3) { print $4 + 41 - $2; exit } }')
info "ext4: file sector 41 is device sector $e1"
pmemctl inject -n $FSDAX_NS -B $e1 --force --no-notify >/dev/null 2>&1 || not_ok "inject under the ext4 file"
pmemctl scrub -b $FSDAX_BUS >/dev/null; clear_injections $FSDAX_NS
cp /tmp/f.orig /tmp/g.expect; zero_sectors /tmp/g.expect 41 1
pmemctl_rc recover --file /mnt/x/g > /tmp/r.json; rc=$?
expect_eq "ext4 --file: exit 0, one page write at file offset 20480, cleared" '0 [[20480,4096,"cleared"]]' \
	"$rc $(jq -c 'map([.file_offset, .length, .status])' /tmp/r.json)"
expect_eq "ext4 --file: the file holds its data, zeros in the bad sector" "$(sum /tmp/g.expect)" "$(sum /mnt/x/g)"
check "ext4 --file: still mounted" grep -q " /mnt/x ext4 " /proc/mounts

step "refusals"
pmemctl_rc recover -n $FSDAX_NS > /tmp/o 2> /tmp/e; rc=$?
expect_eq "the block device of a mounted filesystem: exit 5, one line pointing at --file" "5 1 1" \
	"$rc $(grep -c '' /tmp/e) $(grep -c -- '--file' /tmp/e)"
pmemctl_rc recover -n namespace9.9 2>/dev/null; expect_eq "unknown namespace: exit 3" 3 $?
pmemctl_rc recover -n $RAW_NS -B 8 2>/dev/null; expect_eq "-B without -c: exit 2" 2 $?
pmemctl_rc recover --file /etc/passwd 2>/dev/null; expect_eq "a file not on pmem: exit 3" 3 $?
umount /mnt/x
pmemctl_rc recover --file /tmp/f.orig 2>/dev/null; expect_eq "a file on tmpfs: exit 3" 3 $?
su nobody -s /bin/sh -c "pmemctl recover -n $RAW_NS" 2>/dev/null; expect_eq "not root: exit 4" 4 $?

step "fsdax unmounted: recover through the block device"
pmemctl inject -n $FSDAX_NS -B 64 --quiet >/dev/null; clear_injections $FSDAX_NS
pmemctl_rc recover -n $FSDAX_NS > /tmp/r.json; rc=$?
expect_eq "unmounted fsdax: exit 0, block-write cleared" '0 [["block-write","cleared"]]' \
	"$rc $(jq -c '[.[] | select(.status != "skipped") | [.method, .status]] | unique' /tmp/r.json)"
expect_eq "unmounted fsdax: poison outside the data area is reported as skipped, with what to do" \
	"$(pmemctl list-poison -n $FSDAX_NS | jq '[.[] | select(.area == "metadata")] | length')" \
	"$(jq '[.[] | select(.status == "skipped" and (.reason | test("clear-errors")))] | length' /tmp/r.json)"
expect_eq "unmounted fsdax: a skipped record is placed by region offset alone (no data offset), nothing kept" \
	"$(pmemctl list-poison -n $FSDAX_NS | jq -c '[.[] | select(.area == "metadata") | [null, .region_offset, 0]] | sort')" \
	"$(jq -c '[.[] | select(.status == "skipped") | [.offset, .region_offset, .kept]] | sort' /tmp/r.json)"
expect_eq "unmounted fsdax: no data poison left" 0 "$(pmemctl list-poison -n $FSDAX_NS | jq '[.[] | select(.area == "data")] | length')"
