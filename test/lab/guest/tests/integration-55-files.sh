# Poison to files: list-poison --files names the file and file offset (or
# free space, or the metadata structure) under each poisoned range, checked
# against xfs_io's fiemap/fsmap and filefrag; recover --files recovers every
# file hit. Starts after integration-50: namespace2.0 fsdax, unmounted.
FSDAX_DEV=$(ndctl list -n $FSDAX_NS | jq -r '(if type == "array" then .[0] else . end) | .blockdev')
flush() { sync; echo 3 > /proc/sys/vm/drop_caches; }
sum() { flush; md5sum < "$1" | cut -d' ' -f1; }
zero_sectors() { dd if=/dev/zero of="$1" bs=512 seek=$2 count=$3 conv=notrunc 2>/dev/null; }
file_sector() {	# file_sector FILE OFFSET: device sector under byte OFFSET of FILE (xfs_io fiemap)
	xfs_io -c fiemap "$1" | awk -v s=$(( $2 / 512 )) '$2 ~ /^\[/ && $3 != "hole" {
		x = $2; gsub(/[^0-9.]/, "", x); split(x, a, "[.][.]"); split($3, b, "[.][.]");
		if (s >= a[1] + 0 && s <= a[2] + 0) { print b[1] + s - a[1]; exit } }'
}
fsmap_owner() {	# fsmap_owner SECTOR: xfs_io's owner text for that sector ("free space", ...)
	# (xfs_io takes fsmap's range in 512-byte units)
	xfs_io -c "fsmap -d $1 $1" /mnt/x | sed -n 's/^[[:space:]]*[0-9]*: [0-9:]* \[[0-9.]*\]: \(.*\) [0-9]*$/\1/p' | head -1
}
poison() {	# poison SECTOR...: one sector each, seen by a scrub, forgotten by firmware
	for s in "$@"; do pmemctl inject -n $FSDAX_NS -B $s --force --no-notify --quiet >/dev/null 2>&1 || not_ok "inject $s"; done
	pmemctl scrub -b $FSDAX_BUS --quiet >/dev/null
	clear_injections $FSDAX_NS
}
owners() {	# owners SECTOR: [owner, path, file_offset] of each owner of the record at SECTOR
	jq -c --argjson s $1 '[.[] | select(.sector == $s) | .files[] | [.owner, .path, .file_offset]]' /tmp/f.json
}

step "XFS (rmapbt=1, dax): poison under two files, free space and the superblock"
modprobe xfs
clear_injections $FSDAX_NS
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f -m reflink=0,rmapbt=1 /dev/$FSDAX_DEV || not_ok "mkfs.xfs"
mkdir -p /mnt/x && mount -o dax=always /dev/$FSDAX_DEV /mnt/x || not_ok "mount -o dax=always"
mkdir -p /mnt/x/dir/sub
for i in $(seq 1 200); do echo "filler $i" > /mnt/x/dir/sub/f$i; done
head -c 262144 /dev/urandom > /tmp/a.orig; head -c 65536 /dev/urandom > /tmp/b.orig
cp /tmp/a.orig "/mnt/x/dir/a file"; cp /tmp/b.orig /mnt/x/b; sync
sa=$(file_sector "/mnt/x/dir/a file" 8704); sb=$(file_sector /mnt/x/b 0)
sfree=$(xfs_io -c "fsmap -d" /mnt/x | awk '/free space/ { x = $3; gsub(/[^0-9.]/, "", x); split(x, a, "[.][.]"); s = a[1] }
	END { print s + 64 }')
info "sectors: a@8704=$sa b@0=$sb free=$sfree ($(fsmap_owner $sfree)) superblock=0 ($(fsmap_owner 0))"
# 6.1's GETFSMAP reports nothing for a query that starts inside a free
# extent (xfs_io's own query shows it; 6.12 reports the free extent):
# pmemctl must then say unknown, not guess
fsfree=$(fsmap_owner $sfree)
case $fsfree in
"free space") want_free='[["free",null,null]]' want_method=getfsmap ;;
"") want_free='[["unknown",null,null]]' want_method=getfsmap+fiemap ;;
*) not_ok "xfs_io calls the chosen free sector '$fsfree'" ;;
esac
info "xfs_io's GETFSMAP for sector $sfree: '$fsfree' -> expecting $want_free by $want_method"
expect_eq "xfs_io: sector 0 is static metadata" "static fs metadata" "$(fsmap_owner 0)"
poison $sa $sb $sfree 0

step "list-poison --files (GETFSMAP)"
pmemctl_rc list-poison -n $FSDAX_NS --files > /tmp/f.json; rc=$?
info "$(jq -c '[.[] | select(.area == "data") | [.sector, .files_method, [.files[] | [.owner, .path, .file_offset, .what]]]]' /tmp/f.json)"
expect_eq "--files: exit 0, mount point and method on every data record" "0 [[\"/mnt/x\",\"$want_method\"]]" \
	"$rc $(jq -c '[.[] | select(.area == "data") | [.mount, .files_method]] | unique' /tmp/f.json)"
expect_eq "--files: the file with a space in its name, at the fiemap offset 8704" '[["file","/mnt/x/dir/a file",8704]]' "$(owners $sa)"
expect_eq "--files: the second file at offset 0" '[["file","/mnt/x/b",0]]' "$(owners $sb)"
expect_eq "--files: the free sector is what xfs_io's GETFSMAP says ($want_free)" "$want_free" "$(owners $sfree)"
expect_eq "--files: the superblock is labelled metadata, with the structure" '[["metadata","static metadata (superblock)"]]' \
	"$(jq -c '[.[] | select(.sector == 0) | .files[] | [.owner, .what]]' /tmp/f.json)"
