# pmemctl monitor's machine-check and memory-failure events (issue 19):
# machine checks injected with the kernel's own mce-inject debugfs interface,
# straight from the shell, at addresses of the QEMU NVDIMM (whose region the
# NFIT machine-check handler knows). Runs late: it leaves a badrange in the
# QEMU region that nothing can clear (QEMU has no clear-error DSM); only 99
# comes after it.
MCE=/sys/kernel/debug/mce-inject
TRACING=/sys/kernel/tracing
mount | grep -q " /sys/kernel/debug " || mount -t debugfs none /sys/kernel/debug
mount | grep -q " $TRACING " || mount -t tracefs none $TRACING
modprobe mce_inject || not_ok "modprobe mce_inject"
RES=$(cat /sys/bus/nd/devices/$QEMU_REGION/resource)
NS_START=$(( $(cat /sys/bus/nd/devices/$QEMU_NS/resource) - RES ))	# a raw namespace: data = namespace
info "QEMU region $QEMU_REGION at $(printf 0x%x $RES), $QEMU_NS at region offset $NS_START, CPU $(grep -m1 vendor_id /proc/cpuinfo)"
info "kernel symbols: $(grep -wE 'amd_mce_usable_address|intel_mce_usable_address|mce_usable_address' /proc/kallsyms | awk '{print $3}' | tr '\n' ' ')"
for e in mce/mce_record ras/memory_failure_event signal/signal_generate; do
	info "format of $e: $(sed -n '/print fmt/p' $TRACING/events/$e/format)"
done

# the raw tracepoint lines, for the unit tests' fixtures (test/unit/fixtures)
mkdir -p $TRACING/instances/lab98
echo 1 > $TRACING/instances/lab98/events/mce/mce_record/enable
echo 1 > $TRACING/instances/lab98/events/ras/memory_failure_event/enable
# the filter monitor writes: SIGBUS with BUS_MCEERR_AR (4) or BUS_MCEERR_AO (5)
echo 'sig == 7 && (code == 4 || code == 5)' > $TRACING/instances/lab98/events/signal/signal_generate/filter ||
	not_ok "the kernel refused the signal_generate filter"
info "signal_generate filter: $(cat $TRACING/instances/lab98/events/signal/signal_generate/filter)"
echo 1 > $TRACING/instances/lab98/events/signal/signal_generate/enable

# mce_sw ADDR MISC [STATUS]: one decode-only record (flags=sw: the decoders and
# the NFIT handler run, memory_failure does not) on CPU 0, bank 4
mce_sw() {
	echo sw > $MCE/flags; echo 0 > $MCE/cpu
	echo ${3:-0xbd000000000800c0} > $MCE/status; echo $2 > $MCE/misc; echo $1 > $MCE/addr
	echo 4 > $MCE/bank
}
events() { jq -c "select(.event == \"$1\")" /tmp/mce.jsonl; }

step "monitor: machine checks in the start-up output"
rm -f /tmp/mce.jsonl
pmemctl_rc monitor --no-snapshot --log /tmp/mce.jsonl --no-stdout 2> /tmp/mce.err &
MON=$!
sleep 3
expect_eq "as root with tracefs: no events-unwatched event" "" "$(events events-unwatched)"
c0=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
sleep 5
c1=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
expect_eq "idle for 5 s with the trace pipe watched (signals of the shell filtered in the kernel): no wake-up" "$c0" "$c1"

