# Benchmark: pmemctl list-poison vs ndctl list -M in the same guest, on
# regions holding as many badblocks as the kernel lists, runs interleaved.
ROUNDS=${BENCH_ROUNDS:-21}
# The lab patch gives nfit_test's ARS 64 KiB of records (stock: 4 KiB, about
# 170), so the two injectable (interleaved) regions get 200 ranges each; the
# QEMU NVDIMM gets hundreds more through its block device's badblocks list,
# which both tools read, up to what the kernel lists in one page.
PER_REGION=${BENCH_RANGES:-200}
# each firmware call delayed as a platform's ACPI DSM is (the lab patch's
# dsm_delay_us), fewer rounds where each run takes seconds
DELAYS_US=${BENCH_DELAYS_US:-"0 1000 5000"}
DELAY_ROUNDS=${BENCH_DELAY_ROUNDS:-5}
NT=/sys/module/nfit_test/parameters
QEMU_RANGES=${BENCH_QEMU_RANGES:-450}
calls() {	# calls CMD...: the firmware commands CMD makes (the lab patch's dsm_calls)
	echo 0 > $NT/dsm_calls; "$@" > /dev/null 2>&1; cat $NT/dsm_calls
}
inject_upto() {	# inject_upto FROM TO: one-sector ranges FROM..TO-1 into both regions, then ARS
	i=$1
	while [ $i -lt $2 ]; do
		ndctl inject-error --no-notify -B $((i * 16)) -n 1 $RAW_NS >/dev/null 2>&1
		ndctl inject-error --no-notify -B $((i * 16)) -n 1 $FSDAX_NS >/dev/null 2>&1
		i=$((i + 1))
	done
	scrub $RAW_BUS
}
# regions whose DIMMs need the platform's translation
ilv=$(cat /sys/bus/nd/devices/region*/mappings | awk '$1 > 1' | grep -c '')
# firmware calls must grow with regions, not ranges: count them at half the
# ranges first, then at all of them (printed with the other counts below)
HALF=$((PER_REGION / 2))
step "$HALF ranges into $RAW_NS and $FSDAX_NS: firmware calls"
t=$(up)
ndctl create-namespace -f -e $FSDAX_NS -m fsdax --no-autolabel >/dev/null || not_ok "create fsdax"
inject_upto 0 $HALF
h=$(ndctl list -M | jq '[.[].badblocks // [] | length] | add')
hpm=$(calls pmemctl list-poison); hnd=$(calls ndctl list -M)
ltime bench-inject-half "$t"

step "$PER_REGION ranges into $RAW_NS and $FSDAX_NS, $QEMU_RANGES into $QEMU_DEV"
t=$(up)
inject_upto $HALF $PER_REGION
i=0
while [ $i -lt $QEMU_RANGES ]; do echo "$((i * 16)) 1" > /sys/block/$QEMU_DEV/badblocks; i=$((i + 1)); done
ltime bench-inject "$t"
n1=$(grep -c '' /sys/bus/nd/devices/$RAW_REGION/badblocks)
n2=$(grep -c '' /sys/bus/nd/devices/$FSDAX_REGION/badblocks)
n3=$(grep -c '' /sys/block/$QEMU_DEV/badblocks)
info "badblocks listed by the kernel: $RAW_REGION $n1, $FSDAX_REGION $n2, $QEMU_DEV $n3"
[ "$n1" = $PER_REGION ] && [ "$n2" = $PER_REGION ] && [ "$n3" -ge 400 ] && ok "bench topology: $n1 + $n2 + $n3 ranges" || not_ok "bench topology: only $n1, $n2 and $n3 ranges"
p=$(pmemctl list-poison | jq length); q=$(ndctl list -M | jq '[.[].badblocks // [] | length] | add')
info "records: pmemctl $p, ndctl $q"
expect_eq "both tools list the same number of ranges" "$q" "$p"
# In the interleaved regions pmemctl computes the DIMMs from the learnt
# geometry, ndctl asks the platform once per range: the same DIMM lists, as
# many times each. (On the QEMU NVDIMM's block device ranges ndctl names
# none; pmemctl takes the region's one DIMM from its mapping.)
by_dimms() { jq -c '[.[] | .dimms // [] | join(",")] | group_by(.) | map([.[0], length])'; }
for r in $RAW_REGION $FSDAX_REGION; do
	expect_eq "$r: every range names the DIMMs that ndctl's per-range translation names (ranges per DIMM list)" \
		"$(ndctl list -M -r $r | jq '[(if type == "array" then .[] else . end) | .badblocks // [] | .[]]' | by_dimms)" \
		"$(pmemctl list-poison -r $r | by_dimms)"
