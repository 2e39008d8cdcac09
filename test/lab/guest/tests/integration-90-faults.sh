# Faults from a real kernel, each reported with what to do and nothing on
# the devices changed:
# - a disabled region: the kernel fails reads of its badblocks with ENXIO;
# - a platform whose clear-error is busy (EBUSY) or failing (EIO), from the
#   lab patch's nfit_test knob bus_fail_cmd: through the ioctl (devdax
#   recovery), through the pmem driver's own clear (block and DAX recovery
#   writes), and an error-injection DSM that fails.
# Starts after integration-85: namespace2.0 fsdax (unmounted), namespace1.0 devdax.
FSDAX_DEV=$(ndctl list -n $FSDAX_NS | jq -r '(if type == "array" then .[0] else . end) | .blockdev')
DAX=$(dax_chardev $RAW_NS)
DSZ=$(cat /sys/bus/dax/devices/$DAX/size)
KNOB=/sys/module/nfit_test/parameters
ND_CMD_CLEAR_ERROR=4
ND_CMD_CALL=10
fail_bus() { echo $(( 1 << $1 )) > $KNOB/bus_fail_cmd; echo "$2" > $KNOB/bus_fail_cmd_code; }
heal_bus() { echo 0 > $KNOB/bus_fail_cmd; }
dsum() { labtool mcat /dev/$DAX 0 $DSZ | md5sum | cut -d' ' -f1; }
# a block device with poison cannot be read whole: salvage's image (lost sectors zero) instead
bsum() { pmemctl_rc salvage "$1" /tmp/salvage.img > /dev/null 2>&1; md5sum < /tmp/salvage.img | cut -d' ' -f1; rm -f /tmp/salvage.img; }
rbb() { cat /sys/bus/nd/devices/$1/badblocks | tr '\n' ';'; }
one_line() { echo "$1 $(grep -c '' /tmp/e) $(grep -c "$2" /tmp/e)"; }

step "faults: a clean start"
check "the lab patch's fault knob is there" test -w $KNOB/bus_fail_cmd
heal_bus
clear_injections $RAW_NS; clear_injections $FSDAX_NS
pmemctl recover -n $DAX > /dev/null 2>&1; pmemctl recover -n $FSDAX_NS > /dev/null 2>&1
expect_eq "no poison listed on either namespace" "0 0" \
	"$(pmemctl list-poison -n $DAX | jq length) $(pmemctl list-poison -n $FSDAX_NS | jq length)"

step "a disabled region: its poison is unknown, not absent"
pmemctl inject -n $DAX -B 64 -c 1 --quiet > /dev/null || not_ok "inject"
clear_injections $RAW_NS
before=$(pmemctl list-poison -r $RAW_REGION | jq -c 'map([.sector, .sectors])')
expect_eq "the injected sector is listed" "[[64,1]]" "$before"
rm -f /tmp/mon.jsonl
pmemctl_rc monitor --log /tmp/mon.jsonl --no-stdout &
MON=$!
sleep 1
ndctl disable-region $RAW_REGION > /dev/null 2>&1 || not_ok "disable-region"
cat /sys/bus/nd/devices/$RAW_REGION/badblocks > /dev/null 2> /tmp/e
expect_eq "the kernel fails reads of its badblocks with ENXIO" 1 "$(grep -c 'No such device or address' /tmp/e)"
pmemctl_rc list-poison -r $RAW_REGION > /tmp/o 2> /tmp/e; rc=$?
expect_eq "list-poison: exit 0, no records, one note naming the region and enable-region" "0 [] 1 1" \
	"$rc $(jq -c . /tmp/o) $(grep -c '' /tmp/e) $(grep -c "$RAW_REGION: disabled.*enable-region" /tmp/e)"
expect_eq "--summary: enabled false, ranges and bytes null" '[{"enabled":false,"ranges":null,"bytes":null}]' \
	"$(pmemctl list-poison -r $RAW_REGION --summary 2>/dev/null | jq -c 'map({enabled, ranges, bytes})')"
