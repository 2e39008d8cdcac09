# Bench: monitor latency from a badblocks change to its event, and CPU and
# wake-ups while idle for 60 s, on nfit_test's raw namespace (the QEMU
# NVDIMM cannot clear poison, so a write there fails and changes nothing).
# Adding a bad sector through sysfs notifies nobody; a recovery write that
# clears one does (the pmem driver notifies the badblocks attribute). Each
# round adds one sector quietly, then clears the previous one: the monitor
# wakes and reports both; the latency is from just before the write to the
# poison-cleared event's time.
ROUNDS=${ROUNDS:-7}
RAW_DEV=$(ls /sys/bus/nd/devices/$RAW_NS/block)
rm -f /tmp/mon.jsonl
sector() { echo $((4096 + $1 * 64)); }
echo "$(sector 0) 1" > /sys/block/$RAW_DEV/badblocks
pmemctl_rc monitor -n $RAW_NS --log /tmp/mon.jsonl --no-stdout &
MON=$!
sleep 2
: > /tmp/lat
for i in $(seq $ROUNDS); do
	echo "$(sector $i) 1" > /sys/block/$RAW_DEV/badblocks
	prev=$(sector $((i - 1)))
	t0=$(labtool now)
	labtool dwrite /dev/$RAW_DEV $((prev * 512)) 512 > /dev/null
	for k in $(seq 100); do
		ev=$(jq -r "select(.event == \"poison-cleared\" and .sector == $prev) | .time" /tmp/mon.jsonl | head -1)
		[ -n "$ev" ] && break
		usleep 10000
	done
	[ -n "$ev" ] && echo $(( $(labtool us "$ev") - t0 )) >> /tmp/lat
done
labtool dwrite /dev/$RAW_DEV $(( $(sector $ROUNDS) * 512 )) 512 > /dev/null
lat=$(sort -n /tmp/lat | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
c0=$(awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
u0=$(awk '{ print $14 + $15 }' /proc/$MON/stat)
sleep 60
c1=$(awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
u1=$(awk '{ print $14 + $15 }' /proc/$MON/stat)
kill -TERM $MON; wait $MON
echo "LAB-BENCH monitor: rounds=$ROUNDS events_measured=$(grep -c . /tmp/lat) event_latency_median_us=$lat (goal < 100000) all_us=[$(tr '\n' ' ' < /tmp/lat)] idle_60s_cpu_ticks=$((u1 - u0)) idle_60s_wakeups=$((c1 - c0)) (goal 0)"
check "monitor bench: every clearing write gave its event" sh -c "[ \$(grep -c . /tmp/lat) -eq $ROUNDS ]"