step "monitor: decode-only machine checks at LSB 6, 9 and 12"
# data offset, MISC (physical address mode, LSB), granularity, the sectors the handler poisons;
# 512 MiB in: past the memmap an fsdax namespace keeps in its first 18 MiB (the kernel loops
# there trying to clear poison that QEMU cannot clear when the namespace becomes fsdax below)
for c in "$((0x20000240)) 0x86 64 1048577 1" "$((0x201003a0)) 0x89 512 1050625 1" "$((0x202005a0)) 0x8c 4096 1052672 8"; do
	set -- $c
	mce_sw $((RES + NS_START + $1)) $2
	sleep 2
	got=$(events machine-check | jq -c "select(.address == $((RES + NS_START + $1)))")
	expect_eq "LSB $(( $(printf %d $2) & 63 )): one machine-check event at the address" 1 "$(echo "$got" | grep -c .)"
	expect_eq "LSB $(( $(printf %d $2) & 63 )): namespace, data offset of its sectors, granularity, accepted, mode" \
		"[\"$QEMU_NS\",\"$QEMU_DEV\",\"data\",$(( $4 * 512 )),$3,true,\"physical\",$5]" \
		"$(echo "$got" | jq -c '[.namespace, .device, .area, .offset, .granularity, .accepted, .address_mode, .sectors]')"
	expect_eq "LSB $(( $(printf %d $2) & 63 )): one poison-added event for those sectors" "[\"$QEMU_NS\",$4,$5]" \
		"$(events poison-added | jq -c "select(.sector == $4) | [.namespace, .sector, .sectors]")"
done
expect_eq "the machine-check event comes before its poison-added event" "machine-check poison-added" \
	"$(jq -r 'select(.event == "machine-check" or .event == "poison-added") | .event' /tmp/mce.jsonl | head -2 | tr '\n' ' ' | sed 's/ $//')"

step "monitor: a correctable record, a granularity beyond a page, an address outside pmem"
mce_sw $((RES + NS_START + 0x20300000)) 0x86 0x9c000000000800c0
mce_sw $((RES + NS_START + 0x20400000)) 0x8d
mce_sw $((0x100000)) 0x86
sleep 2
expect_eq "correctable: reported, not accepted (the NFIT handler ignores it)" "[false,\"corrected\",\"correctable\"]" \
	"$(events machine-check | jq -c "select(.address == $((RES + NS_START + 0x20300000))) | [.accepted, .class, .ignored_because]")"
v=$(grep -m1 vendor_id /proc/cpuinfo | awk '{print $3}')
want=true; [ "$v" = GenuineIntel ] && want=false
expect_eq "LSB 13 on $v: beyond a page flagged, accepted per the vendor's rule" "[true,8192,$want]" \
	"$(events machine-check | jq -c "select(.address == $((RES + NS_START + 0x20400000))) | [.granularity_beyond_page, .granularity, .accepted]")"
expect_eq "outside pmem: still reported, region null" "[null,null]" \
	"$(events machine-check | jq -c 'select(.address == 1048576) | [.region, .namespace]')"
kill -TERM $MON; wait $MON
keep_json monitor /tmp/mce.jsonl
traced() {
	info "raw tracepoint lines:"
	grep -v '^#' $TRACING/instances/lab98/trace | sed 's/^/LAB-TRACE: /'
	echo > $TRACING/instances/lab98/trace
}
traced

step "monitor: unprivileged, machine checks are not watched and it says so on its standard output"
su nobody -s /bin/sh -c "pmemctl_rc monitor --no-snapshot --timeout 2" > /tmp/o 2> /tmp/e
expect_eq "nobody: an events-unwatched event, reason not-privileged, the three events" \
	'["not-privileged",["machine-check","memory-failure","sigbus"]]' "$(jq -c 'select(.event == "events-unwatched") | [.reason, .events]' /tmp/o)"
expect_eq "nobody: said once" 1 "$(grep -c events-unwatched /tmp/o)"