pmemctl list-poison --format prometheus > /tmp/prom 2>/dev/null
expect_eq "prometheus: pmemctl_region_enabled 0 and no poison series for it" "1 0" \
	"$(grep -c "^pmemctl_region_enabled{.*nd_region=\"$RAW_REGION\"} 0\$" /tmp/prom) $(grep -c "^pmemctl_[a-z_]*poison.*nd_region=\"$RAW_REGION\"" /tmp/prom)"
pmemctl_rc list-poison -n $RAW_NS > /tmp/o 2> /tmp/e; rc=$?
expect_eq "list-poison -n NS: exit 3, one line saying regions are disabled" "3 1 1" "$(one_line $rc "disabled regions.*$RAW_REGION")"
pmemctl_rc recover -r $RAW_REGION > /tmp/o 2> /tmp/e; rc=$?
expect_eq "recover -r: refused, exit 5, one line with what to do, nothing on stdout" "5 1 1 0" \
	"$(one_line $rc "ndctl enable-region $RAW_REGION") $(grep -c '' /tmp/o)"
spa=$(( $(cat /sys/bus/nd/devices/$RAW_REGION/resource) + 4096 ))
pmemctl_rc inject --spa $spa > /tmp/o 2> /tmp/e; rc=$?
expect_eq "inject --spa inside it: exit 3, one line naming it" "3 1 1" "$(one_line $rc "is in $RAW_REGION, which is disabled")"
c0=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
sleep 3
c1=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
expect_eq "monitor: the disabled region's dead attribute does not wake it" "$c0" "$c1"
ndctl enable-region $RAW_REGION > /dev/null 2>&1 || not_ok "enable-region"
sleep 2
kill -TERM $MON; wait $MON
keep_json monitor /tmp/mon.jsonl
DAX=$(dax_chardev $RAW_NS)
expect_eq "enabled again: the same poison is listed" "$before" \
	"$(pmemctl list-poison -r $RAW_REGION | jq -c 'map([.sector, .sectors])')"
