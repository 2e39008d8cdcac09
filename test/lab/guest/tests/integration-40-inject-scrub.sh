# pmemctl inject and scrub, checked against the kernel's badblocks files and
# Debian's ndctl inject-error --status. Starts where integration-30 left off:
# namespace1.0 devdax, namespace2.0 sector (BTT).
R1=$RAW_REGION R2=$FSDAX_REGION
# ndctl's view of the injection list as "block count" lines
ndctl_status() { ndctl inject-error --status $1 2>/dev/null | jq -r '.badblocks // [] | .[] | "\(.block) \(.count)"' | sort -n; }
pm_status() { pmemctl inject --status -n $1 | jq -r '.[] | "\(.sector) \(.sectors)"' | sort -n; }
scrubs() { cut -d+ -f1 /sys/bus/nd/devices/$RAW_BUS/nfit/scrub; }
# refuse WANT_RC DESCRIPTION ARGS...: exits WANT_RC with one line, injects nothing
refuse() {
	want=$1 d=$2; shift 2
	before=$(ndctl_status $RAW_NS; ndctl_status $FSDAX_NS)
	pmemctl_rc inject "$@" > /tmp/o 2> /tmp/e; rc=$?
	after=$(ndctl_status $RAW_NS; ndctl_status $FSDAX_NS)
	if [ $rc = $want ] && [ "$(grep -c '' /tmp/e)" = 1 ] && [ "$before" = "$after" ]; then ok "refused: $d (exit $rc: $(cat /tmp/e))"
	else not_ok "refused: $d: exit $rc (want $want), stderr $(grep -c '' /tmp/e) lines, injections changed: $([ "$before" = "$after" ] && echo no || echo yes)"; sed 's/^/#   /' /tmp/e | head -3; fi
}

step "inject refuses a BTT namespace"
refuse 5 "BTT namespace" -n $FSDAX_NS -B 8

step "back to raw and fsdax"
ndctl create-namespace -f -e $RAW_NS -m raw --no-autolabel >/dev/null || not_ok "raw again"
ndctl create-namespace -f -e $FSDAX_NS -m fsdax --no-autolabel > /tmp/ns.json || not_ok "fsdax again"
FSDAX_DEV=$(jq -r .blockdev /tmp/ns.json)
RAW_DEV=$(ls /sys/bus/nd/devices/$RAW_NS/block)
info "raw $RAW_NS=$RAW_DEV fsdax $FSDAX_NS=$FSDAX_DEV"

step "scrub"
pmemctl_rc scrub --status > /tmp/s.json; rc=$?
expect_eq "scrub --status: exit 0" 0 $rc
expect_eq "scrub --status: one record per bus that can scrub" '["nfit_test.0","nfit_test.1"]' "$(jq -c 'map(.provider) | sort' /tmp/s.json)"
expect_eq "scrub --status: scrubs equals the kernel's scrub attribute" "$(scrubs)" "$(jq '.[] | select(.bus == "'$RAW_BUS'") | .scrubs' /tmp/s.json)"
c0=$(scrubs)
pmemctl_rc scrub -b nfit_test.0 > /tmp/s.json; rc=$?
expect_eq "scrub (start and wait): exit 0" 0 $rc
check "scrub returned after the scrub completed (count rose, none running)" sh -c "[ $(scrubs) -gt $c0 ] && ! grep -q + /sys/bus/nd/devices/$RAW_BUS/nfit/scrub"
expect_eq "scrub prints the state after" '"idle"' "$(jq '.[0].scrub' /tmp/s.json)"
pmemctl_rc scrub --wait -b nfit_test.0 >/dev/null; expect_eq "scrub --wait with nothing running returns at once, exit 0" 0 $?
pmemctl_rc scrub -b ACPI.NFIT > /tmp/o 2> /tmp/e; rc=$?
expect_eq "scrub on a bus without ARS: exit 5, one line" "5 1" "$rc $(grep -c '' /tmp/e)"
pmemctl_rc scrub -b nosuchbus 2>/dev/null; expect_eq "scrub on an unknown bus: exit 3" 3 $?