step "monitor: memory failures on DAX file pages (memory_failure runs)"
t=$(up)
timeout 300 ndctl create-namespace -f -e $QEMU_NS -m fsdax > /tmp/ns.json 2>&1 || { not_ok "fsdax on $QEMU_NS"; cat /tmp/ns.json; dmesg | tail -20; }
ltime fsdax-1g "$t"
DEV=$(jq -r .blockdev /tmp/ns.json)
modprobe xfs
# rmapbt=0: XFS's own notify_failure (rmapbt) shut the filesystem down for these pages on 6.12;
# the generic path recovers a DAX page that a process maps (it locks the page by its mapping)
mkfs.xfs -q -f -m reflink=0,rmapbt=0 /dev/$DEV || not_ok "mkfs.xfs"
mkdir -p /mnt/m; mount -o dax=always /dev/$DEV /mnt/m || not_ok "mount -o dax"
head -c 4096 /dev/urandom > /mnt/m/dfvictim; head -c 4096 /dev/urandom > /mnt/m/hwvictim; sync
PFN_RES=$(cat /sys/bus/nd/devices/$(cat /sys/bus/nd/devices/$QEMU_NS/holder)/resource)
blk() { filefrag -v -b4096 $1 | awk '$1 == "0:" { sub(/\.\..*/, "", $4); print $4 }'; }
ADDR=$(( PFN_RES + $(blk /mnt/m/dfvictim) * 4096 ))
HWP=$(( PFN_RES / 4096 + $(blk /mnt/m/hwvictim) ))
info "dfvictim's page at $(printf 0x%x $ADDR), hwvictim's pfn $(printf 0x%x $HWP)"
# early-kill holders (PR_MCE_KILL_EARLY) of both pages, and a plain holder of hwvictim's that
# memory_failure() leaves alone (it signals mappers that asked to be told early)
labtool mwait /mnt/m/dfvictim 0 60 > /tmp/w1 & H1=$!
labtool mwait /mnt/m/hwvictim 0 60 > /tmp/w2 & H2=$!
labtool mhold /mnt/m/hwvictim 60 & H3=$!
for w in /tmp/w1 /tmp/w2; do for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready $w && break; sleep 0.5; done; done
P1=$(awk '/ready pid/ { print $NF }' /tmp/w1); P2=$(awk '/ready pid/ { print $NF }' /tmp/w2)
info "early-kill holders: $P1 (dfvictim), $P2 (hwvictim); plain holder $H3"
modprobe hwpoison_inject || not_ok "modprobe hwpoison_inject"
pmemctl_rc monitor --no-snapshot --files --log /tmp/mce.jsonl --no-stdout 2> /tmp/mce.err &
MON=$!
sleep 3
# AMD deferred (flags=df): mce-inject writes the bank registers by an IPI to the target CPU and
# raises the deferred-error interrupt; the poller finds the record too (check_interval 1 s)
echo 1 > /sys/devices/system/machinecheck/machinecheck0/check_interval 2>/dev/null
# Intel: a UCNA (flags=th, the CMCI/poll path) is what the kernel decodes without a #MC
if [ "$v" = GenuineIntel ]; then KD_FLAGS=th KD_STATUS=0xbc0000000000009f KD_CLASS=ucna
else KD_FLAGS=df KD_STATUS=0x9c001000000800c0 KD_CLASS=deferred; fi
echo $KD_FLAGS > $MCE/flags; echo 0 > $MCE/cpu
echo $KD_STATUS > $MCE/status; echo 0x8c > $MCE/misc; echo $ADDR > $MCE/addr
taskset -c 0 sh -c "echo 4 > $MCE/bank" || info "$KD_FLAGS injection: writing bank failed"
sleep 4
# memory_failure() straight on a page, no machine check
echo $HWP > /sys/kernel/debug/hwpoison/corrupt-pfn || not_ok "hwpoison corrupt-pfn $HWP"
sleep 2
# a new mapping of dfvictim's page, now in the badrange: the fault's SIGBUS comes from no
# memory_failure() (6.12: BUS_MCEERR_AR, since 6.5's -EHWPOISON from DAX; 6.1: BUS_ADRERR)
sh -c 'echo $$ > /tmp/p4; exec labtool mread /mnt/m/dfvictim 0 4096' > /tmp/w4
P4=$(cat /tmp/p4)
info "a new reader of dfvictim ($P4): $(cat /tmp/w4)"
sleep 3
kill -TERM $MON; wait $MON
keep_json monitor /tmp/mce.jsonl
info "kernel: $(dmesg | grep -iE 'memory failure|mce|hwpoison' | tail -6 | tr '\n' '|')"
expect_eq "memory-failure (hwpoison-inject): the pfn, the kernel's page type and result" "[$HWP,\"dax page\",\"recovered\"]" \
	"$(events memory-failure | jq -c "select(.pfn == $HWP) | [.pfn, .page_type, .memory_failure]")"
expect_eq "memory-failure --files: the file and the page's file offset, the namespace" "[\"/mnt/m/hwvictim\",0,\"$QEMU_NS\"]" \
	"$(events memory-failure | jq -c "select(.pfn == $HWP) | [.files[0].path, .files[0].file_offset, .namespace]")"
