# Topologies admins build (issue 18), each made here and undone at the end:
# a partition table on a pmem device, a loop device over a pmem device and
# over a file on its filesystem, a device-mapper (dm-linear) device over
# it, a DAX mount as salvage's destination, a --from image too small for
# the recovery, and a poisoned raw namespace made fsdax under the monitor.
# Every refusal is exit 5 (2 for bad input), one line that names the chain,
# and leaves the devices as they were (checksums). Starts from any mode: it
# makes the namespaces raw and fsdax itself and leaves both raw.
ns_dev() { ndctl list -n $1 | jq -r '(if type == "array" then .[0] else . end) | .blockdev // empty'; }
flush() { sync; echo 3 > /proc/sys/vm/drop_caches; }
dsum() { flush; md5sum < /dev/$1 | cut -d' ' -f1; }	# a device without poison
# bsum DEV: every readable byte of a device with poison (salvaged, zeros where lost)
bsum() { pmemctl_rc salvage /dev/$1 /tmp/b.img > /dev/null 2>&1; md5sum < /tmp/b.img | cut -d' ' -f1; rm -f /tmp/b.img; }
le32() { _v=$1; for _i in 0 1 2 3; do printf "\\$(printf '%03o' $((_v & 255)))"; _v=$((_v >> 8)); done; }
mbr() {	# mbr DEV START SECTORS: an MS-DOS table with one Linux partition
	{ dd if=/dev/zero bs=446 count=1 2>/dev/null; printf '\000\000\000\000\203\000\000\000'
	  le32 $2; le32 $3; dd if=/dev/zero bs=48 count=1 2>/dev/null; printf '\125\252'; } > /tmp/mbr
	dd if=/tmp/mbr of=$1 bs=512 count=1 conv=notrunc 2>/dev/null
	blockdev --rereadpt $1
}
mkext4() { mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$@" > /dev/null; }

modprobe loop; modprobe ext4
# the two nfit_test.0 regions share DIMMs: no automatic labels (lab README)
mode() { ndctl create-namespace -f -e $1 -m $2 --no-autolabel > /dev/null || not_ok "make $1 $2"; }
[ "$(cat /sys/bus/nd/devices/$RAW_NS/mode)" = raw ] || mode $RAW_NS raw
P=$(ns_dev $RAW_NS)
clear_injections $RAW_NS
mkdir -p /mnt/p /mnt/l /mnt/dax /mnt/in /mnt/small

step "in use through a partition: inject and recover refuse, --force or not"
mbr /dev/$P 2048 32768
check "the kernel read the table: /dev/${P}p1" test -b /dev/${P}p1
mkext4 /dev/${P}p1 && mount -o noatime /dev/${P}p1 /mnt/p || not_ok "ext4 on ${P}p1"
s0=$(dsum $P)
refused 5 "inject --dry-run, ext4 mounted on a partition" "/dev/$P has partition ${P}p1, mounted on /mnt/p" \
	inject -n $RAW_NS -B 8192 -c 1 --dry-run
refused 5 "recover --force --dry-run, the same" "/dev/$P has partition ${P}p1, mounted on /mnt/p" \
	recover -n $RAW_NS --force --dry-run
refused 5 "recover --force, the same" "/dev/$P has partition ${P}p1, mounted on /mnt/p" \
	recover -n $RAW_NS --force
expect_eq "the refusals left /dev/$P as it was (checksum)" "$s0" "$(dsum $P)"
umount /mnt/p
dd if=/dev/zero of=/dev/$P bs=512 count=1 conv=notrunc 2>/dev/null; blockdev --rereadpt /dev/$P

step "in use through a loop device over the namespace"
L=$(losetup -f) && losetup $L /dev/$P || not_ok "losetup over /dev/$P"
mkext4 $L && mount -o noatime $L /mnt/l || not_ok "ext4 on $L"
s0=$(dsum $P)
refused 5 "inject --dry-run, ext4 mounted on a loop device over it" "/dev/$P backs ${L#/dev/}, mounted on /mnt/l" \
	inject -n $RAW_NS -B 8192 -c 1 --dry-run
refused 5 "recover --dry-run, the same" "/dev/$P backs ${L#/dev/}, mounted on /mnt/l" recover -n $RAW_NS --dry-run
expect_eq "the refusals left /dev/$P as it was (checksum)" "$s0" "$(dsum $P)"
umount /mnt/l
s0=$(dsum $P)
refused 5 "recover --dry-run, the loop device alone (nothing mounted)" "/dev/$P backs ${L#/dev/};" \
	recover -n $RAW_NS --dry-run
expect_eq "the refusals left /dev/$P as it was (checksum)" "$s0" "$(dsum $P)"
losetup -d $L

step "in use through device-mapper: a dm-linear device over the namespace"
# lib/stack.c finds it through /sys/class/block/$P/holders; no udev in the
# guest: libdevmapper makes the /dev/mapper node itself
export DM_DISABLE_UDEV=1
modprobe dm_mod
if ! command -v dmsetup > /dev/null; then
	not_ok "dmsetup is in the guest (test/lab/run.sh GUEST_BINS)"
elif ! echo "0 32768 linear /dev/$P 0" | dmsetup create pmlin --noudevsync; then
	not_ok "dmsetup create pmlin over /dev/$P"
else
	for d in /sys/block/dm-*; do [ "$(cat $d/dm/name)" = pmlin ] && DM=${d##*/}; done
	check "the kernel lists $DM as a holder of $P" test -e /sys/class/block/$P/holders/$DM
	mkext4 /dev/mapper/pmlin && mount -o noatime /dev/mapper/pmlin /mnt/l || not_ok "ext4 on /dev/mapper/pmlin"
	s0=$(dsum $P)
	refused 5 "inject --dry-run, ext4 mounted on a dm device over it" "/dev/$P is held by $DM, mounted on /mnt/l" \
		inject -n $RAW_NS -B 8192 -c 1 --dry-run
	info "the refusal: $(cat /tmp/r.err)"
	expect_eq "... and the refusal says --force is needed" 1 "$(grep -c -- '--force' /tmp/r.err)"
	refused 5 "recover --force --dry-run, the same (under a filesystem even --force is refused)" \
		"/dev/$P is held by $DM, mounted on /mnt/l" recover -n $RAW_NS --force --dry-run
	refused 5 "recover --force, the same" "/dev/$P is held by $DM, mounted on /mnt/l" recover -n $RAW_NS --force
	expect_eq "the refusals left /dev/$P as it was (checksum)" "$s0" "$(dsum $P)"
	umount /mnt/l
	s0=$(dsum $P)
	refused 5 "recover --dry-run, the dm device alone (nothing mounted)" "/dev/$P is held by $DM" \
		recover -n $RAW_NS --dry-run
	expect_eq "... and the refusal says --force is needed" 1 "$(grep -c -- '--force' /tmp/r.err)"
	refused 5 "inject --dry-run, the same" "/dev/$P is held by $DM" inject -n $RAW_NS -B 8192 -c 1 --dry-run
	expect_eq "... and the refusal says --force is needed" 1 "$(grep -c -- '--force' /tmp/r.err)"
	pmemctl_rc inject -n $RAW_NS -B 8192 -c 1 --dry-run --force > /dev/null 2> /tmp/r.err; rc=$?
	expect_eq "inject --force --dry-run, the dm device alone: accepted (exit 0)" 0 "$rc"
	pmemctl_rc recover -n $RAW_NS --force --dry-run > /dev/null 2> /tmp/r.err; rc=$?
	expect_eq "recover --force --dry-run, the dm device alone: accepted (exit 0)" 0 "$rc"
	expect_eq "the refusals left /dev/$P as it was (checksum)" "$s0" "$(dsum $P)"
	dmsetup remove --noudevsync pmlin || not_ok "dmsetup remove pmlin"
fi

step "salvage's destination: a DAX mount, the source's own, a loop over a file on it, a mounted device"
mode $FSDAX_NS fsdax
F=$(ns_dev $FSDAX_NS)
mkext4 -b 4096 /dev/$F && mount -o dax,noatime /dev/$F /mnt/dax || not_ok "ext4 -o dax on /dev/$F"
head -c 1048576 /dev/urandom > /tmp/src
dd if=/tmp/src of=/dev/$P bs=1M count=1 conv=notrunc 2>/dev/null
pmemctl_rc salvage /dev/$P /mnt/dax/raw.img > /dev/null; rc=$?
expect_eq "salvage onto a DAX mount of another namespace: exit 0, the same bytes" "0 same" \
	"$rc $(flush; cmp -s /dev/$P /mnt/dax/raw.img && echo same)"
rm -f /mnt/dax/raw.img
truncate -s 8M /mnt/dax/inner.img
L=$(losetup -f) && losetup $L /mnt/dax/inner.img && mkext4 $L && mount -o noatime $L /mnt/in ||
	not_ok "ext4 on a loop device over /mnt/dax/inner.img"
s0="$(dsum $F) $(dsum ${L#/dev/})"
refused 5 "salvage of /dev/$F onto its own DAX mount" "on /dev/$F, the device being salvaged" \
	salvage /dev/$F /mnt/dax/dev.img
refused 5 "salvage of /dev/$F onto a filesystem on a loop device over a file on it" \
	"/dev/$F holds /mnt/dax/inner.img, which backs ${L#/dev/}" salvage /dev/$F /mnt/in/dev.img
refused 5 "salvage onto the mounted /dev/$F, with --force" "/dev/$F is mounted on /mnt/dax" \
	salvage /tmp/src /dev/$F --force
refused 5 "salvage onto the mounted loop device, with --force" "is mounted on /mnt/in" \
	salvage /tmp/src $L --force
expect_eq "no file was made on either" "inner.img lost+found|lost+found" \
	"$(ls /mnt/dax | tr '\n' ' ' | sed 's/ $//')|$(ls /mnt/in)"
expect_eq "the refusals left /dev/$F and ${L#/dev/} as they were (checksums)" "$s0" \
	"$(dsum $F) $(dsum ${L#/dev/})"
umount /mnt/in; losetup -d $L
mount -t tmpfs -o size=512k tmpfs /mnt/small
pmemctl_rc salvage /tmp/src /mnt/small/copy > /dev/null 2> /tmp/r.err; rc=$?
expect_eq "a copy that does not fit: exit 1, no partial file, said" "1 0 1" \
	"$rc $(ls -A /mnt/small | grep -c '') $(grep -c 'partial copy was removed' /tmp/r.err)"
umount /mnt/small /mnt/dax

step "a disabled fsdax namespace is not raw: its poison has no data offsets"
pmemctl inject -n $FSDAX_NS -B 1000 -c 8 --force --quiet > /dev/null
info "claim class of $FSDAX_NS: '$(cat /sys/bus/nd/devices/$FSDAX_NS/holder_class 2>&1)'"
ndctl disable-namespace $FSDAX_NS > /dev/null 2>&1 || not_ok "disable $FSDAX_NS"
expect_eq "list-poison of the disabled namespace: mode fsdax, area unknown, no data offset" \
	'[["fsdax","unknown",null]]' \
	"$(pmemctl list-poison -n $FSDAX_NS | jq -c '[.[] | [.mode, .area, .offset]] | unique')"
refused 5 "inject aimed into it" "is disabled (configured fsdax)" inject -n $FSDAX_NS -B 0 -c 1 --dry-run
ndctl enable-namespace $FSDAX_NS > /dev/null 2>&1 || not_ok "enable $FSDAX_NS"
pmemctl recover -n $FSDAX_NS > /dev/null
clear_injections $FSDAX_NS
mode $FSDAX_NS raw

step "monitor while a poisoned raw namespace is made fsdax: the memmap area's poison cleared, the data's re-attributed"
# 1024+8 falls in the memmap that fsdax keeps on the device, 4092+8 straddles
# the data start (sector 4096, as integration-10 checks). The kernel clears
# poison under the memmap before it maps it (nd_pfn_clear_memmap_errors; the
# namespace starts at region offset 0, where its lookup is right), so those
# sectors are cleared; 4096+4 stays poisoned as fsdax data sector 0. Every
# re-attribution from raw must give as previous offset that of its own
# sectors in the raw namespace (their region offset), also for 4096+4, a
# piece of the raw record 4092+8.
inject $FSDAX_NS 1024 8; inject $FSDAX_NS 4092 8; scrub $FSDAX_BUS
expect_eq "the kernel lists the poison before the change" "1024 8;4092 8;" "$(bb /sys/bus/nd/devices/$FSDAX_REGION/badblocks)"
rm -f /tmp/mon95t.jsonl
pmemctl_rc monitor -r $FSDAX_REGION --log /tmp/mon95t.jsonl --no-stdout &
MON=$!
wait_for "the monitor's start-up snapshot" 60 grep -q '"snapshot"' /tmp/mon95t.jsonl
mode $FSDAX_NS fsdax
# the events and their order differ from run to run: wait for the final state
wait_for "the monitor's events for the fsdax data sector 0 and the 12 cleared sectors" 60 jq -se \
	'any(.[]; .event == "poison-reattributed" and .region_sector == 4096 and .mode == "fsdax" and
	 .area == "data" and .offset == 0) and (map(select(.event == "poison-cleared") | .sectors) | add) == 12' \
	/tmp/mon95t.jsonl
usleep 500000
kill -TERM $MON; wait $MON; rc=$?
expect_eq "monitor: SIGTERM ends it with exit 130" 130 $rc
keep_json monitor /tmp/mon95t.jsonl
info "events: $(jq -c 'select(.event | startswith("poison")) | [.event, .region_sector, .sectors, .mode, .area, .device, .offset, .previous_mode, .previous_area, .previous_device, .previous_offset]' /tmp/mon95t.jsonl | tr '\n' ' ')"
expect_eq "the kernel lists only the data part of the poison now" "4096 4;" "$(bb /sys/bus/nd/devices/$FSDAX_REGION/badblocks)"
expect_eq "monitor: the memmap area's sectors cleared, nothing added" '[["poison-cleared",1024,8],["poison-cleared",4092,4]]' \
	"$(jq -sc 'map(select(.event == "poison-cleared" or .event == "poison-added") | [.event, .region_sector, .sectors]) | sort' /tmp/mon95t.jsonl)"
expect_eq "monitor: the last event for 4096+4 says fsdax data sector 0" '[4,"fsdax","data",0]' \
	"$(jq -sc 'map(select(.event == "poison-reattributed" and .region_sector == 4096)) | last | [.sectors, .mode, .area, .offset]' /tmp/mon95t.jsonl)"
expect_eq "monitor: re-attributed from raw, every previous offset is its own sectors' (4096+4, cut from 4092+8, among them)" \
	'[true,true]' "$(jq -sc 'map(select(.event == "poison-reattributed" and .previous_mode == "raw" and .previous_offset != null))
		| [all(.[]; .previous_offset == .region_offset), any(.[]; .region_sector == 4096)]' /tmp/mon95t.jsonl)"
pmemctl recover -n $FSDAX_NS > /dev/null
clear_injections $FSDAX_NS
mode $FSDAX_NS raw

step "recover --from: an image too small for the planned writes, refused before any write"
inject $RAW_NS 100 1; inject $RAW_NS 20000 1; scrub $RAW_BUS
expect_eq "the kernel lists sectors 100 and 20000" "100 1;20000 1;" "$(kernel_ns_bb $P | tr '\n' ';')"
head -c 8388608 /dev/urandom > /tmp/small.img
s0=$(bsum $P)
refused 2 "recover --from an 8 MiB image (poison at 10 MB)" "--from /tmp/small.img: 8388608 bytes" \
	recover -n $RAW_NS --from /tmp/small.img
refused 2 "the same, --dry-run" "--from /tmp/small.img: 8388608 bytes" recover -n $RAW_NS --from /tmp/small.img --dry-run
refused 2 "recover --from a missing image" "--from /tmp/none" recover -n $RAW_NS --from /tmp/none
refused 2 "recover --from a directory" "not a regular file or block device" recover -n $RAW_NS --from /tmp
expect_eq "nothing was written: the device's bytes and its poison as before" "$s0 100 1;20000 1;" \
	"$(bsum $P) $(kernel_ns_bb $P | tr '\n' ';')"
head -c 16777216 /dev/urandom > /tmp/big.img
pmemctl_rc recover -n $RAW_NS --from /tmp/big.img > /dev/null; rc=$?
expect_eq "a large enough image: exit 0, the poison gone" "0 " "$rc $(kernel_ns_bb $P | tr '\n' ';')"
rm -f /tmp/small.img /tmp/big.img /tmp/src
clear_injections $RAW_NS