done

med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a=$1 -v b=$2 'BEGIN{printf "%.3f", a/b}'; }
verdict() { awk -v r=$1 -v g=$2 'BEGIN{print (r <= g) ? "met" : "not met"}'; }
# the files pmemctl reads for the poison itself: the floor with exec
BB_FILES="$(ls /sys/bus/nd/devices/region*/badblocks /sys/block/pmem*/badblocks 2>/dev/null | tr '\n' ' ')"

step "timing at 0 us per call, $ROUNDS interleaved rounds"
: > /tmp/pm.t; : > /tmp/nd.t; : > /tmp/pmv.t; : > /tmp/ndv.t; : > /tmp/pmn.t; : > /tmp/cat.t
: > /tmp/pmb.t; : > /tmp/pmbv.t; : > /tmp/pmbn.t
echo 0 > $NT/dsm_delay_us
r=0
while [ $r -lt $ROUNDS ]; do
	labtool time pmemctl list-poison >> /tmp/pm.t
	labtool time ndctl list -M >> /tmp/nd.t
	# the floor both pay: exec and dynamic loading, no NVDIMM work
	labtool time pmemctl --version >> /tmp/pmv.t
	labtool time ndctl --version >> /tmp/ndv.t
	# the floor of the work: exec and reading the badblocks files
	labtool time cat $BB_FILES >> /tmp/cat.t
	# pmemctl's enumeration alone: a filter that selects no poison
	labtool time pmemctl list-poison -r $QEMU_REGION -m devdax >> /tmp/pmn.t
	# an earlier build in the same rounds (PMEMCTL_BEFORE on the host), for before/after
	if command -v pmemctl-before >/dev/null; then
		labtool time pmemctl-before list-poison >> /tmp/pmb.t
		labtool time pmemctl-before --version >> /tmp/pmbv.t
		labtool time pmemctl-before list-poison -r $QEMU_REGION -m devdax >> /tmp/pmbn.t
	fi
	r=$((r + 1))
done
pm=$(med /tmp/pm.t); nd=$(med /tmp/nd.t); fl=$(med /tmp/cat.t)
r0=$(ratio $pm $nd); rf=$(ratio $pm $fl)
echo "LAB-BENCH list-poison: ranges=$p pmemctl_median_us=$pm ndctl_list_M_median_us=$nd ratio=$r0 (goal <= 0.5: $(verdict $r0 0.5))"
echo "LAB-BENCH floor: pmemctl_version_us=$(med /tmp/pmv.t) ndctl_version_us=$(med /tmp/ndv.t) cat_badblocks_us=$fl pmemctl_enumerate_only_us=$(med /tmp/pmn.t) pmemctl/floor=$rf (goal <= 2: $(verdict $rf 2))"
[ -n "$pm" ] && [ -n "$nd" ] && ok "bench ran: ratio $r0" || not_ok "bench produced no timings"
[ ! -s /tmp/pmb.t ] || echo "LAB-BENCH before: the earlier build in the same rounds: list-poison_us=$(med /tmp/pmb.t) ratio=$(ratio $(med /tmp/pmb.t) $nd) version_us=$(med /tmp/pmbv.t) enumerate_only_us=$(med /tmp/pmbn.t)"

