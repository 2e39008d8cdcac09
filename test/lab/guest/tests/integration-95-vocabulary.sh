# Issue 15 on real kernels: the Prometheus levels add up to the JSON, per-DIMM
# series for an interleaved (nfit_test) and a non-interleaved (QEMU) region,
# filters select the scrub series, monitor's start-up snapshot and sector-set
# events (issue 18 item 3), and monitor --syslog's journal fields found by
# journalctl in systemd-journald run in the guest.
FSDAX_DEV=${FSDAX_DEV:-}
metric_sum() { awk -v m="$1" -F'[{}]' '$1 == m { v = $3; sub(/^ /, "", v); t += v } END { print t + 0 }' /tmp/prom; }
clear_injections $RAW_NS
pmemctl recover -n $RAW_NS > /dev/null 2>&1

step "prometheus: the levels add up, per-DIMM series, the filters select the buses"
pmemctl inject -n $RAW_NS -B 300 -c 2 --no-notify --quiet > /dev/null || not_ok "inject"
pmemctl scrub -b $RAW_BUS --quiet > /dev/null
echo "64 8" > /sys/block/$QEMU_DEV/badblocks	# the QEMU region has no ARS: software badblocks (as in test 10)
pmemctl list-poison > /tmp/recs.json
pmemctl list-poison --format prometheus > /tmp/prom
info "records: $(jq -c 'map([.region, .sector, .sectors, .dimms])' /tmp/recs.json)"
expect_eq "sum(namespace bytes) and sum(region bytes) equal the records in namespaces and all records" \
	"$(jq '[.[] | select(.namespace) | .length] | add // 0' /tmp/recs.json) $(jq '[.[].length] | add // 0' /tmp/recs.json)" \
	"$(metric_sum pmemctl_namespace_poison_bytes) $(metric_sum pmemctl_region_poison_bytes)"
