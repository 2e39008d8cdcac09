# pmemctl on CXL (sourced by cxl-probe.sh, after lib.sh): list-poison's CXL
# records against the oracles the probe reads itself: the raw cxl_poison
# events (poison()), the list the host injected through QMP (want_qmp) and,
# with a region committed, the region's resource and its endpoint decoder's
# dpa_resource in sysfs (which cxl list -R agrees with). Every JSON printed
# is kept (lib.sh's pmemctl) and printed as LAB-JSON lines at the end, for
# the host to validate against Documentation/schema.
LAB_JSON_KEEP=1

pm_list() {	# pm_list MEM [ARGS]: "dpa length source" lines of pmemctl list-poison --memdev MEM
	_m=$1; shift
	pmemctl list-poison --memdev "$_m" "$@" > /tmp/pm.json 2> /tmp/pm.err
	jq -r '.[] | "\(.dpa) \(.length) \(.media_source)"' /tmp/pm.json |
		while read -r d l s; do printf '0x%x 0x%x %s\n' "$d" "$l" "$s"; done | sort
}
lower() { tr 'A-Z' 'a-z'; }

# no region yet: records by memdev, DPA, length and source; spa null
pmemctl_check_list() {
	step "pmemctl list-poison: the CXL records (no region)"
	for m in $MEMS; do
		events=$(poison $m | lower)
		got=$(pm_list $m)
		evidence < /tmp/pm.json
		expect_eq "$m: pmemctl list-poison --memdev lists what the raw cxl_poison events list (dpa length source)" \
			"$events" "$got"
		expect_eq "$m: pmemctl lists the QMP-injected poison (dpa length)" "$(want_qmp $m)" \
			"$(echo "$got" | awk '{print $1, $2}' | tr '\n' ';')"
		part=ram; [ $m = "$PMEM_DEV" ] && part=pmem
		expect_eq "$m: each record names the memdev, its serial, host and partition ($part); no region: spa, cxl_region, device null" \
			"true" "$(jq --arg m $m --argjson sn $(($(cat $CXL/$m/serial))) --arg h "$(basename "$(readlink -f $CXL/$m/..)")" --arg p $part \
				'length > 0 and all(.[]; .kind == "cxl" and .memdev == $m and .serial == $sn and .host == $h and
				 .partition == $p and .spa == null and .cxl_region == null and .device == null and .poison_list == "whole")' /tmp/pm.json)"
	done
	pmemctl list-poison > /tmp/all.json
	expect_eq "list-poison (no filter): the CXL records of both memdevs" \
		"$(for m in $MEMS; do poison $m; done | wc -l)" "$(jq '[.[] | select(.kind == "cxl")] | length' /tmp/all.json)"
	pmemctl list-poison --summary > /tmp/sum.json
	evidence < /tmp/sum.json
	expect_eq "--summary: a row per memdev with its ranges and bytes, list whole" \
		"$(for m in $MEMS; do printf '%s %s %s;' $m $(poison $m | wc -l) $(poison $m | awk '{s += $2} END {print s + 0}'); done)" \
		"$(jq -r '.[] | select(.kind == "cxl") | "\(.memdev) \(.ranges) \(.bytes) \(.poison_list)"' /tmp/sum.json |
			sed 's/ whole$//' | tr '\n' ';')"
	pmemctl list-poison --format prometheus > /tmp/prom.txt
	grep '^pmemctl_cxl' /tmp/prom.txt | evidence
	expect_eq "--format prometheus: ranges per memdev, serial and partition labels" \
		"$(for m in $MEMS; do p=ram; [ $m = "$PMEM_DEV" ] && p=pmem
			printf 'pmemctl_cxl_memdev_poison_ranges{cxl_memdev="%s",cxl_serial="%d",partition="%s"} %s;' \
				$m $(($(cat $CXL/$m/serial))) $p $(poison $m | wc -l); done)" \
		"$(grep '^pmemctl_cxl_memdev_poison_ranges{' /tmp/prom.txt | grep -v ' 0$' | tr '\n' ';')"
	pmemctl list-poison -u > /tmp/table.txt
	evidence < /tmp/table.txt
	check "-u: the table shows MEMDEV and DPA" grep -q 'MEMDEV.*DPA' /tmp/table.txt
	pmemctl_check_inject
	pmemctl_rc list-poison --memdev mem9 > /dev/null 2> /tmp/err; rc=$?
	expect_eq "--memdev naming no memdev: exit 3 and one line" "3 1" "$rc $(wc -l < /tmp/err)"
	# an unprivileged user: the NVDIMM records and one note, counts unknown
	grep -q '^nobody:' /etc/passwd || echo "nobody:x:65534:65534:nobody:/:/bin/sh" >> /etc/passwd
	su -s /bin/sh nobody -c "pmemctl list-poison --summary" > /tmp/user.json 2> /tmp/user.err; rc=$?
	evidence < /tmp/user.err
	expect_eq "not root: exit 0, one note, memdev rows say not-root with unknown counts" \
		"0 1 not-root null;not-root null;" \
		"$rc $(grep -c 'root only' /tmp/user.err) $(jq -r '.[] | select(.kind == "cxl") | "\(.poison_list) \(.ranges)"' /tmp/user.json | tr '\n' ';')"
}

