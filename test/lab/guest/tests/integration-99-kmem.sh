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
pmemctl_rc list-poison -n $QEMU_NS > /tmp/l.json 2> /tmp/l.err; rc=$?
info "list-poison of $QEMU_NS: $(jq length /tmp/l.json) records"
# kmem onlines whole memory blocks inside the device's range only: a data
# record's memory is system RAM when its block is online (sysfs, here)
BS=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
online_at() { [ "$(cat /sys/devices/system/memory/memory$(($1 / BS))/state 2>/dev/null)" = online ] && echo true || echo false; }
info "records (area spa system_ram): $(jq -r '.[] | "\(.area) \(.spa) \(.system_ram)"' /tmp/l.json | tr '\n' ';')"
expect_eq "list-poison of it: exit 0, every record on $DAX, devdax" "0 true" \
	"$rc $(jq --arg d $DAX 'all(.[]; .mode == "devdax" and .device == $d and .namespace != null)' /tmp/l.json)"
expect_eq "system_ram: true for a data record whose memory block ($BS bytes) is online, false otherwise; some true" \
	"$(jq -r '.[] | "\(.area) \(.spa)"' /tmp/l.json | while read -r a spa; do
		[ $a = data ] && online_at $spa || echo false; done | tr '\n' ' ')yes" \
	"$(jq -r '.[].system_ram' /tmp/l.json | tr '\n' ' ')$(jq -e 'any(.[]; .system_ram == true)' /tmp/l.json > /dev/null && echo yes)"
expect_eq "list-poison says once that $DAX is online as system RAM with poison, and how to offline it" "1 1" \
	"$(grep -c "$DAX is online as system RAM (kmem) and holds poison" /tmp/l.err) $(grep -c "daxctl offline-memory $DAX" /tmp/l.err)"
pmemctl_rc list-poison -n $QEMU_NS -o DEVICE,SYSTEM-RAM --noheadings --raw > /tmp/l.txt; rc=$?
expect_eq "list-poison -o DEVICE,SYSTEM-RAM: a line a record, '$DAX true' where the JSON says true" \
	"0 $(jq '[.[] | select(.system_ram == true)] | length' /tmp/l.json)" "$rc $(grep -c "^$DAX true\$" /tmp/l.txt)"
pmemctl_rc list-poison -n $QEMU_NS --format prometheus > /tmp/l.prom; rc=$?
expect_eq "pmemctl_namespace_system_ram_poison_bytes of $QEMU_NS: the data records' bytes" \
	"0 $(jq '[.[] | select(.system_ram) | .length] | add' /tmp/l.json)" \
	"$rc $(sed -n "s/^pmemctl_namespace_system_ram_poison_bytes{.*nd_namespace=\"$QEMU_NS\"} //p" /tmp/l.prom)"
# (the whole list: without root the region's ranges cannot be placed in the
# namespace, so -n would select none of them)
su nobody -s /bin/sh -c "pmemctl list-poison -r $QEMU_REGION" > /tmp/u.json 2> /tmp/u.err; rc=$?
info "not root: $(jq -c 'map([.area, .placed, .system_ram]) | unique' /tmp/u.json) $(cat /tmp/u.err)"
expect_eq "not root: exit 0, $QEMU_REGION's ranges unplaced, system_ram null (the addresses are root's), said in the note" "0 true 1" \
	"$rc $(jq 'length > 0 and all(.[]; .placed == false and .system_ram == null)' /tmp/u.json) $(grep -c 'system_ram' /tmp/u.err)"

step "back to raw"
# offlining movable memory can be refused for a moment while pages migrate
wait_for "daxctl offline-memory $DAX" 30 daxctl offline-memory $DAX
pmemctl_rc list-poison -n $QEMU_NS > /tmp/l.json 2> /tmp/l.err; rc=$?
expect_eq "its memory offline: the same records, system_ram false, no note" "0 true 0" \
	"$rc $(jq 'length > 0 and all(.[]; .system_ram == false)' /tmp/l.json) $(grep -c 'system RAM' /tmp/l.err)"
daxctl reconfigure-device --mode=devdax $DAX > /dev/null 2>&1 || not_ok "daxctl reconfigure-device --mode=devdax $DAX"
ndctl create-namespace -f -e $QEMU_NS -m raw > /dev/null || not_ok "make $QEMU_NS raw"
