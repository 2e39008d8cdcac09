#!/bin/bash
# The CXL lab probe: Debian's kernel on QEMU 10's emulated CXL type-3 devices
# (one persistent, one volatile, behind a pxb-cxl host bridge and two root
# ports, one 4 GiB CXL fixed memory window). The host injects poison through
# QMP (cxl-inject-poison) before the guest runs; the guest
# (guest/cxl-probe.sh) checks the kernel's poison interfaces against it and
# prints LABTAP lines. Nothing is installed into the host:
#
# - QEMU 10 comes from bookworm-backports: kernels.sh's private apt
#   configuration (in $CACHE/cxl/apt) and `apt-get download`, unpacked with
#   dpkg-deb -x into $CACHE/qemu10 and run from there (-L for its firmware);
#   the packages are deleted afterwards.
# - The kernel and its modules are the NVDIMM lab's unpacked Debian kernel
#   (kernels.sh's resolve_kernel: $CACHE/kernels/..., reused as it is); the
#   initramfs, the device backing files and the QMP FIFOs live in
#   $CACHE/cxl/$KV.
#
# usage: test/lab/cxl.sh [-k 6.12|6.1] [--cpu MODEL] [--shell]
#   --cpu   QEMU -cpu (default max,-hypervisor: 6.12 refuses to commit a
#           region when the CPUID hypervisor bit is set)
#   --shell interactive guest after boot (Ctrl-a x quits), no probe
# Env: PMEMCTL=path/to/pmemctl (default: ./pmemctl of the build tree; the
#      guest checks its CXL records against the probe's oracles),
#      PMEMCTL_LAB_CACHE (default /var/cache/pmemctl-lab), LAB_TIMEOUT (300).
# Exit: 0 all checks passed, 1 a check failed, 2 setup failed, 124 timeout,
#       4 the guest printed no result.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
CACHE=${PMEMCTL_LAB_CACHE:-/var/cache/pmemctl-lab}
SERIES=6.12 CPU=max,-hypervisor SHELL_MODE=0
log() { echo "cxl-lab: $*" >&2; }
die() { log "$*"; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	-k) SERIES=$2; shift;;
	--cpu) CPU=$2; shift;;
	--shell) SHELL_MODE=1;;
	-h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;;
	*) die "unknown argument: $1 (see --help)";;
	esac
	shift
done
[ "$(id -u)" = 0 ] || die "run as root (the lab cache is root's)"
PMEMCTL=${PMEMCTL:-$(cd "$LAB/../.." && pwd)/pmemctl}
[ -x "$PMEMCTL" ] || die "no pmemctl binary at $PMEMCTL (build first, or set PMEMCTL)"
since() { echo $(( $(date +%s) - $1 )); }

