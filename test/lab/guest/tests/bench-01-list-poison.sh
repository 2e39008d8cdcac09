# Benchmark: pmemctl list-poison vs ndctl list -M in the same guest, on
# regions holding as many badblocks as the kernel lists, runs interleaved.
ROUNDS=${BENCH_ROUNDS:-21}
# nfit_test answers ARS from one 4 KiB buffer per bus (about 170 records, and
# more overflow it), so the two injectable regions get 75 ranges each; the
# QEMU NVDIMM gets hundreds more through its block device's badblocks list,
# which both tools read, up to what the kernel lists in one page.
PER_REGION=${BENCH_RANGES:-75}
QEMU_RANGES=${BENCH_QEMU_RANGES:-450}
step "$PER_REGION ranges into $RAW_NS and $FSDAX_NS, $QEMU_RANGES into $QEMU_DEV"
t=$(up)
ndctl create-namespace -f -e $FSDAX_NS -m fsdax --no-autolabel >/dev/null || not_ok "create fsdax"
i=0
while [ $i -lt $PER_REGION ]; do
	ndctl inject-error --no-notify -B $((i * 16)) -n 1 $RAW_NS >/dev/null 2>&1
	ndctl inject-error --no-notify -B $((i * 16)) -n 1 $FSDAX_NS >/dev/null 2>&1
	i=$((i + 1))
done
scrub $RAW_BUS
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

step "timing, $ROUNDS interleaved rounds"
: > /tmp/pm.t; : > /tmp/nd.t; : > /tmp/pmv.t; : > /tmp/ndv.t; : > /tmp/pmn.t
r=0
while [ $r -lt $ROUNDS ]; do
	labtool time pmemctl list-poison >> /tmp/pm.t
	labtool time ndctl list -M >> /tmp/nd.t
	# the floor both pay: exec and dynamic loading, no NVDIMM work
	labtool time pmemctl --version >> /tmp/pmv.t
	labtool time ndctl --version >> /tmp/ndv.t
	# pmemctl's enumeration alone: a filter that selects no poison
	labtool time pmemctl list-poison -r $QEMU_REGION -m devdax >> /tmp/pmn.t
	r=$((r + 1))
done
med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pm=$(med /tmp/pm.t); nd=$(med /tmp/nd.t)
ratio=$(awk -v a=$pm -v b=$nd 'BEGIN{printf "%.3f", a/b}')
echo "LAB-BENCH list-poison: ranges=$p pmemctl_median_us=$pm ndctl_list_M_median_us=$nd ratio=$ratio (goal <= 0.5)"
echo "LAB-BENCH floor: pmemctl_version_us=$(med /tmp/pmv.t) ndctl_version_us=$(med /tmp/ndv.t) pmemctl_enumerate_only_us=$(med /tmp/pmn.t)"
[ -n "$pm" ] && [ -n "$nd" ] && ok "bench ran: ratio $ratio" || not_ok "bench produced no timings"
