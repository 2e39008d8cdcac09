# The CXL probe (test/lab/cxl.sh): what Debian's kernel offers for CXL poison
# on QEMU's emulated type-3 devices. The host injected poison through QMP
# before the guest started (lab.qmp=MEMID:DPA:LEN,... on the kernel command
# line, MEMID being the device's serial); this script checks the kernel lists
# exactly that, then injects and clears through debugfs, then tries regions.
# Every check prints a LABTAP line; the raw evidence follows as "#   " lines.
. /lab/lib.sh
. /lab/cxl-pmemctl.sh
t0=$(up)
KREL=$(uname -r)
QMP_SPEC=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^lab.qmp=//p' | tr ',' ' ')
CXL=/sys/bus/cxl/devices
T=/sys/kernel/tracing/instances/pmemctl-lab
evidence() { sed 's/^/#   /'; }
words() { echo $(cat); }	# one line, newline-terminated
# the kernel log without call-trace frames and register dumps
kmsg() { dmesg | grep -vE '\] +(\? |[A-Za-z_.0-9]+\+0x|</?TASK>|R[A-Z0-9]{1,2}: |Code: )' | tail -${1:-20} | evidence; }

step "modules"
modprobe -a cxl_acpi cxl_pci cxl_mem cxl_pmem dax_cxl device_dax nd_pmem dax_pmem 2>&1 | evidence
# the memdevs and their ports probe asynchronously
for i in $(seq 40); do
	n=$(ls -d $CXL/mem* 2>/dev/null | wc -l)
	[ "$n" -ge 2 ] && [ -e "$(ls -d $CXL/endpoint* 2>/dev/null | tail -1)" ] && break
	sleep 0.5
done
MEMS=$(cd $CXL && ls -d mem* 2>/dev/null | tr '\n' ' ')
expect_eq "two CXL memdevs appear" 2 "$(echo $MEMS | wc -w)"
PMEM_DEV="" RAM_DEV=""
for m in $MEMS; do
	ram=$(cat $CXL/$m/ram/size 2>/dev/null) pm=$(cat $CXL/$m/pmem/size 2>/dev/null)
	info "$m serial=$(cat $CXL/$m/serial) ram/size=$ram pmem/size=$pm host=$(basename "$(readlink -f $CXL/$m/..)") firmware=$(cat $CXL/$m/firmware_version 2>/dev/null)"
	[ "$((pm))" -gt 0 ] && PMEM_DEV=$m
	[ "$((ram))" -gt 0 ] && RAM_DEV=$m
done
check "one memdev has a persistent partition ($PMEM_DEV), one a volatile partition ($RAM_DEV)" test -n "$PMEM_DEV" -a -n "$RAM_DEV"
ls $CXL | words | evidence
dmesg | grep -iE 'cxl' | head -40 | evidence
ltime cxl-probe-up "$t0"

case $KREL in
6.1.*)
	step "6.1: no CXL poison interface"
	for m in $MEMS; do
		check "6.1: $m has no trigger_poison_list" test ! -e $CXL/$m/trigger_poison_list
		check "6.1: no debugfs cxl/$m/inject_poison" test ! -e /sys/kernel/debug/cxl/$m/inject_poison
	done
	check "6.1: no cxl:cxl_poison trace event" test ! -e /sys/kernel/tracing/events/cxl/cxl_poison
	ls /sys/kernel/tracing/events/cxl 2>&1 | words | evidence
	pmemctl_check_61
	pmemctl_send_json
	exit $(grep -c x /tmp/tap.fail 2>/dev/null || echo 0)
	;;
esac

step "trace instance"
mkdir $T && echo 1 > $T/events/cxl/cxl_poison/enable
check "private tracefs instance with cxl:cxl_poison enabled" grep -q 1 $T/events/cxl/cxl_poison/enable
head -c 2000 /sys/kernel/tracing/events/cxl/cxl_poison/format | grep -E 'field:|print fmt' | evidence

