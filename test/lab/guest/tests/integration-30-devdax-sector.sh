# devdax (data after an info block, no block device) and sector (BTT: no
# stable offsets) on the same two injectable regions.
R1=$RAW_REGION R2=$FSDAX_REGION

step "recovery writes on the raw namespace clear its poison"
# sector 8 lies under the info block a devdax namespace writes at 4 KiB; the
# kernel cannot enable one over poison, so clear it first, as an admin would
ndctl inject-error --uninject -B 8 -n 1 $RAW_NS >/dev/null 2>&1
ndctl inject-error --uninject -B 100 -n 16 $RAW_NS >/dev/null 2>&1
check "O_DIRECT write over sector 8" labtool dwrite /dev/$RAW_DEV 4096 512
check "O_DIRECT write over sectors 100-115" labtool dwrite /dev/$RAW_DEV 51200 8192
expect_eq "cleared: the kernel lists nothing for $RAW_DEV" "" "$(kernel_ns_bb $RAW_DEV)"
expect_eq "cleared: pmemctl lists nothing for $RAW_DEV" "[]" "$(pmemctl list-poison -n $RAW_DEV)"

step "devdax"
ndctl create-namespace -f -e $RAW_NS -m devdax --align=4K --no-autolabel > /tmp/ns.json || not_ok "create devdax"
DAX=$(jq -r '.daxregion.devices[0].chardev' /tmp/ns.json)
info "devdax $RAW_NS -> $DAX"
inject $RAW_NS 256 8
scrub $RAW_BUS
r=$(pmemctl list-poison -n $DAX | jq -c '[.[] | select(.area == "data") | [.device, .mode, .sector, .sectors]]')
expect_eq "devdax: the block ndctl injected at data sector 256 is reported there" "[[\"$DAX\",\"devdax\",256,8]]" "$r"
expect_eq "devdax: pmemctl data ranges equal ndctl list -M" "$(ndctl_ns_bb $RAW_NS)" \
	"$(pmemctl list-poison -n $RAW_NS | jq -r '.[] | select(.area == "data") | "\(.sector) \(.sectors)"' | sort -n)"
expect_eq "$R1: pmemctl ranges equal the region's badblocks" "$(kernel_region_bb $R1)" "$(pm_region_bb $R1)"

step "sector (BTT)"
ndctl create-namespace -f -e $FSDAX_NS -m sector --no-autolabel > /tmp/ns.json || not_ok "create sector"
info "sector $FSDAX_NS -> $(jq -r .blockdev /tmp/ns.json)"
err=$(ndctl inject-error -B 8 -n 1 $FSDAX_NS 2>&1); info "ndctl inject-error on BTT: $err"
r=$(pmemctl list-poison -n $FSDAX_NS)
expect_eq "sector: every range in the namespace is counted" "$(grep -c '' /sys/bus/nd/devices/$R2/badblocks)" "$(echo "$r" | jq length)"
expect_eq "sector: area btt, offsets null" '[["btt",null,null]]' "$(echo "$r" | jq -c 'map([.area, .offset, .sector]) | unique')"
dump phase2-devdax-sector.tgz