# each DIMM's bytes: the records that name it (a record on two DIMMs counts on both)
for region in $RAW_REGION $QEMU_REGION; do
	want=$(jq -r --arg r $region '[.[] | select(.region == $r) | .length as $l | .dimms[]? | {d: ., l: $l}]
		| group_by(.d) | map("\(.[0].d) \(map(.l) | add)") | .[]' /tmp/recs.json)
	got=$(for d in $(echo "$want" | cut -d' ' -f1); do
		echo "$d $(sed -n "s/^pmemctl_dimm_poison_bytes{.*nd_dimm=\"$d\",dimm_id=\"[^\"]*\",dimm_handle=\"[0-9]*\",dimm_phys_id=\"[0-9]*\"} //p" /tmp/prom)"
	done)
	ways=$(cat /sys/bus/nd/devices/$region/mappings)
	expect_eq "$region ($ways-way): a per-DIMM series with id, handle and phys_id for each DIMM its records name, bytes = theirs" \
		"$want" "$got"
	[ -n "$want" ] || not_ok "$region: no record names a DIMM (the per-DIMM check saw nothing)"
done
pmemctl list-poison --format prometheus -r $RAW_REGION > /tmp/promr
expect_eq "-r $RAW_REGION: the scrub series of its bus only, and its region only" "$RAW_BUS $RAW_REGION" \
	"$(sed -n 's/^pmemctl_scrub[a-z_]*{nd_bus="\([^"]*\)".*/\1/p' /tmp/promr | sort -u | paste -sd' ')\
 $(sed -n 's/^pmemctl_[a-z_]*{.*nd_region="\([^"]*\)".*/\1/p' /tmp/promr | sort -u | paste -sd' ')"

step "monitor: the start-up snapshot lists the poison there is"
pmemctl monitor --once > /tmp/snap.jsonl
expect_eq "monitor --once: a poison-present event per list-poison record, then snapshot" \
	"$(pmemctl list-poison | jq -c 'map([.region, .region_sector, .sectors]) | sort, length')" \
	"$(jq -sc '(map(select(.event == "poison-present") | [.region, .region_sector, .sectors]) | sort), (.[-1] | select(.event == "snapshot") | .ranges)' /tmp/snap.jsonl)"

step "monitor: a partial recovery clears the recovered sectors only (issue 18 item 3)"
pmemctl inject -n $RAW_NS -B 3000 -c 4 --no-notify --quiet > /dev/null || not_ok "inject 3000+4"
pmemctl scrub -b $RAW_BUS --quiet > /dev/null
clear_injections $RAW_NS
rm -f /tmp/mon95.jsonl
pmemctl_rc monitor --no-snapshot -r $RAW_REGION --log /tmp/mon95.jsonl --no-stdout &
MON=$!
sleep 1
pmemctl recover -n $RAW_NS -B 3000 -c 2 > /dev/null || not_ok "recover -B 3000 -c 2"
sleep 2
kill -INT $MON; wait $MON; rc=$?
keep_json monitor /tmp/mon95.jsonl
info "events: $(jq -c '[.event, .region_sector, .sectors]' /tmp/mon95.jsonl | tr '\n' ' ')"
expect_eq "recover -B 3000 -c 2 of 3000+4: one poison-cleared [3000,2], nothing added" '[["poison-cleared",3000,2]]' \
	"$(jq -sc 'map(select(.event | startswith("poison")) | [.event, .sector, .sectors])' /tmp/mon95.jsonl)"
expect_eq "SIGINT: monitor exits 130 like every interrupted command" 130 "$rc"

step "monitor: disabling and enabling a poisoned namespace clears nothing"
rm -f /tmp/mon95.jsonl
pmemctl_rc monitor --no-snapshot -r $RAW_REGION --log /tmp/mon95.jsonl --no-stdout &
MON=$!
sleep 1
ndctl disable-namespace $RAW_NS > /dev/null 2>&1 || not_ok "disable-namespace"
sleep 1
ndctl enable-namespace $RAW_NS > /dev/null 2>&1 || not_ok "enable-namespace"
sleep 2
kill -TERM $MON; wait $MON
keep_json monitor /tmp/mon95.jsonl
info "events: $(jq -c '[.event, .kernel_device // .region_sector, .previous_device // empty]' /tmp/mon95.jsonl | tr '\n' ' ')"
expect_eq "the sectors 3002+2 stay poisoned: no poison-cleared, no poison-added (re-attribution at most)" 0 \
	"$(jq -r 'select(.event == "poison-cleared" or .event == "poison-added") | .event' /tmp/mon95.jsonl | grep -c .)"
pmemctl recover -n $RAW_NS > /dev/null 2>&1

step "monitor --syslog: the events in systemd-journald, found by journalctl PMEMCTL_EVENT=..."
# journald as a plain process with volatile storage (/run/log/journal): it
# wants a machine id and the cgroup hierarchy (without it: "Failed to acquire
# cgroup root path: No medium found", and it exits), and makes its sockets in
# /run/systemd/journal itself
[ -s /etc/machine-id ] || od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > /etc/machine-id
mount -t cgroup2 cgroup2 /sys/fs/cgroup || not_ok "mount cgroup2 (for journald)"
mkdir -p /run/systemd/journal
SYSTEMD_LOG_LEVEL=debug SYSTEMD_LOG_TARGET=console systemd-journald > /tmp/journald.log 2>&1 &
JD=$!
for _ in $(seq 50); do [ -S /run/systemd/journal/socket ] && break; usleep 200000; done
if kill -0 $JD 2>/dev/null && [ -S /run/systemd/journal/socket ]; then ok "systemd-journald runs in the guest"
else not_ok "systemd-journald runs in the guest"; sed 's/^/#   /' /tmp/journald.log | tail -30; fi
pmemctl_rc monitor --syslog --no-snapshot -r $RAW_REGION --timeout 120 > /tmp/jmon.jsonl &
MON=$!
sleep 1
pmemctl inject -n $RAW_NS -B 500 -c 1 --quiet > /dev/null || not_ok "inject 500 (with notify)"
for _ in $(seq 60); do grep -q '"poison-added"' /tmp/jmon.jsonl && break; usleep 250000; done
sleep 1	# the journal takes its datagrams in its own time
kill -TERM $MON; wait $MON
journalctl --no-pager --all -o json PMEMCTL_EVENT=poison-added > /tmp/journal.json 2> /tmp/journalctl.err
info "journal: $(jq -c '[.PMEMCTL_EVENT, .PMEMCTL_REGION, .PMEMCTL_SECTOR, .PMEMCTL_SECTORS, .SYSLOG_IDENTIFIER]' /tmp/journal.json | tr '\n' ' ')"
# the PMEMCTL_* fields journald kept, against the event on standard output:
# each key upper-cased, a list of strings joined by ',', null left out
expect_eq "journalctl PMEMCTL_EVENT=poison-added: the event monitor printed, field for field" \
	"$(jq -Sc 'select(.event == "poison-added") | to_entries | map(select(.value != null)
		| {key: ("PMEMCTL_" + (.key | ascii_upcase | gsub("-"; "_"))), value: (.value
		| if type == "array" and all(.[]; type == "string") then join(",")
		  elif type == "array" or type == "object" then tojson else tostring end)}) | from_entries' /tmp/jmon.jsonl)" \
	"$(jq -Sc 'with_entries(select(.key | startswith("PMEMCTL_")))' /tmp/journal.json)"
expect_eq "the entry's MESSAGE is the event's JSON line, from pmemctl-monitor at warning priority, by the native protocol" \
	"$(grep '"poison-added"' /tmp/jmon.jsonl) pmemctl-monitor 4 journal" \
	"$(jq -r '"\(.MESSAGE) \(.SYSLOG_IDENTIFIER) \(.PRIORITY) \(._TRANSPORT)"' /tmp/journal.json)"
if ! grep -q . /tmp/journal.json; then	# why not: what journald and journalctl said, where the event went
	sed 's/^/#   journalctl: /' /tmp/journalctl.err
	journalctl --no-pager -o short-monotonic -n 15 2>&1 | sed 's/^/#   journal: /'
	ls -lR /run/log/journal 2>&1 | sed 's/^/#   /' | head -10
	grep pmemctl-monitor /tmp/messages | tail -2 | sed 's/^/#   syslog: /'
	tail -25 /tmp/journald.log | sed 's/^/#   journald: /'
fi
kill -TERM $JD; wait $JD
# later tests expect no journal: monitor and the audit line use syslog
rm -rf /run/systemd/journal /run/log/journal
umount /sys/fs/cgroup
pmemctl recover -n $RAW_NS > /dev/null 2>&1
clear_injections $RAW_NS
