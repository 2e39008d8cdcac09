# A devdax namespace whose memory is online as system RAM (daxctl
# reconfigure-device --mode=system-ram, the kmem driver): the kernel allocates
# from it, so nothing may write under it or unbind it, --force or not. On
# the QEMU NVDIMM (real memory; nfit_test's cannot be hot-added). Runs last,
# after 97 and 98 left their badranges there, and leaves the namespace raw.
dax_of() { jq -r '(if type == "array" then .[0] else . end) | .daxregion.devices[0].chardev // empty'; }
online_blocks() { daxctl list -d $1 | jq -r '(if type == "array" then .[0] else . end) | .online_memblocks // 0'; }

step "the QEMU NVDIMM's namespace as devdax, its memory online as system RAM"
modprobe kmem || not_ok "modprobe kmem"
# (a timeout: with poison under the memmap the kernel would loop trying to
# clear it, QEMU having no clear-error DSM; see integration-98)
timeout 300 ndctl create-namespace -f -e $QEMU_NS -m devdax > /tmp/ns.json || not_ok "make $QEMU_NS devdax"
DAX=$(dax_of < /tmp/ns.json)
# daxctl onlines the blocks itself (movable) and refuses while the kernel
# would online them on its own ("kernel policy will auto-online memory")
AUTO=$(cat /sys/devices/system/memory/auto_online_blocks)
echo offline > /sys/devices/system/memory/auto_online_blocks
daxctl reconfigure-device --mode=system-ram $DAX > /tmp/kmem.json 2> /tmp/kmem.err || not_ok "daxctl reconfigure-device --mode=system-ram $DAX"
echo $AUTO > /sys/devices/system/memory/auto_online_blocks
info "$DAX: $(jq -c . /tmp/kmem.json 2>/dev/null) $(cat /tmp/kmem.err)"
check "$DAX's memory is online (daxctl: online memory blocks)" test "$(online_blocks $DAX)" -gt 0

step "recover, unbind: refused, --force or not; the memory stays online"
# recover's line names the device, unbind's the memory
KMEM_RECOVER="$DAX is online as system-ram (kmem)" KMEM_UNBIND="online as system RAM (kmem)"
refused 5 "recover -n $QEMU_NS" "$KMEM_RECOVER" recover -n $QEMU_NS
refused 5 "recover -n $QEMU_NS --force" "$KMEM_RECOVER" recover -n $QEMU_NS --force
expect_eq "recover --force: its line offers no --force" 0 "$(grep -c -- --force /tmp/r.err)"
refused 5 "recover -n $QEMU_NS --force --dry-run" "$KMEM_RECOVER" recover -n $QEMU_NS --force --dry-run
pmemctl_rc unbind $QEMU_NS > /tmp/u.json 2> /tmp/u.err; rc=$?
expect_eq "unbind (a dry run): exit 5, system_ram true" "5 true" "$rc $(jq .system_ram /tmp/u.json)"
refused 5 "unbind $QEMU_NS --force" "$KMEM_UNBIND" unbind $QEMU_NS --force
expect_eq "after the refusals: $DAX still bound to kmem, its memory online" "kmem yes" \
	"$(basename $(readlink /sys/bus/dax/devices/$DAX/driver)) $([ "$(online_blocks $DAX)" -gt 0 ] && echo yes)"
# its poison: the machine-check tests leave the NFIT's badranges here, and
# kmem onlined those pages with the rest
agree $QEMU_REGION
pmemctl_rc list-poison -n $QEMU_NS > /tmp/l.json; rc=$?
expect_eq "list-poison of it: exit 0, every record on $DAX, devdax" "0 true" \
	"$rc $(jq --arg d $DAX 'all(.[]; .mode == "devdax" and .device == $d and .namespace != null)' /tmp/l.json)"
info "list-poison of $QEMU_NS: $(jq length /tmp/l.json) records"

step "back to raw"
# offlining movable memory can be refused for a moment while pages migrate
wait_for "daxctl offline-memory $DAX" 30 daxctl offline-memory $DAX
daxctl reconfigure-device --mode=devdax $DAX > /dev/null 2>&1 || not_ok "daxctl reconfigure-device --mode=devdax $DAX"
ndctl create-namespace -f -e $QEMU_NS -m raw > /dev/null || not_ok "make $QEMU_NS raw"
