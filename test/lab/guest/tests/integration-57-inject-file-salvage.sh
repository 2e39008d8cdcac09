# inject --file poisons exactly the sectors under a file's bytes; salvage
# copies every good byte of a poisoned file or block device and reports
# the lost ranges exactly. Starts after integration-55: namespace2.0 fsdax,
# unmounted, no data poison.
FSDAX_DEV=$(ndctl list -n $FSDAX_NS | jq -r '(if type == "array" then .[0] else . end) | .blockdev')
flush() { sync; echo 3 > /proc/sys/vm/drop_caches; }
sum() { flush; md5sum < "$1" | cut -d' ' -f1; }
zero_bytes() { dd if=/dev/zero of="$1" bs=512 seek=$(( $2 / 512 )) count=$(( $3 / 512 )) conv=notrunc 2>/dev/null; }
file_sector() {	# file_sector FILE OFFSET: device sector under byte OFFSET of FILE (xfs_io fiemap)
	xfs_io -c fiemap "$1" | awk -v s=$(( $2 / 512 )) '$2 ~ /^\[/ && $3 != "hole" {
		x = $2; gsub(/[^0-9.]/, "", x); split(x, a, "[.][.]"); split($3, b, "[.][.]");
		if (s >= a[1] + 0 && s <= a[2] + 0) { print b[1] + s - a[1]; exit } }'
}
injected() { pmemctl inject --status -n $FSDAX_NS | jq -c '[.[] | [.sector, .sectors]]'; }

step "inject --file: poison under a file's bytes, through its extents"
modprobe xfs
clear_injections $FSDAX_NS
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f -m reflink=0,rmapbt=1 /dev/$FSDAX_DEV || not_ok "mkfs.xfs"
mkdir -p /mnt/x && mount -o dax=always /dev/$FSDAX_DEV /mnt/x || not_ok "mount -o dax=always"
head -c 262144 /dev/urandom > /tmp/f.orig
cp /tmp/f.orig /mnt/x/f && sync
s=$(file_sector /mnt/x/f 8704)
info "file offset 8704 is device sector $s"
pmemctl_rc inject --file /mnt/x/f --offset 8704 --length 1024 --quiet > /tmp/i.json; rc=$?
expect_eq "inject --file: exit 0, two sectors at the file's place, done" "0 [[$s,2,true]]" \
	"$rc $(jq -c 'map([.sector, .sectors, .done])' /tmp/i.json)"
expect_eq "inject --file: firmware holds exactly those sectors" "[[$s,2]]" "$(injected)"
expect_eq "inject --file: the kernel lists them (it waited for the scrub)" "$s 2" \
	"$(pmemctl list-poison -n $FSDAX_NS | jq -r '.[] | select(.area == "data") | "\(.sector) \(.sectors)"')"
expect_eq "inject --file: list-poison --files names the file at offset 8704" '[["/mnt/x/f",8704,1024]]' \
	"$(pmemctl list-poison -n $FSDAX_NS --files | jq -c '[.[] | select(.area == "data") | .files[] | [.path, .file_offset, .length]]')"
check "inject --file: the audit line names the file" grep -q "inject: .*inject namespace=$FSDAX_NS block=$s count=2 .* file=/mnt/x/f result=ok" /tmp/messages

step "inject --file refusals: holes, preallocation, past the end, unaligned; nothing injected"
truncate -s 1M /mnt/x/sparse && echo data | dd of=/mnt/x/sparse bs=4096 seek=128 conv=notrunc 2>/dev/null
xfs_io -f -c "falloc 0 65536" /mnt/x/prealloc
sync
before=$(injected)
for args in "--file /mnt/x/sparse --offset 0|2|hole" "--file /mnt/x/prealloc|2|preallocated" \
	"--file /mnt/x/f --offset 262144|2|hole or past the end" "--file /mnt/x/f --offset 100|2|multiples of 512" \
	"--file /etc/passwd|3|not on a block device"; do
	a=${args%%|*}; rest=${args#*|}; want=${rest%%|*}; text=${rest#*|}
	pmemctl_rc inject $a --quiet > /dev/null 2> /tmp/e; rc=$?
	expect_eq "refused: $a (exit $want, one line: $text)" "$want 1 1" "$rc $(grep -c '' /tmp/e) $(grep -c "$text" /tmp/e)"
done
expect_eq "the refusals injected nothing" "$before" "$(injected)"
clear_injections $FSDAX_NS

step "salvage a poisoned DAX file: every good byte back, the lost ranges exact"
check "a read of the poisoned page fails" sh -c "labtool read /mnt/x/f 8192 4096 | grep -q EIO"
cp /tmp/f.orig /tmp/f.expect; zero_bytes /tmp/f.expect 8704 1024
pmemctl_rc salvage /mnt/x/f /tmp/f.salv > /tmp/s.json; rc=$?
info "salvage: $(jq -c '{copied, from_device, lost, lost_ranges}' /tmp/s.json)"
expect_eq "salvage: exit 1 (something lost), lost = the two sectors" '1 [[8704,1024]]' \
	"$rc $(jq -c '[.lost_ranges[] | [.offset, .length]]' /tmp/s.json)"
expect_eq "salvage: the good sectors of the bad page came from the block device" 3072 "$(jq .from_device /tmp/s.json)"
expect_eq "salvage: every other byte equals the original, the lost ones zero" "$(sum /tmp/f.expect)" "$(sum /tmp/f.salv)"
pmemctl_rc salvage /mnt/x/f /tmp/f.sparse --sparse > /tmp/s.json; rc=$?
expect_eq "salvage --sparse: exit 1, same bytes, full size" "1 $(sum /tmp/f.expect) 262144" \
	"$rc $(sum /tmp/f.sparse) $(stat -c %s /tmp/f.sparse)"
pmemctl_rc salvage /mnt/x/f /tmp/f.salv 2>/dev/null; expect_eq "salvage onto an existing file: exit 2" 2 $?
umount /mnt/x

step "salvage the block device: sector granularity"
pmemctl_rc salvage /dev/$FSDAX_DEV /tmp/dev.salv > /tmp/s.json; rc=$?
expect_eq "device salvage: exit 1, lost = the kernel's badblocks" "1 $s 2" \
	"$rc $(jq -r '.lost_ranges[] | "\(.sector) \(.length / 512)"' /tmp/s.json)"
size=$(( $(cat /sys/block/$FSDAX_DEV/size) * 512 ))
expect_eq "device salvage: the whole device was read (size, copied + lost)" "$size $size" \
	"$(jq -r '"\(.size) \(.copied + .lost)"' /tmp/s.json)"
first=$(( s - 17 ))	# the file's first sector: offset 8704 is its sector 17
dd if=/tmp/dev.salv of=/tmp/f.from-dev bs=512 skip=$first count=512 2>/dev/null
expect_eq "device salvage: the file's blocks in the image equal the file, zeros where lost" \
	"$(sum /tmp/f.expect)" "$(sum /tmp/f.from-dev)"
rm -f /tmp/dev.salv /tmp/f.from-dev
pmemctl_rc recover -n $FSDAX_NS > /dev/null; expect_eq "clean up: recover exit 0" 0 $?
