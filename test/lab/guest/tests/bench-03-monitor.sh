# Bench: monitor latency from a badblocks change to its event, and CPU and
# wake-ups while idle for 60 s. The change: a recovery write over a sector
# listed bad on the QEMU NVDIMM (the pmem driver clears it and notifies).
ROUNDS=${ROUNDS:-7}
rm -f /tmp/mon.jsonl
pmemctl monitor -n $QEMU_NS --log /tmp/mon.jsonl --no-stdout &
MON=$!
sleep 2
: > /tmp/lat
for i in $(seq $ROUNDS); do
	s=$((4096 + i * 64))
	echo "$s 1" > /sys/block/$QEMU_DEV/badblocks	# no notification on add: no event yet
	n0=$(grep -c . /tmp/mon.jsonl)
	t0=$(labtool now)
	labtool dwrite /dev/$QEMU_DEV $((s * 512)) 512 > /dev/null
	for k in $(seq 100); do [ "$(grep -c . /tmp/mon.jsonl)" -gt "$n0" ] && break; usleep 10000; done
	t1=$(tail -1 /tmp/mon.jsonl | jq -r .time | awk -F'[T:.Z]' '{ print $2 * 3600 + $3 * 60 + $4 "." $5 }')
	t0s=$(awk -v t=$t0 'BEGIN { s = t / 1000000; printf "%.6f", s % 86400 }')
	awk -v a=$t0s -v b=$t1 'BEGIN { printf "%.0f\n", (b - a) * 1000000 }' >> /tmp/lat
done
lat=$(sort -n /tmp/lat | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
c0=$(awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
u0=$(awk '{ print $14 + $15 }' /proc/$MON/stat)
sleep 60
c1=$(awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
u1=$(awk '{ print $14 + $15 }' /proc/$MON/stat)
kill -TERM $MON; wait $MON
echo "LAB-BENCH monitor: rounds=$ROUNDS event_latency_median_us=$lat (goal < 100000) all_us=[$(tr '\n' ' ' < /tmp/lat)] idle_60s_cpu_ticks=$((u1 - u0)) idle_60s_wakeups=$((c1 - c0)) (goal 0)"
check "monitor bench: every change gave an event" sh -c "[ \$(jq -r .event /tmp/mon.jsonl | grep -c poison-cleared) -ge $ROUNDS ]"
