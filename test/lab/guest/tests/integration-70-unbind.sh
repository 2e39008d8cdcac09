# pmemctl unbind: the pre-flight (mount, rmapbt, processes, kernel), the
# unbind through the pre-remove path on 6.12 (the mapper dies of SIGBUS, XFS
# says the device is about to be removed and shuts down), --rebind and the
# data afterwards; on 6.1 the refusal. Starts after integration-57:
# namespace2.0 fsdax, unmounted.
FSDAX_DEV=$(ndctl list -n $FSDAX_NS | jq -r '(if type == "array" then .[0] else . end) | .blockdev')
PFN=$(cat /sys/bus/nd/devices/$FSDAX_NS/holder)
bound() { [ -e /sys/bus/nd/devices/$PFN/driver ] && echo bound || echo unbound; }
sum() { md5sum < "$1" | cut -d' ' -f1; }
case $(uname -r) in 6.1.*) OLD=1 ;; *) OLD=0 ;; esac
info "fsdax $FSDAX_NS: $PFN, /dev/$FSDAX_DEV; old kernel: $OLD"

step "unbind pre-flight with xfs not loaded: no pre-remove path, and the evidence says why"
umount /mnt/x 2>/dev/null
[ ! -d /sys/module/xfs ] || modprobe -r xfs || not_ok "modprobe -r xfs"
pmemctl_rc unbind $FSDAX_NS > /tmp/u.json 2> /tmp/e; rc=$?
expect_eq "nothing mounted, xfs not loaded: a dry run (exit 0), pre_remove false, xfs_dax_notify_failure absent" \
	"0 false 1" "$rc $(jq .kernel.pre_remove /tmp/u.json) $(jq -r .kernel.evidence /tmp/u.json | grep -c 'xfs_dax_notify_failure absent')"

step "unbind pre-flight: XFS (rmapbt) mounted -o dax, a process mapping a file"
modprobe xfs
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f -m reflink=0,rmapbt=1 /dev/$FSDAX_DEV || not_ok "mkfs.xfs"
mount -o dax=always /dev/$FSDAX_DEV /mnt/x || not_ok "mount -o dax=always"
head -c 65536 /dev/urandom > /mnt/x/g1; head -c 131072 /dev/urandom > /mnt/x/g2; sync
s1=$(sum /mnt/x/g1); s2=$(sum /mnt/x/g2)
labtool mhold /mnt/x/g1 60 &
HOLDER=$!
sleep 1
pmemctl_rc unbind $FSDAX_NS > /tmp/u.json 2> /tmp/e; rc=$?
info "pre-flight: $(jq -c '{device, driver, kernel, mount, refused}' /tmp/u.json)"
expect_eq "pre-flight: the device the driver is bound to, its driver and block device" \
	"$PFN nd_pmem $FSDAX_DEV fsdax" "$(jq -r '"\(.bound) \(.driver) \(.device) \(.mode)"' /tmp/u.json)"
expect_eq "pre-flight: the mount, DAX, XFS with rmapbt (from the filesystem)" '{"point":"/mnt/x","fstype":"xfs","dax":true,"rmapbt":true}' \
	"$(jq -c .filesystem /tmp/u.json)"
expect_eq "pre-flight: the process mapping the file, with its path" "[[$HOLDER,\"labtool\",true,[\"/mnt/x/g1\"]]]" \
	"$(jq -c '[.processes[] | [.pid, .comm, .maps, .paths]]' /tmp/u.json)"
expect_eq "pre-flight: vm.memory_failure_early_kill as sysctl says" "$(cat /proc/sys/vm/memory_failure_early_kill)" \
	"$(jq .kernel.memory_failure_early_kill /tmp/u.json)"
if [ $OLD = 1 ]; then
	expect_eq "6.1: no pre-remove path (with the evidence), refused: exit 5, one line" "false 5 1" \
		"$(jq .kernel.pre_remove /tmp/u.json) $rc $(grep -c 'pre-remove' /tmp/e)"
	check "6.1: the evidence names the version" sh -c "jq -r .kernel.evidence /tmp/u.json | grep -q 'Linux 6.1 < 6.7'"
	pmemctl_rc unbind $FSDAX_NS --force > /dev/null 2>&1; rc=$?
	expect_eq "6.1: --force is refused too (exit 5): the device stays bound, the mapper alive, the fs mounted" \
		"5 bound yes yes" "$rc $(bound) $(kill -0 $HOLDER 2>/dev/null && echo yes) $(grep -q ' /mnt/x xfs ' /proc/mounts && echo yes)"
	kill $HOLDER; wait $HOLDER 2>/dev/null
