# The bad-input matrix against real devices: every row gets its documented
# exit status and one line on stderr, and nothing on the devices changes
# (checksums of the fsdax block device and of the devdax device through its
# mapping, the kernel's badblocks, firmware's injection list). Starts after
# integration-80: namespace2.0 fsdax (unmounted), namespace1.0 devdax.
FSDAX_DEV=$(ndctl list -n $FSDAX_NS | jq -r '(if type == "array" then .[0] else . end) | .blockdev')
DAX=$(dax_chardev $RAW_NS)
FSZ=$(( $(cat /sys/block/$FSDAX_DEV/size) ))
DSZ=$(( $(cat /sys/bus/dax/devices/$DAX/size) / 512 ))
state() {
	echo "$(md5sum < /dev/$FSDAX_DEV | cut -d' ' -f1)" \
		"$(labtool mcat /dev/$DAX 0 $(( DSZ * 512 )) | md5sum | cut -d' ' -f1)" \
		"$(cat /sys/bus/nd/devices/$RAW_REGION/badblocks /sys/bus/nd/devices/$FSDAX_REGION/badblocks | md5sum | cut -d' ' -f1)" \
		"$(ndctl inject-error --status $FSDAX_NS 2>/dev/null | md5sum | cut -d' ' -f1)"
}
info "devices: /dev/$FSDAX_DEV ($FSZ sectors), /dev/$DAX ($DSZ sectors)"
before=$(state)
n=0
while IFS='|' read -r want a1 a2 a3 a4 a5 a6 a7; do
	case $want in ''|'#'*) continue ;; esac
	set -- $a1 $a2 $a3 $a4 $a5 $a6 $a7
	pmemctl_rc "$@" > /tmp/o 2> /tmp/e; rc=$?
	n=$((n + 1))
	expect_eq "pmemctl $*: exit $want, one line" "$want 1" "$rc $(grep -c '' /tmp/e)"
done <<ROWS
2|inject|-n|$FSDAX_NS|-B|-1
2|inject|-n|$FSDAX_NS|-B|$FSZ
2|inject|-n|$FSDAX_NS|-B|$((FSZ - 1))|-c|2
2|inject|-n|$FSDAX_NS|-B|0|-c|0
2|inject|-n|$FSDAX_NS|-B|18446744073709551615|-c|2
2|inject|-n|$DAX|-B|$DSZ
2|inject|--file|/dev/$FSDAX_DEV
3|inject|-n|/dev/null|-B|8
3|inject|--spa|4096
2|recover|-n|$FSDAX_NS|-B|$FSZ|-c|8
2|recover|-n|$DAX|-B|$DSZ|-c|1
2|recover|-n|$DAX|--file|/dev/$DAX
3|recover|--file|/init
2|salvage|/dev/$DAX|/dev/$FSDAX_DEV
2|unbind|$FSDAX_NS|--wait|-1
2|scrub|-b|$FSDAX_BUS|--timeout|x
ROWS
info "$n rows"
expect_eq "after every row: both devices, the badblocks and the injection list are unchanged" "$before" "$(state)"