step "inject, wait for the kernel, compare with ndctl"
pmemctl_rc inject -n $RAW_NS -B 300 -c 2 > /tmp/i.json; rc=$?
expect_eq "inject -B 300 -c 2: exit 0" 0 $rc
expect_eq "inject reports what it did" '[["inject",true,300,2]]' "$(jq -c 'map([.action, .done, .sector, .sectors])' /tmp/i.json)"
check "when inject returns, the kernel lists the blocks" grep -q '^300 2$' /sys/block/$RAW_DEV/badblocks
expect_eq "inject --status equals ndctl inject-error --status" "$(ndctl_status $RAW_NS)" "$(pm_status $RAW_NS)"
check "ndctl inject-error --status lists blocks 300-301" sh -c "ndctl inject-error --status $RAW_NS | jq -e '[.badblocks[] | select(.block <= 300 and .block + .count >= 302)] | length == 1'"
expect_eq "inject --status records have list-poison's keys" \
	"$(pmemctl list-poison | jq -c '.[0] | keys')" "$(pmemctl inject --status -n $RAW_NS | jq -c '.[0] | keys')"
check "the audit line reached syslog" grep -q "pmemctl.*inject: uid=0 user=root inject namespace=$RAW_NS block=300 count=2 .*result=ok" /tmp/messages

step "--no-notify: latent until a scrub"
pmemctl_rc inject -n $RAW_NS -B 400 --no-notify >/dev/null; rc=$?
expect_eq "inject --no-notify: exit 0" 0 $rc
check "--no-notify: the kernel does not list block 400 yet" sh -c "! grep -q '^400 ' /sys/block/$RAW_DEV/badblocks"
pmemctl scrub -b $RAW_BUS >/dev/null
check "after pmemctl scrub the kernel lists block 400" grep -q '^400 1$' /sys/block/$RAW_DEV/badblocks

step "uninject"
pmemctl_rc inject --uninject -n $RAW_NS -B 400 > /tmp/o 2> /tmp/e; rc=$?
expect_eq "uninject: exit 0" 0 $rc
check "uninject warns that the kernel keeps the badblock and points at recover" grep -q 'pmemctl recover' /tmp/e
check "uninject: no longer in the injection status" sh -c "! pmemctl inject --status -n $RAW_NS | jq -e '.[] | select(.sector == 400)' >/dev/null"
check "uninject: the kernel still lists block 400" grep -q '^400 1$' /sys/block/$RAW_DEV/badblocks

step "--dry-run and --spa"
pmemctl_rc inject -n $RAW_NS -B 500 -c 3 --dry-run > /tmp/d.json; rc=$?
expect_eq "dry-run: exit 0, the plan" '0 [["dry-run",false,500,3]]' "$rc $(jq -c 'map([.action, .done, .sector, .sectors])' /tmp/d.json)"
check "dry-run injected nothing" sh -c "! ndctl inject-error --status $RAW_NS | jq -e '.badblocks[] | select(.block == 500)' >/dev/null"
pfn=$(basename $(readlink /sys/block/$FSDAX_DEV/device))
spa=$(( $(printf '%d' $(cat /sys/bus/nd/devices/$pfn/resource)) + 100 * 512 + 7 ))
pmemctl_rc inject --spa $spa > /tmp/i.json; rc=$?
expect_eq "inject --spa (an address inside fsdax data block 100): exit 0, block 100 of $FSDAX_NS" \
	"0 [[\"$FSDAX_NS\",100,1]]" "$rc $(jq -c 'map([.namespace, .sector, .sectors])' /tmp/i.json)"
check "ndctl sees the injection at fsdax block 100" sh -c "ndctl inject-error --status $FSDAX_NS | jq -e '.badblocks[] | select(.block == 100)' >/dev/null"

step "refusals: one line, the documented exit code, nothing injected"
refuse 5 "bus without error injection (QEMU NVDIMM)" -n $QEMU_NS -B 8
refuse 2 "block beyond the namespace" -n $RAW_NS -B 999999999
refuse 2 "count 0" -n $RAW_NS -B 8 -c 0
refuse 2 "negative block" -n $RAW_NS -B -1
refuse 2 "count overflowing 64 bits" -n $RAW_NS -B 8 -c 18446744073709551616
refuse 3 "unknown namespace" -n namespace9.9 -B 8
refuse 3 "address on no NVDIMM" --spa 0x1000
refuse 2 "address in fsdax metadata" --spa $(( $(printf '%d' $(cat /sys/bus/nd/devices/$pfn/resource)) - 4096 ))
refuse 2 "both --spa and --namespace" -n $RAW_NS --spa $spa
refuse 2 "--namespace without --block" -n $RAW_NS
modprobe xfs
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f /dev/$FSDAX_DEV && mkdir -p /mnt/x && mount /dev/$FSDAX_DEV /mnt/x || not_ok "mount xfs on $FSDAX_DEV"
refuse 5 "mounted namespace" -n $FSDAX_NS -B 2000
pmemctl_rc inject -n $FSDAX_NS -B 2000 --force > /dev/null 2> /tmp/e; rc=$?
expect_eq "--force injects under a mounted namespace, with a note" "0 1" "$rc $(grep -c 'injecting anyway' /tmp/e)"
umount /mnt/x
su nobody -s /bin/sh -c "pmemctl inject -n $RAW_NS -B 8" > /dev/null 2> /tmp/e; rc=$?
expect_eq "not root: exit 4, one line" "4 1" "$rc $(grep -c '' /tmp/e)"