# --- QEMU 10 from bookworm-backports, unpacked, never installed ---
# kernels.sh's private apt configuration, in a directory of its own (its lists
# and lock are not run.sh's, so both can run at once)
# shellcheck source=test/lab/kernels.sh
. "$LAB/kernels.sh"
# shellcheck disable=SC2034 # read by kernels.sh's lab_apt
LAB_APT=$CACHE/cxl/apt
QDIR=$CACHE/qemu10
QEMU=$QDIR/usr/bin/qemu-system-x86_64
backports_version() {	# the newest version of package $1 that comes from -backports
	lab_apt apt-cache madison "$1" | awk -F' *[|] *' '$3 ~ /-backports/ {print $2; exit}'
}
fetch_qemu() {
	[ -f "$QDIR/.complete" ] && return 0
	local t debs=$CACHE/cxl/debs p v list="" missing
	t=$(date +%s)
	lab_apt_update
	# qemu-system-x86 10 needs its own data (option ROMs, keymaps) and a
	# seabios newer than bookworm's; its libraries are bookworm's
	for p in qemu-system-x86 qemu-system-data seabios; do
		v=$(backports_version $p)
		[ -n "$v" ] || die "no $p in the -backports suite"
		list="$list $p=$v"
	done
	rm -rf "$debs"; mkdir -p "$debs"
	! id _apt > /dev/null 2>&1 || chown _apt "$debs"
	log "apt-get download$list"
	# shellcheck disable=SC2086
	(cd "$debs" && lab_apt apt-get download -q $list >&2) || die "apt-get download failed"
	rm -rf "$QDIR"; mkdir -p "$QDIR"
	for p in "$debs"/*.deb; do dpkg-deb -x "$p" "$QDIR" || die "cannot unpack $p"; done
	rm -rf "$debs"
	missing=$(ldd "$QEMU" | awk '/not found/{print $1}' | tr '\n' ' ')
	[ -z "$missing" ] || die "QEMU 10 needs libraries this host lacks: $missing"
	"$QEMU" --version | head -1 > "$QDIR/.complete"
	log "QEMU 10 unpacked into $QDIR in $(since "$t")s: $(cat "$QDIR/.complete")"
}

# shellcheck source=test/lab/initramfs.sh
. "$LAB/initramfs.sh"
# --- initramfs: busybox, kmod, Debian's cxl/ndctl/daxctl as oracles, the CXL
# module closure and the probe ---
GUEST_BINS="/usr/bin/cxl /usr/bin/ndctl /usr/bin/daxctl /usr/bin/jq /usr/bin/kmod /usr/sbin/mkfs.xfs /usr/sbin/xfs_io"
MODULES="cxl_acpi cxl_pci cxl_mem cxl_pmem dax_cxl device_dax nd_pmem dax_pmem xfs"
# base.cpio.gz (binaries, libraries, modules) is rebuilt only when its
# inputs change; the init and the probe go in a small archive every run (the
# kernel unpacks concatenated cpio archives in order)
build_initrd() {
	local r=$WORK/root base=$WORK/base.cpio.gz l rebuild=0
	[ -f "$base" ] || rebuild=1
	for l in $GUEST_BINS /bin/busybox "$0" "$LAB/initramfs.sh" "$VMLINUZ"; do [ "$l" -nt "$base" ] && rebuild=1; done
	if [ $rebuild = 1 ]; then
		root_skeleton "$r"
		# shellcheck disable=SC2086
		copy_with_libs "$r" $GUEST_BINS
		module_stage "$WORK/modstage" "$KMODS" "$KV"
		# shellcheck disable=SC2086
		module_closure "$WORK/modstage" "$r" "$KV" $MODULES
		pack_cpio "$r" > "$base.tmp"
		mv "$base.tmp" "$base"
		rm -rf "$r" "$WORK/modstage"
	fi
	rm -rf "$r"; mkdir -p "$r/lab" "$r/usr/bin"
	cp "$LAB/guest/cxl-init" "$r/init"; chmod +x "$r/init"
	cp "$LAB/guest/lib.sh" "$LAB/guest/oracle.sh" "$LAB/guest/cxl-probe.sh" "$LAB/guest/cxl-pmemctl.sh" "$r/lab/"
	copy_with_libs "$r" "$PMEMCTL"
	pack_cpio "$r" | cat "$base" - > "$WORK/initrd.img"
	rm -rf "$r"
}

# --- the poison the host injects through QMP before the guest starts: one
# range per device (serial:dpa:length; the guest reads the same list) ---
QMP_POISON="0x1001:0x2000:0x200 0x1002:0x4000:0x1000"
qmp_inject_commands() {
	local p sn start len id
	for p in $QMP_POISON; do
		IFS=: read -r sn start len <<< "$p"
		case $sn in 0x1001) id=cxl-pmem0;; 0x1002) id=cxl-vmem0;; esac
		printf '{"execute":"cxl-inject-poison","arguments":{"path":"/machine/peripheral/%s","start":%d,"length":%d}}\n' \
			"$id" "$start" "$len"
	done
}

# QMP runs over two FIFOs (QEMU's pipe chardev: it reads $WORK/qmp.in and
# writes $WORK/qmp.out), opened read-write on fds 3 and 4 so that no open
# blocks. qmp JSON: send one command, print "qmp: JSON -> reply" and return 1
# on an error or no reply (the greeting and events are skipped).
qmp() {
	local line
	echo "$1" >&3
	while IFS= read -r -t 30 line <&4; do
		case $line in
		'{"return"'*) echo "qmp: $1 -> $line"; return 0;;
		'{"error"'*) echo "qmp: $1 -> ERROR $line"; return 1;;
		esac
	done
	echo "qmp: $1 -> no reply"; return 1
}

# While it runs, the guest asks for more injections with a console line
# "LAB-QMP: {json}" (poison into a committed region, event records); only the
# cxl-inject-* commands are served, in order. The guest checks the effect.
serve_guest_requests() {
	tail --pid="$qpid" -n +1 -F "$console" 2> /dev/null |
		sed -nu 's/^LAB-QMP: \({"execute":"cxl-inject-[a-z-]*".*\)$/\1/p' |
		while IFS= read -r json; do qmp "$json" || true; done >> "$RESULTS/qmp.log" 2>&1
}

qemu_args() {
	echo "-L $QDIR/usr/share/seabios -L $QDIR/usr/share/qemu -accel tcg -cpu $CPU -smp 2"
	echo "-m 2G,maxmem=8G,slots=4 -M q35,cxl=on -nodefaults -display none -no-reboot"
	echo "-object memory-backend-file,id=pmem0-mem,share=on,mem-path=$WORK/pmem0.raw,size=256M"
	echo "-object memory-backend-file,id=pmem0-lsa,share=on,mem-path=$WORK/pmem0-lsa.raw,size=1M"
	echo "-object memory-backend-ram,id=vmem0-mem,share=on,size=256M"
	echo "-device pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1"
	echo "-device cxl-rp,port=0,bus=cxl.1,id=rp0,chassis=0,slot=2"
	echo "-device cxl-rp,port=1,bus=cxl.1,id=rp1,chassis=0,slot=3"
	echo "-device cxl-type3,bus=rp0,persistent-memdev=pmem0-mem,lsa=pmem0-lsa,id=cxl-pmem0,sn=0x1001"
	echo "-device cxl-type3,bus=rp1,volatile-memdev=vmem0-mem,id=cxl-vmem0,sn=0x1002"
	echo "-M cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G"
	echo "-device isa-debug-exit,iobase=0xf4,iosize=0x04"
	echo "-kernel $VMLINUZ -initrd $WORK/initrd.img"
}

fetch_qemu
# the NVDIMM lab's unpacked kernel, reused as it is (fetched as run.sh would
# when the cache has none)
resolve_kernel "$SERIES"
WORK=$CACHE/cxl/$KV
RESULTS=$CACHE/results/cxl-$SERIES
mkdir -p "$WORK" "$RESULTS"
t=$(date +%s)
build_initrd
log "initramfs for $KV ($PKGVER) in $(since "$t")s; $(cat "$QDIR/.complete"); -cpu $CPU"
# fresh, sparse device backing: poison and labels never carry over
rm -f "$WORK"/pmem0.raw "$WORK"/pmem0-lsa.raw
truncate -s 256M "$WORK/pmem0.raw"; truncate -s 1M "$WORK/pmem0-lsa.raw"
append="console=ttyS0 loglevel=4 panic=-1 lab.qmp=${QMP_POISON// /,} lab.qom=0x1001=cxl-pmem0,0x1002=cxl-vmem0"
# shellcheck disable=SC2046
if [ $SHELL_MODE = 1 ]; then
	exec "$QEMU" $(qemu_args) -serial mon:stdio -append "$append lab.shell=1"
fi
console=$RESULTS/console.log
rm -f "$WORK/qmp.in" "$WORK/qmp.out"
mkfifo "$WORK/qmp.in" "$WORK/qmp.out"
exec 3<> "$WORK/qmp.in" 4<> "$WORK/qmp.out"
t=$(date +%s)
# -S: the CPUs wait until the host has injected the poison and says "cont"
# shellcheck disable=SC2046
timeout -k 10 "${LAB_TIMEOUT:-300}" "$QEMU" $(qemu_args) -S \
	-chardev pipe,id=qmp,path="$WORK/qmp" -mon chardev=qmp,mode=control \
	-serial stdio -append "$append" < /dev/null 2>&1 | sed -u 's/\r$//' > "$console" &
qpid=$!
qrc=0
{ qmp '{"execute":"qmp_capabilities"}' > /dev/null
	while IFS= read -r cmd; do qmp "$cmd"; done < <(qmp_inject_commands)
	qmp '{"execute":"cont"}'; } > "$RESULTS/qmp.log" 2>&1 || qrc=$?
cat "$RESULTS/qmp.log" >&2
serve_guest_requests &
spid=$!
rc=0; wait $qpid || rc=$?
kill "$spid" 2> /dev/null || true
log "boot+probe $(since "$t")s (qemu rc=$rc), console: $console"
grep -oE '(LABTAP|LAB-INFO|LAB-TIME|LAB-RESULT).*' "$console" | sed "s/^/[cxl $SERIES] /" || true
[ $qrc = 0 ] || { log "QMP injection failed (rc=$qrc), see $RESULTS/qmp.log"; exit 2; }
pass=$(grep -c 'LABTAP ok [0-9]* - ' "$console" || true)
fail=$(grep -c 'LABTAP not ok [0-9]* - ' "$console" || true)
# pmemctl's JSON outputs (LAB-JSON NAME JSON lines) against Documentation/schema
rm -rf "$RESULTS/json"; mkdir -p "$RESULTS/json"
sed -n 's/^LAB-JSON \([a-z-]*--[A-Za-z0-9_.-]*\.json\) \(.*\)$/\1 \2/p' "$console" |
	while read -r name json; do printf '%s\n' "$json" > "$RESULTS/json/$name"; done
if ls "$RESULTS/json/"*.json > /dev/null 2>&1; then
	/usr/bin/python3 "$LAB/../validate-json.py" --dir "$RESULTS/json" > "$RESULTS/json.txt" 2>&1 || true
	sed "s/^/[cxl $SERIES] JSON: /" "$RESULTS/json.txt"
	pass=$((pass + $(grep -c '^ok ' "$RESULTS/json.txt" || true)))
	fail=$((fail + $(grep -vc '^ok ' "$RESULTS/json.txt" || true)))
elif grep -q '^LAB-RESULT:' "$console"; then
	log "the guest sent no JSON outputs to validate"; fail=$((fail + 1))
fi
log "$pass passed, $fail failed"
if grep -q '^LAB-RESULT: PASS' "$console" && [ "$fail" = 0 ] && [ "$pass" -gt 0 ]; then exit 0; fi
grep -q '^LAB-RESULT:' "$console" && exit 1
[ "$rc" = 124 ] || [ "$rc" = 137 ] && { log "TIMEOUT after ${LAB_TIMEOUT:-300}s"; tail -20 "$console" >&2; exit 124; }
log "the guest printed no result"; tail -30 "$console" >&2
exit 4
