# pmemctl inject --machine-check and --memory-failure (issue 19) on the QEMU
# NVDIMM: real ZONE_DEVICE pages at a real physical address, on a platform
# whose DMI says QEMU (a test platform). The oracle is the kernel: the
# region's badblocks file (drivers/acpi/nfit/mce.c adds 1 << MISC LSB bytes
# aligned down), reads of the device, the SIGBUS an early-kill holder gets,
# the kernel log. Every refusal is one line and leaves the badblocks as they
# were. The badranges stay (QEMU's NVDIMM has no clear-error DSM) and so do
# the hardware-poisoned pages: it hits pages 4 MiB into its files and the
# superblock, not where a later test's first files land; the namespace is
# left raw.
# The CPU vendor decides LSB 13 and the kernel-decoded record (run.sh's
# LAB_CPU=intel gives an Intel model).
QB=/sys/bus/nd/devices/$QEMU_REGION/badblocks
RES=$(region_res $QEMU_REGION)
VENDOR=$(awk '/^vendor_id/ { print $3; exit }' /proc/cpuinfo)
info "cpu vendor $VENDOR, $QEMU_REGION at $(printf 0x%x $RES)"
grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug
rbb() { sort -n $QB | tr '\n' ';'; }
# added BEFORE: the region's badblocks lines that BEFORE (rbb's form) lacks, in rbb's form
added() { echo "$1" | tr ';' '\n' > /tmp/bb.before; sort -n $QB | awk 'NR == FNR { s[$0] = 1; next } !s[$0]' /tmp/bb.before - | tr '\n' ';'; }
hex() { printf '0x%x' "$1"; }
# (a plain "pmemctl" call must exit 0 and its JSON is validated on the host: lib.sh)
# refuse WANT_RC DESCRIPTION ARGS...: exit WANT_RC, one line, the region's badblocks and the test files unchanged
refuse() {
	want=$1 d=$2; shift 2
	before=$(rbb; md5sum /mnt/mc/f /mnt/mc/g 2>/dev/null)
	pmemctl_rc inject "$@" > /tmp/o 2> /tmp/e; rc=$?
	after=$(rbb; md5sum /mnt/mc/f /mnt/mc/g 2>/dev/null)
	if [ $rc = $want ] && [ "$(grep -c '' /tmp/e)" = 1 ] && [ "$before" = "$after" ] && [ ! -s /tmp/o ]; then
		ok "refused: $d (exit $rc: $(cat /tmp/e))"
	else
		not_ok "refused: $d: exit $rc (want $want), stderr $(grep -c '' /tmp/e) lines, stdout $(grep -c '' /tmp/o) lines, badblocks or files changed: $([ "$before" = "$after" ] && echo no || echo yes)"
		sed 's/^/#   /' /tmp/e | head -3
	fi
}

step "an fsdax namespace with XFS (DAX, rmapbt) on the QEMU NVDIMM"
modprobe xfs
ndctl create-namespace -f -e $QEMU_NS -m fsdax > /tmp/ns.json || not_ok "fsdax on $QEMU_NS"
DEV=$(jq -r .blockdev /tmp/ns.json)
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -f -q -m reflink=0,rmapbt=1 /dev/$DEV || not_ok "mkfs.xfs on $DEV"
mkdir -p /mnt/mc && mount -o dax=always /dev/$DEV /mnt/mc || not_ok "mount -o dax=always /dev/$DEV"
# 8 MiB files hit 4 MiB in: away from the first pages of files a later test makes on a new XFS
xfs_io -f -c "pwrite -q 0 8m" -c fsync /mnt/mc/f && xfs_io -f -c "pwrite -q 0 8m" -c fsync /mnt/mc/g ||
	not_ok "write the test files"
DATA=$(( $(printf '%d' "$(cat /sys/bus/nd/devices/$(cat /sys/bus/nd/devices/$QEMU_NS/holder)/resource)") - RES ))
info "$QEMU_NS is $DEV, data area at region offset $(hex $DATA)"

step "refusals: each one line, nothing changed"
check "mce_inject is not loaded yet" sh -c "! grep -q '^mce_inject ' /proc/modules"
refuse 2 "--granularity 8192 (LSB 13: beyond a page)" --machine-check --granularity 8192 --spa $(hex $((RES + 0x30000000)))
refuse 2 "--granularity 100 (not a power of two)" --machine-check --granularity 100 --spa $(hex $((RES + 0x30000000)))
refuse 2 "--spa outside pmem" --machine-check --spa 0x1000
refuse 2 "--count 2" --machine-check -n $QEMU_NS -B 0 -c 2
refuse 2 "--kernel-decoded without --machine-check" --memory-failure --kernel-decoded -n $QEMU_NS -B 0
refuse 5 "--kernel-decoded on nfit_test (made-up addresses)" --machine-check --kernel-decoded -n $RAW_NS -B 8
refuse 5 "--memory-failure on nfit_test" --memory-failure -n $RAW_NS -B 8
if su -s /bin/sh nobody -c true 2>/dev/null; then
	before=$(rbb)
	su -s /bin/sh nobody -c "pmemctl inject --machine-check -n $QEMU_NS -B 2000000" > /tmp/o 2> /tmp/e; rc=$?
	expect_eq "refused: not root: exit 4, one line, badblocks unchanged" "4 1 $before" "$rc $(grep -c '' /tmp/e) $(rbb)"