# the kernel-decoded path: the deferred-error interrupt is not emulated ("Unexpected deferred
# interrupt"), the poller finds the record and memory_failure() runs from it
expect_eq "$KD_FLAGS (kernel-decoded): the machine-check, $KD_CLASS, accepted, on the file" "[\"$KD_CLASS\",true,\"/mnt/m/dfvictim\",0]" \
	"$(events machine-check | jq -c "select(.address == $ADDR) | [.class, .accepted, .files[0].path, .files[0].file_offset]" | head -1)"
expect_eq "$KD_FLAGS (kernel-decoded): memory-failure on its page, recovered, on the file" "[$((ADDR / 4096)),\"dax page\",true,\"/mnt/m/dfvictim\"]" \
	"$(events memory-failure | jq -c "select(.pfn == $((ADDR / 4096))) | [.pfn, .page_type, .recovered, .files[0].path]" | head -1)"
sig() { jq -c "select(.pfn == $1) | [.signalled[] | [.pid, .comm, .signal, .si_code, .signal_result]]" /tmp/mce.jsonl | head -1; }
info "holders: $(cat /tmp/w1 /tmp/w2 | tr '\n' '|')"
expect_eq "$KD_FLAGS: the early-kill holder got SIGBUS BUS_MCEERR_AO" "mwait 0: SIGBUS BUS_MCEERR_AO lsb 12" "$(grep SIGBUS /tmp/w1)"
expect_eq "$KD_FLAGS: its memory-failure event names the holder's pid, SIGBUS BUS_MCEERR_AO, delivered" \
	"[[$P1,\"labtool\",\"SIGBUS\",\"BUS_MCEERR_AO\",\"delivered\"]]" "$(sig $((ADDR / 4096)))"
expect_eq "$KD_FLAGS: and the file and offset" '["/mnt/m/dfvictim",0]' \
	"$(events memory-failure | jq -c "select(.pfn == $((ADDR / 4096))) | [.files[0].path, .files[0].file_offset]" | head -1)"
expect_eq "hwpoison-inject: the early-kill holder got SIGBUS BUS_MCEERR_AO" "mwait 0: SIGBUS BUS_MCEERR_AO lsb 12" "$(grep SIGBUS /tmp/w2)"
expect_eq "hwpoison-inject: the event names the early-kill holder only (not the plain holder $H3)" \
	"[[$P2,\"labtool\",\"SIGBUS\",\"BUS_MCEERR_AO\",\"delivered\"]]" "$(sig $HWP)"
expect_eq "the plain holder is alive (not signalled)" 0 "$(kill -0 $H3 2>/dev/null; echo $?)"
if grep -q "SIGBUS code 4 " /tmp/w4; then	# BUS_MCEERR_AR
	expect_eq "the reader's BUS_MCEERR_AR fault: a sigbus event of its own, sent by the reader itself" \
		"[[$P4,\"BUS_MCEERR_AR\",$P4]]" "$(jq -c "select(.event == \"sigbus\" and .pid == $P4) | [.pid, .si_code, .sender_pid]" /tmp/mce.jsonl | jq -sc .)"
else
	expect_eq "the reader's SIGBUS is no memory error's: no sigbus event" "" \
		"$(jq -c "select(.event == \"sigbus\" and .pid == $P4)" /tmp/mce.jsonl)"
fi
expect_eq "every SIGBUS the kernel sent for a memory error is reported (memory-failure lists and sigbus events)" \
	"$(grep -c 'signal_generate:' $TRACING/instances/lab98/trace)" \
	"$(jq -s '[.[] | select(.event == "memory-failure") | .signalled[]] + [.[] | select(.event == "sigbus")] | length' /tmp/mce.jsonl)"
echo 300 > /sys/devices/system/machinecheck/machinecheck0/check_interval 2>/dev/null	# the default
kill $H1 $H2 $H3 2>/dev/null; wait $H1 $H2 $H3 2>/dev/null
traced
rmdir $TRACING/instances/lab98
umount /mnt/m
ndctl create-namespace -f -e $QEMU_NS -m raw > /dev/null 2>&1 || not_ok "back to raw"