# a committed region REG on MEM: its records carry the kernel's translation,
# checked against sysfs: spa = region resource + (dpa - decoder dpa_resource)
pmemctl_check_region() {	# pmemctl_check_region TYPE MEM REG RES DPA0
	t=$1 m=$2 reg=$3 res=$4 dpa0=$5
	pm_list $m > /dev/null
	evidence < /tmp/pm.json
	expect_eq "$reg ($t on $m): every record has cxl_region $reg, cxl_region_offset = dpa - dpa_resource, spa = resource + offset" \
		"$(poison $m | awk '{print $1}' | while read -r d; do echo "$((d)) $reg $((d - dpa0)) $((res + d - dpa0))"; done | sort -n | tr '\n' ';')" \
		"$(jq -r '.[] | "\(.dpa) \(.cxl_region) \(.cxl_region_offset) \(.spa)"' /tmp/pm.json | sort -n | tr '\n' ';')"
	pmemctl_check_region_inject $m $reg $res $dpa0
	pmemctl list-poison -r $reg > /tmp/r.json
	expect_eq "$reg: -r $reg lists the same records" "$(jq -c 'map(.dpa)|sort' /tmp/pm.json)" \
		"$(jq -c '[.[] | select(.kind == "cxl") | .dpa] | sort' /tmp/r.json)"
	if [ $t = ram ]; then
		dax=$(ls $CXL/$reg/dax_$reg 2>/dev/null | grep '^dax' | head -1)
		ls /sys/bus/dax/devices/$dax/ 2>&1 | words | evidence
		expect_eq "$reg: each record names the dax device $dax, no nd namespace" \
			"true" "$(jq --arg d "$dax" 'all(.[]; .device == $d and .namespace == null and .region == null)' /tmp/pm.json)"
		# system_ram, from sysfs here: the device bound to kmem and the
		# memory block holding the record online
		drv=$(basename "$(readlink /sys/bus/dax/devices/$dax/driver)")
		bs=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
		info "$dax: driver $drv, memory blocks of $bs bytes"
		expect_eq "$reg: system_ram is $dax bound to kmem ($drv) with the record's memory block online" \
			"$(jq -r '.[].spa' /tmp/pm.json | while read -r a; do
				[ "$drv" = kmem ] && [ "$(cat /sys/devices/system/memory/memory$((a / bs))/state 2>/dev/null)" = online ] &&
					echo true || echo false; done | tr '\n' ' ')" \
			"$(jq -r '.[].system_ram' /tmp/pm.json | tr '\n' ' ')"
	fi
}

# the pmem region's nd side: the namespace and block device, the summary counts
pmemctl_check_nd() {	# pmemctl_check_nd MEM NDREGION BLOCKDEV
	m=$1 ndr=$2 pm=$3
	pm_list $m > /dev/null
	evidence < /tmp/pm.json
	expect_eq "pmem region: records name the nd region $ndr and, inside the namespace, /dev/$pm" \
		"true" "$(jq --arg r $ndr --arg d $pm 'length > 0 and all(.[]; .region == $r and (.namespace == null or .device == $d))' /tmp/pm.json)"
	pmemctl list-poison --summary -r $ndr > /tmp/sum.json
	evidence < /tmp/sum.json
	expect_eq "pmem region: the nd region's summary row counts the CXL poison (the kernel's badblocks do not)" \
		"$(jq 'length' /tmp/pm.json)" "$(jq '.[] | select(.kind == "nvdimm" and .namespace == null) | .ranges' /tmp/sum.json)"
}