fi
# a platform that is not a test platform: DMI that names a real vendor
mkdir -p /tmp/dmi && echo "Dell Inc." > /tmp/dmi/sys_vendor && echo "PowerEdge R750" > /tmp/dmi/product_name
mount --bind /tmp/dmi /sys/class/dmi/id
refuse 5 "DMI says Dell: not a test platform, no --force" --machine-check -n $QEMU_NS -B 2000000
umount /sys/class/dmi/id
# a kernel without the modules: an empty module tree
mount -t tmpfs none /lib/modules
refuse 1 "no mce_inject module" --machine-check -n $QEMU_NS -B 2000000
check "... its line names the module and the config option" grep -q 'no module mce_inject (CONFIG_X86_MCE_INJECT)' /tmp/e
refuse 1 "no hwpoison_inject module" --memory-failure -n $QEMU_NS -B 2000000
umount /lib/modules

step "--dry-run: what would be written where, nothing done"
before=$(rbb)
pmemctl inject --machine-check --granularity 64 --spa $(hex $((RES + 0x38000240))) --dry-run > /tmp/d.json
expect_eq "dry run: action, done, the writes in order" \
	"[\"dry-run\",false,\"sw\",[\"flags=sw\",\"cpu=0\",\"status=0xbd000000000800c0\",\"misc=0x86\",\"addr=$(hex $((RES + 0x38000240)))\",\"bank=4\"]]" \
	"$(jq -c '.[0] | [.action, .done, .mce_flags, [.writes[] | "\(.file | sub(".*/"; ""))=\(.value)"]]' /tmp/d.json)"
expect_eq "dry run: the files are mce-inject's debugfs files" "/sys/kernel/debug/mce-inject/bank" "$(jq -r '.[0].writes[-1].file' /tmp/d.json)"
expect_eq "dry run: nothing loaded, badblocks unchanged" "0 $before" "$(grep -c '^mce_inject ' /proc/modules) $(rbb)"