expect_eq "--files: inode numbers are those of the files" "$(stat -c %i /mnt/x/b)" \
	"$(jq --argjson s $sb '.[] | select(.sector == $s) | .files[0].inode' /tmp/f.json)"
pmemctl list-poison -n $FSDAX_NS --files --human > /tmp/f.txt
check "--files --human: the table shows path@offset" grep -q "/mnt/x/dir/a file@8704" /tmp/f.txt
pmemctl list-poison -n $FSDAX_NS > /tmp/plain.json
expect_eq "without --files the records have no files fields" "null" "$(jq -c '[.[] | .files] | unique | .[0]' /tmp/plain.json)"

step "list-poison --files=fiemap: the walk finds the same files"
pmemctl_rc list-poison -n $FSDAX_NS --files=fiemap > /tmp/f.json; rc=$?
expect_eq "fiemap: exit 0, method fiemap" '0 ["fiemap"]' "$rc $(jq -c '[.[] | select(.area == "data") | .files_method] | unique' /tmp/f.json)"
expect_eq "fiemap: the same file owners" '[["file","/mnt/x/dir/a file",8704]] [["file","/mnt/x/b",0]]' "$(owners $sa) $(owners $sb)"
expect_eq "fiemap: free space and metadata are not told apart (unknown)" '[["unknown",null,null]] [["unknown",null,null]]' \
	"$(owners $sfree) $(owners 0)"

step "recover --files: every file hit is recovered, the rest reported"
cp /tmp/a.orig /tmp/a.expect; zero_sectors /tmp/a.expect 17 1
cp /tmp/b.orig /tmp/b.expect; zero_sectors /tmp/b.expect 0 1
pmemctl_rc recover -n $FSDAX_NS --files > /tmp/r.json; rc=$?
info "recover --files: $(jq -c 'map([.file, .status, .file_offset])' /tmp/r.json)"
expect_eq "recover --files: exit 0, both files cleared" '0 [["/mnt/x/b","cleared"],["/mnt/x/dir/a file","cleared"]]' \
	"$rc $(jq -c '[.[] | select(.status != "skipped") | [.file, .status]] | sort' /tmp/r.json)"
expect_eq "recover --files: free space and the superblock are skipped, with what to do" "2 2" \
	"$(jq '[.[] | select(.status == "skipped")] | length' /tmp/r.json) $(jq '[.[] | select(.status == "skipped" and (.reason | test("recover -n")))] | length' /tmp/r.json)"
expect_eq "recover --files: the files hold their data, zeros in the bad sectors" \
	"$(sum /tmp/a.expect) $(sum /tmp/b.expect)" "$(sum "/mnt/x/dir/a file") $(sum /mnt/x/b)"
# (XFS rewrites its superblock on its own, and a block write clears poison:
# whether sector 0 is still listed depends on when it last did)
expect_eq "recover --files: the files' poison is gone, the free-space poison is left" "$sfree" \
	"$(pmemctl list-poison -n $FSDAX_NS | jq -r '[.[] | select(.area == "data" and .sector != 0) | .sector] | map(tostring) | join(" ")')"
check "recover --files: still mounted" grep -q " /mnt/x xfs " /proc/mounts
pmemctl_rc recover -n $FSDAX_NS --files --from /tmp/a.orig 2>/dev/null; expect_eq "--files with --from: exit 2" 2 $?
umount /mnt/x
pmemctl_rc recover -n $FSDAX_NS --files 2>/dev/null; expect_eq "--files on an unmounted namespace: exit 2" 2 $?
pmemctl_rc recover -n $FSDAX_NS > /tmp/r.json; rc=$?
expect_eq "unmounted: the rest cleared through the block device" '0 0' \
	"$rc $(pmemctl list-poison -n $FSDAX_NS | jq '[.[] | select(.area == "data")] | length')"

step "ext4 (dax): GETFSMAP cannot name file owners; the FIEMAP walk does"
modprobe ext4
mkfs.ext4 -q -F -b 4096 /dev/$FSDAX_DEV >/dev/null 2>&1 && mount -o dax /dev/$FSDAX_DEV /mnt/x || not_ok "mkfs.ext4 + mount -o dax"
mkdir -p /mnt/x/d && cp /tmp/a.orig /mnt/x/d/g && sync
e=$(filefrag -v -b512 /mnt/x/d/g | awk '/^ *[0-9]+:/ { gsub(/\.\./, " "); gsub(/:/, " ");
	if ($2 <= 41 && 41 <= $3) { print $4 + 41 - $2; exit } }')
info "ext4: file sector 41 is device sector $e"
poison $e
pmemctl_rc list-poison -n $FSDAX_NS --files > /tmp/f.json; rc=$?
expect_eq "ext4 --files: exit 0, method getfsmap+fiemap, the file at offset 20992" \
	'0 getfsmap+fiemap [["file","/mnt/x/d/g",20992]]' \
	"$rc $(jq -r --argjson s $e '.[] | select(.sector == $s) | .files_method' /tmp/f.json) $(owners $e)"
pmemctl_rc recover -n $FSDAX_NS --files > /tmp/r.json; rc=$?
cp /tmp/a.orig /tmp/g.expect; zero_sectors /tmp/g.expect 41 1
expect_eq "ext4 recover --files: exit 0, cleared, data intact" "0 [\"cleared\"] $(sum /tmp/g.expect)" \
	"$rc $(jq -c '[.[] | select(.status != "skipped") | .status] | unique' /tmp/r.json) $(sum /mnt/x/d/g)"
umount /mnt/x