else
	expect_eq "6.12: pre-remove path present, a dry run: exit 0, nothing refused" "true 0 null" \
		"$(jq .kernel.pre_remove /tmp/u.json) $rc $(jq .refused /tmp/u.json)"
	expect_eq "6.12: the plan says the mapper gets SIGBUS" 1 "$(jq "[.expect[] | select(test(\"pid $HOLDER .*SIGBUS\"))] | length" /tmp/u.json)"
	expect_eq "dry run: still bound, the mapper alive" "bound yes" "$(bound) $(kill -0 $HOLDER 2>/dev/null && echo yes)"

	step "unbind --force on 6.12: pre-remove, SIGBUS, shutdown"
	pmemctl_rc unbind $FSDAX_NS --force > /tmp/u.json 2> /tmp/e; rc=$?
	wait $HOLDER; hrc=$?
	info "result: $(jq -c '.outcome | {unbound, filesystem_shut_down, processes}' /tmp/u.json)"
	jq -r '.outcome.kernel_log[]' /tmp/u.json | head -8 | sed 's/^/LAB-INFO: kmsg: /'
	expect_eq "--force: exit 0, unbound, the device gone" "0 true unbound no" \
		"$rc $(jq .outcome.unbound /tmp/u.json) $(bound) $([ -e /sys/block/$FSDAX_DEV ] && echo yes || echo no)"
	expect_eq "the mapper died of SIGBUS (exit status 135)" 135 "$hrc"
	expect_eq "the report: the mapper gone, SIGBUS seen in the kernel log" '[[true,"SIGBUS"]]' \
		"$(jq -c '[.outcome.processes[] | [.gone, .signal]]' /tmp/u.json)"
	check "the report has XFS's pre-remove line" sh -c "jq -r '.outcome.kernel_log[]' /tmp/u.json | grep -q 'Device is about to be removed'"
	expect_eq "the filesystem is shut down (stat of the mount point: EIO)" '"true"' "$(jq .outcome.filesystem_shut_down /tmp/u.json)"
	check "the unbind is in the audit log" grep -q "unbind: .*unbind device=$PFN driver=nd_pmem namespace=$FSDAX_NS mount=/mnt/x processes=1 result=ok" /tmp/messages
	umount /mnt/x || not_ok "umount after the unbind"

	step "--rebind: the device comes back, the filesystem mounts with its data"
	pmemctl_rc unbind $FSDAX_NS --rebind > /tmp/u.json 2> /tmp/e; rc=$?
	expect_eq "--rebind: exit 0, rebound, /dev/$FSDAX_DEV back" "0 true bound yes" \
		"$rc $(jq .outcome.rebound /tmp/u.json) $(bound) $([ -b /dev/$FSDAX_DEV ] && echo yes)"
	mount -o dax=always /dev/$FSDAX_DEV /mnt/x || not_ok "mount again"
	expect_eq "the files written before are intact (checksums)" "$s1 $s2" "$(sum /mnt/x/g1) $(sum /mnt/x/g2)"
fi

step "unbind refusals (one line, exit code, nothing done)"
pmemctl_rc unbind namespace9.9 2> /tmp/e; rc=$?
expect_eq "unknown device: exit 3, one line" "3 1" "$rc $(grep -c '' /tmp/e)"
umount /mnt/x 2>/dev/null; mount /dev/$FSDAX_DEV /mnt/x
pmemctl_rc unbind $FSDAX_DEV --force > /dev/null 2> /tmp/e; rc=$?
expect_eq "XFS mounted without DAX: exit 5, one line, still bound" "5 1 1 bound" \
	"$rc $(grep -c '' /tmp/e) $(grep -c 'without DAX' /tmp/e) $(bound)"
umount /mnt/x
modprobe ext4
mkfs.ext4 -q -F -b 4096 /dev/$FSDAX_DEV >/dev/null 2>&1 && mount -o dax /dev/$FSDAX_DEV /mnt/x || not_ok "ext4 dax"
pmemctl_rc unbind $PFN --force > /dev/null 2> /tmp/e; rc=$?
expect_eq "ext4 -o dax (no DAX holder): exit 5, one line that says why, still bound" "5 1 1 bound" \
	"$rc $(grep -c '' /tmp/e) $(grep -c 'no DAX holder' /tmp/e) $(bound)"
su nobody -s /bin/sh -c "pmemctl unbind $FSDAX_NS" 2>/dev/null; expect_eq "not root: exit 4" 4 $?
umount /mnt/x
pmemctl_rc unbind $FSDAX_NS > /tmp/u.json; rc=$?
expect_eq "nothing mounted: a dry run, exit 0, no processes, no mount" "0 [] null" \
	"$rc $(jq -c .processes /tmp/u.json) $(jq -c .filesystem /tmp/u.json)"