step "decode-only machine checks, LSB 6, 9 and 12: the aligned badrange, EIO"
for g in 6:0x38000240 9:0x38100240 12:0x38200240; do
	lsb=${g%%:*} off=${g#*:}
	size=$((1 << lsb)) start=$(( off & ~((1 << lsb) - 1) ))
	s=$((start / 512)) n=$(( (start + size + 511) / 512 - start / 512 ))
	before=$(rbb)
	pmemctl inject --machine-check --granularity $size --spa $(hex $((RES + off))) > /tmp/m.json 2> /tmp/e; rc=$?
	expect_eq "LSB $lsb: exit 0" 0 $rc
	sed 's/^/#   /' /tmp/e | head -3
	expect_eq "LSB $lsb: the region's badblocks gained exactly $s $n (aligned to $size)" "$s $n;" "$(added "$before")"
	expect_eq "LSB $lsb: the report says the same, as expected, no memory_failure" \
		"[[{\"region_sector\":$s,\"sectors\":$n}],true,\"none\",[],false]" \
		"$(jq -c '.[0] | [[.badranges_added[] | {region_sector, sectors}], .badrange_as_expected, .memory_failure, .signalled, .filesystem_shutdown]' /tmp/m.json)"
	expect_eq "LSB $lsb: list-poison shows it" 1 \
		"$(pmemctl list-poison -r $QEMU_REGION | jq --argjson o $((s * 512)) '[.[] | select(.region_offset <= $o and .region_offset + .length > $o)] | length')"
	page=$(( (start - DATA) / 4096 * 4096 ))
	expect_eq "LSB $lsb: reading the page through /dev/$DEV gives EIO" "dread $page 4096: EIO" "$(labtool dread /dev/$DEV $page 4096)"
	check "LSB $lsb: the audit line" grep -q "inject: uid=0 user=root decode-only namespace=$QEMU_NS spa=$(hex $((RES + off))) granularity=$size platform=qemu result=ok" /tmp/messages
done
agree $QEMU_REGION $DEV

step "LSB 13 by hand (pmemctl refuses it): $VENDOR"
before=$(rbb)
d=/sys/kernel/debug/mce-inject
echo sw > $d/flags; echo 0 > $d/cpu; echo 0xbd000000000800c0 > $d/status; echo 0x8d > $d/misc
echo $(hex $((RES + 0x38300240))) > $d/addr; echo 4 > $d/bank
for i in 1 2 3 4 5 6 7 8 9 10; do [ "$(rbb)" != "$before" ] && break; sleep 0.5; done
added=$(added "$before")
if [ "$VENDOR" = GenuineIntel ]; then
	expect_eq "LSB 13 on Intel: ignored (intel_mce_usable_address), nothing added" "" "$added"
else
	expect_eq "LSB 13 on AMD: accepted as a 16-sector range aligned to 8 KiB" "$((0x38300000 / 512)) 16;" "$added"
fi

step "kernel-decoded on a mapped DAX file: the early-kill holder gets BUS_MCEERR_AO"
interval=$(cat /sys/devices/system/machinecheck/machinecheck0/check_interval)
labtool mwait /mnt/mc/f 0x401000 30 > /tmp/hold.out &
hold=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready /tmp/hold.out && break; sleep 0.3; done
pmemctl inject --machine-check --kernel-decoded --file /mnt/mc/f --offset 0x401000 > /tmp/k.json 2> /tmp/e; rc=$?
expect_eq "kernel-decoded: exit 0" 0 $rc
sed 's/^/#   /' /tmp/e | head -3
wait $hold
expect_eq "kernel-decoded: the holder got SIGBUS BUS_MCEERR_AO (lsb 12)" "mwait 4198400: SIGBUS BUS_MCEERR_AO lsb 12" "$(tail -1 /tmp/hold.out)"
expect_eq "kernel-decoded: the report: flags by vendor, memory_failure recovered (dax page), the holder signalled AO, badrange as expected" \
	"[\"$([ "$VENDOR" = GenuineIntel ] && echo th || echo df)\",\"recovered\",\"dax page\",[[$hold,\"BUS_MCEERR_AO\"]],true]" \
	"$(jq -c '.[0] | [.mce_flags, .memory_failure, .page_type, [.signalled[] | [.pid, .si_code]], .badrange_as_expected]' /tmp/k.json)"
sec=$(jq '.[0].sector' /tmp/k.json)
expect_eq "kernel-decoded: list-poison --files names the file and offset under the record" '[["/mnt/mc/f",4198400]]' \
	"$(pmemctl list-poison -r $QEMU_REGION --files | jq -c --argjson s $sec '[.[] | select(.sector <= $s and .sector + .sectors > $s) | .files[]? | [.path, .file_offset]]')"
expect_eq "kernel-decoded: check_interval as it was (the bank poll ran every second meanwhile)" "$interval" \
	"$(cat /sys/devices/system/machinecheck/machinecheck0/check_interval)"

step "--memory-failure on a mapped DAX file page: signalled, badblocks unchanged"
labtool mwait /mnt/mc/g 0x402000 30 > /tmp/hold.out &
hold=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready /tmp/hold.out && break; sleep 0.3; done
before=$(rbb)
pmemctl inject --memory-failure --file /mnt/mc/g --offset 0x402000 > /tmp/f.json 2> /tmp/e; rc=$?
expect_eq "memory-failure: exit 0" 0 $rc
sed 's/^/#   /' /tmp/e | head -3
wait $hold
expect_eq "memory-failure: the holder got SIGBUS BUS_MCEERR_AO" "mwait 4202496: SIGBUS BUS_MCEERR_AO lsb 12" "$(tail -1 /tmp/hold.out)"
expect_eq "memory-failure: the report: corrupt-pfn written, recovered, the holder, no badrange" \
	"[\"corrupt-pfn\",\"recovered\",[$hold],[],null]" \
	"$(jq -c '.[0] | [(.writes[0].file | sub(".*/"; "")), .memory_failure, [.signalled[].pid], .badranges_added, .badrange_expected]' /tmp/f.json)"
expect_eq "memory-failure: the region's badblocks did not change (memory_failure marks the page, not the media)" "$before" "$(rbb)"

step "--memory-failure on the XFS superblock page: the filesystem shuts down"
pmemctl inject --memory-failure -n $QEMU_NS -B 0 > /tmp/s.json 2> /tmp/e; rc=$?
expect_eq "superblock: exit 0" 0 $rc
expect_eq "superblock: the report says the filesystem shut down" true "$(jq '.[0].filesystem_shutdown' /tmp/s.json)"
check "superblock: a write now fails (the filesystem is shut down)" sh -c "! xfs_io -f -c 'pwrite -q 0 4096' /mnt/mc/h"
umount /mnt/mc
# back to raw, as the suite's topology has it (integration-98 counts data offsets from the namespace start)
ndctl create-namespace -f -e $QEMU_NS -m raw > /dev/null || not_ok "raw again on $QEMU_NS"
# what the kernel said meanwhile, for the record (the console runs at loglevel 3)
dmesg | grep -E 'mce|Memory failure|MCE|XFS|hwpoison|nfit' | tail -40 | sed 's/^/#   dmesg: /'