# monitor: the CXL records at start, then one poison-added and one
# poison-cleared event for a line pmemctl inject poisons and clears, with the
# full record; no wake-up while idle
mon_wait() {	# mon_wait EVENT: until the monitor log has one (10 s)
	_n=20
	while [ $_n -gt 0 ]; do grep -q "\"event\":\"$1\"" /tmp/cxlmon.jsonl 2>/dev/null && return 0; sleep 0.5; _n=$((_n - 1)); done
	return 1
}
mon_events() { jq -c "select(.event == \"$1\")" /tmp/cxlmon.jsonl; }
pmemctl_check_monitor() {
	step "pmemctl monitor: CXL poison events"
	m=$PMEM_DEV
	rm -f /tmp/cxlmon.jsonl
	pmemctl_rc monitor --log /tmp/cxlmon.jsonl --no-stdout 2> /tmp/cxlmon.err &
	MON=$!
	check "monitor: the snapshot event comes" mon_wait snapshot
	evidence < /tmp/cxlmon.err
	expect_eq "monitor as root on 6.12: CXL poison is watched (no events-unwatched cxl-poison)" "" \
		"$(mon_events events-unwatched | jq -c 'select(.events | index("cxl-poison"))')"
	expect_eq "monitor: a poison-present CXL record per range each memdev lists (memdev dpa length)" \
		"$(for d in $MEMS; do poison $d | awk -v m=$d '{printf "%s %d %d\n", m, $1, $2}'; done | sort | tr '\n' ';')" \
		"$(mon_events poison-present | jq -r 'select(.kind == "cxl") | "\(.memdev) \(.dpa) \(.length)"' | sort | tr '\n' ';')"
	expect_eq "monitor: the snapshot's ranges count the CXL records" \
		"$(mon_events poison-present | grep -c .)" "$(mon_events snapshot | jq .ranges)"
	c0=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
	sleep 4
	c1=$(awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/$MON/status)
	expect_eq "monitor idle for 4 s with the CXL tracepoints watched: no wake-up" "$c0" "$c1"
	pmemctl inject --memdev $m --dpa 0xe000 > /dev/null
	check "monitor: a poison-added event after inject --memdev $m --dpa 0xe000" mon_wait poison-added
	pmemctl inject -d --memdev $m --dpa 0xe000 > /dev/null 2>&1
	check "monitor: a poison-cleared event after inject -d" mon_wait poison-cleared
	sleep 2
	kill -INT $MON; wait $MON; rc=$?
	evidence < /tmp/cxlmon.jsonl
	expect_eq "monitor ends on SIGINT with 130" 130 "$rc"
	for e in poison-added poison-cleared; do
		expect_eq "monitor: exactly one $e, the full CXL record of the line (kind memdev serial partition dpa length source)" \
			"cxl $m $(($(cat $CXL/$m/serial))) pmem $((0xe000)) 64 memdev true" \
			"$(mon_events $e | jq -r '"\(.kind) \(.memdev) \(.serial) \(.partition) \(.dpa) \(.length) \(.source) \(has("spa") and has("cxl_region") and has("media_source"))"')"
	done
	keep_json monitor /tmp/cxlmon.jsonl
	# not root: said once, NVDIMM poison still watched
	grep -q '^nobody:' /etc/passwd || echo "nobody:x:65534:65534:nobody:/:/bin/sh" >> /etc/passwd
	su -s /bin/sh nobody -c "pmemctl monitor --once" > /tmp/mon-user.jsonl 2> /tmp/mon-user.err; rc=$?
	evidence < /tmp/mon-user.err; evidence < /tmp/mon-user.jsonl
	expect_eq "monitor not root: exit 0, one note and one events-unwatched cxl-poison not-privileged, no CXL record" \
		"0 1 not-privileged 0" \
		"$rc $(grep -c 'CXL poison is not watched' /tmp/mon-user.err) $(jq -r 'select(.event == "events-unwatched" and (.events | index("cxl-poison"))) | .reason' /tmp/mon-user.jsonl) $(jq -s '[.[] | select(.kind == "cxl")] | length' /tmp/mon-user.jsonl)"
	keep_json monitor /tmp/mon-user.jsonl
}