# poison MEM: the device's poison list as "dpa length source" lines, read
# from the List events a write to trigger_poison_list produces; the raw
# events go to /tmp/poison.raw
poison() {
	: > $T/trace
	echo 1 > $CXL/$1/trigger_poison_list || echo "trigger_poison_list write failed: $?" >&2
	grep 'cxl_poison:' $T/trace > /tmp/poison.raw
	sed -n 's/.*trace_type=List .* dpa=\(0x[0-9a-f]*\) dpa_length=\(0x[0-9a-f]*\) source=\([A-Za-z]*\).*/\1 \2 \3/p' /tmp/poison.raw | sort
}
ranges() { awk '{print $1, $2}' | tr '\n' ';'; }
want_qmp() {	# want_qmp MEM: the "dpa length" ranges the host injected into MEM through QMP
	for s in $QMP_SPEC; do
		[ "${s%%:*}" = "$(cat $CXL/$1/serial)" ] || continue
		r=${s#*:}; printf '0x%x 0x%x\n' "${r%%:*}" "${r#*:}"
	done | sort | tr '\n' ';'
}

for m in $MEMS; do
	step "$m: poison listing"
	check "$m: trigger_poison_list exists" test -e $CXL/$m/trigger_poison_list
	got=$(poison $m)
	evidence < /tmp/poison.raw
	expect_eq "$m: trace events list exactly the QMP-injected poison (dpa length)" "$(want_qmp $m)" "$(echo "$got" | ranges)"
	info "$m List sources: $(echo "$got" | awk '{print $3}' | sort -u | tr '\n' ' ')"
done
pmemctl_check_list
pmemctl_check_monitor

D=/sys/kernel/debug/cxl
for m in $MEMS; do
	step "$m: debugfs inject/clear"
	check "$m: debugfs inject_poison and clear_poison exist" test -e $D/$m/inject_poison -a -e $D/$m/clear_poison
	base=$(want_qmp $m)
	: > $T/trace
	echo 0x8000 > $D/$m/inject_poison; rc=$?
	grep 'cxl_poison:' $T/trace | evidence
	check "$m: debugfs inject_poison 0x8000 emits an Inject event" grep -q 'trace_type=Inject .* dpa=0x8000 dpa_length=0x40' $T/trace
	got=$(poison $m); evidence < /tmp/poison.raw
	expect_eq "$m: the list now has 0x8000+0x40 besides the QMP poison" \
		"$(printf '%s0x8000 0x40;' "$base" | tr ';' '\n' | grep . | sort | tr '\n' ';')" "$(echo "$got" | ranges)"
	info "$m: source of the debugfs-injected entry: $(echo "$got" | awk '$1=="0x8000"{print $3}')"
	: > $T/trace
	echo 0x8000 > $D/$m/clear_poison
	grep 'cxl_poison:' $T/trace | evidence
	check "$m: debugfs clear_poison 0x8000 emits a Clear event" grep -q 'trace_type=Clear .* dpa=0x8000' $T/trace
	got=$(poison $m); evidence < /tmp/poison.raw
	expect_eq "$m: after clear_poison the list is the QMP poison again" "$base" "$(echo "$got" | ranges)"
	# clearing 64 bytes at the start of a longer QMP range: does the rest stay?
	first=$(want_qmp $m | tr ';' '\n' | head -1)
	if [ -n "$first" ]; then
		set -- $first
		: > $T/trace
		echo "$1" > $D/$m/clear_poison
		got=$(poison $m); evidence < /tmp/poison.raw
		expect_eq "$m: clearing 64 B at $1 of the QMP range $1+$2 leaves the rest listed" \
			"$(printf '0x%x 0x%x;' $(($1 + 64)) $(($2 - 64)))" "$(echo "$got" | ranges)"
	fi
done
ltime cxl-poison "$t0"

step "regions"
info "cpu flags: hypervisor=$(grep -c -w hypervisor /proc/cpuinfo)"
cxl list -BDMPE 2>&1 | head -80 | evidence
try_region() {	# try_region TYPE MEM SIZE: cxl create-region, with the evidence
	dmesg -c > /dev/null
	echo "cxl create-region -t $1 -d decoder0.0 -w 1 -s $3 -m $2" | evidence
	cxl create-region -t "$1" -d decoder0.0 -w 1 -s "$3" -m "$2" 2>&1 | head -30 | evidence
	kmsg 30
}
regions() { (cd $CXL && ls -d region* 2>/dev/null); }
endpoint_decoder() {	# endpoint_decoder MEM: the first decoder of MEM's endpoint port
	for p in $CXL/endpoint*; do
		[ "$(readlink -f $p/uport)" = "$(readlink -f $CXL/$1)" ] && { echo decoder${p##*endpoint}.0; return 0; }
	done
	return 1
}
sysfs_region() {	# sysfs_region TYPE MEM SIZE: the same through sysfs (cxl 76.1 has no ram regions)
	rd=$CXL/decoder0.0 ed=$(endpoint_decoder $2)
	name=$(cat $rd/create_${1}_region)
	echo "sysfs: $name on $ed of $2" | evidence
	# each step names itself, so a failure says which write the kernel refused
	for w in "$name $rd/create_${1}_region" "$(cat $rd/interleave_granularity) $CXL/$name/interleave_granularity" \
		"1 $CXL/$name/interleave_ways" "$3 $CXL/$name/size" "$1 $CXL/$ed/mode" "$3 $CXL/$ed/dpa_size" \
		"$ed $CXL/$name/target0" "1 $CXL/$name/commit" "$name /sys/bus/cxl/drivers/cxl_region/bind"; do
		set -- $w
		echo "$1" > "$2" 2>/tmp/w.err || { echo "echo $1 > $2: $(cat /tmp/w.err)" | evidence; break; }
	done
	kmsg 30
}
for pair in "pmem $PMEM_DEV" "ram $RAM_DEV"; do
	set -- $pair; type=$1 mem=$2
	before=$(regions)
	try_region $type $mem $(cat $CXL/$mem/$type/size)
	reg=$(regions | grep -vxF "$before" | head -1)
	[ -n "$reg" ] || [ $type != ram ] || { sysfs_region $type $mem $(cat $CXL/$mem/$type/size); reg=$(regions | grep -vxF "$before" | head -1); }
	check "$type region on $mem: created and committed (${reg:-none})" grep -q 1 $CXL/${reg:-none}/commit
	[ "$(cat $CXL/${reg:-none}/commit 2>/dev/null)" = 1 ] || continue
	res=$(cat $CXL/$reg/resource)
	ed=$(cd $CXL && for d in decoder*; do [ "$(cat $d/region 2>/dev/null)" = "$reg" ] && [ -e $d/dpa_resource ] && echo $d; done | head -1)
	dpa0=$(cat $CXL/$ed/dpa_resource)
	info "$reg resource=$res size=$(cat $CXL/$reg/size) endpoint decoder $ed dpa_resource=$dpa0 dpa_size=$(cat $CXL/$ed/dpa_size)"
	# Debian's cxl (76.1) as the oracle for the region's range and its decoders
	cxl list -R -D -r $reg -u 2>&1 | head -40 | evidence
	expect_eq "$reg: cxl list -R gives the sysfs resource and size" "$((res)) $(($(cat $CXL/$reg/size)))" \
		"$(cxl list -R -r $reg | jq -r '.[0] | "\(.resource) \(.size)"')"
	poison $mem > /dev/null; evidence < /tmp/poison.raw
	# every listed DPA is inside the region: each event names it, with its HPA
	want=$(sed -n 's/.*trace_type=List .* dpa=\(0x[0-9a-f]*\) .*/\1/p' /tmp/poison.raw | sort |
		while read -r d; do printf '%s %s 0x%x;' $d $reg $((res + d - dpa0)); done)
	got=$(sed -n 's/.*trace_type=List region=\([^ ]*\) .* hpa=\(0x[0-9a-f]*\) dpa=\(0x[0-9a-f]*\) .*/\3 \1 \2/p' /tmp/poison.raw | sort | tr '\n' ';')
	expect_eq "$reg: List events name the region, hpa = region start + (dpa - decoder dpa_resource)" "$want" "$got"
	pmemctl_check_region $type $mem $reg $res $dpa0
	if [ $type = pmem ]; then
		PMEM_REG=$reg PMEM_HPA0=$((res - dpa0))
		for i in $(seq 20); do ls /sys/bus/nd/devices/ | grep -q region && break; sleep 0.5; done
		ls /sys/bus/nd/devices/ | words | evidence
		check "pmem region: an nd region appears (cxl_pmem)" sh -c 'ls /sys/bus/nd/devices/ | grep -q region'
		ndr=$(ls /sys/bus/nd/devices/ | grep region | head -1)
		ndctl create-namespace -r $ndr -m fsdax 2>&1 | evidence
		pm=$(ls /sys/block | grep pmem | head -1)
		check "pmem region: an fsdax namespace with a block device (${pm:-none})" test -n "$pm"
		# a DAX XFS on it, the base of list-poison --files on CXL
		modprobe xfs
		mkdir -p /mnt/cxl
		# xfsprogs refuses file systems under 300 MiB unless it is told it runs in a test
		TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f -m rmapbt=1,reflink=0 /dev/$pm 2>&1 | evidence
		mount -t xfs -o dax /dev/$pm /mnt/cxl 2>&1 | evidence
		xfs_io -f -c 'pwrite -q 0 1m' -c fsync -c 'fiemap -v' /mnt/cxl/file 2>&1 | evidence
		kmsg 5
		check "pmem region: XFS on /dev/$pm mounts with -o dax" grep -q "^/dev/$pm /mnt/cxl xfs .*dax" /proc/mounts
		grep "/mnt/cxl" /proc/mounts | evidence
		listed=$(poison $mem | ranges)
		bb=$(tr '\n' ';' < /sys/bus/nd/devices/$ndr/badblocks 2>/dev/null)\|$(tr '\n' ';' < /sys/block/$pm/badblocks 2>/dev/null)
		info "$mem lists [$listed] in $reg; nd $ndr badblocks | /dev/$pm badblocks: [$bb]"
		# the kernel feeds CXL poison into no nd badblocks list: pmemctl must read the events
		expect_eq "pmem region: nd region and /dev/$pm badblocks are empty although $mem lists poison in $reg" \
			"listed: yes; badblocks: |" "listed: $([ -n "$listed" ] && echo yes || echo no); badblocks: $bb"
		pmemctl_check_nd $mem $ndr $pm
	else
		ls /sys/bus/dax/devices/ 2>&1 | words | evidence
		check "ram region: a dax device appears (dax_cxl)" sh -c 'ls /sys/bus/dax/devices/ | grep -q dax'
	fi
done

# QMP requests at run time: the host serves "LAB-QMP: {json}" lines (cxl-inject-*)
qom_of() {	# qom_of MEM: the QOM path of MEM's QEMU device, by its serial
	tr ' ' '\n' < /proc/cmdline | sed -n 's/^lab.qom=//p' | tr ',' '\n' |
		sed -n "s/^$(cat $CXL/$1/serial)=/\/machine\/peripheral\//p"
}
qmp_request() { echo "LAB-QMP: $1"; }
wait_for() {	# wait_for SECONDS COMMAND...: poll until the command succeeds
	_n=$(($1 * 2)); shift
	while [ $_n -gt 0 ]; do "$@" 2>/dev/null && return 0; sleep 0.5; _n=$((_n - 1)); done; return 1
}
listed() { poison $1 | grep -q "^$2 $3 "; }
step "QMP at run time"
for m in $PMEM_DEV $RAM_DEV; do
	qmp_request "{\"execute\":\"cxl-inject-poison\",\"arguments\":{\"path\":\"$(qom_of $m)\",\"start\":65536,\"length\":256}}"
	check "$m: poison injected by QMP while the guest runs is listed (0x10000+0x100)" wait_for 20 listed $m 0x10000 0x100
	evidence < /tmp/poison.raw
done
pmemctl_check_files
echo 1 > $T/events/cxl/cxl_general_media/enable
: > $T/trace
qmp_request "{\"execute\":\"cxl-inject-general-media-event\",\"arguments\":{\"path\":\"$(qom_of $PMEM_DEV)\",\"log\":\"failure\",\"flags\":1,\"dpa\":131072,\"descriptor\":3,\"type\":0,\"transaction-type\":192}}"
check "$PMEM_DEV: a General Media event record injected by QMP arrives as cxl:cxl_general_media" \
	wait_for 20 grep -q 'cxl_general_media:' $T/trace
grep 'cxl_general_media:' $T/trace | evidence
# its hex numbers have no 0x (cxl_poison's have)
expect_eq "$PMEM_DEV: the cxl_general_media event carries dpa, hpa (region start + dpa) and region" \
	"dpa=20000 hpa=$(printf '%x' $((${PMEM_HPA0:-0} + 0x20000))) region=${PMEM_REG:-none}" \
	"$(sed -n 's/.*cxl_general_media:.* \(dpa=[0-9a-f]*\) .* \(hpa=[0-9a-f]*\) \(region=[^ ]*\) .*/\1 \2 \3/p' $T/trace | head -1)"

step "$RAM_DEV: a long poison list"
# QEMU 10.0.2 answers Get Poison List in one mailbox payload and aborts
# (assertion out_pl_len <= CXL_MAILBOX_MAX_PAYLOAD_SIZE in
# cmd_media_get_poison_list) once the records exceed it: (2048 - 32) / 16 =
# 126 records. It never sets More, and its Overflow (at 256 records) cannot be
# listed. So: 100 more records, then a General Media event as a fence (the
# host serves the requests in order on one QMP connection).
n=$(poison $RAM_DEV | wc -l)
i=0; while [ $i -lt 100 ]; do
	qmp_request "{\"execute\":\"cxl-inject-poison\",\"arguments\":{\"path\":\"$(qom_of $RAM_DEV)\",\"start\":$((0x100000 + i * 0x1000)),\"length\":64}}"
	i=$((i + 1))
done
: > $T/trace
qmp_request "{\"execute\":\"cxl-inject-general-media-event\",\"arguments\":{\"path\":\"$(qom_of $RAM_DEV)\",\"log\":\"informational\",\"flags\":0,\"dpa\":196608,\"descriptor\":0,\"type\":0,\"transaction-type\":0}}"
check "$RAM_DEV: the fence event arrived (the host served 100 QMP injections)" wait_for 30 grep -q 'cxl_general_media:.*dpa=30000 ' $T/trace
poison $RAM_DEV > /tmp/long.list
info "$RAM_DEV: $n records before, $(wc -l < /tmp/long.list) after 100 more; flags seen: [$(sed -n 's/.* flags=\([^ ]*\) overflow_time=.*/\1/p' /tmp/poison.raw | sort -u | tr '\n' ';')]"
expect_eq "$RAM_DEV: all $((n + 100)) records are listed, none flagged" "$((n + 100)) 0" \
	"$(wc -l < /tmp/long.list) $(grep -c -v ' flags= ' /tmp/poison.raw)"
ltime cxl-total "$t0"
pmemctl_send_json
exit $(grep -c x /tmp/tap.fail 2>/dev/null || echo 0)
