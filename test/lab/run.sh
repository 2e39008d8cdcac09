#!/bin/bash
# pmemctl lab: run pmemctl against real Debian kernels with emulated NVDIMMs.
#
# For each kernel series (6.1, 6.12) this downloads a matching Debian
# linux-image/linux-headers/linux-source set with a private apt configuration
# and unpacks it into the cache (test/lab/kernels.sh: nothing is installed
# into the host, /etc/apt, /boot and /lib/modules are not touched), builds the
# kernel's own NVDIMM emulation (tools/testing/nvdimm: nfit_test) out of tree
# against the unpacked headers with the lab patch, packs an initramfs
# (busybox, pmemctl, Debian's ndctl as an oracle, mkfs tools, the modules),
# boots the unpacked vmlinuz under qemu-system-x86_64 with a QEMU NVDIMM
# beside nfit_test, and runs a guest suite that reports TAP lines on the
# serial console. Everything slow is cached outside the checkout. The host
# packages it needs: scripts/install-deps.sh lab.
#
# usage: test/lab/run.sh [-k 6.1|6.12|all] [-s SUITE] [--shell] [--capture DIR]
#   SUITE: integration (default) | demo | bench
# env:   PMEMCTL=path/to/pmemctl (default: ./pmemctl of the build tree)
#        PMEMCTL_BEFORE=path/to/an/earlier/pmemctl: the bench times it too
#        PMEMCTL_LAB_CACHE (default /var/cache/pmemctl-lab)
#        LAB_TIMEOUT (seconds per boot, default 1800)  LAB_MEM (default 6G)
#        LAB_TEST_LIMIT (seconds, default 420; bench 1800): a guest script
#        still running then hangs: its processes' stacks are printed, it is
#        killed, one failed check; LAB_STALL (seconds, default 300, more
#        than the heartbeat's 60): console and side port silent that long
#        is a stopped guest: its vCPUs are printed and the suite runs again
#        once (README.md, "A hung script, a stopped guest")
#        LAB_REFRESH=1: look for a newer kernel than the cached one
#        LAB_ONLY=GLOB: run only the suite's scripts whose name after
#        "SUITE-" matches (LAB_ONLY='18*'); setup always runs
#        LAB_MIRROR, LAB_SECURITY_MIRROR: Debian mirrors for the private apt
#        LAB_TCG=single: one host thread for all vCPUs (slower; the
#        kernel's text patching by int3 never races another vCPU's
#        translated code: an "Oops: int3" in __schedule was seen twice
#        under the default multi-threaded TCG, after /init; a suite that
#        dies of it is run again once with LAB_TCG=single, and says so)
#        BENCH_PROFILE=1: perf and strace (the host's, with their libraries)
#        go into the guest, and bench-01 prints where list-poison's time goes
#        LAB_CPU=intel: an Intel CPU model (-cpu max,vendor=GenuineIntel,
#        family=6,model=85,stepping=7; machine checks decode by vendor);
#        default: QEMU's max (AMD under TCG); results go to results/KV-intel
# exit:  0 all guest tests passed; 1 a test failed; 2 setup failed;
#        124 timeout, or the guest stopped twice; 4 the guest printed no result
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$LAB/../.." && pwd)
CACHE=${PMEMCTL_LAB_CACHE:-/var/cache/pmemctl-lab}
SERIES=all SUITE=integration SHELL_MODE=0 CAPTURE=""
while [ $# -gt 0 ]; do
	case $1 in
	-k|--kernel) SERIES=$2; shift 2;;
	-s|--suite) SUITE=$2; shift 2;;
	--shell) SHELL_MODE=1; shift;;
	--capture) CAPTURE=$(realpath -m "$2"); shift 2;;
	-h|--help) sed -n '2,/^set -euo/{/^set -euo/!p}' "$0"; exit 0;;
	*) echo "run.sh: unknown argument '$1'" >&2; exit 2;;
	esac
done
case $SERIES in all) SERIES_LIST="6.1 6.12";; 6.1|6.12) SERIES_LIST=$SERIES;;
	*) echo "run.sh: unknown kernel series '$SERIES' (6.1, 6.12 or all)" >&2; exit 2;; esac
