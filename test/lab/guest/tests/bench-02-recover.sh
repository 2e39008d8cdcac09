# Benchmark: pmemctl recover vs ndctl clear-errors on the same poison in the
# same guest: wall time, writes issued, whether the namespace went offline,
# and whether the good data survived.
RAW_DEV=$(ls /sys/bus/nd/devices/$RAW_NS/block)
RANGES=${BENCH_RECOVER_RANGES:-40}
flush() { sync; echo 3 > /proc/sys/vm/drop_caches; }
poison() {	# the same RANGES single sectors, one every 64 KiB, latent then scrubbed
	i=0
	while [ $i -lt $RANGES ]; do pmemctl inject -n $RAW_NS -B $((i * 128 + 9)) --no-notify --quiet >/dev/null; i=$((i + 1)); done
	pmemctl scrub -b $RAW_BUS --quiet >/dev/null
	clear_injections $RAW_NS
}
# watch for the block device to disappear while a command runs
watch_offline() { : > /tmp/offline; ( while [ ! -e /tmp/stop-watch ]; do [ -e /sys/block/$RAW_DEV ] || echo gone >> /tmp/offline; usleep 2000; done ) & WATCH=$!; }
stop_watch() { touch /tmp/stop-watch; wait $WATCH; rm -f /tmp/stop-watch; [ -s /tmp/offline ] && echo yes || echo no; }

step "recover vs clear-errors on $RANGES poisoned sectors of $RAW_NS"
ndctl create-namespace -f -e $RAW_NS -m raw --no-autolabel >/dev/null 2>&1
RAW_DEV=$(ls /sys/bus/nd/devices/$RAW_NS/block)
clear_injections $RAW_NS
dd if=/dev/urandom of=/tmp/raw.img bs=1M count=32 2>/dev/null
dd if=/tmp/raw.img of=/dev/$RAW_DEV bs=1M conv=fsync 2>/dev/null
cp /tmp/raw.img /tmp/expect.img
i=0; while [ $i -lt $RANGES ]; do dd if=/dev/zero of=/tmp/expect.img bs=512 seek=$((i * 128 + 9)) count=1 conv=notrunc 2>/dev/null; i=$((i + 1)); done

ROUNDS=${BENCH_RECOVER_ROUNDS:-5}
med() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > /tmp/pm.t; : > /tmp/nd.t; pm_off=no nd_off=no pm_data=intact nd_data=intact pm_left=0 nd_left=0
r=0
while [ $r -lt $ROUNDS ]; do
	poison
	n=$(grep -c '' /sys/block/$RAW_DEV/badblocks)
	pm_plan=$(pmemctl recover -n $RAW_NS --dry-run | jq length)
	watch_offline
	labtool time pmemctl recover -n $RAW_NS --quiet >> /tmp/pm.t
	[ "$(stop_watch)" = yes ] && pm_off=yes
	pm_left=$((pm_left + $(grep -c '' /sys/block/$RAW_DEV/badblocks)))
	flush; [ "$(md5sum < /dev/$RAW_DEV)" = "$(md5sum < /tmp/expect.img)" ] || pm_data=changed

	poison
	watch_offline
	labtool time ndctl clear-errors $RAW_NS >> /tmp/nd.t
	[ "$(stop_watch)" = yes ] && nd_off=yes
	RAW_DEV=$(ls /sys/bus/nd/devices/$RAW_NS/block)
	nd_left=$((nd_left + $(grep -c '' /sys/block/$RAW_DEV/badblocks)))
	flush; [ "$(md5sum < /dev/$RAW_DEV)" = "$(md5sum < /tmp/expect.img)" ] || nd_data=changed
	r=$((r + 1))
done
pm_us=$(med /tmp/pm.t); nd_us=$(med /tmp/nd.t)
ratio=$(awk -v a=$pm_us -v b=$nd_us 'BEGIN{printf "%.3f", a/b}')
echo "LAB-BENCH recover: ranges=$n rounds=$ROUNDS pmemctl_median_us=$pm_us writes=$pm_plan offline=$pm_off left=$pm_left good_data=$pm_data | ndctl_clear_errors_median_us=$nd_us offline=$nd_off left=$nd_left good_data=$nd_data | time_ratio=$ratio"
expect_eq "recover cleared every range, stayed online, kept the good data" "0 no intact $n" "$pm_left $pm_off $pm_data $pm_plan"