step "concurrent instances on one bus are serialised"
( flock /run/lock/pmemctl-$RAW_BUS.lock sleep 3 ) &
sleep 0.5
t=$(up)
pmemctl_rc inject -n $RAW_NS -B 600 --no-notify > /dev/null 2> /tmp/e; rc=$?
waited=$(awk -v a="$t" -v b="$(up)" 'BEGIN{print (b - a >= 2) ? "yes" : "no"}')
expect_eq "a second instance waits for the lock, says so, then injects" "0 yes 1" "$rc $waited $(grep -c 'waiting for another pmemctl' /tmp/e)"
wait

step "SIGINT while waiting for the bus lock"
( flock /run/lock/pmemctl-$RAW_BUS.lock sleep 2 ) &
holder=$!
sleep 0.3
pmemctl_rc inject -n $RAW_NS -B 1500 -c 4 --no-notify --quiet > /tmp/int.json 2> /tmp/e &
pid=$!
sleep 0.5; kill -INT $pid; wait $pid; rc=$?
expect_eq "interrupted before injecting: exit 130, report lists all 4 blocks as not done" \
	'130 [[false,1500,4]]' "$rc $(jq -c 'map([.done, .sector, .sectors])' /tmp/int.json)"
check "nothing was injected at block 1500" sh -c "! ndctl inject-error --status $RAW_NS | jq -e '.badblocks[] | select(.block == 1500)' >/dev/null"
wait $holder

step "SIGINT during a multi-block inject"
# The block loop is fast (well under a second for 200 blocks), so gate its
# start: pmemctl waits on the bus lock, the holder lets go, and the interrupt
# follows a few milliseconds later. Firmware's list caps what --status can
# show at about 250 records, hence 200 blocks.
total=200 got="" done_n=0
for delay in 3000 1000 8000 300 20000; do
	( flock /run/lock/pmemctl-$RAW_BUS.lock sleep 1 ) &
	holder=$!
	sleep 0.3
	pmemctl_rc inject -n $RAW_NS -B 2000 -c $total --no-notify --quiet > /tmp/int.json 2> /tmp/e &
	pid=$!
	wait $holder; usleep $delay; kill -INT $pid; wait $pid; rc=$?
	done_n=$(jq '[.[] | select(.done) | .sectors] | add // 0' /tmp/int.json)
	if [ $rc = 130 ] && [ "$done_n" -gt 0 ] && [ "$done_n" -lt $total ]; then got=$delay; break; fi
	info "SIGINT ${delay}us after the lock: exit $rc, $done_n of $total done; trying another delay"
	pmemctl inject --uninject -n $RAW_NS -B 2000 -c $total --quiet >/dev/null 2>&1
done
info "SIGINT ${got:-never}us after the lock: injected $done_n of $total; stderr: $(cat /tmp/e)"
expect_eq "SIGINT mid-way: exit 130 after some but not all blocks" "130 yes" "$rc $([ -n "$got" ] && echo yes || echo no)"
expect_eq "the report covers every block once: done + not done = $total" $total "$(jq '[.[].sectors] | add' /tmp/int.json)"
expect_eq "what the report says was injected is what firmware lists" "$done_n" \
	"$(ndctl inject-error --status $RAW_NS | jq --argjson t $total '[.badblocks[] | select(.block >= 2000 and .block < 2000 + $t) | .count] | add // 0')"
check "the interruption is in the audit log" grep -q "inject namespace=$RAW_NS block=2000 count=$total .*result=interrupted done=$done_n" /tmp/messages
