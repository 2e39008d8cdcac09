# list-poison on raw and fsdax namespaces, checked against the kernel's own
# badblocks files, Debian's ndctl, and I/O that really fails.
R1=$RAW_REGION R2=$FSDAX_REGION

step "no poison yet"
out=$(pmemctl_rc list-poison); rc=$?
expect_eq "no poison: prints []" "[]" "$out"
expect_eq "no poison: exit 0" 0 $rc

step "poison in the raw namespace"
inject $RAW_NS 8 1; inject $RAW_NS 100 16
scrub $RAW_BUS
info "$R1 [$(bb /sys/bus/nd/devices/$R1/badblocks)] $RAW_DEV [$(bb /sys/block/$RAW_DEV/badblocks)]"
agree $R1 $RAW_DEV
expect_eq "raw: pmemctl equals ndctl list -M" "$(ndctl_ns_bb $RAW_NS)" "$(pm_ns_bb $RAW_DEV)"
expect_eq "raw: the injected blocks are where ndctl put them" "8 1
100 16" "$(pm_ns_bb $RAW_DEV)"
d=$(pmemctl list-poison -n $RAW_NS | jq -r '.[0].dimms | join(",")')
nd=$(ndctl list -M -n $RAW_NS | jq -r '(if type == "array" then .[0] else . end) | .badblocks[0].dimms | join(",")')
expect_eq "raw: DIMM of the first range agrees with ndctl" "$nd" "$d"

step "a read of the poisoned sector fails with EIO, and pmemctl lists that sector"
check "O_DIRECT read of sector 8 of /dev/$RAW_DEV fails with EIO" sh -c "labtool dread /dev/$RAW_DEV 4096 512 | grep -q EIO"
check "the neighbouring sector reads fine" labtool dread /dev/$RAW_DEV 4608 512
n=$(pmemctl list-poison -n $RAW_DEV | jq '[.[] | select(.device == "'$RAW_DEV'" and .offset <= 4096 and .offset + .length > 4096)] | length')
expect_eq "pmemctl lists the sector that returned EIO" 1 "$n"

step "fsdax: poison in the metadata area, straddling the data start, and in data"
# region2 is still raw: inject by region sector now, convert to fsdax after.
# ndctl lays out a 64 MiB fsdax namespace with its data at 2 MiB (sector
# 4096): sectors 1024+8 fall in the memmap reservation, 4092+8 straddle the
# data start (4 sectors each side).
inject $FSDAX_NS 1024 8; inject $FSDAX_NS 4092 8
ndctl create-namespace -f -e $FSDAX_NS -m fsdax --no-autolabel > /tmp/ns.json || not_ok "create fsdax"
FSDAX_DEV=$(jq -r .blockdev /tmp/ns.json)
pfn=$(basename $(readlink /sys/block/$FSDAX_DEV/device))
data_off=$(( $(printf '%d' $(cat /sys/bus/nd/devices/$pfn/resource)) - $(region_res $R2) ))
expect_eq "fsdax: data area starts at region offset 2 MiB (layout the test assumes)" 2097152 $data_off
inject $FSDAX_NS 64 8; inject $FSDAX_NS 4096 8
scrub $FSDAX_BUS
info "$R2 [$(bb /sys/bus/nd/devices/$R2/badblocks)] $FSDAX_DEV [$(bb /sys/block/$FSDAX_DEV/badblocks)]"
agree $R2 $FSDAX_DEV
expect_eq "fsdax: pmemctl equals ndctl list -M" "$(ndctl_ns_bb $FSDAX_NS)" "$(pm_ns_bb $FSDAX_DEV)"
expect_eq "fsdax: injected data blocks are at their data-relative sectors, the straddling range clipped" "0 4
64 8
4096 8" "$(pm_ns_bb $FSDAX_DEV)"
m=$(pmemctl list-poison -n $FSDAX_NS | jq -c '[.[] | select(.area == "metadata") | [.region_sector, .sectors, .offset]]')
expect_eq "fsdax: poison outside the data area is area metadata with null offset" "[[1024,8,null],[4092,4,null]]" "$m"
rs=$(pmemctl list-poison -n $FSDAX_NS | jq '[.[] | select(.sector == 64)][0].region_sector')
expect_eq "fsdax: region sector = data start + data sector" $(( data_off / 512 + 64 )) "$rs"
check "fsdax: O_DIRECT read of data sector 64 fails with EIO" sh -c "labtool dread /dev/$FSDAX_DEV $((64*512)) 512 | grep -q EIO"

step "software-only badblocks on the QEMU NVDIMM (no ARS there)"
echo "64 8" > /sys/block/$QEMU_DEV/badblocks
r=$(pmemctl list-poison -n $QEMU_DEV | jq -c '.[] | [.source, .area, .sector, .sectors, .region_sector, .spa]')
expect_eq "qemu: a range only the block device lists is reported with source block" \
	"[\"block\",\"data\",64,8,64,$(( $(region_res $QEMU_REGION) + 32768 ))]" "$r"
expect_eq "qemu: pmemctl equals /sys/block/$QEMU_DEV/badblocks" "$(kernel_ns_bb $QEMU_DEV)" "$(pm_ns_bb $QEMU_DEV)"
check "qemu: O_DIRECT read of sector 64 fails with EIO" sh -c "labtool dread /dev/$QEMU_DEV $((64*512)) 512 | grep -q EIO"

echo "RAW_DEV=$RAW_DEV" >> /lab/topology.env; echo "FSDAX_DEV=$FSDAX_DEV" >> /lab/topology.env
dump phase1-raw-fsdax.tgz
