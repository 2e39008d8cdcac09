# Issue 15 on real kernels: the Prometheus levels add up to the JSON, per-DIMM
# series for an interleaved (nfit_test) and a non-interleaved (QEMU) region,
# filters select the scrub series, monitor's start-up snapshot and sector-set
# events (issue 18 item 3).
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

# monitor --syslog's journal fields are tested through journald's native
# socket protocol with a reader (test/dump/test-journal.sh, over the captured
# sysfs trees): systemd-journald started by hand in this initramfs exits at
# once, so journalctl cannot be asked here yet.
clear_injections $RAW_NS