pmemctl_check_61() {
	step "pmemctl on 6.1: no CXL poison interface"
	pmemctl list-poison --summary > /tmp/sum.json 2> /tmp/err; rc=$?
	evidence < /tmp/err
	expect_eq "6.1: list-poison exits 0 and says once that this kernel has no CXL poison interface" \
		"0 1" "$rc $(grep -c 'this kernel has no CXL poison interface' /tmp/err)"
	expect_eq "6.1: the memdev rows say no-interface with unknown counts" \
		"$(for m in $MEMS; do printf '%s no-interface null;' $m; done)" \
		"$(jq -r '.[] | select(.kind == "cxl") | "\(.memdev) \(.poison_list) \(.ranges)"' /tmp/sum.json | tr '\n' ';')"
	pmemctl list-poison > /tmp/all.json
	expect_eq "6.1: no CXL records" "0" "$(jq '[.[] | select(.kind == "cxl")] | length' /tmp/all.json)"
	pmemctl monitor --once > /tmp/mon61.jsonl 2> /tmp/err; rc=$?
	evidence < /tmp/mon61.jsonl; evidence < /tmp/err
	expect_eq "6.1: monitor says once (event and note) that CXL poison is not watched: no-tracepoint cxl/cxl_poison" \
		"0 1 [\"cxl-poison\"] no-tracepoint cxl/cxl_poison" \
		"$rc $(grep -c 'CXL poison is not watched' /tmp/err) $(jq -r 'select(.event == "events-unwatched" and (.events | index("cxl-poison"))) | "\(.events | tostring) \(.reason) \(.tracepoint)"' /tmp/mon61.jsonl)"
}

