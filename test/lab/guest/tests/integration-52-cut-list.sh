# A poison list the kernel cuts: a badblocks list is printed into one page,
# and 500 ranges do not fit. list-poison lists only the whole lines and says
# the list was cut in its JSON, its metrics and on stderr; recover reads the
# list again after its writes and recovers every range, past the cut too.
# A region's list (platform poison) is completed from the ARS status records
# (the lab patch gives nfit_test room for them).
# Starts after integration-50: namespace1.0 raw, no poison; leaves it so.
RAW_DEV=$(ls /sys/bus/nd/devices/$RAW_NS/block)
BB=/sys/block/$RAW_DEV/badblocks

step "cut list: 500 software ranges on $RAW_DEV (the block device's badblocks store)"
dd if=/dev/zero of=/dev/$RAW_DEV bs=1M conv=fsync 2>/dev/null
i=0; while [ $i -lt 500 ]; do echo "$((200 + i * 64)) 50" > $BB || break; i=$((i + 1)); done
cat $BB > /tmp/kernel.bb
info "$BB: $(wc -c < /tmp/kernel.bb) bytes, last line '$(tail -n 1 /tmp/kernel.bb)'"
expect_eq "the kernel's text fills its page (4095 bytes) and ends mid-line" "4095 no-newline" \
	"$(wc -c < /tmp/kernel.bb) $(tail -c 1 /tmp/kernel.bb | od -An -c | grep -q '\\n' && echo newline || echo no-newline)"
whole=$(sed '$d' /tmp/kernel.bb | awk '{ printf "%s[%s,%s]", (NR > 1 ? "," : ""), $1, $2 }')
nwhole=$(sed '$d' /tmp/kernel.bb | grep -c '')

pmemctl_rc list-poison -n $RAW_NS > /tmp/lp.json 2> /tmp/lp.err; rc=$?
expect_eq "list-poison: exit 0, exactly the kernel's $nwhole whole lines, no half line" "0 [$whole]" \
	"$rc $(jq -c '[.[] | select(.source == "block") | [.sector, .sectors]]' /tmp/lp.json)"
expect_eq "list-poison: every record says poison_list cut" '["cut"]' "$(jq -c '[.[].poison_list] | unique' /tmp/lp.json)"
expect_eq "list-poison: one line on stderr naming $RAW_NS" "1 1" \
	"$(grep -c '' /tmp/lp.err) $(grep -c "was cut.*unknown for: .*$RAW_NS" /tmp/lp.err)"
expect_eq "--summary: $RAW_NS and $RAW_REGION rows say cut" '["cut","cut"]' \
	"$(pmemctl list-poison --summary -r $RAW_REGION 2>/dev/null | jq -c '[.[] | select(.namespace == null or .namespace == "'$RAW_NS'") | .poison_list]')"
pmemctl list-poison --format prometheus > /tmp/lp.prom 2>/dev/null
expect_eq "metrics: pmemctl_poison_list_cut 1 for $RAW_REGION and $RAW_NS" "1 1" \
	"$(grep -c "^pmemctl_poison_list_cut{.*region=\"$RAW_REGION\",namespace=\"\".*} 1$" /tmp/lp.prom)\
 $(grep -c "^pmemctl_poison_list_cut{.*namespace=\"$RAW_NS\".*} 1$" /tmp/lp.prom)"
info "ndctl list -M's last range of $RAW_NS (libndctl reads the half line): $(ndctl list -M -n $RAW_NS | jq -c '(if type == "array" then .[0] else . end) | .badblocks[-1]')"

step "cut list: recover reads the list again after its writes"
pmemctl_rc recover -n $RAW_NS --dry-run > /tmp/r.json 2> /tmp/r.err; rc=$?
expect_eq "--dry-run: exit 0, $nwhole planned writes, one note that the plan stops at the cut" "0 $nwhole 1" \
	"$rc $(jq length /tmp/r.json) $(grep -c 'cut at its page: this plan covers' /tmp/r.err)"
pmemctl_rc recover -n $RAW_NS > /tmp/r.json 2> /tmp/r.err; rc=$?
expect_eq "recover: exit 0, 500 writes, every one cleared" '0 500 ["cleared"]' \
	"$rc $(jq length /tmp/r.json) $(jq -c 'map(.status) | unique' /tmp/r.json)"
