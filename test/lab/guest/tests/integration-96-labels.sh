# Several namespaces per region, through labels on nfit_test.0's DIMMs
# (issue 18): unclaimed space seen by a user other than root (item 1), and
# an fsdax namespace away from region offset 0 with poison in its memmap
# reservation, which the kernel fails to enable (item 7): pmemctl says why
# and does not take it for raw (item 2). Late in the suite: it relabels
# nfit_test.0's DIMMs, so the namespaces of the earlier scripts are gone
# afterwards (97-99 use the QEMU NVDIMM).
ns_new() { ndctl create-namespace -r $RAW_REGION "$@" 2>/tmp/ns.err | jq -r .dev; }
step "labels on nfit_test.0's DIMMs, two namespaces in $RAW_REGION"
ndctl disable-region -b nfit_test.0 all > /dev/null 2>&1
ndctl init-labels -f -b nfit_test.0 all > /dev/null 2>&1 || not_ok "init-labels"
ndctl enable-region -b nfit_test.0 all > /dev/null 2>&1 || not_ok "enable-region"
A=$(ns_new -s 16M -m raw)
check "a 16 MiB raw namespace at region offset 0: $A" test -n "$A"
RB=$(( $(region_res $RAW_REGION) ))

step "unprivileged: poison in unclaimed space is unknown, never 0"
# region sector 40000 (past A's 16 MiB): poisoned through a namespace there, then unclaimed
T=$(ns_new -s 16M -m raw)
ndctl inject-error --no-notify -B $((40000 - 32768)) -n 8 $T > /dev/null 2>&1 || not_ok "inject into $T"
scrub $RAW_BUS
ndctl disable-namespace $T > /dev/null 2>&1; ndctl destroy-namespace -f $T > /dev/null 2>&1 || not_ok "destroy $T"
info "$RAW_REGION badblocks: $(bb /sys/bus/nd/devices/$RAW_REGION/badblocks)"
expect_eq "root: unclaimed poison at region sector 40000" '[["unclaimed",40000,8]]' \
	"$(pmemctl list-poison -r $RAW_REGION | jq -c '[.[] | select(.area == "unclaimed") | [.area, .region_sector, .sectors]]')"
chmod 755 /tmp
su nobody -s /bin/sh -c "pmemctl list-poison -r $RAW_REGION --summary" > /tmp/u.json 2> /tmp/u.err; rc=$?
expect_eq "nobody: the region's count is unknown (null), not 0, and a note says why" "0 [null,null] 1" \
	"$rc $(jq -c '[.[] | select(.namespace == null)][0] | [.ranges, .bytes]' /tmp/u.json) $(grep -c 'cannot be placed without root' /tmp/u.err)"
su nobody -s /bin/sh -c "pmemctl list-poison -r $RAW_REGION" > /tmp/u.json 2> /tmp/u.err; rc=$?
info "nobody: $(jq -c 'map([.namespace, .area, .placed, .region_sector, .sectors])' /tmp/u.json)"
expect_eq "nobody, the plain list: the range as a record (region sector, length), namespace unknown, placed false" \
	'0 [[null,"unknown","region",false,null,40000,8,null]]' \
	"$rc $(jq -c 'map([.namespace, .area, .source, .placed, .sector, .region_sector, .sectors, .spa])' /tmp/u.json)"
su nobody -s /bin/sh -c "pmemctl list-poison -r $RAW_REGION -u --noheadings -o region,namespace,area,region_sector,sectors,placed" > /tmp/u.txt 2> /dev/null; rc=$?
expect_eq "nobody, the table: the range as a row" "0 $RAW_REGION - unknown 40000 8 false" "$rc $(tr -s ' \n' ' ' < /tmp/u.txt | sed 's/ $//')"