# each kept JSON as one console line, for the host's schema check (monitor's
# JSON lines: a file per event)
pmemctl_send_json() {
	for f in $LAB_JSON/*.json; do
		[ -f "$f" ] && echo "LAB-JSON $(basename "$f") $(jq -c . "$f")"
	done
	for f in $LAB_JSON/*.jsonl; do
		[ -f "$f" ] && jq -c . "$f" | awk -v n="$(basename "$f" .jsonl)" '{print "LAB-JSON " n "-" NR ".json " $0}'
	done
	if [ -s $PM_EXITS ]; then
		while read -r l; do not_ok "$l"; done < $PM_EXITS
	fi
}

# --files on the pmem region's DAX XFS: QMP poisons the file's byte 0x3000
# where fiemap and the block device's data start (its pfn's resource) put
# it; list-poison must name the file and that offset
pmemctl_check_files() {
	step "pmemctl list-poison --files on the CXL pmem region"
	dev=$(awk '$2 == "/mnt/cxl" {print $1}' /proc/mounts); dev=${dev#/dev/}
	if [ -z "$dev" ] || [ -z "${PMEM_HPA0:-}" ]; then not_ok "--files: no DAX XFS on a CXL pmem region"; return; fi
	xfs_io -c 'fiemap' /mnt/cxl/file > /tmp/fiemap.txt; evidence < /tmp/fiemap.txt
	# the device sector holding file sector 24 (byte 0x3000)
	sec=$(grep '\]:' /tmp/fiemap.txt | tr '[]:.' '    ' | awk '$2 <= 24 && 24 <= $3 {print $4 + 24 - $2}' | head -1)
	data=$(cat /sys/block/$dev/device/resource 2>/dev/null)
	echo "/sys/block/$dev/device -> $(readlink -f /sys/block/$dev/device), resource $data; file byte 0x3000 at device sector $sec" | evidence
	if [ -z "$sec" ] || [ -z "$data" ]; then not_ok "--files: the file's sector or the data start not found"; return; fi
	dpa=$((data + sec * 512 - PMEM_HPA0))
	qmp_request "{\"execute\":\"cxl-inject-poison\",\"arguments\":{\"path\":\"$(qom_of $PMEM_DEV)\",\"start\":$dpa,\"length\":64}}"
	check "$PMEM_DEV: QMP poison at DPA $(printf 0x%x $dpa) (file byte 0x3000) is listed" \
		wait_for 20 listed $PMEM_DEV "$(printf 0x%x $dpa)" 0x40
	pmemctl list-poison --memdev $PMEM_DEV --files > /tmp/files.json
	jq -c --argjson d $dpa '.[] | select(.dpa == $d)' /tmp/files.json | evidence
	expect_eq "--files: the record is in the data area of /dev/$dev at the fiemap offset, and names /mnt/cxl/file at 0x3000" \
		"data $dev $((sec * 512)) /mnt/cxl/file 12288" \
		"$(jq -r --argjson d $dpa '.[] | select(.dpa == $d) | "\(.area) \(.device) \(.offset) \(.files[0].path) \(.files[0].file_offset)"' /tmp/files.json)"
	pmemctl list-poison --memdev $PMEM_DEV -u --files > /tmp/files.txt
	evidence < /tmp/files.txt
	pmemctl list-poison -n $dev --files > /tmp/files.json
	expect_eq "--files -n $dev (the nd namespace's view) names the same file and offset" \
		"data /mnt/cxl/file 12288" \
		"$(jq -r --argjson d $dpa '.[] | select(.dpa == $d) | "\(.area) \(.files[0].path) \(.files[0].file_offset)"' /tmp/files.json)"
}

# pmemctl inject/clear by memdev and DPA: the next listing shows exactly the change
pmemctl_check_inject() {
	m=$PMEM_DEV
	pm_list $m > /tmp/before.txt
	pmemctl inject --memdev $m --dpa 0xc000 --length 128 --dry-run > /tmp/inj.json
	evidence < /tmp/inj.json
	pm_list $m > /tmp/after.txt
	expect_eq "$m: inject --dry-run reports dry-run, not done, and changes nothing" "dry-run false 49152 128 same" \
		"$(jq -r '.[] | "\(.action) \(.done) \(.dpa) \(.length)"' /tmp/inj.json) $(cmp -s /tmp/before.txt /tmp/after.txt && echo same)"
	pmemctl inject --memdev $m --dpa 0xc000 --length 128 > /tmp/inj.json
	evidence < /tmp/inj.json
	pm_list $m > /tmp/after.txt
	evidence < /tmp/after.txt
	expect_eq "$m: after inject --dpa 0xc000 --length 128 the listing gains exactly 0xc000..0xc07f, source injected" \
		"49152 49280 128 injected" \
		"$(grep -vxF -f /tmp/before.txt /tmp/after.txt | awk '{s = $1 + 0; e = s + $2; if (!n++ || s < lo) lo = s; if (e > hi) hi = e; t += $2; src = $3}
			END {print lo, hi, t, src}')"
	expect_eq "$m: nothing else changed" "" "$(grep -vxF -f /tmp/after.txt /tmp/before.txt)"
	pmemctl inject -d --memdev $m --dpa 0xc000 --length 128 > /tmp/inj.json 2> /tmp/inj.err
	evidence < /tmp/inj.err
	pm_list $m > /tmp/after.txt
	expect_eq "$m: inject -d clears exactly those lines: the listing is as before, and a note says zeros were written" \
		"same 1" "$(cmp -s /tmp/before.txt /tmp/after.txt && echo same) $(grep -c 'wrote zeros' /tmp/inj.err)"
	pmemctl_rc inject --memdev $m --dpa 0xc010 > /dev/null 2> /tmp/err; rc=$?
	expect_eq "inject --dpa not 64-byte aligned: exit 2, one line" "2 1" "$rc $(wc -l < /tmp/err)"
}

# in a committed region: refused unless forced; by region offset, translated
pmemctl_check_region_inject() {	# pmemctl_check_region_inject MEM REG RES DPA0
	m=$1 reg=$2 res=$3 dpa0=$4
	pmemctl_rc inject --memdev $m --dpa $((dpa0 + 0xd000)) > /dev/null 2> /tmp/err; rc=$?
	evidence < /tmp/err
	expect_eq "$reg: inject into a DPA the region maps is refused without --force (exit 5)" "5" "$rc"
	pmemctl inject --cxl-region $reg --region-offset 0xd000 --dry-run --force > /tmp/inj.json
	evidence < /tmp/inj.json
	expect_eq "$reg: inject --cxl-region --region-offset 0xd000 translates to $m DPA dpa_resource + 0xd000, spa resource + 0xd000" \
		"$m $((dpa0 + 0xd000)) $reg $((0xd000)) $((res + 0xd000))" \
		"$(jq -r '.[] | "\(.memdev) \(.dpa) \(.cxl_region) \(.cxl_region_offset) \(.spa)"' /tmp/inj.json)"
	pm_list $m > /tmp/before.txt
	pmemctl inject --cxl-region $reg --region-offset 0xd000 --force > /dev/null
	pm_list $m > /tmp/after.txt
	expect_eq "$reg: after a forced inject by region offset the listing gains exactly that line" \
		"$(printf '0x%x 0x40 injected' $((dpa0 + 0xd000)))" "$(grep -vxF -f /tmp/before.txt /tmp/after.txt)"
	pmemctl inject -d --spa $((res + 0xd000)) > /dev/null 2>&1
	pm_list $m > /tmp/after.txt
	expect_eq "$reg: inject -d --spa (in the CXL region) clears it again" "same" "$(cmp -s /tmp/before.txt /tmp/after.txt && echo same)"
}
