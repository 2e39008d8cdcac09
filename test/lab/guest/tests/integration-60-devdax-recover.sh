# pmemctl recover on devdax: clear-error on the bad ranges, then the data
# stored back through a mapping. Checked with checksums of the whole device
# read through its mapping (labtool mcat) and against the kernel's region
# badblocks. Starts after integration-50: namespace1.0 raw, no poison.
clear_injections $RAW_NS
ndctl create-namespace -f -e $RAW_NS -m devdax --align=4K --no-autolabel > /tmp/ns.json || not_ok "create devdax"
DAX=$(jq -r '.daxregion.devices[0].chardev' /tmp/ns.json)
SIZE=$(cat /sys/bus/dax/devices/$DAX/size)
info "devdax $RAW_NS -> /dev/$DAX, $SIZE bytes"
dsum() { labtool mcat /dev/$DAX 0 $SIZE | md5sum | cut -d' ' -f1; }
zero_sectors() { dd if=/dev/zero of="$1" bs=512 seek=$2 count=$3 conv=notrunc 2>/dev/null; }
data_bb() { pmemctl list-poison -n $DAX | jq -r '.[] | select(.area == "data") | "\(.sector) \(.sectors)"' | tr '\n' ';'; }
poison() {	# poison SECTOR COUNT...: inject, scrub, and let firmware forget (the kernel keeps them)
	while [ $# -gt 1 ]; do pmemctl inject -n $DAX -B $1 -c $2 --no-notify --quiet >/dev/null || not_ok "inject $1+$2"; shift 2; done
	pmemctl scrub -b $RAW_BUS --quiet >/dev/null
	clear_injections $RAW_NS
}

step "devdax: a known pattern through the mapping, then poison"
dd if=/dev/urandom of=/tmp/dax.img bs=$SIZE count=1 iflag=fullblock 2>/dev/null
labtool mload /dev/$DAX 0 $SIZE < /tmp/dax.img || not_ok "load the pattern"
expect_eq "the device holds the pattern" "$(md5sum < /tmp/dax.img | cut -d' ' -f1)" "$(dsum)"
poison 256 1 303 2 400 2 402 2	# one sector; two across a page boundary (sector 304); adjacent
expect_eq "pmemctl lists the test poison in the data area" "256 1;303 2;400 4;" "$(data_bb)"

step "devdax: dry run and refusals change nothing"
sum0=$(dsum); bb0=$(cat /sys/bus/nd/devices/$RAW_REGION/badblocks)
pmemctl_rc recover -n $DAX --dry-run > /tmp/r.json; rc=$?
expect_eq "dry run: exit 0, three planned clear-and-store writes" \
	'0 [["clear-and-store","planned",256,512],["clear-and-store","planned",303,1024],["clear-and-store","planned",400,2048]]' \
	"$rc $(jq -c 'map([.method, .status, .sector, .length])' /tmp/r.json)"
pmemctl_rc recover -n $DAX -B $((SIZE / 512)) -c 1 2>/dev/null; expect_eq "a range past the end of the device: exit 2" 2 $?
labtool mhold /dev/$DAX 3 &
holder=$!
sleep 1
pmemctl_rc recover -n $DAX > /tmp/o 2> /tmp/e; rc=$?
expect_eq "mapped by a process: exit 5, one line saying so" "5 1 1" "$rc $(grep -c '' /tmp/e) $(grep -c 'mapped' /tmp/e)"
wait $holder
expect_eq "dry run and refusals: the device checksum is unchanged" "$sum0" "$(dsum)"
expect_eq "dry run and refusals: the region's badblocks are unchanged" "$bb0" "$(cat /sys/bus/nd/devices/$RAW_REGION/badblocks)"
wait

step "devdax: recover with zeros"
cp /tmp/dax.img /tmp/dax.expect
zero_sectors /tmp/dax.expect 256 1; zero_sectors /tmp/dax.expect 303 2; zero_sectors /tmp/dax.expect 400 4
pmemctl_rc recover -n $DAX > /tmp/r.json; rc=$?
info "recover: $(jq -c 'map([.sector, .length, .replaced, .kept, .status])' /tmp/r.json)"
expect_eq "recover: exit 0, three writes (adjacent ranges coalesced), all cleared" '0 3 ["cleared"]' \
	"$rc $(jq length /tmp/r.json) $(jq -c 'map(.status) | unique' /tmp/r.json)"
expect_eq "recover: bytes replaced = the poisoned bytes" 3584 "$(jq '[.[].replaced] | add' /tmp/r.json)"
expect_eq "recover: no data poison left (clear-error dropped it from the kernel's list)" "" "$(data_bb)"
expect_eq "recover: every good byte unchanged, the bad sectors zero (checksum of the device)" \
	"$(md5sum < /tmp/dax.expect | cut -d' ' -f1)" "$(dsum)"
check "recover: the audit line reached syslog" grep -q "pmemctl.*recover: .*namespace=$RAW_NS .*writes=3/3 failed=0 replaced=3584 source=zeros result=done" /tmp/messages

step "devdax: recover --from IMAGE brings the original bytes back"
poison 256 1 1000 8
pmemctl_rc recover -n $DAX --from /tmp/dax.img > /tmp/r.json; rc=$?
cp /tmp/dax.expect /tmp/dax.expect2
dd if=/tmp/dax.img of=/tmp/dax.expect2 bs=512 skip=256 seek=256 count=1 conv=notrunc 2>/dev/null
dd if=/tmp/dax.img of=/tmp/dax.expect2 bs=512 skip=1000 seek=1000 count=8 conv=notrunc 2>/dev/null
expect_eq "--from: exit 0, cleared, replacement image" '0 [["cleared","image"]]' "$rc $(jq -c 'map([.status, .replacement]) | unique' /tmp/r.json)"
expect_eq "--from: the poisoned sectors hold the image's bytes, the rest unchanged" \
	"$(md5sum < /tmp/dax.expect2 | cut -d' ' -f1)" "$(dsum)"

step "devdax: SIGINT between writes stops, reports, and loses nothing"
# 80 separate bad sectors, 80 writes; gate the start on the bus lock and
# interrupt a little after it is released (as the inject test does)
set -- ; for i in $(seq 0 79); do set -- "$@" $((2048 + i * 16)) 1; done
poison "$@"
labtool mcat /dev/$DAX 0 $SIZE > /tmp/dax.before
got=""
for delay in 20000 5000 60000 1000 150000; do
	( flock /run/lock/pmemctl-$RAW_BUS.lock sleep 1 ) &
	holder=$!
	sleep 0.3
	pmemctl_rc recover -n $DAX > /tmp/int.json 2> /tmp/e &
	pid=$!
	wait $holder; usleep $delay; kill -INT $pid; wait $pid; rc=$?
	n_done=$(jq '[.[] | select(.status == "cleared")] | length' /tmp/int.json)
	if [ $rc = 130 ] && [ "$n_done" -gt 0 ] && [ "$n_done" -lt 80 ]; then got=$delay; break; fi
	info "SIGINT ${delay}us after the lock: exit $rc, $n_done of 80 cleared; trying another delay"
	poison "$@"
	labtool mcat /dev/$DAX 0 $SIZE > /tmp/dax.before
done
info "SIGINT ${got:-never}us after the lock: $n_done of 80 writes done"
expect_eq "SIGINT mid-way: exit 130, some writes cleared, the rest not-done" "130 yes [\"cleared\",\"not-done\"]" \
	"$rc $([ -n "$got" ] && echo yes || echo no) $(jq -c 'map(.status) | unique' /tmp/int.json)"
expect_eq "the report covers all 80 writes" 80 "$(jq length /tmp/int.json)"
expect_eq "what is reported not-done is still listed by the kernel" \
	"$(jq -r '.[] | select(.status == "not-done") | "\(.sector) 1"' /tmp/int.json | tr '\n' ';')" "$(data_bb)"
cp /tmp/dax.before /tmp/dax.expect3
for s in $(jq -r '.[] | select(.status == "cleared") | .sector' /tmp/int.json); do zero_sectors /tmp/dax.expect3 $s 1; done
expect_eq "after the interrupt: cleared sectors are zero, every other byte unchanged" \
	"$(md5sum < /tmp/dax.expect3 | cut -d' ' -f1)" "$(dsum)"
check "the interruption is in the audit log" grep -q "recover: .*namespace=$RAW_NS .*result=interrupted" /tmp/messages
pmemctl_rc recover -n $DAX > /tmp/r.json; rc=$?
expect_eq "recover again: exit 0, the rest cleared" "0 \"\"" "$rc \"$(data_bb)\""

step "devdax: salvage through the mapping, never touching the listed poison"
poison 5000 1 6000 2
labtool mcat /dev/$DAX 0 $SIZE > /tmp/dax.now
zero_sectors /tmp/dax.now 5000 1; zero_sectors /tmp/dax.now 6000 2
pmemctl_rc salvage /dev/$DAX /tmp/dax.salv > /tmp/s.json; rc=$?
expect_eq "devdax salvage: exit 1, input_kind devdax, lost = the listed sectors" '1 devdax [[5000,512],[6000,1024]]' \
	"$rc $(jq -r .input_kind /tmp/s.json) $(jq -c '[.lost_ranges[] | [.sector, .length]]' /tmp/s.json)"
expect_eq "devdax salvage: every other byte copied (checksum), the lost ones zero" \
	"$(md5sum < /tmp/dax.now | cut -d' ' -f1)" "$(md5sum < /tmp/dax.salv | cut -d' ' -f1)"
rm -f /tmp/dax.now /tmp/dax.salv
pmemctl_rc recover -n $DAX > /dev/null; expect_eq "clean up: recover exit 0" 0 $?