step "an fsdax namespace at region offset 16 MiB while the region has poison at sector 64 (in $A)"
# the kernel looks B's memmap reservation (its sectors 16 up to its data
# offset) up at those region sectors: poison in A there fails B's enable
ndctl inject-error --no-notify -B 64 -n 8 $A > /dev/null 2>&1 || not_ok "inject into $A"
scrub $RAW_BUS
B=$(ns_new -s 16M -m raw)
check "a second namespace, raw, at 16 MiB: $B" test -n "$B"
ndctl create-namespace -f -e $B -m fsdax > /tmp/b.out 2> /tmp/b.err; rc=$?
info "reconfiguring $B fsdax: exit $rc: $(tr '\n' ' ' < /tmp/b.err | cut -c1-300)"
info "$B: driver $([ -e /sys/bus/nd/devices/$B/driver ] && echo bound || echo none), holder_class '$(cat /sys/bus/nd/devices/$B/holder_class 2>/dev/null)'"
info "kernel: $(dmesg | grep -i 'clearing' | tail -2 | tr '\n' ' ')"
check "the kernel failed to enable $B (the limitation, reproduced)" test ! -e /sys/bus/nd/devices/$B/driver
pmemctl_rc list-poison -n $B > /tmp/b.json 2> /tmp/b.note; rc=$?
info "list-poison -n $B: $(jq -c '[.[] | [.mode, .area, .offset, .region_sector, .sectors]]' /tmp/b.json)"
expect_eq "the disabled namespace: mode fsdax, area unknown, no data offset" '[["fsdax","unknown",null]]' \
	"$(jq -c '[.[] | [.mode, .area, .offset]] | unique' /tmp/b.json)"
pmemctl_rc list-poison -r $RAW_REGION > /dev/null 2> /tmp/r.note
sed 's/^/#   /' /tmp/r.note
expect_eq "list-poison -r: a note says why enabling fails and what clears it" 1 \
	"$(grep -c "$B is disabled (configured fsdax): enabling it fails with \"Bad address\".*region sector 64 (8 sectors, in $A).*pmemctl recover -n $A" /tmp/r.note)"
pmemctl recover -n $A > /dev/null
ndctl enable-namespace $B > /dev/null 2>&1
check "after recovering $A's poison, $B enables" test -e /sys/bus/nd/devices/$B/driver

step "recover -r --from: every namespace's image is checked before any namespace is written"
# A's poison (sector 100) lies inside an 8 MiB image, B's (sector 20000,
# 10 MB in) does not: A comes first, and was written before B was refused.
# B also holds the region's sector 40000 (its 7232), poisoned above.
bsum() { pmemctl_rc salvage /dev/$1 /tmp/b.img > /dev/null 2>&1; md5sum < /tmp/b.img | cut -d' ' -f1; rm -f /tmp/b.img; }
ndctl create-namespace -f -e $B -m raw > /dev/null 2>&1 || not_ok "reconfigure $B raw"
PA=$(ls /sys/bus/nd/devices/$A/block); PB=$(ls /sys/bus/nd/devices/$B/block)
ndctl inject-error --no-notify -B 100 -n 1 $A > /dev/null 2>&1 || not_ok "inject into $A"
ndctl inject-error --no-notify -B 20000 -n 1 $B > /dev/null 2>&1 || not_ok "inject into $B"
scrub $RAW_BUS
lists() { echo "$(bb /sys/block/$PA/badblocks)/$(bb /sys/block/$PB/badblocks)"; }
expect_eq "the kernel lists $PA's sector 100 and $PB's sectors 7232 and 20000" "100 1;/7232 8;20000 1;" "$(lists)"
head -c 8388608 /dev/urandom > /tmp/small.img
sa=$(bsum $PA) sb=$(bsum $PB)
for dry in "" --dry-run; do
	pmemctl_rc recover -r $RAW_REGION --from /tmp/small.img $dry > /tmp/r.out 2> /tmp/r.err; rc=$?
	expect_eq "recover -r $RAW_REGION --from an 8 MiB image $dry: exit 2, one line naming the image, nothing on stdout" \
		"2 1 1 0" "$rc $(grep -c '' /tmp/r.err) $(grep -c -- '--from /tmp/small.img: 8388608 bytes' /tmp/r.err) $(grep -c '' /tmp/r.out)"
	[ "$(grep -c '' /tmp/r.err)" = 1 ] || sed 's/^/#   /' /tmp/r.err
done
expect_eq "nothing was written: $PA's and $PB's bytes and poison as before" "$sa $sb 100 1;/7232 8;20000 1;" \
	"$(bsum $PA) $(bsum $PB) $(lists)"
head -c 16777216 /dev/urandom > /tmp/big.img
pmemctl_rc recover -r $RAW_REGION --from /tmp/big.img > /tmp/r.out; rc=$?
expect_eq "a large enough image: exit 0, the three ranges cleared" "0 [\"cleared\",\"cleared\",\"cleared\"] /" \
	"$rc $(jq -c 'map(select(.replacement == "image") | .status)' /tmp/r.out) $(lists)"
rm -f /tmp/small.img /tmp/big.img
clear_injections $A; clear_injections $B