step "firmware calls and delayed calls: ${DELAYS_US} us per call"
pmc=$(calls pmemctl list-poison); ndc=$(calls ndctl list -M)
perr=$(awk -v c=$pmc -v r=$ilv 'BEGIN{printf "%.1f", r ? c / r : c}')
# a constant per region: the count must not grow with the ranges
same=$([ "$hpm" = "$pmc" ] && echo met || echo "not met")
echo "LAB-BENCH firmware calls: interleaved_ranges=$h pmemctl=$hpm ndctl_list_M=$hnd | interleaved_ranges=$((n1 + n2)) (all ranges $p) pmemctl=$pmc ndctl_list_M=$ndc | interleaved_regions=$ilv pmemctl_per_region=$perr (goal: a constant per region, <= 32: $(verdict $perr 32); the same at both range counts: $same)"
line="LAB-BENCH delayed:"
for d in $DELAYS_US; do
	echo $d > $NT/dsm_delay_us
	n=$([ $d = 0 ] && echo $ROUNDS || echo $DELAY_ROUNDS)
	: > /tmp/pmd.t; : > /tmp/ndd.t
	r=0
	while [ $r -lt $n ]; do
		labtool time pmemctl list-poison >> /tmp/pmd.t
		labtool time ndctl list -M >> /tmp/ndd.t
		r=$((r + 1))
	done
	a=$(med /tmp/pmd.t); b=$(med /tmp/ndd.t); rr=$(ratio $a $b)
	line="$line | ${d}us: pmemctl=${a}us ndctl=${b}us ratio=$rr (goal <= 0.5: $(verdict $rr 0.5))"
done
echo 0 > $NT/dsm_delay_us
echo "$line"

# BENCH_PROFILE=1 (run.sh puts the host's perf and strace into the guest):
# where list-poison's time goes, over the same 850 ranges. Printed between
# LAB-SHOW markers (run.sh copies them to its output); after the figures
# above, so they are taken without the profilers.
profile_list_poison() {
	PM=/usr/bin/pmemctl PD=/tmp/perf.data
	step "profile: perf and strace over pmemctl list-poison"
	echo "LAB-SHOW-BEGIN"
	echo "# perf stat, 10 runs each: list-poison, the enumeration alone, --version, ndctl list -M"
	for c in "$PM list-poison" "$PM list-poison -r $QEMU_REGION -m devdax" "$PM --version" "ndctl list -M"; do
		# shellcheck disable=SC2086
		perf stat -r 10 -e task-clock,page-faults,context-switches $c 2>&1 >/dev/null |
			grep -E 'task-clock|page-faults|context-sw|elapsed' | sed "s|^|$c: |"
	done
	echo "# strace -c -f: system calls (count, errors)"
	for c in "$PM list-poison" "ndctl list -M"; do
		# shellcheck disable=SC2086
		strace -c -f -o /tmp/strace.out $c > /dev/null 2>&1
		sed -n '1,14p;$p' /tmp/strace.out | sed "s|^|$c: |"
	done
	echo "# strace: the files pmemctl list-poison opens, by kind (digits as N)"
	strace -f -e trace=openat -o /tmp/strace.out $PM list-poison > /dev/null 2>&1
	grep -o '"[^"]*"' /tmp/strace.out | sed 's/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn | head -25
	# cpu-clock (TCG has no PMU); DWARF call chains, the libraries have no
	# frame pointers; ten runs
	perf record -q -N -e cpu-clock -F 2000 --call-graph dwarf,16384 -o $PD -- \
		sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do $PM list-poison > /dev/null; done" 2>&1 | tail -3
	report() {	# report LINES TITLE ARGS...: the head of a perf report of pmemctl's samples
		n=$1; echo "# perf report: $2"; shift 2
		perf report -i $PD --stdio --no-inline --comm pmemctl "$@" > /tmp/report.out 2> /tmp/report.err
		r=$?
		grep -v '^#' /tmp/report.out | grep -v '^$' | head -"$n"
		[ $r = 0 ] || { echo "(perf report exited $r)"; tail -5 /tmp/report.err; }
	}
	report 20 "share of pmemctl's samples by object" --no-children --sort dso -g none
	report 45 "by symbol (self)" --no-children --sort dso,sym -g none
	report 70 "by symbol with its callees (children): the phases" --children --sort dso,sym -g none
	echo "LAB-SHOW-END"
	rm -f $PD
}
[ -z "${LAB_PROFILE:-}" ] || profile_list_poison
