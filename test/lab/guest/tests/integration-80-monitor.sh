# pmemctl monitor: the start-up snapshot, events in order with list-poison's
# records, no wake-ups while idle, exit 130 on SIGTERM, --log reopened on
# SIGHUP. Starts after integration-70:
# namespace2.0 fsdax, unmounted.
FSDAX_DEV=$(ndctl list -n $FSDAX_NS | jq -r '(if type == "array" then .[0] else . end) | .blockdev')
ctx() { awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n }' /proc/$1/status; }
cpu() { awk '{ print $14 + $15 }' /proc/$1/stat; }	# utime + stime, in ticks
# the events after the start-up snapshot
events() { jq -r .event /tmp/mon.jsonl | sed '1,/^snapshot$/d' | tr '\n' ' '; }
clear_injections $FSDAX_NS
pmemctl recover -n $FSDAX_NS > /dev/null 2>&1

step "monitor: idle means asleep"
rm -f /tmp/mon.jsonl
pmemctl_rc monitor --log /tmp/mon.jsonl --no-stdout &
MON=$!
sleep 2
expect_eq "start: a poison-present event per record of list-poison, then snapshot with their count and bytes" \
	"$(pmemctl list-poison | jq -c 'map(del(.dimms)) | sort_by(.region, .region_offset, .area), length, (map(.length) | add // 0)')" \
	"$(jq -sc '(map(select(.event == "poison-present") | del(.time, .event, .dimms)) | sort_by(.region, .region_offset, .area)),
		(.[-1] | select(.event == "snapshot") | .ranges, .bytes)' /tmp/mon.jsonl)"
c0=$(ctx $MON); u0=$(cpu $MON)
sleep 10
c1=$(ctx $MON); u1=$(cpu $MON)
info "monitor idle 10 s: context switches $c0 -> $c1, cpu ticks $u0 -> $u1"
expect_eq "idle for 10 s: no wake-up (context switches unchanged), no CPU time" "$c0 $u0" "$c1 $u1"
expect_eq "idle: no events" "" "$(events)"

step "monitor: inject with notify, recover, disable and enable the namespace"
pmemctl inject -n $FSDAX_NS -B 100 -c 2 --quiet > /dev/null || not_ok "inject"
sleep 1
pmemctl recover -n $FSDAX_NS > /dev/null || not_ok "recover"
sleep 1
ndctl disable-namespace $FSDAX_NS > /dev/null 2>&1 || not_ok "disable-namespace"
sleep 1
ndctl enable-namespace $FSDAX_NS > /dev/null 2>&1 || not_ok "enable-namespace"
sleep 2
info "events: $(events)"
# the kernel notifies the scrub attribute when a scrub completes, not when it
# starts: a start shows only when something else wakes the monitor meanwhile
info "scrub events: $(jq -r 'select(.event | startswith("scrub")) | .event' /tmp/mon.jsonl | tr '\n' ' ')"
expect_eq "the scrub the injection asked for: scrub-completed" 1 \
	"$(jq -r 'select(.event == "scrub-completed") | .bus' /tmp/mon.jsonl | grep -c "^$FSDAX_BUS\$")"
added=$(jq -c "select(.event == \"poison-added\" and .device == \"$FSDAX_DEV\") | [.namespace, .area, .sector, .sectors]" /tmp/mon.jsonl | head -1)
expect_eq "poison-added: list-poison's record of the injected sectors" "[\"$FSDAX_NS\",\"data\",100,2]" "$added"
expect_eq "poison-cleared: the same record, after the recovery write" "[\"$FSDAX_NS\",\"data\",100,2]" \
	"$(jq -c "select(.event == \"poison-cleared\" and .device == \"$FSDAX_DEV\") | [.namespace, .area, .sector, .sectors]" /tmp/mon.jsonl | head -1)"
