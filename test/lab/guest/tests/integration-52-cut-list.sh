# A poison list the kernel cuts: a badblocks list is printed into one page,
# and 500 ranges do not fit. list-poison lists only the whole lines and says
# the list was cut in its JSON, its metrics and on stderr; recover reads the
# list again after its writes and recovers every range, past the cut too.
# A region's cut list is completed from the platform's ARS status records:
# 470 one-sector ranges, all but one at six-digit region sectors, fill more than the page
# (9 bytes a line) yet stay under the kernel's 512 (MAX_BADBLOCKS) and
# nfit_test's 2730 ARS records (lab patch), so every range the kernel cut
# off is in the records.
# Starts after integration-50: namespace1.0 raw, $FSDAX_NS fsdax or raw
# (LAB_ONLY), no data poison; leaves them so.
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
expect_eq "metrics: *_poison_list_cut 1 for $RAW_REGION and $RAW_NS" "1 1" \
	"$(grep -c "^pmemctl_region_poison_list_cut{.*nd_region=\"$RAW_REGION\".*} 1$" /tmp/lp.prom)\
 $(grep -c "^pmemctl_namespace_poison_list_cut{.*nd_namespace=\"$RAW_NS\".*} 1$" /tmp/lp.prom)"
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

dd if=/dev/zero of=/dev/$RAW_DEV bs=1M conv=fsync 2>/dev/null

step "cut region list: 470 injected ranges on $FSDAX_REGION, completed from the platform's ARS records"
RBB=/sys/bus/nd/devices/$FSDAX_REGION/badblocks
# -B is a data sector in every mode (ndctl's meaning, and pmemctl's .sector):
# one at a five-digit sector (a line of 8 bytes, also in fsdax mode, where
# the region sector adds the data offset), so that the page ends mid-line
# (455 lines of 9 bytes would fill it exactly) when the region holds no
# other poison, then every other sector
# from 100000, so that the kernel merges none of them. Each injection is
# one ARS record of nfit_test's clear unit (256 bytes); the kernel lists
# its whole sector.
sectors="20000 $(seq 100000 2 100936 | tr '\n' ' ')"
n=$(echo $sectors | wc -w)
# in fsdax mode (after integration-50) the region keeps poison outside the
# data area, which recover skips: the list must come back to this
cat $RBB > /tmp/region.before
for b in $sectors; do inject $FSDAX_NS $b 1; done
# a scrub may already be running (started while injecting): wait for it,
# then one that sees every injection; nfit_test keeps the records of the
# last range the kernel scrubbed
scrub $FSDAX_BUS; scrub $FSDAX_BUS
cat $RBB > /tmp/region.bb
info "$RBB: $(grep -c '' /tmp/region.bb) lines, $(wc -c < /tmp/region.bb) bytes, last line '$(tail -n 1 /tmp/region.bb)'"
# mid-line where the region held no other poison; a page that a whole line
# ends exactly is as cut (the kernel's snprintf stops at the page either way)
expect_eq "the kernel's region text fills its page (4095 bytes)" 4095 "$(wc -c < /tmp/region.bb)"
injected=$(for b in $sectors; do printf '[%s,1]' $b; done | sed 's/\]\[/],[/g')
pmemctl_rc list-poison -n $FSDAX_NS > /tmp/lp.json 2> /tmp/lp.err; rc=$?
info "list-poison: $(jq length /tmp/lp.json) records; stderr: $(head -c 300 /tmp/lp.err)"
expect_eq "list-poison: exit 0, all $n injected ranges (the page shows $(sed '$d' /tmp/region.bb | grep -c '') whole lines)" \
	"0 [$injected]" "$rc $(jq -c '[.[] | select(.area == "data") | [.sector, .sectors]] | sort' /tmp/lp.json)"
expect_eq "list-poison: every record says poison_list completed" '["completed"]' "$(jq -c '[.[].poison_list] | unique' /tmp/lp.json)"
expect_eq "list-poison: one line on stderr: completed from the ARS records, naming $FSDAX_NS" "1 1" \
	"$(grep -c '' /tmp/lp.err) $(grep -c "completed from the platform's ARS records: .*$FSDAX_NS" /tmp/lp.err)"
# the platform's own list, read by ndctl: nfit_test answers --status from one
# 4 KiB page, so it shows the first of the injections
st=$(ndctl inject-error --status $FSDAX_NS | jq -c '[.badblocks[]? | [.block, .count]]')
info "ndctl inject-error --status lists $(echo "$st" | jq length) of the $n injections"
expect_eq "ndctl inject-error --status: every range it lists is one of pmemctl's" "[]" \
	"$(jq -c --argjson a "$st" '[.[] | [.sector, .sectors]] as $p | [$a[] | select(. as $x | $p | index([$x]) | not)]' /tmp/lp.json)"
expect_eq "every whole line of the kernel's region text is one of pmemctl's (region sectors)" "" \
	"$(sed '$d' /tmp/region.bb | jq -R 'split(" ") | map(tonumber)' | jq -sc --slurpfile p /tmp/lp.json \
		'[.[] | select(. as $k | $p[0] | any(.[]; .region_sector == $k[0] and .sectors == $k[1]) | not)] | if . == [] then "" else . end' | tr -d '"')"
pmemctl list-poison --format prometheus > /tmp/lp.prom 2>/dev/null
expect_eq "metrics: *_poison_list_cut 0 for $FSDAX_REGION and $FSDAX_NS (completed)" "1 1" \
	"$(grep -c "^pmemctl_region_poison_list_cut{.*nd_region=\"$FSDAX_REGION\".*} 0$" /tmp/lp.prom)\
 $(grep -c "^pmemctl_namespace_poison_list_cut{.*nd_namespace=\"$FSDAX_NS\".*} 0$" /tmp/lp.prom)"
pmemctl_rc recover -n $FSDAX_NS > /tmp/r.json 2> /tmp/r.err; rc=$?
expect_eq "recover: exit 0, $n data ranges cleared, the region's list as before the injections" \
	"0 $n [\"cleared\"] $(bb /tmp/region.before)" \
	"$rc $(jq '[.[] | select(.status != "skipped")] | length' /tmp/r.json) $(jq -c '[.[] | select(.status != "skipped") | .status] | unique' /tmp/r.json) $(bb $RBB)"
clear_injections $FSDAX_NS
