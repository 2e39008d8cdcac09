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
	pmemctl list-poison -r $reg > /tmp/r.json
	expect_eq "$reg: -r $reg lists the same records" "$(jq -c 'map(.dpa)|sort' /tmp/pm.json)" \
		"$(jq -c '[.[] | select(.kind == "cxl") | .dpa] | sort' /tmp/r.json)"
	if [ $t = ram ]; then
		dax=$(ls $CXL/$reg/dax_$reg 2>/dev/null | grep '^dax' | head -1)
		ls /sys/bus/dax/devices/$dax/ 2>&1 | words | evidence
		expect_eq "$reg: each record names the dax device $dax, no nd namespace" \
			"true" "$(jq --arg d "$dax" 'all(.[]; .device == $d and .namespace == null and .region == null)' /tmp/pm.json)"
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
}

# each kept JSON as one console line, for the host's schema check
pmemctl_send_json() {
	for f in $LAB_JSON/*.json; do
		[ -f "$f" ] && echo "LAB-JSON $(basename "$f") $(jq -c . "$f")"
	done
	if [ -s $PM_EXITS ]; then
		while read -r l; do not_ok "$l"; done < $PM_EXITS
	fi
}