order=$(jq -r "select(.device == \"$FSDAX_DEV\" or (.event | startswith(\"device\"))) | .event" /tmp/mon.jsonl | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//')
expect_eq "in order: added, cleared, device removed, device added" "poison-added poison-cleared device-removed device-added" "$order"
expect_eq "device events name the block device" "[\"$FSDAX_DEV\"]" \
	"$(jq -c "select(.event == \"device-removed\" and .subsystem == \"block\") | .kernel_device" /tmp/mon.jsonl | sort -u | jq -sc .)"
expect_eq "every poison event carries the full record shape" 0 \
	"$(jq -s '[.[] | select(.event | startswith("poison")) | select(has("spa") and has("region_offset") and has("dimms") | not)] | length' /tmp/mon.jsonl)"
kill -TERM $MON; wait $MON; rc=$?
keep_json monitor /tmp/mon.jsonl
expect_eq "SIGTERM: the monitor exits 130 (interrupted, the rule of every command)" 130 "$rc"

step "monitor: SIGHUP reopens --log (logrotate moved the file away)"
# poll for what should come instead of sleeping for it: events follow ARS
until_true() { for _ in $(seq 60); do "$@" && return 0; usleep 250000; done; return 1; }
added() { [ -f "$1" ] && jq -e "select(.event == \"poison-added\" and .sector == $2)" "$1" > /dev/null; }
rm -f /tmp/hup.jsonl /tmp/hup.jsonl.1
pmemctl_rc monitor --no-snapshot -n $FSDAX_NS --log /tmp/hup.jsonl --no-stdout &
MON=$!
sleep 1
pmemctl inject -n $FSDAX_NS -B 200 -c 1 --quiet > /dev/null || not_ok "inject 200"
until_true added /tmp/hup.jsonl 200
mv /tmp/hup.jsonl /tmp/hup.jsonl.1
kill -HUP $MON
until_true test -f /tmp/hup.jsonl
expect_eq "SIGHUP: the monitor is still running and has made a new --log file" "yes yes" \
	"$(kill -0 $MON 2>/dev/null && echo yes) $([ -f /tmp/hup.jsonl ] && echo yes)"
pmemctl inject -n $FSDAX_NS -B 300 -c 1 --quiet > /dev/null || not_ok "inject 300"
until_true added /tmp/hup.jsonl 300
kill -TERM $MON; wait $MON
keep_json monitor /tmp/hup.jsonl.1
keep_json monitor /tmp/hup.jsonl
sectors() { jq -sc 'map(select(.event == "poison-added") | .sector)' "$1"; }
expect_eq "the moved file has the event from before SIGHUP, the new file the next one" "[200] [300]" \
	"$(sectors /tmp/hup.jsonl.1) $(sectors /tmp/hup.jsonl)"
clear_injections $FSDAX_NS
pmemctl recover -n $FSDAX_NS > /dev/null || not_ok "recover"

step "monitor: --timeout and --once for scripts"
t=$(up)
pmemctl_rc monitor --no-snapshot --timeout 2 > /tmp/o; rc=$?
expect_eq "--no-snapshot --timeout 2: exit 0 after about 2 s, no output" "0 yes" \
	"$rc $(awk -v a=$t -v b=$(up) 'BEGIN { print (b - a >= 1.9 && b - a < 6) ? "yes" : "no" }')$(cat /tmp/o)"
t=$(up)
timeout 10 pmemctl monitor --once > /tmp/o; rc=$?
expect_eq "--once: the snapshot, exit 0 at once (not waiting for a change)" "0 snapshot yes" \
	"$rc $(tail -1 /tmp/o | jq -r .event) $(awk -v a=$t -v b=$(up) 'BEGIN { print (b - a < 5) ? "yes" : "no" }')"
pmemctl_rc monitor --once --no-snapshot --timeout 60 > /tmp/o &
MON=$!
sleep 1
pmemctl scrub -b $FSDAX_BUS --quiet > /dev/null
wait $MON; rc=$?
expect_eq "--once --no-snapshot: exit 0 after the first events (the scrub)" "0 scrub" "$rc $(head -1 /tmp/o | jq -r .event | cut -d- -f1)"
pmemctl_rc monitor -n namespace9.9 --timeout 1 2>/dev/null; expect_eq "a filter that matches nothing: exit 3" 3 $?

step "monitor --files: a poison event names the file it hit"
modprobe xfs
TEST_DIR=/mnt TEST_DEV=/dev/null QA_CHECK_FS=1 mkfs.xfs -q -f -m reflink=0,rmapbt=1 /dev/$FSDAX_DEV || not_ok "mkfs.xfs"
mount -o dax=always /dev/$FSDAX_DEV /mnt/x || not_ok "mount"
head -c 65536 /dev/urandom > /mnt/x/watched; sync
pmemctl_rc monitor -n $FSDAX_NS --files --timeout 60 > /tmp/o &
MON=$!
sleep 1
pmemctl inject --file /mnt/x/watched --offset 4096 --quiet > /dev/null || not_ok "inject --file"
sleep 1
kill -TERM $MON; wait $MON
expect_eq "monitor --files: poison-added names the file and the file offset" '["/mnt/x/watched",4096,"getfsmap"]' \
	"$(jq -c 'select(.event == "poison-added") | [.files[0].path, .files[0].file_offset, .files_method]' /tmp/o | head -1)"
umount /mnt/x
clear_injections $FSDAX_NS
pmemctl_rc recover -n $FSDAX_NS > /dev/null; expect_eq "clean up: recover exit 0" 0 $?