case $SUITE in integration|demo|bench) ;; *) echo "run.sh: unknown suite '$SUITE'" >&2; exit 2;; esac
case ${LAB_CPU:-} in ""|intel) ;; *) echo "run.sh: unknown LAB_CPU '$LAB_CPU' (intel, or unset)" >&2; exit 2;; esac
case ${LAB_TCG:-multi} in single|multi) ;; *) echo "run.sh: unknown LAB_TCG '$LAB_TCG' (single or multi)" >&2; exit 2;; esac
PMEMCTL=${PMEMCTL:-$TOP/pmemctl}
[ -x "$PMEMCTL" ] || { echo "run.sh: no pmemctl binary at $PMEMCTL (build first, or set PMEMCTL)" >&2; exit 2; }
mkdir -p "$CACHE"

log() { echo "[lab] $*" >&2; }
die() { echo "[lab] ERROR: $*" >&2; exit 2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
# the host packages the lab needs: scripts/install-deps.sh lab (documented there)
ensure_host_packages() { "$TOP/scripts/install-deps.sh" lab >&2 || die "cannot install the lab's host packages"; }
. "$LAB/kernels.sh"

NVT_KOS="libnvdimm.ko nfit.ko nd_pmem.ko nd_btt.ko nd_e820.ko device_dax.ko dax_pmem.ko test/nfit_test.ko test/nfit_test_iomap.ko"
build_modules() {
	local series=$1 src=$2 patchf=$LAB/patches/nfit_test-dax-like-pmem-$1.patch nvt=$2/tools/testing/nvdimm
	[ -f "$patchf" ] || die "no lab patch for $series"
	if [ ! -f "$src/.patched" ] || ! cmp -s "$patchf" "$src/.patched"; then
		[ ! -f "$src/.patched" ] || patch -d "$src" -p1 -R -s < "$src/.patched"
		patch -d "$src" -p1 -s --no-backup-if-mismatch < "$patchf" || die "lab patch does not apply to $PKGVER"
		cp "$patchf" "$src/.patched"
		log "applied $(basename "$patchf")"
	fi
	local stamp=$nvt/.built-$KV k need=0
	for k in $NVT_KOS; do [ -f "$nvt/$k" ] || need=1; done
	[ -f "$stamp" ] || need=1
	[ $need = 1 ] || [ -z "$(find "$src" -name '*.[ch]' -newer "$stamp" | head -1)" ] || need=1
	[ $need = 1 ] || return 0
	log "building nfit_test modules for $KV"
	# Kbuild in tools/testing/nvdimm names objects as ../../../drivers/...,
	# so M must be inside the source tree; the headers package lacks the
	# drivers' private headers, hence the -I's. No BTF for the test modules:
	# it needs pahole (6.12's linux-kbuild depends on it), the lab does not
	# need BTF, and the lab installs no kernel dependencies into the host.
	make -C "$KMODS/build" M="$nvt" -j"$(nproc)" CONFIG_DEBUG_INFO_BTF_MODULES= \
		KCFLAGS="-I$src/drivers/nvdimm -I$src/drivers/acpi/nfit" modules \
		> "$WORK/modbuild.log" 2>&1 || { tail -30 "$WORK/modbuild.log" >&2; die "module build failed"; }
	touch "$stamp"
}

GUEST_BINS="/usr/bin/flock /usr/bin/ndctl /usr/bin/daxctl /usr/sbin/mkfs.xfs /usr/sbin/xfs_io /usr/sbin/xfs_db /usr/sbin/mke2fs /usr/sbin/filefrag /usr/bin/jq /usr/bin/kmod /usr/sbin/dmsetup /lib/systemd/systemd-journald /usr/bin/journalctl"
# what the suites load: the closure of these goes into the initramfs
GUEST_MODULES="nfit_test nd_pmem nd_btt nd_e820 dax_pmem device_dax kmem xfs ext4 loop mce_inject hwpoison_inject dm_mod"
# shellcheck source=test/lab/initramfs.sh
. "$LAB/initramfs.sh"

# base.cpio.gz: busybox, tools, libraries and the module closure; rebuilt only
# when its inputs change. pmemctl and the guest scripts go in a small second
# archive every run (the kernel unpacks concatenated cpio archives in order).
build_base() {
	local nvt=$1 base=$WORK/base.cpio.gz f rebuild=0
	[ -f "$base" ] || rebuild=1
	for f in $GUEST_BINS /bin/busybox "$LAB/guest/labtool.c" "$LAB/run.sh" "$LAB/initramfs.sh" "$nvt/.built-$KV"; do
		[ "$f" -nt "$base" ] 2>/dev/null && rebuild=1
	done
	[ $rebuild = 1 ] || return 0
	log "building initramfs base for $KV"
	local r=$WORK/root st=$WORK/modstage k
	root_skeleton "$r"
	gcc -O2 -Wall -static -o "$r/usr/bin/labtool" "$LAB/guest/labtool.c"
	# shellcheck disable=SC2086
	copy_with_libs "$r" $GUEST_BINS
	ln -sf mke2fs "$r/usr/bin/mkfs.ext4"
	echo "nobody:x:65534:65534:nobody:/:/bin/sh" >> "$r/etc/passwd"
	# the test modules go in updates/ so they win over the stock ones
	module_stage "$st" "$KMODS" "$KV"
	mkdir -p "$st/lib/modules/$KV/updates/test"
	for k in $NVT_KOS; do cp "$nvt/$k" "$st/lib/modules/$KV/updates/$(dirname "$k" | sed 's/^\.$//')"; done
	depmod -b "$st" "$KV"
	# shellcheck disable=SC2086
	module_closure "$st" "$r" "$KV" $GUEST_MODULES
	pack_cpio "$r" > "$base.tmp"
	mv "$base.tmp" "$base"
	rm -rf "$r" "$st"
}

build_overlay() {
	local o=$WORK/overlay
	rm -rf "$o"; mkdir -p "$o"/{usr/bin,lab}
	copy_with_libs "$o" "$PMEMCTL"
	# profilers for the bench (BENCH_PROFILE=1): in the overlay, so the
	# cached base stays as it is
	[ "${BENCH_PROFILE:-0}" = 0 ] || copy_with_libs "$o" /usr/bin/perf /usr/bin/strace
	# the bench times an earlier build beside this one, as pmemctl-before
	if [ -n "${PMEMCTL_BEFORE:-}" ]; then
		mkdir -p "$WORK/before"; cp "$PMEMCTL_BEFORE" "$WORK/before/pmemctl-before"
		copy_with_libs "$o" "$WORK/before/pmemctl-before"; rm -rf "$WORK/before"
	fi
	cp "$LAB/guest/init" "$o/init"; chmod +x "$o/init"
	cp -r "$LAB"/guest/*.sh "$LAB/guest/tests" "$o/lab/"
	pack_cpio "$o" | cat "$WORK/base.cpio.gz" - > "$WORK/initrd.img"
	rm -rf "$o"
}

# KVM is not usable on every host (the lab notes saw it hang); TCG always works.
accel() {
	local probe=$CACHE/accel.$(uname -r) a=tcg
	if [ ! -f "$probe" ]; then
		if [ -w /dev/kvm ] && timeout 30 qemu-system-x86_64 -accel kvm -cpu host -m 512M -nographic \
			-no-reboot -kernel "$VMLINUZ" -append "console=ttyS0 panic=-1 rdinit=/none" \
			</dev/null 2>&1 | grep -q -m1 'Linux version'; then a=kvm; fi
		echo $a > "$probe"
	fi
	case $(cat "$probe") in kvm) echo "-accel kvm -cpu host";; *) echo "-accel tcg,thread=${LAB_TCG:-multi} -cpu $(cpu_model)";; esac
}
# LAB_CPU: the CPU model under TCG (both kernels boot this Intel model)
cpu_model() {
	case ${LAB_CPU:-} in
	"") echo max;;
	intel) echo max,vendor=GenuineIntel,family=6,model=85,stepping=7;;
	*) die "unknown LAB_CPU '$LAB_CPU' (intel, or unset)";;
	esac
}

boot() {
	local console=$1 nvimg=$WORK/qemu-nvdimm.img
	# a QEMU NVDIMM (real ZONE_DEVICE pages, no ARS/inject DSMs) beside
	# nfit_test; 6G of RAM puts it above nfit_test's fake ranges
	rm -f "$nvimg"; truncate -s 1G "$nvimg"
	local args="$(accel) -smp 2 -nographic -no-reboot -machine pc,nvdimm=on
		-m ${LAB_MEM:-6G},slots=2,maxmem=32G
		-object memory-backend-file,id=nv0,share=on,mem-path=$nvimg,size=1G
		-device nvdimm,id=nvdimm0,memdev=nv0
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
		-kernel $VMLINUZ -initrd $WORK/initrd.img"
	local append="console=ttyS0 loglevel=3 panic=-1 lab.suite=$SUITE lab.kernel=$KV lab.pkgver=$PKGVER"
	[ -z "${LAB_ONLY:-}" ] || append="$append lab.only=$LAB_ONLY"
	[ "${BENCH_PROFILE:-0}" = 0 ] || append="$append lab.profile=1"
	# a sanitizer build: the guest collects its reports and fails on any
	ldd "$PMEMCTL" 2>/dev/null | grep -q libasan && append="$append lab.sanitize=1"
	if [ $SHELL_MODE = 1 ]; then
		qemu-system-x86_64 $args -append "$append lab.shell=1"
		return 0
	fi
	[ -z "${LAB_TEST_LIMIT:-}" ] || append="$append lab.limit=$LAB_TEST_LIMIT"
	local hmp=$WORK/hmp.sock watch
	rm -f "$hmp" "$WORK/qemu.pid" "$console.stopped" "$console.at" "$console.side"
	watch_console "$console" "$hmp" &
	watch=$!
	set +e
	# serial 1 (ttyS1) is the guest's side port: CONSOLE.side (guest/init)
	timeout -k 10 "${LAB_TIMEOUT:-1800}" qemu-system-x86_64 $args -serial stdio -serial "file:$console.side" \
		-monitor "unix:$hmp,server=on,wait=off" -pidfile "$WORK/qemu.pid" \
		-append "$append" </dev/null 2>&1 | sed -u 's/\r$//' > "$console"
	local rc=${PIPESTATUS[0]}
	set -e
	# a watcher that found the guest stopped is let finish its report
	if [ -f "$console.at" ]; then wait $watch 2>/dev/null || true; else kill $watch 2>/dev/null || true; fi
	sed -i 's/\r$//' "$console.side" 2>/dev/null || true
	return $rc
}

# A guest whose console and side port print nothing for LAB_STALL seconds
# (default 300; the heartbeat on the side port comes every 60 s, guest/init)
# has stopped: a wedged kernel or vCPU, not a slow test (a hung test is the
# guest's to stop, after LAB_TEST_LIMIT). stopped-guest.py writes where the
# vCPUs are to CONSOLE.stopped and quits QEMU; QEMU still running after it
# is killed. Either way the run does not wait for LAB_TIMEOUT.
watch_console() {
	local console=$1 hmp=$2 size last=-1 quiet=0 qpid
	while sleep 10; do
		size=$(cat "$console" "$console.side" 2>/dev/null | wc -c)
		if [ "$size" = "$last" ]; then quiet=$((quiet + 10)); else quiet=0; last=$size; fi
		[ $quiet -ge "${LAB_STALL:-300}" ] || continue
		stat -c %s "$console" > "$console.at"
		/usr/bin/python3 -u "$LAB/stopped-guest.py" "$hmp" "$console" > "$console.stopped" 2>&1 ||
			echo "stopped-guest.py failed: QEMU killed" >> "$console.stopped"
		qpid=$(cat "$WORK/qemu.pid" 2>/dev/null || true)
		for sig in TERM TERM KILL; do
			[ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null || break
			kill -$sig "$qpid" 2>/dev/null || true; sleep 5
		done
		return 0
	done
}

# Dumps travel over the console as base64 between markers.
extract_dumps() {
	local console=$1 dir=$2 name
	mkdir -p "$dir"
	for name in $(sed -n 's/^LAB-DUMP-BEGIN \([A-Za-z0-9._-]*\)$/\1/p' "$console"); do
		sed -n "/^LAB-DUMP-BEGIN $name\$/,/^LAB-DUMP-END $name\$/p" "$console" | sed '1d;$d' \
			| base64 -d > "$dir/$name" || die "dump $name is corrupt"
	done
}

# The guest keeps each JSON output of the integration suite (guest/lib.sh) and
# sends them as lab-json.tgz: each is validated here against
# Documentation/schema with python3-jsonschema (test/validate-json.py), one
# line a file in RESULTS/json.txt; an invalid one is a failed check.
validate_json() {
	local results=$1
	[ -f "$results/dumps/lab-json.tgz" ] || return 0
	rm -rf "$results/json"; mkdir -p "$results/json"
	tar -C "$results/json" -xzf "$results/dumps/lab-json.tgz"
	rm -f "$results/dumps/lab-json.tgz"	# not a sysfs dump: --capture must not keep it
	/usr/bin/python3 "$TOP/test/validate-json.py" --dir "$results/json" > "$results/json.txt" 2>&1 || true
	log "JSON outputs: $(grep -c '^ok ' "$results/json.txt" || true) valid against the schema," \
		"$(grep -vc '^ok ' "$results/json.txt" || true) not ($results/json.txt)"
	grep -v '^ok ' "$results/json.txt" | sed 's/^/[lab] JSON: /' >&2 || true
}

run_series() {
	local series=$1 t console rc=0 pass fail LAB_TCG=${LAB_TCG:-multi} stopped=0
	WORK=$CACHE/$series
	mkdir -p "$WORK"
	t=$(now); resolve_kernel "$series"; log "kernel $KV (Debian $PKGVER): fetch and unpack $(since "$t")s"
	t=$(now); build_modules "$series" "$KSRC"; log "modules $(since "$t")s"
	t=$(now); build_base "$KSRC/tools/testing/nvdimm"; build_overlay; log "initramfs $(since "$t")s"
	RESULTS=$CACHE/results/$KV${LAB_CPU:+-$LAB_CPU}
	rm -rf "$RESULTS"; mkdir -p "$RESULTS"
	console=$RESULTS/console.log
	t=$(now)
	for try in 1 2 3; do
		rc=0; boot "$console" || rc=$?
		[ $SHELL_MODE = 0 ] || return 0
		# Under TCG the kernel has been seen to die while patching its own
		# text at boot (int3 in sched_clock_cpu), before /init. That run
		# tested nothing, so boot again; after /init, only the race below is.
		# A guest that stopped (watch_console) tested nothing after that
		# point: where it stopped goes to the log with its vCPUs and the
		# console's end, its console is kept, and the whole suite runs
		# again, once, as it was (one TCG thread would not fit CI's time)
		if [ -f "$console.at" ] && ! has_result "$console" && [ $stopped = 0 ] && [ $try -lt 3 ]; then
			stopped=1
			log "the guest stopped after $(grep -c 'LABTAP ok [0-9]* - ' "$console" || true) checks, in" \
				"'$(sed -n 's/^=== \[[0-9.]*s\] //p' "$console" | tail -1)': nothing on its console or side" \
				"port for ${LAB_STALL:-300} s, heartbeat included; the whole suite again"
			stopped_report "$console"
			cp "$console" "$RESULTS/console-stopped.log"; cp "$console.stopped" "$RESULTS/stopped.txt"
			continue
		fi
		if ! grep -q 'LAB-INFO: booted' "$console"; then
			log "kernel died before /init (try $try): $(grep -m1 -E 'Oops|BUG|panic' "$console" || echo 'no message')"
			cp "$console" "$RESULTS/console-early-death-$try.log"
			continue
		fi
		# After /init only one death is run again: the kernel's "Oops:
		# int3" with no result, multi-threaded TCG's race with the
		# kernel's own text patching (seen in __schedule on 6.12, once in
		# the Intel tier and once in the main suite). The whole suite runs
		# again, once, with one TCG thread, where that race cannot happen;
		# the log says so and keeps the dead run's console.
		if [ "$LAB_TCG" = multi ] && ! grep -q '^LAB-RESULT:' "$console" && grep -q 'Oops: int3' "$console"; then
			log "the guest died of TCG's text-patching race ($(grep -m1 -o 'RIP: [^ ]*' "$console" || echo 'Oops: int3')) after $(grep -c 'LABTAP ok [0-9]* - ' "$console" || true) checks: the whole suite again with one TCG thread (LAB_TCG=single)"
			cp "$console" "$RESULTS/console-tcg-race.log"
			LAB_TCG=single
			continue
		fi
		break
	done
	log "boot+suite $(since "$t")s (qemu rc=$rc), console: $console"
	# a hung script's report (run_bounded) from the side port, where no console line cuts it
	sed -n 's/^LAB-HANG: /[lab] hang: /p' "$console.side" 2>/dev/null || true
	grep -oE '(LABTAP|LAB-INFO|LAB-TIME|LAB-BENCH).*' "$console" | sed "s/^/[$series] /" || true
	sed -n '/^LAB-SHOW-BEGIN$/,/^LAB-SHOW-END$/p' "$console" | grep -v '^LAB-SHOW-'
	extract_dumps "$console" "$RESULTS/dumps"
	validate_json "$RESULTS"
	if [ -n "$CAPTURE" ] && [ -n "$(ls "$RESULTS/dumps")" ]; then
		mkdir -p "$CAPTURE"
		for f in "$RESULTS/dumps"/*; do cp "$f" "$CAPTURE/$series-$(basename "$f")"; done
		log "captured $(ls "$RESULTS/dumps" | wc -l) files into $CAPTURE"
	fi
	# a progress line on the serial console can precede a TAP line, so
	# TAP lines are found anywhere in a line, and every number must show up
	pass=$(grep -c 'LABTAP ok [0-9]* - ' "$console" || true)
	fail=$(grep -c 'LABTAP not ok [0-9]* - ' "$console" || true)
	last=$(grep -o 'LABTAP [a-z ]*ok [0-9]*' "$console" | awk 'END { print $NF + 0 }')
	[ "$last" = $((pass + fail)) ] || { log "TAP numbering: $last checks ran, $((pass + fail)) found"; fail=$((fail + 1)); }
	# every JSON the guest's checked pmemctl calls printed, against the schema
	if [ -f "$RESULTS/json.txt" ]; then
		pass=$((pass + $(grep -c '^ok ' "$RESULTS/json.txt" || true)))
		fail=$((fail + $(grep -vc '^ok ' "$RESULTS/json.txt" || true)))
		# and all of them: as many validated as the guest says it kept
		kept=$(sed -n 's/.*LAB-INFO: JSON outputs kept for validation: \([0-9]*\)$/\1/p' "$console" | tail -1)
		if [ -n "$kept" ] && [ "$kept" = "$(grep -c '' "$RESULTS/json.txt")" ]; then pass=$((pass + 1))
		else log "JSON: the guest kept ${kept:-an unknown number of} files, $(grep -c '' "$RESULTS/json.txt") were validated"
			fail=$((fail + 1)); fi
	elif [ "$SUITE" = integration ] && grep -q '^LAB-RESULT: PASS' "$console"; then
		log "the guest sent no JSON outputs to validate"; fail=$((fail + 1))
	fi
	# a guest that gave no result (timed out, stopped twice) is a failed check too
	has_result "$console" || fail=$((fail + 1))
	echo "lab[$KV]: $pass passed, $fail failed" | tee "$RESULTS/summary.txt"
	if grep -q '^LAB-RESULT: PASS' "$console" && [ "$fail" = 0 ] && [ "$pass" -gt 0 ]; then return 0; fi
	if grep -q '^LAB-RESULT:' "$console"; then
		grep -oE 'LABTAP not ok.*|^LAB-RESULT.*' "$console" | sed "s/^/[$series] /" >&2
		tail -40 "$console" | grep -E 'BUG|Oops|Call Trace|panic' >&2 || true
		return 1
	fi
	grep -h '^LAB-RESULT:' "$console.side" 2>/dev/null | sed 's/^/[lab] side port: /' || true
	if [ -f "$console.at" ]; then
		log "the guest stopped again, after $(grep -c 'LABTAP ok [0-9]* - ' "$console" || true) checks"
		stopped_report "$console"
		return 124
	fi
	[ "$rc" = 124 ] || [ "$rc" = 137 ] && { log "TIMEOUT after ${LAB_TIMEOUT:-1800}s"; console_tail "$console" 25; return 124; }
	log "the guest printed no result"; console_tail "$console" 30
	return 4
}

# the end of a console that gave no result, on standard output: CI's log
# keeps the [lab] lines (test/run-all.sh)
console_tail() { tail -n "$2" "$1" | sed 's/^/[lab] console: /'; }
# whether the guest printed its result: on the console, or (its watchdog, the
# console's tty stuck) on the side port
has_result() { grep -q '^LAB-RESULT:' "$1" || grep -q '^LAB-RESULT:' "$1.side" 2>/dev/null; }
# where a stopped guest's vCPUs were, its console's last lines before it
# stopped, and what its kernel said to the sysrq keys after (watch_console)
stopped_report() {
	local at
	at=$(cat "$1.at")
	sed 's/^/[lab] stopped: /' "$1.stopped"
	tail -n 3 "$1.side" 2>/dev/null | sed 's/^/[lab] side port: /'
	head -c "$at" "$1" | tail -n 15 | sed 's/^/[lab] console: /'
	tail -c +"$((at + 1))" "$1" | grep -v '^ *$' | head -n 80 | sed 's/^/[lab] sysrq: /'
}

ensure_host_packages
status=0
for s in $SERIES_LIST; do
	run_series "$s" || { r=$?; [ $status != 0 ] || status=$r; }
done
exit $status