info "monitor: $(jq -r '[.event, .kernel_device // .device] | join(":")' /tmp/mon.jsonl | tr '\n' ' ')"
expect_eq "monitor: region-disabled then region-enabled" "region-disabled region-enabled" \
	"$(jq -r "select(.event | startswith(\"region\")) | select(.kernel_device == \"$RAW_REGION\") | .event" /tmp/mon.jsonl | tr '\n' ' ' | sed 's/ $//')"
expect_eq "monitor: no poison added or cleared (the poison was unknown, never cleared)" 0 \
	"$(jq -r 'select(.event == "poison-added" or .event == "poison-cleared")' /tmp/mon.jsonl | grep -c event)"

step "clear-error busy: devdax recovery fails, nothing changes, a retry works"
sum0=$(dsum); bb0=$(rbb $RAW_REGION)
fail_bus $ND_CMD_CLEAR_ERROR -16
pmemctl_rc recover -n $DAX > /tmp/r.json 2> /tmp/e; rc=$?
heal_bus
info "recover: $(jq -c 'map([.status, .reason])' /tmp/r.json)"
expect_eq "exit 1, one line on stderr" "1 1 1" "$(one_line $rc "1 range not recovered")"
expect_eq "the write failed at clear-error, busy, with what to do" '["failed",true,true]' \
	"$(jq -c '.[0] | [.status, (.reason | startswith("clear-error: Device or resource busy")), (.reason | contains("retry later"))]' /tmp/r.json)"
expect_eq "the device (through its mapping) and the badblocks are unchanged" "$sum0 $bb0" "$(dsum) $(rbb $RAW_REGION)"
check "the audit line says failed" grep -q "recover: .*namespace=$RAW_NS .*writes=1/1 failed=1 .*result=failed" /tmp/messages
pmemctl_rc recover -n $DAX > /tmp/r.json 2> /tmp/e; rc=$?
expect_eq "the platform idle again: recover exit 0, cleared, nothing listed" '0 ["cleared"] 0' \
	"$rc $(jq -c 'map(.status)' /tmp/r.json) $(pmemctl list-poison -n $DAX | jq length)"

step "clear-error failing (EIO): a block write over poison fails in the kernel, the old bytes stay"
pmemctl inject -n $FSDAX_NS -B 200 -c 2 --quiet > /dev/null || not_ok "inject"
clear_injections $FSDAX_NS
sum0=$(bsum /dev/$FSDAX_DEV); bb0=$(rbb $FSDAX_REGION)
fail_bus $ND_CMD_CLEAR_ERROR -5
pmemctl_rc recover -n $FSDAX_NS > /tmp/r.json 2> /tmp/e; rc=$?
heal_bus
info "recover: $(jq -c 'map([.status, .reason])' /tmp/r.json)"
expect_eq "exit 1; the write failed with EIO and the reason says the kernel could not clear" '1 ["failed",true,true]' \
	"$rc $(jq -c '.[0] | [.status, (.reason | startswith("write: Input/output error")), (.reason | contains("could not clear"))]' /tmp/r.json)"
expect_eq "the device (salvaged image) and the badblocks are unchanged" "$sum0 $bb0" "$(bsum /dev/$FSDAX_DEV) $(rbb $FSDAX_REGION)"

step "clear-error failing under a DAX file: the recovery write fails, the file is unchanged"
pmemctl recover -n $FSDAX_NS > /dev/null 2>&1 || not_ok "recover the poison from above"
modprobe xfs
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f -m reflink=0,rmapbt=1 /dev/$FSDAX_DEV || not_ok "mkfs.xfs"
mount -o dax=always /dev/$FSDAX_DEV /mnt/x || not_ok "mount"
head -c 65536 /dev/urandom > /mnt/x/f; sync
pmemctl inject --file /mnt/x/f --offset 8192 --quiet > /dev/null || not_ok "inject --file"
clear_injections $FSDAX_NS
fsum0=$(bsum /mnt/x/f)
fail_bus $ND_CMD_CLEAR_ERROR -5
pmemctl_rc recover --file /mnt/x/f > /tmp/r.json 2> /tmp/e; rc=$?
heal_bus
info "recover --file: $(jq -c 'map([.status, .reason])' /tmp/r.json)"
expect_eq "exit 1; the write failed and the reason says the kernel could not clear" '1 ["failed",true]' \
	"$rc $(jq -c '.[0] | [.status, (.reason | contains("could not clear"))]' /tmp/r.json)"
expect_eq "the file (salvaged) is unchanged and its poison still listed" "$fsum0 true" \
	"$(bsum /mnt/x/f) $(pmemctl list-poison -n $FSDAX_NS | jq 'length > 0')"
pmemctl_rc recover --file /mnt/x/f > /tmp/r.json 2> /dev/null; rc=$?
expect_eq "healed: recover --file exit 0, cleared" '0 ["cleared"]' "$rc $(jq -c 'map(.status)' /tmp/r.json)"
umount /mnt/x

step "an error-injection DSM that fails: one line, nothing injected"
st0=$(pmemctl inject --status -n $FSDAX_NS | jq -c .)
fail_bus $ND_CMD_CALL -5
pmemctl_rc inject -n $FSDAX_NS -B 300 -c 1 > /tmp/o 2> /tmp/e; rc=$?
heal_bus
expect_eq "exit 1, one line naming the namespace and the error" "1 1 1" "$(one_line $rc "$FSDAX_NS: inject failed .*Input/output error")"
expect_eq "firmware's injection list and the kernel's list are unchanged" "$st0 0" \
	"$(pmemctl inject --status -n $FSDAX_NS | jq -c .) $(pmemctl list-poison -n $FSDAX_NS | jq length)"