expect_eq "recover: the kernel lists no poison on $RAW_DEV, nothing on stderr" "0 0" \
	"$(grep -c '' $BB) $(grep -c '' /tmp/r.err)"

step "cut region list: 600 injected ranges, completed from the platform's ARS records"
RBB=/sys/bus/nd/devices/$RAW_REGION/badblocks
# one sector each: nfit_test keeps one ARS record per injected sector, and
# its 64 KiB (lab patch) hold 2730 of them
i=0; while [ $i -lt 600 ]; do inject $RAW_NS $((200 + i * 64)) 1; i=$((i + 1)); done
# a scrub may already be running (started while injecting): wait for it,
# then one that sees every injection
scrub $RAW_BUS; scrub $RAW_BUS
dmesg | grep -i 'ars' | tail -3 | while read l; do info "dmesg: $l"; done
cat $RBB > /tmp/region.bb
info "$RBB: $(grep -c '' /tmp/region.bb) lines, $(wc -c < /tmp/region.bb) bytes, last line '$(tail -n 1 /tmp/region.bb)'"
# 600 one-sector lines would not fit the page either, but the kernel keeps
# at most 512 ranges (MAX_BADBLOCKS) and drops the rest first
expect_eq "the kernel's region list is full: 512 ranges, the other 88 dropped" 512 "$(grep -c '' /tmp/region.bb)"
injected=$(i=0; while [ $i -lt 600 ]; do printf '%s[%s,1]' "$([ $i -gt 0 ] && echo ,)" $((200 + i * 64)); i=$((i + 1)); done)
pmemctl_rc list-poison -n $RAW_NS > /tmp/lp.json 2> /tmp/lp.err; rc=$?
expect_eq "list-poison: exit 0, all 600 injected ranges (the kernel lists 512), each whole" \
	"0 [$injected]" "$rc $(jq -c '[.[] | [.sector, .sectors]]' /tmp/lp.json)"
expect_eq "list-poison: every record says poison_list completed" '["completed"]' "$(jq -c '[.[].poison_list] | unique' /tmp/lp.json)"
expect_eq "list-poison: one line on stderr: completed from the ARS records, naming $RAW_NS" "1 1" \
	"$(grep -c '' /tmp/lp.err) $(grep -c "completed from the platform's ARS records: .*$RAW_NS" /tmp/lp.err)"
st=$(ndctl inject-error --status $RAW_NS | jq -c '[.badblocks[]? | [.block, .count]]')
info "ndctl inject-error --status lists $(echo "$st" | jq length) of the injections (nfit_test answers one 4 KiB page)"
expect_eq "every range ndctl inject-error --status lists starts in one of pmemctl's" "[]" \
	"$(jq -c --argjson a "$st" '. as $p | [$a[] | select(. as $x | $p | any(.[]; .sector <= $x[0] and $x[0] < .sector + .sectors) | not)]' /tmp/lp.json)"
expect_eq "every whole line of the kernel's region text is one of pmemctl's (region sectors)" "" \
	"$(jq -R < /tmp/region.bb 'split(" ") | map(tonumber)' | jq -sc --slurpfile p /tmp/lp.json \
		'[.[] | select(. as $k | $p[0] | any(.[]; .region_sector == $k[0] and .sectors == $k[1]) | not)] | if . == [] then "" else . end' | tr -d '"')"
pmemctl list-poison --format prometheus > /tmp/lp.prom 2>/dev/null
expect_eq "metrics: pmemctl_poison_list_cut 0 for $RAW_REGION and $RAW_NS (completed), 600 ranges" "2 1" \
	"$(grep -c "^pmemctl_poison_list_cut{.*region=\"$RAW_REGION\".*} 0$" /tmp/lp.prom)\
 $(grep -c "^pmemctl_poison_ranges{.*namespace=\"$RAW_NS\".*} 600$" /tmp/lp.prom)"
pmemctl_rc recover -n $RAW_NS > /tmp/r.json 2> /tmp/r.err; rc=$?
expect_eq "recover: exit 0, 600 writes, every one cleared, the region's list empty" '0 600 ["cleared"] 0' \
	"$rc $(jq length /tmp/r.json) $(jq -c 'map(.status) | unique' /tmp/r.json) $(grep -c '' $RBB)"
clear_injections $RAW_NS
dd if=/dev/zero of=/dev/$RAW_DEV bs=1M conv=fsync 2>/dev/null
